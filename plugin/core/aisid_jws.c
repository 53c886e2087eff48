/* aisid_jws.c
 * Compact JWS (RFC 7515 section 7.1): three base64url parts separated by
 * '.', a JSON protected header and, here, a JSON claims set (RFC 7519).
 * Section 8 of the draft suggests carrying such a signed assertion with
 * the AI-Session-ID when a trust boundary is crossed; we only decode and
 * show it, verifying the signature needs keys a dissector does not have.
 *
 * JSON is tokenised by wsutil's jsmn (json_parse) and strings are unescaped
 * by json_decode_string_inplace().  We do not use json_get_string() and
 * friends: they step over members with a recursive helper, so a deeply
 * nested value in an attacker's assertion would recurse as deep; the
 * member walk below is iterative instead, using the token offsets.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "aisid_internal.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <wsutil/wsjson.h>

/* The JSON walk is shared with the JWK Set parser (aisid_json.c); a header
 * or claims set is a few hundred bytes, the bounds are in aisid_bounds.h. */
typedef aisid_vjson_t json_doc_t;

static bool json_open_p(const char *json, size_t len, json_doc_t *d,
                        aisid_json_problem_t *problem)
{
    return aisid_vjson_open_bounded(d, json, len, AISID_MAX_JSON_LEN,
                                    AISID_MAX_JSON_TOKENS, AISID_MAX_JSON_DEPTH, problem);
}

static bool json_open(const char *json, size_t len, json_doc_t *d)
{
    return json_open_p(json, len, d, NULL);
}

static void json_close(json_doc_t *d)
{
    aisid_vjson_close(d);
}

static int json_skip(const json_doc_t *d, int i)
{
    return aisid_vjson_skip(d, i);
}

/* Value token of the root object's member called name, or -1; the last
 * duplicate wins, as RFC 7515 section 4 allows ("lexically last"). */
static int json_member(const json_doc_t *d, const char *name)
{
    return aisid_vjson_member(d, 0, name);
}

/* The unescaped text of a string token, in scope; NULL if not a string. */
static char *json_tok_string(wmem_allocator_t *scope, const json_doc_t *d, int i)
{
    char *s = aisid_vjson_string(d, i);
    char *r = s ? wmem_strdup(scope, s) : NULL;
    g_free(s);
    return r;
}

/* A member read for display and checks: its string, made valid UTF-8 for
 * the tree, and noted in out when other parsers may read it otherwise
 * (a duplicate name, an escaped NUL that cuts the C string, bytes that
 * are not UTF-8, RFC 8259 section 8.1). */
static char *member_string(wmem_allocator_t *scope, const json_doc_t *d, const char *name,
                           aisid_jws_t *out, bool claims)
{
    if (out->dup_member == NULL && aisid_vjson_member_count(d, 0, name) > 1) {
        out->dup_member = name;
        out->dup_in_claims = claims;
    }
    int i = json_member(d, name);
    char *s = aisid_vjson_string(d, i);
    if (s == NULL) {
        /* A string whose escapes do not decode (wsutil refuses \u0000 and
         * unpaired surrogates): other parsers may accept it. */
        if (i >= 0 && d->tok[i].type == JSMN_STRING && out->odd_member == NULL) {
            out->odd_member = name;
            out->odd_in_claims = claims;
            out->odd_why = "an escape that decodes to no character (\\u0000, or an unpaired "
                           "surrogate) and is not read here";
        }
        return NULL;
    }
    const char *why = NULL;
    const char *raw = d->text + d->tok[i].start;
    size_t rawlen = (size_t)(d->tok[i].end - d->tok[i].start);
    if (g_strstr_len(raw, (gssize)rawlen, "\\u0000") != NULL)
        why = "an escaped NUL (\\u0000) that ends the string here";
    char *r;
    if (!g_utf8_validate(s, -1, NULL)) {
        if (why == NULL)
            why = "bytes that are not UTF-8 (RFC 8259 section 8.1)";
        char *valid = g_utf8_make_valid(s, -1);
        r = wmem_strdup(scope, valid);
        g_free(valid);
    } else {
        r = wmem_strdup(scope, s);
    }
    g_free(s);
    if (why != NULL && out->odd_member == NULL) {
        out->odd_member = name;
        out->odd_in_claims = claims;
        out->odd_why = why;
    }
    return r;
}

