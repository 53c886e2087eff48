/* aisid_internal.h
 * Small helpers shared by the core's translation units; not public API.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef AISID_INTERNAL_H
#define AISID_INTERNAL_H

#include "aisid_core.h"

/* LWS of RFC 3261 section 25.1 is [*WSP CRLF] 1*WSP; a header value handed
 * over by SIP may still contain the CRLF of a folded line, so CR and LF
 * count as white space wherever we trim. */
static inline bool aisid_is_lws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static inline bool aisid_is_wsp(unsigned char c)
{
    return c == ' ' || c == '\t';
}

static inline bool aisid_is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static inline int aisid_hex_val(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static inline unsigned char aisid_lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + ('a' - 'A')) : c;
}

static inline aisid_span_t aisid_span(const char *p, size_t len)
{
    aisid_span_t s = { p, len };
    return s;
}

/* Cuts LWS from both ends; an absent span stays absent. */
static inline aisid_span_t aisid_span_trim(aisid_span_t s)
{
    if (s.ptr == NULL)
        return s;
    while (s.len > 0 && aisid_is_lws((unsigned char)s.ptr[0])) {
        s.ptr++;
        s.len--;
    }
    while (s.len > 0 && aisid_is_lws((unsigned char)s.ptr[s.len - 1]))
        s.len--;
    return s;
}

#endif /* AISID_INTERNAL_H */
