/* test_verify.c
 * JWK Set parsing (RFC 7517) and JWS signature verification (RFC 7515
 * section 5.2, RFC 7518 sections 3.3 / 3.4, RFC 8037 section 3.1).
 *
 * Where the vectors come from:
 *  - RFC-EXACT: RFC 7515 appendix A.3 (ES256 key and JWS), appendix A.2.1
 *    (RS256 key n/e and JWS), RFC 8037 appendix A.2 (Ed25519 public key)
 *    and A.4 (EdDSA JWS).  Each was checked independently with python
 *    cryptography (OpenSSL) before being used here.
 *  - GENERATED: GEN_ES256_R0 and GEN_RS256_S0 below, signed with the
 *    published TEST keys testcaptures/keys/test-es256-private.pem and
 *    test-rs256-private.pem (python cryptography), chosen so that R,
 *    resp. the RSA signature, starts with a zero octet.
 *  - DERIVED: DER_* below, RFC / generated signatures changed by
 *    arithmetic (S + L, s + n, R = n, S = 0, n - S), computed in python.
 *  - Everything else is derived from those at run time (bit flips,
 *    truncations, other headers whose signature does not matter).
 *  - The project's own tokens testcaptures/jws/ *.jws with
 *    testcaptures/keys/test-jwks.json, read at run time from the
 *    directory in $AISID_TESTCAPTURES_DIR or, failing that, the
 *    compile-time AISID_TESTCAPTURES_DIR; skipped when neither exists.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "unit_common.h"
#include "aisid_verify.h"

#include <stdio.h>

/* ----------------------------------------------------------- RFC vectors */

/* RFC 7515 A.3.1: the P-256 public key (the private "d" is not needed). */
#define RFC_EC_X "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"
#define RFC_EC_Y "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"
#define EC_MEMBERS \
    "\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" RFC_EC_X "\",\"y\":\"" RFC_EC_Y "\""

/* RFC 7515 A.2.1: the RSA public key. */
#define RFC_RSA_N \
    "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS" \
    "2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb" \
    "_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtd" \
    "VMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2et" \
    "hFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ"
/* The same n with one 0x00 octet in front (RFC 7518 6.3.1.1 forbids it; tolerated). */
#define RFC_RSA_N_00 \
    "AKH4Fgri48m0Zc6NLWViYzYrkn2-KeHwJHf8FiXMkKE244vZNJfFtupj3XcR5nx0KflWsPuKjwia3Etp" \
    "iTzBMz9T7dAZuHeEJS_skU_khXdpWUvqQoDTLA9Vv2KUTxMDlrxum99uvdK9o2eO7KDGaPcBs42_-zjI" \
    "NCzi_m0n-t5KWkh0l53Uuc-a3sTHWwWFLCwPXvilwXUDkvlE6O1kwRDGtkdgmqR4OuucbJrXVTEwUGOL" \
    "g2Zcb296gqOWcCofZBuC0-vyOSIZSR-2hocsVxb1Cvg1jZqLnRfDQHKPf4fYmhjY_KtnrYRZDC7PdZM5" \
    "NjwHA01vYG-eIeBUVsrl6aE"
#define RSA_MEMBERS "\"kty\":\"RSA\",\"n\":\"" RFC_RSA_N "\",\"e\":\"AQAB\""

/* RFC 8037 A.2: the Ed25519 public key. */
#define RFC_OKP_X "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
#define OKP_MEMBERS "\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" RFC_OKP_X "\""

#define RFC_HDR_ES256 "eyJhbGciOiJFUzI1NiJ9"          /* {"alg":"ES256"} */
#define RFC_HDR_RS256 "eyJhbGciOiJSUzI1NiJ9"          /* {"alg":"RS256"} */
#define RFC_PAYLOAD \
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxl" \
    "LmNvbS9pc19yb290Ijp0cnVlfQ"
/* RFC 7515 A.3.1 */
#define RFC_A3 RFC_HDR_ES256 "." RFC_PAYLOAD "." \
    "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQ" \
    "xfKTUJqPP3-Kg6NU1Q"
/* RFC 7515 A.2.1 */
#define RFC_A2 RFC_HDR_RS256 "." RFC_PAYLOAD "." \
    "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc" \
    "_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO" \
    "75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eO" \
    "kHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkW" \
    "ywlVmtVrBp0igcN_IoypGlUPQGe77Rw"
/* RFC 8037 A.4 (the payload is the text "Example of Ed25519 signing", not JSON) */
#define RFC8037_A4 "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc." \
    "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"

/* ----------------------------------------------------- GENERATED vectors */

/* Public halves of testcaptures/keys/test-es256 and test-rs256 (copies of
 * test-jwks.json, so these cases need no file). */
#define GEN_EC_MEMBERS "\"kty\":\"EC\",\"crv\":\"P-256\"," \
    "\"x\":\"u7fi0QrjVl5aW6tPzShBf1iaqHasOvmnhHnMh-iNtWs\"," \
    "\"y\":\"ilfUh_olOntT_8E1H5wuxegL_ADxy7xQmJZaMMYvwyw\""
#define GEN_RSA_MEMBERS "\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\"" \
    "t1uDG8E8eQ6rjwIfFUUkAUfZDhPPalckXk476wHXLhFO3TrbpM6RcYAlBMYhiaXOzxKERP8ZoLJAeBbY" \
    "sFqWaXNH1JAE-W7Yn52SP7d8TpjWspb2cykQhmbklNAUU7LC6lO2-ychqoXEfyGqSd8oTFi2jIb4kw-N" \
    "wxwjTmgNMS4ptFF8c40Khz_9uGfqPjH5wfHml3pVoFBawlWA_DdqCcaDXI-xmVFFQ15TAJUhMRGHqpvv" \
    "u4Yl67M4K8xIfI24jBCVH2nGjUN4BjQPDp-LjP7AZbrZBPMQbxii1g3qv1NXIgLZmcpLxRnooPICJFIp" \
    "EPbhyZHUUc4D0TWkn9GDzQ\""
/* {"alg":"ES256","kid":"aisid-test-es256"}.{"n":163}, R = 00 f3 52 ... */
#define GEN_ES256_R0 \
    "eyJhbGciOiJFUzI1NiIsImtpZCI6ImFpc2lkLXRlc3QtZXMyNTYifQ.eyJuIjoxNjN9." \
    "APNSWxsZ7hr6uwuQg_mUOJXD3nOqOHZAEMH0dGQP8c4sN9RenB1DJdFGBRU_QjktDMyfLRsG6AGiOajrF4rxhA"
/* {"alg":"RS256","kid":"aisid-test-rs256"}.{"n":332}, signature 00 54 6a ... */
#define GEN_RS256_S0 \
    "eyJhbGciOiJSUzI1NiIsImtpZCI6ImFpc2lkLXRlc3QtcnMyNTYifQ.eyJuIjozMzJ9." \
    "AFRqWb8UhwMB4g04S_5p5qN5QHD8NLWL6EsTocJN4YWkmkFXtVMXdgiti9IJw6LSBRnPCUmAPVTH8zm9" \
    "CLYjp4VPRKRspqtDM4iBt_B6pVjVNv2-ni4DzjobNFgMwFiQ1NPAx4aWfTOK3RY8XS_OsLZv5WA1TfhA" \
    "V4hHyf-r9ANyzo4CcvVT4ezlZGZTqZpW9iS9DlYziPPfTOAtA3mSCpE0BoOu3tJktSm8PMQgVdHKke3M" \
    "UvNvUWWI2dyoe_Z5GtUbBx_3lFeo4e8LoZXoV_HaNtxTY6_RIJzqULMOx7mjl2hsys5uRfer6TMDsq6E" \
    "JqjQsDb2JJBcbacjxbxPJg"

