#!/usr/bin/python3
"""The scenarios of scripts/chaos (Debian's python3, standard library only).

  free-port                                   print a free TCP port on 127.0.0.1
  wait-ready  --port P --pid N --timeout S    poll GET /readyz until it answers 200
  login       --port P --users N --out FILE   log in as demo, user2…userN; one bearer token per line
  proxy       --listen-port P --unix PATH     TCP → Unix-socket proxy; SIGUSR1 stalls it, SIGUSR2 heals it
  db-kill     …                               32 comment writers; kill -9 of the postmaster; checks
  db-stall    …                               light reads through the proxy; stall 8 s; heal; checks
  slowloris   …                               5000 trickling headers beside a normal client
  normal-client --port P --count N …          N requests on fresh connections; latencies as JSON
  overload    …                               wrk at N connections, a new client every 200 ms, RSS
  bad-input   --port P --pid N                the hostile-request corpus (corpus.py), each on a fresh connection

Each scenario prints one line `chaos: NAME key=value…` on stdout, the reasons of a miss on
stderr, and exits 1 when the scenario missed its promise (0 otherwise). Traffic goes to 127.0.0.1
only; every wait is bounded.
"""
import argparse
import asyncio
import http.client
import json
import os
import random
import re
import resource
import selectors
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from folio_client import HOST, fetch, process_alive, wait_ready, write_login_tokens  # noqa: E402



def now():
    return time.monotonic()


def ms(seconds):
    return int(round(seconds * 1000))


def pct(values, p):
    if not values:
        return None
    values = sorted(values)
    k = min(len(values) - 1, max(0, int(round(p / 100.0 * len(values) + 0.5)) - 1))
    return values[k]


def raise_nofile():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > 65536:
        hard = 65536
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def read_lines(path):
    with open(path) as f:
        return [line.strip() for line in f if line.strip()]


def rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return None


def psql(url, sql):
    out = subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qtAX", "-F", "\t", "-c", sql],
                         capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise RuntimeError(f"psql failed: {out.stderr.strip()}")
    return [line.split("\t") for line in out.stdout.splitlines() if line]


def first_answer(port, path, timeout=10.0):
    """Connects, sends one GET, waits for the status line. Returns (seconds, status or None)."""
    start = now()
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".encode())
            buf = b""
            while b"\r\n" not in buf:
                chunk = s.recv(4096)
                if not chunk:
                    break
                buf += chunk
            m = re.match(rb"HTTP/1\.[01] (\d{3})", buf)
            return now() - start, int(m.group(1)) if m else None
    except OSError:
        return now() - start, None


class Report:
    """Figures and misses of one scenario."""

    def __init__(self, name):
        self.name = name
        self.figures = []
        self.misses = []

    def fig(self, key, value):
        self.figures.append(f"{key}={value}")

    def check(self, ok, reason):
        if not ok:
            self.misses.append(reason)

    def finish(self):
        verdict = "ok" if not self.misses else "MISSED"
        print(f"chaos: {self.name} {' '.join(self.figures)} -> {verdict}", flush=True)
        for m in self.misses:
            print(f"chaos: {self.name}: missed: {m}", file=sys.stderr, flush=True)
        return 0 if not self.misses else 1


# ---- wait-ready, login, free-port -------------------------------------------------------------

def cmd_free_port(a):
    with socket.socket() as s:
        s.bind((HOST, 0))
        print(s.getsockname()[1])
    return 0


def cmd_wait_ready(a):
    return wait_ready("chaos", a.port, a.pid, a.timeout)


def cmd_login(a):
    return write_login_tokens("chaos", a.port, a.users, a.out)


# ---- the stallable proxy ----------------------------------------------------------------------

