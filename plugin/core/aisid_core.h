/* aisid_core.h
 * The epan-free core of the AI-Session-ID plugin: parsing and validation of
 * the header value (our ABNF, plugin/REFERENCE.md), UUIDs (RFC 9562),
 * base64url and compact JWS (RFC 7515), a small SIP header scanner
 * (RFC 3261) and the opacity check of REQ9.
 *
 * Nothing here includes an epan header: the core is built as its own static
 * library, unit-tested with g_test and fuzzed.  Parsers never copy their
 * input: results are spans (pointer + length) into the caller's buffer, which
 * must outlive them.  Only decoded data (base64url, JSON strings) is
 * allocated, in the wmem scope the caller passes (NULL = g_malloc, the
 * caller frees).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef AISID_CORE_H
#define AISID_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>
#include <wsutil/wmem/wmem.h>

#include "aisid_bounds.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ spans */

/* A piece of the caller's buffer; ptr == NULL means "absent". */
typedef struct {
    const char *ptr;
    size_t      len;
} aisid_span_t;

static inline bool aisid_span_present(aisid_span_t s) { return s.ptr != NULL; }

/* Offset of a span inside the buffer that starts at base (the buffer the
 * span was parsed from). */
static inline size_t aisid_span_offset(aisid_span_t s, const char *base)
{
    return (size_t)(s.ptr - base);
}

/* Case-insensitive comparison of a span with a NUL-terminated string. */
bool aisid_span_ieq(aisid_span_t s, const char *str);

/* -------------------------------------------------------------- identifier */

/* Identifiers longer than this look like carried context, not a key (REQ5). */
#define AISID_ID_MAX_LEN 128

/* Problems of the identifier itself; a set of bits, several may hold. */
typedef enum {
    AISID_ID_OK            = 0,
    AISID_ID_EMPTY         = 1u << 0, /* no value before ';' or end            */
    AISID_ID_INVALID_CHARS = 1u << 1, /* outside RFC 3261 token (REQ12)        */
    AISID_ID_TOO_LONG      = 1u << 2, /* > AISID_ID_MAX_LEN characters (REQ5)  */
    AISID_ID_NOT_UUID      = 1u << 3, /* not a UUID, or the nil / max UUID (REQ13) */
} aisid_id_flags_t;

/* True for the characters of RFC 3261 section 25.1 "token". */
bool aisid_is_token_char(unsigned char c);

/* ------------------------------------------------------------------- UUID */

typedef enum {
    AISID_UUID_NONE = 0,   /* not in 8-4-4-4-12 hex form           */
    AISID_UUID_VALID,      /* a UUID of RFC 9562 variant            */
    AISID_UUID_OTHER_VARIANT, /* 8-4-4-4-12 hex, variant not 10xx (NCS, Microsoft, future) */
    AISID_UUID_NIL,        /* 00000000-0000-0000-0000-000000000000  (RFC 9562 5.9)  */
    AISID_UUID_MAX,        /* ffffffff-ffff-ffff-ffff-ffffffffffff  (RFC 9562 5.10) */
} aisid_uuid_kind_t;

typedef struct {
    aisid_uuid_kind_t kind;
    uint8_t  bytes[16];    /* network order, as written                      */
    unsigned version;      /* bits 48-51 (RFC 9562 4.2)                       */
    bool     has_time;     /* versions 1, 6 and 7 carry a timestamp           */
    int64_t  time_secs;    /* that timestamp, Unix epoch, seconds ...         */
    int32_t  time_nsecs;   /* ... and nanoseconds                             */
} aisid_uuid_t;

/* Parses the 36-character textual form (RFC 9562 section 4, case-insensitive).
 * Returns true when s is in that form (out->kind != AISID_UUID_NONE). */
bool aisid_uuid_parse(const char *s, size_t len, aisid_uuid_t *out);

/* ------------------------------------------------------------ header value */

typedef enum {
    AISID_PARAM_GENERIC = 0,
    AISID_PARAM_ASSERTION_REF,   /* assertion-ref=<absoluteURI> / quoted-string */
    AISID_PARAM_ASSERTION,       /* assertion=<compact JWS>                    */
} aisid_param_kind_t;

typedef struct {
    aisid_param_kind_t kind;
    aisid_span_t whole;          /* "name=value" without the ';' and LWS      */
    aisid_span_t name;
    aisid_span_t value;          /* absent when there is no '='               */
    bool         malformed;      /* empty name, or unterminated quote / '<'   */
    const char  *why;            /* static: what is malformed, or NULL        */
    bool         bad_byte;       /* why names the byte at whole.ptr[bad_off]  */
    size_t       bad_off;
    bool         cut;            /* crosses AISID_MAX_VALUE_LEN: not interpreted */
} aisid_param_t;

