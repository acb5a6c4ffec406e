/*
 * dyad.h — the one public header of libdyad, a political event coder.
 *
 * dyad reads English news and writes who did what to whom, when and where,
 * as CAMEO-coded events.  The pipeline (see docs/architecture.md):
 *
 *   input -> document -> UTF-8 repair -> tokens -> sentences -> (dictionary
 *   matches -> shallow parse -> events) -> writers
 *
 * Conventions
 *   - Functions are dyad_<object>_<verb>; handles are opaque and owned by the
 *     caller, who frees them with dyad_<object>_free (every free accepts NULL).
 *   - The library never prints and never exits.  Failing calls return NULL,
 *     false or a negative status and fill an optional dyad_error (may be NULL).
 *   - Non-fatal problems in the input (invalid UTF-8, a broken JSON line, an
 *     unreadable file) are reported through the diagnostic callback set in
 *     dyad_options; processing goes on with the next document.
 *   - Text is passed as pointer + length; no NUL terminator is needed.
 *   - No hidden globals: a dyad_coder may be used by one thread at a time;
 *     several coders may share one const dyad_dict across threads.
 *
 * Example (error handling elided):
 *
 *   dyad_options *o = dyad_options_new();
 *   dyad_coder *c = dyad_coder_new(NULL, o, NULL);
 *   dyad_doc *d = dyad_doc_new("Seoul said on Monday ...", 24, NULL, NULL);
 *   dyad_coder_process(c, d, NULL);
 *   for (size_t i = 0; i < dyad_doc_sentence_count(d); i++) { ... }
 *   dyad_doc_free(d); dyad_coder_free(c); dyad_options_free(o);
 */
#ifndef DYAD_H
#define DYAD_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(DYAD_BUILDING) && defined(__GNUC__)
#define DYAD_API __attribute__((visibility("default")))
#else
#define DYAD_API
#endif

#define DYAD_VERSION_MAJOR 0
#define DYAD_VERSION_MINOR 1
#define DYAD_VERSION_PATCH 0
#define DYAD_VERSION_STRING "0.1.0"

/** Returns the library version string, e.g. "0.1.0". */
DYAD_API const char *dyad_version(void);

/* MARK: errors and diagnostics ------------------------------------------ */

/** Error and diagnostic codes.  0 is success; every other code is listed. */
typedef enum dyad_code {
    DYAD_OK = 0,
    DYAD_ERR_NOMEM = 1,      /**< an allocation failed */
    DYAD_ERR_IO = 2,         /**< a file could not be opened or read */
    DYAD_ERR_ARG = 3,        /**< an invalid argument (NULL handle, bad option) */
    DYAD_ERR_UTF8 = 4,       /**< invalid UTF-8 was found and repaired */
    DYAD_ERR_JSON = 5,       /**< a JSON line could not be parsed */
    DYAD_ERR_FIELD = 6,      /**< a required field is missing or has the wrong type */
    DYAD_ERR_TOO_LARGE = 7,  /**< a document exceeded the size limit */
    DYAD_ERR_BINARY = 8,     /**< the input looks binary, not text */
    DYAD_ERR_GZIP = 9,       /**< a compressed stream is corrupt or truncated */
    DYAD_ERR_CONTROL = 10,   /**< NUL or control bytes were replaced */
    DYAD_ERR_EMPTY = 11,     /**< a document has no text */
    DYAD_ERR_DICT = 12,      /**< a dictionary line was rejected */
    DYAD_ERR_DATE = 13       /**< a date could not be parsed */
} dyad_code;

/** Returns a constant English description of a code; never NULL. */
DYAD_API const char *dyad_code_str(int code);

/**
 * Error filled by failing calls.  `msg` is a constant string; `detail` holds
 * the specifics (file name, line) as a NUL-terminated string; `pos` is a byte
 * offset into the input when meaningful, else 0.
 */
typedef struct dyad_error {
    int code;
    const char *msg;
    size_t pos;
    char detail[256];
} dyad_error;

/** Severity of a diagnostic. */
typedef enum dyad_severity {
    DYAD_NOTE = 0,      /**< informational */
    DYAD_WARNING = 1,   /**< input was repaired; the document is still processed */
    DYAD_SKIPPED = 2    /**< a document or file was skipped */
} dyad_severity;