def cmd_proxy(a):
    """Forwards 127.0.0.1:PORT to a Unix socket. SIGUSR1: stop forwarding (no byte read or
    written, nothing closed, new connections accepted and held); SIGUSR2: forward again."""
    state = {"stalled": False}
    signal.signal(signal.SIGUSR1, lambda *_: state.update(stalled=True))
    signal.signal(signal.SIGUSR2, lambda *_: state.update(stalled=False))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    raise_nofile()
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((HOST, a.listen_port))
    listener.listen(128)
    listener.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(listener, selectors.EVENT_READ, None)
    peers = {}    # socket -> its partner
    pending = {}  # socket -> bytes waiting to be written to it
    closing = set()

    def close_pair(s):
        for x in (s, peers.get(s)):
            if x is None:
                continue
            try:
                sel.unregister(x)
            except (KeyError, ValueError):
                pass
            peers.pop(x, None)
            pending.pop(x, None)
            x.close()

    def interest(s):
        ev = 0
        if not state["stalled"]:
            partner = peers.get(s)
            if partner is not None and not pending.get(partner):
                ev |= selectors.EVENT_READ
            if pending.get(s):
                ev |= selectors.EVENT_WRITE
        return ev

    if a.ready:
        with open(a.ready, "w") as f:
            f.write(str(os.getpid()))
    registered = {}
    while True:
        # Re-compute what each socket waits for (cheap: a handful of connections).
        for s in list(peers):
            ev = interest(s)
            if registered.get(s) != ev:
                if registered.get(s):
                    sel.unregister(s)
                if ev:
                    sel.register(s, ev, "conn")
                registered[s] = ev
        for s in list(registered):
            if s not in peers:
                registered.pop(s)
        events = sel.select(timeout=0.05)
        for key, mask in events:
            s = key.fileobj
            if key.data is None:
                try:
                    client, _ = listener.accept()
                except OSError:
                    continue
                upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                try:
                    upstream.connect(a.unix)
                except OSError:
                    client.close()
                    upstream.close()
                    continue
                client.setblocking(False)
                upstream.setblocking(False)
                peers[client], peers[upstream] = upstream, client
                continue
            if s not in peers:
                continue
            if mask & selectors.EVENT_WRITE and pending.get(s):
                try:
                    n = s.send(pending[s])
                    pending[s] = pending[s][n:]
                except BlockingIOError:
                    pass
                except OSError:
                    registered.pop(s, None)
                    registered.pop(peers.get(s), None)
                    close_pair(s)
                    continue
                if not pending[s] and s in closing:
                    registered.pop(s, None)
                    registered.pop(peers.get(s), None)
                    close_pair(s)
                    continue
            if mask & selectors.EVENT_READ:
                try:
                    data = s.recv(65536)
                except BlockingIOError:
                    continue
                except OSError:
                    data = b""
                partner = peers[s]
                if not data:
                    # EOF: pass on what is pending, then close both.
                    if pending.get(partner):
                        closing.add(partner)
                        try:
                            sel.unregister(s)
                        except (KeyError, ValueError):
                            pass
                        registered.pop(s, None)
                        peers.pop(s, None)
                        s.close()
                    else:
                        registered.pop(s, None)
                        registered.pop(partner, None)
                        close_pair(s)
                    continue
                pending[partner] = pending.get(partner, b"") + data


# ---- db-kill ----------------------------------------------------------------------------------

