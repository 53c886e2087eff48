/* packet-aisid.h
 * Shared between the epan glue files of the AI-Session-ID plugin.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PACKET_AISID_H
#define PACKET_AISID_H

#include <epan/packet.h>

#include "aisid_core.h"

void proto_register_aisid(void);
void proto_reg_handoff_aisid(void);

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

#endif /* PACKET_AISID_H */
