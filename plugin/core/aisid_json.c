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

void aisid_vjson_close(aisid_vjson_t *d)
{
    g_free(d->text);
    g_free(d->tok);
    memset(d, 0, sizeof *d);
}

/* Deepest nesting of objects and arrays, outside strings; one linear pass
 * before tokenising, which jsmn would do in quadratic time for deep input. */
static size_t json_depth(const char *s, size_t len)
{
    size_t depth = 0, max = 0;
    bool in_str = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = false;
        } else if (c == '"') {
            in_str = true;
        } else if (c == '{' || c == '[') {
            if (++depth > max)
                max = depth;
        } else if ((c == '}' || c == ']') && depth > 0) {
            depth--;
        }
    }
    return max;
}

static bool fail(aisid_json_problem_t *p, aisid_json_err_t err, size_t value, size_t bound)
{
    if (p != NULL) {
        p->err = err;
        p->value = value;
        p->bound = bound;
    }
    return false;
}

bool aisid_vjson_open_bounded(aisid_vjson_t *d, const char *json, size_t len,
                              size_t max_len, int max_tokens, size_t max_depth,
                              aisid_json_problem_t *problem)
{
    memset(d, 0, sizeof *d);
    if (problem != NULL)
        memset(problem, 0, sizeof *problem);
    if (json == NULL || len == 0)
        return fail(problem, AISID_JSON_EMPTY, 0, 0);
    if (len > max_len)
        return fail(problem, AISID_JSON_TOO_LONG, len, max_len);
    /* JSON text holds no raw NUL (RFC 8259 section 7), and json_parse()
     * measures its input with strlen(). */
    const char *nul = memchr(json, '\0', len);
    if (nul != NULL)
        return fail(problem, AISID_JSON_NUL, (size_t)(nul - json), 0);
    size_t depth = json_depth(json, len);
    if (depth > max_depth)
        return fail(problem, AISID_JSON_TOO_DEEP, depth, max_depth);

    d->text = g_strndup(json, len);
    d->len = len;
    /* Counting is linear (jsmn walks back over tokens only when it stores
     * them); the bound keeps the second, quadratic, pass short. */
    int n = json_parse(d->text, NULL, 0);
    if (n < 1) {
        aisid_vjson_close(d);
        return fail(problem, AISID_JSON_SYNTAX, 0, 0);
    }
    if (n > max_tokens) {
        aisid_vjson_close(d);
        return fail(problem, AISID_JSON_TOO_MANY_TOKENS, (size_t)n, (size_t)max_tokens);
    }
    d->tok = g_new0(jsmntok_t, (size_t)n);
    d->ntok = json_parse(d->text, d->tok, (unsigned)n);
    if (d->ntok < 1) {
        aisid_vjson_close(d);
        return fail(problem, AISID_JSON_SYNTAX, 0, 0);
    }
    if (d->tok[0].type != JSMN_OBJECT) {
        aisid_vjson_close(d);
        return fail(problem, AISID_JSON_NOT_OBJECT, 0, 0);
    }
    /* jsmn accepts several top-level values: allow one, then white space. */
    for (size_t i = (size_t)d->tok[0].end; i < len; i++) {
        if (!aisid_is_lws((unsigned char)d->text[i])) {
            aisid_vjson_close(d);
            return fail(problem, AISID_JSON_NOT_OBJECT, i, 0);
        }
    }
    return true;
}

bool aisid_vjson_open(aisid_vjson_t *d, const char *json, size_t len,
                      size_t max_len)
{
    return aisid_vjson_open_bounded(d, json, len, max_len, AISID_MAX_JSON_TOKENS,
                                    AISID_MAX_JSON_DEPTH, NULL);
}

char *aisid_json_problem_str(wmem_allocator_t *scope, const aisid_json_problem_t *p)
{
    switch (p->err) {
    case AISID_JSON_OK:
        return wmem_strdup(scope, "is a JSON object");
    case AISID_JSON_EMPTY:
        return wmem_strdup(scope, "is empty");
    case AISID_JSON_TOO_LONG:
        return wmem_strdup_printf(scope, "is %zu bytes long (more than %zu)", p->value, p->bound);
    case AISID_JSON_NUL:
        return wmem_strdup_printf(scope, "holds a NUL byte at offset %zu (RFC 8259 section 7)", p->value);
    case AISID_JSON_TOO_DEEP:
        return wmem_strdup_printf(scope, "nests %zu levels deep (more than %zu)",
                                  p->value, p->bound);
    case AISID_JSON_TOO_MANY_TOKENS:
        return wmem_strdup_printf(scope, "has %zu JSON values, keys, objects and arrays (more than %zu)",
                                  p->value, p->bound);
    case AISID_JSON_SYNTAX:
        return wmem_strdup(scope, "is not JSON (RFC 8259)");
    case AISID_JSON_NOT_OBJECT:
        return wmem_strdup(scope, "is not one JSON object");
    }
    return wmem_strdup(scope, "is not a JSON object");
}

int aisid_vjson_member_count(const aisid_vjson_t *d, int obj, const char *name)
{
    if (obj < 0 || obj >= d->ntok || d->tok[obj].type != JSMN_OBJECT)
        return 0;
    size_t nlen = strlen(name);
    int end = d->tok[obj].end;
    int count = 0;
    int i = obj + 1;
    while (i + 1 < d->ntok && d->tok[i + 1].start < end) {
        const jsmntok_t *k = &d->tok[i];
        if (k->type == JSMN_STRING && (size_t)(k->end - k->start) == nlen &&
            memcmp(d->text + k->start, name, nlen) == 0)
            count++;
        i = aisid_vjson_skip(d, i + 1);
    }
    return count;
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