def cmd_db_kill(a):
    rep = Report("db-kill")
    tokens = read_lines(a.tokens)
    chapters = [int(x) for x in read_lines(a.chapters)][:40]
    run_id = f"{int(time.time())}-{os.getpid()}"
    stop = threading.Event()
    lock = threading.Lock()
    records = []  # (t_send, t_recv, status, retry_after, id, body, error)

    def writer(w):
        token = tokens[w % len(tokens)]
        mine = {}  # chapter -> acknowledged comment ids of this writer
        conn = None
        n = 0
        while not stop.is_set():
            n += 1
            chapter = random.choice(chapters)
            body = {"body": f"chaos {run_id} w{w} n{n}"}
            if mine.get(chapter) and random.random() < 0.3:
                body["parent_id"] = random.choice(mine[chapter])
            t0 = now()
            status = retry = cid = err = None
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(HOST, a.port, timeout=15)
                conn.request("POST", f"/api/v1/chapters/{chapter}/comments", body=json.dumps(body).encode(),
                             headers={"Content-Type": "application/json", "Authorization": "Bearer " + token})
                resp = conn.getresponse()
                data = resp.read()
                status = resp.status
                retry = resp.getheader("Retry-After")
                if status == 201:
                    cid = json.loads(data)["id"]
                    mine.setdefault(chapter, []).append(cid)
                if resp.will_close:
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException, ValueError) as e:
                err = type(e).__name__
                if conn is not None:
                    conn.close()
                conn = None
            t1 = now()
            with lock:
                records.append((t0, t1, status, retry, cid, body["body"], err, body.get("parent_id")))
            time.sleep(0.03)
        if conn is not None:
            conn.close()

    threads = [threading.Thread(target=writer, args=(w,), daemon=True) for w in range(a.writers)]
    start = now()
    for t in threads:
        t.start()
    time.sleep(a.kill_after)
    with open(os.path.join(a.pgdata, "postmaster.pid")) as f:
        postmaster = int(f.readline())
    t_kill = now()
    os.kill(postmaster, signal.SIGKILL)
    time.sleep(a.down_for)
    # Orphaned backends leave within moments; pg_ctl refuses to start while they hold the
    # shared memory, so try again for a while.
    restart = a.restart[1:] if a.restart[:1] == ["--"] else a.restart
    t_back = None
    attempts = 0
    while now() - t_kill < 40:
        attempts += 1
        r = subprocess.run(restart, capture_output=True, text=True, timeout=60)
        if r.returncode == 0:
            t_back = now()
            break
        time.sleep(0.5)
    if t_back is None:
        stop.set()
        rep.check(False, "PostgreSQL could not be restarted")
        return rep.finish()
    # Run until the planned end, and at least 2 s past the first success after the restart.
    deadline = t_back + 25
    while now() < deadline:
        with lock:
            ok_after = [r for r in records if r[2] == 201 and r[1] > t_back]
        if now() - start >= a.duration and ok_after and now() - min(r[1] for r in ok_after) > 2:
            break
        time.sleep(0.1)
    stop.set()
    for t in threads:
        t.join(20)
    records.sort(key=lambda r: r[1])

    acked = [r for r in records if r[2] == 201]
    # Service resumed with the first write acknowledged after PostgreSQL was back (writes that
    # reached a backend before it noticed its postmaster's death may be acknowledged before).
    resumed = [r for r in acked if r[1] > t_back]
    t_resume = min((r[1] for r in resumed), default=None)
    rep.fig("writes", len(records))
    rep.fig("acked", len(acked))
    # The outage: answers that arrived after the kill and before service resumed.
    outage_end = t_resume if t_resume is not None else float("inf")
    outage = [r for r in records if t_kill <= r[1] < outage_end]
    n503 = [r for r in outage if r[2] == 503]
    bad = [r for r in outage if r[2] not in (201, 503)]
    no_retry = [r for r in n503 if not r[3]]
    slowest = max((r[1] - r[0] for r in n503), default=0)
    rep.fig("outage_answers", len(outage))
    rep.fig("outage_503", len(n503))
    rep.fig("outage_max_ms", ms(slowest))
    rep.check(not bad, f"{len(bad)} answers during the outage were neither 201 nor 503: "
                       f"{sorted(set((r[2], r[6]) for r in bad), key=str)[:5]}")
    rep.check(not no_retry, f"{len(no_retry)} 503 answers without Retry-After")
    rep.check(ms(slowest) <= a.max_answer_ms, f"a 503 took {ms(slowest)} ms (limit {a.max_answer_ms} ms)")
    other = [r for r in records if r[2] not in (201, 503)]
    rep.check(not other, f"{len(other)} answers other than 201/503 in the run")
    rep.check(bool(n503), "no 503 was seen: the kill did not reach folio")
    rep.fig("db_down_ms", ms(t_back - t_kill))
    if t_resume is None:
        rep.check(False, "no write succeeded after the restart")
        rep.fig("recovery_ms", "none")
    else:
        recovery = ms(max(0.0, t_resume - t_back))
        rep.fig("recovery_ms", recovery)
        rep.check(recovery <= a.max_recovery_ms, f"recovery took {recovery} ms (limit {a.max_recovery_ms} ms)")

    # Every acknowledged write is in the database exactly once, with its body.
    rows = psql(a.db_url, f"SELECT id, body FROM comments WHERE body LIKE 'chaos {run_id} %'")
    by_body = {}
    for cid, body in rows:
        by_body.setdefault(body, []).append(int(cid))
    lost = [r for r in acked if by_body.get(r[5]) != [r[4]]]
    dup = [b for b, ids in by_body.items() if len(ids) > 1]
    unacked_committed = len(by_body) - len({r[5] for r in acked})
    rep.fig("lost", len(lost))
    rep.fig("duplicated", len(dup))
    rep.fig("unacked_committed", unacked_committed)
    rep.check(not lost, f"{len(lost)} acknowledged writes are missing or differ, e.g. {lost[:3]}")
    rep.check(not dup, f"{len(dup)} bodies stored more than once")
    # Counters match their rows, on every chapter and comment.
    bad_chapters = psql(a.db_url, """
        SELECT count(*) FROM chapters ch
        LEFT JOIN (SELECT chapter_id, count(*) AS n FROM comments WHERE deleted_at IS NULL GROUP BY chapter_id) c
               ON c.chapter_id = ch.id
        WHERE ch.comment_count <> coalesce(c.n, 0)""")[0][0]
    bad_comments = psql(a.db_url, """
        SELECT count(*) FROM comments p
        LEFT JOIN (SELECT parent_id, count(*) AS n FROM comments WHERE parent_id IS NOT NULL GROUP BY parent_id) r
               ON r.parent_id = p.id
        WHERE p.reply_count <> coalesce(r.n, 0)""")[0][0]
    rep.fig("counter_mismatches", int(bad_chapters) + int(bad_comments))
    rep.check(bad_chapters == "0", f"{bad_chapters} chapters whose comment_count differs from their rows")
    rep.check(bad_comments == "0", f"{bad_comments} comments whose reply_count differs from their rows")
    alive = process_alive(a.pid)
    rep.fig("alive", "yes" if alive else "no")
    rep.check(alive, "folio died")
    return rep.finish()


