/* aisid-session.c
 * AI sessions: every SIP dialog that carries one AI-Session-ID, or derives
 * from such a dialog by REFER or Replaces, joined into one session (REQ1,
 * REQ2, REQ4), the dialog rules checked (REQ3, REQ6, REQ7, REQ8), and the
 * ways to follow a session: generated fields, a conversation filter and a
 * follower (tshark -z follow,aisid,ascii,N).
 *
 * The correlation is computed once, on the first pass, by the epan-free
 * session graph (core/aisid_session.h) and stored per frame in file scope
 * (the shape of transum); later passes and the GUI only read it back.  What
 * depends on later frames (totals, next frame, how a receiver reacted) is
 * read from the graph when the frame is visited again: complete with -2
 * and in the GUI.
 *
 * The SIP facts come without a protocol tree: SIP's own sip_info_value_t
 * (per-packet proto data) tells which SIP messages a frame holds, and the
 * core's scanner reads tags, Replaces, Refer-To and Session-ID from the raw
 * message text.  A capture without any AI-Session-ID never gets past the
 * first test in aisid_session_dissect().
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>

#include <string.h>

#include <epan/address.h>
#include <epan/dissectors/packet-sip.h>
#include <epan/expert.h>
#include <epan/prefs.h>
#include <epan/follow.h>
#include <epan/packet.h>
/* After packet.h: it names struct _packet_info in its prototypes. */
#include <epan/conversation_filter.h>
#include <epan/proto_data.h>
#include <epan/tap.h>
#include <epan/to_str.h>

#include "aisid_compat.h"
#include "aisid_session.h"
#include "packet-aisid.h"
#include "aisid-session.h"

/* Key of the per-frame records in file scope. */

static int hf_aisid_session = -1;
static int hf_aisid_session_id = -1;
static int hf_aisid_session_dialogs = -1;
static int hf_aisid_session_first_frame = -1;
static int hf_aisid_session_last_frame = -1;
static int hf_aisid_session_prev_frame = -1;
static int hf_aisid_session_next_frame = -1;
static int hf_aisid_session_time = -1;
static int hf_aisid_dialog = -1;
static int hf_aisid_dialog_call_id = -1;
static int hf_aisid_dialog_origin = -1;
static int hf_aisid_dialog_origin_frame = -1;

static gint ett_aisid_session = -1;

static expert_field ei_aisid_dialog_missing = EI_INIT;
static expert_field ei_aisid_dialog_changed = EI_INIT;
static expert_field ei_aisid_transfer_continued = EI_INIT;
static expert_field ei_aisid_transfer_not_preserved = EI_INIT;
static expert_field ei_aisid_session_joined = EI_INIT;
static expert_field ei_aisid_bound_dialogs = EI_INIT;

/* aisid.max_dialogs: how many dialogs one capture tracks (aisid_bounds.h). */
static guint pref_max_dialogs = AISID_DEFAULT_MAX_DIALOGS;
static expert_field ei_aisid_b2bua_conflict = EI_INIT;

static int proto_sip = -1;
static int aisid_tap = -1;

/* File-scope state, rebuilt for every capture file. */
static aisid_graph_t *session_graph;
static wmem_array_t *session_records;   /* aisid_frame_msg_t *, frame order */
static wmem_map_t *dialog_refs;         /* "session/dialog" -> last assertion-ref */
static wmem_map_t *interned;            /* string -> the one file-scope copy */
static wmem_map_t *endpoints;           /* aisid_endpoints_t -> its one copy */
static guint lb_last_index;             /* lower bound found for lb_last_frame */
static guint32 lb_last_frame;
/* Records come from pools of this many, in frame order: no allocator
 * header per record, and neighbours in the capture are neighbours in
 * memory (file scope: the pool goes with the file). */
#define AISID_REC_POOL 1024
static aisid_frame_msg_t *rec_pool;
static unsigned rec_pool_left;

aisid_graph_t *
aisid_session_graph(void)
{
    return session_graph;
}

wmem_array_t *
aisid_session_records(void)
{
    return session_records;
}

static guint
endpoints_hash(gconstpointer k)
{
    /* Word at a time (the struct is 40 bytes, no padding): a byte-wise
     * FNV-1a cost some 400 instructions per SIP message of a session. */
    uint64_t w[sizeof(aisid_endpoints_t) / sizeof(uint64_t)];
    uint64_t h = 0x9e3779b97f4a7c15u;
    G_STATIC_ASSERT(sizeof(aisid_endpoints_t) % sizeof(uint64_t) == 0);
    memcpy(w, k, sizeof w);
    for (size_t i = 0; i < G_N_ELEMENTS(w); i++)
        h = (h ^ w[i]) * 0xff51afd7ed558ccdu;
    return (guint)(h ^ (h >> 32));
}

static gboolean
endpoints_equal(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(aisid_endpoints_t)) == 0;
}

static void
aisid_session_init(void)
{
    session_graph = aisid_graph_new(wmem_file_scope());
    aisid_graph_set_max_dialogs(session_graph, pref_max_dialogs);
    session_records = wmem_array_new(wmem_file_scope(), sizeof(aisid_frame_msg_t *));
    dialog_refs = wmem_map_new(wmem_file_scope(), g_str_hash, g_str_equal);
    interned = wmem_map_new(wmem_file_scope(), g_str_hash, g_str_equal);
    endpoints = wmem_map_new(wmem_file_scope(), endpoints_hash, endpoints_equal);
    lb_last_index = 0;
    lb_last_frame = 0;
    rec_pool = NULL;
    rec_pool_left = 0;
}

static void
aisid_session_cleanup(void)
{
    /* The file scope frees the memory itself. */
    session_graph = NULL;
    session_records = NULL;
    dialog_refs = NULL;
    interned = NULL;
    endpoints = NULL;
    rec_pool = NULL;
    rec_pool_left = 0;
}

