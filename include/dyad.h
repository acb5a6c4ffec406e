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
#define DYAD_VERSION_MINOR 2
#define DYAD_VERSION_PATCH 0
#define DYAD_VERSION_STRING "0.3.0"

/** Returns the library version string, e.g. "0.3.0". */
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
    DYAD_ERR_DATE = 13,      /**< a date could not be parsed */
    DYAD_ERR_STORE = 14      /**< the event store (SQLite) could not be opened, read or written */
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
/**
 * Document context (on by default): coreference across sentences (surnames,
 * pronouns, "the minister"), the document date from the dateline or text,
 * each event's own date and place, quotations and their speakers.  Off: each
 * sentence is coded on its own and events carry the document date.
 */
DYAD_API void dyad_options_set_context(dyad_options *opts, bool on);

/* MARK: documents --------------------------------------------------------- */

typedef struct dyad_doc dyad_doc;
/** A loaded dictionary set (see MARK: dictionaries). */
typedef struct dyad_dict dyad_dict;

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
    size_t verb_start, verb_end; /**< byte range of the verb the event was read from */
    int date_precision;      /**< DYAD_DATE_DAY, _MONTH, _YEAR, or 0 when date is "" */
    int date_from;           /**< where the date came from: DYAD_DATE_FROM_* */
    const char *place_name;  /**< where it happened (the clause's place, else the dateline's); NULL: unknown */
    const char *place_country; /**< ISO 3166-1 alpha-3 code of the place's country ("" when unknown) */
    double lat, lon;         /**< the place's coordinates, when place_name is not NULL */
} dyad_event;

/** Precision of a date (dyad_event.date_precision): "2023" is a year, "November 2023" a month. */
enum { DYAD_DATE_YEAR = 1, DYAD_DATE_MONTH = 2, DYAD_DATE_DAY = 3 };
/** Where an event's date came from (dyad_event.date_from). */
enum {
    DYAD_DATE_FROM_NONE = 0,     /**< no date */
    DYAD_DATE_FROM_DOCUMENT = 1, /**< the document's date (metadata, --date, dateline or text) */
    DYAD_DATE_FROM_TEXT = 2      /**< a date expression of the event's own clause ("on Friday", "a day after") */
};

/** Number of events coded in the document, and the events in sentence order. */
DYAD_API size_t dyad_doc_event_count(const dyad_doc *doc);
DYAD_API const dyad_event *dyad_doc_events(const dyad_doc *doc);

/**
 * Writes the document's annotation as one line of JSON (sentences, tokens,
 * dateline, actor mentions, people, places, dates, quotations and events) and
 * a newline.  Returns 0, or the non-zero value returned by fn.
 * The schema is documented in docs/annotate.md.
 */
DYAD_API int dyad_doc_write_annotation(const dyad_doc *doc, dyad_write_fn fn, void *ctx);

/**
 * Output formats of event records (docs/formats.md).  JSONL and TSV are
 * dyad's own records (DESIGN.md); the others follow the column lists of the
 * datasets users already read: GDELT 2.0 events (61 tab-separated columns),
 * GDELT 1.0 (58), ICEWS (20, tab-separated, with a header line), the Phoenix
 * pipeline (26), PLOVER (JSON Lines), POLECAT (40, tab-separated, with a
 * header), and CSV (the TSV columns, RFC 4180 quoting, with a header).
 */
typedef enum dyad_format {
    DYAD_FORMAT_JSONL = 0, DYAD_FORMAT_TSV = 1, DYAD_FORMAT_GDELT2 = 2, DYAD_FORMAT_GDELT1 = 3,
    DYAD_FORMAT_ICEWS = 4, DYAD_FORMAT_PHOENIX = 5, DYAD_FORMAT_PLOVER = 6, DYAD_FORMAT_POLECAT = 7,
    DYAD_FORMAT_CSV = 8
} dyad_format;
/**
 * Writes the document's events, one record per line, in the given format.
 * Formats other than JSONL and TSV need the dictionaries (crosswalks, the
 * codebook): use dyad_doc_write_events_dict.  Returns 0, fn's value, or -1.
 */
