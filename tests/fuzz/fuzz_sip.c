/* fuzz_sip.c
 * The SIP scanner (RFC 3261 sections 7 and 20): aisid_sip_scan() at the
 * start and at each message start aisid_sip_find_message_start() finds,
 * aisid_sip_uri_parts() on the URIs, and aisid_msg_in_from_sip(), which runs
 * the dialog header parsers on what the scanner found.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz_common.h"
#include "aisid_session.h"

static void scan(wmem_allocator_t *scope, const char *buf, size_t len)
{
    aisid_sip_msg_t m;
    if (!aisid_sip_scan(buf, len, &m))
        return;
    FUZZ_CHECK(m.headers_end <= len);
    FUZZ_CHECK(m.is_request ? m.method.ptr != NULL : m.status_code > 0);
    aisid_span_t spans[] = {
        m.method, m.reason, m.ruri, m.ruri_user, m.ruri_host, m.call_id,
        m.from_tag, m.to_tag, m.from_user, m.from_host, m.to_user, m.to_host,
        m.cseq_method, m.replaces, m.refer_to, m.referred_by, m.session_id,
    };
    for (size_t i = 0; i < sizeof spans / sizeof spans[0]; i++)
        fuzz_in(spans[i], buf, len);

    aisid_span_t user, host;
    aisid_sip_uri_parts(m.ruri.ptr ? m.ruri : (aisid_span_t){ buf, len }, &user, &host);
    fuzz_in(user, buf, len);
    fuzz_in(host, buf, len);

    aisid_msg_in_t in;
    aisid_msg_in_from_sip(scope, &m, m.call_id, 1, 0, 0, &in);
    fuzz_str(in.method);
    if (in.has_replaces)
        fuzz_in(in.replaces.call_id, buf, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    fuzz_init();
    wmem_allocator_t *scope = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);
    scan(scope, buf, size);
    /* Each line start of the input as a place inside a message's headers
     * (a TCP segment or a reassembled PDU seen from the middle). */
    unsigned tries = 0;
    for (size_t off = 0; off < size && tries < 8; off++) {
        if (off > 0 && buf[off - 1] != '\n')
            continue;
        tries++;
        size_t s = aisid_sip_find_message_start(buf, size, off);
        if (s == (size_t)-1)
            continue;
        FUZZ_CHECK(s <= off);
        scan(scope, buf + s, size - s);
    }
    wmem_destroy_allocator(scope);
    return 0;
}
