/* test_sip.c
 * The SIP scanner: start lines (RFC 3261 section 7.1, 7.2), header names
 * and compact forms (section 7.3.3, 20), folding (7.3.1), tags, Replaces
 * (RFC 3891), Refer-To (RFC 3515), Referred-By (RFC 3892), Session-ID
 * (RFC 7989), and finding the start of a message from inside it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "unit_common.h"

typedef struct {
    const char *name;
    const char *msg;
    bool ok;
    bool is_request;
    const char *method;
    unsigned status;
    const char *ruri, *ruri_user, *ruri_host;
    const char *call_id, *from_tag, *to_tag;
    const char *from_user, *from_host, *to_user, *to_host;
    uint32_t cseq;
    const char *cseq_method;
    const char *replaces, *refer_to, *referred_by, *session_id;
    int headers_end;            /* -1: the whole message, -2: where "body" is */
} sip_case_t;

/* RFC 3261 section 24.2, F1 (Via shortened). */
#define INVITE_F1 \
    "INVITE sip:bob@biloxi.com SIP/2.0\r\n" \
    "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\n" \
    "Max-Forwards: 70\r\n" \
    "To: Bob <sip:bob@biloxi.com>\r\n" \
    "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n" \
    "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n" \
    "CSeq: 314159 INVITE\r\n" \
    "Contact: <sip:alice@pc33.atlanta.com>\r\n" \
    "Content-Length: 0\r\n" \
    "\r\n"

