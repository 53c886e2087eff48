/* test_jws.c
 * Compact JWS decoding (RFC 7515 section 7.1) and the claims we show
 * (RFC 7519 section 4.1, plus "aisid").  The first vectors are RFC 7515
 * appendix A.3 (ES256) and A.2's header (RS256) with A.3's payload.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "unit_common.h"

#define RFC_HDR_ES256 "eyJhbGciOiJFUzI1NiJ9"
#define RFC_HDR_RS256 "eyJhbGciOiJSUzI1NiJ9"
#define RFC_PAYLOAD \
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxl" \
    "LmNvbS9pc19yb290Ijp0cnVlfQ"
#define RFC_SIG_ES256 \
    "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQ" \
    "xfKTUJqPP3-Kg6NU1Q"
/* RFC 7515 A.3.1, exactly. */
#define RFC_A3 RFC_HDR_ES256 "." RFC_PAYLOAD "." RFC_SIG_ES256
#define RFC_A3_PAYLOAD_JSON \
    "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}"

typedef struct {
    const char *raw;            /* the compact JWS as is, or NULL: ...      */
    const char *hdr, *payload;  /* ... base64url-encode these two JSON texts */
    const char *sig;            /* ... and append this (already base64url)   */
    aisid_jws_status_t status;
    int bad_off;                /* -1: not checked */
    const char *alg, *kid, *typ, *iss, *aud, *claim;
    bool has_iat, has_nbf, has_exp;
    int64_t iat, nbf, exp;
} jws_case_t;

#define GOOD_HDR "{\"alg\":\"ES256\"}"
#define GOOD_PL  "{\"iss\":\"x\"}"

