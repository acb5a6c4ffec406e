/*
 * dict.h — the compiled dictionary set (private).
 *
 * Everything a dictionary says is stored in one dyad_dict:
 *   - a string pool (codes, names, words), strings addressed by offset;
 *   - a token trie of phrases (actors, adjectives, metonyms, agents, verb
 *     forms, nouns, discards), keyed by normalised tokens as token.c makes
 *     them, so "U.S.", "Russia's" and "Cho Tae-yul" match as they are written;
 *     TABARI-style stems (prefix words) hang off the nodes that need them;
 *   - entities (countries, organisations, groups, people, generic actors)
 *     with a default code and date-limited roles;
 *   - agents (sector codes with the side they attach to);
 *   - verbs (roots with their forms) and their patterns, one element array;
 *   - synonym sets, and the CAMEO codebook.
 *
 * Readers (dict_ours.c, dict_tabari.c, dict_petrarch.c) fill it through the
 * dict_add_* builder functions below; the coder reads it through dict_match
 * and the accessors.  After loading, a dyad_dict is never modified, so many
 * coders on many threads may share it.
 */
#ifndef DYAD_DICT_H
#define DYAD_DICT_H

#include "internal.h"

/* MARK: dates */

/** A day as the integer yyyymmdd (20250322); 0 means "no bound". */
typedef int32_t dict_day;

/**
 * Parses "YYYY-MM-DD", "YYYY-MM" or "YYYY" (TABARI's "YYMMDD" is parsed by its
 * reader).  `upper` picks the last day a partial date covers (2025-06 ->
 * 20250631 as an upper bound, 20250601 as a lower one).  Returns -1 if invalid.
 */
dict_day dict_parse_day(const char *s, size_t n, bool upper);

/* MARK: strings */

/** Offset of a string in the pool; 0 is the empty string. */
typedef uint32_t dict_str;

/** Interns s[0..n) and returns its offset, or 0 with d->oom set when out of memory. */
dict_str dict_intern(dyad_dict *d, const char *s, size_t n);
/* dict_s(d, o), the NUL-terminated string at offset o: inline, at the end (it reads the struct) */

/**
 * snprintf(out, cap, "%.*s", (int)max, s) without printf (codes are copied several times per
 * noun phrase, and printf costs hundreds of instructions a call): copies s up to its NUL or max
 * bytes, truncated to cap - 1, and NUL-terminates.  Returns the length written.
 */
static inline size_t dict_copy(char *out, size_t cap, const char *s, size_t max)
{
    if (!cap) return 0;
    size_t n = strnlen(s, max < cap - 1 ? max : cap - 1);
    memmove(out, s, n);
    out[n] = '\0';
    return n;
}
/** snprintf(out, cap, "%s", s) without printf; returns the length written. */
static inline size_t dict_copys(char *out, size_t cap, const char *s) { return dict_copy(out, cap, s, SIZE_MAX); }

/* MARK: sources (for the "pattern" field and for diagnostics) */

/** Registers a source file name and returns its index. */
uint32_t dict_add_file(dyad_dict *d, const char *path);
/** "file:line" of a source position, into buf. */
const char *dict_where(const dyad_dict *d, uint32_t file, uint32_t line, char *buf, size_t n);

/* MARK: entities */

typedef enum dict_entity_kind {
    ENT_ACTOR = 0,   /* a generic actor (TABARI/PETRARCH dictionaries) */
    ENT_COUNTRY = 1,
    ENT_IGO = 2,
    ENT_GROUP = 3,   /* armed or political non-state group */
    ENT_PERSON = 4
} dict_entity_kind;

typedef struct dict_role {
    dict_str code;
    dict_day from, to;   /* inclusive; 0 = open */
    dict_str note;       /* role description, e.g. "foreign minister" */
} dict_role;

