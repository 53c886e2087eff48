/* test_value.c
 * Unit tests of the AI-Session-ID header value: token characters
 * (RFC 3261 section 25.1), the identifier checks (REQ5, REQ12, REQ13),
 * parameters and assertion-ref (draft section 8).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "unit_common.h"

/* ------------------------------------------------------------ token chars */

static const struct {
    unsigned char c;
    bool token;
} token_cases[] = {
    { 'a', true }, { 'z', true }, { 'A', true }, { 'Z', true },
    { '0', true }, { '9', true }, { '-', true }, { '.', true },
    { '!', true }, { '%', true }, { '*', true }, { '_', true },
    { '+', true }, { '`', true }, { '\'', true }, { '~', true },
    { ' ', false }, { '\t', false }, { '"', false }, { '@', false },
    { ';', false }, { ':', false }, { '<', false }, { '>', false },
    { '/', false }, { '?', false }, { '=', false }, { ',', false },
    { '(', false }, { ')', false }, { '[', false }, { ']', false },
    { '{', false }, { '}', false }, { '\\', false }, { '#', false },
    { '$', false }, { '&', false }, { '^', false }, { '|', false },
    { 0x00, false }, { 0x7f, false }, { 0x80, false }, { 0xff, false },
    { '\r', false }, { '\n', false },
};

static void test_token_chars(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(token_cases); i++)
        g_assert_cmpint(aisid_is_token_char(token_cases[i].c), ==,
                        token_cases[i].token);

    /* alphanum (62) and the ten marks of RFC 3261 25.1, nothing else. */
    unsigned n = 0;
    for (unsigned c = 0; c < 256; c++)
        n += aisid_is_token_char((unsigned char)c);
    g_assert_cmpuint(n, ==, 72);
}

/* ---------------------------------------------------------------- ids */

#define A10 "aaaaaaaaaa"
#define A128 A10 A10 A10 A10 A10 A10 A10 A10 A10 A10 A10 A10 "aaaaaaaa"

static const struct {
    const char *in;
    const char *id;
    unsigned flags;
    size_t bad_off;
    aisid_uuid_kind_t kind;
} id_cases[] = {
    { "", "", AISID_ID_EMPTY, 0, AISID_UUID_NONE },
    { ";x=1", "", AISID_ID_EMPTY, 0, AISID_UUID_NONE },
    { "   ;x=1", "", AISID_ID_EMPTY, 0, AISID_UUID_NONE },
    { " \t ", "", AISID_ID_EMPTY, 0, AISID_UUID_NONE },
    { "550e8400-e29b-41d4-a716-446655440000", "550e8400-e29b-41d4-a716-446655440000",
      AISID_ID_OK, 0, AISID_UUID_VALID },
    { "550E8400-E29B-41D4-A716-446655440000", "550E8400-E29B-41D4-A716-446655440000",
      AISID_ID_OK, 0, AISID_UUID_VALID },
    { "  550e8400-e29b-41d4-a716-446655440000 ;x", "550e8400-e29b-41d4-a716-446655440000",
      AISID_ID_OK, 0, AISID_UUID_VALID },
    { "00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-000000000000",
      AISID_ID_NOT_UUID, 0, AISID_UUID_NIL },
    { "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
      AISID_ID_NOT_UUID, 0, AISID_UUID_MAX },
    { "550e8400-e29b-41d4-c716-446655440000", "550e8400-e29b-41d4-c716-446655440000",
      AISID_ID_NOT_UUID, 0, AISID_UUID_OTHER_VARIANT },      /* Microsoft */
    { "550e8400-e29b-41d4-0716-446655440000", "550e8400-e29b-41d4-0716-446655440000",
      AISID_ID_NOT_UUID, 0, AISID_UUID_OTHER_VARIANT },      /* NCS */
    { "550e8400-e29b-41d4-a716-4466554400001", "550e8400-e29b-41d4-a716-4466554400001",
      AISID_ID_NOT_UUID, 0, AISID_UUID_NONE },
    { "opaque-token.1~x", "opaque-token.1~x", AISID_ID_NOT_UUID, 0, AISID_UUID_NONE },
    { "abc def", "abc def", AISID_ID_INVALID_CHARS | AISID_ID_NOT_UUID, 3, AISID_UUID_NONE },
    { "user@example.com", "user@example.com",
      AISID_ID_INVALID_CHARS | AISID_ID_NOT_UUID, 4, AISID_UUID_NONE },
    { "\"quoted\"", "\"quoted\"", AISID_ID_INVALID_CHARS | AISID_ID_NOT_UUID, 0,
      AISID_UUID_NONE },
    { "ab\"c;d\";e=1", "ab\"c;d\"", AISID_ID_INVALID_CHARS | AISID_ID_NOT_UUID, 2,
      AISID_UUID_NONE },
    { "{550e8400-e29b-41d4-a716-446655440000}", "{550e8400-e29b-41d4-a716-446655440000}",
      AISID_ID_INVALID_CHARS | AISID_ID_NOT_UUID, 0, AISID_UUID_NONE },
    { "urn:uuid:550e8400-e29b-41d4-a716-446655440000",
      "urn:uuid:550e8400-e29b-41d4-a716-446655440000",
      AISID_ID_INVALID_CHARS | AISID_ID_NOT_UUID, 3, AISID_UUID_NONE },
    { A128, A128, AISID_ID_NOT_UUID, 0, AISID_UUID_NONE },
    { A128 "a", A128 "a", AISID_ID_TOO_LONG | AISID_ID_NOT_UUID, 0, AISID_UUID_NONE },
    { A128 " a", A128 " a",
      AISID_ID_TOO_LONG | AISID_ID_INVALID_CHARS | AISID_ID_NOT_UUID, 128, AISID_UUID_NONE },
    { "id\r\n ;x", "id", AISID_ID_NOT_UUID, 0, AISID_UUID_NONE },
};

