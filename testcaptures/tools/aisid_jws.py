#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
JWK/JWS helper for the aisid test captures (python3 stdlib + openssl CLI).

  aisid_jws.py jwks KEYDIR                  write KEYDIR/test-jwks.json and
                                            KEYDIR/test-unknown-jwk.json
  aisid_jws.py sign --key PEM --kid KID --claims JSON [--alg ES256|RS256|EdDSA]
               [--typ aisid+jwt] [--openssl]
                                            print one compact JWS
  aisid_jws.py build KEYDIR OUTDIR IDS.env  write every JWS the captures use
                                            to OUTDIR/<name>.jws (also the bodies
                                            served over HTTP and the files of
                                            assertions/)
  aisid_jws.py selftest                     RFC 6979 A.2.5 test vector

ES256 signatures are made deterministically (RFC 6979, HMAC-SHA256 nonce)
in pure python from the private scalar that `openssl pkey -text` prints, so
that the captures are byte-for-byte reproducible; every signature is then
verified with `openssl dgst -verify` after the raw r||s -> DER conversion.
With --openssl the signature is made by `openssl dgst -sign` instead (random
nonce) and converted DER -> raw r||s (RFC 7515 A.3).  RS256 (PKCS#1 v1.5,
`openssl dgst -sha256 -sign`) and EdDSA (Ed25519, `openssl pkeyutl -sign
-rawin`) are deterministic by nature, always made by openssl, verified with
openssl and checked to come out the same when signed twice.