static const sip_case_t cases[] = {
    { .name = "rfc3261 F1", .msg = INVITE_F1, .ok = true, .is_request = true,
      .method = "INVITE", .ruri = "sip:bob@biloxi.com", .ruri_user = "bob",
      .ruri_host = "biloxi.com", .call_id = "a84b4c76e66710@pc33.atlanta.com",
      .from_tag = "1928301774", .from_user = "alice", .from_host = "atlanta.com",
      .to_user = "bob", .to_host = "biloxi.com", .cseq = 314159, .cseq_method = "INVITE",
      .headers_end = -1 },
    { .name = "response, compact forms, bare LF",
      .msg = "SIP/2.0 180 Ringing\n"
             "v: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\n"
             "t: Bob <sip:bob@biloxi.com>;tag=a6c85cf\n"
             "f: Alice <sip:alice@atlanta.com>;tag=1928301774\n"
             "i: a84b4c76e66710\n"
             "cseq: 1 INVITE\n"
             "\n"
             "body",
      .ok = true, .status = 180, .call_id = "a84b4c76e66710",
      .from_tag = "1928301774", .to_tag = "a6c85cf", .from_user = "alice",
      .from_host = "atlanta.com", .to_user = "bob", .to_host = "biloxi.com",
      .cseq = 1, .cseq_method = "INVITE", .headers_end = -2 },
    { .name = "case-insensitive names, odd spacing",
      .msg = "sip/2.0 200 OK\r\n"
             "CALL-ID :   abc@host  \r\n"
             "FROM:<sip:carol@chicago.example.com>;TAG = xyz123;other=\"q;tag=no\"\r\n"
             "tO:sip:dave@example.org;tag=t0t0\r\n"
             "SESSION-ID: ab30317f1a784dc48ff824d0d3715d86;remote=47755a9de7794ba387653f2099600ef2\r\n"
             "\r\n",
      .ok = true, .status = 200, .call_id = "abc@host", .from_tag = "xyz123",
      .to_tag = "t0t0", .from_user = "carol", .from_host = "chicago.example.com",
      .to_user = "dave", .to_host = "example.org",
      .session_id = "ab30317f1a784dc48ff824d0d3715d86;remote=47755a9de7794ba387653f2099600ef2",
      .headers_end = -1 },
    { .name = "REFER with embedded Replaces",
      .msg = "REFER sip:bob@192.0.2.4 SIP/2.0\r\n"
             "Call-ID: 3848276298220188511@atlanta.example.com\r\n"
             "From: <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
             "To: <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n"
             "CSeq: 93809824 REFER\r\n"
             "Refer-To: <sip:carol@chicago.example.com?Replaces=12345%40192.0.2.1%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994>\r\n"
             "Referred-By: <sip:alice@atlanta.example.com>\r\n"
             "\r\n",
      .ok = true, .is_request = true, .method = "REFER", .ruri = "sip:bob@192.0.2.4",
      .ruri_user = "bob", .ruri_host = "192.0.2.4",
      .call_id = "3848276298220188511@atlanta.example.com", .from_tag = "1928301774",
      .to_tag = "a6c85cf", .from_user = "alice", .from_host = "atlanta.example.com",
      .to_user = "bob", .to_host = "biloxi.example.com", .cseq = 93809824, .cseq_method = "REFER",
      .refer_to = "<sip:carol@chicago.example.com?Replaces=12345%40192.0.2.1%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994>",
      .referred_by = "<sip:alice@atlanta.example.com>", .headers_end = -1 },
    { .name = "compact r and b, Replaces header",
      .msg = "INVITE sips:+15551234@gw.example.net;user=phone SIP/2.0\r\n"
             "r: <sip:x@y.example>\r\n"
             "b: <sip:z@w.example>\r\n"
             "Replaces: 98asjd8@test.example.com;to-tag=12345;from-tag=54321;early-only\r\n"
             "To: <tel:+15551234567;phone-context=example.com>\r\n"
             "From: \"A <b>; tag=no\" <sip:alice@[2001:db8::1]:5060>;tag=yes\r\n"
             "\r\n",
      .ok = true, .is_request = true, .method = "INVITE",
      .ruri = "sips:+15551234@gw.example.net;user=phone", .ruri_user = "+15551234",
      .ruri_host = "gw.example.net", .from_tag = "yes", .from_user = "alice",
      .from_host = "2001:db8::1", .to_user = "+15551234567",
      .replaces = "98asjd8@test.example.com;to-tag=12345;from-tag=54321;early-only",
      .refer_to = "<sip:x@y.example>", .referred_by = "<sip:z@w.example>", .headers_end = -1 },
    { .name = "folded lines",
      .msg = "BYE sip:a@b.example SIP/2.0\r\n"
             "Subject: I know you're there,\r\n"
             "         pick up the phone\r\n"
             "Call-ID:\r\n"
             "   folded-callid@host\r\n"
             "From: Alice\r\n"
             "\t<sip:alice@atlanta.com>\r\n"
             " ;tag=88sja8x\r\n"
             "CSeq: 4711\r\n"
             "  BYE\r\n"
             "\r\n",
      .ok = true, .is_request = true, .method = "BYE", .ruri = "sip:a@b.example",
      .ruri_user = "a", .ruri_host = "b.example", .call_id = "folded-callid@host",
      .from_tag = "88sja8x", .from_user = "alice", .from_host = "atlanta.com",
      .cseq = 4711, .cseq_method = "BYE", .headers_end = -1 },
    { .name = "first header wins, no headers end",
      .msg = "MESSAGE sip:host.example SIP/2.0\r\n"
             "Call-ID: first\r\n"
             "i: second\r\n"
             "CSeq: 99999999999 MESSAGE\r\n"
             "Content-Length: 0",
      .ok = true, .is_request = true, .method = "MESSAGE", .ruri = "sip:host.example",
      .ruri_host = "host.example", .call_id = "first", .cseq = 0, .cseq_method = "MESSAGE",
      .headers_end = -1 },
    { .name = "missing headers", .msg = "OPTIONS sip:host.example SIP/2.0\r\n\r\n",
      .ok = true, .is_request = true, .method = "OPTIONS", .ruri = "sip:host.example",
      .ruri_host = "host.example", .headers_end = -1 },
    { .name = "leading CRLF keep-alives", .msg = "\r\n\r\nACK sip:h.example SIP/2.0\r\n\r\n",
      .ok = true, .is_request = true, .method = "ACK", .ruri = "sip:h.example",
      .ruri_host = "h.example", .headers_end = -1 },
    { .name = "start line only, no EOL", .msg = "SIP/2.0 404",
      .ok = true, .status = 404, .headers_end = -1 },
    /* not SIP */
    { .name = "empty", .msg = "", .ok = false, .headers_end = -1 },
    { .name = "garbage", .msg = "hello world\r\n\r\n", .ok = false, .headers_end = -1 },
    { .name = "http", .msg = "GET / HTTP/1.1\r\nHost: x\r\n\r\n", .ok = false, .headers_end = -1 },
    { .name = "two-digit status", .msg = "SIP/2.0 99 Bad\r\n", .ok = false, .headers_end = -1 },
    { .name = "four-digit status", .msg = "SIP/2.0 1000 Bad\r\n", .ok = false, .headers_end = -1 },
    { .name = "bad version", .msg = "INVITE sip:x SIP/2.0X\r\n", .ok = false, .headers_end = -1 },
    { .name = "bad version 2", .msg = "INVITE sip:x SIP/.0\r\n", .ok = false, .headers_end = -1 },
    { .name = "double space", .msg = "INVITE  sip:x SIP/2.0\r\n", .ok = false, .headers_end = -1 },
    { .name = "header first", .msg = "Subject: call SIP/2.0\r\n\r\n", .ok = false, .headers_end = -1 },
    { .name = "colon", .msg = ":", .ok = false, .headers_end = -1 },
    { .name = "only CRLF", .msg = "\r\n\r\n", .ok = false, .headers_end = -1 },
    { .name = "binary", .msg = "\x01\x02\xff SIP/2.0", .ok = false, .headers_end = -1 },
};