/* --------------------------------------- DERIVED (out-of-range) vectors */

/* Signatures made from the vectors above by arithmetic, which a verifier
 * must refuse although the equations hold (libgcrypt 1.10 alone accepts
 * the first two). */
/* RFC 8037 A.4 with S + L (RFC 8032 section 5.1.7: S must be below L) */
#define DER_EDDSA_S_PLUS_L "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc." \
    "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6KLa6_pyZkOh9Vg8wkiO1VhVsPt9g7sVvpAr_MuM0KEg"
/* GEN_RS256_S0 with s + n (RFC 8017 section 5.2.2: s must be below n) */
#define DER_RS256_S_PLUS_N \
    "eyJhbGciOiJSUzI1NiIsImtpZCI6ImFpc2lkLXRlc3QtcnMyNTYifQ.eyJuIjozMzJ9." \
    "t6_tdYBRABGtcQ9XYUON5-tSToTLnwywRplPjMQlD5bzd3wzWiGo54jSkJgrTUig1CxTTkiZ3gcIa1CV" \
    "uRC6EPiXGTRxoBob0yYT96f28_Gr6ZS1EVcUVKD_ySghFAtTvyd3wq24J7lPXDfmpw72_Q8mcect4QfO" \
    "GqRrGGe5JTGcgt9-5oJeaSzjHM4958xQuBajpdCJKUQ6DzWt_7D8FFe3YxNgeCOp-IgPPVlBhuNSPIm8" \
    "DnmVPRjBBajw-IQxpuWwJom-IZsg6CMasDVz5PCanJcsaKLhj7WNJsD5hwz6uWtGZJi6CxGUiiUF1wCt" \
    "N5-yecjKdl5gPtzIZY3S8w"
/* RFC 7515 A.3 with R = n (the P-256 group order) and with S = 0 */
#define DER_ES256_R_N RFC_HDR_ES256 "." RFC_PAYLOAD "." \
    "_____wAAAAD__________7zm-q2nF56E87nKwvxjJVHFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q"
#define DER_ES256_S_0 RFC_HDR_ES256 "." RFC_PAYLOAD "." \
    "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmUAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
/* RFC 7515 A.3 with S replaced by n - S: also valid ECDSA (JWS does not
 * require low S), so it verifies */
#define DER_ES256_HIGH_S RFC_HDR_ES256 "." RFC_PAYLOAD "." \
    "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmU69fgrc8OPGycO0lD3tat_FoFp57SETepkeks4eL_QfA"

/* ---------------------------------------------------------------- sets */

#define SET(...) "{\"keys\":[" __VA_ARGS__ "]}"
#define JWKS_ALL      SET("{" EC_MEMBERS "},{" RSA_MEMBERS "},{" OKP_MEMBERS "}")
#define JWKS_ALL_KID  SET("{" EC_MEMBERS ",\"kid\":\"ec\"},{" RSA_MEMBERS \
                          ",\"kid\":\"rsa\"},{" OKP_MEMBERS ",\"kid\":\"ed\"}")
#define JWKS_ALL_ALG  SET("{" EC_MEMBERS ",\"alg\":\"ES256\",\"use\":\"sig\"},{" \
                          RSA_MEMBERS ",\"alg\":\"RS256\"},{" OKP_MEMBERS \
                          ",\"alg\":\"EdDSA\",\"key_ops\":[\"verify\"]}")
#define JWKS_EC       SET("{" EC_MEMBERS "}")
#define JWKS_EC_KID   SET("{" EC_MEMBERS ",\"kid\":\"ec\"}")
#define JWKS_OKP_ES256     SET("{" OKP_MEMBERS ",\"alg\":\"ES256\"}")
#define JWKS_OKP_ES256_KID SET("{" OKP_MEMBERS ",\"alg\":\"ES256\",\"kid\":\"ed\"}")
#define JWKS_RSA_PS256     SET("{" RSA_MEMBERS ",\"alg\":\"PS256\"}")
/* The wrong key first: the right one must still be found. */
#define JWKS_TWO_EC   SET("{" GEN_EC_MEMBERS "},{" EC_MEMBERS "}")
#define JWKS_DUP_KID  SET("{" EC_MEMBERS ",\"kid\":\"aisid-test-es256\"},{" \
                          GEN_EC_MEMBERS ",\"kid\":\"aisid-test-es256\"}")
#define JWKS_GEN      SET("{" GEN_EC_MEMBERS ",\"kid\":\"aisid-test-es256\"},{" \
                          GEN_RSA_MEMBERS ",\"kid\":\"aisid-test-rs256\"}")
/* A key set and a key whose kid differs only in case. */
#define JWKS_EC_UPPER SET("{" EC_MEMBERS ",\"kid\":\"EC\"}")

/* ------------------------------------------------------------- helpers */

static char *b64url_enc(const uint8_t *p, size_t n)
{
    gchar *b = g_base64_encode(p, n);
    for (char *q = b; *q; q++) {
        if (*q == '+') *q = '-';
        else if (*q == '/') *q = '_';
        else if (*q == '=') { *q = '\0'; break; }
    }
    return b;
}

static char *b64url_str(const char *s)
{
    return b64url_enc((const uint8_t *)s, strlen(s));
}

static uint8_t *b64url_dec(const char *s, size_t n, size_t *out_len)
{
    size_t bad = 0;
    uint8_t *r = aisid_b64url_decode(NULL, s, n, out_len, &bad);
    g_assert_nonnull(r);
    return r;
}

typedef enum {
    MUT_NONE = 0,
    MUT_PAYLOAD_BIT,    /* flip the lowest bit of the decoded payload's 1st octet */
    MUT_SIG_BIT,        /* flip the lowest bit of the signature's last octet  */
    MUT_SIG_TRUNC32,    /* keep the first 32 octets of the signature          */
    MUT_SIG_SHORT1,     /* drop the last octet                                */
    MUT_SIG_ZERO_PREFIX,/* one 0x00 octet more in front                       */
    MUT_SIG_EMPTY,      /* no signature                                       */
} mutation_t;

/* Applies m to a compact JWS; g_malloc'd result. */
static char *mutate(const char *jws, mutation_t m)
{
    if (m == MUT_NONE)
        return g_strdup(jws);
    gchar **p = g_strsplit(jws, ".", 3);
    g_assert_cmpuint(g_strv_length(p), ==, 3);
    size_t pl = 0, sl = 0;
    uint8_t *pay = b64url_dec(p[1], strlen(p[1]), &pl);
    uint8_t *sig = b64url_dec(p[2], strlen(p[2]), &sl);
    uint8_t *nsig = g_malloc(sl + 1);
    size_t nsl = sl;
    memcpy(nsig, sig, sl);
    switch (m) {
    case MUT_PAYLOAD_BIT:     g_assert_cmpuint(pl, >, 0); pay[0] ^= 1; break;
    case MUT_SIG_BIT:         nsig[sl - 1] ^= 1; break;
    case MUT_SIG_TRUNC32:     nsl = sl < 32 ? sl : 32; break;
    case MUT_SIG_SHORT1:      nsl = sl - 1; break;
    case MUT_SIG_ZERO_PREFIX: nsig[0] = 0; memcpy(nsig + 1, sig, sl); nsl = sl + 1; break;
    case MUT_SIG_EMPTY:       nsl = 0; break;
    case MUT_NONE:            break;
    }
    char *pe = b64url_enc(pay, pl), *se = b64url_enc(nsig, nsl);
    char *r = g_strconcat(p[0], ".", pe, ".", se, NULL);
    g_free(pe); g_free(se); g_free(pay); g_free(sig); g_free(nsig);
    g_strfreev(p);
    return r;
}

