/* packet-aisid.c
 * AI-Session-ID (draft-nser-sip-ai-problem-statement-00): the header
 * subdissector registered in SIP's "sip.hdr" table, and the postdissector
 * that checks what needs the rest of the SIP message (REQ9 opacity).
 *
 * The header syntax is ours (the draft names the header but defines none);
 * it is written down in plugin/REFERENCE.md.  All parsing is done by the
 * epan-free core (core/aisid_core.h); this file only turns its results into
 * fields and expert items.
 *
 * Cost when unused: nothing runs unless SIP hands us a header, and the
 * postdissector returns at once on frames without one.  No wanted hfids are
 * set and no protocol tree is ever required (a postdissector that wants
 * fields makes every capture build a full tree: the MATE trap).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>

#include <string.h>

#include <epan/exceptions.h>
#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/proto_data.h>
#include <epan/strutil.h>
#include <epan/to_str.h>
#include <wsutil/str_util.h>

#include "aisid_compat.h"
#include "packet-aisid.h"

/* The name SIP looks up in "sip.hdr": SIP lowercases header names first. */
#define AISID_HEADER_NAME "ai-session-id"

/* Key of our per-packet proto data. */
#define AISID_PKT_KEY 0

int proto_aisid = -1;

static int hf_aisid_header_name = -1;
static int hf_aisid_id = -1;
static int hf_aisid_id_uuid = -1;
static int hf_aisid_id_uuid_version = -1;
static int hf_aisid_id_uuid_time = -1;
static int hf_aisid_param = -1;
static int hf_aisid_param_name = -1;
static int hf_aisid_param_value = -1;
static int hf_aisid_assertion_form = -1;
static int hf_aisid_assertion_ref = -1;
static int hf_aisid_assertion_ref_host = -1;
static int hf_aisid_assertion = -1;
static int hf_aisid_assertion_alg = -1;
static int hf_aisid_assertion_kid = -1;
static int hf_aisid_assertion_typ = -1;
static int hf_aisid_assertion_iss = -1;
static int hf_aisid_assertion_aud = -1;
static int hf_aisid_assertion_claim_id = -1;
static int hf_aisid_assertion_iat = -1;
static int hf_aisid_assertion_nbf = -1;
static int hf_aisid_assertion_exp = -1;
static int hf_aisid_assertion_header_json = -1;
static int hf_aisid_assertion_payload_json = -1;
static int hf_aisid_assertion_signature = -1;

static gint ett_aisid = -1;
static gint ett_aisid_uuid = -1;
static gint ett_aisid_param = -1;
static gint ett_aisid_assertion_ref = -1;
static gint ett_aisid_assertion = -1;
static gint ett_aisid_assertion_header = -1;
static gint ett_aisid_assertion_payload = -1;

static expert_field ei_aisid_id_empty = EI_INIT;
static expert_field ei_aisid_id_invalid_chars = EI_INIT;
static expert_field ei_aisid_id_too_long = EI_INIT;
static expert_field ei_aisid_id_not_uuid = EI_INIT;
static expert_field ei_aisid_id_not_opaque = EI_INIT;
static expert_field ei_aisid_header_conflict = EI_INIT;
static expert_field ei_aisid_param_malformed = EI_INIT;
static expert_field ei_aisid_assertion_ref_present = EI_INIT;
static expert_field ei_aisid_assertion_ref_insecure = EI_INIT;
static expert_field ei_aisid_assertion_ref_malformed = EI_INIT;
static expert_field ei_aisid_assertion_embedded = EI_INIT;
static expert_field ei_aisid_assertion_both = EI_INIT;
static expert_field ei_aisid_assertion_malformed = EI_INIT;
static expert_field ei_aisid_assertion_alg_none = EI_INIT;
static expert_field ei_aisid_assertion_claim_mismatch = EI_INIT;
static expert_field ei_aisid_assertion_expired = EI_INIT;
static expert_field ei_aisid_assertion_bad_time = EI_INIT;
static expert_field ei_aisid_assertion_ambiguous = EI_INIT;
static expert_field ei_aisid_bound_value_length = EI_INIT;
static expert_field ei_aisid_bound_params = EI_INIT;
static expert_field ei_aisid_bound_jws_length = EI_INIT;
static expert_field ei_aisid_bound_json_depth = EI_INIT;
static expert_field ei_aisid_bound_json_tokens = EI_INIT;

/* Preferences. */
static const char *pref_extra_headers = "";
static aisid_pref_bool_t pref_note_not_uuid = TRUE;
static aisid_pref_bool_t pref_decode_json = TRUE;

static dissector_handle_t aisid_header_handle;
static protocol_t *aisid_protocol;
static dissector_handle_t json_handle;

/* The extra header names currently registered in "sip.hdr". */
static GPtrArray *registered_extra_names;

const value_string aisid_form_vals[] = {
    { AISID_FORM_NONE,      "none" },
    { AISID_FORM_REFERENCE, "by reference" },
    { AISID_FORM_EMBEDDED,  "embedded" },
    { AISID_FORM_BOTH,      "by reference and embedded" },
    { 0, NULL }
};

/* ------------------------------------------------------------- helpers */

/* A span as a printable, NUL-terminated string in packet scope. */
static const char *
span_str(packet_info *pinfo, aisid_span_t s)
{
    if (!s.ptr)
        return "";
    return format_text(pinfo->pool, (const void *)s.ptr, s.len);
}

static gint
span_off(aisid_span_t s, const char *base)
{
    return (gint)aisid_span_offset(s, base);
}

static proto_item *
add_span_string(proto_tree *tree, int hf, tvbuff_t *tvb, const char *base,
                aisid_span_t s, packet_info *pinfo)
{
    return proto_tree_add_string(tree, hf, tvb, span_off(s, base), (gint)s.len,
                                 span_str(pinfo, s));
}

static void
add_time(proto_tree *tree, int hf, tvbuff_t *tvb, const char *base,
         aisid_span_t where, int64_t secs)
{
    nstime_t t;

    t.secs = (time_t)secs;
    t.nsecs = 0;
    proto_tree_add_time(tree, hf, tvb, span_off(where, base), (gint)where.len, &t);
}

static const char *
time_str(packet_info *pinfo, int64_t secs)
{
    nstime_t t;

    t.secs = (time_t)secs;
    t.nsecs = 0;
    return abs_time_to_str(pinfo->pool, &t, ABSOLUTE_TIME_UTC, TRUE);
}

/* Remembers which expert items a message raised (for the timeline), then
 * raises the item. */
void
aisid_note_expert(aisid_msg_rec_t *msg, expert_field *ei)
{
    if (msg && msg->n_experts < AISID_MAX_EXPERTS)
        msg->experts[msg->n_experts++] = ei->hf;
}

#define AISID_EXPERT(pinfo, msg, item, ei, ...) \
    do { \
        aisid_note_expert((msg), (ei)); \
        expert_add_info_format((pinfo), (item), (ei), __VA_ARGS__); \
    } while (0)

/* ------------------------------------------------ locating the message */

