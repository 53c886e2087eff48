/* aisid_jwk.c
 * JSON Web Keys (RFC 7517) and JWK Sets (RFC 7517 section 5) holding the
 * public keys that verify AI-Session-ID assertions: EC P-256 (RFC 7518
 * section 6.2), RSA (RFC 7518 section 6.3) and OKP Ed25519 (RFC 8037
 * section 2), turned into libgcrypt public-key S-expressions.
 *
 * JSON is tokenised by wsutil's jsmn and walked iteratively, as in
 * aisid_jws.c, so a deeply nested member of a hostile key file costs no
 * stack.  Key files are configuration, but may come from anywhere: every
 * problem is reported and skips one key, never the program.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define AISID_VERIFY_INTERNAL
#include "aisid_verify.h"
#include "aisid_internal.h"

#include <stdarg.h>
#include <string.h>

/* A key file is a few KiB; a JWK Set of a large provider a few dozen.
 * Its bounds (AISID_MAX_JWKS_*) are in aisid_bounds.h. */
#define RSA_MIN_BITS    1024
#define RSA_WARN_BITS   2048          /* RFC 7518 section 3.3 */
#define RSA_MAX_BITS    16384

/* -------------------------------------------------------------- libgcrypt */

bool aisid_verify_init(void)
{
    if (gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P))
        return true;
    /* Nobody initialised libgcrypt (unit test, fuzzer): do the minimum its
     * manual asks for.  Only public keys are handled: no secure memory. */
    if (gcry_check_version(NULL) == NULL)
        return false;
    gcry_control(GCRYCTL_DISABLE_SECMEM, 0);
    gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
    return true;
}

/* ----------------------------------------------------------------- keyset */

aisid_keyset_t *aisid_keyset_new(void)
{
    aisid_verify_init();
    aisid_keyset_t *ks = g_new0(aisid_keyset_t, 1);
    ks->keys = g_ptr_array_new();
    return ks;
}

static void key_free(aisid_key_t *k)
{
    if (k == NULL)
        return;
    g_free(k->kid);
    g_free(k->use);
    g_free(k->alg);
    g_free(k->source);
    gcry_sexp_release(k->pub);
    gcry_mpi_release(k->n);
    g_free(k);
}

void aisid_keyset_free(aisid_keyset_t *ks)
{
    if (ks == NULL)
        return;
    for (guint i = 0; i < ks->keys->len; i++)
        key_free(g_ptr_array_index(ks->keys, i));
    g_ptr_array_free(ks->keys, TRUE);
    g_free(ks);
}

unsigned aisid_keyset_count(const aisid_keyset_t *ks)
{
    return ks ? ks->keys->len : 0;
}

const aisid_key_t *aisid_keyset_key(const aisid_keyset_t *ks, unsigned i)
{
    if (ks == NULL || i >= ks->keys->len)
        return NULL;
    return g_ptr_array_index(ks->keys, i);
}

const char *aisid_key_kid(const aisid_key_t *key)    { return key ? key->kid : NULL; }
const char *aisid_key_use(const aisid_key_t *key)    { return key ? key->use : NULL; }
const char *aisid_key_alg(const aisid_key_t *key)    { return key ? key->alg : NULL; }
aisid_kty_t aisid_key_kty(const aisid_key_t *key)    { return key ? key->kty : AISID_KTY_EC_P256; }
unsigned    aisid_key_bits(const aisid_key_t *key)   { return key ? key->bits : 0; }

const char *aisid_key_source(const aisid_key_t *key)
{
    return key && key->source ? key->source : "";
}

const char *aisid_kty_str(aisid_kty_t kty)
{
    switch (kty) {
    case AISID_KTY_EC_P256:     return "EC P-256";
    case AISID_KTY_RSA:         return "RSA";
    case AISID_KTY_OKP_ED25519: return "OKP Ed25519";
    }
    return "unknown key type";
}

/* ------------------------------------------------------------ JWK parsing */

