"""The Python side of scripts/cluster (standard library only).

Subcommands:
  free-ports N                    N free TCP ports on 127.0.0.1, one a line
  wait-ready --port P [--pid PID] --timeout S
                                  GET /readyz until 200
  api --balancer P --instances folio1=P1,folio2=P2
                                  the API walk-through of the contract through the balancer
  load --balancer P --seconds S --threads N --stop-cmd CMD --start-cmd CMD
                                  reads and writes through the balancer while the replica stops
                                  (CMD run at 30 % of the time) and starts again (at 60 %)
  replica-metrics --instances ... --timeout S
                                  every instance's /metrics shows every replica up again
  lag --a P --b P --replica-url URL --iterations N
                                  read-your-writes: write through A, read through B with X-Folio-LSN
  bench-row --label L --wrk-output F [--note N] --out F
  bench-table ROW.json…           the Markdown table of scripts/cluster bench

Every check prints one line: "ok   <what>" or "FAIL <what>: <why>"; the exit status is 1 when
any check failed.
"""
import argparse
import http.client
import json
import os
import random
import re
import socket
import string
import subprocess
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import folio_client  # noqa: E402  (scripts/folio_client.py)

HOST = folio_client.HOST
LSN_HEADER = "X-Folio-LSN"
INSTANCE_HEADER = "X-Folio-Instance"  # added by HAProxy: the server that answered


# ---- HTTP -----------------------------------------------------------------------------------------

class Resp:
    def __init__(self, status, headers, body, via):
        self.status = status
        self.headers = {k.lower(): v for k, v in headers}
        self.body = body
        self.via = via  # the port asked
        try:
            self.json = json.loads(body) if body else None
        except ValueError:
            self.json = None

    def h(self, name):
        return self.headers.get(name.lower())

    def __repr__(self):
        return f"{self.status} {self.body[:300]!r}"