DYAD_API int dyad_doc_write_events(const dyad_doc *doc, int format, dyad_write_fn fn, void *ctx);
/**
 * Writes the document's events in any format, using `dict` (may be NULL:
 * crosswalk columns stay empty) for country codes, names, sectors and the
 * codebook.  Event ids are taken from *next_id, which is advanced by the
 * number of events (NULL: ids start at 1 in each document); `dyad code`
 * passes one run-wide counter.  Writes no header (dyad_format_write_header).
 * For JSONL and TSV the output is that of dyad_doc_write_events.
 * Returns 0, fn's value, or -1 (bad argument, unknown format, out of memory).
 */
DYAD_API int dyad_doc_write_events_dict(const dyad_doc *doc, const dyad_dict *dict, int format,
                                        uint64_t *next_id, dyad_write_fn fn, void *ctx);


/* MARK: event rows and formats --------------------------------------------- */

/**
 * One event record as the format writers take it, from a coded document
 * (dyad_doc_write_events_dict) or from a store (dyad query).  Strings are
 * NUL-terminated; NULL reads as "".  Nothing is kept after the call.
 */
typedef struct dyad_row {
    uint64_t event_id;         /**< GLOBALEVENTID / Event ID: run-wide counter in `dyad code`, the store's id in a query */
    const char *doc;           /**< document id (ICEWS Story ID) */
    const char *date;          /**< event date "YYYY-MM-DD" or "" */
    const char *doc_date;      /**< the document's (publication) date, "YYYY-MM-DD" or "" */
    const char *source, *target;          /**< CAMEO actor codes, "" when unknown */
    const char *source_text, *target_text; /**< the words each actor was read from */
    const char *code;          /**< CAMEO event code, e.g. "042" */
    const char *plover;        /**< PLOVER category; NULL: looked up in the dictionary's codebook */
    const char *text;          /**< the sentence */
    const char *pattern;       /**< the dictionary entry that produced the event */
    const char *url;           /**< the document's URL (GDELT SOURCEURL) */
    const char *publisher;     /**< the document's source, e.g. "Reuters" */
    const char *place_name;    /**< where the event happened, when has_place */
    const char *place_country; /**< ISO 3166-1 alpha-3 code of the place's country */
    uint32_t sentence;         /**< 0-based sentence index in the document */
    int quad;                  /**< QuadClass 1-4; 0: looked up in the codebook */
    double goldstein;          /**< Goldstein score of the code */
    double lat, lon;           /**< the place's coordinates, when has_place */
    bool has_place;
    int date_precision;        /**< DYAD_DATE_DAY/_MONTH/_YEAR; 0: not known (not written) */
    bool lead;                 /**< the sentence is in the document's lead (GDELT IsRootEvent) */
    unsigned mentions, sources, documents; /**< GDELT NumMentions, NumSources, NumArticles (0 is written as 1) */
} dyad_row;

/** The format named "jsonl", "tsv", "csv", "gdelt2", "gdelt1", "icews", "phoenix", "plover" or "polecat"; -1 if unknown. */
DYAD_API int dyad_format_from_name(const char *name);
/** The name of a format, or NULL. */
DYAD_API const char *dyad_format_name(int format);
/** Columns per record of a delimited format (gdelt2 61, gdelt1 58, icews 20, phoenix 26, polecat 40, tsv and csv 13); 0 for JSON formats, -1 if unknown. */
DYAD_API int dyad_format_columns(int format);
/**
 * Writes the header line of formats that have one (icews, polecat, csv);
 * writes nothing for the others.  Returns 0, fn's value, or -1 for an unknown format.
 */
DYAD_API int dyad_format_write_header(int format, dyad_write_fn fn, void *ctx);
/**
 * Writes one record (a line ending in a newline) of row in format.  `dict`
 * (may be NULL: crosswalk, name and sector columns stay empty) supplies the
 * country crosswalks (ISO3, COW, FIPS 10-4), names, actor code parts and
 * the codebook.  Returns 0, fn's value, or -1.  Columns: docs/formats.md.
 */
DYAD_API int dyad_format_write_row(const dyad_dict *dict, int format, const dyad_row *row,
                                   dyad_write_fn fn, void *ctx);

/* MARK: dictionaries -------------------------------------------------------- */

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

/* MARK: validation ------------------------------------------------------------- */