/* State of one add_json() call: where messages go. */
typedef struct {
    const aisid_vjson_t *d;
    const char *source;
    GString    *msg;        /* NULL when the caller wants no text */
    unsigned    index;      /* 1-based number of the key in the set */
    const char *kid;        /* of the key being read, for messages */
} jwk_ctx_t;

static void G_GNUC_PRINTF(3, 4)
note(jwk_ctx_t *c, const char *what, const char *fmt, ...)
{
    if (c->msg == NULL)
        return;
    if (c->msg->len > 0)
        g_string_append_c(c->msg, '\n');
    if (c->source != NULL && c->source[0] != '\0')
        g_string_append_printf(c->msg, "%s: ", c->source);
    if (c->index > 0) {
        g_string_append_printf(c->msg, "key %u", c->index);
        if (c->kid != NULL)
            g_string_append_printf(c->msg, " (kid \"%s\")", c->kid);
        g_string_append(c->msg, ": ");
    }
    if (what != NULL)
        g_string_append_printf(c->msg, "%s: ", what);
    va_list ap;
    va_start(ap, fmt);
    g_string_append_vprintf(c->msg, fmt, ap);
    va_end(ap);
}

/* Outcome of reading one member. */
typedef enum { MEMBER_ABSENT, MEMBER_OK, MEMBER_BAD } member_t;

/* An optional string member: absent, a string (*out, g_malloc'd), or
 * anything else (bad). */
static member_t get_string(jwk_ctx_t *c, int obj, const char *name, char **out)
{
    *out = NULL;
    int v = aisid_vjson_member(c->d, obj, name);
    if (v < 0)
        return MEMBER_ABSENT;
    *out = aisid_vjson_string(c->d, v);
    return *out ? MEMBER_OK : MEMBER_BAD;
}

/* A required base64url member (RFC 7518 section 2 "Base64urlUInt" or an
 * octet string); g_malloc'd octets, or NULL after a message. */
static uint8_t *get_b64(jwk_ctx_t *c, int obj, const char *name, size_t *len)
{
    char *s = NULL;
    switch (get_string(c, obj, name, &s)) {
    case MEMBER_ABSENT:
        note(c, "skipped", "no \"%s\" member%s", name,
             aisid_vjson_member(c->d, obj, "d") >= 0 ?
                 " (a private key without its public part)" : "");
        return NULL;
    case MEMBER_BAD:
        note(c, "skipped", "\"%s\" is not a string", name);
        return NULL;
    case MEMBER_OK:
        break;
    }
    size_t bad = 0;
    uint8_t *r = aisid_b64url_decode(NULL, s, strlen(s), len, &bad);
    if (r == NULL)
        note(c, "skipped", "\"%s\" is not base64url (at offset %zu)", name, bad);
    else if (*len == 0) {
        note(c, "skipped", "\"%s\" is empty", name);
        g_free(r);
        r = NULL;
    }
    g_free(s);
    return r;
}

/* Private members are ignored; say so (a key file with them should not be
 * lying around).  RFC 7518 sections 6.2.2 and 6.3.2, RFC 8037 section 2. */
static void warn_private(jwk_ctx_t *c, int obj, const char *const *names)
{
    for (unsigned i = 0; names[i] != NULL; i++) {
        if (aisid_vjson_member(c->d, obj, names[i]) >= 0) {
            note(c, "warning", "private member \"%s\" ignored (only the "
                 "public key is used; keep private keys out of key files)",
                 names[i]);
            return;
        }
    }
}

static bool curve_point_ok(gcry_sexp_t pub)
{
    gcry_ctx_t ctx = NULL;
    if (gcry_mpi_ec_new(&ctx, pub, NULL) != 0)
        return false;
    gcry_mpi_point_t q = gcry_mpi_ec_get_point("q", ctx, 1);
    bool ok = q != NULL && gcry_mpi_ec_curve_point(q, ctx);
    gcry_mpi_point_release(q);
    gcry_ctx_release(ctx);
    return ok;
}

