/* fuzz_segment.c — UTF-8 repair, the tokenizer and the segmenter on arbitrary
 * bytes, with the invariants of fuzz_check_doc (offsets inside the text,
 * tokens in order, sentences covering the tokens). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dyad_doc *d = dyad_doc_new((const char *)data, size, NULL, NULL);
    dyad_coder *c = dyad_coder_new(NULL, NULL, NULL);
    if (d && c && dyad_coder_process(c, d, NULL)) fuzz_check_doc(d);
    dyad_coder_free(c);
    dyad_doc_free(d);
    return 0;
}
