/* aisid_session.h
 * The AI-Session-ID "session graph": which SIP dialogs make up one logical
 * AI session (REQ1, REQ2, REQ4, REQ14 of draft-nser-sip-ai-problem-statement),
 * and the conformance checks that need more than one message: the id kept
 * unchanged within a dialog (REQ3, REQ6, REQ7), carried over REFER /
 * Replaces (REQ2) and consistent across the legs of a B2BUA (REQ8).
 *
 * Also the parsers of the dialog-related headers the graph needs: Replaces
 * (RFC 3891), Refer-To with an embedded Replaces (RFC 3515, RFC 5589) and
 * Session-ID (RFC 7989).
 *
 * Like the rest of the core this includes no epan header.  The parsers
 * return spans into the caller's buffer; only percent-decoded text is
 * copied, into the wmem scope the caller passes.  The graph keeps all its
 * memory in the wmem allocator it is created with (the plugin passes
 * wmem_file_scope()), so every string it hands out lives as long as that.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef AISID_SESSION_H
#define AISID_SESSION_H

#include "aisid_core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ====================================================== dialog headers */

/* Replaces (RFC 3891 section 6.1):
 *   Replaces = "Replaces" HCOLON callid *(SEMI replaces-param)
 *   replaces-param = to-tag / from-tag / early-flag / generic-param
 * The tags are given from the point of view of the recipient of the
 * Replaces (RFC 3891 section 3), so a matcher compares them in either
 * order. */
typedef struct {
    aisid_span_t call_id;
    aisid_span_t to_tag;       /* absent when the parameter is missing     */
    aisid_span_t from_tag;
    bool         early_only;   /* the "early-only" flag (RFC 3891 3)      */
    bool         valid;        /* a Call-ID and both tags (RFC 3891 6.1
                                  requires to-tag and from-tag)           */
} aisid_replaces_t;

/* Parses a Replaces header value (LWS around it allowed).  Returns
 * out->valid.  Spans point into buf; nothing is read past buf[len-1]. */
bool aisid_replaces_parse(const char *buf, size_t len, aisid_replaces_t *out);

/* Refer-To (RFC 3515 section 2.1):
 *   Refer-To = ("Refer-To" / "r") HCOLON (name-addr / addr-spec)
 *              *(SEMI generic-param)
 * The target URI may carry header fields after '?' (RFC 3261 19.1.1); an
 * attended transfer puts the Replaces of the consultation dialog there,
 * percent-encoded (RFC 3891 section 3, RFC 5589 section 7). */
typedef struct {
    aisid_span_t uri;          /* the URI without <> and display name       */
    aisid_span_t scheme;       /* "sip", "sips", "tel", ...                 */
    aisid_span_t user;         /* absent when the URI has no userinfo       */
    aisid_span_t host;         /* without port; IPv6 keeps its brackets     */
    bool         has_replaces; /* a Replaces= URI header was found          */
    aisid_span_t replaces_raw; /* its value as written (still %-encoded)    */
    char        *replaces_decoded;  /* percent-decoded copy (scope), NUL-
                                       terminated; NULL when absent        */
    size_t       replaces_decoded_len;
    aisid_replaces_t replaces; /* parsed from replaces_decoded: its spans
                                  point into that copy                     */
    bool         valid;        /* a URI with a scheme was found             */
} aisid_refer_to_t;

/* Parses a Refer-To header value.  The decoded Replaces copy is allocated
 * in scope (NULL = g_malloc, then the caller g_free()s
 * out->replaces_decoded).  Returns out->valid. */
bool aisid_refer_to_parse(wmem_allocator_t *scope, const char *buf, size_t len,
                          aisid_refer_to_t *out);

/* Session-ID (RFC 7989 section 5):
 *   session-id    = local-uuid *(SEMI sess-id-param)
 *   local-uuid    = sess-uuid / null
 *   sess-id-param = remote-param / generic-param
 *   remote-param  = "remote" EQUAL remote-uuid
 *   sess-uuid     = 32(DIGIT / %x61-66) ; null = 32("0")
 * A value without "remote" (the older RFC 7329 form) leaves has_remote
 * false. */
