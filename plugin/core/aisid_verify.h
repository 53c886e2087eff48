/* aisid_verify.h
 * Signature verification of the compact JWS carried in an AI-Session-ID
 * "assertion" parameter: a set of public keys read from a JWK Set
 * (RFC 7517 section 5) or single JWKs, and the check of a JWS decoded by
 * aisid_jws_decode() (RFC 7515 section 5.2) against them.
 *
 * Supported (RFC 7518 section 3.1 / RFC 8037 section 3.1):
 *   ES256  ECDSA P-256 + SHA-256      <-> kty "EC", crv "P-256"
 *   RS256  RSASSA-PKCS1-v1_5 SHA-256  <-> kty "RSA"
 *   EdDSA  Ed25519                    <-> kty "OKP", crv "Ed25519"
 * Only public key material is ever used, and only libgcrypt does the
 * cryptography.  Key material in the JWS header itself ("jwk", "jku",
 * "x5u", "x5c", RFC 7515 sections 4.1.2-4.1.6) is never trusted.
 *
 * Like the rest of the core this includes no epan header.  Keys and key
 * sets are plain g_malloc'd objects; a key set is read-only once built
 * and may then be shared by verifications.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef AISID_VERIFY_H
#define AISID_VERIFY_H

#include "aisid_core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ keys */

typedef enum {
    AISID_KTY_EC_P256,      /* kty "EC", crv "P-256" (RFC 7518 section 6.2)     */
    AISID_KTY_RSA,          /* kty "RSA" (RFC 7518 section 6.3)                 */
    AISID_KTY_OKP_ED25519,  /* kty "OKP", crv "Ed25519" (RFC 8037 section 2)    */
} aisid_kty_t;

/* One public key (opaque): its type, the JWK members "kid", "use" and
 * "alg" (each NULL when absent), where it came from, and the libgcrypt
 * public-key S-expression. */
typedef struct aisid_key aisid_key_t;

/* An ordered set of keys (opaque). */
typedef struct aisid_keyset aisid_keyset_t;

/* Initialises libgcrypt if nobody has yet (Wireshark does it at start-up,
 * a unit test or fuzzer does not): gcry_check_version(NULL), no secure
 * memory (only public keys are handled), initialisation finished.  Called
 * by aisid_keyset_new() and aisid_verify_jws(); calling it again is
 * harmless.  Returns false when libgcrypt cannot be used. */
bool aisid_verify_init(void);

/* A new, empty key set; free it with aisid_keyset_free(). */
aisid_keyset_t *aisid_keyset_new(void);

/* Frees the set and its keys (NULL is fine).  Pointers returned by the
 * accessors below, and results that point at keys, die with it. */
void aisid_keyset_free(aisid_keyset_t *ks);

/* Parses JSON text (len bytes, need not be NUL-terminated) that is either a
 * JWK Set, {"keys":[...]} (RFC 7517 section 5), or a single JWK (RFC 7517
 * section 4, recognised by a "kty" member), and adds the usable public
 * keys to ks, in order.
 *
 * A key is skipped, with a line of explanation, when: kty or crv is not
 * supported (P-384, P-521, secp256k1, Ed448, X25519, "oct" symmetric keys,
 * ...); a required member (x, y, n, e) is missing, not a string or not
 * base64url (RFC 7518 sections 6.2.1, 6.3.1, RFC 8037 section 2); a
 * coordinate has the wrong length (RFC 7518 section 6.2.1.2: exactly 32
 * octets for P-256) or the point is not on the curve; the RSA modulus is
 * smaller than 1024 or larger than 16384 bits, or e is not an odd number
 * greater than 1; "use" is present and not "sig" (RFC 7517 section 4.2);
 * "key_ops" is present and lacks "verify" (RFC 7517 section 4.3).  A
 * warning is given, and the key still added, for RSA keys below the 2048
 * bits RFC 7518 section 3.3 requires, and for private members ("d", ...)
 * which are ignored.  An "alg" member is kept and enforced at
 * verification; a kty/alg pair that can never match is warned about.
 *
 * source_name (may be NULL) names the origin in the messages and is kept
 * by each key (aisid_key_source()).
 *
 * Returns the number of keys added (0 or more), or -1 when the text is
 * neither a JWK Set nor a JWK (not JSON, not an object, "keys" not an
 * array, ...).  When err is not NULL, *err is set to NULL when there is
 * nothing to report, else to a g_malloc'd text (lines separated by '\n',
 * no final newline) the caller frees with g_free(). */
int aisid_keyset_add_json(aisid_keyset_t *ks, const char *json, size_t len,
                          const char *source_name, char **err);

/* Reads the file at path and passes it to aisid_keyset_add_json() with
 * the path as source name.  Returns -1 (and *err) when the file cannot be
 * read or is larger than 1 MiB. */
int aisid_keyset_add_file(aisid_keyset_t *ks, const char *path, char **err);

/* Number of keys in the set (0 for NULL). */
unsigned aisid_keyset_count(const aisid_keyset_t *ks);

/* The i-th key (in the order added), or NULL when i is out of range. */
const aisid_key_t *aisid_keyset_key(const aisid_keyset_t *ks, unsigned i);

/* The key's "kid", "use" and "alg" members (RFC 7517 sections 4.5, 4.2,
 * 4.4), or NULL when absent. */
