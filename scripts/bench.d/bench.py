#!/usr/bin/python3
"""Helpers of scripts/bench (Debian's python3, standard library only).

  wait-ready  --port P --timeout S             poll GET /readyz until it answers 200
  login       --port P --users N --out FILE    log in as demo, user2…userN; one bearer token per line
  pgbench     SCENARIO --folio BIN --dir D …   write the ceiling's pgbench scripts, print their -f args
              (--kind min: the minimal query's instead, for the scenarios that have one)
  pg-cpu      --pidfile F --out FILE           snapshot the CPU ticks of the cluster's processes
  idle        --port P --count N --ready FILE  open N keep-alive connections, one GET /healthz each, hold
  record      …                                one measured run (wrk's FOLIO_WRK line, folio's CPU/RSS,
                                               PostgreSQL's CPU from two pg-cpu snapshots) → JSON
  ceiling-record …                             one pgbench ceiling (its output, PostgreSQL's CPU) → JSON
  report      --dir D --out FILE …             the table on stdout and the JSON file

Traffic goes to 127.0.0.1 only. Every wait is bounded.
"""
import argparse
import asyncio
import datetime
import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from folio_client import HOST, wait_ready, write_login_tokens  # noqa: E402  (scripts/folio_client.py)

# The order of the table; `idle` runs first (on a fresh server) but is printed last.
SCENARIOS = ["content", "chapters", "chapter", "comments", "comment-post", "mixed", "idle"]

# The mixed scenario's weights, in per cent; folio.lua uses the same numbers.
MIXED_WEIGHTS = [("content", 23), ("chapters", 22), ("chapter", 22), ("comments", 23),
                 ("like", 3), ("unlike", 2), ("comment-post", 2), ("progress", 3)]

COMMENT_BODY = "A benchmark comment: the chapter was good, the pacing even better."


# ---- wait-ready, login ------------------------------------------------------------------------

def cmd_wait_ready(a):
    return wait_ready("bench", a.port, a.pid, a.timeout)


def cmd_login(a):
    return write_login_tokens("bench", a.port, a.users, a.out)


# ---- pgbench ceilings -------------------------------------------------------------------------
# Each ceiling runs the server's own statements (`folio sql NAME`) with the parameters the handler
# would bind for the same request. Statements the handler sends as one batch (one sync, one round
# trip) go inside \startpipeline … \endpipeline. pgbench cannot bind SQL NULL, so NULL parameters
# (the anonymous caller) are written as literals; each other parameter is a pgbench variable.

def statement_sql(folio, name, cache={}):
    if name not in cache:
        out = subprocess.run([folio, "sql", name], check=True, capture_output=True, text=True, timeout=30)
        # One line, as pgbench reads a script's commands; the statements hold no multi-line literal.
        cache[name] = " ".join(line.strip() for line in out.stdout.strip().splitlines())
    return cache[name]


def bind(sql, values):
    """Replaces $N by values[N] (a pgbench :variable or an SQL literal)."""
    def sub(m):
        n = int(m.group(1))
        if n not in values:
            raise SystemExit(f"bench: no value for ${n} in: {sql[:80]}…")
        return values[n]
    return re.sub(r"\$(\d+)\b", sub, sql) + ";"


