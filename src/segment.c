/*
 * segment.c — sentence segmentation and dateline recognition over tokens.
 *
 * Sentences end at . ! ? and ellipses when what follows looks like a new
 * sentence (a capitalised word, a number, an opening quote or bracket),
 * carrying closing quotes and brackets along; at paragraph breaks; and at a
 * line break after a headline-like line.  Abbreviation periods were attached
 * to their words by the tokenizer: title abbreviations ("Mr.", "Gen.") never
 * end a sentence, others ("U.S.", "Inc.", "p.m.") do only when the next word
 * is a typical sentence opener ("The", "He", "But").
 *
 * A dateline ("SEOUL –", "WASHINGTON (AP) —", "Tokyo, March 22 (Reuters) -")
 * at the start of the first body paragraph is recognised and kept out of the
 * first sentence.
 */
#include "internal.h"

#include <ctype.h>

/* MARK: word lists */

static const char *const S_openers[] = {
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "in", "on", "at", "but",
    "and", "or", "so", "yet", "however", "this", "that", "these", "those", "there", "his",
    "her", "its", "their", "our", "my", "after", "before", "when", "while", "as", "if",
    "since", "although", "though", "meanwhile", "earlier", "later", "last", "officials",
    "some", "many", "most", "no", "one", "two", "both", "such", "for", "from", "with", "by",
    "to", "what", "who", "why", "how", "where", "mr.", "mrs.", "ms.", "dr.",
    "also", "still", "even", "then", "now", "today", "yesterday", "asked",
    "speaking", "according", "under", "during", "despite", "among", "neither", "nor",
    "each", "every", "other", "another", "several", "its", "here", "further", "instead"};

static const char *const S_months[] = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.",
    "aug.", "sep.", "sept.", "oct.", "nov.", "dec.", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec"};

// Returns true when the token's norm is one of the words in list.
static bool S_is_one_of(const char *const *list, size_t n, const dyad_token *t)
{
    if (t->norm_len > 12) return false;
    for (size_t i = 0; i < n; i++)
        if (list[i][0] == t->norm[0] && strlen(list[i]) == t->norm_len && memcmp(list[i], t->norm, t->norm_len) == 0)
            return true;
    return false;
}

static bool S_is_opener(const dyad_token *t)
{
    return S_is_one_of(S_openers, sizeof S_openers / sizeof *S_openers, t);
}

static const char *const S_speech_verbs[] = {
    "said", "says", "asked", "asks", "told", "added", "wrote", "replied", "shouted", "chanted",
    "insisted", "warned", "tweeted", "posted", "declared", "cried", "demanded", "wondered"};

static bool S_is_speech_verb(const dyad_token *t)
{
    return S_is_one_of(S_speech_verbs, sizeof S_speech_verbs / sizeof *S_speech_verbs, t);
}

static bool S_is_month(const dyad_token *t)
{
    return S_is_one_of(S_months, sizeof S_months / sizeof *S_months, t);
}

/* MARK: token predicates */

static bool S_is_terminal(const dyad_token *t)
{
    if (t->kind == DYAD_TOK_ELLIPSIS) return true;
    if (t->kind != DYAD_TOK_PUNCT) return false;
    char c = t->norm[0];
    return c == '.' || c == '!' || c == '?';
}

static bool S_is_closer(const dyad_token *t)
{
    return (t->kind == DYAD_TOK_QUOTE || t->kind == DYAD_TOK_PUNCT) && (t->flags & DYAD_TF_CLOSE);
}

// True when t can start a sentence: a capitalised word, a number, an opening quote or bracket.
static bool S_starts_sentence(const dyad_token *t)
{
    if (t->kind == DYAD_TOK_NUMBER) return true;
    if (t->kind == DYAD_TOK_QUOTE || t->kind == DYAD_TOK_PUNCT) return (t->flags & DYAD_TF_OPEN) != 0;
    if (t->kind == DYAD_TOK_DASH) return true;
    if (t->kind == DYAD_TOK_WORD) return (t->flags & (DYAD_TF_CAP | DYAD_TF_DIGIT)) != 0;
    if (t->kind == DYAD_TOK_SYMBOL) return t->norm[0] == '$' || t->norm[0] == '#' || t->norm[0] == '@';
    return false;
}

