/* aisid_http.c
 * Just enough HTTP/1.x (RFC 9112) to resolve an assertion passed by
 * reference from the capture itself (draft section 8): the request target
 * and Host of a GET, and the status, media type and body of its response.
 * Like the SIP scanner it reads raw text, so the plugin needs no protocol
 * tree; everything else about HTTP is Wireshark's HTTP dissector's job.
 *
 * Every loop moves forward through the buffer: linear work, never past len.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "aisid_internal.h"

#include <string.h>

/* "HTTP/1.0" / "HTTP/1.1" (RFC 9112 section 2.3). */
static bool is_http_version(const char *s, size_t len)
{
    return len == 8 && memcmp(s, "HTTP/1.", 7) == 0 && aisid_is_digit((unsigned char)s[7]);
}

static size_t line_len(const char *b, size_t pos, size_t len, size_t *next)
{
    const char *nl = pos < len ? memchr(b + pos, '\n', len - pos) : NULL;
    size_t e = nl ? (size_t)(nl - b) : len;
    *next = nl ? e + 1 : len;
    if (e > pos && b[e - 1] == '\r')
        e--;
    return e - pos;
}

/* request-line = method SP request-target SP HTTP-version
 * status-line  = HTTP-version SP status-code SP [ reason-phrase ] */
static bool parse_start(const char *l, size_t n, aisid_http_msg_t *out)
{
    aisid_span_t method, target;
    size_t v;

    if (n >= 12 && is_http_version(l, 8) && l[8] == ' ') {
        unsigned code = aisid_status_code(l + 9, n - 9);
        if (code == 0)
            return false;
        out->is_request = false;
        out->status = code;
        return true;
    }
    v = aisid_request_prefix(l, n, &method, &target);
    if (v == 0 || !is_http_version(l + v, n - v))
        return false;
    out->is_request = true;
    out->method = method;
    out->target = target;
    return true;
}

static bool name_is(const char *l, size_t n, const char *name)
{
    size_t nl = strlen(name);
    return n == nl && g_ascii_strncasecmp(l, name, nl) == 0;
}

bool aisid_http_scan(const char *buf, size_t len, aisid_http_msg_t *out)
{
    size_t pos = 0, next, n;

    memset(out, 0, sizeof *out);
    if (buf == NULL || len == 0)
        return false;
    n = line_len(buf, pos, len, &next);
    if (!parse_start(buf, n, out)) {
        memset(out, 0, sizeof *out);
        return false;
    }
    pos = next;
    for (;;) {
        if (pos >= len)
            return true;              /* headers not complete: no body */
        n = line_len(buf, pos, len, &next);
        if (n == 0) {
            pos = next;
            break;
        }
        const char *l = buf + pos;
        size_t k = 0;
        while (k < n && aisid_is_tchar((unsigned char)l[k]))
            k++;
        if (k > 0 && k < n && l[k] == ':') {
            aisid_span_t v = aisid_span_trim(aisid_span(l + k + 1, n - k - 1));
            if (name_is(l, k, "host")) {
                out->host = v;
            } else if (name_is(l, k, "content-type")) {
                size_t e = 0;
                while (e < v.len && v.ptr[e] != ';')
                    e++;
                out->content_type = aisid_span_trim(aisid_span(v.ptr, e));
            } else if (name_is(l, k, "content-length")) {
                size_t cl = 0, i = 0;
                while (i < v.len && aisid_is_digit((unsigned char)v.ptr[i]) && cl < ((size_t)1 << 40))
                    cl = cl * 10 + (size_t)(v.ptr[i++] - '0');
                if (i > 0 && i == v.len) {
                    out->has_content_length = true;
                    out->content_length = cl;
                }
            } else if (name_is(l, k, "transfer-encoding")) {
                /* RFC 9112 section 6.1: chunked is the final coding */
                if (v.len >= 7 && g_ascii_strncasecmp(v.ptr + v.len - 7, "chunked", 7) == 0)
                    out->chunked = true;
            }
        }
        pos = next;
    }
    if (out->chunked)
        return true;
    size_t avail = len - pos;
    size_t blen = out->has_content_length ? MIN(out->content_length, avail) : avail;
    if (blen > 0)
        out->body = aisid_span(buf + pos, blen);
    return true;
}

