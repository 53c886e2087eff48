/* aisid_value.c
 * The AI-Session-ID header value: identifier, parameters and the
 * assertion-ref URI (draft-nser-sip-ai-problem-statement sections 5 and 8,
 * our ABNF in plugin/REFERENCE.md):
 *
 *   AI-Session-ID  = "AI-Session-ID" HCOLON aisid-value *( SEMI aisid-param )
 *   aisid-value    = 1*token-char
 *   aisid-param    = assertion-ref / assertion / generic-param
 *   assertion-ref  = "assertion-ref" EQUAL ( LAQUOT absoluteURI RAQUOT
 *                                           / quoted-string )
 *   assertion      = "assertion" EQUAL jws-compact
 *
 * The parser never fails: it is a dissector's helper and reports each
 * problem so that an expert item can point at it.  It makes one pass over
 * the value; nothing is copied except the NUL-terminated URI handed to GLib.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "aisid_internal.h"

#include <string.h>

bool aisid_span_ieq(aisid_span_t s, const char *str)
{
    if (s.ptr == NULL || str == NULL)
        return false;
    size_t n = strlen(str);
    if (s.len != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (aisid_lower((unsigned char)s.ptr[i]) != aisid_lower((unsigned char)str[i]))
            return false;
    return true;
}

/* RFC 3261 section 25.1:
 *   token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`"
 *              / "'" / "~" )
 * REQ12 asks for an identifier that travels safely in SIP headers; a token
 * is exactly that. */
#define T1(c) [(unsigned char)(c)] = 1
const unsigned char aisid_token_table[256] = {
    T1('-'), T1('.'), T1('!'), T1('%'), T1('*'), T1('_'), T1('+'), T1('`'), T1('\''), T1('~'),
    T1('0'), T1('1'), T1('2'), T1('3'), T1('4'), T1('5'), T1('6'), T1('7'), T1('8'), T1('9'),
    T1('A'), T1('B'), T1('C'), T1('D'), T1('E'), T1('F'), T1('G'), T1('H'), T1('I'), T1('J'),
    T1('K'), T1('L'), T1('M'), T1('N'), T1('O'), T1('P'), T1('Q'), T1('R'), T1('S'), T1('T'),
    T1('U'), T1('V'), T1('W'), T1('X'), T1('Y'), T1('Z'),
    T1('a'), T1('b'), T1('c'), T1('d'), T1('e'), T1('f'), T1('g'), T1('h'), T1('i'), T1('j'),
    T1('k'), T1('l'), T1('m'), T1('n'), T1('o'), T1('p'), T1('q'), T1('r'), T1('s'), T1('t'),
    T1('u'), T1('v'), T1('w'), T1('x'), T1('y'), T1('z'),
};
#undef T1

bool aisid_is_token_char(unsigned char c)
{
    return aisid_is_tchar(c);
}

/* Offset of the first ';' at or after pos that is neither inside a
 * quoted-string (RFC 3261 25.1, with quoted-pair) nor inside <...>, or len.
 * Reports whether a quote or '<' was still open at the end, which makes the
 * segment malformed. */
static size_t segment_end(const char *b, size_t pos, size_t len,
                          bool *open_quote, bool *open_angle)
{
    /* The bytes that change the state outside quotes and angles; most of
     * a value (the identifier, a URI) is none of them. */
    static const bool special[256] = { ['"'] = true, ['<'] = true, [';'] = true };
    bool in_quote = false, in_angle = false;

    for (; pos < len; pos++) {
        unsigned char c = (unsigned char)b[pos];
        if (!in_quote && !in_angle) {
            while (!special[c] && ++pos < len)
                c = (unsigned char)b[pos];
            if (pos == len)
                break;
        }
        if (in_quote) {
            if (c == '\\' && pos + 1 < len)
                pos++;                  /* quoted-pair: skip the next char */
            else if (c == '"')
                in_quote = false;
        } else if (in_angle) {
            /* Inside <absoluteURI> quotes are not special (RFC 3986 has
             * none unescaped); only '>' ends it. */
            const char *gt = memchr(b + pos, '>', len - pos);
            if (gt == NULL) {
                pos = len;
                break;
            }
            pos = (size_t)(gt - b);
            in_angle = false;
        } else if (c == '"') {
            in_quote = true;
        } else if (c == '<') {
            in_angle = true;
        } else if (c == ';') {
            break;
        }
    }
    *open_quote = in_quote;
    *open_angle = in_angle;
    return pos;
}

/* RFC 3986 section 3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
 * We read it ourselves rather than with g_uri_peek_scheme(), which interns
 * every scheme it sees: attacker-chosen strings would pile up forever. */
static size_t scheme_len(const char *s, size_t len)
{
    if (len == 0 || !g_ascii_isalpha(s[0]))
        return 0;
    for (size_t i = 1; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ':')
            return i;
        if (!g_ascii_isalnum(c) && c != '+' && c != '-' && c != '.')
            return 0;
    }
    return 0;
}