typedef struct {
    uint8_t      local[16];
    uint8_t      remote[16];   /* all zero when absent                      */
    aisid_span_t local_text, remote_text;
    bool         has_remote;
    bool         local_null;   /* the null UUID (RFC 7989 section 4)        */
    bool         remote_null;  /* also true when has_remote is false        */
    bool         uppercase;    /* hex in upper case: the ABNF allows only
                                  lower case, we accept it but say so       */
    bool         valid;        /* local-uuid (and remote, if present) are
                                  32 hex digits                            */
} aisid_session_id_t;

/* Parses a Session-ID header value.  Returns out->valid. */
bool aisid_session_id_parse(const char *buf, size_t len, aisid_session_id_t *out);

/* ======================================================= session graph */

/* How a dialog came to be part of its session. */
typedef enum {
    AISID_ORIGIN_NONE = 0,     /* not in a session                           */
    AISID_ORIGIN_INITIAL,      /* the first dialog of its session             */
    AISID_ORIGIN_REFER,        /* created by a REFER sent in a session dialog
                                  (RFC 3515; REQ2)                           */
    AISID_ORIGIN_REPLACES,     /* replaces a session dialog (RFC 3891; REQ2)  */
    AISID_ORIGIN_JOINED,       /* a new dialog, not derived from a session
                                  dialog, that carries a known id (REQ4)     */
} aisid_origin_t;

/* Findings on one message: a set of bits. */
typedef enum {
    /* REQ3: an in-dialog request lacks the id its dialog was established
     * with (expected_id says which). */
    AISID_FIND_DIALOG_MISSING         = 1u << 0,
    /* REQ6/REQ7: a message inside a dialog carries another id than the one
     * established (expected_id); for requests, aisid_graph_change() tells
     * later how the receiver reacted. */
    AISID_FIND_DIALOG_CHANGED         = 1u << 1,
    /* REQ1/REQ2: a dialog created via REFER / Replaces from a session dialog
     * carries the session's id (source_dialog, source_frame). */
    AISID_FIND_TRANSFER_CONTINUED     = 1u << 2,
    /* REQ2: such a dialog lacks or changes the id; it still joins the
     * source session (expected_id = the source session's id). */
    AISID_FIND_TRANSFER_NOT_PRESERVED = 1u << 3,
    /* REQ4: a new dialog not derived from any session dialog carries a
     * known id. */
    AISID_FIND_SESSION_JOINED         = 1u << 4,
    /* REQ8: another dialog with the same RFC 7989 Session-ID pair (local /
     * remote in either order) carries a different id (other_*). */
    AISID_FIND_B2BUA_CONFLICT         = 1u << 5,
    /* REQ7, informational: this 4xx response rejects the request of
     * change_frame, which had changed the dialog's id. */
    AISID_FIND_CHANGE_REJECTED        = 1u << 6,
} aisid_finding_t;

#define AISID_FIND_COUNT 7

/* One SIP message as the plugin feeds it: in frame order, on the first
 * pass only.  Spans point into the message and need live only during
 * aisid_graph_add(); the graph copies what it keeps. */
typedef struct {
    uint32_t     frame;
    int64_t      ts_secs;         /* capture time, for the timeline (REQ14) */
    int32_t      ts_nsecs;
    bool         is_request;
    const char  *method;          /* request method, NUL-terminated; NULL for
                                     responses                              */
    unsigned     status;          /* response status, 0 for requests         */
    aisid_span_t ruri_user, ruri_host;  /* Request-URI, to match a REFER's
                                           target                           */
    aisid_span_t call_id, from_tag, to_tag;
    uint32_t     cseq;
    aisid_span_t cseq_method;
    aisid_span_t aisid;           /* the identifier of the first AI-Session-ID
                                     header (aisid_header_t.id), absent if
                                     none                                   */

    bool               has_replaces;   /* Replaces header, parsed and valid */
    aisid_replaces_t   replaces;
    bool               has_refer_to;   /* Refer-To header, parsed and valid */
    aisid_refer_to_t   refer_to;
    bool               has_referred_by;/* Referred-By (RFC 3892) present    */
    bool               has_session_id; /* Session-ID header, parsed, valid  */
    aisid_session_id_t session_id;
} aisid_msg_in_t;

