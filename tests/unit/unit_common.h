/* unit_common.h
 * Helpers shared by the aisid_core unit tests.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef AISID_UNIT_COMMON_H
#define AISID_UNIT_COMMON_H

#include <string.h>

#include <glib.h>

#include "aisid_core.h"

/* Checks a span against a string; NULL expects an absent span. */
#define assert_span(span, expected) \
    assert_span_impl((span), (expected), #span, __FILE__, __LINE__)

static inline void assert_span_impl(aisid_span_t s, const char *expected,
                                    const char *what, const char *file, int line)
{
    if (expected == NULL) {
        if (s.ptr != NULL)
            g_error("%s:%d: %s: expected absent, got \"%.*s\"", file, line,
                    what, (int)s.len, s.ptr);
        return;
    }
    if (s.ptr == NULL)
        g_error("%s:%d: %s: expected \"%s\", got absent", file, line, what,
                expected);
    if (s.len != strlen(expected) || memcmp(s.ptr, expected, s.len) != 0)
        g_error("%s:%d: %s: expected \"%s\", got \"%.*s\"", file, line, what,
                expected, (int)s.len, s.ptr);
}

/* A heap copy of exactly len bytes, without a NUL after them, so that
 * AddressSanitizer / valgrind catch a read past the end. */
static inline char *exact_copy(const char *s, size_t len)
{
    char *p = g_malloc(len ? len : 1);
    memcpy(p, s, len);
    return p;
}

#endif /* AISID_UNIT_COMMON_H */
