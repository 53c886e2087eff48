/* test_dialoghdr.c
 * Unit tests of the Replaces (RFC 3891), Refer-To (RFC 3515 / RFC 5589) and
 * Session-ID (RFC 7989) parsers the session graph relies on.  Inputs are
 * exact heap copies so that a read past len shows under ASan / valgrind.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "aisid_session.h"
#include "unit_common.h"

/* ---------------------------------------------------------------- Replaces */

typedef struct {
    const char *in;
    bool        valid;
    const char *call_id, *to_tag, *from_tag;
    bool        early_only;
} replaces_case_t;

static const replaces_case_t replaces_cases[] = {
    /* RFC 3891 section 6.1 */
    { "98732@sip.example.com;from-tag=r33th4x0r;to-tag=ff87ff", true,
      "98732@sip.example.com", "ff87ff", "r33th4x0r", false },
    /* RFC 3891 section 3, early-only */
    { "425928@bobster.example.org;to-tag=7743;from-tag=6472;early-only", true,
      "425928@bobster.example.org", "7743", "6472", true },
    /* LWS around SEMI / EQUAL, case-insensitive names, a quoted generic
     * parameter that hides a ';' */
    { "  abc@h ; To-Tag = 1 ; FROM-TAG=2 ;foo=\"a;b\" ", true,
      "abc@h", "1", "2", false },
    /* the first of a repeated parameter counts */
    { "abc;to-tag=1;from-tag=2;to-tag=3", true, "abc", "1", "2", false },
    /* both tags are mandatory (RFC 3891 6.1) */
    { "abc@h;to-tag=1", false, "abc@h", "1", NULL, false },
    { "abc@h", false, "abc@h", NULL, NULL, false },
    { "", false, "", NULL, NULL, false },
    { ";to-tag=1;from-tag=2", false, "", "1", "2", false },
    { "abc;to-tag=;from-tag=2", false, "abc", NULL, "2", false },
    { "abc;to-tag=1;from-tag=2 junk", false, "abc", "1", "2", false },
    { "abc;to-tag=1;;from-tag=2", false, "abc", "1", "2", false },
    /* a truncated quoted string must stop at len */
    { "abc;to-tag=1;from-tag=2;x=\"unterminated", true, "abc", "1", "2", false },
};

static void test_replaces(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(replaces_cases); i++) {
        const replaces_case_t *c = &replaces_cases[i];
        size_t len = strlen(c->in);
        char *buf = exact_copy(c->in, len);
        aisid_replaces_t r;
        bool ok = aisid_replaces_parse(buf, len, &r);
        if (ok != c->valid)
            g_error("case %zu \"%s\": valid %d, expected %d", i, c->in, ok, c->valid);
        g_assert_cmpint(r.valid, ==, ok);
        assert_span(r.call_id, c->call_id);
        assert_span(r.to_tag, c->to_tag);
        assert_span(r.from_tag, c->from_tag);
        g_assert_cmpint(r.early_only, ==, c->early_only);
        g_free(buf);
    }
    aisid_replaces_t r;
    g_assert_false(aisid_replaces_parse(NULL, 0, &r));
}

/* ---------------------------------------------------------------- Refer-To */

typedef struct {
    const char *in;
    bool        valid;
    const char *uri, *scheme, *user, *host;
    bool        has_replaces;
    const char *decoded;        /* the decoded Replaces value             */
    bool        rep_valid;
    const char *call_id, *to_tag, *from_tag;
} refer_case_t;

