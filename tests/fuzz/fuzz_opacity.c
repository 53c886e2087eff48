/* fuzz_opacity.c
 * aisid_opacity_check() (REQ9): the first line of the input is the
 * identifier, the rest a SIP message scanned for the pieces the
 * identifier must not encode; and the identifier alone (no message).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz_common.h"

static void check(aisid_span_t id, const aisid_sip_msg_t *m)
{
    aisid_opacity_hit_t hit;
    bool bad = aisid_opacity_check(id, m, &hit);
    if (bad) {
        FUZZ_CHECK(hit.piece != AISID_PIECE_NONE);
        fuzz_in(hit.text, id.ptr, id.len);
        FUZZ_CHECK(hit.text.len >= 1);
        fuzz_str(aisid_piece_str(hit.piece));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    aisid_span_t id, msg;
    fuzz_split_line((const char *)data, size, &id, &msg);
    aisid_sip_msg_t m;
    if (aisid_sip_scan(msg.ptr, msg.len, &m))
        check(id, &m);
    check(id, NULL);
    return 0;
}