def request(port, method, path, body=None, token=None, headers=None, raw=None,
            content_type="application/json", timeout=10.0):
    """One request on a fresh connection (like folio_client.fetch, with headers and raw bodies)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        hdrs = dict(headers or {})
        data = None
        if raw is not None:
            data = raw
        elif body is not None:
            data = json.dumps(body).encode()
        if data is not None and content_type:
            hdrs["Content-Type"] = content_type
        if token:
            hdrs["Authorization"] = "Bearer " + token
        conn.request(method, path, body=data, headers=hdrs)
        r = conn.getresponse()
        return Resp(r.status, r.getheaders(), r.read(), port)
    finally:
        conn.close()


def lsn_value(text):
    hi, lo = text.split("/")
    return (int(hi, 16) << 32) | int(lo, 16)


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, what, cond, why=""):
        if cond:
            self.passed += 1
            print(f"ok   {what}", flush=True)
        else:
            self.failed += 1
            print(f"FAIL {what}: {why}", flush=True)
        return cond

    def status(self, what, resp, expected, code=None):
        exp = expected if isinstance(expected, (tuple, list, set)) else (expected,)
        ok = resp.status in exp
        if ok and code is not None:
            ok = isinstance(resp.json, dict) and resp.json.get("code") == code
        return self.check(f"{what} -> {'/'.join(map(str, exp))}{' ' + code if code else ''}", ok, repr(resp))


# ---- the API walk-through -------------------------------------------------------------------------

class Client:
    """Talks to the balancer; after every write, the next read goes straight to the *other*
    instance (the one HAProxy did not pick for the write), with the latest X-Folio-LSN seen."""

    def __init__(self, balancer, instances):
        self.balancer = balancer
        self.instances = instances  # name -> port
        self.lsn = None
        self.last_write_by = None
        self.served_by = {}
        self.cross_reads = 0
        self.lsn_sent = 0
        self.lsn_received = 0

    def _note(self, r):
        by = r.h(INSTANCE_HEADER)
        if by:
            self.served_by[by] = self.served_by.get(by, 0) + 1
        return by

    def call(self, method, path, body=None, token=None, headers=None, via=None, **kw):
        hdrs = dict(headers or {})
        port = self.balancer if via is None else self.instances[via]
        is_read = method in ("GET", "HEAD")
        if is_read and via is None and self.last_write_by in self.instances:
            others = [p for n, p in self.instances.items() if n != self.last_write_by]
            if others:
                port = others[0]
                self.cross_reads += 1
            self.last_write_by = None
        if self.lsn is not None:
            hdrs.setdefault(LSN_HEADER, self.lsn)
            self.lsn_sent += 1
        r = request(port, method, path, body=body, token=token, headers=hdrs, **kw)
        by = self._note(r)
        if not is_read:
            self.last_write_by = by
            got = r.h(LSN_HEADER)
            if got:
                self.lsn_received += 1
                if self.lsn is None or lsn_value(got) > lsn_value(self.lsn):
                    self.lsn = got
        return r

    def get(self, path, token=None, **kw):
        return self.call("GET", path, token=token, **kw)


def walk(c, client, path, token=None, limit=2, what="walk"):
    """Follows next_cursor to the end; the ids in order, or None when a page failed."""
    ids, cursor, pages = [], None, 0
    while True:
        sep = "&" if "?" in path else "?"
        url = f"{path}{sep}limit={limit}" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else "")
        r = client.get(url, token=token)
        if r.status != 200:
            c.check(f"{what}: page {pages + 1}", False, repr(r))
            return None
        page = r.json
        ids += [item["id"] if "id" in item else item["content"]["id"] for item in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if not cursor or pages > 100:
            return ids


def api_suite(args):
    instances = dict(item.split("=") for item in args.instances.split(","))
    instances = {k: int(v) for k, v in instances.items()}
    c = Checks()
    cl = Client(args.balancer, instances)
    sfx = "".join(random.choice(string.ascii_lowercase + string.digits) for _ in range(8))
    A = "/api/v1"

    # -- operational
    r = cl.get("/healthz")
    c.check("GET /healthz -> 200 {status: ok}", r.status == 200 and r.json == {"status": "ok"}, repr(r))
    r = cl.get("/readyz")
    c.check("GET /readyz -> 200 {status: ready}", r.status == 200 and r.json == {"status": "ready"}, repr(r))
    c.check("X-Request-Id generated", bool(r.h("X-Request-Id")), str(r.headers))
    r = cl.get("/healthz", headers={"X-Request-Id": "cluster-" + sfx})
    c.check("X-Request-Id echoed", r.h("X-Request-Id") == "cluster-" + sfx, str(r.headers))
    seen = {cl.get("/healthz").h(INSTANCE_HEADER) for _ in range(4)}
    c.check("the balancer spreads requests over both instances", seen == set(instances), f"served by {seen}")
    r = cl.get("/metrics")
    c.check("GET /metrics -> 200 Prometheus text", r.status == 200 and b"folio_http_requests_total" in r.body,
            repr(r)[:200])

    # -- accounts
    alice, bob = "alice_" + sfx, "bob_" + sfx
    pw = "correct horse " + sfx
    r = cl.call("POST", A + "/auth/register", {"username": alice.upper(), "email": f"{alice}@Example.com",
                                                "password": pw, "display_name": "Alice"})
    ok = c.status("register alice", r, 201)
    if not ok:
        print("cannot go on without a user", file=sys.stderr)
        return 1
    u = r.json["user"]
    c.check("register: username lowercased, email private and lowercased, token, expires_at",
            u["username"] == alice and u["email"] == f"{alice}@example.com" and u["role"] == "reader"
            and len(r.json["token"]) >= 22 and r.json["expires_at"].endswith("Z"), repr(r))
    alice_id = u["id"]
    r = cl.call("POST", A + "/auth/register", {"username": bob, "email": f"{bob}@example.com", "password": pw})
    c.status("register bob", r, 201)
    bob_id = r.json["user"]["id"]
    c.check("register: display_name defaults to the username", r.json["user"]["display_name"] == bob, repr(r))
    bob_tok = r.json["token"]
    r = cl.call("POST", A + "/auth/register", {"username": alice, "email": f"x{sfx}@example.com", "password": pw})
    c.status("register a taken username", r, 409, "conflict")
    c.check("409 names the field username", r.json and r.json.get("errors", [{}])[0].get("field") == "username",
            repr(r))
    r = cl.call("POST", A + "/auth/register", {"username": "x", "email": "nope", "password": "short"})
    c.status("register with three broken fields", r, 422, "validation_failed")
    c.check("422 has one errors[] entry per field", r.json and len(r.json.get("errors", [])) == 3, repr(r))
    c.check("problems are application/problem+json",
            (r.h("Content-Type") or "").startswith("application/problem+json"), str(r.headers))
    r = cl.call("POST", A + "/auth/register", {"username": "zed_" + sfx, "email": f"z{sfx}@example.com",
                                                "password": pw, "role": "admin"})
    c.status("register with an unknown field (role)", r, 422, "validation_failed")
    r = cl.call("POST", A + "/auth/register", raw=b"{not json")
    c.status("register with malformed JSON", r, 400, "bad_request")
    r = cl.call("POST", A + "/auth/register", raw=b"{}", content_type="text/plain")
    c.status("register with a text/plain body", r, (400, 415))
    r = cl.call("POST", A + "/auth/login", {"login": alice.upper(), "password": pw})
    c.status("login by username in upper case", r, 200)
    alice_tok = r.json["token"]
    r = cl.call("POST", A + "/auth/login", {"login": f"{alice}@example.com", "password": pw})
    c.status("login by e-mail", r, 200)
    spare_tok = r.json["token"]
    r = cl.call("POST", A + "/auth/login", {"login": alice, "password": "wrong password"})
    c.status("login with a wrong password", r, 401, "unauthorized")
    c.check("401 carries WWW-Authenticate: Bearer", (r.h("WWW-Authenticate") or "").startswith("Bearer"),
            str(r.headers))
    r = cl.get(A + "/me", token=alice_tok)
    c.check("GET /me -> 200 private user", r.status == 200 and r.json["id"] == alice_id and "email" in r.json,
            repr(r))
    r = cl.get(A + "/me")
    c.status("GET /me without a token", r, 401, "unauthorized")
    c.check("... with WWW-Authenticate", (r.h("WWW-Authenticate") or "").startswith("Bearer"), str(r.headers))
    r = cl.get(A + "/me", token="A" * 43)
    c.status("GET /me with an unknown token", r, 401, "unauthorized")
    r = cl.call("PATCH", A + "/me", {"display_name": "  Alice A.  ", "bio": "writes things"}, token=alice_tok)
    c.check("PATCH /me -> 200, display_name trimmed",
            r.status == 200 and r.json["display_name"] == "Alice A." and r.json["bio"] == "writes things", repr(r))
    r = cl.get(A + "/me", token=alice_tok)
    c.check("the next read (other instance) sees the PATCH", r.status == 200 and r.json["display_name"] == "Alice A.",
            repr(r))
    r = cl.call("PATCH", A + "/me", {"role": "admin"}, token=alice_tok)
    c.status("PATCH /me {role}", r, 422, "validation_failed")
    r = cl.get(A + f"/users/{alice}")
    c.check("GET /users/{username} -> 200 public form, no email",
            r.status == 200 and r.json["username"] == alice and "email" not in r.json and r.json["content_count"] == 0,
            repr(r))
    r = cl.get(A + "/users/nobody_" + sfx)
    c.status("GET an unknown user", r, 404, "not_found")
    r = cl.call("POST", A + "/auth/logout", token=spare_tok)
    c.status("logout", r, 204)
    r = cl.get(A + "/me", token=spare_tok)
    c.status("GET /me with the revoked token", r, 401, "unauthorized")
    r = cl.call("DELETE", A + "/me", token=alice_tok)
    c.check("DELETE /me -> 405 with Allow", r.status == 405 and "GET" in (r.h("Allow") or ""), repr(r))
    r = cl.get(A + "/no-such-thing-" + sfx)
    c.status("unknown path", r, 404)

    # -- contents
    r = cl.call("POST", A + "/contents", {"title": f"  The Long Road {sfx} ", "description": f"walks {sfx}zz",
                                          "tags": ["Fantasy", "slow-burn", "fantasy"]}, token=alice_tok)
    c.status("POST /contents", r, 201)
    content = r.json
    cid = content["id"]
    c.check("201 has Location and ETag", r.h("Location") == f"{A}/contents/{cid}" and bool(r.h("ETag")),
            str(r.headers))
    c.check("new content: draft, slug from title, tags lowercased and de-duplicated, counters 0",
            content["status"] == "draft" and content["published_at"] is None and content["kind"] == "novel"
            and content["slug"] == f"the-long-road-{sfx}" and content["tags"] == ["fantasy", "slow-burn"]
            and content["author"] == {"id": alice_id, "username": alice, "display_name": "Alice A."}
            and content["chapter_count"] == 0 and content["like_count"] == 0 and content["follower_count"] == 0,
            repr(content))
    r = cl.get(A + f"/contents/{cid}")
    c.status("GET a draft anonymously", r, 404, "not_found")
    r = cl.get(A + f"/contents/{cid}", token=bob_tok)
    c.status("GET someone else's draft", r, 404, "not_found")
    r = cl.get(A + f"/contents/{cid}", token=alice_tok)
    c.status("GET one's own draft", r, 200)
    r = cl.call("PATCH", A + f"/contents/{cid}", {"title": "x"}, token=bob_tok)
    c.status("PATCH someone else's draft", r, 404, "not_found")
    r = cl.call("POST", A + "/contents", {"title": "Another", "slug": content["slug"]}, token=bob_tok)
    c.status("POST /contents with a taken slug", r, 409, "conflict")
    c.check("409 names the field slug", r.json and r.json.get("errors", [{}])[0].get("field") == "slug", repr(r))
    r = cl.call("POST", A + "/contents", {"title": "", "kind": "poem"}, token=bob_tok)
    c.status("POST /contents with an empty title and a bad kind", r, 422, "validation_failed")
    r = cl.call("POST", A + "/contents", {"title": "no token"})
    c.status("POST /contents without a token", r, 401, "unauthorized")
    r = cl.call("PATCH", A + f"/contents/{cid}", {"status": "ongoing"}, token=alice_tok)
    c.check("PATCH status ongoing -> 200, published_at set",
            r.status == 200 and r.json["status"] == "ongoing" and r.json["published_at"], repr(r))
    r = cl.get(A + f"/contents/{cid}")
    c.check("the next read (other instance, anonymous) sees it published", r.status == 200
            and r.json["status"] == "ongoing", repr(r))
    etag = r.h("ETag")
    c.check("GET content has a strong ETag", bool(etag) and not etag.startswith("W/"), str(r.headers))
    r = cl.get(A + f"/contents/{content['slug']}")
    c.check("GET by slug -> the same content", r.status == 200 and r.json["id"] == cid, repr(r))
    r = cl.call("PATCH", A + f"/contents/{cid}", {"title": "stolen"}, token=bob_tok)
    c.status("PATCH someone else's content", r, 403, "forbidden")
    r = cl.call("PATCH", A + f"/contents/{cid}", {"title": "The Long Road, revised"}, token=alice_tok,
                headers={"If-Match": '"stale"'})
    c.status("PATCH with a stale If-Match", r, 412, "precondition_failed")
    r = cl.call("PATCH", A + f"/contents/{cid}", {"title": "The Long Road, revised"}, token=alice_tok,
                headers={"If-Match": etag})
    c.check("PATCH with the current If-Match -> 200, slug kept, new ETag",
            r.status == 200 and r.json["title"] == "The Long Road, revised" and r.json["slug"] == content["slug"]
            and r.h("ETag") and r.h("ETag") != etag, repr(r))
    etag2 = r.h("ETag")
    r = cl.get(A + f"/contents/{cid}", token=alice_tok)
    c.check("the next read (other instance) has the new title and the PATCH's ETag",
            r.status == 200 and r.json["title"] == "The Long Road, revised" and r.h("ETag") == etag2, repr(r))
    r = cl.call("PATCH", A + f"/contents/{cid}", {"title": "again"}, token=alice_tok, headers={"If-Match": etag})
    c.status("PATCH with the ETag from before the last change", r, 412, "precondition_failed")
    r = cl.call("PATCH", A + f"/contents/{cid}", {"like_count": 5}, token=alice_tok)
    c.status("PATCH a counter", r, 422, "validation_failed")
    for bad in ("999999999999", "0", "99999999999999999999999"):
        r = cl.get(A + f"/contents/{bad}")
        c.status(f"GET /contents/{bad}", r, 404, "not_found")

    # -- chapters
    chapters = []
    for i, (body, publish) in enumerate([("one two three", True), ("four five", True), ("six", False)], 1):
        r = cl.call("POST", A + f"/contents/{cid}/chapters", {"title": f"Chapter {i}", "body": body,
                                                              "publish": publish}, token=alice_tok)
        ok = c.check(f"POST chapter {i} -> 201, number {i}, word_count, Location",
                     r.status == 201 and r.json["number"] == i and r.json["word_count"] == len(body.split())
                     and (r.json["published_at"] is not None) == publish
                     and r.h("Location") == f"{A}/chapters/{r.json['id']}", repr(r))
        chapters.append(r.json["id"] if ok else None)
    ch1, ch2, ch3 = chapters
    r = cl.call("POST", A + f"/contents/{cid}/chapters", {"title": "dup", "body": "x", "number": 1}, token=alice_tok)
    c.status("POST a chapter with a taken number", r, 409, "conflict")
    c.check("409 names the field number", r.json and r.json.get("errors", [{}])[0].get("field") == "number", repr(r))
    r = cl.call("POST", A + f"/contents/{cid}/chapters", {"title": "bob's", "body": "x"}, token=bob_tok)
    c.status("POST a chapter to someone else's content", r, 403, "forbidden")
    r = cl.call("POST", A + f"/contents/{cid}/chapters", {"title": "", "body": ""}, token=alice_tok)
    c.status("POST a chapter with empty title and body", r, 422, "validation_failed")
    r = cl.get(A + f"/contents/{cid}/chapters")
    c.check("GET chapters anonymously: the published ones by number, no body",
            r.status == 200 and [x["id"] for x in r.json["items"]] == [ch1, ch2]
            and all("body" not in x for x in r.json["items"]), repr(r))
    r = cl.get(A + f"/contents/{cid}/chapters", token=alice_tok)
    c.check("GET chapters as the author: the unpublished one too",
            r.status == 200 and [x["id"] for x in r.json["items"]] == [ch1, ch2, ch3], repr(r))
    r = cl.get(A + f"/contents/{cid}")
    c.check("chapter_count counts published chapters", r.status == 200 and r.json["chapter_count"] == 2, repr(r))
    r = cl.get(A + f"/chapters/{ch1}")
    c.check("GET chapter 1: body, prev_id null, next_id chapter 2, ETag",
            r.status == 200 and r.json["body"] == "one two three" and r.json["prev_id"] is None
            and r.json["next_id"] == ch2 and bool(r.h("ETag")), repr(r))
    r = cl.get(A + f"/chapters/{ch2}")
    c.check("GET chapter 2 anonymously: next_id null (chapter 3 unpublished)",
            r.status == 200 and r.json["next_id"] is None and r.json["prev_id"] == ch1, repr(r))
    r = cl.get(A + f"/chapters/{ch2}", token=alice_tok)
    c.check("GET chapter 2 as the author: next_id chapter 3", r.status == 200 and r.json["next_id"] == ch3, repr(r))
    r = cl.get(A + f"/chapters/{ch3}")
    c.status("GET an unpublished chapter anonymously", r, 404, "not_found")
    r = cl.call("PATCH", A + f"/chapters/{ch3}", {"publish": True}, token=alice_tok)
    c.status("PATCH a chapter with 'publish' (creation's name)", r, 422, "validation_failed")
    r = cl.call("PATCH", A + f"/chapters/{ch3}", {"published": True}, token=alice_tok, headers={"If-Match": '"nope"'})
    c.status("PATCH a chapter with a stale If-Match", r, 412, "precondition_failed")
    r = cl.call("PATCH", A + f"/chapters/{ch3}", {"published": True, "title": "Chapter three"}, token=alice_tok)
    c.check("PATCH chapter 3 published -> 200", r.status == 200 and r.json["published_at"] is not None
            and r.json["title"] == "Chapter three", repr(r))
    r = cl.get(A + f"/contents/{cid}")
    c.check("the next read (other instance) counts 3 published chapters",
            r.status == 200 and r.json["chapter_count"] == 3, repr(r))
    r = cl.call("PATCH", A + f"/chapters/{ch3}", {"title": "mine"}, token=bob_tok)
    c.status("PATCH someone else's chapter", r, 403, "forbidden")
    ids = walk(c, cl, A + f"/contents/{cid}/chapters", limit=2, what="chapters pages")
    c.check("chapter pages of 2: every chapter once, by number", ids == [ch1, ch2, ch3], repr(ids))
    r = cl.get(A + f"/contents/{cid}/chapters?limit=0")
    c.status("GET chapters ?limit=0", r, 400, "bad_request")
    r = cl.get(A + f"/contents/{cid}/chapters?limit=101")
    c.status("GET chapters ?limit=101", r, 400, "bad_request")
    r = cl.get(A + f"/contents/{cid}/chapters?limit=1")
    cur = r.json["next_cursor"] if r.status == 200 else ""
    tampered = (cur[:-2] + ("AA" if not cur.endswith("AA") else "BB")) if cur else "x"
    r = cl.get(A + f"/contents/{cid}/chapters?cursor={urllib.parse.quote(tampered)}")
    c.status("GET chapters with a tampered cursor", r, 400, "bad_request")

    # -- comments
    r = cl.call("POST", A + f"/chapters/{ch1}/comments", {"body": "Bob was here"}, token=bob_tok)
    c.check("POST a comment -> 201 with Location", r.status == 201 and r.json["parent_id"] is None
            and r.json["author"]["id"] == bob_id and r.json["reply_count"] == 0 and r.json["deleted"] is False
            and r.h("Location") == f"{A}/comments/{r.json['id']}", repr(r))
    top = r.json["id"]
    r = cl.get(A + f"/comments/{top}")
    c.check("the next read (other instance) finds the comment", r.status == 200 and r.json["body"] == "Bob was here",
            repr(r))
    r = cl.call("POST", A + f"/chapters/{ch1}/comments", {"body": "thanks!", "parent_id": top}, token=alice_tok)
    c.check("POST a reply -> 201", r.status == 201 and r.json["parent_id"] == top, repr(r))
    reply = r.json["id"]
    r = cl.get(A + f"/comments/{top}")
    c.check("the parent's reply_count is 1", r.status == 200 and r.json["reply_count"] == 1, repr(r))
    r = cl.get(A + f"/chapters/{ch1}")
    c.check("the chapter's comment_count is 2", r.status == 200 and r.json["comment_count"] == 2, repr(r))
    r = cl.call("POST", A + f"/chapters/{ch2}/comments", {"body": "wrong thread", "parent_id": top}, token=bob_tok)
    c.status("POST a reply to a comment of another chapter", r, 422, "validation_failed")
    c.check("422 names parent_id", r.json and r.json.get("errors", [{}])[0].get("field") == "parent_id", repr(r))
    r = cl.call("POST", A + f"/chapters/{ch1}/comments", {"body": "anon"})
    c.status("POST a comment without a token", r, 401, "unauthorized")
    r = cl.call("POST", A + f"/chapters/{ch1}/comments", {"body": ""}, token=bob_tok)
    c.status("POST an empty comment", r, 422, "validation_failed")
    r = cl.get(A + f"/chapters/{ch1}/comments")
    c.check("GET comments: top-level only", r.status == 200 and [x["id"] for x in r.json["items"]] == [top], repr(r))
    r = cl.get(A + f"/comments/{top}/replies")
    c.check("GET replies", r.status == 200 and [x["id"] for x in r.json["items"]] == [reply], repr(r))
    r = cl.call("PATCH", A + f"/comments/{top}", {"body": "edited by alice"}, token=alice_tok)
    c.status("PATCH someone else's comment", r, 403, "forbidden")
    r = cl.call("PATCH", A + f"/comments/{top}", {"body": "Bob was here (edited)"}, token=bob_tok)
    c.check("PATCH one's own comment -> 200", r.status == 200 and r.json["body"] == "Bob was here (edited)", repr(r))
    r = cl.get(A + f"/comments/{top}")
    c.check("the next read (other instance) sees the edit", r.status == 200
            and r.json["body"] == "Bob was here (edited)", repr(r))
    r = cl.call("DELETE", A + f"/comments/{top}", token=alice_tok)
    c.status("DELETE a comment as the content's author", r, 204)
    r = cl.get(A + f"/comments/{top}")
    c.check("the deleted comment stays: deleted, body null, author and reply_count kept",
            r.status == 200 and r.json["deleted"] is True and r.json["body"] is None
            and r.json["author"]["id"] == bob_id and r.json["reply_count"] == 1, repr(r))
    r = cl.get(A + f"/chapters/{ch1}")
    c.check("comment_count drops by one", r.status == 200 and r.json["comment_count"] == 1, repr(r))
    r = cl.call("PATCH", A + f"/comments/{top}", {"body": "resurrect"}, token=bob_tok)
    c.status("PATCH a deleted comment", r, 409, "conflict")
    r = cl.call("DELETE", A + f"/comments/{top}", token=bob_tok)
    c.status("DELETE it again", r, 204)
    posted = []
    for i in range(5):
        r = cl.call("POST", A + f"/chapters/{ch2}/comments", {"body": f"comment {i}"}, token=bob_tok)
        posted.append(r.json["id"] if r.status == 201 else None)
    c.check("five more comments posted", None not in posted, repr(posted))
    ids = walk(c, cl, A + f"/chapters/{ch2}/comments?sort=oldest", limit=2, what="comment pages")
    c.check("comment pages (oldest, 2 a page): each once, ascending", ids == posted, repr(ids))
    ids = walk(c, cl, A + f"/chapters/{ch2}/comments?sort=newest", limit=2, what="comment pages")
    c.check("comment pages (newest): each once, descending", ids == posted[::-1], repr(ids))
    r = cl.get(A + f"/chapters/{ch2}/comments?sort=best")
    c.status("GET comments ?sort=best", r, 400, "bad_request")
    r = cl.get(A + f"/chapters/{ch2}/comments?limit=2")
    cur = r.json["next_cursor"] if r.status == 200 else "x"
    r = cl.get(A + f"/contents/{cid}/chapters?cursor={urllib.parse.quote(cur)}")
    c.status("a comments cursor used on a chapter list", r, 400, "bad_request")

    # -- likes
    r = cl.call("PUT", A + f"/contents/{cid}/like", token=bob_tok)
    c.status("PUT like", r, 204)
    r = cl.call("PUT", A + f"/contents/{cid}/like", token=bob_tok)
    c.status("PUT like again (idempotent)", r, 204)
    r = cl.get(A + f"/contents/{cid}")
    c.check("like_count is 1", r.status == 200 and r.json["like_count"] == 1, repr(r))
    r = cl.call("DELETE", A + f"/contents/{cid}/like", token=bob_tok)
    c.status("DELETE like", r, 204)
    r = cl.get(A + f"/contents/{cid}")
    c.check("like_count is 0 again", r.status == 200 and r.json["like_count"] == 0, repr(r))
    r = cl.call("DELETE", A + f"/contents/{cid}/like", token=bob_tok)
    c.status("DELETE like again (idempotent)", r, 204)
    r = cl.call("PUT", A + f"/contents/{cid}/like")
    c.status("PUT like without a token", r, 401, "unauthorized")
    r = cl.call("POST", A + "/contents", {"title": "Alice's secret draft " + sfx}, token=alice_tok)
    draft = r.json["id"] if r.status == 201 else 0
    r = cl.call("PUT", A + f"/contents/{draft}/like", token=bob_tok)
    c.status("like someone else's draft", r, 404, "not_found")

    # -- library and progress
    r = cl.call("PUT", A + f"/me/library/{cid}", token=bob_tok)
    c.status("follow (PUT /me/library/{id})", r, 204)
    r = cl.call("PUT", A + f"/me/library/{cid}", token=bob_tok)
    c.status("follow again (idempotent)", r, 204)
    r = cl.get(A + f"/contents/{cid}")
    c.check("follower_count is 1", r.status == 200 and r.json["follower_count"] == 1, repr(r))
    r = cl.get(A + "/me/library", token=bob_tok)
    c.check("GET /me/library: the content, no progress yet",
            r.status == 200 and [e["content"]["id"] for e in r.json["items"]] == [cid]
            and r.json["items"][0]["last_read_chapter_id"] is None, repr(r))
    r = cl.call("PUT", A + f"/me/progress/{cid}", {"chapter_id": ch2}, token=bob_tok)
    c.status("PUT progress", r, 204)
    r = cl.get(A + "/me/library", token=bob_tok)
    c.check("the next read (other instance) has last_read_chapter_id",
            r.status == 200 and r.json["items"][0]["last_read_chapter_id"] == ch2, repr(r))
    r = cl.call("POST", A + "/contents", {"title": "Second " + sfx, "status": "completed"}, token=alice_tok)
    cid2 = r.json["id"] if r.status == 201 else 0
    r = cl.call("POST", A + f"/contents/{cid2}/chapters", {"title": "Only", "body": "x", "publish": True},
                token=alice_tok)
    other_ch = r.json["id"] if r.status == 201 else 0
    c.check("a second published content with a chapter", cid2 and other_ch, repr(r))
    r = cl.call("PUT", A + f"/me/progress/{cid}", {"chapter_id": other_ch}, token=bob_tok)
    c.status("PUT progress with another content's chapter", r, 422, "validation_failed")
    c.check("422 names chapter_id", r.json and r.json.get("errors", [{}])[0].get("field") == "chapter_id", repr(r))
    r = cl.call("PUT", A + f"/me/progress/{cid2}", {"chapter_id": other_ch}, token=bob_tok)
    c.status("PUT progress in a content not followed yet", r, 204)
    r = cl.get(A + "/me/library", token=bob_tok)
    c.check("it follows it, newest entry first", r.status == 200
            and [e["content"]["id"] for e in r.json["items"]] == [cid2, cid], repr(r))
    r = cl.get(A + f"/contents/{cid2}")
    c.check("... and its follower_count is 1", r.status == 200 and r.json["follower_count"] == 1, repr(r))
    ids = walk(c, cl, A + "/me/library", token=bob_tok, limit=1, what="library pages")
    c.check("library pages of 1", ids == [cid2, cid], repr(ids))
    r = cl.call("DELETE", A + f"/me/library/{cid}", token=bob_tok)
    c.status("unfollow", r, 204)
    r = cl.get(A + f"/contents/{cid}")
    c.check("follower_count is 0 again", r.status == 200 and r.json["follower_count"] == 0, repr(r))
    r = cl.get(A + "/me/library")
    c.status("GET /me/library without a token", r, 401, "unauthorized")

    # -- listings
    tag = "t" + sfx
    listed = []
    for i in range(5):
        r = cl.call("POST", A + "/contents", {"title": f"Listed {i} {sfx}", "status": "ongoing", "tags": [tag],
                                              "kind": "comic" if i % 2 else "article"}, token=alice_tok)
        listed.append(r.json["id"] if r.status == 201 else None)
    c.check("five published contents with one tag", None not in listed, repr(listed))
    ids = walk(c, cl, A + f"/contents?tag={tag}", limit=2, what="content pages")
    c.check("GET /contents?tag: pages of 2, each once, newest first", ids == listed[::-1], repr(ids))
    ids = walk(c, cl, A + f"/contents?tag={tag}&kind=comic", limit=100, what="kind filter")
    c.check("GET /contents?tag&kind=comic", ids == [listed[3], listed[1]], repr(ids))
    r = cl.get(A + f"/contents?q={sfx}zz")
    c.check("GET /contents?q finds a word of the description",
            r.status == 200 and [x["id"] for x in r.json["items"]] == [cid], repr(r))
    ids = walk(c, cl, A + f"/contents?author={alice}&limit=100", limit=100, what="author filter")
    c.check("GET /contents?author: published only, drafts never listed",
            ids is not None and set(ids) == set(listed + [cid, cid2]), repr(ids))
    r = cl.get(A + f"/users/{alice}/contents?limit=100", token=alice_tok)
    c.check("GET /users/{me}/contents lists my drafts too",
            r.status == 200 and draft in [x["id"] for x in r.json["items"]], repr(r))
    r = cl.get(A + f"/users/{alice}/contents?limit=100")
    c.check("... but not to others", r.status == 200 and draft not in [x["id"] for x in r.json["items"]], repr(r))
    r = cl.get(A + f"/users/{alice}")
    c.check("content_count counts non-drafts", r.status == 200 and r.json["content_count"] == 7, repr(r))
    for q in ("sort=bogus", "kind=poem", "status=lost", "limit=abc"):
        r = cl.get(A + f"/contents?{q}")
        c.status(f"GET /contents?{q}", r, 400, "bad_request")
    r = cl.get(A + "/contents?sort=popular&limit=3")
    c.check("GET /contents?sort=popular", r.status == 200 and len(r.json["items"]) <= 3, repr(r))
    # A cursor signed by one instance is taken by the other (the same CURSOR_SECRET).
    names = sorted(instances)
    r1 = cl.get(A + f"/contents?tag={tag}&limit=2", via=names[0])
    cur = r1.json["next_cursor"] if r1.status == 200 else "x"
    r2 = cl.get(A + f"/contents?tag={tag}&limit=2&cursor={urllib.parse.quote(cur)}", via=names[1])
    c.check(f"a cursor from {names[0]} works on {names[1]}",
            r2.status == 200 and [x["id"] for x in r2.json["items"]] == listed[::-1][2:4], repr(r2))

    # -- deletions
    r = cl.call("DELETE", A + f"/chapters/{ch3}", token=alice_tok)
    c.status("DELETE a chapter", r, 204)
    r = cl.get(A + f"/chapters/{ch3}", token=alice_tok)
    c.status("the next read (other instance) of the deleted chapter", r, 404, "not_found")
    r = cl.get(A + f"/contents/{cid}")
    c.check("chapter_count drops to 2", r.status == 200 and r.json["chapter_count"] == 2, repr(r))
    r = cl.call("DELETE", A + f"/chapters/{ch3}", token=alice_tok)
    c.status("DELETE the chapter again", r, 404, "not_found")
    r = cl.call("DELETE", A + f"/contents/{cid2}", token=bob_tok)
    c.status("DELETE someone else's content", r, 403, "forbidden")
    r = cl.call("DELETE", A + f"/contents/{cid2}", token=alice_tok, headers={"If-Match": '"old"'})
    c.status("DELETE a content with a stale If-Match", r, 412, "precondition_failed")
    r = cl.call("DELETE", A + f"/contents/{cid2}", token=alice_tok)
    c.status("DELETE a content", r, 204)
    r = cl.get(A + f"/contents/{cid2}")
    c.status("the next read (other instance) of the deleted content", r, 404, "not_found")
    r = cl.get(A + f"/chapters/{other_ch}")
    c.status("its chapter is gone too", r, 404, "not_found")
    r = cl.call("POST", A + "/auth/logout", token=alice_tok)
    c.status("logout alice", r, 204)

    if cl.lsn_received:
        r = request(args.balancer, "GET", A + f"/contents/{cid}", headers={LSN_HEADER: "not-a-position"})
        c.status(f"GET with a malformed {LSN_HEADER}", r, 400, "bad_request")
    else:
        print(f"skipped: GET with a malformed {LSN_HEADER} (no write answered one)", flush=True)

    print(f"api: {c.passed} passed, {c.failed} failed; served by {dict(sorted(cl.served_by.items()))}; "
          f"{cl.cross_reads} reads right after a write went to the other instance; "
          f"X-Folio-LSN received on {cl.lsn_received} writes, sent on {cl.lsn_sent} requests", flush=True)
    if cl.lsn_received == 0:
        print("note: no write answered X-Folio-LSN (this folio has no read-your-writes yet)", flush=True)
    return 1 if c.failed else 0


# ---- load with the replica stopping ---------------------------------------------------------------

def setup_content(port, tag):
    """A user, a published content with two published chapters: (token, content, [chapters])."""
    name = f"{tag}_{random.randrange(10**9)}"
    r = request(port, "POST", "/api/v1/auth/register",
                {"username": name, "email": f"{name}@example.com", "password": "password " + name})
    if r.status != 201:
        raise RuntimeError(f"register: {r!r}")
    tok = r.json["token"]
    r = request(port, "POST", "/api/v1/contents", {"title": f"Load {name}", "status": "ongoing"}, token=tok)
    if r.status != 201:
        raise RuntimeError(f"content: {r!r}")
    cid = r.json["id"]
    chs = []
    for i in range(2):
        r = request(port, "POST", f"/api/v1/contents/{cid}/chapters", {"title": f"c{i}", "body": "words " * 50,
                                                                      "publish": True}, token=tok)
        if r.status != 201:
            raise RuntimeError(f"chapter: {r!r}")
        chs.append(r.json["id"])
    return tok, cid, chs


def load(args):
    port = args.balancer
    tok, cid, chs = setup_content(port, "load")
    stop_at, start_at = args.seconds * 0.3, args.seconds * 0.6
    counts = {}
    errors = []
    latencies = []
    lock = threading.Lock()
    t0 = time.monotonic()
    end = t0 + args.seconds
    events = []

    def worker(n):
        rnd = random.Random(n)
        lsn = None
        while time.monotonic() < end:
            x = rnd.random()
            hdrs = {LSN_HEADER: lsn} if lsn else {}
            ch = rnd.choice(chs)
            if x < 0.25:
                m, p, b = "GET", f"/api/v1/contents/{cid}", None
            elif x < 0.45:
                m, p, b = "GET", f"/api/v1/chapters/{ch}", None
            elif x < 0.6:
                m, p, b = "GET", f"/api/v1/chapters/{ch}/comments?sort=newest&limit=5", None
            elif x < 0.7:
                m, p, b = "GET", "/api/v1/me/library", None
            elif x < 0.85:
                m, p, b = "POST", f"/api/v1/chapters/{ch}/comments", {"body": f"load {n}"}
            elif x < 0.92:
                m, p, b = rnd.choice(["PUT", "DELETE"]), f"/api/v1/contents/{cid}/like", None
            else:
                m, p, b = "PUT", f"/api/v1/me/progress/{cid}", {"chapter_id": ch}
            key = f"{m} {p.split('?')[0].rsplit('/', 1)[-1] if m != 'GET' else 'read'}"
            try:
                started = time.monotonic()
                r = request(port, m, p, body=b, token=tok, headers=hdrs, timeout=15)
                with lock:
                    latencies.append(time.monotonic() - started)
                if r.h(LSN_HEADER):
                    lsn = r.h(LSN_HEADER)
                with lock:
                    counts[r.status] = counts.get(r.status, 0) + 1
                    if not 200 <= r.status < 300 and len(errors) < 10:
                        errors.append(f"{key}: {r!r}")
            except Exception as e:  # connection refused, reset, timeout: all failures here
                with lock:
                    counts["error"] = counts.get("error", 0) + 1
                    if len(errors) < 10:
                        errors.append(f"{key}: {type(e).__name__}: {e}")

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.threads)]
    for t in threads:
        t.start()

    def run_at(when, cmd, label):
        while time.monotonic() - t0 < when:
            time.sleep(0.05)
        a = time.monotonic() - t0
        rc = subprocess.run(["bash", "-c", cmd]).returncode
        events.append(f"{label} at {a:.1f} s (done at {time.monotonic() - t0:.1f} s, exit {rc})")
        return rc

    instances = {k: int(v) for k, v in (i.split("=") for i in args.instances.split(","))} if args.instances else {}

    def watch(want, until, since, label):
        """Polls each instance's folio_db_replica_up until every replica shows `want` (or until)."""
        pending = dict(instances)
        while pending and time.monotonic() < until:
            for name, p in list(pending.items()):
                try:
                    up = metric_values(request(p, "GET", "/metrics", timeout=2).body.decode(), "folio_db_replica_up")
                except OSError:
                    continue
                if not up:
                    pending.pop(name)
                    events.append(f"{name}: no replica metrics")
                elif all(v == want for v in up.values()):
                    pending.pop(name)
                    events.append(f"{name} shows the replica {label} {time.monotonic() - since:.1f} s later")
            time.sleep(0.05)
        for name in pending:
            events.append(f"{name} did not show the replica {label} in {until - since:.1f} s")

    rc1 = run_at(stop_at, args.stop_cmd, "replica stopped (immediate)")
    watch(0, t0 + start_at, time.monotonic(), "down")
    rc2 = run_at(start_at, args.start_cmd, "replica started")
    watch(1, max(end, time.monotonic() + 5), time.monotonic(), "up")
    for t in threads:
        t.join()
    total = sum(counts.values())
    ok2xx = sum(v for k, v in counts.items() if isinstance(k, int) and 200 <= k < 300)
    for e in events:
        print(f"load: {e}", flush=True)
    print(f"load: {total} requests in {args.seconds:.0f} s by {args.threads} threads: "
          f"{json.dumps({str(k): v for k, v in sorted(counts.items(), key=str)})}", flush=True)
    if latencies:
        lat = sorted(latencies)
        pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000  # noqa: E731
        print(f"load: latency p50 {pct(0.5):.1f} ms, p99 {pct(0.99):.1f} ms, max {lat[-1] * 1000:.1f} ms", flush=True)
    for e in errors:
        print(f"  {e}", flush=True)
    c = Checks()
    c.check("the replica was stopped and started", rc1 == 0 and rc2 == 0, f"exit {rc1}, {rc2}")
    c.check(f"every request during the replica's outage succeeded ({ok2xx}/{total} 2xx)",
            total > 0 and ok2xx == total, f"{total - ok2xx} failed")
    return 1 if c.failed else 0


