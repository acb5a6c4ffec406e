/*
 * reader.c — the input stage: a stream of documents from files, directories,
 * JSON Lines and stdin, any of them gzip-compressed.
 *
 * Everything is read through zlib's gzread, which passes uncompressed input
 * through unchanged, so one code path serves .txt, .jsonl, .gz and pipes.
 * Memory is bounded by the largest accepted document (max_doc_bytes): longer
 * JSON lines and files are skipped while being drained, never held whole.
 * Directories are walked depth-first with entries sorted by byte order, so
 * the order of documents (and of output) does not depend on the file system.
 * JSON is parsed with cJSON, but for the common line (a flat object of plain strings),
 * which a fast path reads the same way (S_flat_object).
 */
#include "internal.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define CHUNK (256u << 10)

typedef enum { SRC_NONE, SRC_TEXT, SRC_JSONL } src_kind;

struct dyad_input {
    dyad_options opts;
    const dyad_alloc *alloc;
    char **stack;         /* paths still to open, used as a stack (last = next) */
    size_t nstack, capstack;
    /* the open source */
    gzFile gz;
    char *name;
    src_kind kind;
    uint64_t line;        /* lines consumed so far in a JSONL source */
    bool eof;
    bool failed;          /* the stream ended with a read or gzip error (already reported) */
    char *chunk;          /* read buffer */
    size_t chunk_len, chunk_pos;
    dyad_buf linebuf;
    uint64_t docs, skipped;
};

/* MARK: path stack */

// Pushes a copy of path; false when out of memory.
static bool S_push_path(dyad_input *in, const char *path)
{
    if (in->nstack == in->capstack) {
        size_t cap = in->capstack ? in->capstack * 2 : 16;
        char **s = dyad__realloc(in->alloc, in->stack, cap * sizeof *s);
        if (!s) return false;
        in->stack = s;
        in->capstack = cap;
    }
    char *p = dyad__strdup(in->alloc, path);
    if (!p) return false;
    in->stack[in->nstack++] = p;
    return true;
}

static int S_cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

// Reports a skipped input.
static void S_skip(dyad_input *in, int code, const char *file, uint64_t line, const char *fmt,
                   const char *arg)
{
    in->skipped++;
    dyad__diag(&in->opts, DYAD_SKIPPED, code, file, line, NULL, fmt, arg);
}

// Pushes the sorted entries of a directory (so they pop in order); false only when out of memory.
static bool S_expand_dir(dyad_input *in, const char *path)
{
    DIR *dir = opendir(path);
    if (!dir) {
        S_skip(in, DYAD_ERR_IO, path, 0, "cannot open directory: %s", strerror(errno));
        return true;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    bool ok = true;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.') continue; /* ".", "..", hidden files */
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = dyad__realloc(in->alloc, names, cap * sizeof *nn);
            if (!nn) { ok = false; break; }
            names = nn;
        }
        size_t plen = strlen(path), elen = strlen(e->d_name);
        char *full = dyad__malloc(in->alloc, plen + elen + 2);
        if (!full) { ok = false; break; }
        memcpy(full, path, plen);
        size_t k = plen;
        if (k && full[k - 1] != '/') full[k++] = '/';
        memcpy(full + k, e->d_name, elen + 1);
        names[n++] = full;
    }
    closedir(dir);
    if (ok && n) qsort(names, n, sizeof *names, S_cmp_names);
    for (size_t i = n; ok && i > 0; i--) ok = S_push_path(in, names[i - 1]);
    for (size_t i = 0; i < n; i++) dyad__free(in->alloc, names[i]);
    dyad__free(in->alloc, names);
    return ok;
}

/* MARK: lifecycle */