# ---- db-stall ---------------------------------------------------------------------------------

def cmd_db_stall(a):
    rep = Report("db-stall")
    contents = read_lines(a.contents)
    stop = threading.Event()
    lock = threading.Lock()
    loads, probes = [], []  # (t_send, t_recv, status)

    def reader():
        conn = None
        while not stop.is_set():
            t0 = now()
            status = None
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(HOST, a.port, timeout=30)
                conn.request("GET", f"/api/v1/contents/{random.choice(contents)}")
                resp = conn.getresponse()
                resp.read()
                status = resp.status
                if resp.will_close:
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException):
                if conn is not None:
                    conn.close()
                conn = None
            with lock:
                loads.append((t0, now(), status))
            time.sleep(0.05)

    def prober():
        while not stop.is_set():
            t0 = now()
            try:
                status, _, _ = fetch("GET", a.port, "/readyz", timeout=30)
            except (OSError, http.client.HTTPException):
                status = None
            with lock:
                probes.append((t0, now(), status))
            time.sleep(0.2)

    before = psql(a.db_url, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                            "AND backend_type = 'client backend' AND pid <> pg_backend_pid()")[0][0]
    threads = [threading.Thread(target=reader, daemon=True) for _ in range(a.readers)]
    threads.append(threading.Thread(target=prober, daemon=True))
    for t in threads:
        t.start()
    time.sleep(2)
    t_stall = now()
    os.kill(a.proxy_pid, signal.SIGUSR1)
    time.sleep(a.stall)
    t_heal = now()
    os.kill(a.proxy_pid, signal.SIGUSR2)
    deadline = t_heal + 30
    while now() < deadline:
        with lock:
            ok = [r for r in loads if r[2] == 200 and r[0] >= t_heal]
        if ok and now() - min(r[1] for r in ok) > 2:
            break
        time.sleep(0.1)
    stop.set()
    for t in threads:
        t.join(35)

    during = [r for r in loads if r[1] > t_stall and r[0] < t_heal]
    first_503 = min((r[1] for r in loads if r[2] == 503 and r[1] > t_stall), default=None)
    slowest = max((r[1] - r[0] for r in during), default=0)
    statuses = {}
    for r in during:
        statuses[r[2]] = statuses.get(r[2], 0) + 1
    rep.fig("stall_s", a.stall)
    rep.fig("call_timeout_ms", a.call_timeout_ms)
    rep.fig("first_503_ms", ms(first_503 - t_stall) if first_503 else "none")
    rep.fig("max_answer_ms", ms(slowest))
    rep.fig("answers", "/".join(f"{k}:{v}" for k, v in sorted(statuses.items(), key=str)))
    rep.check(first_503 is not None, "no 503 during the stall")
    rep.check(ms(slowest) <= a.call_timeout_ms + a.slack_ms,
              f"an answer during the stall took {ms(slowest)} ms (limit {a.call_timeout_ms + a.slack_ms} ms)")
    rep.check(all(s in (200, 503) for s in statuses), f"answers other than 200/503 during the stall: {statuses}")
    ready_503 = [r for r in probes if r[2] == 503 and t_stall < r[1] <= t_heal]
    ready_other = [r for r in probes if r[2] not in (200, 503) and t_stall < r[1] <= t_heal + 2]
    rep.fig("readyz_503", len(ready_503))
    rep.check(bool(ready_503), "/readyz never answered 503 during the stall")
    rep.check(not ready_other, f"{len(ready_other)} /readyz probes got no answer or not 200/503")
    ok_after = [r for r in loads if r[2] == 200 and r[0] >= t_heal]
    if ok_after:
        recovery = ms(min(r[1] for r in ok_after) - t_heal)
        rep.fig("recovery_ms", recovery)
        rep.check(recovery <= a.max_recovery_ms, f"recovery took {recovery} ms (limit {a.max_recovery_ms} ms)")
    else:
        rep.fig("recovery_ms", "none")
        rep.check(False, "no read succeeded after the heal")
    # No connection or statement left behind: wait (bounded) for the abandoned backends to go.
    conns = active = None
    for _ in range(60):
        rows = psql(a.db_url, "SELECT count(*), count(*) FILTER (WHERE state <> 'idle') FROM pg_stat_activity "
                              "WHERE datname = current_database() AND backend_type = 'client backend' "
                              "AND pid <> pg_backend_pid()")
        conns, active = int(rows[0][0]), int(rows[0][1])
        if conns <= a.pool and active == 0:
            break
        time.sleep(0.25)
    rep.fig("db_conns_before", before)
    rep.fig("db_conns_after", conns)
    rep.fig("busy_after", active)
    rep.check(conns <= a.pool, f"{conns} database connections after the heal (pool {a.pool})")
    rep.check(active == 0, f"{active} statements still running after the heal")
    alive = process_alive(a.pid)
    rep.fig("alive", "yes" if alive else "no")
    rep.check(alive, "folio died")
    return rep.finish()


