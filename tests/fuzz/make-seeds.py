#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Builds the seed corpora tests/fuzz/corpus/<target>/ from the test vectors:
the string literals of the unit tests (after the C preprocessor, so macros
like RFC 7515's vectors are expanded), testcaptures/jws/*.jws, the public
JWKs of testcaptures/keys/, the .prefs files, and the SIP and HTTP payloads
of testcaptures/*.pcapng (read with tshark, without the plugin).

    python3 tests/fuzz/make-seeds.py [REPO]

Files are named <source>-<sha1 prefix>; existing files are kept, so
inputs added by `run-fuzz.sh --merge` stay.  Needs gcc, pkg-config and
tshark.
"""
import glob
import hashlib
import os
import re
import subprocess
import sys

REPO = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                       os.path.join(os.path.dirname(__file__), "..", ".."))
CORPUS = os.path.join(REPO, "tests", "fuzz", "corpus")
MAX = {"graph": 16384, "sip": 8192, "http": 8192, "opacity": 8192, "jwks": 8192}
added = {}


def add(target, source, data):
    if isinstance(data, str):
        data = data.encode("latin-1")
    if len(data) > MAX.get(target, 4096):
        return
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    name = "%s-%s" % (source, hashlib.sha1(data).hexdigest()[:12])
    path = os.path.join(d, name)
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(data)
        added[target] = added.get(target, 0) + 1


# ---- unit-test string literals -------------------------------------------
UNIT_TARGETS = {
    "test_b64": ["b64url"], "test_dialoghdr": ["replaces", "referto", "sessionid"],
    "test_http": ["http"], "test_jws": ["jws", "verify"], "test_net": ["net"],
    "test_opacity": ["opacity", "sip"], "test_sip": ["sip", "graph"],
    "test_uuid": ["uuid", "header"], "test_value": ["header"],
    "test_verify": ["verify", "jwks"], "test_session": ["referto", "replaces", "sessionid"],
}
ESC = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\", '"': '"', "'": "'", "0": "\0",
       "a": "\a", "b": "\b", "f": "\f", "v": "\v", "?": "?"}


def c_unescape(body):
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c); i += 1; continue
        n = body[i + 1]
        if n == "x":
            m = re.match(r"[0-9a-fA-F]+", body[i + 2:])
            out.append(chr(int(m.group(0), 16) & 0xff)); i += 2 + len(m.group(0))
        elif n in "01234567":
            m = re.match(r"[0-7]{1,3}", body[i + 1:])
            out.append(chr(int(m.group(0), 8) & 0xff)); i += 1 + len(m.group(0))
        else:
            out.append(ESC.get(n, n)); i += 2
    return "".join(out)


def unit_literals(path):
    cflags = subprocess.run(["pkg-config", "--cflags", "glib-2.0", "wireshark"],
                            capture_output=True, text=True, check=True).stdout.split()
    pre = subprocess.run(["gcc", "-E", "-std=c11", *cflags, "-I", os.path.join(REPO, "plugin", "core"),
                          "-I", os.path.join(REPO, "tests", "unit"), path],
                         capture_output=True, text=True, check=True).stdout
    own, cur = [], None
    for line in pre.splitlines():
        m = re.match(r'# \d+ "([^"]+)"', line)
        if m:
            cur = m.group(1)
            continue
        if cur and os.path.basename(cur) == os.path.basename(path):
            own.append(line)
    text = "\n".join(own)
    # Adjacent literals concatenate (C11 6.4.5); char literals are skipped.
    tok = re.compile(r"'(?:\\.|[^'\\])*'|\"((?:\\.|[^\"\\])*)\"|(\s+)|(.)", re.S)
    lits, cur_lit = [], None
    for m in tok.finditer(text):
        if m.group(1) is not None:
            cur_lit = (cur_lit or "") + c_unescape(m.group(1))
        elif m.group(2) is not None:
            continue
        else:
            if cur_lit is not None:
                lits.append(cur_lit)
            cur_lit = None
    if cur_lit is not None:
        lits.append(cur_lit)
    return [l for l in lits if l and "%" not in l[:1]]


for path in sorted(glob.glob(os.path.join(REPO, "tests", "unit", "test_*.c"))):
    base = os.path.splitext(os.path.basename(path))[0]
    for lit in unit_literals(path):
        for t in UNIT_TARGETS.get(base, []):
            add(t, base, lit)
            if t == "http":
                add(t, base, "https://h/x\n" + lit)

# ---- JWS, keys, prefs ------------------------------------------------------
for path in sorted(glob.glob(os.path.join(REPO, "testcaptures", "jws", "*.jws"))):
    jws = open(path, "rb").read().strip()
    name = "jws_" + os.path.splitext(os.path.basename(path))[0]
    add("jws", name, jws)
    add("verify", name, jws)
    for part in jws.split(b"."):
        add("b64url", name, part)
for path in sorted(glob.glob(os.path.join(REPO, "testcaptures", "keys", "*.json"))):
    add("jwks", "keys_" + os.path.basename(path).split(".")[0], open(path, "rb").read())
for path in sorted(glob.glob(os.path.join(REPO, "testcaptures", "*.prefs"))):
    for line in open(path):
        if line.startswith("aisid.trusted_networks:"):
            nets = line.split(":", 1)[1].strip()
            add("net", "prefs", nets)
            add("net", "prefs", nets + "\n\x7f\x00\x00\x01" + "\x00" * 12)

# ---- payloads of the test captures -----------------------------------------
HDR = re.compile(rb"^([A-Za-z-]+)[ \t]*:[ \t]*(.*?)\r?$", re.M)
for cap in sorted(glob.glob(os.path.join(REPO, "testcaptures", "*.pcapng"))):
    name = os.path.splitext(os.path.basename(cap))[0]
    out = subprocess.run(["tshark", "-n", "-r", cap, "-T", "fields", "-e", "udp.payload",
                          "-e", "tcp.payload"], capture_output=True, text=True,
                         env=dict(os.environ, HOME="/nonexistent")).stdout
    sip_msgs, http_msgs, refs = [], [], []
    for line in out.splitlines():
        hexes = [h for h in line.split("\t") if h]
        if not hexes:
            continue
        data = bytes.fromhex(hexes[0].replace(":", ""))
        if data[:5] in (b"GET /", b"HTTP/", b"POST ", b"HEAD "):
            http_msgs.append(data)
        elif b"SIP/2.0" in data[:200]:
            sip_msgs.append(data)
    for msg in sip_msgs:
        add("sip", name, msg)
        for hname, value in HDR.findall(msg.split(b"\r\n\r\n")[0]):
            h = hname.lower()
            if h in (b"ai-session-id", b"x-ai-session-id"):
                add("header", name, value)
                ident = value.split(b";")[0].strip()
                add("uuid", name, ident)
                add("opacity", name, ident + b"\n" + msg)
                for p in value.split(b";")[1:]:
                    p = p.strip()
                    if p.startswith(b"assertion="):
                        add("jws", name, p[10:])
                        add("verify", name, p[10:])
                    if p.startswith(b"assertion-ref="):
                        refs.append(p[14:].strip(b"<>\""))
            elif h == b"replaces":
                add("replaces", name, value)
            elif h in (b"refer-to", b"r"):
                add("referto", name, value)
            elif h == b"session-id":
                add("sessionid", name, value)
    # The capture's messages in order, as the graph target reads them.
    graph, size = [], 0
    for msg in sip_msgs:
        if size + len(msg) + 1 > MAX["graph"]:
            break
        graph.append(msg); size += len(msg) + 1
    if graph:
        add("graph", name, b"\0".join(graph))
    for msg in http_msgs:
        for ref in refs or [b"https://example.invalid/"]:
            add("http", name, ref + b"\n" + msg)

for t in sorted(added):
    print("%-10s +%d" % (t, added[t]))