dyad_input *dyad_input_new(const char *const *paths, size_t npaths, const dyad_options *opts,
                           dyad_error *err)
{
    const dyad_alloc *a = opts ? &opts->alloc : dyad__default_alloc();
    dyad_input *in = dyad__malloc(a, sizeof *in);
    if (!in) goto oom;
    memset(in, 0, sizeof *in);
    if (opts) in->opts = *opts;
    else {
        in->opts.alloc = *a;
        in->opts.max_doc_bytes = DYAD_DEFAULT_MAX_DOC;
    }
    in->alloc = &in->opts.alloc;
    dyad_buf_init(&in->linebuf, in->alloc);
    in->chunk = dyad__malloc(in->alloc, CHUNK);
    if (!in->chunk) goto oom_in;
    for (size_t i = npaths; i > 0; i--)
        if (!S_push_path(in, paths[i - 1])) goto oom_in;
    return in;
oom_in:
    dyad_input_free(in);
oom:
    dyad__set_error(err, DYAD_ERR_NOMEM, 0, "allocating the input reader");
    return NULL;
}

// Closes the open source, reporting a truncated or corrupt gzip stream.
static void S_close(dyad_input *in)
{
    if (in->gz) gzclose(in->gz);
    in->gz = NULL;
    dyad__free(in->alloc, in->name);
    in->name = NULL;
    in->kind = SRC_NONE;
}

void dyad_input_free(dyad_input *in)
{
    if (!in) return;
    S_close(in);
    for (size_t i = 0; i < in->nstack; i++) dyad__free(in->alloc, in->stack[i]);
    dyad__free(in->alloc, in->stack);
    dyad__free(in->alloc, in->chunk);
    dyad_buf_free(&in->linebuf);
    dyad_alloc a = in->opts.alloc;
    dyad__free(&a, in);
}

uint64_t dyad_input_docs(const dyad_input *in) { return in ? in->docs : 0; }
uint64_t dyad_input_skipped(const dyad_input *in) { return in ? in->skipped : 0; }

/* MARK: reading */

// Fills the chunk buffer; returns false at end of stream or on error (reported).
static bool S_fill(dyad_input *in)
{
    if (in->eof) return false;
    int n = gzread(in->gz, in->chunk, CHUNK);
    if (n > 0) {
        in->chunk_len = (size_t)n;
        in->chunk_pos = 0;
        return true;
    }
    in->eof = true;
    int errnum = 0;
    const char *msg = gzerror(in->gz, &errnum);
    if (n < 0 || (errnum != Z_OK && errnum != Z_STREAM_END)) {
        in->failed = true;
        in->skipped++;
        dyad__diag(&in->opts, DYAD_SKIPPED, errnum == Z_ERRNO ? DYAD_ERR_IO : DYAD_ERR_GZIP,
                   in->name, in->kind == SRC_JSONL ? in->line + 1 : 0, NULL,
                   "%s; the rest of the file is skipped",
                   errnum == Z_ERRNO ? strerror(errno) : (msg && *msg ? msg : "read error"));
    }
    return false;
}

// True when name[0..n) ends with suffix.
static bool S_ends_with(const char *name, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && memcmp(name + n - k, suffix, k) == 0;
}

// Decides the kind of a named file from its extension (".gz" looked through).
static src_kind S_kind_of(const dyad_input *in, const char *name)
{
    if (in->opts.input_format == DYAD_INPUT_TEXT) return SRC_TEXT;
    if (in->opts.input_format == DYAD_INPUT_JSONL) return SRC_JSONL;
    size_t n = strlen(name);
    if (S_ends_with(name, n, ".gz")) n -= 3;
    if (S_ends_with(name, n, ".jsonl") || S_ends_with(name, n, ".ndjson") || S_ends_with(name, n, ".json"))
        return SRC_JSONL;
    return SRC_TEXT;
}

