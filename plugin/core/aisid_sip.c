/* aisid_sip.c
 * A small scanner for the start line and headers of a SIP message
 * (RFC 3261 sections 7, 7.3 and 25.1), reading only what the AI-Session-ID
 * checks need: dialog identifiers (Call-ID, tags; REQ3, REQ6, REQ7), the
 * headers of call control that must keep the identifier (Replaces, Refer-To,
 * Referred-By; REQ2), Session-ID (RFC 7989, section 2.2 of the draft) and
 * the user and host parts that must not leak into it (REQ9).
 *
 * Every loop moves forward (or, in find_message_start, backward) through
 * the buffer, so the work is linear in its length.  Lines may end in CRLF
 * or a bare LF (RFC 3261 section 7.5 tolerates the latter in practice).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#if defined(AISID_HAVE_MEMRCHR) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE             /* memrchr, a GNU extension */
#endif
#include "aisid_internal.h"

#include <string.h>

/* End of the line that starts at pos (the offset of its '\n', or len), and
 * the length of its content without a trailing CR. */
static size_t line_end(const char *b, size_t pos, size_t len, size_t *content)
{
    const char *nl = pos < len ? memchr(b + pos, '\n', len - pos) : NULL;
    size_t e = nl ? (size_t)(nl - b) : len;
    size_t c = e;
    if (c > pos && b[c - 1] == '\r')
        c--;
    *content = c - pos;
    return e;
}

/* SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT, case-insensitive
 * (RFC 3261 section 7.1 and 25.1).  Returns its length, or 0. */
static size_t sip_version_len(const char *s, size_t len)
{
    if (len < 7 || !aisid_span_ieq_n(aisid_span(s, 4), "sip/", 4))
        return 0;
    size_t i = 4, d = 0;
    while (i < len && aisid_is_digit((unsigned char)s[i])) { i++; d++; }
    if (d == 0 || i >= len || s[i] != '.')
        return 0;
    i++;
    d = 0;
    while (i < len && aisid_is_digit((unsigned char)s[i])) { i++; d++; }
    return d ? i : 0;
}

/* Request-Line = Method SP Request-URI SP SIP-Version CRLF
 * Status-Line  = SIP-Version SP Status-Code SP Reason-Phrase CRLF
 * A header line cannot pass: its name is followed by ':', which is not a
 * token character, and a folded line starts with white space. */
static bool parse_start_line(const char *l, size_t n, aisid_sip_msg_t *out)
{
    size_t v = sip_version_len(l, n);
    if (v > 0 && v < n && l[v] == ' ') {
        size_t i = v + 1;
        unsigned code = aisid_status_code(l + i, n - i);
        if (code < 100)
            return false;
        out->is_request = false;
        out->status_code = code;
        /* Reason-Phrase, RFC 3261 section 7.2: what the sender said. */
        out->reason = i + 4 <= n ? aisid_span(l + i + 4, n - i - 4) : aisid_span(l + n, 0);
        return true;
    }

    aisid_span_t method, ruri;
    size_t vs = aisid_request_prefix(l, n, &method, &ruri);
    if (vs == 0)
        return false;
    size_t vl = sip_version_len(l + vs, n - vs);
    if (vl == 0)
        return false;
    /* Tolerate trailing white space, nothing else. */
    for (size_t k = vs + vl; k < n; k++)
        if (!aisid_is_wsp((unsigned char)l[k]))
            return false;

    out->is_request = true;
    out->method = method;
    out->ruri = ruri;
    return true;
}

/* Position just after a name-addr's '>' or of the first ';' of an
 * addr-spec: where the header parameters start (RFC 3261 section 20.10).
 * Quoted display names may hold '<' and ';'. */
static size_t params_start(aisid_span_t v)
{
    bool in_quote = false;
    for (size_t i = 0; i < v.len; i++) {
        unsigned char c = (unsigned char)v.ptr[i];
        if (in_quote) {
            if (c == '\\' && i + 1 < v.len)
                i++;
            else if (c == '"')
                in_quote = false;
        } else if (c == '"') {
            in_quote = true;
        } else if (c == '<') {
            const char *gt = memchr(v.ptr + i, '>', v.len - i);
            return gt ? (size_t)(gt - v.ptr) + 1 : v.len;
        } else if (c == ';') {
            return i;
        }
    }
    return v.len;
}