def ceiling_scripts(scenario, folio, n):
    """{name: (weight, script text)} for pgbench; n holds the sizes and user ids."""
    anon = {2: "NULL", 3: "false"}
    pick_content = f"\\set id random(1, {n['contents']})\n"
    pick_chapter = f"\\set id random(1, {n['chapters']})\n"
    pick_user = f"\\set uid random({n['first_user']}, {n['last_user']})\n"
    user = {2: ":uid", 3: "false"}
    s = lambda name: statement_sql(folio, name)
    body = "'" + COMMENT_BODY.replace("'", "''") + "'"

    def pipeline(*statements):
        return "\\startpipeline\n" + "".join(st + "\n" for st in statements) + "\\endpipeline\n"

    scripts = {
        # GET /contents/{id}: the lookup by id (a numeric segment is an id first).
        # ($4, the slug, is bound for builds before 6545083, whose contents_get took an id or a slug,
        # so that FOLIO_BENCH_BINARY can measure them; today's statement has no $4.)
        "content": pick_content + "\\set slug :id\n" +
                   bind(s("contents_get"), {1: ":id", 4: ":slug", **anon}) + "\n",
        # GET /contents/{id}/chapters: the content and the first page (limit 20 + 1), one batch.
        "chapters": pick_content + pipeline(
            bind(s("contents_get"), {1: ":id", 4: "NULL", **anon}),
            bind(s("contents_list_chapters"), {1: ":id", 4: "0", 5: "21", **anon})),
        "chapter": pick_chapter + bind(s("contents_get_chapter"), {1: ":id", **anon}) + "\n",
        "comments": pick_chapter + pipeline(
            bind(s("comments_chapter_if_visible"), {1: ":id", **anon}),
            bind(s("comments_top_level_oldest"), {1: ":id", 2: "NULL", 3: "21"})),
        # POST /chapters/{id}/comments: the INSERT (with its counter UPDATEs) and the guard, one batch.
        # The session lookup that precedes it in folio is not part of the ceiling.
        "comment-post": pick_chapter + pick_user + pipeline(
            bind(s("comments_insert"), {1: ":id", 4: "NULL", 5: body, **user}),
            bind(s("comments_chapter_if_visible"), {1: ":id", **user})),
        "like": pick_content + pick_user + bind(s("contents_like"), {1: ":id", **user}) + "\n",
        "unlike": pick_content + pick_user + bind(s("contents_unlike"), {1: ":id", **user}) + "\n",
        # Chapter ids of content c are (c-1)*P+1 … c*P in a seeded database.
        "progress": pick_content + pick_user +
                    f"\\set ch (:id - 1) * {n['per_content']} + random(1, {n['per_content']})\n" +
                    bind(s("library_save_progress"), {1: ":id", 4: ":ch", **user}) + "\n",
    }
    if scenario == "mixed":
        return {name: (weight, scripts[name]) for name, weight in MIXED_WEIGHTS}
    if scenario in scripts:
        return {scenario: (1, scripts[scenario])}
    return {}


# The minimal query: what a lookup of the same row costs PostgreSQL with nothing of folio's SQL
# around it (no visibility function, no parameters beyond the id). The column list is the one
# folio selects (`folio sql contents_get`), so both return the same row; the rest is fixed text.
def min_ceiling_scripts(scenario, folio, n):
    if scenario != "content":
        return {}
    sql = statement_sql(folio, "contents_get")
    m = re.match(r"\s*SELECT\s+(.*?)\s+FROM\s+contents\s+c\s+JOIN\s+users\s+u\b", sql, re.S | re.I)
    if not m or re.search(r"\$\d", m.group(1)):
        raise SystemExit("bench: contents_get no longer reads `SELECT … FROM contents c JOIN users u`; "
                         "update min_ceiling_scripts: " + sql[:120])
    return {"min": (1, f"\\set id random(1, {n['contents']})\n"
                       f"SELECT {m.group(1)} FROM contents c JOIN users u ON u.id = c.author_id "
                       f"WHERE c.id = :id;\n")}


def cmd_pgbench(a):
    n = {"contents": a.contents, "chapters": a.chapters, "per_content": a.per_content,
         "first_user": a.first_user, "last_user": a.last_user}
    scripts = (min_ceiling_scripts if a.kind == "min" else ceiling_scripts)(a.scenario, a.folio, n)
    os.makedirs(a.dir, exist_ok=True)
    for name, (weight, text) in scripts.items():
        path = os.path.join(a.dir, f"{a.scenario}.{name}.sql")
        with open(path, "w") as f:
            f.write(text)
        print(f"-f{path}@{weight}")
    return 0


# ---- idle -------------------------------------------------------------------------------------