static const jws_case_t cases[] = {
    { .raw = RFC_A3, .status = AISID_JWS_OK, .bad_off = -1, .alg = "ES256",
      .iss = "joe", .has_exp = true, .exp = 1300819380 },
    { .raw = RFC_HDR_RS256 "." RFC_PAYLOAD ".c2lnbmF0dXJl", .status = AISID_JWS_OK,
      .bad_off = -1, .alg = "RS256", .iss = "joe", .has_exp = true, .exp = 1300819380 },
    /* unsecured JWS (RFC 7515 A.5): empty signature is valid base64url */
    { .hdr = "{\"alg\":\"none\"}", .payload = GOOD_PL, .sig = "",
      .status = AISID_JWS_OK, .bad_off = -1, .alg = "none", .iss = "x" },
    /* all the members we show */
    { .hdr = "{\"alg\":\"ES256\",\"kid\":\"key-1\",\"typ\":\"aisid+jwt\"}",
      .payload = "{\"iss\":\"https://orch.example\",\"aud\":\"https://as.example\","
                 "\"iat\":1700000000,\"nbf\":1700000001,\"exp\":1700000300.75,"
                 "\"aisid\":\"6f1c9b2e-8a3d-4b7e-9c1f-2d3e4f5a6b7c\"}",
      .sig = "AAAA", .status = AISID_JWS_OK, .bad_off = -1,
      .alg = "ES256", .kid = "key-1", .typ = "aisid+jwt", .iss = "https://orch.example",
      .aud = "https://as.example", .claim = "6f1c9b2e-8a3d-4b7e-9c1f-2d3e4f5a6b7c",
      .has_iat = true, .has_nbf = true, .has_exp = true,
      .iat = 1700000000, .nbf = 1700000001, .exp = 1700000300 },
    /* aud as an array; non-strings in it are skipped; nested values skipped */
    { .hdr = GOOD_HDR,
      .payload = "{\"x\":{\"iss\":\"nested\",\"a\":[1,{\"b\":2}]},\"aud\":[\"a\",3,\"b\",[\"c\"]],"
                 "\"iss\":\"top\"}",
      .sig = "", .status = AISID_JWS_OK, .bad_off = -1, .alg = "ES256",
      .iss = "top", .aud = "a, b" },
    /* escapes are decoded; wrong types are ignored */
    { .hdr = "{\"alg\":\"ES\\u0032\\u0035\\u0036\",\"kid\":5,\"typ\":null}",
      .payload = "{\"iss\":\"a\\\"b\\\\c\",\"exp\":\"1300819380\",\"iat\":true,\"aisid\":[\"x\"]}",
      .sig = "", .status = AISID_JWS_OK, .bad_off = -1, .alg = "ES256",
      .iss = "a\"b\\c" },
    /* duplicate member: the last one counts (RFC 7515 section 4) */
    { .hdr = "{\"alg\":\"HS256\",\"alg\":\"ES256\"}", .payload = "{}", .sig = "",
      .status = AISID_JWS_OK, .bad_off = -1, .alg = "ES256" },
    /* negative and huge NumericDates */
    /* jsmn takes "12abc" for a primitive; it is not a NumericDate though */
    { .hdr = GOOD_HDR, .payload = "{\"iat\":-5,\"exp\":1e300,\"nbf\":12abc}", .sig = "",
      .status = AISID_JWS_OK, .bad_off = -1, .alg = "ES256", .has_iat = true, .iat = -5 },
    { .hdr = GOOD_HDR, .payload = "{\"iat\":0x10,\"nbf\":-0,\"exp\":1.3e9}", .sig = "",
      .status = AISID_JWS_OK, .bad_off = -1, .alg = "ES256", .has_nbf = true, .nbf = 0,
      .has_exp = true, .exp = 1300000000 },
    { .hdr = GOOD_HDR, .payload = "{\"iat\":-5,\"exp\":1e300}", .sig = "",
      .status = AISID_JWS_OK, .bad_off = -1, .alg = "ES256", .has_iat = true, .iat = -5 },

    /* structure */
    { .raw = RFC_HDR_ES256 "." RFC_PAYLOAD, .status = AISID_JWS_ERR_PARTS,
      .bad_off = (int)sizeof(RFC_HDR_ES256 "." RFC_PAYLOAD) - 1 },
    { .raw = RFC_A3 ".extra", .status = AISID_JWS_ERR_PARTS,
      .bad_off = (int)sizeof(RFC_A3) - 1 },
    { .raw = "", .status = AISID_JWS_ERR_PARTS, .bad_off = 0 },
    { .raw = "abc", .status = AISID_JWS_ERR_PARTS, .bad_off = 3 },
    { .raw = "..", .status = AISID_JWS_ERR_JSON_HEADER, .bad_off = 0 },
    /* bad base64url: the status names the part, bad_off the character */
    { .raw = "eyJhbGciOiJFUzI1NiJ9=." RFC_PAYLOAD "." RFC_SIG_ES256,
      .status = AISID_JWS_ERR_B64_HEADER, .bad_off = 20,
      .iss = "joe", .has_exp = true, .exp = 1300819380 },   /* the rest still decodes */
    { .raw = RFC_HDR_ES256 ".eyJpc3MiOiJqb2Ui+A0K." RFC_SIG_ES256,
      .status = AISID_JWS_ERR_B64_PAYLOAD, .bad_off = 37, .alg = "ES256" },
    { .raw = RFC_HDR_ES256 "." RFC_PAYLOAD ".DtEhU3ljbEg8L38VWAfUAqOyKAM6/Xx",
      .status = AISID_JWS_ERR_B64_SIGNATURE,
      .bad_off = (int)sizeof(RFC_HDR_ES256 "." RFC_PAYLOAD ".DtEhU3ljbEg8L38VWAfUAqOyKAM6") - 1,
      .alg = "ES256", .iss = "joe", .has_exp = true, .exp = 1300819380 },
    { .raw = RFC_HDR_ES256 "." RFC_PAYLOAD ".A", .status = AISID_JWS_ERR_B64_SIGNATURE,
      .bad_off = -1, .alg = "ES256", .iss = "joe", .has_exp = true, .exp = 1300819380 },
    /* decodes, but not a JSON object */
    { .hdr = "not json", .payload = GOOD_PL, .sig = "", .status = AISID_JWS_ERR_JSON_HEADER,
      .bad_off = 0, .iss = "x" },
    { .hdr = "[\"alg\",\"ES256\"]", .payload = GOOD_PL, .sig = "",
      .status = AISID_JWS_ERR_JSON_HEADER, .bad_off = 0, .iss = "x" },
    { .hdr = "{\"alg\":\"ES256\"}{}", .payload = GOOD_PL, .sig = "",
      .status = AISID_JWS_ERR_JSON_HEADER, .bad_off = 0, .iss = "x" },
    { .hdr = "{\"alg\":\"ES256\"", .payload = GOOD_PL, .sig = "",
      .status = AISID_JWS_ERR_JSON_HEADER, .bad_off = 0, .iss = "x" },
    { .hdr = GOOD_HDR, .payload = "[1,2]", .sig = "", .status = AISID_JWS_ERR_JSON_PAYLOAD,
      .bad_off = (int)sizeof("eyJhbGciOiJFUzI1NiJ9") , .alg = "ES256" },
    { .hdr = GOOD_HDR, .payload = "", .sig = "", .status = AISID_JWS_ERR_JSON_PAYLOAD,
      .bad_off = -1, .alg = "ES256" },
    { .hdr = GOOD_HDR, .payload = "\"just a string\"", .sig = "",
      .status = AISID_JWS_ERR_JSON_PAYLOAD, .bad_off = -1, .alg = "ES256" },
    /* a JSON text with a NUL inside is not JSON */
    { .raw = RFC_HDR_ES256 ".e30A." , .status = AISID_JWS_ERR_JSON_PAYLOAD, .bad_off = -1,
      .alg = "ES256" },
    /* an escape that decodes to NUL is refused by wsutil, the member is dropped */
    { .hdr = "{\"alg\":\"a\\u0000b\"}", .payload = "{}", .sig = "",
      .status = AISID_JWS_OK, .bad_off = -1 },
};

