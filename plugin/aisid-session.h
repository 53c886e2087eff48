/* aisid-session.h
 * What the session glue keeps per frame, shared with the statistics, the
 * timeline and the menus (aisid-stats.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef AISID_SESSION_GLUE_H
#define AISID_SESSION_GLUE_H

#include <epan/packet.h>

#include "aisid_session.h"
#include "packet-aisid.h"

/* An address and port, kept in the record itself: one record is kept per
 * SIP message of a session, so no separate allocation for the address
 * bytes.  Addresses longer than 16 bytes (not IP) are not kept. */
typedef struct {
    uint8_t  type;              /* address_type; AT_NONE when not kept       */
    uint8_t  len;
    uint16_t port;
    uint8_t  bytes[16];
} aisid_endpoint_t;

/* Both ends of a message, interned: the messages of a dialog share one. */
typedef struct {
    aisid_endpoint_t src, dst;
} aisid_endpoints_t;

/* What few records need: the details of a message's findings, its
 * header-level expert items and its assertion reference (a few per cent
 * of the messages of a large capture).  Kept apart so that the record of
 * every other message stays small. */
typedef struct {
    aisid_msg_out_t out;        /* what the graph said, whole; its details
                                   are read only under findings bits       */
    int            *experts;    /* hf of each header-level expert item       */
    const char     *ref_uri;    /* its assertion-ref, or NULL                */
    const char     *ref_changed_from; /* the dialog's previous assertion-ref,
                                         when this message changes it        */
    uint16_t        n_experts;
} aisid_frame_extra_t;

/* One SIP message of an AI session, recorded on the first pass in file
 * scope and kept for the whole capture.  A million-message capture keeps
 * most of a million, so it holds only what every message needs (104
 * bytes, no holes, allocated 1024 at a time).  What the graph can tell
 * again (the session's id and first frame, the dialog's Call-ID) is not
 * copied: see aisid_rec_out().  A frame may hold several (SIP over TCP):
 * they are chained. */
typedef struct aisid_frame_msg {
    int64_t         ts_secs;    /* absolute capture time (see aisid_rec_ts();
                                   a nstime_t would add 4 bytes of padding) */
    const char     *summary;    /* "INVITE", "200 OK" (interned)             */
    const aisid_endpoints_t *ep;/* formatted only when shown (timeline,
                                   follower): see aisid_rec_endpoint()       */
    const char     *id;         /* the identifier it carried, NULL if none   */
    const aisid_frame_extra_t *extra; /* NULL for most messages              */
    struct aisid_frame_msg *next;
    int32_t         session;    /* aisid_msg_out_t's fields of the same name */
    int32_t         dialog;
    uint32_t        origin_frame, prev_frame, msg_index, dialogs_so_far;
    uint32_t        ts_nsecs;
    uint32_t        frame;
    uint32_t        start, len; /* where its text lies, for the follower (a
                                   tvb is shorter than 2^31 bytes)           */
    uint16_t        ds_index;   /* ... in the frame's data source ds_index   */
    uint8_t         origin;     /* aisid_origin_t                            */
    uint8_t         findings;   /* aisid_finding_t bits                      */
    uint8_t         form;       /* aisid_form_t of its first header          */
    bool            is_request;
} aisid_frame_msg_t;

/* Its absolute capture time. */
static inline nstime_t aisid_rec_ts(const aisid_frame_msg_t *rec)
{
    nstime_t t;
    t.secs = (time_t)rec->ts_secs;
    t.nsecs = (int)rec->ts_nsecs;
    return t;
}

/* The graph's whole answer for a record: rec->extra's copy, or buf filled
 * from the record and the graph (the details of findings left empty: the
 * record has none). */
const aisid_msg_out_t *aisid_rec_out(const aisid_frame_msg_t *rec, aisid_msg_out_t *buf);

/* What the "aisid" tap hands to its listeners, once per session message. */
typedef struct {
    const aisid_frame_msg_t *rec;
    const char              *text;   /* the SIP message, NULL if not found   */
    size_t                   text_len;
} aisid_tap_info_t;

/* The capture's session graph and all session records in frame order
 * (NULL between files). */
aisid_graph_t *aisid_session_graph(void);
wmem_array_t *aisid_session_records(void);

/* "address:port" of a record's source (dst false) or destination. */
const char *aisid_rec_endpoint(wmem_allocator_t *scope, const aisid_frame_msg_t *rec, bool dst);

/* The records of this frame, NULL when it holds no session message. */
const aisid_frame_msg_t *aisid_session_frame_records(packet_info *pinfo);

#endif /* AISID_SESSION_GLUE_H */
