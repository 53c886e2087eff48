/* aisid_json.c
 * Walking a JSON object tokenised by wsutil's JSON parser (jsmn, via
 * wsjson), for the JWS header and claims (aisid_jws.c) and for JWK Sets
 * (aisid_jwk.c).  Iterative: no recursion however deep the input nests.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "aisid_internal.h"

#include <string.h>

#include <wsutil/wsjson.h>

/* Beyond any JWS header, claims set or JWK Set worth reading. */
#define AISID_JSON_MAX_TOKENS (256 * 1024)

void aisid_vjson_close(aisid_vjson_t *d)
{
    g_free(d->text);
    g_free(d->tok);
    memset(d, 0, sizeof *d);
}

bool aisid_vjson_open(aisid_vjson_t *d, const char *json, size_t len,
                      size_t max_len)
{
    memset(d, 0, sizeof *d);
    if (json == NULL || len == 0 || len > max_len)
        return false;
    /* JSON text holds no raw NUL (RFC 8259 section 7), and json_parse()
     * measures its input with strlen(). */
    if (memchr(json, '\0', len) != NULL)
        return false;

    d->text = g_strndup(json, len);
    d->len = len;
    int n = json_parse(d->text, NULL, 0);       /* count the tokens first */
    if (n < 1 || n > AISID_JSON_MAX_TOKENS) {
        aisid_vjson_close(d);
        return false;
    }
    d->tok = g_new0(jsmntok_t, (size_t)n);
    d->ntok = json_parse(d->text, d->tok, (unsigned)n);
    if (d->ntok < 1 || d->tok[0].type != JSMN_OBJECT) {
        aisid_vjson_close(d);
        return false;
    }
    /* jsmn accepts several top-level values: allow one, then white space. */
    for (size_t i = (size_t)d->tok[0].end; i < len; i++) {
        if (!aisid_is_lws((unsigned char)d->text[i])) {
            aisid_vjson_close(d);
            return false;
        }
    }
    return true;
}

int aisid_vjson_skip(const aisid_vjson_t *d, int i)
{
    /* The subtree of i is the run of tokens that start before it ends. */
    int end = d->tok[i].end;
    int j = i + 1;
    while (j < d->ntok && d->tok[j].start < end)
        j++;
    return j;
}

int aisid_vjson_member(const aisid_vjson_t *d, int obj, const char *name)
{
    if (obj < 0 || obj >= d->ntok || d->tok[obj].type != JSMN_OBJECT)
        return -1;
    size_t nlen = strlen(name);
    int end = d->tok[obj].end;
    int found = -1;
    int i = obj + 1;
    /* Keys and values alternate; the last duplicate wins (RFC 7515
     * section 4 and RFC 8259 section 4 leave it to us; JWS says lexically
     * last, we do the same here). */
    while (i + 1 < d->ntok && d->tok[i + 1].start < end) {
        const jsmntok_t *k = &d->tok[i];
        if (k->type == JSMN_STRING && (size_t)(k->end - k->start) == nlen &&
            memcmp(d->text + k->start, name, nlen) == 0)
            found = i + 1;
        i = aisid_vjson_skip(d, i + 1);
    }
    return found;
}

char *aisid_vjson_string(const aisid_vjson_t *d, int i)
{
    if (i < 0 || i >= d->ntok || d->tok[i].type != JSMN_STRING)
        return NULL;
    char *s = g_strndup(d->text + d->tok[i].start,
                        (size_t)(d->tok[i].end - d->tok[i].start));
    if (!json_decode_string_inplace(s)) {
        g_free(s);
        return NULL;
    }
    return s;
}
