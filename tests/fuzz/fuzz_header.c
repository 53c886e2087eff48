/* fuzz_header.c
 * aisid_header_parse(): an AI-Session-ID header value, its identifier and
 * parameters (plugin/REFERENCE.md ABNF), as the SIP dissector hands it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    aisid_header_t h;
    aisid_header_parse(buf, size, &h);

    fuzz_in(h.value, buf, size);
    FUZZ_CHECK(h.id.ptr != NULL);          /* never absent, may be empty */
    fuzz_in(h.id, buf, size);
    if (h.id_flags & AISID_ID_INVALID_CHARS)
        FUZZ_CHECK(h.bad_char_off < h.id.len);
    if (h.id.len > AISID_ID_MAX_LEN)
        FUZZ_CHECK(h.id_flags & AISID_ID_TOO_LONG);
    FUZZ_CHECK(h.n_params <= AISID_MAX_PARAMS);
    for (unsigned i = 0; i < h.n_params; i++) {
        fuzz_in(h.params[i].whole, buf, size);
        fuzz_in(h.params[i].name, buf, size);
        fuzz_in(h.params[i].value, buf, size);
        fuzz_sink += aisid_span_ieq(h.params[i].name, "assertion");
    }
    FUZZ_CHECK(h.ref_index < (int)h.n_params && h.assertion_index < (int)h.n_params);
    if (h.ref_index >= 0)
        FUZZ_CHECK(h.params[h.ref_index].kind == AISID_PARAM_ASSERTION_REF);
    if (h.assertion_index >= 0)
        FUZZ_CHECK(h.params[h.assertion_index].kind == AISID_PARAM_ASSERTION);
    fuzz_in(h.ref_uri, buf, size);
    if (h.ref_status == AISID_REF_MALFORMED)
        FUZZ_CHECK(h.ref_error != NULL);
    fuzz_str(h.ref_error);
    return 0;
}