/* Decodes and verifies text (copied without a trailing NUL). */
static aisid_verify_status_t verify_text(const aisid_keyset_t *ks, const char *text,
                                         aisid_verify_result_t *res)
{
    size_t len = strlen(text);
    char *buf = exact_copy(text, len);
    wmem_allocator_t *scope = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);
    aisid_jws_t j;
    (void)aisid_jws_decode(scope, buf, len, &j);
    aisid_verify_jws(ks, &j, res);
    g_assert_nonnull(res->detail);
    wmem_destroy_allocator(scope);
    g_free(buf);
    return res->status;
}

static aisid_keyset_t *keyset_from(const char *json, int expect_added)
{
    aisid_keyset_t *ks = aisid_keyset_new();
    if (json == NULL)
        return ks;
    char *err = NULL;
    size_t len = strlen(json);
    char *buf = exact_copy(json, len);
    int n = aisid_keyset_add_json(ks, buf, len, "test", &err);
    if (err != NULL)
        g_test_message("keyset messages: %s", err);
    g_assert_cmpint(n, ==, expect_added);
    g_free(err);
    g_free(buf);
    return ks;
}

/* ---------------------------------------------------- verification table */

typedef struct {
    const char *name;
    const char *jwks;           /* NULL: empty set                            */
    int         nkeys;          /* keys jwks must give                        */
    const char *raw;            /* the JWS, or NULL: ...                      */
    const char *hdr;            /* ... base64url(hdr) "." payload "." sig      */
    const char *payload, *sig;  /* already base64url; NULL = RFC payload / "" */
    mutation_t  mut;
    aisid_verify_status_t status;
    int         key;            /* index of res.key in the set, -1 = NULL     */
} verify_case_t;

#define SIG32 "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"   /* 32 zero octets */