// Opens the next path from the stack as the current source; false when none is left (or OOM: *oom).
static bool S_open_next(dyad_input *in, bool *oom)
{
    while (in->nstack) {
        char *path = in->stack[--in->nstack];
        bool is_stdin = strcmp(path, "-") == 0;
        if (!is_stdin) {
            struct stat st;
            if (stat(path, &st) != 0) {
                S_skip(in, DYAD_ERR_IO, path, 0, "cannot open: %s", strerror(errno));
                dyad__free(in->alloc, path);
                continue;
            }
            if (S_ISDIR(st.st_mode)) {
                bool ok = S_expand_dir(in, path);
                dyad__free(in->alloc, path);
                if (!ok) { *oom = true; return false; }
                continue;
            }
        }
        gzFile gz = is_stdin ? gzdopen(dup(0), "rb") : gzopen(path, "rb");
        if (!gz) {
            S_skip(in, DYAD_ERR_IO, path, 0, "cannot open: %s", errno ? strerror(errno) : "out of memory");
            dyad__free(in->alloc, path);
            continue;
        }
        gzbuffer(gz, 128u << 10);
        in->gz = gz;
        in->name = path;
        in->eof = false;
        in->failed = false;
        in->line = 0;
        in->chunk_len = in->chunk_pos = 0;
        in->kind = is_stdin ? SRC_NONE : S_kind_of(in, path);
        if (is_stdin && in->opts.input_format != DYAD_INPUT_AUTO)
            in->kind = in->opts.input_format == DYAD_INPUT_JSONL ? SRC_JSONL : SRC_TEXT;
        return true;
    }
    return false;
}

// Sniffs stdin: JSONL when the first non-blank byte is '{'.
static void S_sniff(dyad_input *in)
{
    in->kind = SRC_TEXT;
    while (in->chunk_pos < in->chunk_len || S_fill(in)) {
        const char *p = in->chunk + in->chunk_pos;
        size_t n = in->chunk_len - in->chunk_pos;
        for (size_t i = 0; i < n; i++) {
            if (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n') continue;
            if (p[i] == '{') in->kind = SRC_JSONL;
            return;
        }
        /* all blank: keep it (it is part of a text document) and look further */
        if (in->kind == SRC_TEXT && n) return;
    }
}

/* MARK: plain text documents */

// Reads the whole current source as one text document; returns 1, 0 (skipped) or -1 (OOM).
static int S_read_text(dyad_input *in, dyad_doc **out, dyad_error *err)
{
    dyad_buf *b = &in->linebuf;
    dyad_buf_clear(b);
    bool too_large = false;
    while (in->chunk_pos < in->chunk_len || S_fill(in)) {
        size_t n = in->chunk_len - in->chunk_pos;
        if (!too_large && b->len + n > in->opts.max_doc_bytes) too_large = true;
        if (!too_large) dyad_buf_put(b, in->chunk + in->chunk_pos, n);
        in->chunk_pos = in->chunk_len;
        if (b->failed) { dyad__set_error(err, DYAD_ERR_NOMEM, 0, "reading %s", in->name); return -1; }
    }
    if (in->failed) return 0; /* reported by S_fill */
    if (too_large) {
        char lim[64];
        snprintf(lim, sizeof lim, "%zu", in->opts.max_doc_bytes);
        S_skip(in, DYAD_ERR_TOO_LARGE, in->name, 0, "document larger than the limit of %s bytes (--max-doc-size); skipped", lim);
        return 0;
    }
    if (dyad_looks_binary(b->data ? b->data : "", b->len)) {
        S_skip(in, DYAD_ERR_BINARY, in->name, 0, "%s", "binary file, not text; skipped");
        return 0;
    }
    size_t k = 0;
    while (k < b->len && (unsigned char)b->data[k] <= ' ') k++;
    if (k == b->len) {
        S_skip(in, DYAD_ERR_EMPTY, in->name, 0, "%s", "empty document; skipped");
        return 0;
    }
    dyad_doc_meta meta = {.id = in->name};
    dyad_doc *d = dyad_doc_new(b->data, b->len, &meta, err);
    if (!d || !dyad__doc_set_origin(d, in->name, 0)) { dyad_doc_free(d); return -1; }
    *out = d;
    return 1;
}

/* MARK: JSON Lines documents */

// Returns a string member of obj, or NULL; numbers are formatted into num.
static const char *S_member(const cJSON *obj, const char *key, char num[32])
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (cJSON_IsString(v)) return v->valuestring;
    if (cJSON_IsNumber(v) && num) {
        double x = v->valuedouble;
        if (x == (double)(long long)x) snprintf(num, 32, "%lld", (long long)x);
        else snprintf(num, 32, "%.17g", x);
        return num;
    }
    return NULL;
}

