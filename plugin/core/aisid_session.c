/* aisid_session.c
 * The session graph: SIP dialogs (RFC 3261 section 12) grouped into AI
 * sessions by their AI-Session-ID, and linked through REFER (RFC 3515) and
 * Replaces (RFC 3891), so that one logical interaction is one session even
 * when the id is carried over several dialogs (REQ1, REQ2, REQ4, REQ14).
 * On the way it checks what needs more than one message: REQ3 (in-dialog
 * requests keep the id), REQ6/REQ7 (the id does not change, and how the
 * receiver reacted when it did), REQ2 (transfers preserve it) and REQ8
 * (legs of one B2BUA call, recognised by their RFC 7989 Session-ID, agree).
 *
 * Messages come in frame order, once (Wireshark's first pass); everything
 * per frame is returned to the caller, who stores it, and the totals stay
 * here for later queries.  All memory is in the graph's wmem scope; every
 * lookup is a wmem_map on a scope-allocated string key.  A message outside
 * every session only builds a key on the stack and looks it up: dialogs are
 * remembered (a small record each) because a later message of theirs may
 * still bring an id.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "aisid_session.h"
#include "aisid_internal.h"

typedef struct sess sess_t;
typedef struct change_rec change_rec_t;

typedef struct dlg {
    aisid_dialog_info_t info;
    sess_t       *sess;          /* NULL while the dialog is in no session    */
    uint32_t      invite_cseq;   /* last INVITE, to tell the ACK of a non-2xx
                                    (same transaction, RFC 3261 17.1.1.3)
                                    from an in-dialog ACK (RFC 3261 13.2.2.4) */
    unsigned      invite_final;  /* its final status, 0 while unknown         */
    uint32_t      tag_cseq;      /* CSeq of the message that brought to_tag   */
    bool          tag_failed;    /* that INVITE ended in a non-2xx final: the
                                    To tag died with its transaction          */
    bool          b2bua_reported;/* REQ8 is said once per dialog, not on every
                                    message of a long call                   */
    change_rec_t *pending;       /* changed-id requests awaiting a response   */
} dlg_t;

struct change_rec {
    aisid_change_t pub;
    char          *cseq_method;
    change_rec_t  *next;
};

struct sess {
    aisid_session_info_t info;
    wmem_array_t *dialogs;       /* dlg_t *                                   */
    wmem_array_t *frames;        /* uint32_t, in frame order                  */
};

typedef struct refer_rec refer_rec_t;
struct refer_rec {
    dlg_t       *dialog;         /* the session dialog the REFER was sent in  */
    uint32_t     frame;
    bool         answered;       /* an INVITE was matched to it already       */
    refer_rec_t *older;          /* the next older REFER to the same target   */
};

/* The REFERs to one target, newest first.  Many sessions may transfer to
 * one target at once (a queue of human agents): the INVITE is matched to
 * the REFER of its own session where it can be. */
typedef struct {
    refer_rec_t *newest;
    unsigned     count;
} refer_list_t;

/* Pending REFERs kept per target; older ones are forgotten (a REFER that
 * no INVITE follows must not cost memory forever). */
#define AISID_REFERS_PER_TARGET 256

typedef struct {
    dlg_t      *dialog;          /* the first dialog that carried the pair    */
    const char *id;
    uint32_t    frame;
} pair_rec_t;

struct aisid_graph {
    wmem_allocator_t *scope;
    bool              own_scope;
    wmem_map_t *dialogs;         /* Call-ID + both tags (sorted) -> dlg_t     */
    wmem_map_t *halves;          /* Call-ID + from-tag -> early dlg_t         */
    wmem_map_t *sessions_by_id;  /* id -> sess_t                              */
    wmem_map_t *refer_targets;   /* lower-case user@host -> refer_list_t      */
    wmem_map_t *refer_replaces;  /* embedded Replaces dialog key -> refer_rec */
    wmem_map_t *pairs;           /* RFC 7989 UUID pair (sorted) -> pair_rec_t */
    wmem_map_t *changes;         /* frame -> change_rec_t                     */
    wmem_map_t *call_ids;        /* Call-IDs of session dialogs (a set)       */
    wmem_array_t *sessions;      /* sess_t *                                  */
    /* aisid.max_dialogs (aisid_bounds.h): dialogs tracked, and the frame
     * of the first message whose new dialog was not tracked. */
    unsigned    n_dialogs, max_dialogs;
    uint32_t    bound_frame;
};

/* ------------------------------------------------------------- keys */

/* Keys are built on the stack for lookups and copied into the scope only
 * when inserted, so a message that finds its dialog allocates nothing. */
#define KEY_STACK 512

typedef struct {
    char   stack[KEY_STACK];
    char  *buf;
    size_t len, cap;
} keybuf_t;

static void key_init(keybuf_t *k)
{
    k->buf = k->stack;
    k->len = 0;
    k->cap = sizeof k->stack;
    k->buf[0] = '\0';
}