typedef struct dict_entity {
    dict_str name;        /* the first name listed */
    dict_str code;        /* default code, used outside every role range; 0 = none */
    uint32_t role_begin, nroles;
    uint8_t kind;         /* dict_entity_kind */
    uint32_t file, line;
    dict_str iso2, iso3, cow, gw, fips, cowabb; /* crosswalk codes of countries */
} dict_entity;

uint32_t dict_add_entity(dyad_dict *d, int kind, const char *name, size_t nlen, dict_str code,
                         uint32_t file, uint32_t line);
/** Adds a role to the most recently added entity (roles of one entity are contiguous). */
bool dict_add_role(dyad_dict *d, uint32_t entity, dict_str code, dict_day from, dict_day to,
                   dict_str note);
/** The entity's code on a day (0 = undated: the default code, else the latest role); NULL if none applies. */
const char *dict_entity_code(const dyad_dict *d, uint32_t entity, dict_day day);

/* MARK: agents */

typedef struct dict_agent {
    dict_str code;      /* e.g. "GOV", "GOVFRM" */
    bool prefix;        /* TABARI "NGO~": the agent code goes before the actor's */
    bool replace;       /* our "~CODE": replaces the actor code */
    uint32_t file, line;
} dict_agent;

uint32_t dict_add_agent(dyad_dict *d, dict_str code, bool prefix, bool replace, uint32_t file,
                        uint32_t line);

/* MARK: phrases (the token trie) */

typedef enum dict_phrase_kind {
    PH_ACTOR = 1,      /* id = entity */
    PH_ADJ = 2,        /* id = entity, adjectival or demonym form ("South Korean") */
    PH_GOV = 3,        /* id = entity, metonym for its government ("Seoul", "Kremlin") */
    PH_MIL = 4,        /* id = entity, metonym for its military ("Pentagon") */
    PH_AGENT = 5,      /* id = agent */
    PH_VERB = 6,       /* id = verb */
    PH_NOUN = 7,       /* TABARI <NOUN>: a common noun, no code */
    PH_ADJECTIVE = 8,  /* TABARI <ADJECTIVE>: an adjective, no code */
    PH_DISCARD = 9,    /* the sentence is out of scope */
    PH_STORY_DISCARD = 10, /* the whole story is out of scope */
    PH_NULL = 11,      /* a null-coded phrase: matched, so shorter matches are blocked, but codes nothing */
    PH_SYNSET = 12,    /* id = synonym set (members are matched through the trie) */
    PH_PLACE = 13      /* id = place */
} dict_phrase_kind;

enum {
    PF_CASE = 1 << 0,     /* matches only when the text is in capitals too */
    PF_DATED = 1 << 1,    /* id refers to an entity whose code depends on the date */
    PF_CAP = 1 << 2       /* matches only when capitalised in the text (a bare surname) */
};

typedef struct dict_payload {
    uint8_t kind;        /* dict_phrase_kind */
    uint8_t flags;       /* PF_* */
    uint16_t ntoks;      /* length of the phrase in tokens */
    uint32_t id;
    uint32_t file, line;
    uint32_t next;       /* next payload of the same node, 0 = none */
} dict_payload;

/* How the words of a phrase match text tokens. */
enum {
    PW_EXACT = 0,        /* the word exactly (after normalisation) */
    PW_TABARI = 1 << 0,  /* TABARI syntax: '_' joins words; a word without a final '_' is a stem */
    PW_PLURAL = 1 << 1,  /* also add the regular plural of the last word (agents, our actors) */
    PW_POSSESSIVE = 1 << 2 /* (unused: "'s" is a separate token, so possessives need nothing) */
};

/**
 * Adds a phrase with its payload.  The phrase is tokenised like text; in
 * PW_TABARI mode '_' stands for a space and a word not ending in '_' is a
 * stem.  Returns false and reports through the options' diagnostic callback
 * (with file:line) when the phrase is empty, or false with d->oom on OOM.
 */
bool dict_add_phrase(dyad_dict *d, const char *phrase, size_t len, int mode,
                     const dict_payload *p);