static void test_scan(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        const sip_case_t *c = &cases[i];
        size_t len = strlen(c->msg);
        char *buf = exact_copy(c->msg, len);
        aisid_sip_msg_t m;
        g_test_message("%s", c->name);
        g_assert_cmpint(aisid_sip_scan(buf, len, &m), ==, c->ok);
        aisid_sip_msg_uris(&m);
        g_assert_cmpint(m.is_request, ==, c->is_request);
        assert_span(m.method, c->method);
        g_assert_cmpuint(m.status_code, ==, c->status);
        assert_span(m.ruri, c->ruri);
        assert_span(m.ruri_user, c->ruri_user);
        assert_span(m.ruri_host, c->ruri_host);
        assert_span(m.call_id, c->call_id);
        assert_span(m.from_tag, c->from_tag);
        assert_span(m.to_tag, c->to_tag);
        assert_span(m.from_user, c->from_user);
        assert_span(m.from_host, c->from_host);
        assert_span(m.to_user, c->to_user);
        assert_span(m.to_host, c->to_host);
        g_assert_cmpuint(m.cseq, ==, c->cseq);
        assert_span(m.cseq_method, c->cseq_method);
        assert_span(m.replaces, c->replaces);
        assert_span(m.refer_to, c->refer_to);
        assert_span(m.referred_by, c->referred_by);
        assert_span(m.session_id, c->session_id);
        size_t want_end = c->headers_end == -1 ? len
                        : c->headers_end == -2 ? (size_t)(strstr(c->msg, "body") - c->msg)
                        : (size_t)c->headers_end;
        g_assert_cmpuint(m.headers_end, ==, want_end);
        g_free(buf);
    }
}

static const struct {
    const char *uri;
    const char *user, *host;
} uri_cases[] = {
    { "sip:alice@atlanta.com", "alice", "atlanta.com" },
    { "sips:alice:secret@atlanta.com:5061;transport=tls", "alice", "atlanta.com" },
    { "<sip:alice@atlanta.com>;tag=1", "alice", "atlanta.com" },
    { "\"Al <ice>\" <sip:alice@atlanta.com>", "alice", "atlanta.com" },
    { "Alice <sip:alice@atlanta.com?subject=x>", "alice", "atlanta.com" },
    { "sip:atlanta.com", NULL, "atlanta.com" },
    { "sip:10.1.2.3:5060", NULL, "10.1.2.3" },
    { "sip:bob@[2001:db8::1]", "bob", "2001:db8::1" },
    { "<sip:bob;x=y@example.com>", "bob;x=y", "example.com" },
    { "tel:+1-201-555-0123;ext=1", "+1-201-555-0123", NULL },
    { "<sip:alice@atlanta.com", "alice", "atlanta.com" },
    { "", NULL, NULL },
    { "<>", NULL, NULL },
    { "sip:", NULL, NULL },
};

static void test_uri_parts(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(uri_cases); i++) {
        size_t len = strlen(uri_cases[i].uri);
        char *buf = exact_copy(uri_cases[i].uri, len);
        aisid_span_t user, host;
        g_test_message("%s", uri_cases[i].uri);
        aisid_sip_uri_parts((aisid_span_t){ buf, len }, &user, &host);
        assert_span(user, uri_cases[i].user);
        assert_span(host, uri_cases[i].host);
        g_free(buf);
    }
    aisid_span_t u, h;
    aisid_sip_uri_parts((aisid_span_t){ NULL, 0 }, &u, &h);
    assert_span(u, NULL);
    assert_span(h, NULL);
}

/* --------------------------------------------------- find_message_start */

#define MSG2 \
    "SIP/2.0 200 OK\r\n" \
    "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\n" \
    "Subject: this line ends like a request SIP/2.0\r\n" \
    "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n" \
    "\r\n"

#define MSG1_TWO INVITE_F1 MSG2