static void key_add(keybuf_t *k, const char *p, size_t len, bool lower)
{
    if (k->len + len + 1 > k->cap) {
        size_t cap = (k->len + len + 1) * 2;
        char *nb = g_malloc(cap);
        memcpy(nb, k->buf, k->len);
        if (k->buf != k->stack)
            g_free(k->buf);
        k->buf = nb;
        k->cap = cap;
    }
    if (lower) {
        for (size_t i = 0; i < len; i++)
            k->buf[k->len + i] = (char)aisid_lower((unsigned char)p[i]);
    } else if (len > 0) {
        memcpy(k->buf + k->len, p, len);
    }
    k->len += len;
    k->buf[k->len] = '\0';
}

static void key_span(keybuf_t *k, aisid_span_t s)
{
    if (s.ptr != NULL)
        key_add(k, s.ptr, s.len, false);
}

/* SIP tokens and Call-IDs hold no control characters: a safe separator. */
static void key_sep(keybuf_t *k)
{
    key_add(k, "\n", 1, false);
}

static void key_free(keybuf_t *k)
{
    if (k->buf != k->stack)
        g_free(k->buf);
}

static int span_cmp(aisid_span_t a, aisid_span_t b)
{
    size_t n = a.len < b.len ? a.len : b.len;
    int c = n ? memcmp(a.ptr, b.ptr, n) : 0;
    if (c != 0)
        return c;
    return a.len < b.len ? -1 : a.len > b.len;
}

static aisid_span_t span_or_empty(aisid_span_t s)
{
    if (s.ptr == NULL)
        s.ptr = "";
    return s;
}

/* A dialog is Call-ID + local tag + remote tag (RFC 3261 12).  Each side
 * calls "local" its own tag, so requests of the callee have From and To
 * swapped, and so has a Replaces header (RFC 3891 3): sorting the two tags
 * makes one key for both directions and needs one lookup. */
static void dialog_key(keybuf_t *k, aisid_span_t call_id, aisid_span_t t1,
                       aisid_span_t t2)
{
    t1 = span_or_empty(t1);
    t2 = span_or_empty(t2);
    key_init(k);
    key_span(k, call_id);
    key_sep(k);
    if (span_cmp(t1, t2) <= 0) {
        key_span(k, t1);
        key_sep(k);
        key_span(k, t2);
    } else {
        key_span(k, t2);
        key_sep(k);
        key_span(k, t1);
    }
}

/* An early dialog before any To tag: Call-ID + the UAC's tag. */
static void half_key(keybuf_t *k, aisid_span_t call_id, aisid_span_t tag)
{
    key_init(k);
    key_span(k, call_id);
    key_sep(k);
    key_span(k, tag);
}

/* The target of a REFER / Request-URI of an INVITE: user@host, folded to
 * lower case (hosts are case-insensitive, RFC 3261 19.1.4; users in
 * practice are telephone numbers or names written alike). */
static bool target_key(keybuf_t *k, aisid_span_t user, aisid_span_t host)
{
    if ((user.ptr == NULL || user.len == 0) && (host.ptr == NULL || host.len == 0))
        return false;
    key_init(k);
    if (user.ptr != NULL)
        key_add(k, user.ptr, user.len, true);
    key_add(k, "@", 1, false);
    if (host.ptr != NULL)
        key_add(k, host.ptr, host.len, true);
    return true;
}

/* The two UUIDs of an RFC 7989 Session-ID, as 32 hex digits each, sorted:
 * the two ends of a call send them swapped (local / remote), and a B2BUA
 * passes them through unchanged on both legs (RFC 7989 section 7). */
static void pair_key(char out[66], const uint8_t a[16], const uint8_t b[16])
{
    static const char hex[] = "0123456789abcdef";
    const uint8_t *x = a, *y = b;
    if (memcmp(a, b, 16) > 0) {
        x = b;
        y = a;
    }
    for (int i = 0; i < 16; i++) {
        out[2 * i] = hex[x[i] >> 4];
        out[2 * i + 1] = hex[x[i] & 15];
        out[33 + 2 * i] = hex[y[i] >> 4];
        out[33 + 2 * i + 1] = hex[y[i] & 15];
    }
    out[32] = '|';
    out[65] = '\0';
}

static void *map_lookup(wmem_map_t *map, const keybuf_t *k)
{
    return wmem_map_lookup(map, k->buf);
}

static void map_insert(aisid_graph_t *g, wmem_map_t *map, const keybuf_t *k, void *v)
{
    wmem_map_insert(map, wmem_strndup(g->scope, k->buf, k->len), v);
}

/* ------------------------------------------------------------- graph */