async def idle_client(port, count, ready_path, hold, parallel):
    request = f"GET /healthz HTTP/1.1\r\nHost: {HOST}:{port}\r\n\r\n".encode()
    opened, statuses, errors = [], {}, {}
    gate = asyncio.Semaphore(parallel)

    async def one():
        async with gate:
            try:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port), 10)
                writer.write(request)
                head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
                status = int(head.split(b" ", 2)[1])
                length = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
                if length:
                    await asyncio.wait_for(reader.readexactly(int(length.group(1))), 10)
                statuses[status] = statuses.get(status, 0) + 1
                opened.append(writer)
            except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError, IndexError) as e:
                kind = type(e).__name__
                errors[kind] = errors.get(kind, 0) + 1

    started = time.monotonic()
    await asyncio.gather(*(one() for _ in range(count)))
    non_2xx = sum(c for s, c in statuses.items() if not 200 <= s < 300)
    report = {"requested": count, "open": len(opened), "non_2xx": non_2xx, "statuses": statuses,
              "errors": errors, "open_seconds": round(time.monotonic() - started, 2)}
    with open(ready_path + ".tmp", "w") as f:
        json.dump(report, f)
    os.rename(ready_path + ".tmp", ready_path)
    # Hold them (idle, nothing sent) until scripts/bench has read folio's RSS and stops us.
    await asyncio.sleep(hold)
    for w in opened:
        w.close()


def cmd_idle(a):
    import signal
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))  # the kernel closes every socket
    asyncio.run(idle_client(a.port, a.count, a.ready, a.hold, a.parallel))
    return 0


# ---- PostgreSQL's CPU --------------------------------------------------------------------------
# A snapshot holds utime + stime of the postmaster and of every process whose parent it is
# (backends, walwriter, checkpointer, autovacuum, …), plus the postmaster's cutime + cstime: the
# CPU of the children it has already reaped. The difference of two snapshots' totals is the CPU
# the cluster used in between, including backends that started or ended in between (an ended
# backend's CPU moves into the postmaster's cutime/cstime once the postmaster reaps it, which it
# does at once). Only a child that ended after the first snapshot and was not yet reaped at the
# second is lost (or the part of it between its stat and the postmaster's).

def proc_stat(pid):
    """The fields after `(comm)` of /proc/PID/stat, as strings (index 0 is field 3, state)."""
    with open(f"/proc/{pid}/stat") as f:
        text = f.read()
    return text[text.rindex(")") + 2:].split()


def pg_cpu_snapshot(pidfile):
    with open(pidfile) as f:
        postmaster = int(f.readline())
    fields = proc_stat(postmaster)
    procs = {}
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == postmaster:
            continue
        try:
            f = proc_stat(name)
        except (OSError, ValueError):
            continue  # gone meanwhile, or not ours to read
        if int(f[1]) == postmaster:
            # keyed by pid and start time, so that a reused pid is another process
            procs[f"{name}:{f[19]}"] = int(f[11]) + int(f[12])
    return {"postmaster": postmaster, "own_ticks": int(fields[11]) + int(fields[12]),
            "reaped_ticks": int(fields[13]) + int(fields[14]), "children": procs}


def cmd_pg_cpu(a):
    # A reading that fails costs the run its PostgreSQL column (a warning), not the run.
    try:
        snapshot = pg_cpu_snapshot(a.pidfile)
    except (OSError, ValueError, IndexError) as e:
        snapshot = {"error": f"no reading of {a.pidfile}'s processes: {e}"}
    with open(a.out, "w") as f:
        json.dump(snapshot, f)
    return 0


def pg_cpu_between(before_path, after_path, clk_tck):
    """{seconds, processes, started, ended} between two pg-cpu snapshots, or an error."""
    try:
        with open(before_path) as f:
            before = json.load(f)
        with open(after_path) as f:
            after = json.load(f)
    except (OSError, ValueError) as e:
        return {"error": str(e)}
    for s in (before, after):
        if "error" in s:
            return {"error": s["error"]}
    if before["postmaster"] != after["postmaster"]:
        return {"error": "the postmaster changed during the run"}
    total = lambda s: s["own_ticks"] + s["reaped_ticks"] + sum(s["children"].values())
    b, a = set(before["children"]), set(after["children"])
    return {"seconds": round((total(after) - total(before)) / clk_tck, 3), "processes": len(a),
            "started": len(a - b), "ended": len(b - a)}


# ---- record and report ------------------------------------------------------------------------

def client_cpu_seconds(path):
    """user + system seconds of the client (wrk or pgbench) as GNU time wrote them, or None."""
    try:
        with open(path) as f:
            fields = f.read().split()
        return float(fields[-2]) + float(fields[-1])
    except (OSError, ValueError, IndexError, TypeError):
        return None


