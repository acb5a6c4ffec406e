/* fuzz_jsonl.c — the JSON Lines reader and everything after it.  The first
 * byte picks the document size limit, so the oversized-line path is reached. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    size_t max_doc = 16 + (size_t)data[0] * 64;
    fuzz_read_bytes(data + 1, size - 1, DYAD_INPUT_JSONL, max_doc);
    return 0;
}