aisid_graph_t *aisid_graph_new(wmem_allocator_t *scope)
{
    bool own = false;
    if (scope == NULL) {
        scope = wmem_allocator_new(WMEM_ALLOCATOR_BLOCK);
        own = true;
    }
    aisid_graph_t *g = wmem_new0(scope, aisid_graph_t);
    g->scope = scope;
    g->own_scope = own;
    g->dialogs = wmem_map_new(scope, g_str_hash, g_str_equal);
    g->halves = wmem_map_new(scope, g_str_hash, g_str_equal);
    g->sessions_by_id = wmem_map_new(scope, g_str_hash, g_str_equal);
    g->refer_targets = wmem_map_new(scope, g_str_hash, g_str_equal);
    g->refer_replaces = wmem_map_new(scope, g_str_hash, g_str_equal);
    g->pairs = wmem_map_new(scope, g_str_hash, g_str_equal);
    g->changes = wmem_map_new(scope, g_direct_hash, g_direct_equal);
    g->call_ids = wmem_map_new(scope, g_str_hash, g_str_equal);
    g->sessions = wmem_array_new(scope, sizeof(sess_t *));
    g->max_dialogs = AISID_DEFAULT_MAX_DIALOGS;
    return g;
}

void aisid_graph_set_max_dialogs(aisid_graph_t *g, unsigned max)
{
    if (g != NULL)
        g->max_dialogs = max;
}

uint32_t aisid_graph_bound_frame(const aisid_graph_t *g)
{
    return g ? g->bound_frame : 0;
}

/* May one more dialog be tracked?  Remembers where the bound was first
 * reached; sessions are bounded with it (each has a dialog). */
static bool dialog_room(aisid_graph_t *g, const aisid_msg_in_t *in)
{
    if (g->n_dialogs < g->max_dialogs) {
        g->n_dialogs++;
        return true;
    }
    if (g->bound_frame == 0)
        g->bound_frame = in->frame;
    return false;
}

void aisid_graph_free(aisid_graph_t *g)
{
    if (g != NULL && g->own_scope)
        wmem_destroy_allocator(g->scope);
}

static char *span_dup(aisid_graph_t *g, aisid_span_t s)
{
    return s.ptr ? wmem_strndup(g->scope, s.ptr, s.len) : NULL;
}

static dlg_t *dialog_new(aisid_graph_t *g, const aisid_msg_in_t *in,
                         aisid_span_t from_tag, aisid_span_t to_tag)
{
    dlg_t *d = wmem_new0(g->scope, dlg_t);
    d->info.session = -1;
    d->info.index = -1;
    d->info.source_dialog = -1;
    d->info.call_id = span_dup(g, in->call_id);
    d->info.from_tag = span_dup(g, span_or_empty(from_tag));
    d->info.to_tag = span_dup(g, to_tag);
    d->info.first_frame = in->frame;
    d->tag_cseq = in->cseq;
    return d;
}

static void session_add_dialog(aisid_graph_t *g, sess_t *s, dlg_t *d, uint32_t frame)
{
    if (d->info.call_id && !wmem_map_contains(g->call_ids, d->info.call_id))
        wmem_map_insert(g->call_ids, (void *)d->info.call_id, GUINT_TO_POINTER(1));
    d->sess = s;
    d->info.session = s->info.index;
    d->info.index = (int)s->info.n_dialogs++;
    d->info.joined_frame = frame;
    wmem_array_append_one(s->dialogs, d);
}

/* Finds the dialog of a message, creating it when new (RFC 3261 12.1 /
 * 12.2).  A request without To tag opens an early "half" dialog; the first
 * response with a To tag confirms it; a response with another To tag is a
 * fork, a dialog of its own that shares what the half knew (RFC 3261
 * 12.1.2, 13.2.2.4). */