def metric_values(text, name):
    out = {}
    for line in text.splitlines():
        m = re.match(rf'^{name}\{{(.*)\}}\s+(\S+)$', line)
        if m:
            out[m.group(1)] = float(m.group(2))
    return out


def replica_metrics(args):
    """Polls each instance's /metrics until `args.metric` is 1 for every replica."""
    instances = {k: int(v) for k, v in (item.split("=") for item in args.instances.split(","))}
    metric = args.metric
    c = Checks()
    deadline = time.monotonic() + args.timeout
    t0 = time.monotonic()
    for name, port in instances.items():
        while True:
            r = None
            try:
                r = request(port, "GET", "/metrics", timeout=5)
                up = metric_values(r.body.decode(), metric) if r.status == 200 else {}
            except OSError:
                up = {}
            if r is not None and r.status == 200 and metric.encode() not in r.body:
                print(f"skipped: no replica metrics ({name} has no {metric})", flush=True)
                break
            if up and all(v == 1 for v in up.values()):
                lag = metric_values(r.body.decode(), "folio_db_replica_lag_bytes")
                c.check(f"{name}: {metric} 1 for every replica (after {time.monotonic() - t0:.1f} s of polling; "
                        f"{', '.join(up)}; lag bytes {list(lag.values())})", True)
                break
            if time.monotonic() > deadline:
                c.check(f"{name}: {metric} 1 for every replica within {args.timeout} s", False, f"{metric} {up}")
                break
            time.sleep(0.2)
    return 1 if c.failed else 0