/* The tag parameter of From / To (RFC 3261 section 19.3). */
static aisid_span_t find_tag(aisid_span_t v)
{
    aisid_span_t none = { NULL, 0 };
    if (v.ptr == NULL)
        return none;
    size_t i = params_start(v);
    while (i < v.len) {
        if (v.ptr[i] != ';') {
            i++;
            continue;
        }
        i++;
        while (i < v.len && aisid_is_lws((unsigned char)v.ptr[i]))
            i++;
        size_t ns = i;
        while (i < v.len && aisid_is_tchar((unsigned char)v.ptr[i]))
            i++;
        aisid_span_t name = aisid_span(v.ptr + ns, i - ns);
        while (i < v.len && aisid_is_lws((unsigned char)v.ptr[i]))
            i++;
        if (i < v.len && v.ptr[i] == '=') {
            i++;
            while (i < v.len && aisid_is_lws((unsigned char)v.ptr[i]))
                i++;
            size_t vs = i;
            while (i < v.len && aisid_is_tchar((unsigned char)v.ptr[i]))
                i++;
            if (aisid_span_ieq(name, "tag"))
                return aisid_span(v.ptr + vs, i - vs);
            /* Skip a quoted gen-value so its ';' is not taken for ours. */
            if (i < v.len && v.ptr[i] == '"') {
                i++;
                while (i < v.len && v.ptr[i] != '"') {
                    if (v.ptr[i] == '\\')
                        i++;
                    i++;
                }
                if (i < v.len)
                    i++;
            }
        }
    }
    return none;
}

void aisid_sip_uri_parts(aisid_span_t uri, aisid_span_t *user, aisid_span_t *host)
{
    aisid_span_t none = { NULL, 0 };
    aisid_span_t dummy;
    if (user == NULL) user = &dummy;
    if (host == NULL) host = &dummy;
    *user = none;
    *host = none;
    if (uri.ptr == NULL)
        return;

    /* name-addr: [display-name] LAQUOT addr-spec RAQUOT; find the '<'
     * outside a quoted display name. */
    const char *p = uri.ptr, *end = uri.ptr + uri.len;
    bool in_quote = false;
    bool angle = false;
    for (const char *q = p; q < end; q++) {
        if (in_quote) {
            if (*q == '\\' && q + 1 < end)
                q++;
            else if (*q == '"')
                in_quote = false;
        } else if (*q == '"') {
            in_quote = true;
        } else if (*q == '<') {
            p = q + 1;
            const char *gt = memchr(p, '>', (size_t)(end - p));
            if (gt)
                end = gt;
            angle = true;
            break;
        } else if (*q == ';' || *q == ',') {
            break;
        }
    }
    if (!angle) {
        aisid_span_t t = aisid_span_trim(aisid_span(p, (size_t)(end - p)));
        p = t.ptr;
        end = t.ptr + t.len;
    }

    /* Skip the scheme (RFC 3986 section 3.1): sip:, sips:, tel:, ... */
    bool tel = false;
    for (const char *q = p; q < end; q++) {
        if (*q == ':') {
            tel = (q - p == 3) && g_ascii_strncasecmp(p, "tel", 3) == 0;
            p = q + 1;
            break;
        }
        if (!g_ascii_isalnum(*q) && *q != '+' && *q != '-' && *q != '.')
            break;
    }

    if (tel) {
        /* telephone-subscriber (RFC 3966): the number is the "user". */
        const char *q = p;
        while (q < end && *q != ';' && !aisid_is_lws((unsigned char)*q))
            q++;
        *user = aisid_span(p, (size_t)(q - p));
        return;
    }

    /* userinfo "@" hostport; the user may contain ';' (user-unreserved),
     * so look for '@' before cutting at parameters. */
    const char *hs = p;
    const char *at = NULL;
    for (const char *q = p; q < end; q++) {
        if (*q == '@') {
            at = q;
        } else if (*q == '>' || aisid_is_lws((unsigned char)*q) ||
                   (!angle && *q == ',')) {
            break;
        }
        if (at)
            break;
    }
    if (at != NULL) {
        const char *ue = p;
        while (ue < at && *ue != ':')     /* ":password" (deprecated) */
            ue++;
        *user = aisid_span(p, (size_t)(ue - p));
        hs = at + 1;
    }

    const char *he;
    if (hs < end && *hs == '[') {
        /* IPv6reference: "[" IPv6address "]" (RFC 3261 section 25.1) */
        hs++;
        he = hs;
        while (he < end && *he != ']')
            he++;
    } else {
        he = hs;
        while (he < end && *he != ':' && *he != ';' && *he != '?' &&
               *he != '>' && *he != ',' && !aisid_is_lws((unsigned char)*he))
            he++;
    }
    if (he > hs)
        *host = aisid_span(hs, (size_t)(he - hs));
}

