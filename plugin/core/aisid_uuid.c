/* aisid_uuid.c
 * UUIDs of RFC 9562: the textual form (section 4), variant and version
 * (sections 4.1, 4.2), nil and max (5.9, 5.10) and the timestamps of
 * versions 1, 6 and 7 (5.1, 5.6, 5.7).  REQ13 of the draft recommends a
 * globally unique identifier; a time-based UUID also tells when it was made,
 * which helps to build the timeline of REQ14.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "aisid_internal.h"

#include <string.h>

#define UUID_TEXT_LEN 36

/* 100-ns intervals between 1582-10-15 (the Gregorian epoch of RFC 9562
 * section 5.1) and 1970-01-01. */
#define GREGORIAN_TO_UNIX_100NS INT64_C(0x01B21DD213814000)

static void set_time_100ns(aisid_uuid_t *u, uint64_t ticks)
{
    int64_t t = (int64_t)ticks - GREGORIAN_TO_UNIX_100NS;
    int64_t secs = t / 10000000;
    int64_t rem = t % 10000000;
    if (rem < 0) {               /* before 1970: keep nsecs in [0, 1e9) */
        rem += 10000000;
        secs--;
    }
    u->has_time = true;
    u->time_secs = secs;
    u->time_nsecs = (int32_t)(rem * 100);
}

static void set_time(aisid_uuid_t *u)
{
    const uint8_t *b = u->bytes;

    switch (u->version) {
    case 1: {
        /* time_low (32) | time_mid (16) | ver (4) time_high (12), the
         * 60-bit count is time_high:time_mid:time_low (section 5.1). */
        uint64_t low = ((uint64_t)b[0] << 24) | ((uint64_t)b[1] << 16) |
                       ((uint64_t)b[2] << 8) | b[3];
        uint64_t mid = ((uint64_t)b[4] << 8) | b[5];
        uint64_t high = ((uint64_t)(b[6] & 0x0f) << 8) | b[7];
        set_time_100ns(u, (high << 48) | (mid << 32) | low);
        break;
    }
    case 6: {
        /* Same count, most significant bits first (section 5.6):
         * time_high (32) | time_mid (16) | ver (4) time_low (12). */
        uint64_t high = ((uint64_t)b[0] << 24) | ((uint64_t)b[1] << 16) |
                        ((uint64_t)b[2] << 8) | b[3];
        uint64_t mid = ((uint64_t)b[4] << 8) | b[5];
        uint64_t low = ((uint64_t)(b[6] & 0x0f) << 8) | b[7];
        set_time_100ns(u, (high << 28) | (mid << 12) | low);
        break;
    }
    case 7: {
        /* unix_ts_ms: 48 bits of milliseconds since 1970 (section 5.7). */
        uint64_t ms = 0;
        for (int i = 0; i < 6; i++)
            ms = (ms << 8) | b[i];
        u->has_time = true;
        u->time_secs = (int64_t)(ms / 1000);
        u->time_nsecs = (int32_t)((ms % 1000) * 1000000);
        break;
    }
    default:
        break;
    }
}

bool aisid_uuid_parse(const char *s, size_t len, aisid_uuid_t *out)
{
    memset(out, 0, sizeof *out);
    if (s == NULL || len != UUID_TEXT_LEN)
        return false;

    /* 8-4-4-4-12 hex digits, either case (RFC 9562 section 4). */
    size_t nb = 0;
    for (size_t i = 0; i < UUID_TEXT_LEN; ) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-')
                return false;
            i++;
            continue;
        }
        int hi = aisid_hex_val((unsigned char)s[i]);
        int lo = aisid_hex_val((unsigned char)s[i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out->bytes[nb++] = (uint8_t)((hi << 4) | lo);
        i += 2;
    }

    bool all0 = true, all1 = true;
    for (size_t i = 0; i < 16; i++) {
        all0 = all0 && out->bytes[i] == 0x00;
        all1 = all1 && out->bytes[i] == 0xff;
    }
    out->version = out->bytes[6] >> 4;

    if (all0)
        out->kind = AISID_UUID_NIL;
    else if (all1)
        out->kind = AISID_UUID_MAX;
    else if ((out->bytes[8] & 0xc0) != 0x80)
        /* Variant 10xx is RFC 9562's; 0xxx (NCS), 110x (Microsoft) and
         * 111x (future) give the version bits no meaning (section 4.1). */
        out->kind = AISID_UUID_OTHER_VARIANT;
    else
        out->kind = AISID_UUID_VALID;

    if (out->kind == AISID_UUID_VALID)
        set_time(out);
    return true;
}