# ---- slowloris --------------------------------------------------------------------------------

def cmd_normal_client(a):
    contents = read_lines(a.contents)
    lat, errors = [], 0
    for _ in range(a.count):
        t0 = now()
        try:
            status, _, _ = fetch("GET", a.port, f"/api/v1/contents/{random.choice(contents)}", timeout=10)
            if status != 200:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
        lat.append(now() - t0)
        time.sleep(a.pause)
    print(json.dumps({"latencies": lat, "errors": errors}))
    return 0


def normal_client(a, count):
    out = subprocess.run([sys.executable, __file__, "normal-client", "--port", str(a.port), "--count", str(count),
                          "--contents", a.contents, "--pause", "0.02"],
                         capture_output=True, text=True, timeout=120)
    return json.loads(out.stdout)


def cmd_slowloris(a):
    rep = Report("slowloris")
    raise_nofile()
    baseline = normal_client(a, 100)
    header = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 200
    stats = {"opened": 0, "connect_failed": 0, "cut": [], "answered": 0, "uncut": 0, "open": 0, "peak": 0}
    state = {"attack": True}

    async def slow_one():
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, a.port), 10)
        except (OSError, asyncio.TimeoutError):
            stats["connect_failed"] += 1
            return
        stats["opened"] += 1
        stats["open"] += 1
        stats["peak"] = max(stats["peak"], stats["open"])
        t_first = now()

        async def trickle():
            for i in range(len(header)):
                writer.write(header[i:i + 1])
                await writer.drain()
                await asyncio.sleep(1)

        trickler = asyncio.ensure_future(trickle())
        cut = False
        try:
            limit = a.header_timeout_ms / 1000 + 6
            data = await asyncio.wait_for(reader.read(4096), limit)
            if data:
                stats["answered"] += 1  # an answer (e.g. 408) before the close still counts as cut
            cut = True
        except asyncio.TimeoutError:
            pass
        except OSError:
            cut = True
        if trickler.done() and trickler.exception() is not None:
            cut = True
        trickler.cancel()
        if cut:
            stats["cut"].append(now() - t_first)
        elif now() - t_first > a.header_timeout_ms / 1000 + 2:
            stats["uncut"] += 1
        writer.close()
        stats["open"] -= 1

    async def keep_one(initial_delay):
        await asyncio.sleep(initial_delay)
        while state["attack"]:
            await slow_one()

    async def main():
        loop = asyncio.get_running_loop()
        tasks = [asyncio.ensure_future(keep_one(i * a.ramp / a.count)) for i in range(a.count)]
        await asyncio.sleep(a.ramp + 1)
        normal = await loop.run_in_executor(None, normal_client, a, a.requests)
        await asyncio.sleep(max(0, a.duration - (now() - t_start)))
        state["attack"] = False
        await asyncio.wait(tasks, timeout=a.header_timeout_ms / 1000 + 10)
        for t in tasks:
            t.cancel()
        return normal

    t_start = now()
    normal = asyncio.run(main())
    lat = normal["latencies"]
    p99 = ms(pct(lat, 99))
    rep.fig("slow_conns", stats["opened"])
    rep.fig("peak_open", stats["peak"])
    rep.fig("connect_failed", stats["connect_failed"])
    rep.fig("cut_p50_ms", ms(pct(stats["cut"], 50) or 0))
    rep.fig("cut_max_ms", ms(max(stats["cut"], default=0)))
    rep.fig("uncut", stats["uncut"])
    rep.fig("normal_p50_ms", ms(pct(lat, 50)))
    rep.fig("normal_p99_ms", p99)
    rep.fig("normal_errors", normal["errors"])
    rep.fig("baseline_p99_ms", ms(pct(baseline["latencies"], 99)))
    rep.check(stats["peak"] >= a.count * 0.95, f"only {stats['peak']} slow connections were open at once")
    rep.check(stats["uncut"] == 0, f"{stats['uncut']} slow connections were not cut")
    limit = a.header_timeout_ms + 1500
    rep.check(ms(max(stats["cut"], default=0)) <= limit, f"a slow connection lived {ms(max(stats['cut']))} ms (limit {limit})")
    rep.check(normal["errors"] == 0, f"{normal['errors']} normal requests failed")
    rep.check(p99 <= a.max_p99_ms, f"normal client p99 {p99} ms (limit {a.max_p99_ms} ms)")
    try:
        status, _, _ = fetch("GET", a.port, "/healthz", timeout=5)
    except OSError:
        status = None
    alive = process_alive(a.pid) and status == 200
    rep.fig("alive", "yes" if alive else "no")
    rep.check(alive, "folio is not alive and serving /healthz afterwards")
    return rep.finish()