/* kty "EC" (RFC 7518 section 6.2.1): crv, x, y. */
static bool parse_ec(jwk_ctx_t *c, int obj, aisid_key_t *k)
{
    char *crv = NULL;
    member_t m = get_string(c, obj, "crv", &crv);
    if (m != MEMBER_OK) {
        note(c, "skipped", "kty EC %s \"crv\"", m == MEMBER_ABSENT ?
             "without" : "with a non-string");
        return false;
    }
    if (strcmp(crv, "P-256") != 0) {
        note(c, "skipped", "unsupported EC curve \"%s\" (only P-256, for ES256)", crv);
        g_free(crv);
        return false;
    }
    g_free(crv);

    size_t xl = 0, yl = 0;
    uint8_t *x = get_b64(c, obj, "x", &xl);
    uint8_t *y = x ? get_b64(c, obj, "y", &yl) : NULL;
    bool ok = false;
    if (x == NULL || y == NULL)
        goto out;
    /* RFC 7518 section 6.2.1.2/6.2.1.3: the full coordinate size, 32
     * octets for P-256, leading zeros included. */
    if (xl != 32 || yl != 32) {
        note(c, "skipped", "P-256 coordinate %s is %zu octets, not 32 "
             "(RFC 7518 section 6.2.1.2)", xl != 32 ? "x" : "y",
             xl != 32 ? xl : yl);
        goto out;
    }
    uint8_t q[65];
    q[0] = 0x04;                        /* uncompressed point, SEC 1 2.3.3 */
    memcpy(q + 1, x, 32);
    memcpy(q + 33, y, 32);
    if (gcry_sexp_build(&k->pub, NULL,
                        "(public-key (ecc (curve \"NIST P-256\") (q %b)))",
                        (int)sizeof q, q) != 0) {
        note(c, "skipped", "libgcrypt rejected the EC key");
        goto out;
    }
    if (!curve_point_ok(k->pub)) {
        note(c, "skipped", "(x, y) is not a point on P-256");
        goto out;
    }
    static const char *const priv[] = { "d", NULL };
    warn_private(c, obj, priv);
    k->kty = AISID_KTY_EC_P256;
    k->bits = 256;
    k->sig_len = 64;                    /* R || S, RFC 7518 section 3.4 */
    ok = true;
out:
    g_free(x);
    g_free(y);
    return ok;
}

/* kty "OKP" (RFC 8037 section 2): crv, x. */
static bool parse_okp(jwk_ctx_t *c, int obj, aisid_key_t *k)
{
    char *crv = NULL;
    member_t m = get_string(c, obj, "crv", &crv);
    if (m != MEMBER_OK) {
        note(c, "skipped", "kty OKP %s \"crv\"", m == MEMBER_ABSENT ?
             "without" : "with a non-string");
        return false;
    }
    if (strcmp(crv, "Ed25519") != 0) {
        /* Ed448 is a signature curve we do not do; X25519 / X448 are for
         * key agreement only (RFC 8037 section 3.2). */
        note(c, "skipped", "unsupported OKP curve \"%s\" (only Ed25519, for EdDSA)", crv);
        g_free(crv);
        return false;
    }
    g_free(crv);

    size_t xl = 0;
    uint8_t *x = get_b64(c, obj, "x", &xl);
    bool ok = false;
    if (x == NULL)
        goto out;
    if (xl != 32) {                     /* RFC 8032 section 5.1.2 */
        note(c, "skipped", "Ed25519 public key x is %zu octets, not 32", xl);
        goto out;
    }
    if (gcry_sexp_build(&k->pub, NULL,
                        "(public-key (ecc (curve Ed25519) (flags eddsa) (q %b)))",
                        (int)xl, x) != 0) {
        note(c, "skipped", "libgcrypt rejected the Ed25519 key");
        goto out;
    }
    if (!curve_point_ok(k->pub)) {
        note(c, "skipped", "x is not an Ed25519 point (RFC 8032 section 5.1.3)");
        goto out;
    }
    static const char *const priv[] = { "d", NULL };
    warn_private(c, obj, priv);
    k->kty = AISID_KTY_OKP_ED25519;
    k->bits = 256;
    k->sig_len = 64;                    /* RFC 8032 section 5.1.6 */
    ok = true;
out:
    g_free(x);
    return ok;
}