/* Classifies the URI of assertion-ref.  Section 8 of the draft wants the
 * assertion to be trustworthy across trust boundaries; fetching it over
 * anything but https would defeat that, hence INSECURE. */
static aisid_ref_status_t check_uri(aisid_span_t uri, const char **why)
{
    if (uri.len == 0) {
        *why = "empty URI";
        return AISID_REF_MALFORMED;
    }
    if (memchr(uri.ptr, '\0', uri.len) != NULL) {
        *why = "NUL byte in URI";
        return AISID_REF_MALFORMED;
    }
    size_t slen = scheme_len(uri.ptr, uri.len);
    if (slen == 0) {
        *why = "not an absolute URI: no scheme";
        return AISID_REF_MALFORMED;
    }

    /* GLib wants a NUL-terminated string; our buffer is not. */
    char *copy = g_strndup(uri.ptr, uri.len);
    GError *err = NULL;
    GUri *parsed = g_uri_parse(copy, G_URI_FLAGS_NONE, &err);
    g_free(copy);
    if (parsed == NULL) {
        g_clear_error(&err);
        *why = "not a valid absolute URI";
        return AISID_REF_MALFORMED;
    }
    g_uri_unref(parsed);

    if (slen == 5 && g_ascii_strncasecmp(uri.ptr, "https", 5) == 0)
        return AISID_REF_OK;
    *why = "scheme is not https";
    return AISID_REF_INSECURE;
}

/* assertion-ref = "assertion-ref" EQUAL ( LAQUOT absoluteURI RAQUOT
 *                                        / quoted-string ) */
static void parse_ref(const aisid_param_t *p, aisid_header_t *out)
{
    aisid_span_t v = p->value;

    out->ref_error = NULL;
    if (!aisid_span_present(v)) {
        out->ref_status = AISID_REF_MALFORMED;
        out->ref_error = "no value";
        return;
    }
    if (v.len == 0) {
        out->ref_status = AISID_REF_MALFORMED;
        out->ref_error = "empty value";
        return;
    }

    if (v.ptr[0] == '<') {
        const char *gt = memchr(v.ptr + 1, '>', v.len - 1);
        if (gt == NULL) {
            out->ref_uri = aisid_span(v.ptr + 1, v.len - 1);
            out->ref_status = AISID_REF_MALFORMED;
            out->ref_error = "missing closing '>'";
            return;
        }
        out->ref_uri = aisid_span(v.ptr + 1, (size_t)(gt - v.ptr) - 1);
        if (gt != v.ptr + v.len - 1) {
            out->ref_status = AISID_REF_MALFORMED;
            out->ref_error = "text after '>'";
            return;
        }
    } else if (v.ptr[0] == '"') {
        size_t i = 1;
        bool closed = false;
        for (; i < v.len; i++) {
            if (v.ptr[i] == '\\' && i + 1 < v.len) {
                i++;
            } else if (v.ptr[i] == '"') {
                closed = true;
                break;
            }
        }
        out->ref_uri = aisid_span(v.ptr + 1, i - 1);
        if (!closed) {
            out->ref_status = AISID_REF_MALFORMED;
            out->ref_error = "missing closing quote";
            return;
        }
        if (i != v.len - 1) {
            out->ref_status = AISID_REF_MALFORMED;
            out->ref_error = "text after closing quote";
            return;
        }
    } else {
        out->ref_uri = v;
        out->ref_status = AISID_REF_MALFORMED;
        out->ref_error = "URI not enclosed in <> or quotes";
        return;
    }

    const char *why = NULL;
    out->ref_status = check_uri(out->ref_uri, &why);
    out->ref_error = out->ref_status == AISID_REF_OK ? NULL : why;
}

/* One generic-param (RFC 3261 25.1): token [ EQUAL gen-value ].  seg is the
 * text between two ';' (or the end). */