/** Counts of a validation run (dyad_validate). */
typedef struct dyad_validate_result {
    size_t passed;          /**< records whose set of (source, target, code) equals the expected set */
    size_t failed;          /**< records checked that did not */
    size_t skipped;         /**< not checked: {+++}, -{...}, PETRARCH error="bad_input_parse" */
    size_t options_ignored; /**< option settings ({ OPTION: ... }, <Config>) the coder could not apply */
    size_t passed_in_order; /**< passed records whose events also come in the expected order */
    size_t malformed;       /**< records that could not be read (reported as diagnostics) */
} dyad_validate_result;

/**
 * Runs peer validation records (docs/validate.md): TABARI's plain-text records
 * (Validate.text) or PETRARCH's XML (PETR.UnitTest.records.xml), chosen by a
 * .xml name or a leading '<'.  Each record's text is coded on its date and its
 * events compared, as a set of (source, target, code), with the expected ones.
 * `dict` may be NULL: the dictionaries the records name are then loaded (the
 * TABARI .project file next to the records; PETRARCH's <Environment>), paths
 * relative to the records' directory.  `all` runs past the end of the
 * standard suite (TABARI's FINAL-01, a PETRARCH <Stop>).  The human-readable
 * report goes to `out` (may be NULL): one block per mismatch, then a summary
 * whose last line is "N passed, M failed".  Unreadable records are reported
 * through the options' diagnostic callback and the run goes on.  Returns false
 * with err filled (DYAD_ERR_IO, DYAD_ERR_NOMEM) only when the records or
 * dictionaries cannot be read, memory runs out or `out` fails; *res (may be
 * NULL) gets the counts.
 */
DYAD_API bool dyad_validate(const char *records_path, const dyad_dict *dict, const dyad_options *opts, bool all,
                            dyad_write_fn out, void *ctx, dyad_validate_result *res, dyad_error *err);

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

/* MARK: dictionary lookups for writers --------------------------------------------- */

/**
 * Describes an actor code with the dictionaries.  *name gets the name of the
 * country, organisation or group whose code it is exactly ("KOR" -> "South
 * Korea", "IGOUNO" -> "United Nations"; NULL for "KORGOV" or a person's
 * code); *country_iso3 and *country_name the ISO 3166 alpha-3 code and the
 * name of the country its first three letters name ("KORGOV" -> "KOR",
 * "South Korea"; "ROMGOV" -> "ROU", "Romania"; NULL for "IGOUNO").  Strings
 * are owned by dict; any out pointer may be NULL.  Returns false when the
 * code has neither.  Reads only (thread-safe), linear in the number of
 * entities: callers that look up many events should cache by code.
 */
DYAD_API bool dyad_dict_actor_info(const dyad_dict *dict, const char *code, const char **name,
                                   const char **country_iso3, const char **country_name);
/** The codebook name of a CAMEO event code ("042" -> "Make a visit"), or NULL when unknown. */
DYAD_API const char *dyad_dict_event_name(const dyad_dict *dict, const char *code);

/* MARK: event store (SQLite; schema in docs/store.md) ------------------------------ */

typedef struct dyad_store dyad_store;

/** How dyad_store_open opens a store. */
typedef enum dyad_store_mode {
    DYAD_STORE_READ = 0,  /**< read only; the file must exist and be a dyad store */
    DYAD_STORE_WRITE = 1  /**< read and write; created with its schema when missing */
} dyad_store_mode;

/**
 * Opens the SQLite event store at path (WAL mode, synchronous=NORMAL when
 * writing).  Fails with DYAD_ERR_STORE when the file cannot be opened, is
 * not SQLite, is a database that is not a dyad store, or has another schema
 * version.  A store handle is used by one thread at a time.  Free with
 * dyad_store_free.
 */
DYAD_API dyad_store *dyad_store_open(const char *path, int mode, const dyad_options *opts, dyad_error *err);
DYAD_API void dyad_store_free(dyad_store *store);

/** What dyad_store_put did with a document. */
typedef enum dyad_store_result {
    DYAD_STORE_NEW = 1,       /**< the document id was not in the store: added with its events */
    DYAD_STORE_UNCHANGED = 2, /**< same id and content hash: nothing written */
    DYAD_STORE_REPLACED = 3   /**< same id, other content: its events were replaced */
} dyad_store_result;

