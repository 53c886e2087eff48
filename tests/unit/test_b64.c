/* test_b64.c
 * Strict unpadded base64url (RFC 4648 section 5; RFC 7515 section 2).
 * The vectors are those of RFC 4648 section 10 without the padding.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "unit_common.h"

static const struct {
    const char *in;
    const char *out;   /* NULL: must fail */
    size_t out_len;
    size_t bad_off;
} cases[] = {
    { "", "", 0, 0 },
    { "Zg", "f", 1, 0 },
    { "Zm8", "fo", 2, 0 },
    { "Zm9v", "foo", 3, 0 },
    { "Zm9vYg", "foob", 4, 0 },
    { "Zm9vYmE", "fooba", 5, 0 },
    { "Zm9vYmFy", "foobar", 6, 0 },
    /* the two characters that differ from base64: 0xfb 0xff */
    { "-_8", "\xfb\xff", 2, 0 },
    { "____", "\xff\xff\xff", 3, 0 },
    { "AAAA", "\0\0\0", 3, 0 },
    /* invalid */
    { "+_8", NULL, 0, 0 },
    { "-/8", NULL, 0, 1 },
    { "Zg==", NULL, 0, 2 },
    { "Zm8=", NULL, 0, 3 },
    { "Zm9 v", NULL, 0, 3 },
    { "Zm9v\n", NULL, 0, 4 },
    { "Z", NULL, 0, 0 },
    { "Zm9vY", NULL, 0, 4 },              /* len % 4 == 1 */
    { "Zh", NULL, 0, 1 },                 /* non-zero unused bits */
    { "Zm9", NULL, 0, 2 },
    { "Zm9v.", NULL, 0, 4 },
};

static void test_table(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        size_t len = strlen(cases[i].in);
        char *buf = exact_copy(cases[i].in, len);
        size_t out_len = 12345, bad = 12345;
        uint8_t *out = aisid_b64url_decode(NULL, buf, len, &out_len, &bad);
        g_test_message("%s", cases[i].in);
        if (cases[i].out == NULL) {
            g_assert_null(out);
            g_assert_cmpuint(bad, ==, cases[i].bad_off);
        } else {
            g_assert_nonnull(out);
            g_assert_cmpmem(out, out_len, cases[i].out, cases[i].out_len);
            g_assert_cmpint(out[out_len], ==, 0);     /* NUL-terminated */
        }
        g_free(out);
        g_free(buf);
    }
}

static void test_scope(void)
{
    wmem_allocator_t *scope = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);
    size_t n;
    uint8_t *out = aisid_b64url_decode(scope, "Zm9vYmFy", 8, &n, NULL);
    g_assert_cmpmem(out, n, "foobar", 6);
    /* A NULL input decodes to nothing, NULL out-pointers are allowed. */
    out = aisid_b64url_decode(scope, NULL, 0, NULL, NULL);
    g_assert_nonnull(out);
    wmem_destroy_allocator(scope);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/b64/table", test_table);
    g_test_add_func("/b64/scope", test_scope);
    return g_test_run();
}