/* kty "RSA" (RFC 7518 section 6.3.1): n, e. */
static bool parse_rsa(jwk_ctx_t *c, int obj, aisid_key_t *k)
{
    size_t nl = 0, el = 0;
    uint8_t *n = get_b64(c, obj, "n", &nl);
    uint8_t *e = n ? get_b64(c, obj, "e", &el) : NULL;
    gcry_mpi_t nm = NULL, em = NULL;
    bool ok = false;
    if (n == NULL || e == NULL)
        goto out;

    /* RFC 7518 section 6.3.1.1: no leading zero octets; some tools add
     * one anyway.  Tolerate it, it does not change the number. */
    size_t lead = 0;
    while (lead < nl && n[lead] == 0)
        lead++;
    if (lead > 0)
        note(c, "warning", "\"n\" has %zu leading zero octet%s "
             "(RFC 7518 section 6.3.1.1)", lead, lead == 1 ? "" : "s");
    if (gcry_mpi_scan(&nm, GCRYMPI_FMT_USG, n, nl, NULL) != 0 ||
        gcry_mpi_scan(&em, GCRYMPI_FMT_USG, e, el, NULL) != 0) {
        note(c, "skipped", "libgcrypt rejected n or e");
        goto out;
    }
    unsigned bits = gcry_mpi_get_nbits(nm);
    if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS) {
        note(c, "skipped", "RSA modulus of %u bits (accepted: %u to %u)",
             bits, RSA_MIN_BITS, RSA_MAX_BITS);
        goto out;
    }
    if (!gcry_mpi_test_bit(nm, 0)) {
        note(c, "skipped", "RSA modulus is even");
        goto out;
    }
    if (!gcry_mpi_test_bit(em, 0) || gcry_mpi_cmp_ui(em, 1) <= 0 ||
        gcry_mpi_cmp(em, nm) >= 0) {
        note(c, "skipped", "RSA exponent e is not an odd number in 3..n-1");
        goto out;
    }
    if (bits < RSA_WARN_BITS)
        note(c, "warning", "RSA key of %u bits; RFC 7518 section 3.3 requires "
             "2048 or more", bits);
    if (gcry_sexp_build(&k->pub, NULL, "(public-key (rsa (n %M) (e %M)))",
                        nm, em) != 0) {
        note(c, "skipped", "libgcrypt rejected the RSA key");
        goto out;
    }
    static const char *const priv[] = { "d", "p", "q", "dp", "dq", "qi", "oth", NULL };
    warn_private(c, obj, priv);
    k->kty = AISID_KTY_RSA;
    k->bits = bits;
    k->sig_len = (bits + 7) / 8;        /* RFC 8017 section 8.2.2 step 1 */
    k->n = nm;                          /* for the range check of s */
    nm = NULL;
    ok = true;
out:
    gcry_mpi_release(nm);
    gcry_mpi_release(em);
    g_free(n);
    g_free(e);
    return ok;
}

/* Does a JWK "alg" fit the key type (RFC 7518 section 3.1, RFC 8037
 * section 3.1)?  Only to warn about keys that can never verify. */
static bool alg_fits_kty(const char *alg, aisid_kty_t kty)
{
    switch (kty) {
    case AISID_KTY_EC_P256:
        return strcmp(alg, "ES256") == 0;
    case AISID_KTY_RSA:
        return strcmp(alg, "RS256") == 0 || strcmp(alg, "RS384") == 0 ||
               strcmp(alg, "RS512") == 0 || strcmp(alg, "PS256") == 0 ||
               strcmp(alg, "PS384") == 0 || strcmp(alg, "PS512") == 0;
    case AISID_KTY_OKP_ED25519:
        return strcmp(alg, "EdDSA") == 0 || strcmp(alg, "Ed25519") == 0;
    }
    return false;
}

/* "key_ops" (RFC 7517 section 4.3): an array of strings; the key is for
 * us when it holds "verify".  Returns false, after a message, otherwise. */
