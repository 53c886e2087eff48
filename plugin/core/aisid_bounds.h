/* aisid_bounds.h
 * How much of hostile input the plugin examines: every limit in one place,
 * used by the core and the epan glue, and listed in README.md ("Malformed
 * input and bounds") and plugin/REFERENCE.md.  When input goes past a bound
 * the plugin says so with an aisid.bound.* expert item (never silently);
 * what lies beyond the bound is not interpreted.
 *
 * Why these numbers: a real AI-Session-ID header is a UUID (36 characters)
 * plus, at most, a compact JWS of one to two KiB (an RS256 signature of a
 * 4096-bit key is 683 base64url characters).  The bounds sit one to two
 * orders of magnitude above that, and low enough that the work per header
 * stays a few hundred microseconds: wsutil's JSON tokeniser (jsmn, built
 * without parent links) walks back over earlier tokens on every closing
 * bracket, so its cost grows with the square of the token count; the token
 * and depth bounds cap that.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef AISID_BOUNDS_H
#define AISID_BOUNDS_H

/* Bytes of one header value that are parsed (identifier and parameters);
 * a parameter that crosses this bound is not interpreted
 * (aisid.bound.value_length). */
#define AISID_MAX_VALUE_LEN     (64 * 1024)

/* Parameters of one header value that are examined; the rest are counted,
 * not parsed (aisid.bound.params). */
#define AISID_MAX_PARAMS        16

/* Characters of a compact JWS (embedded, or resolved by reference) that are
 * decoded (aisid.bound.jws_length). */
#define AISID_MAX_JWS_LEN       (32 * 1024)

/* Decoded JSON of a JWS protected header or claims set: bytes, tokens
 * (every value, key, object and array counts one) and nesting depth
 * (aisid.bound.json_tokens, aisid.bound.json_depth). */
#define AISID_MAX_JSON_LEN      (64 * 1024)
#define AISID_MAX_JSON_TOKENS   1024
#define AISID_MAX_JSON_DEPTH    32

/* The JWK Set file of aisid.jwks_file: bytes, JSON tokens, keys
 * (reported by aisid.jwks.problem). */
#define AISID_MAX_JWKS_LEN      (1024 * 1024)
#define AISID_MAX_JWKS_TOKENS   (16 * 1024)
#define AISID_MAX_JWKS_KEYS     1024

/* Identifiers longer than this (already aisid.id.too_long past 128) key
 * no AI session: with aisid.max_dialogs this bounds the memory sessions
 * take (a session keeps its identifier). */
#define AISID_MAX_SESSION_ID_LEN 1024

/* Dialogs tracked for AI session correlation per capture: the default of
 * the aisid.max_dialogs preference (aisid.bound.dialogs). */
#define AISID_DEFAULT_MAX_DIALOGS 1000000

#endif /* AISID_BOUNDS_H */
