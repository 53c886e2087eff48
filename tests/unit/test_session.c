/* test_session.c
 * Unit tests of the session graph: message sequences, one table per call
 * flow, each step with the session / dialog / findings it must get.  The
 * flows follow RFC 3261 (basic call, forking), RFC 3515 / RFC 5589 (blind
 * and attended transfer), RFC 3891 (Replaces) and RFC 7989 (Session-ID
 * through a B2BUA), checked against REQ1-REQ8 of the draft.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "aisid_session.h"
#include "unit_common.h"

#define ID1 "6f1c3a52-8d2e-4b7a-9c40-1e2f3a4b5c6d"
#define ID2 "0b9d7e21-3c4f-4a5b-8e6d-7f8091a2b3c4"
#define UUID_A "ab30317f1a784dc48ff824d0d3715d86"
#define UUID_B "47755a9de7794ba387653f2099600ef2"
#define UUID_NULL "00000000000000000000000000000000"

/* One message of a flow and what the graph must say about it.  A NULL
 * method makes a response.  Frames are the step's 1-based position. */
typedef struct {
    const char *method;
    unsigned    status;
    const char *call, *ftag, *ttag;
    unsigned    cseq;
    const char *cm;             /* CSeq method                             */
    const char *id;             /* AI-Session-ID identifier, NULL = none    */
    const char *replaces, *refer_to, *sess_id, *ruri;  /* ruri: user@host */
    bool        referred_by;

    bool        no_session;     /* expect session -1                       */
    int         session, dialog;
    unsigned    findings;
    aisid_origin_t origin;      /* checked unless AISID_ORIGIN_NONE         */
} step_t;

static inline aisid_span_t aisid_span_(const char *p, size_t n)
{
    aisid_span_t s = { p, n };
    return s;
}

static void make_in(wmem_allocator_t *scope, const step_t *s, uint32_t frame,
                    aisid_msg_in_t *in)
{
    memset(in, 0, sizeof *in);
    in->frame = frame;
    in->ts_secs = 1700000000 + frame;
    in->is_request = s->method != NULL;
    in->method = s->method;
    in->status = s->status;
#define SP(x) ((x) ? aisid_span_((x), strlen(x)) : aisid_span_(NULL, 0))
    in->call_id = SP(s->call);
    in->from_tag = SP(s->ftag);
    in->to_tag = SP(s->ttag);
    in->cseq = s->cseq;
    in->cseq_method = SP(s->cm ? s->cm : s->method);
    in->aisid = SP(s->id);
    if (s->ruri) {
        const char *at = strchr(s->ruri, '@');
        in->ruri_user = aisid_span_(s->ruri, (size_t)(at - s->ruri));
        in->ruri_host = SP(at + 1);
    }
    if (s->replaces)
        in->has_replaces = aisid_replaces_parse(s->replaces, strlen(s->replaces),
                                                &in->replaces);
    if (s->refer_to)
        in->has_refer_to = aisid_refer_to_parse(scope, s->refer_to,
                                                strlen(s->refer_to), &in->refer_to);
    in->has_referred_by = s->referred_by;
    if (s->sess_id)
        in->has_session_id = aisid_session_id_parse(s->sess_id, strlen(s->sess_id),
                                                    &in->session_id);
#undef SP
}

/* Runs a flow in a graph of that scope (NULL: the graph's own); outs (may
 * be NULL) receives each step's result. */
static aisid_graph_t *run(wmem_allocator_t *scope, const step_t *steps, size_t n,
                          aisid_msg_out_t *outs)
{
    aisid_graph_t *g = aisid_graph_new(scope);
    /* the decoded Refer-To copies live as long as a packet scope would */
    wmem_allocator_t *pscope = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);
    for (size_t i = 0; i < n; i++) {
        const step_t *s = &steps[i];
        aisid_msg_in_t in;
        aisid_msg_out_t out;
        make_in(pscope, s, (uint32_t)(i + 1), &in);
        aisid_graph_add(g, &in, &out);
        if (outs)
            outs[i] = out;
        int want_session = s->no_session ? -1 : s->session;
        if (out.session != want_session || (!s->no_session && out.dialog != s->dialog) ||
            out.findings != s->findings ||
            (s->origin != AISID_ORIGIN_NONE && out.origin != s->origin))
            g_error("step %zu (frame %zu, %s %u): session %d dialog %d findings 0x%x "
                    "origin %s; expected session %d dialog %d findings 0x%x origin %s",
                    i, i + 1, s->method ? s->method : "response", s->status,
                    out.session, out.dialog, out.findings, aisid_origin_str(out.origin),
                    want_session, s->dialog, s->findings, aisid_origin_str(s->origin));
        if (s->no_session)
            g_assert_null(out.session_id_str);
    }
    wmem_destroy_allocator(pscope);
    return g;
}

#define REQ(m, c, f, t, q) .method = m, .call = c, .ftag = f, .ttag = t, .cseq = q
#define RSP(st, c, f, t, q, m) .status = st, .call = c, .ftag = f, .ttag = t, .cseq = q, .cm = m
#define IN(s, d) .session = s, .dialog = d
#define NONE .no_session = true

/* ------------------------------------------------------------ simple call */

