/*
 * quotes.c — the direct quotations of a document and who said them
 * (quotes_scan in src/context.h; issue 5, point 4).
 *
 * Marks.  A quotation opens at a double mark (straight " or curly “ ”) or a
 * single one (' ‘ ’) at the top level.  Marks of the other kind inside a
 * quotation are a nested quotation and belong to it (single inside double in
 * American style, double inside single in British style).  Straight marks
 * and ’ (also the apostrophe) take their role from what they touch: a mark
 * attached to the next word opens, one attached to the previous word closes.
 * A single mark is a quotation mark only when it clearly is one: it opens
 * when attached to a following word that is not a number ("the '90s"), and
 * it needs a closing mark in its paragraph; a closing ' after a word in -s
 * and before another word is a plural possessive ("the ministers' talks")
 * unless no other closing mark follows in the sentence.  Clitics ("Russia's",
 * "don't") are word tokens, never marks.
 *
 * Extent.  A quotation runs to its closing mark.  Wire stories quote over
 * several paragraphs by leaving the closing mark off at the end of a
 * paragraph and reopening the next paragraph with an opening mark: that is
 * one quotation, whose range then includes the reopening marks.  When the
 * closing mark never comes, the quotation ends at the end of its paragraph
 * (or headline), before the sentence of the next opening mark of its kind,
 * or after Q_MAX_OPEN_SENTENCES sentences, whichever comes first.
 *
 * Attribution, tried in this order:
 *   1. after the closing mark, in the same sentence: '"...," X said',
 *      '"...," said X', '"...", according to X';
 *   2. before the opening mark, in the same sentence, the nearest speech
 *      verb: 'X said: "..."', 'X said that "..."', 'X told reporters "..."',
 *      'According to X, "..."', and partial quotations ('X said the plan
 *      was "unacceptable"');
 *   3. 'X: "..."' when X is all the sentence holds before the mark (headlines);
 *   4. a previous sentence ending in a colon ('Iwaya told reporters:' and a
 *      paragraph that opens with the quotation);
 *   5. a next sentence that is only an attribution ('"We won." Iwaya said.');
 *   6. otherwise the quotation continues the speaker of the previous
 *      quotation of its paragraph or of the paragraph before (same_as).
 * An interrupted quotation ('"We will not," Iwaya said, "accept this."') is
 * two quotations: the first has the speaker; the second has same_as the
 * first and the same verb.  So has the second quotation of '"...," X said,
 * adding: "..."' (its verb is "adding").  same_as always names a quotation
 * that has a speaker phrase of its own.
 *
 * The speaker phrase is the whole noun phrase naming the speaker, with its
 * title and apposition ("Japanese Foreign Minister Takeshi Iwaya", "the
 * ministry's spokesman, Lin Jian", "a spokesman for the ministry"), without
 * the verb, commas and trailers ("on Saturday", "in a statement", "told
 * reporters").  A lone he, she, it, they, we or I sets spk_pronoun.
 *
 * Scare quotes.  A quotation of fewer than Q_MIN_WORDS words is kept only
 * when a speech verb introduces it (rules 1-3 and interrupted quotations) or
 * when it is a sentence of its own ('"Never."'), and never right after a
 * naming word ("so-called", "dubbed", "called", "termed", "known as"): in
 * 'the so-called "peace plan"' or 'what it called "provocations"' nobody is
 * quoted as a speaker.
 *
 * Cost: one pass over the tokens; every search is bounded by a fixed window
 * or by the next mark of the same kind; nothing is allocated.
 */
#include "context.h"

#include <pthread.h>

/* MARK: limits */

enum {
    Q_MAX_OPEN_SENTENCES = 6, /* an unclosed quotation ends after this many sentences */
    Q_SINGLE_WINDOW = 400,    /* tokens searched for the mark closing a single-quoted quotation */
    Q_BEFORE_WINDOW = 30,     /* tokens searched back from an opening mark for a speech verb */
    Q_AFTER_WINDOW = 20,      /* tokens searched after a closing mark for a speech verb */
    Q_NP_MAX = 14,            /* longest run of speaker-phrase tokens on either side of an apposition comma */
    Q_MIN_WORDS = 4,          /* shorter quotations need a speech verb of their own (scare quotes) */
    Q_NEXT_MAX = 12           /* longest next sentence read as a bare attribution ("Iwaya said.") */
};

#define Q_NONE UINT32_MAX
#define S_IN(t, bits) ((S_lists(t) & (bits)) != 0)

/* MARK: word lists */

/* finite speech verbs: '"...," X said', 'said X', 'X said: "..."' */
static const char *const S_verbs[] = {
    "said", "says", "say", "told", "tells", "added", "adds", "stressed", "stresses", "noted", "warned",
    "warns", "insisted", "insists", "emphasised", "emphasized", "emphasises", "emphasizes", "declared",
    "declares", "stated", "wrote", "writes", "tweeted", "posted", "argued", "argues", "explained",
    "explains", "asked", "asks", "replied", "replies", "urged", "urges", "continued", "acknowledged",
    "acknowledges", "conceded", "concedes", "claimed", "announced", "announces", "remarked", "recalled",
    "cautioned", "complained", "complains", "vowed", "pledged", "responded", "countered", "admitted",
    "admits", "predicted", "quipped", "shouted", "chanted", "demanded", "observed", "reiterated"};

/* participles that introduce a quotation of the clause's subject: '..., adding: "..."' */
static const char *const S_participles[] = {
    "saying", "adding", "noting", "stressing", "warning", "insisting", "emphasising", "emphasizing",
    "declaring", "stating", "writing", "arguing", "explaining", "asking", "urging", "continuing",
    "acknowledging", "conceding", "claiming", "announcing", "recalling", "cautioning", "complaining",
    "vowing", "pledging", "telling", "tweeting", "reiterating"};