# ---- overload ---------------------------------------------------------------------------------

def parse_duration_ms(text):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    if not m:
        return None
    value, unit = float(m.group(1)), m.group(2)
    return value * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def cmd_overload(a):
    rep = Report(f"overload-{a.connections}")
    raise_nofile()
    contents = read_lines(a.contents)
    # Wait (bounded) for a quiet machine, so that others' builds do not pollute the figures.
    waited = 0
    while waited < a.max_wait_quiet:
        load = float(open("/proc/loadavg").read().split()[0])
        if load < a.quiet_load:
            break
        time.sleep(5)
        waited += 5
    load = float(open("/proc/loadavg").read().split()[0])
    rep.fig("loadavg", f"{load:.2f}")
    stop = threading.Event()
    probes, rss = [], []

    def prober():
        time.sleep(1)  # let wrk open its connections first
        while not stop.is_set():
            probes.append(first_answer(a.port, f"/api/v1/contents/{random.choice(contents)}"))
            time.sleep(0.2)

    def sampler():
        while not stop.is_set():
            r = rss_mb(a.pid)
            if r is not None:
                rss.append(r)
            time.sleep(0.25)

    threads = [threading.Thread(target=prober, daemon=True), threading.Thread(target=sampler, daemon=True)]
    cmd = ["wrk", "-t2", f"-c{a.connections}", f"-d{a.duration}s", "--timeout", "10s", "--latency",
           "-s", a.lua, f"http://{HOST}:{a.port}", "--", a.contents]
    for t in threads:
        t.start()
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=a.duration + 60)
    t_end = now()
    stop.set()
    # Full service the moment the load stops: the very next request, then 20 more.
    after_first = first_answer(a.port, f"/api/v1/contents/{random.choice(contents)}")
    after_ok = 0
    for _ in range(20):
        t, st = first_answer(a.port, f"/api/v1/contents/{random.choice(contents)}")
        after_ok += st == 200
    for t in threads:
        t.join(15)
    time.sleep(2)
    rss_after = rss_mb(a.pid)
    text = out.stdout
    with open(a.log, "w") as f:
        f.write(text + out.stderr)
    pcts = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", text, re.M))
    m_max = re.search(r"^\s+Latency\s+\S+\s+\S+\s+(\S+)", text, re.M)
    m_req = re.search(r"^\s*(\d+) requests in", text, re.M)
    m_rps = re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M)
    m_err = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    m_non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if not (pcts.get("99") and m_max and m_req):
        rep.check(False, f"wrk gave no result (exit {out.returncode}): {out.stderr.strip()[:300]}")
        return rep.finish()
    p50, p99, mx = (parse_duration_ms(pcts["50"]), parse_duration_ms(pcts["99"]), parse_duration_ms(m_max.group(1)))
    errors = sum(int(x) for x in m_err.groups()) if m_err else 0
    non2xx = int(m_non2xx.group(1)) if m_non2xx else 0
    requests = int(m_req.group(1))
    answered = [t for t, st in probes if st is not None]
    unanswered = len(probes) - len(answered)
    rep.fig("requests", requests)
    rep.fig("rps", int(float(m_rps.group(1))) if m_rps else "?")
    rep.fig("shed_503", non2xx)
    rep.fig("p50", f"{p50:.0f}ms")
    rep.fig("p99", f"{p99:.0f}ms")
    rep.fig("max", f"{mx:.0f}ms")
    rep.fig("errors", errors if not m_err else "/".join(m_err.groups()))
    rep.fig("new_clients", len(probes))
    rep.fig("new_client_p50", f"{ms(pct(answered, 50) or 0)}ms")
    rep.fig("new_client_p90", f"{ms(pct(answered, 90) or 0)}ms")
    rep.fig("new_client_max", f"{ms(max(answered, default=0))}ms")
    rep.fig("new_client_over_limit", sum(1 for t in answered if t * 1000 >= a.max_new_client_ms))
    rep.fig("rss_peak_mb", max(rss, default=0))
    rep.fig("rss_after_mb", rss_after)
    rep.fig("after_first", f"{after_first[1]}/{ms(after_first[0])}ms")
    rep.fig("after_ok", f"{after_ok}/20")
    rep.check(p99 < a.max_p99_ms, f"p99 {p99:.0f} ms (limit {a.max_p99_ms} ms)")
    rep.check(errors == 0, f"wrk socket errors: {m_err.group(0) if m_err else errors}")
    rep.check(unanswered == 0, f"{unanswered} new clients got no answer")
    rep.check(max(answered, default=0) * 1000 < a.max_new_client_ms,
              f"a new client waited {ms(max(answered, default=0))} ms for its first answer (limit {a.max_new_client_ms} ms)")
    rep.check(len(probes) >= a.duration * 3, f"only {len(probes)} new clients were measured")
    rep.check(after_first[1] == 200 and ms(after_first[0]) < a.max_new_client_ms,
              f"the first request after the load: status {after_first[1]} in {ms(after_first[0])} ms")
    rep.check(after_ok == 20, f"only {after_ok} of 20 requests after the load answered 200")
    rep.check(max(rss, default=0) <= a.max_rss_mb, f"RSS reached {max(rss, default=0)} MB (limit {a.max_rss_mb} MB)")
    alive = process_alive(a.pid)
    rep.check(alive, "folio died")
    if load >= a.quiet_load:
        print(f"chaos: overload-{a.connections}: the machine was busy (load {load:.2f}); figures may be polluted",
              file=sys.stderr)
    return rep.finish()


