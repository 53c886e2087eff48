/* aisid_verify.c
 * Verification of a compact JWS (RFC 7515 section 5.2) with the public
 * keys of an aisid_keyset_t: ES256 (RFC 7518 section 3.4), RS256 (RFC 7518
 * section 3.3) and EdDSA with Ed25519 (RFC 8037 section 3.1), through
 * libgcrypt's gcry_pk_verify().
 *
 * The algorithm comes from the JWS header but must fit the key: a JWS
 * chooses nothing about how a key is used.  In particular HS256/384/512
 * never reach a public key (the JWT "key confusion" attack, where the
 * public key text is taken as an HMAC secret: RFC 8725 section 2.1), and
 * "none" is never a valid signature (RFC 7518 section 3.6, RFC 8725
 * section 3.1).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define AISID_VERIFY_INTERNAL
#include "aisid_verify.h"
#include "aisid_internal.h"

#include <string.h>


typedef enum {
    ALG_ES256,
    ALG_RS256,
    ALG_EDDSA,
    ALG_HMAC,       /* HS256, HS384, HS512 (RFC 7518 section 3.2) */
    ALG_NONE,       /* "none" (RFC 7518 section 3.6)             */
    ALG_OTHER,      /* anything else                             */
} alg_class_t;

static alg_class_t classify_alg(const char *alg)
{
    /* "alg" values are case-sensitive (RFC 7515 section 4.1.1); "None" and
     * "NONE" are not "none", but they are refused as firmly. */
    if (strcmp(alg, "ES256") == 0) return ALG_ES256;
    if (strcmp(alg, "RS256") == 0) return ALG_RS256;
    if (strcmp(alg, "EdDSA") == 0) return ALG_EDDSA;
    if (strcmp(alg, "HS256") == 0 || strcmp(alg, "HS384") == 0 ||
        strcmp(alg, "HS512") == 0)
        return ALG_HMAC;
    if (g_ascii_strcasecmp(alg, "none") == 0)
        return ALG_NONE;
    return ALG_OTHER;
}

static aisid_kty_t alg_kty(alg_class_t a)
{
    switch (a) {
    case ALG_RS256: return AISID_KTY_RSA;
    case ALG_EDDSA: return AISID_KTY_OKP_ED25519;
    default:        return AISID_KTY_EC_P256;
    }
}

/* ------------------------------------------------------ one key, one sig */

typedef enum { SIG_OK, SIG_BAD, SIG_LENGTH } sig_check_t;

/* ES256, RFC 7518 section 3.4: the JWS signature is R || S, each 32
 * octets big-endian; libgcrypt wants (sig-val (ecdsa (r) (s))) and the
 * SHA-256 digest of the signing input. */
static sig_check_t verify_es256(const aisid_key_t *k, const uint8_t *in,
                                size_t in_len, const uint8_t *sig, size_t sig_len)
{
    if (sig_len != 64)
        return SIG_LENGTH;
    uint8_t digest[32];
    gcry_md_hash_buffer(GCRY_MD_SHA256, digest, in, in_len);

    gcry_mpi_t r = NULL, s = NULL;
    gcry_sexp_t sv = NULL, data = NULL;
    sig_check_t res = SIG_BAD;
    if (gcry_mpi_scan(&r, GCRYMPI_FMT_USG, sig, 32, NULL) != 0 ||
        gcry_mpi_scan(&s, GCRYMPI_FMT_USG, sig + 32, 32, NULL) != 0)
        goto out;
    if (gcry_sexp_build(&sv, NULL, "(sig-val (ecdsa (r %M) (s %M)))", r, s) != 0 ||
        gcry_sexp_build(&data, NULL, "(data (flags raw) (value %b))",
                        (int)sizeof digest, digest) != 0)
        goto out;
    if (gcry_pk_verify(sv, data, k->pub) == 0)
        res = SIG_OK;
out:
    gcry_sexp_release(sv);
    gcry_sexp_release(data);
    gcry_mpi_release(r);
    gcry_mpi_release(s);
    return res;
}

/* RS256, RFC 7518 section 3.3: RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017
 * section 8.2.2); the signature is exactly as long as the modulus (step 1). */
