/*
 * harness.h — a tiny test harness (after cmark's api_test/harness.h).
 * Each check prints nothing when it passes and a line with file:line when
 * it fails; main() prints "unit: N passed, M failed".
 */
#ifndef DYAD_TEST_HARNESS_H
#define DYAD_TEST_HARNESS_H

#include <stdio.h>
#include <string.h>

static int g_passed, g_failed;
static const char *g_case = "";

#define CHECK(cond)                                                                   \
    do {                                                                              \
        if (cond) g_passed++;                                                         \
        else {                                                                        \
            g_failed++;                                                               \
            fprintf(stderr, "FAIL %s:%d [%s]: %s\n", __FILE__, __LINE__, g_case, #cond); \
        }                                                                             \
    } while (0)

#define CHECK_STR(got, want)                                                          \
    do {                                                                              \
        const char *g_ = (got), *w_ = (want);                                         \
        if (g_ && w_ && strcmp(g_, w_) == 0) g_passed++;                              \
        else {                                                                        \
            g_failed++;                                                               \
            fprintf(stderr, "FAIL %s:%d [%s]: %s\n   got:  %s\n   want: %s\n", __FILE__, \
                    __LINE__, g_case, #got, g_ ? g_ : "(null)", w_ ? w_ : "(null)");  \
        }                                                                             \
    } while (0)

#endif
