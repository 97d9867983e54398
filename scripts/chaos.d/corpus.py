"""The bad-input corpus of scripts/chaos: hostile or malformed requests, each sent on a fresh
connection by `chaos.py bad-input`. Every case must be answered with a 4xx that the client reads
(never a 5xx, never a connection dropped without an answer), unless `no_answer_ok` says why HTTP
itself allows no answer. After the corpus, folio must still serve /healthz.

Where HTTP lets a server either reject a form or read it leniently (bare LF line ends, obs-fold,
absolute-form targets, a missing Host), the request names a resource that does not exist, so both
readings end in a 4xx: the case checks that folio survives and answers, not which reading it picks.
"""

import json
import random

CRLF = b"\r\n"
MISSING = "/api/v1/contents/999999999"  # a content that does not exist: 404 when read leniently


def raw(*lines, body=b""):
    return CRLF.join(x if isinstance(x, bytes) else x.encode() for x in lines) + CRLF + CRLF + body


def request(method, target, headers=(), body=b"", host=True):
    lines = [f"{method} {target} HTTP/1.1".encode() if isinstance(target, str) else
             method.encode() + b" " + target + b" HTTP/1.1"]
    if host:
        lines.append(b"Host: 127.0.0.1")
    for h in headers:
        lines.append(h if isinstance(h, bytes) else h.encode())
    if body and not any((h if isinstance(h, str) else h.decode("latin-1")).lower().startswith(
            ("content-length", "transfer-encoding")) for h in headers):
        lines.append(f"Content-Length: {len(body)}".encode())
    return raw(*lines, body=body)


def post_json(path, body, token=None, extra=()):
    headers = ["Content-Type: application/json"]
    if token:
        headers.append(f"Authorization: Bearer {token}")
    headers.extend(extra)
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return request("POST", path, headers, data)