static void test_ids(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(id_cases); i++) {
        size_t len = strlen(id_cases[i].in);
        char *buf = exact_copy(id_cases[i].in, len);
        aisid_header_t h;
        aisid_header_parse(buf, len, &h);
        assert_span(h.id, id_cases[i].id);
        g_assert_cmphex(h.id_flags, ==, id_cases[i].flags);
        if (h.id_flags & AISID_ID_INVALID_CHARS)
            g_assert_cmpuint(h.bad_char_off, ==, id_cases[i].bad_off);
        g_assert_cmpint(h.uuid.kind, ==, id_cases[i].kind);
        g_free(buf);
    }
}

/* ------------------------------------------------------------- params */

typedef struct {
    const char *name;
    const char *value;          /* NULL: no '=' */
    aisid_param_kind_t kind;
    bool malformed;
} pexp_t;

static const struct {
    const char *in;
    unsigned n;
    pexp_t p[4];
    int ref_index, assertion_index;
    aisid_ref_status_t ref;
    const char *ref_uri;        /* NULL: not checked / absent */
    const char *ref_error;      /* substring; NULL: must be NULL */
} param_cases[] = {
    { "id;x=1;flag;Y=\"a;b\"", 3,
      { { "x", "1", AISID_PARAM_GENERIC, false },
        { "flag", NULL, AISID_PARAM_GENERIC, false },
        { "Y", "\"a;b\"", AISID_PARAM_GENERIC, false } },
      -1, -1, AISID_REF_NONE, NULL, NULL },
    { "id ; x = 1 ;y", 2,
      { { "x", "1", AISID_PARAM_GENERIC, false },
        { "y", NULL, AISID_PARAM_GENERIC, false } },
      -1, -1, AISID_REF_NONE, NULL, NULL },
    { "id;u=<sip:a@b;lr;transport=tcp>;z", 2,
      { { "u", "<sip:a@b;lr;transport=tcp>", AISID_PARAM_GENERIC, false },
        { "z", NULL, AISID_PARAM_GENERIC, false } },
      -1, -1, AISID_REF_NONE, NULL, NULL },
    { "id;x=", 1, { { "x", "", AISID_PARAM_GENERIC, false } },
      -1, -1, AISID_REF_NONE, NULL, NULL },
    { "id;;x", 2,
      { { "", NULL, AISID_PARAM_GENERIC, true },
        { "x", NULL, AISID_PARAM_GENERIC, false } },
      -1, -1, AISID_REF_NONE, NULL, NULL },
    { "id;", 1, { { "", NULL, AISID_PARAM_GENERIC, true } },
      -1, -1, AISID_REF_NONE, NULL, NULL },
    { "id;=v", 1, { { "", "v", AISID_PARAM_GENERIC, true } },
      -1, -1, AISID_REF_NONE, NULL, NULL },
    { "id;a b=1", 1, { { "a b", "1", AISID_PARAM_GENERIC, true } },
      -1, -1, AISID_REF_NONE, NULL, NULL },
    { "id;x=\"open;y=2", 1, { { "x", "\"open;y=2", AISID_PARAM_GENERIC, true } },
      -1, -1, AISID_REF_NONE, NULL, NULL },
    { "id;assertion-ref=<https://as.example/a/1>", 1,
      { { "assertion-ref", "<https://as.example/a/1>", AISID_PARAM_ASSERTION_REF, false } },
      0, -1, AISID_REF_OK, "https://as.example/a/1", NULL },
    { "id;Assertion-Ref = <HTTPS://as.example/a?x=1;y=2>", 1,
      { { "Assertion-Ref", "<HTTPS://as.example/a?x=1;y=2>", AISID_PARAM_ASSERTION_REF, false } },
      0, -1, AISID_REF_OK, "HTTPS://as.example/a?x=1;y=2", NULL },
    { "id;assertion-ref=<http://as.example/a>", 1,
      { { "assertion-ref", "<http://as.example/a>", AISID_PARAM_ASSERTION_REF, false } },
      0, -1, AISID_REF_INSECURE, "http://as.example/a", "https" },
    { "id;assertion-ref=<urn:ietf:params:x>", 1,
      { { "assertion-ref", "<urn:ietf:params:x>", AISID_PARAM_ASSERTION_REF, false } },
      0, -1, AISID_REF_INSECURE, "urn:ietf:params:x", "https" },
    { "id;assertion-ref=\"https://as.example/a\"", 1,
      { { "assertion-ref", "\"https://as.example/a\"", AISID_PARAM_ASSERTION_REF, false } },
      0, -1, AISID_REF_OK, "https://as.example/a", NULL },
    { "id;assertion-ref=\"not a uri\"", 1,
      { { "assertion-ref", "\"not a uri\"", AISID_PARAM_ASSERTION_REF, false } },
      0, -1, AISID_REF_MALFORMED, "not a uri", "no scheme" },
    { "id;assertion-ref=</relative/path>", 1,
      { { "assertion-ref", "</relative/path>", AISID_PARAM_ASSERTION_REF, false } },
      0, -1, AISID_REF_MALFORMED, "/relative/path", "absolute" },
    { "id;assertion-ref=<https://as.example/a;x=1", 1,
      { { "assertion-ref", "<https://as.example/a;x=1", AISID_PARAM_ASSERTION_REF, true } },
      0, -1, AISID_REF_MALFORMED, NULL, "missing closing '>'" },
    { "id;assertion-ref=\"https://as.example/a", 1,
      { { "assertion-ref", "\"https://as.example/a", AISID_PARAM_ASSERTION_REF, true } },
      0, -1, AISID_REF_MALFORMED, NULL, "missing closing quote" },
    { "id;assertion-ref=<https://as.example/a>x", 1,
      { { "assertion-ref", "<https://as.example/a>x", AISID_PARAM_ASSERTION_REF, false } },
      0, -1, AISID_REF_MALFORMED, "https://as.example/a", "after" },
    { "id;assertion-ref=https://as.example/a", 1,
      { { "assertion-ref", "https://as.example/a", AISID_PARAM_ASSERTION_REF, false } },
      0, -1, AISID_REF_MALFORMED, NULL, "enclosed" },
    { "id;assertion-ref", 1,
      { { "assertion-ref", NULL, AISID_PARAM_ASSERTION_REF, false } },
      0, -1, AISID_REF_MALFORMED, NULL, "no value" },
    { "id;assertion-ref=<>", 1,
      { { "assertion-ref", "<>", AISID_PARAM_ASSERTION_REF, false } },
      0, -1, AISID_REF_MALFORMED, "", "empty" },
    { "id;assertion=aaa.bbb.ccc;ASSERTION-REF=<https://x.example/>", 2,
      { { "assertion", "aaa.bbb.ccc", AISID_PARAM_ASSERTION, false },
        { "ASSERTION-REF", "<https://x.example/>", AISID_PARAM_ASSERTION_REF, false } },
      1, 0, AISID_REF_OK, "https://x.example/", NULL },
    { "id;x;assertion-ref=<https://a.example/1>;assertion-ref=<http://b.example/>", 3,
      { { "x", NULL, AISID_PARAM_GENERIC, false },
        { "assertion-ref", "<https://a.example/1>", AISID_PARAM_ASSERTION_REF, false },
        { "assertion-ref", "<http://b.example/>", AISID_PARAM_ASSERTION_REF, false } },
      1, -1, AISID_REF_OK, "https://a.example/1", NULL },
    { "id;assertions=1;assertion-refx=2", 2,
      { { "assertions", "1", AISID_PARAM_GENERIC, false },
        { "assertion-refx", "2", AISID_PARAM_GENERIC, false } },
      -1, -1, AISID_REF_NONE, NULL, NULL },
};