# ---- bad-input --------------------------------------------------------------------------------

def exchange(port, data, half_close, timeout=8.0):
    """Sends DATA on a fresh connection; reads one whole answer (or until the server closes).
    Returns (status or None, how the connection ended, bytes received)."""
    buf = b""
    ended = "answer"
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as s:
            try:
                s.sendall(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server answered early and stopped reading: read what it sent
            if half_close:
                s.shutdown(socket.SHUT_WR)
            deadline = now() + timeout
            while now() < deadline:
                head, sep, rest = buf.partition(b"\r\n\r\n")
                if sep:
                    m = re.search(rb"\r\ncontent-length:\s*(\d+)", head, re.I)
                    if len(rest) >= (int(m.group(1)) if m else 0):
                        break
                s.settimeout(max(0.05, deadline - now()))
                try:
                    chunk = s.recv(65536)
                except socket.timeout:
                    ended = "timeout"
                    break
                except ConnectionResetError:
                    ended = "reset"
                    break
                if not chunk:
                    ended = "closed"
                    break
                buf += chunk
    except OSError as e:
        return None, f"error:{type(e).__name__}", buf
    m = re.match(rb"HTTP/1\.[01] (\d{3}) ", buf)
    return (int(m.group(1)) if m else None), ended, buf


def cmd_bad_input(a):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import corpus
    rep = Report("bad-input")
    cases = corpus.cases(a.token)
    counts, failures = {}, []
    log = open(a.log, "w") if a.log else None
    for case in cases:
        t0 = now()
        status, ended, buf = exchange(a.port, case["data"], case.get("half_close", False))
        if log:
            log.write(f"{case['name']:40} {status or '-'} {ended:8} {ms(now() - t0):5} ms  {buf[:120]!r}\n")
        key = str(status) if status else f"none({ended})"
        counts[key] = counts.get(key, 0) + 1
        if status is None:
            if not case.get("no_answer_ok"):
                failures.append(f"{case['name']}: no answer ({ended})")
        elif not 400 <= status <= 499:
            failures.append(f"{case['name']}: {status}")
        if not process_alive(a.pid):
            failures.append(f"{case['name']}: folio died")
            break
    try:
        health, _, _ = fetch("GET", a.port, "/healthz", timeout=5)
    except OSError:
        health = None
    rep.fig("cases", len(cases))
    rep.fig("statuses", ",".join(f"{k}:{v}" for k, v in sorted(counts.items())))
    rep.fig("failures", len(failures))
    rep.fig("healthz", health)
    rep.check(len(cases) >= 60, f"only {len(cases)} cases")
    for f in failures:
        rep.check(False, f)
    rep.check(health == 200 and process_alive(a.pid), "folio is not alive and serving /healthz afterwards")
    return rep.finish()


# ---- main -------------------------------------------------------------------------------------

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("free-port")
    s.set_defaults(run=cmd_free_port)
    s = sub.add_parser("wait-ready")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--pid", type=int)
    s.add_argument("--timeout", type=float, default=90)
    s.set_defaults(run=cmd_wait_ready)
    s = sub.add_parser("login")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--users", type=int, default=8)
    s.add_argument("--out", required=True)
    s.set_defaults(run=cmd_login)
    s = sub.add_parser("proxy")
    s.add_argument("--listen-port", type=int, required=True)
    s.add_argument("--unix", required=True)
    s.add_argument("--ready")
    s.set_defaults(run=cmd_proxy)
    s = sub.add_parser("db-kill")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--pid", type=int, required=True)
    s.add_argument("--tokens", required=True)
    s.add_argument("--chapters", required=True)
    s.add_argument("--db-url", required=True)
    s.add_argument("--pgdata", required=True)
    s.add_argument("--writers", type=int, default=32)
    s.add_argument("--duration", type=float, default=10)
    s.add_argument("--kill-after", type=float, default=3)
    s.add_argument("--down-for", type=float, default=2)
    s.add_argument("--max-answer-ms", type=int, default=1000)
    s.add_argument("--max-recovery-ms", type=int, default=5000)
    s.add_argument("restart", nargs=argparse.REMAINDER)
    s.set_defaults(run=cmd_db_kill)
    s = sub.add_parser("db-stall")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--pid", type=int, required=True)
    s.add_argument("--proxy-pid", type=int, required=True)
    s.add_argument("--contents", required=True)
    s.add_argument("--db-url", required=True)
    s.add_argument("--pool", type=int, required=True)
    s.add_argument("--readers", type=int, default=4)
    s.add_argument("--stall", type=float, default=8)
    s.add_argument("--call-timeout-ms", type=int, required=True)
    s.add_argument("--slack-ms", type=int, default=1000)
    s.add_argument("--max-recovery-ms", type=int, default=5000)
    s.set_defaults(run=cmd_db_stall)
    s = sub.add_parser("normal-client")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--count", type=int, default=200)
    s.add_argument("--contents", required=True)
    s.add_argument("--pause", type=float, default=0.02)
    s.set_defaults(run=cmd_normal_client)
    s = sub.add_parser("slowloris")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--pid", type=int, required=True)
    s.add_argument("--contents", required=True)
    s.add_argument("--count", type=int, default=5000)
    s.add_argument("--ramp", type=float, default=3)
    s.add_argument("--duration", type=float, default=14)
    s.add_argument("--requests", type=int, default=200)
    s.add_argument("--header-timeout-ms", type=int, required=True)
    s.add_argument("--max-p99-ms", type=int, default=200)
    s.set_defaults(run=cmd_slowloris)
    s = sub.add_parser("overload")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--pid", type=int, required=True)
    s.add_argument("--connections", type=int, required=True)
    s.add_argument("--duration", type=int, default=10)
    s.add_argument("--contents", required=True)
    s.add_argument("--lua", required=True)
    s.add_argument("--log", required=True)
    s.add_argument("--quiet-load", type=float, default=1.5)
    s.add_argument("--max-wait-quiet", type=float, default=float(os.environ.get("FOLIO_CHAOS_QUIET_WAIT", 120)))
    s.add_argument("--max-p99-ms", type=int, default=1000)
    s.add_argument("--max-new-client-ms", type=int, default=200)
    s.add_argument("--max-rss-mb", type=int, default=1024)
    s.set_defaults(run=cmd_overload)
    s = sub.add_parser("bad-input")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--pid", type=int, required=True)
    s.add_argument("--token", default="")
    s.add_argument("--log")
    s.set_defaults(run=cmd_bad_input)
    a = p.parse_args()
    return a.run(a)


if __name__ == "__main__":
    sys.exit(main())
