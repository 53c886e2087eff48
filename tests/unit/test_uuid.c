/* test_uuid.c
 * UUID parsing, kinds and timestamps; vectors from RFC 9562 appendix A
 * (A.1 v1, A.5 v6 and A.6 v7 all encode 2022-02-22T14:22:22-05:00, i.e.
 * 1645557742 seconds since the epoch).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "unit_common.h"

#define T_2022_02_22 INT64_C(1645557742)
/* 1582-10-15T00:00:00Z, the Gregorian epoch of RFC 9562 section 5.1 */
#define T_GREGORIAN INT64_C(-12219292800)

static const struct {
    const char *s;
    bool ok;
    aisid_uuid_kind_t kind;
    unsigned version;
    bool has_time;
    int64_t secs;
    int32_t nsecs;
} cases[] = {
    /* RFC 9562 A.1, A.5, A.6 */
    { "C232AB00-9414-11EC-B3C8-9F6BDECED846", true, AISID_UUID_VALID, 1, true, T_2022_02_22, 0 },
    { "c232ab00-9414-11ec-b3c8-9f6bdeced846", true, AISID_UUID_VALID, 1, true, T_2022_02_22, 0 },
    { "1EC9414C-232A-6B00-B3C8-9F6BDECED846", true, AISID_UUID_VALID, 6, true, T_2022_02_22, 0 },
    { "017F22E2-79B0-7CC3-98C4-DC0C0C07398F", true, AISID_UUID_VALID, 7, true, T_2022_02_22, 0 },
    /* one more millisecond / 100 ns */
    { "017F22E2-79B1-7CC3-98C4-DC0C0C07398F", true, AISID_UUID_VALID, 7, true, T_2022_02_22, 1000000 },
    { "C232AB01-9414-11EC-B3C8-9F6BDECED846", true, AISID_UUID_VALID, 1, true, T_2022_02_22, 100 },
    /* the epoch itself, and 100 ns after it: before 1970, nsecs stays positive */
    { "00000000-0000-1000-8000-000000000000", true, AISID_UUID_VALID, 1, true, T_GREGORIAN, 0 },
    { "00000001-0000-1000-8000-000000000000", true, AISID_UUID_VALID, 1, true, T_GREGORIAN, 100 },
    /* RFC 9562 A.2 (v3), A.3 (v4), A.4 (v5), B.1 (v8): no timestamp */
    { "5df41881-3aed-3515-88a7-2f4a814cf09e", true, AISID_UUID_VALID, 3, false, 0, 0 },
    { "919108f7-52d1-4320-9bac-f847db4148a8", true, AISID_UUID_VALID, 4, false, 0, 0 },
    { "2ed6657d-e927-568b-95e1-2665a8aea6a2", true, AISID_UUID_VALID, 5, false, 0, 0 },
    { "2489E9AD-2EE2-8E00-8EC9-32D5F69181C0", true, AISID_UUID_VALID, 8, false, 0, 0 },
    /* nil, max (RFC 9562 5.9, 5.10) */
    { "00000000-0000-0000-0000-000000000000", true, AISID_UUID_NIL, 0, false, 0, 0 },
    { "ffffffff-ffff-ffff-ffff-ffffffffffff", true, AISID_UUID_MAX, 15, false, 0, 0 },
    { "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", true, AISID_UUID_MAX, 15, false, 0, 0 },
    /* other variants: NCS 0xxx, Microsoft 110x, future 111x; no time */
    { "C232AB00-9414-11EC-73C8-9F6BDECED846", true, AISID_UUID_OTHER_VARIANT, 1, false, 0, 0 },
    { "C232AB00-9414-11EC-C3C8-9F6BDECED846", true, AISID_UUID_OTHER_VARIANT, 1, false, 0, 0 },
    { "C232AB00-9414-11EC-E3C8-9F6BDECED846", true, AISID_UUID_OTHER_VARIANT, 1, false, 0, 0 },
    /* not the textual form */
    { "", false, AISID_UUID_NONE, 0, false, 0, 0 },
    { "C232AB00-9414-11EC-B3C8-9F6BDECED84", false, AISID_UUID_NONE, 0, false, 0, 0 },
    { "C232AB00-9414-11EC-B3C8-9F6BDECED8466", false, AISID_UUID_NONE, 0, false, 0, 0 },
    { "C232AB0009414-11EC-B3C8-9F6BDECED846", false, AISID_UUID_NONE, 0, false, 0, 0 },
    { "C232AB00-941411EC-B3C8-9F6BDECED846-", false, AISID_UUID_NONE, 0, false, 0, 0 },
    { "G232AB00-9414-11EC-B3C8-9F6BDECED846", false, AISID_UUID_NONE, 0, false, 0, 0 },
    { "C232AB00-9414-11EC-B3C8-9F6BDECED84g", false, AISID_UUID_NONE, 0, false, 0, 0 },
    { "C232AB00+9414-11EC-B3C8-9F6BDECED846", false, AISID_UUID_NONE, 0, false, 0, 0 },
    { "C232AB00-9414-11EC-B3C8 9F6BDECED846", false, AISID_UUID_NONE, 0, false, 0, 0 },
    { "C232AB009414411ECB3C89F6BDECED846ABC", false, AISID_UUID_NONE, 0, false, 0, 0 },
};

static void test_table(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        size_t len = strlen(cases[i].s);
        char *buf = exact_copy(cases[i].s, len);
        aisid_uuid_t u;
        g_test_message("%s", cases[i].s);
        g_assert_cmpint(aisid_uuid_parse(buf, len, &u), ==, cases[i].ok);
        g_assert_cmpint(u.kind, ==, cases[i].kind);
        if (cases[i].ok)
            g_assert_cmpuint(u.version, ==, cases[i].version);
        g_assert_cmpint(u.has_time, ==, cases[i].has_time);
        if (cases[i].has_time) {
            g_assert_cmpint(u.time_secs, ==, cases[i].secs);
            g_assert_cmpint(u.time_nsecs, ==, cases[i].nsecs);
        }
        g_free(buf);
    }
}

static void test_bytes(void)
{
    aisid_uuid_t u;
    const char *s = "C232AB00-9414-11EC-B3C8-9F6BDECED846";
    static const uint8_t want[16] = {
        0xc2, 0x32, 0xab, 0x00, 0x94, 0x14, 0x11, 0xec,
        0xb3, 0xc8, 0x9f, 0x6b, 0xde, 0xce, 0xd8, 0x46,
    };
    g_assert_true(aisid_uuid_parse(s, strlen(s), &u));
    g_assert_cmpmem(u.bytes, 16, want, 16);
    g_assert_false(aisid_uuid_parse(NULL, 36, &u));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/uuid/table", test_table);
    g_test_add_func("/uuid/bytes", test_bytes);
    return g_test_run();
}