typedef enum {
    H_NONE, H_CALL_ID, H_FROM, H_TO, H_CSEQ, H_REPLACES, H_REFER_TO,
    H_REFERRED_BY, H_SESSION_ID, H_CONTENT_LENGTH, H_COUNT
} hdr_t;

/* Header names are case-insensitive; compact forms from RFC 3261 section
 * 20 (i, f, t), RFC 3515 (r) and RFC 3892 (b). */
static hdr_t classify(aisid_span_t name)
{
    /* Most header lines are none of these, and this runs for every header
     * line: the length picks the one or two candidates. */
#define IS(lc) aisid_span_ieq_n(name, lc, sizeof lc - 1)
    switch (name.len) {
    case 1:
        switch (aisid_lower((unsigned char)name.ptr[0])) {
        case 'i': return H_CALL_ID;
        case 'f': return H_FROM;
        case 't': return H_TO;
        case 'r': return H_REFER_TO;
        case 'b': return H_REFERRED_BY;
        case 'l': return H_CONTENT_LENGTH;
        default:  return H_NONE;
        }
    case 2:  return IS("to") ? H_TO : H_NONE;
    case 4:  return IS("from") ? H_FROM : IS("cseq") ? H_CSEQ : H_NONE;
    case 7:  return IS("call-id") ? H_CALL_ID : H_NONE;
    case 8:  return IS("replaces") ? H_REPLACES : IS("refer-to") ? H_REFER_TO : H_NONE;
    case 10: return IS("session-id") ? H_SESSION_ID : H_NONE;
    case 11: return IS("referred-by") ? H_REFERRED_BY : H_NONE;
    case 14: return IS("content-length") ? H_CONTENT_LENGTH : H_NONE;
    default: return H_NONE;
    }
#undef IS
}

/* CSeq = 1*DIGIT LWS Method (RFC 3261 section 20.16). */
static void parse_cseq(aisid_span_t v, aisid_sip_msg_t *out)
{
    size_t i = 0;
    uint64_t n = 0;
    bool overflow = false;
    while (i < v.len && aisid_is_digit((unsigned char)v.ptr[i])) {
        n = n * 10 + (uint64_t)(v.ptr[i] - '0');
        if (n > UINT32_MAX) {          /* RFC 3261: less than 2**31 */
            overflow = true;
            n = 0;
        }
        i++;
    }
    if (overflow || i == 0 || (i < v.len && !aisid_is_lws((unsigned char)v.ptr[i])))
        n = 0;
    out->cseq = (uint32_t)n;
    while (i < v.len && aisid_is_lws((unsigned char)v.ptr[i]))
        i++;
    size_t ms = i;
    while (i < v.len && aisid_is_tchar((unsigned char)v.ptr[i]))
        i++;
    if (i > ms)
        out->cseq_method = aisid_span(v.ptr + ms, i - ms);
}

void aisid_sip_msg_uris(aisid_sip_msg_t *msg)
{
    if (msg->is_request && msg->ruri.ptr != NULL)
        aisid_sip_uri_parts(msg->ruri, &msg->ruri_user, &msg->ruri_host);
    if (msg->from.ptr != NULL)
        aisid_sip_uri_parts(msg->from, &msg->from_user, &msg->from_host);
    if (msg->to.ptr != NULL)
        aisid_sip_uri_parts(msg->to, &msg->to_user, &msg->to_host);
}