/* A NumericDate (RFC 7519 section 2): a JSON number of seconds, possibly
 * with a fraction, which we drop.  Returns NULL when it is one (in *val),
 * or why not. */
static const char *json_tok_date(const json_doc_t *d, int i, int64_t *val)
{
    if (d->tok[i].type == JSMN_STRING)
        return "a string, not a number";
    if (d->tok[i].type != JSMN_PRIMITIVE)
        return "not a number";
    const char *p = d->text + d->tok[i].start;
    size_t n = (size_t)(d->tok[i].end - d->tok[i].start);
    if (n == 0 || !(p[0] == '-' || aisid_is_digit((unsigned char)p[0])))
        return "not a number";
    /* RFC 8259 section 6: -? int frac? exp?, int without leading zeros;
     * jsmn checks nothing inside a primitive, and g_ascii_strtod() would
     * take hex, "inf" or "nan". */
    size_t k = 0;
    if (p[k] == '-')
        k++;
    if (k < n && p[k] == '0' && k + 1 < n && aisid_is_digit((unsigned char)p[k + 1]))
        return "not a JSON number (leading zero)";
    size_t digits = 0;
    while (k < n && aisid_is_digit((unsigned char)p[k])) { k++; digits++; }
    if (digits == 0)
        return "not a JSON number";
    if (k < n && p[k] == '.') {
        k++;
        digits = 0;
        while (k < n && aisid_is_digit((unsigned char)p[k])) { k++; digits++; }
        if (digits == 0)
            return "not a JSON number";
    }
    if (k < n && (p[k] == 'e' || p[k] == 'E')) {
        k++;
        if (k < n && (p[k] == '+' || p[k] == '-'))
            k++;
        digits = 0;
        while (k < n && aisid_is_digit((unsigned char)p[k])) { k++; digits++; }
        if (digits == 0)
            return "not a JSON number";
    }
    if (k != n)
        return "not a JSON number";
    if (n > 63)
        return "out of range (more than 63 characters)";
    char tmp[64];
    memcpy(tmp, p, n);
    tmp[n] = '\0';
    char *end = NULL;
    errno = 0;
    double v = g_ascii_strtod(tmp, &end);
    /* Seconds that fit a 64-bit time_t with room to spare; beyond that no
     * date is meant (2^63 and 2^64 are the usual overflow probes). */
    if (errno != 0 || end != tmp + n || !isfinite(v) ||
        v >= 9.2e18 || v <= -9.2e18)
        return "out of range for a date";
    *val = (int64_t)v;
    return NULL;
}

/* Reads date claim name into *val; notes a present but unusable one. */
static bool claim_date(wmem_allocator_t *scope, const json_doc_t *d, const char *name,
                       unsigned which, aisid_jws_t *out, int64_t *val)
{
    if (out->dup_member == NULL && aisid_vjson_member_count(d, 0, name) > 1) {
        out->dup_member = name;
        out->dup_in_claims = true;
    }
    int i = json_member(d, name);
    if (i < 0)
        return false;
    const char *why = json_tok_date(d, i, val);
    if (why == NULL)
        return true;
    /* jsmn's string tokens exclude the quotes: show them */
    bool str = d->tok[i].type == JSMN_STRING;
    size_t start = (size_t)d->tok[i].start - (str ? 1 : 0);
    size_t n = (size_t)(d->tok[i].end - d->tok[i].start) + (str ? 2 : 0);
    out->date_problem[which] = why;
    out->date_text[which] = wmem_strndup(scope, d->text + start, n > 48 ? 48 : n);
    return false;
}

