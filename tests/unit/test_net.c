/* test_net.c
 * Trusted networks (aisid.trusted_networks): CIDR parsing and matching.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "unit_common.h"

static const uint8_t a_10_1[4] = { 10, 1, 2, 3 };
static const uint8_t a_11[4] = { 11, 0, 0, 1 };
static const uint8_t a_127_0_0_70[4] = { 127, 0, 0, 70 };
static const uint8_t a_127_0_1_70[4] = { 127, 0, 1, 70 };
static const uint8_t a_192_168_1_1[4] = { 192, 168, 1, 1 };
static const uint8_t a_192_168_1_2[4] = { 192, 168, 1, 2 };
static const uint8_t a6_loop[16] = { 0,0,0,0, 0,0,0,0, 0,0,0,0, 0,0,0,1 };
static const uint8_t a6_db8[16] = { 0x20,0x01,0x0d,0xb8, 0,0,0,0, 0,0,0,0, 0,0,0,1 };
static const uint8_t a6_db9[16] = { 0x20,0x01,0x0d,0xb9, 0,0,0,0, 0,0,0,0, 0,0,0,1 };
static const uint8_t a6_mapped[16] = { 0,0,0,0, 0,0,0,0, 0,0,0xff,0xff, 10,9,8,7 };

static const struct {
    const char *list;
    const uint8_t *addr;
    size_t len;
    bool inside;
} cases[] = {
    { "10.0.0.0/8", a_10_1, 4, true },
    { "10.0.0.0/8", a_11, 4, false },
    { "127.0.0.0/24,::1/128", a_127_0_0_70, 4, true },
    { "127.0.0.0/24,::1/128", a_127_0_1_70, 4, false },
    { "127.0.0.0/24,::1/128", a6_loop, 16, true },
    { "127.0.0.0/24 ::1/128", a6_db8, 16, false },
    { "192.168.1.1", a_192_168_1_1, 4, true },      /* bare address: /32 */
    { "192.168.1.1", a_192_168_1_2, 4, false },
    { "192.168.1.0/31", a_192_168_1_1, 4, true },
    { "2001:db8::/32", a6_db8, 16, true },
    { "2001:db8::/32", a6_db9, 16, false },
    { "2001:db8::/31", a6_db9, 16, true },          /* prefix not a byte boundary */
    { "10.0.0.0/8", a6_mapped, 16, true },          /* ::ffff:10.9.8.7 */
    { "0.0.0.0/0", a_11, 4, true },
    { "0.0.0.0/0", a6_loop, 16, false },            /* families apart */
};

static void test_contains(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *err = NULL;
        aisid_netlist_t *nl = aisid_netlist_parse(cases[i].list, &err);
        g_test_message("%s #%zu", cases[i].list, i);
        g_assert_nonnull(nl);
        g_assert_null(err);
        g_assert_cmpint(aisid_netlist_contains(nl, cases[i].addr, cases[i].len), ==, cases[i].inside);
        aisid_netlist_free(nl);
    }
}

static void test_parse_errors(void)
{
    static const char *bad[] = { "10.0.0.0/33", "::1/129", "300.1.1.1", "10.0.0.0/", "host.example", "10.0.0.0/8x" };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        char *err = NULL;
        aisid_netlist_t *nl = aisid_netlist_parse(bad[i], &err);
        g_test_message("%s", bad[i]);
        g_assert_null(nl);                       /* nothing valid in it */
        g_assert_nonnull(err);
        g_assert_nonnull(strstr(err, bad[i]));   /* the message names it */
        g_free(err);
    }
    /* a bad entry does not hide the good ones */
    char *err = NULL;
    aisid_netlist_t *nl = aisid_netlist_parse("bogus, 10.0.0.0/8", &err);
    g_assert_nonnull(nl);
    g_assert_nonnull(err);
    g_assert_true(aisid_netlist_contains(nl, a_10_1, 4));
    aisid_netlist_free(nl);
    g_free(err);
    g_assert_null(aisid_netlist_parse("", NULL));
    g_assert_null(aisid_netlist_parse(" , ", NULL));
    g_assert_null(aisid_netlist_parse(NULL, NULL));
    g_assert_false(aisid_netlist_contains(NULL, a_10_1, 4));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/net/contains", test_contains);
    g_test_add_func("/net/parse_errors", test_parse_errors);
    return g_test_run();
}
