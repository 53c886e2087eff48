/* aisid-stats.c
 * Looking at AI sessions as a whole: the "AI Sessions" statistics tree
 * (Statistics menu, tshark -z aisid,tree), the per-session timeline of
 * REQ14 (tshark -z aisid,timeline[,filter]) and the Tools > AI-Session-ID
 * menu that follows the selected packet's session or shows its timeline.
 *
 * Everything reads the records the session glue stored on the first pass
 * (aisid-session.h); nothing here dissects.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>

#include <stdio.h>
#include <string.h>

#include <epan/funnel.h>
#include <epan/packet.h>
#include <epan/plugin_if.h>
#include <epan/stat_tap_ui.h>
#include <epan/stats_tree.h>
#include <epan/tap.h>

#include "aisid_compat.h"
#include "aisid-session.h"
#include "packet-aisid.h"

/* The expert item each session finding raises (aisid-session.c). */
static const struct {
    unsigned    bit;
    const char *abbrev;
    bool        problem;   /* counted under "Conformance problems"       */
} finding_experts[] = {
    { AISID_FIND_DIALOG_MISSING,         "aisid.dialog.missing",         true  },
    { AISID_FIND_DIALOG_CHANGED,         "aisid.dialog.changed",         true  },
    { AISID_FIND_TRANSFER_CONTINUED,     "aisid.transfer.continued",     false },
    { AISID_FIND_TRANSFER_NOT_PRESERVED, "aisid.transfer.not_preserved", true  },
    { AISID_FIND_SESSION_JOINED,         "aisid.session.joined",         false },
    { AISID_FIND_B2BUA_CONFLICT,         "aisid.b2bua.conflict",         true  },
};

/* Header-level items that inform rather than point at a problem. */
static bool
is_informational(const char *abbrev)
{
    return strcmp(abbrev, "aisid.assertion_ref.present") == 0 ||
           strcmp(abbrev, "aisid.assertion.embedded") == 0 ||
           strcmp(abbrev, "aisid.assertion.both") == 0;
}

static const char *
method_or_class(const aisid_frame_msg_t *rec, char *buf, size_t len)
{
    if (rec->is_request)
        return rec->summary;
    snprintf(buf, len, "%cxx", rec->summary[0]);
    return buf;
}

/* ------------------------------------------------ stats tree */

static int st_node_sessions = -1;

static void
aisid_stats_tree_init(stats_tree *st)
{
    st_node_sessions = stats_tree_create_node(st, "AI sessions", 0, STAT_DT_INT, TRUE);
}

static tap_packet_status
aisid_stats_tree_packet(stats_tree *st, packet_info *pinfo, epan_dissect_t *edt _U_,
                        const void *data, tap_flags_t flags _U_)
{
    const aisid_tap_info_t *t = (const aisid_tap_info_t *)data;
    const aisid_frame_msg_t *rec = t->rec;
    aisid_msg_out_t ob;
    const aisid_msg_out_t *o = aisid_rec_out(rec, &ob);
    const aisid_dialog_info_t *d =
        aisid_graph_dialog(aisid_session_graph(), (unsigned)o->session, (unsigned)o->dialog);
    char name[512], cls[8];
    int s_node, n;
    unsigned i;

    tick_stat_node(st, "AI sessions", 0, TRUE);
    snprintf(name, sizeof name, "Session %d: %s", o->session,
             o->session_id_str ? aisid_printable(pinfo->pool, o->session_id_str) : "");
    s_node = tick_stat_node(st, name, st_node_sessions, TRUE);

    n = tick_stat_node(st, "Dialogs", s_node, TRUE);
    snprintf(name, sizeof name, "Dialog %d (%s): %s", o->dialog,
             aisid_origin_str(d ? d->origin : o->origin),
             o->dialog_call_id ? aisid_printable(pinfo->pool, o->dialog_call_id) : "");
    tick_stat_node(st, name, n, FALSE);

    if (rec->is_request) {
        n = tick_stat_node(st, "Requests", s_node, TRUE);
        tick_stat_node(st, rec->summary, n, FALSE);
    } else {
        n = tick_stat_node(st, "Responses", s_node, TRUE);
        tick_stat_node(st, method_or_class(rec, cls, sizeof cls), n, FALSE);
    }

    if (rec->id) {
        n = tick_stat_node(st, "Assertion forms", s_node, TRUE);
        tick_stat_node(st, rec->form == AISID_FORM_NONE ? "no assertion" :
                       val_to_str_const(rec->form, aisid_form_vals, "?"), n, FALSE);
    }

    for (i = 0; i < G_N_ELEMENTS(finding_experts); i++) {
        if ((o->findings & finding_experts[i].bit) && finding_experts[i].problem) {
            n = tick_stat_node(st, "Conformance problems", s_node, TRUE);
            tick_stat_node(st, finding_experts[i].abbrev, n, FALSE);
        }
    }
    for (i = 0; rec->extra && i < rec->extra->n_experts; i++) {
        const char *abbrev = proto_registrar_get_abbrev(rec->extra->experts[i]);
        if (abbrev && !is_informational(abbrev)) {
            n = tick_stat_node(st, "Conformance problems", s_node, TRUE);
            tick_stat_node(st, abbrev, n, FALSE);
        }
    }
    return TAP_PACKET_REDRAW;
}

