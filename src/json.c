/*
 * json.c — writing JSON string literals (RFC 8259).  Output is always valid
 * UTF-8 JSON: input reaching here has been repaired by utf8.c, and control
 * characters are escaped.  Reading JSON is done with cJSON (reader.c).
 */
#include "internal.h"

// True when one of the 8 bytes of v is a control character, '"' or '\\' (may be true for a
// byte after such a byte too: a borrow; the caller then looks at the bytes one by one).
static inline bool S_special8(uint64_t v)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    uint64_t q = v ^ (ones * '"'), bs = v ^ (ones * '\\');
    return (((v - ones * 0x20) | (q - ones) | (bs - ones)) & ~v & high) != 0;
}

void dyad_json_str(dyad_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    dyad_buf_grow(b, n + 2);
    dyad_buf_putc(b, '"');
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        /* eight plain bytes at a time: most text has nothing to escape */
        while (i + 8 <= n) {
            uint64_t v;
            memcpy(&v, s + i, sizeof v);
            if (S_special8(v)) break;
            i += 8;
        }
        if (i >= n) break;
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        dyad_buf_put(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': dyad_buf_put(b, "\\\"", 2); break;
        case '\\': dyad_buf_put(b, "\\\\", 2); break;
        case '\n': dyad_buf_put(b, "\\n", 2); break;
        case '\r': dyad_buf_put(b, "\\r", 2); break;
        case '\t': dyad_buf_put(b, "\\t", 2); break;
        default: {
            char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            dyad_buf_put(b, esc, 6);
        }
        }
    }
    dyad_buf_put(b, s + run, n - run);
    dyad_buf_putc(b, '"');
}

void dyad_json_cstr(dyad_buf *b, const char *s)
{
    if (!s) dyad_buf_put(b, "null", 4);
    else dyad_json_str(b, s, strlen(s));
}