static dlg_t *find_dialog(aisid_graph_t *g, const aisid_msg_in_t *in)
{
    keybuf_t k;
    dlg_t *d;
    bool has_to = in->to_tag.ptr != NULL && in->to_tag.len > 0;

    if (!has_to) {
        half_key(&k, in->call_id, in->from_tag);
        d = map_lookup(g->halves, &k);
        if (d == NULL && dialog_room(g, in)) {
            d = dialog_new(g, in, in->from_tag, in->to_tag);
            map_insert(g, g->halves, &k, d);
        }
        key_free(&k);
        return d;
    }

    dialog_key(&k, in->call_id, in->from_tag, in->to_tag);
    d = map_lookup(g->dialogs, &k);
    if (d != NULL) {
        key_free(&k);
        return d;
    }

    /* An early dialog: the UAC's tag is From in its requests and in all
     * responses, To in the callee's requests (UPDATE, PRACK answers...). */
    keybuf_t hk;
    aisid_span_t other = in->to_tag;
    half_key(&hk, in->call_id, in->from_tag);
    dlg_t *h = map_lookup(g->halves, &hk);
    key_free(&hk);
    if (h == NULL) {
        half_key(&hk, in->call_id, in->to_tag);
        h = map_lookup(g->halves, &hk);
        key_free(&hk);
        other = in->from_tag;
    }

    if (h != NULL && (h->info.to_tag == NULL ||
                      (h->tag_failed && in->cseq > h->tag_cseq))) {
        /* The first To tag confirms the early dialog.  A To tag of a
         * failed INVITE (a 401 / 407 challenge, RFC 3261 22.2) created no
         * dialog: the INVITE sent again with a higher CSeq in the same
         * Call-ID and From tag (RFC 3261 8.1.3.5) is still this one. */
        h->info.to_tag = span_dup(g, span_or_empty(other));
        h->tag_cseq = in->cseq;
        h->tag_failed = false;
        d = h;
    } else if (!dialog_room(g, in)) {
        key_free(&k);
        return NULL;
    } else if (h != NULL) {
        /* A fork: a second dialog out of one INVITE. */
        d = wmem_new0(g->scope, dlg_t);
        *d = *h;
        d->info.to_tag = span_dup(g, span_or_empty(other));
        d->tag_cseq = in->cseq;
        d->tag_failed = false;
        d->info.last_frame = 0;
        d->info.n_msgs = 0;
        d->invite_final = 0;
        d->b2bua_reported = false;
        d->pending = NULL;
        if (h->sess != NULL)
            session_add_dialog(g, h->sess, d, in->frame);
    } else {
        /* Mid-call start of the capture: no INVITE seen. */
        d = dialog_new(g, in, in->from_tag, in->to_tag);
    }
    map_insert(g, g->dialogs, &k, d);
    key_free(&k);
    return d;
}

static sess_t *session_new(aisid_graph_t *g, const char *id, const aisid_msg_in_t *in)
{
    sess_t *s = wmem_new0(g->scope, sess_t);
    s->info.index = (int)wmem_array_get_count(g->sessions);
    s->info.id = wmem_strdup(g->scope, id);
    s->info.first_frame = in->frame;
    s->info.first_secs = in->ts_secs;
    s->info.first_nsecs = in->ts_nsecs;
    s->dialogs = wmem_array_new(g->scope, sizeof(dlg_t *));
    s->frames = wmem_array_new(g->scope, sizeof(uint32_t));
    wmem_array_append_one(g->sessions, s);
    wmem_map_insert(g->sessions_by_id, s->info.id, s);
    return s;
}

static bool method_is(const aisid_msg_in_t *in, const char *m)
{
    return in->method != NULL && strcmp(in->method, m) == 0;
}

static bool cseq_method_is(aisid_span_t s, const char *m)
{
    return s.ptr != NULL && s.len == strlen(m) && memcmp(s.ptr, m, s.len) == 0;
}

/* The dialog a Replaces names (RFC 3891 3: tags seen from the recipient,
 * hence the sorted key), or the early one when only its INVITE was seen. */
static dlg_t *replaced_dialog(aisid_graph_t *g, const aisid_replaces_t *r)
{
    keybuf_t k;
    dialog_key(&k, r->call_id, r->to_tag, r->from_tag);
    dlg_t *d = map_lookup(g->dialogs, &k);
    key_free(&k);
    if (d == NULL) {
        half_key(&k, r->call_id, r->from_tag);
        d = map_lookup(g->halves, &k);
        key_free(&k);
    }
    if (d == NULL) {
        half_key(&k, r->call_id, r->to_tag);
        d = map_lookup(g->halves, &k);
        key_free(&k);
    }
    return d;
}

/* REFERs sent in session dialogs, by target and by embedded Replaces, so
 * that the INVITE they trigger can be traced back (REQ2). */
/* Over the bound: forget the REFERs already answered (but the newest,
 * still the fallback of answered_refer()), then the oldest. */
static void prune_refers(refer_list_t *l)
{
    refer_rec_t **pp = &l->newest;
    bool first = true;
    while (*pp != NULL) {
        if ((*pp)->answered && !first) {
            *pp = (*pp)->older;
            l->count--;
        } else {
            pp = &(*pp)->older;
        }
        first = false;
    }
    if (l->count > AISID_REFERS_PER_TARGET) {
        refer_rec_t *p = l->newest;
        for (unsigned i = 1; i < AISID_REFERS_PER_TARGET; i++)
            p = p->older;
        p->older = NULL;
        l->count = AISID_REFERS_PER_TARGET;
    }
}

static void remember_refer(aisid_graph_t *g, dlg_t *d, const aisid_msg_in_t *in)
{
    refer_rec_t *r = wmem_new0(g->scope, refer_rec_t);
    r->dialog = d;
    r->frame = in->frame;
    keybuf_t k;
    if (target_key(&k, in->refer_to.user, in->refer_to.host)) {
        refer_list_t *l = map_lookup(g->refer_targets, &k);
        if (l == NULL) {
            l = wmem_new0(g->scope, refer_list_t);
            map_insert(g, g->refer_targets, &k, l);
        }
        r->older = l->newest;
        l->newest = r;
        if (++l->count > AISID_REFERS_PER_TARGET)
            prune_refers(l);
        key_free(&k);
    }
    if (in->refer_to.has_replaces && in->refer_to.replaces.valid) {
        const aisid_replaces_t *rp = &in->refer_to.replaces;
        dialog_key(&k, rp->call_id, rp->to_tag, rp->from_tag);
        map_insert(g, g->refer_replaces, &k, r);
        key_free(&k);
    }
}

