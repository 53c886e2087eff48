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
    /* Two unsigned range tests ((c | 0x20) lower-cases a letter). */
    unsigned d = (unsigned)c - '0', l = (unsigned)(c | 0x20) - 'a';
    if (d < 10) return (int)d;
    if (l < 6) return (int)l + 10;
    return -1;
}

static inline unsigned char aisid_lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + ('a' - 'A')) : c;
}

/* The token characters of RFC 3261 section 25.1 as a table (aisid_value.c):
 * the scanners test every byte of every header name against it, so it is
 * inlined here rather than called through aisid_is_token_char(). */
extern const unsigned char aisid_token_table[256];

static inline bool aisid_is_tchar(unsigned char c)
{
    return aisid_token_table[c] != 0;
}

/* s equals the lower-case ASCII string lc (of length n), ignoring case. */
static inline bool aisid_span_ieq_n(aisid_span_t s, const char *lc, size_t n)
{
    if (s.len != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (aisid_lower((unsigned char)s.ptr[i]) != (unsigned char)lc[i])
            return false;
    return true;
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

/* Start lines of SIP (RFC 3261 section 7.1, 7.2) and HTTP/1.x (RFC 9112
 * sections 3, 4) share their shape; these read the common pieces. */

/* Status-Code = 3DIGIT at l[0..3), followed by SP or the end of the line.
 * Returns it, or 0 when l does not hold one. */
static inline unsigned aisid_status_code(const char *l, size_t n)
{
    unsigned code = 0;
    if (n < 3)
        return 0;
    for (size_t k = 0; k < 3; k++) {
        if (!aisid_is_digit((unsigned char)l[k]))
            return 0;
        code = code * 10 + (unsigned)(l[k] - '0');
    }
    if (n > 3 && l[3] != ' ')
        return 0;
    return code;
}

/* "Method SP target SP" at the start of a request line: fills method and
 * target and returns the offset of what follows (the version), or 0. */
static inline size_t aisid_request_prefix(const char *l, size_t n,
                                          aisid_span_t *method, aisid_span_t *target)
{
    size_t m = 0;
    while (m < n && aisid_is_tchar((unsigned char)l[m]))
        m++;
    if (m == 0 || m >= n || l[m] != ' ')
        return 0;
    size_t t = m + 1, te = t;
    while (te < n && l[te] != ' ' && l[te] != '\t')
        te++;
    if (te == t || te >= n || l[te] != ' ')
        return 0;
    *method = aisid_span(l, m);
    *target = aisid_span(l + t, te - t);
    return te + 1;
}

#include <wsutil/jsmn.h>

/* A tokenised JSON text (wsutil's jsmn), walked iteratively (aisid_json.c):
 * no recursion however deep the input nests. */
typedef struct {
    char      *text;   /* NUL-terminated copy */
    size_t     len;
    jsmntok_t *tok;
    int        ntok;
} aisid_vjson_t;

/* Tokenises len bytes that must be exactly one JSON object followed by
 * white space only (token 0 is that object); max_len bounds the input. */
bool aisid_vjson_open(aisid_vjson_t *d, const char *json, size_t len,
                      size_t max_len);
/* The same with explicit token and depth bounds (aisid_bounds.h); on
 * failure *problem (if given) says why. */
bool aisid_vjson_open_bounded(aisid_vjson_t *d, const char *json, size_t len,
                              size_t max_len, int max_tokens, size_t max_depth,
                              aisid_json_problem_t *problem);
/* How many members of object obj are called name. */
int aisid_vjson_member_count(const aisid_vjson_t *d, int obj, const char *name);
void aisid_vjson_close(aisid_vjson_t *d);
/* Index of the token after the subtree rooted at i. */
int aisid_vjson_skip(const aisid_vjson_t *d, int i);
/* Value token of object obj's member name (the last duplicate), or -1. */
int aisid_vjson_member(const aisid_vjson_t *d, int obj, const char *name);
/* The unescaped string of token i, g_malloc'd; NULL if not a string or
 * if it does not unescape. */
char *aisid_vjson_string(const aisid_vjson_t *d, int i);

#endif /* AISID_INTERNAL_H */