static const verify_case_t vcases[] = {
    /* RFC vectors, alone and in a set with the other key types */
    { "rfc7515 A.3 ES256", JWKS_ALL, 3, RFC_A3, .status = AISID_VERIFY_OK, .key = 0 },
    { "rfc7515 A.2.1 RS256", JWKS_ALL, 3, RFC_A2, .status = AISID_VERIFY_OK, .key = 1 },
    { "rfc8037 A.4 EdDSA", JWKS_ALL, 3, RFC8037_A4, .status = AISID_VERIFY_OK, .key = 2 },
    { "A.3 single JWK", "{" EC_MEMBERS "}", 1, RFC_A3, .status = AISID_VERIFY_OK, .key = 0 },
    { "A.2.1 single JWK", "{" RSA_MEMBERS "}", 1, RFC_A2, .status = AISID_VERIFY_OK, .key = 0 },
    { "8037 A.4 single JWK", "{" OKP_MEMBERS "}", 1, RFC8037_A4, .status = AISID_VERIFY_OK, .key = 0 },
    { "keys with alg/use/key_ops ES256", JWKS_ALL_ALG, 3, RFC_A3, .status = AISID_VERIFY_OK, .key = 0 },
    { "keys with alg RS256", JWKS_ALL_ALG, 3, RFC_A2, .status = AISID_VERIFY_OK, .key = 1 },
    { "keys with alg EdDSA", JWKS_ALL_ALG, 3, RFC8037_A4, .status = AISID_VERIFY_OK, .key = 2 },
    { "kids in set, none in JWS", JWKS_ALL_KID, 3, RFC_A3, .status = AISID_VERIFY_OK, .key = 0 },
    { "wrong EC key first", JWKS_TWO_EC, 2, RFC_A3, .status = AISID_VERIFY_OK, .key = 1 },
    { "duplicate kid, 2nd verifies", JWKS_DUP_KID, 2, GEN_ES256_R0, .status = AISID_VERIFY_OK, .key = 1 },
    { "generated ES256, R = 00...", JWKS_GEN, 2, GEN_ES256_R0, .status = AISID_VERIFY_OK, .key = 0 },
    { "generated RS256, S = 00...", JWKS_GEN, 2, GEN_RS256_S0, .status = AISID_VERIFY_OK, .key = 1 },

    /* tampering */
    { "A.3 payload bit", JWKS_ALL, 3, RFC_A3, .mut = MUT_PAYLOAD_BIT, .status = AISID_VERIFY_BAD_SIGNATURE, .key = 0 },
    { "A.3 signature bit", JWKS_ALL, 3, RFC_A3, .mut = MUT_SIG_BIT, .status = AISID_VERIFY_BAD_SIGNATURE, .key = 0 },
    { "A.3 signature 32 octets", JWKS_ALL, 3, RFC_A3, .mut = MUT_SIG_TRUNC32, .status = AISID_VERIFY_BAD_SIGNATURE, .key = 0 },
    { "A.3 signature 63 octets", JWKS_ALL, 3, RFC_A3, .mut = MUT_SIG_SHORT1, .status = AISID_VERIFY_BAD_SIGNATURE, .key = 0 },
    { "A.3 signature 00||sig", JWKS_ALL, 3, RFC_A3, .mut = MUT_SIG_ZERO_PREFIX, .status = AISID_VERIFY_BAD_SIGNATURE, .key = 0 },
    { "A.3 no signature", JWKS_ALL, 3, RFC_A3, .mut = MUT_SIG_EMPTY, .status = AISID_VERIFY_BAD_SIGNATURE, .key = 0 },
    { "A.2.1 payload bit", JWKS_ALL, 3, RFC_A2, .mut = MUT_PAYLOAD_BIT, .status = AISID_VERIFY_BAD_SIGNATURE, .key = 1 },
    { "A.2.1 signature bit", JWKS_ALL, 3, RFC_A2, .mut = MUT_SIG_BIT, .status = AISID_VERIFY_BAD_SIGNATURE, .key = 1 },
    { "A.2.1 signature 32 octets", JWKS_ALL, 3, RFC_A2, .mut = MUT_SIG_TRUNC32, .status = AISID_VERIFY_BAD_SIGNATURE, .key = 1 },
    { "A.2.1 signature 255 octets", JWKS_ALL, 3, RFC_A2, .mut = MUT_SIG_SHORT1, .status = AISID_VERIFY_BAD_SIGNATURE, .key = 1 },
    { "A.2.1 signature 00||sig", JWKS_ALL, 3, RFC_A2, .mut = MUT_SIG_ZERO_PREFIX, .status = AISID_VERIFY_BAD_SIGNATURE, .key = 1 },
    { "A.2.1 no signature", JWKS_ALL, 3, RFC_A2, .mut = MUT_SIG_EMPTY, .status = AISID_VERIFY_BAD_SIGNATURE, .key = 1 },
    { "gen RS256 leading zero dropped", JWKS_GEN, 2, GEN_RS256_S0, .mut = MUT_SIG_SHORT1, .status = AISID_VERIFY_BAD_SIGNATURE, .key = 1 },
    { "8037 payload bit", JWKS_ALL, 3, RFC8037_A4, .mut = MUT_PAYLOAD_BIT, .status = AISID_VERIFY_BAD_SIGNATURE, .key = 2 },
    { "8037 signature bit", JWKS_ALL, 3, RFC8037_A4, .mut = MUT_SIG_BIT, .status = AISID_VERIFY_BAD_SIGNATURE, .key = 2 },
    { "8037 signature 32 octets", JWKS_ALL, 3, RFC8037_A4, .mut = MUT_SIG_TRUNC32, .status = AISID_VERIFY_BAD_SIGNATURE, .key = 2 },
    { "8037 signature 00||sig", JWKS_ALL, 3, RFC8037_A4, .mut = MUT_SIG_ZERO_PREFIX, .status = AISID_VERIFY_BAD_SIGNATURE, .key = 2 },
    { "8037 no signature", JWKS_ALL, 3, RFC8037_A4, .mut = MUT_SIG_EMPTY, .status = AISID_VERIFY_BAD_SIGNATURE, .key = 2 },
    { "A.3 against the wrong EC key", SET("{" GEN_EC_MEMBERS "}"), 1, RFC_A3, .status = AISID_VERIFY_BAD_SIGNATURE, .key = 0 },
    { "A.3 with the two EC keys, payload bit", JWKS_TWO_EC, 2, RFC_A3, .mut = MUT_PAYLOAD_BIT, .status = AISID_VERIFY_BAD_SIGNATURE, .key = 0 },

    /* out of range (DERIVED vectors) */
    { "EdDSA S + L", JWKS_ALL, 3, DER_EDDSA_S_PLUS_L, .status = AISID_VERIFY_BAD_SIGNATURE, .key = 2 },
    { "RS256 s + n", JWKS_GEN, 2, DER_RS256_S_PLUS_N, .status = AISID_VERIFY_BAD_SIGNATURE, .key = 1 },
    { "ES256 R = n", JWKS_ALL, 3, DER_ES256_R_N, .status = AISID_VERIFY_BAD_SIGNATURE, .key = 0 },
    { "ES256 S = 0", JWKS_ALL, 3, DER_ES256_S_0, .status = AISID_VERIFY_BAD_SIGNATURE, .key = 0 },
    { "ES256 all zero", JWKS_ALL, 3, .hdr = "{\"alg\":\"ES256\"}", .sig = SIG32 SIG32, .status = AISID_VERIFY_BAD_SIGNATURE, .key = 0 },
    { "ES256 n - S", JWKS_ALL, 3, DER_ES256_HIGH_S, .status = AISID_VERIFY_OK, .key = 0 },

    /* "none" (RFC 7518 section 3.6, RFC 7515 A.5): ALG_MISMATCH */
    { "alg none", JWKS_ALL, 3, .hdr = "{\"alg\":\"none\"}", .status = AISID_VERIFY_ALG_MISMATCH, .key = -1 },
    { "alg none, kid", JWKS_ALL_KID, 3, .hdr = "{\"alg\":\"none\",\"kid\":\"ec\"}", .status = AISID_VERIFY_ALG_MISMATCH, .key = -1 },
    { "alg None", JWKS_ALL, 3, .hdr = "{\"alg\":\"None\"}", .sig = SIG32, .status = AISID_VERIFY_ALG_MISMATCH, .key = -1 },
    { "alg none, empty set", NULL, 0, .hdr = "{\"alg\":\"none\"}", .status = AISID_VERIFY_ALG_MISMATCH, .key = -1 },
    /* HMAC with public keys: key confusion (RFC 8725 section 2.1) */
    { "HS256", JWKS_ALL, 3, .hdr = "{\"alg\":\"HS256\"}", .sig = SIG32, .status = AISID_VERIFY_ALG_MISMATCH, .key = -1 },
    { "HS256 kid ec", JWKS_ALL_KID, 3, .hdr = "{\"alg\":\"HS256\",\"kid\":\"ec\"}", .sig = SIG32, .status = AISID_VERIFY_ALG_MISMATCH, .key = -1 },
    { "HS256 kid rsa", JWKS_ALL_KID, 3, .hdr = "{\"alg\":\"HS256\",\"kid\":\"rsa\"}", .sig = SIG32, .status = AISID_VERIFY_ALG_MISMATCH, .key = -1 },
    { "HS384", JWKS_ALL, 3, .hdr = "{\"alg\":\"HS384\"}", .sig = SIG32, .status = AISID_VERIFY_ALG_MISMATCH, .key = -1 },
    { "HS512", JWKS_ALL, 3, .hdr = "{\"alg\":\"HS512\"}", .sig = SIG32, .status = AISID_VERIFY_ALG_MISMATCH, .key = -1 },
    /* alg against key type */
    { "RS256 with only an EC key: no key", JWKS_EC, 1, RFC_A2, .status = AISID_VERIFY_NO_KEY, .key = -1 },
    { "RS256 whose kid is an EC key", JWKS_EC_KID, 1, .hdr = "{\"alg\":\"RS256\",\"kid\":\"ec\"}", .sig = SIG32, .status = AISID_VERIFY_ALG_MISMATCH, .key = 0 },
    { "ES256 whose kid is the RSA key", JWKS_ALL_KID, 3, .hdr = "{\"alg\":\"ES256\",\"kid\":\"rsa\"}", .sig = SIG32, .status = AISID_VERIFY_ALG_MISMATCH, .key = 1 },
    { "EdDSA with key alg ES256", JWKS_OKP_ES256, 1, RFC8037_A4, .status = AISID_VERIFY_ALG_MISMATCH, .key = 0 },
    { "EdDSA kid ed with key alg ES256", JWKS_OKP_ES256_KID, 1, .hdr = "{\"alg\":\"EdDSA\",\"kid\":\"ed\"}", .sig = SIG32, .status = AISID_VERIFY_ALG_MISMATCH, .key = 0 },
    { "RS256 with key alg PS256", JWKS_RSA_PS256, 1, RFC_A2, .status = AISID_VERIFY_ALG_MISMATCH, .key = 0 },
    /* kid */
    { "kid not in set", JWKS_ALL_KID, 3, .hdr = "{\"alg\":\"ES256\",\"kid\":\"nope\"}", .sig = SIG32, .status = AISID_VERIFY_NO_KEY, .key = -1 },
    { "kid, set without kids", JWKS_ALL, 3, .hdr = "{\"alg\":\"ES256\",\"kid\":\"ec\"}", .sig = SIG32, .status = AISID_VERIFY_NO_KEY, .key = -1 },
    { "kid is case-sensitive", JWKS_EC_UPPER, 1, .hdr = "{\"alg\":\"ES256\",\"kid\":\"ec\"}", .sig = SIG32, .status = AISID_VERIFY_NO_KEY, .key = -1 },
    { "kid right, signature wrong", JWKS_EC_KID, 1, .hdr = "{\"alg\":\"ES256\",\"kid\":\"ec\"}", .sig = SIG32, .status = AISID_VERIFY_BAD_SIGNATURE, .key = 0 },
    { "empty set", NULL, 0, RFC_A3, .status = AISID_VERIFY_NO_KEY, .key = -1 },
    /* unsupported */
    { "ES384", JWKS_ALL, 3, .hdr = "{\"alg\":\"ES384\"}", .sig = SIG32, .status = AISID_VERIFY_UNSUPPORTED_ALG, .key = -1 },
    { "ES512", JWKS_ALL, 3, .hdr = "{\"alg\":\"ES512\"}", .sig = SIG32, .status = AISID_VERIFY_UNSUPPORTED_ALG, .key = -1 },
    { "PS256", JWKS_ALL, 3, .hdr = "{\"alg\":\"PS256\"}", .sig = SIG32, .status = AISID_VERIFY_UNSUPPORTED_ALG, .key = -1 },
    { "RS512", JWKS_ALL, 3, .hdr = "{\"alg\":\"RS512\"}", .sig = SIG32, .status = AISID_VERIFY_UNSUPPORTED_ALG, .key = -1 },
    { "es256 (case)", JWKS_ALL, 3, .hdr = "{\"alg\":\"es256\"}", .sig = SIG32, .status = AISID_VERIFY_UNSUPPORTED_ALG, .key = -1 },
    { "empty alg", JWKS_ALL, 3, .hdr = "{\"alg\":\"\"}", .sig = SIG32, .status = AISID_VERIFY_UNSUPPORTED_ALG, .key = -1 },
    /* malformed */
    { "no alg", JWKS_ALL, 3, .hdr = "{\"kid\":\"ec\"}", .sig = SIG32, .status = AISID_VERIFY_MALFORMED, .key = -1 },
    { "alg not a string", JWKS_ALL, 3, .hdr = "{\"alg\":256}", .sig = SIG32, .status = AISID_VERIFY_MALFORMED, .key = -1 },
    { "alg null", JWKS_ALL, 3, .hdr = "{\"alg\":null}", .sig = SIG32, .status = AISID_VERIFY_MALFORMED, .key = -1 },
    { "kid not a string", JWKS_ALL, 3, .hdr = "{\"alg\":\"ES256\",\"kid\":[\"ec\"]}", .sig = SIG32, .status = AISID_VERIFY_MALFORMED, .key = -1 },
    { "crit", JWKS_ALL, 3, .hdr = "{\"alg\":\"ES256\",\"crit\":[\"exp\"],\"exp\":1}", .sig = SIG32, .status = AISID_VERIFY_MALFORMED, .key = -1 },
    { "b64 false", JWKS_ALL, 3, .hdr = "{\"alg\":\"ES256\",\"b64\":false,\"crit\":[\"b64\"]}", .sig = SIG32, .status = AISID_VERIFY_MALFORMED, .key = -1 },
    { "header not JSON", JWKS_ALL, 3, .hdr = "ES256", .sig = SIG32, .status = AISID_VERIFY_MALFORMED, .key = -1 },
    { "two parts", JWKS_ALL, 3, RFC_HDR_ES256 "." RFC_PAYLOAD, .status = AISID_VERIFY_MALFORMED, .key = -1 },
    { "four parts", JWKS_ALL, 3, RFC_A3 ".x", .status = AISID_VERIFY_MALFORMED, .key = -1 },
    { "signature not base64url", JWKS_ALL, 3, RFC_HDR_ES256 "." RFC_PAYLOAD ".a+b/", .status = AISID_VERIFY_MALFORMED, .key = -1 },
    { "empty", JWKS_ALL, 3, "", .status = AISID_VERIFY_MALFORMED, .key = -1 },
    { "dots", JWKS_ALL, 3, "..", .status = AISID_VERIFY_MALFORMED, .key = -1 },
    /* a payload that is not JSON is fine for verification (RFC 8037 A.4),
     * and the signature then decides */
    { "payload not JSON", JWKS_ALL, 3, .hdr = "{\"alg\":\"ES256\"}", .payload = "bm90IGpzb24", .sig = SIG32, .status = AISID_VERIFY_BAD_SIGNATURE, .key = 0 },
};