/* The REFER that an INVITE to its target answers: the newest one sent in
 * a session with the INVITE's identifier; else the newest one no INVITE
 * answered yet (one REFER, one INVITE: RFC 3515 section 2.4.2), whose
 * session the INVITE then fails to continue (REQ2); else the newest. */
static refer_rec_t *answered_refer(refer_list_t *l, const char *id)
{
    refer_rec_t *r, *unanswered = NULL;
    for (r = l->newest; r != NULL; r = r->older) {
        const sess_t *s = r->dialog->sess;
        if (id != NULL && s != NULL && strcmp(s->info.id, id) == 0)
            break;
        if (unanswered == NULL && !r->answered)
            unanswered = r;
    }
    if (r == NULL)
        r = unanswered != NULL ? unanswered : l->newest;
    if (r != NULL)
        r->answered = true;
    return r;
}

static refer_rec_t *matching_refer(aisid_graph_t *g, const aisid_msg_in_t *in, const char *id)
{
    keybuf_t k;
    refer_rec_t *r = NULL;
    /* The Replaces the REFER asked for is an exact link on its own
     * (RFC 5589 section 7), even if the INVITE lacks Referred-By. */
    if (in->has_replaces) {
        dialog_key(&k, in->replaces.call_id, in->replaces.to_tag,
                   in->replaces.from_tag);
        r = map_lookup(g->refer_replaces, &k);
        key_free(&k);
    }
    /* A bare target match could be any later call to that party: only
     * with Referred-By (RFC 3892), which marks the INVITE as referred. */
    if (r == NULL && in->has_referred_by &&
        target_key(&k, in->ruri_user, in->ruri_host)) {
        refer_list_t *l = map_lookup(g->refer_targets, &k);
        if (l != NULL)
            r = answered_refer(l, id);
        key_free(&k);
    }
    return r;
}

/* REQ8: dialogs of one RFC 7989 session (same UUID pair, either order)
 * carrying different ids.  Before the answer the remote UUID is null
 * (RFC 7989 section 6), so a full pair is also compared with the
 * half-known pairs of each of its UUIDs. */
static void check_b2bua(aisid_graph_t *g, dlg_t *d, const aisid_msg_in_t *in,
                        const char *id, aisid_msg_out_t *out)
{
    static const uint8_t null16[16] = { 0 };
    const aisid_session_id_t *s = &in->session_id;
    if (s->local_null && s->remote_null)
        return;
    char keys[3][66];
    int n = 0;
    pair_key(keys[n++], s->local, s->remote);
    if (!s->local_null && !s->remote_null) {
        pair_key(keys[n++], s->local, null16);
        pair_key(keys[n++], s->remote, null16);
    }
    for (int i = 0; i < n && !d->b2bua_reported; i++) {
        pair_rec_t *e = wmem_map_lookup(g->pairs, keys[i]);
        if (e != NULL && e->dialog != d && strcmp(e->id, id) != 0) {
            out->findings |= AISID_FIND_B2BUA_CONFLICT;
            out->other_session = e->dialog->info.session;
            out->other_dialog = e->dialog->info.index;
            out->other_id = e->id;
            out->other_frame = e->frame;
            d->b2bua_reported = true;
        }
    }
    if (wmem_map_lookup(g->pairs, keys[0]) == NULL) {
        pair_rec_t *e = wmem_new(g->scope, pair_rec_t);
        e->dialog = d;
        e->id = strcmp(id, d->sess->info.id) == 0 ? d->sess->info.id
                                                  : wmem_strdup(g->scope, id);
        e->frame = in->frame;
        wmem_map_insert(g->pairs, wmem_strdup(g->scope, keys[0]), e);
    }
}

/* A final response to a request that changed the id tells how the
 * receiver applied REQ7. */
static void resolve_change(dlg_t *d, const aisid_msg_in_t *in, aisid_msg_out_t *out)
{
    for (change_rec_t **pp = &d->pending; *pp != NULL; pp = &(*pp)->next) {
        change_rec_t *c = *pp;
        if (c->pub.cseq != in->cseq || in->cseq_method.ptr == NULL ||
            !cseq_method_is(in->cseq_method, c->cseq_method))
            continue;
        c->pub.reaction_frame = in->frame;
        c->pub.reaction_status = in->status;
        if (in->status >= 400 && in->status < 500) {
            c->pub.reaction = AISID_REACTION_REJECTED;
            out->findings |= AISID_FIND_CHANGE_REJECTED;
            out->change_frame = c->pub.frame;
        } else if (in->status < 300) {
            c->pub.reaction = AISID_REACTION_ACCEPTED;
        } else {
            c->pub.reaction = AISID_REACTION_OTHER;
        }
        *pp = c->next;
        return;
    }
}

