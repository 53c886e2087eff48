/* aisid_gen.c
 * Writes a pcap of N SIP messages for the benchmark (tests/bench/bench.sh):
 * many concurrent AI sessions over UDP and TCP, each of one to several
 * dialogs (blind transfer with REFER, attended transfer with Replaces,
 * re-INVITE, INFO, BYE), a share of them with signed assertions (by
 * reference and embedded, ES256 with the test key), and plain calls and
 * OPTIONS pings without the header.  Deterministic from the seed: the same
 * arguments give the same bytes (ES256 uses RFC 6979 nonces).
 *
 *   aisid-gen [-n N] [-s SEED] [-c CONCURRENT] [-m aisid|plain|nosip]
 *             [-k ES256_KEY.pem] OUT.pcap
 *
 * -m plain writes the same SIP traffic with no AI-Session-ID header at all;
 * -m nosip writes N packets of RTP and HTTP, no SIP.  Nothing is sent on a
 * network: the frames are made up in memory and written to OUT.
 *
 * The captures of testcaptures/ come from real SIP software; this one is
 * synthetic on purpose, for size and repeatability.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <gcrypt.h>

/* ------------------------------------------------------------ PRNG */

/* splitmix64: tiny, good enough, and the same on every platform. */
static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* 0 <= result < n */
static unsigned rnd_below(unsigned n)
{
    return (unsigned)(rnd() % n);
}

static bool chance(unsigned percent)
{
    return rnd_below(100) < percent;
}

/* ------------------------------------------------------------ pcap out */

static FILE *pcap_out;
static uint64_t now_us = 1796119200ULL * 1000000ULL;   /* 2026-12-01 */
static unsigned long frames_written;

static void put_u16(uint8_t *p, unsigned v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

static unsigned csum_add(unsigned sum, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i + 1 < n; i += 2)
        sum += (unsigned)(p[i] << 8 | p[i + 1]);
    if (n & 1)
        sum += (unsigned)(p[n - 1] << 8);
    return sum;
}

static unsigned csum_fold(unsigned sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return ~sum & 0xffff;
}

static void write_record(const uint8_t *frame, size_t len)
{
    uint32_t hdr[4] = {
        (uint32_t)(now_us / 1000000), (uint32_t)(now_us % 1000000), (uint32_t)len, (uint32_t)len,
    };
    /* pcap record headers are in the writer's byte order (the magic tells
     * readers which); frame bytes are network order. */
    if (fwrite(hdr, sizeof hdr, 1, pcap_out) != 1 || fwrite(frame, len, 1, pcap_out) != 1) {
        fprintf(stderr, "aisid-gen: write failed: %s\n", strerror(errno));
        exit(1);
    }
    frames_written++;
}

/* An Ethernet + IPv4 + UDP/TCP frame.  TCP segments carry PSH|ACK with the
 * given sequence and acknowledgement numbers. */
static void write_ip(uint32_t src, uint32_t dst, unsigned sport, unsigned dport, bool tcp,
                     uint32_t seq, uint32_t ack, const char *payload, size_t plen)
{
    static uint8_t f[14 + 20 + 20 + 65536];
    static const uint8_t eth[14] = { 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 8, 0 };
    size_t l4 = tcp ? 20 : 8;
    uint8_t *ip = f + 14, *th = ip + 20;
    static unsigned ip_id;

    if (plen > sizeof f - 54)
        plen = sizeof f - 54;
    memcpy(f, eth, 14);
    memset(ip, 0, 20 + l4);
    ip[0] = 0x45;
    put_u16(ip + 2, (unsigned)(20 + l4 + plen));
    put_u16(ip + 4, ip_id++ & 0xffff);
    ip[8] = 64;
    ip[9] = tcp ? 6 : 17;
    put_u32(ip + 12, src);
    put_u32(ip + 16, dst);
    put_u16(ip + 10, csum_fold(csum_add(0, ip, 20)));
    put_u16(th, sport);
    put_u16(th + 2, dport);
    memcpy(th + l4, payload, plen);
    /* The pseudo-header sum of RFC 768 / RFC 9293 section 3.1. */
    unsigned sum = csum_add(0, ip + 12, 8) + (tcp ? 6u : 17u) + (unsigned)(l4 + plen);
    if (tcp) {
        put_u32(th + 4, seq);
        put_u32(th + 8, ack);
        th[12] = 5 << 4;
        th[13] = 0x18;                      /* PSH, ACK */
        put_u16(th + 14, 65535);
        put_u16(th + 16, csum_fold(csum_add(sum, th, l4 + plen)));
    } else {
        put_u16(th + 4, (unsigned)(8 + plen));
        unsigned c = csum_fold(csum_add(sum, th, l4 + plen));
        put_u16(th + 6, c ? c : 0xffff);
    }
    write_record(f, 14 + 20 + l4 + plen);
}

