/* fuzz_quotes.c — quotes_scan (src/quotes.c) on the tokens and sentences of arbitrary
 * text, with the invariants of its results: byte and token ranges inside the document,
 * tb <= te, the speaker phrase outside the quotation, sentences in range and in order,
 * same_as pointing back, and the `max` limit obeyed (the first byte picks a small max). */
#include "fuzz_common.h"
#include "context.h"

// Aborts when a result breaks quotes_scan's contract.
static void check_quotes(const quote_ref *q, size_t n, size_t max, size_t len, size_t nt, size_t ns)
{
    if (n > max) abort();
    for (size_t i = 0; i < n; i++) {
        const quote_ref *r = &q[i];
        if (r->start > r->end || r->end > len) abort();
        if (r->tb > r->te || r->te > nt) abort();
        if (r->spk_b > r->spk_e || r->spk_e > nt) abort();
        if (r->spk_b < r->spk_e && r->spk_b < r->te && r->spk_e > r->tb) abort();
        if (r->sent_first > r->sent_last || r->sent_last >= ns) abort();
        if (r->same_as < -1 || r->same_as >= (int32_t)i) abort();
        if (r->verb != UINT32_MAX && r->verb >= nt) abort();
        if (i && (r->tb < q[i - 1].te || r->sent_first < q[i - 1].sent_first)) abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dyad_doc *d = dyad_doc_new((const char *)data, size, NULL, NULL);
    dyad_coder *c = dyad_coder_new(NULL, NULL, NULL);
    if (d && c && dyad_coder_process(c, d, NULL)) {
        size_t len, nt = dyad_doc_token_count(d), ns = dyad_doc_sentence_count(d);
        const char *text = dyad_doc_text(d, &len);
        quote_ref q[256];
        size_t max = size && (data[0] & 1) ? (size_t)(data[0] >> 5) : 256;
        size_t n = quotes_scan(text, dyad_doc_tokens(d), nt, dyad_doc_sentences(d), ns, q, max);
        check_quotes(q, n, max, len, nt, ns);
    }
    dyad_coder_free(c);
    dyad_doc_free(d);
    return 0;
}