static void test_params(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(param_cases); i++) {
        size_t len = strlen(param_cases[i].in);
        char *buf = exact_copy(param_cases[i].in, len);
        aisid_header_t h;
        aisid_header_parse(buf, len, &h);
        g_assert_cmpuint(h.n_params, ==, param_cases[i].n);
        g_assert_false(h.params_truncated);
        for (unsigned k = 0; k < h.n_params; k++) {
            const pexp_t *e = &param_cases[i].p[k];
            assert_span(h.params[k].name, e->name);
            assert_span(h.params[k].value, e->value);
            g_assert_cmpint(h.params[k].kind, ==, e->kind);
            g_assert_cmpint(h.params[k].malformed, ==, e->malformed);
        }
        g_assert_cmpint(h.ref_index, ==, param_cases[i].ref_index);
        g_assert_cmpint(h.assertion_index, ==, param_cases[i].assertion_index);
        g_assert_cmpint(h.ref_status, ==, param_cases[i].ref);
        if (param_cases[i].ref_uri != NULL)
            assert_span(h.ref_uri, param_cases[i].ref_uri);
        if (param_cases[i].ref_error == NULL) {
            g_assert_null(h.ref_error);
        } else {
            g_assert_nonnull(h.ref_error);
            g_assert_nonnull(strstr(h.ref_error, param_cases[i].ref_error));
        }
        g_free(buf);
    }
}