typedef enum {
    AISID_REF_NONE = 0,          /* no assertion-ref parameter                */
    AISID_REF_OK,                /* https absolute URI                        */
    AISID_REF_INSECURE,          /* absolute URI whose scheme is not https    */
    AISID_REF_MALFORMED,         /* not <absoluteURI> / quoted absolute URI   */
} aisid_ref_status_t;

typedef struct {
    aisid_span_t  value;         /* the whole header value, trailing LWS cut  */
    aisid_span_t  id;            /* the identifier (never absent; may be empty) */
    unsigned      id_flags;      /* aisid_id_flags_t bits                     */
    size_t        bad_char_off;  /* offset in id of the first non-token char  */
    aisid_uuid_t  uuid;

    aisid_param_t params[AISID_MAX_PARAMS];
    unsigned      n_params;
    bool          params_truncated; /* more than AISID_MAX_PARAMS             */
    unsigned      n_params_total;   /* all ';' parameters within the bound    */
    size_t        params_rest_off;  /* offset in value of the first one not examined */

    /* AISID_MAX_VALUE_LEN: only value.ptr[0 .. parsed_len) is parsed. */
    bool          value_cut;
    size_t        parsed_len;

    /* The first assertion-ref and assertion parameters (index into params,
     * -1 when absent). */
    int           ref_index;
    int           assertion_index;
    aisid_span_t  ref_uri;       /* the URI without <> or quotes              */
    aisid_ref_status_t ref_status;
    const char   *ref_error;     /* static text: why it is malformed          */
} aisid_header_t;

/* Parses an AI-Session-ID header value (as SIP hands it to a sip.hdr
 * subdissector: leading LWS skipped, no CRLF).  Never fails: problems are
 * reported in the result.  Spans point into buf. */
void aisid_header_parse(const char *buf, size_t len, aisid_header_t *out);

/* ------------------------------------------------------------------ base64url */

/* Decodes unpadded base64url (RFC 4648 section 5, as JWS uses it, RFC 7515
 * section 2).  Returns NULL on a character outside the alphabet, on padding,
 * or on an impossible length (len % 4 == 1); *bad_off then tells where.
 * The result is NUL-terminated (not counted in *out_len). */
uint8_t *aisid_b64url_decode(wmem_allocator_t *scope, const char *in, size_t len,
                             size_t *out_len, size_t *bad_off);

/* ------------------------------------------------------------------- JWS */

typedef enum {
    AISID_JWS_OK = 0,
    AISID_JWS_ERR_PARTS,          /* not exactly three '.'-separated parts      */
    AISID_JWS_ERR_B64_HEADER,     /* part 1 is not base64url                    */
    AISID_JWS_ERR_B64_PAYLOAD,    /* part 2 is not base64url                    */
    AISID_JWS_ERR_B64_SIGNATURE,  /* part 3 is not base64url                    */
    AISID_JWS_ERR_JSON_HEADER,    /* part 1 does not decode to a JSON object    */
    AISID_JWS_ERR_JSON_PAYLOAD,   /* part 2 does not decode to a JSON object    */
    AISID_JWS_ERR_TOO_LONG,       /* longer than AISID_MAX_JWS_LEN: not decoded */
} aisid_jws_status_t;

/* Why decoded JSON was not read (aisid_json.c); value says how much:
 * the depth or token count found, the length, or the offset of the
 * problem. */
typedef enum {
    AISID_JSON_OK = 0,
    AISID_JSON_EMPTY,
    AISID_JSON_TOO_LONG,          /* more bytes than the bound             */
    AISID_JSON_NUL,               /* a raw NUL byte (RFC 8259 section 7)   */
    AISID_JSON_TOO_DEEP,          /* nests deeper than the bound           */
    AISID_JSON_TOO_MANY_TOKENS,   /* more tokens than the bound            */
    AISID_JSON_SYNTAX,            /* not JSON                              */
    AISID_JSON_NOT_OBJECT,        /* JSON, but not one object              */
} aisid_json_err_t;

typedef struct {
    aisid_json_err_t err;
    size_t           value;
    size_t           bound;
} aisid_json_problem_t;

/* "nests 5001 levels deep (more than 32)", in scope. */
char *aisid_json_problem_str(wmem_allocator_t *scope, const aisid_json_problem_t *p);

/* The NumericDate claims (RFC 7519 section 2), for aisid_jws_t.date_*. */
enum { AISID_CLAIM_IAT, AISID_CLAIM_NBF, AISID_CLAIM_EXP, AISID_N_DATE_CLAIMS };