static bool key_ops_allow_verify(jwk_ctx_t *c, int obj)
{
    const aisid_vjson_t *d = c->d;
    int v = aisid_vjson_member(d, obj, "key_ops");
    if (v < 0)
        return true;
    if (d->tok[v].type != JSMN_ARRAY) {
        note(c, "skipped", "\"key_ops\" is not an array");
        return false;
    }
    int j = v + 1;
    while (j < d->ntok && d->tok[j].start < d->tok[v].end) {
        char *op = aisid_vjson_string(d, j);
        bool verify = op != NULL && strcmp(op, "verify") == 0;
        g_free(op);
        if (verify)
            return true;
        j = aisid_vjson_skip(d, j);
    }
    note(c, "skipped", "\"key_ops\" does not allow \"verify\"");
    return false;
}

/* One JWK object at token obj; adds it to ks and returns true, or returns
 * false after a message. */
static bool parse_jwk(jwk_ctx_t *c, int obj, aisid_keyset_t *ks)
{
    const aisid_vjson_t *d = c->d;
    c->kid = NULL;
    if (d->tok[obj].type != JSMN_OBJECT) {
        note(c, "skipped", "not a JSON object");
        return false;
    }

    aisid_key_t *k = g_new0(aisid_key_t, 1);
    char *kty = NULL;
    bool ok = false;

    /* kid first, so that the messages can name the key. */
    if (get_string(c, obj, "kid", &k->kid) == MEMBER_BAD) {
        note(c, "skipped", "\"kid\" is not a string (RFC 7517 section 4.5)");
        goto out;
    }
    c->kid = k->kid;
    if (get_string(c, obj, "use", &k->use) == MEMBER_BAD) {
        note(c, "skipped", "\"use\" is not a string (RFC 7517 section 4.2)");
        goto out;
    }
    if (get_string(c, obj, "alg", &k->alg) == MEMBER_BAD) {
        note(c, "skipped", "\"alg\" is not a string (RFC 7517 section 4.4)");
        goto out;
    }
    member_t m = get_string(c, obj, "kty", &kty);
    if (m != MEMBER_OK) {
        note(c, "skipped", "%s (RFC 7517 section 4.1)", m == MEMBER_ABSENT ?
             "no \"kty\" member" : "\"kty\" is not a string");
        goto out;
    }
    if (k->use != NULL && strcmp(k->use, "sig") != 0) {
        note(c, "skipped", "\"use\" is \"%s\", not \"sig\" (RFC 7517 section 4.2)",
             k->use);
        goto out;
    }
    if (!key_ops_allow_verify(c, obj))
        goto out;

    if (strcmp(kty, "EC") == 0)
        ok = parse_ec(c, obj, k);
    else if (strcmp(kty, "RSA") == 0)
        ok = parse_rsa(c, obj, k);
    else if (strcmp(kty, "OKP") == 0)
        ok = parse_okp(c, obj, k);
    else if (strcmp(kty, "oct") == 0)
        /* RFC 7518 section 6.4: a shared secret.  HMAC is not verified
         * here at all, so that no key is ever used as an HMAC secret. */
        note(c, "skipped", "symmetric key (kty \"oct\"): HMAC (HS256...) is not "
             "supported");
    else
        note(c, "skipped", "unsupported key type \"%s\"", kty);
    if (!ok)
        goto out;

    if (k->alg != NULL && !alg_fits_kty(k->alg, k->kty))
        note(c, "warning", "\"alg\" \"%s\" does not fit a %s key: it will "
             "verify nothing", k->alg, aisid_kty_str(k->kty));
    k->source = g_strdup(c->source ? c->source : "");
    g_ptr_array_add(ks->keys, k);
    k = NULL;
out:
    g_free(kty);
    key_free(k);
    c->kid = NULL;
    return ok;
}