static const step_t simple_call[] = {
    { REQ("INVITE", "c1", "a", NULL, 1), .id = ID1, IN(0, 0), .origin = AISID_ORIGIN_INITIAL },
    /* 100 Trying: no To tag, no id, belongs to the session */
    { RSP(100, "c1", "a", NULL, 1, "INVITE"), IN(0, 0) },
    { RSP(180, "c1", "a", "b", 1, "INVITE"), IN(0, 0) },
    { RSP(200, "c1", "a", "b", 1, "INVITE"), .id = ID1, IN(0, 0) },
    { REQ("ACK", "c1", "a", "b", 1), .id = ID1, IN(0, 0) },
    /* BYE of the callee (tags swapped) without the id: REQ3 */
    { REQ("BYE", "c1", "b", "a", 1), IN(0, 0), .findings = AISID_FIND_DIALOG_MISSING },
    /* responses are not checked by REQ3 */
    { RSP(200, "c1", "b", "a", 1, "BYE"), IN(0, 0) },
};

static void test_simple_call(void)
{
    aisid_msg_out_t outs[G_N_ELEMENTS(simple_call)];
    aisid_graph_t *g = run(NULL, simple_call, G_N_ELEMENTS(simple_call), outs);
    g_assert_cmpuint(aisid_graph_session_count(g), ==, 1);
    const aisid_session_info_t *s = aisid_graph_session(g, 0);
    g_assert_nonnull(s);
    g_assert_cmpstr(s->id, ==, ID1);
    g_assert_cmpuint(s->first_frame, ==, 1);
    g_assert_cmpuint(s->last_frame, ==, 7);
    g_assert_cmpuint(s->n_dialogs, ==, 1);
    g_assert_cmpuint(s->n_msgs, ==, 7);
    g_assert_cmpuint(s->findings, ==, AISID_FIND_DIALOG_MISSING);
    g_assert_cmpint(s->first_secs, ==, 1700000001);
    g_assert_cmpint(s->last_secs, ==, 1700000007);
    g_assert_null(aisid_graph_session(g, 1));

    const aisid_dialog_info_t *d = aisid_graph_dialog(g, 0, 0);
    g_assert_nonnull(d);
    g_assert_cmpstr(d->call_id, ==, "c1");
    g_assert_cmpstr(d->from_tag, ==, "a");
    g_assert_cmpstr(d->to_tag, ==, "b");
    g_assert_cmpstr(d->id, ==, ID1);
    g_assert_cmpuint(d->first_frame, ==, 1);
    g_assert_cmpuint(d->last_frame, ==, 7);
    g_assert_null(aisid_graph_dialog(g, 0, 1));

    g_assert_cmpstr(outs[5].expected_id, ==, ID1);
    g_assert_cmpstr(outs[1].session_id_str, ==, ID1);
    g_assert_cmpstr(outs[1].dialog_call_id, ==, "c1");
    g_assert_cmpuint(outs[0].origin_frame, ==, 1);
    for (unsigned i = 0; i < G_N_ELEMENTS(simple_call); i++) {
        g_assert_cmpuint(outs[i].msg_index, ==, i);
        g_assert_cmpuint(outs[i].prev_frame, ==, i);
        g_assert_cmpuint(outs[i].first_frame, ==, 1);
        g_assert_cmpuint(outs[i].dialogs_so_far, ==, 1);
        g_assert_cmpuint(aisid_graph_session_frame(g, 0, i), ==, i + 1);
        g_assert_cmpuint(aisid_graph_next_frame(g, 0, i), ==,
                         i + 1 < G_N_ELEMENTS(simple_call) ? i + 2 : 0);
    }
    g_assert_cmpint(aisid_graph_session_by_id(g, ID1, strlen(ID1)), ==, 0);
    g_assert_cmpint(aisid_graph_session_by_id(g, ID2, strlen(ID2)), ==, -1);
    g_assert_null(aisid_graph_change(g, 6));
    aisid_graph_free(g);
}

/* CANCEL is not an in-dialog request, nor the ACK of a non-2xx (RFC 3261
 * 9.1, 17.1.1.3): neither needs the id. */
static const step_t cancelled_call[] = {
    { REQ("INVITE", "c1", "a", NULL, 1), .id = ID1, IN(0, 0) },
    { RSP(100, "c1", "a", NULL, 1, "INVITE"), IN(0, 0) },
    { REQ("CANCEL", "c1", "a", NULL, 1), IN(0, 0) },
    { RSP(200, "c1", "a", NULL, 1, "CANCEL"), IN(0, 0) },
    { RSP(487, "c1", "a", "b", 1, "INVITE"), IN(0, 0) },
    { REQ("ACK", "c1", "a", "b", 1), IN(0, 0) },
};

static void test_cancelled_call(void)
{
    aisid_graph_free(run(NULL, cancelled_call, G_N_ELEMENTS(cancelled_call), NULL));
}

/* A digest challenge (RFC 3261 22.2): the To tag of the 407 dies with its
 * transaction, the INVITE sent again is the same dialog, not a fork. */
static const step_t challenged_call[] = {
    { REQ("INVITE", "c1", "a", NULL, 1), .id = ID1, IN(0, 0) },
    { RSP(407, "c1", "a", "p", 1, "INVITE"), IN(0, 0) },
    { REQ("ACK", "c1", "a", "p", 1), IN(0, 0) },
    { REQ("INVITE", "c1", "a", NULL, 2), .id = ID1, IN(0, 0) },
    { RSP(180, "c1", "a", "b", 2, "INVITE"), .id = ID1, IN(0, 0) },
    { RSP(200, "c1", "a", "b", 2, "INVITE"), .id = ID1, IN(0, 0) },
    { REQ("ACK", "c1", "a", "b", 2), IN(0, 0), .findings = AISID_FIND_DIALOG_MISSING },
    { REQ("BYE", "c1", "b", "a", 1), .id = ID1, IN(0, 0) },
};