static void test_verify_table(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(vcases); i++) {
        const verify_case_t *c = &vcases[i];
        g_test_message("case %zu: %s", i, c->name);
        aisid_keyset_t *ks = keyset_from(c->jwks, c->nkeys);
        g_assert_cmpuint(aisid_keyset_count(ks), ==, (unsigned)c->nkeys);

        char *base;
        if (c->raw != NULL) {
            base = g_strdup(c->raw);
        } else {
            char *h = b64url_str(c->hdr);
            base = g_strconcat(h, ".", c->payload ? c->payload : RFC_PAYLOAD, ".",
                               c->sig ? c->sig : "", NULL);
            g_free(h);
        }
        char *text = mutate(base, c->mut);
        aisid_verify_result_t res;
        aisid_verify_status_t st = verify_text(ks, text, &res);
        if (st != c->status)
            g_error("case %zu (%s): got \"%s\" (%s), want \"%s\"", i, c->name,
                    aisid_verify_status_str(st), res.detail,
                    aisid_verify_status_str(c->status));
        if (c->key < 0)
            g_assert_null(res.key);
        else
            g_assert_true(res.key == aisid_keyset_key(ks, (unsigned)c->key));
        g_free(text);
        g_free(base);
        aisid_keyset_free(ks);
    }
}

/* Every single-bit change of the signature, and every truncation, must
 * fail, for each algorithm, and never crash. */
static void test_every_bit(void)
{
    static const char *const vectors[] = { RFC_A3, RFC_A2, RFC8037_A4 };
    aisid_keyset_t *ks = keyset_from(JWKS_ALL, 3);
    for (size_t v = 0; v < G_N_ELEMENTS(vectors); v++) {
        const char *jws = vectors[v];
        const char *dot = strrchr(jws, '.');
        size_t sl = 0;
        uint8_t *sig = b64url_dec(dot + 1, strlen(dot + 1), &sl);
        for (size_t n = 0; n <= sl + 1; n++) {         /* every length */
            uint8_t *s = g_malloc0(sl + 2);
            memcpy(s, sig, n <= sl ? n : sl);
            for (size_t bit = 0; bit < (n == sl ? sl * 8 : 1); bit++) {
                if (n == sl)
                    s[bit / 8] ^= (uint8_t)(1u << (bit % 8));
                char *e = b64url_enc(s, n);
                char *text = g_strdup_printf("%.*s.%s", (int)(dot - jws), jws, e);
                aisid_verify_result_t res;
                g_assert_cmpint(verify_text(ks, text, &res), ==, AISID_VERIFY_BAD_SIGNATURE);
                g_free(text);
                g_free(e);
                if (n == sl)
                    s[bit / 8] ^= (uint8_t)(1u << (bit % 8));
            }
            g_free(s);
        }
        g_free(sig);
    }
    aisid_keyset_free(ks);
}

/* The signing input is joined when the parts are not adjacent. */
static void test_parts_not_adjacent(void)
{
    aisid_keyset_t *ks = keyset_from(JWKS_ALL, 3);
    const char *s = RFC_A3;
    wmem_allocator_t *scope = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);
    aisid_jws_t j;
    g_assert_true(aisid_jws_decode(scope, s, strlen(s), &j));
    char *h = g_strndup(j.part[0].ptr, j.part[0].len);
    char *p = g_strndup(j.part[1].ptr, j.part[1].len);
    j.part[0].ptr = h;
    j.part[1].ptr = p;
    aisid_verify_result_t res;
    aisid_verify_jws(ks, &j, &res);
    g_assert_cmpint(res.status, ==, AISID_VERIFY_OK);
    p[0] ^= 1;
    aisid_verify_jws(ks, &j, &res);
    g_assert_cmpint(res.status, ==, AISID_VERIFY_BAD_SIGNATURE);
    g_free(h);
    g_free(p);

    /* NULL inputs */
    aisid_verify_jws(ks, NULL, &res);
    g_assert_cmpint(res.status, ==, AISID_VERIFY_MALFORMED);
    g_assert_true(aisid_jws_decode(scope, s, strlen(s), &j));
    aisid_verify_jws(NULL, &j, &res);
    g_assert_cmpint(res.status, ==, AISID_VERIFY_NO_KEY);
    wmem_destroy_allocator(scope);
    aisid_keyset_free(ks);
}

/* ------------------------------------------------------------ JWKS parsing */

typedef struct {
    const char *name;
    const char *json;
    int         added;          /* return value */
    const char *msg;            /* substring of the messages; NULL: none   */
} jwks_case_t;

#define P384_X "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8w"   /* 48 octets */
#define BAD_Y  "y_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"   /* first character changed */