static sig_check_t verify_rs256(const aisid_key_t *k, const uint8_t *in,
                                size_t in_len, const uint8_t *sig, size_t sig_len)
{
    if (sig_len != k->sig_len)
        return SIG_LENGTH;
    uint8_t digest[32];
    gcry_md_hash_buffer(GCRY_MD_SHA256, digest, in, in_len);

    gcry_mpi_t s = NULL;
    gcry_sexp_t sv = NULL, data = NULL;
    sig_check_t res = SIG_BAD;
    if (gcry_mpi_scan(&s, GCRYMPI_FMT_USG, sig, sig_len, NULL) != 0)
        goto out;
    /* RFC 8017 section 5.2.2 step 1: s must be below n.  libgcrypt 1.10
     * does not check it and would accept s + n as well. */
    if (k->n == NULL || gcry_mpi_cmp(s, k->n) >= 0)
        goto out;
    if (gcry_sexp_build(&sv, NULL, "(sig-val (rsa (s %M)))", s) != 0 ||
        gcry_sexp_build(&data, NULL, "(data (flags pkcs1) (hash sha256 %b))",
                        (int)sizeof digest, digest) != 0)
        goto out;
    if (gcry_pk_verify(sv, data, k->pub) == 0)
        res = SIG_OK;
out:
    gcry_sexp_release(sv);
    gcry_sexp_release(data);
    gcry_mpi_release(s);
    return res;
}

/* True when the little-endian 32-octet S is below the group order L =
 * 2^252 + 27742317777372353535851937790883648493 (RFC 8032 section 5.1). */
static bool ed25519_s_canonical(const uint8_t *s)
{
    static const uint8_t L[32] = {
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58,
        0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
    };
    for (int i = 31; i >= 0; i--) {
        if (s[i] != L[i])
            return s[i] < L[i];
    }
    return false;                       /* S == L */
}

/* EdDSA, RFC 8037 section 3.1: PureEdDSA Ed25519 (RFC 8032 section 5.1.7)
 * over the signing input itself; the 64-octet signature is R || S, which
 * libgcrypt takes as opaque octet strings. */
static sig_check_t verify_eddsa(const aisid_key_t *k, const uint8_t *in,
                                size_t in_len, const uint8_t *sig, size_t sig_len)
{
    if (sig_len != 64)
        return SIG_LENGTH;
    gcry_sexp_t sv = NULL, data = NULL;
    sig_check_t res = SIG_BAD;
    /* RFC 8032 section 5.1.7 step 1: reject S >= L, or a signature could
     * be changed into another valid one (libgcrypt 1.10 accepts S + L). */
    if (in_len > G_MAXINT || !ed25519_s_canonical(sig + 32))
        goto out;
    if (gcry_sexp_build(&sv, NULL, "(sig-val (eddsa (r %b) (s %b)))",
                        32, sig, 32, sig + 32) != 0 ||
        gcry_sexp_build(&data, NULL,
                        "(data (flags eddsa) (hash-algo sha512) (value %b))",
                        (int)in_len, in) != 0)
        goto out;
    if (gcry_pk_verify(sv, data, k->pub) == 0)
        res = SIG_OK;
out:
    gcry_sexp_release(sv);
    gcry_sexp_release(data);
    return res;
}

static sig_check_t verify_with(const aisid_key_t *k, alg_class_t alg,
                               const uint8_t *in, size_t in_len,
                               const uint8_t *sig, size_t sig_len)
{
    switch (alg) {
    case ALG_ES256: return verify_es256(k, in, in_len, sig, sig_len);
    case ALG_RS256: return verify_rs256(k, in, in_len, sig, sig_len);
    case ALG_EDDSA: return verify_eddsa(k, in, in_len, sig, sig_len);
    default:        return SIG_BAD;
    }
}

static const char *length_detail(alg_class_t alg)
{
    switch (alg) {
    case ALG_ES256: return "an ES256 signature must be 64 octets, R || S "
                           "(RFC 7518 section 3.4)";
    case ALG_RS256: return "an RS256 signature must be as long as the RSA "
                           "modulus (RFC 8017 section 8.2.2)";
    default:        return "an Ed25519 signature must be 64 octets "
                           "(RFC 8032 section 5.1.6)";
    }
}

static const char *ok_detail(alg_class_t alg)
{
    switch (alg) {
    case ALG_ES256: return "ES256 signature verified";
    case ALG_RS256: return "RS256 signature verified";
    default:        return "EdDSA (Ed25519) signature verified";
    }
}

/* --------------------------------------------------------------- header */

