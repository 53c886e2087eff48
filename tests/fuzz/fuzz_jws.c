/* fuzz_jws.c
 * aisid_jws_decode(): the split of a compact JWS (RFC 7515 section 7.1),
 * base64url of its parts and the JSON of header and claims; and
 * aisid_json_string_member() on the input as JSON text.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    fuzz_init();
    wmem_allocator_t *scope = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);

    aisid_jws_t j;
    bool ok = aisid_jws_decode(scope, buf, size, &j);
    FUZZ_CHECK(ok == (j.status == AISID_JWS_OK));
    fuzz_str(aisid_jws_status_str(j.status));
    for (int i = 0; i < 3; i++)
        fuzz_in(j.part[i], buf, size);
    if (!ok && j.status != AISID_JWS_ERR_PARTS)
        FUZZ_CHECK(j.bad_off <= size);
    if (j.header_json != NULL) {
        FUZZ_CHECK(j.header_json[j.header_len] == '\0');
        fuzz_str(aisid_json_string_member(scope, j.header_json, j.header_len, "alg"));
    }
    if (j.payload_json != NULL)
        FUZZ_CHECK(j.payload_json[j.payload_len] == '\0');
    if (j.signature != NULL)
        fuzz_touch((aisid_span_t){ (const char *)j.signature, j.sig_len });
    fuzz_str(j.alg); fuzz_str(j.kid); fuzz_str(j.typ);
    fuzz_str(j.iss); fuzz_str(j.aud); fuzz_str(j.claim_id);
    fuzz_sink += (size_t)(j.iat + j.nbf + j.exp);

    /* The input as the JSON of an assertion resource or a header. */
    fuzz_str(aisid_json_string_member(scope, buf, size, "assertion"));
    fuzz_str(aisid_json_string_member(scope, buf, size, "kid"));

    wmem_destroy_allocator(scope);
    return 0;
}