static char *b64url_len(const char *s, size_t len)
{
    gchar *b = g_base64_encode((const guchar *)s, len);
    for (char *p = b; *p; p++) {
        if (*p == '+') *p = '-';
        else if (*p == '/') *p = '_';
        else if (*p == '=') { *p = '\0'; break; }
    }
    return b;
}

static char *b64url(const char *s)
{
    return b64url_len(s, strlen(s));
}

static void check_str(const char *got, const char *want)
{
    if (want == NULL)
        g_assert_null(got);
    else
        g_assert_cmpstr(got, ==, want);
}

static void test_table(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        const jws_case_t *c = &cases[i];
        char *text;
        if (c->raw) {
            text = g_strdup(c->raw);
        } else {
            char *h = b64url(c->hdr), *p = b64url(c->payload);
            text = g_strconcat(h, ".", p, ".", c->sig, NULL);
            g_free(h);
            g_free(p);
        }
        size_t len = strlen(text);
        char *buf = exact_copy(text, len);
        g_test_message("case %zu: %s", i, text);

        wmem_allocator_t *scope = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);
        aisid_jws_t j;
        bool ok = aisid_jws_decode(scope, buf, len, &j);
        g_assert_cmpint(ok, ==, c->status == AISID_JWS_OK);
        g_assert_cmpint(j.status, ==, c->status);
        if (c->bad_off >= 0)
            g_assert_cmpuint(j.bad_off, ==, (size_t)c->bad_off);
        check_str(j.alg, c->alg);
        check_str(j.kid, c->kid);
        check_str(j.typ, c->typ);
        check_str(j.iss, c->iss);
        check_str(j.aud, c->aud);
        check_str(j.claim_id, c->claim);
        g_assert_cmpint(j.has_iat, ==, c->has_iat);
        g_assert_cmpint(j.has_nbf, ==, c->has_nbf);
        g_assert_cmpint(j.has_exp, ==, c->has_exp);
        if (c->has_iat) g_assert_cmpint(j.iat, ==, c->iat);
        if (c->has_nbf) g_assert_cmpint(j.nbf, ==, c->nbf);
        if (c->has_exp) g_assert_cmpint(j.exp, ==, c->exp);
        g_assert_cmpstr(aisid_jws_status_str(j.status), !=, NULL);
        wmem_destroy_allocator(scope);
        g_free(buf);
        g_free(text);
    }
}