/** A non-fatal problem with the input.  Strings are valid only during the callback. */
typedef struct dyad_diag {
    int severity;        /**< dyad_severity */
    int code;            /**< dyad_code */
    const char *file;    /**< input file name, "-" for stdin, or NULL */
    uint64_t line;       /**< 1-based line in the file (JSONL), 0 when not applicable */
    const char *doc_id;  /**< document id when known, else NULL */
    const char *message; /**< human-readable message, without file or line */
} dyad_diag;

/** Receives diagnostics.  Called from the thread that found the problem. */
typedef void (*dyad_diag_fn)(void *ctx, const dyad_diag *diag);

/** Receives output bytes; returns 0 on success, non-zero to stop writing. */
typedef int (*dyad_write_fn)(void *ctx, const char *bytes, size_t len);

/* MARK: memory ------------------------------------------------------------ */

/** A caller-supplied allocator; handles keep the allocator they were made with. */
typedef struct dyad_alloc {
    void *(*malloc_fn)(void *ctx, size_t size);
    void *(*realloc_fn)(void *ctx, void *ptr, size_t size);
    void (*free_fn)(void *ctx, void *ptr);
    void *ctx;
} dyad_alloc;

/* MARK: options ----------------------------------------------------------- */

typedef struct dyad_options dyad_options;

/** Returns new options with defaults, or NULL when out of memory.  Free with dyad_options_free. */
DYAD_API dyad_options *dyad_options_new(void);
/** Same, with a caller-supplied allocator used by every handle made from these options. */
DYAD_API dyad_options *dyad_options_new_with_alloc(const dyad_alloc *alloc);
DYAD_API void dyad_options_free(dyad_options *opts);

/** Sets the diagnostic callback (default: none, diagnostics are dropped). */
DYAD_API void dyad_options_set_diag(dyad_options *opts, dyad_diag_fn fn, void *ctx);
/** Largest document accepted, in bytes (default 16 MiB).  Larger ones are skipped with a diagnostic. */
DYAD_API void dyad_options_set_max_doc_bytes(dyad_options *opts, size_t max);
/** Default document date "YYYY-MM-DD" for documents without one; NULL clears.  Returns false if malformed. */
DYAD_API bool dyad_options_set_date(dyad_options *opts, const char *yyyy_mm_dd);
/** Input format: DYAD_INPUT_AUTO (by file name, stdin sniffed), _TEXT or _JSONL. */
typedef enum dyad_input_format { DYAD_INPUT_AUTO = 0, DYAD_INPUT_TEXT = 1, DYAD_INPUT_JSONL = 2 } dyad_input_format;
DYAD_API void dyad_options_set_input_format(dyad_options *opts, int format);

/* MARK: documents --------------------------------------------------------- */

typedef struct dyad_doc dyad_doc;

/** Optional metadata of a document; any field may be NULL. Strings are copied. */
typedef struct dyad_doc_meta {
    const char *id;
    const char *date;   /**< "YYYY-MM-DD" */
    const char *title;
    const char *url;
    const char *source;
} dyad_doc_meta;

/**
 * Makes a document from text (copied; need not be NUL-terminated or valid
 * UTF-8: it is repaired when the document is processed).  Returns NULL and
 * fills err when out of memory.  Free with dyad_doc_free.
 */
DYAD_API dyad_doc *dyad_doc_new(const char *text, size_t len, const dyad_doc_meta *meta,
                                dyad_error *err);
DYAD_API void dyad_doc_free(dyad_doc *doc);

/** The document's id ("" when none was given), date ("" when unknown), title, url, source ("" when absent). */
DYAD_API const char *dyad_doc_id(const dyad_doc *doc);
DYAD_API const char *dyad_doc_date(const dyad_doc *doc);
DYAD_API const char *dyad_doc_title(const dyad_doc *doc);
DYAD_API const char *dyad_doc_url(const dyad_doc *doc);
DYAD_API const char *dyad_doc_source(const dyad_doc *doc);
/** Where the document came from: file name ("-" for stdin) and 1-based line (0 for whole files). */
DYAD_API const char *dyad_doc_origin(const dyad_doc *doc, uint64_t *line);

/**
 * The document's text as dyad holds it: after processing, invalid UTF-8 and
 * control bytes have been replaced (U+FFFD, space), so token offsets refer to
 * this text.  For valid input it is byte-identical to what was given.
 */
DYAD_API const char *dyad_doc_text(const dyad_doc *doc, size_t *len);

