#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
The "verifier" of assertion_ref_http.pcapng: fetch one assertion-ref URI over
plain HTTP from a fixed source address (python3 stdlib).

  aisid_fetch.py SOURCE_IP URI [OUT_FILE]

One GET with fixed request headers (Host, User-Agent, Accept,
Connection: close), source port chosen by the kernel.  Prints
"<status> <uri>" to stdout and writes the body to OUT_FILE if given.  Any
status is a success (a 404 is a test case); exit 1 only if the request
itself fails.  sipp runs this from the UAS scenario uas_call_fetch.xml with
<exec command=...> right after the INVITE arrives.
TEST TOOL: cleartext, loopback only.
"""

import http.client
import sys
import urllib.parse


def main(argv):
    if len(argv) not in (3, 4):
        sys.stderr.write(__doc__)
        return 2
    src, uri = argv[1], argv[2]
    u = urllib.parse.urlsplit(uri)
    if u.scheme != "http" or not u.hostname:
        sys.stderr.write("aisid_fetch: only http:// URIs: %s\n" % uri)
        return 2
    path = u.path or "/"
    if u.query:
        path += "?" + u.query
    try:
        conn = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=5,
                                          source_address=(src, 0))
        conn.putrequest("GET", path, skip_accept_encoding=True)
        conn.putheader("User-Agent", "aisid-test-verifier/1.0")
        conn.putheader("Accept", "application/jose, application/json")
        conn.putheader("Connection", "close")
        conn.endheaders()
        resp = conn.getresponse()
        body = resp.read()
        conn.close()
    except OSError as e:
        sys.stderr.write("aisid_fetch: %s: %s\n" % (uri, e))
        return 1
    if len(argv) == 4:
        with open(argv[3], "wb") as f:
            f.write(body)
    print("%d %s" % (resp.status, uri))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
