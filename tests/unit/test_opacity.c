/* test_opacity.c
 * REQ9: the identifier must not encode the Call-ID, tags, user, host or IP
 * addresses of the message.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "unit_common.h"

static const char *msgs[] = {
    "INVITE sip:carol@chicago.example.com SIP/2.0\r\n"
    "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf\r\n"
    "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n"
    "\r\n",
    /* short pieces: tag "ab", user "bo", Call-ID local part "x1" */
    "SIP/2.0 200 OK\r\n"
    "To: <sip:bo@h.example>;tag=ab\r\n"
    "From: <sip:al@h.example>;tag=cd\r\n"
    "Call-ID: x1@y\r\n"
    "\r\n",
};

static const struct {
    int msg;                   /* index into msgs, -1 for none */
    const char *id;
    aisid_piece_t piece;
    const char *text;          /* the hit, NULL when none */
} cases[] = {
    { 0, "a84b4c76e66710@pc33.atlanta.com", AISID_PIECE_CALL_ID, "a84b4c76e66710@pc33.atlanta.com" },
    { 0, "x-A84B4C76E66710-y", AISID_PIECE_CALL_ID, "A84B4C76E66710" },
    { 0, "sess-1928301774", AISID_PIECE_FROM_TAG, "1928301774" },
    { 0, "A6C85CF.x", AISID_PIECE_TO_TAG, "A6C85CF" },
    { 0, "alice-session", AISID_PIECE_FROM_USER, "alice" },
    { 0, "s.Atlanta.COM.1", AISID_PIECE_FROM_HOST, "Atlanta.COM" },
    { 0, "bob-biloxi", AISID_PIECE_NONE, NULL },           /* "bob" is too short */
    { 0, "for-biloxi.com", AISID_PIECE_TO_HOST, "biloxi.com" },
    { 0, "carol.1", AISID_PIECE_RURI_USER, "carol" },
    { 0, "chicago.example.com!", AISID_PIECE_RURI_HOST, "chicago.example.com" },
    { 0, "ip-10.1.2.3-x", AISID_PIECE_IPV4, "10.1.2.3" },
    { 0, "10.1.2.3", AISID_PIECE_IPV4, "10.1.2.3" },
    { 0, "255.255.255.255", AISID_PIECE_IPV4, "255.255.255.255" },
    { 0, "10.1.2.300", AISID_PIECE_NONE, NULL },
    { 0, "1.2.3.4.5", AISID_PIECE_NONE, NULL },
    { 0, "v1.2.3", AISID_PIECE_NONE, NULL },
    { 0, "2001:db8::1", AISID_PIECE_IPV6, "2001:db8::1" },
    { 0, "at-[2001:DB8::1]", AISID_PIECE_IPV6, "2001:DB8::1" },
    { 0, "fe80:0:0:0:0:0:0:1.", AISID_PIECE_IPV6, "fe80:0:0:0:0:0:0:1" },
    { 0, "::1", AISID_PIECE_IPV6, "::1" },
    { 0, "::ffff:192.0.2.1", AISID_PIECE_IPV4, "192.0.2.1" },
    { 0, "00:11:22:33:44:55", AISID_PIECE_NONE, NULL },
    { 0, "1:2:3:4:5:6:7:8:9", AISID_PIECE_NONE, NULL },
    { 0, "a:::b", AISID_PIECE_NONE, NULL },
    { 0, "f81d4fae-7dec-41d0-a765-00a0c91e6bf6", AISID_PIECE_NONE, NULL },
    { 0, "", AISID_PIECE_NONE, NULL },
    { 1, "xxabyy-cd-bo-al-x1", AISID_PIECE_NONE, NULL },
    { 1, "H.EXAMPLE", AISID_PIECE_FROM_HOST, "H.EXAMPLE" },  /* From before To */
    { -1, "a84b4c76e66710", AISID_PIECE_NONE, NULL },
    { -1, "id-10.1.2.3", AISID_PIECE_IPV4, "10.1.2.3" },
};

static void test_table(void)
{
    aisid_sip_msg_t m[G_N_ELEMENTS(msgs)];
    for (size_t i = 0; i < G_N_ELEMENTS(msgs); i++)
        g_assert_true(aisid_sip_scan(msgs[i], strlen(msgs[i]), &m[i]));

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        size_t len = strlen(cases[i].id);
        char *buf = exact_copy(cases[i].id, len);
        aisid_opacity_hit_t hit;
        g_test_message("%s", cases[i].id);
        bool r = aisid_opacity_check((aisid_span_t){ buf, len },
                                     cases[i].msg < 0 ? NULL : &m[cases[i].msg], &hit);
        g_assert_cmpint(r, ==, cases[i].piece != AISID_PIECE_NONE);
        g_assert_cmpint(hit.piece, ==, cases[i].piece);
        assert_span(hit.text, cases[i].text);
        g_free(buf);
    }
}

static void test_long(void)
{
    /* Long identifier and long Call-ID: must stay linear and still match. */
    size_t n = 100000;
    char *id = g_malloc(n);
    memset(id, 'a', n);
    memcpy(id + n - 5, "b1234", 5);
    char *msg = g_strdup_printf("SIP/2.0 200 OK\r\nCall-ID: %.*sb1234\r\n\r\n", 5000, id);
    aisid_sip_msg_t m;
    g_assert_true(aisid_sip_scan(msg, strlen(msg), &m));
    aisid_opacity_hit_t hit;
    g_assert_true(aisid_opacity_check((aisid_span_t){ id, n }, &m, &hit));
    g_assert_cmpint(hit.piece, ==, AISID_PIECE_CALL_ID);
    g_assert_cmpuint(hit.text.len, ==, 5005);
    g_free(msg);
    g_free(id);
}

static void test_piece_str(void)
{
    g_assert_cmpstr(aisid_piece_str(AISID_PIECE_CALL_ID), ==, "Call-ID");
    g_assert_cmpstr(aisid_piece_str(AISID_PIECE_FROM_TAG), ==, "From tag");
    g_assert_cmpstr(aisid_piece_str(AISID_PIECE_IPV4), ==, "IPv4 address");
    for (int p = AISID_PIECE_NONE; p <= AISID_PIECE_RURI_HOST; p++)
        g_assert_nonnull(aisid_piece_str((aisid_piece_t)p));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/opacity/table", test_table);
    g_test_add_func("/opacity/long", test_long);
    g_test_add_func("/opacity/piece_str", test_piece_str);
    return g_test_run();
}
