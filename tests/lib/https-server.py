#!/usr/bin/env python3
# https-server.py: a small HTTPS file server on 127.0.0.1 for the download
# and installer tests, with the faults those tests need.
# SPDX-License-Identifier: GPL-3.0-or-later
"""Serves the files under --root over HTTPS on 127.0.0.1 with byte-range
support (206 / 416), and prints the port it listens on as its first line of
stdout. Each request is appended to --log as "METHOD PATH RANGE" (RANGE is
"-" when the request had none).

Faults, for testing a client:
  --cut-after N     send only N bytes of a response to a request WITHOUT a
                    Range header, then close the connection (range requests
                    are served in full, so a client can resume)
  --stall-after N   send N bytes of the body, then send nothing more
  --corrupt         serve every file with one byte flipped (in the middle)
  --ignore-range    answer 200 with the whole file even to range requests
"""

import argparse
import http.server
import os
import re
import ssl
import sys
import threading
import time
import urllib.parse

CHUNK = 64 * 1024


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "sightline-test-server/1"

    def log_message(self, format, *args):
        pass  # requests go to --log; stderr stays quiet

    def do_HEAD(self):
        self.serve(head=True)

    def do_GET(self):
        self.serve(head=False)

    def serve(self, head):
        opts = self.server.opts
        rng = self.headers.get("Range")
        self.server.log_request_line(f"{self.command} {self.path} {rng or '-'}")

        data = self.server.read_file(urllib.parse.urlsplit(self.path).path)
        if data is None:
            body = b"not found\n"
            self.send_response(404)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head:
                self.wfile.write(body)
            return

        status, start, end = 200, 0, len(data) - 1
        if rng and not opts.ignore_range:
            m = re.fullmatch(r"bytes=(\d+)-(\d*)", rng.strip())
            if m:
                start = int(m.group(1))
                if start >= len(data):
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{len(data)}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if m.group(2):
                    end = min(int(m.group(2)), len(data) - 1)
                status = 206

        body = data[start:end + 1]
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Accept-Ranges", "bytes")
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
        self.end_headers()
        if head:
            return

        limit = len(body)
        if opts.cut_after is not None and not rng:
            limit = min(limit, opts.cut_after)
        if opts.stall_after is not None:
            limit = min(limit, opts.stall_after)

        for pos in range(0, limit, CHUNK):
            self.wfile.write(body[pos:min(pos + CHUNK, limit)])
        self.wfile.flush()

        if opts.stall_after is not None and limit < len(body):
            # Hold the connection open and silent until the client gives up
            # (or the server is killed).
            time.sleep(opts.max_lifetime)
        if limit < len(body):
            self.close_connection = True


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, opts, context):
        super().__init__(("127.0.0.1", 0), Handler)
        self.opts = opts
        self.context = context
        self.log_lock = threading.Lock()

    def get_request(self):
        sock, addr = self.socket.accept()
        # The handshake happens in the handler's thread, so one stalled
        # client does not block the others.
        return self.context.wrap_socket(sock, server_side=True,
                                        do_handshake_on_connect=False), addr

    def handle_error(self, request, client_address):
        pass  # clients that hang up early are part of the tests

    def log_request_line(self, line):
        if self.opts.log:
            with self.log_lock, open(self.opts.log, "a", encoding="utf-8") as f:
                f.write(line + "\n")

    def read_file(self, url_path):
        root = os.path.realpath(self.opts.root)
        path = os.path.realpath(os.path.join(root, urllib.parse.unquote(url_path).lstrip("/")))
        if not path.startswith(root + os.sep) or not os.path.isfile(path):
            return None
        with open(path, "rb") as f:
            data = f.read()
        if self.opts.corrupt and data:
            data = bytearray(data)
            data[len(data) // 2] ^= 0xFF
            data = bytes(data)
        return data


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", required=True, help="directory to serve")
    parser.add_argument("--cert", required=True, help="PEM certificate")
    parser.add_argument("--key", required=True, help="PEM private key")
    parser.add_argument("--log", help="file to append one line per request to")
    parser.add_argument("--cut-after", type=int)
    parser.add_argument("--stall-after", type=int)
    parser.add_argument("--corrupt", action="store_true")
    parser.add_argument("--ignore-range", action="store_true")
    parser.add_argument("--max-lifetime", type=float, default=120.0,
                        help="exit after this many seconds whatever happens")
    opts = parser.parse_args()

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(opts.cert, opts.key)
    server = Server(opts, context)

    # A test that dies without killing us must not leave us behind.
    killer = threading.Timer(opts.max_lifetime, lambda: os._exit(0))
    killer.daemon = True
    killer.start()

    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