static const jwks_case_t jcases[] = {
    { "not JSON", "this is not JSON", -1, "test: the JWK Set is not JSON (RFC 8259): no key read" },
    { "array", "[{" EC_MEMBERS "}]", -1, "the JWK Set is not one JSON object" },
    { "string", "\"keys\"", -1, "the JWK Set is not one JSON object" },
    { "truncated", "{\"keys\":[{" EC_MEMBERS "}", -1, "the JWK Set is not JSON (RFC 8259)" },
    { "trailing garbage", SET("{" EC_MEMBERS "}") " x", -1, "the JWK Set is not JSON (RFC 8259)" },
    { "two objects", SET("{" EC_MEMBERS "}") SET("{" EC_MEMBERS "}"), -1, "the JWK Set is not one JSON object" },
    { "keys is an object", "{\"keys\":{" EC_MEMBERS "}}", -1, "not an array" },
    { "keys is a string", "{\"keys\":\"x\"}", -1, "not an array" },
    { "keys is null", "{\"keys\":null}", -1, "not an array" },
    { "neither set nor key", "{\"foo\":1}", -1, "neither" },
    { "empty object", "{}", -1, "neither" },
    { "empty set", "{\"keys\":[]}", 0, "no keys" },
    { "non-objects in keys", "{\"keys\":[1,\"a\",null,[],true]}", 0, "key 5: skipped: not a JSON object" },
    { "good EC", SET("{" EC_MEMBERS "}"), 1, NULL },
    { "good set", JWKS_ALL_KID, 3, NULL },
    { "single JWK", "{" OKP_MEMBERS ",\"kid\":\"k\"}", 1, NULL },
    { "extra members", SET("{" EC_MEMBERS ",\"x5c\":[\"MIIB\"],\"ext\":{\"a\":[1,2,{}]}}"), 1, NULL },
    { "escaped member", SET("{\"kty\":\"EC\",\"crv\":\"P-\\u0032\\u0035\\u0036\",\"x\":\"" RFC_EC_X "\",\"y\":\"" RFC_EC_Y "\"}"), 1, NULL },
    { "EC P-384", SET("{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"" P384_X "\",\"y\":\"" P384_X "\"}"), 0, "unsupported EC curve \"P-384\"" },
    { "EC secp256k1", SET("{\"kty\":\"EC\",\"crv\":\"secp256k1\",\"x\":\"" RFC_EC_X "\",\"y\":\"" RFC_EC_Y "\"}"), 0, "secp256k1" },
    { "EC without crv", SET("{\"kty\":\"EC\",\"x\":\"" RFC_EC_X "\",\"y\":\"" RFC_EC_Y "\"}"), 0, "without \"crv\"" },
    { "EC crv number", SET("{\"kty\":\"EC\",\"crv\":256,\"x\":\"" RFC_EC_X "\",\"y\":\"" RFC_EC_Y "\"}"), 0, "non-string \"crv\"" },
    { "EC x 31 octets", SET("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVA\",\"y\":\"" RFC_EC_Y "\"}"), 0, "x is 31 octets" },
    { "EC x 33 octets", SET("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AH_Nzidw9sRdQYPL7m_bS3tYBzM1e-nvE7rPbjx70VRF\",\"y\":\"" RFC_EC_Y "\"}"), 0, "x is 33 octets" },
    { "EC y empty", SET("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" RFC_EC_X "\",\"y\":\"\"}"), 0, "\"y\" is empty" },
    { "EC x not base64url", SET("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU=\",\"y\":\"" RFC_EC_Y "\"}"), 0, "not base64url" },
    { "EC x standard base64", SET("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVE+\",\"y\":\"" RFC_EC_Y "\"}"), 0, "not base64url" },
    { "EC x number", SET("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":1,\"y\":\"" RFC_EC_Y "\"}"), 0, "\"x\" is not a string" },
    { "EC missing y", SET("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" RFC_EC_X "\"}"), 0, "no \"y\" member" },
    { "EC private only", SET("{\"kty\":\"EC\",\"crv\":\"P-256\",\"d\":\"jpsQnnGQmL-YBIffH1136cLPdGDj2u-lLVaFIOXO1x4\"}"), 0, "private key without its public part" },
    { "EC not on curve", SET("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" RFC_EC_X "\",\"y\":\"" BAD_Y "\"}"), 0, "not a point on P-256" },
    { "EC with d", SET("{" EC_MEMBERS ",\"d\":\"jpsQnnGQmL-YBIffH1136cLPdGDj2u-lLVaFIOXO1x4\"}"), 1, "private member \"d\" ignored" },
    { "EC alg RS256", SET("{" EC_MEMBERS ",\"alg\":\"RS256\"}"), 1, "does not fit" },
    { "RSA missing e", SET("{\"kty\":\"RSA\",\"n\":\"" RFC_RSA_N "\"}"), 0, "no \"e\" member" },
    { "RSA missing n", SET("{\"kty\":\"RSA\",\"e\":\"AQAB\"}"), 0, "no \"n\" member" },
    { "RSA e even", SET("{\"kty\":\"RSA\",\"n\":\"" RFC_RSA_N "\",\"e\":\"AQAA\"}"), 0, "exponent" },
    { "RSA e 1", SET("{\"kty\":\"RSA\",\"n\":\"" RFC_RSA_N "\",\"e\":\"AQ\"}"), 0, "exponent" },
    { "RSA tiny n", SET("{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}"), 0, "RSA modulus of 17 bits" },
    { "RSA n with a leading zero", SET("{\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\"" RFC_RSA_N_00 "\"}"), 1, "leading zero" },
    { "RSA with private members", SET("{" RSA_MEMBERS ",\"d\":\"AQ\",\"p\":\"AQ\"}"), 1, "private member" },
    { "oct", SET("{\"kty\":\"oct\",\"k\":\"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow\"}"), 0, "symmetric key" },
    { "unknown kty", SET("{\"kty\":\"DSA\"}"), 0, "unsupported key type \"DSA\"" },
    { "no kty", SET("{\"crv\":\"P-256\"}"), 0, "no \"kty\" member" },
    { "kty number", SET("{\"kty\":1}"), 0, "\"kty\" is not a string" },
    { "OKP Ed448", SET("{\"kty\":\"OKP\",\"crv\":\"Ed448\",\"x\":\"" RFC_OKP_X "\"}"), 0, "\"Ed448\"" },
    { "OKP X25519", SET("{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"" RFC_OKP_X "\"}"), 0, "\"X25519\"" },
    { "OKP x 31 octets", SET("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHUQ\"}"), 0, "31 octets" },
    { "OKP no x", SET("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A\"}"), 0, "no \"x\" member" },
    { "use enc", SET("{" EC_MEMBERS ",\"use\":\"enc\"}"), 0, "\"use\" is \"enc\"" },
    { "use number", SET("{" EC_MEMBERS ",\"use\":1}"), 0, "\"use\" is not a string" },
    { "key_ops sign only", SET("{" EC_MEMBERS ",\"key_ops\":[\"sign\"]}"), 0, "does not allow \"verify\"" },
    { "key_ops string", SET("{" EC_MEMBERS ",\"key_ops\":\"verify\"}"), 0, "not an array" },
    { "key_ops verify", SET("{" EC_MEMBERS ",\"key_ops\":[\"sign\",\"verify\"]}"), 1, NULL },
    { "kid number", SET("{" EC_MEMBERS ",\"kid\":7}"), 0, "\"kid\" is not a string" },
    { "alg array", SET("{" EC_MEMBERS ",\"alg\":[\"ES256\"]}"), 0, "\"alg\" is not a string" },
    { "mixed", SET("{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"" P384_X "\",\"y\":\"" P384_X "\",\"kid\":\"p384\"},"
                   "{" EC_MEMBERS "},{\"kty\":\"RSA\",\"n\":\"" RFC_RSA_N "\",\"kid\":\"r\"},{" OKP_MEMBERS "}"),
      2, "test: key 1 (kid \"p384\"): skipped: unsupported EC curve \"P-384\" (only P-256, for ES256)\n"
         "test: key 3 (kid \"r\"): skipped: no \"e\" member" },
    /* RFC 7517 section 4.5: kids should be distinct */
    { "duplicate kid", JWKS_DUP_KID, 2,
      "test: warning: kid \"aisid-test-es256\" names two usable keys (RFC 7517 section 4.5)" },
    { "NUL inside", "{\"keys\":[]}\0", -1, NULL },  /* length taken by strlen: fine */
};