/** Token kinds. */
typedef enum dyad_token_kind {
    DYAD_TOK_WORD = 1,     /**< letters, possibly with digits, hyphens, apostrophes, internal periods */
    DYAD_TOK_NUMBER = 2,   /**< digits with optional , . separators */
    DYAD_TOK_PUNCT = 3,    /**< . , ; : ! ? ( ) [ ] and other punctuation */
    DYAD_TOK_QUOTE = 4,    /**< a quotation mark, straight or typographic */
    DYAD_TOK_DASH = 5,     /**< en/em dash, "--", or a spaced hyphen */
    DYAD_TOK_SYMBOL = 6,   /**< $ % & @ and other symbols */
    DYAD_TOK_ELLIPSIS = 7, /**< "..." or U+2026 */
    DYAD_TOK_URL = 8       /**< http(s)://..., www.... or an e-mail address */
} dyad_token_kind;

/** Token shape flags (bits of dyad_token.flags). */
enum {
    DYAD_TF_CAP = 1 << 0,       /**< first letter upper case ("Seoul") */
    DYAD_TF_ALLCAPS = 1 << 1,   /**< all letters upper case, at least two ("SEOUL", "U.S.") */
    DYAD_TF_LOWER = 1 << 2,     /**< all letters lower case */
    DYAD_TF_DIGIT = 1 << 3,     /**< contains a digit */
    DYAD_TF_ABBR = 1 << 4,      /**< ends in a period that belongs to it ("Mr.", "U.S.") */
    DYAD_TF_INITIAL = 1 << 5,   /**< a single letter and a period ("J.") */
    DYAD_TF_HYPHEN = 1 << 6,    /**< contains a hyphen ("Tae-yul") */
    DYAD_TF_OPEN = 1 << 7,      /**< opening quote or bracket */
    DYAD_TF_CLOSE = 1 << 8,     /**< closing quote or bracket */
    DYAD_TF_SPACE_BEFORE = 1 << 9, /**< whitespace precedes the token */
    DYAD_TF_NEWLINE_BEFORE = 1 << 10, /**< a line break precedes the token */
    DYAD_TF_CLITIC = 1 << 11,   /**< a split clitic: "'s", "n't", "'re", ... */
    DYAD_TF_NONASCII = 1 << 12, /**< contains non-ASCII characters */
    DYAD_TF_DATELINE = 1 << 13, /**< part of the document's dateline */
    DYAD_TF_PARA_BEFORE = 1 << 14 /**< a blank line (paragraph break) precedes the token */
};

/**
 * One token.  `start`/`len` are byte offsets into dyad_doc_text; `norm` and
 * `norm_len` give the normalised form (lower case, typographic quotes, dashes
 * and apostrophes folded to ASCII, soft hyphens and zero-width characters
 * removed).  `norm` is NOT NUL-terminated: for tokens that are already in
 * normal form it points into the document text itself (no copy).  It is
 * owned by the document.
 */
typedef struct dyad_token {
    size_t start;
    uint32_t len;
    uint16_t kind;      /**< dyad_token_kind */
    uint16_t flags;     /**< DYAD_TF_* bits */
    const char *norm;
    uint32_t norm_len;
    uint32_t sentence;  /**< index of the sentence holding it, or UINT32_MAX for the dateline */
} dyad_token;

/** Sentence flags. */
enum {
    DYAD_SF_HEADLINE = 1 << 0,  /**< a line without final punctuation at the top of the document */
    DYAD_SF_PARAGRAPH = 1 << 1  /**< the sentence starts a paragraph */
};

/** One sentence: a byte range of the text and a range of tokens [tok_begin, tok_end). */
typedef struct dyad_sentence {
    size_t start, end;
    uint32_t tok_begin, tok_end;
    uint32_t flags;     /**< DYAD_SF_* bits */
} dyad_sentence;

/** The dateline, when one was recognised ("SEOUL, March 22 (Reuters) -"). */
typedef struct dyad_dateline {
    size_t start, end;          /**< byte range of the whole dateline, dash included */
    size_t place_start, place_end; /**< byte range of the place ("SEOUL", "NAIROBI, Kenya") */
    size_t date_start, date_end;   /**< byte range of the date, or 0,0 */
    size_t agency_start, agency_end; /**< byte range of the agency inside the parentheses, or 0,0 */
} dyad_dateline;

