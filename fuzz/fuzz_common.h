/*
 * fuzz_common.h — shared by the libFuzzer targets: feeding bytes to the
 * reader through an in-memory file, and checking pipeline invariants.
 */
#ifndef DYAD_FUZZ_COMMON_H
#define DYAD_FUZZ_COMMON_H

#define _GNU_SOURCE
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static void fuzz_ignore_diag(void *ctx, const dyad_diag *d)
{
    (void)ctx;
    /* every diagnostic must carry a message */
    if (!d->message || !d->message[0]) abort();
}

/* The default dictionaries (data/, or $DYAD_DATA), loaded once by a target's LLVMFuzzerInitialize. */
static inline dyad_dict *fuzz_load_default_dict(void)
{
    const char *dir = getenv("DYAD_DATA");
    dyad_dict *d = dyad_dict_new(NULL, NULL);
    if (!d || !dyad_dict_load(d, dir ? dir : "data", NULL)) abort();
    return d;
}

static int fuzz_sink(void *ctx, const char *p, size_t n)
{
    (void)ctx;
    (void)p;
    (void)n;
    return 0;
}

/* Checks the invariants of a processed document; aborts on violation. */
static void fuzz_check_doc(const dyad_doc *d)
{
    size_t len;
    (void)dyad_doc_text(d, &len);
    const dyad_token *t = dyad_doc_tokens(d);
    size_t nt = dyad_doc_token_count(d);
    for (size_t i = 0; i < nt; i++) {
        if (t[i].start + t[i].len > len || t[i].len == 0) abort();
        if (i && t[i].start < t[i - 1].start + t[i - 1].len) abort();
        if (!t[i].norm) abort();
    }
    const dyad_sentence *s = dyad_doc_sentences(d);
    size_t ns = dyad_doc_sentence_count(d);
    for (size_t i = 0; i < ns; i++) {
        if (s[i].tok_begin >= s[i].tok_end || s[i].tok_end > nt) abort();
        if (i && s[i].tok_begin != s[i - 1].tok_end && !(t[s[i - 1].tok_end].flags & DYAD_TF_DATELINE)) abort();
        if (s[i].end > len || s[i].start > s[i].end) abort();
    }
    dyad_doc_write_annotation(d, fuzz_sink, NULL);
}

/* Reads every document from data[0..n) presented as a file of the given format. */
static void fuzz_read_bytes(const uint8_t *data, size_t n, int format, size_t max_doc)
{
    int fd = memfd_create("dyad-fuzz", 0);
    if (fd < 0) return;
    if (n && write(fd, data, n) != (ssize_t)n) { close(fd); return; }
    lseek(fd, 0, SEEK_SET);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    dyad_options *o = dyad_options_new();
    dyad_options_set_diag(o, fuzz_ignore_diag, NULL);
    dyad_options_set_input_format(o, format);
    dyad_options_set_max_doc_bytes(o, max_doc);
    const char *paths[] = {path};
    dyad_input *in = dyad_input_new(paths, 1, o, NULL);
    dyad_coder *c = dyad_coder_new(NULL, o, NULL);
    dyad_doc *d;
    while (dyad_input_next(in, &d, NULL) == 1) {
        if (dyad_coder_process(c, d, NULL)) fuzz_check_doc(d);
        dyad_doc_free(d);
    }
    dyad_coder_free(c);
    dyad_input_free(in);
    dyad_options_free(o);
    close(fd);
}

#endif
