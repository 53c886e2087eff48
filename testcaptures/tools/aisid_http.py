#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
Tiny plain-HTTP assertion server for the aisid test captures (python3 stdlib).

  aisid_http.py ROOT ADDR PORT [READY_FILE]

Serves GET /a/<name>:
  ROOT/<name>.jose  -> 200, Content-Type: application/jose, body = the file
  ROOT/<name>.json  -> 200, Content-Type: application/json, body = the file
  anything else     -> 404, text/plain "no such assertion\\n"
The files are sent byte for byte (write them without a trailing newline to
serve exactly a compact JWS).  HTTP/1.1, Content-Length always set, the
connection is closed after each response; status line, headers and body
go out in one write (one TCP segment on loopback).  Fixed Server header;
the Date header is the real time.  READY_FILE, if given, is created once listening.
Runs until SIGTERM/SIGINT; one line per request on stderr.
TEST TOOL: cleartext, loopback only.
"""

import http.server
import os
import re
import signal
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "aisid-test-http/1.0"
    sys_version = ""
    root = "."

    def version_string(self):
        return self.server_version

    def _reply(self, code, ctype, body):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        # headers and body in ONE write, so one TCP segment (no reassembly)
        self._headers_buffer.append(b"\r\n")
        data = b"".join(self._headers_buffer)
        self._headers_buffer = []
        if self.command != "HEAD":
            data += body
        self.wfile.write(data)
        self.close_connection = True

    def do_GET(self):
        m = re.fullmatch(r"/a/([A-Za-z0-9._~-]+)", self.path)
        if m and not m.group(1).startswith("."):
            for ext, ctype in ((".jose", "application/jose"), (".json", "application/json")):
                p = os.path.join(self.root, m.group(1) + ext)
                if os.path.isfile(p):
                    with open(p, "rb") as f:
                        return self._reply(200, ctype, f.read())
        self._reply(404, "text/plain", b"no such assertion\n")

    do_HEAD = do_GET

    def log_message(self, fmt, *args):
        sys.stderr.write("aisid_http: %s %s\n" % (self.client_address[0], fmt % args))


def main(argv):
    if len(argv) not in (4, 5):
        sys.stderr.write(__doc__)
        return 2
    Handler.root = argv[1]
    srv = http.server.HTTPServer((argv[2], int(argv[3])), Handler)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    if len(argv) == 5:
        open(argv[4], "w").close()
    try:
        srv.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        srv.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