static bool known_method(aisid_span_t m)
{
    static const char *const methods[] = {
        "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(methods); i++)
        if (m.len == strlen(methods[i]) && memcmp(m.ptr, methods[i], m.len) == 0)
            return true;
    return false;
}

size_t aisid_http_find_message(const char *buf, size_t len, size_t from)
{
    aisid_http_msg_t tmp;

    if (buf == NULL)
        return (size_t)-1;
    /* Every start line holds "HTTP/1.": find each, then its line start. */
    for (size_t p = from; p + 7 <= len;) {
        const char *hit = memchr(buf + p, 'H', len - p);
        if (!hit)
            return (size_t)-1;
        size_t h = (size_t)(hit - buf);
        if (h + 7 > len)
            return (size_t)-1;
        if (memcmp(hit, "HTTP/1.", 7) != 0) {
            p = h + 1;
            continue;
        }
        /* Back to the start of the line, or past binary bytes. */
        size_t ls = h;
        while (ls > from && buf[ls - 1] != '\n') {
            unsigned char c = (unsigned char)buf[ls - 1];
            if (c < 0x20 && c != '\t' && c != '\r')
                break;
            ls--;
        }
        size_t next;
        size_t n = line_len(buf, ls, len, &next);
        /* A binary byte that happens to be a token character may still
         * stand before the method: try the few starts up to the version,
         * and prefer one that leaves a method of RFC 9110 section 9. */
        size_t first = (size_t)-1;
        for (size_t s = ls; s <= h && s < ls + 16; s++) {
            if (!parse_start(buf + s, n - (s - ls), &tmp))
                continue;
            if (!tmp.is_request || known_method(tmp.method))
                return s;
            if (first == (size_t)-1)
                first = s;
        }
        if (first != (size_t)-1)
            return first;
        p = next > h ? next : h + 1;
    }
    return (size_t)-1;
}

char *aisid_assertion_from_body(wmem_allocator_t *scope, const char *body, size_t len)
{
    aisid_span_t b = aisid_span_trim(aisid_span(body, len));
    size_t dots = 0, i;

    if (b.ptr == NULL || b.len == 0)
        return NULL;
    if (b.ptr[0] == '{')
        return aisid_json_string_member(scope, b.ptr, b.len, "assertion");
    /* A compact JWS: base64url characters and exactly two dots. */
    for (i = 0; i < b.len; i++) {
        unsigned char c = (unsigned char)b.ptr[i];
        if (c == '.')
            dots++;
        else if (!(g_ascii_isalnum(c) || c == '-' || c == '_'))
            return NULL;
    }
    if (dots != 2)
        return NULL;
    return wmem_strndup(scope, b.ptr, b.len);
}

bool aisid_uri_matches_request(const char *uri, aisid_span_t host, aisid_span_t target)
{
    const char *p, *slash;
    size_t hl;

    if (!uri || !host.ptr || !target.ptr)
        return false;
    p = strstr(uri, "://");
    if (!p)
        return false;
    /* An absolute-form target (a request to a proxy) holds the whole URI. */
    if (target.len > 0 && target.ptr[0] != '/')
        return strlen(uri) == target.len && g_ascii_strncasecmp(uri, target.ptr, target.len) == 0;
    p += 3;
    slash = strchr(p, '/');
    hl = slash ? (size_t)(slash - p) : strlen(p);
    if (hl != host.len || g_ascii_strncasecmp(p, host.ptr, hl) != 0)
        return false;
    p = slash ? slash : "/";
    return strlen(p) == target.len && memcmp(p, target.ptr, target.len) == 0;
}
