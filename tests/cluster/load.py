#!/usr/bin/env python3
"""A bounded reader load that counts failures as a browser would.

    load.py URL --paths FILE [--connections 32] [--seconds 8] [--rate 400]
            [--fresh]

CONNECTIONS threads, each with one kept-alive HTTP/1.1 connection, GET
paths picked at random from FILE (one a line; "{n}" in one becomes a random
number, an address no cache has seen) for SECONDS, together at most RATE
requests a second. A browser that sends a request on a connection it
has used before, and sees that connection close with no byte of an answer,
cannot tell whether the server closed an idle connection just then: it
sends the request again, once, on a new connection (RFC 9112, 9.3.1), if
the request is idempotent (a GET is). So does this client: such a retry is
counted, not failed. Anything else is a failure: a refused or reset new
connection, a time-out, an answer cut short, any status but 200 and 304.

--fresh: a new connection for every request, as many browsers' first
visits are: then no request is ever sent again.

Prints one JSON object: requests (answered), ok, failed, retried, by
status, failures by kind (with the first few in full), latency p50/p99.
Exit status 0 when nothing failed.
"""
import argparse
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.ok = 0
        self.failed = 0
        self.retried = 0
        self.status = {}
        self.kinds = {}
        self.examples = []
        self.latencies = []

    def answer(self, status, ms):
        with self.lock:
            self.status[str(status)] = self.status.get(str(status), 0) + 1
            self.latencies.append(ms)
            if status in (200, 304):
                self.ok += 1
            else:
                self.failed += 1
                self.kinds["status %d" % status] = \
                    self.kinds.get("status %d" % status, 0) + 1

    def failure(self, kind, detail):
        with self.lock:
            self.failed += 1
            self.kinds[kind] = self.kinds.get(kind, 0) + 1
            if len(self.examples) < 5:
                self.examples.append("%.3f %s: %s" % (time.time(), kind, detail))

    def retry(self):
        with self.lock:
            self.retried += 1


class NoAnswer(Exception):
    """The connection closed (or was reset) before a byte of the answer."""


def exchange(conn, path):
    """Sends GET path on conn; returns (status, body length). Raises
    NoAnswer when the connection ended before any byte of the answer."""
    try:
        conn.request("GET", path, headers={"Accept-Encoding": "identity"})
    except (BrokenPipeError, ConnectionResetError) as e:
        raise NoAnswer(repr(e))
    try:
        resp = conn.getresponse()
    except http.client.RemoteDisconnected as e:
        raise NoAnswer(repr(e))
    except ConnectionResetError as e:
        raise NoAnswer(repr(e))
    body = resp.read()	# IncompleteRead when cut short: a failure
    return resp.status, len(body)


def reader(url, paths, deadline, interval, tally, seed, fresh):
    rng = random.Random(seed)
    conn = None
    next_at = time.monotonic() + rng.random() * interval
    while True:
        now = time.monotonic()
        if now >= deadline:
            break
        if next_at > now:
            time.sleep(next_at - now)
        next_at += interval
        path = rng.choice(paths).replace("{n}", str(rng.randrange(10**9)))
        if conn is None:
            conn = http.client.HTTPConnection(url.hostname, url.port or 80,
                                              timeout=15)
        reused = conn.sock is not None
        start = time.monotonic()
        for attempt in (1, 2):
            try:
                status, _ = exchange(conn, path)
                tally.answer(status, (time.monotonic() - start) * 1000)
                break
            except NoAnswer as e:
                conn.close()
                if reused and attempt == 1:
                    tally.retry()
                    reused = False	# the retry is on a new connection
                    continue
                tally.failure("closed without an answer"
                              + (" (retried)" if attempt == 2 else ""),
                              "%s %s" % (path, e))
            except Exception as e:
                conn.close()
                tally.failure(type(e).__name__, "%s %s" % (path, e))
            break
        if fresh:
            conn.close()
    if conn is not None:
        conn.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("url")
    ap.add_argument("--paths", required=True)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--seconds", type=float, default=8)
    ap.add_argument("--rate", type=float, default=400)
    ap.add_argument("--fresh", action="store_true",
                    help="a new connection for every request (no retries)")
    a = ap.parse_args()
    url = urllib.parse.urlsplit(a.url)
    with open(a.paths) as f:
        paths = [line.strip() for line in f if line.strip()]
    tally = Tally()
    deadline = time.monotonic() + a.seconds
    interval = a.connections / a.rate
    threads = [threading.Thread(target=reader, daemon=True,
                                args=(url, paths, deadline, interval, tally, i,
                                      a.fresh))
               for i in range(a.connections)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.monotonic() - began
    lat = sorted(tally.latencies)

    def pct(p):
        return round(lat[min(len(lat) - 1, int(len(lat) * p))], 1) if lat else None

    print(json.dumps({
        "requests": len(lat), "ok": tally.ok, "failed": tally.failed,
        "retried": tally.retried, "status": tally.status,
        "failures": tally.kinds, "examples": tally.examples,
        "per_second": round(len(lat) / took, 1) if took else 0,
        "p50_ms": pct(0.50), "p99_ms": pct(0.99), "seconds": round(took, 2),
    }, sort_keys=True))
    return 0 if tally.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