/* Fills in from a scanned SIP message: runs the three parsers above on the
 * header spans.  method is mapped to a static string for the RFC 3261 /
 * extension methods, else copied into scope (the packet scope will do: the
 * graph does not keep it).  aisid is the identifier of the message's first
 * AI-Session-ID header, or an absent span. */
void aisid_msg_in_from_sip(wmem_allocator_t *scope, const aisid_sip_msg_t *sip,
                           aisid_span_t aisid, uint32_t frame,
                           int64_t ts_secs, int32_t ts_nsecs,
                           aisid_msg_in_t *in);

/* What the graph says about one message: the plugin stores it per frame
 * (it does not change after aisid_graph_add()) and shows it. */
typedef struct {
    int            session;       /* 0-based, like tcp.stream; -1 when the
                                     message belongs to no AI session        */
    int            dialog;        /* index of its dialog within the session,
                                     -1 with session -1                      */
    aisid_origin_t origin;        /* how that dialog joined                  */
    uint32_t       origin_frame;  /* REFER: the REFER's frame; REPLACES: the
                                     first frame (INVITE) of the replaced
                                     dialog; else the dialog's first frame   */
    const char    *session_id_str;/* the session's id                        */
    const char    *dialog_call_id;
    unsigned       dialogs_so_far;/* dialogs in the session up to now        */
    uint32_t       first_frame;   /* the session's first frame               */
    uint32_t       prev_frame;    /* previous frame of the session, 0 if none */
    unsigned       msg_index;     /* index in the session's frame list, for
                                     aisid_graph_next_frame()                */

    unsigned       findings;      /* aisid_finding_t bits                    */
    /* DIALOG_MISSING / DIALOG_CHANGED: the id the dialog was established
     * with; TRANSFER_NOT_PRESERVED: the source session's id. */
    const char    *expected_id;
    /* TRANSFER_*: the source dialog's index (in this same session) and the
     * frame that links them (= origin_frame); refer_frame is the REFER's
     * frame when a REFER matched too (Replaces wins as origin), else 0. */
    int            source_dialog;
    uint32_t       source_frame;
    uint32_t       refer_frame;
    /* B2BUA_CONFLICT: the other dialog, its session and id, and the frame
     * where it first carried the same Session-ID pair. */
    int            other_session;
    int            other_dialog;
    const char    *other_id;
    uint32_t       other_frame;
    /* CHANGE_REJECTED: the request whose changed id this response rejects. */
    uint32_t       change_frame;
} aisid_msg_out_t;

/* How the receiver reacted to a request that changed its dialog's id
 * (REQ7: "reject or ignore ... while preserving the original"). */
typedef enum {
    AISID_REACTION_UNKNOWN = 0,   /* no final response seen (yet)            */
    AISID_REACTION_REJECTED,      /* a 4xx final response                    */
    AISID_REACTION_ACCEPTED,      /* a 2xx: the receiver carried on          */
    AISID_REACTION_OTHER,         /* 3xx, 5xx, 6xx                            */
    AISID_REACTION_NONE,          /* the change was on a response: nobody to
                                     answer it                               */
} aisid_reaction_t;

/* One DIALOG_CHANGED finding; updated when the response arrives. */
typedef struct {
    uint32_t         frame;       /* the message that changed the id          */
    int              session, dialog;
    const char      *original_id; /* what the dialog was established with     */
    const char      *received_id; /* what this message carried                */
    uint32_t         cseq;
    aisid_reaction_t reaction;
    uint32_t         reaction_frame;   /* the final response, 0 if unknown    */
    unsigned         reaction_status;
} aisid_change_t;

/* A dialog of a session (RFC 3261 section 12: Call-ID + both tags). */
typedef struct {
    int            session, index;
    const char    *call_id;
    const char    *from_tag;      /* the UAC's tag                            */
    const char    *to_tag;        /* NULL while the dialog is early and no
                                     response with a To tag was seen         */
    const char    *id;            /* the id it was established with; NULL for
                                     a transferred dialog that lacks it      */
    aisid_origin_t origin;
    uint32_t       origin_frame;
    int            source_dialog; /* REFER / REPLACES: index of the source,
                                     -1 otherwise                            */
    uint32_t       refer_frame;   /* a matching REFER's frame, or 0           */
    uint32_t       first_frame;   /* its first message (the INVITE)           */
    uint32_t       joined_frame;  /* its first message in the session         */
    uint32_t       last_frame;
    unsigned       n_msgs;        /* messages counted in the session          */
} aisid_dialog_info_t;

