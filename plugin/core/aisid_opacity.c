/* aisid_opacity.c
 * REQ9 of the draft: the identifier MUST be opaque and MUST NOT encode
 * user, device or domain identity, the Call-ID, tags, IP addresses or other
 * signaling metadata.  We can only catch the obvious cases: the message's
 * own Call-ID, tags, user and host parts appearing verbatim (ignoring case)
 * in the identifier, and IP literals in it.
 *
 * Substring search is Knuth-Morris-Pratt so that a long identifier and a
 * long Call-ID cost O(n + m), not O(n * m).  It runs only for a piece all
 * of whose characters occur in the identifier: an opaque identifier (a
 * UUID has 17 distinct characters) rules most pieces out at their first
 * few characters, which matters because this runs for every header.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "aisid_internal.h"

#include <string.h>

/* Case-insensitive search of needle in hay; returns the offset or -1. */
static ptrdiff_t find_ci(aisid_span_t hay, aisid_span_t needle)
{
    size_t m = needle.len, n = hay.len;
    if (m == 0 || m > n)
        return -1;

    size_t stack_fail[128];
    size_t *fail = m <= G_N_ELEMENTS(stack_fail) ? stack_fail : g_new(size_t, m);
    const unsigned char *pat = (const unsigned char *)needle.ptr;
    const unsigned char *txt = (const unsigned char *)hay.ptr;

    fail[0] = 0;
    for (size_t i = 1, k = 0; i < m; i++) {
        while (k > 0 && aisid_lower(pat[i]) != aisid_lower(pat[k]))
            k = fail[k - 1];
        if (aisid_lower(pat[i]) == aisid_lower(pat[k]))
            k++;
        fail[i] = k;
    }

    ptrdiff_t found = -1;
    for (size_t i = 0, k = 0; i < n; i++) {
        while (k > 0 && aisid_lower(txt[i]) != aisid_lower(pat[k]))
            k = fail[k - 1];
        if (aisid_lower(txt[i]) == aisid_lower(pat[k]))
            k++;
        if (k == m) {
            found = (ptrdiff_t)(i + 1 - m);
            break;
        }
    }
    if (fail != stack_fail)
        g_free(fail);
    return found;
}

/* The set of the identifier's bytes, both cases of a letter: one table
 * load per byte looked at (the loops below run over every URI-carrying
 * header of every message). */
typedef struct {
    uint8_t in[256];
} charset_t;

static void charset_of(aisid_span_t id, charset_t *set)
{
    memset(set, 0, sizeof *set);
    for (size_t i = 0; i < id.len; i++) {
        unsigned char c = aisid_lower((unsigned char)id.ptr[i]);
        set->in[c] = 1;
        if (c >= 'a' && c <= 'z')
            set->in[c - ('a' - 'A')] = 1;
    }
}

static bool all_in(const charset_t *set, aisid_span_t piece)
{
    for (size_t i = 0; i < piece.len; i++) {
        if (!set->in[(unsigned char)piece.ptr[i]])
            return false;
    }
    return true;
}

static bool check_piece(aisid_span_t id, const charset_t *set, aisid_span_t piece,
                        aisid_piece_t kind, aisid_opacity_hit_t *hit)
{
    piece = aisid_span_trim(piece);
    if (piece.ptr == NULL || piece.len < AISID_OPACITY_MIN_PIECE || piece.len > id.len ||
        !all_in(set, piece))
        return false;
    ptrdiff_t off = find_ci(id, piece);
    if (off < 0)
        return false;
    hit->piece = kind;
    hit->text = aisid_span(id.ptr + off, piece.len);
    return true;
}

/* Can a piece of this header value (its URI's user or host, a substring
 * of it) pass check_piece()?  Only if the value holds
 * AISID_OPACITY_MIN_PIECE consecutive bytes of the identifier's set.
 * Cheaper than parsing the URI, which it spares nearly every message. */