typedef struct {
    aisid_jws_status_t status;
    aisid_span_t part[3];         /* the three encoded parts, into the input   */
    size_t       bad_off;         /* offset in the input of the first bad char */

    /* Decoded parts (in the caller's scope), NUL-terminated. */
    char    *header_json;  size_t header_len;
    char    *payload_json; size_t payload_len;
    uint8_t *signature;    size_t sig_len;

    /* Protected header members (RFC 7515 section 4.1); NULL when absent or
     * not a string. */
    char *alg, *kid, *typ;
    /* Claims (RFC 7519 section 4.1 and our "aisid"); aud joins an array
     * with ", ". */
    char *iss, *aud, *claim_id;
    bool    has_iat, has_nbf, has_exp;
    int64_t iat, nbf, exp;        /* NumericDate, seconds since the epoch      */

    /* Why the header (part 1) or claims (part 2) JSON was not read. */
    aisid_json_problem_t header_problem, payload_problem;
    /* A date claim that is present but not a usable NumericDate: why
     * (static text) and its JSON text (in scope, at most 48 characters). */
    const char *date_problem[AISID_N_DATE_CLAIMS];
    char       *date_text[AISID_N_DATE_CLAIMS];
    /* "alg" present but not a string. */
    bool        alg_not_string;
    /* Ambiguities other parsers may resolve differently (RFC 7515 section
     * 4, RFC 8259 sections 4 and 8.1): the first member read that appears
     * twice, holds an escaped NUL, or is not UTF-8; NULL when none. */
    const char *dup_member;       /* "alg", "kid", "iat", ...               */
    bool        dup_in_claims;
    const char *odd_member;       /* escaped NUL or invalid UTF-8           */
    bool        odd_in_claims;
    const char *odd_why;
} aisid_jws_t;

/* Splits and decodes a compact JWS.  Returns true when status is OK.  All
 * that could be decoded before an error stays in *out. */
bool aisid_jws_decode(wmem_allocator_t *scope, const char *buf, size_t len,
                      aisid_jws_t *out);

/* A short English text for a status ("the protected header is not base64url"). */
const char *aisid_jws_status_str(aisid_jws_status_t status);

/* The unescaped string value of the root object's member name (the last
 * one if repeated), in scope; NULL when json is not one JSON object or the
 * member is absent or not a string. */
char *aisid_json_string_member(wmem_allocator_t *scope, const char *json, size_t len,
                               const char *name);

/* ----------------------------------------------------------- HTTP/1.x */

/* What resolving an assertion passed by reference needs from an HTTP/1.x
 * message (RFC 9112) read from its raw text: the request target and Host,
 * or the status, and the body.  Spans point into the message. */
typedef struct {
    bool         is_request;
    aisid_span_t method, target;  /* request line (RFC 9112 section 3)        */
    unsigned     status;          /* status line (RFC 9112 section 4)         */
    aisid_span_t host;            /* Host header value                        */
    aisid_span_t content_type;    /* media type, without parameters           */
    bool         chunked;         /* Transfer-Encoding: chunked (body not read) */
    bool         has_content_length;
    size_t       content_length;
    aisid_span_t body;            /* Content-Length bytes after the headers, or
                                     the rest of buf; absent when there are
                                     none or the body is chunked              */
} aisid_http_msg_t;

/* Scans an HTTP/1.x message that starts at buf.  Returns false when buf
 * does not start with a request or status line of HTTP/1.x. */
bool aisid_http_scan(const char *buf, size_t len, aisid_http_msg_t *out);

/* Offset of the first HTTP/1.x start line in buf at or after from (lines
 * that begin after a line break or after binary lower-layer headers), or
 * (size_t)-1. */
size_t aisid_http_find_message(const char *buf, size_t len, size_t from);

/* The compact JWS an assertion resource holds: the body itself (RFC 7515
 * section 7.1, media type application/jose or application/jwt), or the
 * string member "assertion" of a JSON object.  Returns it in scope, or NULL. */
char *aisid_assertion_from_body(wmem_allocator_t *scope, const char *body, size_t len);

/* Does an assertion-ref URI name the resource of this HTTP request?  Host
 * (with port) and path-and-query must match; the scheme is not compared
 * (a capture only shows cleartext HTTP; https is not seen). */
bool aisid_uri_matches_request(const char *uri, aisid_span_t host, aisid_span_t target);

/* ------------------------------------------------------ trust boundary */

/* A list of IPv4 / IPv6 networks (CIDR), as the aisid.trusted_networks
 * preference gives them. */
typedef struct aisid_netlist aisid_netlist_t;

/* Parses "10.0.0.0/8, 2001:db8::/32 192.168.1.1" (commas or spaces; a bare
 * address is a /32 or /128).  Returns NULL on an empty list.  *err gets a
 * g_malloc'd text naming the first bad entry (the others still count). */