/** A match of the trie against text. */
typedef struct dict_match_t {
    size_t ntoks;               /* tokens covered (0 = no match) */
    const dict_payload *first;  /* payload list (follow ->next via dict_payload_next) */
    uint32_t kinds;             /* bit (1 << kind) of each payload's kind in the list: a test without reading it */
    uint32_t verb;              /* id + 1 of the first PH_VERB payload of the list, 0 = none */
} dict_match_t;

/**
 * Finds the longest phrase starting at toks[i] (i < n) whose payloads pass
 * their case flags; tokens of other sentences must be excluded by the caller
 * through n.  `want` is a bit mask of (1 << dict_phrase_kind) to consider, or
 * 0 for all.
 */
dict_match_t dict_match(const dyad_dict *d, const dyad_token *toks, size_t n, size_t i,
                        uint32_t want);

/** Word id meaning "no string of the dictionaries is this word": it matches no phrase or pattern word. */
#define DICT_NO_WORD UINT32_MAX

/**
 * The word id of w[0..n): the offset of the equal string in the pool (strings
 * are interned once, so equal ids mean equal words) when a phrase or a
 * pattern has this word, else DICT_NO_WORD.  One hash lookup; the trie and
 * the pattern index are keyed by these ids, so a token's id is computed once
 * and reused by every lookup.  Read-only: callable from many threads.
 */
dict_str dict_word_id(const dyad_dict *d, const char *w, size_t n);

/** A token's word as the dictionaries know it (dict_word_lookup). */
typedef struct dict_word {
    dict_str id;         /* dict_word_id */
    uint32_t root;       /* the trie node this word leads to from the root, 0 = none */
    uint8_t closed;      /* parse_closed_word of the word + 1; 0 = not known here (not a word of the table) */
} dict_word;

/**
 * The closed word class (parse.h W_*) of the normalised word w[0..n), W_OTHER for any other
 * word (parse.c).  The word table keeps it with each word, so that a token's class comes
 * with its word id instead of a second hash lookup.
 */
uint8_t parse_closed_word(const char *w, size_t n);

/** dict_word_id and the word's trie edge from the root, in one lookup. */
dict_word dict_word_lookup(const dyad_dict *d, const char *w, size_t n);

/** Most masks dict_match_multi takes at once. */
#define DICT_MAX_WANTS 5

/**
 * dict_match for up to DICT_MAX_WANTS kind masks in one walk of the trie:
 * out[k] is what dict_match(d, toks, n, i, want[k]) returns.  words (may be
 * NULL) holds dict_word_lookup of each token of toks[0..n), computed once by
 * the caller; without it the words are looked up on the way.
 */
void dict_match_multi(const dyad_dict *d, const dyad_token *toks, const dict_word *words, size_t n, size_t i,
                      const uint32_t *want, size_t nwant, dict_match_t *out);
/**
 * dict_match_multi, also saying which masks' results depend on more than the
 * tokens they cover: bit k of the result is set when the walk met a node of
 * mask k's kinds whose payloads check the text's case (a bare surname, an
 * all-capitals acronym), which reads the tokens around the phrase and is
 * bounded by toks[0..n).  When bit k is clear, out[k] is also the answer for
 * any slice of toks that holds toks[i..i+out[k].ntoks) (the tokens' words
 * the same), provided the slice starts at or before i: the walk of the slice
 * sees the same nodes up to its end, and none longer is acceptable.
 */
uint32_t dict_match_cased(const dyad_dict *d, const dyad_token *toks, const dict_word *words, size_t n, size_t i,
                          const uint32_t *want, size_t nwant, dict_match_t *out);

/* MARK: verbs and patterns */

typedef enum dict_elem_kind {
    PE_WORD = 1,     /* word: a set of forms (str = alternatives list id) */
    PE_SYNSET = 2,   /* id = synonym set */
    PE_SOURCE = 3,   /* $ */
    PE_TARGET = 4,   /* + */
    PE_COMPOUND = 5, /* % : a compound actor that is both source and target */
    PE_SKIP = 6,     /* ^ : skip to the end of the next noun phrase */
    PE_GAP = 7,      /* ... : up to `gap` words */
    PE_VERB = 8,     /* * : the verb itself */
    PE_CLAUSE = 9    /* TABARI '~' / PETRARCH transformations: reserved */
} dict_elem_kind;