def lag_bound(args):
    """With the replica's apply delay past DB_REPLICA_MAX_LAG_MS and writes going on, every instance
    must take the replica out of the rotation, and a read without X-Folio-LSN must then be fresh
    (the primary serves it)."""
    instances = {k: int(v) for k, v in (item.split("=") for item in args.instances.split(","))}
    c = Checks()
    a, b = args.a, args.b
    tok, cid, _ = setup_content(a, "bound")
    deadline = time.monotonic() + args.timeout
    t0 = time.monotonic()
    out = {}
    mark = ""
    while time.monotonic() < deadline:
        mark = f"bound {random.randrange(10**9)}"
        w = request(a, "PATCH", f"/api/v1/contents/{cid}", {"description": mark}, token=tok)
        if w.status != 200:
            c.check("writes go on while the replica lags", False, repr(w))
            return 1
        for name, port in instances.items():
            gauges = metric_values(request(port, "GET", "/metrics").body.decode(), "folio_db_replica_in_rotation")
            if gauges and all(v == 0 for v in gauges.values()):
                out.setdefault(name, time.monotonic() - t0)
        if len(out) == len(instances):
            break
        time.sleep(0.2)
    for name in instances:
        c.check(f"{name} took the lagging replica out of the rotation",
                name in out, f"still in rotation after {args.timeout} s")
        if name in out:
            print(f"bound: {name} after {out[name]:.1f} s of writes", flush=True)
    plain = request(b, "GET", f"/api/v1/contents/{cid}")
    c.check("a read without X-Folio-LSN through B sees the last write (the primary served it)",
            plain.status == 200 and plain.json["description"] == mark, repr(plain))
    return 1 if c.failed else 0