/** Number of tokens and the token array (valid until the document is freed or reprocessed). */
DYAD_API size_t dyad_doc_token_count(const dyad_doc *doc);
DYAD_API const dyad_token *dyad_doc_tokens(const dyad_doc *doc);
/** Number of sentences and the sentence array. */
DYAD_API size_t dyad_doc_sentence_count(const dyad_doc *doc);
DYAD_API const dyad_sentence *dyad_doc_sentences(const dyad_doc *doc);
/** The dateline, or NULL when the document has none. */
DYAD_API const dyad_dateline *dyad_doc_dateline(const dyad_doc *doc);
/** Number of invalid UTF-8 sequences and control bytes replaced when the document was processed. */
DYAD_API size_t dyad_doc_repairs(const dyad_doc *doc);
/** Event flags (bits of dyad_event.flags). */
enum { DYAD_EF_REVERSE = 1 << 0 /**< the reverse direction of a reciprocal event */ };

/**
 * One coded event (DESIGN.md event record).  Strings are NUL-terminated and
 * owned by the document; byte ranges refer to dyad_doc_text (start == end
 * when the actor is unknown).
 */
typedef struct dyad_event {
    uint32_t sentence;       /**< 0-based sentence index */
    const char *date;        /**< "YYYY-MM-DD" or "" */
    const char *source;      /**< CAMEO actor code, "" when unknown */
    const char *target;      /**< CAMEO actor code, "" when unknown */
    size_t source_start, source_end, target_start, target_end;
    const char *code;        /**< CAMEO event code, e.g. "042" */
    int quad;                /**< QuadClass 1-4 (0 when the code is not in the codebook) */
    double goldstein;        /**< Goldstein score of the code */
    const char *plover;      /**< PLOVER category of the code, "" when none */
    const char *pattern;     /**< the dictionary entry that produced it, "file:line" */
    uint32_t flags;          /**< DYAD_EF_* */
} dyad_event;

/** Number of events coded in the document, and the events in sentence order. */
DYAD_API size_t dyad_doc_event_count(const dyad_doc *doc);
DYAD_API const dyad_event *dyad_doc_events(const dyad_doc *doc);

/**
 * Writes the document's annotation as one line of JSON (sentences, tokens,
 * dateline; later stages add mentions, places, dates, quotes and events) and
 * a newline.  Returns 0, or the non-zero value returned by fn.
 * The schema is documented in docs/annotate.md.
 */
DYAD_API int dyad_doc_write_annotation(const dyad_doc *doc, dyad_write_fn fn, void *ctx);

/** Output formats of dyad_doc_write_events. */
typedef enum dyad_format { DYAD_FORMAT_JSONL = 0, DYAD_FORMAT_TSV = 1 } dyad_format;
/** Writes the document's events, one record per line, in the given format.  Returns 0 or fn's value. */
DYAD_API int dyad_doc_write_events(const dyad_doc *doc, int format, dyad_write_fn fn, void *ctx);

/* MARK: dictionaries -------------------------------------------------------- */

typedef struct dyad_dict dyad_dict;

/**
 * Returns an empty dictionary set, or NULL when out of memory.  Free with
 * dyad_dict_free.  Rejected dictionary lines are reported through the
 * options' diagnostic callback (code DYAD_ERR_DICT, with file and line).
 */
DYAD_API dyad_dict *dyad_dict_new(const dyad_options *opts, dyad_error *err);
DYAD_API void dyad_dict_free(dyad_dict *dict);

/**
 * Loads dictionaries into dict from a file or a directory (walked
 * recursively in name order).  The format is chosen per file: TABARI for
 * *.actors, *.agents, *.verbs, *.options; PETRARCH for CAMEO.*, Phoenix.*
 * and PETR.* files; dyad's own format (docs/dictionaries.md) for other
 * .txt/.tsv files, the kind taken from the directory (cameo/, actors/,
 * people/, agents/, verbs/, places/) or the name.  Rejected lines do not
 * stop loading.  Returns false (err filled) only when the path cannot be
 * read or memory runs out.  Not thread-safe; load before sharing.
 */
DYAD_API bool dyad_dict_load(dyad_dict *dict, const char *path, dyad_error *err);

/** Counts of what a dictionary set holds (dyad dict stats). */
typedef struct dyad_dict_stats {
    size_t files, rejected;
    size_t event_codes;
    size_t countries, organisations, groups, people, person_roles, actors, roles;
    size_t actor_phrases, agents, agent_phrases;
    size_t verbs, verb_forms, patterns, synsets;
    size_t nouns, discards, places;
    size_t phrases, trie_nodes, pool_bytes;
} dyad_dict_stats;