enum {
    EF_OPTIONAL = 1 << 0,  /* word? */
    EF_STEM = 1 << 1,      /* a TABARI stem: prefix match */
    EF_FORMS = 1 << 2,     /* {lemma}: any inflection */
    EF_NO_GAP = 1 << 3,    /* TABARI '_' connector: must follow the previous element directly */
    EF_MULTI = 1 << 4      /* some alternatives have several words ("air strikes") */
};

typedef struct dict_elem {
    uint8_t kind;
    uint8_t flags;
    uint16_t gap;        /* PE_GAP: maximum words skipped */
    uint32_t id;         /* PE_WORD: first of `count` alternatives in d->alts; PE_SYNSET: set id */
    uint32_t count;
} dict_elem;

typedef struct dict_pattern {
    dict_str code;       /* CAMEO code, or "---" (null), "###" (discard), "+++" (complex) */
    dict_str code2;      /* TABARI [a:b]: code of the reverse event, else 0 */
    bool subordinate;    /* TABARI [code?] */
    uint32_t verb;       /* the verb this pattern belongs to */
    uint32_t elem_begin, nelems;
    uint32_t file, line;
    uint32_t required;   /* index + 1 of the first non-optional word element after the verb (a quick filter), 0 = none */
    uint32_t verb_at;    /* index + 1 of the PE_VERB element (TABARI/PETRARCH patterns, matched sparsely), 0 = none */
} dict_pattern;

typedef struct dict_verb {
    dict_str root;       /* the root as written */
    dict_str code;       /* default code of the bare verb, 0 = none */
    uint32_t file, line;
    bool foreign;        /* read from a TABARI or PETRARCH dictionary: coded the way those coders do */
} dict_verb;

uint32_t dict_add_verb(dyad_dict *d, const char *root, size_t len, dict_str code, uint32_t file,
                       uint32_t line);
/** Hash of a word as used by the pattern pre-filter (FNV-1a). */
uint32_t dict_word_hash(const char *w, size_t n);
/** Adds an alternative word form list (for PE_WORD); returns the index of the first. */
uint32_t dict_add_alts(dyad_dict *d, const dict_str *words, uint32_t n);
bool dict_add_pattern(dyad_dict *d, const dict_pattern *p, const dict_elem *elems, uint32_t n);
/**
 * Adds each person's surname as a phrase of its own ("Erdogan", "Zelenskyy")
 * when it is unambiguous: at least 4 letters, one person only, not already a
 * phrase of the dictionary and not a common English word.  Matches only when
 * capitalised.  Idempotent; false on OOM.
 */
bool dict_add_surnames(dyad_dict *d);
/**
 * Builds the lookup indexes (called at the end of each dyad_dict_load): the
 * patterns by verb and by key word (dict_verb_candidates), the word table
 * (dict_word_lookup) and the codebook by code; false on OOM.  The set is
 * read-only afterwards.
 */
bool dict_index_patterns(dyad_dict *d);
/** The patterns of a verb: *n patterns at the returned array of pattern indexes. */
const uint32_t *dict_verb_patterns(const dyad_dict *d, uint32_t verb, uint32_t *n);
/** The key of synonym set `id` among word ids, for dict_verb_candidates. */
#define DICT_SYNSET_KEY(id) (0x80000000u | (uint32_t)(id))
/**
 * The patterns of a verb that can match a clause.  keys[0..nkeys) are what
 * the words after the verb hold: their word ids (dict_word_id) and the
 * DICT_SYNSET_KEY of each synonym set read at them (dict_match with
 * PH_SYNSET).  Every pattern is indexed by one element after its verb that
 * any match needs (a content word, else a synonym set, else a function
 * word); patterns without one are always candidates.  Writes the
 * candidates' positions in the dict_verb_patterns array, ascending (file
 * order), to out[0..cap) and returns their number, or UINT32_MAX when there
 * are more than cap (then every pattern must be tried).  Read-only: callable
 * from many threads.
 */
