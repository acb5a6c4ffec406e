/* fuzz_code.c — the whole coder (tokens, sentences, dictionary matches,
 * shallow parse, patterns, events, JSON writers) on arbitrary text with the
 * default dictionaries in data/ (loaded once; DYAD_DATA overrides). */
#include "fuzz_common.h"

static dyad_dict *g_dict;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    g_dict = fuzz_load_default_dict();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dyad_doc_meta meta = {.id = "fuzz", .date = size && data[0] & 1 ? "2025-03-22" : NULL};
    dyad_doc *d = dyad_doc_new((const char *)data, size, &meta, NULL);
    dyad_coder *c = dyad_coder_new(g_dict, NULL, NULL);
    if (size && data[0] & 2) dyad_coder_set_trace(c, true);
    if (d && c && dyad_coder_process(c, d, NULL)) {
        fuzz_check_doc(d);
        const dyad_event *e = dyad_doc_events(d);
        size_t len;
        (void)dyad_doc_text(d, &len);
        for (size_t i = 0; i < dyad_doc_event_count(d); i++)
            if (e[i].source_end > len || e[i].target_end > len || e[i].sentence >= dyad_doc_sentence_count(d)) abort();
        dyad_doc_write_events(d, DYAD_FORMAT_JSONL, fuzz_sink, NULL);
        dyad_doc_write_events(d, DYAD_FORMAT_TSV, fuzz_sink, NULL);
    }
    dyad_coder_free(c);
    dyad_doc_free(d);
    return 0;
}