def cmd_record(a):
    result = None
    with open(a.wrk_output, errors="replace") as f:
        text = f.read()
    for line in text.splitlines():
        if line.startswith("FOLIO_WRK "):
            result = json.loads(line[len("FOLIO_WRK "):])
    run = {"scenario": a.scenario, "connections": a.connections}
    if result is None:
        run["error"] = "wrk printed no result: " + text.strip()[-300:]
    else:
        seconds = result["duration_us"] / 1e6
        requests = result["requests"]
        cpu = a.cpu_ticks / a.clk_tck
        run.update({
            "requests": requests,
            "seconds": round(seconds, 3),
            "rps": round(requests / seconds, 1) if seconds > 0 else 0,
            "latency_ms": {k: round(result[k + "_us"] / 1000, 3) for k in ("p50", "p90", "p99", "p999", "max")},
            "non_2xx": result["non_2xx"],
            "statuses": result["statuses"],
            "socket_errors": {k: result[k + "_errors"] for k in ("connect", "read", "write")} |
                             {"timeout": result["timeouts"]},
            "cpu_seconds": round(cpu, 3),
            "cpu_s_per_1k": round(cpu / requests * 1000, 4) if requests else None,
            "folio_cpu_us_per_req": round(cpu / requests * 1e6, 1) if requests else None,
            "peak_rss_mb": round(a.hwm_kb / 1024, 1),
        })
        if a.pg_before and a.pg_after:
            pg = pg_cpu_between(a.pg_before, a.pg_after, a.clk_tck)
            run["pg_cpu"] = pg
            run["pg_cpu_us_per_req"] = (round(pg["seconds"] / requests * 1e6, 1)
                                        if requests and "seconds" in pg else None)
        client = client_cpu_seconds(a.client_cpu) if a.client_cpu else None
        run["client_cpu_us_per_req"] = round(client / requests * 1e6, 1) if client is not None and requests else None
        # How many of the machine's cores the three processes kept busy, on average, over the run.
        parts = [run.get("folio_cpu_us_per_req"), run.get("pg_cpu_us_per_req"), run["client_cpu_us_per_req"]]
        run["cores_busy"] = round(sum(parts) * run["rps"] / 1e6, 2) if None not in parts else None
    with open(a.out, "w") as f:
        json.dump(run, f)
    return 0


def cmd_idle_record(a):
    run = {"scenario": "idle", "connections": a.connections}
    try:
        with open(a.ready) as f:
            client = json.load(f)
    except (OSError, ValueError) as e:
        client = None
        run["error"] = f"the idle client reported nothing ({e})"
    if client:
        run.update({
            "open": client["open"], "failed": client["requested"] - client["open"],
            "non_2xx": client["non_2xx"], "statuses": client["statuses"], "errors": client["errors"],
            "open_seconds": client["open_seconds"],
            "rss_before_mb": round(a.rss_before_kb / 1024, 1), "rss_after_mb": round(a.rss_after_kb / 1024, 1),
            "added_mb": round((a.rss_after_kb - a.rss_before_kb) / 1024, 1),
            "added_kb_per_connection": round((a.rss_after_kb - a.rss_before_kb) / max(1, client["open"]), 2),
        })
        if client["open"] < a.connections:
            run["error"] = f"only {client['open']} of {a.connections} connections opened: {client['errors']}"
    with open(a.out, "w") as f:
        json.dump(run, f)
    return 0