uint32_t dict_verb_candidates(const dyad_dict *d, uint32_t verb, const dict_str *keys, size_t nkeys,
                              uint32_t *out, uint32_t cap);

/* MARK: synonym sets */

uint32_t dict_add_synset(dyad_dict *d, const char *name, size_t len, uint32_t file, uint32_t line);
/** Returns the synonym set named name (without '&'), or UINT32_MAX. */
uint32_t dict_find_synset(const dyad_dict *d, const char *name, size_t len);

/**
 * Adds every inflection of a lemma (verb forms: -s, -ed, -ing and WordNet's
 * irregular forms; the noun plural) as phrases with payload p.  Returns false on OOM.
 */
bool dict_add_verb_forms(dyad_dict *d, const char *lemma, size_t len, const dict_payload *p);
/** Fills forms with the inflections of the one-word lemma (interned); returns the count (<= max). */
uint32_t dict_inflect(dyad_dict *d, const char *lemma, size_t len, dict_str *forms, uint32_t max);
/** Parses one line of our verb-pattern files ("CODE  PATTERN"). */
void dict_verb_pattern_line(dyad_dict *d, uint32_t file, uint32_t line, char *s);

/* MARK: places */

typedef struct dict_place {
    dict_str name, country, kind;  /* country: ISO3; kind: capital, city, adm1 */
    float lat, lon;
    uint32_t population;
} dict_place;

/** Loads a places TSV (name, alternates, ISO3, kind, lat, lon, population). */
bool dict_load_places(dyad_dict *d, const char *path);

/* MARK: the CAMEO codebook */

typedef struct dict_event_code {
    dict_str code, name, plover;
    float goldstein;
    uint8_t quad, penta;
} dict_event_code;

bool dict_add_event_code(dyad_dict *d, const dict_event_code *c);
const dict_event_code *dict_find_event_code(const dyad_dict *d, const char *code);

/* MARK: actor code parts and the code index (formats.c) */

/** Kinds of the 3-letter codes of cameo/actor_codes.txt (its second column). */
typedef enum dict_known_kind {
    KC_OTHER = 0, KC_SECTOR = 1, KC_TYPE = 2, KC_GROUP = 3, KC_RELIGION = 4, KC_ETHNIC = 5, KC_REGION = 6
} dict_known_kind;

/** Kind and name of one known code; parallel to d->known_codes. */
typedef struct dict_known {
    uint8_t kind;        /* dict_known_kind */
    dict_str name;
} dict_known;

/** Parses an actor_codes.txt kind name ("sector", "religion", ...); KC_OTHER when unknown. */
int dict_known_kind_from_name(const char *s);

/** One entry of the code index: an entity by its code or ISO3, or a known code. */
typedef struct dict_code_ref {
    dict_str code;
    uint8_t src;         /* DICT_REF_* */
    uint32_t id;         /* entity index, or index into known_codes */
} dict_code_ref;
enum { DICT_REF_ENTITY = 1, DICT_REF_ISO3 = 2, DICT_REF_KNOWN = 3 };

/**
 * Builds d->code_index (sorted by code): countries, organisations, groups and
 * other non-person entities by their default code, countries by ISO3, and the
 * known codes.  Called at the end of dyad_dict_load; false on OOM.
 */
bool dict_index_codes(dyad_dict *d);
/** The first index entry of source src whose code is s[0..n), or NULL. */
const dict_code_ref *dict_find_code(const dyad_dict *d, const char *s, size_t n, int src);

/* MARK: actors (actor.c) */

/**
 * Reads the actor code of the noun phrase toks[0..n) on a day (0 = latest):
 * actors, adjectives and metonyms combined with agents.  Writes it into out;
 * returns its length (0 = no actor).  *consumed (may be NULL) gets the number
 * of tokens read up to the last dictionary match.
 */