// Normalises a date member to YYYY-MM-DD (ISO timestamps are cut); returns NULL when invalid.
static const char *S_date(const char *s, char out[11])
{
    if (!s) return NULL;
    size_t n = strlen(s);
    if (n < 10 || !dyad__valid_date(s, 10) || (n > 10 && s[10] != 'T' && s[10] != ' ')) return NULL;
    memcpy(out, s, 10);
    out[10] = '\0';
    return out;
}

/* The members a document is made of (S_member), in this order in S_flat_keys and meta. */
enum { F_TEXT, F_ID, F_DATE, F_TITLE, F_URL, F_SOURCE, NFIELDS };
static const char *const S_flat_keys[NFIELDS] = {"text", "id", "date", "title", "url", "source"};

// True when one of the 8 bytes of v is a control byte, '"' or '\\' (or, by a borrow, a byte
// after one: the caller then looks byte by byte).
static inline bool S_special8(uint64_t v)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    uint64_t q = v ^ (ones * '"'), bs = v ^ (ones * '\\');
    return (((v - ones * 0x20) | (q - ones) | (bs - ones)) & ~v & high) != 0;
}

// The index of the closing quote of the JSON string whose body starts at s[i], or 0 when the
// string has what the fast path leaves to cJSON: a control byte (cJSON keeps it, and a NUL
// would cut the string), a \u escape, an escape cJSON rejects, no end.  *esc: it has escapes.
static size_t S_flat_string(const char *s, size_t len, size_t i, bool *esc)
{
    for (;;) {
        while (i + 8 <= len) {
            uint64_t v;
            memcpy(&v, s + i, sizeof v);
            if (S_special8(v)) break;
            i += 8;
        }
        if (i >= len) return 0;
        unsigned char c = (unsigned char)s[i];
        if (c == '"') return i;
        if (c < 0x20) return 0;
        if (c == '\\') {
            if (i + 1 >= len) return 0;
            char e = s[i + 1];
            if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't') return 0;
            *esc = true;
            i += 2;
            continue;
        }
        i++;
    }
}

// JSON whitespace the fast path takes (cJSON skips every byte up to ' ').
static size_t S_flat_ws(const char *s, size_t len, size_t i)
{
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) i++;
    return i;
}

// Decodes the JSON string body s[b..e) (escapes as cJSON reads them) in place and ends it with a NUL;
// the plain runs between escapes move as blocks.
static void S_flat_decode(char *s, size_t b, size_t e)
{
    size_t o = b, i = b;
    for (;;) {
        const char *p = memchr(s + i, '\\', e - i);
        size_t run = p ? (size_t)(p - (s + i)) : e - i;
        if (o != i) memmove(s + o, s + i, run);
        o += run;
        i += run;
        if (!p) break;
        char c = s[i + 1];
        switch (c) {
        case 'b': c = '\b'; break;
        case 'f': c = '\f'; break;
        case 'n': c = '\n'; break;
        case 'r': c = '\r'; break;
        case 't': c = '\t'; break;
        default: break; /* '"', '\\', '/' stand for themselves */
        }
        s[o++] = c;
        i += 2;
    }
    s[o] = '\0';
}

