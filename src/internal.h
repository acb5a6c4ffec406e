/*
 * internal.h — private definitions shared by the modules of libdyad.
 * Nothing here is part of the public API (include/dyad.h).
 */
#ifndef DYAD_INTERNAL_H
#define DYAD_INTERNAL_H

#define DYAD_BUILDING 1
#include "dyad.h"

#include <stdarg.h>
#include <string.h>

#define DYAD_UNUSED(x) ((void)(x))
#define DYAD_DEFAULT_MAX_DOC (16u << 20)

/* MARK: allocation (alloc.c) */

/** Returns the default allocator (malloc/realloc/free). */
const dyad_alloc *dyad__default_alloc(void);
void *dyad__malloc(const dyad_alloc *a, size_t n);
void *dyad__realloc(const dyad_alloc *a, void *p, size_t n);
void dyad__free(const dyad_alloc *a, void *p);
/** Copies a NUL-terminated string with allocator a; NULL in gives "" out; NULL when out of memory. */
char *dyad__strdup(const dyad_alloc *a, const char *s);
char *dyad__strndup(const dyad_alloc *a, const char *s, size_t n);

/** A growable byte buffer (cmark's cmark_strbuf, simplified). Always NUL-terminated when non-empty. */
typedef struct dyad_buf {
    const dyad_alloc *alloc;
    char *data;
    size_t len, cap;
    bool failed;   /* an allocation failed: later appends are ignored */
} dyad_buf;

void dyad_buf_init(dyad_buf *b, const dyad_alloc *a);
bool dyad_buf_grow(dyad_buf *b, size_t extra);
/* The appends are inline: output formatting calls them for every field of every event, and the
 * room check is all most calls need (dyad_buf_grow is the slow path). */
