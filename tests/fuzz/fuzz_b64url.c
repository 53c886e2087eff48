/* fuzz_b64url.c
 * aisid_b64url_decode(): unpadded base64url (RFC 4648 section 5).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_init();
    size_t out_len = 0, bad = 0;
    uint8_t *dec = aisid_b64url_decode(NULL, (const char *)data, size, &out_len, &bad);
    if (dec != NULL) {
        /* 4 characters give 3 octets; a tail of 2 or 3 gives 1 or 2. */
        FUZZ_CHECK(out_len == size / 4 * 3 + (size % 4 ? size % 4 - 1 : 0));
        FUZZ_CHECK(dec[out_len] == '\0');
        fuzz_touch((aisid_span_t){ (const char *)dec, out_len });
        g_free(dec);
    } else {
        FUZZ_CHECK(size > 0 && bad < size);
    }
    return 0;
}