static bool may_hold_piece(const charset_t *set, aisid_span_t raw)
{
    size_t run = 0;
    for (size_t i = 0; i < raw.len; i++) {
        run = set->in[(unsigned char)raw.ptr[i]] ? run + 1 : 0;
        if (run >= AISID_OPACITY_MIN_PIECE)
            return true;
    }
    return false;
}

/* The user and the host of one URI-carrying header value. */
static bool check_uri(aisid_span_t id, const charset_t *set, aisid_span_t raw,
                      aisid_piece_t user_kind, aisid_piece_t host_kind,
                      aisid_opacity_hit_t *hit)
{
    aisid_span_t user, host;
    if (raw.ptr == NULL || !may_hold_piece(set, raw))
        return false;
    aisid_sip_uri_parts(raw, &user, &host);
    return check_piece(id, set, user, user_kind, hit) ||
           check_piece(id, set, host, host_kind, hit);
}

/* dec-octet "." dec-octet "." dec-octet "." dec-octet (RFC 3986 3.2.2,
 * leading zeros tolerated), starting at i; returns its length or 0. */
static size_t ipv4_at(const char *s, size_t n, size_t i)
{
    size_t start = i;
    for (int part = 0; part < 4; part++) {
        if (part > 0) {
            if (i >= n || s[i] != '.')
                return 0;
            i++;
        }
        size_t d = 0;
        unsigned v = 0;
        while (i < n && d < 3 && aisid_is_digit((unsigned char)s[i])) {
            v = v * 10 + (unsigned)(s[i] - '0');
            i++;
            d++;
        }
        if (d == 0 || v > 255)
            return 0;
    }
    /* Not part of a longer number or dotted sequence. */
    if (i < n && aisid_is_digit((unsigned char)s[i]))
        return 0;
    if (i + 1 < n && s[i] == '.' && aisid_is_digit((unsigned char)s[i + 1]))
        return 0;
    return i - start;
}

static bool find_ipv4(aisid_span_t id, aisid_opacity_hit_t *hit)
{
    for (size_t i = 0; i < id.len; i++) {
        if (!aisid_is_digit((unsigned char)id.ptr[i]))
            continue;
        if (i > 0 && (aisid_is_digit((unsigned char)id.ptr[i - 1]) || id.ptr[i - 1] == '.'))
            continue;
        size_t l = ipv4_at(id.ptr, id.len, i);
        if (l > 0) {
            hit->piece = AISID_PIECE_IPV4;
            hit->text = aisid_span(id.ptr + i, l);
            return true;
        }
    }
    return false;
}

/* IPv6address of RFC 3986 section 3.2.2 / RFC 4291 section 2.2: eight
 * groups of 1-4 hex digits, one "::" standing for one or more zero groups,
 * and optionally a dotted IPv4 address as the last 32 bits. */
static bool is_ipv6(const char *s, size_t n)
{
    size_t i = 0;
    unsigned groups = 0;
    bool dcolon = false;

    if (n < 2)
        return false;
    if (s[0] == ':') {
        if (s[1] != ':')
            return false;
        dcolon = true;
        i = 2;
        if (i == n)
            return true;            /* "::" */
    }
    for (;;) {
        size_t gs = i, d = 0;
        while (i < n && d < 5 && aisid_hex_val((unsigned char)s[i]) >= 0) {
            i++;
            d++;
        }
        if (i < n && s[i] == '.') {
            /* Trailing IPv4 part, worth two groups. */
            if (groups > 6 || ipv4_at(s, n, gs) != n - gs)
                return false;
            groups += 2;
            break;
        }
        if (d == 0 || d > 4)
            return false;
        groups++;
        if (i == n)
            break;
        if (s[i] != ':')
            return false;
        i++;
        if (i < n && s[i] == ':') {
            if (dcolon)
                return false;
            dcolon = true;
            i++;
            if (i == n)
                break;
        } else if (i == n) {
            return false;           /* a single trailing ':' */
        }
        if (groups > 8)
            return false;
    }
    return dcolon ? groups < 8 : groups == 8;
}

static bool is_v6_char(unsigned char c)
{
    return aisid_hex_val(c) >= 0 || c == ':' || c == '.';
}