static void test_challenged_call(void)
{
    aisid_graph_t *g = run(NULL, challenged_call, G_N_ELEMENTS(challenged_call), NULL);
    g_assert_cmpuint(aisid_graph_session(g, 0)->n_dialogs, ==, 1);
    g_assert_cmpstr(aisid_graph_dialog(g, 0, 0)->to_tag, ==, "b");
    aisid_graph_free(g);
}

/* ------------------------------------------------------- REQ6 / REQ7 */

static const step_t reinvite_rejected[] = {
    { REQ("INVITE", "c1", "a", NULL, 1), .id = ID1, IN(0, 0) },
    { RSP(200, "c1", "a", "b", 1, "INVITE"), .id = ID1, IN(0, 0) },
    { REQ("ACK", "c1", "a", "b", 1), .id = ID1, IN(0, 0) },
    /* re-INVITE with another id: REQ6; stays in the original session */
    { REQ("INVITE", "c1", "a", "b", 2), .id = ID2, IN(0, 0), .findings = AISID_FIND_DIALOG_CHANGED },
    { RSP(100, "c1", "a", "b", 2, "INVITE"), IN(0, 0) },
    /* the receiver rejects it: REQ7 */
    { RSP(400, "c1", "a", "b", 2, "INVITE"), .id = ID1, IN(0, 0), .findings = AISID_FIND_CHANGE_REJECTED },
    /* the ACK of the 400 is no in-dialog request */
    { REQ("ACK", "c1", "a", "b", 2), IN(0, 0) },
    { REQ("BYE", "c1", "a", "b", 3), .id = ID1, IN(0, 0) },
    { RSP(200, "c1", "a", "b", 3, "BYE"), IN(0, 0) },
};

static const step_t reinvite_accepted[] = {
    { REQ("INVITE", "c1", "a", NULL, 1), .id = ID1, IN(0, 0) },
    { RSP(200, "c1", "a", "b", 1, "INVITE"), .id = ID1, IN(0, 0) },
    { REQ("ACK", "c1", "a", "b", 1), .id = ID1, IN(0, 0) },
    { REQ("INVITE", "c1", "b", "a", 2), .id = ID2, IN(0, 0), .findings = AISID_FIND_DIALOG_CHANGED },
    /* the answer keeps the original: not a change */
    { RSP(200, "c1", "b", "a", 2, "INVITE"), .id = ID1, IN(0, 0) },
    /* ACK of a 2xx is in-dialog: without the id it is REQ3 */
    { REQ("ACK", "c1", "b", "a", 2), IN(0, 0), .findings = AISID_FIND_DIALOG_MISSING },
    /* a response with another id is a change too, nobody answers it */
    { REQ("INFO", "c1", "a", "b", 2), .id = ID1, IN(0, 0) },
    { RSP(200, "c1", "a", "b", 2, "INFO"), .id = ID2, IN(0, 0), .findings = AISID_FIND_DIALOG_CHANGED },
};

static void test_changed(void)
{
    aisid_msg_out_t outs[G_N_ELEMENTS(reinvite_rejected)];
    aisid_graph_t *g = run(NULL, reinvite_rejected, G_N_ELEMENTS(reinvite_rejected), outs);
    g_assert_cmpuint(aisid_graph_session_count(g), ==, 1);
    g_assert_cmpstr(outs[3].expected_id, ==, ID1);
    g_assert_cmpuint(outs[5].change_frame, ==, 4);
    const aisid_change_t *c = aisid_graph_change(g, 4);
    g_assert_nonnull(c);
    g_assert_cmpuint(c->frame, ==, 4);
    g_assert_cmpstr(c->original_id, ==, ID1);
    g_assert_cmpstr(c->received_id, ==, ID2);
    g_assert_cmpint(c->reaction, ==, AISID_REACTION_REJECTED);
    g_assert_cmpuint(c->reaction_frame, ==, 6);
    g_assert_cmpuint(c->reaction_status, ==, 400);
    g_assert_cmpstr(aisid_reaction_str(c->reaction), ==, "rejected");
    /* the id that REQ7 preserves is still the original */
    g_assert_cmpstr(aisid_graph_dialog(g, 0, 0)->id, ==, ID1);
    aisid_graph_free(g);

    g = run(NULL, reinvite_accepted, G_N_ELEMENTS(reinvite_accepted), NULL);
    c = aisid_graph_change(g, 4);
    g_assert_nonnull(c);
    g_assert_cmpint(c->reaction, ==, AISID_REACTION_ACCEPTED);
    g_assert_cmpuint(c->reaction_frame, ==, 5);
    c = aisid_graph_change(g, 8);
    g_assert_nonnull(c);
    g_assert_cmpint(c->reaction, ==, AISID_REACTION_NONE);
    aisid_graph_free(g);
}

/* In one pass the reaction is unknown until the response comes. */
static void test_changed_pending(void)
{
    aisid_graph_t *g = run(NULL, reinvite_rejected, 4, NULL);
    const aisid_change_t *c = aisid_graph_change(g, 4);
    g_assert_nonnull(c);
    g_assert_cmpint(c->reaction, ==, AISID_REACTION_UNKNOWN);
    g_assert_cmpuint(c->reaction_frame, ==, 0);
    aisid_graph_free(g);
}

/* ----------------------------------------------------- attended transfer */

