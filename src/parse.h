/*
 * parse.h — the shallow parse of one sentence (private): word classes,
 * noun phrases with their actor codes (compounds split), verb groups with
 * voice, negation and modality, and clause boundaries.  Built by parse.c,
 * read by events.c.
 */
#ifndef DYAD_PARSE_H
#define DYAD_PARSE_H

#include "dict.h"

/* Word classes assigned before chunking. */
typedef enum wclass {
    W_OTHER = 0, W_DET, W_PREP, W_CONJ, W_AUX, W_MODAL, W_NEG, W_PRON, W_REL, W_COMMA,
    W_PUNCT, W_ADV, W_TO, W_SUBORD, W_VERB, W_ACTOR, W_AGENT, W_NOUN, W_QUOTE, W_SPEECH, W_TIME, W_VPART
} wclass;

#define MAX_CODES 8

/* A noun phrase: tokens [b, e) (sentence-relative), its actor codes (several for compounds). */
typedef struct np {
    uint32_t b, e;
    uint32_t ncodes;
    char codes[MAX_CODES][64];
    uint32_t cb[MAX_CODES], ce[MAX_CODES]; /* token range of each conjunct's actor */
    bool pronoun;        /* he/she/they/the two sides: resolved to an earlier actor */
    bool in_pp;          /* preceded by a preposition */
} np;

/* A verb group: auxiliaries, negation and the head verb. */
typedef struct vgroup {
    uint32_t b;          /* first token of the group (aux, neg or verb) */
    uint32_t v;          /* the head verb token */
    uint32_t vend;       /* one past the verb's last token ("cordoned off", "wire tapped") */
    uint32_t verb;       /* dictionary verb id */
    bool passive, negated, hypothetical, infinitive, gerund;
    bool future;         /* will/would/shall: coded as the intent (03x) or threat (13x) */
    bool reduced;        /* a participle modifying a noun ("sanctions imposed on X"): background, not coded */
    bool describes;      /* a participle of place or with a "by" agent after a noun ("a group based in X",
                          * "forces backed by Y"): the noun's description when another verb follows */
    bool refused;        /* "refused to X", "will not X": coded as the rejection (12x) of a cooperative X */
    bool if_after;       /* "may halt its mediation if Y": may/might/could with a condition after the
                          * verb in its sentence; a coercive act so conditioned is coded as its threat */
    const char *why_not; /* when not coded: the reason, for explain */
} vgroup;

#define MAX_NPS 64
#define MAX_VGS 32

typedef struct sent_parse {
    const dyad_dict *dict;
    const dyad_token *toks;  /* the sentence's tokens */
    uint32_t n;
    dict_day day;
    struct doc_context *dctx; /* the document's context (coreference), or NULL (explain, validate) */
    uint8_t cls[512];        /* wclass per token (sentences are capped at 512 tokens for parsing) */
    uint32_t verbs_of[512];  /* verb id + 1 of a token with a verb reading, else 0 */
    uint8_t vlen[512];       /* tokens covered by that verb reading (multi-word verbs) */
    dict_word wid[512];      /* each token's word id and root edge, found once per sentence (dictionary pass) */
    dict_match_t syn[512];   /* the synonym-set reading starting at each token (dict_match, PH_SYNSET) */
    dict_match_t code_m[512]; /* the DICT_CODE_KINDS match starting at each token, for the noun phrases' codes */
    uint8_t code_ok[512];
    dict_match_t names[512]; /* the match of any kind starting at each token where a place name may
                              * start (places_name_start), for the document's places (context.c) */    /* code_m[i] involved no case check: it holds for any phrase that contains it */
    uint8_t span[512];       /* length of the dictionary match starting here (actors/agents) */
    bool adj[512];           /* the token is part of an adjectival actor ("Russian") */
    np nps[MAX_NPS];
    uint32_t nnps;
    int32_t np_at[512];      /* index of the NP covering the token, or -1 */
    vgroup vgs[MAX_VGS];
    uint32_t nvgs;
    bool discard, story_discard;
} sent_parse;

/** Parses tokens[0..n) of one sentence (n is capped at 512). */
void parse_sentence(sent_parse *p, const dyad_dict *d, const dyad_token *toks, uint32_t n, dict_day day);

/* True when t is a noun for a message ("statement", "letter", "report"): a participle after it
 * says what the message does ("a statement urging Seoul to..."). */
bool parse_message_noun(const dyad_token *t);

/* True when t is a verb of beginning or continuing ("began", "continued"): the verb after it
 * ("began withdrawing", "continued to attack") is the act itself. */
bool parse_aspect_verb(const dyad_token *t);

/** True when token t's norm equals the NUL-terminated word w. */
static inline bool tok_is(const dyad_token *t, const char *w)
{
    /* in loops over lists of words w is no constant and strlen is a call: the first letter first
     * (with a literal, the length compare alone is cheaper) */
    if (!__builtin_constant_p(w[0]) && (t->norm_len ? t->norm[0] != w[0] : w[0] != '\0')) return false;
    size_t n = strlen(w);
    return t->norm_len == n && memcmp(t->norm, w, n) == 0;
}

#endif