/* The members of the protected header that decide verification, re-read
 * from the decoded header JSON: we need to know that "alg" and "kid" are
 * strings, and whether "crit" is there, which aisid_jws_t does not say. */
typedef struct {
    char *alg, *kid;                    /* g_malloc'd */
    const char *problem;                /* static: why MALFORMED, or NULL */
} header_t;

static void read_header(const aisid_jws_t *jws, header_t *h)
{
    memset(h, 0, sizeof *h);
    aisid_vjson_t d;
    if (!aisid_vjson_open(&d, jws->header_json, jws->header_len, AISID_MAX_JSON_LEN)) {
        h->problem = "the protected header is not a JSON object";
        return;
    }
    int a = aisid_vjson_member(&d, 0, "alg");
    int k = aisid_vjson_member(&d, 0, "kid");
    if (a < 0) {
        h->problem = "the header has no \"alg\" (RFC 7515 section 4.1.1)";
    } else if ((h->alg = aisid_vjson_string(&d, a)) == NULL) {
        h->problem = "\"alg\" is not a string (RFC 7515 section 4.1.1)";
    } else if (k >= 0 && (h->kid = aisid_vjson_string(&d, k)) == NULL) {
        h->problem = "\"kid\" is not a string (RFC 7515 section 4.1.4)";
    } else if (aisid_vjson_member(&d, 0, "crit") >= 0) {
        /* We implement no extension, so any "crit" makes the JWS invalid
         * for us (RFC 7515 section 4.1.11); this also refuses RFC 7797's
         * unencoded payloads ("b64": false, which requires "crit"). */
        h->problem = "the header has \"crit\" extensions we do not "
                     "understand (RFC 7515 section 4.1.11)";
    }
    aisid_vjson_close(&d);
}

/* ---------------------------------------------------------- verification */

static void set_result(aisid_verify_result_t *res, aisid_verify_status_t st,
                       const aisid_key_t *key, const char *detail)
{
    res->status = st;
    res->key = key;
    res->detail = detail;
}