/* Alice-Bob (dialog 0), Alice-Carol consultation (dialog 1, same id:
 * joined), REFER in dialog 0 embedding the Replaces of dialog 1 (RFC 5589
 * section 7), Bob's INVITE to Carol replacing dialog 1 (dialog 2). */
#define REFER_TO_ATTENDED \
    "<sip:carol@chicago.example.com?Replaces=d2%3Bto-tag%3Da2%3Bfrom-tag%3Dc2>"

static const step_t attended[] = {
    { REQ("INVITE", "d1", "a1", NULL, 1), .id = ID1, IN(0, 0), .origin = AISID_ORIGIN_INITIAL },
    { RSP(200, "d1", "a1", "b1", 1, "INVITE"), .id = ID1, IN(0, 0) },
    { REQ("ACK", "d1", "a1", "b1", 1), .id = ID1, IN(0, 0) },
    { REQ("INVITE", "d2", "a2", NULL, 1), .id = ID1, IN(0, 1),
      .findings = AISID_FIND_SESSION_JOINED, .origin = AISID_ORIGIN_JOINED },          /* 4 */
    { RSP(200, "d2", "a2", "c2", 1, "INVITE"), .id = ID1, IN(0, 1) },
    { REQ("ACK", "d2", "a2", "c2", 1), .id = ID1, IN(0, 1) },
    { REQ("REFER", "d1", "a1", "b1", 2), .id = ID1, .refer_to = REFER_TO_ATTENDED, IN(0, 0) }, /* 7 */
    { RSP(202, "d1", "a1", "b1", 2, "REFER"), .id = ID1, IN(0, 0) },
    { REQ("NOTIFY", "d1", "b1", "a1", 1), .id = ID1, IN(0, 0) },
    { RSP(200, "d1", "b1", "a1", 1, "NOTIFY"), .id = ID1, IN(0, 0) },
    { REQ("INVITE", "d3", "b3", NULL, 1), .id = ID1, .ruri = "carol@chicago.example.com",
      .replaces = "d2;to-tag=a2;from-tag=c2", .referred_by = true, IN(0, 2),
      .findings = AISID_FIND_TRANSFER_CONTINUED, .origin = AISID_ORIGIN_REPLACES },    /* 11 */
    { RSP(200, "d3", "b3", "c3", 1, "INVITE"), .id = ID1, IN(0, 2) },
    { REQ("ACK", "d3", "b3", "c3", 1), .id = ID1, IN(0, 2) },
    { REQ("BYE", "d2", "c2", "a2", 1), .id = ID1, IN(0, 1) },
    { RSP(200, "d2", "c2", "a2", 1, "BYE"), .id = ID1, IN(0, 1) },
    { REQ("NOTIFY", "d1", "b1", "a1", 2), .id = ID1, IN(0, 0) },
    { RSP(200, "d1", "b1", "a1", 2, "NOTIFY"), .id = ID1, IN(0, 0) },
    { REQ("BYE", "d1", "a1", "b1", 3), .id = ID1, IN(0, 0) },
    { RSP(200, "d1", "a1", "b1", 3, "BYE"), .id = ID1, IN(0, 0) },
    { REQ("BYE", "d3", "c3", "b3", 1), .id = ID1, IN(0, 2) },
};

static void test_attended_transfer(void)
{
    wmem_allocator_t *scope = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);
    aisid_msg_out_t outs[G_N_ELEMENTS(attended)];
    aisid_graph_t *g = run(scope, attended, G_N_ELEMENTS(attended), outs);
    g_assert_cmpuint(aisid_graph_session_count(g), ==, 1);
    const aisid_msg_out_t *o = &outs[10];
    g_assert_cmpuint(o->origin_frame, ==, 4);    /* dialog 1's INVITE */
    g_assert_cmpint(o->source_dialog, ==, 1);
    g_assert_cmpuint(o->source_frame, ==, 4);
    g_assert_cmpuint(o->refer_frame, ==, 7);     /* the REFER matched too */
    g_assert_cmpuint(o->dialogs_so_far, ==, 3);
    g_assert_cmpuint(outs[3].dialogs_so_far, ==, 2);
    const aisid_dialog_info_t *d = aisid_graph_dialog(g, 0, 2);
    g_assert_cmpint(d->origin, ==, AISID_ORIGIN_REPLACES);
    g_assert_cmpint(d->source_dialog, ==, 1);
    g_assert_cmpuint(d->refer_frame, ==, 7);
    g_assert_cmpstr(d->call_id, ==, "d3");
    g_assert_cmpuint(aisid_graph_session(g, 0)->n_dialogs, ==, 3);
    /* wmem scope owned by the caller: free only forgets */
    aisid_graph_free(g);
    wmem_destroy_allocator(scope);
}

/* The consultation dialog carries no id, so the Replaces names no session
 * dialog: the REFER that embedded that Replaces is the link (RFC 5589 7),
 * even without Referred-By. */
static const step_t attended_consult_no_id[] = {
    { REQ("INVITE", "d1", "a1", NULL, 1), .id = ID1, IN(0, 0) },
    { RSP(200, "d1", "a1", "b1", 1, "INVITE"), .id = ID1, IN(0, 0) },
    { REQ("INVITE", "d2", "a2", NULL, 1), NONE },
    { RSP(200, "d2", "a2", "c2", 1, "INVITE"), NONE },
    { REQ("REFER", "d1", "a1", "b1", 2), .id = ID1, .refer_to = REFER_TO_ATTENDED, IN(0, 0) }, /* 5 */
    { REQ("INVITE", "d3", "b3", NULL, 1), .id = ID1, .ruri = "carol@chicago.example.com",
      .replaces = "d2;to-tag=c2;from-tag=a2", IN(0, 1),
      .findings = AISID_FIND_TRANSFER_CONTINUED, .origin = AISID_ORIGIN_REFER },
    /* the replaced dialog ends, still outside the session */
    { REQ("BYE", "d2", "c2", "a2", 2), NONE },
};