static void test_whole_and_value(void)
{
    const char *in = "  abc ; x = \"1\" ;  y\t \r\n";
    aisid_header_t h;
    aisid_header_parse(in, strlen(in), &h);
    assert_span(h.value, "abc ; x = \"1\" ;  y");
    assert_span(h.id, "abc");
    g_assert_cmpuint(h.n_params, ==, 2);
    assert_span(h.params[0].whole, "x = \"1\"");
    assert_span(h.params[1].whole, "y");
    g_assert_cmpuint(aisid_span_offset(h.id, in), ==, 2);
}

static void test_too_many_params(void)
{
    GString *s = g_string_new("id");
    for (int i = 0; i < AISID_MAX_PARAMS + 3; i++)
        g_string_append_printf(s, ";p%d=%d", i, i);
    aisid_header_t h;
    aisid_header_parse(s->str, s->len, &h);
    g_assert_cmpuint(h.n_params, ==, AISID_MAX_PARAMS);
    g_assert_true(h.params_truncated);
    assert_span(h.params[AISID_MAX_PARAMS - 1].name, "p15");
    g_string_free(s, TRUE);

    /* Exactly the maximum is not truncated. */
    s = g_string_new("id");
    for (int i = 0; i < AISID_MAX_PARAMS; i++)
        g_string_append_printf(s, ";p%d", i);
    aisid_header_parse(s->str, s->len, &h);
    g_assert_cmpuint(h.n_params, ==, AISID_MAX_PARAMS);
    g_assert_false(h.params_truncated);
    g_string_free(s, TRUE);
}

/* AISID_MAX_VALUE_LEN: only that much is parsed; the identifier or the
 * parameter that crosses it is cut (a cut parameter is not interpreted),
 * and parameters past AISID_MAX_PARAMS are counted, not parsed. */