// The fast path for the common line, one object whose members are all strings without \u
// escapes or control bytes, nothing after it: cJSON would read the same object (the first
// member of a name is the one S_member finds), so vals get what S_member would return, decoded
// in place in line.  False, line untouched, for any other line: cJSON reads it, and reports
// what is wrong with it.
static bool S_flat_object(char *line, size_t len, const char *vals[NFIELDS])
{
    size_t vb[NFIELDS], ve[NFIELDS];
    bool vesc[NFIELDS], seen[NFIELDS] = {false};
    if (len == 0 || line[0] != '{') return false;
    size_t i = S_flat_ws(line, len, 1);
    if (i < len && line[i] == '}') return false; /* {} is rare: cJSON */
    for (;;) {
        if (i >= len || line[i] != '"') return false;
        bool kesc = false, esc = false;
        size_t kb = i + 1, ke = S_flat_string(line, len, kb, &kesc);
        if (!ke || kesc) return false;
        i = S_flat_ws(line, len, ke + 1);
        if (i >= len || line[i] != ':') return false;
        i = S_flat_ws(line, len, i + 1);
        if (i >= len || line[i] != '"') return false;
        size_t b = i + 1, e = S_flat_string(line, len, b, &esc);
        if (!e) return false;
        for (int k = 0; k < NFIELDS; k++) {
            if (seen[k] || strlen(S_flat_keys[k]) != ke - kb || memcmp(S_flat_keys[k], line + kb, ke - kb) != 0) continue;
            seen[k] = true;
            vb[k] = b;
            ve[k] = e;
            vesc[k] = esc;
            break;
        }
        i = S_flat_ws(line, len, e + 1);
        if (i < len && line[i] == ',') {
            i = S_flat_ws(line, len, i + 1);
            continue;
        }
        if (i < len && line[i] == '}') break;
        return false;
    }
    if (S_flat_ws(line, len, i + 1) != len) return false;
    for (int k = 0; k < NFIELDS; k++) {
        vals[k] = NULL;
        if (!seen[k]) continue;
        if (vesc[k]) S_flat_decode(line, vb[k], ve[k]);
        else line[ve[k]] = '\0';
        vals[k] = line + vb[k];
    }
    return true;
}

// Makes the document of the members read from a line (vals[F_TEXT] not NULL); returns 1 or -1 (OOM).
static int S_line_doc(dyad_input *in, const char *vals[NFIELDS], dyad_doc **out, dyad_error *err)
{
    char date[11];
    const char *text = vals[F_TEXT], *id = vals[F_ID];
    char fallback[64];
    if (!id) snprintf(fallback, sizeof fallback, ":%llu", (unsigned long long)in->line);
    const char *raw_date = vals[F_DATE];
    const char *d = S_date(raw_date, date);
    if (raw_date && !d)
        dyad__diag(&in->opts, DYAD_WARNING, DYAD_ERR_DATE, in->name, in->line, id,
                   "date \"%.40s\" is not YYYY-MM-DD; ignored", raw_date);
    dyad_doc_meta meta = {id, d, vals[F_TITLE], vals[F_URL], vals[F_SOURCE]};
    dyad_doc *doc = dyad_doc_new(text, strlen(text), &meta, err);
    int rc = doc ? 1 : -1;
    if (doc && !dyad__doc_set_origin(doc, in->name, in->line)) rc = -1;
    if (doc && rc == 1 && !id) {
        /* id defaults to "file:line" */
        dyad_buf idb;
        dyad_buf_init(&idb, in->alloc);
        dyad_buf_puts(&idb, in->name);
        dyad_buf_puts(&idb, fallback);
        if (idb.failed || !dyad__doc_set_default_id(doc, idb.data)) rc = -1;
        dyad_buf_free(&idb);
    }
    if (rc == 1) *out = doc;
    else dyad_doc_free(doc);
    return rc;
}