static void test_rfc_a3_parts(void)
{
    const char *s = RFC_A3;
    wmem_allocator_t *scope = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);
    aisid_jws_t j;
    g_assert_true(aisid_jws_decode(scope, s, strlen(s), &j));
    assert_span(j.part[0], RFC_HDR_ES256);
    assert_span(j.part[1], RFC_PAYLOAD);
    assert_span(j.part[2], RFC_SIG_ES256);
    g_assert_cmpstr(j.header_json, ==, "{\"alg\":\"ES256\"}");
    g_assert_cmpuint(j.header_len, ==, 15);
    g_assert_cmpstr(j.payload_json, ==, RFC_A3_PAYLOAD_JSON);
    g_assert_cmpuint(j.sig_len, ==, 64);      /* ES256: R and S, 32 octets each */
    g_assert_cmpuint(j.signature[0], ==, 14);  /* RFC 7515 A.3.1, first octet of R */
    wmem_destroy_allocator(scope);

    /* Parts are kept for display when the count is wrong. */
    aisid_jws_t k;
    const char *four = "a.b.c.d";
    g_assert_false(aisid_jws_decode(NULL, four, 7, &k));
    assert_span(k.part[0], "a");
    assert_span(k.part[1], "b");
    assert_span(k.part[2], "c");
    const char *two = "a.b";
    g_assert_false(aisid_jws_decode(NULL, two, 3, &k));
    assert_span(k.part[0], "a");
    assert_span(k.part[1], "b");
    assert_span(k.part[2], NULL);
}

static void test_status_str(void)
{
    g_assert_nonnull(strstr(aisid_jws_status_str(AISID_JWS_ERR_B64_HEADER), "header"));
    g_assert_nonnull(strstr(aisid_jws_status_str(AISID_JWS_ERR_B64_PAYLOAD), "payload"));
    g_assert_nonnull(strstr(aisid_jws_status_str(AISID_JWS_ERR_B64_SIGNATURE), "signature"));
    g_assert_nonnull(strstr(aisid_jws_status_str(AISID_JWS_ERR_JSON_HEADER), "JSON"));
    g_assert_nonnull(strstr(aisid_jws_status_str(AISID_JWS_ERR_JSON_PAYLOAD), "JSON"));
    g_assert_nonnull(strstr(aisid_jws_status_str(AISID_JWS_ERR_PARTS), "three"));
}

static aisid_jws_t decode_json_texts(wmem_allocator_t *scope, const char *hdr,
                                     const char *payload, const char *sig)
{
    char *h = b64url(hdr), *p = b64url(payload);
    char *text = g_strconcat(h, ".", p, ".", sig, NULL);
    aisid_jws_t j;
    aisid_jws_decode(scope, text, strlen(text), &j);
    /* the strings the result points to live in scope; the JWS text goes */
    g_free(text);
    g_free(h);
    g_free(p);
    return j;
}

/* Nesting: up to AISID_MAX_JSON_DEPTH levels (the root object counts) are
 * read, one more is refused with the depth found; never recursion. */
static void test_deep_nesting(void)
{
    static const struct { int arrays; bool ok; } cases[] = {
        { AISID_MAX_JSON_DEPTH - 1, true },     /* root + 31 = 32 levels */
        { AISID_MAX_JSON_DEPTH, false },        /* 33 levels */
        { 100000, false },
    };
    for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
        GString *pl = g_string_new("{\"a\":");
        for (int i = 0; i < cases[c].arrays; i++)
            g_string_append_c(pl, '[');
        for (int i = 0; i < cases[c].arrays; i++)
            g_string_append_c(pl, ']');
        g_string_append(pl, ",\"iss\":\"deep\"}");
        wmem_allocator_t *scope = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);
        aisid_jws_t j = decode_json_texts(scope, GOOD_HDR, pl->str, "");
        if (cases[c].ok) {
            g_assert_cmpint(j.status, ==, AISID_JWS_OK);
            g_assert_cmpstr(j.iss, ==, "deep");
        } else if (cases[c].arrays < 1000) {
            g_assert_cmpint(j.status, ==, AISID_JWS_ERR_JSON_PAYLOAD);
            g_assert_cmpint(j.payload_problem.err, ==, AISID_JSON_TOO_DEEP);
            g_assert_cmpuint(j.payload_problem.value, ==, (size_t)cases[c].arrays + 1);
            g_assert_cmpuint(j.payload_problem.bound, ==, AISID_MAX_JSON_DEPTH);
            g_assert_null(j.iss);
        } else {
            /* 100000 levels: over the JWS length bound before any JSON */
            g_assert_cmpint(j.status, ==, AISID_JWS_ERR_TOO_LONG);
        }
        wmem_destroy_allocator(scope);
        g_string_free(pl, TRUE);
    }
}

/* Token bound: a wide claims set (the pattern jsmn handles in quadratic
 * time) is refused with the count; one under the bound is read. */