def cmd_ceiling_record(a):
    with open(a.output, errors="replace") as f:
        text = f.read()
    item = {"scenario": a.scenario, "kind": a.kind, "command": a.command}
    m = re.search(r"^tps = ([0-9.]+) \(without initial connection time\)", text, re.M)
    failed = re.search(r"^number of failed transactions: (\d+)", text, re.M)
    if a.rc != 0 or not m:
        item["error"] = f"pgbench exited {a.rc}: " + text.strip()[-400:]
    else:
        item["tps"] = round(float(m.group(1)), 1)
        lat = re.search(r"^latency average = ([0-9.]+) ms", text, re.M)
        item["latency_avg_ms"] = float(lat.group(1)) if lat else None
        item["failed"] = int(failed.group(1)) if failed else 0
        done = re.search(r"^number of transactions actually processed: (\d+)", text, re.M)
        if a.pg_before and a.pg_after and done and int(done.group(1)):
            # PostgreSQL's CPU per transaction over the whole pgbench run (its connection set-up
            # included, a few ms); the pgbench client's own CPU is client_cpu_us_per_tx.
            pg = pg_cpu_between(a.pg_before, a.pg_after, a.clk_tck)
            item["pg_cpu"] = pg
            if "seconds" in pg:
                item["pg_cpu_us_per_tx"] = round(pg["seconds"] / int(done.group(1)) * 1e6, 1)
        client = client_cpu_seconds(a.client_cpu) if a.client_cpu else None
        if client is not None and done and int(done.group(1)):
            item["client_cpu_us_per_tx"] = round(client / int(done.group(1)) * 1e6, 1)
    with open(a.out, "w") as f:
        json.dump(item, f)
    return 0


def fmt(value, spec="{:.0f}"):
    return "-" if value is None else spec.format(value)


def load_runs(directory):
    runs, ceilings, min_ceilings, problems, idle = [], {}, {}, [], None
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        if not name.endswith(".json"):
            continue
        with open(path) as f:
            item = json.load(f)
        if name.startswith("ceiling-"):
            (min_ceilings if item.get("kind") == "min" else ceilings)[item["scenario"]] = item
        elif name.startswith("idle"):
            idle = item
        elif name.startswith("run-"):
            runs.append(item)
    order = {s: i for i, s in enumerate(SCENARIOS)}
    runs.sort(key=lambda r: (order.get(r["scenario"], 99), r["connections"]))
    return runs, ceilings, min_ceilings, idle, problems


