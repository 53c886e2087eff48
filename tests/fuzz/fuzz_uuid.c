/* fuzz_uuid.c
 * aisid_uuid_parse(): the textual UUID form of RFC 9562 section 4.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    aisid_uuid_t u;
    bool ok = aisid_uuid_parse((const char *)data, size, &u);
    FUZZ_CHECK(ok == (u.kind != AISID_UUID_NONE));
    if (ok) {
        FUZZ_CHECK(size == 36);
        FUZZ_CHECK(u.version <= 15);
        if (u.has_time)
            FUZZ_CHECK(u.time_nsecs >= 0 && u.time_nsecs < 1000000000);
    }
    fuzz_sink += (size_t)u.time_secs + u.bytes[15];
    return 0;
}