static void test_jwks_table(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(jcases); i++) {
        const jwks_case_t *c = &jcases[i];
        g_test_message("jwks case %zu: %s", i, c->name);
        aisid_keyset_t *ks = aisid_keyset_new();
        size_t len = strlen(c->json);
        char *buf = exact_copy(c->json, len);
        char *err = NULL;
        int n = aisid_keyset_add_json(ks, buf, len, "test", &err);
        if (c->added == -1 && c->msg == NULL) {
            /* "NUL inside": strlen stops at the NUL, the rest is valid */
            g_assert_cmpint(n, ==, 0);
        } else {
            if (n != c->added)
                g_error("jwks case %zu (%s): added %d, want %d (%s)", i, c->name,
                        n, c->added, err ? err : "no message");
            if (c->msg == NULL) {
                if (err != NULL)
                    g_error("jwks case %zu (%s): unexpected message: %s", i, c->name, err);
            } else {
                if (err == NULL || strstr(err, c->msg) == NULL)
                    g_error("jwks case %zu (%s): message \"%s\" lacks \"%s\"", i,
                            c->name, err ? err : "(none)", c->msg);
            }
        }
        g_assert_cmpuint(aisid_keyset_count(ks), ==, n > 0 ? (unsigned)n : 0);
        /* err may be NULL on request */
        g_assert_cmpint(aisid_keyset_add_json(ks, buf, len, NULL, NULL), ==, n);
        g_free(err);
        g_free(buf);
        aisid_keyset_free(ks);
    }
}

/* Odd inputs that are not cases of their own. */
static void test_jwks_edges(void)
{
    aisid_keyset_t *ks = aisid_keyset_new();
    char *err = NULL;

    /* a raw NUL inside the text */
    static const char nul[] = "{\"keys\":[\0]}";
    g_assert_cmpint(aisid_keyset_add_json(ks, nul, sizeof nul - 1, NULL, &err), ==, -1);
    g_assert_nonnull(err);
    g_free(err);
    /* NULL / empty text, NULL set */
    g_assert_cmpint(aisid_keyset_add_json(ks, NULL, 0, NULL, &err), ==, -1);
    g_free(err);
    g_assert_cmpint(aisid_keyset_add_json(ks, "", 0, NULL, &err), ==, -1);
    g_free(err);
    g_assert_cmpint(aisid_keyset_add_json(NULL, "{}", 2, NULL, &err), ==, -1);
    g_free(err);

    /* deep nesting, in the set and inside a key: refused as a whole past
     * AISID_MAX_JSON_DEPTH (jsmn would take quadratic time), read under it */
    for (int levels = 20000; levels >= 20; levels = levels == 20000 ? 20 : 0) {
        GString *deep = g_string_new("{\"keys\":[");
        for (int i = 0; i < levels; i++) g_string_append_c(deep, '[');
        for (int i = 0; i < levels; i++) g_string_append_c(deep, ']');
        g_string_append(deep, ",{\"kty\":\"EC\",\"x\":");
        for (int i = 0; i < levels; i++) g_string_append(deep, "{\"a\":");
        g_string_append(deep, "1");
        for (int i = 0; i < levels; i++) g_string_append_c(deep, '}');
        g_string_append(deep, ",\"crv\":\"P-256\"},{" EC_MEMBERS "}]}");
        int n = aisid_keyset_add_json(ks, deep->str, deep->len, "deep", &err);
        if (levels == 20000) {
            g_assert_cmpint(n, ==, -1);
            g_assert_nonnull(strstr(err, "deep: the JWK Set nests 20003 levels deep (more than 32): no key read"));
        } else {
            g_assert_cmpint(n, ==, 1);
            g_assert_nonnull(strstr(err, "deep: key 2: skipped: \"x\" is not a string"));
        }
        g_free(err);
        g_string_free(deep, TRUE);
    }

    /* more than AISID_MAX_JWKS_KEYS keys: the rest are not read */
    GString *many = g_string_new("{\"keys\":[");
    for (int i = 0; i < AISID_MAX_JWKS_KEYS + 5; i++)
        g_string_append_printf(many, "%s{" EC_MEMBERS ",\"kid\":\"k%d\"}", i ? "," : "", i);
    g_string_append(many, "]}");
    aisid_keyset_t *ks2 = aisid_keyset_new();
    g_assert_cmpint(aisid_keyset_add_json(ks2, many->str, many->len, "many", &err), ==, AISID_MAX_JWKS_KEYS);
    g_assert_nonnull(strstr(err, "many: bound: more than 1024 keys: the rest are not read"));
    g_free(err);
    aisid_keyset_free(ks2);
    g_string_free(many, TRUE);

    /* more than AISID_MAX_JWKS_TOKENS tokens */
    GString *wide = g_string_new("{\"keys\":[],\"x\":[");
    for (int i = 0; i < AISID_MAX_JWKS_TOKENS; i++)
        g_string_append(wide, i ? ",0" : "0");
    g_string_append(wide, "]}");
    g_assert_cmpint(aisid_keyset_add_json(ks, wide->str, wide->len, NULL, &err), ==, -1);
    g_assert_nonnull(strstr(err, "JSON values, keys, objects and arrays (more than 16384): no key read"));
    g_free(err);
    g_string_free(wide, TRUE);

    /* more than the size limit */
    size_t big = 2 * 1024 * 1024;
    char *huge = g_malloc(big);
    memset(huge, ' ', big);
    huge[0] = '{';
    huge[big - 1] = '}';
    g_assert_cmpint(aisid_keyset_add_json(ks, huge, big, NULL, &err), ==, -1);
    g_free(err);
    g_free(huge);

    /* a 1536-bit modulus: accepted with a warning (RFC 7518 section 3.3) */
    uint8_t n1536[192];
    memset(n1536, 0xc5, sizeof n1536);
    char *ne = b64url_enc(n1536, sizeof n1536);
    char *json = g_strdup_printf("{\"kty\":\"RSA\",\"n\":\"%s\",\"e\":\"AQAB\",\"kid\":\"small\"}", ne);
    g_assert_cmpint(aisid_keyset_add_json(ks, json, strlen(json), NULL, &err), ==, 1);
    g_assert_nonnull(strstr(err, "key 1 (kid \"small\"): warning: RSA key of 1536 bits"));
    g_free(err);
    g_free(json);
    g_free(ne);

    /* the accumulated set */
    g_assert_cmpuint(aisid_keyset_count(ks), ==, 2);
    const aisid_key_t *k = aisid_keyset_key(ks, 0);
    g_assert_cmpint(aisid_key_kty(k), ==, AISID_KTY_EC_P256);
    g_assert_null(aisid_key_kid(k));
    g_assert_cmpstr(aisid_key_source(k), ==, "deep");
    k = aisid_keyset_key(ks, 1);
    g_assert_cmpint(aisid_key_kty(k), ==, AISID_KTY_RSA);
    g_assert_cmpuint(aisid_key_bits(k), ==, 1536);
    g_assert_cmpstr(aisid_key_kid(k), ==, "small");
    g_assert_cmpstr(aisid_key_source(k), ==, "");
    g_assert_null(aisid_keyset_key(ks, 2));
    aisid_keyset_free(ks);
    aisid_keyset_free(NULL);
    g_assert_cmpuint(aisid_keyset_count(NULL), ==, 0);
    g_assert_null(aisid_keyset_key(NULL, 0));
}

