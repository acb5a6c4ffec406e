/*
 * tabari.c — the TABARI coder (tabari.h): codes a sentence the way TABARI
 * 0.8 does with its own dictionaries (TABARI manual, chapters 5 to 8).
 *
 * Per sentence, in TABARI's order (manual 7.10):
 *   1. the text is filtered and split into words as TABARI does (7.3):
 *      capitals kept for the noun rule, hyphens and most punctuation become
 *      blanks, commas and quotes are words, "'S" stays in its word;
 *   2. roots (actors, agents, verbs, nouns, adjectives and the built-in
 *      words: determiners, conjunctions, pronouns, BY, WAS/WERE/BEEN, IN/OF,
 *      FORMER) are matched from left to right, each word to the root that
 *      matches the most characters (stems, '_' for exact words, blanks that
 *      let other words come between, the regular endings of 5.2.3);
 *   3. verbs after a determiner or capitalised inside the sentence, and
 *      null-coded actors, become nouns (7.4); agents may become actors (8.2.6);
 *   4. parsed compound actors (7.5), comma-delimited clauses (7.8, removed),
 *      conjunction-delimited clauses (7.6) and pronouns (7.7) are marked;
 *   5. discard codes and the COMPLEX conditions (8.7) stop the coding;
 *   6. in each clause the verbs are tried from left to right, the patterns
 *      of a verb longest first, matched forwards after the verb and
 *      backwards before it; the first event of a clause ends the clause
 *      (SET: CODE BY ...); sources and targets come from $ + % or from the
 *      default searches (5.8), with passive voice (7.9) and agents (5.4);
 *   7. paired, subordinate and dominant codes (6.6), compounds, duplicates
 *      and same-actor events are resolved as TABARI does.
 * Time shifting (10.5), attribution (10.4), issues (9), FORWARD (8.4) and
 * NONEVENTS (8.8) are not implemented.
 */
#include "tabari.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

/* MARK: compiled dictionaries */

/* Connector bits of a word or pattern element. */
enum {
    TC_PARTIAL = 1, /* the literal may match the start of a longer word (a stem) */
    TC_SKIP = 2,    /* other words may come between this element and the next */
    TC_NOEND = 4    /* '=': no regular endings */
};

/* Word types (TABARI's wtype). */
enum {
    W_NULL = 0, W_ACTOR, W_AGENT, W_VERB, W_NOUN, W_ADJ, W_DETERM, W_AUXIL, W_BY, W_CONJ, W_PREP, W_PRON,
    W_COMMA, W_NUMBER, W_DEAD /* a word of a removed comma-delimited clause */
};

/* Kinds of the built-in roots, after tabari_root_kind. */
enum { TB_DETERM = 20, TB_AUXIL, TB_BY, TB_CONJ, TB_PREP, TB_PRON1, TB_PRON2, TB_FORMER };

typedef struct tb_word {
    dict_str lit;      /* the literal, in capitals */
    uint16_t len;
    uint8_t conn;      /* TC_* after the word */
} tb_word;

typedef struct tb_root {
    uint8_t kind;      /* tabari_root_kind or TB_DETERM... */
    uint32_t id;
    uint32_t word_begin, nwords;
    uint32_t next;        /* next root with the same first literal, + 1 */
    uint32_t next_in_set; /* TB_SETWORD: next member of the set, + 1 */
    dict_str conv;        /* TB_AGENT: its code as an actor when SET: CONVERT AGENTS ("~MIL", "NGO~") */
    uint32_t file, line;
} tb_root;

/* Pattern elements. */
enum { E_LIT = 1, E_SET, E_SRC, E_TGT, E_CMP, E_SKIP, E_VERB, E_ALT, E_ATTRIB };

typedef struct tb_elem {
    uint8_t kind;
    uint8_t conn;
    uint16_t len;      /* E_LIT: literal length */
    uint32_t a, b;     /* E_LIT: literal; E_SET: set; E_ALT: first alternative (in alts), count */
} tb_elem;

typedef struct tb_alt {
    uint32_t begin, n;  /* elements (in elems) */
    uint16_t len;       /* characters of its literals */
} tb_alt;

typedef struct tb_code {
    dict_str code, code2;
    bool sub, dom, set;
} tb_code;

typedef struct tb_pat {
    tb_code code;
    uint16_t length, maxalt;
    uint32_t elem_begin, nelems, verb_at;
    uint32_t next;     /* next pattern of the verb, + 1 (longest first) */
    uint32_t file, line;
} tb_pat;

typedef struct tb_verb {
    tb_code code;
    uint32_t first;    /* first pattern, + 1 */
    uint32_t file, line;
} tb_verb;

#define TB_HASH_BITS 14

struct tabari_data {
    dict_vec roots;    /* tb_root */
    dict_vec words;    /* tb_word */
    dict_vec pats;     /* tb_pat */
    dict_vec elems;    /* tb_elem */
    dict_vec alts;     /* tb_alt */
    dict_vec verbs;    /* tb_verb, by dict verb id */
    dict_vec sets;     /* uint32_t first member root + 1, by set id */
    uint32_t first[1u << TB_HASH_BITS];  /* roots by first literal: root + 1 (chained by next) */
    dict_vec lits;     /* dict_str of every literal, hashed open-addressing in lit_tab */
    uint32_t *lit_tab; /* literal + 1 */
    size_t lit_cap;
};

// FNV-1a hash of s[0..n).
static uint32_t S_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

// True when the literal set holds s[0..n).
static bool S_is_literal(const struct tabari_data *t, const dyad_dict *d, const char *s, size_t n)
{
    if (!t->lit_cap) return false;
    for (size_t i = S_hash(s, n) & (t->lit_cap - 1);; i = (i + 1) & (t->lit_cap - 1)) {
        uint32_t k = t->lit_tab[i];
        if (!k) return false;
        const char *l = dict_s(d, DICT_AT(t, lits, dict_str, k - 1));
        if (!strncmp(l, s, n) && l[n] == '\0') return true;
    }
}

// Adds a literal to the literal set; false on OOM.
static bool S_add_literal(dyad_dict *d, struct tabari_data *t, dict_str lit)
{
    const char *s = dict_s(d, lit);
    size_t n = strlen(s);
    if (S_is_literal(t, d, s, n)) return true;
    if ((t->lits.n + 1) * 2 > t->lit_cap) {
        size_t cap = t->lit_cap ? t->lit_cap * 2 : 1024;
        uint32_t *tab = dyad__malloc(&d->alloc, cap * sizeof *tab);
        if (!tab) return false;
        memset(tab, 0, cap * sizeof *tab);
        for (size_t k = 0; k < t->lits.n; k++) {
            const char *l = dict_s(d, DICT_AT(t, lits, dict_str, k));
            size_t i = S_hash(l, strlen(l)) & (cap - 1);
            while (tab[i]) i = (i + 1) & (cap - 1);
            tab[i] = (uint32_t)k + 1;
        }
        dyad__free(&d->alloc, t->lit_tab);
        t->lit_tab = tab;
        t->lit_cap = cap;
    }
    dict_str *slot = dict_push(d, &t->lits, sizeof *slot);
    if (!slot) return false;
    *slot = lit;
    size_t i = S_hash(s, n) & (t->lit_cap - 1);
    while (t->lit_tab[i]) i = (i + 1) & (t->lit_cap - 1);
    t->lit_tab[i] = (uint32_t)t->lits.n;
    return true;
}

static bool S_add_builtins(dyad_dict *d, struct tabari_data *t);

// Returns the TABARI data of d, made on first use; NULL on OOM.
static struct tabari_data *S_data(dyad_dict *d)
{
    if (d->tabari) return d->tabari;
    struct tabari_data *t = dyad__malloc(&d->alloc, sizeof *t);
    if (!t) { d->oom = true; return NULL; }
    memset(t, 0, sizeof *t);
    d->tabari = t;
    if (!S_add_builtins(d, t)) { d->oom = true; return NULL; }
    return t;
}

void tabari_data_free(dyad_dict *d)
{
    struct tabari_data *t = d ? d->tabari : NULL;
    if (!t) return;
    dict_vec *v[] = {&t->roots, &t->words, &t->pats, &t->elems, &t->alts, &t->verbs, &t->sets, &t->lits};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) dyad__free(&d->alloc, v[i]->v);
    dyad__free(&d->alloc, t->lit_tab);
    dyad__free(&d->alloc, t);
    d->tabari = NULL;
}

bool tabari_active(const dyad_dict *d)
{
    return d && d->tabari && d->tabari->pats.n + d->tabari->verbs.n > 0;
}

// True for the characters that end a word of a phrase or pattern.
static bool S_word_end(char c)
{
    return c == '\0' || strchr(" \t_~={}|*$+%^@", c) != NULL;
}

// Reads the connector after an element at s[*i]: '_' (exact; the next element adjacent unless a
// blank follows), '~' (a stem; the next element adjacent), '=' (exact, no regular endings), or
// nothing (a stem; other words may come between).  Non-literal elements are never "exact".
static uint8_t S_connector(const char *s, size_t *i, bool literal)
{
    bool under = false, tilde = false, eq = false;
    for (;; (*i)++) {
        if (s[*i] == '_') under = true;
        else if (s[*i] == '~') tilde = true;
        else if (s[*i] == '=') eq = true;
        else break;
    }
    bool blank = s[*i] == '\0' || s[*i] == ' ' || s[*i] == '\t';
    uint8_t c = 0;
    if (!literal || tilde || (!under && !eq)) c |= TC_PARTIAL;
    if (eq) c |= TC_NOEND;
    if (!tilde && (blank || (!under && !eq))) c |= TC_SKIP;
    return c;
}

// Copies s into buf in capitals with '-' read as '_' (TABARI 0.7.3); returns buf.
static char *S_upper(const char *s, char *buf, size_t cap)
{
    size_t k = 0;
    for (; *s && k + 1 < cap; s++) buf[k++] = *s == '-' ? '_' : (char)toupper((unsigned char)*s);
    buf[k] = '\0';
    while (k && (buf[k - 1] == ' ' || buf[k - 1] == '\t')) buf[--k] = '\0';
    return buf;
}

// Appends the words of phrase s (capitals) to t->words; *n gets their number.  False on OOM or when empty.
static bool S_phrase_words(dyad_dict *d, struct tabari_data *t, const char *s, uint32_t *n)
{
    size_t i = 0;
    *n = 0;
    while (s[i]) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '_' || s[i] == '~' || s[i] == '=') { i++; continue; }
        size_t b = i;
        if (s[i] == '$' || s[i] == '+') i++; /* an actor token in a synonym set member ("PESO_$") */
        else while (!S_word_end(s[i])) i++;
        if (i == b) { i++; continue; }
        tb_word *w = dict_push(d, &t->words, sizeof *w);
        if (!w) return false;
        w->lit = dict_intern(d, s + b, i - b);
        w->len = (uint16_t)(i - b > 65535 ? 65535 : i - b);
        w->conn = S_connector(s, &i, true);
        if (!w->lit || !S_add_literal(d, t, w->lit)) return false;
        (*n)++;
    }
    return *n > 0;
}