static void test_token_bound(void)
{
    for (int wide = 0; wide < 2; wide++) {
        /* {"iss":"w","x":[[],[],...]}: 4 + 1 + n tokens */
        int n = wide ? AISID_MAX_JSON_TOKENS : AISID_MAX_JSON_TOKENS - 5;
        GString *pl = g_string_new("{\"iss\":\"w\",\"x\":[");
        for (int i = 0; i < n; i++)
            g_string_append(pl, i ? ",[]" : "[]");
        g_string_append(pl, "]}");
        wmem_allocator_t *scope = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);
        aisid_jws_t j = decode_json_texts(scope, GOOD_HDR, pl->str, "");
        if (!wide) {
            g_assert_cmpint(j.status, ==, AISID_JWS_OK);
            g_assert_cmpstr(j.iss, ==, "w");
        } else {
            g_assert_cmpint(j.status, ==, AISID_JWS_ERR_JSON_PAYLOAD);
            g_assert_cmpint(j.payload_problem.err, ==, AISID_JSON_TOO_MANY_TOKENS);
            g_assert_cmpuint(j.payload_problem.value, ==, (size_t)n + 5);
        }
        char *why = aisid_json_problem_str(scope, &j.payload_problem);
        g_assert_nonnull(why);
        wmem_destroy_allocator(scope);
        g_string_free(pl, TRUE);
    }
}

/* A JWS longer than AISID_MAX_JWS_LEN is not even split. */
static void test_length_bound(void)
{
    GString *s = g_string_new(RFC_HDR_ES256 ".");
    while (s->len < AISID_MAX_JWS_LEN)
        g_string_append_c(s, 'A');
    g_string_append(s, ".AAAA");
    aisid_jws_t j;
    g_assert_false(aisid_jws_decode(NULL, s->str, s->len, &j));
    g_assert_cmpint(j.status, ==, AISID_JWS_ERR_TOO_LONG);
    g_assert_null(j.header_json);
    g_string_free(s, TRUE);
}

/* NumericDate claims: what is refused, and why (RFC 7519 section 2). */
static void test_bad_dates(void)
{
    static const struct { const char *raw; bool ok; int64_t val; const char *why; } cases[] = {
        { "1794733200", true, 1794733200, NULL },
        { "1794733200.75", true, 1794733200, NULL },
        { "-1", true, -1, NULL },
        { "1e18", true, 1000000000000000000LL, NULL },
        { "1e400", false, 0, "out of range" },
        { "9223372036854775808", false, 0, "out of range" },
        { "18446744073709551616", false, 0, "out of range" },
        { "\"2110352400\"", false, 0, "a string" },
        { "true", false, 0, "not a number" },
        { "null", false, 0, "not a number" },
        { "01794733200", false, 0, "leading zero" },
        { "1.", false, 0, "not a JSON number" },
        { "1e", false, 0, "not a JSON number" },
        { "-", false, 0, "not a JSON number" },
        { "0x10", false, 0, "not a JSON number" },
        { "[1]", false, 0, "not a number" },
    };
    for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
        char *pl = g_strdup_printf("{\"aisid\":\"x\",\"exp\":%s}", cases[c].raw);
        wmem_allocator_t *scope = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);
        aisid_jws_t j = decode_json_texts(scope, GOOD_HDR, pl, "");
        g_assert_cmpint(j.status, ==, AISID_JWS_OK);
        g_assert_cmpint(j.has_exp, ==, cases[c].ok);
        if (cases[c].ok) {
            g_assert_cmpint(j.exp, ==, cases[c].val);
            g_assert_null(j.date_problem[AISID_CLAIM_EXP]);
        } else {
            g_assert_nonnull(j.date_problem[AISID_CLAIM_EXP]);
            if (!strstr(j.date_problem[AISID_CLAIM_EXP], cases[c].why))
                g_error("%s: got \"%s\", want \"%s\"", cases[c].raw,
                        j.date_problem[AISID_CLAIM_EXP], cases[c].why);
            g_assert_cmpstr(j.date_text[AISID_CLAIM_EXP], ==, cases[c].raw);
        }
        g_assert_null(j.date_problem[AISID_CLAIM_IAT]);
        wmem_destroy_allocator(scope);
        g_free(pl);
    }
}

/* Members other parsers may read differently (RFC 7515 section 4,
 * RFC 8259 section 8.1). */