void aisid_graph_add(aisid_graph_t *g, const aisid_msg_in_t *in,
                     aisid_msg_out_t *out)
{
    memset(out, 0, sizeof *out);
    out->session = -1;
    out->dialog = -1;
    out->source_dialog = -1;
    out->other_session = -1;
    out->other_dialog = -1;
    if (g == NULL || in == NULL || in->call_id.ptr == NULL)
        return;

    bool has_to = in->to_tag.ptr != NULL && in->to_tag.len > 0;
    /* An empty identifier cannot key a session (the value parser reports
     * it): treat it as no identifier. */
    bool has_id = in->aisid.ptr != NULL && in->aisid.len > 0;
    dlg_t *d = find_dialog(g, in);
    if (d == NULL)
        return;                   /* over aisid.max_dialogs: not tracked */

    /* RFC 3261 17.1.1.3: the ACK of a non-2xx final response belongs to the
     * INVITE transaction, not to the dialog; only the ACK of a 2xx is an
     * in-dialog request (13.2.2.4). */
    bool in_dialog_req = in->is_request && has_to && !method_is(in, "CANCEL") &&
        !(method_is(in, "ACK") && in->cseq == d->invite_cseq &&
          d->invite_final >= 300);
    if (in->is_request && method_is(in, "INVITE")) {
        d->invite_cseq = in->cseq;
        d->invite_final = 0;
    } else if (!in->is_request && in->status >= 200 && in->cseq == d->invite_cseq &&
               cseq_method_is(in->cseq_method, "INVITE")) {
        d->invite_final = in->status;
        if (in->status >= 300 && in->cseq == d->tag_cseq && has_to)
            d->tag_failed = true;
    }

    char idstack[AISID_ID_MAX_LEN + 1];
    char *id = NULL;
    if (has_id) {
        id = in->aisid.len < sizeof idstack ? idstack : g_malloc(in->aisid.len + 1);
        memcpy(id, in->aisid.ptr, in->aisid.len);
        id[in->aisid.len] = '\0';
    }

    if (d->sess == NULL) {
        /* Derived from a session dialog?  Only a dialog-creating INVITE can
         * be (RFC 3515 2.4.2 / RFC 3891 3); Replaces wins over a REFER
         * match, since it names the very dialog being taken over. */
        dlg_t *src = NULL;
        aisid_origin_t origin = AISID_ORIGIN_NONE;
        uint32_t origin_frame = 0, refer_frame = 0;
        if (in->is_request && !has_to && method_is(in, "INVITE")) {
            dlg_t *r = in->has_replaces ? replaced_dialog(g, &in->replaces) : NULL;
            refer_rec_t *ref = matching_refer(g, in, id);
            if (ref != NULL)
                refer_frame = ref->frame;
            if (r != NULL && r->sess != NULL && r != d) {
                src = r;
                origin = AISID_ORIGIN_REPLACES;
                origin_frame = r->info.first_frame;
            } else if (ref != NULL && ref->dialog != d) {
                src = ref->dialog;
                origin = AISID_ORIGIN_REFER;
                origin_frame = ref->frame;
            }
        }
        if (src != NULL) {
            sess_t *s = src->sess;
            session_add_dialog(g, s, d, in->frame);
            d->info.origin = origin;
            d->info.origin_frame = origin_frame;
            d->info.source_dialog = src->info.index;
            d->info.refer_frame = refer_frame;
            out->source_dialog = src->info.index;
            out->source_frame = origin_frame;
            out->refer_frame = refer_frame;
            if (has_id && strcmp(id, s->info.id) == 0) {
                out->findings |= AISID_FIND_TRANSFER_CONTINUED;
                d->info.id = s->info.id;
            } else {
                /* REQ2 not met, yet the transfer is part of the same
                 * interaction: keep it in the source session (REQ1). */
                out->findings |= AISID_FIND_TRANSFER_NOT_PRESERVED;
                out->expected_id = s->info.id;
                d->info.id = has_id ? wmem_strdup(g->scope, id) : NULL;
            }
        } else if (has_id) {
            sess_t *s = wmem_map_lookup(g->sessions_by_id, id);
            if (s != NULL) {
                /* REQ4: an id put into an unrelated new dialog. */
                session_add_dialog(g, s, d, in->frame);
                d->info.origin = AISID_ORIGIN_JOINED;
                out->findings |= AISID_FIND_SESSION_JOINED;
            } else {
                s = session_new(g, id, in);
                session_add_dialog(g, s, d, in->frame);
                d->info.origin = AISID_ORIGIN_INITIAL;
            }
            d->info.origin_frame = d->info.first_frame;
            d->info.id = s->info.id;
        }
    } else if (has_id) {
        if (d->info.id == NULL) {
            /* A transferred dialog that lacked the id gets one now: nothing
             * was established before that REQ6 could protect. */
            d->info.id = strcmp(id, d->sess->info.id) == 0
                             ? d->sess->info.id : wmem_strdup(g->scope, id);
        } else if (strcmp(id, d->info.id) != 0) {
            /* REQ6: the id changed within the dialog.  The message stays in
             * the dialog's session, as REQ7 preserves the original. */
            out->findings |= AISID_FIND_DIALOG_CHANGED;
            out->expected_id = d->info.id;
            if (wmem_map_lookup(g->changes, GUINT_TO_POINTER(in->frame)) == NULL) {
                change_rec_t *c = wmem_new0(g->scope, change_rec_t);
                c->pub.frame = in->frame;
                c->pub.session = d->info.session;
                c->pub.dialog = d->info.index;
                c->pub.original_id = d->info.id;
                c->pub.received_id = wmem_strdup(g->scope, id);
                c->pub.cseq = in->cseq;
                if (in->is_request) {
                    c->pub.reaction = AISID_REACTION_UNKNOWN;
                    c->cseq_method = span_dup(g, span_or_empty(in->cseq_method));
                    c->next = d->pending;
                    d->pending = c;
                } else {
                    c->pub.reaction = AISID_REACTION_NONE;
                }
                wmem_map_insert(g->changes, GUINT_TO_POINTER(in->frame), c);
            }
        }
    } else if (in_dialog_req && d->info.id != NULL) {
        /* REQ3: an in-dialog request without the dialog's id. */
        out->findings |= AISID_FIND_DIALOG_MISSING;
        out->expected_id = d->info.id;
    }

    if (!in->is_request && in->status >= 200 && d->pending != NULL)
        resolve_change(d, in, out);

    if (d->sess != NULL) {
        sess_t *s = d->sess;
        if (has_id && in->has_session_id)
            check_b2bua(g, d, in, id, out);

        /* The session's frame list: one entry per frame, even when a frame
         * holds several SIP messages (TCP). */
        unsigned n = wmem_array_get_count(s->frames);
        uint32_t last = n ? *(uint32_t *)wmem_array_index(s->frames, n - 1) : 0;
        if (n == 0 || last != in->frame) {
            out->prev_frame = last;
            wmem_array_append_one(s->frames, in->frame);
            n++;
        } else {
            out->prev_frame = n >= 2 ? *(uint32_t *)wmem_array_index(s->frames, n - 2) : 0;
        }
        out->msg_index = n - 1;
        s->info.n_msgs++;
        s->info.last_frame = in->frame;
        s->info.last_secs = in->ts_secs;
        s->info.last_nsecs = in->ts_nsecs;
        s->info.findings |= out->findings;
        d->info.last_frame = in->frame;
        d->info.n_msgs++;

        out->session = s->info.index;
        out->dialog = d->info.index;
        out->origin = d->info.origin;
        out->origin_frame = d->info.origin_frame;
        out->session_id_str = s->info.id;
        out->dialog_call_id = d->info.call_id;
        out->dialogs_so_far = s->info.n_dialogs;
        out->first_frame = s->info.first_frame;

        if (in->is_request && method_is(in, "REFER") && in->has_refer_to)
            remember_refer(g, d, in);
    }

    if (id != NULL && id != idstack)
        g_free(id);
}

