/*
 * context.h — document context (private): dates (dates.c), places
 * (places.c), quotes (quotes.c) and coreference (context.c).
 *
 * A sentence-by-sentence coder loses what a reader knows from the whole
 * article.  These modules recover it per document, after segmentation: the
 * date each clause refers to, where it happened, who said which quotation,
 * and who "Cho", "the minister" or "they" are.  Each module is a pure
 * function of the tokens (and the read-only dictionary), so documents can be
 * processed on many threads.
 */
#ifndef DYAD_CONTEXT_H
#define DYAD_CONTEXT_H

#include "dict.h"

/* MARK: calendar dates (dates.c) */

/** A calendar date; y == 0: unknown; m == 0 / d == 0: not given (precision). */
typedef struct ymd {
    int y, m, d;
} ymd;

typedef enum date_prec { DATE_NONE = 0, DATE_YEAR = 1, DATE_MONTH = 2, DATE_DAY = 3 } date_prec;

typedef enum date_kind {
    DREF_POINT = 0,  /* a date or period: "March 22, 2025", "on Saturday", "last week", "in November 2023" */
    DREF_SHIFT = 1   /* "a day after X", "two days before X", "hours after X": the clause that follows
                        the mention happened `shift` days from the date of the clause the mention is in */
} date_kind;

/** One date expression of a sentence. */
typedef struct date_ref {
    uint32_t tb, te;    /* token range [tb, te) in the token array given to dates_scan */
    uint8_t kind;       /* date_kind */
    uint8_t prec;       /* date_prec of `when`; DATE_NONE: recognised but not resolvable (no reference) */
    bool relative;      /* resolved against the reference date ("yesterday", "on Saturday", "last week") */
    ymd when;           /* DREF_POINT: the date (fields finer than prec are 0) */
    int32_t shift;      /* DREF_SHIFT: days, negative when the following clause is earlier ("a day after X": -1) */
} date_ref;

/** Days since 1970-01-01 of a full date (proleptic Gregorian). */
int32_t ymd_to_days(ymd t);
/** The date of a day number. */
ymd ymd_from_days(int32_t days);
/** True when t is a real calendar day (month 1-12, day within the month). */
bool ymd_valid(ymd t);
/** Day of the week, 0 = Monday ... 6 = Sunday. */
int ymd_weekday(ymd t);
/** Writes "YYYY-MM-DD" (unknown parts as 01) into buf (at least 11 bytes); "" when t.y == 0. */
void ymd_format(ymd t, char *buf);
/** Parses "YYYY-MM-DD"; false when invalid. */
bool ymd_parse_iso(const char *s, size_t n, ymd *out);

/**
 * Finds the date expressions of one sentence toks[0..n) and resolves them
 * against ref (the document date; ref.y == 0: relative expressions are
 * reported with prec DATE_NONE, absolute ones are still resolved; a month and
 * day without a year take ref's year, or stay DATE_NONE without one).
 * Weekdays and "next"/"last" resolve backwards from ref in past-tense
 * sentences and forwards when the sentence speaks of the future ("will meet
 * on Monday", "next week").  Stores at most max references in out, in token
 * order, and returns the number stored.
 */
size_t dates_scan(const dyad_token *toks, uint32_t n, ymd ref, date_ref *out, size_t max);

/**
 * Parses a date written as text on its own (a dateline's "March 22", "22
 * March 2025", "Mar. 22", "2025-03-22", "Saturday"): like dates_scan on the
 * tokens of s.  Returns the precision (DATE_NONE when not a date).
 */
date_prec dates_parse_text(const char *s, size_t n, ymd ref, ymd *out);

/* MARK: places (places.c) */

/** One place name of a sentence with the reading chosen for it. */
typedef struct place_ref {
    uint32_t tb, te;     /* token range [tb, te) in the token array given */
    uint32_t place;      /* index into the dictionary's places (dict_place) */
    bool locative;       /* governed by in/at/near/outside/...: where something happened */
} place_ref;

/**
 * Finds the place names (gazetteer entries, PH_PLACE phrases) of one sentence
 * toks[0..n) and chooses a reading for each ambiguous name: a following
 * ", Country" or ", State" ("Paris, Texas"); a country of `countries` (ISO3
 * codes of countries the document mentions, most relevant first); capitals
 * before other namesakes; then population.  Names that are also actors
 * ("Washington" as the US government) are reported only when locative.
 * Stores at most max in out, in token order; returns the number stored.
 */
size_t places_scan(const dyad_dict *d, const dyad_token *toks, uint32_t n, const char *const *countries,
                   size_t ncountries, place_ref *out, size_t max);

/**
 * The place a name written as text stands for (a dateline's "SEOUL",
 * "NAIROBI, Kenya", "Tokyo"), chosen as in places_scan; -1 when none.
 */
int64_t places_lookup(const dyad_dict *d, const char *s, size_t n, const char *const *countries,
                      size_t ncountries);

/* MARK: quotations (quotes.c) */

/** One direct quotation of a document and its attribution. */
typedef struct quote_ref {
    size_t start, end;        /* byte range of the quoted words (quotation marks excluded) */
    uint32_t tb, te;          /* document token range of the quoted words */
    uint32_t sent_first, sent_last; /* sentences the quotation spans */
    uint32_t spk_b, spk_e;    /* document token range of the speaker phrase; spk_b == spk_e: none */
    uint32_t verb;            /* document token index of the attribution verb ("said"), or UINT32_MAX */
    bool spk_pronoun;         /* the speaker phrase is a pronoun (he, she, they): resolved by coreference */
    int32_t same_as;          /* an earlier quotation whose speaker this one continues, or -1 */
} quote_ref;

/**
 * Finds the direct quotations of a document (straight and curly marks,
 * quotations spanning sentences or paragraphs, quotations interrupted by
 * "he said") and attributes each to its speaker: "X said", "said X",
 * "according to X", "X stressed:", "X noted, '...'", "X told reporters".
 * toks/sents are the document's; text its text.  Stores at most max in out
 * in document order; returns the number stored.
 */
size_t quotes_scan(const char *text, const dyad_token *toks, size_t ntoks, const dyad_sentence *sents,
                   size_t nsents, quote_ref *out, size_t max);

#endif