/* Finds the raw SIP message that holds the header value tvb, so that the
 * postdissector can read Call-ID, tags and URIs without a protocol tree.
 * The value tvb is a subset of SIP's tvb; its bytes lie inside one of the
 * frame's data sources (the frame itself, or a reassembled buffer).  A
 * pointer comparison against each source tells which, whatever the chain of
 * subsets and reassemblies in between. */
static void
locate_message(packet_info *pinfo, tvbuff_t *tvb, const char *base,
               const char **buf_out, size_t *len_out, size_t *inside_out)
{
    GSList *src;

    *buf_out = NULL;
    for (src = pinfo->data_src; src; src = src->next) {
        tvbuff_t *ds = get_data_source_tvb((struct data_source *)src->data);
        guint ds_len;
        const char *p;

        if (!ds)
            continue;
        ds_len = tvb_captured_length(ds);
        if (ds_len == 0)
            continue;
        p = (const char *)tvb_get_ptr(ds, 0, ds_len);
        if ((uintptr_t)base >= (uintptr_t)p &&
            (uintptr_t)base + tvb_captured_length(tvb) <= (uintptr_t)p + ds_len) {
            *buf_out = p;
            *len_out = ds_len;
            *inside_out = (size_t)((uintptr_t)base - (uintptr_t)p);
            return;
        }
    }
}

static aisid_msg_rec_t *
message_record(packet_info *pinfo, tvbuff_t *tvb, const char *base)
{
    aisid_pkt_t *pkt = (aisid_pkt_t *)p_get_proto_data(pinfo->pool, pinfo, proto_aisid, AISID_PKT_KEY);
    const char *buf = NULL;
    size_t buf_len = 0, inside = 0, start = (size_t)-1;
    aisid_msg_rec_t *msg;

    if (!pkt) {
        pkt = wmem_new0(pinfo->pool, aisid_pkt_t);
        p_add_proto_data(pinfo->pool, pinfo, proto_aisid, AISID_PKT_KEY, pkt);
    }

    locate_message(pinfo, tvb, base, &buf, &buf_len, &inside);
    if (buf)
        start = aisid_sip_find_message_start(buf, buf_len, inside);
    if (start == (size_t)-1)
        buf = NULL;

    for (msg = pkt->msgs; msg; msg = msg->next) {
        if (msg->buf == buf && (buf == NULL || msg->start == start))
            return msg;
    }

    msg = wmem_new0(pinfo->pool, aisid_msg_rec_t);
    msg->buf = buf;
    msg->buf_len = buf_len;
    msg->start = buf ? start : 0;
    if (pkt->last_msg)
        pkt->last_msg->next = msg;
    else
        pkt->msgs = msg;
    pkt->last_msg = msg;
    return msg;
}

/* ------------------------------------------------ identifier checks */

static proto_item *
dissect_id(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
           const char *base, const aisid_header_t *h, aisid_msg_rec_t *msg)
{
    proto_item *id_item;
    /* Without a tree (a plain `tshark -r`) the string would only be thrown
     * away: build it for the tree alone. */
    const char *id_str = tree ? span_str(pinfo, h->id) : NULL;
    gint id_off = span_off(h->id, base);

    id_item = proto_tree_add_string(tree, hf_aisid_id, tvb, id_off, (gint)h->id.len, id_str);

    if (h->id_flags & AISID_ID_EMPTY) {
        AISID_EXPERT(pinfo, msg, id_item, &ei_aisid_id_empty,
            "AI-Session-ID is empty: the header carries no identifier");
        return id_item;
    }

    if (h->id_flags & AISID_ID_INVALID_CHARS) {
        guchar c = (guchar)h->id.ptr[h->bad_char_off];
        aisid_note_expert(msg, &ei_aisid_id_invalid_chars);
        proto_tree_add_expert_format(tree, pinfo, &ei_aisid_id_invalid_chars, tvb,
            id_off + (gint)h->bad_char_off, 1,
            "AI-Session-ID \"%s\" has %s%c%s (0x%02x) at position %u, outside the RFC 3261 token characters (REQ12)",
            span_str(pinfo, h->id), g_ascii_isprint(c) ? "'" : "", g_ascii_isprint(c) ? c : '?',
            g_ascii_isprint(c) ? "'" : "", c, (unsigned)h->bad_char_off + 1);
    }

    if (h->id_flags & AISID_ID_TOO_LONG) {
        AISID_EXPERT(pinfo, msg, id_item, &ei_aisid_id_too_long,
            "AI-Session-ID is %s%u characters long (more than %u): it looks like session context, not an identifier (REQ5)%s",
            (h->value_cut && h->n_params_total == 0) ? "at least " : "",
            (unsigned)h->id.len, (unsigned)AISID_ID_MAX_LEN,
            h->id.len > AISID_MAX_SESSION_ID_LEN ? "; too long to key an AI session (aisid_bounds.h)" : "");
    }

    if (h->uuid.kind != AISID_UUID_NONE) {
        proto_item *uuid_item;
        proto_tree *uuid_tree;
        e_guid_t guid;

        /* Big-endian fields (RFC 9562 section 4); by hand because
         * wsutil renamed pntoh32() to pntohu32() in 4.6. */
        const uint8_t *b = h->uuid.bytes;
        guid.data1 = (guint32)b[0] << 24 | (guint32)b[1] << 16 | (guint32)b[2] << 8 | b[3];
        guid.data2 = (guint16)(b[4] << 8 | b[5]);
        guid.data3 = (guint16)(b[6] << 8 | b[7]);
        memcpy(guid.data4, &h->uuid.bytes[8], 8);
        uuid_item = proto_tree_add_guid(tree, hf_aisid_id_uuid, tvb, id_off, (gint)h->id.len, &guid);
        proto_item_set_generated(uuid_item);
        uuid_tree = proto_item_add_subtree(uuid_item, ett_aisid_uuid);
        if (h->uuid.kind == AISID_UUID_VALID) {
            proto_item *pi = proto_tree_add_uint(uuid_tree, hf_aisid_id_uuid_version, tvb,
                                                 id_off + 14, 1, h->uuid.version);
            proto_item_set_generated(pi);
            if (h->uuid.has_time) {
                nstime_t t;
                t.secs = (time_t)h->uuid.time_secs;
                t.nsecs = h->uuid.time_nsecs;
                pi = proto_tree_add_time(uuid_tree, hf_aisid_id_uuid_time, tvb, id_off,
                                         (gint)h->id.len, &t);
                proto_item_set_generated(pi);
            }
        }
    }

    if ((h->id_flags & AISID_ID_NOT_UUID) && pref_note_not_uuid) {
        const char *why;

        switch (h->uuid.kind) {
        case AISID_UUID_NIL:
            why = "is the nil UUID, which identifies nothing";
            break;
        case AISID_UUID_MAX:
            why = "is the max UUID, which identifies nothing";
            break;
        case AISID_UUID_OTHER_VARIANT:
            why = "is not an RFC 9562 UUID (its variant bits are not 10)";
            break;
        default:
            why = "is not a UUID";
            break;
        }
        AISID_EXPERT(pinfo, msg, id_item, &ei_aisid_id_not_uuid,
            "AI-Session-ID \"%s\" %s: its global uniqueness is not evident (REQ13)",
            span_str(pinfo, h->id), why);
    }
    return id_item;
}