def cmd_report(a):
    runs, ceilings, min_ceilings, idle, problems = load_runs(a.dir)
    settings = {}
    if a.settings:
        with open(a.settings) as f:
            for line in f:
                key, _, value = line.rstrip("\n").partition("=")
                if key:
                    settings[key] = int(value) if re.fullmatch(r"-?\d+", value) else value
    durable = settings.get("durable") == "true"
    warnings = []
    baseline = {}
    if a.baseline:
        with open(a.baseline) as f:
            old = json.load(f)
        # Runs before --durable existed all ran with fsync, synchronous_commit and full_page_writes off.
        old_durable = bool(old.get("durable", False))
        if old_durable != durable:
            warnings.append(f"this run is {'' if durable else 'not '}durable, the baseline ({a.baseline}) is "
                            f"{'' if old_durable else 'not '}durable: `x baseline` compares different "
                            f"PostgreSQL settings")
        for r in old.get("runs", []):
            baseline[(r["scenario"], r["connections"])] = r
        if old.get("idle"):
            baseline[("idle", old["idle"].get("connections"))] = old["idle"]

    for r in runs:
        c = ceilings.get(r["scenario"])
        r["ceiling_tps"] = c.get("tps") if c else None
        r["ratio_ceiling"] = (round(r["rps"] / r["ceiling_tps"], 3)
                              if r.get("rps") is not None and r["ceiling_tps"] else None)
        m = min_ceilings.get(r["scenario"])
        r["min_ceiling_tps"] = m.get("tps") if m else None
        r["ratio_min_ceiling"] = (round(r["rps"] / r["min_ceiling_tps"], 3)
                                  if r.get("rps") is not None and r["min_ceiling_tps"] else None)
        b = baseline.get((r["scenario"], r["connections"]))
        r["ratio_baseline"] = round(r["rps"] / b["rps"], 3) if b and b.get("rps") and r.get("rps") else None
        if "error" in r:
            problems.append(f"{r['scenario']} at {r['connections']}: {r['error']}")
        elif r["requests"] == 0:
            problems.append(f"{r['scenario']} at {r['connections']}: zero requests")
    for name, c in ceilings.items():
        if c.get("error"):
            problems.append(f"pgbench ceiling of {name}: {c['error']}")
    for name, c in min_ceilings.items():
        if c.get("error"):
            problems.append(f"pgbench minimal-query ceiling of {name}: {c['error']}")
    for r in runs:
        if r.get("pg_cpu", {}).get("error"):
            warnings.append(f"{r['scenario']} at {r['connections']}: no PostgreSQL CPU: {r['pg_cpu']['error']}")
        if "error" not in r and r.get("client_cpu_us_per_req") is None:
            warnings.append(f"{r['scenario']} at {r['connections']}: no client CPU (GNU time wrote nothing)")
    if idle:
        b = baseline.get(("idle", idle.get("connections")))
        idle["ratio_baseline"] = (round(idle["added_mb"] / b["added_mb"], 3)
                                  if b and b.get("added_mb") and idle.get("added_mb") is not None else None)
        if idle.get("error"):
            problems.append("idle: " + idle["error"])

    header = ["scenario", "conns", "req/s", "p50 ms", "p99 ms", "p99.9 ms", "non-2xx", "sock err",
              "folio µs/req", "pg µs/req", "client µs/req", "cores busy", "peak RSS MB", "pgbench tps", "x ceiling", "min tps", "x min ceiling"]
    if a.baseline:
        header.append("x baseline")
    rows = []
    for r in runs:
        if "error" in r:
            rows.append([r["scenario"], str(r["connections"]), "error"] + [""] * (len(header) - 3))
            continue
        lat = r["latency_ms"]
        row = [r["scenario"], str(r["connections"]), fmt(r["rps"]), fmt(lat["p50"], "{:.2f}"),
               fmt(lat["p99"], "{:.2f}"), fmt(lat["p999"], "{:.2f}"), str(r["non_2xx"]),
               str(sum(r["socket_errors"].values())), fmt(r.get("folio_cpu_us_per_req"), "{:.1f}"),
               fmt(r.get("pg_cpu_us_per_req"), "{:.1f}"), fmt(r.get("client_cpu_us_per_req"), "{:.1f}"),
               fmt(r.get("cores_busy"), "{:.2f}"), fmt(r["peak_rss_mb"], "{:.1f}"),
               fmt(r["ceiling_tps"]), fmt(r["ratio_ceiling"], "{:.2f}"),
               fmt(r["min_ceiling_tps"]), fmt(r["ratio_min_ceiling"], "{:.2f}")]
        if a.baseline:
            row.append(fmt(r["ratio_baseline"], "{:.2f}"))
        rows.append(row)
    if idle:
        if idle.get("error") and idle.get("open") is None:
            rows.append(["idle", str(idle.get("connections", "")), "error"] + [""] * (len(header) - 3))
        else:
            row = ["idle", str(idle["open"]), "-", "-", "-", "-", str(idle["non_2xx"]), str(idle["failed"]), "-", "-", "-", "-",
                   f"{idle['rss_after_mb']:.1f} (+{idle['added_mb']:.1f})", "-", "-", "-", "-"]
            if a.baseline:
                row.append(fmt(idle["ratio_baseline"], "{:.2f}"))
            rows.append(row)

    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    line = lambda cells: "  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    print(f"PostgreSQL {settings.get('postgresql', '?')}; durable: {'yes' if durable else 'no'}")
    print(line(header))
    print(line(["-" * w for w in widths]))
    for r in rows:
        print(line(r))
    if idle and idle.get("open") is not None:
        print(f"idle: {idle['open']} keep-alive connections took folio from {idle['rss_before_mb']:.1f} to "
              f"{idle['rss_after_mb']:.1f} MB RSS (+{idle['added_mb']:.1f} MB, "
              f"{idle['added_kb_per_connection']:.1f} KB per connection)")
    for kind, table in (("ceiling", ceilings), ("minimal-query ceiling", min_ceilings)):
        for name in sorted(table):
            c = table[name]
            if c.get("tps"):
                pg = f", PostgreSQL {c['pg_cpu_us_per_tx']:.1f} µs CPU/tx" if c.get("pg_cpu_us_per_tx") else ""
                if c.get("client_cpu_us_per_tx"):
                    pg += f", pgbench itself {c['client_cpu_us_per_tx']:.1f} µs CPU/tx"
                print(f"pgbench {kind} of {name}: {c['tps']:.0f} tps{pg} ({c['command']})")
    for w in warnings:
        print("warning: " + w)
    for p in problems:
        print("problem: " + p)

    document = {
        "version": 1,
        "finished_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "durable": durable,
        "settings": settings,
        "runs": runs,
        "ceilings": ceilings,
        "min_ceilings": min_ceilings,
        "idle": idle,
        "warnings": warnings,
        "problems": problems,
    }
    if a.baseline:
        document["baseline"] = a.baseline
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(document, f, indent=2)
        f.write("\n")

    # Exit status: 3 when the harness itself broke; with --check (the smoke run) also when a run
    # saw non-2xx answers.
    if not runs and not idle:
        print("problem: no run produced a result", file=sys.stderr)
        return 3
    if problems:
        return 3
    if a.check and any(r.get("non_2xx") for r in runs):
        print("problem: non-2xx answers", file=sys.stderr)
        return 3
    return 0