/* One file-scope copy of each string the records repeat ("INVITE",
 * "200 OK", a session's identifier on each of its messages): a record per
 * SIP message of a session is what the plugin keeps for a large capture,
 * and these copies were most of its size. */
static const char *
intern_span(packet_info *pinfo, const char *p, size_t len)
{
    char *key = wmem_strndup(pinfo->pool, p, len);
    char *copy = (char *)wmem_map_lookup(interned, key);
    if (!copy) {
        copy = wmem_strdup(wmem_file_scope(), key);
        wmem_map_insert(interned, copy, copy);
    }
    return copy;
}

/* The records are appended in frame order on the first pass, those of
 * one frame together and chained by next, so nothing is stored per frame:
 * a frame's first record is found by a lower-bound search over them.
 * Frames come in order in a pass (the first one, and -2's second), so the
 * search starts where the last one ended and usually moves a step or two;
 * only the GUI's random access takes the binary search, whose probes
 * would miss the cache on every step of a large capture. */
static guint
records_lower_bound(aisid_frame_msg_t *const *recs, guint count, guint32 frame)
{
    guint lo = 0, hi = count;
    bool found = false;

    if (frame >= lb_last_frame && lb_last_index <= count) {
        /* Its bound is at or after the last one: a few steps on. */
        guint steps = 0;
        lo = lb_last_index;
        while (lo < count && recs[lo]->frame < frame && steps < 8) {
            lo++;
            steps++;
        }
        found = lo == count || recs[lo]->frame >= frame;
    }
    while (!found && lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (recs[mid]->frame < frame)
            lo = mid + 1;
        else
            hi = mid;
    }
    lb_last_index = lo;
    lb_last_frame = frame;
    return lo;
}

const aisid_frame_msg_t *
aisid_session_frame_records(packet_info *pinfo)
{
    guint count = session_records ? wmem_array_get_count(session_records) : 0;
    aisid_frame_msg_t **recs;
    guint i;

    if (count == 0)
        return NULL;
    recs = (aisid_frame_msg_t **)wmem_array_get_raw(session_records);
    i = records_lower_bound(recs, count, pinfo->num);
    return (i < count && recs[i]->frame == pinfo->num) ? recs[i] : NULL;
}

/* ------------------------------------------------ the frame's SIP messages */

/* A SIP message of this frame: its raw text and what SIP told us. */
typedef struct {
    const char   *buf;        /* the data source's bytes                     */
    size_t        buf_len;
    unsigned      ds_index;   /* which data source (for later passes)        */
    size_t        start;      /* offset of the start line in buf             */
    aisid_sip_msg_t sip;
    aisid_msg_rec_t *hdrs;    /* our header records, NULL if it has none     */
} frame_sip_msg_t;

/* The length of a message from its start line to the end of its body:
 * Content-Length when given (RFC 3261 section 20.14), else the rest of the
 * data source (UDP carries one message a datagram, RFC 3261 18.3). */
static size_t
message_length(const frame_sip_msg_t *m)
{
    size_t avail = m->buf_len - m->start;
    size_t end = m->sip.headers_end;

    if (m->sip.has_content_length && end + m->sip.content_length <= avail)
        return end + m->sip.content_length;
    return avail;
}

static bool
span_eq_str(aisid_span_t s, const char *str)
{
    return s.ptr && str && strlen(str) == s.len && memcmp(s.ptr, str, s.len) == 0;
}

/* Does the scanned message describe the same SIP message as SIP's info? */
static bool
matches_sip_info(const aisid_sip_msg_t *sip, const sip_info_value_t *si)
{
    if (!span_eq_str(sip->call_id, si->tap_call_id))
        return false;
    if (sip->cseq != si->tap_cseq_number)
        return false;
    if (si->request_method)
        return sip->is_request && aisid_span_ieq(sip->method, (const char *)si->request_method);
    return !sip->is_request && sip->status_code == si->response_code;
}

/* memmem() is not C11: the first occurrence of needle in hay, or NULL.
 * (g_strstr_len() would stop at the NUL bytes of lower-layer headers.) */
static const char *
find_bytes(const char *hay, size_t hay_len, const char *needle, size_t n_len)
{
    const char *p = hay, *end = hay + hay_len;

    if (n_len == 0)
        return NULL;
    while ((size_t)(end - p) >= n_len) {
        p = (const char *)memchr(p, needle[0], (size_t)(end - p) - n_len + 1);
        if (!p)
            return NULL;
        if (memcmp(p, needle, n_len) == 0)
            return p;
        p++;
    }
    return NULL;
}

/* Finds the raw text of a SIP message that carried no AI-Session-ID (so no
 * header subdissector call told us where it is): look for its Call-ID in
 * the frame's data sources and scan back to the start line.  Only done
 * once the capture has at least one AI session. */
static bool
find_raw_message(packet_info *pinfo, const sip_info_value_t *si, frame_sip_msg_t *out)
{
    GSList *src;
    unsigned idx = 0;
    size_t cid_len;

    if (!si->tap_call_id || !*si->tap_call_id)
        return false;
    cid_len = strlen(si->tap_call_id);

    for (src = pinfo->data_src; src; src = src->next, idx++) {
        tvbuff_t *ds = get_data_source_tvb((struct data_source *)src->data);
        guint ds_len;
        const char *p, *hit;
        size_t from = 0;

        if (!ds || (ds_len = tvb_captured_length(ds)) < cid_len)
            continue;
        p = (const char *)tvb_get_ptr(ds, 0, ds_len);
        while ((hit = find_bytes(p + from, ds_len - from, si->tap_call_id, cid_len)) != NULL) {
            size_t off = (size_t)(hit - p);
            size_t start = aisid_sip_find_message_start(p, ds_len, off);

            from = off + 1;
            if (start == (size_t)-1)
                continue;
            memset(out, 0, sizeof *out);
            if (aisid_sip_scan(p + start, ds_len - start, &out->sip) &&
                matches_sip_info(&out->sip, si)) {
                out->buf = p;
                out->buf_len = ds_len;
                out->ds_index = idx;
                out->start = start;
                return true;
            }
        }
    }
    return false;
}