/* ------------------------------------------------ assertion by reference */

static void
dissect_assertion_ref(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                      const char *base, const aisid_header_t *h, aisid_msg_rec_t *msg)
{
    const aisid_param_t *p = &h->params[h->ref_index];
    aisid_span_t shown = aisid_span_present(h->ref_uri) ? h->ref_uri : p->value;
    proto_item *ref_item;
    const char *uri;

    if (!aisid_span_present(shown))
        shown = p->whole;
    uri = span_str(pinfo, shown);
    ref_item = proto_tree_add_string(tree, hf_aisid_assertion_ref, tvb, span_off(shown, base),
                                     (gint)shown.len, uri);

    switch (h->ref_status) {
    case AISID_REF_OK:
    case AISID_REF_INSECURE: {
        /* The host is what a user matches against an HTTP exchange. */
        char *raw = wmem_strndup(pinfo->pool, shown.ptr, shown.len);
        GUri *guri = g_uri_parse(raw, G_URI_FLAGS_NONE, NULL);
        proto_tree *rt = proto_item_add_subtree(ref_item, ett_aisid_assertion_ref);
        if (guri) {
            const char *host = g_uri_get_host(guri);
            if (host && *host) {
                proto_item *hi = proto_tree_add_string(rt, hf_aisid_assertion_ref_host, tvb,
                                                       span_off(shown, base), (gint)shown.len, host);
                proto_item_set_generated(hi);
            }
            g_uri_unref(guri);
        }
        AISID_EXPERT(pinfo, msg, ref_item, &ei_aisid_assertion_ref_present,
            "Signed assertion passed by reference: %s", uri);
        if (h->ref_status == AISID_REF_INSECURE)
            AISID_EXPERT(pinfo, msg, ref_item, &ei_aisid_assertion_ref_insecure,
                "Assertion reference %s is not https: the assertion can be read or replaced in transit", uri);
        /* Find it in the capture or the folder, and check it. */
        aisid_verify_ref(tvb, pinfo, rt, ref_item, raw, h, msg);
        break;
    }
    case AISID_REF_MALFORMED:
    default:
        AISID_EXPERT(pinfo, msg, ref_item, &ei_aisid_assertion_ref_malformed,
            "Assertion reference \"%s\" is malformed: %s", uri,
            h->ref_error ? h->ref_error : "not an absolute URI");
        break;
    }
}

/* ------------------------------------------------ embedded assertion */

/* Hands decoded JSON to Wireshark's JSON dissector in a data source of its
 * own, so json.* fields and the bytes pane show it.  The JSON dissector sets
 * the Protocol and Info columns: keep SIP's. */
static void
call_json(tvbuff_t *parent, packet_info *pinfo, proto_tree *tree,
          const char *json, size_t len, const char *source_name)
{
    tvbuff_t *jtvb;

    if (!json_handle || !tree || len == 0)
        return;
    jtvb = tvb_new_child_real_data(parent, (const guint8 *)json, (guint)len, (gint)len);
    add_new_data_source(pinfo, jtvb, source_name);
    col_set_writable(pinfo->cinfo, -1, FALSE);
    TRY {
        call_dissector_only(json_handle, jtvb, pinfo, tree, NULL);
    }
    CATCH_NONFATAL_ERRORS {
        /* A broken JSON text is already reported by us; never let it
         * abort the rest of the SIP message. */
    }
    ENDTRY;
    col_set_writable(pinfo->cinfo, -1, TRUE);
}

/* Where a base64url error is, for the expert text. */
static const char *
bad_at(packet_info *pinfo, const aisid_jws_t *jws)
{
    switch (jws->status) {
    case AISID_JWS_ERR_B64_HEADER:
    case AISID_JWS_ERR_B64_PAYLOAD:
    case AISID_JWS_ERR_B64_SIGNATURE:
        return wmem_strdup_printf(pinfo->pool, " (at character %u of the assertion)",
                                  (unsigned)jws->bad_off + 1);
    default:
        return "";
    }
}

/* Why a decoded part was not read: a bound (depth, tokens) or malformed. */
static void
json_problem(packet_info *pinfo, aisid_msg_rec_t *msg, proto_item *a_item, const char *what,
             const char *part, const aisid_json_problem_t *p)
{
    const char *why = aisid_json_problem_str(pinfo->pool, p);

    if (p->err == AISID_JSON_TOO_DEEP)
        AISID_EXPERT(pinfo, msg, a_item, &ei_aisid_bound_json_depth,
            "%s: the decoded %s %s: not examined (aisid_bounds.h)", what, part, why);
    else if (p->err == AISID_JSON_TOO_MANY_TOKENS)
        AISID_EXPERT(pinfo, msg, a_item, &ei_aisid_bound_json_tokens,
            "%s: the decoded %s %s: not examined (aisid_bounds.h)", what, part, why);
    else
        AISID_EXPERT(pinfo, msg, a_item, &ei_aisid_assertion_malformed,
            "%s is malformed: the decoded %s %s", what, part, why);
}

/* An assertion: the embedded one of a header, or one passed by reference
 * and resolved from the capture or the folder (then tvb is a data source
 * of its own holding just the JWS).  h, when given, is the header whose
 * identifier the "aisid" claim must carry. */