// Adds a root: its words and its place in the first-literal index.  Returns its index + 1, 0 on failure.
static uint32_t S_root(dyad_dict *d, struct tabari_data *t, int kind, uint32_t id, const char *phrase, uint32_t file,
                       uint32_t line)
{
    char buf[512];
    S_upper(phrase, buf, sizeof buf);
    uint32_t begin = (uint32_t)t->words.n, n = 0;
    if (!S_phrase_words(d, t, buf, &n)) { t->words.n = begin; return 0; }
    tb_root *r = dict_push(d, &t->roots, sizeof *r);
    if (!r) return 0;
    r->kind = (uint8_t)kind;
    r->id = id;
    r->word_begin = begin;
    r->nwords = n;
    r->file = file;
    r->line = line;
    uint32_t ri = (uint32_t)t->roots.n;
    if (kind == TB_SETWORD) return ri; /* members are matched only inside patterns */
    const tb_word *w0 = &DICT_AT(t, words, tb_word, begin);
    const char *l = dict_s(d, w0->lit);
    uint32_t h = S_hash(l, w0->len) & ((1u << TB_HASH_BITS) - 1);
    /* chained in file order: of two roots matching as many characters, the first listed wins */
    uint32_t *link = &t->first[h];
    while (*link) link = &DICT_AT(t, roots, tb_root, *link - 1).next;
    *link = ri;
    return ri;
}

// Adds the built-in words TABARI knows without dictionaries (manual 7.1).
static bool S_add_builtins(dyad_dict *d, struct tabari_data *t)
{
    static const struct { const char *w; int kind; } b[] = {
        {"THE_", TB_DETERM}, {"A_", TB_DETERM}, {"AN_", TB_DETERM}, {"WAS_", TB_AUXIL}, {"WERE_", TB_AUXIL},
        {"BEEN_", TB_AUXIL}, {"BY_", TB_BY}, {"AND_", TB_CONJ}, {"BUT_", TB_CONJ}, {"OR_", TB_CONJ},
        {"NOR_", TB_CONJ}, {"IN_", TB_PREP}, {"OF_", TB_PREP}, {"HE_", TB_PRON1}, {"SHE_", TB_PRON1},
        {"IT_", TB_PRON1}, {"HIM_", TB_PRON1}, {"HER_", TB_PRON1}, {"THEY_", TB_PRON2}, {"THEM_", TB_PRON2},
        {"THEIR_", TB_PRON2}, {"FORMER_", TB_FORMER}};
    for (size_t i = 0; i < sizeof b / sizeof *b; i++)
        if (!S_root(d, t, b[i].kind, 0, b[i].w, 0, 0)) return false;
    return true;
}

// Parses a verb code block: CODE, CODE:CODE, with '?' (subordinate) or '!' (dominant).
static tb_code S_code(dyad_dict *d, const char *s)
{
    tb_code c = {0, 0, false, false, false};
    if (!s) return c;
    char buf[64];
    size_t n = 0;
    for (; *s && n + 1 < sizeof buf; s++)
        if (*s != ' ' && *s != '\t') buf[n++] = *s;
    buf[n] = '\0';
    while (n && (buf[n - 1] == '?' || buf[n - 1] == '!')) {
        if (buf[n - 1] == '?') c.sub = true;
        else c.dom = true;
        buf[--n] = '\0';
    }
    if (!n) return c;
    char *colon = strchr(buf, ':');
    if (colon) {
        c.code2 = dict_intern(d, colon + 1, strlen(colon + 1));
        *colon = '\0';
    }
    c.code = dict_intern(d, buf, strlen(buf));
    c.set = true;
    return c;
}

// The verb record of dict verb v, grown as needed; NULL on OOM.
static tb_verb *S_verb(dyad_dict *d, struct tabari_data *t, uint32_t v)
{
    while (t->verbs.n <= v)
        if (!dict_push(d, &t->verbs, sizeof(tb_verb))) return NULL;
    return &DICT_AT(t, verbs, tb_verb, v);
}

bool tabari_add_root(dyad_dict *d, int kind, uint32_t id, const char *phrase, const char *code, uint32_t file,
                     uint32_t line)
{
    struct tabari_data *t = S_data(d);
    if (!t || !phrase) return false;
    uint32_t ri = S_root(d, t, kind, id, phrase, file, line);
    if (!ri) return !d->oom;
    if (kind == TB_SETWORD) {
        while (t->sets.n <= id)
            if (!dict_push(d, &t->sets, sizeof(uint32_t))) return false;
        uint32_t *link = &DICT_AT(t, sets, uint32_t, id);
        while (*link) link = &DICT_AT(t, roots, tb_root, *link - 1).next_in_set;
        *link = ri;
    }
    if (kind == TB_AGENT && id < d->agents.n) {
        const dict_agent *a = &DICT_AT(d, agents, dict_agent, id);
        char c[80];
        snprintf(c, sizeof c, a->prefix ? "%s~" : "~%s", dict_s(d, a->code));
        DICT_AT(t, roots, tb_root, ri - 1).conv = dict_intern(d, c, strlen(c));
    }
    if (kind == TB_VERB) {
        tb_verb *v = S_verb(d, t, id);
        if (!v) return false;
        if (code && !v->code.set) {
            v->code = S_code(d, code);
            v->file = file;
            v->line = line;
        }
    }
    return true;
}

/* MARK: patterns */

typedef struct pat_parse {
    dyad_dict *d;
    struct tabari_data *t;
    tb_elem main[48], sub[96];
    tb_alt alts[32];
    uint32_t nmain, nsub, nalts;
    uint16_t length, maxalt;
} pat_parse;

// Reads one element (word, &SET or special) at s[*i] into out; false when it cannot.
static bool S_elem(pat_parse *pp, const char *s, size_t *i, tb_elem *out)
{
    memset(out, 0, sizeof *out);
    char c = s[*i];
    if (strchr("*$+%^@", c)) {
        out->kind = c == '*' ? E_VERB : c == '$' ? E_SRC : c == '+' ? E_TGT : c == '%' ? E_CMP : c == '^' ? E_SKIP : E_ATTRIB;
        (*i)++;
        out->conn = S_connector(s, i, false);
        return true;
    }
    if (c == '&') {
        size_t b = ++(*i);
        while (!S_word_end(s[*i])) (*i)++;
        uint32_t set = dict_find_synset(pp->d, s + b, *i - b);
        if (set == UINT32_MAX) return false;
        out->kind = E_SET;
        out->a = set;
        out->len = (uint16_t)(*i - b + 1);
        out->conn = S_connector(s, i, true);
        return true;
    }
    size_t b = *i;
    while (!S_word_end(s[*i])) (*i)++;
    if (*i == b) return false;
    out->kind = E_LIT;
    out->a = dict_intern(pp->d, s + b, *i - b);
    out->len = (uint16_t)(*i - b);
    out->conn = S_connector(s, i, true);
    return out->a && S_add_literal(pp->d, pp->t, out->a);
}

// Characters of the literals of an element for the length of a pattern (5.7.1): letters and digits.
static uint16_t S_elem_chars(const dyad_dict *d, const tb_elem *e)
{
    if (e->kind != E_LIT) return 0; /* a &SET counts nothing (SYNSET-07: "* DOLLAR" before "* &CURRENCY") */
    uint16_t n = 0;
    for (const char *s = dict_s(d, e->a); *s; s++) n += isalnum((unsigned char)*s) ? 1 : 0;
    return n;
}

// Reads "{ a | b_c | &SET }" at s[*i] into an E_ALT element.
static bool S_alternatives(pat_parse *pp, const char *s, size_t *i, tb_elem *out)
{
    memset(out, 0, sizeof *out);
    out->kind = E_ALT;
    out->a = pp->nalts;
    (*i)++;
    uint16_t maxlen = 0;
    for (;;) {
        if (pp->nalts == sizeof pp->alts / sizeof *pp->alts) return false;
        tb_alt *alt = &pp->alts[pp->nalts++];
        alt->begin = pp->nsub;
        alt->n = 0;
        alt->len = 0;
        for (;;) {
            while (s[*i] == ' ' || s[*i] == '\t') (*i)++;
            if (!s[*i]) return false;
            if (s[*i] == '|' || s[*i] == '}') break;
            if (pp->nsub == sizeof pp->sub / sizeof *pp->sub) return false;
            tb_elem *e = &pp->sub[pp->nsub];
            if (s[*i] == '{' || !S_elem(pp, s, i, e) || e->kind != E_LIT) {
                if (s[*i] == '{' || e->kind != E_SET) return false;
            }
            alt->len = (uint16_t)(alt->len + S_elem_chars(pp->d, e));
            pp->nsub++;
            alt->n++;
        }
        if (!alt->n) return false;
        /* the connector of the last word of an alternative is the one after '}' */
        if (alt->len > maxlen) maxlen = alt->len;
        out->b++;
        if (s[(*i)++] == '}') break;
    }
    out->conn = S_connector(s, i, false);
    out->len = maxlen;
    for (uint32_t k = out->a; k < out->a + out->b; k++) {
        tb_elem *last = &pp->sub[pp->alts[k].begin + pp->alts[k].n - 1];
        last->conn = (uint8_t)((last->conn & (TC_PARTIAL | TC_NOEND)) | (out->conn & TC_SKIP));
    }
    return true;
}

bool tabari_add_pattern(dyad_dict *d, uint32_t verb, const char *text, const char *code, uint32_t file,
                        uint32_t line)
{
    struct tabari_data *t = S_data(d);
    if (!t || !text) return false;
    pat_parse *pp = dyad__malloc(&d->alloc, sizeof *pp);
    if (!pp) { d->oom = true; return false; }
    memset(pp, 0, sizeof *pp);
    pp->d = d;
    pp->t = t;
    char s[512];
    S_upper(text, s, sizeof s);
    size_t i = 0;
    bool ok = true;
    int verbs = 0;
    while (ok && s[i]) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '_' || s[i] == '~') { i++; continue; }
        if (pp->nmain == sizeof pp->main / sizeof *pp->main) { ok = false; break; }
        tb_elem *e = &pp->main[pp->nmain];
        ok = s[i] == '{' ? S_alternatives(pp, s, &i, e) : S_elem(pp, s, &i, e);
        if (!ok) break;
        if (e->kind == E_VERB) verbs++;
        if (e->kind == E_ALT) pp->maxalt = (uint16_t)(pp->maxalt + e->len);
        pp->length = (uint16_t)(pp->length + (e->kind == E_ALT ? e->len : S_elem_chars(d, e)));
        pp->nmain++;
    }
    tb_verb *v = ok && verbs == 1 ? S_verb(d, t, verb) : NULL;
    if (!v) { dyad__free(&d->alloc, pp); return !d->oom; }
    /* stored: the main elements, then the elements of the alternatives */
    uint32_t begin = (uint32_t)t->elems.n, alt0 = (uint32_t)t->alts.n;
    for (uint32_t k = 0; k < pp->nmain + pp->nsub; k++) {
        tb_elem *e = dict_push(d, &t->elems, sizeof *e);
        if (!e) { dyad__free(&d->alloc, pp); return false; }
        *e = k < pp->nmain ? pp->main[k] : pp->sub[k - pp->nmain];
        if (k < pp->nmain && e->kind == E_ALT) e->a += alt0;
    }
    for (uint32_t k = 0; k < pp->nalts; k++) {
        tb_alt *a = dict_push(d, &t->alts, sizeof *a);
        if (!a) { dyad__free(&d->alloc, pp); return false; }
        *a = pp->alts[k];
        a->begin += begin + pp->nmain;
    }
    tb_pat *p = dict_push(d, &t->pats, sizeof *p);
    if (!p) { dyad__free(&d->alloc, pp); return false; }
    p->code = S_code(d, code);
    p->length = pp->length;
    p->maxalt = pp->maxalt;
    p->elem_begin = begin;
    p->nelems = pp->nmain;
    for (uint32_t k = 0; k < pp->nmain; k++)
        if (pp->main[k].kind == E_VERB) p->verb_at = k;
    p->file = file;
    p->line = line;
    dyad__free(&d->alloc, pp);
    /* longest first (5.7.1); patterns of the same length keep the file's order */
    v = &DICT_AT(t, verbs, tb_verb, verb);
    uint32_t pi = (uint32_t)t->pats.n;
    uint32_t *link = &v->first;
    while (*link && DICT_AT(t, pats, tb_pat, *link - 1).length >= p->length) link = &DICT_AT(t, pats, tb_pat, *link - 1).next;
    p->next = *link;
    *link = pi;
    return true;
}

