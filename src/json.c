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

// Writes s[0..n), n < 8, to o when no byte of it needs an escape (false otherwise): two
// overlapping loads and stores instead of a loop over the bytes of short strings (codes, ids).
static inline bool S_short_plain(const char *s, size_t n, char *o)
{
    if (n >= 4) {
        uint32_t a, z;
        memcpy(&a, s, sizeof a);
        memcpy(&z, s + n - 4, sizeof z);
        if (S_special8(a | (uint64_t)z << 32)) return false;
        memcpy(o, &a, sizeof a);
        memcpy(o + n - 4, &z, sizeof z);
        return true;
    }
    if (n >= 2) {
        uint16_t a, z;
        memcpy(&a, s, sizeof a);
        memcpy(&z, s + n - 2, sizeof z);
        if (S_special8(a | (uint64_t)z << 16 | 0x4141414100000000ull)) return false; /* 'A's: plain */
        memcpy(o, &a, sizeof a);
        memcpy(o + n - 2, &z, sizeof z);
        return true;
    }
    if (n == 1) {
        unsigned char c = (unsigned char)s[0];
        if (c < 0x20 || c == '"' || c == '\\') return false;
        o[0] = (char)c;
    }
    return true;
}

void dyad_json_str(dyad_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    /* room for the plain case (both quotes and the NUL) up front, then bytes are written in
     * place: the strings of a record are short, so the cost is in the calls, not the bytes */
    if ((b->failed || n + 3 > b->cap - b->len) && !dyad_buf_grow(b, n + 2)) return;
    char *o = b->data + b->len;
    *o++ = '"';
    size_t i = 0, plain_from = 0; /* the bytes from plain_from to i are written unchanged */
    if (n < 8 && S_short_plain(s, n, o)) {
        o += n;
        i = n;
    }
    while (i < n) {
        /* eight plain bytes at a time: most text has nothing to escape */
        uint64_t v;
        while (i + 8 <= n) {
            memcpy(&v, s + i, sizeof v);
            if (S_special8(v)) break;
            memcpy(o, &v, sizeof v);
            o += 8;
            i += 8;
        }
        /* the last bytes of a string of eight or more: the eight bytes that end it (again, in
         * part) when they are plain and no escape came in them, so no byte-by-byte tail */
        if (i + 8 > n && n >= 8 && n - 8 >= plain_from) {
            memcpy(&v, s + n - 8, sizeof v);
            if (!S_special8(v)) {
                memcpy(o - (i - (n - 8)), &v, sizeof v);
                o += n - i;
                break;
            }
        }
        size_t end = i + 8 <= n ? i + 8 : n;
        for (; i < end; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c >= 0x20 && c != '"' && c != '\\') { *o++ = (char)c; continue; }
            /* an escape takes up to 6 bytes for 1: room for it and the rest of the string */
            b->len = (size_t)(o - b->data);
            if (6 + (n - i) + 2 > b->cap - b->len && !dyad_buf_grow(b, 6 + (n - i) + 1)) return;
            o = b->data + b->len;
            plain_from = i + 1;
            switch (c) {
            case '"': *o++ = '\\'; *o++ = '"'; break;
            case '\\': *o++ = '\\'; *o++ = '\\'; break;
            case '\n': *o++ = '\\'; *o++ = 'n'; break;
            case '\r': *o++ = '\\'; *o++ = 'r'; break;
            case '\t': *o++ = '\\'; *o++ = 't'; break;
            default:
                memcpy(o, "\\u00", 4);
                o[4] = hex[c >> 4];
                o[5] = hex[c & 15];
                o += 6;
            }
        }
    }
    *o++ = '"';
    *o = '\0';
    b->len = (size_t)(o - b->data);
}

void dyad_json_cstr(dyad_buf *b, const char *s)
{
    if (!s) dyad_buf_put(b, "null", 4);
    else dyad_json_str(b, s, strlen(s));
}
