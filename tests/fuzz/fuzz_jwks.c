/* fuzz_jwks.c
 * aisid_keyset_add_json(): a JWK Set or a single JWK (RFC 7517 sections 4
 * and 5) as the aisid.jwks_file preference reads it; the keys it accepts
 * then verify the valid ES256, RS256 and EdDSA test assertions
 * (testcaptures/jws/ver_*.jws, read once), so key import feeds libgcrypt.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz_common.h"
#include "aisid_verify.h"

#ifndef AISID_FUZZ_JWS_DIR
#error "AISID_FUZZ_JWS_DIR (testcaptures/jws) must be defined"
#endif

static const char *const jws_files[] = { "ver_es256.jws", "ver_rs256.jws", "ver_eddsa.jws" };
#define N_JWS (sizeof jws_files / sizeof jws_files[0])

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static aisid_jws_t jws[N_JWS];
    static bool loaded;
    fuzz_init();
    if (!loaded) {
        for (size_t i = 0; i < N_JWS; i++) {
            char *path = g_build_filename(AISID_FUZZ_JWS_DIR, jws_files[i], NULL);
            gchar *text = NULL;
            gsize len = 0;
            if (!g_file_get_contents(path, &text, &len, NULL)) {
                fprintf(stderr, "cannot read %s\n", path);
                abort();
            }
            g_strchomp(text);
            /* text and the decoded parts (NULL scope: g_malloc) are kept for
             * the life of the process: the spans point into text. */
            FUZZ_CHECK(aisid_jws_decode(NULL, text, strlen(text), &jws[i]));
            g_free(path);
        }
        loaded = true;
    }

    aisid_keyset_t *ks = aisid_keyset_new();
    char *err = NULL;
    int n = aisid_keyset_add_json(ks, (const char *)data, size, "input", &err);
    FUZZ_CHECK(n >= -1);
    FUZZ_CHECK(n < 0 ? aisid_keyset_count(ks) == 0 : aisid_keyset_count(ks) == (unsigned)n);
    fuzz_str(err);
    g_free(err);
    for (unsigned i = 0; i < aisid_keyset_count(ks); i++) {
        const aisid_key_t *k = aisid_keyset_key(ks, i);
        FUZZ_CHECK(k != NULL);
        fuzz_str(aisid_key_kid(k)); fuzz_str(aisid_key_use(k)); fuzz_str(aisid_key_alg(k));
        fuzz_str(aisid_key_source(k));
        fuzz_str(aisid_kty_str(aisid_key_kty(k)));
        fuzz_sink += aisid_key_bits(k);
    }
    FUZZ_CHECK(aisid_keyset_key(ks, aisid_keyset_count(ks)) == NULL);
    if (aisid_keyset_count(ks) > 0) {
        for (size_t i = 0; i < N_JWS; i++) {
            aisid_verify_result_t r;
            aisid_verify_jws(ks, &jws[i], &r);
            FUZZ_CHECK(r.detail != NULL);
            fuzz_str(aisid_verify_status_str(r.status));
        }
    }
    aisid_keyset_free(ks);
    return 0;
}