aisid_netlist_t *aisid_netlist_parse(const char *text, char **err);
void aisid_netlist_free(aisid_netlist_t *nl);

/* Is the address (4 bytes for IPv4, 16 for IPv6, network order) inside one
 * of the networks?  An IPv4-mapped IPv6 address is matched as IPv4. */
bool aisid_netlist_contains(const aisid_netlist_t *nl, const uint8_t *addr, size_t addr_len);

/* ----------------------------------------------------------- SIP scanning */

/* What the plugin needs from one SIP message, read from its raw text.  All
 * spans point into the message; absent headers have ptr == NULL.  The compact
 * forms of RFC 3261 section 20 (i, f, t, r, b) are understood. */
typedef struct {
    bool         is_request;
    aisid_span_t method;          /* request method, or absent               */
    unsigned     status_code;     /* response status, 0 for requests          */
    aisid_span_t reason;          /* Reason-Phrase of a response (may be empty) */
    aisid_span_t ruri;            /* Request-URI                             */
    aisid_span_t ruri_user, ruri_host;   /* filled by aisid_sip_msg_uris()    */

    aisid_span_t call_id;
    aisid_span_t from, to;        /* the From and To header values           */
    aisid_span_t from_tag, to_tag;
    aisid_span_t from_user, from_host;   /* filled by aisid_sip_msg_uris()    */
    aisid_span_t to_user, to_host;       /* filled by aisid_sip_msg_uris()    */
    uint32_t     cseq;            /* 0 when absent or not a number            */
    aisid_span_t cseq_method;

    aisid_span_t replaces;        /* Replaces (RFC 3891) header value          */
    aisid_span_t refer_to;        /* Refer-To (RFC 3515) header value          */
    aisid_span_t referred_by;     /* Referred-By (RFC 3892) header value       */
    aisid_span_t session_id;      /* Session-ID (RFC 7989) header value        */

    size_t       headers_end;     /* offset just past the empty line, or len  */
    bool         has_content_length; /* Content-Length / l (RFC 3261 20.14) */
    size_t       content_length;
} aisid_sip_msg_t;

/* Scans the start line and headers of a SIP message that begins at buf.
 * Returns false when buf does not start with a SIP request or status line. */
bool aisid_sip_scan(const char *buf, size_t len, aisid_sip_msg_t *out);

/* Given an offset that lies inside the header section of a SIP message in
 * buf, returns the offset of that message's start line, or (size_t)-1 when
 * none is found before it. */
size_t aisid_sip_find_message_start(const char *buf, size_t len, size_t inside);

/* Splits "user@host" out of a name-addr / addr-spec (From, To, R-URI). */
void aisid_sip_uri_parts(aisid_span_t uri, aisid_span_t *user, aisid_span_t *host);

/* Fills the user and host parts of the Request-URI, From and To of a
 * scanned message.  aisid_sip_scan() leaves them out: only the opacity
 * check (REQ9) and REFER matching need them, not every message. */
void aisid_sip_msg_uris(aisid_sip_msg_t *msg);

/* ----------------------------------------------------------- opacity REQ9 */

typedef enum {
    AISID_PIECE_NONE = 0,
    AISID_PIECE_CALL_ID,
    AISID_PIECE_FROM_TAG,
    AISID_PIECE_TO_TAG,
    AISID_PIECE_IPV4,
    AISID_PIECE_IPV6,
    AISID_PIECE_FROM_USER,
    AISID_PIECE_FROM_HOST,
    AISID_PIECE_TO_USER,
    AISID_PIECE_TO_HOST,
    AISID_PIECE_RURI_USER,
    AISID_PIECE_RURI_HOST,
} aisid_piece_t;

/* Pieces shorter than this are ignored: they match by chance. */
#define AISID_OPACITY_MIN_PIECE 4

typedef struct {
    aisid_piece_t piece;
    aisid_span_t  text;           /* the matching text inside the identifier */
} aisid_opacity_hit_t;

/* Checks that id encodes none of the message's Call-ID (or its local part
 * before '@'), tags, From / To / R-URI user and host, nor any IPv4 or IPv6
 * literal (REQ9).  msg may be NULL (then only literals are looked for).
 * Returns true, with the first hit, when the identifier is not opaque. */
bool aisid_opacity_check(aisid_span_t id, const aisid_sip_msg_t *msg,
                         aisid_opacity_hit_t *hit);

/* "Call-ID", "From tag", "IPv4 address", ... */
const char *aisid_piece_str(aisid_piece_t piece);

#ifdef __cplusplus
}
#endif

#endif /* AISID_CORE_H */