static void test_ambiguous(void)
{
    static const struct {
        const char *hdr, *payload;
        const char *dup, *odd, *alg;
        bool in_claims;
    } cases[] = {
        { "{\"alg\":\"ES256\",\"alg\":\"none\"}", "{}", "alg", NULL, "none", false },
        { "{\"alg\":\"ES256\",\"kid\":\"a\",\"kid\":\"b\"}", "{}", "kid", NULL, "ES256", false },
        { GOOD_HDR, "{\"iat\":1,\"iat\":2}", "iat", NULL, "ES256", true },
        { GOOD_HDR, "{\"aisid\":\"a\",\"aisid\":\"b\"}", "aisid", NULL, "ES256", true },
        { "{\"alg\":\"ES256\\u0000none\"}", "{}", NULL, "alg", NULL, false },
        { "{\"alg\":\"ES256\",\"kid\":\"k\xff\"}", "{}", NULL, "kid", "ES256", false },
        { GOOD_HDR, "{\"iss\":\"\\ud800\"}", NULL, "iss", "ES256", true },
        { GOOD_HDR, "{\"iss\":\"plain\"}", NULL, NULL, "ES256", false },
    };
    for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
        wmem_allocator_t *scope = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);
        aisid_jws_t j = decode_json_texts(scope, cases[c].hdr, cases[c].payload, "");
        g_assert_cmpint(j.status, ==, AISID_JWS_OK);
        g_assert_cmpstr(j.dup_member, ==, cases[c].dup);
        g_assert_cmpstr(j.odd_member, ==, cases[c].odd);
        g_assert_cmpstr(j.alg, ==, cases[c].alg);
        if (cases[c].dup)
            g_assert_cmpint(j.dup_in_claims, ==, cases[c].in_claims);
        if (cases[c].odd)
            g_assert_cmpint(j.odd_in_claims, ==, cases[c].in_claims);
        if (j.kid)
            g_assert_true(g_utf8_validate(j.kid, -1, NULL));
        wmem_destroy_allocator(scope);
    }
}

/* Why a part is not JSON, precisely. */
static void test_json_problems(void)
{
    static const struct { const char *hdr; aisid_json_err_t err; } cases[] = {
        { "[\"alg\"]", AISID_JSON_NOT_OBJECT },
        { "{\"alg\":\"ES256\"}x", AISID_JSON_SYNTAX },      /* wsutil validates first */
        { "{\"alg\":\"ES256\"}{}", AISID_JSON_NOT_OBJECT },   /* valid JSON values, two */
        { "{\"alg\":", AISID_JSON_SYNTAX },
        { "", AISID_JSON_EMPTY },
    };
    for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
        wmem_allocator_t *scope = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);
        aisid_jws_t j = decode_json_texts(scope, cases[c].hdr, "{}", "");
        g_assert_cmpint(j.status, ==, AISID_JWS_ERR_JSON_HEADER);
        g_assert_cmpint(j.header_problem.err, ==, cases[c].err);
        wmem_destroy_allocator(scope);
    }
    /* a raw NUL: the offset is given */
    static const char nul_hdr[] = "{\"alg\":\"ES256\",\0\"kid\":\"k\"}";
    char *h = b64url_len(nul_hdr, sizeof nul_hdr - 1), *p = b64url("{}");
    char *text = g_strconcat(h, ".", p, ".", NULL);
    aisid_jws_t j;
    aisid_jws_decode(NULL, text, strlen(text), &j);
    g_assert_cmpint(j.header_problem.err, ==, AISID_JSON_NUL);
    g_assert_cmpuint(j.header_problem.value, ==, 15);
    g_free(j.header_json);
    g_free(j.payload_json);
    g_free(j.signature);
    g_free(text);
    g_free(h);
    g_free(p);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/jws/table", test_table);
    g_test_add_func("/jws/rfc7515_a3_parts", test_rfc_a3_parts);
    g_test_add_func("/jws/status_str", test_status_str);
    g_test_add_func("/jws/deep_nesting", test_deep_nesting);
    g_test_add_func("/jws/token_bound", test_token_bound);
    g_test_add_func("/jws/length_bound", test_length_bound);
    g_test_add_func("/jws/bad_dates", test_bad_dates);
    g_test_add_func("/jws/ambiguous", test_ambiguous);
    g_test_add_func("/jws/json_problems", test_json_problems);
    return g_test_run();
}