void
aisid_dissect_jws(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const char *base,
                  aisid_span_t v, const aisid_header_t *h, aisid_msg_rec_t *msg, bool embedded)
{
    const char *what = embedded ? "Embedded assertion" : "Referenced assertion";
    proto_item *a_item;
    proto_tree *a_tree;
    aisid_jws_t jws;

    a_item = add_span_string(tree, hf_aisid_assertion, tvb, base, v, pinfo);
    a_tree = proto_item_add_subtree(a_item, ett_aisid_assertion);

    aisid_jws_decode(pinfo->pool, v.ptr, v.len, &jws);

    if (jws.status == AISID_JWS_ERR_TOO_LONG) {
        AISID_EXPERT(pinfo, msg, a_item, &ei_aisid_bound_jws_length,
            "%s is %u characters long, more than the %u the plugin decodes (aisid_bounds.h): not examined",
            what, (unsigned)v.len, (unsigned)AISID_MAX_JWS_LEN);
        return;
    }

    if (jws.status == AISID_JWS_ERR_PARTS ||
        jws.status == AISID_JWS_ERR_B64_HEADER) {
        AISID_EXPERT(pinfo, msg, a_item, &ei_aisid_assertion_malformed,
            "%s is malformed: %s%s", what, aisid_jws_status_str(jws.status), bad_at(pinfo, &jws));
        return;
    }

    if (embedded)
        AISID_EXPERT(pinfo, msg, a_item, &ei_aisid_assertion_embedded,
            "Embedded signed assertion (the fallback form of draft section 8): alg %s, kid %s",
            jws.alg ? jws.alg : "(none)", jws.kid ? jws.kid : "(none)");

    if (jws.header_json) {
        proto_item *hi = proto_tree_add_string(a_tree, hf_aisid_assertion_header_json, tvb,
                                               span_off(jws.part[0], base), (gint)jws.part[0].len,
                                               format_text(pinfo->pool, (const void *)jws.header_json, jws.header_len));
        proto_tree *ht = proto_item_add_subtree(hi, ett_aisid_assertion_header);
        if (pref_decode_json && jws.status != AISID_JWS_ERR_JSON_HEADER)
            call_json(tvb, pinfo, ht, jws.header_json, jws.header_len, "Assertion protected header");
    }
    if (jws.alg)
        proto_tree_add_string(a_tree, hf_aisid_assertion_alg, tvb, span_off(jws.part[0], base),
                              (gint)jws.part[0].len, jws.alg);
    if (jws.kid)
        proto_tree_add_string(a_tree, hf_aisid_assertion_kid, tvb, span_off(jws.part[0], base),
                              (gint)jws.part[0].len, jws.kid);
    if (jws.typ)
        proto_tree_add_string(a_tree, hf_aisid_assertion_typ, tvb, span_off(jws.part[0], base),
                              (gint)jws.part[0].len, jws.typ);

    if (jws.status == AISID_JWS_ERR_JSON_HEADER) {
        json_problem(pinfo, msg, a_item, what, "protected header", &jws.header_problem);
        return;
    }

    /* RFC 7515 section 4.1.1: alg is required; "none" (RFC 7518 3.6) means
     * an unsecured JWS, which asserts nothing. */
    if (!jws.alg)
        AISID_EXPERT(pinfo, msg, a_item, &ei_aisid_assertion_alg_none,
            jws.alg_not_string ? "%s has an \"alg\" that is not a string (RFC 7515 section 4.1.1): it cannot be verified"
                               : "%s has no \"alg\": it cannot be verified", what);
    else if (g_ascii_strcasecmp(jws.alg, "none") == 0)
        AISID_EXPERT(pinfo, msg, a_item, &ei_aisid_assertion_alg_none,
            "%s has alg \"%s\": it is unsigned and asserts nothing", what, jws.alg);

    if (jws.status == AISID_JWS_ERR_B64_PAYLOAD) {
        AISID_EXPERT(pinfo, msg, a_item, &ei_aisid_assertion_malformed,
            "%s is malformed: %s%s", what, aisid_jws_status_str(jws.status), bad_at(pinfo, &jws));
        return;
    }

    if (jws.payload_json) {
        proto_item *pi = proto_tree_add_string(a_tree, hf_aisid_assertion_payload_json, tvb,
                                               span_off(jws.part[1], base), (gint)jws.part[1].len,
                                               format_text(pinfo->pool, (const void *)jws.payload_json, jws.payload_len));
        proto_tree *pt = proto_item_add_subtree(pi, ett_aisid_assertion_payload);
        if (pref_decode_json && jws.status != AISID_JWS_ERR_JSON_PAYLOAD)
            call_json(tvb, pinfo, pt, jws.payload_json, jws.payload_len, "Assertion claims");
    }
    if (jws.status == AISID_JWS_ERR_JSON_PAYLOAD) {
        json_problem(pinfo, msg, a_item, what, "claims set", &jws.payload_problem);
        return;
    }

    if (jws.iss)
        proto_tree_add_string(a_tree, hf_aisid_assertion_iss, tvb, span_off(jws.part[1], base),
                              (gint)jws.part[1].len, jws.iss);
    if (jws.aud)
        proto_tree_add_string(a_tree, hf_aisid_assertion_aud, tvb, span_off(jws.part[1], base),
                              (gint)jws.part[1].len, jws.aud);
    if (jws.claim_id)
        proto_tree_add_string(a_tree, hf_aisid_assertion_claim_id, tvb, span_off(jws.part[1], base),
                              (gint)jws.part[1].len, jws.claim_id);
    if (jws.has_iat)
        add_time(a_tree, hf_aisid_assertion_iat, tvb, base, jws.part[1], jws.iat);
    if (jws.has_nbf)
        add_time(a_tree, hf_aisid_assertion_nbf, tvb, base, jws.part[1], jws.nbf);
    if (jws.has_exp)
        add_time(a_tree, hf_aisid_assertion_exp, tvb, base, jws.part[1], jws.exp);

    for (unsigned c = 0; c < AISID_N_DATE_CLAIMS; c++) {
        static const char *const names[AISID_N_DATE_CLAIMS] = { "iat", "nbf", "exp" };
        if (jws.date_problem[c])
            AISID_EXPERT(pinfo, msg, a_item, &ei_aisid_assertion_bad_time,
                "%s claim \"%s\" is %s, %s: not a usable NumericDate (RFC 7519 section 2), ignored",
                what, names[c], format_text(pinfo->pool, (const void *)jws.date_text[c], strlen(jws.date_text[c])),
                jws.date_problem[c]);
    }
    if (jws.dup_member)
        AISID_EXPERT(pinfo, msg, a_item, &ei_aisid_assertion_ambiguous,
            "%s has member \"%s\" twice in its %s: the last one is used here (RFC 7515 section 4), other parsers may take the first",
            what, jws.dup_member, jws.dup_in_claims ? "claims set" : "protected header");
    if (jws.odd_member)
        AISID_EXPERT(pinfo, msg, a_item, &ei_aisid_assertion_ambiguous,
            "%s member \"%s\" of its %s holds %s; other parsers may read another value",
            what, jws.odd_member, jws.odd_in_claims ? "claims set" : "protected header", jws.odd_why);

    /* The claim binds the assertion to this identifier; without it, an
     * assertion could be replayed under any identifier. */
    if (h && !jws.claim_id)
        AISID_EXPERT(pinfo, msg, a_item, &ei_aisid_assertion_claim_mismatch,
            "%s has no \"aisid\" claim: it does not bind the identifier \"%s\"",
            what, span_str(pinfo, h->id));
    else if (h && (strlen(jws.claim_id) != h->id.len ||
                   memcmp(jws.claim_id, h->id.ptr, h->id.len) != 0))
        AISID_EXPERT(pinfo, msg, a_item, &ei_aisid_assertion_claim_mismatch,
            "%s claims aisid \"%s\", but the header carries \"%s\"",
            what, jws.claim_id, span_str(pinfo, h->id));

    /* RFC 7519 sections 4.1.4 and 4.1.5, against the frame's own time. */
    if (jws.has_exp && (int64_t)pinfo->abs_ts.secs >= jws.exp)
        AISID_EXPERT(pinfo, msg, a_item, &ei_aisid_assertion_expired,
            "%s expired: the frame time %s is not before exp %s", what,
            abs_time_to_str(pinfo->pool, &pinfo->abs_ts, ABSOLUTE_TIME_UTC, TRUE),
            time_str(pinfo, jws.exp));
    else if (jws.has_nbf && (int64_t)pinfo->abs_ts.secs < jws.nbf)
        AISID_EXPERT(pinfo, msg, a_item, &ei_aisid_assertion_expired,
            "%s not yet valid: the frame time %s is before nbf %s", what,
            abs_time_to_str(pinfo->pool, &pinfo->abs_ts, ABSOLUTE_TIME_UTC, TRUE),
            time_str(pinfo, jws.nbf));

    if (jws.status == AISID_JWS_ERR_B64_SIGNATURE) {
        AISID_EXPERT(pinfo, msg, a_item, &ei_aisid_assertion_malformed,
            "%s is malformed: %s%s", what, aisid_jws_status_str(jws.status), bad_at(pinfo, &jws));
        return;
    }
    /* RFC 7515 section 7.1 / RFC 7518 section 3.6: only an unsecured JWS
     * (alg "none") has an empty signature, and that is reported above. */
    if (jws.sig_len == 0 && jws.alg && g_ascii_strcasecmp(jws.alg, "none") != 0) {
        AISID_EXPERT(pinfo, msg, a_item, &ei_aisid_assertion_malformed,
            "%s is malformed: its signature part is empty, but alg is \"%s\"", what,
            format_text(pinfo->pool, (const void *)jws.alg, strlen(jws.alg)));
        return;
    }
    if (jws.signature)
        proto_tree_add_bytes_with_length(a_tree, hf_aisid_assertion_signature, tvb,
                                         span_off(jws.part[2], base), (gint)jws.part[2].len,
                                         jws.signature, (gint)jws.sig_len);

    /* Whether to believe it (aisid-verify.c). */
    aisid_verify_assertion(tvb, pinfo, a_tree, a_item, span_off(jws.part[2], base),
                           (gint)jws.part[2].len, &jws, msg);
}