/**
 * Writes one processed document and its events in one transaction (keyed by
 * its id and content hash, docs/store.md); `dict` (may be NULL) supplies
 * actor names, countries and event names.  Returns a dyad_store_result, or
 * -1 with err filled.
 */
DYAD_API int dyad_store_put(dyad_store *store, const dyad_dict *dict, const dyad_doc *doc, dyad_error *err);

/** Counts of an ingest run, also passed to the progress callback while it runs. */
typedef struct dyad_ingest_stats {
    uint64_t docs;            /**< documents read */
    uint64_t docs_new, docs_unchanged, docs_replaced;
    uint64_t docs_duplicate;  /**< ids seen earlier in the same run: ignored (the first wins) */
    uint64_t sentences, events; /**< of the documents written (new and replaced) */
    uint64_t skipped;         /**< inputs and documents the reader skipped */
    uint64_t bytes_done;      /**< input bytes read so far (an estimate inside a file) */
    uint64_t bytes_total;     /**< total input size, 0 when unknown (stdin, .gz) */
    unsigned threads;         /**< coding threads used */
    double seconds;           /**< since the start */
} dyad_ingest_stats;

/** Progress callback of dyad_store_ingest, called from the calling thread. */
typedef void (*dyad_progress_fn)(void *ctx, const dyad_ingest_stats *stats);

/** Options of dyad_store_ingest; zero-initialised means the defaults. */
typedef struct dyad_ingest_options {
    unsigned threads;          /**< coding threads; 0 = one per CPU */
    unsigned batch_docs;       /**< documents per transaction; 0 = 500 */
    const char *dictionaries;  /**< what was loaded, recorded in meta "dictionaries"; may be NULL */
    dyad_progress_fn progress; /**< called about twice a second, and once at the end; may be NULL */
    void *progress_ctx;
} dyad_ingest_options;

/**
 * Codes the documents of paths (as dyad_input_new reads them) with dict on
 * `threads` coders sharing it, and writes them in input order with
 * dyad_store_put semantics, in batched transactions: interrupted at any
 * point, the store holds a prefix of the input, whole documents only, and
 * running again completes it to exactly what one uninterrupted run gives.
 * Documents the store already holds unchanged are not coded again.
 * Diagnostics go to opts' callback (serialised; any thread).  Returns false
 * with err filled when the store cannot be written or memory runs out;
 * *stats (may be NULL) gets the counts.
 */
DYAD_API bool dyad_store_ingest(dyad_store *store, const dyad_dict *dict, const char *const *paths, size_t npaths,
                                const dyad_options *opts, const dyad_ingest_options *iopts,
                                dyad_ingest_stats *stats, dyad_error *err);

/** Filters of dyad_store_query; NULL/0 fields do not filter.  Values are bound, never interpolated. */
typedef struct dyad_query {
    const char *source, *target; /**< actor code prefix ("KOR" matches KORGOV) or country ISO3 */
    const char *code;            /**< CAMEO event code prefix ("04" matches 042) */
    const char *root;            /**< root code ("4" or "04") */
    int quad;                    /**< QuadClass 1-4, 0 = any */
    const char *from, *to;       /**< inclusive dates YYYY[-MM[-DD]] */
    const char *text;            /**< SQLite FTS5 query over the sentence */
    bool one_a_day;              /**< keep the first event of each (date, source, target, code) */
    uint64_t limit;              /**< at most this many events, 0 = all */
    bool counts;                 /**< fill mentions/sources/documents of each event (slower) */
} dyad_query;

/** One stored event: the columns of `events` (docs/store.md); strings are "" when empty, valid during the callback. */
typedef struct dyad_stored_event {
    int64_t event_id;
    const char *event_date, *source_name, *source_sectors, *source_country, *event_text, *cameo_code;
    double intensity;
    const char *target_name, *target_sectors, *target_country;
    int64_t story_id, sentence_number;
    const char *publisher, *city, *district, *province, *country;
    double latitude, longitude;  /**< valid when has_coords */
    bool has_coords;
    const char *source_code, *target_code, *source_iso3, *target_iso3, *root_code;
    int quad_class;
    double goldstein;
    const char *plover, *source_text, *target_text, *sentence_text, *pattern, *doc_id;
    const char *doc_date, *url;  /**< the document's date and URL (from `documents`) */
    unsigned mentions, sources, documents; /**< event_counts of the event when dyad_query.counts, else 0 */
    int date_precision;          /**< DYAD_DATE_DAY/_MONTH/_YEAR, 0 when unknown */
} dyad_stored_event;