/* ------------------------------------------------------------ ES256 */

static gcry_sexp_t sign_key;

/* The test key of testcaptures/keys (SEC1 or PKCS#8 PEM): the private
 * scalar follows "02 01 01 04 20" and the public point "03 42 00 04". */
static void load_key(const char *path)
{
    gchar *pem = NULL, *b64;
    GString *body = g_string_new(NULL);
    const uint8_t *d = NULL, *q = NULL;
    gsize der_len = 0;
    guchar *der;

    if (!g_file_get_contents(path, &pem, NULL, NULL)) {
        fprintf(stderr, "aisid-gen: cannot read key %s\n", path);
        exit(1);
    }
    gchar **lines = g_strsplit(pem, "\n", -1);
    for (gchar **l = lines; *l; l++)
        if (**l && strncmp(*l, "-----", 5) != 0)
            g_string_append(body, g_strstrip(*l));
    g_strfreev(lines);
    b64 = g_string_free(body, FALSE);
    der = g_base64_decode(b64, &der_len);
    for (gsize i = 0; i + 5 + 32 <= der_len && !d; i++)
        if (memcmp(der + i, "\x02\x01\x01\x04\x20", 5) == 0)
            d = der + i + 5;
    for (gsize i = 0; i + 4 + 64 <= der_len && !q; i++)
        if (memcmp(der + i, "\x03\x42\x00\x04", 4) == 0)
            q = der + i + 3;
    if (!d || !q ||
        gcry_sexp_build(&sign_key, NULL, "(private-key(ecc(curve \"NIST P-256\")(q %b)(d %b)))",
                        65, q, 32, d) != 0) {
        fprintf(stderr, "aisid-gen: %s is not a P-256 private key\n", path);
        exit(1);
    }
    g_free(der);
    g_free(b64);
    g_free(pem);
}

static void b64url_append(GString *s, const void *data, size_t len)
{
    gchar *b = g_base64_encode(data, len);
    for (gchar *p = b; *p && *p != '='; p++)
        g_string_append_c(s, *p == '+' ? '-' : *p == '/' ? '_' : *p);
    g_free(b);
}

/* A compact JWS (RFC 7515 section 7.1) of the assertion claims for id. */
static char *make_jws(const char *id, uint64_t iat)
{
    GString *s = g_string_new(NULL);
    char *json;
    uint8_t hash[32], sig[64] = { 0 };
    gcry_sexp_t data, res;

    json = g_strdup("{\"alg\":\"ES256\",\"typ\":\"aisid+jwt\",\"kid\":\"aisid-test-es256\"}");
    b64url_append(s, json, strlen(json));
    g_free(json);
    g_string_append_c(s, '.');
    json = g_strdup_printf("{\"aisid\":\"%s\",\"iss\":\"https://as.example.net\","
                           "\"aud\":\"sip:ai-gw.example.com\",\"iat\":%" G_GUINT64_FORMAT
                           ",\"nbf\":%" G_GUINT64_FORMAT ",\"exp\":%" G_GUINT64_FORMAT "}",
                           id, iat, iat, iat + 86400);
    b64url_append(s, json, strlen(json));
    g_free(json);

    gcry_md_hash_buffer(GCRY_MD_SHA256, hash, s->str, s->len);
    if (gcry_sexp_build(&data, NULL, "(data(flags rfc6979)(hash sha256 %b))", 32, hash) != 0 ||
        gcry_pk_sign(&res, data, sign_key) != 0) {
        fprintf(stderr, "aisid-gen: signing failed\n");
        exit(1);
    }
    /* JWS ES256 wants R || S, each 32 bytes big-endian (RFC 7518 3.4). */
    const char *names[2] = { "r", "s" };
    for (int k = 0; k < 2; k++) {
        gcry_sexp_t t = gcry_sexp_find_token(res, names[k], 0);
        size_t n = 0;
        const char *v = t ? gcry_sexp_nth_data(t, 1, &n) : NULL;
        while (v && n > 32 && *v == 0) { v++; n--; }
        if (v && n <= 32)
            memcpy(sig + 32 * k + (32 - n), v, n);
        gcry_sexp_release(t);
    }
    gcry_sexp_release(res);
    gcry_sexp_release(data);
    g_string_append_c(s, '.');
    b64url_append(s, sig, sizeof sig);
    return g_string_free(s, FALSE);
}

