#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
The malformed-input corpus (testcaptures/malformed_*.pcapng, bound_dialogs):
one table of hostile cases, each one SIP message, with what it tests and
which aisid expert items it must raise.

  malformed.py sources TEXTDIR       write TEXTDIR/<capture>/NN-<case>.txt
                                     (the committed SIP text sources)
  malformed.py gen KEYDIR GENDIR     write the generated values the sources
                                     name with @@GEN:name@@ (huge or binary
                                     header values, hostile JWS) to GENDIR,
                                     and the hostile JWK Sets to
                                     KEYDIR/hostile-*.json
  malformed.py expectations          print the expectations.tsv rows: for
                                     every expert item of a capture, exactly
                                     the frames whose case expects it
  malformed.py table                 print the Markdown table of cases

regenerate.sh runs "sources" and "gen", then turns each source into a frame
with tools/sip2hex.py and text2pcap like the other text captures.  The
expectations come from this table, written by hand from what each case
is, never from the plugin's output.

Nothing here is signed with a real key: JWS signatures are fixed filler
bytes (no aisid.jwks_file is set for those captures: "not checked"),
except in malformed_jwks*, where the test keys of keys/ sign them.
"""

import base64
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

IAT = 1794733200          # 2026-11-15T09:00:00Z, as the other captures
EXP = 2110352400          # 2036-11-15T09:00:00Z


def b64u(data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


SIG64 = b64u(bytes(range(64)))          # 64 filler bytes: an ES256-sized signature


def uid(cap, n):
    """A UUIDv7-shaped identifier per case (version 7, variant 10)."""
    return "01a2309e-%04x-7%03x-8%03x-%012x" % (0x2500 + cap * 0x40 + n, n, cap, 0x2500 + n)


def hdr(alg="ES256", kid="malformed-test", **extra):
    h = {"alg": alg, "kid": kid, "typ": "aisid+jwt"}
    h.update(extra)
    return json.dumps(h, separators=(",", ":"))


def claims(ident, **extra):
    c = {"aisid": ident, "iss": "https://as.example.net", "aud": "sip:ai-gw.example.com",
         "iat": IAT, "nbf": IAT, "exp": EXP}
    c.update(extra)
    return json.dumps(c, separators=(",", ":"))


def jws_raw(header_text, claims_text, sig=SIG64):
    """A compact JWS of the exact JSON texts given (bytes or str)."""
    return b64u(header_text) + "." + b64u(claims_text) + "." + sig


# ------------------------------------------------------------------ cases
#
# Each case: (name, proto, value, tests, expect).  value is the
# AI-Session-ID header value; "{ID}" is the case's identifier, "@@GEN:x@@"
# a generated value (GEN below, keyed by capture/case), "@@HEX:..@@" raw
# bytes.  expect: the aisid expert items of the frame, all of them.

CAPTURES = {}        # name -> dict(index, src, dst, base_epoch, prefs, cases)


def capture(name, index, src, dst, epoch, cases, prefs=None, note=""):
    CAPTURES[name] = dict(index=index, src=src, dst=dst, epoch=epoch, cases=cases,
                          prefs=prefs, note=note)


GEN = {}             # (capture, case) -> function(ident) -> bytes


def gen(cap, case):
    def deco(f):
        GEN[(cap, case)] = f
        return f
    return deco


# ---- malformed_values: the header value itself ---------------------------

V = "malformed_values"
capture(V, 1, "127.0.0.80", "127.0.0.81", 1796140800, [
    ("id-100k", "tcp", "@@GEN:id-100k@@",
     "identifier of 102400 token characters (over TCP: no UDP datagram holds it)",
     ["aisid.id.too_long", "aisid.id.not_uuid", "aisid.bound.value_length"]),
    ("params-100k", "tcp", "{ID}@@GEN:params-100k@@",
     "UUID then 51200 parameters \";p\" (102436 bytes)",
     ["aisid.bound.value_length", "aisid.bound.params"]),
    ("params-3000", "udp", "{ID}@@GEN:params-3000@@",
     "UUID then 3000 parameters \";p=1\" (12 KB, one datagram)",
     ["aisid.bound.params"]),
    ("params-17", "udp", "{ID}" + "".join(";p%d=%d" % (i, i) for i in range(17)),
     "17 parameters: one over the bound of 16",
     ["aisid.bound.params"]),
    ("params-16", "udp", "{ID}" + "".join(";p%d=%d" % (i, i) for i in range(16)),
     "16 parameters: at the bound, nothing to report (control)",
     []),
    ("value-60k-ref", "tcp", "{ID};assertion-ref=<https://as.example.net/@@GEN:path-60k@@>",
     "assertion-ref URI of 60023 characters: under the value bound, parsed whole",
     ["aisid.assertion_ref.present", "aisid.assertion_ref.unresolved"]),
    ("ref-cut", "tcp", "{ID};assertion-ref=<https://as.example.net/@@GEN:path-70k@@>",
     "assertion-ref URI of 70023 characters: crosses the value bound, not interpreted",
     ["aisid.bound.value_length"]),
    ("nul-in-id", "udp", "abc@@HEX:00@@def",
     "NUL byte inside the identifier",
     ["aisid.id.invalid_chars", "aisid.id.not_uuid"]),
    ("nul-in-param", "udp", "{ID};foo=a@@HEX:00@@b",
     "NUL byte inside a parameter value",
     ["aisid.param.malformed"]),
    ("ff-in-id", "udp", "abc@@HEX:ff@@def",
     "byte 0xff (never valid UTF-8) inside the identifier",
     ["aisid.id.invalid_chars", "aisid.id.not_uuid"]),
    ("overlong-in-param", "udp", "{ID};foo=@@HEX:c0af@@",
     "overlong UTF-8 encoding of '/' (0xc0 0xaf) as a parameter value",
     ["aisid.param.malformed"]),
    ("utf8-in-id", "udp", "caf@@HEX:c3a9@@-01",
     "valid UTF-8 (e acute) in the identifier: still outside the token",
     ["aisid.id.invalid_chars", "aisid.id.not_uuid"]),
    ("ctl-in-id", "udp", "ab@@HEX:01@@cd@@HEX:7f@@",
     "control bytes 0x01 and 0x7f in the identifier (the first is reported)",
     ["aisid.id.invalid_chars", "aisid.id.not_uuid"]),
    ("tab-in-id", "udp", "ab\tcd",
     "a tab inside the identifier",
     ["aisid.id.invalid_chars", "aisid.id.not_uuid"]),
    ("quote-open", "udp", "{ID};foo=\"abc",
     "unterminated quoted string in a parameter",
     ["aisid.param.malformed"]),
    ("quote-swallows-ref", "udp", "{ID};foo=\"abc;assertion-ref=<https://as.example.net/a>",
     "unterminated quote swallows the assertion-ref after it: no reference",
     ["aisid.param.malformed"]),
    ("quote-backslash-end", "udp", "{ID};foo=\"abc\\",
     "quoted string ending in a lone backslash (quoted-pair without its character)",
     ["aisid.param.malformed"]),
    ("quoted-id", "udp", "\"{ID}\"",
     "the identifier itself in quotes",
     ["aisid.id.invalid_chars", "aisid.id.not_uuid"]),
    ("angle-nested", "udp", "{ID};assertion-ref=<<https://as.example.net/a>>",
     "nested angle brackets around the assertion-ref URI",
     ["aisid.assertion_ref.malformed"]),
    ("angle-inner", "udp", "{ID};assertion-ref=<https://as.example.net/a<b>c>",
     "a '<' inside the URI, text after the first '>'",
     ["aisid.assertion_ref.malformed"]),
    ("angle-in-id", "udp", "abc<def;x>;y=1",
     "a '<' in the identifier opens a bracket that hides the ';' inside it",
     ["aisid.id.invalid_chars", "aisid.id.not_uuid"]),
    ("brackets-1000", "udp", "@@GEN:brackets-1000@@",
     "1000 '[' then 1000 ']' as the identifier",
     ["aisid.id.invalid_chars", "aisid.id.too_long", "aisid.id.not_uuid"]),
    ("nul-in-ref", "udp", "{ID};assertion-ref=<https://as.example.net/a@@HEX:00@@b>",
     "NUL byte inside the assertion-ref URI",
     ["aisid.assertion_ref.malformed"]),
    ("empty-params", "udp", "{ID};;;",
     "three empty parameters",
     ["aisid.param.malformed", "aisid.param.malformed", "aisid.param.malformed"]),
    ("param-name-bad", "udp", "{ID};f@o=1",
     "a parameter name with '@'",
     ["aisid.param.malformed"]),
    ("only-semicolons", "udp", ";;",
     "no identifier, two empty parameters",
     ["aisid.id.empty", "aisid.param.malformed", "aisid.param.malformed"]),
], note="UDP 127.0.0.80:5060 -> 127.0.0.81:5060; TCP cases from port 41000 + case number")


@gen(V, "id-100k")
def _(ident):
    return (b"0123456789abcdef" * 6400)


@gen(V, "params-100k")
def _(ident):
    return b";p" * 51200


@gen(V, "params-3000")
def _(ident):
    return b";p=1" * 3000


@gen(V, "path-60k")
def _(ident):
    return b"a" * 60000


@gen(V, "path-70k")
def _(ident):
    return b"a" * 70000


@gen(V, "brackets-1000")
def _(ident):
    return b"[" * 1000 + b"]" * 1000


# ---- malformed_jws: the compact serialisation ----------------------------

J = "malformed_jws"
capture(J, 2, "127.0.0.82", "127.0.0.83", 1796144400, [
    ("pad-header", "udp", "{ID};assertion=@@GEN:pad-header@@",
     "'=' padding after the protected header part",
     ["aisid.assertion.malformed"]),
    ("plus-payload", "udp", "{ID};assertion=@@GEN:plus-payload@@",
     "'+' (standard base64 alphabet) in the payload part",
     ["aisid.assertion.embedded", "aisid.assertion.malformed"]),
    ("slash-signature", "udp", "{ID};assertion=@@GEN:slash-signature@@",
     "'/' (standard base64 alphabet) in the signature part",
     ["aisid.assertion.embedded", "aisid.assertion.malformed"]),
    ("space-inside", "udp", "{ID};assertion=@@GEN:space-inside@@",
     "a space in the middle of the payload part",
     ["aisid.assertion.embedded", "aisid.assertion.malformed"]),
    ("mod4-1", "udp", "{ID};assertion=@@GEN:mod4-1@@",
     "protected header part of length 4k+1 (6 bits left over)",
     ["aisid.assertion.malformed"]),
    ("unused-bits", "udp", "{ID};assertion=@@GEN:unused-bits@@",
     "last character of the header part has non-zero unused bits (RFC 4648 3.5)",
     ["aisid.assertion.malformed"]),
    ("four-parts", "udp", "{ID};assertion=@@GEN:four-parts@@",
     "four '.'-separated parts",
     ["aisid.assertion.malformed"]),
    ("one-part", "udp", "{ID};assertion=@@GEN:one-part@@",
     "no '.' at all",
     ["aisid.assertion.malformed"]),
    ("empty-parts", "udp", "{ID};assertion=..",
     "three empty parts",
     ["aisid.assertion.embedded", "aisid.assertion.malformed"]),
    ("empty-signature", "udp", "{ID};assertion=@@GEN:empty-signature@@",
     "alg ES256 with an empty signature part",
     ["aisid.assertion.embedded", "aisid.assertion.malformed"]),
    ("empty-value", "udp", "{ID};assertion=",
     "assertion= with nothing after it",
     ["aisid.assertion.malformed"]),
    ("jws-40k", "udp", "{ID};assertion=@@GEN:jws-40k@@",
     "a JWS of 40 KiB (claims padded): over the JWS bound, under the value bound",
     ["aisid.bound.jws_length"]),
    ("jws-2m", "tcp", "{ID};assertion=@@GEN:jws-2m@@",
     "a JWS of 2 MiB over TCP (66 segments): over the value bound, the assertion is cut",
     ["aisid.bound.value_length"]),
    ("alg-none-upper", "udp", "{ID};assertion=@@GEN:alg-none-upper@@.",
     "alg \"NONE\" (upper case) and an empty signature",
     ["aisid.assertion.embedded", "aisid.assertion.alg_none"]),
    ("alg-number", "udp", "{ID};assertion=@@GEN:alg-number@@",
     "alg 256, a number",
     ["aisid.assertion.embedded", "aisid.assertion.alg_none"]),
    ("header-array", "udp", "{ID};assertion=@@GEN:header-array@@",
     "protected header is a JSON array, not an object",
     ["aisid.assertion.embedded", "aisid.assertion.malformed"]),
    ("header-trailing", "udp", "{ID};assertion=@@GEN:header-trailing@@",
     "protected header is an object followed by \"x\"",
     ["aisid.assertion.embedded", "aisid.assertion.malformed"]),
    ("header-raw-nul", "udp", "{ID};assertion=@@GEN:header-raw-nul@@",
     "protected header holds a raw NUL byte",
     ["aisid.assertion.embedded", "aisid.assertion.malformed"]),
    ("payload-not-json", "udp", "{ID};assertion=@@GEN:payload-not-json@@",
     "claims part decodes to \"{aisid:\" (not JSON)",
     ["aisid.assertion.embedded", "aisid.assertion.malformed"]),
    ("two-assertions", "udp", "{ID};assertion=@@GEN:good@@;assertion=@@GEN:four-parts@@",
     "two assertion parameters: the first is interpreted, the second shown as a parameter",
     ["aisid.assertion.embedded"]),
], note="UDP 127.0.0.82:5060 -> 127.0.0.83:5060 (jws-2m: TCP from port 42013)")


def _jws_for(ident, **kw):
    return jws_raw(hdr(), claims(ident, **kw))


@gen(J, "good")
def _(ident):
    return _jws_for(ident).encode()


@gen(J, "pad-header")
def _(ident):
    h = hdr(kid="pad1")                              # not a multiple of 3 bytes: base64 pads
    assert len(h.encode()) % 3 != 0
    p = base64.urlsafe_b64encode(h.encode()).decode()
    assert p.endswith("=")
    return (p + "." + b64u(claims(ident)) + "." + SIG64).encode()


@gen(J, "plus-payload")
def _(ident):
    # a claim of '~' characters: their base64 has '+' ('~~~' is "fn5+")
    for k in range(1, 12):
        std = base64.b64encode(claims(ident, note="~" * k).encode()).decode().rstrip("=")
        if "+" in std:
            break
    assert "+" in std
    return (b64u(hdr()) + "." + std + "." + SIG64).encode()


@gen(J, "slash-signature")
def _(ident):
    sig = base64.b64encode(bytes([0xff] * 64)).decode().rstrip("=")
    assert "/" in sig
    return (b64u(hdr()) + "." + b64u(claims(ident)) + "." + sig).encode()


@gen(J, "space-inside")
def _(ident):
    c = b64u(claims(ident))
    return (b64u(hdr()) + "." + c[:20] + " " + c[20:] + "." + SIG64).encode()


@gen(J, "mod4-1")
def _(ident):
    h = b64u(hdr())
    while len(h) % 4 != 1:
        h += "A"
    return (h + "." + b64u(claims(ident)) + "." + SIG64).encode()


@gen(J, "unused-bits")
def _(ident):
    h = b64u(hdr(kid="x"))                           # 4k+2 or 4k+3 characters
    assert len(h) % 4 in (2, 3)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    v = alphabet.index(h[-1]) | 1                    # set the lowest, unused bit
    return (h[:-1] + alphabet[v] + "." + b64u(claims(ident)) + "." + SIG64).encode()


@gen(J, "four-parts")
def _(ident):
    return (_jws_for(ident) + "." + SIG64).encode()


@gen(J, "one-part")
def _(ident):
    return b64u(hdr()).encode()


@gen(J, "empty-signature")
def _(ident):
    return (b64u(hdr()) + "." + b64u(claims(ident)) + ".").encode()


def _padded_claims(ident, total):
    base = claims(ident, pad="")
    pad = "x" * (total - len(base))
    return claims(ident, pad=pad)


@gen(J, "jws-40k")
def _(ident):
    return jws_raw(hdr(), _padded_claims(ident, 30000)).encode()


@gen(J, "jws-2m")
def _(ident):
    return jws_raw(hdr(), _padded_claims(ident, 1572864)).encode()


@gen(J, "alg-none-upper")
def _(ident):
    return (b64u(hdr(alg="NONE")) + "." + b64u(claims(ident))).encode()


@gen(J, "alg-number")
def _(ident):
    return jws_raw('{"alg":256,"kid":"malformed-test"}', claims(ident)).encode()


@gen(J, "header-array")
def _(ident):
    return jws_raw('["alg","ES256"]', claims(ident)).encode()


@gen(J, "header-trailing")
def _(ident):
    return jws_raw(hdr() + "x", claims(ident)).encode()


@gen(J, "header-raw-nul")
def _(ident):
    return jws_raw(b'{"alg":"ES256",\x00"kid":"k"}', claims(ident)).encode()


@gen(J, "payload-not-json")
def _(ident):
    return jws_raw(hdr(), "{aisid:").encode()


# ---- malformed_json: the decoded header and claims -----------------------

N = "malformed_json"


def _deep_array(n):
    return "[" * n + "]" * n


capture(N, 3, "127.0.0.84", "127.0.0.85", 1796148000, [
    ("header-deep-5000", "udp", "{ID};assertion=@@GEN:header-deep-5000@@",
     "protected header member nested 5000 arrays deep",
     ["aisid.assertion.embedded", "aisid.bound.json_depth"]),
    ("claims-deep-3000", "udp", "{ID};assertion=@@GEN:claims-deep-3000@@",
     "claims member nested 3000 objects deep",
     ["aisid.assertion.embedded", "aisid.bound.json_depth"]),
    ("claims-depth-32", "udp", "{ID};assertion=@@GEN:claims-depth-32@@",
     "claims nest exactly 32 levels (root object included): at the bound, read (control)",
     ["aisid.assertion.embedded"]),
    ("claims-depth-33", "udp", "{ID};assertion=@@GEN:claims-depth-33@@",
     "claims nest 33 levels: one over the bound",
     ["aisid.assertion.embedded", "aisid.bound.json_depth"]),
    ("claims-wide-2500", "udp", "{ID};assertion=@@GEN:claims-wide-2500@@",
     "claims object with 2500 extra members (5000+ tokens)",
     ["aisid.assertion.embedded", "aisid.bound.json_tokens"]),
    ("claims-arrays-5000", "udp", "{ID};assertion=@@GEN:claims-arrays-5000@@",
     "claims member of 5000 empty arrays [[],[],...] (quadratic in jsmn without the bound)",
     ["aisid.assertion.embedded", "aisid.bound.json_tokens"]),
    ("dup-alg", "udp", "{ID};assertion=@@GEN:dup-alg@@",
     "\"alg\" twice: \"ES256\", then \"none\" (the last is used)",
     ["aisid.assertion.embedded", "aisid.assertion.alg_none", "aisid.assertion.ambiguous"]),
    ("dup-kid", "udp", "{ID};assertion=@@GEN:dup-kid@@",
     "\"kid\" twice",
     ["aisid.assertion.embedded", "aisid.assertion.ambiguous"]),
    ("dup-iat", "udp", "{ID};assertion=@@GEN:dup-iat@@",
     "\"iat\" twice in the claims",
     ["aisid.assertion.embedded", "aisid.assertion.ambiguous"]),
    ("dup-aisid", "udp", "{ID};assertion=@@GEN:dup-aisid@@",
     "\"aisid\" twice: the header's identifier, then another (the last is used)",
     ["aisid.assertion.embedded", "aisid.assertion.ambiguous", "aisid.assertion.claim_mismatch"]),
    ("iat-1e400", "udp", "{ID};assertion=@@GEN:iat-1e400@@",
     "iat 1e400 (overflows a double)",
     ["aisid.assertion.embedded", "aisid.assertion.bad_time"]),
    ("exp-minus-1", "udp", "{ID};assertion=@@GEN:exp-minus-1@@",
     "exp -1 (1969-12-31T23:59:59Z): a valid NumericDate, long past",
     ["aisid.assertion.embedded", "aisid.assertion.expired"]),
    ("exp-2p63", "udp", "{ID};assertion=@@GEN:exp-2p63@@",
     "exp 2^63 = 9223372036854775808",
     ["aisid.assertion.embedded", "aisid.assertion.bad_time"]),
    ("nbf-2p64", "udp", "{ID};assertion=@@GEN:nbf-2p64@@",
     "nbf 2^64 = 18446744073709551616",
     ["aisid.assertion.embedded", "aisid.assertion.bad_time"]),
    ("iat-float", "udp", "{ID};assertion=@@GEN:iat-float@@",
     "iat 1794733200.75: RFC 7519 allows a fraction (dropped); nothing to report (control)",
     ["aisid.assertion.embedded"]),
    ("exp-string", "udp", "{ID};assertion=@@GEN:exp-string@@",
     "exp \"2110352400\", a string",
     ["aisid.assertion.embedded", "aisid.assertion.bad_time"]),
    ("exp-true", "udp", "{ID};assertion=@@GEN:exp-true@@",
     "exp true",
     ["aisid.assertion.embedded", "aisid.assertion.bad_time"]),
    ("iat-leading-zero", "udp", "{ID};assertion=@@GEN:iat-leading-zero@@",
     "iat 01794733200 (a leading zero is not JSON)",
     ["aisid.assertion.embedded", "aisid.assertion.bad_time"]),
    ("exp-1e18", "udp", "{ID};assertion=@@GEN:exp-1e18@@",
     "exp 1e18 (year 31 billion): in range, far future; nothing to report",
     ["aisid.assertion.embedded"]),
    ("alg-escaped-nul", "udp", "{ID};assertion=@@GEN:alg-escaped-nul@@",
     "alg \"ES256\\u0000none\": an escaped NUL, which wsutil does not decode (alg unread)",
     ["aisid.assertion.embedded", "aisid.assertion.ambiguous", "aisid.assertion.alg_none"]),
    ("kid-not-utf8", "udp", "{ID};assertion=@@GEN:kid-not-utf8@@",
     "kid holds the raw byte 0xff",
     ["aisid.assertion.embedded", "aisid.assertion.ambiguous"]),
    ("iss-lone-surrogate", "udp", "{ID};assertion=@@GEN:iss-lone-surrogate@@",
     "iss \"\\ud800\" (an unpaired surrogate escape)",
     ["aisid.assertion.embedded", "aisid.assertion.ambiguous"]),
], note="UDP 127.0.0.84:5060 -> 127.0.0.85:5060")


@gen(N, "header-deep-5000")
def _(ident):
    h = '{"alg":"ES256","kid":"malformed-test","x":%s}' % _deep_array(5000)
    return jws_raw(h, claims(ident)).encode()


@gen(N, "claims-deep-3000")
def _(ident):
    c = claims(ident)[:-1] + ',"x":' + '{"a":' * 3000 + "0" + "}" * 3000 + "}"
    return jws_raw(hdr(), c).encode()


def _claims_depth(ident, depth):
    # the root object is level 1: depth - 1 nested arrays
    return claims(ident)[:-1] + ',"x":' + _deep_array(depth - 1) + "}"


@gen(N, "claims-depth-32")
def _(ident):
    return jws_raw(hdr(), _claims_depth(ident, 32)).encode()


@gen(N, "claims-depth-33")
def _(ident):
    return jws_raw(hdr(), _claims_depth(ident, 33)).encode()


@gen(N, "claims-wide-2500")
def _(ident):
    extra = ",".join('"m%d":0' % i for i in range(2500))
    return jws_raw(hdr(), claims(ident)[:-1] + "," + extra + "}").encode()


@gen(N, "claims-arrays-5000")
def _(ident):
    return jws_raw(hdr(), claims(ident)[:-1] + ',"x":[' + ",".join(["[]"] * 5000) + "]}").encode()


@gen(N, "dup-alg")
def _(ident):
    return jws_raw('{"alg":"ES256","kid":"malformed-test","alg":"none"}', claims(ident)).encode()


@gen(N, "dup-kid")
def _(ident):
    return jws_raw('{"alg":"ES256","kid":"k-first","kid":"k-second"}', claims(ident)).encode()


@gen(N, "dup-iat")
def _(ident):
    return jws_raw(hdr(), claims(ident)[:-1] + ',"iat":%d}' % (IAT + 86400)).encode()


@gen(N, "dup-aisid")
def _(ident):
    return jws_raw(hdr(), claims(ident)[:-1] + ',"aisid":"01a2309e-25ff-7000-8000-00000000beef"}').encode()


def _claims_with(ident, name, raw):
    c = json.loads(claims(ident))
    c[name] = "@RAW@"
    return jws_raw(hdr(), json.dumps(c, separators=(",", ":")).replace('"@RAW@"', raw))


for _n, _name, _raw in (("iat-1e400", "iat", "1e400"), ("exp-minus-1", "exp", "-1"),
                        ("exp-2p63", "exp", "9223372036854775808"),
                        ("nbf-2p64", "nbf", "18446744073709551616"),
                        ("iat-float", "iat", "1794733200.75"),
                        ("exp-string", "exp", '"2110352400"'), ("exp-true", "exp", "true"),
                        ("iat-leading-zero", "iat", "01794733200"),
                        ("exp-1e18", "exp", "1e18")):
    GEN[(N, _n)] = (lambda name, raw: lambda ident: _claims_with(ident, name, raw).encode())(_name, _raw)


@gen(N, "alg-escaped-nul")
def _(ident):
    return jws_raw('{"alg":"ES256\\u0000none","kid":"malformed-test"}', claims(ident)).encode()


@gen(N, "kid-not-utf8")
def _(ident):
    return jws_raw(b'{"alg":"ES256","kid":"k\xff"}', claims(ident)).encode()


@gen(N, "iss-lone-surrogate")
def _(ident):
    return jws_raw(hdr(), claims(ident).replace('"https://as.example.net"', '"\\ud800"')).encode()


# ---- malformed_jwks*: hostile JWK Sets (aisid.jwks_file) ------------------

def _test_keys(keydir):
    ks = json.load(open(os.path.join(keydir, "test-jwks.json")))["keys"]
    by = {k["kid"]: k for k in ks}
    unk = json.load(open(os.path.join(keydir, "test-unknown-jwk.json")))
    return by["aisid-test-es256"], by["aisid-test-rs256"], unk


def _flip_last(b64):
    raw = bytearray(base64.urlsafe_b64decode(b64 + "=" * (-len(b64) % 4)))
    raw[-1] ^= 1
    return b64u(bytes(raw))


def hostile_jwks(keydir):
    es, rs, unk = _test_keys(keydir)
    ec = {k: es[k] for k in ("kty", "crv", "x", "y")}
    keys = [
        {"kty": "XYZ", "kid": "h-wrong-kty", "x": es["x"]},
        {"kty": "oct", "kid": "h-oct", "k": b64u("a shared secret")},
        {"kty": "RSA", "kid": "h-huge-n", "n": b64u(b"\xff" * 2500), "e": "AQAB"},
        {"kty": "OKP", "crv": "Ed25519", "kid": "h-empty-x", "x": ""},
        dict(ec, kid="h-off-curve", y=_flip_last(es["y"])),
        dict(ec, kid="h-dup"),
        dict({k: unk[k] for k in ("kty", "crv", "x", "y")}, kid="h-dup"),
        {"kty": "RSA", "kid": "h-e1", "n": rs["n"], "e": "AQ"},
        dict(ec, kid="h-short-x", x=b64u(base64.urlsafe_b64decode(es["x"] + "=")[1:])),
        {"kty": "RSA", "kid": "h-even-n", "n": _flip_last(rs["n"]), "e": "AQAB"},
        {"kty": "EC", "crv": "P-384", "kid": "h-p384", "x": es["x"], "y": es["y"]},
        dict(ec, kid="h-use-enc", use="enc"),
        {"kty": "RSA", "kid": "h-small-n", "n": b64u(b"\xc5" * 63 + b"\x01"), "e": "AQAB"},
        {"kty": "EC", "crv": "P-256", "kid": "h-private-only", "d": b64u(b"\x01" * 32)},
        {"kid": "h-no-kty", "crv": "P-256", "x": es["x"], "y": es["y"]},
        dict(ec, kid="h-x-not-b64", x="not base64url!"),
        dict(es),                                          # the real ES256 test key
    ]
    return {"keys": keys}


K = "malformed_jwks"
KCASES = [
    ("wrong-kty", "h-wrong-kty", "key of kty \"XYZ\"", "es256"),
    ("oct", "h-oct", "symmetric key (kty oct) named by an HS256 assertion", "hs256"),
    ("huge-n", "h-huge-n", "RSA modulus of 20000 bits", "rs256"),
    ("empty-x", "h-empty-x", "Ed25519 key with x \"\" (zero length)", "eddsa"),
    ("off-curve", "h-off-curve", "EC point (x, y) not on P-256", "es256"),
    ("dup-kid", "h-dup", "two usable keys with kid h-dup; signed by the second", "unknown"),
    ("rsa-e1", "h-e1", "RSA key with e = 1", "rs256"),
    ("short-x", "h-short-x", "P-256 x of 31 octets", "es256"),
    ("even-n", "h-even-n", "RSA modulus that is even", "rs256"),
    ("p384", "h-p384", "EC curve P-384 (not supported)", "es256"),
    ("use-enc", "h-use-enc", "key with use \"enc\"", "es256"),
    ("small-n", "h-small-n", "RSA modulus of 512 bits", "rs256"),
    ("private-only", "h-private-only", "EC key with d but no x, y", "es256"),
    ("x-not-b64", "h-x-not-b64", "EC x that is not base64url", "es256"),
    ("control", "aisid-test-es256", "the real ES256 test key of the same set: verifies (control)", "es256"),
]
_KEXPECT = {
    "oct": ["aisid.assertion.embedded", "aisid.jwks.problem", "aisid.assertion.alg_mismatch"],
    "dup-kid": ["aisid.assertion.embedded", "aisid.jwks.problem", "aisid.assertion.verified"],
    "control": ["aisid.assertion.embedded", "aisid.assertion.verified"],
}
capture(K, 4, "127.0.0.86", "127.0.0.87", 1796151600, [
    (name, "udp", "{ID};assertion=@@GEN:%s@@" % name,
     "%s (kid %s)" % (what, kid),
     _KEXPECT.get(name, ["aisid.assertion.embedded", "aisid.jwks.problem", "aisid.assertion.no_key"]))
    for name, kid, what, _signer in KCASES
], prefs="aisid.jwks_file:@KEYS@/hostile-jwks.json",
    note="UDP 127.0.0.86:5060 -> 127.0.0.87:5060; keys/hostile-jwks.json")


def _signed(keydir, signer, kid, ident):
    import aisid_jws as aj
    pem = {"es256": "test-es256-private.pem", "rs256": "test-rs256-private.pem",
           "eddsa": "test-ed25519-private.pem", "unknown": "test-unknown-es256-private.pem"}
    c = json.loads(claims(ident))
    if signer == "hs256":
        return jws_raw(hdr(alg="HS256", kid=kid), claims(ident), b64u(b"\x00" * 32))
    alg = {"es256": "ES256", "unknown": "ES256", "rs256": "RS256", "eddsa": "EdDSA"}[signer]
    return aj.make_jws(os.path.join(keydir, pem[signer]), kid, c, alg=alg)


for _name, _kid, _what, _signer in KCASES:
    GEN[(K, _name)] = (lambda kid, signer: lambda ident, keydir: _signed(keydir, signer, kid, ident).encode())(_kid, _signer)

# Whole-file problems: one capture each (each needs its own .prefs).
for _cap, _idx, _file, _what, _epoch in (
        ("malformed_jwks_notjson", 5, "hostile-notjson.json",
         "aisid.jwks_file is not JSON at all", 1796153400),
        ("malformed_jwks_deep", 6, "hostile-deep.json",
         "aisid.jwks_file nests 100000 arrays deep (over the depth bound)", 1796154000),
        ("malformed_jwks_many", 7, "hostile-many.json",
         "aisid.jwks_file has 1100 keys (over the bound of 1024); the assertion's key is the 1100th", 1796154600),
        ("malformed_jwks_huge", 8, "hostile-huge.json",
         "aisid.jwks_file is 1.5 MiB (over the size bound)", 1796155200)):
    _expect = ["aisid.assertion.embedded", "aisid.jwks.problem"]
    if _cap == "malformed_jwks_many":
        _expect.append("aisid.assertion.no_key")
    capture(_cap, _idx, "127.0.0.86", "127.0.0.87", _epoch, [
        ("assertion", "udp", "{ID};assertion=@@GEN:assertion@@", _what, _expect)],
        prefs="aisid.jwks_file:@KEYS@/" + _file,
        note="UDP 127.0.0.86:5060 -> 127.0.0.87:5060; keys/" + _file)
    GEN[(_cap, "assertion")] = (lambda cap: lambda ident, keydir: _signed(
        keydir, "es256", "many-1100" if cap == "malformed_jwks_many" else "aisid-test-es256",
        ident).encode())(_cap)


def whole_file_jwks(keydir):
    es, _rs, _unk = _test_keys(keydir)
    many = {"keys": [dict({k: es[k] for k in ("kty", "crv", "x", "y")}, kid="many-%d" % i)
                     for i in range(1, 1101)]}
    huge = {"keys": [dict(es, kid="huge-%d" % i, pad="p" * 1000) for i in range(1, 1500)]}
    return {
        "hostile-notjson.json": b"this is not JSON {\"keys\": [\n",
        "hostile-deep.json": b'{"keys":[' + b"[" * 100000 + b"]" * 100000 + b"]}\n",
        "hostile-many.json": json.dumps(many, separators=(",", ":")).encode() + b"\n",
        "hostile-huge.json": json.dumps(huge, separators=(",", ":")).encode() + b"\n",
    }


# ---- bound_dialogs: the dialog-tracking bound (aisid.max_dialogs) ---------

B = "bound_dialogs"
capture(B, 9, "127.0.0.88", "127.0.0.89", 1796155800, [
    ("dialog-1", "udp", "{ID}", "first dialog: tracked", []),
    ("dialog-2", "udp", "{ID}", "second dialog, same identifier: tracked (joins the session)",
     ["aisid.session.joined"]),
    ("dialog-3", "udp", "{ID}", "third dialog: over aisid.max_dialogs 2, not tracked",
     ["aisid.bound.dialogs"]),
    ("dialog-4", "udp", "{ID}", "fourth dialog: not tracked either, nothing more said",
     []),
], prefs="aisid.max_dialogs:2",
    note="UDP 127.0.0.88:5060 -> 127.0.0.89:5060; every dialog carries one identifier")


def case_id(cap, n, name):
    if cap == B:
        return uid(CAPTURES[cap]["index"], 0)       # one identifier for all dialogs
    return uid(CAPTURES[cap]["index"], n)


# ------------------------------------------------------------------ output

def sip_text(cap, n, case):
    info = CAPTURES[cap]
    name, proto, value, tests, expect = case
    ident = case_id(cap, n, name)
    src, dst = info["src"], info["dst"]
    sport = 41000 + info["index"] * 100 + n if proto == "tcp" else 5060
    tag = "m%d%02d" % (info["index"], n)
    v = value.replace("{ID}", ident).replace("@@GEN:", "@@GEN:%s.%02d." % (cap, n))
    lines = [
        "# SPDX-License-Identifier: GPL-2.0-or-later",
        "#! src=%s:%d dst=%s:5060 proto=%s" % (src, sport, dst, proto),
        "# case %s/%02d %s: %s" % (cap, n, name, tests),
        "# expect: %s" % (", ".join(expect) if expect else "no aisid expert item"),
        "# generated by tools/malformed.py sources (edit the table there)",
        "INVITE sip:ua-b@%s:5060 SIP/2.0" % dst,
        "Via: SIP/2.0/%s %s:%d;branch=z9hG4bK-%s" % (proto.upper(), src, sport, tag),
        "Max-Forwards: 70",
        "From: <sip:ua-a@%s>;tag=%s-f" % (src, tag),
        "To: <sip:ua-b@%s>" % dst,
        "Call-ID: %s-%s@%s" % (tag, name, src),
        "CSeq: 1 INVITE",
        "Contact: <sip:ua-a@%s:%d;transport=%s>" % (src, sport, proto),
        "AI-Session-ID: " + v,
        "Content-Length: 0",
        "",
        "",
    ]
    return "\n".join(lines)


def cmd_sources(textdir):
    for cap, info in CAPTURES.items():
        d = os.path.join(textdir, cap)
        os.makedirs(d, exist_ok=True)
        for f in os.listdir(d):
            if f.endswith(".txt"):
                os.unlink(os.path.join(d, f))
        for n, case in enumerate(info["cases"], 1):
            with open(os.path.join(d, "%02d-%s.txt" % (n, case[0])), "w") as f:
                f.write(sip_text(cap, n, case))


def cmd_gen(keydir, gendir):
    os.makedirs(gendir, exist_ok=True)
    for cap, info in CAPTURES.items():
        for n, case in enumerate(info["cases"], 1):
            value = case[2]
            import re
            for g in re.findall(r"@@GEN:([A-Za-z0-9_.-]+)@@", value):
                f = GEN[(cap, g)]
                ident = case_id(cap, n, case[0])
                data = f(ident, keydir) if f.__code__.co_argcount == 2 else f(ident)
                with open(os.path.join(gendir, "%s.%02d.%s" % (cap, n, g)), "wb") as out:
                    out.write(data)
    with open(os.path.join(keydir, "hostile-jwks.json"), "w") as f:
        json.dump(hostile_jwks(keydir), f, indent=2)
        f.write("\n")
    for name, data in whole_file_jwks(keydir).items():
        with open(os.path.join(keydir, name), "wb") as f:
            f.write(data)


SEGMENT = 32000          # as tools/sip2hex.py


def frames_of(cap):
    """The frame of each case: a TCP message of more than SEGMENT bytes
    takes several frames, and SIP shows it in the last one."""
    import re
    out, frame = [], 0
    for n, case in enumerate(CAPTURES[cap]["cases"], 1):
        segs = 1
        if case[1] == "tcp":
            text = sip_text(cap, n, case).encode()
            size = len(text.replace(b"\n", b"\r\n")) - sum(
                len(m.group(0)) for m in re.finditer(rb"@@GEN:[^@]*@@", text))
            for g in re.findall(r"@@GEN:([A-Za-z0-9_.-]+)@@", case[2]):
                size += len(GEN[(cap, g)](case_id(cap, n, case[0])))
            # comment lines are not part of the message
            size -= sum(len(l) + 2 for l in sip_text(cap, n, case).split("\n") if l.startswith("#"))
            segs = (size + SEGMENT - 1) // SEGMENT
        frame += segs
        out.append(frame)
    return out


def cmd_expectations():
    """Rows for one pass (the golden files hold both): SIP still dissected
    (Call-ID, CSeq) on every case's frame, and per expert item exactly the
    frames whose case expects it."""
    for cap, info in CAPTURES.items():
        fr = frames_of(cap)
        by = {}
        for n, case in enumerate(info["cases"], 1):
            for e in set(case[4]):
                by.setdefault(e, []).append(fr[n - 1])
        if len(fr) == 1:
            e = [x for x in sorted(by) if x != "aisid.assertion.embedded"]
            print("%s\t1\tsip.Call-ID && sip.CSeq && %s\t%d" % (cap, " && ".join(e), fr[0]))
            continue
        print("%s\t1\tsip.Call-ID && sip.CSeq && aisid\t%s" % (cap, ",".join(map(str, fr))))
        for e in sorted(by):
            print("%s\t1\t%s\t%s" % (cap, e, ",".join(str(n) for n in by[e])))


def cmd_table():
    print("| capture | frame | case | what it tests | expert items |")
    print("|---|---|---|---|---|")
    for cap, info in CAPTURES.items():
        fr = frames_of(cap)
        for n, case in enumerate(info["cases"], 1):
            print("| %s | %d | %s | %s | %s |" % (cap, fr[n - 1], case[0], case[3].replace("|", "\\|"),
                                                 ", ".join(case[4]) or "none"))


def main(argv):
    if len(argv) >= 2 and argv[1] == "sources" and len(argv) == 3:
        cmd_sources(argv[2])
    elif len(argv) >= 2 and argv[1] == "gen" and len(argv) == 4:
        cmd_gen(argv[2], argv[3])
    elif argv[1:] == ["expectations"]:
        cmd_expectations()
    elif argv[1:] == ["table"]:
        cmd_table()
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