# ---- read-your-writes under lag -------------------------------------------------------------------

def psql(url, sql):
    p = subprocess.run(["psql", "-XAtq", url, "-c", sql], capture_output=True, text=True, timeout=10)
    return p.stdout.strip() if p.returncode == 0 else f"(psql failed: {p.stderr.strip()})"


def lag(args):
    a, b = args.a, args.b
    c = Checks()
    tok, cid, chs = setup_content(a, "lag")
    seen_lsn = 0
    replica_stale = 0
    stale_without = 0
    wrong = []
    for i in range(args.iterations):
        mark = f"lag {i} {random.randrange(10**9)}"
        if i % 2 == 0:
            w = request(a, "PATCH", f"/api/v1/contents/{cid}", {"description": mark}, token=tok)
            lsn = w.h(LSN_HEADER)
            hdrs = {LSN_HEADER: lsn} if lsn else {}
            r = request(b, "GET", f"/api/v1/contents/{cid}", headers=hdrs)
            fresh = r.status == 200 and r.json["description"] == mark
            plain = request(b, "GET", f"/api/v1/contents/{cid}")
            stale = not (plain.status == 200 and plain.json["description"] == mark)
            on_replica = psql(args.replica_url, f"SELECT description FROM contents WHERE id = {cid}")
            behind = on_replica != mark
            what = "PATCH content"
        else:
            w = request(a, "POST", f"/api/v1/chapters/{chs[0]}/comments", {"body": mark}, token=tok)
            lsn = w.h(LSN_HEADER)
            hdrs = {LSN_HEADER: lsn} if lsn else {}
            cm = w.json["id"] if w.status == 201 else 0
            r = request(b, "GET", f"/api/v1/comments/{cm}", headers=hdrs)
            fresh = r.status == 200 and r.json["body"] == mark
            plain = request(b, "GET", f"/api/v1/comments/{cm}")
            stale = plain.status != 200
            on_replica = psql(args.replica_url, f"SELECT count(*) FROM comments WHERE id = {cm}")
            behind = on_replica != "1"
            what = "POST comment"
        if not (200 <= w.status < 300):
            wrong.append(f"{i}: {what} answered {w!r}")
            continue
        seen_lsn += bool(lsn)
        replica_stale += behind
        stale_without += stale
        if not fresh:
            wrong.append(f"{i}: {what} then GET through B with {LSN_HEADER}={lsn}: {r!r}")
    n = args.iterations
    print(f"lag: the replica had not replayed the write yet right after it in {replica_stale}/{n} iterations "
          f"(psql on the replica; evidence of the lag)", flush=True)
    print(f"lag: reads through B without {LSN_HEADER} saw stale data in {stale_without}/{n} iterations "
          f"(0 means B served them from the primary)", flush=True)
    print(f"lag: {seen_lsn}/{n} writes answered {LSN_HEADER}", flush=True)
    for x in wrong[:10]:
        print(f"  {x}", flush=True)
    try:
        text = request(b, "GET", "/metrics").body.decode()
        shown = [line for line in text.splitlines() if line.startswith("folio_db_replica_")]
        if shown:
            print("lag: B's replica gauges now: " + "; ".join(shown), flush=True)
    except OSError:
        pass
    c.check(f"read-your-writes: write through A, read through B with {LSN_HEADER}, {n} times: "
            f"{n - len(wrong)}/{n} saw the write", not wrong, f"{len(wrong)} did not")
    return 1 if c.failed else 0