static void test_find_start(void)
{
    const char *two = MSG1_TWO;
    size_t len = strlen(two);
    char *buf = exact_copy(two, len);
    size_t second = strlen(INVITE_F1);

    /* inside the 3rd header (Subject) of the second message */
    const char *subj = strstr(two + second, "this line");
    size_t in3 = (size_t)(subj - two) + 3;
    g_assert_cmpuint(aisid_sip_find_message_start(buf, len, in3), ==, second);
    /* the Call-ID after it, the start line itself, its first byte */
    size_t cid = (size_t)(strstr(two + second, "Call-ID") - two) + 10;
    g_assert_cmpuint(aisid_sip_find_message_start(buf, len, cid), ==, second);
    g_assert_cmpuint(aisid_sip_find_message_start(buf, len, second + 5), ==, second);
    g_assert_cmpuint(aisid_sip_find_message_start(buf, len, second), ==, second);
    /* inside the first message */
    size_t from = (size_t)(strstr(two, "From:") - two) + 8;
    g_assert_cmpuint(aisid_sip_find_message_start(buf, len, from), ==, 0);
    g_assert_cmpuint(aisid_sip_find_message_start(buf, len, 0), ==, 0);
    g_assert_cmpuint(aisid_sip_find_message_start(buf, len, 3), ==, 0);
    /* out of range */
    g_assert_cmpuint(aisid_sip_find_message_start(buf, len, len + 1), ==, (size_t)-1);
    g_assert_cmpuint(aisid_sip_find_message_start(NULL, 0, 0), ==, (size_t)-1);
    g_free(buf);

    /* No start line above: header lines alone, one of them ending in
     * " SIP/2.0" after a name with a colon. */
    static const char *no_start[] = {
        "Subject: call me SIP/2.0\r\nCall-ID: x\r\n",
        "X-Foo:a b SIP/2.0\r\nTo: <sip:a@b>\r\n",
        " folded sip:x SIP/2.0\r\nTo: <sip:a@b>\r\n",
        "INVITE sip:x SIP/2.0\r\n\r\nbody line\r\nmore\r\n",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(no_start); i++) {
        size_t l = strlen(no_start[i]);
        char *b = exact_copy(no_start[i], l);
        g_assert_cmpuint(aisid_sip_find_message_start(b, l, l - 3), ==, (size_t)-1);
        g_free(b);
    }

    /* Bare LF. */
    const char *lf = "junk\nNOTIFY sip:x@y SIP/2.0\nEvent: refer\nTo: <sip:a@b>\n";
    size_t lflen = strlen(lf);
    char *b = exact_copy(lf, lflen);
    g_assert_cmpuint(aisid_sip_find_message_start(b, lflen, lflen - 4), ==, 5);
    g_free(b);
}

/* The first SIP message of a frame is preceded, on the same "line", by the
 * binary Ethernet / IP / UDP headers of the data source it is found in.
 * The start line must still be found, and only where binary bytes (not a
 * text header) precede it. */
