/* fuzz_gzip.c — the gzip path.  The input is compressed, then damaged as its
 * first bytes say (truncated, or one byte flipped), and read as JSONL or text,
 * so both corrupt streams and valid ones with arbitrary content are covered. */
#include "fuzz_common.h"

#include <zlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4) return 0;
    uint8_t mode = data[0];
    size_t cut = (size_t)data[1] << 4;
    uint8_t flip_at = data[2], flip = data[3];
    data += 4;
    size -= 4;
    uLongf cap = compressBound((uLong)size) + 32;
    uint8_t *gz = malloc(cap);
    if (!gz) return 0;
    /* gzip framing via deflateInit2 with windowBits 31 */
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (deflateInit2(&zs, (mode & 8) ? 9 : 1, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK) { free(gz); return 0; }
    zs.next_in = (Bytef *)(uintptr_t)data;
    zs.avail_in = (uInt)size;
    zs.next_out = gz;
    zs.avail_out = (uInt)cap;
    int rc = deflate(&zs, Z_FINISH);
    size_t n = zs.total_out;
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) { free(gz); return 0; }
    if ((mode & 1) && cut < n) n = cut;              /* truncated stream */
    if ((mode & 2) && n) gz[flip_at % n] ^= flip;     /* corrupted byte */
    if ((mode & 4) && n > 1) {                        /* concatenated second member: the same again */
        fuzz_read_bytes(gz, n, DYAD_INPUT_JSONL, 4096);
    }
    fuzz_read_bytes(gz, n, (mode & 16) ? DYAD_INPUT_TEXT : DYAD_INPUT_JSONL, 1u << 20);
    free(gz);
    return 0;
}