/** Receives query results; returns 0 to go on, non-zero to stop. */
typedef int (*dyad_stored_event_fn)(void *ctx, const dyad_stored_event *ev);

/**
 * Runs a query, calling fn for each event in event_id order.  Returns the
 * number of events passed to fn, or -1 with err filled (DYAD_ERR_ARG for a
 * bad filter value such as a malformed date or FTS5 query, DYAD_ERR_STORE).
 */
DYAD_API int64_t dyad_store_query(dyad_store *store, const dyad_query *q, dyad_stored_event_fn fn, void *ctx,
                                  dyad_error *err);

/**
 * Runs a query and writes its events in a format: "table" (aligned columns
 * for a terminal), "columns" (every column of `events` as CSV with a header,
 * RFC 4180 quoting), or any dyad_format_from_name name ("jsonl", "csv",
 * "gdelt2", ...), written as dyad_format_write_header/_row write them, with
 * the store's event ids; `dict` (may be NULL) as for dyad_format_write_row.
 * Returns the number of events, -1 with err filled (DYAD_ERR_ARG also for
 * an unknown format), or -2 when fn failed.
 */
DYAD_API int64_t dyad_store_write(dyad_store *store, const dyad_dict *dict, const dyad_query *q, const char *format,
                                  dyad_write_fn fn, void *ctx, dyad_error *err);

/* MARK: time series and plots (series.c; docs/series.md) ----------------------- */

/** Period length of a time series. */
typedef enum dyad_period { DYAD_BY_DAY = 0, DYAD_BY_WEEK = 1, DYAD_BY_MONTH = 2, DYAD_BY_YEAR = 3 } dyad_period;

/** Output formats of dyad_series_write and dyad_top_write. */
typedef enum dyad_table_format { DYAD_TABLE_TEXT = 0, DYAD_TABLE_CSV = 1, DYAD_TABLE_JSONL = 2 } dyad_table_format;

/** Event counts of one period (or one dyad) by QuadClass, with the Goldstein sum. */
typedef struct dyad_quad_counts {
    uint64_t events;       /**< all events, whatever their QuadClass */
    uint64_t quad[4];      /**< QuadClass 1-4: verbal cooperation, material cooperation, verbal conflict, material conflict */
    uint64_t scored;       /**< events with a Goldstein score */
    double goldstein_sum;
} dyad_quad_counts;

/** Net cooperation: quad[0] + quad[1] - quad[2] - quad[3]. */
DYAD_API int64_t dyad_net_cooperation(const dyad_quad_counts *c);
/** Mean Goldstein score (goldstein_sum / scored), NaN when no event has a score. */
DYAD_API double dyad_goldstein_mean(const dyad_quad_counts *c);

/**
 * The period of date ("YYYY-MM-DD") for `by` (dyad_period): its label ("2025-03-22",
 * ISO week "2025-W12", "2025-03", "2025"), first and last day.  Returns false for an
 * invalid date or period.
 */
DYAD_API bool dyad_period_of(const char *date, int by, char label[12], char start[11], char end[11]);

/** What dyad_series_compute counts. */
typedef struct dyad_series_spec {
    const char *a, *b;      /**< actors: CAMEO code prefixes (KOR matches KORGOV) or ISO3 codes; upper-cased */
    bool both;              /**< also count B -> A (reported together with A -> B and separately) */
    int by;                 /**< dyad_period */
    const char *from, *to;  /**< inclusive YYYY-MM-DD bounds or NULL; given, they also fix the ends of the axis */
} dyad_series_spec;

/** One period of a series. */
typedef struct dyad_series_period {
    char label[12], start[11], end[11];
    dyad_quad_counts total;  /**< every matching event once (A -> B, and B -> A with `both`) */
    dyad_quad_counts ab, ba; /**< A -> B and B -> A (ba stays zero without `both`) */
} dyad_series_period;

/** A time series: continuous periods from the first to the last (empty ones are zeros). */
typedef struct dyad_series {
    char a[32], b[32];
    int by;
    bool both;
    char first[11], last[11];      /**< dates of the first and last matching event ("" when none) */
    size_t n;                      /**< periods */
    dyad_series_period *periods;
    dyad_quad_counts total, ab, ba; /**< over all periods */
    uint64_t undated;              /**< matching events without a valid YYYY-MM-DD date: not counted */
} dyad_series;

