/* test_http.c
 * The HTTP/1.x scanner, body-to-assertion and URI matching used to resolve
 * an assertion passed by reference from the capture (draft section 8).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "unit_common.h"

#define JWS "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UifQ.c2ln"

static const struct {
    const char *name, *msg;
    bool ok, is_request;
    const char *method, *target, *host, *ctype, *body;
    unsigned status;
    bool chunked;
} scan_cases[] = {
    { "GET", "GET /a/x HTTP/1.1\r\nHost: as.example.net:8080\r\nAccept: */*\r\n\r\n",
      true, true, "GET", "/a/x", "as.example.net:8080", NULL, NULL, 0, false },
    { "200 with Content-Length", "HTTP/1.1 200 OK\r\nContent-Type: application/jose\r\nContent-Length: 5\r\n\r\nabcdeXYZ",
      true, false, NULL, NULL, NULL, "application/jose", "abcde", 200, false },
    { "media type parameters cut", "HTTP/1.0 200 OK\r\ncontent-type: application/json; charset=utf-8\r\n\r\n{}",
      true, false, NULL, NULL, NULL, "application/json", "{}", 200, false },
    { "404 without body", "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
      true, false, NULL, NULL, NULL, NULL, NULL, 404, false },
    { "chunked: no body", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n0\r\n\r\n",
      true, false, NULL, NULL, NULL, NULL, NULL, 200, true },
    { "bare LF", "GET / HTTP/1.1\nHost: h\n\n", true, true, "GET", "/", "h", NULL, NULL, 0, false },
    { "SIP is not HTTP", "INVITE sip:a@b SIP/2.0\r\n\r\n", false, false, NULL, NULL, NULL, NULL, NULL, 0, false },
    { "HTTP/2 preface is not HTTP/1", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", false, false, NULL, NULL, NULL, NULL, NULL, 0, false },
    { "bad status", "HTTP/1.1 2x0 OK\r\n\r\n", false, false, NULL, NULL, NULL, NULL, NULL, 0, false },
    { "empty", "", false, false, NULL, NULL, NULL, NULL, NULL, 0, false },
};

static void test_scan(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(scan_cases); i++) {
        size_t len = strlen(scan_cases[i].msg);
        char *buf = exact_copy(scan_cases[i].msg, len);
        aisid_http_msg_t m;
        g_test_message("%s", scan_cases[i].name);
        g_assert_cmpint(aisid_http_scan(buf, len, &m), ==, scan_cases[i].ok);
        if (scan_cases[i].ok) {
            g_assert_cmpint(m.is_request, ==, scan_cases[i].is_request);
            assert_span(m.method, scan_cases[i].method);
            assert_span(m.target, scan_cases[i].target);
            assert_span(m.host, scan_cases[i].host);
            assert_span(m.content_type, scan_cases[i].ctype);
            assert_span(m.body, scan_cases[i].body);
            g_assert_cmpuint(m.status, ==, scan_cases[i].status);
            g_assert_cmpint(m.chunked, ==, scan_cases[i].chunked);
        }
        g_free(buf);
    }
}

static void test_find(void)
{
    static const char frame[] = "\x45\x00\x00\x3c\x00\x00\x40\x00\x40\x06\x00\x00\x7f\x00\x00\x01"
                                "\x1f\x90\xc3\x50\x00\x00\x00\x00HTTP/1.1 200 OK\r\n\r\n";
    size_t len = sizeof frame - 1;
    char *buf = exact_copy(frame, len);
    g_assert_cmpuint(aisid_http_find_message(buf, len, 0), ==, 24);
    g_free(buf);

    /* a request after binary bytes, one of them a token character ('P') */
    static const char req[] = "\x00\x01PGET /x HTTP/1.1\r\nHost: h\r\n\r\n";
    len = sizeof req - 1;
    buf = exact_copy(req, len);
    g_assert_cmpuint(aisid_http_find_message(buf, len, 0), ==, 3);
    g_free(buf);

    /* "HTTP/1." inside a SIP header is no start line */
    static const char sip[] = "INVITE sip:a@b SIP/2.0\r\nX-Note: see HTTP/1.1 spec\r\n\r\n";
    len = sizeof sip - 1;
    buf = exact_copy(sip, len);
    g_assert_cmpuint(aisid_http_find_message(buf, len, 0), ==, (size_t)-1);
    g_free(buf);
}

static const struct {
    const char *body, *expect;
} body_cases[] = {
    { JWS, JWS },
    { "\r\n  " JWS "\r\n", JWS },
    { "{\"assertion\":\"" JWS "\",\"kid\":\"k\"}", JWS },
    { "{\"kid\":\"k\"}", NULL },
    { "{\"assertion\": 5}", NULL },
    { "a.b", NULL },                /* two parts */
    { "a.b.c.d", NULL },
    { "a+b.c.d", NULL },            /* not base64url */
    { "<html>not found</html>", NULL },
    { "", NULL },
};

static void test_body(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(body_cases); i++) {
        size_t len = strlen(body_cases[i].body);
        char *buf = exact_copy(body_cases[i].body, len);
        char *jws = aisid_assertion_from_body(NULL, buf, len);
        g_test_message("%s", body_cases[i].body);
        g_assert_cmpstr(jws, ==, body_cases[i].expect);
        g_free(jws);
        g_free(buf);
    }
}

static const struct {
    const char *uri, *host, *target;
    bool match;
} uri_cases[] = {
    { "http://127.0.0.60:8080/a/x", "127.0.0.60:8080", "/a/x", true },
    { "https://as.example.net/a/x?v=1", "AS.example.net", "/a/x?v=1", true },
    { "https://as.example.net/a/x", "as.example.net", "/a/y", false },
    { "https://as.example.net/a/x", "as.example.net:443", "/a/x", false },
    { "https://as.example.net", "as.example.net", "/", true },
    { "http://p.example/a", "proxy:3128", "http://p.example/a", true },
    { "not-a-uri", "h", "/", false },
};

static void test_uri(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(uri_cases); i++) {
        aisid_span_t h = { uri_cases[i].host, strlen(uri_cases[i].host) };
        aisid_span_t t = { uri_cases[i].target, strlen(uri_cases[i].target) };
        g_test_message("%s", uri_cases[i].uri);
        g_assert_cmpint(aisid_uri_matches_request(uri_cases[i].uri, h, t), ==, uri_cases[i].match);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/http/scan", test_scan);
    g_test_add_func("/http/find_message", test_find);
    g_test_add_func("/http/assertion_from_body", test_body);
    g_test_add_func("/http/uri_matches_request", test_uri);
    return g_test_run();
}