// Turns one JSON line into a document; returns 1, 0 (skipped) or -1 (OOM).
static int S_parse_line(dyad_input *in, char *line, size_t len, dyad_doc **out, dyad_error *err)
{
    /* cJSON strings are NUL-terminated: \u0000 would silently cut the text */
    for (char *p = line; (p = memchr(p, '\\', (size_t)(line + len - p))) != NULL; p += 2) {
        if (p + 1 >= line + len) break;
        if (p[1] == 'u' && line + len - p >= 6 && memcmp(p + 2, "0000", 4) == 0) memcpy(p + 2, "0020", 4);
    }
    const char *vals[NFIELDS];
    if (S_flat_object(line, len, vals)) {
        if (vals[F_TEXT]) return S_line_doc(in, vals, out, err);
        S_skip(in, DYAD_ERR_FIELD, in->name, in->line, "%s", "no \"text\" string; line skipped");
        return 0;
    }
    const char *end = NULL;
    cJSON *obj = cJSON_ParseWithLengthOpts(line, len, &end, false);
    if (!obj) {
        size_t pos = end && end >= line ? (size_t)(end - line) : 0;
        char msg[64];
        snprintf(msg, sizeof msg, "%zu", pos);
        S_skip(in, DYAD_ERR_JSON, in->name, in->line, "invalid JSON near byte %s; line skipped", msg);
        return 0;
    }
    int rc = 0;
    char num[32];
    const char *text = cJSON_IsObject(obj) ? S_member(obj, "text", NULL) : NULL;
    if (!cJSON_IsObject(obj)) {
        S_skip(in, DYAD_ERR_FIELD, in->name, in->line, "%s", "not a JSON object; line skipped");
    } else if (!text) {
        S_skip(in, DYAD_ERR_FIELD, in->name, in->line, "%s", "no \"text\" string; line skipped");
    } else {
        const char *vals2[NFIELDS] = {text, S_member(obj, "id", num), S_member(obj, "date", NULL),
                                      S_member(obj, "title", NULL), S_member(obj, "url", NULL),
                                      S_member(obj, "source", NULL)};
        rc = S_line_doc(in, vals2, out, err);
    }
    cJSON_Delete(obj);
    return rc;
}

// Reads the next non-blank line into linebuf; returns 1, 0 at end, or 2 when it was too long (drained).
static int S_next_line(dyad_input *in)
{
    dyad_buf *b = &in->linebuf;
    dyad_buf_clear(b);
    bool too_long = false, any = false;
    for (;;) {
        if (in->chunk_pos >= in->chunk_len && !S_fill(in)) {
            if (!any) return 0;
            in->line++;
            return too_long ? 2 : 1;
        }
        any = true;
        const char *p = in->chunk + in->chunk_pos;
        size_t n = in->chunk_len - in->chunk_pos;
        const char *nl = memchr(p, '\n', n);
        size_t take = nl ? (size_t)(nl - p) : n;
        if (!too_long && b->len + take > in->opts.max_doc_bytes + 4096) too_long = true;
        if (!too_long) dyad_buf_put(b, p, take);
        in->chunk_pos += take + (nl ? 1 : 0);
        if (nl) {
            in->line++;
            return too_long ? 2 : 1;
        }
    }
}

// Reads documents from the current JSONL source; returns 1, 0 at its end, -1 on OOM.
static int S_read_jsonl(dyad_input *in, dyad_doc **out, dyad_error *err)
{
    for (;;) {
        int r = S_next_line(in);
        if (r == 0) return 0;
        if (in->linebuf.failed) { dyad__set_error(err, DYAD_ERR_NOMEM, 0, "reading %s", in->name); return -1; }
        if (r == 2) {
            char lim[64];
            snprintf(lim, sizeof lim, "%zu", in->opts.max_doc_bytes);
            S_skip(in, DYAD_ERR_TOO_LARGE, in->name, in->line,
                   "line longer than the document limit of %s bytes (--max-doc-size); skipped", lim);
            continue;
        }
        char *line = in->linebuf.data;
        size_t len = in->linebuf.len;
        while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t')) len--;
        size_t k = 0;
        while (k < len && (line[k] == ' ' || line[k] == '\t')) k++;
        if (k == len) continue; /* blank line */
        int rc = S_parse_line(in, line + k, len - k, out, err);
        if (rc != 0) return rc;
    }
}

int dyad_input_next(dyad_input *in, dyad_doc **out, dyad_error *err)
{
    *out = NULL;
    if (!in) return 0;
    for (;;) {
        if (!in->gz) {
            bool oom = false;
            if (!S_open_next(in, &oom)) {
                if (oom) { dyad__set_error(err, DYAD_ERR_NOMEM, 0, "walking directories"); return -1; }
                return 0;
            }
            if (in->kind == SRC_NONE) S_sniff(in);
        }
        int rc;
        if (in->kind == SRC_JSONL) {
            rc = S_read_jsonl(in, out, err);
            if (rc == 0) S_close(in);
        } else {
            rc = S_read_text(in, out, err);
            S_close(in);
        }
        if (rc != 0) {
            if (rc == 1) in->docs++;
            return rc;
        }
    }
}