TEST KEYS ONLY.
"""

import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys
import tempfile

# ---------------------------------------------------------------- helpers


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64u_json(obj):
    return b64u(json.dumps(obj, separators=(",", ":")).encode("utf-8"))


def openssl(*args, data=None):
    return subprocess.run(["openssl"] + list(args), input=data,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          check=True).stdout


# ---------------------------------------------------------------- P-256

P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff
A = P - 3
N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551
G = (0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296,
     0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5)


def ec_add(p1, p2):
    if p1 is None:
        return p2
    if p2 is None:
        return p1
    if p1[0] == p2[0] and (p1[1] + p2[1]) % P == 0:
        return None
    if p1 == p2:
        lam = (3 * p1[0] * p1[0] + A) * pow(2 * p1[1], -1, P) % P
    else:
        lam = (p2[1] - p1[1]) * pow(p2[0] - p1[0], -1, P) % P
    x = (lam * lam - p1[0] - p2[0]) % P
    return (x, (lam * (p1[0] - x) - p1[1]) % P)


def ec_mul(k, pt):
    res = None
    while k:
        if k & 1:
            res = ec_add(res, pt)
        pt = ec_add(pt, pt)
        k >>= 1
    return res


def rfc6979_k(x, h1):
    """RFC 6979 section 3.2 for P-256 / SHA-256 (qlen == hlen == 256)."""
    def hm(key, msg):
        return hmac.new(key, msg, hashlib.sha256).digest()
    bx = x.to_bytes(32, "big") + (int.from_bytes(h1, "big") % N).to_bytes(32, "big")
    v = b"\x01" * 32
    k = b"\x00" * 32
    k = hm(k, v + b"\x00" + bx)
    v = hm(k, v)
    k = hm(k, v + b"\x01" + bx)
    v = hm(k, v)
    while True:
        v = hm(k, v)
        cand = int.from_bytes(v, "big")
        if 1 <= cand < N:
            return cand
        k = hm(k, v + b"\x00")
        v = hm(k, v)


def es256_sign_det(priv, msg):
    h1 = hashlib.sha256(msg).digest()
    e = int.from_bytes(h1, "big")
    k = rfc6979_k(priv, h1)
    r = ec_mul(k, G)[0] % N
    s = pow(k, -1, N) * (e + r * priv) % N
    return r, s


def ec_private_scalar(pem):
    text = openssl("pkey", "-in", pem, "-text", "-noout").decode()
    hexs = ""
    grab = False
    for line in text.splitlines():
        if line.startswith("priv:"):
            grab = True
            continue
        if grab:
            if line.startswith(" "):
                hexs += line.strip().replace(":", "")
            else:
                break
    return int(hexs, 16)


# DER <-> raw r||s (RFC 7515 appendix A.3)

def der_int(v):
    b = v.to_bytes((v.bit_length() + 8) // 8 or 1, "big")  # keeps a leading 0 if top bit set
    while len(b) > 1 and b[0] == 0 and b[1] < 0x80:
        b = b[1:]
    return b"\x02" + bytes([len(b)]) + b


def raw_to_der(raw):
    body = der_int(int.from_bytes(raw[:32], "big")) + der_int(int.from_bytes(raw[32:], "big"))
    return b"\x30" + bytes([len(body)]) + body


def der_to_raw(der):
    assert der[0] == 0x30
    i = 2 if der[1] < 0x80 else 3
    out = b""
    for _ in range(2):
        assert der[i] == 0x02
        ln = der[i + 1]
        v = int.from_bytes(der[i + 2:i + 2 + ln], "big")
        out += v.to_bytes(32, "big")
        i += 2 + ln
    return out


# ---------------------------------------------------------------- JWS

def sign_input(pem, alg, signing_input, use_openssl=False):
    with tempfile.TemporaryDirectory() as td:
        data = os.path.join(td, "data")
        with open(data, "wb") as f:
            f.write(signing_input)
        if alg == "ES256":
            if use_openssl:
                raw = der_to_raw(openssl("dgst", "-sha256", "-sign", pem, data))
            else:
                r, s = es256_sign_det(ec_private_scalar(pem), signing_input)
                raw = r.to_bytes(32, "big") + s.to_bytes(32, "big")
            # verify with openssl
            pub = os.path.join(td, "pub.pem")
            sig = os.path.join(td, "sig.der")
            openssl("pkey", "-in", pem, "-pubout", "-out", pub)
            with open(sig, "wb") as f:
                f.write(raw_to_der(raw))
            out = openssl("dgst", "-sha256", "-verify", pub, "-signature", sig, data)
            assert b"Verified OK" in out, out
            return raw
        if alg in ("RS256", "EdDSA"):
            pub = os.path.join(td, "pub.pem")
            sig = os.path.join(td, "sig.bin")
            openssl("pkey", "-in", pem, "-pubout", "-out", pub)
            if alg == "RS256":      # PKCS#1 v1.5: deterministic
                raw = openssl("dgst", "-sha256", "-sign", pem, data)
                with open(sig, "wb") as f:
                    f.write(raw)
                out = openssl("dgst", "-sha256", "-verify", pub, "-signature", sig, data)
                assert b"Verified OK" in out, out
            else:                   # Ed25519 (RFC 8032): deterministic
                raw = openssl("pkeyutl", "-sign", "-rawin", "-inkey", pem, "-in", data)
                with open(sig, "wb") as f:
                    f.write(raw)
                out = openssl("pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", pub,
                              "-sigfile", sig, "-in", data)
                assert b"Signature Verified Successfully" in out, out
            # same input, same signature (the captures must be reproducible)
            again = (openssl("dgst", "-sha256", "-sign", pem, data) if alg == "RS256" else
                     openssl("pkeyutl", "-sign", "-rawin", "-inkey", pem, "-in", data))
            assert again == raw, alg + " signature is not deterministic"
            return raw
        raise ValueError("unsupported alg " + alg)


def make_jws(pem, kid, claims, alg="ES256", typ="aisid+jwt", use_openssl=False,
             header=None):
    if header is None:
        header = {"alg": alg, "kid": kid, "typ": typ}
    si = (b64u_json(header) + "." + b64u_json(claims)).encode("ascii")
    sig = sign_input(pem, alg, si, use_openssl)
    return si.decode("ascii") + "." + b64u(sig)


# ---------------------------------------------------------------- JWK

def spki_der(pem):
    return openssl("pkey", "-in", pem, "-pubout", "-outform", "DER")


def jwk_for(pem, kind, kid):
    der = spki_der(pem)
    if kind == "ec":
        pt = der[-65:]
        assert pt[0] == 4
        return {"kty": "EC", "crv": "P-256", "x": b64u(pt[1:33]), "y": b64u(pt[33:]),
                "kid": kid, "alg": "ES256", "use": "sig"}
    if kind == "ed25519":
        return {"kty": "OKP", "crv": "Ed25519", "x": b64u(der[-32:]),
                "kid": kid, "alg": "EdDSA", "use": "sig"}
    if kind == "rsa":
        txt = openssl("pkey", "-in", pem, "-pubout").decode()
        mod = openssl("rsa", "-pubin", "-modulus", "-noout", data=txt.encode()).decode()
        n = int(mod.strip().split("=", 1)[1], 16)
        txt = openssl("rsa", "-pubin", "-text", "-noout", data=txt.encode()).decode()
        e = int(txt.split("Exponent:", 1)[1].split()[0])
        return {"kty": "RSA", "n": b64u(n.to_bytes((n.bit_length() + 7) // 8, "big")),
                "e": b64u(e.to_bytes((e.bit_length() + 7) // 8, "big")),
                "kid": kid, "alg": "RS256", "use": "sig"}
    raise ValueError(kind)


KIDS = {
    "es256": ("test-es256-private.pem", "ec", "aisid-test-es256"),
    "ed25519": ("test-ed25519-private.pem", "ed25519", "aisid-test-ed25519"),
    "rs256": ("test-rs256-private.pem", "rsa", "aisid-test-rs256"),
    "unknown": ("test-unknown-es256-private.pem", "ec", "aisid-unknown-key"),
}


def cmd_jwks(keydir):
    keys = [jwk_for(os.path.join(keydir, KIDS[k][0]), KIDS[k][1], KIDS[k][2])
            for k in ("es256", "ed25519", "rs256")]
    with open(os.path.join(keydir, "test-jwks.json"), "w") as f:
        json.dump({"keys": keys}, f, indent=2)
        f.write("\n")
    u = KIDS["unknown"]
    with open(os.path.join(keydir, "test-unknown-jwk.json"), "w") as f:
        json.dump(jwk_for(os.path.join(keydir, u[0]), u[1], u[2]), f, indent=2)
        f.write("\n")


# ---------------------------------------------------------------- build

ISS = "https://as.example.net"
AUD = "sip:ai-gw.example.com"
T_IAT = 1794733200      # 2026-11-15T09:00:00Z (before the 2026-12-01 captures)
T_EXP = 2110352400      # 2036-11-15T09:00:00Z
T_2020 = 1577836800     # 2020-01-01T00:00:00Z
T_2030 = 1893456000     # 2030-01-01T00:00:00Z


def claims(aisid, iat=T_IAT, nbf=T_IAT, exp=T_EXP, drop=None):
    c = {"aisid": aisid, "iss": ISS, "aud": AUD, "iat": iat, "nbf": nbf, "exp": exp}
    if drop:
        c.pop(drop)
    return c


def corrupt_sig(jws):
    """Change exactly one character in the signature part (the 6th)."""
    h, p, s = jws.split(".")
    i = 5
    c = "A" if s[i] != "A" else "B"
    return ".".join([h, p, s[:i] + c + s[i + 1:]])


def cmd_build(keydir, outdir, ids):
    os.makedirs(outdir, exist_ok=True)
    es = os.path.join(keydir, KIDS["es256"][0])
    unk = os.path.join(keydir, KIDS["unknown"][0])
    kid = KIDS["es256"][2]
    out = {}
    # live captures (assertion_embedded.pcapng)
    out["emb_good"] = make_jws(es, kid, claims(ids["ID_EMB_GOOD"]))
    out["emb_unknown"] = make_jws(unk, KIDS["unknown"][2], claims(ids["ID_EMB_UNKNOWN"]))
    out["emb_corrupt"] = corrupt_sig(make_jws(es, kid, claims(ids["ID_EMB_CORRUPT"])))
    out["emb_both"] = make_jws(es, kid, claims(ids["ID_EMB_BOTH"]))
    # assertion_bad.pcapng (text2pcap)
    none_hdr = {"alg": "none", "typ": "aisid+jwt"}
    out["bad_alg_none"] = b64u_json(none_hdr) + "." + b64u_json(claims(ids["ID_BAD_ALGNONE"])) + "."
    out["bad_mismatch"] = make_jws(es, kid, claims(ids["ID_BAD_MISMATCH_CLAIM"]))
    out["bad_noclaim"] = make_jws(es, kid, claims(ids["ID_BAD_NOCLAIM"], drop="aisid"))
    out["bad_expired"] = make_jws(es, kid, claims(ids["ID_BAD_EXPIRED"], iat=T_2020, nbf=T_2020,
                                                  exp=T_2020 + 3600))
    out["bad_notyet"] = make_jws(es, kid, claims(ids["ID_BAD_NOTYET"], nbf=T_2030))
    out["bad_twoparts"] = "abc.def"
    good = make_jws(es, kid, claims(ids["ID_BAD_B64"]))
    h, p, s = good.split(".")
    out["bad_b64char"] = ".".join([h, p[:10] + "!" + p[11:], s])
    si = (b64u(b"this is not JSON") + "." + b64u_json(claims(ids["ID_BAD_HDRJSON"]))).encode()
    out["bad_hdr_notjson"] = si.decode() + "." + b64u(sign_input(es, "ES256", si))
    # for later signature-verification work (not used in a capture yet)
    out["extra_rs256"] = make_jws(os.path.join(keydir, KIDS["rs256"][0]), KIDS["rs256"][2],
                                  claims(ids["ID_EMB_GOOD"]), alg="RS256")
    out["extra_eddsa"] = make_jws(os.path.join(keydir, KIDS["ed25519"][0]), KIDS["ed25519"][2],
                                  claims(ids["ID_EMB_GOOD"]), alg="EdDSA")
    build_verify(keydir, ids, out)
    for name, val in out.items():
        with open(os.path.join(outdir, name + ".jws"), "w") as f:
            f.write(val + "\n")


def filler(label, n):
    """n deterministic pseudo-random bytes (SHA-256 counter stream of label)."""
    out = b""
    i = 0
    while len(out) < n:
        out += hashlib.sha256(("%s/%d" % (label, i)).encode()).digest()
        i += 1
    return out[:n]


def build_verify(keydir, ids, out):
    """JWS of assertion_ref_http, assertion_ref_dir, boundary, assertion_verify."""
    es = os.path.join(keydir, KIDS["es256"][0])
    rs = os.path.join(keydir, KIDS["rs256"][0])
    ed = os.path.join(keydir, KIDS["ed25519"][0])
    unk = os.path.join(keydir, KIDS["unknown"][0])
    k_es, k_rs, k_ed, k_unk = (KIDS[k][2] for k in ("es256", "rs256", "ed25519", "unknown"))
    # assertion_ref_http.pcapng: bodies served by tools/aisid_http.py
    out["ref_http_es256"] = make_jws(es, k_es, claims(ids["ID_HTTP_JOSE"]))
    out["ref_http_eddsa"] = make_jws(ed, k_ed, claims(ids["ID_HTTP_JSON"]), alg="EdDSA")
    # assertion_ref_dir.pcapng: files in assertions/ (second one: same id, iat/nbf one day later)
    out["ref_dir_rs256"] = make_jws(rs, k_rs, claims(ids["ID_DIR_FILE"]), alg="RS256")
    out["ref_dir_rs256_v2"] = make_jws(rs, k_rs, claims(ids["ID_DIR_FILE"], iat=T_IAT + 86400,
                                                         nbf=T_IAT + 86400), alg="RS256")
    # boundary.pcapng
    out["bnd_embedded"] = make_jws(es, k_es, claims(ids["ID_BND_EMB"]))
    # assertion_verify.pcapng
    out["ver_es256"] = make_jws(es, k_es, claims(ids["ID_VER_ES256"]))
    out["ver_rs256"] = make_jws(rs, k_rs, claims(ids["ID_VER_RS256"]), alg="RS256")
    out["ver_eddsa"] = make_jws(ed, k_ed, claims(ids["ID_VER_EDDSA"]), alg="EdDSA")
    out["ver_badsig"] = corrupt_sig(make_jws(es, k_es, claims(ids["ID_VER_BADSIG"])))
    out["ver_unknown"] = make_jws(unk, k_unk, claims(ids["ID_VER_UNKNOWN"]))
    out["ver_nokid"] = make_jws(es, None, claims(ids["ID_VER_NOKID"]),
                                header={"alg": "ES256", "typ": "aisid+jwt"})
    # header says RS256 but kid names the EC key; signature: 256 arbitrary bytes
    hdr = {"alg": "RS256", "kid": k_es, "typ": "aisid+jwt"}
    si = b64u_json(hdr) + "." + b64u_json(claims(ids["ID_VER_ALGMISMATCH"]))
    out["ver_alg_mismatch"] = si + "." + b64u(filler("aisid alg mismatch", 256))
    # key confusion: HS256 whose HMAC secret is the ES256 public key file
    # (keys/test-es256-public.pem, the exact PEM bytes, as published)
    hdr = {"alg": "HS256", "kid": k_es, "typ": "aisid+jwt"}
    si = b64u_json(hdr) + "." + b64u_json(claims(ids["ID_VER_HS256"]))
    with open(os.path.join(keydir, "test-es256-public.pem"), "rb") as f:
        secret = f.read()
    out["ver_hs256_confusion"] = si + "." + b64u(hmac.new(secret, si.encode(), hashlib.sha256).digest())
    # valid ES256 signature cut to its first 32 bytes (r only)
    h, p, s = make_jws(es, k_es, claims(ids["ID_VER_TRUNC"])).split(".")
    out["ver_truncated_sig"] = ".".join([h, p, b64u(base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))[:32])])


def read_ids(path):
    ids = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                k, v = line.split("=", 1)
                ids[k] = v.strip('"')
    return ids


def selftest():
    # RFC 6979 A.2.5, P-256, SHA-256, message "sample"
    x = 0xC9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721
    k = rfc6979_k(x, hashlib.sha256(b"sample").digest())
    assert k == 0xA6E3C57DD01ABE90086538398355DD4C3B17AA873382B0F24D6129493D8AAD60, hex(k)
    r, s = es256_sign_det(x, b"sample")
    assert r == 0xEFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716
    assert s == 0xF7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8
    print("RFC 6979 self-test OK")


def main(argv):
    if len(argv) >= 2 and argv[1] == "selftest":
        selftest()
    elif len(argv) == 3 and argv[1] == "jwks":
        cmd_jwks(argv[2])
    elif len(argv) == 5 and argv[1] == "build":
        cmd_build(argv[2], argv[3], read_ids(argv[4]))
    elif len(argv) >= 2 and argv[1] == "sign":
        a = argv[2:]
        opt = {"--alg": "ES256", "--typ": "aisid+jwt"}
        use_openssl = "--openssl" in a
        a = [x for x in a if x != "--openssl"]
        for i in range(0, len(a), 2):
            opt[a[i]] = a[i + 1]
        print(make_jws(opt["--key"], opt["--kid"], json.loads(opt["--claims"]),
                       alg=opt["--alg"], typ=opt["--typ"], use_openssl=use_openssl))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
