/* aisid_net.c
 * The trusted networks of the aisid.trusted_networks preference: a message
 * whose source and destination lie on different sides of them carries the
 * identifier across a trust boundary, where the draft's section 8 expects a
 * signed assertion.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "aisid_internal.h"

#include <string.h>

#include <wsutil/inet_addr.h>

typedef struct {
    uint8_t  addr[16];
    size_t   len;      /* 4 or 16 */
    unsigned prefix;   /* bits */
} aisid_net_t;

struct aisid_netlist {
    GArray *nets;      /* aisid_net_t */
};

static bool parse_one(const char *s, aisid_net_t *net)
{
    char *copy = g_strdup(s);
    char *slash = strchr(copy, '/');
    bool ok = false;
    unsigned max;

    memset(net, 0, sizeof *net);
    if (slash)
        *slash = '\0';
    if (strchr(copy, ':')) {
        ws_in6_addr a6;
        if (ws_inet_pton6(copy, &a6)) {
            memcpy(net->addr, &a6, 16);
            net->len = 16;
            ok = true;
        }
    } else {
        ws_in4_addr a4;
        if (ws_inet_pton4(copy, &a4)) {
            memcpy(net->addr, &a4, 4);    /* network order already */
            net->len = 4;
            ok = true;
        }
    }
    max = (unsigned)net->len * 8;
    net->prefix = max;
    if (ok && slash) {
        char *end = NULL;
        unsigned long p = strtoul(slash + 1, &end, 10);
        if (end == slash + 1 || *end != '\0' || p > max)
            ok = false;
        else
            net->prefix = (unsigned)p;
    }
    g_free(copy);
    return ok;
}

aisid_netlist_t *aisid_netlist_parse(const char *text, char **err)
{
    aisid_netlist_t *nl;
    gchar **parts;

    if (err)
        *err = NULL;
    if (!text)
        return NULL;
    nl = g_new0(aisid_netlist_t, 1);
    nl->nets = g_array_new(FALSE, TRUE, sizeof(aisid_net_t));
    parts = g_strsplit_set(text, ", \t;", -1);
    for (size_t i = 0; parts[i]; i++) {
        aisid_net_t net;
        if (parts[i][0] == '\0')
            continue;
        if (parse_one(parts[i], &net))
            g_array_append_val(nl->nets, net);
        else if (err && !*err)
            *err = g_strdup_printf("\"%s\" is not an IPv4 or IPv6 network (address[/prefix])", parts[i]);
    }
    g_strfreev(parts);
    if (nl->nets->len == 0) {
        aisid_netlist_free(nl);
        return NULL;
    }
    return nl;
}

void aisid_netlist_free(aisid_netlist_t *nl)
{
    if (!nl)
        return;
    g_array_free(nl->nets, TRUE);
    g_free(nl);
}

static bool prefix_match(const uint8_t *a, const uint8_t *b, unsigned bits)
{
    unsigned bytes = bits / 8, rest = bits % 8;

    if (memcmp(a, b, bytes) != 0)
        return false;
    if (rest == 0)
        return true;
    uint8_t mask = (uint8_t)(0xff << (8 - rest));
    return (a[bytes] & mask) == (b[bytes] & mask);
}

bool aisid_netlist_contains(const aisid_netlist_t *nl, const uint8_t *addr, size_t addr_len)
{
    static const uint8_t v4mapped[12] = { 0,0,0,0, 0,0,0,0, 0,0,0xff,0xff };

    if (!nl || !addr || (addr_len != 4 && addr_len != 16))
        return false;
    /* ::ffff:a.b.c.d is the IPv4 host a.b.c.d (RFC 4291 section 2.5.5.2). */
    if (addr_len == 16 && memcmp(addr, v4mapped, 12) == 0) {
        addr += 12;
        addr_len = 4;
    }
    for (guint i = 0; i < nl->nets->len; i++) {
        const aisid_net_t *n = &g_array_index(nl->nets, aisid_net_t, i);
        if (n->len == addr_len && prefix_match(n->addr, addr, n->prefix))
            return true;
    }
    return false;
}