static unsigned
data_source_index(packet_info *pinfo, const char *buf)
{
    GSList *src;
    unsigned idx = 0;

    for (src = pinfo->data_src; src; src = src->next, idx++) {
        tvbuff_t *ds = get_data_source_tvb((struct data_source *)src->data);
        if (ds && tvb_captured_length(ds) &&
            (const char *)tvb_get_ptr(ds, 0, tvb_captured_length(ds)) == buf)
            return idx;
    }
    return 0;
}

/* A message our header subdissector located (and the postdissector
 * scanned). */
static void
from_header_record(packet_info *pinfo, aisid_msg_rec_t *r, frame_sip_msg_t *m)
{
    memset(m, 0, sizeof *m);
    m->buf = r->buf;
    m->buf_len = r->buf_len;
    m->ds_index = data_source_index(pinfo, r->buf);
    m->start = r->start;
    m->sip = r->sip;
    m->hdrs = r;
}

/* Collects the SIP messages of the frame, in the order SIP dissected them.
 * SIP stores one sip_info_value_t per message, keyed by its layer number. */
static unsigned
collect_messages(packet_info *pinfo, aisid_pkt_t *pkt, frame_sip_msg_t *msgs, unsigned max)
{
    unsigned n = 0, layer = 0;
    bool have_sessions = aisid_graph_session_count(session_graph) > 0;
    aisid_msg_rec_t *r;
    bool any_info = false;
    wmem_list_frame_t *lf;

    /* SIP keys its info by its layer number, which is its position in
     * pinfo->layers: look only where SIP is. */
    for (lf = wmem_list_head(pinfo->layers); lf && n < max; lf = wmem_list_frame_next(lf)) {
        const sip_info_value_t *si;
        bool found = false;

        layer++;
        if (GPOINTER_TO_INT(wmem_list_frame_data(lf)) != proto_sip)
            continue;
        si = (const sip_info_value_t *)p_get_proto_data(pinfo->pool, pinfo, proto_sip, layer);
        if (!si)
            continue;
        any_info = true;
        /* One of ours? */
        for (r = pkt ? pkt->msgs : NULL; r; r = r->next) {
            if (r->scanned && matches_sip_info(&r->sip, si)) {
                from_header_record(pinfo, r, &msgs[n++]);
                found = true;
                break;
            }
        }
        /* A message without the header matters only inside a session
         * dialog, or as an INVITE that may derive from one (REFER,
         * Replaces): skip the rest without reading their text. */
        if (!found && have_sessions &&
            (aisid_graph_call_id_in_session(session_graph, si->tap_call_id) ||
             (si->request_method && strcmp((const char *)si->request_method, "INVITE") == 0)) &&
            find_raw_message(pinfo, si, &msgs[n]))
            n++;
    }

    /* Without SIP's info (another SIP version, or SIP inside something that
     * hides it), fall back to the messages our header subdissector saw. */
    if (!any_info) {
        for (r = pkt ? pkt->msgs : NULL; r && n < max; r = r->next) {
            if (r->scanned)
                from_header_record(pinfo, r, &msgs[n++]);
        }
    }
    return n;
}

/* ------------------------------------------------ first pass */

/* "INVITE", or "200 OK" with the phrase the message itself carries
 * (Wireshark 4.6 no longer exports its table of standard phrases), its
 * first 128 bytes.  Built by hand, and interned: this runs for every
 * message of a session. */
static const char *
summary_of(packet_info *pinfo, const aisid_sip_msg_t *sip)
{
    char s[4 + 128];
    size_t rl;

    if (sip->is_request)
        return intern_span(pinfo, sip->method.ptr, sip->method.len);
    rl = sip->reason.ptr ? MIN(sip->reason.len, sizeof s - 4) : 0;
    s[0] = (char)('0' + sip->status_code / 100 % 10);
    s[1] = (char)('0' + sip->status_code / 10 % 10);
    s[2] = (char)('0' + sip->status_code % 10);
    s[3] = ' ';
    if (rl)
        memcpy(s + 4, sip->reason.ptr, rl);
    return intern_span(pinfo, s, rl ? 4 + rl : 3);
}

static void
keep_endpoint(aisid_endpoint_t *e, const address *a, guint32 port)
{
    e->port = (uint16_t)port;
    if (a->len > 0 && (size_t)a->len <= sizeof e->bytes && a->type < 256) {
        e->type = (uint8_t)a->type;
        e->len = (uint8_t)a->len;
        memcpy(e->bytes, a->data, (size_t)a->len);
    } else {
        e->type = AT_NONE;
        e->len = 0;
    }
}

const char *
aisid_rec_endpoint(wmem_allocator_t *scope, const aisid_frame_msg_t *rec, bool dst)
{
    const aisid_endpoint_t *e = dst ? &rec->ep->dst : &rec->ep->src;
    address a;

    if (e->type == AT_NONE)
        return wmem_strdup_printf(scope, "?:%u", e->port);
    set_address(&a, e->type, e->len, e->bytes);
    return wmem_strdup_printf(scope, "%s:%u", address_to_str(scope, &a), e->port);
}

/* aisid-session.h: a record's findings fit its byte, and it stays small. */
G_STATIC_ASSERT(AISID_FIND_COUNT <= 8);
G_STATIC_ASSERT(sizeof(aisid_frame_msg_t) <= 104);

static aisid_frame_msg_t *
rec_new(void)
{
    if (rec_pool_left == 0) {
        rec_pool = wmem_alloc0_array(wmem_file_scope(), aisid_frame_msg_t, AISID_REC_POOL);
        rec_pool_left = AISID_REC_POOL;
    }
    rec_pool_left--;
    return rec_pool++;
}