// True when t is a title abbreviation ("Mr.", "Gen.", "No.") that always precedes more text.
static bool S_is_title(const dyad_token *t)
{
    if (!(t->flags & DYAD_TF_ABBR) || t->norm_len < 2) return false;
    return dyad_is_title_abbreviation(t->norm, t->norm_len - 1);
}

/* MARK: boundaries */

// True when the tokens from next on read as a quote's attribution: up to four
// capitalised words (a name, a title) then a speech verb: "?" Mr. Kim asked.
static bool S_attribution_follows(const dyad_token *next, const dyad_token *end)
{
    for (int k = 0; k < 5 && next + k < end; k++) {
        const dyad_token *t = next + k;
        if (t->kind != DYAD_TOK_WORD) return false;
        if (k > 0 && S_is_speech_verb(t)) return true;
        if (!(t->flags & DYAD_TF_CAP)) return false;
    }
    return false;
}

// Decides whether the sentence ends after token i, given the next token (or NULL at the end).
static bool S_ends_after(const dyad_token *toks, size_t i, const dyad_token *next,
                         bool quote_closed, const dyad_token *end)
{
    const dyad_token *t = &toks[i];
    if (!next) return true;
    if (next->flags & DYAD_TF_PARA_BEFORE) return true;
    if (t->flags & DYAD_TF_ABBR) {
        if (S_is_title(t) || (t->flags & DYAD_TF_INITIAL && !(next->flags & DYAD_TF_NEWLINE_BEFORE)))
            return false;
        if (next->kind == DYAD_TOK_NUMBER) return false;
        if (quote_closed) return S_starts_sentence(next);
        return S_starts_sentence(next) && (S_is_opener(next) || next->kind == DYAD_TOK_QUOTE ||
                                           (next->flags & DYAD_TF_NEWLINE_BEFORE));
    }
    if (!S_is_terminal(t)) return false;
    if (t->norm[0] == '.' && next->kind == DYAD_TOK_PUNCT && !(next->flags & DYAD_TF_OPEN))
        return false; /* ".," ".;" in odd text */
    /* "Why now?" Mr. Kim asked. -- the question is part of the sentence */
    if (quote_closed && t->norm[0] != '.' && S_attribution_follows(next, end)) return false;
    return S_starts_sentence(next);
}

// True when the line holding tokens [b, e) reads like a headline: no final
// punctuation, at most 30 tokens, and mostly capitalised words unless
// `any_case` (a first line standing alone above a blank line, as sentence-case
// headlines do).
static bool S_headline_shape(const dyad_token *toks, size_t b, size_t e, bool any_case)
{
    if (e <= b) return false;
    const dyad_token *last = &toks[e - 1];
    if (S_is_terminal(last) || last->norm[0] == ',' || last->norm[0] == ';' ||
        last->kind == DYAD_TOK_DASH || (last->flags & DYAD_TF_ABBR))
        return false;
    if (S_is_closer(last) && e - 1 > b && S_is_terminal(&toks[e - 2])) return false;
    size_t words = 0, caps = 0;
    for (size_t i = b; i < e; i++) {
        if (toks[i].kind != DYAD_TOK_WORD) continue;
        words++;
        if (toks[i].flags & (DYAD_TF_CAP | DYAD_TF_ALLCAPS)) caps++;
    }
    if (e - b > 30) return false;
    return words > 0 && (any_case || caps * 5 >= words * 3);
}

static bool S_headline_like(const dyad_token *toks, size_t b, size_t e)
{
    return S_headline_shape(toks, b, e, false);
}

/* MARK: dateline */