def cases(token=""):
    rnd = random.Random(7)
    login = "/api/v1/auth/login"
    comment = "/api/v1/chapters/1/comments"
    c = []

    def add(name, data, **kw):
        c.append(dict(name=name, data=data, **kw))

    # -- sizes ------------------------------------------------------------------------------------
    add("header-17000-bytes", request("GET", "/healthz", ["X-Big: " + "a" * 17000]))  # the old crash
    add("header-64k", request("GET", "/healthz", ["X-Big: " + "a" * 65536]))
    add("header-1m", request("GET", "/healthz", ["X-Big: " + "a" * 1048576]))
    add("headers-2000-small", request("GET", "/healthz", [f"X-H{i}: v" for i in range(2000)]))
    add("header-name-20000", request("GET", "/healthz", ["X" * 20000 + ": v"]))
    add("query-q-20000-letters", request("GET", "/api/v1/contents?q=" + "a" * 20000))
    add("target-100k", request("GET", "/" + "a" * 100000))
    add("body-1mib-plus-1", post_json(login, b"{" + b" " * 1048576 + b"}"))
    add("content-length-2gib-no-body", request("POST", login, ["Content-Type: application/json",
                                                                "Content-Length: 2147483648"]))
    add("expect-100-oversized", request("POST", login, ["Content-Type: application/json", "Expect: 100-continue",
                                                         "Content-Length: 5000000"]))
    add("chunked-over-1mib", request("POST", login, ["Content-Type: application/json",
                                                     "Transfer-Encoding: chunked"], body=b"200000\r\n" + b"a" * 1000))
    add("login-900kb", post_json(login, {"login": "a" * 900000, "password": "password"}))
    add("comment-10001-code-points", post_json(comment, {"body": "\u00e9" * 10001}, token))
    add("pipelined-500", b"".join(request("GET", MISSING) for _ in range(500)))

    # -- chunked bodies ------------------------------------------------------------------------------
    te = ["Content-Type: application/json", "Transfer-Encoding: chunked"]
    add("chunk-size-zz", request("POST", login, te, body=b"zz\r\n{}\r\n0\r\n\r\n"))
    add("chunk-size-negative", request("POST", login, te, body=b"-5\r\nhello\r\n0\r\n\r\n"))
    add("chunk-size-overflow", request("POST", login, te, body=b"ffffffffffffffffffffff\r\nx\r\n0\r\n\r\n"))
    add("chunk-size-empty", request("POST", login, te, body=b"\r\nhello\r\n0\r\n\r\n"))
    add("chunk-missing-crlf", request("POST", login, te, body=b"2\r\n{}XX0\r\n\r\n"))
    add("chunk-size-space-inside", request("POST", login, te, body=b"1 0\r\n" + b"a" * 16 + b"\r\n0\r\n\r\n"))
    add("chunk-extension-20000", request("POST", login, te, body=b"2;" + b"e" * 20000 + b"\r\n{}\r\n0\r\n\r\n"))
    add("chunk-trailer-20000", request("POST", login, te, body=b"2\r\n{}\r\n0\r\nX-T: " + b"t" * 20000 + b"\r\n\r\n"))
    add("chunk-nul-in-size", request("POST", login, te, body=b"2\x00\r\n{}\r\n0\r\n\r\n"))
    add("te-gzip-only", request("POST", login, ["Content-Type: application/json", "Transfer-Encoding: gzip"],
                                body=b"{}"))
    add("te-chunked-then-gzip", request("POST", login, ["Content-Type: application/json",
                                                        "Transfer-Encoding: chunked, gzip"], body=b"2\r\n{}\r\n0\r\n\r\n"))
    add("te-space-before-colon", request("POST", login, ["Content-Type: application/json",
                                                         "Transfer-Encoding : chunked"], body=b"2\r\n{}\r\n0\r\n\r\n"))

    # -- Content-Length ------------------------------------------------------------------------------
    ct = "Content-Type: application/json"
    add("content-length-letters", request("POST", login, [ct, "Content-Length: abc"], body=b"{}"))
    add("content-length-negative", request("POST", login, [ct, "Content-Length: -1"], body=b"{}"))
    add("content-length-20-digits", request("POST", login, [ct, "Content-Length: 99999999999999999999"], body=b"{}"))
    add("content-length-plus-sign", request("POST", login, [ct, "Content-Length: +2"], body=b"{}"))
    add("content-length-hex", request("POST", login, [ct, "Content-Length: 0x2"], body=b"{}"))
    add("content-length-duplicate-differs", request("POST", login, [ct, "Content-Length: 2", "Content-Length: 3"],
                                                    body=b"{} "))
    add("content-length-duplicate-same", request("POST", login, [ct, "Content-Length: 2", "Content-Length: 2"],
                                                 body=b"{}"))
    add("content-length-list", request("POST", login, [ct, "Content-Length: 2, 3"], body=b"{} "))
    add("content-length-and-chunked", request("POST", login, [ct, "Content-Length: 5", "Transfer-Encoding: chunked"],
                                              body=b"2\r\n{}\r\n0\r\n\r\n"))

    # -- header syntax -------------------------------------------------------------------------------
    add("header-bare-cr-injection", request("GET", MISSING, [b"X-A: b\rX-Request-Id: injected"]))
    add("header-name-with-space", request("GET", MISSING, ["Bad Header: x"]))
    add("header-without-colon", request("GET", MISSING, ["NoColonHere"]))
    add("header-empty-name", request("GET", MISSING, [": value"]))
    add("header-nul-in-value", request("GET", MISSING, [b"X-A: a\x00b"]))
    add("header-control-char", request("GET", MISSING, [b"X-A: a\x01b"]))
    add("header-del-in-name", request("GET", MISSING, [b"X-A\x7f: b"]))
    # RFC 9112 §5.2: obs-fold is rejected (400) or replaced by a space; either way MISSING is 404.
    add("header-obs-fold", request("GET", MISSING, ["X-A: b", "  folded continuation"]))
    add("request-id-obs-fold-injection", request("GET", MISSING, ["X-Request-Id: abc", " evil: 1"]))
    # RFC 9112 §2.2: a recipient MAY read a bare LF as a line end.
    add("bare-lf-line-ends", f"GET {MISSING} HTTP/1.1\nHost: 127.0.0.1\n\n".encode())
    add("bare-cr-line-ends", f"GET {MISSING} HTTP/1.1\rHost: 127.0.0.1\r\r".encode())
    # RFC 9112 §3.2: a request without Host, or with two, is a 400; MISSING keeps a lenient reading 4xx.
    add("no-host", request("GET", MISSING, host=False))
    add("two-hosts", request("GET", MISSING, ["Host: evil.example"]))
    add("host-with-nul", request("GET", MISSING, [b"X-Forwarded-Host: a\x00b"], host=False))
    add("authorization-10000", request("GET", "/api/v1/me", ["Authorization: Bearer " + "A" * 10000]))
    add("authorization-basic", request("GET", "/api/v1/me", ["Authorization: Basic YWRtaW46YWRtaW4="]))
    add("forwarded-garbage", request("GET", MISSING, ["Forwarded: for=\"[::1\";;;by=\x7f", "X-Forwarded-For: 1.2.3.4, zz"]))

    # -- request line --------------------------------------------------------------------------------
    add("method-absurd", request("FOOBAR", "/healthz"))
    add("method-lowercase", request("get", "/healthz"))
    add("method-1000-chars", request("A" * 1000, "/healthz"))
    add("method-bad-chars", request("GE(T", "/healthz"))
    add("method-delete-on-healthz", request("DELETE", "/healthz"))
    add("method-connect", raw("CONNECT 127.0.0.1:22 HTTP/1.1", "Host: 127.0.0.1:22"))
    add("options-asterisk", raw("OPTIONS * HTTP/1.1", "Host: 127.0.0.1"))
    # An HTTP/0.9 client cannot read a status line; answering 400 anyway or closing are both fine.
    add("http-0.9", b"GET /healthz\r\n", no_answer_ok=True)
    add("http-2-preface", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
    add("http-1.2", f"GET {MISSING} HTTP/1.2\r\nHost: 127.0.0.1\r\n\r\n".encode())
    add("http-3.0", b"GET /healthz HTTP/3.0\r\nHost: 127.0.0.1\r\n\r\n")
    add("version-garbage", b"GET /healthz HTTP/1.x\r\nHost: 127.0.0.1\r\n\r\n")
    add("version-lowercase", b"GET /healthz http/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    add("request-line-extra-spaces", b"GET  /healthz  HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    add("request-line-tab", b"GET\t/healthz\tHTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    add("absolute-form-other-host", request("GET", "http://evil.example" + MISSING))
    add("tls-client-hello", bytes.fromhex("16030100a5010000a10303") + bytes(rnd.randrange(256) for _ in range(160)))
    add("random-binary", bytes(rnd.randrange(256) for _ in range(4096)))
    add("ssh-banner", b"SSH-2.0-OpenSSH_9.2\r\n" + bytes(rnd.randrange(256) for _ in range(200)))

    # -- targets -------------------------------------------------------------------------------------
    add("nul-in-path", request("GET", b"/heal\x00thz"))
    add("raw-0xff-in-path", request("GET", b"/api/v1/users/\xff\xfe/contents"))
    add("pct-invalid-utf8-in-path", request("GET", "/api/v1/users/%ff%fe/contents"))
    add("pct-nul-in-path", request("GET", "/api/v1/users/a%00b/contents"))
    add("pct-invalid-utf8-in-query", request("GET", "/api/v1/contents?q=%c3%28"))
    add("overlong-utf8-slash", request("GET", "/api/v1/contents/%c0%af..%c0%af..%c0%afetc%c0%afpasswd"))
    add("raw-0xff-in-query", request("GET", b"/api/v1/contents?q=\xff"))
    add("bad-percent-escape", request("GET", "/api/v1/contents?q=%zz"))
    add("path-traversal", request("GET", "/api/v1/../../../../etc/passwd"))
    add("path-traversal-encoded", request("GET", "/api/v1/contents/%2e%2e%2f%2e%2e%2fetc%2fpasswd"))
    add("path-traversal-backslash", request("GET", "/api/v1/..\\..\\etc\\passwd"))
    add("id-negative", request("GET", "/api/v1/contents/-1"))
    add("id-zero", request("GET", "/api/v1/contents/0"))
    add("id-huge", request("GET", "/api/v1/contents/99999999999999999999999999"))
    add("id-2-pow-63", request("GET", "/api/v1/contents/9223372036854775808"))
    add("id-float", request("GET", "/api/v1/contents/1.5"))
    add("limit-huge", request("GET", "/api/v1/contents?limit=99999999999999999999"))
    add("limit-negative", request("GET", "/api/v1/contents?limit=-5"))
    add("cursor-garbage", request("GET", "/api/v1/contents?cursor=" + "%ff" * 300))
    add("sort-unknown", request("GET", "/api/v1/contents?sort=" + "x" * 2000))

    # -- bodies --------------------------------------------------------------------------------------
    add("json-nested-arrays-100000", post_json(login, b"[" * 100000 + b"]" * 100000))
    add("json-nested-objects-10000", post_json(login, b'{"a":' * 10000 + b"1" + b"}" * 10000))
    add("json-huge-number", post_json(login, b'{"login": 1e999999, "password": "x"}'))
    add("json-huge-integer", post_json(comment, b'{"body": "x", "parent_id": 1' + b"0" * 400 + b"}", token))
    add("json-parent-negative", post_json(comment, {"body": "x", "parent_id": -1}, token))
    add("json-not-object", post_json(login, b"[]"))
    add("json-truncated", post_json(login, b'{"login": "demo", "pass'))
    add("json-invalid-utf8", post_json(comment, b'{"body": "\xff\xfe\xc3("}', token))
    add("json-nul-byte", post_json(login, b'{"login": "de\x00mo", "password": "password"}'))
    add("json-lone-surrogate", post_json(comment, b'{"body": "\\ud800"}', token))
    add("json-duplicate-keys", post_json(login, b'{"login": "a", "login": "b", "password": "p", "password": "q"}'))
    add("json-10000-keys", post_json(login, json.dumps({f"k{i}": i for i in range(10000)}).encode()))
    add("content-type-text-plain", request("POST", login, ["Content-Type: text/plain"],
                                           json.dumps({"login": "demo", "password": "x"}).encode()))
    add("content-type-missing", request("POST", login, [], json.dumps({"login": "demo", "password": "x"}).encode()))
    add("content-type-multipart", request("POST", login, ["Content-Type: multipart/form-data; boundary=x"],
                                          b"--x\r\n\r\n--x--"))
    add("content-type-2000-params", request("POST", login, ["Content-Type: application/json" + "; a=b" * 2000],
                                            b"{}"))
    add("comment-without-token", post_json(comment, {"body": "hello"}))
    add("comment-on-missing-chapter", post_json("/api/v1/chapters/999999999/comments", {"body": "x"}, token))
    add("register-hostile-fields", post_json("/api/v1/auth/register",
                                             {"username": "../../etc", "email": "x" * 5000, "password": "p"}))

    # -- incomplete messages -----------------------------------------------------------------------
    # The client stops mid-header and closes its side: RFC 9112 §8 lets a server that receives an
    # incomplete request close without an answer (it MAY send one).
    add("incomplete-header-then-fin", b"GET /healthz HTTP/1.1\r\nHost: 12", half_close=True, no_answer_ok=True)
    # Same for a body shorter than its Content-Length.
    add("incomplete-body-then-fin", request("POST", login, [ct, "Content-Length: 100"], body=b'{"login"'),
        half_close=True, no_answer_ok=True)
    return c