/* ------------------------------------------------------------- queries */

bool aisid_graph_call_id_in_session(const aisid_graph_t *g, const char *call_id)
{
    return g && call_id && wmem_map_contains(g->call_ids, call_id);
}

unsigned aisid_graph_session_count(const aisid_graph_t *g)
{
    return g ? wmem_array_get_count(g->sessions) : 0;
}

static sess_t *get_sess(const aisid_graph_t *g, unsigned i)
{
    if (g == NULL || i >= wmem_array_get_count(g->sessions))
        return NULL;
    return *(sess_t **)wmem_array_index(g->sessions, i);
}

const aisid_session_info_t *aisid_graph_session(const aisid_graph_t *g,
                                                unsigned session)
{
    sess_t *s = get_sess(g, session);
    return s ? &s->info : NULL;
}

int aisid_graph_session_by_id(const aisid_graph_t *g, const char *id, size_t len)
{
    if (g == NULL || id == NULL)
        return -1;
    char *k = g_strndup(id, len);
    sess_t *s = wmem_map_lookup(g->sessions_by_id, k);
    g_free(k);
    return s ? s->info.index : -1;
}

const aisid_dialog_info_t *aisid_graph_dialog(const aisid_graph_t *g,
                                              unsigned session, unsigned dialog)
{
    sess_t *s = get_sess(g, session);
    if (s == NULL || dialog >= wmem_array_get_count(s->dialogs))
        return NULL;
    return &(*(dlg_t **)wmem_array_index(s->dialogs, dialog))->info;
}