static void test_attended_consult_no_id(void)
{
    aisid_msg_out_t outs[G_N_ELEMENTS(attended_consult_no_id)];
    aisid_graph_t *g = run(NULL, attended_consult_no_id,
                           G_N_ELEMENTS(attended_consult_no_id), outs);
    g_assert_cmpuint(outs[5].origin_frame, ==, 5);
    g_assert_cmpuint(outs[5].refer_frame, ==, 5);
    g_assert_cmpint(outs[5].source_dialog, ==, 0);
    aisid_graph_free(g);
}

/* -------------------------------------------------------- blind transfer */

static const step_t blind_unpreserved[] = {
    { REQ("INVITE", "d1", "a1", NULL, 1), .id = ID1, IN(0, 0) },
    { RSP(200, "d1", "a1", "b1", 1, "INVITE"), .id = ID1, IN(0, 0) },
    { REQ("ACK", "d1", "a1", "b1", 1), .id = ID1, IN(0, 0) },
    { REQ("REFER", "d1", "b1", "a1", 1), .id = ID1,
      .refer_to = "<sip:Carol@Chicago.example.com>", IN(0, 0) },                     /* 4 */
    /* Alice's INVITE to Carol, referred, without the id: REQ2 not met,
     * still the same session */
    { REQ("INVITE", "d2", "a2", NULL, 1), .ruri = "carol@chicago.example.com",
      .referred_by = true, IN(0, 1), .findings = AISID_FIND_TRANSFER_NOT_PRESERVED,
      .origin = AISID_ORIGIN_REFER },
    { RSP(200, "d2", "a2", "c2", 1, "INVITE"), IN(0, 1) },
    { REQ("ACK", "d2", "a2", "c2", 1), IN(0, 1) },
    /* no id was established in dialog 1: no REQ3 */
    { REQ("BYE", "d2", "c2", "a2", 1), IN(0, 1) },
    /* a call to Carol that is not referred is no transfer */
    { REQ("INVITE", "d3", "x", NULL, 1), .ruri = "carol@chicago.example.com", NONE },
    /* a referred INVITE with another id: not preserved either */
    { REQ("INVITE", "d4", "y", NULL, 1), .id = ID2, .ruri = "carol@chicago.example.com",
      .referred_by = true, IN(0, 2), .findings = AISID_FIND_TRANSFER_NOT_PRESERVED,
      .origin = AISID_ORIGIN_REFER },
    /* which is then the id of that dialog (REQ3 against it) */
    { REQ("BYE", "d4", "y", "z", 2), .id = ID2, IN(0, 2) },
};

static void test_transfer_not_preserved(void)
{
    aisid_msg_out_t outs[G_N_ELEMENTS(blind_unpreserved)];
    aisid_graph_t *g = run(NULL, blind_unpreserved, G_N_ELEMENTS(blind_unpreserved), outs);
    g_assert_cmpuint(aisid_graph_session_count(g), ==, 1);
    g_assert_cmpstr(outs[4].expected_id, ==, ID1);
    g_assert_cmpuint(outs[4].origin_frame, ==, 4);    /* the REFER */
    g_assert_cmpint(outs[4].source_dialog, ==, 0);
    g_assert_cmpstr(outs[4].session_id_str, ==, ID1);
    g_assert_null(aisid_graph_dialog(g, 0, 1)->id);
    g_assert_cmpstr(aisid_graph_dialog(g, 0, 2)->id, ==, ID2);
    aisid_graph_free(g);
}

/* Two sessions transfer to the same target at once (a queue of human
 * agents), and the referred INVITEs come in the other order: each is
 * matched to the REFER of its own session, not to the newest REFER. */
static const step_t concurrent_refers[] = {
    { REQ("INVITE", "d1", "a1", NULL, 1), .id = ID1, IN(0, 0) },
    { RSP(200, "d1", "a1", "b1", 1, "INVITE"), .id = ID1, IN(0, 0) },
    { REQ("INVITE", "d2", "a2", NULL, 1), .id = ID2, IN(1, 0) },
    { RSP(200, "d2", "a2", "b2", 1, "INVITE"), .id = ID2, IN(1, 0) },
    { REQ("REFER", "d1", "b1", "a1", 1), .id = ID1,
      .refer_to = "<sip:queue@agents.example.com>", IN(0, 0) },                      /* 5 */
    { REQ("REFER", "d2", "b2", "a2", 1), .id = ID2,
      .refer_to = "<sip:queue@agents.example.com>", IN(1, 0) },                      /* 6 */
    { REQ("INVITE", "d3", "a3", NULL, 1), .id = ID1, .ruri = "queue@agents.example.com",
      .referred_by = true, IN(0, 1), .findings = AISID_FIND_TRANSFER_CONTINUED,
      .origin = AISID_ORIGIN_REFER },
    { REQ("INVITE", "d4", "a4", NULL, 1), .id = ID2, .ruri = "queue@agents.example.com",
      .referred_by = true, IN(1, 1), .findings = AISID_FIND_TRANSFER_CONTINUED,
      .origin = AISID_ORIGIN_REFER },
};

