/* fuzz_net.c
 * aisid_netlist_parse() and aisid_netlist_contains(): the CIDR list of the
 * aisid.trusted_networks preference.  The first line is the list; the
 * first 4 and 16 octets of the rest (or of the input) are addresses to
 * look up, besides a few fixed ones.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    aisid_span_t first, rest;
    if (size > 4096)           /* a preference, not a packet */
        return 0;
    fuzz_split_line((const char *)data, size, &first, &rest);
    char *text = g_strndup(first.ptr, first.len);
    char *err = NULL;
    aisid_netlist_t *nl = aisid_netlist_parse(text, &err);
    fuzz_str(err);

    static const uint8_t v4[4] = { 10, 1, 2, 3 };
    static const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
    static const uint8_t mapped[16] = { [10] = 0xff, [11] = 0xff, 192, 168, 1, 1 };
    fuzz_sink += aisid_netlist_contains(nl, v4, 4);
    fuzz_sink += aisid_netlist_contains(nl, v6, 16);
    fuzz_sink += aisid_netlist_contains(nl, mapped, 16);
    const uint8_t *a = rest.len >= 4 ? (const uint8_t *)rest.ptr : data;
    size_t alen = rest.len >= 4 ? rest.len : size;
    if (alen >= 4)
        fuzz_sink += aisid_netlist_contains(nl, a, 4);
    if (alen >= 16)
        fuzz_sink += aisid_netlist_contains(nl, a, 16);

    aisid_netlist_free(nl);
    g_free(err);
    g_free(text);
    return 0;
}