/* words that end a speaker phrase (function words, auxiliaries, trailers) */
static const char *const S_stop[] = {
    "or", "but", "nor", "that", "which", "who", "whom", "whose", "when", "where", "while", "whereas",
    "as", "because", "if", "though", "although", "since", "until", "unless", "is", "are", "was",
    "were", "be", "been", "being", "am", "has", "have", "had", "having", "will", "would", "can",
    "could", "should", "shall", "may", "might", "must", "do", "does", "did", "not", "n't", "never",
    "on", "in", "at", "with", "by", "after", "before", "during", "into", "onto", "over", "under",
    "than", "then", "so", "also", "later", "again", "earlier", "still", "however", "meanwhile", "yet",
    "just", "even", "about", "against", "without", "amid", "despite", "through", "via", "there",
    "here", "this", "these", "those", "what", "how", "why", "him", "them", "us", "me", "speaking",
    "referring", "according", "quoted", "reportedly", "separately", "too", "today", "yesterday",
    "tonight", "now", "once", "only", "said", "told", "adding", "saying", "you", "your"};

static const char *const S_pronouns[] = {"he", "she", "it", "they", "we", "i"};

/* words a phrase may start with after a comma (apposition) */
static const char *const S_dets[] = {
    "the", "a", "an", "his", "her", "its", "their", "our", "my", "one", "two", "three", "several",
    "some", "many", "another", "both", "each", "every", "former", "senior"};

/* what may stand between a subject and its verb: 'Iwaya later said', 'Iwaya has said' */
static const char *const S_adverbs[] = {
    "also", "later", "then", "again", "earlier", "previously", "repeatedly", "separately", "further",
    "recently", "reportedly", "once", "publicly", "privately", "first", "has", "had", "have", "would",
    "will", "today", "yesterday", "tonight", "once", "subsequently", "simply"};

/* words a speaker phrase cannot start with */
static const char *const S_lead_trim[] = {
    "of", "for", "from", "to", "and", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "january", "february", "march", "april", "june", "july", "august",
    "september", "october", "november", "december"};

