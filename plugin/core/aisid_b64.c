/* aisid_b64.c
 * Strict base64url without padding: RFC 4648 section 5 alphabet, as JWS
 * uses it (RFC 7515 section 2 and appendix C).  Strict because a lenient
 * decoder would show a "valid" assertion that a verifier rejects: no
 * padding, no '+' or '/', no white space, no impossible length, and the
 * unused bits of the last character must be zero (RFC 4648 section 3.5).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "aisid_internal.h"

static int b64url_val(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}

uint8_t *aisid_b64url_decode(wmem_allocator_t *scope, const char *in, size_t len,
                             size_t *out_len, size_t *bad_off)
{
    size_t dummy_len, dummy_off;
    if (out_len == NULL) out_len = &dummy_len;
    if (bad_off == NULL) bad_off = &dummy_off;
    *out_len = 0;
    *bad_off = 0;
    if (in == NULL) {
        in = "";
        len = 0;
    }

    /* Validate fully before allocating anything. */
    for (size_t i = 0; i < len; i++) {
        if (b64url_val((unsigned char)in[i]) < 0) {
            *bad_off = i;
            return NULL;
        }
    }
    /* One character carries only 6 bits: not a whole octet. */
    if (len % 4 == 1) {
        *bad_off = len - 1;
        return NULL;
    }
    if (len % 4 != 0) {
        int last = b64url_val((unsigned char)in[len - 1]);
        int mask = (len % 4 == 2) ? 0x0f : 0x03;
        if (last & mask) {
            *bad_off = len - 1;
            return NULL;
        }
    }

    size_t n = len / 4 * 3 + (len % 4 ? len % 4 - 1 : 0);
    uint8_t *out = wmem_alloc(scope, n + 1);
    size_t o = 0;
    uint32_t acc = 0;
    unsigned bits = 0;
    for (size_t i = 0; i < len; i++) {
        acc = (acc << 6) | (uint32_t)b64url_val((unsigned char)in[i]);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (uint8_t)(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}