/* A session: all dialogs that share one id, or derive from one (REQ1). */
typedef struct {
    int            index;
    const char    *id;
    uint32_t       first_frame, last_frame;
    int64_t        first_secs, last_secs;   /* capture times (REQ14)         */
    int32_t        first_nsecs, last_nsecs;
    unsigned       n_dialogs;
    unsigned       n_msgs;
    unsigned       findings;      /* OR of the findings of its messages       */
} aisid_session_info_t;

typedef struct aisid_graph aisid_graph_t;

/* Creates an empty graph whose memory lives in scope.  NULL makes the
 * graph own a private allocator (for tests and tools), freed by
 * aisid_graph_free(). */
aisid_graph_t *aisid_graph_new(wmem_allocator_t *scope);

/* Frees a graph made with a NULL scope; with a caller's scope it only
 * forgets the pointer (the scope frees everything). */
void aisid_graph_free(aisid_graph_t *g);

/* Adds one message, in frame order, on the first pass only, and fills out.
 * A message outside every session costs O(1) and allocates only when it
 * opens a new dialog (a small record, so a later message can still make the
 * dialog join a session). */
void aisid_graph_add(aisid_graph_t *g, const aisid_msg_in_t *in,
                     aisid_msg_out_t *out);

/* ---- totals, known only after later frames (tshark -2, the GUI) ---- */

/* Does a dialog of some session have this Call-ID?  O(1); lets the plugin
 * skip messages that can neither belong to nor derive from a session
 * without reading their text. */
bool aisid_graph_call_id_in_session(const aisid_graph_t *g, const char *call_id);

/* Number of sessions seen so far. */
unsigned aisid_graph_session_count(const aisid_graph_t *g);

/* At most max dialogs are tracked (AISID_DEFAULT_MAX_DIALOGS unless set);
 * messages of further new dialogs are not correlated.  The frame of the
 * first such message, or 0. */
void aisid_graph_set_max_dialogs(aisid_graph_t *g, unsigned max);
uint32_t aisid_graph_bound_frame(const aisid_graph_t *g);

/* The session of that index, NULL when out of range. */
const aisid_session_info_t *aisid_graph_session(const aisid_graph_t *g,
                                                unsigned session);

/* The session index of an id, -1 when unknown. */
int aisid_graph_session_by_id(const aisid_graph_t *g, const char *id, size_t len);

/* The dialog of that index within a session, NULL when out of range. */
const aisid_dialog_info_t *aisid_graph_dialog(const aisid_graph_t *g,
                                              unsigned session, unsigned dialog);

/* The msg_index-th frame of a session (aisid_msg_out_t.msg_index), 0 when
 * out of range; O(1). */
uint32_t aisid_graph_session_frame(const aisid_graph_t *g, unsigned session,
                                   unsigned msg_index);

/* The session's frame after the message of msg_index, 0 when it is the
 * last; O(1). */
uint32_t aisid_graph_next_frame(const aisid_graph_t *g, unsigned session,
                                unsigned msg_index);

/* The DIALOG_CHANGED record raised on that frame, NULL when none.  Its
 * reaction is final once the capture has been read. */
const aisid_change_t *aisid_graph_change(const aisid_graph_t *g, uint32_t frame);

/* "initial", "refer", "replaces", "joined", "none". */
const char *aisid_origin_str(aisid_origin_t origin);

/* A short name for one finding bit ("dialog.missing", ...), NULL when the
 * argument is not a single known bit. */
const char *aisid_finding_str(aisid_finding_t finding);

/* "unknown", "rejected", "accepted", "other", "none". */
const char *aisid_reaction_str(aisid_reaction_t reaction);

#ifdef __cplusplus
}
#endif

#endif /* AISID_SESSION_H */
