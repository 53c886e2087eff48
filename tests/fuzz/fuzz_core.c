/* fuzz_core.c
 * Runs every parser of aisid_core on one input.  Built as a libFuzzer
 * target (LLVMFuzzerTestOneInput), or with -DAISID_FUZZ_STANDALONE as a
 * plain program that replays files or directories of inputs, so that CTest
 * can run the corpus with any compiler.
 *
 * The input is used as it comes, without a NUL after it: the parsers must
 * not read past len.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "aisid_core.h"
#include "aisid_session.h"
#include "aisid_verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Keeps results observable so nothing is optimised away. */
static volatile size_t sink;

static void touch_span(aisid_span_t s)
{
    if (s.ptr != NULL && s.len > 0)
        sink += (unsigned char)s.ptr[0] + (unsigned char)s.ptr[s.len - 1];
}

static void touch_str(const char *s)
{
    if (s != NULL)
        sink += strlen(s);
}

static void run_jws(wmem_allocator_t *scope, const char *p, size_t n)
{
    aisid_jws_t j;
    (void)aisid_jws_decode(scope, p, n, &j);
    touch_str(aisid_jws_status_str(j.status));
    touch_str(j.alg); touch_str(j.kid); touch_str(j.typ);
    touch_str(j.iss); touch_str(j.aud); touch_str(j.claim_id);
    for (int i = 0; i < 3; i++)
        touch_span(j.part[i]);
    if (j.signature != NULL && j.sig_len > 0)
        sink += j.signature[j.sig_len - 1];
    sink += (size_t)(j.iat + j.nbf + j.exp) + j.header_len + j.payload_len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    static bool inited;
    if (!inited) {
        wmem_init();
        inited = true;
    }
    wmem_allocator_t *scope = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);

    /* The header value and what hangs off it. */
    aisid_header_t h;
    aisid_header_parse(buf, size, &h);
    touch_span(h.id);
    touch_span(h.ref_uri);
    touch_str(h.ref_error);
    for (unsigned i = 0; i < h.n_params; i++) {
        touch_span(h.params[i].whole);
        touch_span(h.params[i].name);
        touch_span(h.params[i].value);
    }
    if (h.assertion_index >= 0) {
        aisid_span_t v = h.params[h.assertion_index].value;
        if (v.ptr != NULL)
            run_jws(scope, v.ptr, v.len);
    }

    /* The whole input as a JWS, a UUID and base64url. */
    run_jws(scope, buf, size);
    aisid_uuid_t u;
    (void)aisid_uuid_parse(buf, size, &u);
    sink += (size_t)u.time_secs;
    size_t out_len, bad;
    uint8_t *dec = aisid_b64url_decode(scope, buf, size, &out_len, &bad);
    if (dec != NULL && out_len > 0)
        sink += dec[out_len - 1];

    /* The whole input as a SIP message. */
    aisid_sip_msg_t m;
    bool is_sip = aisid_sip_scan(buf, size, &m);
    touch_span(m.call_id); touch_span(m.from_tag); touch_span(m.to_tag);
    touch_span(m.from_user); touch_span(m.from_host);
    touch_span(m.to_user); touch_span(m.to_host);
    touch_span(m.ruri_user); touch_span(m.ruri_host);
    touch_span(m.replaces); touch_span(m.refer_to);
    touch_span(m.referred_by); touch_span(m.session_id);
    touch_span(m.cseq_method);
    sink += m.headers_end + m.cseq;

    size_t offs[] = { 0, size / 3, size / 2, size > 0 ? size - 1 : 0, size };
    for (size_t i = 0; i < sizeof offs / sizeof offs[0]; i++) {
        size_t s = aisid_sip_find_message_start(buf, size, offs[i]);
        if (s != (size_t)-1 && s < size) {
            aisid_sip_msg_t m2;
            (void)aisid_sip_scan(buf + s, size - s, &m2);
            sink += m2.headers_end;
        }
    }

    aisid_span_t user, host;
    aisid_sip_uri_parts((aisid_span_t){ buf, size }, &user, &host);
    touch_span(user);
    touch_span(host);

    /* Opacity: of the header's id against the message, and of the whole
     * input against nothing. */
    aisid_opacity_hit_t hit;
    if (aisid_opacity_check(h.id, is_sip ? &m : NULL, &hit))
        touch_span(hit.text);
    if (aisid_opacity_check((aisid_span_t){ buf, size }, is_sip ? &m : NULL, &hit))
        touch_str(aisid_piece_str(hit.piece));

    /* A header value found in the message, as the plugin would meet it. */
    if (is_sip && m.session_id.ptr != NULL) {
        aisid_header_parse(m.session_id.ptr, m.session_id.len, &h);
        if (aisid_opacity_check(h.id, &m, &hit))
            touch_span(hit.text);
    }

    /* The dialog headers of the session graph. */
    aisid_replaces_t rp;
    (void)aisid_replaces_parse(buf, size, &rp);
    touch_span(rp.call_id);
    aisid_refer_to_t rt;
    (void)aisid_refer_to_parse(scope, buf, size, &rt);
    touch_span(rt.host);
    aisid_session_id_t sid;
    (void)aisid_session_id_parse(buf, size, &sid);
    sink += sid.local[0];

    /* HTTP, as met when resolving a reference from the capture. */
    aisid_http_msg_t hm;
    if (aisid_http_scan(buf, size, &hm)) {
        touch_span(hm.target);
        touch_span(hm.body);
    }
    size_t hoff = 0;
    for (int k = 0; k < 4 && (hoff = aisid_http_find_message(buf, size, hoff)) != (size_t)-1; k++) {
        (void)aisid_http_scan(buf + hoff, size - hoff, &hm);
        hoff++;
    }
    touch_str(aisid_assertion_from_body(scope, buf, size));

    /* A JWK Set, and the input as a JWS against a fixed one (RFC 7515
     * A.3's key, so signature checking code runs too). */
    static aisid_keyset_t *fixed;
    if (!fixed) {
        static const char jwks[] =
            "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"k\","
            "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
            "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}]}";
        fixed = aisid_keyset_new();
        (void)aisid_keyset_add_json(fixed, jwks, sizeof jwks - 1, "fuzz", NULL);
    }
    aisid_keyset_t *ks = aisid_keyset_new();
    char *err = NULL;
    sink += (size_t)aisid_keyset_add_json(ks, buf, size, "input", &err);
    g_free(err);
    aisid_keyset_free(ks);
    aisid_jws_t j;
    if (aisid_jws_decode(scope, buf, size, &j) || j.header_json) {
        aisid_verify_result_t vr;
        aisid_verify_jws(fixed, &j, &vr);
        sink += vr.status;
    }

    /* The trusted-networks preference. */
    if (size < 4096) {
        char *text = g_strndup(buf, size);
        aisid_netlist_t *nl = aisid_netlist_parse(text, &err);
        static const uint8_t a4[4] = { 10, 1, 2, 3 };
        sink += aisid_netlist_contains(nl, a4, 4);
        aisid_netlist_free(nl);
        g_free(err);
        g_free(text);
    }

    wmem_destroy_allocator(scope);
    return 0;
}