def main():
    p = argparse.ArgumentParser(prog="bench.py")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("wait-ready")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--timeout", type=float, default=60)
    s.add_argument("--pid", type=int)
    s.set_defaults(run=cmd_wait_ready)

    s = sub.add_parser("login")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--users", type=int, required=True)
    s.add_argument("--out", required=True)
    s.set_defaults(run=cmd_login)

    s = sub.add_parser("pgbench")
    s.add_argument("scenario")
    s.add_argument("--kind", choices=["server", "min"], default="server")
    s.add_argument("--folio", required=True)
    s.add_argument("--dir", required=True)
    for name in ("contents", "chapters", "per-content", "first-user", "last-user"):
        s.add_argument("--" + name, type=int, required=True)
    s.set_defaults(run=cmd_pgbench)

    s = sub.add_parser("idle")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--count", type=int, required=True)
    s.add_argument("--ready", required=True)
    s.add_argument("--hold", type=float, default=120)
    s.add_argument("--parallel", type=int, default=256)
    s.set_defaults(run=cmd_idle)

    s = sub.add_parser("record")
    s.add_argument("--scenario", required=True)
    s.add_argument("--connections", type=int, required=True)
    s.add_argument("--wrk-output", required=True)
    s.add_argument("--cpu-ticks", type=int, required=True)
    s.add_argument("--clk-tck", type=int, required=True)
    s.add_argument("--hwm-kb", type=int, required=True)
    s.add_argument("--pg-before", help="a pg-cpu snapshot taken before the run")
    s.add_argument("--pg-after", help="a pg-cpu snapshot taken after the run")
    s.add_argument("--client-cpu", help="GNU time's '%%U %%S' of the wrk run")
    s.add_argument("--out", required=True)
    s.set_defaults(run=cmd_record)

    s = sub.add_parser("pg-cpu")
    s.add_argument("--pidfile", required=True, help="the cluster's postmaster.pid")
    s.add_argument("--out", required=True)
    s.set_defaults(run=cmd_pg_cpu)

    s = sub.add_parser("idle-record")
    s.add_argument("--connections", type=int, required=True)
    s.add_argument("--ready", required=True)
    s.add_argument("--rss-before-kb", type=int, required=True)
    s.add_argument("--rss-after-kb", type=int, required=True)
    s.add_argument("--out", required=True)
    s.set_defaults(run=cmd_idle_record)

    s = sub.add_parser("ceiling-record")
    s.add_argument("--scenario", required=True)
    s.add_argument("--output", required=True)
    s.add_argument("--command", required=True)
    s.add_argument("--rc", type=int, required=True)
    s.add_argument("--kind", choices=["server", "min"], default="server")
    s.add_argument("--pg-before")
    s.add_argument("--pg-after")
    s.add_argument("--client-cpu", help="GNU time's '%%U %%S' of the measured pgbench run")
    s.add_argument("--clk-tck", type=int, default=os.sysconf("SC_CLK_TCK"))
    s.add_argument("--out", required=True)
    s.set_defaults(run=cmd_ceiling_record)

    s = sub.add_parser("report")
    s.add_argument("--dir", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--baseline")
    s.add_argument("--settings")
    s.add_argument("--check", action="store_true")
    s.set_defaults(run=cmd_report)

    a = p.parse_args()
    sys.exit(a.run(a))


if __name__ == "__main__":
    main()
