/* fuzz_places.c — the place module (src/places.c) on arbitrary text with the default dictionaries
 * in data/ (loaded once; DYAD_DATA overrides): the text is tokenised and segmented through the
 * public API, then places_scan reads each sentence and the whole token array, and places_lookup
 * the start of the input.  The first byte picks the document's countries and the output size. */
#include "fuzz_common.h"
#include "context.h"

static dyad_dict *g_dict;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    g_dict = fuzz_load_default_dict();
    return 0;
}

/* Aborts unless the n references of out are in token order, inside [0, ntoks) and name real places. */
static void check_refs(const place_ref *out, size_t n, size_t max, size_t ntoks)
{
    if (n > max) abort();
    for (size_t i = 0; i < n; i++) {
        if (out[i].tb >= out[i].te || out[i].te > ntoks) abort();
        if (out[i].place >= g_dict->places.n) abort();
        if (i && out[i].tb < out[i - 1].te) abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const all[] = {"USA", "RUS", "UKR", "FRA", "GEO", "KOR", NULL, "XX"};
    uint8_t opt = size ? data[0] : 0;
    const char *countries[4];
    size_t nc = opt & 3;
    for (size_t i = 0; i < nc; i++) countries[i] = all[(opt >> (2 + i)) & 7];
    size_t max = 1 + (opt >> 5);
    place_ref out[8];

    /* a coder without dictionaries only repairs, tokenises and segments: fast */
    dyad_doc *d = dyad_doc_new((const char *)data, size, NULL, NULL);
    dyad_coder *c = dyad_coder_new(NULL, NULL, NULL);
    if (d && c && dyad_coder_process(c, d, NULL)) {
        const dyad_token *t = dyad_doc_tokens(d);
        size_t nt = dyad_doc_token_count(d);
        const dyad_sentence *s = dyad_doc_sentences(d);
        for (size_t i = 0; i < dyad_doc_sentence_count(d); i++) {
            uint32_t n = s[i].tok_end - s[i].tok_begin;
            check_refs(out, places_scan(g_dict, t + s[i].tok_begin, n, countries, nc, out, max), max, n);
        }
        if (nt <= UINT32_MAX) check_refs(out, places_scan(g_dict, t, (uint32_t)nt, countries, nc, out, max), max, nt);
    }
    dyad_coder_free(c);
    dyad_doc_free(d);

    /* a dateline's place: the first line, and the whole input */
    size_t line = 0;
    while (line < size && data[line] != '\n') line++;
    int64_t p = places_lookup(g_dict, (const char *)data, line, countries, nc);
    if (p < -1 || p >= (int64_t)g_dict->places.n) abort();
    p = places_lookup(g_dict, (const char *)data, size, countries, nc);
    if (p < -1 || p >= (int64_t)g_dict->places.n) abort();
    if (places_scan(NULL, NULL, 0, NULL, 0, out, 8) || places_lookup(NULL, NULL, 0, NULL, 0) != -1) abort();
    return 0;
}
