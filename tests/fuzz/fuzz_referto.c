/* fuzz_referto.c
 * aisid_refer_to_parse(): the Refer-To header value (RFC 3515 section 2.1)
 * and the percent-encoded Replaces in its URI (RFC 3891 section 3,
 * RFC 5589 section 7).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz_common.h"
#include "aisid_session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    fuzz_init();
    wmem_allocator_t *scope = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);
    aisid_refer_to_t r;
    bool ok = aisid_refer_to_parse(scope, buf, size, &r);
    FUZZ_CHECK(ok == r.valid);
    fuzz_in(r.uri, buf, size);
    fuzz_in(r.scheme, buf, size);
    fuzz_in(r.user, buf, size);
    fuzz_in(r.host, buf, size);
    fuzz_in(r.replaces_raw, buf, size);
    if (r.replaces_decoded != NULL) {
        /* Percent-decoding only shortens. */
        FUZZ_CHECK(r.has_replaces && r.replaces_decoded_len <= r.replaces_raw.len);
        FUZZ_CHECK(r.replaces_decoded[r.replaces_decoded_len] == '\0');
        const char *d = r.replaces_decoded;
        size_t dl = r.replaces_decoded_len;
        fuzz_in(r.replaces.call_id, d, dl);
        fuzz_in(r.replaces.to_tag, d, dl);
        fuzz_in(r.replaces.from_tag, d, dl);
    }
    wmem_destroy_allocator(scope);
    return 0;
}