static void test_concurrent_refers(void)
{
    aisid_msg_out_t outs[G_N_ELEMENTS(concurrent_refers)];
    aisid_graph_t *g = run(NULL, concurrent_refers, G_N_ELEMENTS(concurrent_refers), outs);
    g_assert_cmpuint(aisid_graph_session_count(g), ==, 2);
    g_assert_cmpuint(outs[6].origin_frame, ==, 5);    /* its own REFER, not the newest */
    g_assert_cmpuint(outs[7].origin_frame, ==, 6);
    aisid_graph_free(g);
}

/* ----------------------------------------------------- topology hiding */

static const step_t topo_hidden[] = {
    { REQ("INVITE", "leg1", "a", NULL, 1), .id = ID1, IN(0, 0), .origin = AISID_ORIGIN_INITIAL },
    { REQ("INVITE", "leg2", "x", NULL, 1), .id = ID1, IN(0, 1),
      .findings = AISID_FIND_SESSION_JOINED, .origin = AISID_ORIGIN_JOINED },
    { RSP(200, "leg2", "x", "y", 1, "INVITE"), .id = ID1, IN(0, 1) },
    { RSP(200, "leg1", "a", "b", 1, "INVITE"), .id = ID1, IN(0, 0) },
    { REQ("INVITE", "other", "o", NULL, 1), .id = ID2, IN(1, 0), .origin = AISID_ORIGIN_INITIAL },
};

static void test_topology_hidden(void)
{
    aisid_graph_t *g = run(NULL, topo_hidden, G_N_ELEMENTS(topo_hidden), NULL);
    g_assert_cmpuint(aisid_graph_session_count(g), ==, 2);
    g_assert_cmpuint(aisid_graph_session(g, 0)->n_dialogs, ==, 2);
    g_assert_cmpstr(aisid_graph_session(g, 1)->id, ==, ID2);
    g_assert_cmpuint(aisid_graph_session(g, 1)->first_frame, ==, 5);
    aisid_graph_free(g);
}

/* ---------------------------------------------------------------- REQ8 */

static const step_t b2bua_early[] = {
    { REQ("INVITE", "leg1", "a", NULL, 1), .id = ID1,
      .sess_id = UUID_A ";remote=" UUID_NULL, IN(0, 0) },
    { REQ("INVITE", "leg2", "x", NULL, 1), .id = ID2,
      .sess_id = UUID_A ";remote=" UUID_NULL, IN(1, 0),
      .findings = AISID_FIND_B2BUA_CONFLICT },
    /* said once per dialog */
    { RSP(200, "leg2", "x", "y", 1, "INVITE"), .id = ID2,
      .sess_id = UUID_B ";remote=" UUID_A, IN(1, 0) },
    /* the other leg, the full pair swapped */
    { RSP(200, "leg1", "a", "b", 1, "INVITE"), .id = ID1,
      .sess_id = UUID_B ";remote=" UUID_A, IN(0, 0),
      .findings = AISID_FIND_B2BUA_CONFLICT },
};

static const step_t b2bua_swapped[] = {
    { REQ("INVITE", "leg1", "a", NULL, 1), .id = ID1,
      .sess_id = UUID_A ";remote=" UUID_B, IN(0, 0) },
    { REQ("INVITE", "leg2", "x", NULL, 1), .id = ID2,
      .sess_id = UUID_B ";remote=" UUID_A, IN(1, 0),
      .findings = AISID_FIND_B2BUA_CONFLICT },
};

static const step_t b2bua_half_then_full[] = {
    { REQ("INVITE", "leg1", "a", NULL, 1), .id = ID1,
      .sess_id = UUID_A ";remote=" UUID_NULL, IN(0, 0) },
    { RSP(200, "leg2", "x", "y", 1, "INVITE"), .id = ID2,
      .sess_id = UUID_B ";remote=" UUID_A, IN(1, 0),
      .findings = AISID_FIND_B2BUA_CONFLICT },
};

static const step_t b2bua_agree[] = {
    { REQ("INVITE", "leg1", "a", NULL, 1), .id = ID1,
      .sess_id = UUID_A ";remote=" UUID_NULL, IN(0, 0) },
    { REQ("INVITE", "leg2", "x", NULL, 1), .id = ID1,
      .sess_id = UUID_A ";remote=" UUID_NULL, IN(0, 1),
      .findings = AISID_FIND_SESSION_JOINED },
    { RSP(200, "leg2", "x", "y", 1, "INVITE"), .id = ID1,
      .sess_id = UUID_B ";remote=" UUID_A, IN(0, 1) },
    { RSP(200, "leg1", "a", "b", 1, "INVITE"), .id = ID1,
      .sess_id = UUID_B ";remote=" UUID_A, IN(0, 0) },
    /* the null pair carries nothing to compare */
    { REQ("INVITE", "leg3", "q", NULL, 1), .id = ID2,
      .sess_id = UUID_NULL ";remote=" UUID_NULL, IN(1, 0) },
};

static void test_b2bua(void)
{
    aisid_msg_out_t outs[G_N_ELEMENTS(b2bua_early)];
    aisid_graph_t *g = run(NULL, b2bua_early, G_N_ELEMENTS(b2bua_early), outs);
    g_assert_cmpint(outs[1].other_session, ==, 0);
    g_assert_cmpint(outs[1].other_dialog, ==, 0);
    g_assert_cmpstr(outs[1].other_id, ==, ID1);
    g_assert_cmpuint(outs[1].other_frame, ==, 1);
    g_assert_cmpint(outs[3].other_session, ==, 1);
    g_assert_cmpstr(outs[3].other_id, ==, ID2);
    g_assert_cmpuint(outs[3].other_frame, ==, 3);
    g_assert_cmpuint(aisid_graph_session(g, 0)->findings, ==, AISID_FIND_B2BUA_CONFLICT);
    aisid_graph_free(g);

    aisid_graph_free(run(NULL, b2bua_swapped, G_N_ELEMENTS(b2bua_swapped), NULL));
    aisid_graph_free(run(NULL, b2bua_half_then_full, G_N_ELEMENTS(b2bua_half_then_full), NULL));
    aisid_graph_free(run(NULL, b2bua_agree, G_N_ELEMENTS(b2bua_agree), NULL));
}

