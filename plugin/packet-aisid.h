/* packet-aisid.h
 * Shared between the epan glue files of the AI-Session-ID plugin.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PACKET_AISID_H
#define PACKET_AISID_H

#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/prefs.h>
#include <epan/strutil.h>

#include <string.h>

#include "aisid_compat.h"
#include "aisid_core.h"

/* A string that the network chose (an identifier, a Call-ID) made printable:
 * control bytes escaped, invalid UTF-8 replaced (format_text()).  For text
 * the plugin prints itself: tap output and stats tree node names, where a
 * hostile identifier must not reach the user's terminal as it is. */
static inline const char *
aisid_printable(wmem_allocator_t *scope, const char *s)
{
    const unsigned char *p;

    if (!s)
        return NULL;
    /* Nearly every identifier is printable ASCII: no copy for those. */
    for (p = (const unsigned char *)s; *p >= 0x20 && *p < 0x7f; p++)
        ;
    return *p ? format_text(scope, (const void *)s, strlen(s)) : s;
}

/* The same for a tree label or an expert item's text.  4.0 copies label text
 * as it is; from 4.4 on proto.c escapes every label itself, and escaping here
 * as well would show "ab\\001" for "ab\001". */
#if AISID_WS_AT_LEAST(4, 4)
#define aisid_label_text(scope, s) ((void)(scope), (const char *)(s))
#else
#define aisid_label_text(scope, s) aisid_printable((scope), (s))
#endif

/* aisid_label_text() for len bytes at p (a span into the message). */
static inline const char *
aisid_label_span(wmem_allocator_t *scope, const char *p, size_t len)
{
    if (!p)
        return "";
#if AISID_WS_AT_LEAST(4, 4)
    return wmem_strndup(scope, p, len);
#else
    return format_text(scope, (const void *)p, len);
#endif
}

void proto_register_aisid(void);
void proto_reg_handoff_aisid(void);

extern int proto_aisid;

/* How a header carries a signed assertion (draft section 8). */
typedef enum {
    AISID_FORM_NONE = 0,
    AISID_FORM_REFERENCE,
    AISID_FORM_EMBEDDED,
    AISID_FORM_BOTH,
} aisid_form_t;

extern const value_string aisid_form_vals[];

static inline aisid_form_t
aisid_header_form(const aisid_header_t *h)
{
    if (h->ref_index >= 0 && h->assertion_index >= 0)
        return AISID_FORM_BOTH;
    if (h->ref_index >= 0)
        return AISID_FORM_REFERENCE;
    if (h->assertion_index >= 0)
        return AISID_FORM_EMBEDDED;
    return AISID_FORM_NONE;
}

/* Expert items raised on one SIP message, by the hf of their registration
 * (proto_registrar_get_abbrev() names them), kept for the timeline. */
#define AISID_MAX_EXPERTS 16

/* One AI-Session-ID header line, as the header subdissector saw it.  The
 * spans of hdr point into the header value tvb's memory, which lives as long
 * as the packet. */
typedef struct aisid_hdr_rec {
    aisid_header_t        hdr;
    tvbuff_t             *tvb;      /* the header value, from SIP              */
    const char           *base;     /* tvb's bytes: hdr spans point into it   */
    const char           *name;     /* the header name as matched (lowercase) */
    proto_item           *id_item;  /* aisid.id, for later expert items (or NULL) */
    struct aisid_hdr_rec *next;
} aisid_hdr_rec_t;

/* One SIP message of the frame that carries at least one AI-Session-ID
 * header.  buf/start locate its raw text (start line onwards) in the data
 * source it was found in, so the postdissector can read the other headers
 * without a protocol tree. */
typedef struct aisid_msg_rec {
    const char           *buf;      /* data source bytes, or NULL if unknown  */
    size_t                buf_len;
    size_t                start;    /* offset of the start line in buf        */
    aisid_sip_msg_t       sip;      /* filled by the postdissector            */
    bool                  scanned;
    int                   experts[AISID_MAX_EXPERTS];
    unsigned              n_experts;
    aisid_hdr_rec_t      *headers;  /* in order of appearance                 */
    aisid_hdr_rec_t      *last_header;
    struct aisid_msg_rec *next;
} aisid_msg_rec_t;

/* Per-packet proto data (pinfo->pool) from the header subdissector to the
 * postdissector. */
typedef struct {
    aisid_msg_rec_t *msgs;
    aisid_msg_rec_t *last_msg;
} aisid_pkt_t;

/* Records an expert item for the timeline (msg may be NULL). */
void aisid_note_expert(aisid_msg_rec_t *msg, expert_field *ei);

/* Shows and checks a compact JWS at span v of tvb (whose bytes start at
 * base): decoded header and claims, expiry, the "aisid" claim against h's
 * identifier (when h is given), and its signature. */
void aisid_dissect_jws(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const char *base,
                       aisid_span_t v, const aisid_header_t *h, aisid_msg_rec_t *msg, bool embedded);

/* aisid-verify.c: keys, resolution of references, trust boundary. */
void aisid_verify_register(module_t *module);
void aisid_verify_prefs_apply(void);
void aisid_verify_assertion(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, proto_item *a_item,
                            gint off, gint len, const aisid_jws_t *jws, aisid_msg_rec_t *msg);
void aisid_verify_ref(tvbuff_t *tvb, packet_info *pinfo, proto_tree *ref_tree, proto_item *ref_item,
                      const char *uri, const aisid_header_t *h, aisid_msg_rec_t *msg);
bool aisid_verify_http(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree);
void aisid_verify_boundary(packet_info *pinfo, aisid_msg_rec_t *msg);
void aisid_verify_ref_changed(packet_info *pinfo, proto_item *item, aisid_msg_rec_t *msg,
                              const char *old_uri, const char *new_uri);

/* aisid-session.c: the AI session correlation (first pass), its fields,
 * expert items, conversation filter and follower. */
void aisid_session_register(void);
void aisid_session_register_prefs(module_t *module);
void aisid_session_handoff(void);
/* Called by the postdissector for every frame; returns true when it added
 * anything.  pkt is NULL for frames without an AI-Session-ID header. */
bool aisid_session_dissect(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                           aisid_pkt_t *pkt);

/* aisid-stats.c: the "AI Sessions" stats tree, the timeline (-z
 * aisid,timeline) and the Tools menu entries. */
void aisid_stats_register(void);

#endif /* PACKET_AISID_H */