static void test_value_bound(void)
{
    aisid_header_t h;

    /* an identifier longer than the bound */
    size_t big = AISID_MAX_VALUE_LEN + 1000;
    char *v = g_malloc(big);
    memset(v, 'a', big);
    aisid_header_parse(v, big, &h);
    g_assert_true(h.value_cut);
    g_assert_cmpuint(h.parsed_len, ==, AISID_MAX_VALUE_LEN);
    g_assert_cmpuint(h.value.len, ==, big);
    g_assert_cmpuint(h.id.len, ==, AISID_MAX_VALUE_LEN);
    g_assert_cmpuint(h.n_params_total, ==, 0);
    g_assert_true(h.id_flags & AISID_ID_TOO_LONG);

    /* an assertion that crosses the bound: cut, not an assertion */
    memcpy(v, "id;assertion=", 13);
    aisid_header_parse(v, big, &h);
    g_assert_true(h.value_cut);
    assert_span(h.id, "id");
    g_assert_cmpuint(h.n_params, ==, 1);
    g_assert_true(h.params[0].cut);
    g_assert_cmpint(h.params[0].kind, ==, AISID_PARAM_GENERIC);
    g_assert_cmpint(h.assertion_index, ==, -1);

    /* exactly the bound: nothing cut */
    aisid_header_parse(v, AISID_MAX_VALUE_LEN, &h);
    g_assert_false(h.value_cut);
    g_assert_cmpint(h.assertion_index, ==, 0);
    g_assert_false(h.params[0].cut);
    g_free(v);

    /* thousands of parameters: counted within the bound, 16 parsed */
    GString *s = g_string_new("id");
    for (int i = 0; i < 3000; i++)
        g_string_append(s, ";p=1");
    aisid_header_parse(s->str, s->len, &h);
    g_assert_cmpuint(h.n_params, ==, AISID_MAX_PARAMS);
    g_assert_cmpuint(h.n_params_total, ==, 3000);
    g_assert_true(h.params_truncated);
    g_assert_cmpuint(h.params_rest_off, ==, 2 + 4 * AISID_MAX_PARAMS + 1);
    g_string_free(s, TRUE);
}

/* Bytes no gen-value holds (RFC 3261 25.1): the parameter is malformed,
 * and the first such byte is named. */
static void test_param_bytes(void)
{
#define B(lit) lit, sizeof lit - 1
    static const struct { const char *v; size_t len; bool bad; size_t off; } cases[] = {
        { B("id;foo=a\0b"), true, 5 },
        { B("id;foo=\xc0\xaf"), true, 4 },
        { B("id;foo=a\x7f"), true, 5 },
        { B("id;foo=\"caf\xc3\xa9\""), false, 0 },   /* UTF-8 inside quotes */
        { B("id;f@o=1"), true, 1 },
        { B("id;foo=bar"), false, 0 },
    };
#undef B
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        aisid_header_t h;
        char *v = exact_copy(cases[i].v, cases[i].len);
        aisid_header_parse(v, cases[i].len, &h);
        g_assert_cmpuint(h.n_params, ==, 1);
        g_assert_cmpint(h.params[0].malformed, ==, cases[i].bad);
        g_assert_cmpint(h.params[0].bad_byte, ==, cases[i].bad);
        if (cases[i].bad) {
            g_assert_nonnull(h.params[0].why);
            g_assert_cmpuint(h.params[0].bad_off, ==, cases[i].off);
        }
        g_free(v);
    }
}

static void test_span_ieq(void)
{
    static const struct { const char *s; size_t len; const char *str; bool eq; } cases[] = {
        { "Call-ID", 7, "call-id", true },
        { "Call-IDx", 7, "CALL-ID", true },
        { "Call-ID", 4, "call-id", false },
        { "", 0, "", true },
        { NULL, 0, "", false },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        aisid_span_t sp = { cases[i].s, cases[i].len };
        g_assert_cmpint(aisid_span_ieq(sp, cases[i].str), ==, cases[i].eq);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/value/token_chars", test_token_chars);
    g_test_add_func("/value/ids", test_ids);
    g_test_add_func("/value/params", test_params);
    g_test_add_func("/value/whole_and_value", test_whole_and_value);
    g_test_add_func("/value/too_many_params", test_too_many_params);
    g_test_add_func("/value/span_ieq", test_span_ieq);
    g_test_add_func("/value/value_bound", test_value_bound);
    g_test_add_func("/value/param_bytes", test_param_bytes);
    return g_test_run();
}