const char *aisid_key_kid(const aisid_key_t *key);
const char *aisid_key_use(const aisid_key_t *key);
const char *aisid_key_alg(const aisid_key_t *key);

aisid_kty_t aisid_key_kty(const aisid_key_t *key);

/* The source_name given to aisid_keyset_add_json() (file path), or "". */
const char *aisid_key_source(const aisid_key_t *key);

/* Modulus size in bits for RSA, 256 for P-256 and Ed25519. */
unsigned aisid_key_bits(const aisid_key_t *key);

/* "EC P-256", "RSA", "OKP Ed25519". */
const char *aisid_kty_str(aisid_kty_t kty);

/* ---------------------------------------------------------- verification */

typedef enum {
    AISID_VERIFY_NOT_CHECKED = 0,   /* no verification was attempted          */
    AISID_VERIFY_OK,                /* a key verified the signature           */
    AISID_VERIFY_BAD_SIGNATURE,     /* key(s) fit, the signature is wrong     */
    AISID_VERIFY_NO_KEY,            /* no key with the kid / of the alg's type */
    AISID_VERIFY_ALG_MISMATCH,      /* alg cannot be used with the key(s): HS*
                                       (key confusion), "none", wrong kty, or
                                       the key's own "alg" differs            */
    AISID_VERIFY_UNSUPPORTED_ALG,   /* a real alg we do not implement (ES384, PS256, ...) */
    AISID_VERIFY_MALFORMED,         /* not a decodable JWS, no "alg", "alg" or
                                       "kid" not a string, or a "crit" header */
} aisid_verify_status_t;

typedef struct {
    aisid_verify_status_t status;
    /* OK: the key that verified.  BAD_SIGNATURE / ALG_MISMATCH: the key the
     * kid selected (the first one, for duplicate kids), or the first key
     * tried.  NULL otherwise.  Owned by the key set. */
    const aisid_key_t *key;
    /* Why, in a few English words (static text; never NULL after
     * aisid_verify_jws()). */
    const char *detail;
} aisid_verify_result_t;

/* Verifies a compact JWS decoded by aisid_jws_decode().  The signing input
 * is the encoded header '.' encoded payload (RFC 7515 section 5.2 step 8):
 * jws->part[0] and part[1] must be adjacent in one buffer, as
 * aisid_jws_decode() leaves them.  The payload need not be JSON (RFC 8037
 * A.4's is not): a JWS whose only problem is AISID_JWS_ERR_JSON_PAYLOAD
 * is still verified.
 *
 * Order of the checks:
 *  1. parts, base64url and header JSON (re-read here) must be sound,
 *     "alg" present and a string, "kid" a string if present, and no "crit"
 *     (RFC 7515 section 4.1.11: we understand no extension) -> MALFORMED;
 *  2. alg "none" (RFC 7518 section 3.6; never accepted as signed) and
 *     HS256/HS384/HS512 (a public key is never used as an HMAC secret:
 *     the JWT key-confusion attack) -> ALG_MISMATCH, whatever the keys;
 *     any alg but ES256, RS256, EdDSA -> UNSUPPORTED_ALG;
 *  3. with a "kid": the keys whose kid equals it (case-sensitive, RFC 7515
 *     section 4.1.4); none -> NO_KEY even if other keys exist; none of
 *     them of the alg's key type, or all with a different own "alg" ->
 *     ALG_MISMATCH (e.g. RS256 whose kid names an EC key);
 *     without a "kid": every key of the alg's key type; none -> NO_KEY
 *     (e.g. RS256 with only EC keys); some, but all with a different own
 *     "alg" -> ALG_MISMATCH;
 *  4. each remaining key in order; the first that verifies -> OK, else
 *     BAD_SIGNATURE.  Signatures of the wrong length for the key (64
 *     octets for ES256 and EdDSA, the modulus length for RS256) are
 *     BAD_SIGNATURE, and so are values out of range that libgcrypt 1.10
 *     would take: an RSA s >= n (RFC 8017 section 5.2.2) and an Ed25519
 *     S >= L (RFC 8032 section 5.1.7), which would make signatures
 *     malleable.
 * ks may be NULL (an empty set); jws NULL gives MALFORMED. */
void aisid_verify_jws(const aisid_keyset_t *ks, const aisid_jws_t *jws,
                      aisid_verify_result_t *res);

/* "verified", "bad signature", "no key", "alg mismatch", "unsupported alg",
 * "malformed", "not checked". */
const char *aisid_verify_status_str(aisid_verify_status_t status);

/* ------------------------------------------------------ internal section */

#ifdef AISID_VERIFY_INTERNAL
/* Shared by aisid_jwk.c and aisid_verify.c only; not API. */
#include <gcrypt.h>
#include <wsutil/wsjson.h>

struct aisid_key {
    aisid_kty_t kty;
    char       *kid, *use, *alg, *source;   /* g_malloc'd, NULL when absent */
    unsigned    bits;
    size_t      sig_len;                    /* expected signature octets    */
    gcry_sexp_t pub;                        /* (public-key ...)             */
    gcry_mpi_t  n;                          /* RSA modulus, else NULL       */
};

struct aisid_keyset {
    GPtrArray *keys;                        /* of aisid_key_t *             */
};

#endif /* AISID_VERIFY_INTERNAL */

#ifdef __cplusplus
}
#endif

#endif /* AISID_VERIFY_H */