const aisid_msg_out_t *
aisid_rec_out(const aisid_frame_msg_t *rec, aisid_msg_out_t *buf)
{
    const aisid_session_info_t *s;
    const aisid_dialog_info_t *d;

    if (rec->extra)
        return &rec->extra->out;
    memset(buf, 0, sizeof *buf);
    buf->session = rec->session;
    buf->dialog = rec->dialog;
    buf->origin = (aisid_origin_t)rec->origin;
    buf->origin_frame = rec->origin_frame;
    buf->dialogs_so_far = rec->dialogs_so_far;
    buf->prev_frame = rec->prev_frame;
    buf->msg_index = rec->msg_index;
    buf->source_dialog = buf->other_session = buf->other_dialog = -1;
    /* Set when the session and the dialog were made, never changed. */
    s = aisid_graph_session(session_graph, (unsigned)rec->session);
    d = aisid_graph_dialog(session_graph, (unsigned)rec->session, (unsigned)rec->dialog);
    if (s) {
        buf->session_id_str = s->id;
        buf->first_frame = s->first_frame;
    }
    if (d)
        buf->dialog_call_id = d->call_id;
    return buf;
}

static aisid_frame_msg_t *
correlate(packet_info *pinfo, const frame_sip_msg_t *m)
{
    aisid_msg_in_t in;
    aisid_msg_out_t out;
    aisid_span_t id = { NULL, 0 };
    aisid_frame_msg_t *rec;
    aisid_form_t form = AISID_FORM_NONE;
    const char *ref_uri = NULL, *ref_changed_from = NULL;

    if (m->hdrs) {
        aisid_hdr_rec_t *h;
        for (h = m->hdrs->headers; h; h = h->next) {
            if (!(h->hdr.id_flags & AISID_ID_EMPTY)) {
                id = h->hdr.id;
                break;
            }
        }
        if (m->hdrs->headers) {
            const aisid_header_t *hh = &m->hdrs->headers->hdr;
            form = aisid_header_form(hh);
        }
    }

    /* aisid_bounds.h: an identifier this long keys no session. */
    if (id.len > AISID_MAX_SESSION_ID_LEN) {
        id.ptr = NULL;
        id.len = 0;
    }
    aisid_msg_in_from_sip(pinfo->pool, &m->sip, id, pinfo->num,
                          (int64_t)pinfo->abs_ts.secs, pinfo->abs_ts.nsecs, &in);
    aisid_graph_add(session_graph, &in, &out);
    if (out.session < 0)
        return NULL;

    rec = rec_new();
    rec->session = out.session;
    rec->dialog = out.dialog;
    rec->origin = (uint8_t)out.origin;
    rec->origin_frame = out.origin_frame;
    rec->prev_frame = out.prev_frame;
    rec->msg_index = out.msg_index;
    rec->dialogs_so_far = out.dialogs_so_far;
    rec->findings = (uint8_t)out.findings;
    rec->frame = pinfo->num;
    rec->ts_secs = (int64_t)pinfo->abs_ts.secs;
    rec->ts_nsecs = (uint32_t)pinfo->abs_ts.nsecs;
    rec->is_request = m->sip.is_request;
    rec->summary = summary_of(pinfo, &m->sip);
    {
        aisid_endpoints_t ep;
        memset(&ep, 0, sizeof ep);      /* hashed and compared bytewise */
        keep_endpoint(&ep.src, &pinfo->src, pinfo->srcport);
        keep_endpoint(&ep.dst, &pinfo->dst, pinfo->destport);
        rec->ep = (const aisid_endpoints_t *)wmem_map_lookup(endpoints, &ep);
        if (!rec->ep) {
            aisid_endpoints_t *copy = (aisid_endpoints_t *)wmem_memdup(wmem_file_scope(), &ep, sizeof ep);
            wmem_map_insert(endpoints, copy, copy);
            rec->ep = copy;
        }
    }
    rec->form = (uint8_t)form;
    /* Mostly the session's own identifier: share its copy. */
    if (id.ptr && out.session_id_str && strlen(out.session_id_str) == id.len &&
        memcmp(out.session_id_str, id.ptr, id.len) == 0)
        rec->id = out.session_id_str;
    else
        rec->id = id.ptr ? intern_span(pinfo, id.ptr, id.len) : NULL;
    rec->ds_index = (uint16_t)MIN(m->ds_index, G_MAXUINT16);
    rec->start = m->start;
    rec->len = message_length(m);

    /* The assertion reference should stay the same within a dialog; a
     * change is worth a note (the new one may be legitimate: re-issued). */
    if (m->hdrs) {
        aisid_hdr_rec_t *h;
        for (h = m->hdrs->headers; h; h = h->next) {
            if (h->hdr.ref_index >= 0 &&
                (h->hdr.ref_status == AISID_REF_OK || h->hdr.ref_status == AISID_REF_INSECURE)) {
                ref_uri = intern_span(pinfo, h->hdr.ref_uri.ptr, h->hdr.ref_uri.len);
                break;
            }
        }
    }
    if (ref_uri) {
        char *key = wmem_strdup_printf(pinfo->pool, "%d/%d", out.session, out.dialog);
        const char *prev = (const char *)wmem_map_lookup(dialog_refs, key);
        if (!prev)
            wmem_map_insert(dialog_refs, wmem_strdup(wmem_file_scope(), key), (void *)ref_uri);
        else if (prev != ref_uri) {      /* interned: equal strings, one copy */
            ref_changed_from = prev;
            wmem_map_insert(dialog_refs, key, (void *)ref_uri);  /* keeps its key */
        }
    }
    if (out.findings || ref_uri || (m->hdrs && m->hdrs->n_experts)) {
        aisid_frame_extra_t *x = wmem_new0(wmem_file_scope(), aisid_frame_extra_t);
        x->out = out;
        x->ref_uri = ref_uri;
        x->ref_changed_from = ref_changed_from;
        if (m->hdrs && m->hdrs->n_experts) {
            x->n_experts = (uint16_t)MIN(m->hdrs->n_experts, G_MAXUINT16);
            x->experts = (int *)wmem_memdup(wmem_file_scope(), m->hdrs->experts,
                                            x->n_experts * sizeof(int));
        }
        rec->extra = x;
    }
    wmem_array_append_one(session_records, rec);
    return rec;
}