static void parse_param(aisid_span_t seg, bool open, aisid_param_t *p)
{
    memset(p, 0, sizeof *p);
    p->whole = aisid_span_trim(seg);
    p->malformed = open;

    const char *eq = p->whole.len ? memchr(p->whole.ptr, '=', p->whole.len) : NULL;
    if (eq != NULL) {
        size_t nlen = (size_t)(eq - p->whole.ptr);
        p->name = aisid_span_trim(aisid_span(p->whole.ptr, nlen));
        p->value = aisid_span_trim(aisid_span(eq + 1, p->whole.len - nlen - 1));
    } else {
        /* A flag parameter: no value at all, not an empty one. */
        p->name = p->whole;
    }

    if (open)
        p->why = "unterminated quoted string or '<'";
    if (p->name.len == 0) {
        p->malformed = true;
        if (p->why == NULL)
            p->why = "no parameter name";
    }
    for (size_t i = 0; i < p->name.len; i++) {
        if (!aisid_is_tchar((unsigned char)p->name.ptr[i])) {
            p->malformed = true;
            if (p->why == NULL) {
                p->why = "a character outside the RFC 3261 token in its name";
                p->bad_off = (size_t)(p->name.ptr - p->whole.ptr) + i;
                p->bad_byte = true;
            }
            break;
        }
    }
    /* RFC 3261 25.1: gen-value = token / host / quoted-string; none holds
     * a control character, and only a quoted-string holds non-ASCII
     * (UTF8-NONASCII).  A NUL or a raw 0xff is where parsers differ. */
    if (p->why == NULL && aisid_span_present(p->value)) {
        bool in_quote = false;
        for (size_t i = 0; i < p->value.len; i++) {
            unsigned char c = (unsigned char)p->value.ptr[i];
            if (c == '"')
                in_quote = !in_quote;
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && !in_quote)) {
                p->malformed = true;
                p->why = c >= 0x80 ? "a non-ASCII byte outside a quoted string in its value"
                                   : "a control character in its value";
                p->bad_off = (size_t)(p->value.ptr - p->whole.ptr) + i;
                p->bad_byte = true;
                break;
            }
        }
    }

    /* Parameter names are case-insensitive (RFC 3261 section 7.3.1). */
    if (aisid_span_ieq(p->name, "assertion-ref"))
        p->kind = AISID_PARAM_ASSERTION_REF;
    else if (aisid_span_ieq(p->name, "assertion"))
        p->kind = AISID_PARAM_ASSERTION;
    else
        p->kind = AISID_PARAM_GENERIC;
}

static void check_id(aisid_header_t *out)
{
    aisid_span_t id = out->id;

    if (id.len == 0) {
        /* Nothing to judge further: NOT_UUID would only repeat EMPTY. */
        out->id_flags |= AISID_ID_EMPTY;
        return;
    }
    for (size_t i = 0; i < id.len; i++) {
        if (!aisid_is_tchar((unsigned char)id.ptr[i])) {
            out->id_flags |= AISID_ID_INVALID_CHARS;
            out->bad_char_off = i;
            break;
        }
    }
    if (id.len > AISID_ID_MAX_LEN)
        out->id_flags |= AISID_ID_TOO_LONG;
    /* REQ13: globally unique in time and space; a UUID is the usual way,
     * the nil and max UUIDs are the opposite of unique. */
    aisid_uuid_parse(id.ptr, id.len, &out->uuid);
    if (out->uuid.kind != AISID_UUID_VALID)
        out->id_flags |= AISID_ID_NOT_UUID;
}

void aisid_header_parse(const char *buf, size_t len, aisid_header_t *out)
{
    memset(out, 0, sizeof *out);
    out->ref_index = -1;
    out->assertion_index = -1;

    if (buf == NULL)
        len = 0;
    /* SIP normally skips the leading LWS; do it again to be safe. */
    out->value = aisid_span_trim(aisid_span(buf ? buf : "", len));
    const char *b = out->value.ptr;
    size_t n = out->value.len;
    /* aisid_bounds.h: parse no more than the bound; a parameter (or the
     * identifier) that crosses it is marked cut. */
    if (n > AISID_MAX_VALUE_LEN) {
        n = AISID_MAX_VALUE_LEN;
        out->value_cut = true;
    }
    out->parsed_len = n;

    bool oq, oa;
    size_t end = segment_end(b, 0, n, &oq, &oa);
    out->id = aisid_span_trim(aisid_span(b, end));
    check_id(out);

    size_t pos = end;
    while (pos < n) {              /* b[pos] == ';' here */
        size_t start = pos + 1;
        end = segment_end(b, start, n, &oq, &oa);
        aisid_span_t seg = aisid_span(b + start, end - start);
        pos = end;
        out->n_params_total++;

        if (out->n_params == AISID_MAX_PARAMS) {
            /* Count the rest (the value bound caps the work), parse none. */
            if (!out->params_truncated)
                out->params_rest_off = start;
            out->params_truncated = true;
            continue;
        }
        aisid_param_t *p = &out->params[out->n_params];
        bool cut = out->value_cut && end == n;
        parse_param(seg, (oq || oa) && !cut, p);
        if (cut) {
            /* Its end lies beyond the bound: show it, interpret nothing. */
            p->cut = true;
            p->kind = AISID_PARAM_GENERIC;
            out->n_params++;
            continue;
        }

        if (p->kind == AISID_PARAM_ASSERTION_REF && out->ref_index < 0) {
            out->ref_index = (int)out->n_params;
            parse_ref(p, out);
        } else if (p->kind == AISID_PARAM_ASSERTION && out->assertion_index < 0) {
            out->assertion_index = (int)out->n_params;
        }
        out->n_params++;
    }
}