bool aisid_sip_scan(const char *buf, size_t len, aisid_sip_msg_t *out)
{
    memset(out, 0, sizeof *out);
    out->headers_end = len;
    if (buf == NULL || len == 0)
        return false;

    /* RFC 3261 section 7.5: CRLFs before the start line are ignored. */
    size_t pos = 0;
    while (pos < len && (buf[pos] == '\r' || buf[pos] == '\n'))
        pos++;

    size_t n;
    size_t e = line_end(buf, pos, len, &n);
    if (!parse_start_line(buf + pos, n, out)) {
        memset(out, 0, sizeof *out);
        out->headers_end = len;
        return false;
    }
    pos = e < len ? e + 1 : len;

    aisid_span_t val[H_COUNT];
    memset(val, 0, sizeof val);
    hdr_t cur = H_NONE;
    const char *cur_start = NULL, *cur_end = NULL;

    for (;;) {
        bool at_end = pos >= len;
        size_t ln = 0;
        if (!at_end)
            e = line_end(buf, pos, len, &ln);

        bool folded = !at_end && ln > 0 && aisid_is_wsp((unsigned char)buf[pos]);
        if (folded) {
            /* LWS continuation (RFC 3261 section 7.3.1) of the current
             * header: its value now ends at the end of this line. */
            if (cur != H_NONE)
                cur_end = buf + pos + ln;
            pos = e < len ? e + 1 : len;
            continue;
        }

        /* The previous header is complete. */
        if (cur != H_NONE && val[cur].ptr == NULL) {
            val[cur] = aisid_span_trim(aisid_span(cur_start,
                                                  (size_t)(cur_end - cur_start)));
        }
        cur = H_NONE;

        if (at_end)
            break;
        if (ln == 0) {                  /* the empty line ends the headers */
            out->headers_end = e < len ? e + 1 : len;
            break;
        }

        /* header = field-name HCOLON field-value; HCOLON = *WSP ":" SWS */
        const char *l = buf + pos;
        size_t k = 0;
        while (k < ln && aisid_is_tchar((unsigned char)l[k]))
            k++;
        aisid_span_t name = aisid_span(l, k);
        while (k < ln && aisid_is_wsp((unsigned char)l[k]))
            k++;
        if (name.len > 0 && k < ln && l[k] == ':') {
            cur = classify(name);
            cur_start = l + k + 1;
            cur_end = l + ln;
        }
        pos = e < len ? e + 1 : len;
    }

    out->call_id = val[H_CALL_ID];
    out->from = val[H_FROM];
    out->to = val[H_TO];
    if (val[H_FROM].ptr)
        out->from_tag = find_tag(val[H_FROM]);
    if (val[H_TO].ptr)
        out->to_tag = find_tag(val[H_TO]);
    if (val[H_CSEQ].ptr)
        parse_cseq(val[H_CSEQ], out);
    out->replaces = val[H_REPLACES];
    out->refer_to = val[H_REFER_TO];
    out->referred_by = val[H_REFERRED_BY];
    out->session_id = val[H_SESSION_ID];
    if (val[H_CONTENT_LENGTH].ptr) {
        /* Content-Length = 1*DIGIT (RFC 3261 section 20.14); anything else
         * leaves the length unknown. */
        aisid_span_t v = val[H_CONTENT_LENGTH];
        size_t cl = 0, i = 0;
        while (i < v.len && aisid_is_digit((unsigned char)v.ptr[i]) && cl < ((size_t)1 << 40)) {
            cl = cl * 10 + (size_t)(v.ptr[i] - '0');
            i++;
        }
        if (i > 0 && i == v.len) {
            out->has_content_length = true;
            out->content_length = cl;
        }
    }
    return true;
}

/* Methods of RFC 3261 and its extensions (RFC 3262, 3265, 3311, 3428,
 * 3515, 3903, 6086).  Used to cut a Method out of bytes that precede it
 * on the same line, where the boundary is otherwise ambiguous. */