/* ------------------------------------------------ display */

static const char *
reaction_text(packet_info *pinfo, const aisid_change_t *c)
{
    if (!c)
        return "how the receiver reacted is not known yet";
    switch (c->reaction) {
    case AISID_REACTION_REJECTED:
        return wmem_strdup_printf(pinfo->pool, "the receiver rejected it (%u in frame %u)",
                                  c->reaction_status, c->reaction_frame);
    case AISID_REACTION_ACCEPTED:
        return wmem_strdup_printf(pinfo->pool, "the receiver carried on (%u in frame %u)",
                                  c->reaction_status, c->reaction_frame);
    case AISID_REACTION_OTHER:
        return wmem_strdup_printf(pinfo->pool, "the receiver answered %u in frame %u",
                                  c->reaction_status, c->reaction_frame);
    case AISID_REACTION_NONE:
        return "it is a response, which nobody answers";
    case AISID_REACTION_UNKNOWN:
    default:
        return "no final response to it was seen";
    }
}

static const char *
via_text(const aisid_dialog_info_t *d)
{
    return d && d->origin == AISID_ORIGIN_REPLACES ? "Replaces" : "REFER";
}

/* Replaces wins as the origin; the REFER that asked for it is worth naming. */
static const char *
refer_text(packet_info *pinfo, const aisid_msg_out_t *o)
{
    if (!o->refer_frame || o->refer_frame == o->source_frame)
        return "";
    return wmem_strdup_printf(pinfo->pool, ", as asked by the REFER in frame %u", o->refer_frame);
}

static void
add_findings(packet_info *pinfo, proto_item *ti, const aisid_frame_msg_t *rec)
{
    const aisid_msg_out_t *o;
    const aisid_dialog_info_t *d;

    if (!rec->findings)
        return;                         /* most messages: leave the dialog cold */
    o = &rec->extra->out;               /* a record with findings has one */
    d = aisid_graph_dialog(session_graph, (unsigned)o->session, (unsigned)o->dialog);
    if (o->findings & AISID_FIND_DIALOG_MISSING)
        expert_add_info_format(pinfo, ti, &ei_aisid_dialog_missing,
            "In-dialog %s lacks AI-Session-ID; its dialog %d was established with \"%s\" (REQ3)",
            rec->summary, o->dialog, o->expected_id ? aisid_label_text(pinfo->pool, o->expected_id) : "?");

    if (o->findings & AISID_FIND_DIALOG_CHANGED) {
        const aisid_change_t *c = aisid_graph_change(session_graph, rec->frame);
        /* In one pass the answer has not been read yet. */
        if (!pinfo->fd->visited)
            c = NULL;
        expert_add_info_format(pinfo, ti, &ei_aisid_dialog_changed,
            "AI-Session-ID \"%s\" differs from \"%s\", established in dialog %d (REQ6): %s",
            rec->id ? aisid_label_text(pinfo->pool, rec->id) : "",
            o->expected_id ? aisid_label_text(pinfo->pool, o->expected_id) : "?", o->dialog,
            reaction_text(pinfo, c));
    }

    if (o->findings & AISID_FIND_TRANSFER_CONTINUED)
        expert_add_info_format(pinfo, ti, &ei_aisid_transfer_continued,
            "Dialog %d continues AI session %d via %s from dialog %d (frame %u)%s (REQ1, REQ2)",
            o->dialog, o->session, via_text(d), o->source_dialog, o->source_frame,
            refer_text(pinfo, o));

    if (o->findings & AISID_FIND_TRANSFER_NOT_PRESERVED)
        expert_add_info_format(pinfo, ti, &ei_aisid_transfer_not_preserved,
            "Dialog %d was created via %s from dialog %d (frame %u)%s of AI session %d but %s \"%s\" (REQ2)",
            o->dialog, via_text(d), o->source_dialog, o->source_frame, refer_text(pinfo, o), o->session,
            rec->id ? "changes its identifier" : "lacks its identifier",
            o->expected_id ? aisid_label_text(pinfo->pool, o->expected_id) : "?");

    if (o->findings & AISID_FIND_SESSION_JOINED)
        expert_add_info_format(pinfo, ti, &ei_aisid_session_joined,
            "Dialog %d (Call-ID %s) joins AI session %d \"%s\" without deriving from any of its dialogs (REQ4)",
            o->dialog, o->dialog_call_id ? aisid_label_text(pinfo->pool, o->dialog_call_id) : "?",
            o->session, o->session_id_str ? aisid_label_text(pinfo->pool, o->session_id_str) : "?");

    if (o->findings & AISID_FIND_B2BUA_CONFLICT)
        expert_add_info_format(pinfo, ti, &ei_aisid_b2bua_conflict,
            "This dialog shares its Session-ID with dialog %d of AI session %d (frame %u) but carries \"%s\", not \"%s\" (REQ8)",
            o->other_dialog, o->other_session, o->other_frame,
            aisid_label_text(pinfo->pool, rec->id ? rec->id : (o->session_id_str ? o->session_id_str : "?")),
            o->other_id ? aisid_label_text(pinfo->pool, o->other_id) : "?");
}