static const refer_case_t refer_cases[] = {
    { "<sip:carol@h?Replaces=abc%40h%3Bto-tag%3D1%3Bfrom-tag%3D2>", true,
      "sip:carol@h?Replaces=abc%40h%3Bto-tag%3D1%3Bfrom-tag%3D2", "sip", "carol", "h",
      true, "abc@h;to-tag=1;from-tag=2", true, "abc@h", "1", "2" },
    /* RFC 5589 section 7.1 style, sips */
    { "<sips:Transfer-Target@chicago.example.com?Replaces=090459243588173445%3Bto-tag%3D7553452%3Bfrom-tag%3D31431>",
      true, NULL, "sips", "Transfer-Target", "chicago.example.com",
      true, "090459243588173445;to-tag=7553452;from-tag=31431", true,
      "090459243588173445", "7553452", "31431" },
    /* display name, port, URI parameters, lower-case hex and header name,
     * a second URI header, header parameters after '>' */
    { "\"Carol\" <sip:carol@chicago.example.com:5061;transport=tcp?require=replaces&replaces=x%40y%3bTo-Tag%3da%3bfrom-tag%3db>;method=INVITE",
      true, NULL, "sip", "carol", "chicago.example.com",
      true, "x@y;To-Tag=a;from-tag=b", true, "x@y", "a", "b" },
    /* token display name */
    { "Carol Smith <sip:carol@h>", true, "sip:carol@h", "sip", "carol", "h",
      false, NULL, false, NULL, NULL, NULL },
    /* addr-spec form: ';' starts header parameters */
    { "sip:bob@biloxi.example.com;foo=bar", true, "sip:bob@biloxi.example.com",
      "sip", "bob", "biloxi.example.com", false, NULL, false, NULL, NULL, NULL },
    { "<sip:[2001:db8::1]:5060>", true, NULL, "sip", NULL, "[2001:db8::1]",
      false, NULL, false, NULL, NULL, NULL },
    { "<sip:bob:secret@h>", true, NULL, "sip", "bob", "h",
      false, NULL, false, NULL, NULL, NULL },
    { "<tel:+15551234567;phone-context=example.com>", true, NULL, "tel",
      "+15551234567", NULL, false, NULL, false, NULL, NULL, NULL },
    /* a broken escape is kept as written; the Replaces is then invalid */
    { "<sip:carol@h?Replaces=bad%4>", true, NULL, "sip", "carol", "h",
      true, "bad%4", false, "bad%4", NULL, NULL },
    /* unterminated '<' */
    { "<sip:carol@h?Replaces=bad%", false, NULL, NULL, NULL, NULL,
      false, NULL, false, NULL, NULL, NULL },
    { "<sip:carol@h", false, NULL, NULL, NULL, NULL,
      false, NULL, false, NULL, NULL, NULL },
    { "garbage", false, NULL, NULL, NULL, NULL,
      false, NULL, false, NULL, NULL, NULL },
    { "", false, NULL, NULL, NULL, NULL, false, NULL, false, NULL, NULL, NULL },
};

static void test_refer_to(void)
{
    wmem_allocator_t *scope = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);
    for (size_t i = 0; i < G_N_ELEMENTS(refer_cases); i++) {
        const refer_case_t *c = &refer_cases[i];
        size_t len = strlen(c->in);
        char *buf = exact_copy(c->in, len);
        aisid_refer_to_t r;
        bool ok = aisid_refer_to_parse(scope, buf, len, &r);
        if (ok != c->valid)
            g_error("case %zu \"%s\": valid %d, expected %d", i, c->in, ok, c->valid);
        if (c->uri)
            assert_span(r.uri, c->uri);
        if (c->valid) {
            assert_span(r.scheme, c->scheme);
            assert_span(r.user, c->user);
            assert_span(r.host, c->host);
        }
        g_assert_cmpint(r.has_replaces, ==, c->has_replaces);
        if (c->has_replaces) {
            g_assert_cmpstr(r.replaces_decoded, ==, c->decoded);
            g_assert_cmpuint(r.replaces_decoded_len, ==, strlen(c->decoded));
            g_assert_cmpint(r.replaces.valid, ==, c->rep_valid);
            assert_span(r.replaces.call_id, c->call_id);
            assert_span(r.replaces.to_tag, c->to_tag);
            assert_span(r.replaces.from_tag, c->from_tag);
        } else {
            g_assert_null(r.replaces_decoded);
        }
        g_free(buf);
    }
    /* NULL scope: the decoded copy is the caller's to g_free. */
    const char *in = "<sip:c@h?Replaces=a%3Bto-tag%3D1%3Bfrom-tag%3D2>";
    aisid_refer_to_t r;
    g_assert_true(aisid_refer_to_parse(NULL, in, strlen(in), &r));
    g_assert_true(r.replaces.valid);
    g_assert_cmpstr(r.replaces_decoded, ==, "a;to-tag=1;from-tag=2");
    g_free(r.replaces_decoded);
    wmem_destroy_allocator(scope);
}