/* ------------------------------------------------ the header subdissector */

static int
dissect_aisid_header(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    guint len = tvb_captured_length(tvb);
    const char *base = len ? (const char *)tvb_get_ptr(tvb, 0, len) : "";
    aisid_hdr_rec_t *rec;
    aisid_msg_rec_t *msg;
    aisid_header_t *h;
    proto_item *ti;
    proto_tree *at;
    unsigned i;
    aisid_form_t form;

    rec = wmem_new0(pinfo->pool, aisid_hdr_rec_t);
    h = &rec->hdr;
    aisid_header_parse(base, len, h);
    rec->tvb = tvb;
    rec->base = base;
    rec->name = pinfo->match_string ? wmem_strdup(pinfo->pool, pinfo->match_string) : AISID_HEADER_NAME;
    msg = message_record(pinfo, tvb, base);

    ti = proto_tree_add_item(tree, proto_aisid, tvb, 0, -1, ENC_NA);
    if (ti && !(h->id_flags & AISID_ID_EMPTY))
        proto_item_append_text(ti, ": %s", span_str(pinfo, h->id));
    at = proto_item_add_subtree(ti, ett_aisid);

    if (tree) {
        proto_item *ni = proto_tree_add_string(at, hf_aisid_header_name, tvb, 0, 0, rec->name);
        proto_item_set_generated(ni);
    }

    rec->id_item = dissect_id(tvb, pinfo, at, base, h, msg);

    for (i = 0; i < h->n_params; i++) {
        const aisid_param_t *p = &h->params[i];
        proto_item *pi;
        proto_tree *pt;

        if (p->kind != AISID_PARAM_GENERIC)
            continue;
        pi = add_span_string(at, hf_aisid_param, tvb, base, p->whole, pinfo);
        pt = proto_item_add_subtree(pi, ett_aisid_param);
        if (aisid_span_present(p->name) && p->name.len)
            add_span_string(pt, hf_aisid_param_name, tvb, base, p->name, pinfo);
        if (aisid_span_present(p->value))
            add_span_string(pt, hf_aisid_param_value, tvb, base, p->value, pinfo);
        if (p->malformed && !p->cut) {
            if (p->bad_byte && p->bad_off < p->whole.len)
                AISID_EXPERT(pinfo, msg, pi, &ei_aisid_param_malformed,
                    "AI-Session-ID parameter \"%s\" is malformed: %s (0x%02x at position %u of the parameter)",
                    span_str(pinfo, p->whole), p->why, (guchar)p->whole.ptr[p->bad_off], (unsigned)p->bad_off + 1);
            else
                AISID_EXPERT(pinfo, msg, pi, &ei_aisid_param_malformed,
                    "AI-Session-ID parameter \"%s\" is malformed: %s", span_str(pinfo, p->whole),
                    p->why ? p->why : "malformed");
        }
    }
    if (h->value_cut) {
        const aisid_param_t *last = h->n_params ? &h->params[h->n_params - 1] : NULL;
        AISID_EXPERT(pinfo, msg, ti, &ei_aisid_bound_value_length,
            "AI-Session-ID value is %u bytes long: only the first %u are examined (aisid_bounds.h); %s",
            (unsigned)h->value.len, (unsigned)AISID_MAX_VALUE_LEN,
            h->n_params_total == 0 ? "the identifier is cut there" :
            (last && last->cut) ? wmem_strdup_printf(pinfo->pool, "parameter \"%s\", cut there, is not interpreted",
                                                     format_text(pinfo->pool, (const void *)last->name.ptr, MIN(last->name.len, 32)))
                                : "what follows is not examined");
    }
    if (h->params_truncated)
        AISID_EXPERT(pinfo, msg, ti, &ei_aisid_bound_params,
            "AI-Session-ID has %u%s parameters: only the first %u are examined (aisid_bounds.h), those from byte %u on are not",
            h->n_params_total, h->value_cut ? " or more" : "", (unsigned)AISID_MAX_PARAMS,
            (unsigned)h->params_rest_off + 1);

    form = aisid_header_form(h);
    if (tree) {
        proto_item *fi = proto_tree_add_uint(at, hf_aisid_assertion_form, tvb, 0, 0, form);
        proto_item_set_generated(fi);
    }

    if (h->ref_index >= 0)
        dissect_assertion_ref(tvb, pinfo, at, base, h, msg);
    if (h->assertion_index >= 0) {
        const aisid_param_t *ap = &h->params[h->assertion_index];
        aisid_dissect_jws(tvb, pinfo, at, base, aisid_span_present(ap->value) ? ap->value : ap->whole,
                          h, msg, true);
    }
    if (form == AISID_FORM_BOTH)
        AISID_EXPERT(pinfo, msg, ti, &ei_aisid_assertion_both,
            "AI-Session-ID carries both an assertion reference and an embedded assertion; the embedded one is meant as the fallback (draft section 8)");

    /* One message, one interaction: two different identifiers in the same
     * message leave the receiver to guess (REQ6, REQ7). */
    if (!(h->id_flags & AISID_ID_EMPTY)) {
        aisid_hdr_rec_t *o;
        for (o = msg->headers; o; o = o->next) {
            if (o->hdr.id_flags & AISID_ID_EMPTY)
                continue;
            if (o->hdr.id.len != h->id.len || memcmp(o->hdr.id.ptr, h->id.ptr, h->id.len) != 0) {
                AISID_EXPERT(pinfo, msg, rec->id_item, &ei_aisid_header_conflict,
                    "This message carries two different AI-Session-IDs: \"%s\" (%s) and \"%s\" (%s)",
                    span_str(pinfo, o->hdr.id), o->name, span_str(pinfo, h->id), rec->name);
                break;
            }
        }
    }
    if (msg->last_header)
        msg->last_header->next = rec;
    else
        msg->headers = rec;
    msg->last_header = rec;

    return (int)len;
}

