/* fuzz_http.c
 * The HTTP/1.x scanner used to resolve assertion-ref (RFC 9112): the first
 * line of the input is an assertion-ref URI, the rest a TCP stream in which
 * aisid_http_find_message() looks for messages; each is scanned
 * (aisid_http_scan()), matched against the URI
 * (aisid_uri_matches_request()) and its body read as an assertion
 * resource (aisid_assertion_from_body()).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz_common.h"

static void one(wmem_allocator_t *scope, const char *uri, const char *buf, size_t len)
{
    aisid_http_msg_t m;
    if (!aisid_http_scan(buf, len, &m))
        return;
    aisid_span_t spans[] = { m.method, m.target, m.host, m.content_type, m.body };
    for (size_t i = 0; i < sizeof spans / sizeof spans[0]; i++)
        fuzz_in(spans[i], buf, len);
    if (m.has_content_length && m.body.ptr != NULL)
        FUZZ_CHECK(m.body.len <= m.content_length);
    if (m.is_request)
        fuzz_sink += aisid_uri_matches_request(uri, m.host, m.target);
    else if (m.body.ptr != NULL)
        fuzz_str(aisid_assertion_from_body(scope, m.body.ptr, m.body.len));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_init();
    wmem_allocator_t *scope = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);
    aisid_span_t first, rest;
    fuzz_split_line((const char *)data, size, &first, &rest);
    char *uri = wmem_strndup(scope, first.ptr, first.len);

    const char *buf = rest.ptr;
    size_t len = rest.len, off = 0;
    for (int k = 0; k < 8; k++) {
        off = aisid_http_find_message(buf, len, off);
        if (off == (size_t)-1)
            break;
        FUZZ_CHECK(off < len);
        one(scope, uri, buf + off, len - off);
        off++;
    }
    /* The body alone, as a file of the assertion_ref directory. */
    fuzz_str(aisid_assertion_from_body(scope, buf, len));
    wmem_destroy_allocator(scope);
    return 0;
}