/* ------------------------------------------------ timeline text */

static void
append_experts(GString *out, const aisid_frame_msg_t *rec)
{
    unsigned i;
    const char *sep = "  ";

    for (i = 0; rec->extra && i < rec->extra->n_experts; i++) {
        const char *abbrev = proto_registrar_get_abbrev(rec->extra->experts[i]);
        if (abbrev) {
            g_string_append_printf(out, "%s%s", sep, abbrev);
            sep = ", ";
        }
    }
    for (i = 0; i < G_N_ELEMENTS(finding_experts); i++) {
        if (rec->findings & finding_experts[i].bit) {
            g_string_append_printf(out, "%s%s", sep, finding_experts[i].abbrev);
            sep = ", ";
        }
    }
    if (rec->extra && rec->extra->ref_changed_from)
        g_string_append_printf(out, "%saisid.assertion_ref.changed", sep);
}

/* The timeline of REQ14: per session its dialogs, then one line per SIP
 * message in time order.  session < 0 writes every session; only, when
 * not NULL, keeps just the frames it holds (a tap filter's verdict). */
static void
timeline_text(GString *out, int session, GHashTable *only)
{
    aisid_graph_t *g = aisid_session_graph();
    wmem_array_t *recs = aisid_session_records();
    unsigned n_sessions = g ? aisid_graph_session_count(g) : 0;
    unsigned s, i, n_recs = recs ? wmem_array_get_count(recs) : 0;
    bool *shown = NULL;
    wmem_allocator_t *scratch;

    if (n_sessions == 0) {
        g_string_append(out, "No AI session in this capture.\n");
        return;
    }
    /* endpoint strings, freed line by line */
    scratch = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);
    if (only && g_hash_table_size(only) == 0) {
        g_string_append(out, "No message of an AI session matches the filter.\n");
        wmem_destroy_allocator(scratch);
        return;
    }
    /* With a filter, only the sessions with a matching message (one pass
     * over the records, not one per session). */
    if (only) {
        shown = g_new0(bool, n_sessions);
        for (i = 0; i < n_recs; i++) {
            const aisid_frame_msg_t *rec = *(aisid_frame_msg_t **)wmem_array_index(recs, i);
            if ((unsigned)rec->session < n_sessions &&
                g_hash_table_contains(only, GUINT_TO_POINTER(rec->frame)))
                shown[rec->session] = true;
        }
    }
    for (s = 0; s < n_sessions; s++) {
        const aisid_session_info_t *si = aisid_graph_session(g, s);
        nstime_t first;
        unsigned d;

        if (session >= 0 && (unsigned)session != s)
            continue;
        if (shown && !shown[s])
            continue;
        first.secs = (time_t)si->first_secs;
        first.nsecs = si->first_nsecs;
        g_string_append_printf(out, "AI session %u: %s\n", s, si->id ? aisid_printable(scratch, si->id) : "");
        g_string_append_printf(out, "  %u dialog%s, %u message%s, frames %u-%u\n",
                               si->n_dialogs, si->n_dialogs == 1 ? "" : "s",
                               si->n_msgs, si->n_msgs == 1 ? "" : "s",
                               si->first_frame, si->last_frame);
        g_string_append(out, "  Dialogs:\n");
        for (d = 0; d < si->n_dialogs; d++) {
            const aisid_dialog_info_t *di = aisid_graph_dialog(g, s, d);
            if (!di)
                continue;
            g_string_append_printf(out, "    %u  %-8s  Call-ID %s  first frame %u",
                                   d, aisid_origin_str(di->origin),
                                   di->call_id ? aisid_printable(scratch, di->call_id) : "?",
                                   di->joined_frame);
            if (di->origin == AISID_ORIGIN_REFER)
                g_string_append_printf(out, "  (REFER in frame %u, from dialog %d)",
                                       di->origin_frame, di->source_dialog);
            else if (di->origin == AISID_ORIGIN_REPLACES)
                g_string_append_printf(out, "  (replaces dialog %d, its INVITE in frame %u)",
                                       di->source_dialog, di->origin_frame);
            if (!di->id)
                g_string_append(out, "  [without the identifier]");
            g_string_append_c(out, '\n');
        }
        g_string_append(out, "  Messages:\n");
        for (i = 0; i < n_recs; i++) {
            const aisid_frame_msg_t *rec = *(aisid_frame_msg_t **)wmem_array_index(recs, i);
            nstime_t rel;

            if (rec->session != (int)s)
                continue;
            if (only && !g_hash_table_contains(only, GUINT_TO_POINTER(rec->frame)))
                continue;
            nstime_t ts = aisid_rec_ts(rec);
            nstime_delta(&rel, &ts, &first);
            g_string_append_printf(out, "    %+11.6f  frame %-5u %-21s -> %-21s  dialog %d  %s",
                                   nstime_to_sec(&rel), rec->frame,
                                   aisid_rec_endpoint(scratch, rec, false), aisid_rec_endpoint(scratch, rec, true),
                                   rec->dialog, rec->summary);
            if (rec->id)
                g_string_append_printf(out, " [%s]", rec->form == AISID_FORM_NONE ? "id" :
                                       val_to_str_const(rec->form, aisid_form_vals, "?"));
            else
                g_string_append(out, " [no id]");
            append_experts(out, rec);
            g_string_append_c(out, '\n');
            wmem_free_all(scratch);
        }
        g_string_append_c(out, '\n');
    }
    g_free(shown);
    wmem_destroy_allocator(scratch);
}