/* "aud" is a string or an array of strings (RFC 7519 section 4.1.3). */
static char *json_tok_aud(wmem_allocator_t *scope, const json_doc_t *d, int i)
{
    if (i < 0)
        return NULL;
    if (d->tok[i].type == JSMN_STRING)
        return json_tok_string(scope, d, i);
    if (d->tok[i].type != JSMN_ARRAY)
        return NULL;

    GString *joined = g_string_new(NULL);
    bool any = false;
    int j = i + 1;
    while (j < d->ntok && d->tok[j].start < d->tok[i].end) {
        char *s = json_tok_string(NULL, d, j);
        if (s != NULL) {
            if (any)
                g_string_append(joined, ", ");
            g_string_append(joined, s);
            any = true;
            g_free(s);
        }
        j = json_skip(d, j);
    }
    char *r = wmem_strdup(scope, joined->str);
    g_string_free(joined, TRUE);
    return r;
}

static bool decode_header(wmem_allocator_t *scope, aisid_jws_t *out)
{
    json_doc_t d;
    if (!json_open_p(out->header_json, out->header_len, &d, &out->header_problem))
        return false;
    out->alg = member_string(scope, &d, "alg", out, false);
    int a = json_member(&d, "alg");
    out->alg_not_string = out->alg == NULL && a >= 0 && d.tok[a].type != JSMN_STRING;
    out->kid = member_string(scope, &d, "kid", out, false);
    out->typ = member_string(scope, &d, "typ", out, false);
    if (out->dup_member == NULL && aisid_vjson_member_count(&d, 0, "crit") > 1)
        out->dup_member = "crit";
    json_close(&d);
    return true;
}

static bool decode_payload(wmem_allocator_t *scope, aisid_jws_t *out)
{
    json_doc_t d;
    if (!json_open_p(out->payload_json, out->payload_len, &d, &out->payload_problem))
        return false;
    out->iss = member_string(scope, &d, "iss", out, true);
    if (out->dup_member == NULL && aisid_vjson_member_count(&d, 0, "aud") > 1) {
        out->dup_member = "aud";
        out->dup_in_claims = true;
    }
    out->aud = json_tok_aud(scope, &d, json_member(&d, "aud"));
    if (out->aud != NULL && !g_utf8_validate(out->aud, -1, NULL)) {
        char *valid = g_utf8_make_valid(out->aud, -1);
        out->aud = wmem_strdup(scope, valid);
        g_free(valid);
        if (out->odd_member == NULL) {
            out->odd_member = "aud";
            out->odd_in_claims = true;
            out->odd_why = "bytes that are not UTF-8 (RFC 8259 section 8.1)";
        }
    }
    out->claim_id = member_string(scope, &d, "aisid", out, true);
    out->has_iat = claim_date(scope, &d, "iat", AISID_CLAIM_IAT, out, &out->iat);
    out->has_nbf = claim_date(scope, &d, "nbf", AISID_CLAIM_NBF, out, &out->nbf);
    out->has_exp = claim_date(scope, &d, "exp", AISID_CLAIM_EXP, out, &out->exp);
    json_close(&d);
    return true;
}

static void set_error(aisid_jws_t *out, aisid_jws_status_t st, size_t off)
{
    if (out->status == AISID_JWS_OK) {
        out->status = st;
        out->bad_off = off;
    }
}