DYAD_API void dyad_dict_get_stats(const dyad_dict *dict, dyad_dict_stats *stats);

/**
 * Codes an actor phrase as the coder would read a noun phrase: "Cho Tae-yul",
 * "Pyongyang", "South Korean troops", "the Japanese foreign minister".  Actor
 * codes are combined with agents (KOR + MIL = KORMIL) and date-limited codes
 * are chosen for `date` ("YYYY-MM-DD", or NULL for the most recent).  Writes
 * the code (NUL-terminated) into out and returns its length, or 0 when the
 * phrase has no actor.
 */
DYAD_API size_t dyad_dict_code_actor(const dyad_dict *dict, const char *phrase, size_t len,
                                     const char *date, char *out, size_t outsize);

/**
 * Checks a loaded dictionary set for problems no single line shows (`dyad
 * dict check`): one phrase listed twice with conflicting (or the same)
 * codes, overlapping or inverted role dates, event codes missing from the
 * codebook, actor codes made of unknown 3-letter groups, and verb patterns
 * that can never match (undefined synonym sets, empty alternatives, two
 * targets, duplicates, verbs without forms).  Each problem goes to the
 * options' diagnostic callback (code DYAD_ERR_DICT, with file and line) and
 * is counted in the stats' `rejected`.  Returns the number of problems.
 * Not thread-safe; run it before sharing the set.
 */
DYAD_API size_t dyad_dict_lint(dyad_dict *dict);

/* MARK: coder ----------------------------------------------------------------- */

typedef struct dyad_coder dyad_coder;

/**
 * Makes a coder that runs the pipeline on documents.  `dict` may be NULL (no
 * dictionary: tokens and sentences only) and is borrowed: it must outlive the
 * coder.  `opts` is copied.  Returns NULL and fills err on failure.
 */
DYAD_API dyad_coder *dyad_coder_new(const dyad_dict *dict, const dyad_options *opts,
                                    dyad_error *err);
DYAD_API void dyad_coder_free(dyad_coder *coder);

/**
 * Runs the pipeline on one document: repairs its text, tokenises, segments
 * it, and codes events.  A document may be processed again (results are
 * replaced).  Diagnostics go to the options' callback.  Returns true, or
 * false with err filled (only when out of memory).
 */
DYAD_API bool dyad_coder_process(dyad_coder *coder, dyad_doc *doc, dyad_error *err);

/**
 * Turns step-by-step tracing on or off (off by default): each processed
 * document then keeps a human-readable account of how each sentence was
 * read and coded (dyad explain), available from dyad_doc_trace.
 */
DYAD_API void dyad_coder_set_trace(dyad_coder *coder, bool on);
/** The trace of the last processing of doc ("" when tracing was off). */
DYAD_API const char *dyad_doc_trace(const dyad_doc *doc);

/* MARK: input ------------------------------------------------------------------ */

typedef struct dyad_input dyad_input;

/**
 * Opens a stream of documents from paths: plain-text files (one document
 * each), directories (walked recursively in byte order of names), JSON Lines
 * files (".jsonl", ".ndjson", one document per line), "-" for stdin (JSONL if
 * its first non-blank byte is '{', else one text document), and any of these
 * compressed with gzip (".gz").  Nothing is read until dyad_input_next.
 * `paths` are copied.  Returns NULL only when out of memory.
 */
DYAD_API dyad_input *dyad_input_new(const char *const *paths, size_t npaths,
                                    const dyad_options *opts, dyad_error *err);
DYAD_API void dyad_input_free(dyad_input *in);

/**
 * Reads the next document.  Returns 1 and sets *doc (caller frees it) on
 * success, 0 at the end of all inputs, -1 on out of memory.  Unreadable files,
 * broken lines and oversized documents are reported through the diagnostic
 * callback and skipped.  Memory stays bounded by the largest document.
 */
DYAD_API int dyad_input_next(dyad_input *in, dyad_doc **doc, dyad_error *err);

/** Counts so far: documents read, and problems reported with severity DYAD_SKIPPED. */
DYAD_API uint64_t dyad_input_docs(const dyad_input *in);
DYAD_API uint64_t dyad_input_skipped(const dyad_input *in);

#ifdef __cplusplus
}
#endif
#endif /* DYAD_H */
