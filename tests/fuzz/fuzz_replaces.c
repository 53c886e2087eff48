/* fuzz_replaces.c
 * aisid_replaces_parse(): the Replaces header value (RFC 3891 section 6.1).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz_common.h"
#include "aisid_session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    aisid_replaces_t r;
    bool ok = aisid_replaces_parse(buf, size, &r);
    FUZZ_CHECK(ok == r.valid);
    if (ok)
        FUZZ_CHECK(r.call_id.ptr && r.to_tag.ptr && r.from_tag.ptr);
    fuzz_in(r.call_id, buf, size);
    fuzz_in(r.to_tag, buf, size);
    fuzz_in(r.from_tag, buf, size);
    return 0;
}