static void
show_record(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const aisid_frame_msg_t *rec)
{
    aisid_msg_out_t ob;
    const aisid_msg_out_t *o;
    const aisid_session_info_t *s;
    bool complete = pinfo->fd->visited;   /* later frames read: totals known */
    proto_item *ti = NULL, *pi;
    proto_tree *st;
    nstime_t first, rel;
    unsigned dialogs;
    uint32_t last, next = 0;

    /* Without a tree only the expert items matter (a plain `tshark -r`):
     * do not touch the session, whose memory is cold in a large capture. */
    if (!tree)
        goto experts;
    o = aisid_rec_out(rec, &ob);
    s = aisid_graph_session(session_graph, (unsigned)o->session);
    ti = proto_tree_add_item(tree, proto_aisid, tvb, 0, 0, ENC_NA);
    proto_item_set_text(ti, "AI Session %d, dialog %d (%s): %s", o->session, o->dialog,
                        aisid_origin_str(o->origin),
                        o->session_id_str ? aisid_label_text(pinfo->pool, o->session_id_str) : "");
    proto_item_set_generated(ti);
    st = proto_item_add_subtree(ti, ett_aisid_session);

    dialogs = complete && s ? s->n_dialogs : o->dialogs_so_far;
    last = complete && s ? s->last_frame : rec->frame;
    if (complete)
        next = aisid_graph_next_frame(session_graph, (unsigned)o->session, o->msg_index);

    pi = proto_tree_add_uint(st, hf_aisid_session, tvb, 0, 0, (guint32)o->session);
    proto_item_set_generated(pi);
    pi = proto_tree_add_string(st, hf_aisid_session_id, tvb, 0, 0, o->session_id_str);
    proto_item_set_generated(pi);
    pi = proto_tree_add_uint(st, hf_aisid_session_dialogs, tvb, 0, 0, dialogs);
    proto_item_set_generated(pi);
    pi = proto_tree_add_uint(st, hf_aisid_session_first_frame, tvb, 0, 0, o->first_frame);
    proto_item_set_generated(pi);
    pi = proto_tree_add_uint(st, hf_aisid_session_last_frame, tvb, 0, 0, last);
    proto_item_set_generated(pi);
    if (o->prev_frame) {
        pi = proto_tree_add_uint(st, hf_aisid_session_prev_frame, tvb, 0, 0, o->prev_frame);
        proto_item_set_generated(pi);
    }
    if (next) {
        pi = proto_tree_add_uint(st, hf_aisid_session_next_frame, tvb, 0, 0, next);
        proto_item_set_generated(pi);
    }
    if (s) {
        first.secs = (time_t)s->first_secs;
        first.nsecs = s->first_nsecs;
        nstime_t ts = aisid_rec_ts(rec);
        nstime_delta(&rel, &ts, &first);
        pi = proto_tree_add_time(st, hf_aisid_session_time, tvb, 0, 0, &rel);
        proto_item_set_generated(pi);
    }
    pi = proto_tree_add_uint(st, hf_aisid_dialog, tvb, 0, 0, (guint32)o->dialog);
    proto_item_set_generated(pi);
    pi = proto_tree_add_string(st, hf_aisid_dialog_call_id, tvb, 0, 0, o->dialog_call_id);
    proto_item_set_generated(pi);
    pi = proto_tree_add_string(st, hf_aisid_dialog_origin, tvb, 0, 0, aisid_origin_str(o->origin));
    proto_item_set_generated(pi);
    if (o->origin == AISID_ORIGIN_REFER || o->origin == AISID_ORIGIN_REPLACES) {
        pi = proto_tree_add_uint(st, hf_aisid_dialog_origin_frame, tvb, 0, 0, o->origin_frame);
        proto_item_set_generated(pi);
    }

experts:
    add_findings(pinfo, ti, rec);
    if (rec->extra && rec->extra->ref_changed_from)
        aisid_verify_ref_changed(pinfo, ti, NULL, rec->extra->ref_changed_from, rec->extra->ref_uri);
}

/* ------------------------------------------------ tap for followers */

static void
queue_tap(packet_info *pinfo, const aisid_frame_msg_t *rec)
{
    aisid_tap_info_t *t;
    GSList *src;
    unsigned idx = 0;

    if (!have_tap_listener(aisid_tap))
        return;
    t = wmem_new0(pinfo->pool, aisid_tap_info_t);
    t->rec = rec;
    /* The message text, for the follower: data sources come in the same
     * order on every dissection of the frame. */
    for (src = pinfo->data_src; src; src = src->next, idx++) {
        if (idx == rec->ds_index) {
            tvbuff_t *ds = get_data_source_tvb((struct data_source *)src->data);
            if (ds && rec->start + rec->len <= tvb_captured_length(ds)) {
                t->text = (const char *)tvb_get_ptr(ds, (gint)rec->start, (gint)rec->len);
                t->text_len = rec->len;
            }
            break;
        }
    }
    tap_queue_packet(aisid_tap, pinfo, t);
}

/* ------------------------------------------------ entry point */

#define AISID_MAX_FRAME_MSGS 64