static const char *const known_methods[] = {
    "INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "PRACK",
    "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE",
};

/* A start line that ends the line l[0..n) without beginning it: returns its
 * offset in l, or (size_t)-1.  A status line starts at the last "SIP/"
 * that parses as one; a request line ends in SIP-Version, so its
 * Request-URI and Method are found backwards, the Method being the longest
 * known method at the end of the token run before the URI. */
static size_t request_line_in(const char *l, size_t n);

/* A byte that a SIP start line cannot hold: a control character, or a
 * byte above 0x7e (RFC 3261 section 25.1: Method and SIP-Version are
 * tokens, the Request-URI is escaped ASCII).  Lower-layer headers are full
 * of them; a UDP checksum of 0x0a80 puts "\x80" alone before the start
 * line once the '\n' is taken as a line end. */
static bool is_binary_byte(unsigned char c)
{
    return (c < 0x20 && c != '\t') || c >= 0x7f;
}

static bool has_binary_byte(const char *l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is_binary_byte((unsigned char)l[i]))
            return true;
    return false;
}

static size_t start_line_in(const char *l, size_t n)
{
    aisid_sip_msg_t tmp;
    size_t cand = (size_t)-1;

    for (size_t i = n; i-- > 0;) {
        if ((l[i] == 'S' || l[i] == 's') && n - i >= 12 &&
            g_ascii_strncasecmp(l + i, "SIP/", 4) == 0) {
            memset(&tmp, 0, sizeof tmp);
            if (parse_start_line(l + i, n - i, &tmp) && !tmp.is_request)
                cand = i;
            break;   /* only the last one can start a status line */
        }
    }

    if (cand == (size_t)-1)
        cand = request_line_in(l, n);
    if (cand == (size_t)-1 || cand == 0)
        return (size_t)-1;
    /* Only binary bytes (lower-layer headers) may precede a start line on
     * its line; a header such as "Subject: ... SIP/2.0" is text. */
    for (size_t i = 0; i < cand; i++)
        if (is_binary_byte((unsigned char)l[i]))
            return cand;
    return (size_t)-1;
}

/* The Request-Line that ends l[0..n), found backwards: see start_line_in(). */
static size_t request_line_in(const char *l, size_t n)
{
    /* Request-Line: ... Method SP Request-URI SP SIP-Version */
    size_t e = n;
    while (e > 0 && aisid_is_wsp((unsigned char)l[e - 1]))
        e--;
    size_t sp = e;
    while (sp > 0 && l[sp - 1] != ' ')
        sp--;
    if (sp < 2 || sip_version_len(l + sp, e - sp) != e - sp)
        return (size_t)-1;
    size_t u = sp - 1;                  /* the SP before SIP-Version */
    size_t us = u;
    while (us > 0 && l[us - 1] != ' ' && l[us - 1] != '\t')
        us--;
    if (us == u || us < 2 || l[us - 1] != ' ')
        return (size_t)-1;
    size_t me = us - 1, ms = me;        /* the Method ends at me */
    while (ms > 0 && aisid_is_tchar((unsigned char)l[ms - 1]))
        ms--;
    if (ms == me)
        return (size_t)-1;
    for (size_t k = 0; k < G_N_ELEMENTS(known_methods); k++) {
        size_t ml = strlen(known_methods[k]);
        if (ml <= me - ms && memcmp(l + me - ml, known_methods[k], ml) == 0) {
            /* The longest match wins: INVITE over a shorter suffix. */
            size_t best = me - ml;
            for (size_t j = k + 1; j < G_N_ELEMENTS(known_methods); j++) {
                size_t jl = strlen(known_methods[j]);
                if (jl > ml && jl <= me - ms && memcmp(l + me - jl, known_methods[j], jl) == 0) {
                    best = me - jl;
                    ml = jl;
                }
            }
            return best;
        }
    }
    return ms;                          /* an extension method: take the run */
}

/* Offset just after the last '\n' before pos, or 0: where the line that
 * holds pos starts.  memrchr, where the C library has it, reads backwards
 * a word at a time; the walk below does this for every line above a
 * header. */