// Tries to read a dateline starting at token b; fills dl and returns the index after the dash, or b.
static size_t S_dateline(const dyad_token *toks, size_t n, size_t b, dyad_dateline *dl)
{
    if (b >= n || toks[b].kind != DYAD_TOK_WORD || !(toks[b].flags & DYAD_TF_CAP)) return b;
    bool allcaps = (toks[b].flags & DYAD_TF_ALLCAPS) != 0;
    size_t place_end = b, date_b = 0, date_e = 0, ag_b = 0, ag_e = 0;
    bool in_place = true, in_parens = false;
    for (size_t i = b; i < n && i < b + 16; i++) {
        const dyad_token *t = &toks[i];
        if (i > b && (t->flags & DYAD_TF_NEWLINE_BEFORE)) return b;
        bool dash = t->kind == DYAD_TOK_DASH;
        if (dash && !in_parens) {
            if (i == b || i + 1 >= n) return b;
            if (!(allcaps || date_e || ag_e)) return b;
            dl->start = toks[b].start;
            dl->end = t->start + t->len;
            dl->place_start = toks[b].start;
            dl->place_end = toks[place_end].start + toks[place_end].len;
            dl->date_start = date_e ? toks[date_b].start : 0;
            dl->date_end = date_e ? toks[date_e].start + toks[date_e].len : 0;
            dl->agency_start = ag_e ? toks[ag_b].start : 0;
            dl->agency_end = ag_e ? toks[ag_e].start + toks[ag_e].len : 0;
            return i + 1;
        }
        if (in_parens) {
            if (t->norm[0] == ')') { in_parens = false; continue; }
            if (t->kind != DYAD_TOK_WORD || !(t->flags & (DYAD_TF_CAP | DYAD_TF_ALLCAPS))) return b;
            if (!ag_b) ag_b = i;
            ag_e = i;
            continue;
        }
        if (t->norm[0] == '(' && t->kind == DYAD_TOK_PUNCT) {
            if (ag_b) return b;
            in_parens = true;
            in_place = false;
            continue;
        }
        if (t->norm[0] == ',' && t->kind == DYAD_TOK_PUNCT) continue;
        if (t->kind == DYAD_TOK_WORD && S_is_month(t) && i > b) {
            in_place = false;
            date_b = i;
            date_e = i;
            continue;
        }
        if (t->kind == DYAD_TOK_NUMBER && date_b && date_e + 1 == i) { date_e = i; continue; }
        /* "LONDON, March 4, 2025 (Reuters) -": the year after a comma belongs to the date */
        if (t->kind == DYAD_TOK_NUMBER && date_b && date_e + 2 == i && t->norm_len == 4 && toks[i - 1].norm[0] == ',') {
            date_e = i;
            continue;
        }
        if (t->kind == DYAD_TOK_NUMBER && i > b && i + 1 < n && S_is_month(&toks[i + 1])) {
            in_place = false;
            date_b = i;
            date_e = i + 1;
            i++;
            continue;
        }
        if (t->kind == DYAD_TOK_WORD && in_place && (t->flags & (DYAD_TF_CAP | DYAD_TF_ALLCAPS))) {
            place_end = i;
            continue;
        }
        if (t->kind == DYAD_TOK_PUNCT && t->norm[0] == '.' && in_place) continue; /* "D.C." split */
        return b;
    }
    return b;
}

/* MARK: segmentation */

typedef struct seg_state {
    dyad_doc *doc;
    dyad_token *toks;
    size_t n;
    dyad_sentence *out;
    size_t nout;
} seg_state;

// Records tokens [b, e) as a sentence.
static void S_add(seg_state *st, size_t b, size_t e, uint32_t flags)
{
    if (e <= b) return;
    dyad_sentence *s = &st->out[st->nout];
    s->start = st->toks[b].start;
    s->end = st->toks[e - 1].start + st->toks[e - 1].len;
    s->tok_begin = (uint32_t)b;
    s->tok_end = (uint32_t)e;
    s->flags = flags;
    if (b == 0 || (st->toks[b].flags & DYAD_TF_PARA_BEFORE)) s->flags |= DYAD_SF_PARAGRAPH;
    for (size_t i = b; i < e; i++) st->toks[i].sentence = (uint32_t)st->nout;
    st->nout++;
}

