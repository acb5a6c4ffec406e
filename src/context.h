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

/* MARK: word sets (context.c) */

/*
 * The word lists of these modules ("in", "at", "said", "minister", ...) are
 * asked about tokens many times a sentence; a word set answers which lists a
 * word is on with one hash lookup instead of a walk of each list.  A module
 * fills its set once (pthread_once) from its static lists, each list with a
 * bit of its own; after that the set is read-only and shared by all threads.
 */
enum { WORD_SET_SLOTS = 2048, WORD_SET_MAX = 1024 };

typedef struct word_set_entry {
    const char *w;         /* the word (the list's own string) */
    uint32_t len;
    uint32_t hash;         /* word_set_hash of the word: most probes fail on it, without reading the word */
    uint32_t bits;         /* the lists it is on */
} word_set_entry;

typedef struct word_set {
    /* the shapes of the words: bit (last byte & 31) of [length, at most 15][first byte & 31].  Most
     * words of a text are on no list, and most of those fail this test before their hash is computed */
    uint32_t shape[16][32];
    uint16_t slot[WORD_SET_SLOTS]; /* entry index + 1, 0 = empty (open addressing) */
    uint32_t n;
    bool full;             /* a word did not fit: lookups of it would miss (a programming error) */
    word_set_entry e[WORD_SET_MAX];
} word_set;

/** Adds the n words of list to s with bits (or-ed into a word already there). */
void word_set_add(word_set *s, const char *const *list, size_t n, uint32_t bits);

/** FNV-1a of w[0..n) (as dict_word_hash), inline: a word set is asked about most words of a sentence. */
static inline uint32_t word_set_hash(const char *w, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)w[i]) * 16777619u;
    return h;
}

/** The bits of the word w[0..n) in s; 0 when it is on no list. */
static inline uint32_t word_set_bits(const word_set *s, const char *w, size_t n)
{
    if (!n || !(s->shape[n < 15 ? n : 15][(unsigned char)w[0] & 31] >> ((unsigned char)w[n - 1] & 31) & 1)) return 0;
    uint32_t h = word_set_hash(w, n);
    for (uint32_t k = h & (WORD_SET_SLOTS - 1); s->slot[k]; k = (k + 1) & (WORD_SET_SLOTS - 1)) {
        const word_set_entry *e = &s->e[s->slot[k] - 1];
        if (e->hash == h && e->len == n && !memcmp(e->w, w, n)) return e->bits;
    }
    return 0;
}

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

/** dates_scan's reading of a reference date, made once for the sentences of a document. */
typedef struct date_anchor {
    ymd ref;
    int32_t ref_days;   /* ymd_to_days(ref), when has_ref */
    int ref_wd;         /* ymd_weekday(ref), when has_ref */
    bool has_ref;       /* ref is a valid date */
} date_anchor;
/** The anchor of reference date ref (also builds dates_scan's tables: call it before dates_scan_at). */
date_anchor dates_anchor(ymd ref);
/** dates_scan against an anchor made by dates_anchor. */
size_t dates_scan_at(const dyad_token *toks, uint32_t n, const date_anchor *a, date_ref *out, size_t max);

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
/** True when a place name may start at toks[i] (of n): a capitalised word, or "the" before one. */
static inline bool places_name_start(const dyad_token *toks, uint32_t n, uint32_t i)
{
    const dyad_token *t = &toks[i];
    if (t->kind == DYAD_TOK_WORD && (t->flags & DYAD_TF_CAP)) return true;
    return t->norm_len == 3 && !memcmp(t->norm, "the", 3) && i + 1 < n && toks[i + 1].kind == DYAD_TOK_WORD &&
           (toks[i + 1].flags & DYAD_TF_CAP);
}
/**
 * places_scan with the dictionary's word of each token of toks[0..n)
 * (dict_word_lookup, as the sentence parse found them), so that the trie is
 * walked without looking the words up again; words may be NULL.  names (may
 * be NULL, and is NULL when words is) holds, at each token where
 * places_name_start holds, the match of any kind (dict_match_multi, mask 0)
 * with these words, as the sentence parse found it: then no walk is needed.
 */