static bool find_ipv6(aisid_span_t id, aisid_opacity_hit_t *hit)
{
    size_t i = 0;
    while (i < id.len) {
        if (!is_v6_char((unsigned char)id.ptr[i])) {
            i++;
            continue;
        }
        size_t s = i, colons = 0;
        while (i < id.len && is_v6_char((unsigned char)id.ptr[i])) {
            if (id.ptr[i] == ':')
                colons++;
            i++;
        }
        /* A run of address characters; trim a '.' that ends a sentence. */
        size_t e = i;
        while (e > s && id.ptr[e - 1] == '.')
            e--;
        if (colons >= 2 && e - s <= 45 && is_ipv6(id.ptr + s, e - s)) {
            hit->piece = AISID_PIECE_IPV6;
            hit->text = aisid_span(id.ptr + s, e - s);
            return true;
        }
    }
    return false;
}

bool aisid_opacity_check(aisid_span_t id, const aisid_sip_msg_t *msg,
                         aisid_opacity_hit_t *hit)
{
    aisid_opacity_hit_t dummy;
    if (hit == NULL)
        hit = &dummy;
    memset(hit, 0, sizeof *hit);
    if (id.ptr == NULL || id.len == 0)
        return false;

    charset_t set;
    if (msg != NULL) {
        charset_of(id, &set);
        if (check_piece(id, &set, msg->call_id, AISID_PIECE_CALL_ID, hit))
            return true;
        /* Call-IDs are often local@host (RFC 3261 section 8.1.1.4); the
         * local part alone is just as identifying. */
        if (msg->call_id.ptr != NULL) {
            const char *at = memchr(msg->call_id.ptr, '@', msg->call_id.len);
            if (at != NULL &&
                check_piece(id, &set, aisid_span(msg->call_id.ptr,
                                           (size_t)(at - msg->call_id.ptr)),
                            AISID_PIECE_CALL_ID, hit))
                return true;
        }
        if (check_piece(id, &set, msg->from_tag, AISID_PIECE_FROM_TAG, hit) ||
            check_piece(id, &set, msg->to_tag, AISID_PIECE_TO_TAG, hit))
            return true;
    }

    /* An IPv4 literal needs a '.', an IPv6 literal a ':' (a UUID has
     * neither): skip the scans when the identifier lacks them. */
    if (memchr(id.ptr, '.', id.len) != NULL && find_ipv4(id, hit))
        return true;
    if (memchr(id.ptr, ':', id.len) != NULL && find_ipv6(id, hit))
        return true;

    /* The user and host parts (aisid_sip_msg_uris() order), each URI
     * parsed only when it may hold a piece. */
    if (msg != NULL &&
        (check_uri(id, &set, msg->from, AISID_PIECE_FROM_USER, AISID_PIECE_FROM_HOST, hit) ||
         check_uri(id, &set, msg->to, AISID_PIECE_TO_USER, AISID_PIECE_TO_HOST, hit) ||
         check_uri(id, &set, msg->ruri, AISID_PIECE_RURI_USER, AISID_PIECE_RURI_HOST, hit)))
        return true;
    memset(hit, 0, sizeof *hit);
    return false;
}

const char *aisid_piece_str(aisid_piece_t piece)
{
    switch (piece) {
    case AISID_PIECE_NONE:      return "nothing";
    case AISID_PIECE_CALL_ID:   return "Call-ID";
    case AISID_PIECE_FROM_TAG:  return "From tag";
    case AISID_PIECE_TO_TAG:    return "To tag";
    case AISID_PIECE_IPV4:      return "IPv4 address";
    case AISID_PIECE_IPV6:      return "IPv6 address";
    case AISID_PIECE_FROM_USER: return "From user";
    case AISID_PIECE_FROM_HOST: return "From host";
    case AISID_PIECE_TO_USER:   return "To user";
    case AISID_PIECE_TO_HOST:   return "To host";
    case AISID_PIECE_RURI_USER: return "Request-URI user";
    case AISID_PIECE_RURI_HOST: return "Request-URI host";
    }
    return "unknown";
}
