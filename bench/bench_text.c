/*
 * bench_text.c — measures the text stages of libdyad on a JSONL corpus:
 * reading + JSON parsing + UTF-8 check + tokenisation + segmentation end to
 * end, and the time spent in dyad_coder_process alone (tokenise + segment).
 *
 * Usage: bench_text CORPUS.jsonl
 * Prints: key=value pairs on one line (bytes, docs, sentences, tokens,
 * total_s, process_s, text_bytes).
 */
#include "dyad.h"

#include <stdio.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: bench_text CORPUS.jsonl\n"); return 2; }
    dyad_options *o = dyad_options_new();
    const char *paths[] = {argv[1]};
    dyad_input *in = dyad_input_new(paths, 1, o, NULL);
    dyad_coder *c = dyad_coder_new(NULL, o, NULL);
    unsigned long long docs = 0, sents = 0, toks = 0, text_bytes = 0;
    double t0 = now(), in_process = 0;
    dyad_doc *d;
    while (dyad_input_next(in, &d, NULL) == 1) {
        double a = now();
        if (!dyad_coder_process(c, d, NULL)) return 3;
        in_process += now() - a;
        size_t len;
        dyad_doc_text(d, &len);
        text_bytes += len;
        docs++;
        sents += dyad_doc_sentence_count(d);
        toks += dyad_doc_token_count(d);
        dyad_doc_free(d);
    }
    double total = now() - t0;
    printf("docs=%llu sentences=%llu tokens=%llu text_bytes=%llu total_s=%.4f process_s=%.4f\n", docs, sents,
           toks, text_bytes, total, in_process);
    dyad_coder_free(c);
    dyad_input_free(in);
    dyad_options_free(o);
    return 0;
}