uint32_t aisid_graph_session_frame(const aisid_graph_t *g, unsigned session,
                                   unsigned msg_index)
{
    sess_t *s = get_sess(g, session);
    if (s == NULL || msg_index >= wmem_array_get_count(s->frames))
        return 0;
    return *(uint32_t *)wmem_array_index(s->frames, msg_index);
}

uint32_t aisid_graph_next_frame(const aisid_graph_t *g, unsigned session,
                                unsigned msg_index)
{
    return aisid_graph_session_frame(g, session, msg_index + 1);
}

const aisid_change_t *aisid_graph_change(const aisid_graph_t *g, uint32_t frame)
{
    if (g == NULL)
        return NULL;
    change_rec_t *c = wmem_map_lookup(g->changes, GUINT_TO_POINTER(frame));
    return c ? &c->pub : NULL;
}

const char *aisid_origin_str(aisid_origin_t origin)
{
    switch (origin) {
    case AISID_ORIGIN_INITIAL:  return "initial";
    case AISID_ORIGIN_REFER:    return "refer";
    case AISID_ORIGIN_REPLACES: return "replaces";
    case AISID_ORIGIN_JOINED:   return "joined";
    case AISID_ORIGIN_NONE:     break;
    }
    return "none";
}

const char *aisid_finding_str(aisid_finding_t finding)
{
    switch (finding) {
    case AISID_FIND_DIALOG_MISSING:         return "dialog.missing";
    case AISID_FIND_DIALOG_CHANGED:         return "dialog.changed";
    case AISID_FIND_TRANSFER_CONTINUED:     return "transfer.continued";
    case AISID_FIND_TRANSFER_NOT_PRESERVED: return "transfer.not_preserved";
    case AISID_FIND_SESSION_JOINED:         return "session.joined";
    case AISID_FIND_B2BUA_CONFLICT:         return "b2bua.conflict";
    case AISID_FIND_CHANGE_REJECTED:        return "dialog.change_rejected";
    }
    return NULL;
}

const char *aisid_reaction_str(aisid_reaction_t reaction)
{
    switch (reaction) {
    case AISID_REACTION_REJECTED: return "rejected";
    case AISID_REACTION_ACCEPTED: return "accepted";
    case AISID_REACTION_OTHER:    return "other";
    case AISID_REACTION_NONE:     return "none";
    case AISID_REACTION_UNKNOWN:  break;
    }
    return "unknown";
}

/* ------------------------------------------------------------- input */

/* The methods of RFC 3261 and its extensions, so that the usual ones need
 * no copy. */
static const char *const known_methods[] = {
    "INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "PRACK",
    "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE",
};

void aisid_msg_in_from_sip(wmem_allocator_t *scope, const aisid_sip_msg_t *sip,
                           aisid_span_t aisid, uint32_t frame,
                           int64_t ts_secs, int32_t ts_nsecs,
                           aisid_msg_in_t *in)
{
    memset(in, 0, sizeof *in);
    in->frame = frame;
    in->ts_secs = ts_secs;
    in->ts_nsecs = ts_nsecs;
    in->is_request = sip->is_request;
    if (sip->is_request && sip->method.ptr != NULL) {
        for (size_t i = 0; i < G_N_ELEMENTS(known_methods); i++) {
            /* Method names are case-sensitive (RFC 3261 7.1). */
            if (cseq_method_is(sip->method, known_methods[i])) {
                in->method = known_methods[i];
                break;
            }
        }
        if (in->method == NULL)
            in->method = wmem_strndup(scope, sip->method.ptr, sip->method.len);
    }
    in->status = sip->status_code;
    /* The Request-URI's parts only matter to match an INVITE to a REFER's
     * target. */
    if (sip->is_request && sip->ruri.ptr != NULL && in->method != NULL &&
        strcmp(in->method, "INVITE") == 0)
        aisid_sip_uri_parts(sip->ruri, &in->ruri_user, &in->ruri_host);
    in->call_id = sip->call_id;
    in->from_tag = sip->from_tag;
    in->to_tag = sip->to_tag;
    in->cseq = sip->cseq;
    in->cseq_method = sip->cseq_method;
    in->aisid = aisid;
    if (sip->replaces.ptr != NULL)
        in->has_replaces = aisid_replaces_parse(sip->replaces.ptr, sip->replaces.len,
                                                &in->replaces);
    if (sip->refer_to.ptr != NULL)
        in->has_refer_to = aisid_refer_to_parse(scope, sip->refer_to.ptr,
                                                sip->refer_to.len, &in->refer_to);
    in->has_referred_by = sip->referred_by.ptr != NULL;
    if (sip->session_id.ptr != NULL)
        in->has_session_id = aisid_session_id_parse(sip->session_id.ptr,
                                                    sip->session_id.len,
                                                    &in->session_id);
}