/* ------------------------------------------------ tshark -z aisid,timeline */

typedef struct {
    GHashTable *frames;   /* frames that passed the listener's filter */
    char       *filter;
} timeline_tap_t;

static void
timeline_reset(void *tapdata)
{
    timeline_tap_t *tl = (timeline_tap_t *)tapdata;
    g_hash_table_remove_all(tl->frames);
}

static tap_packet_status
timeline_packet(void *tapdata, packet_info *pinfo _U_, epan_dissect_t *edt _U_,
                const void *data, tap_flags_t flags _U_)
{
    timeline_tap_t *tl = (timeline_tap_t *)tapdata;
    const aisid_tap_info_t *t = (const aisid_tap_info_t *)data;

    g_hash_table_add(tl->frames, GUINT_TO_POINTER(t->rec->frame));
    return TAP_PACKET_REDRAW;
}

static void
timeline_draw(void *tapdata)
{
    timeline_tap_t *tl = (timeline_tap_t *)tapdata;
    GString *out = g_string_new(NULL);

    g_string_append(out, "\n===================================================================\n");
    g_string_append_printf(out, "AI session timeline%s%s\n", tl->filter ? ", filter: " : "",
                           tl->filter ? tl->filter : "");
    g_string_append(out, "===================================================================\n");
    timeline_text(out, -1, tl->filter ? tl->frames : NULL);
    g_string_append(out, "===================================================================\n");
    fputs(out->str, stdout);
    g_string_free(out, TRUE);
}

static void
timeline_finish(void *tapdata)
{
    timeline_tap_t *tl = (timeline_tap_t *)tapdata;
    g_hash_table_destroy(tl->frames);
    g_free(tl->filter);
    g_free(tl);
}

