"""What scripts/bench.d/bench.py and scripts/chaos.d/chaos.py share (standard library only):
one request to a local folio, whether a process lives, waiting for /readyz, logging in the seeded
users. `who` names the calling script in messages."""
import http.client
import json
import sys
import time

HOST = "127.0.0.1"


def fetch(method, port, path, body=None, token=None, timeout=5.0):
    """One request on a fresh connection: (status, headers, body bytes)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        headers = {}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = "Bearer " + token
        conn.request(method, path, body=data, headers=headers)
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()


def process_alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_ready(who, port, pid, timeout):
    """Polls GET /readyz until 200 (exit status 0), folio's exit or the timeout (1)."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if pid and not process_alive(pid):
            print(f"{who}: folio exited before it was ready", file=sys.stderr)
            return 1
        try:
            status, _, _ = fetch("GET", port, "/readyz", timeout=1.0)
            if status == 200:
                return 0
            last = f"status {status}"
        except OSError as e:
            last = str(e)
        time.sleep(0.1)
    print(f"{who}: folio was not ready within {timeout} s ({last})", file=sys.stderr)
    return 1


def write_login_tokens(who, port, users, out):
    """Logs in as the seeded demo, user2…userN (password "password"); one token a line in `out`."""
    tokens = []
    for i in range(1, users + 1):
        name = "demo" if i == 1 else f"user{i}"
        status, _, body = fetch("POST", port, "/api/v1/auth/login", {"login": name, "password": "password"},
                                timeout=30)
        if status != 200:
            print(f"{who}: login as {name} answered {status}: {body[:200]!r}", file=sys.stderr)
            return 1
        tokens.append(json.loads(body)["token"])
    with open(out, "w") as f:
        f.write("\n".join(tokens) + "\n")
    return 0