/* -------------------------------------------------------------- Session-ID */

#define UUID_A "ab30317f1a784dc48ff824d0d3715d86"
#define UUID_B "47755a9de7794ba387653f2099600ef2"
#define UUID_NULL "00000000000000000000000000000000"

typedef struct {
    const char *in;
    bool        valid;
    const char *local, *remote;   /* expected text of each UUID            */
    bool        has_remote, local_null, remote_null, uppercase;
} sessid_case_t;

static const sessid_case_t sessid_cases[] = {
    /* RFC 7989 section 10 examples */
    { UUID_A ";remote=" UUID_B, true, UUID_A, UUID_B, true, false, false, false },
    { UUID_A ";remote=" UUID_NULL, true, UUID_A, UUID_NULL, true, false, true, false },
    { UUID_B ";remote=" UUID_A, true, UUID_B, UUID_A, true, false, false, false },
    /* the older RFC 7329 form without remote */
    { UUID_A, true, UUID_A, NULL, false, false, true, false },
    { UUID_NULL ";remote=" UUID_B, true, UUID_NULL, UUID_B, true, true, false, false },
    /* generic parameters, LWS, case-insensitive name */
    { " " UUID_A " ; foo=bar ; Remote = " UUID_B " ", true, UUID_A, UUID_B,
      true, false, false, false },
    { "AB30317F1A784DC48FF824D0D3715D86;remote=" UUID_B, true,
      "AB30317F1A784DC48FF824D0D3715D86", UUID_B, true, false, false, true },
    { "ab30317f1a784dc48ff824d0d3715d8", false, "ab30317f1a784dc48ff824d0d3715d8",
      NULL, false, false, true, false },
    { UUID_A "0", false, UUID_A "0", NULL, false, false, true, false },
    { UUID_A ";remote=xyz", false, UUID_A, "xyz", true, false, false, false },
    { "ab30317f-1a78-4dc4-8ff8-24d0d3715d86", false,
      "ab30317f-1a78-4dc4-8ff8-24d0d3715d86", NULL, false, false, true, false },
    { "", false, "", NULL, false, false, true, false },
};

static void hex16(const char *text, uint8_t out[16])
{
    for (int i = 0; i < 16; i++)
        out[i] = (uint8_t)(g_ascii_xdigit_value(text[2 * i]) * 16 +
                           g_ascii_xdigit_value(text[2 * i + 1]));
}

static void test_session_id(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(sessid_cases); i++) {
        const sessid_case_t *c = &sessid_cases[i];
        size_t len = strlen(c->in);
        char *buf = exact_copy(c->in, len);
        aisid_session_id_t s;
        bool ok = aisid_session_id_parse(buf, len, &s);
        if (ok != c->valid)
            g_error("case %zu \"%s\": valid %d, expected %d", i, c->in, ok, c->valid);
        assert_span(s.local_text, c->local);
        assert_span(s.remote_text, c->remote);
        g_assert_cmpint(s.has_remote, ==, c->has_remote);
        if (ok) {
            uint8_t want[16];
            hex16(c->local, want);
            g_assert_cmpmem(s.local, 16, want, 16);
            if (c->has_remote) {
                hex16(c->remote, want);
                g_assert_cmpmem(s.remote, 16, want, 16);
            }
            g_assert_cmpint(s.local_null, ==, c->local_null);
            g_assert_cmpint(s.remote_null, ==, c->remote_null);
            g_assert_cmpint(s.uppercase, ==, c->uppercase);
        }
        g_free(buf);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    wmem_init();
    g_test_add_func("/dialoghdr/replaces", test_replaces);
    g_test_add_func("/dialoghdr/refer_to", test_refer_to);
    g_test_add_func("/dialoghdr/session_id", test_session_id);
    int rc = g_test_run();
    wmem_cleanup();
    return rc;
}