size_t places_scan_words(const dyad_dict *d, const dyad_token *toks, const dict_word *words, const dict_match_t *names,
                         uint32_t n, const char *const *countries, size_t ncountries, place_ref *out, size_t max);

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

/* MARK: coreference and the document's context (context.c) */

typedef enum mention_how {
    MENTION_NAME = 0,     /* the phrase names the actor ("South Korea", "Foreign Minister Takeshi Iwaya") */
    MENTION_SURNAME = 1,  /* a later mention of a person named earlier in the document ("Cho", "Mr. Cho") */
    MENTION_PRONOUN = 2,  /* he, she, they, "the two sides": resolved to an earlier mention */
    MENTION_DEFINITE = 3, /* "the minister", "the ministers", "the three nations": resolved to an earlier mention */
    MENTION_ROLE = 4      /* a person not in the dictionaries, coded by the role that introduces them */
} mention_how;

/** One actor mention: a noun phrase (or one conjunct of a compound) with its code. */
typedef struct ctx_mention {
    uint32_t tb, te;       /* document token range */
    uint32_t sentence;
    char code[48];
    int32_t person;        /* index into the document's people, or -1 */
    int32_t antecedent;    /* the mention a surname, pronoun or definite phrase was resolved to, or -1 */
    uint8_t how;           /* mention_how */
} ctx_mention;

/** A person of the document: named in full once, coded for the rest of it. */
typedef struct ctx_person {
    char name[96];         /* the full name as first written */
    char key[96];          /* the lower-case words of the name, space-separated (for later mentions) */
    char code[48];
    uint64_t key_bloom;    /* one bit per word of key (also without an Arabic article): a quick "not in the name" */
    uint32_t first;        /* the first mention (index) */
    uint32_t nmentions;
    bool in_dict;          /* a dictionary person, else introduced with a role */
} ctx_person;

/** A date expression of the document, resolved. */
typedef struct ctx_date {
    date_ref r;            /* token range in document tokens */
    uint32_t sentence;
} ctx_date;

/** A place mention of the document with its chosen reading. */
typedef struct ctx_place {
    place_ref r;           /* token range in document tokens */
    uint32_t sentence;
} ctx_place;

/** A quotation with its speaker resolved. */
typedef struct ctx_quote {
    quote_ref r;
    char code[48];         /* the speaker's actor code, "" when unknown */
    int32_t mention;       /* the speaker's mention, or -1 */
    int32_t person;        /* the speaker's person, or -1 */
} ctx_quote;

typedef enum doc_date_from {
    DOCDATE_NONE = 0, DOCDATE_METADATA = 1, DOCDATE_OPTION = 2, DOCDATE_DATELINE = 3, DOCDATE_TEXT = 4
} doc_date_from;