#if AISID_WS_AT_LEAST(4, 6)
static bool
#else
static void
#endif
timeline_init(const char *opt_arg, void *userdata _U_)
{
    timeline_tap_t *tl = g_new0(timeline_tap_t, 1);
    const char *prefix = "aisid,timeline";
    GString *err;

    tl->frames = g_hash_table_new(g_direct_hash, g_direct_equal);
    if (opt_arg && strncmp(opt_arg, prefix, strlen(prefix)) == 0 &&
        opt_arg[strlen(prefix)] == ',' && opt_arg[strlen(prefix) + 1] != '\0')
        tl->filter = g_strdup(opt_arg + strlen(prefix) + 1);

    err = register_tap_listener("aisid", tl, tl->filter, TL_REQUIRES_NOTHING,
                                timeline_reset, timeline_packet, timeline_draw, timeline_finish);
    if (err) {
        fprintf(stderr, "tshark: Couldn't register aisid,timeline tap: %s\n", err->str);
        g_string_free(err, TRUE);
        timeline_finish(tl);
#if AISID_WS_AT_LEAST(4, 6)
        return false;
#else
        return;
#endif
    }
#if AISID_WS_AT_LEAST(4, 6)
    return true;
#endif
}

static stat_tap_ui timeline_ui = {
    REGISTER_STAT_GROUP_GENERIC,
    "AI Session Timeline",
    "aisid,timeline",
    timeline_init,
    0,
    NULL
};

/* ------------------------------------------------ GUI: Tools menu */

/* The session of a frame: records are in frame order, so a binary search
 * over them finds it. */
static int
session_of_frame(uint32_t frame)
{
    wmem_array_t *recs = aisid_session_records();
    unsigned lo = 0, hi = recs ? wmem_array_get_count(recs) : 0;

    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        const aisid_frame_msg_t *r = *(aisid_frame_msg_t **)wmem_array_index(recs, mid);
        if (r->frame < frame)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (recs && lo < wmem_array_get_count(recs)) {
        const aisid_frame_msg_t *r = *(aisid_frame_msg_t **)wmem_array_index(recs, lo);
        if (r->frame == frame)
            return r->session;
    }
    return -1;
}

static void *
selected_frame_number(frame_data *fd, void *user_data _U_)
{
    uint32_t *n = g_new(uint32_t, 1);
    *n = fd->num;
    return n;
}

static int
selected_session(void)
{
    uint32_t *n = (uint32_t *)plugin_if_get_frame_data(selected_frame_number, NULL);
    int s = -1;

    if (n) {
        s = session_of_frame(*n);
        g_free(n);
    }
    return s;
}

static void
show_text_window(const char *title, const char *text)
{
    const funnel_ops_t *ops = funnel_get_funnel_ops();
    funnel_text_window_t *w;

    if (!ops || !ops->new_text_window || !ops->set_text)
        return;
    w = ops->new_text_window(ops->ops_id, title);
    ops->set_text(w, text);
}

static void
menu_follow_session(ext_menubar_gui_type gui_type _U_, void *gui_object _U_, void *user_data _U_)
{
    int s = selected_session();
    char *filter;

    if (s < 0) {
        show_text_window("AI-Session-ID", "The selected packet belongs to no AI session.\n");
        return;
    }
    filter = g_strdup_printf("aisid.session == %d", s);
    plugin_if_apply_filter(filter, TRUE);
    g_free(filter);
}

static void
menu_timeline(ext_menubar_gui_type gui_type _U_, void *gui_object _U_, void *user_data)
{
    bool all = user_data != NULL;
    int s = all ? -1 : selected_session();
    GString *out = g_string_new(NULL);

    if (!all && s < 0)
        g_string_append(out, "The selected packet belongs to no AI session.\n");
    else
        timeline_text(out, s, NULL);
    show_text_window(all ? "AI session timeline (all sessions)" : "AI session timeline", out->str);
    g_string_free(out, TRUE);
}

/* ------------------------------------------------ registration */

void
aisid_stats_register(void)
{
    ext_menu_t *menu;

    stats_tree_register_plugin("aisid", "aisid", "AI Sessions", 0,
                               aisid_stats_tree_packet, aisid_stats_tree_init, NULL);
    register_stat_tap_ui(&timeline_ui, NULL);

    menu = ext_menubar_register_menu(proto_aisid, "AI-Session-ID", TRUE);
    ext_menubar_set_parentmenu(menu, "Tools");
    ext_menubar_add_entry(menu, "Follow the AI session of the selected packet",
                          "Apply the filter aisid.session == N for the selected packet's AI session",
                          menu_follow_session, NULL);
    ext_menubar_add_entry(menu, "Timeline of the selected packet's AI session",
                          "Show the dialogs and messages of the selected packet's AI session in time order",
                          menu_timeline, NULL);
    ext_menubar_add_entry(menu, "Timeline of all AI sessions",
                          "Show every AI session of the capture in time order",
                          menu_timeline, GINT_TO_POINTER(1));
}
