/* fuzz_verify.c
 * aisid_verify_jws() on the input decoded as a compact JWS, against the
 * public test keys testcaptures/keys/test-jwks.json (ES256, EdDSA, RS256;
 * read once): kid and alg selection, signature length and range checks,
 * libgcrypt (RFC 7515 section 5.2).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz_common.h"
#include "aisid_verify.h"

#ifndef AISID_FUZZ_JWKS
#error "AISID_FUZZ_JWKS (testcaptures/keys/test-jwks.json) must be defined"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static aisid_keyset_t *keys;
    fuzz_init();
    if (keys == NULL) {
        char *err = NULL;
        keys = aisid_keyset_new();
        if (aisid_keyset_add_file(keys, AISID_FUZZ_JWKS, &err) < 3) {
            fprintf(stderr, "%s: %s\n", AISID_FUZZ_JWKS, err ? err : "too few keys");
            abort();
        }
        g_free(err);
    }

    wmem_allocator_t *scope = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);
    aisid_jws_t j;
    bool ok = aisid_jws_decode(scope, (const char *)data, size, &j);
    aisid_verify_result_t r;
    aisid_verify_jws(keys, &j, &r);
    FUZZ_CHECK(r.detail != NULL);
    /* Only a sound JWS (or one whose payload alone is not JSON) can verify. */
    if (r.status == AISID_VERIFY_OK)
        FUZZ_CHECK(ok || j.status == AISID_JWS_ERR_JSON_PAYLOAD);
    if (r.key != NULL) {
        bool found = false;
        for (unsigned i = 0; i < aisid_keyset_count(keys); i++)
            found |= aisid_keyset_key(keys, i) == r.key;
        FUZZ_CHECK(found);
    }
    fuzz_str(aisid_verify_status_str(r.status));
    wmem_destroy_allocator(scope);
    return 0;
}