void aisid_verify_jws(const aisid_keyset_t *ks, const aisid_jws_t *jws,
                      aisid_verify_result_t *res)
{
    set_result(res, AISID_VERIFY_NOT_CHECKED, NULL, "not checked");
    if (jws == NULL) {
        set_result(res, AISID_VERIFY_MALFORMED, NULL, "no JWS");
        return;
    }
    /* The payload may be any octets (RFC 7515 section 3; RFC 8037 A.4's is
     * text): only a payload that is not JSON is tolerated here. */
    if (jws->status != AISID_JWS_OK && jws->status != AISID_JWS_ERR_JSON_PAYLOAD) {
        set_result(res, AISID_VERIFY_MALFORMED, NULL, aisid_jws_status_str(jws->status));
        return;
    }
    if (jws->header_json == NULL || !aisid_span_present(jws->part[0]) ||
        !aisid_span_present(jws->part[1]) || !aisid_span_present(jws->part[2])) {
        set_result(res, AISID_VERIFY_MALFORMED, NULL, "the JWS is not decoded");
        return;
    }
    if (!aisid_verify_init()) {
        set_result(res, AISID_VERIFY_NOT_CHECKED, NULL, "libgcrypt is not usable");
        return;
    }

    header_t h;
    read_header(jws, &h);
    char *joined = NULL;
    if (h.problem != NULL) {
        set_result(res, AISID_VERIFY_MALFORMED, NULL, h.problem);
        goto out;
    }

    alg_class_t alg = classify_alg(h.alg);
    switch (alg) {
    case ALG_NONE:
        set_result(res, AISID_VERIFY_ALG_MISMATCH, NULL,
                   "alg \"none\": an unsecured JWS (RFC 7518 section 3.6) is "
                   "never accepted as signed");
        goto out;
    case ALG_HMAC:
        set_result(res, AISID_VERIFY_ALG_MISMATCH, NULL,
                   "HMAC alg with public keys: a public key is never used as "
                   "an HMAC secret (RFC 8725 section 2.1)");
        goto out;
    case ALG_OTHER:
        set_result(res, AISID_VERIFY_UNSUPPORTED_ALG, NULL,
                   "alg not supported (only ES256, RS256, EdDSA)");
        goto out;
    default:
        break;
    }
    aisid_kty_t want = alg_kty(alg);

    /* RFC 7515 section 5.2 step 8: the signing input is
     * ASCII(BASE64URL(header) || '.' || BASE64URL(payload)), the encoded
     * parts exactly as received.  aisid_jws_decode() leaves them adjacent
     * in the input; join them otherwise. */
    const uint8_t *in;
    size_t in_len = jws->part[0].len + 1 + jws->part[1].len;
    if (jws->part[1].ptr == jws->part[0].ptr + jws->part[0].len + 1 &&
        jws->part[0].ptr[jws->part[0].len] == '.') {
        in = (const uint8_t *)jws->part[0].ptr;
    } else {
        joined = g_malloc(in_len);
        memcpy(joined, jws->part[0].ptr, jws->part[0].len);
        joined[jws->part[0].len] = '.';
        memcpy(joined + jws->part[0].len + 1, jws->part[1].ptr, jws->part[1].len);
        in = (const uint8_t *)joined;
    }
    const uint8_t *sig = jws->signature;
    size_t sig_len = sig ? jws->sig_len : 0;
    if (sig == NULL)
        sig = (const uint8_t *)"";

    /* Candidates: the keys with the header's kid, or every key. */
    unsigned n = aisid_keyset_count(ks);
    const aisid_key_t *first_cand = NULL;   /* first key with the kid    */
    const aisid_key_t *first_type = NULL;   /* first of the right kty    */
    const aisid_key_t *first_fit = NULL;    /* first tried               */
    unsigned tried = 0;
    sig_check_t first_fail = SIG_BAD;
    for (unsigned i = 0; i < n; i++) {
        const aisid_key_t *k = aisid_keyset_key(ks, i);
        if (h.kid != NULL && (k->kid == NULL || strcmp(k->kid, h.kid) != 0))
            continue;
        if (first_cand == NULL)
            first_cand = k;
        if (k->kty != want)
            continue;
        if (first_type == NULL)
            first_type = k;
        /* RFC 7517 section 4.4: a key's "alg" says what it is for. */
        if (k->alg != NULL && strcmp(k->alg, h.alg) != 0)
            continue;
        if (first_fit == NULL)
            first_fit = k;
        sig_check_t r = verify_with(k, alg, in, in_len, sig, sig_len);
        if (r == SIG_OK) {
            set_result(res, AISID_VERIFY_OK, k, ok_detail(alg));
            goto out;
        }
        if (tried++ == 0)
            first_fail = r;
    }

    if (first_fit != NULL) {
        set_result(res, AISID_VERIFY_BAD_SIGNATURE, first_fit,
                   tried > 1 ? "the signature verifies with none of the keys "
                               "that fit" :
                   first_fail == SIG_LENGTH ? length_detail(alg) :
                   "the signature does not verify with the key");
    } else if (h.kid != NULL) {
        if (first_cand == NULL)
            set_result(res, AISID_VERIFY_NO_KEY, NULL,
                       "no key with the header's kid (RFC 7515 section 4.1.4)");
        else if (first_type == NULL)
            set_result(res, AISID_VERIFY_ALG_MISMATCH, first_cand,
                       "the kid names a key of another type than the alg needs "
                       "(RFC 7518 section 3.1)");
        else
            set_result(res, AISID_VERIFY_ALG_MISMATCH, first_type,
                       "the key's own \"alg\" differs from the header's "
                       "(RFC 7517 section 4.4)");
    } else if (first_type != NULL) {
        set_result(res, AISID_VERIFY_ALG_MISMATCH, first_type,
                   "the keys of this type have another \"alg\" "
                   "(RFC 7517 section 4.4)");
    } else {
        set_result(res, AISID_VERIFY_NO_KEY, NULL,
                   "no key of the type the alg needs");
    }

out:
    g_free(joined);
    g_free(h.alg);
    g_free(h.kid);
}

const char *aisid_verify_status_str(aisid_verify_status_t status)
{
    switch (status) {
    case AISID_VERIFY_NOT_CHECKED:     return "not checked";
    case AISID_VERIFY_OK:              return "verified";
    case AISID_VERIFY_BAD_SIGNATURE:   return "bad signature";
    case AISID_VERIFY_NO_KEY:          return "no key";
    case AISID_VERIFY_ALG_MISMATCH:    return "alg mismatch";
    case AISID_VERIFY_UNSUPPORTED_ALG: return "unsupported alg";
    case AISID_VERIFY_MALFORMED:       return "malformed";
    }
    return "unknown verification status";
}