// Returns the index of the first token of the next line after b.
static size_t S_line_end(const dyad_token *toks, size_t n, size_t b)
{
    size_t i = b + 1;
    while (i < n && !(toks[i].flags & DYAD_TF_NEWLINE_BEFORE)) i++;
    return i;
}

bool dyad_segment(dyad_doc *doc, const char *text, size_t len)
{
    DYAD_UNUSED(text);
    DYAD_UNUSED(len);
    seg_state st = {doc, doc->tokens, doc->ntokens, NULL, 0};
    doc->sentences = NULL;
    doc->nsentences = 0;
    doc->has_dateline = false;
    if (st.n == 0) return true;
    /* at most one sentence per token */
    st.out = dyad_arena_alloc(&doc->arena, st.n * sizeof *st.out);
    if (!st.out) return false;

    size_t i = 0, start = 0;
    /* a headline: the first line, without final punctuation, followed by a line break */
    size_t first_line_end = S_line_end(st.toks, st.n, 0);
    if (first_line_end < st.n &&
        S_headline_shape(st.toks, 0, first_line_end, (st.toks[first_line_end].flags & DYAD_TF_PARA_BEFORE) != 0)) {
        S_add(&st, 0, first_line_end, DYAD_SF_HEADLINE);
        start = i = first_line_end;
    }
    /* a dateline at the start of the body */
    size_t after = S_dateline(st.toks, st.n, start, &doc->dateline);
    if (after != start) {
        doc->has_dateline = true;
        for (size_t k = start; k < after; k++) {
            st.toks[k].flags |= DYAD_TF_DATELINE;
            st.toks[k].sentence = UINT32_MAX;
        }
        start = i = after;
    }
    int quote_depth = 0;
    while (i < st.n) {
        dyad_token *t = &st.toks[i];
        if (i > start && (t->flags & DYAD_TF_NEWLINE_BEFORE)) {
            bool para = (t->flags & DYAD_TF_PARA_BEFORE) != 0;
            /* the previous line is [lb, i) */
            size_t lb = i - 1;
            while (lb > start && !(st.toks[lb].flags & DYAD_TF_NEWLINE_BEFORE)) lb--;
            if (para || (S_headline_like(st.toks, lb, i) && lb == start)) {
                S_add(&st, start, i, 0);
                start = i;
                quote_depth = 0;
            }
        }
        if (t->kind == DYAD_TOK_QUOTE && t->norm[0] == '"')
            quote_depth += (t->flags & DYAD_TF_OPEN) ? 1 : (quote_depth > 0 ? -1 : 0);
        if (S_is_terminal(t) || (t->flags & DYAD_TF_ABBR)) {
            size_t j = i + 1;
            bool closed_quote = false;
            while (j < st.n && S_is_closer(&st.toks[j]) && !(st.toks[j].flags & DYAD_TF_NEWLINE_BEFORE)) {
                if (st.toks[j].kind == DYAD_TOK_QUOTE) closed_quote = true;
                j++;
            }
            if (closed_quote && (t->flags & DYAD_TF_ABBR) == 0) quote_depth = 0;
            if (S_ends_after(st.toks, i, j < st.n ? &st.toks[j] : NULL, closed_quote, st.toks + st.n)) {
                S_add(&st, start, j, 0);
                start = j;
                i = j;
                continue;
            }
            /* "?" or "!" inside a quote followed by "he said": the sentence goes on */
            i = j;
            continue;
        }
        i++;
    }
    S_add(&st, start, st.n, 0);
    doc->sentences = st.out;
    doc->nsentences = st.nout;
    return true;
}