static const char *const S_weekdays[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

/* words right before a mark that name or label rather than quote: 'the so-called "peace plan"' */
static const char *const S_naming[] = {
    "so-called", "dubbed", "called", "call", "calls", "calling", "termed", "labelled", "labeled",
    "branded", "nicknamed", "named", "self-styled", "self-proclaimed"};

/* words that follow an elision apostrophe, not an opening mark: "rock 'n' roll", "'til" */
static const char *const S_elisions[] = {"n", "em", "til", "tis", "twas", "cause", "bout", "round"};

/* clause words a backward search for a speech verb does not cross */
static const char *const S_clause_breaks[] = {"but", "while", "whereas", "although", "though", "however"};

/* commas around these are parentheses: 'Kim, however, said' */
static const char *const S_parentheticals[] = {"however", "meanwhile", "too", "though", "also", "instead"};

/* lower-case words of a sentence's leading subject: 'The foreign minister spoke ..., saying: "..."' */
static const char *const S_roles[] = {
    "minister", "ministers", "ministry", "spokesman", "spokeswoman", "spokesperson", "official",
    "officials", "president", "secretary", "government", "leader", "leaders", "chief", "ambassador",
    "envoy", "diplomat", "diplomats", "general", "commander", "police", "army", "military", "party",
    "agency", "office", "representative", "lawmaker", "lawmakers", "senator", "governor", "mayor",
    "analyst", "analysts", "director", "chairman", "chairwoman", "head", "premier", "chancellor",
    "foreign", "prime", "defence", "defense", "interior", "senior", "top", "deputy", "former", "state",
    "security", "council", "committee", "court", "judge", "prosecutor", "prosecutors", "spokespeople",
    "activists", "protesters", "residents", "witnesses", "officer", "officers", "soldier", "soldiers",
    "commission", "bank", "group", "company", "union", "opposition", "rebels", "militants", "source",
    "sources", "statement", "embassy", "white", "house"};

/* The word lists above, one bit each in the lexicon (S_lists). */
enum {
    L_VERBS = 1 << 0,
    L_PARTICIPLES = 1 << 1,
    L_STOP = 1 << 2,
    L_PRONOUNS = 1 << 3,
    L_DETS = 1 << 4,
    L_ADVERBS = 1 << 5,
    L_LEAD_TRIM = 1 << 6,
    L_WEEKDAYS = 1 << 7,
    L_NAMING = 1 << 8,
    L_ELISIONS = 1 << 9,
    L_CLAUSE_BREAKS = 1 << 10,
    L_PARENTHETICALS = 1 << 11,
    L_ROLES = 1 << 12
};

/* The lists above in one hash set, filled once and read-only after (speaker phrases ask it of every word). */
static word_set S_lexicon;
static pthread_once_t S_lexicon_once = PTHREAD_ONCE_INIT;

#define ADD_LIST(list, bit) word_set_add(&S_lexicon, (list), sizeof(list) / sizeof *(list), (bit))

static void S_lexicon_build(void)
{
    ADD_LIST(S_verbs, L_VERBS);
    ADD_LIST(S_participles, L_PARTICIPLES);
    ADD_LIST(S_stop, L_STOP);
    ADD_LIST(S_pronouns, L_PRONOUNS);
    ADD_LIST(S_dets, L_DETS);
    ADD_LIST(S_adverbs, L_ADVERBS);
    ADD_LIST(S_lead_trim, L_LEAD_TRIM);
    ADD_LIST(S_weekdays, L_WEEKDAYS);
    ADD_LIST(S_naming, L_NAMING);
    ADD_LIST(S_elisions, L_ELISIONS);
    ADD_LIST(S_clause_breaks, L_CLAUSE_BREAKS);
    ADD_LIST(S_parentheticals, L_PARENTHETICALS);
    ADD_LIST(S_roles, L_ROLES);
}

/* MARK: tokens */

/* A document as quotes_scan sees it. */
typedef struct qdoc {
    const char *text;
    const dyad_token *t;
    uint32_t n;
    const dyad_sentence *s;
    uint32_t ns;
} qdoc;

// True when the token's normal form is w.
static bool S_is(const dyad_token *t, const char *w)
{
    if (t->norm_len == 0 || t->norm[0] != w[0]) return false; /* most words fail here */
    size_t n = strlen(w);
    return t->norm_len == n && memcmp(t->norm, w, n) == 0;
}

// The lists (L_* bits) the token's normal form is on (quotes_scan has built the lexicon).
static uint32_t S_lists(const dyad_token *t)
{
    return word_set_bits(&S_lexicon, t->norm, t->norm_len);
}

static bool S_punct(const dyad_token *t, char c)
{
    return t->kind == DYAD_TOK_PUNCT && t->norm_len == 1 && t->norm[0] == c;
}

// True for . ! ? and ellipses.
static bool S_terminal(const dyad_token *t)
{
    if (t->kind == DYAD_TOK_ELLIPSIS) return true;
    return t->kind == DYAD_TOK_PUNCT && t->norm_len >= 1 &&
           (t->norm[0] == '.' || t->norm[0] == '!' || t->norm[0] == '?');
}

static bool S_cap(const dyad_token *t)
{
    return t->kind == DYAD_TOK_WORD && (t->flags & (DYAD_TF_CAP | DYAD_TF_ALLCAPS)) != 0;
}

// True when nothing separates tokens i and i + 1.
static bool S_touching(const qdoc *q, uint32_t i)
{
    return i + 1 < q->n && q->t[i].start + q->t[i].len == q->t[i + 1].start;
}

/* MARK: sentences */

// The sentence holding token i, or Q_NONE (dateline, inconsistent input).
static uint32_t S_sent(const qdoc *q, uint32_t i)
{
    if (i >= q->n) return Q_NONE;
    uint32_t s = q->t[i].sentence;
    if (s >= q->ns || i < q->s[s].tok_begin || i >= q->s[s].tok_end) return Q_NONE;
    return s;
}

// The first token of the sentence holding i (i itself when unknown).
static uint32_t S_sent_begin(const qdoc *q, uint32_t i)
{
    uint32_t s = S_sent(q, i);
    return s == Q_NONE ? i : q->s[s].tok_begin;
}

// One past the last token of the sentence holding i (i + 1 when unknown).
static uint32_t S_sent_end(const qdoc *q, uint32_t i)
{
    uint32_t s = S_sent(q, i);
    if (s == Q_NONE) return i + 1;
    return q->s[s].tok_end < q->n ? q->s[s].tok_end : q->n;
}

static bool S_headline(const qdoc *q, uint32_t s)
{
    return s != Q_NONE && (q->s[s].flags & DYAD_SF_HEADLINE) != 0;
}

// A sentence index in range for token i: its own, else the nearest valid one.
static uint32_t S_sent_near(const qdoc *q, uint32_t i)
{
    uint32_t s = i < q->n ? q->t[i].sentence : Q_NONE;
    return s < q->ns ? s : q->ns - 1;
}

/* MARK: quotation marks */

typedef enum { M_NONE, M_OPEN, M_CLOSE } mark_role;

// True when token i is a quotation mark of kind c ('"' or '\'').
static bool S_mark(const qdoc *q, uint32_t i, char c)
{
    const dyad_token *t = &q->t[i];
    return t->kind == DYAD_TOK_QUOTE && t->norm_len >= 1 && t->norm[0] == c;
}

// True when the mark's role comes from what it touches: straight marks and ’ (also the apostrophe).
static bool S_context_mark(const qdoc *q, const dyad_token *t)
{
    if (!q->text) return true;
    const unsigned char *p = (const unsigned char *)q->text + t->start;
    if (t->len == 1) return p[0] == '"' || p[0] == '\'';
    return t->len == 3 && p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x99;
}

// The role of mark i.  Typographic marks keep the tokenizer's; a straight mark attached
// to the next word opens and one attached to the previous word closes; a lone mark closes
// when a quotation of its kind is open (`inside`).
static mark_role S_role(const qdoc *q, uint32_t i, bool inside)
{
    const dyad_token *t = &q->t[i];
    if (!S_context_mark(q, t))
        return (t->flags & DYAD_TF_OPEN) ? M_OPEN : (t->flags & DYAD_TF_CLOSE) ? M_CLOSE : M_NONE;
    bool prev = i > 0 && S_touching(q, i - 1), next = S_touching(q, i);
    if (next && !prev) return M_OPEN;
    if (prev && !next) return M_CLOSE;
    if (prev && next) { /* 'said:"We' opens, 'over."He' closes */
        const dyad_token *p = &q->t[i - 1];
        bool opens = (p->flags & DYAD_TF_OPEN) || p->kind == DYAD_TOK_DASH || S_punct(p, ':') || S_punct(p, ',');
        return opens ? M_OPEN : M_CLOSE;
    }
    return inside ? M_CLOSE : M_OPEN;
}

// True when the single mark i opens a quotation: it opens, touches a word, not a number ("'90s").
static bool S_single_opens(const qdoc *q, uint32_t i)
{
    if (!S_mark(q, i, '\'') || S_role(q, i, false) != M_OPEN || !S_touching(q, i)) return false;
    const dyad_token *w = &q->t[i + 1];
    if (w->kind == DYAD_TOK_NUMBER || (w->flags & DYAD_TF_DIGIT) || S_IN(w, L_ELISIONS)) return false;
    return w->kind == DYAD_TOK_WORD || w->kind == DYAD_TOK_QUOTE || w->kind == DYAD_TOK_PUNCT;
}

// True when the single mark i closes a quotation: it is attached to what precedes it.
static bool S_single_closes(const qdoc *q, uint32_t i)
{
    return S_mark(q, i, '\'') && i > 0 && S_touching(q, i - 1) && S_role(q, i, true) == M_CLOSE;
}

// True when the closing single mark i reads as a plural possessive: "ministers' talks".
static bool S_possessive_like(const qdoc *q, uint32_t i)
{
    if (i == 0 || i + 1 >= q->n || !S_mark(q, i, '\'') || !S_touching(q, i - 1)) return false;
    const dyad_token *p = &q->t[i - 1], *nx = &q->t[i + 1];
    if (p->kind != DYAD_TOK_WORD || p->norm_len < 2 || p->norm[p->norm_len - 1] != 's') return false;
    return nx->kind == DYAD_TOK_WORD && (nx->flags & DYAD_TF_SPACE_BEFORE) && !(nx->flags & DYAD_TF_NEWLINE_BEFORE);
}

/* MARK: quotation extent */

/* A quotation found by its marks. */
typedef struct qspan {
    uint32_t open;    /* the opening mark */
    uint32_t tb, te;  /* the quoted tokens */
    uint32_t close;   /* the closing mark, or Q_NONE */
    uint32_t resume;  /* where the search for the next quotation goes on */
} qspan;

static bool S_closed(qspan *sp, uint32_t close)
{
    sp->te = close;
    sp->close = close;
    sp->resume = close + 1;
    return true;
}

// Ends a quotation without closing mark at `end`, or earlier at `cap` (the sentence limit).
static bool S_unclosed(qspan *sp, uint32_t end, uint32_t cap)
{
    sp->te = end < cap ? end : cap;
    if (sp->te < sp->tb) sp->te = sp->tb;
    sp->close = Q_NONE;
    sp->resume = sp->te > sp->open ? sp->te : sp->open + 1;
    return true;
}

// Finds the extent of the double-quoted quotation opening at `open` (see the top of the file).
static bool S_double_span(const qdoc *q, uint32_t open, qspan *sp)
{
    sp->open = open;
    sp->tb = open + 1;
    uint32_t cur = S_sent(q, open), nsent = 1, cap = Q_NONE;
    for (uint32_t j = open + 1; j < q->n; j++) {
        const dyad_token *t = &q->t[j];
        bool mark = S_mark(q, j, '"');
        if (t->flags & DYAD_TF_PARA_BEFORE) {
            /* a paragraph reopened with a mark continues the quotation */
            if (!mark || S_role(q, j, false) != M_OPEN || S_headline(q, cur)) return S_unclosed(sp, j, cap);
            cur = S_sent(q, j);
            nsent = 1;
            cap = Q_NONE;
            continue;
        }
        uint32_t s = S_sent(q, j);
        if (s != cur) {
            if (S_headline(q, cur)) return S_unclosed(sp, j, cap);
            cur = s;
            if (++nsent > Q_MAX_OPEN_SENTENCES && cap == Q_NONE) cap = j;
        }
        if (!mark) continue;
        if (S_role(q, j, true) == M_CLOSE) return S_closed(sp, j);
        /* an opening mark at the start of a line and sentence: paragraphs set one per line */
        if ((t->flags & DYAD_TF_NEWLINE_BEFORE) && S_sent_begin(q, j) == j) {
            nsent = 1;
            cap = Q_NONE;
            continue;
        }
        /* another opening mark: this one was never closed; end it before that sentence */
        uint32_t sb = S_sent_begin(q, j);
        return S_unclosed(sp, sb > open ? sb : j, cap);
    }
    return S_unclosed(sp, q->n, cap);
}

// Finds the extent of the single-quoted quotation opening at `open`; false when the mark
// is an apostrophe after all (no closing mark in the paragraph).
static bool S_single_span(const qdoc *q, uint32_t open, qspan *sp)
{
    if (!S_single_opens(q, open)) return false;
    uint32_t s0 = S_sent(q, open), close = Q_NONE; /* a plural possessive until a better mark comes */
    uint32_t end = q->n - open > Q_SINGLE_WINDOW ? open + Q_SINGLE_WINDOW : q->n;
    for (uint32_t j = open + 1; j < end; j++) {
        const dyad_token *t = &q->t[j];
        bool mark = S_mark(q, j, '\'');
        if (t->flags & DYAD_TF_PARA_BEFORE) {
            if (mark && close == Q_NONE && !S_headline(q, s0) && S_single_opens(q, j)) continue;
            break;
        }
        if (S_headline(q, s0) && S_sent(q, j) != s0) break;
        if (!mark) continue;
        if (S_single_closes(q, j)) {
            if (!S_possessive_like(q, j)) {
                close = j;
                break;
            }
            if (close == Q_NONE && S_sent(q, j) == s0) close = j;
            continue;
        }
        if (S_single_opens(q, j)) break;
    }
    if (close == Q_NONE) return false; /* an apostrophe after all */
    sp->open = open;
    sp->tb = open + 1;
    return S_closed(sp, close);
}

// Finds the quotation opening at token i, if any.
static bool S_span_at(const qdoc *q, uint32_t i, qspan *sp)
{
    const dyad_token *t = &q->t[i];
    if (t->kind != DYAD_TOK_QUOTE || (t->flags & DYAD_TF_DATELINE) || t->norm_len == 0) return false;
    if (t->norm[0] == '"') return S_role(q, i, false) == M_OPEN && S_double_span(q, i, sp);
    if (t->norm[0] == '\'') return S_single_span(q, i, sp);
    return false;
}


/* MARK: speech verbs and speaker phrases */

/* The attribution of one quotation while it is being worked out. */
typedef struct attrib {
    uint32_t spk_b, spk_e; /* speaker phrase; equal: none */
    uint32_t verb;         /* the speech verb, or Q_NONE */
    bool pronoun;
    bool attached;         /* a speech verb (or "X:") introduces this very quotation */
    int32_t same_as;
} attrib;

// True when token i is a speech verb ("said"); capitalised only in headlines ("Iwaya Says").
static bool S_speech_verb(const qdoc *q, uint32_t i)
{
    const dyad_token *t = &q->t[i];
    if (t->kind != DYAD_TOK_WORD || !S_IN(t, L_VERBS)) return false;
    return !(t->flags & (DYAD_TF_CAP | DYAD_TF_ALLCAPS)) || S_headline(q, S_sent(q, i));
}

// True when token i is a participle introducing a quotation ("adding", "saying").
static bool S_participle(const qdoc *q, uint32_t i)
{
    const dyad_token *t = &q->t[i];
    return t->kind == DYAD_TOK_WORD && (t->flags & DYAD_TF_LOWER) && S_IN(t, L_PARTICIPLES);
}

// True when tokens i, i + 1 are "according to".
static bool S_according(const qdoc *q, uint32_t i)
{
    return i + 1 < q->n && S_is(&q->t[i], "according") && S_is(&q->t[i + 1], "to");
}

static bool S_pronoun(const qdoc *q, uint32_t i)
{
    return i < q->n && q->t[i].kind == DYAD_TOK_WORD && S_IN(&q->t[i], L_PRONOUNS);
}

// True when token i can be part of a speaker phrase: a word or number that is not a
// function word, verb or pronoun; a possessive ("'s", "ministers'"); "&"; "and" between names.
static bool S_np_token(const qdoc *q, uint32_t i)
{
    const dyad_token *t = &q->t[i];
    if (t->kind == DYAD_TOK_NUMBER) return true;
    if (t->kind == DYAD_TOK_SYMBOL) return t->norm_len == 1 && t->norm[0] == '&';
    if (t->kind == DYAD_TOK_QUOTE) return S_possessive_like(q, i);
    if (t->kind != DYAD_TOK_WORD) return false;
    if (t->flags & DYAD_TF_CLITIC) return S_is(t, "'s");
    /* an acronym is a name ("WHO", "US"), except in an all-capitals headline */
    if ((t->flags & DYAD_TF_ALLCAPS) && !S_headline(q, S_sent(q, i))) return true;
    if (S_is(t, "and")) return i > 0 && i + 1 < q->n && S_cap(&q->t[i - 1]) && S_cap(&q->t[i + 1]);
    uint32_t lists = S_lists(t); /* one lookup for the four lists */
    if (lists & (L_STOP | L_PRONOUNS)) return false;
    return !((lists & L_VERBS) && S_speech_verb(q, i)) && !((lists & L_PARTICIPLES) && S_participle(q, i));
}

// True when token i may start an apposition: a determiner or a capitalised word.
static bool S_np_start(const qdoc *q, uint32_t i)
{
    const dyad_token *t = &q->t[i];
    return S_np_token(q, i) && (S_IN(t, L_DETS) || S_cap(t)) && !S_IN(t, L_LEAD_TRIM);
}

// True when token i, after a comma, opens a parenthesis rather than continuing a list or an
// apposition: a lower-case word that is not a determiner ("who", "which", "speaking", "in").
static bool S_opens_parenthesis(const qdoc *q, uint32_t i)
{
    const dyad_token *t = &q->t[i];
    return t->kind == DYAD_TOK_WORD && (t->flags & DYAD_TF_LOWER) && !S_IN(t, L_DETS);
}

// True when t ends a phrase: punctuation, a mark, a dash.
static bool S_phrase_end(const dyad_token *t)
{
    return t->kind == DYAD_TOK_PUNCT || t->kind == DYAD_TOK_QUOTE || t->kind == DYAD_TOK_DASH ||
           t->kind == DYAD_TOK_ELLIPSIS;
}

// True when token i is "in" or "at" inside a phrase before its verb, between a phrase word
// and a name or determiner: "officials in Kharkiv", "a diplomat at the embassy".  After the
// verb they start a trailer instead ("said in a statement").
static bool S_np_preposition(const qdoc *q, uint32_t i)
{
    const dyad_token *t = &q->t[i];
    if (i == 0 || i + 1 >= q->n || !(S_is(t, "in") || S_is(t, "at"))) return false;
    const dyad_token *nx = &q->t[i + 1];
    return S_np_token(q, i - 1) && S_np_token(q, i + 1) && (S_cap(nx) || S_IN(nx, L_DETS));
}

// The start of the run of speaker-phrase tokens ending at e, not before lo.
static uint32_t S_np_back(const qdoc *q, uint32_t lo, uint32_t e)
{
    uint32_t b = e;
    while (b > lo && e - b < Q_NP_MAX && (S_np_token(q, b - 1) || (b < e && S_np_preposition(q, b - 1)))) b--;
    return b;
}

// The end of the run of speaker-phrase tokens starting at b, before hi.
static uint32_t S_np_fwd(const qdoc *q, uint32_t b, uint32_t hi)
{
    uint32_t e = b;
    while (e < hi && e - b < Q_NP_MAX && S_np_token(q, e)) e++;
    return e;
}

// Drops leading words a speaker phrase cannot start with: "and", prepositions, dates, numbers.
static uint32_t S_trim_front(const qdoc *q, uint32_t b, uint32_t e)
{
    while (b < e) {
        const dyad_token *t = &q->t[b];
        if (S_IN(t, L_LEAD_TRIM) || t->kind == DYAD_TOK_NUMBER || t->kind == DYAD_TOK_QUOTE ||
            (t->flags & DYAD_TF_CLITIC))
            b++;
        else
            break;
    }
    return b;
}

// Records the speaker phrase [b, e) introduced by verb v; false when the phrase is empty.
static bool S_set_speaker(attrib *a, const qdoc *q, uint32_t b, uint32_t e, uint32_t v)
{
    if (b >= e) return false;
    a->spk_b = b;
    a->spk_e = e;
    a->pronoun = e - b == 1 && S_pronoun(q, b);
    a->verb = v;
    a->attached = true;
    return true;
}

// Moves e back over what may stand between a subject and its verb: "also", "has",
// "on Saturday", ", however,", "was quoted as".
static uint32_t S_skip_back_adverbials(const qdoc *q, uint32_t lo, uint32_t e)
{
    for (int guard = 0; guard < 8 && e > lo; guard++) {
        const dyad_token *t = &q->t[e - 1];
        if (S_IN(t, L_ADVERBS)) e--;
        else if (e - lo >= 2 && S_IN(t, L_WEEKDAYS) && S_is(&q->t[e - 2], "on")) e -= 2;
        else if (e - lo >= 3 && S_is(t, "as") && S_is(&q->t[e - 2], "quoted") &&
                 (S_is(&q->t[e - 3], "was") || S_is(&q->t[e - 3], "were") || S_is(&q->t[e - 3], "is")))
            e -= 3;
        else if (e - lo >= 3 && S_punct(t, ',') && S_IN(&q->t[e - 2], L_PARENTHETICALS) &&
                 S_punct(&q->t[e - 3], ','))
            e -= 3;
        else break;
    }
    return e;
}

// Extends a phrase starting at b back over more comma-separated parts that run from a comma
// or the sentence start: 'Rep. Michael McCaul, R-Texas, chairman of the committee'.
static uint32_t S_more_appositions(const qdoc *q, uint32_t lo, uint32_t b)
{
    for (int parts = 0; parts < 3 && b > lo + 1 && S_punct(&q->t[b - 1], ','); parts++) {
        uint32_t b0 = S_np_back(q, lo, b - 1);
        if (b0 == b - 1 || (b0 > lo && !S_punct(&q->t[b0 - 1], ','))) break;
        b = b0;
    }
    return b;
}

// The subject of verb v, looked for back to lo: a pronoun, a noun phrase, an apposition
// ("the ministry's spokesman, Lin Jian, said"), the phrase before a parenthesis ("The
// minister, speaking in Tokyo, said") or before ", who said".
static bool S_subject_before(const qdoc *q, uint32_t lo, uint32_t v, attrib *a)
{
    uint32_t e = S_skip_back_adverbials(q, lo, v);
    if (e - lo >= 2 && S_is(&q->t[e - 1], "who") && S_punct(&q->t[e - 2], ',')) e -= 2;
    if (e == lo) return false;
    if (S_pronoun(q, e - 1)) return S_set_speaker(a, q, e - 1, e, v);
    if (!S_punct(&q->t[e - 1], ',')) return S_set_speaker(a, q, S_trim_front(q, S_np_back(q, lo, e), e), e, v);
    /* "NP1, NP2, said": an apposition between commas */
    uint32_t e2 = e - 1, b2 = S_np_back(q, lo, e2);
    if (b2 < e2 && b2 > lo && S_punct(&q->t[b2 - 1], ',')) {
        uint32_t b1 = S_trim_front(q, S_np_back(q, lo, b2 - 1), b2 - 1);
        /* not inside a clause: 'Lammy, who met ministers from France, Germany and Italy, said' */
        bool in_clause = b1 > lo && S_opens_parenthesis(q, b1 - 1);
        if (b1 < b2 - 1 && !in_clause) return S_set_speaker(a, q, S_more_appositions(q, lo, b1), e2, v);
    }
    if (b2 < e2 && b2 == lo) return S_set_speaker(a, q, b2, e2, v);
    /* a parenthesis: the phrase before the comma that opens it */
    uint32_t stop = e2 - lo > Q_BEFORE_WINDOW ? e2 - Q_BEFORE_WINDOW : lo;
    for (uint32_t c = e2; c > stop; c--) {
        const dyad_token *t = &q->t[c - 1];
        if (t->kind == DYAD_TOK_QUOTE || S_terminal(t)) return false;
        if (!S_punct(t, ',') || !S_opens_parenthesis(q, c)) continue; /* a list or apposition comma */
        uint32_t b1 = S_trim_front(q, S_np_back(q, lo, c - 1), c - 1);
        if (c >= lo + 2 && S_pronoun(q, c - 2)) return S_set_speaker(a, q, c - 2, c - 1, v); /* "He, speaking ..., said" */
        return S_set_speaker(a, q, b1, c - 1, v);
    }
    return false;
}

// The speaker phrase after verb v starting at b, before hi: "said Iwaya", "said Japan's
// foreign minister, Takeshi Iwaya", "according to a spokesman for the ministry".
static bool S_speaker_after(const qdoc *q, uint32_t v, uint32_t b, uint32_t hi, attrib *a)
{
    if (b >= hi) return false;
    if (S_pronoun(q, b)) return S_set_speaker(a, q, b, b + 1, v);
    uint32_t e = S_np_fwd(q, b, hi);
    if (e == b) return false;
    if (e + 1 < hi && S_punct(&q->t[e], ',') && S_np_start(q, e + 1)) {
        uint32_t e2 = S_np_fwd(q, e + 1, hi);
        if (e2 == hi || S_phrase_end(&q->t[e2])) e = e2;
    }
    return S_set_speaker(a, q, b, e, v);
}

// True when [b, e) reads as a speaker phrase: phrase tokens and apposition commas.
static bool S_valid_np(const qdoc *q, uint32_t b, uint32_t e)
{
    if (b >= e || e - b > 2 * Q_NP_MAX || S_IN(&q->t[b], L_LEAD_TRIM)) return false;
    for (uint32_t k = b; k < e; k++) {
        if (S_np_token(q, k) || (k > b && k + 1 < e && S_np_preposition(q, k))) continue;
        bool apposition = S_punct(&q->t[k], ',') && k > b && k + 1 < e && S_np_token(q, k - 1) && S_np_token(q, k + 1);
        if (!apposition) return false;
    }
    return true;
}

// The subject in [b, v) right after a closing mark: 'the ministry's spokesman, Lin Jian, said',
// or the phrase before a parenthesis: 'Gen. Assimi Goita, who chairs the alliance, said'.
static bool S_subject_between(const qdoc *q, uint32_t b, uint32_t v, attrib *a)
{
    uint32_t e = S_skip_back_adverbials(q, b, v);
    bool comma_before_verb = e > b && S_punct(&q->t[e - 1], ',');
    while (e > b && S_punct(&q->t[e - 1], ',')) e--;
    if (e == b) return false;
    if (e - b == 1 && S_pronoun(q, b)) return S_set_speaker(a, q, b, e, v);
    if (S_valid_np(q, b, e)) return S_set_speaker(a, q, b, e, v);
    if (!comma_before_verb) return false;
    for (uint32_t k = b + 1; k + 1 < e && k - b <= 2 * Q_NP_MAX; k++)
        if (S_punct(&q->t[k], ',') && S_opens_parenthesis(q, k + 1))
            return S_valid_np(q, b, k) && S_set_speaker(a, q, b, k, v);
    return false;
}

/* MARK: attribution */

// The quotation whose speaker quotation k carries: k itself or its same_as; -1 when it has none.
static int32_t S_root(const quote_ref *out, size_t k)
{
    size_t r = out[k].same_as >= 0 && (size_t)out[k].same_as < k ? (size_t)out[k].same_as : k;
    return out[r].spk_b < out[r].spk_e ? (int32_t)r : -1;
}

// Rule 1: '"...," X said', '"...," said X', '"...," according to X' from j (after the closing
// mark) up to hi (the end of the sentence).
static bool S_after_at(const qdoc *q, uint32_t j, uint32_t hi, attrib *a)
{
    if (j < hi && S_punct(&q->t[j], ',')) j++; /* the comma outside the marks */
    if (j >= hi) return false;
    if (S_according(q, j)) return S_speaker_after(q, j, j + 2, hi, a);
    if (S_speech_verb(q, j))
        return !S_is(&q->t[j], "told") && !S_is(&q->t[j], "tells") && S_speaker_after(q, j, j + 1, hi, a);
    uint32_t lim = hi - j > Q_AFTER_WINDOW ? j + Q_AFTER_WINDOW : hi;
    for (uint32_t k = j; k < lim; k++) {
        const dyad_token *t = &q->t[k];
        if (t->kind == DYAD_TOK_QUOTE && !S_possessive_like(q, k)) return false;
        if (S_terminal(t) || S_punct(t, ';') || S_punct(t, ':')) return false;
        if (S_speech_verb(q, k)) return S_subject_between(q, j, k, a);
        if (S_participle(q, k)) return false;
    }
    return false;
}

// The leading subject of the sentence starting at lo, before v: determiners, names, role
// words and "of"/"for" before a name ("The foreign minister", "U.S. Secretary of State Antony
// Blinken"); false when the sentence does not start with one.
static bool S_leading_subject(const qdoc *q, uint32_t lo, uint32_t v, attrib *a)
{
    if (S_pronoun(q, lo)) return S_set_speaker(a, q, lo, lo + 1, v);
    uint32_t e = lo, last = lo;
    while (e < v && e - lo < Q_NP_MAX) {
        const dyad_token *t = &q->t[e];
        bool of = (S_is(t, "of") || S_is(t, "for")) && e + 1 < v && S_cap(&q->t[e + 1]);
        if (S_IN(t, L_DETS) || S_is(t, "'s") || of) e++;
        else if ((S_cap(t) && S_np_token(q, e)) || ((t->flags & DYAD_TF_LOWER) && S_IN(t, L_ROLES))) last = ++e;
        else break;
    }
    return last > lo && S_set_speaker(a, q, lo, last, v);
}

// A verb without a subject of its own ('X said, adding: "..."', 'X spoke, saying "..."',
// 'X said ... and warned that "..."'): the speaker of the previous quotation of the sentence,
// or the sentence's leading subject.
static bool S_clause_subject(const qdoc *q, uint32_t v, uint32_t lo, const quote_ref *out, size_t nout, attrib *a)
{
    a->verb = v;
    a->attached = true;
    if (nout) {
        const quote_ref *p = &out[nout - 1];
        if (p->verb != Q_NONE && p->verb < v && S_sent(q, p->verb) == S_sent(q, v) && S_root(out, nout - 1) >= 0) {
            a->same_as = S_root(out, nout - 1);
            return true;
        }
    }
    return S_leading_subject(q, lo, v, a);
}

// Rule 2: the nearest speech verb back from `from` within [lo, from), with its speaker.
static bool S_before(const qdoc *q, uint32_t from, uint32_t lo, const quote_ref *out, size_t nout, attrib *a)
{
    uint32_t stop = from - lo > Q_BEFORE_WINDOW ? from - Q_BEFORE_WINDOW : lo;
    for (uint32_t k = from; k > stop; k--) {
        uint32_t v = k - 1;
        const dyad_token *t = &q->t[v];
        if (t->kind == DYAD_TOK_QUOTE && !S_possessive_like(q, v)) return false;
        if (S_punct(t, ';') || S_IN(t, L_CLAUSE_BREAKS)) return false;
        if (S_according(q, v)) return S_speaker_after(q, v, v + 2, from, a);
        if (S_participle(q, v)) {
            if (v > lo && S_is(&q->t[v - 1], "as")) return S_subject_before(q, lo, v, a); /* "quoted as saying" */
            return S_clause_subject(q, v, lo, out, nout, a);
        }
        if (!S_speech_verb(q, v)) continue;
        a->verb = v;
        a->attached = true;
        /* an interrupted quotation: '"We will not," Iwaya said, "accept this."' */
        if (nout && out[nout - 1].verb == v) {
            a->same_as = S_root(out, nout - 1);
            return a->same_as >= 0;
        }
        if (S_subject_before(q, lo, v, a)) return true;
        uint32_t e = S_skip_back_adverbials(q, lo, v);
        if (e > lo && (S_is(&q->t[e - 1], "and") || S_is(&q->t[e - 1], "but")))
            return S_clause_subject(q, v, lo, out, nout, a);
        /* "Said Iwaya: ..." */
        return v == lo && S_speaker_after(q, v, v + 1, from, a);
    }
    return false;
}

// Rule 3: 'Iwaya: "..."', the phrase before a colon being all the sentence holds before it;
// in a headline the colon may come earlier ("Putin: West 'playing with fire'").
static bool S_colon_speaker(const qdoc *q, uint32_t open, attrib *a)
{
    uint32_t lo = S_sent_begin(q, open), colon = open;
    if (open < lo + 2) return false;
    if (S_headline(q, S_sent(q, open))) {
        while (colon > lo && !S_punct(&q->t[colon - 1], ':')) colon--;
        if (colon == lo) return false;
        colon--;
    } else if (S_punct(&q->t[open - 1], ':')) colon = open - 1;
    else return false;
    uint32_t b = S_np_back(q, lo, colon);
    if (b != lo || b == colon) return false;
    S_set_speaker(a, q, b, colon, Q_NONE);
    return true;
}

// Rule 4: a quotation opening a sentence after one that ends in a colon ("Iwaya told reporters:").
static bool S_prev_colon(const qdoc *q, uint32_t open, const quote_ref *out, size_t nout, attrib *a)
{
    uint32_t s = S_sent(q, open);
    if (s == Q_NONE || s == 0 || q->s[s].tok_begin != open) return false;
    const dyad_sentence *p = &q->s[s - 1];
    if (p->tok_end == 0 || p->tok_end > q->n || p->tok_begin >= p->tok_end) return false;
    uint32_t colon = p->tok_end - 1;
    if (!S_punct(&q->t[colon], ':')) return false;
    return S_before(q, colon, p->tok_begin, out, nout, a);
}

// Rule 5: a quotation that ends its sentence, followed by a short sentence that is only an
// attribution: '"We will win." Iwaya said.'
static bool S_next_sentence(const qdoc *q, const qspan *sp, attrib *a)
{
    if (sp->close == Q_NONE) return false;
    uint32_t k = sp->close + 1, se = S_sent_end(q, sp->close);
    if (k < se && S_terminal(&q->t[k])) k++;
    uint32_t s = S_sent(q, se);
    if (k != se || s == Q_NONE || (q->s[s].flags & DYAD_SF_PARAGRAPH)) return false;
    uint32_t ne = q->s[s].tok_end < q->n ? q->s[s].tok_end : q->n;
    if (ne - se > Q_NEXT_MAX || !S_terminal(&q->t[ne - 1])) return false;
    return S_after_at(q, se, ne - 1, a);
}

// True when no more than one paragraph break lies between sentences `from` and `to`.
static bool S_near_paragraph(const qdoc *q, uint32_t from, uint32_t to)
{
    int breaks = 0;
    for (uint32_t s = from + 1; s <= to && s < q->ns; s++)
        if ((q->s[s].flags & DYAD_SF_PARAGRAPH) && ++breaks > 1) return false;
    return true;
}

// Rule 6: a quotation without attribution that opens its sentence continues the speaker of
// the previous quotation of its paragraph or the paragraph before.
static void S_chain(const qdoc *q, const qspan *sp, const quote_ref *out, size_t nout, attrib *a)
{
    if (!nout || S_sent_begin(q, sp->open) != sp->open) return; /* a partial quotation under another verb */
    const quote_ref *p = &out[nout - 1];
    uint32_t s = S_sent_near(q, sp->open);
    if (p->sent_last > s || !S_near_paragraph(q, p->sent_last, s)) return;
    a->same_as = S_root(out, nout - 1);
}

// Works out who said the quotation sp (rules 1-6 at the top of the file).
static void S_attribute(const qdoc *q, const qspan *sp, const quote_ref *out, size_t nout, attrib *a)
{
    const attrib none = {.verb = Q_NONE, .same_as = -1};
    *a = none;
    if (sp->close != Q_NONE && S_after_at(q, sp->close + 1, S_sent_end(q, sp->close), a)) return;
    attrib before = none;
    if (sp->open > 0 && S_before(q, sp->open, S_sent_begin(q, sp->open), out, nout, &before)) {
        *a = before;
        return;
    }
    if (S_colon_speaker(q, sp->open, a) || S_prev_colon(q, sp->open, out, nout, a) || S_next_sentence(q, sp, a))
        return;
    *a = none;
    a->attached = before.attached; /* a speech verb without a speaker still makes it a quotation */
    a->verb = before.verb;
    S_chain(q, sp, out, nout, a);
}

/* MARK: scare quotes */

// The number of words (not clitics) among the quoted tokens.
static uint32_t S_words(const qdoc *q, const qspan *sp, uint32_t enough)
{
    uint32_t n = 0;
    for (uint32_t i = sp->tb; i < sp->te && n < enough; i++) {
        const dyad_token *t = &q->t[i];
        if ((t->kind == DYAD_TOK_WORD && !(t->flags & DYAD_TF_CLITIC)) || t->kind == DYAD_TOK_NUMBER) n++;
    }
    return n;
}

// True when a naming word precedes the opening mark: 'so-called "peace plan"', 'known as "X"'.
static bool S_named(const qdoc *q, uint32_t open)
{
    if (open == 0) return false;
    const dyad_token *p = &q->t[open - 1];
    if (S_IN(p, L_NAMING)) return true;
    if (!S_is(p, "as") || open < 2) return false;
    const dyad_token *pp = &q->t[open - 2];
    return S_is(pp, "known") || S_is(pp, "described") || S_is(pp, "referred") || S_is(pp, "billed");
}

// True when the quotation is a sentence of its own: '"Never."'.
static bool S_whole_sentence(const qdoc *q, const qspan *sp)
{
    if (S_sent_begin(q, sp->open) != sp->open) return false;
    uint32_t last = sp->close != Q_NONE ? sp->close : (sp->te > sp->tb ? sp->te - 1 : sp->open);
    uint32_t se = S_sent_end(q, last);
    return last + 1 == se || (last + 2 == se && S_terminal(&q->t[last + 1]));
}

// True when the span quotes a speaker rather than labelling something (scare quotes).
static bool S_is_quotation(const qdoc *q, const qspan *sp, const attrib *a)
{
    uint32_t words = S_words(q, sp, Q_MIN_WORDS);
    if (words == 0) return false;
    if (words >= Q_MIN_WORDS) return true;
    if (S_named(q, sp->open)) return false;
    return a->attached || S_whole_sentence(q, sp);
}

/* MARK: public API */

// Fills r from the quotation sp and its attribution a.
static void S_store(const qdoc *q, const qspan *sp, const attrib *a, quote_ref *r)
{
    const dyad_token *t = q->t;
    r->tb = sp->tb;
    r->te = sp->te;
    r->start = sp->tb < sp->te ? t[sp->tb].start : t[sp->open].start + t[sp->open].len;
    r->end = sp->tb < sp->te ? t[sp->te - 1].start + t[sp->te - 1].len : r->start;
    r->sent_first = S_sent_near(q, sp->tb < sp->te ? sp->tb : sp->open);
    r->sent_last = S_sent_near(q, sp->te > sp->tb ? sp->te - 1 : sp->open);
    if (r->sent_last < r->sent_first) r->sent_last = r->sent_first;
    bool has_speaker = a->spk_b < a->spk_e;
    r->spk_b = has_speaker ? a->spk_b : 0;
    r->spk_e = has_speaker ? a->spk_e : 0;
    r->verb = a->verb;
    r->spk_pronoun = has_speaker && a->pronoun;
    r->same_as = has_speaker ? -1 : a->same_as;
}

size_t quotes_scan(const char *text, const dyad_token *toks, size_t ntoks, const dyad_sentence *sents,
                   size_t nsents, quote_ref *out, size_t max)
{
    if (!toks || !sents || !out || !max || !ntoks || !nsents) return 0;
    pthread_once(&S_lexicon_once, S_lexicon_build); /* once here, not per word (S_lists) */
    qdoc q = {text, toks, ntoks < Q_NONE ? (uint32_t)ntoks : Q_NONE - 1, sents,
              nsents < Q_NONE ? (uint32_t)nsents : Q_NONE - 1};
    size_t nout = 0;
    for (uint32_t i = 0; i < q.n && nout < max;) {
        while (i < q.n && q.t[i].kind != DYAD_TOK_QUOTE) i++; /* only a mark opens a quotation (S_span_at) */
        if (i == q.n) break;
        qspan sp;
        if (!S_span_at(&q, i, &sp)) {
            i++;
            continue;
        }
        attrib a;
        S_attribute(&q, &sp, out, nout, &a);
        bool kept = S_is_quotation(&q, &sp, &a);
        if (kept) S_store(&q, &sp, &a, &out[nout++]);
        /* a dropped single-quoted span may have been an apostrophe: look inside it again */
        i = kept || q.t[i].norm[0] == '"' ? sp.resume : i + 1;
    }
    return nout;
}