static size_t line_start(const char *buf, size_t pos)
{
#ifdef AISID_HAVE_MEMRCHR
    const char *nl = pos > 0 ? memrchr(buf, '\n', pos) : NULL;
    return nl ? (size_t)(nl - buf) + 1 : 0;
#else
    while (pos > 0 && buf[pos - 1] != '\n')
        pos--;
    return pos;
#endif
}

/* A header line (field-name *WSP ":") or a folded continuation (leading
 * WSP): neither can be a start line, and they are nearly every line above
 * a header, so they are passed over after reading the name only. */
static bool header_or_fold(const char *l, size_t n)
{
    if (n == 0)
        return false;
    if (aisid_is_wsp((unsigned char)l[0]))
        return true;
    size_t k = 0;
    while (k < n && aisid_is_tchar((unsigned char)l[k]))
        k++;
    if (k == 0)
        return false;
    while (k < n && aisid_is_wsp((unsigned char)l[k]))
        k++;
    return k < n && l[k] == ':';
}

/* The walk of aisid_sip_find_message_start(); quick passes over header
 * lines when quick is set (see there). */
static size_t walk_back(const char *buf, size_t len, size_t inside, bool quick)
{
    /* Start of the line holding inside. */
    size_t ls = line_start(buf, inside);
    size_t n;
    line_end(buf, ls, len, &n);

    /* Walk back one line at a time; each byte is looked at a bounded
     * number of times. */
    for (bool first = true;; first = false) {
        /* An empty line above inside ends an earlier message (or inside
         * was in a body): this message's start line is not before it. */
        if (n == 0 && !first)
            return (size_t)-1;
        if (n > 0 && !(quick && header_or_fold(buf + ls, n))) {
            /* The '\n' before this line may itself be a byte of the lower
             * layers' headers: a UDP checksum 0x0a38 leaves "8INVITE sip:"
             * (a valid token as method), 0x0a09 "\tREFER sip:" (looks
             * folded).  When the line above holds binary bytes, the start
             * line is looked for at the end of the two lines as one, where
             * the known method wins over the longer token run. */
            if (ls > 0) {
                size_t pe = ls - 1, ps = line_start(buf, pe);
                size_t pn = (pe > ps && buf[pe - 1] == '\r') ? pe - 1 - ps : pe - ps;
                if (has_binary_byte(buf + ps, pn)) {
                    size_t in_two = start_line_in(buf + ps, (ls - ps) + n);
                    if (in_two != (size_t)-1 && ps + in_two >= ls && ps + in_two <= inside)
                        return ps + in_two;
                }
            }
            aisid_sip_msg_t tmp;    /* written only on success, never read */
            if (parse_start_line(buf + ls, n, &tmp))
                return ls;
            /* The first message of a frame follows the lower layers' binary
             * headers on the same "line": look for a start line ending it
             * (only on a line with a binary byte: a text line cannot be
             * one). */
            if (has_binary_byte(buf + ls, n)) {
                size_t in_line = start_line_in(buf + ls, n);
                /* Only a start line at or before inside begins its
                 * message (inside may itself lie in those binary bytes). */
                if (in_line != (size_t)-1 && ls + in_line <= inside)
                    return ls + in_line;
            }
        }
        if (ls == 0)
            return (size_t)-1;
        /* Previous line: ls - 1 is its '\n', and it ends there. */
        size_t e = ls - 1, p = line_start(buf, e);
        n = (e > p && buf[e - 1] == '\r') ? e - 1 - p : e - p;
        ls = p;
    }
}

size_t aisid_sip_find_message_start(const char *buf, size_t len, size_t inside)
{
    if (buf == NULL || inside > len)
        return (size_t)-1;
    /* Quick walk first.  A header-looking line is skipped unexamined; only
     * a line whose start lies in the lower layers' binary bytes can be both
     * header-looking and hide a start line, and then the quick walk finds
     * nothing and the full walk below looks at every line. */
    size_t start = walk_back(buf, len, inside, true);
    if (start == (size_t)-1)
        start = walk_back(buf, len, inside, false);
    return start;
}
