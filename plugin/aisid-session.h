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

/* One SIP message of an AI session, recorded on the first pass in file
 * scope and kept for the whole capture.  A frame may hold several (SIP over
 * TCP): they are chained.  The fields are ordered by size so that it has no
 * holes (200 bytes). */
typedef struct aisid_frame_msg {
    aisid_msg_out_t out;        /* what the session graph said              */
    nstime_t        ts;         /* absolute capture time                    */
    const char     *summary;    /* "INVITE", "200 OK" (interned)             */
    const aisid_endpoints_t *ep;/* formatted only when shown (timeline,
                                   follower): see aisid_rec_endpoint()       */
    const char     *id;         /* the identifier it carried, NULL if none   */
    int            *experts;    /* hf of each header-level expert item       */
    const char     *ref_changed_from; /* the dialog's previous assertion-ref,
                                         when this message changes it        */
    const char     *ref_uri;    /* its assertion-ref, or NULL                */
    struct aisid_frame_msg *next;
    uint32_t        frame;
    uint32_t        start, len; /* where its text lies, for the follower (a
                                   tvb is shorter than 2^31 bytes)           */
    uint16_t        ds_index;   /* ... in the frame's data source ds_index   */
    uint16_t        n_experts;
    uint8_t         form;       /* aisid_form_t of its first header          */
    bool            is_request;
} aisid_frame_msg_t;

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