/* ------------------------------------------------ the postdissector */

/* Opacity findings (REQ9) of the first pass, by frame and header ordinal
 * within the frame: later passes show them without scanning the message
 * again.  Only hits are kept, so a capture of opaque identifiers keeps
 * nothing. */
typedef struct opacity_rec {
    unsigned            header;
    aisid_piece_t       piece;
    size_t              off, len;      /* of the hit, inside the identifier */
    struct opacity_rec *next;
} opacity_rec_t;

static wmem_map_t *opacity_hits;       /* frame number -> opacity_rec_t * */

static void
opacity_init(void)
{
    opacity_hits = wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
}

static void
opacity_cleanup(void)
{
    opacity_hits = NULL;               /* freed with the file scope */
}

static void
keep_opacity_hit(guint32 frame, unsigned header, aisid_span_t id, const aisid_opacity_hit_t *hit)
{
    opacity_rec_t *r = wmem_new(wmem_file_scope(), opacity_rec_t);

    r->header = header;
    r->piece = hit->piece;
    r->off = aisid_span_offset(hit->text, id.ptr);
    r->len = hit->text.len;
    r->next = (opacity_rec_t *)wmem_map_lookup(opacity_hits, GUINT_TO_POINTER(frame));
    wmem_map_insert(opacity_hits, GUINT_TO_POINTER(frame), r);
}

static bool
recall_opacity_hit(guint32 frame, unsigned header, aisid_span_t id, aisid_opacity_hit_t *hit)
{
    const opacity_rec_t *r;

    for (r = (const opacity_rec_t *)wmem_map_lookup(opacity_hits, GUINT_TO_POINTER(frame)); r; r = r->next) {
        if (r->header == header && r->off + r->len <= id.len) {
            hit->piece = r->piece;
            hit->text.ptr = id.ptr + r->off;
            hit->text.len = r->len;
            return true;
        }
    }
    return false;
}

/* Runs after SIP, when every header of the message is known.  Frames that
 * carried no AI-Session-ID have no proto data: return at once. */
static int
dissect_aisid_post(tvbuff_t *tvb _U_, packet_info *pinfo, proto_tree *tree _U_, void *data _U_)
{
    aisid_pkt_t *pkt;
    aisid_msg_rec_t *msg;
    bool added;

    const char *saved_proto;
    int ret;
    unsigned header_no = 0;

    /* --disable-protocol aisid, or Analyze > Enabled Protocols */
    if (!proto_is_protocol_enabled(aisid_protocol))
        return 0;
    /* Expert items name the protocol that raised them (current_proto),
     * which call_dissector_work() would have set for a protocol handle. */
    saved_proto = pinfo->current_proto;
    pinfo->current_proto = "AI-Session-ID";
    pkt = (aisid_pkt_t *)p_get_proto_data(pinfo->pool, pinfo, proto_aisid, AISID_PKT_KEY);

    for (msg = pkt ? pkt->msgs : NULL; msg; msg = msg->next) {
        aisid_hdr_rec_t *rec;
        const aisid_sip_msg_t *sip = NULL;

        /* The message text is scanned on the first pass only: the session
         * correlation and the opacity check need it, and both keep what
         * they found (later passes and the GUI read it back). */
        if (msg->buf && !msg->scanned && !pinfo->fd->visited) {
            msg->scanned = aisid_sip_scan(msg->buf + msg->start, msg->buf_len - msg->start, &msg->sip);
        }
        if (msg->scanned)
            sip = &msg->sip;

        for (rec = msg->headers; rec; rec = rec->next) {
            aisid_opacity_hit_t hit;
            bool found;

            header_no++;
            if (rec->hdr.id_flags & AISID_ID_EMPTY)
                continue;
            if (!pinfo->fd->visited) {
                found = aisid_opacity_check(rec->hdr.id, sip, &hit);
                if (found)
                    keep_opacity_hit(pinfo->num, header_no, rec->hdr.id, &hit);
            } else {
                found = recall_opacity_hit(pinfo->num, header_no, rec->hdr.id, &hit);
            }
            if (found) {
                AISID_EXPERT(pinfo, msg, rec->id_item, &ei_aisid_id_not_opaque,
                    "AI-Session-ID \"%s\" contains the %s \"%s\": the identifier must be opaque (REQ9)",
                    span_str(pinfo, rec->hdr.id), aisid_piece_str(hit.piece), span_str(pinfo, hit.text));
            }
        }
        /* Crossing the trust boundary without an assertion (draft 8). */
        aisid_verify_boundary(pinfo, msg);
    }
    /* Assertions fetched over HTTP in this capture (aisid-verify.c). */
    added = aisid_verify_http(tvb, pinfo, tree);

    /* The AI session correlation (aisid-session.c).  Return 0 when nothing
     * was added, so "aisid" is not listed in frame.protocols of frames that
     * have nothing of ours (and Analyze > Follow is offered only where it
     * means something). */
    ret = pkt ? (int)tvb_captured_length(tvb) : 0;
    if (aisid_session_dissect(tvb, pinfo, tree, pkt) || added) {
        /* What call_dissector_work() does for a protocol handle: list us in
         * the frame's layers (which Analyze > Follow of Wireshark 4.4+ looks
         * at), unless the header subdissector did. */
        if (!pkt) {
            pinfo->curr_layer_num++;
            wmem_list_append(pinfo->layers, GINT_TO_POINTER(proto_aisid));
        }
        ret = (int)tvb_captured_length(tvb);
    }
    pinfo->current_proto = saved_proto;
    return ret;
}

/* ------------------------------------------------ preferences */

/* (Re-)registers the deployment-specific header names of the
 * aisid.extra_headers preference in "sip.hdr". */
static void
apply_extra_headers(void)
{
    guint i;
    gchar **names;

    if (!aisid_header_handle)
        return;
    if (!registered_extra_names)
        registered_extra_names = g_ptr_array_new_with_free_func(g_free);
    for (i = 0; i < registered_extra_names->len; i++)
        dissector_delete_string("sip.hdr", (const char *)g_ptr_array_index(registered_extra_names, i),
                                aisid_header_handle);
    g_ptr_array_set_size(registered_extra_names, 0);

    names = g_strsplit_set(pref_extra_headers ? pref_extra_headers : "", ", \t", -1);
    for (i = 0; names[i]; i++) {
        gchar *name = g_ascii_strdown(names[i], -1);
        guint j;
        gboolean dup = g_strcmp0(name, AISID_HEADER_NAME) == 0;

        for (j = 0; !dup && j < registered_extra_names->len; j++)
            dup = g_strcmp0(name, (const char *)g_ptr_array_index(registered_extra_names, j)) == 0;
        if (*name == '\0' || dup) {
            g_free(name);
            continue;
        }
        dissector_add_string("sip.hdr", name, aisid_header_handle);
        g_ptr_array_add(registered_extra_names, name);
    }
    g_strfreev(names);
}