/* MARK: settings (chapter 8) */

struct tabari_settings {
    bool loaded;           /* the .options settings were read */
    int code_mode;         /* 0 clause, 1 sentence, 2 all */
    bool def_src, def_tgt, def_prior, def_after;
    char def_src_code[32], def_tgt_code[32];
    int cx_verbs, cx_actors, cx_pronouns, cx_conj, cx_late;
    bool cx_noactprior, cx_noactafter, cx_noverb;
    bool comma_off;
    int cmin, cmax, emin, emax, bmin, bmax;
    int min_words;
    bool convert_agents;
    int status;            /* TB_DOC_* of the document being coded */
    bool whole_text;       /* code a document's text as one unit (a TABARI record) */
    /* FORWARD (8.4): the first actor of the previous text, for pronouns at the start of the next */
    bool forward;
    char fwd_format[32];   /* "^^*****NNN*SSS": where the story and sentence numbers are in the id */
    char prev_story[32];
    long prev_sent;
    bool prev_valid;
    int32_t fwd_root;      /* root of the first actor of the previous text, -1 */
};

// Resets s to TABARI's defaults.
static void S_defaults(struct tabari_settings *s)
{
    memset(s, 0, sizeof *s);
    s->cmin = 2; s->cmax = 10; s->emin = 2; s->emax = 10; s->bmin = 255; s->bmax = 0;
    s->min_words = 8; /* SET: MINIMUM WORDS (8.2.3) */
    s->fwd_root = -1;
}

// Reads the integer after "KEY" in s (e.g. "VERBS[5]", "MIN = 4"); def when absent.
static int S_int_after(const char *s, const char *key, int def)
{
    const char *p = s;
    size_t kl = strlen(key);
    while ((p = strstr(p, key))) {
        bool start = p == s || !isalpha((unsigned char)p[-1]);
        const char *q = p + kl;
        if (start && !isalpha((unsigned char)*q)) {
            while (*q == ' ' || *q == '[' || *q == '=' || *q == '\t') q++;
            if (isdigit((unsigned char)*q)) return atoi(q);
        }
        p += kl;
    }
    return def;
}

// True when the word w occurs in s as a whole word.
static bool S_has_word(const char *s, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = s; (p = strstr(p, w)); p += n)
        if ((p == s || !isalnum((unsigned char)p[-1])) && !isalnum((unsigned char)p[n])) return true;
    return false;
}

// Copies the code inside the first [..] after key into out; false when there is none.
static bool S_bracket_after(const char *s, const char *key, char *out, size_t cap)
{
    const char *p = strstr(s, key);
    if (!p) return false;
    p = strchr(p, '[');
    if (!p) return false;
    const char *q = strchr(++p, ']');
    if (!q) return false;
    size_t k = 0;
    for (; p < q && k + 1 < cap; p++)
        if (!isspace((unsigned char)*p)) out[k++] = (char)toupper((unsigned char)*p);
    out[k] = '\0';
    return k > 0;
}

// Applies one command (already in capitals, blanks collapsed); false when not supported.
static bool S_command(struct tabari_settings *st, const char *cmd, const char *v, char *why, size_t n)
{
    if (!strncmp(cmd, "SET", 3)) {
        if (strstr(v, "CODE")) {
            st->code_mode = strstr(v, "SEN") ? 1 : strstr(v, "ALL") ? 2 : 0;
            return true;
        }
        if (strstr(v, "MINIMUM")) { st->min_words = S_int_after(v, "WORDS", 0); return true; }
        if (strstr(v, "CONVERT")) { st->convert_agents = strstr(v, "TRUE") || strstr(v, "= T"); return true; }
        if (strstr(v, "YYYY")) return true; /* read by the validation runner */
        snprintf(why, n, "this SET parameter is not supported");
        return false;
    }
    if (!strncmp(cmd, "DEFA", 4)) {
        if (S_has_word(v, "OFF")) { st->def_src = st->def_tgt = st->def_prior = st->def_after = false; return true; }
        st->def_src = S_bracket_after(v, "SOURCE", st->def_src_code, sizeof st->def_src_code);
        st->def_tgt = S_bracket_after(v, "TARGET", st->def_tgt_code, sizeof st->def_tgt_code);
        const char *tp = strstr(v, "TARGET");
        const char *pr = strstr(v, "PRIOR"), *af = strstr(v, "AFTER");
        st->def_prior = pr && (!tp || pr < tp);
        st->def_after = af && tp && af > tp;
        return true;
    }
    if (!strncmp(cmd, "COMP", 4)) {
        st->cx_verbs = S_int_after(v, "VERBS", 0);
        st->cx_actors = S_int_after(v, "ACTORS", 0);
        st->cx_pronouns = S_int_after(v, "PRONOUNS", 0);
        st->cx_conj = S_int_after(v, "CONJ", 0);
        st->cx_late = S_int_after(v, "LATEVERB", 0);
        st->cx_noactprior = S_has_word(v, "NOACTPRIOR");
        st->cx_noactafter = S_has_word(v, "NOACTAFTER");
        st->cx_noverb = S_has_word(v, "NOVERB");
        return true;
    }
    if (!strncmp(cmd, "COMM", 4)) {
        if (S_has_word(v, "OFF")) { st->comma_off = true; return true; }
        st->comma_off = false;
        st->cmin = S_int_after(v, "MIN", st->cmin);
        st->cmax = S_int_after(v, "MAX", st->cmax);
        st->emin = S_int_after(v, "EMIN", st->emin);
        st->emax = S_int_after(v, "EMAX", st->emax);
        st->bmin = S_int_after(v, "BMIN", st->bmin);
        st->bmax = S_int_after(v, "BMAX", st->bmax);
        return true;
    }
    if (!strncmp(cmd, "FORW", 4)) {
        st->forward = !S_has_word(v, "OFF");
        size_t k = 0;
        for (const char *p = v; *p && *p != ' ' && k + 1 < sizeof st->fwd_format; p++) st->fwd_format[k++] = *p;
        st->fwd_format[k] = '\0';
        st->prev_valid = false;
        return true;
    }
    if (!strncmp(cmd, "LABE", 4) || !strncmp(cmd, "OUTP", 4)) return true; /* output format only */
    snprintf(why, n, "%s is not supported by dyad's TABARI coder", cmd);
    return false;
}

// Splits "CMD: value" and applies it.
static bool S_apply(struct tabari_settings *st, const char *line, char *why, size_t n)
{
    char buf[512];
    size_t k = 0;
    bool blank = false;
    for (const char *s = line; *s && k + 2 < sizeof buf; s++) {
        if (isspace((unsigned char)*s)) { blank = k > 0; continue; }
        if (blank) buf[k++] = ' ';
        blank = false;
        buf[k++] = (char)toupper((unsigned char)*s);
    }
    buf[k] = '\0';
    char *colon = strchr(buf, ':');
    if (!colon) { snprintf(why, n, "expected 'COMMAND: ...'"); return false; }
    *colon = '\0';
    const char *v = colon + 1;
    while (*v == ' ') v++;
    return S_command(st, buf, v, why, n);
}

// The coder's settings, made from the .options file on first use; NULL on OOM.
static struct tabari_settings *S_settings(dyad_coder *c)
{
    if (c->tabari && c->tabari->loaded) return c->tabari;
    if (!c->tabari) {
        c->tabari = dyad__malloc(&c->opts.alloc, sizeof *c->tabari);
        if (!c->tabari) return NULL;
    }
    struct tabari_settings *st = c->tabari;
    S_defaults(st);
    st->loaded = true;
    static const char *const keys[] = {"COMPLEX", "DEFAULT", "COMMA", "FORWARD", "SET CODE BY", "SET MINIMUM WORDS",
                                       "SET CONVERT AGENTS", "SET CONVERT AGENT"};
    char why[128], line[400];
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        const char *v = dict_option(c->dict, keys[i]);
        if (!v) continue;
        if (!strncmp(keys[i], "SET ", 4)) snprintf(line, sizeof line, "SET: %s = %s", keys[i] + 4, v);
        else snprintf(line, sizeof line, "%s: %s", keys[i], v);
        S_apply(st, line, why, sizeof why);
    }
    return st;
}

bool tabari_apply_option(dyad_coder *c, const char *command, char *why, size_t n)
{
    if (!c || !command) return false;
    struct tabari_settings *st = S_settings(c);
    if (!st) { snprintf(why, n, "out of memory"); return false; }
    return S_apply(st, command, why, n);
}

bool tabari_whole_texts(dyad_coder *c, bool on)
{
    struct tabari_settings *st = c ? S_settings(c) : NULL;
    if (!st) return false;
    st->whole_text = on;
    return true;
}

int tabari_doc_status(const dyad_coder *c)
{
    return c && c->tabari ? c->tabari->status : 0;
}

void tabari_settings_free(dyad_coder *c)
{
    if (!c || !c->tabari) return;
    dyad__free(&c->opts.alloc, c->tabari);
    c->tabari = NULL;
}

/* MARK: the sentence */

#define TB_MAX_WORDS 512
#define TB_MAX_EVENTS 64

/* Segment tags on words. */
enum { G_CLAUSE_HEAD = 1, G_CLAUSE_TAIL = 2, G_SUB_HEAD = 16, G_SUB_TAIL = 32 };

typedef struct tb_tok {
    const char *s;        /* the word in capitals (in the sentence buffer) */
    uint16_t n;
    size_t start, end;    /* bytes in the document text */
    uint8_t type;         /* W_* */
    bool midcap, compd;
    uint8_t tags;         /* G_* */
    uint16_t cmp_head, cmp_tail; /* a compound starts / ends here: its number (compounds may overlap) */
    int32_t root;         /* head word: the root matched; -1 */
    int32_t head, tail;   /* the root instance this word belongs to: its first and last words; -1 */
    int32_t ref;          /* a dereferenced pronoun: the head of its actor; -1 */
} tb_tok;