#ifdef AISID_FUZZ_STANDALONE
/* Replays inputs: each argument is a file, or a directory whose regular
 * files are all run.  Each input goes into a buffer of exactly its size. */

#include <glib.h>

static int run_file(const char *path)
{
    gchar *contents = NULL;
    gsize len = 0;
    GError *err = NULL;
    if (!g_file_get_contents(path, &contents, &len, &err)) {
        fprintf(stderr, "%s: %s\n", path, err->message);
        g_error_free(err);
        return 1;
    }
    uint8_t *exact = g_malloc(len ? len : 1);
    memcpy(exact, contents, len);
    g_free(contents);
    LLVMFuzzerTestOneInput(exact, len);
    g_free(exact);
    return 0;
}

int main(int argc, char **argv)
{
    int failures = 0, runs = 0;
    for (int i = 1; i < argc; i++) {
        if (g_file_test(argv[i], G_FILE_TEST_IS_DIR)) {
            GError *err = NULL;
            GDir *dir = g_dir_open(argv[i], 0, &err);
            if (dir == NULL) {
                fprintf(stderr, "%s: %s\n", argv[i], err->message);
                g_error_free(err);
                failures++;
                continue;
            }
            const gchar *name;
            while ((name = g_dir_read_name(dir)) != NULL) {
                gchar *path = g_build_filename(argv[i], name, NULL);
                if (g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
                    failures += run_file(path);
                    runs++;
                }
                g_free(path);
            }
            g_dir_close(dir);
        } else {
            failures += run_file(argv[i]);
            runs++;
        }
    }
    printf("ran %d inputs, %d unreadable\n", runs, failures);
    return failures == 0 && runs > 0 ? 0 : 1;
}
#endif
