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

static char *b64url(const char *s)
{
    gchar *b = g_base64_encode((const guchar *)s, strlen(s));
    for (char *p = b; *p; p++) {
        if (*p == '+') *p = '-';
        else if (*p == '/') *p = '_';
        else if (*p == '=') { *p = '\0'; break; }
    }
    return b;
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

static void test_deep_nesting(void)
{
    /* A deeply nested claim must neither recurse nor fail the object. */
    GString *pl = g_string_new("{\"a\":");
    for (int i = 0; i < 1000; i++)
        g_string_append_c(pl, '[');
    for (int i = 0; i < 1000; i++)
        g_string_append_c(pl, ']');
    g_string_append(pl, ",\"iss\":\"deep\"}");
    char *h = b64url(GOOD_HDR), *p = b64url(pl->str);
    char *text = g_strconcat(h, ".", p, ".", NULL);
    wmem_allocator_t *scope = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);
    aisid_jws_t j;
    g_assert_true(aisid_jws_decode(scope, text, strlen(text), &j));
    g_assert_cmpstr(j.iss, ==, "deep");
    wmem_destroy_allocator(scope);
    g_free(text);
    g_free(h);
    g_free(p);
    g_string_free(pl, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/jws/table", test_table);
    g_test_add_func("/jws/rfc7515_a3_parts", test_rfc_a3_parts);
    g_test_add_func("/jws/status_str", test_status_str);
    g_test_add_func("/jws/deep_nesting", test_deep_nesting);
    return g_test_run();
}
