/*
 * utf8.c — UTF-8 decoding, validation and repair (RFC 3629).
 *
 * Repair replaces each maximal invalid subsequence with U+FFFD (the Unicode
 * "substitution of maximal subparts" practice) and NUL/C0 control bytes other
 * than tab, LF, CR, VT and FF with a space, so later stages can rely on valid,
 * printable UTF-8.  Clean text (the common case) is only scanned, never copied.
 */
#include "internal.h"

int32_t dyad_utf8_decode(const unsigned char *s, size_t n, int *clen)
{
    *clen = 1;
    if (n == 0) return -1;
    unsigned c = s[0];
    if (c < 0x80) return (int32_t)c;
    if (c < 0xC2) return -1;
    if (c < 0xE0) {
        if (n < 2 || (s[1] & 0xC0) != 0x80) return -1;
        *clen = 2;
        return (int32_t)(((c & 0x1F) << 6) | (s[1] & 0x3F));
    }
    if (c < 0xF0) {
        if (n < 2 || (s[1] & 0xC0) != 0x80) return -1;
        if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F)) return -1;
        if (n < 3 || (s[2] & 0xC0) != 0x80) { *clen = 2; return -1; }
        *clen = 3;
        return (int32_t)(((c & 0x0F) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3F));
    }
    if (c < 0xF5) {
        if (n < 2 || (s[1] & 0xC0) != 0x80) return -1;
        if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F)) return -1;
        if (n < 3 || (s[2] & 0xC0) != 0x80) { *clen = 2; return -1; }
        if (n < 4 || (s[3] & 0xC0) != 0x80) { *clen = 3; return -1; }
        *clen = 4;
        return (int32_t)(((c & 0x07) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) |
                         (s[3] & 0x3F));
    }
    return -1;
}

int dyad_utf8_encode(int32_t cp, char out[4])
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

// Returns true for a byte that is a control to be replaced (NUL, C0 except \t \n \v \f \r, DEL).
static inline bool S_is_bad_control(unsigned char c)
{
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r') || c == 0x7F;
}

// Returns the offset of the first byte that needs repair, or len when the text is clean.
static size_t S_first_problem(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        /* fast path: 8 ASCII bytes without controls at a time */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            uint64_t hi = w & 0x8080808080808080ULL;
            /* a byte < 0x20 has (b - 0x20) borrow into bit 7 when b's bit 7 is 0 */
            uint64_t low = (w - 0x2020202020202020ULL) & ~w & 0x8080808080808080ULL;
            uint64_t del = ((w ^ 0x7F7F7F7F7F7F7F7FULL) - 0x0101010101010101ULL) & ~(w ^ 0x7F7F7F7F7F7F7F7FULL) & 0x8080808080808080ULL;
            if (hi | low | del) break;
            i += 8;
        }
        if (i >= len) break;
        unsigned char c = s[i];
        if (c < 0x80) {
            if (S_is_bad_control(c)) return i;
            i++;
            continue;
        }
        int clen;
        if (dyad_utf8_decode(s + i, len - i, &clen) < 0) return i;
        i += (size_t)clen;
    }
    return len;
}

size_t dyad_utf8_repair(const char *text, size_t len, dyad_buf *out, size_t *invalid,
                        size_t *control)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t first = S_first_problem(s, len);
    *invalid = *control = 0;
    if (first == len) return 0;
    dyad_buf_clear(out);
    dyad_buf_grow(out, len + len / 8 + 16);
    dyad_buf_put(out, text, first);
    size_t i = first;
    while (i < len) {
        size_t ok = S_first_problem(s + i, len - i);
        dyad_buf_put(out, text + i, ok);
        i += ok;
        if (i >= len) break;
        if (s[i] < 0x80) {
            dyad_buf_putc(out, ' ');
            (*control)++;
            i++;
        } else {
            int clen;
            (void)dyad_utf8_decode(s + i, len - i, &clen);
            dyad_buf_put(out, "\xEF\xBF\xBD", 3);
            (*invalid)++;
            i += (size_t)clen;
        }
    }
    return *invalid + *control;
}

bool dyad_looks_binary(const char *p, size_t n)
{
    const unsigned char *s = (const unsigned char *)p;
    if (n > 4096) n = 4096;
    if (n == 0) return false;
    size_t bad = 0, nul = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] == 0) { nul++; bad++; i++; continue; }
        if (s[i] < 0x80) { bad += S_is_bad_control(s[i]); i++; continue; }
        int clen;
        if (dyad_utf8_decode(s + i, n - i, &clen) < 0) {
            /* a sequence cut by the 4 KiB window is not evidence */
            if (i + 4 < n) bad++;
        }
        i += (size_t)clen;
    }
    /* text with stray NULs or Latin-1 letters is repaired; images, PDFs and
     * executables are full of NULs and invalid sequences */
    return (nul >= 4 && nul * 20 > n) || (bad >= 16 && bad * 4 > n);
}