/* An actor as TABARI's actorStruct: code, agent, where it was found. */
typedef struct tb_actor {
    const char *code;     /* NULL = empty */
    const char *agent;    /* agent code or NULL */
    bool agent_prefix;
    int32_t where;        /* head word, -1 for a default actor */
} tb_actor;

typedef struct tb_event {
    tb_actor src, tgt;
    const char *code;
    bool sub, dom;
    uint32_t file, line;
    int32_t verb;
} tb_event;

typedef struct tb_sent {
    dyad_coder *coder;
    const dyad_dict *d;
    const struct tabari_data *t;
    struct tabari_settings *st;
    dyad_doc *doc;
    uint32_t sentence;
    dyad_buf *trace;
    dict_day day;
    char *buf;            /* the filtered words */
    tb_tok w[TB_MAX_WORDS + 1]; /* + the actor forwarded from the previous text */
    bool can_forward, has_fwd; /* w[n] holds the forwarded actor */
    int32_t n;
    /* coder state (CoderClass) */
    int32_t cstart, cend; /* clause bounds */
    tb_actor src, tgt;
    bool reg_src, reg_tgt, passive;
    int32_t i_src, i_tgt, i_cmp; /* set by a pattern */
    uint32_t lenalt;
    tb_event ev[TB_MAX_EVENTS];
    int32_t nev;
} tb_sent;

