#!/usr/bin/env python3
"""Listen-frame latency probe (stdlib only), used by bench/listen-latency.

  probe.py serve PORT_FILE [nagle]  an MCP 2026-07-28 upstream answering subscriptions/listen with a stream
                                    (TCP_NODELAY on its sockets unless "nagle" is given)
  probe.py measure URL... [options] measures, for each URL, the delay between the upstream writing a listen frame
                                    and this client reading it

The upstream and the client run in one process pair on one host and stamp frames with CLOCK_MONOTONIC
(time.monotonic_ns is system-wide on Linux), so the delay is write-to-read, excluding nothing but the clock reads.
The upstream writes the acknowledgement as soon as the request is read, then FRAMES notifications every
INTERVAL_MS, then the request's result, as SSE (text/event-stream) or JSON lines (application/json), chosen by the
X-Bench-Mode request header.
"""
import http.client
import http.server
import json
import socket
import statistics
import sys
import threading
import time
import urllib.parse

META = {"io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientInfo": {"name": "portcullis-listen-bench", "version": "1"},
        "io.modelcontextprotocol/clientCapabilities": {}}


class Upstream(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        request = json.loads(self.rfile.read(length) or b"{}")
        mode = self.headers.get("X-Bench-Mode", "sse")
        frames = int(self.headers.get("X-Bench-Frames", "0"))
        interval = int(self.headers.get("X-Bench-Interval-Ms", "10")) / 1000.0
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream" if mode == "sse" else "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.frame(mode, {"jsonrpc": "2.0", "method": "notifications/subscriptions/acknowledged",
                          "params": {"_meta": {"io.modelcontextprotocol/subscriptionId": request.get("id")},
                                     "notifications": {"toolsListChanged": True}}})
        for i in range(frames):
            time.sleep(interval)
            self.frame(mode, {"jsonrpc": "2.0", "method": "notifications/tools/list_changed",
                              "params": {"_meta": {"bench/seq": i}}})
        self.frame(mode, {"jsonrpc": "2.0", "id": request.get("id"), "result": {"resultType": "complete"}})
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def frame(self, mode, message):
        message.setdefault("params", {}).setdefault("_meta", {})["bench/sentNs"] = time.monotonic_ns()
        text = json.dumps(message, separators=(",", ":"))
        data = ("event: message\ndata: " + text + "\n\n" if mode == "sse" else text + "\n").encode()
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    no_delay = True

    def get_request(self):
        connection, address = super().get_request()
        if self.no_delay:
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # each frame leaves when written
        return connection, address

    def handle_error(self, request, client_address):
        pass  # a client closing its kept-alive connection is not news


def serve(port_file, no_delay):
    server = QuietServer(("127.0.0.1", 0), Upstream)
    server.no_delay = no_delay
    with open(port_file, "w") as out:
        out.write(str(server.server_address[1]))
    server.serve_forever()


def listen(url, mode, frames, interval_ms, request_id):
    """One subscriptions/listen request; the delays (ns) of its frames, in order (the first is the acknowledgement)."""
    parsed = urllib.parse.urlsplit(url)
    body = json.dumps({"jsonrpc": "2.0", "id": request_id, "method": "subscriptions/listen",
                       "params": {"_meta": META, "notifications": {"toolsListChanged": True}}})
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    connection.request("POST", parsed.path, body=body, headers={
        "Content-Type": "application/json", "Accept": "application/json, text/event-stream",
        "MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "subscriptions/listen",
        "X-Bench-Mode": mode, "X-Bench-Frames": str(frames), "X-Bench-Interval-Ms": str(interval_ms)})
    response = connection.getresponse()
    if response.status != 200:
        raise SystemExit(f"{url}: HTTP {response.status}: {response.read()[:300]!r}")
    delays = []
    while True:
        line = response.readline()
        if not line:
            break
        now = time.monotonic_ns()
        text = line.decode().strip()
        if text.startswith("data:"):
            text = text[5:].strip()
        if not text.startswith("{"):
            continue
        message = json.loads(text)
        sent = message.get("params", {}).get("_meta", {}).get("bench/sentNs")
        if sent is not None:
            delays.append(now - sent)
        if "id" in message and ("result" in message or "error" in message):
            break
    connection.close()
    return delays


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100.0 * len(ordered) + 0.5) - 1))]


def measure(urls, mode, listens, frames, interval_ms, warmup):
    rows = []
    for label, url in urls:
        for i in range(warmup):
            listen(url, mode, 20, 1, f"warm-up-{i}")
        first = [listen(url, mode, 0, interval_ms, f"first-{i}")[0] for i in range(listens)]
        stream = listen(url, mode, frames, interval_ms, "stream")[1:]
        rows.append((label, mode, first, stream))
    return rows


def main():
    if sys.argv[1] == "serve":
        serve(sys.argv[2], len(sys.argv) < 4 or sys.argv[3] != "nagle")
        return
    args = sys.argv[2:]
    options = {"--mode": "sse", "--listens": "50", "--frames": "200", "--interval-ms": "10", "--warmup": "20"}
    urls = []
    while args:
        if args[0] in options:
            options[args[0]] = args[1]
            args = args[2:]
        else:
            label, url = args[0].split("=", 1)
            urls.append((label, url))
            args = args[1:]
    rows = measure(urls, options["--mode"], int(options["--listens"]), int(options["--frames"]),
                   int(options["--interval-ms"]), int(options["--warmup"]))
    for label, mode, first, stream in rows:
        for what, values in (("first frame", first), ("each frame", stream)):
            ms = [v / 1e6 for v in values]
            print(f"{label:<8} {mode:<5} {what:<11} n={len(ms):<4} p50={percentile(ms, 50):7.3f} ms"
                  f"  p99={percentile(ms, 99):7.3f} ms  max={max(ms):7.3f} ms  mean={statistics.fmean(ms):7.3f} ms")


if __name__ == "__main__":
    main()