int aisid_keyset_add_json(aisid_keyset_t *ks, const char *json, size_t len,
                          const char *source_name, char **err)
{
    if (err != NULL)
        *err = NULL;
    aisid_verify_init();

    aisid_vjson_t d;
    jwk_ctx_t c = { .d = &d, .source = source_name,
                    .msg = err ? g_string_new(NULL) : NULL };
    int added = -1;

    if (ks == NULL) {
        note(&c, NULL, "no key set");
        goto done;
    }
    aisid_json_problem_t problem;
    if (!aisid_vjson_open_bounded(&d, json, len, AISID_MAX_JWKS_LEN, AISID_MAX_JWKS_TOKENS,
                                  AISID_MAX_JSON_DEPTH, &problem)) {
        char *why = aisid_json_problem_str(NULL, &problem);
        note(&c, NULL, "the JWK Set %s: no key read", why);
        g_free(why);
        goto done;
    }

    int keys = aisid_vjson_member(&d, 0, "keys");
    if (keys >= 0) {
        /* RFC 7517 section 5.1: "keys" is an array of JWKs. */
        if (d.tok[keys].type != JSMN_ARRAY) {
            note(&c, NULL, "\"keys\" is not an array (RFC 7517 section 5.1)");
        } else {
            added = 0;
            int j = keys + 1;
            while (j < d.ntok && d.tok[j].start < d.tok[keys].end) {
                if (c.index == AISID_MAX_JWKS_KEYS) {
                    c.index = 0;
                    note(&c, "bound", "more than %u keys: the rest are not read",
                         AISID_MAX_JWKS_KEYS);
                    c.index = AISID_MAX_JWKS_KEYS;
                    break;
                }
                c.index++;
                if (parse_jwk(&c, j, ks))
                    added++;
                j = aisid_vjson_skip(&d, j);
            }
            if (c.index == 0)
                note(&c, "warning", "the JWK Set has no keys");
        }
    } else if (aisid_vjson_member(&d, 0, "kty") >= 0) {
        c.index = 1;                    /* a lone JWK, RFC 7517 section 4 */
        added = parse_jwk(&c, 0, ks) ? 1 : 0;
    } else {
        note(&c, NULL, "neither a JWK Set (no \"keys\") nor a JWK (no \"kty\")");
    }
    aisid_vjson_close(&d);

    /* RFC 7517 section 4.5: keys of a set should have distinct kids; with
     * two, which one a verifier uses is up to it (we try both). */
    if (added > 0) {
        unsigned first = ks->keys->len - (unsigned)added;
        for (unsigned a = first; a < ks->keys->len; a++) {
            const aisid_key_t *ka = g_ptr_array_index(ks->keys, a);
            for (unsigned b = first; ka->kid != NULL && b < a; b++) {
                const aisid_key_t *kb = g_ptr_array_index(ks->keys, b);
                if (kb->kid != NULL && strcmp(ka->kid, kb->kid) == 0) {
                    c.index = 0;
                    c.kid = NULL;
                    note(&c, "warning", "kid \"%s\" names two usable keys (RFC 7517 "
                         "section 4.5): an assertion with it is checked against both", ka->kid);
                    break;
                }
            }
        }
    }

done:
    if (c.msg != NULL) {
        if (c.msg->len > 0)
            *err = g_string_free(c.msg, FALSE);
        else
            g_string_free(c.msg, TRUE);
    }
    return added;
}

int aisid_keyset_add_file(aisid_keyset_t *ks, const char *path, char **err)
{
    if (err != NULL)
        *err = NULL;
    if (path == NULL) {
        if (err != NULL)
            *err = g_strdup("no key file name");
        return -1;
    }
    gchar *text = NULL;
    gsize len = 0;
    GError *gerr = NULL;
    if (!g_file_get_contents(path, &text, &len, &gerr)) {
        if (err != NULL)
            *err = g_strdup_printf("%s: %s", path, gerr->message);
        g_error_free(gerr);
        return -1;
    }
    if (len > AISID_MAX_JWKS_LEN) {
        if (err != NULL)
            *err = g_strdup_printf("%s: larger than %u bytes", path, AISID_MAX_JWKS_LEN);
        g_free(text);
        return -1;
    }
    int r = aisid_keyset_add_json(ks, text, len, path, err);
    g_free(text);
    return r;
}