bool
aisid_session_dissect(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, aisid_pkt_t *pkt)
{
    const aisid_frame_msg_t *rec;
    bool added = false;

    if (!session_graph)
        return false;

    if (!pinfo->fd->visited) {
        frame_sip_msg_t msgs[AISID_MAX_FRAME_MSGS];
        aisid_frame_msg_t *tail = NULL;
        unsigned n, i;

        /* The cheap exit that keeps captures without AI-Session-ID free:
         * no header here and no session so far. */
        if (!pkt && aisid_graph_session_count(session_graph) == 0)
            return false;
        n = collect_messages(pinfo, pkt, msgs, AISID_MAX_FRAME_MSGS);
        for (i = 0; i < n; i++) {
            aisid_frame_msg_t *r = correlate(pinfo, &msgs[i]);
            if (!r)
                continue;
            /* correlate() appended r to session_records, which
             * aisid_session_frame_records() searches; next chains the
             * frame's other messages. */
            if (tail)
                tail->next = r;
            tail = r;
        }
    }

    /* Where the dialog bound was reached: said once, on that frame. */
    if (pinfo->num == aisid_graph_bound_frame(session_graph)) {
        proto_item *bi = proto_tree_add_item(tree, proto_aisid, tvb, 0, 0, ENC_NA);
        proto_item_set_text(bi, "AI-Session-ID: dialog tracking stopped");
        proto_item_set_generated(bi);
        expert_add_info_format(pinfo, bi, &ei_aisid_bound_dialogs,
            "This message opens dialog %u of the capture, over aisid.max_dialogs (%u): from here on "
            "new dialogs are not correlated into AI sessions (raise the preference for larger captures)",
            pref_max_dialogs + 1, pref_max_dialogs);
        added = true;
    }

    /* No session in the capture: no frame has records to show. */
    if (aisid_graph_session_count(session_graph) == 0)
        return added;
    for (rec = aisid_session_frame_records(pinfo); rec; rec = rec->next) {
        show_record(tvb, pinfo, tree, rec);
        queue_tap(pinfo, rec);
        added = true;
    }
    return added;
}

/* ------------------------------------------------ conversation filter */

#if AISID_WS_AT_LEAST(4, 4)
static bool
aisid_conv_valid(packet_info *pinfo, void *user_data _U_)
#else
static gboolean
aisid_conv_valid(packet_info *pinfo)
#endif
{
    return aisid_session_frame_records(pinfo) != NULL;
}

#if AISID_WS_AT_LEAST(4, 4)
static char *
aisid_conv_build(packet_info *pinfo, void *user_data _U_)
#else
static gchar *
aisid_conv_build(packet_info *pinfo)
#endif
{
    const aisid_frame_msg_t *rec = aisid_session_frame_records(pinfo);

    if (!rec)
        return NULL;
    return g_strdup_printf("aisid.session == %d", rec->session);
}

/* ------------------------------------------------ follower */

static gchar *
aisid_follow_conv_filter(epan_dissect_t *edt _U_, packet_info *pinfo, guint *stream, guint *sub_stream)
{
    const aisid_frame_msg_t *rec = aisid_session_frame_records(pinfo);

    if (!rec)
        return NULL;
    *stream = (guint)rec->session;
    if (sub_stream)
        *sub_stream = 0;
    return g_strdup_printf("aisid.session == %d", rec->session);
}

static gchar *
aisid_follow_index_filter(guint stream, guint sub_stream _U_)
{
    return g_strdup_printf("aisid.session == %u", stream);
}

static gchar *
aisid_follow_address_filter(address *src_addr, address *dst_addr, int src_port, int dst_port)
{
    const char *ip = src_addr->type == AT_IPv6 ? "ipv6" : "ip";
    char *s = address_to_str(NULL, src_addr), *d = address_to_str(NULL, dst_addr);
    gchar *f = g_strdup_printf("aisid.session && ((%s.src == %s && udp.srcport == %d && %s.dst == %s && udp.dstport == %d) || "
                               "(%s.src == %s && tcp.srcport == %d && %s.dst == %s && tcp.dstport == %d))",
                               ip, s, src_port, ip, d, dst_port, ip, s, src_port, ip, d, dst_port);
    wmem_free(NULL, s);
    wmem_free(NULL, d);
    return f;
}

static gchar *
aisid_follow_port_to_display(wmem_allocator_t *allocator, guint port)
{
    return wmem_strdup_printf(allocator, "%u", port);
}

/* Each message of the session, marked with its dialog, as one record: the
 * follow window colours them by direction like any other stream. */
static tap_packet_status
aisid_follow_tap(void *tapdata, packet_info *pinfo, epan_dissect_t *edt _U_,
                 const void *data, tap_flags_t flags _U_)
{
    follow_info_t *fi = (follow_info_t *)tapdata;
    const aisid_tap_info_t *t = (const aisid_tap_info_t *)data;
    const aisid_frame_msg_t *rec = t->rec;
    aisid_msg_out_t ob;
    const aisid_msg_out_t *o;
    follow_record_t *fr;
    GString *head;

    if (!t->text)
        return TAP_PACKET_DONT_REDRAW;

    if (fi->client_port == 0 && fi->client_ip.type == AT_NONE) {
        copy_address(&fi->client_ip, &pinfo->src);
        fi->client_port = pinfo->srcport;
        copy_address(&fi->server_ip, &pinfo->dst);
        fi->server_port = pinfo->destport;
    }

    head = g_string_new(NULL);
    o = aisid_rec_out(rec, &ob);
    g_string_printf(head, "=== frame %u, AI session %d, dialog %d (%s, Call-ID %s): %s -> %s ===\n",
                    rec->frame, o->session, o->dialog, aisid_origin_str(o->origin),
                    o->dialog_call_id ? o->dialog_call_id : "?",
                    aisid_rec_endpoint(pinfo->pool, rec, false), aisid_rec_endpoint(pinfo->pool, rec, true));

    fr = g_new0(follow_record_t, 1);
    fr->is_server = !(addresses_equal(&fi->client_ip, &pinfo->src) && fi->client_port == pinfo->srcport);
    fr->packet_num = pinfo->num;
    fr->abs_ts = pinfo->abs_ts;
    fr->data = g_byte_array_sized_new((guint)(head->len + t->text_len));
    g_byte_array_append(fr->data, (const guint8 *)head->str, (guint)head->len);
    g_byte_array_append(fr->data, (const guint8 *)t->text, (guint)t->text_len);
    g_string_free(head, TRUE);

    fi->bytes_written[fr->is_server] += fr->data->len;
    fi->payload = g_list_prepend(fi->payload, fr);
    return TAP_PACKET_DONT_REDRAW;
}

#if AISID_WS_AT_LEAST(4, 4)
static uint32_t
aisid_follow_stream_count(void)
{
    return session_graph ? aisid_graph_session_count(session_graph) : 0;
}
#endif

