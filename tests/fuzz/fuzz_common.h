/* fuzz_common.h
 * Shared by the fuzz targets fuzz_<name>.c, one per entry point of the
 * epan-free core.  Each target defines LLVMFuzzerTestOneInput(); built with
 * clang and -fsanitize=fuzzer it is a libFuzzer target, built with
 * -DAISID_FUZZ_STANDALONE (any compiler) it gets the main() below, which
 * replays files or directories of inputs, so CTest replays every corpus in
 * a gcc build too.
 *
 * Inputs are passed as they come, in a buffer of exactly their size and
 * without a NUL after them: a parser that reads past len is caught by
 * ASan (fuzzing) or valgrind (replay).  FUZZ_CHECK() turns a broken
 * contract of the API (a span outside the input, ...) into an abort, so the
 * fuzzer reports it like a crash.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef AISID_FUZZ_COMMON_H
#define AISID_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "aisid_core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Keeps results observable so nothing is optimised away. */
static volatile size_t fuzz_sink;

#define FUZZ_CHECK(cond)                                                    \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "%s:%d: contract broken: %s\n", __FILE__,      \
                    __LINE__, #cond);                                       \
            abort();                                                        \
        }                                                                   \
    } while (0)

static inline void fuzz_init(void)
{
    static bool inited;
    if (!inited) {
        wmem_init();
        inited = true;
    }
}

/* Reads every byte of a span, so ASan sees a span that is not all inside
 * live memory. */
static inline void fuzz_touch(aisid_span_t s)
{
    if (s.ptr == NULL)
        return;
    size_t acc = 0;
    for (size_t i = 0; i < s.len; i++)
        acc += (unsigned char)s.ptr[i];
    fuzz_sink += acc;
}

/* A span the parser says points into buf[0..len) must do so. */
static inline void fuzz_in(aisid_span_t s, const char *buf, size_t len)
{
    if (s.ptr == NULL)
        return;
    FUZZ_CHECK(s.ptr >= buf && s.len <= len && (size_t)(s.ptr - buf) <= len - s.len);
    fuzz_touch(s);
}

static inline void fuzz_str(const char *s)
{
    if (s != NULL)
        fuzz_sink += strlen(s);
}

/* Splits the input at its first '\n' (for targets that take two inputs):
 * *first is what comes before it, *rest what follows (empty without one). */
static inline void fuzz_split_line(const char *buf, size_t len,
                                   aisid_span_t *first, aisid_span_t *rest)
{
    const char *nl = memchr(buf, '\n', len);
    size_t n = nl ? (size_t)(nl - buf) : len;
    *first = (aisid_span_t){ buf, n };
    *rest = nl ? (aisid_span_t){ nl + 1, len - n - 1 } : (aisid_span_t){ buf + len, 0 };
}

#ifdef AISID_FUZZ_STANDALONE

static int fuzz_run_file(const char *path)
{
    gchar *contents = NULL;
    gsize len = 0;
    GError *err = NULL;
    if (!g_file_get_contents(path, &contents, &len, &err)) {
        fprintf(stderr, "%s: %s\n", path, err->message);
        g_error_free(err);
        return 1;
    }
    /* Exactly len bytes: no NUL after the input. */
    uint8_t *exact = g_malloc(len ? len : 1);
    memcpy(exact, contents, len);
    g_free(contents);
    LLVMFuzzerTestOneInput(exact, len);
    g_free(exact);
    return 0;
}

int main(int argc, char **argv)
{
    int failures = 0, runs = 0;
    for (int i = 1; i < argc; i++) {
        if (g_file_test(argv[i], G_FILE_TEST_IS_DIR)) {
            GError *err = NULL;
            GDir *dir = g_dir_open(argv[i], 0, &err);
            if (dir == NULL) {
                fprintf(stderr, "%s: %s\n", argv[i], err->message);
                g_error_free(err);
                failures++;
                continue;
            }
            const gchar *name;
            while ((name = g_dir_read_name(dir)) != NULL) {
                gchar *path = g_build_filename(argv[i], name, NULL);
                if (g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
                    failures += fuzz_run_file(path);
                    runs++;
                }
                g_free(path);
            }
            g_dir_close(dir);
        } else {
            failures += fuzz_run_file(argv[i]);
            runs++;
        }
    }
    printf("ran %d inputs, %d unreadable\n", runs, failures);
    return failures == 0 && runs > 0 ? 0 : 1;
}

#endif /* AISID_FUZZ_STANDALONE */

#endif /* AISID_FUZZ_COMMON_H */