size_t dict_code_tokens(const dyad_dict *d, const dyad_token *toks, size_t n, dict_day day, char *out,
                        size_t cap, size_t *consumed);
/** The payload kinds dict_code_tokens reads. */
#define DICT_CODE_KINDS ((1u << PH_ACTOR) | (1u << PH_ADJ) | (1u << PH_GOV) | (1u << PH_MIL) | (1u << PH_AGENT) | \
                         (1u << PH_NULL) | (1u << PH_NOUN))
/**
 * dict_code_tokens with each token's dict_word_lookup in words[0..n) (may be
 * NULL), computed once by the caller.  pre (may be NULL) holds the match of
 * DICT_CODE_KINDS at each token that a walk of a longer stretch of the same
 * tokens found (the sentence's), used where pre_ok[i] says no case check
 * was involved (dict_match_cased) and the match ends within the phrase: the
 * same answer without walking the trie again.
 */
size_t dict_code_words(const dyad_dict *d, const dyad_token *toks, const dict_word *words, const dict_match_t *pre,
                       const uint8_t *pre_ok, size_t n, dict_day day, char *out, size_t cap, size_t *consumed);

/* MARK: readers */

/** Reports a rejected dictionary line as file:line: message (never fatal). */
void dict_reject(dyad_dict *d, uint32_t file, uint32_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/** Loads one file of our format (data/); the kind is taken from its directory or name. */
bool dict_load_ours(dyad_dict *d, const char *path);
/** Loads a TABARI .actors/.agents/.verbs/.options file (kind from the extension). */
bool dict_load_tabari(dyad_dict *d, const char *path);
/** Loads a PETRARCH/Phoenix dictionary file (kind from the name: verbs, actors, agents, discards). */
bool dict_load_petrarch(dyad_dict *d, const char *path);
/** What a PETRARCH file held, line by line (for tests and `dict stats`); see dict_petrarch.c. */
typedef struct dict_petrarch_counts {
    size_t synsets, synset_members, blocks, verb_lines, multiword_verbs, patterns, transformations;
    size_t primary, synonyms, restrictions, agents, markers, discards, story_discards, rejected;
} dict_petrarch_counts;
/** Loads like dict_load_petrarch and fills *c (zeroed first) with the counts of the file. */
bool dict_load_petrarch_counts(dyad_dict *d, const char *path, dict_petrarch_counts *c);

/* MARK: options */

/** One setting of a TABARI .options file: "SET CODE BY" = "CLAUSE", "LABEL 031" = "MEET", "COMPLEX" = "VERBS[6] EXPLAIN". */
typedef struct dict_setting {
    dict_str key, value;
} dict_setting;

/** The value of the last setting read for key (case-insensitive), or NULL (dict_tabari.c). */
const char *dict_option(const dyad_dict *d, const char *key);

/* MARK: lint */

/**
 * Checks a loaded set across lines and files (`dyad dict check`; rules in
 * dict_lint.c): phrases listed twice, overlapping or inverted role dates,
 * unknown event and actor codes, patterns that can never match.  Reports
 * each problem through dict_reject and returns their number.
 */
size_t dict_lint(dyad_dict *d);

/* MARK: the dictionary set */

typedef struct dict_vec {
    void *v;
    size_t n, cap;
} dict_vec;

struct dyad_dict {
    dyad_alloc alloc;
    dyad_options opts;   /* diagnostics */
    bool oom;
    size_t rejected;     /* lines rejected while loading */
    dyad_buf pool;
    dict_vec files;      /* char * */
    dict_vec entities;   /* dict_entity */
    dict_vec roles;      /* dict_role */
    dict_vec agents;     /* dict_agent */
    dict_vec verbs;      /* dict_verb */
    dict_vec patterns;   /* dict_pattern */
    dict_vec elems;      /* dict_elem */
    dict_vec alts;       /* dict_str */
    dict_vec synsets;    /* dict_str names */
    dict_vec codes;      /* dict_event_code */
    dict_vec known_codes; /* dict_str: actor type/sector codes from actor_codes.txt */
    dict_vec known_meta;  /* dict_known, parallel to known_codes */
    dict_vec code_index;  /* dict_code_ref sorted by code (dict_index_codes) */
    uint64_t *code3;      /* the 3-letter codes of code_index: (3 bytes | src << 24) << 32 | position, hashed (dict_find_code) */
    size_t code3_cap;     /* slots of code3 (a power of two), 0 = none */
    dict_vec places;     /* dict_place */
    dict_vec irregular;  /* dict_str pairs (base, form) from verbs/irregular.txt */
    uint32_t *pat_index; /* pattern indexes sorted by verb */
    uint32_t *verb_first;/* per verb: first position in pat_index; verb_first[nverbs] = total */
    /* the pattern index by required word (dict_verb_candidates), built by dict_index_patterns */
    uint32_t *pat_always;        /* positions in pat_index of patterns without a required word, by verb */
    uint32_t *verb_always;       /* per verb: first in pat_always; verb_always[nverbs] = total */
    uint32_t *req_pos;           /* positions in pat_index, grouped by (verb, key) */
    uint32_t *req_verb;          /* per verb: its first group; req_verb[nverbs] = groups (NULL: no index) */
    uint32_t *req_key;           /* per group: the key (word id or synonym-set key), ascending within a verb */
    uint32_t *req_first;         /* per group: first in req_pos; req_first[groups] = total */
    uint64_t *req_bloom;         /* per verb: a bit per key (dict_verb_candidates skips the others) */
    uint32_t *req_bloom_at;      /* per verb: its first word in req_bloom, a power of two words (4 or more,
                                  * 16 bits per key: a verb of many keys still skips most words) */
    uint64_t *code_ids;          /* (code's pool id << 32 | index in codes), ascending (dict_find_event_code) */
    size_t ncode_ids;            /* codes.n when built; another count means stale (a linear search then) */
    const char *root;    /* the directory being loaded (file names are made relative to it) */
    bool loading_foreign; /* a TABARI or PETRARCH file is being read */
    dyad_buf scratch;    /* readers' scratch space */
    uint32_t scratch_line;
    dict_vec payloads;   /* dict_payload; index 0 unused */
    /* trie */
    dict_vec nodes;      /* dict_node */
    dict_vec stems;      /* dict_stem_edge */
    struct dict_edge *edges;
    size_t nedges, edge_cap;
    /* string pool dedup, also the word-id lookup (dict_word_id) while loading */
    struct dict_strslot *strhash;
    /* the words of phrases and patterns with their root edges (dict_word_lookup), built by
     * dict_index_patterns; a phrase or pattern added later makes it stale until the next build */
    struct dict_word_slot *words;
    size_t words_cap;
    bool words_ready;
    size_t nstr, strhash_cap;
    /* counts for `dyad dict stats` */
    size_t nphrases[16];
    dict_vec options;    /* dict_setting, from TABARI .options files */
    struct tabari_data *tabari; /* TABARI phrases and patterns as written, for the TABARI coder (tabari.c) */
};

/** Appends a zeroed element of size sz to vec; returns it, or NULL with d->oom set. */
void *dict_push(dyad_dict *d, dict_vec *vec, size_t sz);

#define DICT_AT(d, vec, type, i) (((type *)(d)->vec.v)[i])

/** The NUL-terminated string at offset o ("" for 0). */
static inline const char *dict_s(const dyad_dict *d, dict_str o) { return o && d->pool.data ? d->pool.data + o : ""; }

/** The payload after p in its list, or NULL (inline: the coder follows the lists of every token). */
static inline const dict_payload *dict_payload_next(const dyad_dict *d, const dict_payload *p)
{
    return p && p->next ? &DICT_AT(d, payloads, dict_payload, p->next) : NULL;
}

#endif /* DYAD_DICT_H */
