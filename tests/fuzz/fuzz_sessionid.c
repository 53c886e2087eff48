/* fuzz_sessionid.c
 * aisid_session_id_parse(): the Session-ID header value (RFC 7989
 * section 5, and the older RFC 7329 form without "remote").
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz_common.h"
#include "aisid_session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    aisid_session_id_t s;
    bool ok = aisid_session_id_parse(buf, size, &s);
    FUZZ_CHECK(ok == s.valid);
    fuzz_in(s.local_text, buf, size);
    fuzz_in(s.remote_text, buf, size);
    if (ok) {
        FUZZ_CHECK(s.local_text.len == 32);
        if (s.has_remote)
            FUZZ_CHECK(s.remote_text.len == 32);
    }
    fuzz_sink += s.local[15] + s.remote[15];
    return 0;
}
