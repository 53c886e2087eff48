/* aisid_dialoghdr.c
 * Parsers of the headers that link SIP dialogs, as the session graph needs
 * them: Replaces (RFC 3891), Refer-To with an embedded Replaces (RFC 3515,
 * RFC 5589) and Session-ID (RFC 7989).
 *
 * They work on header values as the SIP scanner returns them (spans, no
 * CRLF), never read past len and never copy, except the percent-decoded
 * Replaces of a Refer-To URI, which has to exist somewhere as text.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "aisid_session.h"
#include "aisid_internal.h"

/* ----------------------------------------------------------- small helpers */

/* RFC 3261 section 25.1 token characters.  A private copy: the graph's
 * files must not depend on the header-value parser's translation unit. */
static bool is_token(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || aisid_is_digit(c))
        return true;
    return c != '\0' && strchr("-.!%*_+`'~", c) != NULL;
}

static bool span_ieq(const char *p, size_t len, const char *lit)
{
    size_t n = strlen(lit);
    if (len != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (aisid_lower((unsigned char)p[i]) != aisid_lower((unsigned char)lit[i]))
            return false;
    return true;
}

static const char *skip_lws(const char *p, const char *end)
{
    while (p < end && aisid_is_lws((unsigned char)*p))
        p++;
    return p;
}

/* Past a quoted-string that starts at p (on the '"'); returns end when it
 * is unterminated (RFC 3261 25.1: quoted-pair is '\' followed by any
 * character but CR / LF, so a '\' never ends the string). */
static const char *skip_quoted(const char *p, const char *end)
{
    for (p++; p < end; p++) {
        if (*p == '\\') {
            if (p + 1 < end)
                p++;
        } else if (*p == '"') {
            return p + 1;
        }
    }
    return end;
}

/* One ";name[=value]" of a generic-param list (RFC 3261 25.1:
 * SEMI = SWS ";" SWS, EQUAL = SWS "=" SWS, gen-value = token / host /
 * quoted-string).  p points after the previous element.  Returns false at
 * the end of the list; *bad is set when what follows is not a parameter. */
static bool next_param(const char **pp, const char *end, aisid_span_t *name,
                       aisid_span_t *value, bool *bad)
{
    const char *p = skip_lws(*pp, end);
    if (p >= end)
        return false;
    if (*p != ';') {
        *bad = true;
        return false;
    }
    p = skip_lws(p + 1, end);
    const char *n0 = p;
    while (p < end && is_token((unsigned char)*p))
        p++;
    *name = aisid_span(n0, (size_t)(p - n0));
    if (name->len == 0)
        *bad = true;
    value->ptr = NULL;
    value->len = 0;
    const char *q = skip_lws(p, end);
    if (q < end && *q == '=') {
        q = skip_lws(q + 1, end);
        const char *v0 = q;
        if (q < end && *q == '"') {
            q = skip_quoted(q, end);
        } else {
            /* token / host: anything up to the next separator, so that an
             * IPv6 reference or a value with odd characters still ends at
             * the right place. */
            while (q < end && *q != ';' && !aisid_is_lws((unsigned char)*q))
                q++;
        }
        *value = aisid_span(v0, (size_t)(q - v0));
        p = q;
    }
    *pp = p;
    return true;
}

/* ---------------------------------------------------------------- Replaces */

bool aisid_replaces_parse(const char *buf, size_t len, aisid_replaces_t *out)
{
    memset(out, 0, sizeof *out);
    if (buf == NULL)
        return false;
    const char *end = buf + len;
    const char *p = skip_lws(buf, end);

    /* callid = word [ "@" word ] (RFC 3261 25.1): no LWS and no ';'. */
    const char *c0 = p;
    while (p < end && *p != ';' && !aisid_is_lws((unsigned char)*p))
        p++;
    out->call_id = aisid_span(c0, (size_t)(p - c0));

    bool bad = false;
    aisid_span_t name, value;
    while (next_param(&p, end, &name, &value, &bad)) {
        /* Parameter names are case-insensitive (RFC 3261 7.3.1). */
        if (span_ieq(name.ptr, name.len, "to-tag")) {
            if (value.ptr == NULL || value.len == 0)
                bad = true;
            else if (out->to_tag.ptr == NULL)
                out->to_tag = value;
        } else if (span_ieq(name.ptr, name.len, "from-tag")) {
            if (value.ptr == NULL || value.len == 0)
                bad = true;
            else if (out->from_tag.ptr == NULL)
                out->from_tag = value;
        } else if (span_ieq(name.ptr, name.len, "early-only")) {
            out->early_only = true;
        }
    }
    /* RFC 3891 section 6.1 makes both tags mandatory: without them the
     * dialog cannot be identified (RFC 3261 section 12). */
    out->valid = !bad && out->call_id.len > 0 && out->to_tag.ptr != NULL &&
                 out->from_tag.ptr != NULL;
    return out->valid;
}

/* ---------------------------------------------------------------- Refer-To */

/* Percent-decodes (RFC 3986 2.1) into scope; a '%' not followed by two hex
 * digits stays as it is, since a lenient reading shows more of a broken
 * header than a refusal would. */
static char *pct_decode(wmem_allocator_t *scope, const char *p, size_t len,
                        size_t *out_len)
{
    char *d = wmem_alloc(scope, len + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (p[i] == '%' && i + 2 < len &&
            aisid_hex_val((unsigned char)p[i + 1]) >= 0 &&
            aisid_hex_val((unsigned char)p[i + 2]) >= 0) {
            d[n++] = (char)(aisid_hex_val((unsigned char)p[i + 1]) * 16 +
                            aisid_hex_val((unsigned char)p[i + 2]));
            i += 2;
        } else {
            d[n++] = p[i];
        }
    }
    d[n] = '\0';
    *out_len = n;
    return d;
}

/* Splits a URI (RFC 3261 19.1.1 for sip / sips: scheme ":" [userinfo "@"]
 * hostport uri-parameters [headers]) and looks for a Replaces header field
 * in its headers part. */
static void split_uri(wmem_allocator_t *scope, aisid_span_t uri,
                      aisid_refer_to_t *out)
{
    const char *p = uri.ptr, *end = uri.ptr + uri.len;

    /* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) (RFC 3986 3.1) */
    const char *s = p;
    if (p >= end || !g_ascii_isalpha(*p))
        return;
    while (p < end && (g_ascii_isalnum(*p) || *p == '+' || *p == '-' || *p == '.'))
        p++;
    if (p >= end || *p != ':')
        return;
    out->scheme = aisid_span(s, (size_t)(p - s));
    out->valid = true;
    p++;

    bool sip = span_ieq(out->scheme.ptr, out->scheme.len, "sip") ||
               span_ieq(out->scheme.ptr, out->scheme.len, "sips");
    if (!sip) {
        /* tel: and others: the subscriber part up to the parameters is what
         * a target match can use (RFC 3966 3). */
        const char *u0 = p;
        while (p < end && *p != ';' && *p != '?')
            p++;
        if (p > u0)
            out->user = aisid_span(u0, (size_t)(p - u0));
        return;
    }

    /* The only unescaped '@' a SIP URI can hold ends the userinfo: neither
     * uri-parameters nor headers allow it (RFC 3261 25.1), while the user
     * part may contain ';' and '?'. */
    const char *at = memchr(p, '@', (size_t)(end - p));
    if (at != NULL) {
        const char *u = p;
        while (u < at && *u != ':')   /* ":" password */
            u++;
        out->user = aisid_span(p, (size_t)(u - p));
        p = at + 1;
    }

    const char *h0 = p;
    if (p < end && *p == '[') {       /* IPv6reference */
        while (p < end && *p != ']')
            p++;
        if (p < end)
            p++;
    } else {
        while (p < end && *p != ':' && *p != ';' && *p != '?')
            p++;
    }
    out->host = aisid_span(h0, (size_t)(p - h0));

    const char *q = memchr(p, '?', (size_t)(end - p));
    if (q == NULL)
        return;

    /* headers = "?" header *( "&" header ); header = hname "=" hvalue.
     * Header names are case-insensitive (RFC 3261 7.3.1). */
    for (p = q + 1; p < end;) {
        const char *e = memchr(p, '&', (size_t)(end - p));
        if (e == NULL)
            e = end;
        const char *eq = memchr(p, '=', (size_t)(e - p));
        if (eq != NULL && !out->has_replaces &&
            span_ieq(p, (size_t)(eq - p), "Replaces")) {
            out->has_replaces = true;
            out->replaces_raw = aisid_span(eq + 1, (size_t)(e - eq - 1));
            out->replaces_decoded = pct_decode(scope, out->replaces_raw.ptr,
                                               out->replaces_raw.len,
                                               &out->replaces_decoded_len);
            aisid_replaces_parse(out->replaces_decoded,
                                 out->replaces_decoded_len, &out->replaces);
        }
        p = e + 1;
    }
}

bool aisid_refer_to_parse(wmem_allocator_t *scope, const char *buf, size_t len,
                          aisid_refer_to_t *out)
{
    memset(out, 0, sizeof *out);
    if (buf == NULL)
        return false;
    const char *end = buf + len;
    const char *p = skip_lws(buf, end);
    aisid_span_t uri = { NULL, 0 };

    /* name-addr = [ display-name ] LAQUOT addr-spec RAQUOT, display-name =
     * *(token LWS) / quoted-string (RFC 3261 25.1).  A URI with '?' or ';'
     * must be in name-addr form (RFC 3261 20.10), so the embedded Replaces
     * is always inside <>. */
    const char *d = p;
    if (d < end && *d == '"') {
        d = skip_lws(skip_quoted(d, end), end);
    } else {
        while (d < end && (is_token((unsigned char)*d) || aisid_is_lws((unsigned char)*d)))
            d++;
    }
    if (d < end && *d == '<') {
        const char *u0 = d + 1;
        const char *gt = memchr(u0, '>', (size_t)(end - u0));
        if (gt == NULL)
            return false;
        uri = aisid_span(u0, (size_t)(gt - u0));
    } else {
        /* addr-spec: its ';' starts header parameters (RFC 3261 20). */
        const char *u0 = p;
        while (p < end && *p != ';' && !aisid_is_lws((unsigned char)*p))
            p++;
        uri = aisid_span(u0, (size_t)(p - u0));
    }
    out->uri = aisid_span_trim(uri);
    split_uri(scope, out->uri, out);
    return out->valid;
}

/* -------------------------------------------------------------- Session-ID */

/* 32 hex digits into 16 bytes; notes upper-case digits. */
static bool parse_uuid32(aisid_span_t s, uint8_t bytes[16], bool *upper)
{
    if (s.ptr == NULL || s.len != 32)
        return false;
    for (size_t i = 0; i < 16; i++) {
        int hi = aisid_hex_val((unsigned char)s.ptr[2 * i]);
        int lo = aisid_hex_val((unsigned char)s.ptr[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        bytes[i] = (uint8_t)(hi * 16 + lo);
    }
    for (size_t i = 0; i < 32; i++)
        if (s.ptr[i] >= 'A' && s.ptr[i] <= 'F')
            *upper = true;
    return true;
}

static bool all_zero(const uint8_t b[16])
{
    for (int i = 0; i < 16; i++)
        if (b[i] != 0)
            return false;
    return true;
}

bool aisid_session_id_parse(const char *buf, size_t len, aisid_session_id_t *out)
{
    memset(out, 0, sizeof *out);
    out->remote_null = true;
    if (buf == NULL)
        return false;
    const char *end = buf + len;
    const char *p = skip_lws(buf, end);
    const char *l0 = p;
    while (p < end && *p != ';' && !aisid_is_lws((unsigned char)*p))
        p++;
    out->local_text = aisid_span(l0, (size_t)(p - l0));
    bool ok = parse_uuid32(out->local_text, out->local, &out->uppercase);
    out->local_null = ok && all_zero(out->local);

    bool bad = false;
    aisid_span_t name, value;
    while (next_param(&p, end, &name, &value, &bad)) {
        if (!out->has_remote && span_ieq(name.ptr, name.len, "remote")) {
            out->has_remote = true;
            out->remote_text = value;
            if (!parse_uuid32(value, out->remote, &out->uppercase))
                ok = false;
            out->remote_null = all_zero(out->remote);
        }
    }
    out->valid = ok && !bad;
    return out->valid;
}