bool aisid_jws_decode(wmem_allocator_t *scope, const char *buf, size_t len,
                      aisid_jws_t *out)
{
    memset(out, 0, sizeof *out);
    if (buf == NULL) {
        buf = "";
        len = 0;
    }
    /* aisid_bounds.h: not even split, so that the cost stays bounded
     * wherever the JWS comes from (header, HTTP body, file). */
    if (len > AISID_MAX_JWS_LEN) {
        out->status = AISID_JWS_ERR_TOO_LONG;
        out->bad_off = AISID_MAX_JWS_LEN;
        return false;
    }

    /* RFC 7515 section 7.1: BASE64URL(header) '.' BASE64URL(payload) '.'
     * BASE64URL(signature); exactly two dots. */
    size_t dot[2] = { 0, 0 };
    unsigned ndots = 0;
    size_t third = len;
    for (size_t i = 0; i < len; i++) {
        if (buf[i] == '.') {
            if (ndots < 2) {
                dot[ndots] = i;
            } else {
                third = i;
                break;
            }
            ndots++;
        }
    }
    if (ndots != 2 || third != len) {
        /* Keep the parts that are there (at most three) for display. */
        size_t start = 0;
        for (unsigned p = 0; p < 3; p++) {
            const char *d = start < len ? memchr(buf + start, '.', len - start) : NULL;
            size_t end = d ? (size_t)(d - buf) : len;
            out->part[p] = aisid_span(buf + start, end - start);
            if (d == NULL)
                break;
            start = end + 1;
        }
        out->status = AISID_JWS_ERR_PARTS;
        out->bad_off = ndots < 2 ? len : third;
        return false;
    }
    out->part[0] = aisid_span(buf, dot[0]);
    out->part[1] = aisid_span(buf + dot[0] + 1, dot[1] - dot[0] - 1);
    out->part[2] = aisid_span(buf + dot[1] + 1, len - dot[1] - 1);

    /* Decode what can be decoded; the first problem, in part order, is
     * the one reported. */
    static const aisid_jws_status_t b64_err[3] = {
        AISID_JWS_ERR_B64_HEADER, AISID_JWS_ERR_B64_PAYLOAD,
        AISID_JWS_ERR_B64_SIGNATURE,
    };
    uint8_t *dec[3];
    size_t dlen[3];
    for (unsigned p = 0; p < 3; p++) {
        size_t bad = 0;
        dec[p] = aisid_b64url_decode(scope, out->part[p].ptr, out->part[p].len,
                                     &dlen[p], &bad);
        if (dec[p] == NULL)
            set_error(out, b64_err[p], aisid_span_offset(out->part[p], buf) + bad);
    }
    out->header_json = (char *)dec[0];  out->header_len = dec[0] ? dlen[0] : 0;
    out->payload_json = (char *)dec[1]; out->payload_len = dec[1] ? dlen[1] : 0;
    out->signature = dec[2];            out->sig_len = dec[2] ? dlen[2] : 0;

    if (out->header_json != NULL && !decode_header(scope, out))
        set_error(out, AISID_JWS_ERR_JSON_HEADER, 0);
    if (out->payload_json != NULL && !decode_payload(scope, out))
        set_error(out, AISID_JWS_ERR_JSON_PAYLOAD, aisid_span_offset(out->part[1], buf));

    return out->status == AISID_JWS_OK;
}

char *aisid_json_string_member(wmem_allocator_t *scope, const char *json, size_t len,
                               const char *name)
{
    json_doc_t d;
    char *r;

    if (!json_open(json, len, &d))
        return NULL;
    r = json_tok_string(scope, &d, json_member(&d, name));
    json_close(&d);
    return r;
}

const char *aisid_jws_status_str(aisid_jws_status_t status)
{
    switch (status) {
    case AISID_JWS_OK:                return "valid compact JWS";
    case AISID_JWS_ERR_PARTS:         return "not three '.'-separated parts";
    case AISID_JWS_ERR_B64_HEADER:    return "the protected header is not base64url";
    case AISID_JWS_ERR_B64_PAYLOAD:   return "the payload is not base64url";
    case AISID_JWS_ERR_B64_SIGNATURE: return "the signature is not base64url";
    case AISID_JWS_ERR_JSON_HEADER:   return "the protected header is not a JSON object";
    case AISID_JWS_ERR_JSON_PAYLOAD:  return "the payload is not a JSON object";
    case AISID_JWS_ERR_TOO_LONG:      return "longer than the bound (not decoded)";
    }
    return "unknown JWS status";
}