/** Everything the document context found (owned by the document, freed with it). */
typedef struct doc_context {
    const dyad_dict *dict;
    dyad_alloc alloc;
    ymd date;              /* the document date (y == 0: unknown) */
    uint8_t date_from;     /* doc_date_from */
    int64_t dateline_place; /* index into the dictionary's places, or -1 */
    const char *countries[16]; /* ISO3 codes of the countries the document's mentions name, most named first */
    size_t ncountries;     /* (filled by context_finish before places are read) */
    ctx_mention *mentions; size_t nmentions, cap_mentions;
    ctx_person *people; size_t npeople, cap_people;
    ctx_date *dates; size_t ndates, cap_dates;
    ctx_place *places; size_t nplaces, cap_places;
    ctx_quote *quotes; size_t nquotes, cap_quotes;
    /* coreference state while the sentences are read in order */
    int32_t last_single;   /* the last mention of one person or organisation (he, she, the minister) */
    int32_t last_group;    /* the first mention of the last group of actors (they, the ministers, both sides) */
    uint32_t ngroup;       /* its actors: a compound, or both sides of a meeting */
    char group[8][48];
    uint32_t group_sentence; /* the sentence it was named in */
    struct ctx_group { char codes[8][48]; uint32_t n, sentence; int32_t first; } groups[8]; /* earlier groups, newest first */
    uint32_t ngroups;
    uint32_t sentence;     /* the sentence being read */
    uint32_t *verbs; size_t nverbs, cap_verbs; /* document token index of every verb group's head, in order */
    int32_t last_subject;  /* the last sentence-initial mention (a sentence-initial "He" or "They") */
    bool failed;           /* out of memory */
    const dyad_token *tokens; /* the document's tokens */
    uint8_t np_how[64];    /* per noun phrase of the sentence being read: mention_how */
    int32_t np_ante[64];   /* its antecedent mention, or -1 */
    int32_t last_person;   /* the last mention of a person, or -1 */
    /* the dictionary's word of each document token, kept from the sentence parses (context_learn) so
     * that the trie walks of context_finish need not look the words up again */
    dict_word *words; size_t cap_words;
    dict_match_t *names;   /* with them, the parse's match of any kind where a place may start (cap_words too) */
    uint8_t *words_ok; size_t cap_words_ok; /* per sentence: its words are in `words` */
    /* entity codes of three letters looked up in this document (dict_find_code), by the letters */
    struct ctx_code_memo {
        uint32_t key;              /* the three letters and a bit; 0 = empty */
        bool iso_known;            /* iso is filled in */
        const dict_code_ref *ref;  /* the entity, or NULL */
        const char *iso;           /* its ISO3 code when a country, else NULL */
    } code_memo[128];
} doc_context;

struct sent_parse;
/** A fresh context for document d (or the existing one, reset); NULL when out of memory. */
doc_context *context_begin(dyad_doc *d, const dyad_dict *dict, const dyad_options *opts);
/** Resolves the sentence's unknown phrases through the document so far (called by parse_sentence). */
void context_resolve(doc_context *x, struct sent_parse *p);
/** Records the mentions, people and antecedents of parsed sentence s (after its events). */
void context_learn(doc_context *x, const dyad_doc *d, uint32_t s, const struct sent_parse *p);
/** Dates, places and quotations of the whole document; each event's date and place. False on OOM. */
bool context_finish(doc_context *x, dyad_doc *d);
void context_free(doc_context *x);
/** The place of event e's own clause (a locative place name nearest its verb), or -1 (context_finish). */
int64_t context_clause_place(const doc_context *x, const dyad_doc *d, const dyad_event *e);
/** The same place as context_clause_place, as the place mention of the sentence (its words), or NULL. */
const ctx_place *context_clause_place_ref(const doc_context *x, const dyad_doc *d, const dyad_event *e);
/** True when document tokens [tb, te) of event e's sentence are in the clause of its verb (context_finish). */
bool context_in_clause(const doc_context *x, const dyad_doc *d, const dyad_event *e, uint32_t tb, uint32_t te);

/** True when mention m is a place name with namesakes in several countries, one of them ISO3 iso
    ("Tripoli": Libya's and Lebanon's), so that its code's country is only one reading of the name. */
bool context_namesake_metonym(const doc_context *x, const dyad_doc *d, const ctx_mention *m, const char *iso);
/** The ISO3 code of the country whose code is the first three letters of code, or NULL. */
const char *context_country3(doc_context *x, const char *code);

/* MARK: actors' countries (actor_country.c) */

/**
 * Completes the event actors coded by a sector alone (GOV, JUD, REB, OPP, CVL, ...) with the country
 * the text gives them: the one country the sentence names, else the country of the event's place or
 * of the dateline when the document is about it.  The mentions and quotation speakers read from the
 * same words get the same code.  Called at the end of context_finish; false when out of memory.
 */
bool actor_countries_infer(doc_context *x, dyad_doc *d);

#endif
