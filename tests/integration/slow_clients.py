#!/usr/bin/env python3
"""Slow clients against one server on loopback, while readers measure.

    slow_clients.py PORT [--bodies N] [--headers N] [--rate BYTES_PER_S]
                         [--seconds S] [--warmup S] [--readers N] [--path P]

Opens BODIES connections that send a POST with Content-Length: 1000000 and
then trickle the body at RATE bytes a second, and HEADERS connections that
trickle a request's header lines at the same rate; each reconnects when the
server answers or drops it, as an attacker would. After WARMUP seconds,
READERS threads loop GET PATH (a new connection each) for S seconds and
record each answer's status and time. The last line is
"requests=N p50_ms=X p99_ms=Y errors=E" for the caller to check.
Bounded: everything stops after WARMUP + S seconds.
"""
import argparse
import socket
import threading
import time

HOST = "127.0.0.1"
TICK = 0.1  # seconds between two trickled writes


class Trickler:
    """One slow client: its request's start, then bytes every tick."""

    def __init__(self, port, head, chunk):
        self.port, self.head, self.chunk = port, head, chunk
        self.sock = None

    def connect(self, stats):
        try:
            self.sock = socket.create_connection((HOST, self.port), 5)
            self.sock.setblocking(False)
            self.sock.send(self.head)
            stats["connections"] += 1
        except OSError:
            self.close()
            stats["refused"] += 1

    def close(self):
        if self.sock is not None:
            self.sock.close()
        self.sock = None

    def tick(self, stats):
        """Sends one chunk; reconnects after the server answered or left."""
        if self.sock is None:
            self.connect(stats)
            return
        try:
            self.sock.recv(1)  # an answer (408, 413), or b"" for a close
            answered = True
        except BlockingIOError:
            answered = False
        except OSError:
            answered = True
        if not answered:
            try:
                self.sock.send(self.chunk)
                return
            except BlockingIOError:
                return
            except OSError:
                pass
        stats["dropped"] += 1
        self.close()
        self.connect(stats)


def read_once(port, path):
    """One GET on a new connection; returns (status, seconds)."""
    start = time.monotonic()
    status = 0
    try:
        with socket.create_connection((HOST, port), 30) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
                      "Connection: close\r\n\r\n".encode())
            data = b""
            while True:
                part = s.recv(65536)
                if not part:
                    break
                data += part
        if data.startswith(b"HTTP/"):
            status = int(data.split(b" ", 2)[1])
    except (OSError, ValueError, IndexError):
        status = 0
    return status, time.monotonic() - start


def reader(port, path, until, results):
    while time.monotonic() < until:
        results.append(read_once(port, path))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("--bodies", type=int, default=64)
    ap.add_argument("--headers", type=int, default=64)
    ap.add_argument("--rate", type=int, default=600)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--warmup", type=float, default=2)
    ap.add_argument("--readers", type=int, default=2)
    ap.add_argument("--path", default="/blog/")
    args = ap.parse_args()

    per_tick = max(8, int(args.rate * TICK))
    body_head = (f"POST {args.path} HTTP/1.1\r\nHost: {HOST}:{args.port}\r\n"
                 "Content-Type: application/x-www-form-urlencoded\r\n"
                 "Content-Length: 1000000\r\n\r\n").encode()
    header_head = (f"GET {args.path} HTTP/1.1\r\n"
                   f"Host: {HOST}:{args.port}\r\n").encode()
    # Each tick of a header trickler is one more header line, never the
    # blank line that would end the request.
    header_line = b"X-a: " + b"a" * (per_tick - 7) + b"\r\n"
    tricklers = [Trickler(args.port, body_head, b"a" * per_tick)
                 for _ in range(args.bodies)]
    tricklers += [Trickler(args.port, header_head, header_line)
                  for _ in range(args.headers)]
    stats = {"connections": 0, "dropped": 0, "refused": 0}

    results = []
    start = time.monotonic()
    until = start + args.warmup + args.seconds
    threads = [threading.Thread(target=lambda: (
        time.sleep(args.warmup),
        reader(args.port, args.path, until, results)))
        for _ in range(args.readers)]
    for t in threads:
        t.start()
    next_tick = start
    while time.monotonic() < until:
        for t in tricklers:
            t.tick(stats)
        next_tick += TICK
        time.sleep(max(0, next_tick - time.monotonic()))
    for t in threads:
        t.join()
    for t in tricklers:
        t.close()

    times = sorted(t for _, t in results)
    errors = sum(1 for s, _ in results if s != 200)
    n = len(times)
    p50 = times[n // 2] * 1000 if n else 0
    p99 = times[min(n - 1, int(n * 0.99))] * 1000 if n else 0
    print(f"slow clients: {args.bodies} bodies and {args.headers} headers "
          f"at {args.rate} B/s; {stats['connections']} connections made, "
          f"{stats['dropped']} answered or dropped by the server, "
          f"{stats['refused']} refused")
    print(f"readers: {n} GET {args.path} in {args.seconds:g} s, "
          f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, max "
          f"{(times[-1] * 1000 if n else 0):.1f} ms, {errors} not 200")
    print(f"requests={n} p50_ms={p50:.1f} p99_ms={p99:.1f} errors={errors}")


if __name__ == "__main__":
    main()
