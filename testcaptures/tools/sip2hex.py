#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
Turn one plain-text SIP message source (testcaptures/text/*/*.txt) into the
hexdump format text2pcap reads, and print the text2pcap options for it.

  sip2hex.py IDS.env JWSDIR TIMESTAMP IN.txt OUT.hex [GENDIR]

Source format: lines starting with '#' at the top are comments; the line
  #! src=IP:PORT dst=IP:PORT proto=udp|tcp
gives the addresses.  The rest is the SIP message, one header a line (LF or
CRLF; written as CRLF).  Placeholders: @@ID_NAME@@ (from IDS.env) and
@@JWS:name@@ (JWSDIR/name.jws from aisid_jws.py build).  Content-Length must
match the body (checked).  Hostile input (the malformed_* captures) uses
@@HEX:0041ff@@ for raw bytes and @@GEN:name@@ for GENDIR/name, a value
written by tools/malformed.py (huge or binary).  A TCP message longer
than 32000 bytes is cut into segments of that size (one packet each,
consecutive sequence numbers: text2pcap counts them).  TIMESTAMP is written before the packet as
YYYY-MM-DDTHH:MM:SS.ffffff (use text2pcap -t '%Y-%m-%dT%H:%M:%S.%f').
stdout: e.g. "-4 127.0.0.40,127.0.0.41 -u 5060,5060".
"""
import os
import re
import sys


SEGMENT = 32000


def main(ids_path, jwsdir, ts, src, out, gendir=None):
    ids = {}
    for line in open(ids_path):
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            k, v = line.split("=", 1)
            ids[k] = v.strip('"')
    meta = None
    body_lines = []
    in_comments = True
    for line in open(src, newline="").read().replace("\r\n", "\n").split("\n"):
        if in_comments and line.startswith("#"):
            if line.startswith("#!"):
                meta = dict(kv.split("=", 1) for kv in line[2:].split())
            continue
        in_comments = False
        body_lines.append(line)
    if meta is None:
        sys.exit("%s: no '#!' address line" % src)
    text = "\r\n".join(body_lines)
    if not text.endswith("\r\n"):
        text += "\r\n"

    def sub(m):
        name = m.group(1).decode()
        if name.startswith("JWS:"):
            return open(os.path.join(jwsdir, name[4:] + ".jws")).read().strip().encode()
        if name.startswith("HEX:"):
            return bytes.fromhex(name[4:])
        if name.startswith("GEN:"):
            if gendir is None:
                sys.exit("%s: @@GEN:...@@ needs GENDIR" % src)
            return open(os.path.join(gendir, name[4:]), "rb").read()
        if name not in ids:
            sys.exit("%s: unknown placeholder %s" % (src, name))
        return ids[name].encode()
    data = re.sub(rb"@@([A-Za-z0-9_:.-]+)@@", sub, text.encode("utf-8"))
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        sys.exit("%s: no empty line after the headers" % src)
    m = re.search(rb"(?im)^(?:Content-Length|l)[ \t]*:[ \t]*(\d+)[ \t]*\r?$", head)
    if not m or int(m.group(1)) != len(body):
        sys.exit("%s: Content-Length does not match body length %d" % (src, len(body)))
    tcp = meta.get("proto", "udp") == "tcp"
    if not tcp and len(data) > 65000:
        sys.exit("%s: %d bytes do not fit one UDP datagram; use proto=tcp" % (src, len(data)))
    step = SEGMENT if tcp else max(len(data), 1)
    with open(out, "w") as f:
        for seg in range(0, len(data), step):
            chunk = data[seg:seg + step]
            f.write(ts + "\n")
            for off in range(0, len(chunk), 16):
                f.write("%06x  %s\n" % (off, " ".join("%02x" % b for b in chunk[off:off + 16])))
            f.write("\n")
    sip, sport = meta["src"].rsplit(":", 1)
    dip, dport = meta["dst"].rsplit(":", 1)
    flag = "-T" if tcp else "-u"
    print("-4 %s,%s %s %s,%s" % (sip, dip, flag, sport, dport))


if __name__ == "__main__":
    if len(sys.argv) not in (6, 7):
        sys.exit(__doc__)
    main(*sys.argv[1:])
