/* fuzz_graph.c
 * The session graph (REQ1-REQ8, REQ14): the input is a capture's SIP
 * messages in frame order, separated by NUL octets.  Each is scanned, its
 * first non-empty AI-Session-ID header parsed, and fed to
 * aisid_graph_add() as the plugin does (plugin/aisid-session.c); then every
 * query of the graph runs over what it built.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz_common.h"
#include "aisid_session.h"

#define MAX_MSGS 64

/* The identifier of the first non-empty AI-Session-ID header among the
 * headers of m (as the SIP dissector would hand its value over). */
static aisid_span_t find_id(const char *buf, size_t len, const aisid_sip_msg_t *m)
{
    static const char name[] = "AI-Session-ID:";
    const size_t nl = sizeof name - 1;
    size_t end = m->headers_end;
    for (size_t off = 0; off + nl <= end; off++) {
        if ((off > 0 && buf[off - 1] != '\n') ||
            g_ascii_strncasecmp(buf + off, name, nl) != 0)
            continue;
        size_t v = off + nl, e = v;
        while (v < end && (buf[v] == ' ' || buf[v] == '\t'))
            v++;
        e = v;
        while (e < end && buf[e] != '\r' && buf[e] != '\n')
            e++;
        aisid_header_t h;
        aisid_header_parse(buf + v, e - v, &h);
        if (!(h.id_flags & AISID_ID_EMPTY))
            return h.id;
    }
    (void)len;
    return (aisid_span_t){ NULL, 0 };
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    fuzz_init();
    wmem_allocator_t *scope = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);
    /* The graph lives in the per-input scope, as in the plugin's file
     * scope: a simple allocator makes every allocation a malloc ASan
     * watches (and a private block allocator's 8 MB blocks would make
     * each run slow). */
    aisid_graph_t *g = aisid_graph_new(scope);

    uint32_t frame = 0;
    size_t off = 0;
    while (off < size && frame < MAX_MSGS) {
        const char *p = buf + off;
        const char *z = memchr(p, '\0', size - off);
        size_t len = z ? (size_t)(z - p) : size - off;
        off += len + 1;
        frame++;
        aisid_sip_msg_t m;
        if (!aisid_sip_scan(p, len, &m))
            continue;
        aisid_span_t id = find_id(p, len, &m);
        aisid_msg_in_t in;
        aisid_msg_out_t out;
        aisid_msg_in_from_sip(scope, &m, id, frame, 1000 + frame, 0, &in);
        aisid_graph_add(g, &in, &out);

        unsigned ns = aisid_graph_session_count(g);
        if (out.session < 0) {
            FUZZ_CHECK(out.dialog == -1 && out.findings == 0);
            continue;
        }
        FUZZ_CHECK((unsigned)out.session < ns);
        FUZZ_CHECK(out.dialog >= 0);
        FUZZ_CHECK(aisid_graph_dialog(g, (unsigned)out.session, (unsigned)out.dialog) != NULL);
        FUZZ_CHECK(aisid_graph_session_frame(g, (unsigned)out.session, out.msg_index) == frame);
        FUZZ_CHECK(out.first_frame <= frame && out.prev_frame < frame);
        fuzz_str(out.session_id_str);
        fuzz_str(out.dialog_call_id);
        fuzz_str(out.expected_id);
        fuzz_str(out.other_id);
        fuzz_str(aisid_origin_str(out.origin));
        for (unsigned b = 0; b < AISID_FIND_COUNT; b++)
            if (out.findings & (1u << b))
                FUZZ_CHECK(aisid_finding_str((aisid_finding_t)(1u << b)) != NULL);
        if (out.dialog_call_id != NULL)
            FUZZ_CHECK(aisid_graph_call_id_in_session(g, out.dialog_call_id));
    }

    /* What tshark -2, the taps and the GUI read afterwards. */
    unsigned ns = aisid_graph_session_count(g);
    FUZZ_CHECK(aisid_graph_session(g, ns) == NULL);
    for (unsigned s = 0; s < ns; s++) {
        const aisid_session_info_t *si = aisid_graph_session(g, s);
        FUZZ_CHECK(si != NULL && si->index == (int)s && si->n_dialogs > 0);
        FUZZ_CHECK(aisid_graph_session_by_id(g, si->id, strlen(si->id)) == (int)s);
        for (unsigned d = 0; d < si->n_dialogs; d++) {
            const aisid_dialog_info_t *di = aisid_graph_dialog(g, s, d);
            FUZZ_CHECK(di != NULL && di->session == (int)s && di->index == (int)d);
            fuzz_str(di->call_id); fuzz_str(di->from_tag); fuzz_str(di->to_tag);
            fuzz_str(di->id);
        }
        FUZZ_CHECK(aisid_graph_dialog(g, s, si->n_dialogs) == NULL);
        uint32_t prev = 0;
        for (unsigned i = 0; i < si->n_msgs; i++) {
            uint32_t f = aisid_graph_session_frame(g, s, i);
            FUZZ_CHECK(f > prev);
            FUZZ_CHECK(aisid_graph_next_frame(g, s, i) ==
                       (i + 1 < si->n_msgs ? aisid_graph_session_frame(g, s, i + 1) : 0));
            prev = f;
        }
    }
    for (uint32_t f = 0; f <= frame; f++) {
        const aisid_change_t *c = aisid_graph_change(g, f);
        if (c != NULL) {
            FUZZ_CHECK(c->frame == f);
            fuzz_str(aisid_reaction_str(c->reaction));
            fuzz_str(c->original_id); fuzz_str(c->received_id);
        }
    }
    aisid_graph_free(g);
    wmem_destroy_allocator(scope);
    return 0;
}