# ---- bench ----------------------------------------------------------------------------------------

def bench_row(args):
    row = {"label": args.label, "note": args.note or ""}
    try:
        text = open(args.wrk_output).read()
    except OSError:
        text = ""
    m = re.search(r"^FOLIO_WRK (\{.*\})$", text, re.M)
    if m:
        w = json.loads(m.group(1))
        secs = w["duration_us"] / 1e6
        row.update(rps=w["requests"] / secs if secs else 0, p50=w["p50_us"] / 1000, p99=w["p99_us"] / 1000,
                   non2xx=w["non_2xx"], errors=w["connect_errors"] + w["read_errors"] + w["write_errors"]
                   + w["timeouts"])
        if w.get("statuses"):
            row["note"] = "; ".join(filter(None, [row["note"], "statuses " + ", ".join(
                f"{k}: {v}" for k, v in sorted(w["statuses"].items()))]))
    with open(args.out, "w") as f:
        json.dump(row, f)
    return 0


def bench_table(args):
    print("| setup | requests/s | p50 ms | p99 ms | non-2xx | socket errors | note |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for path in args.rows:
        r = json.load(open(path))
        if "rps" in r:
            print(f"| {r['label']} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['non2xx']} | "
                  f"{r['errors']} | {r['note']} |")
        else:
            print(f"| {r['label']} | – | – | – | – | – | {r['note'] or 'no result'} |")
    return 0


# ---- small ones -----------------------------------------------------------------------------------

def free_ports(args):
    socks = []
    for _ in range(args.n):
        s = socket.socket()
        s.bind((HOST, 0))
        socks.append(s)
    for s in socks:
        print(s.getsockname()[1])
        s.close()
    return 0


def wait_ready(args):
    return folio_client.wait_ready("cluster", args.port, args.pid, args.timeout)


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("free-ports")
    s.add_argument("n", type=int)
    s.set_defaults(fn=free_ports)
    s = sub.add_parser("wait-ready")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--pid", type=int, default=0)
    s.add_argument("--timeout", type=float, default=60)
    s.set_defaults(fn=wait_ready)
    s = sub.add_parser("api")
    s.add_argument("--balancer", type=int, required=True)
    s.add_argument("--instances", required=True)
    s.set_defaults(fn=api_suite)
    s = sub.add_parser("load")
    s.add_argument("--balancer", type=int, required=True)
    s.add_argument("--seconds", type=float, default=10)
    s.add_argument("--threads", type=int, default=4)
    s.add_argument("--stop-cmd", required=True)
    s.add_argument("--start-cmd", required=True)
    s.add_argument("--instances", default="")
    s.set_defaults(fn=load)
    s = sub.add_parser("replica-metrics")
    s.add_argument("--instances", required=True)
    s.add_argument("--timeout", type=float, default=30)
    s.add_argument("--metric", default="folio_db_replica_up")
    s.set_defaults(fn=replica_metrics)
    s = sub.add_parser("lag-bound")
    s.add_argument("--a", type=int, required=True)
    s.add_argument("--b", type=int, required=True)
    s.add_argument("--instances", required=True)
    s.add_argument("--timeout", type=float, default=30)
    s.set_defaults(fn=lag_bound)
    s = sub.add_parser("lag")
    s.add_argument("--a", type=int, required=True)
    s.add_argument("--b", type=int, required=True)
    s.add_argument("--replica-url", required=True)
    s.add_argument("--iterations", type=int, default=20)
    s.set_defaults(fn=lag)
    s = sub.add_parser("bench-row")
    s.add_argument("--label", required=True)
    s.add_argument("--wrk-output", required=True)
    s.add_argument("--note", default="")
    s.add_argument("--out", required=True)
    s.set_defaults(fn=bench_row)
    s = sub.add_parser("bench-table")
    s.add_argument("rows", nargs="*")
    s.set_defaults(fn=bench_table)
    args = p.parse_args()
    sys.exit(args.fn(args))


if __name__ == "__main__":
    main()