static void test_accessors(void)
{
    aisid_keyset_t *ks = keyset_from(JWKS_ALL_ALG, 3);
    const aisid_key_t *ec = aisid_keyset_key(ks, 0), *rsa = aisid_keyset_key(ks, 1),
                      *okp = aisid_keyset_key(ks, 2);
    g_assert_cmpint(aisid_key_kty(ec), ==, AISID_KTY_EC_P256);
    g_assert_cmpint(aisid_key_kty(rsa), ==, AISID_KTY_RSA);
    g_assert_cmpint(aisid_key_kty(okp), ==, AISID_KTY_OKP_ED25519);
    g_assert_cmpstr(aisid_key_alg(ec), ==, "ES256");
    g_assert_cmpstr(aisid_key_use(ec), ==, "sig");
    g_assert_null(aisid_key_use(rsa));
    g_assert_cmpstr(aisid_key_alg(okp), ==, "EdDSA");
    g_assert_cmpuint(aisid_key_bits(ec), ==, 256);
    g_assert_cmpuint(aisid_key_bits(rsa), ==, 2048);
    g_assert_cmpuint(aisid_key_bits(okp), ==, 256);
    g_assert_cmpstr(aisid_key_source(ec), ==, "test");
    g_assert_cmpstr(aisid_kty_str(AISID_KTY_EC_P256), ==, "EC P-256");
    g_assert_cmpstr(aisid_kty_str(AISID_KTY_RSA), ==, "RSA");
    g_assert_cmpstr(aisid_kty_str(AISID_KTY_OKP_ED25519), ==, "OKP Ed25519");
    g_assert_null(aisid_key_kid(NULL));
    g_assert_cmpstr(aisid_key_source(NULL), ==, "");
    aisid_keyset_free(ks);

    static const struct { aisid_verify_status_t s; const char *t; } st[] = {
        { AISID_VERIFY_NOT_CHECKED, "not checked" },
        { AISID_VERIFY_OK, "verified" },
        { AISID_VERIFY_BAD_SIGNATURE, "bad signature" },
        { AISID_VERIFY_NO_KEY, "no key" },
        { AISID_VERIFY_ALG_MISMATCH, "alg mismatch" },
        { AISID_VERIFY_UNSUPPORTED_ALG, "unsupported alg" },
        { AISID_VERIFY_MALFORMED, "malformed" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(st); i++)
        g_assert_cmpstr(aisid_verify_status_str(st[i].s), ==, st[i].t);
    g_assert_cmpstr(aisid_verify_status_str((aisid_verify_status_t)99), ==,
                    "unknown verification status");
}

/* --------------------------------------------------------- test captures */

#ifndef AISID_TESTCAPTURES_DIR
#define AISID_TESTCAPTURES_DIR ""
#endif

static const char *captures_dir(void)
{
    const char *d = g_getenv("AISID_TESTCAPTURES_DIR");
    if (d == NULL || d[0] == '\0')
        d = AISID_TESTCAPTURES_DIR;
    if (d[0] == '\0' || !g_file_test(d, G_FILE_TEST_IS_DIR))
        return NULL;
    return d;
}

static void test_file_errors(void)
{
    aisid_keyset_t *ks = aisid_keyset_new();
    char *err = NULL;
    g_assert_cmpint(aisid_keyset_add_file(ks, "/nonexistent/aisid/keys.json", &err), ==, -1);
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(err, "/nonexistent/aisid/keys.json"));
    g_free(err);
    g_assert_cmpint(aisid_keyset_add_file(ks, NULL, &err), ==, -1);
    g_free(err);
    g_assert_cmpint(aisid_keyset_add_file(ks, "/nonexistent", NULL), ==, -1);
    aisid_keyset_free(ks);
}

static void test_captures(void)
{
    const char *dir = captures_dir();
    if (dir == NULL) {
        g_test_skip("set AISID_TESTCAPTURES_DIR to the testcaptures directory");
        return;
    }
    aisid_keyset_t *ks = aisid_keyset_new();
    char *path = g_build_filename(dir, "keys", "test-jwks.json", NULL);
    char *err = NULL;
    g_assert_cmpint(aisid_keyset_add_file(ks, path, &err), ==, 3);
    g_assert_null(err);
    g_assert_cmpstr(aisid_key_source(aisid_keyset_key(ks, 0)), ==, path);
    g_free(path);

    static const struct {
        const char *file;
        aisid_verify_status_t status;
        const char *kid;        /* of res.key, NULL: no key */
    } tok[] = {
        { "emb_good.jws",        AISID_VERIFY_OK,            "aisid-test-es256" },
        { "emb_unknown.jws",     AISID_VERIFY_NO_KEY,        NULL },
        { "emb_corrupt.jws",     AISID_VERIFY_BAD_SIGNATURE, "aisid-test-es256" },
        { "extra_rs256.jws",     AISID_VERIFY_OK,            "aisid-test-rs256" },
        { "extra_eddsa.jws",     AISID_VERIFY_OK,            "aisid-test-ed25519" },
        { "emb_both.jws",        AISID_VERIFY_OK,            "aisid-test-es256" },
        /* signed correctly; their claims are what is wrong */
        { "bad_expired.jws",     AISID_VERIFY_OK,            "aisid-test-es256" },
        { "bad_notyet.jws",      AISID_VERIFY_OK,            "aisid-test-es256" },
        { "bad_noclaim.jws",     AISID_VERIFY_OK,            "aisid-test-es256" },
        { "bad_mismatch.jws",    AISID_VERIFY_OK,            "aisid-test-es256" },
        { "bad_alg_none.jws",    AISID_VERIFY_ALG_MISMATCH,  NULL },
        { "bad_b64char.jws",     AISID_VERIFY_MALFORMED,     NULL },
        { "bad_hdr_notjson.jws", AISID_VERIFY_MALFORMED,     NULL },
        { "bad_twoparts.jws",    AISID_VERIFY_MALFORMED,     NULL },
    };
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            /* with the unknown key added, emb_unknown verifies too */
            path = g_build_filename(dir, "keys", "test-unknown-jwk.json", NULL);
            g_assert_cmpint(aisid_keyset_add_file(ks, path, &err), ==, 1);
            g_assert_null(err);
            g_free(path);
        }
        for (size_t i = 0; i < G_N_ELEMENTS(tok); i++) {
            path = g_build_filename(dir, "jws", tok[i].file, NULL);
            gchar *text = NULL;
            g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
            g_strstrip(text);
            aisid_verify_result_t res;
            aisid_verify_status_t st = verify_text(ks, text, &res);
            aisid_verify_status_t want = tok[i].status;
            const char *kid = tok[i].kid;
            if (pass == 1 && strcmp(tok[i].file, "emb_unknown.jws") == 0) {
                want = AISID_VERIFY_OK;
                kid = "aisid-unknown-key";
            }
            g_test_message("%s: %s (%s)", tok[i].file, aisid_verify_status_str(st),
                           res.detail);
            if (st != want)
                g_error("%s: got \"%s\" (%s), want \"%s\"", tok[i].file,
                        aisid_verify_status_str(st), res.detail,
                        aisid_verify_status_str(want));
            if (kid == NULL)
                g_assert_null(res.key);
            else
                g_assert_cmpstr(aisid_key_kid(res.key), ==, kid);
            g_free(text);
            g_free(path);
        }
    }
    aisid_keyset_free(ks);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    /* Wireshark initialises libgcrypt at start-up; a test must do it. */
    g_assert_true(aisid_verify_init());
    g_test_add_func("/verify/table", test_verify_table);
    g_test_add_func("/verify/every_bit", test_every_bit);
    g_test_add_func("/verify/parts_not_adjacent", test_parts_not_adjacent);
    g_test_add_func("/verify/jwks_table", test_jwks_table);
    g_test_add_func("/verify/jwks_edges", test_jwks_edges);
    g_test_add_func("/verify/accessors", test_accessors);
    g_test_add_func("/verify/file_errors", test_file_errors);
    g_test_add_func("/verify/testcaptures", test_captures);
    return g_test_run();
}