/* ------------------------------------------------------------ SIP */

typedef enum { MODE_AISID, MODE_PLAIN, MODE_NOSIP } mode_t_;
static mode_t_ mode = MODE_AISID;

/* One signalling leg: the two endpoints, over UDP or one TCP connection. */
typedef struct {
    uint32_t a_ip, b_ip;            /* a = caller side, b = callee side */
    unsigned a_port, b_port;
    bool tcp;
    uint32_t seq_ab, seq_ba;
} leg_t;

typedef struct {
    char call_id[64];
    char a_tag[24], b_tag[24];
    char a_uri[64], b_uri[64];
    unsigned cseq_a, cseq_b;
    leg_t leg;
} dialog_t;

typedef enum { K_PLAIN_CALL, K_AI_CALL, K_OPTIONS } kind_t;

/* A scripted session: a list of steps, played one per call of step(). */
typedef struct {
    kind_t kind;
    bool with_header;
    char id[40];
    char *params;                   /* ";assertion..." on the first INVITE, or NULL */
    dialog_t d[2];                  /* the current dialog(s) */
    unsigned pc;                    /* next step */
    unsigned script;                /* which script */
    unsigned infos, reinvite;
    uint64_t serial;
} session_t;

static uint64_t serial_next;

static void rand_token(char *buf, size_t n)
{
    static const char a[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (size_t i = 0; i + 1 < n; i++)
        buf[i] = a[rnd_below(sizeof a - 1)];
    buf[n - 1] = '\0';
}

/* A UUIDv7 (RFC 9562 section 5.7) from the clock and the PRNG. */
static void make_uuid7(char out[37])
{
    uint64_t ms = now_us / 1000, r1 = rnd(), r2 = rnd();
    snprintf(out, 37, "%08x-%04x-7%03x-%04x-%012" G_GINT64_MODIFIER "x",
             (unsigned)(ms >> 16), (unsigned)(ms & 0xffff), (unsigned)(r1 & 0xfff),
             (unsigned)(0x8000 | ((r1 >> 12) & 0x3fff)), (guint64)(r2 & 0xffffffffffffULL));
}

static char ipbuf[4][16];
static const char *ipstr(uint32_t ip, int slot)
{
    snprintf(ipbuf[slot], sizeof ipbuf[slot], "%u.%u.%u.%u",
             ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255);
    return ipbuf[slot];
}

static GString *msg;

static void add(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static void add(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_string_append_vprintf(msg, fmt, ap);
    va_end(ap);
}

static void send_msg(leg_t *leg, bool from_a, const char *body)
{
    size_t blen = body ? strlen(body) : 0;
    if (body)
        add("Content-Type: %s\r\n", strncmp(body, "SIP/", 4) == 0 ? "message/sipfrag" : "application/sdp");
    add("Content-Length: %zu\r\n\r\n%s", blen, body ? body : "");

    uint32_t src = from_a ? leg->a_ip : leg->b_ip, dst = from_a ? leg->b_ip : leg->a_ip;
    unsigned sp = from_a ? leg->a_port : leg->b_port, dp = from_a ? leg->b_port : leg->a_port;
    if (!leg->tcp) {
        write_ip(src, dst, sp, dp, false, 0, 0, msg->str, msg->len);
    } else {
        uint32_t *seq = from_a ? &leg->seq_ab : &leg->seq_ba;
        uint32_t ack = from_a ? leg->seq_ba : leg->seq_ab;
        /* Messages longer than one MSS go out in several segments, which
         * TCP reassembles for SIP (RFC 3261 section 18.3 framing). */
        for (size_t off = 0; off < msg->len; off += 1448) {
            size_t n = msg->len - off < 1448 ? msg->len - off : 1448;
            write_ip(src, dst, sp, dp, true, *seq, ack, msg->str + off, n);
            *seq += (uint32_t)n;
            now_us += 20;
        }
    }
    g_string_truncate(msg, 0);
    now_us += 50 + rnd_below(400);
}

static const char *sdp(uint32_t ip, unsigned port, unsigned version)
{
    static char b[512];
    snprintf(b, sizeof b,
             "v=0\r\no=- 3917263 %u IN IP4 %s\r\ns=-\r\nc=IN IP4 %s\r\nt=0 0\r\n"
             "m=audio %u RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
             "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\n",
             version, ipstr(ip, 3), ipstr(ip, 3), port);
    return b;
}

/* A request from side a (caller) or b (callee) of dialog d. */
static void request(session_t *s, dialog_t *d, bool from_a, const char *method, bool initial,
                    const char *extra, const char *body)
{
    char branch[20];
    unsigned cseq;
    const char *from_uri = from_a ? d->a_uri : d->b_uri, *to_uri = from_a ? d->b_uri : d->a_uri;
    const char *from_tag = from_a ? d->a_tag : d->b_tag, *to_tag = from_a ? d->b_tag : d->a_tag;
    uint32_t src = from_a ? d->leg.a_ip : d->leg.b_ip;
    unsigned sport = from_a ? d->leg.a_port : d->leg.b_port;

    if (strcmp(method, "ACK") == 0)
        cseq = from_a ? d->cseq_a : d->cseq_b;
    else
        cseq = from_a ? ++d->cseq_a : ++d->cseq_b;
    rand_token(branch, sizeof branch);
    add("%s %s SIP/2.0\r\n", method, to_uri);
    add("Via: SIP/2.0/%s %s:%u;branch=z9hG4bK%s;rport\r\n", d->leg.tcp ? "TCP" : "UDP",
        ipstr(src, 0), sport, branch);
    add("Max-Forwards: 70\r\n");
    add("From: <%s>;tag=%s\r\n", from_uri, from_tag);
    if (initial)
        add("To: <%s>\r\n", to_uri);
    else
        add("To: <%s>;tag=%s\r\n", to_uri, to_tag);
    add("Call-ID: %s\r\n", d->call_id);
    add("CSeq: %u %s\r\n", cseq, method);
    add("Contact: <sip:%s@%s:%u%s>\r\n", from_a ? "caller" : "agent", ipstr(src, 0), sport,
        d->leg.tcp ? ";transport=tcp" : "");
    if (strcmp(method, "INVITE") == 0 || strcmp(method, "UPDATE") == 0) {
        add("Allow: INVITE, ACK, CANCEL, BYE, REFER, NOTIFY, INFO, OPTIONS, UPDATE\r\n");
        add("Supported: replaces, timer\r\n");
        add("Session-Expires: 1800;refresher=uac\r\n");
    }
    add("User-Agent: aisid-gen/1.0\r\n");
    if (extra)
        add("%s", extra);
    if (s->with_header && mode == MODE_AISID)
        add("AI-Session-ID: %s%s\r\n", s->id, (initial && s->params) ? s->params : "");
    send_msg(&d->leg, from_a, body);
}

/* The response to the last request of side a (to_a) or side b: Via, tags,
 * Call-ID and CSeq are rebuilt from the dialog, as a UAS copies them from
 * the request (RFC 3261 section 8.2.6.2). */
static void response(session_t *s, dialog_t *d, bool to_a, unsigned code, const char *reason,
                     const char *method, bool with_totag, const char *body)
{
    char branch[20];
    uint32_t req_src = to_a ? d->leg.a_ip : d->leg.b_ip;
    unsigned req_port = to_a ? d->leg.a_port : d->leg.b_port;
    const char *from_uri = to_a ? d->a_uri : d->b_uri, *to_uri = to_a ? d->b_uri : d->a_uri;
    const char *from_tag = to_a ? d->a_tag : d->b_tag, *to_tag = to_a ? d->b_tag : d->a_tag;
    unsigned cseq = to_a ? d->cseq_a : d->cseq_b;

    rand_token(branch, sizeof branch);
    add("SIP/2.0 %u %s\r\n", code, reason);
    add("Via: SIP/2.0/%s %s:%u;branch=z9hG4bK%s;rport\r\n", d->leg.tcp ? "TCP" : "UDP",
        ipstr(req_src, 0), req_port, branch);
    add("From: <%s>;tag=%s\r\n", from_uri, from_tag);
    if (with_totag)
        add("To: <%s>;tag=%s\r\n", to_uri, to_tag);
    else
        add("To: <%s>\r\n", to_uri);
    add("Call-ID: %s\r\n", d->call_id);
    add("CSeq: %u %s\r\n", cseq, method);
    if (code >= 180 && code < 300 && strcmp(method, "INVITE") == 0) {
        uint32_t me = to_a ? d->leg.b_ip : d->leg.a_ip;
        add("Contact: <sip:%s@%s>\r\n", to_a ? "agent" : "caller", ipstr(me, 1));
    }
    add("Server: aisid-gen/1.0\r\n");
    /* 100 Trying is hop-by-hop (RFC 3261 section 8.2.6.1): no header. */
    if (s->with_header && mode == MODE_AISID && code != 100)
        add("AI-Session-ID: %s\r\n", s->id);
    send_msg(&d->leg, !to_a, body);
}

static uint32_t gw_ip = (10u << 24) | (2u << 16) | 1;          /* the AI gateway */

static void new_dialog(session_t *s, dialog_t *d, uint32_t a_ip, uint32_t b_ip, bool tcp,
                       const char *a_user, const char *b_user)
{
    memset(d, 0, sizeof *d);
    rand_token(d->call_id, 33);
    g_strlcat(d->call_id, "@", sizeof d->call_id);
    g_strlcat(d->call_id, ipstr(a_ip, 2), sizeof d->call_id);
    rand_token(d->a_tag, 11);
    rand_token(d->b_tag, 11);
    snprintf(d->a_uri, sizeof d->a_uri, "sip:%s@%s", a_user, ipstr(a_ip, 0));
    snprintf(d->b_uri, sizeof d->b_uri, "sip:%s@%s", b_user, ipstr(b_ip, 0));
    d->cseq_a = 100 + rnd_below(900);
    d->cseq_b = 1 + rnd_below(50);
    d->leg.a_ip = a_ip;
    d->leg.b_ip = b_ip;
    d->leg.tcp = tcp;
    d->leg.a_port = tcp ? 30000 + rnd_below(30000) : 5060;
    d->leg.b_port = 5060;
    d->leg.seq_ab = (uint32_t)rnd();
    d->leg.seq_ba = (uint32_t)rnd();
    (void)s;
}

static void session_start(session_t *s)
{
    uint64_t n = serial_next++;
    uint32_t caller = (10u << 24) | (1u << 16) | (uint32_t)(n % 60000 + 256);
    bool tcp = chance(30);

    memset(s, 0, sizeof *s);
    s->serial = n;
    unsigned r = rnd_below(100);
    s->kind = r < 5 ? K_OPTIONS : r < 35 ? K_PLAIN_CALL : K_AI_CALL;
    s->with_header = s->kind == K_AI_CALL;
    make_uuid7(s->id);
    if (s->kind == K_AI_CALL) {
        /* Assertions: one AI session in four crosses a trust boundary and
         * carries one, by reference (preferred, draft section 8) or
         * embedded (the fallback). */
        unsigned a = rnd_below(100);
        if (a < 15)
            s->params = g_strdup_printf(";assertion-ref=<https://as.example.net/a/%s>", s->id);
        else if (a < 25 && mode == MODE_AISID) {
            char *jws = make_jws(s->id, now_us / 1000000);
            s->params = g_strdup_printf(";assertion=%s", jws);
            g_free(jws);
        }
        /* Scripts: 0 plain AI call, 1 blind transfer (REFER), 2 attended
         * transfer (Replaces), 3 escalation and back (two transfers). */
        unsigned t = rnd_below(100);
        s->script = t < 55 ? 0 : t < 80 ? 1 : t < 95 ? 2 : 3;
        s->infos = rnd_below(3);
        s->reinvite = chance(20);
    }
    new_dialog(s, &s->d[0], caller, gw_ip, tcp, "caller", s->kind == K_AI_CALL ? "ai-agent" : "pbx");
}

/* Plays the next message of the session; returns false when it is over. */
static bool step(session_t *s)
{
    dialog_t *d0 = &s->d[0], *d1 = &s->d[1];
    unsigned pc = s->pc++;
    uint32_t human = (10u << 24) | (3u << 16) | (uint32_t)(s->serial % 200 + 1);

    if (s->kind == K_OPTIONS) {
        if (pc == 0) { request(s, d0, true, "OPTIONS", true, "Accept: application/sdp\r\n", NULL); return true; }
        response(s, d0, true, 200, "OK", "OPTIONS", true, NULL);
        return false;
    }

    /* The call set-up of dialog 0: INVITE, 100, 180, 200, ACK. */
    switch (pc) {
    case 0: request(s, d0, true, "INVITE", true, NULL, sdp(d0->leg.a_ip, 20000 + (unsigned)(s->serial % 20000) * 2, 1)); return true;
    case 1: response(s, d0, true, 100, "Trying", "INVITE", false, NULL); return true;
    case 2: response(s, d0, true, 180, "Ringing", "INVITE", true, NULL); return true;
    case 3: response(s, d0, true, 200, "OK", "INVITE", true, sdp(d0->leg.b_ip, 40000 + (unsigned)(s->serial % 10000) * 2, 1)); return true;
    case 4: request(s, d0, true, "ACK", false, NULL, NULL); return true;
    default: break;
    }
    pc -= 5;

    /* Mid-call: INFO (DTMF) and a re-INVITE (hold), each with its 200. */
    if (pc < 2 * s->infos) {
        if (pc % 2 == 0)
            request(s, d0, true, "INFO", false, "Info-Package: dtmf\r\n", NULL);
        else
            response(s, d0, true, 200, "OK", "INFO", true, NULL);
        return true;
    }
    pc -= 2 * s->infos;
    if (s->reinvite) {
        if (pc < 3) {
            if (pc == 0) request(s, d0, true, "INVITE", false, NULL, sdp(d0->leg.a_ip, 20000 + (unsigned)(s->serial % 20000) * 2, 2));
            else if (pc == 1) response(s, d0, true, 200, "OK", "INVITE", true, sdp(d0->leg.b_ip, 40000 + (unsigned)(s->serial % 10000) * 2, 2));
            else request(s, d0, true, "ACK", false, NULL, NULL);
            return true;
        }
        pc -= 3;
    }

    if (s->kind == K_PLAIN_CALL || s->script == 0) {
        if (pc == 0) { request(s, d0, true, "BYE", false, NULL, NULL); return true; }
        response(s, d0, true, 200, "OK", "BYE", true, NULL);
        return false;
    }

    char extra[256];
    if (s->script == 1 || s->script == 3) {
        /* Blind transfer (RFC 3515): the AI agent refers the caller to a
         * human agent; the caller's new INVITE keeps the identifier (REQ2). */
        switch (pc) {
        case 0:
            snprintf(extra, sizeof extra, "Refer-To: <sip:human@%s>\r\nReferred-By: <%s>\r\n",
                     ipstr(human, 1), d0->b_uri);
            request(s, d0, false, "REFER", false, extra, NULL);
            return true;
        case 1: response(s, d0, false, 202, "Accepted", "REFER", true, NULL); return true;
        case 2:
            request(s, d0, true, "NOTIFY", false,
                    "Event: refer\r\nSubscription-State: terminated;reason=noresource\r\n",
                    "SIP/2.0 200 OK\r\n");
            return true;
        case 3: response(s, d0, true, 200, "OK", "NOTIFY", true, NULL); return true;
        case 4:
            new_dialog(s, d1, d0->leg.a_ip, human, d0->leg.tcp, "caller", "human");
            snprintf(extra, sizeof extra, "Referred-By: <%s>\r\n", d0->b_uri);
            request(s, d1, true, "INVITE", true, extra, sdp(d1->leg.a_ip, 22000, 1));
            return true;
        case 5: response(s, d1, true, 100, "Trying", "INVITE", false, NULL); return true;
        case 6: response(s, d1, true, 200, "OK", "INVITE", true, sdp(d1->leg.b_ip, 42000, 1)); return true;
        case 7: request(s, d1, true, "ACK", false, NULL, NULL); return true;
        case 8: request(s, d0, true, "BYE", false, NULL, NULL); return true;
        case 9: response(s, d0, true, 200, "OK", "BYE", true, NULL); return true;
        default: break;
        }
        pc -= 10;
        if (s->script == 1) {
            if (pc == 0) { request(s, d1, true, "BYE", false, NULL, NULL); return true; }
            response(s, d1, true, 200, "OK", "BYE", true, NULL);
            return false;
        }
        /* Escalated to the human and back to the AI agent (section 3 of
         * the draft): the human refers the caller back to the AI agent in
         * a new dialog (dialog slot 0 again), which keeps the identifier. */
        switch (pc) {
        case 0:
            snprintf(extra, sizeof extra, "Refer-To: <%s>\r\n", d0->b_uri);
            request(s, d1, false, "REFER", false, extra, NULL);
            return true;
        case 1: response(s, d1, false, 202, "Accepted", "REFER", true, NULL); return true;
        case 2:
            new_dialog(s, d0, d1->leg.a_ip, gw_ip, d1->leg.tcp, "caller", "ai-agent");
            snprintf(extra, sizeof extra, "Referred-By: <%s>\r\n", d1->b_uri);
            request(s, d0, true, "INVITE", true, extra, sdp(d0->leg.a_ip, 24000, 1));
            return true;
        case 3: response(s, d0, true, 200, "OK", "INVITE", true, sdp(d0->leg.b_ip, 44000, 1)); return true;
        case 4: request(s, d0, true, "ACK", false, NULL, NULL); return true;
        case 5: request(s, d1, true, "BYE", false, NULL, NULL); return true;
        case 6: response(s, d1, true, 200, "OK", "BYE", true, NULL); return true;
        case 7: request(s, d0, true, "BYE", false, NULL, NULL); return true;
        default:
            response(s, d0, true, 200, "OK", "BYE", true, NULL);
            return false;
        }
    }

    /* Attended transfer (RFC 3891): the human agent's INVITE replaces the
     * AI agent's dialog with the caller, keeping the identifier. */
    switch (pc) {
    case 0:
        new_dialog(s, d1, human, d0->leg.a_ip, d0->leg.tcp, "human", "caller");
        snprintf(extra, sizeof extra, "Replaces: %s;to-tag=%s;from-tag=%s\r\nRequire: replaces\r\n",
                 d0->call_id, d0->a_tag, d0->b_tag);
        request(s, d1, true, "INVITE", true, extra, sdp(human, 26000, 1));
        return true;
    case 1: response(s, d1, true, 100, "Trying", "INVITE", false, NULL); return true;
    case 2: response(s, d1, true, 200, "OK", "INVITE", true, sdp(d1->leg.b_ip, 46000, 1)); return true;
    case 3: request(s, d1, true, "ACK", false, NULL, NULL); return true;
    case 4: request(s, d0, true, "BYE", false, NULL, NULL); return true;
    case 5: response(s, d0, true, 200, "OK", "BYE", true, NULL); return true;
    case 6: request(s, d1, false, "BYE", false, NULL, NULL); return true;
    default:
        response(s, d1, false, 200, "OK", "BYE", true, NULL);
        return false;
    }
}

/* ------------------------------------------------------------ no SIP */

/* RTP streams (RFC 3550) with a little HTTP/1.1 in between. */
static void write_nosip(unsigned long n)
{
    static char payload[1500];
    unsigned seq[32] = { 0 };
    for (unsigned long i = 0; i < n; i++) {
        if (i % 50 == 49) {
            uint32_t cli = (10u << 24) | (4u << 16) | (uint32_t)(i % 250 + 1), srv = (10u << 24) | (5u << 16) | 1;
            bool req = (i / 50) % 2 == 0;
            int len = req ? snprintf(payload, sizeof payload,
                                     "GET /api/v1/status/%lu HTTP/1.1\r\nHost: api.example.net\r\n"
                                     "User-Agent: aisid-gen/1.0\r\nAccept: application/json\r\n\r\n", i)
                          : snprintf(payload, sizeof payload,
                                     "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                     "Content-Length: 27\r\n\r\n{\"status\":\"ok\",\"n\":%06lu}", i % 1000000);
            write_ip(req ? cli : srv, req ? srv : cli, req ? 40080 : 80, req ? 80 : 40080, true,
                     (uint32_t)(i * 1000), (uint32_t)(i * 1000 + 7), payload, (size_t)len);
        } else {
            unsigned st = (unsigned)(i % 32);
            uint8_t *p = (uint8_t *)payload;
            p[0] = 0x80;
            p[1] = 0;
            put_u16(p + 2, seq[st]);
            put_u32(p + 4, seq[st] * 160u);
            put_u32(p + 8, 0x1000 + st);
            seq[st]++;
            memset(p + 12, 0xd5, 160);
            write_ip((10u << 24) | (6u << 16) | st, (10u << 24) | (7u << 16) | st,
                     20000 + 2 * st, 30000 + 2 * st, false, 0, 0, payload, 172);
        }
        now_us += 20000 / 32;
    }
}

/* ------------------------------------------------------------ main */

static void usage(void)
{
    fprintf(stderr, "usage: aisid-gen [-n MESSAGES] [-s SEED] [-c CONCURRENT] "
                    "[-m aisid|plain|nosip] [-k ES256_KEY.pem] OUT.pcap\n");
    exit(2);
}

int main(int argc, char **argv)
{
    unsigned long n = 10000, concurrent = 500;
    uint64_t seed = 1;
    const char *key = AISID_GEN_DEFAULT_KEY, *path = NULL;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 < argc && strcmp(a, "-n") == 0) n = strtoul(argv[++i], NULL, 10);
        else if (i + 1 < argc && strcmp(a, "-s") == 0) seed = strtoull(argv[++i], NULL, 10);
        else if (i + 1 < argc && strcmp(a, "-c") == 0) concurrent = strtoul(argv[++i], NULL, 10);
        else if (i + 1 < argc && strcmp(a, "-k") == 0) key = argv[++i];
        else if (i + 1 < argc && strcmp(a, "-m") == 0) {
            const char *m = argv[++i];
            if (strcmp(m, "aisid") == 0) mode = MODE_AISID;
            else if (strcmp(m, "plain") == 0) mode = MODE_PLAIN;
            else if (strcmp(m, "nosip") == 0) mode = MODE_NOSIP;
            else usage();
        } else if (a[0] != '-' && !path) path = a;
        else usage();
    }
    if (!path || n == 0 || concurrent == 0)
        usage();
    rng_state = seed;

    if (!gcry_check_version(NULL)) {
        fprintf(stderr, "aisid-gen: libgcrypt did not initialise\n");
        return 1;
    }
    gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);

    pcap_out = fopen(path, "wb");
    if (!pcap_out) {
        fprintf(stderr, "aisid-gen: %s: %s\n", path, strerror(errno));
        return 1;
    }
    /* pcap global header (microseconds, Ethernet). */
    uint32_t gh[6] = { 0xa1b2c3d4, 2 | (4u << 16), 0, 0, 65535, 1 };
    if (fwrite(gh, sizeof gh, 1, pcap_out) != 1) {
        fprintf(stderr, "aisid-gen: write failed\n");
        return 1;
    }

    unsigned long messages = 0, sessions = 0;
    if (mode == MODE_NOSIP) {
        write_nosip(n);
        messages = n;
    } else {
        /* The same PRNG draws in both SIP modes (the key is only used for
         * signing), so -m plain is the very same traffic without the header. */
        load_key(key);
        msg = g_string_sized_new(4096);
        session_t *pool = g_new0(session_t, concurrent);
        for (unsigned long i = 0; i < concurrent; i++) {
            session_start(&pool[i]);
            sessions++;
        }
        while (messages < n) {
            session_t *s = &pool[rnd_below((unsigned)concurrent)];
            bool more = step(s);
            messages++;
            if (!more) {
                g_free(s->params);
                session_start(s);
                sessions++;
            }
        }
        for (unsigned long i = 0; i < concurrent; i++)
            g_free(pool[i].params);
        g_free(pool);
        g_string_free(msg, TRUE);
        gcry_sexp_release(sign_key);
    }
    if (fclose(pcap_out) != 0) {
        fprintf(stderr, "aisid-gen: %s: %s\n", path, strerror(errno));
        return 1;
    }
    fprintf(stderr, "aisid-gen: %s: %lu messages, %lu frames, %lu sessions started\n",
            path, messages, frames_written, mode == MODE_NOSIP ? 0 : sessions);
    return 0;
}