/* ------------------------------------------------------------- forking */

static const step_t forked[] = {
    { REQ("INVITE", "c1", "a", NULL, 1), .id = ID1, IN(0, 0) },
    { RSP(180, "c1", "a", "t1", 1, "INVITE"), .id = ID1, IN(0, 0) },
    { RSP(180, "c1", "a", "t2", 1, "INVITE"), .id = ID1, IN(0, 1) },
    { RSP(200, "c1", "a", "t1", 1, "INVITE"), .id = ID1, IN(0, 0) },
    { REQ("ACK", "c1", "a", "t1", 1), .id = ID1, IN(0, 0) },
    { RSP(486, "c1", "a", "t2", 1, "INVITE"), IN(0, 1) },
    /* the ACK of the fork's 486 needs no id */
    { REQ("ACK", "c1", "a", "t2", 1), IN(0, 1) },
    /* the fork's BYE? there is none; the first dialog's BYE: */
    { REQ("BYE", "c1", "t1", "a", 1), IN(0, 0), .findings = AISID_FIND_DIALOG_MISSING },
};

static void test_forked(void)
{
    aisid_msg_out_t outs[G_N_ELEMENTS(forked)];
    aisid_graph_t *g = run(NULL, forked, G_N_ELEMENTS(forked), outs);
    g_assert_cmpuint(aisid_graph_session(g, 0)->n_dialogs, ==, 2);
    const aisid_dialog_info_t *d0 = aisid_graph_dialog(g, 0, 0);
    const aisid_dialog_info_t *d1 = aisid_graph_dialog(g, 0, 1);
    g_assert_cmpstr(d0->to_tag, ==, "t1");
    g_assert_cmpstr(d1->to_tag, ==, "t2");
    g_assert_cmpuint(d1->first_frame, ==, 1);   /* the INVITE they share */
    g_assert_cmpuint(d1->joined_frame, ==, 3);
    g_assert_cmpstr(d1->id, ==, ID1);
    g_assert_cmpuint(outs[2].dialogs_so_far, ==, 2);
    aisid_graph_free(g);
}

/* ------------------------------------------------------------- no id */

static const step_t no_id[] = {
    { REQ("INVITE", "c1", "a", NULL, 1), NONE },
    { RSP(100, "c1", "a", NULL, 1, "INVITE"), NONE },
    { RSP(200, "c1", "a", "b", 1, "INVITE"), NONE },
    { REQ("ACK", "c1", "a", "b", 1), NONE },
    { REQ("REFER", "c1", "a", "b", 2), .refer_to = REFER_TO_ATTENDED, NONE },
    { REQ("INVITE", "d3", "b3", NULL, 1), .ruri = "carol@chicago.example.com",
      .replaces = "d2;to-tag=a2;from-tag=c2", .referred_by = true, NONE },
    { REQ("BYE", "c1", "b", "a", 1), NONE },
    { REQ("OPTIONS", "o", "t", NULL, 1), NONE },
    /* no Call-ID at all */
    { .method = "OPTIONS", NONE },
    /* an empty identifier keys nothing */
    { REQ("INVITE", "e", "t", NULL, 1), .id = "", NONE },
    /* a dialog that had none joins when a later message brings one */
    { REQ("INVITE", "c1", "a", "b", 3), .id = ID1, IN(0, 0), .origin = AISID_ORIGIN_INITIAL },
    { REQ("BYE", "c1", "b", "a", 2), IN(0, 0), .findings = AISID_FIND_DIALOG_MISSING },
};

static void test_no_id(void)
{
    aisid_graph_t *g = run(NULL, no_id, 10, NULL);
    g_assert_cmpuint(aisid_graph_session_count(g), ==, 0);
    g_assert_null(aisid_graph_session(g, 0));
    g_assert_null(aisid_graph_dialog(g, 0, 0));
    g_assert_cmpuint(aisid_graph_session_frame(g, 0, 0), ==, 0);
    aisid_graph_free(g);
    g = run(NULL, no_id, G_N_ELEMENTS(no_id), NULL);
    g_assert_cmpuint(aisid_graph_session_count(g), ==, 1);
    aisid_graph_free(g);
    aisid_graph_free(NULL);
    g_assert_cmpuint(aisid_graph_session_count(NULL), ==, 0);
}

/* --------------------------------------------------- aisid_msg_in_from_sip */