static inline void dyad_buf_put(dyad_buf *b, const char *p, size_t n)
{
    if ((b->failed || n + 1 > b->cap - b->len) && !dyad_buf_grow(b, n)) return;
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}
static inline void dyad_buf_putc(dyad_buf *b, char c)
{
    if ((b->failed || 2 > b->cap - b->len) && !dyad_buf_grow(b, 1)) return;
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}
static inline void dyad_buf_puts(dyad_buf *b, const char *s) { dyad_buf_put(b, s, strlen(s)); }
void dyad_buf_printf(dyad_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void dyad_buf_vprintf(dyad_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void dyad_buf_clear(dyad_buf *b);
void dyad_buf_free(dyad_buf *b);

/** An arena: many small allocations released by one reset/free (yyjson's one-arena-per-document). */
typedef struct dyad_arena_block dyad_arena_block;
typedef struct dyad_arena {
    const dyad_alloc *alloc;
    dyad_arena_block *head;
    size_t used_total;
} dyad_arena;

void dyad_arena_init(dyad_arena *ar, const dyad_alloc *a);
/** Returns n bytes aligned to 8, or NULL when out of memory. */
void *dyad_arena_alloc(dyad_arena *ar, size_t n);
/** Keeps the first block for reuse and frees the rest. */
void dyad_arena_reset(dyad_arena *ar);
void dyad_arena_free(dyad_arena *ar);

/** Fills err (may be NULL) with code and a printf-style detail. */
void dyad__set_error(dyad_error *err, int code, size_t pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* MARK: options (options.c) */

struct dyad_options {
    dyad_alloc alloc;
    dyad_diag_fn diag;
    void *diag_ctx;
    size_t max_doc_bytes;
    char date[11];     /* "" or YYYY-MM-DD */
    int input_format;
    bool no_context;   /* document context off (dyad_options_set_context) */
};

/** Reports a diagnostic through the options' callback, if any. */
void dyad__diag(const dyad_options *o, int severity, int code, const char *file, uint64_t line,
                const char *doc_id, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/** Returns true when s[0..10) is a valid YYYY-MM-DD date. */
bool dyad__valid_date(const char *s, size_t n);

/* MARK: UTF-8 (utf8.c) */

/** Decodes one code point at s[0..n); stores its length in *clen (>=1). Returns -1 if invalid. */
int32_t dyad_utf8_decode(const unsigned char *s, size_t n, int *clen);
/** Returns the number of bytes to encode cp (1..4). */
int dyad_utf8_encode(int32_t cp, char out[4]);
/**
 * Scans text for invalid UTF-8 and control bytes (NUL and C0 controls other than
 * tab, newline, carriage return, form feed).  Returns 0 when the text is clean;
 * else builds a repaired copy in *out (U+FFFD for invalid sequences, a space for
 * control bytes) and returns the number of replacements; counts are split into
 * *invalid and *control.
 */
size_t dyad_utf8_repair(const char *text, size_t len, dyad_buf *out, size_t *invalid,
                        size_t *control);
/** Returns true when the first bytes of p look binary (many NULs / invalid bytes). */
bool dyad_looks_binary(const char *p, size_t n);

/* MARK: documents (doc.c) */

struct dyad_doc {
    dyad_alloc alloc;
    char *raw;          /* text as given */
    size_t raw_len;
    char *fixed;        /* repaired text, or NULL when raw was clean */
    size_t fixed_len;
    char *id, *date, *title, *url, *source;
    char *origin;       /* file name */
    uint64_t origin_line;
    size_t repairs;
    /* results, owned by the arena */
    dyad_arena arena;
    dyad_token *tokens;
    size_t ntokens;
    dyad_sentence *sentences;
    size_t nsentences;
    dyad_dateline dateline;
    bool has_dateline;
    dyad_event *events;  /* allocated with alloc */
    size_t nevents, cap_events;
    bool story_discarded;
    dyad_buf trace;
    struct doc_context *context; /* document context (context.h), or NULL */
    bool date_from_option;       /* the date came from the coder's --date, not the metadata */
};

/** The text the pipeline works on (repaired if needed). */
static inline const char *dyad__doc_text(const dyad_doc *d, size_t *len)
{
    if (d->fixed) { *len = d->fixed_len; return d->fixed; }
    *len = d->raw_len;
    return d->raw;
}
/** Sets the document's origin (file name copied, line). Returns false when out of memory. */
bool dyad__doc_set_origin(dyad_doc *d, const char *file, uint64_t line);
/** Sets the document's id when it has none. */
bool dyad__doc_set_default_id(dyad_doc *d, const char *id);

/* MARK: tokenizer (token.c) */

/** Growable token vector used while tokenising. */
typedef struct dyad_tokvec {
    dyad_token *v;
    size_t n, cap;
} dyad_tokvec;

/**
 * Tokenises text[0..len) into toks (allocated with a, norm strings in ar).
 * Returns false when out of memory.
 */
bool dyad_tokenize(const char *text, size_t len, dyad_tokvec *toks, dyad_arena *ar,
                   const dyad_alloc *a);
/** Returns true when the lower-case word w[0..n) (period excluded) is a known abbreviation. */
bool dyad_is_abbreviation(const char *w, size_t n);
/** Returns true when w[0..n) (lower case, period excluded) is a title abbreviation that never ends a sentence (mr, dr, gen). */
bool dyad_is_title_abbreviation(const char *w, size_t n);

/* MARK: segmenter (segment.c) */

/**
 * Splits the tokens of text into sentences and finds the dateline.  Fills the
 * document's sentences (in its arena), sets each token's sentence index and
 * dateline flag.  Returns false when out of memory.
 */
bool dyad_segment(dyad_doc *doc, const char *text, size_t len);

/* MARK: JSON writing (json.c) */

/** Appends s[0..n) as a JSON string literal (quotes included), escaping as needed. */
void dyad_json_str(dyad_buf *b, const char *s, size_t n);
/** Appends a NUL-terminated string as a JSON string literal, or null when s is NULL. */
void dyad_json_cstr(dyad_buf *b, const char *s);

/* MARK: event formats (formats.c) */

/** Appends one record of row in format, newline included; false for an unknown format or NULL row. */
bool dyad__format_row(dyad_buf *b, const dyad_dict *dict, int format, const dyad_row *row);

/**
 * What the rows of one document share (its id, mostly one date and one place, a code several
 * times), worked out once and reused by dyad__format_rows: dyad__row_memo_init, pass it with each
 * row of the document (whose strings stay where they are meanwhile), then dyad__row_memo_free.
 */
typedef struct dyad_row_memo {
    const char *doc;           /* the doc id whose JSON is in doc_json */
    dyad_buf doc_json;
    const char *date;          /* the last date checked, and whether it is a valid "YYYY-MM-DD" */
    bool date_valid;
    bool jdate_set;            /* date_json is the date members of this date and precision */
    const char *jdate;
    int jdate_precision;
    dyad_buf date_json;
    const char *code;          /* the last code looked up, and its codebook entry */
    const struct dict_event_code *ec;
    bool place_set;            /* place_json is the ,"place": member of this place */
    const char *place_name, *place_country;
    double lat, lon;
    dyad_buf place_json;
} dyad_row_memo;
/** dyad__format_row with what earlier rows of the document worked out (memo, zeroed at first). */
bool dyad__format_rows(dyad_buf *b, const dyad_dict *dict, int format, const dyad_row *row, dyad_row_memo *memo);
void dyad__row_memo_init(dyad_row_memo *memo, const dyad_alloc *a);
void dyad__row_memo_free(dyad_row_memo *memo);

/* MARK: coder (coder.c) */

typedef struct sent_parse sent_parse;

struct dyad_coder {
    dyad_options opts;
    const dyad_dict *dict;
    dyad_tokvec toks;   /* reused between documents */
    sent_parse *parse;  /* scratch for one sentence */
    bool trace;
    struct tabari_settings *tabari; /* TABARI .options settings of this coder (tabari.c), or NULL */
};

/** Codes sentence s of d (events.c); trace may be NULL.  False on OOM. */
bool events_code_sentence(dyad_coder *coder, dyad_doc *d, uint32_t s, sent_parse *p, dyad_buf *trace);

#endif /* DYAD_INTERNAL_H */