static const struct {
    const char *name;
    const char *prefix;         /* bytes before the start line             */
    size_t      prefix_len;
    const char *msg;
    size_t      expect_off;     /* from the start of the buffer, or -1     */
} binary_cases[] = {
    { "udp request", "\x45\x00\x01\x2c\x00\x00\x40\x00\x40\x11\x13\xba\x13\xc4", 14,
      "INVITE sip:bob@b SIP/2.0\r\nCall-ID: x\r\nFrom: <sip:a@b>;tag=1\r\n\r\n", 14 },
    /* a UDP checksum 0x0a80: the '\n' leaves one byte above 0x7e alone
     * before the request line (seen in a generated capture) */
    { "lone high byte after a LF", "\x13\xc4\x01\xf8\x0a\x80", 6,
      "REFER sip:caller@10.1.6.236 SIP/2.0\r\nCall-ID: x\r\n\r\n", 6 },
    /* a UDP checksum 0x0a09: the request line looks folded */
    { "tab after a LF", "\x13\xc4\x01\xf4\x0a\x09", 6,
      "REFER sip:caller@10.1.7.79 SIP/2.0\r\nCall-ID: x\r\n\r\n", 6 },
    /* checksums 0x0a38, 0x0a52: a token character between the LF and the
     * method makes "8INVITE" and "RINVITE" (valid tokens); the known
     * method wins */
    { "digit after a LF", "\x13\xc4\x03\x30\x0a\x38", 6,
      "INVITE sip:ai-agent@10.2.0.1 SIP/2.0\r\nCall-ID: x\r\n\r\n", 6 },
    { "letter after a LF", "\x13\xc4\x03\xe1\x0a\x52", 6,
      "INVITE sip:caller@10.1.0.1 SIP/2.0\r\nCall-ID: x\r\n\r\n", 6 },
    { "tilde after a LF", "\x13\xc4\x01\xa8\x0a\x7e", 6,
      "BYE sip:human@10.3.0.9 SIP/2.0\r\nCall-ID: x\r\n\r\n", 6 },
    { "space after a LF", "\x45\x00\x13\xc4\x0a\x20", 6,
      "INVITE sip:bob@b SIP/2.0\r\nCall-ID: x\r\n\r\n", 6 },
    { "status line after a LF and a high byte", "\x01\xf8\x0a\xfe", 4,
      "SIP/2.0 202 Accepted\r\nCall-ID: x\r\n\r\n", 4 },
    /* checksum bytes that happen to be token characters: the known
     * method wins over the longer token run "zAINVITE" */
    { "token chars before the method", "\x00\x08zA", 4,
      "INVITE sip:bob@b SIP/2.0\r\nCall-ID: x\r\n\r\n", 4 },
    { "status line", "\x11\x00\x00", 3,
      "SIP/2.0 180 Ringing\r\nCall-ID: x\r\n\r\n", 3 },
    { "extension method takes the run", "\x01", 1,
      "FOOBAR sip:bob@b SIP/2.0\r\nCall-ID: x\r\n\r\n", 1 },
    { "text before it is a header, not lower layers", "Subject: see", 12,
      " INVITE sip:bob@b SIP/2.0\r\nCall-ID: x\r\n\r\n", (size_t)-1 },
};

static void test_find_start_binary(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(binary_cases); i++) {
        size_t ml = strlen(binary_cases[i].msg), pl = binary_cases[i].prefix_len;
        char *buf = g_malloc(pl + ml);
        g_test_message("%s", binary_cases[i].name);
        memcpy(buf, binary_cases[i].prefix, pl);
        memcpy(buf + pl, binary_cases[i].msg, ml);
        /* inside the Call-ID header */
        size_t in = pl + (size_t)(strstr(binary_cases[i].msg, "Call-ID") - binary_cases[i].msg) + 9;
        g_assert_cmpuint(aisid_sip_find_message_start(buf, pl + ml, in), ==, binary_cases[i].expect_off);
        g_free(buf);
    }

    /* An offset inside the binary bytes, before the start line on their
     * line, is not inside that message (found by fuzz_sip: the start line
     * after it was returned).  Input of tests/fuzz/corpus/sip/regress-*. */
    static const char before[] = " E sip:bob@b SIP/2.0\r\nCFrom:D: x\rINVITE sip:bob@b SIP/2.0\r\n"
                                 "CFrom:D: x\r\n\r\n";
    size_t bl = sizeof before - 1, line2 = 22, invite = 33;
    char *b = exact_copy(before, bl);
    g_assert_cmpuint(aisid_sip_find_message_start(b, bl, line2), ==, (size_t)-1);
    g_assert_cmpuint(aisid_sip_find_message_start(b, bl, invite), ==, invite);
    g_assert_cmpuint(aisid_sip_find_message_start(b, bl, bl - 3), ==, invite);
    g_free(b);
}

/* The Reason-Phrase (RFC 3261 section 7.2) the timeline shows. */
static void test_reason(void)
{
    static const struct { const char *msg, *reason; } cases[] = {
        { "SIP/2.0 180 Ringing\r\nCall-ID: x\r\n\r\n", "Ringing" },
        { "SIP/2.0 486 Busy Here\r\n\r\n", "Busy Here" },
        { "SIP/2.0 200 \r\n\r\n", "" },
        { "SIP/2.0 200\r\n\r\n", "" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        size_t len = strlen(cases[i].msg);
        char *buf = exact_copy(cases[i].msg, len);
        aisid_sip_msg_t m;
        g_assert_true(aisid_sip_scan(buf, len, &m));
        aisid_sip_msg_uris(&m);
        assert_span(m.reason, cases[i].reason);
        g_free(buf);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sip/scan", test_scan);
    g_test_add_func("/sip/uri_parts", test_uri_parts);
    g_test_add_func("/sip/find_message_start", test_find_start);
    g_test_add_func("/sip/find_message_start_binary", test_find_start_binary);
    g_test_add_func("/sip/reason", test_reason);
    return g_test_run();
}