static void test_from_sip(void)
{
    wmem_allocator_t *scope = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);
    static const char refer_to[] = REFER_TO_ATTENDED;
    static const char replaces[] = "d2;to-tag=a2;from-tag=c2";
    static const char sess[] = UUID_A ";remote=" UUID_B;
    aisid_sip_msg_t sip;
    memset(&sip, 0, sizeof sip);
    sip.is_request = true;
    sip.method = aisid_span_("INVITE", 6);
    sip.call_id = aisid_span_("c", 1);
    sip.from_tag = aisid_span_("f", 1);
    sip.refer_to = aisid_span_(refer_to, sizeof refer_to - 1);
    sip.replaces = aisid_span_(replaces, sizeof replaces - 1);
    sip.session_id = aisid_span_(sess, sizeof sess - 1);
    sip.referred_by = aisid_span_("<sip:b@h>", 9);
    aisid_msg_in_t in;
    aisid_msg_in_from_sip(scope, &sip, aisid_span_(ID1, strlen(ID1)), 7, 1, 2, &in);
    g_assert_cmpstr(in.method, ==, "INVITE");
    g_assert_cmpuint(in.frame, ==, 7);
    g_assert_true(in.has_refer_to && in.refer_to.replaces.valid);
    g_assert_true(in.has_replaces);
    g_assert_true(in.has_session_id && in.session_id.has_remote);
    g_assert_true(in.has_referred_by);
    assert_span(in.aisid, ID1);

    sip.method = aisid_span_("FOOBAR", 6);
    aisid_msg_in_from_sip(scope, &sip, aisid_span_(NULL, 0), 8, 1, 2, &in);
    g_assert_cmpstr(in.method, ==, "FOOBAR");
    sip.is_request = false;
    sip.status_code = 200;
    aisid_msg_in_from_sip(scope, &sip, aisid_span_(NULL, 0), 8, 1, 2, &in);
    g_assert_null(in.method);
    g_assert_cmpuint(in.status, ==, 200);
    wmem_destroy_allocator(scope);
}

static void test_strings(void)
{
    g_assert_cmpstr(aisid_origin_str(AISID_ORIGIN_REPLACES), ==, "replaces");
    g_assert_cmpstr(aisid_origin_str(AISID_ORIGIN_NONE), ==, "none");
    for (unsigned i = 0; i < AISID_FIND_COUNT; i++)
        g_assert_nonnull(aisid_finding_str((aisid_finding_t)(1u << i)));
    g_assert_null(aisid_finding_str((aisid_finding_t)3));
    g_assert_cmpstr(aisid_reaction_str(AISID_REACTION_UNKNOWN), ==, "unknown");
}

/* aisid.max_dialogs: dialogs over the bound are not tracked, the frame of
 * the first is remembered; sessions of tracked dialogs go on. */
static const step_t bounded[] = {
    { REQ("INVITE", "d1", "a", NULL, 1), .id = ID1, IN(0, 0), .origin = AISID_ORIGIN_INITIAL },
    { REQ("INVITE", "d2", "a", NULL, 1), .id = ID1, IN(0, 1),
      .findings = AISID_FIND_SESSION_JOINED },
    { REQ("INVITE", "d3", "a", NULL, 1), .id = ID1, NONE },
    { REQ("INVITE", "d4", "a", NULL, 1), .id = ID2, NONE },
    { RSP(200, "d1", "a", "b", 1, "INVITE"), .id = ID1, IN(0, 0) },
    { RSP(200, "d3", "a", "b", 1, "INVITE"), .id = ID1, NONE },
};

static void test_max_dialogs(void)
{
    aisid_graph_t *g = aisid_graph_new(NULL);
    aisid_graph_set_max_dialogs(g, 2);
    g_assert_cmpuint(aisid_graph_bound_frame(g), ==, 0);
    wmem_allocator_t *pscope = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);
    for (size_t i = 0; i < G_N_ELEMENTS(bounded); i++) {
        aisid_msg_in_t in;
        aisid_msg_out_t out;
        make_in(pscope, &bounded[i], (uint32_t)(i + 1), &in);
        aisid_graph_add(g, &in, &out);
        int want = bounded[i].no_session ? -1 : bounded[i].session;
        g_assert_cmpint(out.session, ==, want);
        g_assert_cmpuint(out.findings, ==, bounded[i].findings);
        if (want >= 0)
            g_assert_cmpint(out.dialog, ==, bounded[i].dialog);
    }
    g_assert_cmpuint(aisid_graph_bound_frame(g), ==, 3);
    g_assert_cmpuint(aisid_graph_session_count(g), ==, 1);
    wmem_destroy_allocator(pscope);
    aisid_graph_free(g);

    /* the default is generous */
    g = aisid_graph_new(NULL);
    g_assert_cmpuint(AISID_DEFAULT_MAX_DIALOGS, >=, 1000000);
    aisid_graph_free(g);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    wmem_init();
    g_test_add_func("/session/simple_call", test_simple_call);
    g_test_add_func("/session/cancelled_call", test_cancelled_call);
    g_test_add_func("/session/challenged_call", test_challenged_call);
    g_test_add_func("/session/changed", test_changed);
    g_test_add_func("/session/changed_pending", test_changed_pending);
    g_test_add_func("/session/attended_transfer", test_attended_transfer);
    g_test_add_func("/session/attended_consult_no_id", test_attended_consult_no_id);
    g_test_add_func("/session/transfer_not_preserved", test_transfer_not_preserved);
    g_test_add_func("/session/concurrent_refers", test_concurrent_refers);
    g_test_add_func("/session/topology_hidden", test_topology_hidden);
    g_test_add_func("/session/b2bua", test_b2bua);
    g_test_add_func("/session/forked", test_forked);
    g_test_add_func("/session/no_id", test_no_id);
    g_test_add_func("/session/from_sip", test_from_sip);
    g_test_add_func("/session/strings", test_strings);
    g_test_add_func("/session/max_dialogs", test_max_dialogs);
    int rc = g_test_run();
    wmem_cleanup();
    return rc;
}