/**
 * Counts the events of dyad A -> B (and B -> A) per period in the `events` table
 * of the SQLite store at db_path (docs/store.md), opened read-only.  Returns
 * NULL with err filled: DYAD_ERR_ARG or DYAD_ERR_DATE for a bad spec,
 * DYAD_ERR_IO when the store cannot be read, DYAD_ERR_NOMEM.
 */
DYAD_API dyad_series *dyad_series_compute(const char *db_path, const dyad_series_spec *spec, dyad_error *err);
DYAD_API void dyad_series_free(dyad_series *s);
/** Writes the series as a text table, CSV or JSON Lines (docs/series.md). */
DYAD_API bool dyad_series_write(const dyad_series *s, int format, dyad_write_fn out, void *ctx, dyad_error *err);

/** What dyad_top_compute counts: the top N actors of a period and the events between them. */
typedef struct dyad_top_spec {
    size_t n;               /**< actors, 1-100 */
    const char *from, *to;  /**< inclusive YYYY-MM-DD bounds or NULL */
    bool codes;             /**< full actor codes instead of countries (ISO3, else an international actor's code) */
    bool self;              /**< also count an actor's events with itself (KORGOV -> KOROPP is KOR -> KOR) */
} dyad_top_spec;

typedef struct dyad_top {
    size_t n;                  /**< actors found (at most spec n) */
    char **actors;             /**< most involved first */
    uint64_t *involvement;     /**< counted events each actor takes part in */
    dyad_quad_counts *cells;   /**< n * n; cells[i * n + j]: actor i -> actor j */
    char from[11], to[11];     /**< the bounds asked for ("" when none) */
    char first[11], last[11];  /**< dates of the first and last event counted in the matrix */
    bool codes, self;
    uint64_t events;           /**< counted events among all actors */
} dyad_top;

DYAD_API dyad_top *dyad_top_compute(const char *db_path, const dyad_top_spec *spec, dyad_error *err);
DYAD_API void dyad_top_free(dyad_top *t);
/** Writes the dyads between the top actors, most events first. */
DYAD_API bool dyad_top_write(const dyad_top *t, int format, dyad_write_fn out, void *ctx, dyad_error *err);

/** What the series line shows (right axis). */
typedef enum dyad_plot_line { DYAD_LINE_GOLDSTEIN = 0, DYAD_LINE_NET = 1, DYAD_LINE_NONE = 2 } dyad_plot_line;
/** What the heatmap cells show. */
typedef enum dyad_plot_value { DYAD_VALUE_COUNT = 0, DYAD_VALUE_GOLDSTEIN = 1 } dyad_plot_value;

typedef struct dyad_plot_opts {
    int width, height;   /**< pixels (PNG) or points (SVG, PDF); 0 gives 1000 x 560 */
    int line;            /**< dyad_plot_line (series) */
    int value;           /**< dyad_plot_value (heatmap) */
    const char *title;   /**< NULL: the default title */
} dyad_plot_opts;

/**
 * Draws the series with cairo into path: SVG, PNG or PDF by its extension.
 * Stacked bars per QuadClass, a line on a right axis, one panel per direction
 * with `both`.  opts may be NULL.  Returns false with err filled (DYAD_ERR_ARG
 * for an unknown extension or size, DYAD_ERR_IO when the file cannot be written).
 */
DYAD_API bool dyad_series_plot(const dyad_series *s, const char *path, const dyad_plot_opts *opts, dyad_error *err);
/** Draws the top actors as a heatmap (rows: source, columns: target). */
DYAD_API bool dyad_top_plot(const dyad_top *t, const char *path, const dyad_plot_opts *opts, dyad_error *err);
/**
 * Releases the font caches that drawing leaves in cairo and fontconfig (they are reused by later
 * plots, so this is only for a program about to exit that checks for leaks).  Call it when no
 * other thread draws, and not at all when the program itself uses cairo or fontconfig.
 */
DYAD_API void dyad_plot_cleanup(void);

#ifdef __cplusplus
}
#endif
#endif /* DYAD_H */