static void S_trace(tb_sent *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void S_trace(tb_sent *s, const char *fmt, ...)
{
    if (!s->trace) return;
    va_list ap;
    va_start(ap, fmt);
    dyad_buf_vprintf(s->trace, fmt, ap);
    va_end(ap);
}

// Filters the sentence text as TABARI does (7.3) into words; false on OOM.
static bool S_lex(tb_sent *s, const char *text, size_t from, size_t to)
{
    s->buf = dyad__malloc(&s->coder->opts.alloc, 3 * (to - from) + 8);
    if (!s->buf) return false;
    bool caps = true;
    for (size_t i = from; i < to; i++)
        if (islower((unsigned char)text[i])) { caps = false; break; }
    char *o = s->buf;
    bool first = true;
    s->n = 0;
    size_t i = from;
    while (i < to && s->n < TB_MAX_WORDS) {
        unsigned char c = (unsigned char)text[i];
        if (isspace(c)) { i++; continue; }
        /* one word: up to a blank, punctuation making words of its own or ending it */
        if (c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '"') {
            tb_tok *w = &s->w[s->n++];
            memset(w, 0, sizeof *w);
            w->s = o;
            *o++ = c == '"' ? '"' : ',';
            w->n = 1;
            *o++ = '\0';
            w->start = i;
            w->end = i + 1;
            w->type = c == '"' ? W_NULL : W_COMMA;
            i++;
            continue;
        }
        size_t b = i;
        char *ws = o;
        for (; i < to; i++) {
            unsigned char ch = (unsigned char)text[i];
            if (isspace(ch)) break;
            if (ch == ',' && i > from && i + 1 < to && isdigit((unsigned char)text[i - 1]) && isdigit((unsigned char)text[i + 1]))
                continue; /* 1,500 */
            if (ch == ',' || ch == ';' || ch == ':' || ch == '(' || ch == ')' || ch == '"') break;
            if (ch == '.') {
                if (i > from && i + 1 < to && isdigit((unsigned char)text[i - 1]) && isdigit((unsigned char)text[i + 1])) *o++ = '.';
                else if (i > from && isupper((unsigned char)text[i - 1])) *o++ = '.';
                else break;
                continue;
            }
            if (ch == '\'' || ch == '$' || ch >= 0x80 || isalnum(ch)) { *o++ = (char)toupper(ch); continue; }
            break; /* '-', '?', '!' and other punctuation end the word */
        }
        if (o == ws) { i = i > b ? i : i + 1; continue; }
        *o++ = '\0';
        tb_tok *w = &s->w[s->n++];
        memset(w, 0, sizeof *w);
        w->s = ws;
        w->n = (uint16_t)(o - ws - 1);
        w->start = b;
        w->end = i;
        if (!caps && isupper((unsigned char)text[b])) {
            if (first) first = false;
            else w->midcap = true;
        }
        if (isdigit((unsigned char)*ws)) {
            bool lit = false;
            for (size_t k = 1; k <= w->n && !lit; k++) lit = S_is_literal(s->t, s->d, ws, k);
            if (!lit) w->type = W_NUMBER;
        }
        if (i < to && !isspace((unsigned char)text[i]) && text[i] != ',' && text[i] != ';' && text[i] != ':' &&
            text[i] != '(' && text[i] != ')' && text[i] != '"')
            i++; /* the punctuation that ended the word becomes a blank */
    }
    for (int32_t k = 0; k < s->n; k++) s->w[k].root = s->w[k].head = s->w[k].tail = s->w[k].ref = -1;
    return true;
}

/* MARK: roots (makeSynt) */

// The word type of a root kind.
static uint8_t S_type_of(int kind)
{
    switch (kind) {
    case TB_ACTOR: return W_ACTOR;
    case TB_AGENT: return W_AGENT;
    case TB_VERB: return W_VERB;
    case TB_NOUN: case TB_NULL: case TB_DISCARD: return W_NOUN;
    case TB_ADJ: case TB_FORMER: return W_ADJ;
    case TB_DETERM: return W_DETERM;
    case TB_AUXIL: return W_AUXIL;
    case TB_BY: return W_BY;
    case TB_CONJ: return W_CONJ;
    case TB_PREP: return W_PREP;
    case TB_PRON1: case TB_PRON2: return W_PRON;
    default: return W_NULL;
    }
}

// Characters of a regular ending at e[0..) after a literal that is the last word of a root of the given
// type (5.2.3), or -1 when what follows is not one.
static int S_ending(const char *e, const char *word, int type)
{
    if (type == W_ACTOR || type == W_AGENT || type == W_NOUN) {
        if (!strcmp(e, "S")) return 1;
        if (!strcmp(e, "'S") || !strcmp(e, "ES")) return 2;
    }
    if (type == W_VERB) {
        if (!strcmp(e, "S")) return 1;
        if (!strcmp(e, "ED") || !strcmp(e, "ES") || !strcmp(e, "EN")) return 2;
        if (!strcmp(e, "ING")) return 3;
        if (!strcmp(e, "D") && e > word && e[-1] == 'E') return 1;
    }
    return -1;
}

// Matches root r at word i (matchLex): returns the characters matched (0: no match) and fills pos.
static int S_match_root(const tb_sent *s, const tb_root *r, int32_t i, int32_t *pos)
{
    const tb_word *w = &DICT_AT(s->t, words, tb_word, r->word_begin);
    int type = S_type_of(r->kind);
    bool skip = false;
    int chars = 0;
    int32_t p = i;
    for (uint32_t k = 0; k < r->nwords; k++) {
        const char *lit = dict_s(s->d, w[k].lit);
        for (;;) {
            if (p >= s->n || s->w[p].type == W_COMMA) return 0;
            if (s->w[p].head < 0 && s->w[p].n >= w[k].len && !memcmp(s->w[p].s, lit, w[k].len) && s->w[p].type != W_NUMBER) break;
            if (!skip) return 0;
            p++;
        }
        pos[k] = p;
        chars += w[k].len;
        if (s->w[p].n > w[k].len && !(w[k].conn & TC_PARTIAL)) {
            if (w[k].conn & TC_NOEND || k + 1 < r->nwords) return 0;
            int e = S_ending(s->w[p].s + w[k].len, s->w[p].s, type);
            return e < 0 ? 0 : chars + e;
        }
        skip = (w[k].conn & TC_SKIP) != 0;
        p++;
    }
    return chars;
}

// Assigns roots to the words from left to right, each to the root matching the most characters.
static void S_roots(tb_sent *s)
{
    int32_t pos[64], best_pos[64];
    for (int32_t i = 0; i < s->n; i++) {
        tb_tok *w = &s->w[i];
        if (w->type != W_NULL || w->head >= 0 || w->s[0] == '"') continue;
        int best = 0;
        int32_t best_root = -1;
        uint32_t best_n = 0;
        for (uint16_t l = 1; l <= w->n; l++) {
            uint32_t h = S_hash(w->s, l) & ((1u << TB_HASH_BITS) - 1);
            for (uint32_t k = s->t->first[h]; k; k = DICT_AT(s->t, roots, tb_root, k - 1).next) {
                const tb_root *r = &DICT_AT(s->t, roots, tb_root, k - 1);
                const tb_word *w0 = &DICT_AT(s->t, words, tb_word, r->word_begin);
                if (w0->len != l || memcmp(dict_s(s->d, w0->lit), w->s, l) || r->nwords > 64) continue;
                int m = S_match_root(s, r, i, pos);
                if (m > best) {
                    best = m;
                    best_root = (int32_t)(k - 1);
                    best_n = r->nwords;
                    memcpy(best_pos, pos, r->nwords * sizeof *pos);
                }
            }
        }
        if (best_root < 0) continue;
        const tb_root *r = &DICT_AT(s->t, roots, tb_root, best_root);
        uint8_t type = S_type_of(r->kind);
        /* a null-coded verb without patterns is no verb (8.7 note) */
        if (r->kind == TB_VERB && r->id < s->t->verbs.n) {
            const tb_verb *v = &DICT_AT(s->t, verbs, tb_verb, r->id);
            if (!v->first && (!v->code.set || !strcmp(dict_s(s->d, v->code.code), "---"))) type = W_NULL;
        }
        int32_t tail = best_pos[best_n - 1];
        for (uint32_t k = 0; k < best_n; k++) {
            tb_tok *x = &s->w[best_pos[k]];
            x->type = type;
            x->head = i;
            x->tail = tail;
        }
        w->root = best_root;
    }
}

// The root of the root instance word i belongs to, or NULL.
static const tb_root *S_root_at(const tb_sent *s, int32_t i)
{
    if (i < 0 || i > s->n || (i == s->n && !s->has_fwd) || s->w[i].head < 0) return NULL;
    int32_t r = s->w[s->w[i].head].root;
    return r >= 0 ? &DICT_AT(s->t, roots, tb_root, r) : NULL;
}

// True when word i starts a root instance of type `type`.
static bool S_head(const tb_sent *s, int32_t i, uint8_t type)
{
    return i >= 0 && i < s->n && s->w[i].type == type && s->w[i].head == i;
}

// The code of an actor root on the sentence's day (NULL when none applies).
static const char *S_actor_code(const tb_sent *s, const tb_root *r)
{
    if (r->kind == TB_AGENT) return r->conv ? dict_s(s->d, r->conv) : NULL; /* a converted agent */
    if (r->kind != TB_ACTOR) return r->kind == TB_NULL ? "---" : r->kind == TB_DISCARD ? "###" : NULL;
    return dict_entity_code(s->d, r->id, s->day);
}

// Changes the type of every word of the root instance headed at h.
static void S_retype(tb_sent *s, int32_t h, uint8_t from, uint8_t to)
{
    for (int32_t k = h; k <= s->w[h].tail && k < s->n; k++)
        if (s->w[k].head == h && s->w[k].type == from) s->w[k].type = to;
}

// Verbs after a determiner or capitalised inside the sentence, and null-coded actors, become nouns (7.4).
static void S_nouns(tb_sent *s)
{
    for (int32_t i = 0; i < s->n; i++) {
        tb_tok *w = &s->w[i];
        if (w->type == W_VERB && w->head == i && i > 0 && (s->w[i - 1].type == W_DETERM || w->midcap)) {
            S_retype(s, i, W_VERB, W_NOUN);
        } else if (w->head == i && (w->type == W_ACTOR || w->type == W_NOUN)) {
            const tb_root *r = S_root_at(s, i);
            const char *code = r ? S_actor_code(s, r) : NULL;
            if (r && r->kind == TB_ACTOR && (!code || !strcmp(code, "---"))) S_retype(s, i, W_ACTOR, W_NOUN);
        }
    }
}

// An agent without an actor next to it becomes an actor (SET: CONVERT AGENTS, 8.2.6).
static void S_convert_agents(tb_sent *s)
{
    for (int32_t i = 0; i < s->n; i++) {
        if (s->w[i].type != W_AGENT || s->w[i].head != i) continue;
        int32_t t = s->w[i].tail;
        bool actor_before = i > 0 && (s->w[i - 1].type == W_ACTOR || (S_root_at(s, i - 1) && S_root_at(s, i - 1)->kind == TB_FORMER));
        bool actor_after = t + 1 < s->n && S_head(s, t + 1, W_ACTOR);
        bool prep_actor = t + 2 < s->n && s->w[t + 1].type == W_PREP && s->w[t + 2].type == W_ACTOR;
        if (!actor_before && !actor_after && !prep_actor) S_retype(s, i, W_AGENT, W_ACTOR);
        i = t;
    }
}

// The word where compound id ends, searching from i; -1 when its tail is gone.
static int32_t S_compound_tail(const tb_sent *s, int32_t i, uint16_t id)
{
    for (int32_t k = i; k < s->n; k++)
        if (s->w[k].cmp_tail == id) return k;
    return -1;
}

// Marks parsed compound actors: ACTOR (, ACTOR)* AND ACTOR, with determiners and adjectives (7.5).
static void S_compounds(tb_sent *s)
{
    uint16_t id = 0;
    for (int32_t i = 0; i < s->n; i++) {
        if (s->w[i].type != W_CONJ) continue;
        const char *cw = s->w[i].s;
        if (strcmp(cw, "AND") && strcmp(cw, "NOR")) continue;
        int32_t end = -1;
        for (int32_t k = i + 1; k < s->n && (s->w[k].type == W_ACTOR || s->w[k].type == W_DETERM || s->w[k].type == W_ADJ); k++) {
            if (S_head(s, k, W_ACTOR)) {
                k = s->w[k].tail;
                end = k;
            }
        }
        if (end < 0) continue;
        int32_t start = -1;
        bool need = false;
        for (int32_t k = i; k >= 0; k--) {
            uint8_t t = s->w[k].type;
            if (t == W_CONJ || t == W_COMMA) need = false;
            else if (t == W_ACTOR) {
                if (need) break;
                if (s->w[k].head >= 0) k = s->w[k].head;
                start = k;
                need = true;
            } else if (t != W_DETERM && t != W_ADJ) break;
        }
        if (start < 0 || id == UINT16_MAX) continue;
        id++;
        /* an earlier compound starting inside this one is dropped */
        for (int32_t k = start; k <= end; k++) {
            uint16_t old = s->w[k].cmp_head;
            if (!old) continue;
            int32_t t = S_compound_tail(s, k, old);
            if (t >= 0) s->w[t].cmp_tail = 0;
            s->w[k].cmp_head = 0;
        }
        for (int32_t k = start; k <= end; k++) s->w[k].compd = true;
        s->w[start].cmp_head = id;
        s->w[end].cmp_tail = id;
    }
}

// The last word of the compound starting at i (a compound head), or i.
static int32_t S_compound_end(const tb_sent *s, int32_t i)
{
    if (!s->w[i].cmp_head) return i;
    int32_t t = S_compound_tail(s, i, s->w[i].cmp_head);
    return t >= 0 ? t : i;
}

// Removes the words of a comma-delimited clause [b, e] (the words after b up to e; all when b is the
// first word) as nullSubordinate does: roots and compounds that start inside it are dropped, and
// those that end inside it lose their first word too.
static void S_kill(tb_sent *s, int32_t b, int32_t e, bool from_b)
{
    s->w[b].tags |= G_SUB_HEAD;
    s->w[e].tags |= G_SUB_TAIL;
    for (int32_t k = from_b ? b : b + 1; k <= e; k++) {
        int32_t h = s->w[k].head;
        if (h >= 0) {
            for (int32_t j = h; j <= s->w[h].tail && j < s->n; j++)
                if (s->w[j].head == h && (j < b || j > e)) s->w[j].type = W_DEAD;
        }
        s->w[k].type = W_DEAD;
        if (s->w[k].cmp_head) {
            int32_t t = S_compound_tail(s, k, s->w[k].cmp_head);
            if (t >= 0) s->w[t].cmp_tail = 0;
            s->w[k].cmp_head = 0;
        }
        if (s->w[k].cmp_tail) {
            int32_t hh = k;
            while (hh >= 0 && !s->w[hh].cmp_head) hh--;
            if (hh >= 0) {
                s->w[hh].cmp_head = 0;
                s->w[hh].type = W_DEAD;
            }
            s->w[k].cmp_tail = 0;
        }
    }
}

// Marks and removes comma-delimited clauses (7.8; COMMA: 8.6).
static void S_subordinates(tb_sent *s)
{
    if (s->st->comma_off) return;
    int32_t i = 0;
    while (i < s->n) {
        if (s->w[i].cmp_head) { i = S_compound_end(s, i) + 1; continue; }
        if (s->w[i].type == W_COMMA) {
            int32_t c = i;
            if (c >= s->st->bmin && c <= s->st->bmax && c > 0) S_kill(s, 0, c - 1, true);
            i++;
            while (i < s->n && s->w[i].type != W_COMMA) {
                if (s->w[i].cmp_head) i = S_compound_end(s, i) + 1;
                else i++;
            }
            int32_t between = i - c - 1;
            if (i >= s->n) {
                if (between >= s->st->emin && between <= s->st->emax && c + 1 < s->n) S_kill(s, c, s->n - 1, false);
                return;
            }
            if (between >= s->st->cmin && between <= s->st->cmax) S_kill(s, c, i, false);
        }
        if (i < s->n) i++;
    }
}

// Marks the clauses of a compound sentence (7.6); returns true when there are several.
static bool S_clauses(tb_sent *s)
{
    bool several = false;
    if (!s->n) return false;
    s->w[0].tags |= G_CLAUSE_HEAD;
    for (int32_t i = 0; i < s->n; i++) {
        if (s->w[i].cmp_head) { i = S_compound_end(s, i); continue; }
        if (s->w[i].type != W_CONJ || i == 0 || i + 1 >= s->n) continue;
        bool phrase = false;
        if (s->w[i - 1].type == W_NOUN) {
            int32_t k = i + 1;
            while (k < s->n && s->w[k].type == W_ADJ) k++;
            if (k < s->n && s->w[k].type == W_NOUN) { phrase = true; i = k; }
        }
        if (!phrase && s->w[i - 1].type == W_ADJ && s->w[i + 1].type == W_ADJ) { phrase = true; i++; }
        if (phrase) continue;
        several = true;
        s->w[i - 1].tags |= G_CLAUSE_TAIL;
        s->w[i + 1].tags |= G_CLAUSE_HEAD;
        i++;
    }
    s->w[s->n - 1].tags |= G_CLAUSE_TAIL;
    return several;
}

// Dereferences pronouns (7.7): HE/SHE/IT/HIM/HER to the first actor before them outside compounds;
// THEY/THEM/THEIR to the first compound, else the first actor.
static void S_pronouns(tb_sent *s)
{
    for (int32_t i = 0; i < s->n; i++) {
        if (s->w[i].type != W_PRON) continue;
        const tb_root *r = S_root_at(s, i);
        int32_t idx = -1;
        if (r && r->kind == TB_PRON1) {
            for (int32_t k = 0; k < i; k++) {
                if (s->w[k].type != W_ACTOR) continue;
                if (s->w[k].cmp_head) { k = S_compound_end(s, k); continue; }
                if (s->w[k].head != k) continue;
                idx = k;
                break;
            }
        } else if (r && r->kind == TB_PRON2) {
            for (int32_t k = 0; k < i; k++) {
                if (s->w[k].type != W_ACTOR) continue;
                if (s->w[k].cmp_head) { idx = k; break; }
                if (idx < 0) idx = k;
            }
        }
        if (idx < 0 && s->can_forward && s->st->fwd_root >= 0) {
            /* the first actor of the previous text, as a word after the sentence (setForward) */
            tb_tok *f = &s->w[s->n];
            memset(f, 0, sizeof *f);
            f->s = "";
            f->type = W_ACTOR;
            f->root = s->st->fwd_root;
            f->head = f->tail = s->n;
            f->ref = -1;
            s->has_fwd = true;
            idx = s->n;
        }
        if (idx < 0) continue;
        s->w[i].type = W_ACTOR;
        s->w[i].ref = idx;
        s->w[i].head = s->w[i].tail = i;
    }
}

// True when a root of the sentence carries a discard code (6.3).
static bool S_discard(const tb_sent *s)
{
    for (int32_t i = 0; i < s->n; i++) {
        const tb_root *r = s->w[i].root >= 0 ? &DICT_AT(s->t, roots, tb_root, s->w[i].root) : NULL;
        if (!r) continue;
        if (r->kind == TB_DISCARD) return true;
        if (r->kind == TB_ACTOR) {
            const char *c = S_actor_code(s, r);
            if (c && !strcmp(c, "###")) return true;
        }
        if (r->kind == TB_VERB && r->id < s->t->verbs.n) {
            const tb_verb *v = &DICT_AT(s->t, verbs, tb_verb, r->id);
            if (v->code.set && !strcmp(dict_s(s->d, v->code.code), "###")) return true;
        }
    }
    return false;
}

// True when the verb root of word i is null-coded.
static bool S_null_verb(const tb_sent *s, int32_t i)
{
    const tb_root *r = S_root_at(s, i);
    if (!r || r->kind != TB_VERB || r->id >= s->t->verbs.n) return true;
    const tb_verb *v = &DICT_AT(s->t, verbs, tb_verb, r->id);
    return !v->code.set || !strcmp(dict_s(s->d, v->code.code), "---");
}

// Evaluates the COMPLEX conditions (8.7); true when the sentence is too complex to code.
static bool S_complex(tb_sent *s)
{
    const struct tabari_settings *st = s->st;
    int verbs = 0, actors = 0, prons = 0, conj = 0;
    int32_t first_verb = -1;
    for (int32_t i = 0; i < s->n; i++) {
        uint8_t t = s->w[i].type;
        if (t == W_DEAD) continue;
        if (t == W_VERB && s->w[i].head == i) {
            verbs++;
            if (first_verb < 0 && !S_null_verb(s, i)) first_verb = i;
        }
        if (t == W_ACTOR && s->w[i].head == i) actors++;
        if (t == W_PRON) prons++;
    }
    for (int32_t i = 0; i < s->n; i++) {
        if (s->w[i].cmp_head) { i = S_compound_end(s, i); continue; }
        if (s->w[i].type == W_CONJ) conj++;
    }
    if (first_verb < 0) first_verb = s->n;
    bool cx = false;
    const char *why = "";
    if (st->cx_verbs > 0 && verbs >= st->cx_verbs) cx = true, why = "verbs";
    if (st->cx_actors > 0 && actors >= st->cx_actors) cx = true, why = "actors";
    if (st->cx_pronouns > 0 && prons >= st->cx_pronouns) cx = true, why = "pronouns";
    if (st->cx_conj > 0 && conj >= st->cx_conj) cx = true, why = "conjunctions";
    if (st->cx_late > 0 && first_verb >= st->cx_late) cx = true, why = "verb position";
    if (st->cx_noverb && !verbs) cx = true, why = "no verb";
    if (st->cx_noactprior) {
        bool any = false;
        for (int32_t i = 0; i < first_verb && !any; i++) any = s->w[i].type == W_ACTOR;
        if (!any) cx = true, why = "no actor before verb";
    }
    if (st->cx_noactafter) {
        bool any = false;
        for (int32_t i = first_verb + 1; i < s->n && !any; i++) any = s->w[i].type == W_ACTOR;
        if (!any) cx = true, why = "no actor after verb";
    }
    if (cx) S_trace(s, "   (complex text: %s)\n", why);
    return cx;
}

/* MARK: actors */

// The head of the actor a word belongs to, following a dereferenced pronoun; -1 when none.
static int32_t S_actor_head(const tb_sent *s, int32_t i)
{
    if (i < 0 || i >= s->n) return -1;
    if (s->w[i].ref >= 0) return s->w[i].ref;
    return s->w[i].head;
}

// The last word of the actor headed at h (a dereferenced pronoun is its own tail).
static int32_t S_actor_tail(const tb_sent *s, int32_t h)
{
    return s->w[h].tail >= h ? s->w[h].tail : h;
}

// True when word i is the adjective FORMER (5.4.1).
static bool S_former(const tb_sent *s, int32_t i)
{
    const tb_root *r = S_root_at(s, i);
    return r && r->kind == TB_FORMER && s->w[i].type == W_ADJ;
}

// Fills a with the codes of the actor at word loc (getActorStructCodes): a dereferenced pronoun
// stands for its actor.  With `agent`, an agent next to loc is added (findAgent): after the
// actor, else before it (across IN or OF); FORMER makes it ELI.
static void S_actor_codes(const tb_sent *s, int32_t loc, tb_actor *a, bool agent)
{
    memset(a, 0, sizeof *a);
    a->where = -1;
    if (loc < 0 || loc > s->n || (loc == s->n && !s->has_fwd)) return;
    int32_t at = s->w[loc].ref >= 0 || s->w[loc].head < 0 ? loc : s->w[loc].head;
    int32_t src = s->w[loc].ref >= 0 ? s->w[loc].ref : at;
    const tb_root *r = S_root_at(s, src);
    if (!r) return;
    a->code = S_actor_code(s, r);
    if (!a->code) a->code = "---";
    a->where = src;
    if (!agent || at == s->n) return; /* a forwarded actor comes without its agent */
    int32_t tloc = s->w[at].ref >= 0 ? at : S_actor_tail(s, at);
    bool former = false;
    if (S_former(s, tloc + 1)) { former = true; tloc++; }
    if (!former && S_former(s, at - 1)) former = true;
    const tb_root *ag = NULL;
    if (S_head(s, tloc + 1, W_AGENT)) ag = S_root_at(s, tloc + 1);
    else {
        int32_t b = at;
        if (b > 0 && s->w[b - 1].type == W_PREP) b--;
        if (b > 0 && s->w[b - 1].type == W_AGENT && s->w[b - 1].tail == b - 1) {
            ag = S_root_at(s, b - 1);
            if (!former && S_former(s, s->w[b - 1].head - 1)) former = true;
        }
    }
    if (!ag || ag->kind != TB_AGENT || ag->id >= s->d->agents.n) return;
    const dict_agent *da = &DICT_AT(s->d, agents, dict_agent, ag->id);
    a->agent = former ? "ELI" : dict_s(s->d, da->code);
    a->agent_prefix = !former && da->prefix;
}

// True when two actors have the same codes (actorEqual).
static bool S_same_actor(const tb_actor *a, const tb_actor *b)
{
    if (!a->code || !b->code) return !a->code && !b->code;
    if (strcmp(a->code, b->code)) return false;
    if (!a->agent || !b->agent) return !a->agent && !b->agent;
    return !strcmp(a->agent, b->agent) && a->agent_prefix == b->agent_prefix;
}

// The first actor head at or after loc up to the clause end (findActor); -1 when none.
static int32_t S_find_actor(const tb_sent *s, int32_t loc, int32_t end)
{
    for (; loc <= end && loc < s->n; loc++)
        if (s->w[loc].type == W_ACTOR && (s->w[loc].head == loc || s->w[loc].ref >= 0)) return loc;
    return -1;
}

// The first actor at or before loc back to the clause start (backActor): its head; -1 when none.
static int32_t S_back_actor(const tb_sent *s, int32_t loc)
{
    for (; loc >= s->cstart && loc >= 0; loc--)
        if (s->w[loc].type == W_ACTOR) return s->w[loc].ref >= 0 ? loc : s->w[loc].head;
    return -1;
}

// Sets a to the default source or target code.
static void S_default(tb_actor *a, const char *code)
{
    memset(a, 0, sizeof *a);
    a->code = code && *code ? code : "";
    a->where = -1;
}

// The source by the default rules (5.8): the first actor of the clause that is not the target.
static void S_regular_source(tb_sent *s, int32_t verb)
{
    int32_t loc = s->cstart;
    for (;;) {
        int32_t f = S_find_actor(s, loc, s->cend);
        if (f < 0) break;
        if (s->st->def_src && s->st->def_prior && f > verb) {
            S_default(&s->src, s->st->def_src_code);
            s->reg_src = true;
            return;
        }
        tb_actor a;
        S_actor_codes(s, f, &a, true);
        if (!S_same_actor(&a, &s->tgt)) {
            s->src = a;
            s->reg_src = true;
            return;
        }
        loc = f + 1;
    }
    if (s->st->def_src) {
        S_default(&s->src, s->st->def_src_code);
        s->reg_src = true;
    }
}

// The target by the default rules: the first other actor after the verb, else before it, else a
// compound source itself.
static void S_regular_target(tb_sent *s, int32_t verb)
{
    tb_actor a;
    for (int32_t loc = verb + 1;;) {
        int32_t f = S_find_actor(s, loc, s->cend);
        if (f < 0) break;
        S_actor_codes(s, f, &a, true);
        if (!S_same_actor(&a, &s->src)) {
            s->tgt = a;
            s->reg_tgt = true;
            return;
        }
        loc = f + 1;
    }
    if (s->st->def_tgt && s->st->def_after) {
        S_default(&s->tgt, s->st->def_tgt_code);
        s->reg_tgt = true;
        return;
    }
    for (int32_t loc = verb - 1;;) {
        int32_t f = S_back_actor(s, loc);
        if (f < 0) break;
        S_actor_codes(s, f, &a, true);
        if (!S_same_actor(&a, &s->src)) {
            s->tgt = a;
            return;
        }
        loc = f - 1;
    }
    if (s->src.code && ((strchr(s->src.code, '/')) || (s->src.where >= 0 && s->w[s->src.where].compd))) s->tgt = s->src;
    else if (s->st->def_src || s->st->def_tgt) S_default(&s->tgt, s->st->def_tgt ? s->st->def_tgt_code : "");
}

/* MARK: pattern matching (checkPattern) */

/* The matcher's state: where it is and what it captured. */
typedef struct pm {
    tb_sent *s;
    int32_t end;          /* last word a forward match may use */
    uint32_t lenalt;
} pm;

// 2 when the literal equals word p, 1 when it begins it, 0 otherwise (hasLitr).
static int S_lit(const tb_sent *s, int32_t p, const tb_elem *e)
{
    if (p < 0 || p >= s->n || s->w[p].type == W_COMMA || s->w[p].type == W_NUMBER) return 0;
    const tb_tok *w = &s->w[p];
    if (w->n < e->len || memcmp(w->s, dict_s(s->d, e->a), e->len)) return 0;
    return w->n == e->len ? 2 : 1;
}

static bool S_match_seq(pm *m, const tb_elem *el, uint32_t n, int32_t *p, bool skip, bool forward);

// True when a member of synonym set `set` matches at word p (forwards: the whole member,
// from p or later when skip; backwards: its first word at p).
static bool S_set_at(pm *m, uint32_t set, int32_t p, bool skip, bool forward)
{
    const struct tabari_data *t = m->s->t;
    if (set >= t->sets.n) return false;
    for (uint32_t k = DICT_AT(t, sets, uint32_t, set); k; k = DICT_AT(t, roots, tb_root, k - 1).next_in_set) {
        const tb_root *r = &DICT_AT(t, roots, tb_root, k - 1);
        const tb_word *w = &DICT_AT(t, words, tb_word, r->word_begin);
        tb_elem el[16];
        uint32_t n = r->nwords < 16 ? r->nwords : 16;
        for (uint32_t i = 0; i < n; i++) {
            const char *l = dict_s(m->s->d, w[i].lit);
            el[i].kind = !strcmp(l, "$") ? E_SRC : !strcmp(l, "+") ? E_TGT : E_LIT;
            el[i].a = w[i].lit;
            el[i].len = w[i].len;
            el[i].conn = w[i].conn;
        }
        int32_t q = p;
        if (forward) {
            if (S_match_seq(m, el, n, &q, skip, true)) return true;
        } else if (S_lit(m->s, p, &el[0]) == 2 || (S_lit(m->s, p, &el[0]) && (el[0].conn & TC_PARTIAL)))
            return true;
    }
    return false;
}

// Tries one element at word p; returns the next word to look at (p + 1, or past what an
// alternative or a skipped actor took) or -2 when it does not match here.
static int32_t S_elem_at(pm *m, const tb_elem *e, int32_t p, bool forward, bool skip)
{
    tb_sent *s = m->s;
    int32_t step = forward ? 1 : -1;
    if (p < 0 || p >= s->n) return -2;
    switch (e->kind) {
    case E_LIT: {
        int r = S_lit(s, p, e);
        return (r == 2 || (r == 1 && (e->conn & TC_PARTIAL))) ? p + step : -2;
    }
    case E_SET:
        return S_set_at(m, e->a, p, false, forward) ? p + step : -2;
    case E_SRC: case E_TGT: case E_ATTRIB:
        if (s->w[p].type != W_ACTOR) return -2;
        if (e->kind == E_SRC) s->i_src = S_actor_head(s, p);
        else if (e->kind == E_TGT) s->i_tgt = S_actor_head(s, p);
        return p + step;
    case E_SKIP: {
        if (s->w[p].type != W_ACTOR) return -2;
        int32_t h = S_actor_head(s, p);
        if (s->w[p].ref >= 0) return p + step;
        return forward ? S_actor_tail(s, h) + 1 : h - 1;
    }
    case E_CMP:
        if (!s->w[p].cmp_head || S_compound_tail(s, p, s->w[p].cmp_head) < 0) return -2;
        s->i_cmp = p;
        return p + step;
    default:
        DYAD_UNUSED(skip);
        return -2;
    }
}

// Matches an alternative set at *p: the alternatives in order (forwards) or in reverse order
// (backwards), each from *p with the skip rule before it.  True with *p moved past it.
static bool S_alt(pm *m, const tb_elem *e, int32_t *p, bool skip, bool forward)
{
    const struct tabari_data *t = m->s->t;
    for (uint32_t k = 0; k < e->b; k++) {
        uint32_t ai = forward ? e->a + k : e->a + e->b - 1 - k;
        const tb_alt *a = &DICT_AT(t, alts, tb_alt, ai);
        int32_t q = *p;
        if (S_match_seq(m, &DICT_AT(t, elems, tb_elem, a->begin), a->n, &q, skip, forward)) {
            *p = q;
            m->lenalt += a->len;
            return true;
        }
    }
    return false;
}

// Matches the elements el[0..n) from word *p on (forwards) or el[n-1..0] from *p down (backwards),
// TABARI style: each element at the first place it matches, skipping words only where the
// connector allows.  On success *p is the next word to look at.
static bool S_match_seq(pm *m, const tb_elem *el, uint32_t n, int32_t *p, bool skip, bool forward)
{
    tb_sent *s = m->s;
    for (uint32_t j = 0; j < n; j++) {
        const tb_elem *e = forward ? &el[j] : &el[n - 1 - j];
        /* may words come before this element?  forwards: the connector of the element before it;
         * backwards: its own connector (between it and what was matched after it) */
        bool sk = j == 0 ? skip : forward ? (el[j - 1].conn & TC_SKIP) != 0 : (e->conn & TC_SKIP) != 0;
        if (e->kind == E_SET && !forward) sk = true; /* TABARI looks back for a set member as far as it takes */
        for (;;) {
            if (forward ? *p > m->end || *p >= s->n : *p < 0) return false;
            if (e->kind == E_ALT) {
                int32_t q = *p;
                if (S_alt(m, e, &q, sk, forward)) { *p = q; break; }
                return false;
            }
            if (e->kind == E_SET && forward) {
                if (S_set_at(m, e->a, *p, sk, true)) { *p += 1; break; }
                return false;
            }
            int32_t next = S_elem_at(m, e, *p, forward, sk);
            if (next != -2) { *p = next; break; }
            if (!sk) return false;
            *p += forward ? 1 : -1;
        }
    }
    return true;
}

// Matches pattern pat for the verb at word verb (head) whose root ends at tail.
static bool S_check_pattern(tb_sent *s, const tb_pat *pat, int32_t verb, int32_t tail)
{
    const tb_elem *el = &DICT_AT(s->t, elems, tb_elem, pat->elem_begin);
    pm m = {s, s->cend, 0};
    s->i_src = s->i_tgt = s->i_cmp = -1;
    uint32_t va = pat->verb_at;
    int32_t p = tail + 1;
    if (va + 1 < pat->nelems && !S_match_seq(&m, el + va + 1, pat->nelems - va - 1, &p, (el[va].conn & TC_SKIP) != 0, true))
        return false;
    m.end = s->n - 1;
    p = verb - 1;
    if (va > 0 && !S_match_seq(&m, el, va, &p, (el[va - 1].conn & TC_SKIP) != 0, false)) return false;
    s->lenalt = m.lenalt;
    return true;
}

/* MARK: events */

// Appends an event; paired codes add the reverse one (putEvent).
static void S_put(tb_sent *s, const tb_code *code, int32_t verb, const tb_actor *src, const tb_actor *tgt, uint32_t file,
                  uint32_t line)
{
    for (int pass = 0; pass < (code->code2 ? 2 : 1); pass++) {
        if (s->nev >= TB_MAX_EVENTS) return;
        tb_event *e = &s->ev[s->nev++];
        e->src = pass ? *tgt : *src;
        e->tgt = pass ? *src : *tgt;
        e->code = dict_s(s->d, pass ? code->code2 : code->code);
        e->sub = code->sub;
        e->dom = code->dom;
        e->verb = verb;
        e->file = file;
        e->line = line;
    }
}

// The next actor head after the actor headed at h, for the compound expansion of makeEvent;
// *last when it ends a compound.  -1 when the sentence ends first (TABARI then stops there).
static int32_t S_next_in_compound(const tb_sent *s, int32_t h, bool *last)
{
    for (int32_t k = h + 1; k < s->n; k++) {
        if (s->w[k].type != W_ACTOR || s->w[k].head != k) continue;
        *last = s->w[S_actor_tail(s, k)].cmp_tail != 0;
        return k;
    }
    return -1;
}

// Makes the events of a matched pattern or verb code (makeEvent).
static void S_make_event(tb_sent *s, const tb_code *code, int32_t verb, uint32_t file, uint32_t line)
{
    if (!code->set || !strcmp(dict_s(s->d, code->code), "---")) return;
    if (!s->src.code) S_regular_source(s, verb);
    if (!s->tgt.code) S_regular_target(s, verb);
    if (!s->src.code || !s->tgt.code) return;
    if (s->reg_src && s->reg_tgt) {
        /* passive voice (7.9): WAS/WERE/BEEN one or two words before, BY one to three after */
        bool by = false, aux = false;
        for (int k = 1; k <= 3; k++) by |= verb + k < s->n && s->w[verb + k].type == W_BY;
        for (int k = 1; k <= 2; k++) aux |= verb - k >= 0 && s->w[verb - k].type == W_AUXIL;
        if (by && aux) {
            tb_actor tmp = s->src;
            s->src = s->tgt;
            s->tgt = tmp;
            s->passive = true;
        }
    }
    /* parsed compounds: one event per actor of the compound (checkTailTag: the compound must be whole) */
    bool csrc = s->src.where >= 0 && s->w[s->src.where].cmp_head && S_compound_tail(s, s->src.where, s->w[s->src.where].cmp_head) >= 0;
    bool ctgt = s->tgt.where >= 0 && s->w[s->tgt.where].cmp_head && S_compound_tail(s, s->tgt.where, s->w[s->tgt.where].cmp_head) >= 0;
    bool slast = !csrc;
    for (int32_t a = s->src.where;;) {
        tb_actor sa = s->src;
        if (csrc) S_actor_codes(s, a, &sa, true);
        bool tlast = !ctgt;
        for (int32_t b = s->tgt.where;;) {
            tb_actor ta = s->tgt;
            if (ctgt) S_actor_codes(s, b, &ta, true);
            S_put(s, code, verb, &sa, &ta, file, line);
            if (tlast) break;
            if ((b = S_next_in_compound(s, b, &tlast)) < 0) return; /* COMPOUND_TAG_ERROR */
        }
        if (slast) break;
        if ((a = S_next_in_compound(s, a, &slast)) < 0) return;
    }
    if (!s->reg_src) memset(&s->src, 0, sizeof s->src);
    if (!s->reg_tgt) memset(&s->tgt, 0, sizeof s->tgt);
}

// Codes the verb at word i (doVerb): its patterns longest first, else its own code.
static void S_do_verb(tb_sent *s, int32_t i)
{
    memset(&s->tgt, 0, sizeof s->tgt);
    if (s->passive) {
        memset(&s->src, 0, sizeof s->src);
        s->passive = false;
    }
    const tb_root *r = S_root_at(s, i);
    if (!r || r->kind != TB_VERB || r->id >= s->t->verbs.n) return;
    const tb_verb *v = &DICT_AT(s->t, verbs, tb_verb, r->id);
    int32_t tail = s->w[i].tail;
    bool got_pat = false, got_alt = false;
    int32_t old = s->nev;
    uint32_t maxlen = 0;
    S_trace(s, "   verb '%s' (%s)\n", s->w[i].s, dict_s(s->d, DICT_AT(s->t, words, tb_word, r->word_begin).lit));
    for (uint32_t k = v->first; k && !got_pat; k = DICT_AT(s->t, pats, tb_pat, k - 1).next) {
        const tb_pat *p = &DICT_AT(s->t, pats, tb_pat, k - 1);
        if (got_alt && p->length <= maxlen) { got_pat = true; break; }
        if (!S_check_pattern(s, p, i, tail)) continue;
        bool make = false;
        if (s->lenalt) {
            got_alt = true;
            if (p->length + s->lenalt > maxlen) { make = true; maxlen = p->length - p->maxalt + s->lenalt; }
        } else {
            got_alt = false;
            got_pat = make = true;
        }
        if (!make) continue;
        char where[256];
        S_trace(s, "   pattern %s [%s] matches\n", dict_where(s->d, p->file, p->line, where, sizeof where),
                p->code.set ? dict_s(s->d, p->code.code) : "");
        if (s->i_src >= 0) S_actor_codes(s, s->i_src, &s->src, true);
        if (s->i_tgt >= 0) S_actor_codes(s, s->i_tgt, &s->tgt, true);
        if (s->i_cmp >= 0) {
            S_actor_codes(s, s->i_cmp, &s->src, false);
            S_actor_codes(s, s->i_cmp, &s->tgt, false);
        }
        s->nev = old;
        S_make_event(s, &p->code, i, p->file, p->line);
    }
    if (!got_pat && v->code.set) {
        S_trace(s, "   the verb's own code [%s]\n", dict_s(s->d, v->code.code));
        s->i_src = s->i_tgt = s->i_cmp = -1;
        S_make_event(s, &v->code, i, v->file, v->line);
    }
}

// The main loop (checkVerbs): the verbs of each clause, left to right, per SET: CODE BY.
static void S_check_verbs(tb_sent *s, bool clauses)
{
    memset(&s->src, 0, sizeof s->src);
    s->passive = false;
    int32_t start_event = 0;
    for (int32_t cs = 0; cs < s->n;) {
        int32_t ce = cs;
        if (clauses) {
            while (ce < s->n - 1 && !(s->w[ce].tags & G_CLAUSE_TAIL)) ce++;
        } else ce = s->n - 1;
        s->cstart = cs;
        s->cend = ce;
        int32_t next = ce + 1;
        if (clauses) while (next < s->n && !(s->w[next].tags & G_CLAUSE_HEAD)) next++;
        if (ce - cs >= 2) {
            if (cs > 0 && S_head(s, cs, W_ACTOR)) S_actor_codes(s, cs, &s->src, false);
            memset(&s->tgt, 0, sizeof s->tgt);
            if (s->st->code_mode == 0) start_event = s->nev;
            bool got = false;
            for (int32_t i = cs; i <= ce && !got; i++) {
                if (s->w[i].type != W_VERB || s->w[i].head != i) continue;
                S_do_verb(s, i);
                if (s->st->code_mode < 2)
                    for (int32_t k = start_event; k < s->nev; k++)
                        if (!s->ev[k].sub) {
                            got = true;
                            if (s->st->code_mode == 1) return;
                            break;
                        }
            }
        }
        cs = next;
    }
}

// The composite code of an actor: the actor's code with its agent's before or after it (5.4).
static void S_composite(const tb_actor *a, const char *code, char *out, size_t n)
{
    if (!a->agent || !*a->agent) { snprintf(out, n, "%s", code); return; }
    const char *hit = strstr(code, a->agent);
    bool aligned = false;
    for (const char *h = hit; h && !aligned; h = strstr(h + 1, a->agent)) aligned = (h - code) % 3 == 0;
    if (aligned) snprintf(out, n, "%s", code);
    else if (a->agent_prefix) snprintf(out, n, "%s%s", a->agent, code);
    else snprintf(out, n, "%s%s", code, a->agent);
}

// Appends one final event to the document.
static bool S_emit(tb_sent *s, const tb_event *e, const char *src, const char *tgt)
{
    dyad_doc *d = s->doc;
    if (d->nevents == d->cap_events) {
        size_t cap = d->cap_events ? d->cap_events * 2 : 16;
        dyad_event *v = dyad__realloc(&d->alloc, d->events, cap * sizeof *v);
        if (!v) return false;
        d->events = v;
        d->cap_events = cap;
    }
    char where[256];
    dict_where(s->d, e->file, e->line, where, sizeof where);
    size_t ls = strlen(src), lt = strlen(tgt), lw = strlen(where), lc = strlen(e->code);
    char *mem = dyad_arena_alloc(&d->arena, ls + lt + lw + lc + 4);
    if (!mem) return false;
    dyad_event *ev = &d->events[d->nevents];
    memset(ev, 0, sizeof *ev);
    memcpy(mem, src, ls + 1);
    memcpy(mem + ls + 1, tgt, lt + 1);
    memcpy(mem + ls + lt + 2, where, lw + 1);
    memcpy(mem + ls + lt + lw + 3, e->code, lc + 1);
    ev->source = mem;
    ev->target = mem + ls + 1;
    ev->pattern = mem + ls + lt + 2;
    const dict_event_code *cb = dict_find_event_code(s->d, e->code);
    ev->code = cb ? dict_s(s->d, cb->code) : mem + ls + lt + lw + 3;
    ev->quad = cb ? cb->quad : 0;
    ev->goldstein = cb ? cb->goldstein : 0;
    ev->plover = cb ? dict_s(s->d, cb->plover) : "";
    ev->sentence = s->sentence;
    ev->date = d->date ? d->date : "";
    if (d->date && d->date[0]) {
        ev->date_precision = DYAD_DATE_DAY;
        ev->date_from = DYAD_DATE_FROM_DOCUMENT;
    }
    if (e->src.where >= 0) { ev->source_start = s->w[e->src.where].start; ev->source_end = s->w[S_actor_tail(s, e->src.where)].end; }
    if (e->tgt.where >= 0) { ev->target_start = s->w[e->tgt.where].start; ev->target_end = s->w[S_actor_tail(s, e->tgt.where)].end; }
    if (e->verb >= 0) { ev->verb_start = s->w[e->verb].start; ev->verb_end = s->w[s->w[e->verb].tail].end; }
    d->nevents++;
    S_trace(s, "   -> event %s -> %s  code %s  pattern %s\n", *src ? src : "-", *tgt ? tgt : "-", ev->code, where);
    return true;
}

// Resolves null, discard, complex, subordinate and dominant events, expands coded compounds
// ("A/B"), drops same-actor and duplicate events, and writes the rest (evaluateEvents,
// expandCompoundCodes, makeEventStrings).  False on OOM.
static bool S_finish(tb_sent *s)
{
    bool nonsub = false, dom = false;
    for (int32_t k = 0; k < s->nev; k++) {
        const tb_event *e = &s->ev[k];
        if (!strcmp(e->code, "###")) { S_trace(s, "   (discard code in a pattern)\n"); s->st->status |= TB_DOC_DISCARD; return true; }
        if (!strcmp(e->code, "+++") || !strcmp(e->src.code, "+++") || !strcmp(e->tgt.code, "+++")) {
            S_trace(s, "   (complex code)\n");
            s->st->status |= TB_DOC_COMPLEX;
            return true;
        }
        if (e->dom) { dom = nonsub = true; break; }
        if (!e->sub) nonsub = true;
    }
    size_t first = s->doc->nevents;
    for (int32_t k = 0; k < s->nev; k++) {
        const tb_event *e = &s->ev[k];
        if ((dom && !e->dom) || (!dom && nonsub && e->sub)) continue;
        char sc[128], tc[128];
        snprintf(sc, sizeof sc, "%s", e->src.code);
        snprintf(tc, sizeof tc, "%s", e->tgt.code);
        /* coded compounds: every code of the source with every code of the target */
        for (char *sp = sc, *snext; sp; sp = snext) {
            snext = strchr(sp, '/');
            if (snext) *snext++ = '\0';
            for (char *tp = tc, *tnext; tp; tp = tnext) {
                char tcopy[128];
                tnext = strchr(tp, '/');
                snprintf(tcopy, sizeof tcopy, "%.*s", tnext ? (int)(tnext - tp) : (int)strlen(tp), tp);
                tnext = tnext ? tnext + 1 : NULL;
                if (!*sp || !*tcopy || !strcmp(sp, "---") || !strcmp(tcopy, "---")) continue;
                bool same_agent = (!e->src.agent && !e->tgt.agent) ||
                                  (e->src.agent && e->tgt.agent && !strcmp(e->src.agent, e->tgt.agent));
                if (!strcmp(sp, tcopy) && same_agent) continue;
                char src[160], tgt[160];
                S_composite(&e->src, sp, src, sizeof src);
                S_composite(&e->tgt, tcopy, tgt, sizeof tgt);
                bool dup = false;
                for (size_t q = first; q < s->doc->nevents && !dup; q++) {
                    const dyad_event *o = &s->doc->events[q];
                    dup = !strcmp(o->source, src) && !strcmp(o->target, tgt) && !strcmp(o->code, e->code);
                }
                if (!dup && !S_emit(s, e, src, tgt)) return false;
            }
            if (snext) snext[-1] = '/';
        }
    }
    return true;
}

/* MARK: entry point */

// Writes the words with their types, for explain.
static void S_trace_words(tb_sent *s)
{
    static const char *const names[] = {"", "actor", "agent", "verb", "noun", "adj", "det", "aux", "by", "conj",
                                        "prep", "pron", "comma", "num", "cut"};
    if (!s->trace) return;
    S_trace(s, "   TABARI words:");
    for (int32_t i = 0; i < s->n; i++) {
        const tb_tok *w = &s->w[i];
        S_trace(s, " %s%s%s%s%s%s", w->tags & G_CLAUSE_HEAD ? "{" : "", w->cmp_head ? "<" : "", w->s,
                w->type ? "/" : "", names[w->type < 15 ? w->type : 0], w->cmp_tail ? ">" : "");
        if (w->tags & G_CLAUSE_TAIL) S_trace(s, "}");
    }
    S_trace(s, "\n");
}

// Reads the story and sentence numbers of a text id with the FORWARD format (8.4.1): '^' are the
// blanks before the id (already gone), '*' any character, N the story, S the sentence.
static bool S_story(const struct tabari_settings *st, const char *id, char *story, size_t cap, long *sent)
{
    const char *f = st->fwd_format;
    while (*f == '^') f++;
    size_t ns = 0, k = 0;
    char num[24];
    size_t nn = 0;
    for (; *f && id[k]; f++, k++) {
        if (*f == 'N' && ns + 1 < cap) story[ns++] = id[k];
        else if (*f == 'S' && nn + 1 < sizeof num) num[nn++] = id[k];
    }
    story[ns] = '\0';
    num[nn] = '\0';
    *sent = 0;
    for (size_t i = 0; i < nn; i++) {
        if (!isdigit((unsigned char)num[i])) return false;
        *sent = *sent * 10 + (num[i] - '0');
    }
    return ns > 0 && nn > 0;
}

// Decides whether pronouns of this text may take the first actor of the previous one: the next
// sentence of the same story (FORWARD), or the next sentence of the same document.
static void S_forward_start(tb_sent *s, const dyad_doc *d, uint32_t si)
{
    struct tabari_settings *st = s->st;
    if (!st->forward) { st->fwd_root = -1; return; }
    if (si > 0 && !st->whole_text) { s->can_forward = st->fwd_root >= 0; return; }
    char story[32];
    long sent;
    bool ok = d->id && S_story(st, d->id, story, sizeof story, &sent);
    s->can_forward = ok && st->prev_valid && !strcmp(story, st->prev_story) && sent == st->prev_sent + 1;
    st->prev_valid = ok;
    if (ok) {
        snprintf(st->prev_story, sizeof st->prev_story, "%s", story);
        st->prev_sent = sent;
    }
}

// Keeps the first actor of this text (not a pronoun) for the next one.
static void S_forward_end(tb_sent *s)
{
    if (!s->st->forward) return;
    s->st->fwd_root = -1;
    for (int32_t i = 0; i < s->n; i++)
        if (s->w[i].type == W_ACTOR && s->w[i].head == i && s->w[i].ref < 0 && s->w[i].root >= 0) {
            s->st->fwd_root = s->w[i].root;
            return;
        }
}

bool tabari_code_sentence(dyad_coder *c, dyad_doc *d, uint32_t si, dyad_buf *trace)
{
    struct tabari_settings *st = S_settings(c);
    if (!st) return false;
    if (si == 0) st->status = 0;
    tb_sent *s = dyad__malloc(&c->opts.alloc, sizeof *s);
    if (!s) return false;
    memset(s, 0, sizeof *s);
    s->coder = c;
    s->d = c->dict;
    s->t = c->dict->tabari;
    s->st = st;
    s->doc = d;
    s->sentence = si;
    s->trace = trace;
    if (d->date && d->date[0]) {
        dict_day day = dict_parse_day(d->date, strlen(d->date), false);
        s->day = day > 0 ? day : 0;
    }
    size_t len;
    const char *text = dyad__doc_text(d, &len);
    const dyad_sentence *se = &d->sentences[si];
    size_t from = se->start, to = se->end;
    if (st->whole_text) {
        /* a TABARI record is one text, whatever its sentences */
        if (si > 0) { dyad__free(&c->opts.alloc, s); return true; }
        to = d->sentences[d->nsentences - 1].end;
    }
    S_forward_start(s, d, si);
    bool ok = S_lex(s, text, from, to < len ? to : len);
    if (ok && s->n > 0 && s->n >= st->min_words) {
        S_roots(s);
        S_nouns(s);
        if (st->convert_agents) S_convert_agents(s);
        S_compounds(s);
        S_subordinates(s);
        bool clauses = S_clauses(s);
        S_pronouns(s);
        S_trace_words(s);
        if (S_discard(s)) {
            S_trace(s, "   (discard code in the text)\n");
            st->status |= TB_DOC_DISCARD;
        } else if (S_complex(s)) {
            st->status |= TB_DOC_COMPLEX;
        } else {
            S_check_verbs(s, clauses);
            ok = S_finish(s);
        }
    } else if (ok) S_trace(s, "   (fewer words than SET: MINIMUM WORDS)\n");
    if (ok) S_forward_end(s);
    dyad__free(&c->opts.alloc, s->buf);
    dyad__free(&c->opts.alloc, s);
    return ok;
}