/* ------------------------------------------------ registration */

void
aisid_session_register_prefs(module_t *module)
{
    prefs_register_uint_preference(module, "max_dialogs",
        "Maximum dialogs tracked per capture",
        "SIP dialogs correlated into AI sessions per capture; messages of further new dialogs "
        "are not correlated, and the first of them raises aisid.bound.dialogs. Raise it for "
        "very large captures (each dialog costs a few hundred bytes).",
        10, &pref_max_dialogs);
}

void
aisid_session_register(void)
{
    static hf_register_info hf[] = {
        { &hf_aisid_session,
          { "AI session", "aisid.session", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Index of the AI session this SIP message belongs to, in order of appearance (like tcp.stream).", HFILL } },
        { &hf_aisid_session_id,
          { "Session identifier", "aisid.session.id", FT_STRING, BASE_NONE, NULL, 0x0,
            "The AI-Session-ID the session is keyed by, also on messages that lack the header.", HFILL } },
        { &hf_aisid_session_dialogs,
          { "Dialogs", "aisid.session.dialogs", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Number of SIP dialogs in the session (so far in one pass; all of them with -2 and in the GUI).", HFILL } },
        { &hf_aisid_session_first_frame,
          { "First frame", "aisid.session.first_frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
            "The session's first frame.", HFILL } },
        { &hf_aisid_session_last_frame,
          { "Last frame", "aisid.session.last_frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
            "The session's last frame (so far in one pass).", HFILL } },
        { &hf_aisid_session_prev_frame,
          { "Previous frame", "aisid.session.prev_frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
            "The session's previous SIP message.", HFILL } },
        { &hf_aisid_session_next_frame,
          { "Next frame", "aisid.session.next_frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
            "The session's next SIP message (known with -2 and in the GUI).", HFILL } },
        { &hf_aisid_session_time,
          { "Time since session start", "aisid.session.time", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "Time since the session's first frame.", HFILL } },
        { &hf_aisid_dialog,
          { "Dialog", "aisid.dialog", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Index of this message's SIP dialog within its AI session.", HFILL } },
        { &hf_aisid_dialog_call_id,
          { "Dialog Call-ID", "aisid.dialog.call_id", FT_STRING, BASE_NONE, NULL, 0x0,
            "The Call-ID of this message's dialog.", HFILL } },
        { &hf_aisid_dialog_origin,
          { "Dialog origin", "aisid.dialog.origin", FT_STRING, BASE_NONE, NULL, 0x0,
            "How the dialog entered the session: initial, refer, replaces or joined.", HFILL } },
        { &hf_aisid_dialog_origin_frame,
          { "Origin frame", "aisid.dialog.origin_frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
            "The REFER that created the dialog, or the INVITE of the dialog it replaces.", HFILL } },
    };

    static gint *ett[] = {
        &ett_aisid_session,
    };

    static ei_register_info ei[] = {
        { &ei_aisid_dialog_missing,
          { "aisid.dialog.missing", PI_PROTOCOL, PI_WARN,
            "An in-dialog request lacks the AI-Session-ID its dialog was established with (REQ3)", EXPFILL } },
        { &ei_aisid_dialog_changed,
          { "aisid.dialog.changed", PI_PROTOCOL, PI_WARN,
            "A message inside a dialog carries another AI-Session-ID than the one established (REQ6, REQ7)", EXPFILL } },
        { &ei_aisid_transfer_continued,
          { "aisid.transfer.continued", PI_SEQUENCE, PI_CHAT,
            "A dialog continues the AI session via REFER or Replaces (REQ1, REQ2)", EXPFILL } },
        { &ei_aisid_transfer_not_preserved,
          { "aisid.transfer.not_preserved", PI_PROTOCOL, PI_WARN,
            "A dialog created via REFER or Replaces lacks or changes the AI-Session-ID (REQ2)", EXPFILL } },
        { &ei_aisid_session_joined,
          { "aisid.session.joined", PI_SEQUENCE, PI_CHAT,
            "A dialog not derived from a session dialog joins a known AI session (REQ4)", EXPFILL } },
        { &ei_aisid_b2bua_conflict,
          { "aisid.b2bua.conflict", PI_PROTOCOL, PI_WARN,
            "Two dialogs with the same Session-ID carry different AI-Session-IDs (REQ8)", EXPFILL } },
        { &ei_aisid_bound_dialogs,
          { "aisid.bound.dialogs", PI_UNDECODED, PI_NOTE,
            "More dialogs than aisid.max_dialogs: later ones are not correlated", EXPFILL } },
    };
    expert_module_t *expert_aisid;

    proto_register_field_array(proto_aisid, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_aisid = expert_register_protocol(proto_aisid);
    expert_register_field_array(expert_aisid, ei, array_length(ei));

    register_init_routine(aisid_session_init);
    register_cleanup_routine(aisid_session_cleanup);

    aisid_tap = register_tap("aisid");

#if AISID_WS_AT_LEAST(4, 4)
    register_conversation_filter("aisid", "AI Session", aisid_conv_valid, aisid_conv_build, NULL);
    register_follow_stream(proto_aisid, "aisid", aisid_follow_conv_filter, aisid_follow_index_filter,
                           aisid_follow_address_filter, aisid_follow_port_to_display, aisid_follow_tap,
                           aisid_follow_stream_count, NULL);
#else
    register_conversation_filter("aisid", "AI Session", aisid_conv_valid, aisid_conv_build);
    register_follow_stream(proto_aisid, "aisid", aisid_follow_conv_filter, aisid_follow_index_filter,
                           aisid_follow_address_filter, aisid_follow_port_to_display, aisid_follow_tap);
#endif
}

void
aisid_session_handoff(void)
{
    proto_sip = proto_get_id_by_filter_name("sip");
}