/* At program exit: the names' copies (dissector_add_string() keeps its own). */
static void
aisid_shutdown(void)
{
    if (registered_extra_names)
        g_ptr_array_free(registered_extra_names, TRUE);
    registered_extra_names = NULL;
}

static void
aisid_prefs_changed(void)
{
    apply_extra_headers();
    aisid_verify_prefs_apply();
}

/* ------------------------------------------------ registration */

void
proto_register_aisid(void)
{
    static hf_register_info hf[] = {
        { &hf_aisid_header_name,
          { "Header name", "aisid.header_name", FT_STRING, BASE_NONE, NULL, 0x0,
            "The (lowercased) SIP header name this AI-Session-ID was carried in.", HFILL } },
        { &hf_aisid_id,
          { "Identifier", "aisid.id", FT_STRING, BASE_NONE, NULL, 0x0,
            "The AI-Session-ID value: one opaque identifier for one logical AI interaction.", HFILL } },
        { &hf_aisid_id_uuid,
          { "UUID", "aisid.id.uuid", FT_GUID, BASE_NONE, NULL, 0x0,
            "The identifier read as a UUID (RFC 9562).", HFILL } },
        { &hf_aisid_id_uuid_version,
          { "UUID version", "aisid.id.uuid.version", FT_UINT8, BASE_DEC, NULL, 0x0,
            "The version of the UUID (RFC 9562 section 4.2).", HFILL } },
        { &hf_aisid_id_uuid_time,
          { "UUID time", "aisid.id.uuid.time", FT_ABSOLUTE_TIME, ABSOLUTE_TIME_UTC, NULL, 0x0,
            "The time stamp inside a time-based UUID (versions 1, 6 and 7).", HFILL } },
        { &hf_aisid_param,
          { "Parameter", "aisid.param", FT_STRING, BASE_NONE, NULL, 0x0,
            "A header parameter other than assertion-ref and assertion.", HFILL } },
        { &hf_aisid_param_name,
          { "Parameter name", "aisid.param.name", FT_STRING, BASE_NONE, NULL, 0x0,
            "The name of a generic header parameter.", HFILL } },
        { &hf_aisid_param_value,
          { "Parameter value", "aisid.param.value", FT_STRING, BASE_NONE, NULL, 0x0,
            "The value of a generic header parameter.", HFILL } },
        { &hf_aisid_assertion_form,
          { "Assertion form", "aisid.assertion_form", FT_UINT8, BASE_DEC, VALS(aisid_form_vals), 0x0,
            "How the header carries a signed assertion: none, by reference, embedded, or both (draft section 8).", HFILL } },
        { &hf_aisid_assertion_ref,
          { "Assertion reference", "aisid.assertion_ref", FT_STRING, BASE_NONE, NULL, 0x0,
            "The URI of a signed assertion passed by reference (assertion-ref parameter).", HFILL } },
        { &hf_aisid_assertion_ref_host,
          { "Assertion reference host", "aisid.assertion_ref.host", FT_STRING, BASE_NONE, NULL, 0x0,
            "The host part of the assertion reference URI.", HFILL } },
        { &hf_aisid_assertion,
          { "Embedded assertion", "aisid.assertion", FT_STRING, BASE_NONE, NULL, 0x0,
            "A signed assertion embedded as an RFC 7515 compact JWS (assertion parameter).", HFILL } },
        { &hf_aisid_assertion_alg,
          { "Algorithm", "aisid.assertion.alg", FT_STRING, BASE_NONE, NULL, 0x0,
            "The alg member of the assertion's protected header (RFC 7515 section 4.1.1).", HFILL } },
        { &hf_aisid_assertion_kid,
          { "Key ID", "aisid.assertion.kid", FT_STRING, BASE_NONE, NULL, 0x0,
            "The kid member of the assertion's protected header (RFC 7515 section 4.1.4).", HFILL } },
        { &hf_aisid_assertion_typ,
          { "Type", "aisid.assertion.typ", FT_STRING, BASE_NONE, NULL, 0x0,
            "The typ member of the assertion's protected header (RFC 7515 section 4.1.9).", HFILL } },
        { &hf_aisid_assertion_iss,
          { "Issuer", "aisid.assertion.iss", FT_STRING, BASE_NONE, NULL, 0x0,
            "The iss claim: who issued the assertion (RFC 7519 section 4.1.1).", HFILL } },
        { &hf_aisid_assertion_aud,
          { "Audience", "aisid.assertion.aud", FT_STRING, BASE_NONE, NULL, 0x0,
            "The aud claim: for whom the assertion is meant (RFC 7519 section 4.1.3); an array is joined with commas.", HFILL } },
        { &hf_aisid_assertion_claim_id,
          { "Claimed identifier", "aisid.assertion.claim_id", FT_STRING, BASE_NONE, NULL, 0x0,
            "The aisid claim: the identifier the assertion vouches for.", HFILL } },
        { &hf_aisid_assertion_iat,
          { "Issued at", "aisid.assertion.iat", FT_ABSOLUTE_TIME, ABSOLUTE_TIME_UTC, NULL, 0x0,
            "The iat claim (RFC 7519 section 4.1.6).", HFILL } },
        { &hf_aisid_assertion_nbf,
          { "Not before", "aisid.assertion.nbf", FT_ABSOLUTE_TIME, ABSOLUTE_TIME_UTC, NULL, 0x0,
            "The nbf claim (RFC 7519 section 4.1.5).", HFILL } },
        { &hf_aisid_assertion_exp,
          { "Expires", "aisid.assertion.exp", FT_ABSOLUTE_TIME, ABSOLUTE_TIME_UTC, NULL, 0x0,
            "The exp claim (RFC 7519 section 4.1.4).", HFILL } },
        { &hf_aisid_assertion_header_json,
          { "Protected header", "aisid.assertion.header_json", FT_STRING, BASE_NONE, NULL, 0x0,
            "The assertion's protected header, base64url-decoded (JSON text).", HFILL } },
        { &hf_aisid_assertion_payload_json,
          { "Claims", "aisid.assertion.payload_json", FT_STRING, BASE_NONE, NULL, 0x0,
            "The assertion's payload, base64url-decoded (JSON text).", HFILL } },
        { &hf_aisid_assertion_signature,
          { "Signature", "aisid.assertion.signature", FT_BYTES, BASE_NONE, NULL, 0x0,
            "The assertion's signature, base64url-decoded.", HFILL } },
    };

    static gint *ett[] = {
        &ett_aisid,
        &ett_aisid_uuid,
        &ett_aisid_param,
        &ett_aisid_assertion_ref,
        &ett_aisid_assertion,
        &ett_aisid_assertion_header,
        &ett_aisid_assertion_payload,
    };

    static ei_register_info ei[] = {
        { &ei_aisid_id_empty,
          { "aisid.id.empty", PI_MALFORMED, PI_ERROR,
            "AI-Session-ID is empty", EXPFILL } },
        { &ei_aisid_id_invalid_chars,
          { "aisid.id.invalid_chars", PI_MALFORMED, PI_ERROR,
            "AI-Session-ID has characters outside the RFC 3261 token (REQ12)", EXPFILL } },
        { &ei_aisid_id_too_long,
          { "aisid.id.too_long", PI_PROTOCOL, PI_WARN,
            "AI-Session-ID is longer than 128 characters: context, not an identifier (REQ5)", EXPFILL } },
        { &ei_aisid_id_not_uuid,
          { "aisid.id.not_uuid", PI_PROTOCOL, PI_NOTE,
            "AI-Session-ID is not a UUID: global uniqueness is not evident (REQ13)", EXPFILL } },
        { &ei_aisid_id_not_opaque,
          { "aisid.id.not_opaque", PI_SECURITY, PI_WARN,
            "AI-Session-ID encodes SIP signalling data: it must be opaque (REQ9)", EXPFILL } },
        { &ei_aisid_header_conflict,
          { "aisid.header.conflict", PI_PROTOCOL, PI_WARN,
            "One message carries two different AI-Session-IDs", EXPFILL } },
        { &ei_aisid_param_malformed,
          { "aisid.param.malformed", PI_MALFORMED, PI_WARN,
            "AI-Session-ID parameter is malformed", EXPFILL } },
        { &ei_aisid_assertion_ref_present,
          { "aisid.assertion_ref.present", PI_SECURITY, PI_CHAT,
            "Signed assertion passed by reference", EXPFILL } },
        { &ei_aisid_assertion_ref_insecure,
          { "aisid.assertion_ref.insecure", PI_SECURITY, PI_WARN,
            "Assertion reference is not https", EXPFILL } },
        { &ei_aisid_assertion_ref_malformed,
          { "aisid.assertion_ref.malformed", PI_MALFORMED, PI_ERROR,
            "Assertion reference is not an absolute URI", EXPFILL } },
        { &ei_aisid_assertion_embedded,
          { "aisid.assertion.embedded", PI_SECURITY, PI_NOTE,
            "Embedded signed assertion (fallback form of draft section 8)", EXPFILL } },
        { &ei_aisid_assertion_both,
          { "aisid.assertion.both", PI_PROTOCOL, PI_NOTE,
            "Both an assertion reference and an embedded assertion in one header", EXPFILL } },
        { &ei_aisid_assertion_malformed,
          { "aisid.assertion.malformed", PI_MALFORMED, PI_ERROR,
            "Embedded assertion is not a compact JWS of JSON objects", EXPFILL } },
        { &ei_aisid_assertion_alg_none,
          { "aisid.assertion.alg_none", PI_SECURITY, PI_ERROR,
            "Embedded assertion has no alg, or alg \"none\"", EXPFILL } },
        { &ei_aisid_assertion_claim_mismatch,
          { "aisid.assertion.claim_mismatch", PI_SECURITY, PI_ERROR,
            "Assertion's aisid claim is missing or differs from the header's identifier", EXPFILL } },
        { &ei_aisid_assertion_expired,
          { "aisid.assertion.expired", PI_SECURITY, PI_WARN,
            "Assertion is expired or not yet valid at the frame time", EXPFILL } },
        { &ei_aisid_assertion_bad_time,
          { "aisid.assertion.bad_time", PI_MALFORMED, PI_WARN,
            "Assertion date claim (iat, nbf, exp) is not a usable NumericDate", EXPFILL } },
        { &ei_aisid_assertion_ambiguous,
          { "aisid.assertion.ambiguous", PI_SECURITY, PI_WARN,
            "Assertion JSON that parsers may read differently (duplicate member, escaped NUL, not UTF-8)", EXPFILL } },
        { &ei_aisid_bound_value_length,
          { "aisid.bound.value_length", PI_UNDECODED, PI_NOTE,
            "AI-Session-ID value longer than the plugin examines", EXPFILL } },
        { &ei_aisid_bound_params,
          { "aisid.bound.params", PI_UNDECODED, PI_NOTE,
            "More AI-Session-ID parameters than the plugin examines", EXPFILL } },
        { &ei_aisid_bound_jws_length,
          { "aisid.bound.jws_length", PI_UNDECODED, PI_NOTE,
            "Assertion longer than the plugin decodes", EXPFILL } },
        { &ei_aisid_bound_json_depth,
          { "aisid.bound.json_depth", PI_UNDECODED, PI_NOTE,
            "Assertion JSON nests deeper than the plugin reads", EXPFILL } },
        { &ei_aisid_bound_json_tokens,
          { "aisid.bound.json_tokens", PI_UNDECODED, PI_NOTE,
            "Assertion JSON has more tokens than the plugin reads", EXPFILL } },
    };

    module_t *aisid_module;
    expert_module_t *expert_aisid;

    proto_aisid = proto_register_protocol("AI-Session-ID", "AI-Session-ID", "aisid");
    proto_register_field_array(proto_aisid, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_aisid = expert_register_protocol(proto_aisid);
    expert_register_field_array(expert_aisid, ei, array_length(ei));
    register_init_routine(opacity_init);
    register_cleanup_routine(opacity_cleanup);
    register_shutdown_routine(aisid_shutdown);

    aisid_module = prefs_register_protocol(proto_aisid, aisid_prefs_changed);
    prefs_register_string_preference(aisid_module, "extra_headers",
        "Additional header names",
        "Comma-separated SIP header names dissected like AI-Session-ID, for deployments "
        "that use their own (e.g. X-AI-Session-ID). Case-insensitive.",
        &pref_extra_headers);
    prefs_register_bool_preference(aisid_module, "note_not_uuid",
        "Note identifiers that are not UUIDs",
        "Raise aisid.id.not_uuid when the identifier is not an RFC 9562 UUID. Turn it off "
        "for deployments that use other globally unique forms (ULIDs, long random tokens).",
        &pref_note_not_uuid);
    prefs_register_bool_preference(aisid_module, "decode_json",
        "Dissect assertion JSON",
        "Hand the decoded protected header and claims of an embedded assertion to the JSON "
        "dissector, each in a data source of its own.",
        &pref_decode_json);

    aisid_header_handle = register_dissector("aisid", dissect_aisid_header, proto_aisid);

    aisid_verify_register(aisid_module);
    aisid_session_register_prefs(aisid_module);
    aisid_session_register();
    aisid_stats_register();
}

void
proto_reg_handoff_aisid(void)
{
    dissector_handle_t post_handle;

    dissector_add_string("sip.hdr", AISID_HEADER_NAME, aisid_header_handle);
    json_handle = find_dissector("json");

    /* No protocol on the handle: Wireshark then calls it without the
     * enabled check and the layer bookkeeping it does for protocol
     * handles, which on every frame of every capture cost more than the
     * postdissector's own work (measured with callgrind, tests/bench).
     * The postdissector does both itself, only where it matters. */
    post_handle = create_dissector_handle(dissect_aisid_post, -1);
    aisid_protocol = find_protocol_by_id(proto_aisid);
    register_postdissector(post_handle);
    apply_extra_headers();
    aisid_verify_prefs_apply();
    aisid_session_handoff();
}
