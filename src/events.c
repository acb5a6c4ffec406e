/*
 * events.c — event assembly: for each verb group of a parsed sentence, find
 * its subject, try the verb's patterns on what follows, and emit CAMEO events
 * with source and target taken from the roles (subject, object, "by"-agent of
 * a passive), one per source/target pair of compound actors, both ways for
 * reciprocal codes (consult, negotiate, sign, cooperate).  Negated,
 * hypothetical and conditional verb groups, infinitives and gerunds are not
 * coded; the reasons are kept for `dyad explain`.
 */
#include "parse.h"
#include "tabari.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

/* MARK: tracing (dyad explain) */

typedef struct ctx {
    dyad_coder *coder;
    dyad_doc *doc;
    const dyad_dict *dict;
    sent_parse *p;
    uint32_t sentence;
    uint32_t base;          /* index of the sentence's first token in the document */
    const char *text;
    dyad_buf *trace;        /* NULL unless explaining */
    const char *code_override; /* the code to emit instead of the pattern's (future tense) */
    bool sparse;            /* TABARI/PETRARCH pattern: words may be separated by others */
    bool foreign;           /* the verb comes from a TABARI/PETRARCH dictionary */
    /* a statement without a target ("X said"), coded only if the sentence has no other event */
    const np *stmt_src;
    const dict_pattern *stmt_pat;
    const np *stmt_tgt;     /* its target phrase when it names no actor ("concern over the bill"), or NULL */
    np unknown;             /* a subject that names no known actor, as a one-conjunct NP coded "" */
    np stmt_unknown;        /* the statement's source when it is such a subject */
    uint32_t vg, stmt_vg;   /* the verb group being coded (its verb is the event's evidence), the statement's */
    uint32_t pat_end, stmt_end; /* the token after the words the pattern matched: this verb's, the statement's */
    char sole_country[4];   /* the one country the sentence's actors name, "" when none or several */
} ctx;

static void S_trace_(ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void S_trace_(ctx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dyad_buf_vprintf(c->trace, fmt, ap);
    va_end(ap);
}
// The arguments (spans, codes) are formatted only when a trace is wanted: coding without one is
// the hot path, and building the strings cost more than the rest of the verb's coding.
#define S_trace(c, ...) do { if ((c)->trace) S_trace_((c), __VA_ARGS__); } while (0)

// Returns a printable copy of the tokens [b, e) of the sentence (static buffer per call site slot).
static const char *S_span(ctx *c, uint32_t b, uint32_t e, char *buf, size_t n)
{
    if (e <= b) { dict_copys(buf, n, "-"); return buf; }
    const dyad_token *t = c->p->toks;
    size_t s = t[b].start, end = t[e - 1].start + t[e - 1].len;
    dict_copy(buf, n, c->text + s, end - s);
    return buf;
}

/* MARK: roles */

// True when t is a verb of saying or thinking, after which a clause (not an object) follows.
static bool S_clause_verb(const dyad_token *t)
{
    static const char *const v[] = {"said", "says", "say", "claimed", "claims", "stated", "added", "announced",
                                    "insisted", "warned", "reported", "believes", "believed", "confirmed",
                                    "argued", "noted", "stressed", "alleged", "alleges", "thinks", "thought",
                                    "feared", "fears", "acknowledged", "admitted", "suggested", "estimated"};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        if (tok_is(t, v[i])) return true;
    return false;
}

// True when the NP k is directly the object of a verb (verb [det] NP), not the subject of a
// clause after a verb of saying ("said Russia attacked").
static bool S_is_object(const sent_parse *p, const np *x)
{
    uint32_t i = x->b;
    while (i > 0 && (p->cls[i - 1] == W_ADV)) i--;
    /* "was quoted as saying he would...": what follows is the quoted clause (a bare ", saying ..."
     * after a statement is left to the statement it continues) */
    bool quoted = i >= 2 && tok_is(&p->toks[i - 1], "saying") && tok_is(&p->toks[i - 2], "as");
    /* "Russia, which has troops in Syria,": what "has" holds, when no participle follows */
    bool held = i > 0 && p->cls[i - 1] == W_AUX &&
                (tok_is(&p->toks[i - 1], "has") || tok_is(&p->toks[i - 1], "have") || tok_is(&p->toks[i - 1], "had")) &&
                !(x->e < p->n && p->cls[x->e] == W_VERB);
    return held || (i > 0 && p->cls[i - 1] == W_VERB && !S_clause_verb(&p->toks[i - 1]) && !quoted);
}

static int S_subject_of(const sent_parse *p, uint32_t vg, int depth);

// True when the verb at token v is a bare participle ("operating", "based") right after a noun
// phrase, opening a clause that describes the phrase.
static bool S_describing_participle(const sent_parse *p, uint32_t v)
{
    if (v == 0 || p->np_at[v - 1] < 0 || p->nps[p->np_at[v - 1]].e != v) return false;
    for (uint32_t k = 0; k < p->nvgs; k++)
        if (p->vgs[k].v == v) return p->vgs[k].b == v && (p->vgs[k].gerund || p->vgs[k].reduced || p->vgs[k].describes);
    return false;
}

// The position of "who", "which" or "that" opening a subject relative clause whose verb is at
// token v ("X, who control Y," "troops that crossed the border"), right after a noun phrase or
// a comma; UINT32_MAX when the verb at v opens no such clause.
static uint32_t S_relative_opening(const sent_parse *p, uint32_t v)
{
    for (uint32_t k = 0; k < p->nvgs; k++) {
        if (p->vgs[k].v != v) continue;
        uint32_t b = p->vgs[k].b;
        if (b < 2 || p->cls[b - 1] != W_REL || tok_is(&p->toks[b - 1], "whose") || tok_is(&p->toks[b - 1], "whom")) return UINT32_MAX;
        return p->np_at[b - 2] >= 0 || p->cls[b - 2] == W_COMMA ? b - 1 : UINT32_MAX;
    }
    return UINT32_MAX;
}

// True when the verb at token v is a bare gerund right after a preposition ("on spying charges").
static bool S_gerund_in_pp(const sent_parse *p, uint32_t v)
{
    for (uint32_t k = 0; k < p->nvgs; k++)
        if (p->vgs[k].v == v) return p->vgs[k].gerund && p->vgs[k].b == v && v > 0 && p->cls[v - 1] == W_PREP;
    return false;
}

// The coded head phrase ending right before the comma at `comma` that opens an apposition,
// passing a bracketed acronym ("the Union of Teachers (NUT),") and the "of" phrases that belong
// to the head ("the Union of Teachers"); -1 when there is none or it is in a prepositional phrase.
static int S_head_before_apposition(const sent_parse *p, uint32_t comma)
{
    uint32_t i = comma;
    if (i >= 3 && tok_is(&p->toks[i - 1], ")")) {
        uint32_t open = i - 1;
        while (open > 0 && open + 4 > i && !tok_is(&p->toks[open], "(")) open--;
        if (!tok_is(&p->toks[open], "(")) return -1;
        i = open;
    }
    if (i == 0 || p->np_at[i - 1] < 0) return -1;
    int k = p->np_at[i - 1];
    /* "of Teachers" belongs to "the Union" before it */
    while (p->nps[k].in_pp && p->nps[k].b >= 2 && tok_is(&p->toks[p->nps[k].b - 1], "of") && p->np_at[p->nps[k].b - 2] >= 0)
        k = p->np_at[p->nps[k].b - 2];
    const np *head = &p->nps[k];
    return head->ncodes && !head->in_pp ? k : -1;
}

// True when the apposition whose phrase ends at token e closes with a comma before token vb, with
// only its prepositional phrases between ("Pakistan, a key U.S. ally in the war against
// terrorism, has refused"): no verb, clause word or other punctuation.
static bool S_apposition_closes(const sent_parse *p, uint32_t e, uint32_t vb)
{
    for (uint32_t i = e; i < vb && i < p->n; i++) {
        uint8_t c = p->cls[i];
        if (c == W_COMMA) return true;
        if (tok_is(&p->toks[i], "(")) { /* "Forces for Defence of Democracy (FDD)," */
            uint32_t close = i + 1;
            while (close < vb && close < i + 5 && !tok_is(&p->toks[close], ")")) close++;
            if (close >= vb || !tok_is(&p->toks[close], ")")) return false;
            i = close;
            continue;
        }
        if (p->np_at[i] >= 0 ? !p->nps[p->np_at[i]].in_pp && i == p->nps[p->np_at[i]].b : c != W_PREP && c != W_DET && c != W_OTHER)
            return false;
    }
    return false;
}

// Finds the subject NP of verb group vg walking left; returns the NP index or -1.
static int S_subject_of(const sent_parse *p, uint32_t vg, int depth)
{
    const vgroup *g = &p->vgs[vg];
    uint32_t i = g->b;
    if (depth > 4) return -1;
    /* "X met Y and signed ...": a verb after "and" or "," shares the subject of the verb before */
    uint32_t j = i;
    while (j > 0 && (p->cls[j - 1] == W_ADV || p->cls[j - 1] == W_TIME || (p->cls[j - 1] == W_PREP && j < p->n && p->cls[j] == W_TIME))) j--;
    if (j > 0 && (tok_is(&p->toks[j - 1], "and") || tok_is(&p->toks[j - 1], "but") || p->cls[j - 1] == W_COMMA) && vg > 0 &&
        !(j >= 2 && p->np_at[j - 2] >= 0 && !S_is_object(p, &p->nps[p->np_at[j - 2]]) &&
          !p->nps[p->np_at[j - 2]].in_pp && p->nps[p->np_at[j - 2]].ncodes)) {
        /* "rejected the offer proposed in February and announced": the verb before that is
         * coordinated is the clause's own, not a participle describing its object */
        uint32_t k = vg - 1;
        while (k > 0 && p->vgs[k].reduced) k--;
        return S_subject_of(p, p->vgs[k].reduced ? vg - 1 : k, depth + 1);
    }
    /* "X, who visited Y": the relative pronoun stands for the NP before it */
    if (j > 0 && p->cls[j - 1] == W_REL && !tok_is(&p->toks[j - 1], "that")) {
        uint32_t k = j - 1;
        if (k > 0 && p->cls[k - 1] == W_COMMA) k--;
        if (k > 0 && p->np_at[k - 1] >= 0) return p->np_at[k - 1];
        return -1;
    }
    while (i > 0) {
        i--;
        uint8_t c = p->cls[i];
        if (c == W_PUNCT && p->toks[i].norm[0] != '(' && p->toks[i].norm[0] != ')') return -1;
        if (c == W_VERB || c == W_SPEECH) {
            /* "guerrillas operating in Macedonia have been demobilized", "troops based in X
             * withdrew": a participle right after a noun phrase describes it; the subject is that
             * phrase */
            if (c == W_VERB && S_describing_participle(p, i)) continue;
            /* "Some 163 Chinese peacekeepers who are part of X arrived": a subject relative clause
             * stands between the subject and its verb; the walk goes on before "who" */
            uint32_t rel = c == W_VERB ? S_relative_opening(p, i) : UINT32_MAX;
            if (rel != UINT32_MAX) { i = rel; continue; }
            /* "held for a year on spying charges were released": a gerund in a prepositional
             * phrase is a noun's modifier, no clause of its own */
            if (c == W_VERB && S_gerund_in_pp(p, i)) continue;
            return -1;
        }
        int k = p->np_at[i];
        if (k < 0) continue;
        const np *x = &p->nps[k];
        i = x->b;
        /* a phrase after "to" ("opened its borders to West Africans ordered out") is no subject,
         * unless "up to" counts it ("Up to 100 ethnic Albanians demonstrated") */
        bool after_to = x->b > 0 && p->cls[x->b - 1] == W_TO && !(x->b >= 2 && tok_is(&p->toks[x->b - 2], "up"));
        if (x->in_pp || S_is_object(p, x) || after_to) continue;
        if (!x->ncodes) {
            /* "A car bombing by the Islamic State group killed": the agent of the nominal */
            if (x->e + 1 < p->n && tok_is(&p->toks[x->e], "by") && p->np_at[x->e + 1] >= 0 &&
                p->nps[p->np_at[x->e + 1]].ncodes && p->nps[p->np_at[x->e + 1]].e <= g->b)
                return p->np_at[x->e + 1];
            /* "Critics, including the European Commission, accuse": the one actor it names */
            if (x->e + 2 < g->b && p->cls[x->e] == W_COMMA && tok_is(&p->toks[x->e + 1], "including") &&
                p->np_at[x->e + 2] >= 0) {
                const np *inc = &p->nps[p->np_at[x->e + 2]];
                if (inc->ncodes && !inc->pronoun && inc->e < g->b && p->cls[inc->e] == W_COMMA) return p->np_at[x->e + 2];
            }
            continue;
        }
        /* "Shoigu, Russia's top security official, visited": prefer the head before the apposition;
         * "The Nigerian Union of Teachers (NUT), the umbrella union,": past a bracketed acronym
         * and the "of" phrases of the head */
        if (x->b >= 2 && p->cls[x->b - 1] == W_COMMA && x->e < p->n && S_apposition_closes(p, x->e, g->b)) {
            int h = S_head_before_apposition(p, x->b - 1);
            if (h >= 0) return h;
        }
        return k;
    }
    return -1;
}

static bool S_contentful(const sent_parse *p, const np *x);

// True when the words of NP x name someone: a capitalised word that does not merely open the
// sentence ("The Earth Liberation Front", "Hun Sen's party"), or an acronym ("ICE", "USAID");
// not "Analysts", "the report", "a magnitude 7 earthquake", nor a person the dictionaries know
// but who holds no office on the day (their words are actor words, yet the phrase has no code).
static bool S_named(const sent_parse *p, const np *x)
{
    bool named = false;
    for (uint32_t t = x->b; t < x->e; t++) {
        const dyad_token *k = &p->toks[t];
        if (p->cls[t] == W_ACTOR || p->cls[t] == W_AGENT) return false;
        if (k->kind != DYAD_TOK_WORD || p->cls[t] == W_TIME) continue;
        if ((k->flags & DYAD_TF_ALLCAPS) && k->len >= 2) named = true;
        else if ((k->flags & DYAD_TF_CAP) && t > 0 && p->cls[t] != W_DET) named = true;
    }
    return named;
}

// True when NP x is an attack or its means ("a car bomb", "a suicide attack on a convoy",
// "the blast", "unidentified gunmen"): whoever is behind it is unknown, but it is the source of
// what it did ("killed eight people").
static bool S_means_of_attack(const sent_parse *p, const np *x)
{
    static const char *const heads[] = {
        "bomb", "bombs", "bombing", "bombings", "bomber", "bombers", "attack", "attacks", "blast", "blasts",
        "explosion", "explosions", "airstrike", "airstrikes", "strike", "strikes", "shelling", "rocket", "rockets",
        "missile", "missiles", "mortar", "mortars", "gunman", "gunmen", "assailant", "assailants", "attacker",
        "attackers", "drone", "drones", "ambush", "raid", "raids", "ied", "grenade", "shell", "shells"};
    for (uint32_t t = x->e; t > x->b; t--) {
        const dyad_token *k = &p->toks[t - 1];
        if (k->kind != DYAD_TOK_WORD) continue;
        for (size_t i = 0; i < sizeof heads / sizeof *heads; i++)
            if (tok_is(k, heads[i])) return true;
        /* the head is the last word before a prepositional phrase ("a suicide attack on a convoy") */
        if (p->cls[t - 1] != W_PREP && t - 1 > x->b && p->cls[t - 2] != W_PREP) return false;
    }
    return false;
}

// True when a noun phrase with a code follows position v in its sentence, before a full stop.
static bool S_coded_after(const sent_parse *p, uint32_t v)
{
    for (uint32_t i = v; i < p->n && p->cls[i] != W_PUNCT; i++)
        if (p->np_at[i] >= 0 && p->nps[p->np_at[i]].ncodes) return true;
    return false;
}

// True when NP x is a number of people the dictionaries give no code ("Hundreds of thousands of
// people", "Dozens of residents"): x is the quantity, head the phrase of the people after "of".
static bool S_crowd(const sent_parse *p, const np *x, const np *head)
{
    static const char *const quantities[] = {"dozens", "hundreds", "thousands", "tens", "millions", "scores"};
    static const char *const people[] = {"people", "persons", "men", "women", "residents", "youths", "villagers",
                                         "citizens", "locals", "inhabitants"};
    if (x == head || x->e - x->b > 3 || head->e - head->b > 3) return false;
    const dyad_token *q = &p->toks[x->e - 1], *h = &p->toks[head->e - 1];
    bool quantity = q->kind == DYAD_TOK_NUMBER, human = false;
    for (size_t i = 0; i < sizeof quantities / sizeof *quantities; i++) quantity |= tok_is(q, quantities[i]);
    for (size_t i = 0; i < sizeof people / sizeof *people; i++) human |= tok_is(h, people[i]);
    return quantity && human;
}

// The noun phrase right before verb group vg when it names someone the dictionaries do not know
// ("The Earth Liberation Front claimed", "a car bomb in Kiev killed", "Thousands of people
// marched"): a source coded "" with its words, which end at *end. -1 when there is none, or it
// is an object, a pronoun or an empty phrase.
static int S_unknown_subject(const sent_parse *p, uint32_t vg, uint32_t *end)
{
    if (vg >= p->nvgs) return -1;
    uint32_t i = p->vgs[vg].b;
    while (i > 0 && (p->cls[i - 1] == W_ADV || p->cls[i - 1] == W_TIME || p->cls[i - 1] == W_COMMA ||
                     (p->cls[i - 1] == W_PREP && i < p->n && p->cls[i] == W_TIME))) {
        /* ", who" and ", the ... said" are other constructions: only adverbs and time phrases
         * ("on Sunday") may stand between */
        if (p->cls[i - 1] == W_COMMA) return -1;
        i--;
    }
    if (i == 0 || p->np_at[i - 1] < 0) return -1;
    int k = p->np_at[i - 1];
    const int nearest = k;
    *end = p->nps[k].e;
    /* "a car bomb in Kiev killed": the phrase the prepositional phrase hangs on */
    for (int hops = 0; hops < 3 && p->nps[k].in_pp; hops++) {
        uint32_t b = p->nps[k].b;
        if (b < 2 || p->cls[b - 1] != W_PREP || p->np_at[b - 2] < 0) return -1;
        k = p->np_at[b - 2];
    }
    const np *x = &p->nps[k];
    if (x->ncodes || x->pronoun || x->in_pp || S_is_object(p, x) || x->e - x->b > 8) return -1;
    for (uint32_t t = x->b; t < x->e; t++)
        if (p->cls[t] == W_PRON || p->cls[t] == W_REL) return -1;
    /* a crowd is no one in particular: it is the source only when the clause names a country or
     * an actor after the verb (a target, a place) for the event to be about */
    if (!x->ncodes && !p->nps[nearest].ncodes && S_crowd(p, x, &p->nps[nearest]))
        return S_coded_after(p, p->vgs[vg].vend) ? k : -1;
    *end = x->e;
    return S_contentful(p, x) && (S_named(p, x) || S_means_of_attack(p, x)) ? k : -1;
}

// Finds "by NP" after position v in the clause (the agent of a passive); returns the NP or -1.
static int S_by_agent(const sent_parse *p, uint32_t v)
{
    for (uint32_t i = v + 1; i + 1 < p->n; i++) {
        /* "was accused of spying for Israel by the ministry": a gerund after a preposition is the
         * passive's complement, the agent may follow it */
        if (p->cls[i] == W_PUNCT || (p->cls[i] == W_VERB && !S_gerund_in_pp(p, i))) return -1;
        if (tok_is(&p->toks[i], "by")) {
            int k = p->np_at[i + 1];
            return k >= 0 && p->nps[k].ncodes ? k : -1;
        }
    }
    return -1;
}

/* MARK: pattern matching */

typedef struct pmatch {
    int target, source;      /* NP indexes, -1 = none */
    uint32_t words;          /* words and sets matched: the specificity */
    uint32_t skipped;        /* tokens skipped by gaps */
    uint32_t end;
    uint32_t head_np1;       /* 1 + the coded NP whose head noun a pattern word named ("a rebel stronghold"), 0 = none */
} pmatch;

static int S_relation_partner(const sent_parse *p, const np *x, const np *src);

// True when the pattern word that matched tokens [j, e) is the head of a coded noun phrase whose
// code comes from a modifier ("a rebel stronghold", "a Karen guerrilla base"): the phrase is
// that thing, so the pattern that names it says more than a bare target slot filled with the
// modifier's actor would.  Sets *k to the phrase.
static bool S_names_coded_head(const sent_parse *p, uint32_t j, uint32_t e, int *k)
{
    if (e == 0 || e > p->n || p->np_at[e - 1] < 0) return false;
    const np *x = &p->nps[p->np_at[e - 1]];
    /* the head must not be the actor itself ("troops", "the embassy"); a pattern word that also
     * covers the coded modifier ("&G_MISSILE_STRIKE" on "missile strike") names the head too */
    if (p->cls[e - 1] == W_ACTOR || p->cls[e - 1] == W_AGENT) return false;
    if (x->e != e || !x->ncodes || x->pronoun || j <= x->b) return false;
    /* "all official contact with the United States": the relation's other party is what
     * matters there (S_relation_partner), not what the head names */
    if (S_relation_partner(p, x, NULL) >= 0) return false;
    /* a word with a verb reading inside the phrase is a clause read as a phrase ("that the
     * government provide information"): its last word is no head */
    for (uint32_t i = x->b; i + 1 < e; i++)
        if (p->verbs_of[i] && p->cls[i] != W_ACTOR && p->cls[i] != W_AGENT && p->cls[i] != W_ADV) return false;
    *k = p->np_at[e - 1];
    return true;
}

// Skips determiners, adverbs and number modifiers ("at least", "more than", "up to") from i:
// they may sit between any two pattern elements.
static uint32_t S_skip_fillers(const sent_parse *p, uint32_t i)
{
    for (;;) {
        if (i >= p->n) return i;
        const dyad_token *t = &p->toks[i];
        if ((p->cls[i] == W_DET || p->cls[i] == W_ADV || p->cls[i] == W_TIME) && t->kind == DYAD_TOK_WORD) { i++; continue; }
        if (p->cls[i] == W_PREP && i + 1 < p->n && p->cls[i + 1] == W_TIME) { i += 2; continue; }
        if (t->norm_len < 2 || t->norm_len > 6) return i; /* none of the words below ("up" to "nearly") */
        if (i + 1 < p->n && ((tok_is(t, "at") && (tok_is(&t[1], "least") || tok_is(&t[1], "most"))) ||
                             ((tok_is(t, "more") || tok_is(t, "less") || tok_is(t, "fewer")) && tok_is(&t[1], "than")) ||
                             (tok_is(t, "up") && tok_is(&t[1], "to")))) { i += 2; continue; }
        if (tok_is(t, "nearly") || tok_is(t, "about") || tok_is(t, "around") || tok_is(t, "some") || tok_is(t, "almost")) { i++; continue; }
        return i;
    }
}

// True when the word element matches at i; sets *len to the number of tokens it covers.
static bool S_word_at(const ctx *c, const dict_elem *e, uint32_t i, uint32_t *len)
{
    const sent_parse *p = c->p;
    const dict_str *alts = (const dict_str *)c->dict->alts.v + e->id;
    if (!(e->flags & (EF_MULTI | EF_STEM))) {
        /* one-word alternatives: interned strings, so equal words have equal ids (dict_word_id) */
        const dict_str id = p->wid[i].id;
        for (uint32_t a = 0; a < e->count; a++)
            if (alts[a] == id) { *len = 1; return true; }
        return false;
    }
    for (uint32_t a = 0; a < e->count; a++) {
        const char *w = dict_s(c->dict, alts[a]);
        if (e->flags & EF_MULTI && strchr(w, ' ')) {
            uint32_t k = i;
            const char *s = w;
            while (*s && k < p->n) {
                const char *sp = strchr(s, ' ');
                size_t wl = sp ? (size_t)(sp - s) : strlen(s);
                if (p->toks[k].norm_len != wl || memcmp(p->toks[k].norm, s, wl) != 0) break;
                k++;
                s = sp ? sp + 1 : s + wl;
            }
            if (!*s) { *len = k - i; return true; }
            continue;
        }
        const dyad_token *t = &p->toks[i];
        if (e->flags & EF_STEM) {
            /* TABARI: a stem matches any word it begins; an alternative ending in '_' is exact */
            size_t wl = strlen(w);
            bool exact = wl && w[wl - 1] == '_';
            if (exact) wl--;
            if ((exact ? t->norm_len == wl : t->norm_len >= wl) && memcmp(t->norm, w, wl) == 0) { *len = 1; return true; }
        } else if (alts[a] == p->wid[i].id) {
            /* interned strings: equal words have equal ids (dict_word_id) */
            *len = 1;
            return true;
        }
    }
    return false;
}

// True when an uncoded noun phrase names something (not "this year", "more than", "only", "what").
static bool S_contentful(const sent_parse *p, const np *x)
{
    static const char *const empty_heads[] = {
        "year", "years", "week", "weeks", "month", "months", "day", "days", "time", "times", "hour", "hours",
        "minute", "minutes", "morning", "evening", "night", "afternoon", "decade", "decades", "period",
        "than", "more", "less", "only", "what", "which", "who", "whom", "this", "that"};
    const dyad_token *last = &p->toks[x->e - 1];
    if (last->kind != DYAD_TOK_WORD) return false;
    if (last->norm_len < 3 || last->norm_len > 9) return true; /* none of them ("day" to "afternoon") */
    for (size_t i = 0; i < sizeof empty_heads / sizeof *empty_heads; i++)
        if (tok_is(last, empty_heads[i])) return false;
    return true;
}

// Matches a noun phrase at i for a role; returns the NP index and its end, or -1.  With
// `coded`, only phrases with actors qualify.
static int S_np_at(const sent_parse *p, uint32_t i, uint32_t *end, bool coded)
{
    if (i >= p->n) return -1;
    int k = p->np_at[i];
    if (k < 0) return -1;
    const np *x = &p->nps[k];
    if (coded && !x->ncodes) return -1;
    if (!x->ncodes && (x->pronoun || x->e - x->b > 8 || !S_contentful(p, x))) return -1;
    *end = x->e;
    return k;
}

// The token after an apposition ", NP," that follows the coded phrase k ending at end ("the UN
// refugee agency, UNHCR,", "Hrawi, the president,"): the apposition names the same actor (same
// code, no code, or a role without a country); 0 when there is none.
static uint32_t S_apposition_end(const sent_parse *p, int k, uint32_t end)
{
    if (!p->nps[k].ncodes || end + 2 >= p->n || p->cls[end] != W_COMMA || p->np_at[end + 1] < 0) return 0;
    const np *a = &p->nps[p->np_at[end + 1]];
    if (a->b != end + 1 || a->e >= p->n || p->cls[a->e] != W_COMMA || a->pronoun || a->e - a->b > 6) return 0;
    bool same = !a->ncodes || !strcmp(a->codes[0], p->nps[k].codes[0]) || (a->ncodes == 1 && strlen(a->codes[0]) == 3);
    return same ? a->e + 1 : 0;
}

// The token after a short bracketed phrase opening at i ("(Sharekat-e Vahed)", "(NUT)"): at most
// six words, no punctuation inside; 0 when none opens there.
static uint32_t S_bracket_end(const sent_parse *p, uint32_t i)
{
    if (i + 2 >= p->n || !tok_is(&p->toks[i], "(")) return 0;
    for (uint32_t k = i + 1; k < p->n && k <= i + 7; k++) {
        if (tok_is(&p->toks[k], ")")) return k > i + 1 ? k + 1 : 0;
        if (p->cls[k] == W_PUNCT || p->cls[k] == W_COMMA || p->cls[k] == W_VERB) return 0;
    }
    return 0;
}

// True when t is a verb particle ("down", "off", "out"): after a verb it belongs to the verb.
static bool S_particle(const dyad_token *t)
{
    static const char *const w[] = {"down", "off", "out", "up", "away", "back", "aside", "apart"};
    for (size_t i = 0; i < sizeof w / sizeof *w; i++) if (tok_is(t, w[i])) return true;
    return false;
}

// Matches elements [ei, n) from token i; fills the best match into best. Recursive, with a depth bound.
static void S_match(const ctx *c, const dict_elem *el, uint32_t n, uint32_t ei, uint32_t i, pmatch cur,
                    bool passive_target, pmatch *best, int *budget)
{
    const sent_parse *p = c->p;
    if (--*budget < 0) return;
    if (ei == n) {
        cur.end = i;
        if (best->end == 0 || cur.words > best->words || (cur.words == best->words && cur.skipped < best->skipped))
            *best = cur;
        return;
    }
    const dict_elem *e = &el[ei];
    if (e->flags & EF_OPTIONAL) S_match(c, el, n, ei + 1, i, cur, passive_target, best, budget);
    if (e->kind == PE_GAP) {
        /* up to `gap` words (whole noun phrases as units made the matcher pick worse patterns on
         * the development set: kept word units) */
        for (uint32_t k = 0; k <= e->gap && i + k <= p->n; k++) {
            if (k && (p->cls[i + k - 1] == W_PUNCT || p->cls[i + k - 1] == W_VERB)) break;
            pmatch m = cur;
            m.skipped += k;
            S_match(c, el, n, ei + 1, i + k, m, passive_target, best, budget);
        }
        return;
    }
    if (e->kind == PE_TARGET && passive_target && cur.target == -2) {
        /* the passive's subject already fills the first target slot */
        pmatch m = cur;
        m.target = -3;
        m.words += 2;
        S_match(c, el, n, ei + 1, i, m, passive_target, best, budget);
        return;
    }
    uint32_t j = S_skip_fillers(p, i);
    if (j >= p->n) return;
    if (c->sparse && !(e->flags & EF_NO_GAP) && (e->kind == PE_WORD || e->kind == PE_SYNSET)) {
        /* TABARI's sparse matching: other words may come between two pattern words */
        for (uint32_t k = j; k < p->n && k < j + 8 && p->cls[k] != W_PUNCT; k++) {
            pmatch m = cur;
            m.skipped += k - j;
            /* the element alone, marked as adjacent so this branch is not taken again */
            dict_elem one[1] = {*e};
            one[0].flags |= EF_NO_GAP;
            pmatch first = {-1, -1, 0, 0, 0, 0};
            int b2 = 50;
            S_match(c, one, 1, 0, k, m, passive_target, &first, &b2);
            if (first.end) S_match(c, el, n, ei + 1, first.end, first, passive_target, best, budget);
        }
        return;
    }
    switch (e->kind) {
    case PE_WORD: {
        uint32_t len;
        if (!S_word_at(c, e, j, &len) && !(j != i && S_word_at(c, e, i, &len) && (j = i))) return;
        pmatch m = cur;
        m.words++;
        int hk;
        if (!c->sparse && S_names_coded_head(p, j, j + len, &hk)) { m.words += 2; m.head_np1 = (uint32_t)hk + 1; }
        S_match(c, el, n, ei + 1, j + len, m, passive_target, best, budget);
        return;
    }
    case PE_SYNSET: {
        const dict_match_t dm = p->syn[j]; /* read once per sentence by the dictionary pass */
        for (const dict_payload *q = dm.first; q; q = dict_payload_next(c->dict, q)) {
            if (q->kind != PH_SYNSET || q->id != e->id) continue;
            pmatch m = cur;
            m.words++;
            int hk;
            if (!c->sparse && S_names_coded_head(p, j, j + (uint32_t)dm.ntoks, &hk)) { m.words += 2; m.head_np1 = (uint32_t)hk + 1; }
            S_match(c, el, n, ei + 1, j + (uint32_t)dm.ntoks, m, passive_target, best, budget);
            return;
        }
        return;
    }
    case PE_TARGET: case PE_SOURCE: case PE_COMPOUND: {
        /* a target without an actor code still fills the slot (its text is reported), but
         * an actor scores higher, so "{reject} ... {request} by +" beats "{reject} +" */
        uint32_t end;
        bool coded_only = e->kind == PE_SOURCE;
        int k = S_np_at(p, i, &end, coded_only);
        if (k < 0) k = S_np_at(p, j, &end, coded_only);
        /* "freed on bail two ex-ministers": a short prepositional phrase may come first */
        if (k < 0 && ei == 0 && p->cls[j] == W_PREP && !tok_is(&p->toks[j], "of") && p->np_at[j + 1 < p->n ? j + 1 : j] >= 0) {
            const np *pp = &p->nps[p->np_at[j + 1]];
            if (pp->b == j + 1 && !pp->ncodes && pp->e - pp->b <= 3) k = S_np_at(p, S_skip_fillers(p, pp->e), &end, true);
        }
        if (k < 0) return;
        /* "backed down", "called off": a particle is no object; a pattern that names it wins */
        if (!p->nps[k].ncodes && p->nps[k].e - p->nps[k].b == 1 && S_particle(&p->toks[p->nps[k].b])) return;
        pmatch m = cur;
        if (e->kind == PE_SOURCE) m.source = k;
        else m.target = k;
        m.words += p->nps[k].ncodes ? 2 : 1;
        S_match(c, el, n, ei + 1, end, m, passive_target, best, budget);
        /* "forced the UN refugee agency, UNHCR, out of the country": the rest of the pattern may
         * follow an apposition of the actor */
        uint32_t after = S_apposition_end(p, k, end);
        if (after) S_match(c, el, n, ei + 1, after, m, passive_target, best, budget);
        /* "pressuring workers of the United Bus Company (Sharekat-e Vahed) to cancel": a
         * bracketed name or acronym after the phrase is part of it */
        uint32_t tail = end;
        while (tail + 1 < p->n && tok_is(&p->toks[tail], "of") && p->np_at[tail + 1] >= 0 && p->nps[p->np_at[tail + 1]].b == tail + 1)
            tail = p->nps[p->np_at[tail + 1]].e; /* "of Tehran" belongs to the phrase before the bracket */
        uint32_t close = S_bracket_end(p, tail);
        if (close) S_match(c, el, n, ei + 1, close, m, passive_target, best, budget);
        return;
    }
    case PE_SKIP: {
        uint32_t end;
        if (S_np_at(p, j, &end, false) < 0) end = j + 1;
        S_match(c, el, n, ei + 1, end, cur, passive_target, best, budget);
        return;
    }
    default:
        S_match(c, el, n, ei + 1, i, cur, passive_target, best, budget);
        return;
    }
}

// Matches the elements of a TABARI/PETRARCH pattern that come before the verb, right to left
// from token `from`; fills the source and target NPs they name.  False when one is missing.
static bool S_match_left(const ctx *c, const dict_elem *el, uint32_t n, uint32_t from, int subj, pmatch *m)
{
    const sent_parse *p = c->p;
    int32_t pos = (int32_t)from - 1;
    for (int32_t k = (int32_t)n - 1; k >= 0; k--) {
        const dict_elem *e = &el[k];
        bool found = false;
        int limit = (k + 1 < (int32_t)n && (el[k + 1].flags & EF_NO_GAP)) ? 1 : 8;
        for (int g = 0; g < limit && pos >= 0 && !found; g++) {
            if (p->cls[pos] == W_PUNCT) break;
            uint32_t len;
            switch (e->kind) {
            case PE_WORD:
                found = S_word_at(c, e, (uint32_t)pos, &len);
                break;
            case PE_SOURCE: case PE_TARGET: case PE_COMPOUND: {
                int x = e->kind == PE_SOURCE && subj >= 0 ? subj : p->np_at[pos];
                if (x >= 0 && p->nps[x].ncodes) {
                    found = true;
                    if (e->kind == PE_SOURCE) m->source = x;
                    else m->target = x;
                    m->words += 2;
                    pos = (int32_t)p->nps[x].b;
                }
                break;
            }
            case PE_SKIP:
                found = p->np_at[pos] >= 0;
                if (found) pos = (int32_t)p->nps[p->np_at[pos]].b;
                break;
            case PE_SYNSET: {
                const dict_match_t dm = p->syn[pos];
                for (const dict_payload *q = dm.first; q && !found; q = dict_payload_next(c->dict, q))
                    found = q->kind == PH_SYNSET && q->id == e->id;
                break;
            }
            default:
                found = true;
                pos++;
                break;
            }
            if (found && e->kind == PE_WORD) m->words++;
            pos--;
        }
        if (!found && !(e->flags & EF_OPTIONAL)) return false;
    }
    return true;
}

/* MARK: future and intent */

/* What "will VERB" / "would VERB" codes as: the intent (03x) of cooperative acts and the
 * threat (13x) of coercive ones; verbal acts keep their own code. */
static const struct { const char *from, *to; } S_intent[] = {
    {"045", "039"}, {"04", "036"}, {"057", "030"}, {"05", "032"},
    {"061", "0311"}, {"062", "0312"}, {"063", "0313"}, {"064", "0314"}, {"06", "031"},
    {"071", "0331"}, {"072", "0332"}, {"073", "0333"}, {"074", "0334"}, {"07", "033"},
    {"081", "0351"}, {"082", "0352"}, {"083", "034"}, {"084", "0353"}, {"085", "0354"}, {"086", "0355"},
    {"087", "0356"}, {"08", "035"},
    {"141", "133"}, {"14", "133"}, {"15", "138"},
    {"161", "1313"}, {"162", "1311"}, {"163", "1312"}, {"164", "134"}, {"165", "135"}, {"166", "136"}, {"16", "131"},
    {"1721", "1321"}, {"1722", "1322"}, {"1723", "1323"}, {"1724", "1324"}, {"172", "132"}, {"17", "137"},
    {"191", "1381"}, {"192", "1382"}, {"18", "1383"}, {"19", "1384"}, {"20", "1385"},
};

/* What "refused to CODE" / "will not CODE" codes as: the rejection (12x) of a cooperative act;
 * NULL for acts whose refusal is no event ("did not attack"). */
static const struct { const char *from, *to; } S_refusal[] = {
    {"0841", "1243"}, {"0842", "1243"}, {"081", "1241"}, {"082", "1242"}, {"083", "123"}, {"084", "1243"},
    {"085", "1244"}, {"086", "1245"}, {"087", "1246"}, {"08", "124"},
    {"045", "126"}, {"04", "125"}, {"036", "125"}, {"057", "127"}, {"05", "120"},
    {"061", "1211"}, {"062", "1212"}, {"06", "121"}, {"071", "1221"}, {"072", "1222"}, {"073", "1223"},
    {"074", "1224"}, {"07", "122"}, {"03", "120"},
};

static const char *S_refusal_code(const char *code)
{
    for (size_t i = 0; i < sizeof S_refusal / sizeof *S_refusal; i++)
        if (!strncmp(code, S_refusal[i].from, strlen(S_refusal[i].from))) return S_refusal[i].to;
    return NULL;
}

// Returns the code "will CODE" stands for (the code itself for verbal acts).
static const char *S_future_code(const char *code)
{
    for (size_t i = 0; i < sizeof S_intent / sizeof *S_intent; i++)
        if (!strncmp(code, S_intent[i].from, strlen(S_intent[i].from))) return S_intent[i].to;
    return code;
}

/* MARK: emitting events */

// True when a code is reciprocal: meeting, consulting, negotiating, agreeing, cooperating.
static bool S_reciprocal(const char *code)
{
    /* not 042/043 (a visit and its hosting are two different events) nor 045 (mediation) */
    return !strcmp(code, "04") || !strcmp(code, "040") || !strcmp(code, "041") || !strcmp(code, "044") ||
           !strcmp(code, "046") || !strncmp(code, "057", 3) || !strncmp(code, "06", 2);
}

/* MARK: the country of country-less actors */

// True when the first three letters of code name a country of the dictionaries.
static bool S_country_led(const dyad_dict *d, const char *code)
{
    if (strlen(code) < 3) return false;
    const dict_code_ref *r = dict_find_code(d, code, 3, DICT_REF_ENTITY);
    return r && r->id < d->entities.n && DICT_AT(d, entities, dict_entity, r->id).kind == ENT_COUNTRY;
}

// True when code opens with a sector outside the state (rebels, opposition, civilians, refugees,
// elites, a religion or an ethnic group): an actor the phrase gave no country.  The state's own
// sectors (GOV, MIL, COP, JUD, LEG, SPY) are left alone: an unknown "President X" who acts on
// a foreign country is more often foreign than domestic.
static bool S_stateless_sector(const dyad_dict *d, const char *code)
{
    static const char *const state[] = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY"};
    if (strlen(code) < 3) return false;
    for (size_t i = 0; i < sizeof state / sizeof *state; i++)
        if (!strncmp(code, state[i], 3)) return false;
    const dict_code_ref *r = dict_find_code(d, code, 3, DICT_REF_KNOWN);
    if (!r || r->id >= d->known_meta.n) return false;
    uint8_t kind = DICT_AT(d, known_meta, dict_known, r->id).kind;
    return kind == KC_SECTOR || kind == KC_RELIGION || kind == KC_ETHNIC;
}

// True when phrase x is coded only as a sector with no country ("troops" MIL, "military aid" MIL):
// what is sent or given rather than who receives it, when a recipient follows.
static bool S_bare_sector(const dyad_dict *d, const np *x)
{
    if (x->ncodes != 1 || strlen(x->codes[0]) != 3) return false;
    const dict_code_ref *r = dict_find_code(d, x->codes[0], 3, DICT_REF_KNOWN);
    return r && r->id < d->known_meta.n && DICT_AT(d, known_meta, dict_known, r->id).kind == KC_SECTOR;
}

// The one country named by the actors of the sentence, into out[4] ("" when none or several).
static void S_sole_country(const dyad_dict *d, const sent_parse *p, char out[4])
{
    out[0] = '\0';
    for (uint32_t k = 0; k < p->nnps; k++)
        for (uint32_t q = 0; q < p->nps[k].ncodes; q++) {
            const char *code = p->nps[k].codes[q];
            if (!S_country_led(d, code)) continue;
            if (!out[0]) dict_copy(out, 4, code, 3);
            else if (strncmp(out, code, 3)) { out[0] = '\0'; return; }
        }
}

// "Egyptian police opened fire on fundamentalist demonstrators", "Sudanese troops clashed with
// rebels": in a sentence that names one country, a country-less non-state actor facing that
// country's actor belongs to it (EGYMOS, SDNREB).  Returns code, or the completed code in buf.
static const char *S_domestic(const ctx *c, const char *code, const char *other, char *buf, size_t cap)
{
    if (!code || !other || !c->sole_country[0] || strncmp(other, c->sole_country, 3) ||
        !S_stateless_sector(c->dict, code))
        return code;
    snprintf(buf, cap, "%s%s", c->sole_country, code);
    return buf;
}

// Appends one event to the document.
// The person of the dictionaries named in tokens [b, e), as an entity id; -1 when none is.
static int64_t S_person_in(const ctx *c, uint32_t b, uint32_t e)
{
    for (uint32_t i = b; i < e && i < c->p->n; i++)
        for (const dict_payload *q = c->p->code_m[i].first; q; q = dict_payload_next(c->dict, q))
            if (q->kind == PH_ACTOR && DICT_AT(c->dict, entities, dict_entity, q->id).kind == ENT_PERSON) return q->id;
    return -1;
}

// True when tokens [sb, se) and [tb, te) name two different people of the dictionaries.
static bool S_two_people(const ctx *c, uint32_t sb, uint32_t se, uint32_t tb, uint32_t te)
{
    int64_t a = S_person_in(c, sb, se), b = a >= 0 ? S_person_in(c, tb, te) : -1;
    return a >= 0 && b >= 0 && a != b;
}

static bool S_same_actor(const ctx *c, const np *x, const np *y)
{
    if (!x->ncodes || !y->ncodes) return false;
    for (uint32_t b = 0; b < y->ncodes; b++) {
        bool found = false;
        for (uint32_t a = 0; a < x->ncodes && !found; a++)
            found = !strcmp(x->codes[a], y->codes[b]) && !S_two_people(c, x->cb[a], x->ce[a], y->cb[b], y->ce[b]);
        if (!found) return false;
    }
    return true;
}

static bool S_emit(ctx *c, const char *src, const char *tgt, uint32_t sb, uint32_t se, uint32_t tb, uint32_t te,
                   const dict_pattern *pat)
{
    dyad_doc *d = c->doc;
    char sbuf[80], tbuf[80];
    const char *src0 = src;
    src = S_domestic(c, src, tgt, sbuf, sizeof sbuf);
    tgt = S_domestic(c, tgt, src0, tbuf, sizeof tbuf);
    /* one actor's own business is no event ("Iran's government arrested Iranian officials" is
     * coded, IRNGOV against IRNGOV is not); but two different people who hold the same office
     * ("President Rivlin eased the parole of former prime minister Olmert", both ISRGOV) are two
     * actors, and the event between them is coded with the one code on both sides */
    if (src && tgt && *src && !strcmp(src, tgt) && !S_two_people(c, sb, se, tb, te)) return true;
    for (size_t i = 0; i < d->nevents; i++) {
        const dyad_event *o = &d->events[i];
        if (o->sentence == c->sentence && !strcmp(o->source, src ? src : "") && !strcmp(o->target, tgt ? tgt : "") &&
            !strcmp(o->code, c->code_override ? c->code_override : dict_s(c->dict, pat->code)))
            return true; /* the same event from two patterns or readings */
    }
    if (d->nevents == d->cap_events) {
        size_t cap = d->cap_events ? d->cap_events * 2 : 16;
        dyad_event *v = dyad__realloc(&d->alloc, d->events, cap * sizeof *v);
        if (!v) return false;
        d->events = v;
        d->cap_events = cap;
    }
    dyad_event *ev = &d->events[d->nevents];
    memset(ev, 0, sizeof *ev);
    char where[512];
    dict_where(c->dict, pat->file, pat->line, where, sizeof where);
    const char *code = c->code_override ? c->code_override : dict_s(c->dict, pat->code);
    const dict_event_code *cb = dict_find_event_code(c->dict, code);
    if (!cb && c->code_override) cb = dict_find_event_code(c->dict, code = dict_s(c->dict, pat->code));
    size_t ls = strlen(src ? src : ""), lt = strlen(tgt ? tgt : "");
    char *s1 = dyad_arena_alloc(&d->arena, ls + lt + strlen(where) + 3);
    if (!s1) return false;
    strcpy(s1, src ? src : "");
    strcpy(s1 + ls + 1, tgt ? tgt : "");
    strcpy(s1 + ls + lt + 2, where);
    ev->source = s1;
    ev->target = s1 + ls + 1;
    ev->pattern = s1 + ls + lt + 2;
    ev->code = code;
    ev->sentence = c->sentence;
    ev->date = d->date;
    const dyad_token *t = c->p->toks;
    if (se > sb) { ev->source_start = t[sb].start; ev->source_end = t[se - 1].start + t[se - 1].len; }
    if (te > tb) { ev->target_start = t[tb].start; ev->target_end = t[te - 1].start + t[te - 1].len; }
    if (c->vg < c->p->nvgs) {
        const vgroup *g = &c->p->vgs[c->vg];
        uint32_t ve = g->vend > g->v ? g->vend : g->v + 1;
        ev->verb_start = t[g->v].start;
        ev->verb_end = t[ve - 1].start + t[ve - 1].len;
    }
    ev->quad = cb ? cb->quad : 0;
    ev->goldstein = cb ? cb->goldstein : 0;
    ev->plover = cb ? dict_s(c->dict, cb->plover) : "";
    d->nevents++;
    char b1[128], b2[128];
    S_trace(c, "   -> event %s -> %s  code %s  (%s | %s)  pattern %s\n", *ev->source ? ev->source : "-",
            *ev->target ? ev->target : "-", code, S_span(c, sb, se, b1, sizeof b1), S_span(c, tb, te, b2, sizeof b2), where);
    return true;
}

// Keeps a statement for the end of the sentence (coded if nothing else is); an unknown source
// lives in the context and is copied, as the next verb group reuses that slot.
static void S_keep_statement(ctx *c, const np *src, const np *tgt, const dict_pattern *pat)
{
    if (src == &c->unknown) {
        c->stmt_unknown = c->unknown;
        src = &c->stmt_unknown;
    }
    c->stmt_src = src;
    c->stmt_tgt = tgt;
    c->stmt_pat = pat;
    c->stmt_vg = c->vg;
    c->stmt_end = c->pat_end;
}

// Emits the events of a matched pattern for every source/target pair.
static bool S_emit_pairs(ctx *c, const np *src, const np *tgt, const dict_pattern *pat)
{
    const char *code = c->code_override ? c->code_override : dict_s(c->dict, pat->code);
    if (code[0] == '-' || code[0] == '#' || code[0] == '+') return true; /* null, discard, complex */
    bool recip = !c->foreign && S_reciprocal(code);
    if (!tgt && c->foreign) {
        S_trace(c, "   (TABARI/PETRARCH dictionaries code an event only with a target)\n");
        return true;
    }
    /* "told reporters", "said in an interview with journalists": a statement to the press has no
     * dyad; the press is its audience, not its target */
    if (tgt && !c->foreign && !strncmp(code, "01", 2) && tgt->ncodes == 1 && !strcmp(tgt->codes[0], "MED")) {
        S_trace(c, "   (the press is the audience of a statement, not its target)\n");
        tgt = NULL;
    }
    if (!tgt) {
        if (!strncmp(code, "01", 2) && !(src && src->ncodes > 1)) {
            S_trace(c, "   (a statement without a target: coded only if the sentence has no other event)\n");
            if (src && !c->stmt_src) S_keep_statement(c, src, NULL, pat);
            return true;
        }
        /* "A and B met": the conjuncts of the subject with each other */
        if (recip && src && src->ncodes > 1) {
            for (uint32_t a = 0; a < src->ncodes; a++)
                for (uint32_t b = 0; b < src->ncodes; b++)
                    if (a != b && !S_emit(c, src->codes[a], src->codes[b], src->cb[a], src->ce[a], src->cb[b], src->ce[b], pat)) return false;
            return true;
        }
        for (uint32_t a = 0; src && a < src->ncodes; a++)
            if (!S_emit(c, src->codes[a], "", src->cb[a], src->ce[a], 0, 0, pat)) return false;
        return true;
    }
    if (src && src->ncodes > 1 && tgt->e - tgt->b == 2 &&
        ((tok_is(&c->p->toks[tgt->b], "each") && tok_is(&c->p->toks[tgt->b + 1], "other")) ||
         (tok_is(&c->p->toks[tgt->b], "one") && tok_is(&c->p->toks[tgt->b + 1], "another")))) {
        /* "Israel and Hamas blamed each other": every conjunct against every other */
        for (uint32_t a = 0; a < src->ncodes; a++)
            for (uint32_t b = 0; b < src->ncodes; b++)
                if (a != b && !S_emit(c, src->codes[a], src->codes[b], src->cb[a], src->ce[a], src->cb[b], src->ce[b], pat)) return false;
        return true;
    }
    if (!tgt->ncodes) {
        /* the target is a phrase without an actor: code "" with its text; a statement about
         * it ("expressed concern over the bill") is kept like a statement without a target */
        if (!strncmp(code, "01", 2)) {
            S_trace(c, "   (a statement about a phrase without an actor: coded only if the sentence has no other event)\n");
            if (src && !c->stmt_src) S_keep_statement(c, src, tgt, pat);
            return true;
        }
        for (uint32_t a = 0; src && a < src->ncodes; a++)
            if (!S_emit(c, src->codes[a], "", src->cb[a], src->ce[a], tgt->b, tgt->e, pat)) return false;
        return true;
    }
    if (!src) {
        for (uint32_t b = 0; b < tgt->ncodes; b++)
            if (!S_emit(c, "", tgt->codes[b], 0, 0, tgt->cb[b], tgt->ce[b], pat)) return false;
        return true;
    }
    /* TABARI/PETRARCH paired codes [032:033]: the reverse event has the second code */
    dict_pattern rev = *pat;
    if (pat->code2) rev.code = pat->code2;
    for (uint32_t a = 0; a < src->ncodes; a++)
        for (uint32_t b = 0; b < tgt->ncodes; b++) {
            if (!S_emit(c, src->codes[a], tgt->codes[b], src->cb[a], src->ce[a], tgt->cb[b], tgt->ce[b], pat)) return false;
            if (!(recip || pat->code2)) continue;
            size_t before = c->doc->nevents;
            if (!S_emit(c, tgt->codes[b], src->codes[a], tgt->cb[b], tgt->ce[b], src->cb[a], src->ce[a], &rev))
                return false;
            if (c->doc->nevents > before) c->doc->events[before].flags |= DYAD_EF_REVERSE;
        }
    return true;
}

// True when the infinitive starting at b ("to" at b - 1) follows one of the n frame words; *matrix
// gets the verb group of that word, or UINT32_MAX when it heads none.
static bool S_frame_before(const sent_parse *p, uint32_t b, uint32_t vg, const char *const *frames, size_t n,
                           uint32_t *matrix)
{
    if (b < 2 || p->cls[b - 1] != W_TO) return false;
    /* "threatened today to", "decided on Thursday to": a time phrase may stand before "to" */
    uint32_t f = b - 2;
    while (f > 0 && (p->cls[f] == W_TIME || p->cls[f] == W_ADV)) f -= f > 1 && p->cls[f] == W_TIME && p->cls[f - 1] == W_PREP ? 2 : 1;
    const dyad_token *t = &p->toks[f];
    bool hit = false;
    for (size_t i = 0; i < n && !hit; i++) hit = tok_is(t, frames[i]);
    if (!hit) return false;
    *matrix = UINT32_MAX;
    for (uint32_t k = vg; k > 0; k--)
        if (p->vgs[k - 1].v == f) { *matrix = k - 1; break; }
    return true;
}

// True when the infinitive starting at b follows a frame of intention ("plans to", "intends to",
// "is set to", "was due to", "is about to", "is expected to"); *matrix gets the verb group of
// the framing verb when it is one.
static bool S_intent_frame(const sent_parse *p, uint32_t b, uint32_t vg, uint32_t *matrix)
{
    static const char *const frames[] = {
        "plan", "plans", "planned", "planning", "intend", "intends", "intended", "intending", "want", "wants",
        "wanted", "hope", "hopes", "hoped", "hoping", "expect", "expects", "expected", "prepare", "prepares", "prepared", "preparing", "aim", "aims", "aimed", "aiming", "seek",
        "seeks", "sought", "seeking", "set", "due", "scheduled", "about", "going", "ready", "poised", "slated",
        "likely", "wish", "wishes", "wished", "mean", "means", "determined", "eager", "willing"};
    return S_frame_before(p, b, vg, frames, sizeof frames / sizeof *frames, matrix);
}

// True when the infinitive starting at b follows a frame that carries the act out ("decided to
// expel", "voted to lift", "began to withdraw", "continued to trade"): the infinitive is the event
// itself, with the framing verb's subject; *matrix as for S_intent_frame.
static bool S_act_frame(const sent_parse *p, uint32_t b, uint32_t vg, uint32_t *matrix)
{
    static const char *const frames[] = {
        "decide", "decides", "decided", "deciding", "vote", "votes", "voted", "voting", "begin", "begins", "began",
        "begun", "beginning", "start", "starts", "started", "starting", "continue", "continues", "continued",
        "continuing", "proceed", "proceeds", "proceeded", "resolve", "resolved", "opt", "opted", "chose", "chosen",
        /* "tried to hack into", "attempted to storm": an attempt is coded as the act (CAMEO) */
        "try", "tries", "tried", "attempt", "attempts", "attempted"};
    if (S_frame_before(p, b, vg, frames, sizeof frames / sizeof *frames, matrix)) return true;
    /* "resorted to throwing stones": what is resorted to is done; only a gerund, as "resorted to
     * force" names a means, not the verb "force" */
    static const char *const resorts[] = {"resort", "resorts", "resorted", "resorting"};
    if (p->vgs[vg].gerund && S_frame_before(p, b, vg, resorts, 4, matrix)) return true;
    /* "took steps to expel", "is taking measures to curb": the steps are the act, with the
     * subject of "take" */
    static const char *const steps[] = {"steps", "measures"};
    if (b >= 3 && S_frame_before(p, b, vg, steps, 2, matrix)) {
        const dyad_token *t = &p->toks[b - 3];
        if (tok_is(t, "take") || tok_is(t, "takes") || tok_is(t, "took") || tok_is(t, "taken") || tok_is(t, "taking")) {
            for (uint32_t k = vg; k > 0; k--)
                if (p->vgs[k - 1].v == b - 3) { *matrix = k - 1; return true; }
        }
    }
    /* "claims to be manufacturing weapons", "claimed to have killed": the act the speaker claims */
    static const char *const claims[] = {"claim", "claims", "claimed", "claiming"};
    return b < p->n && (tok_is(&p->toks[b], "be") || tok_is(&p->toks[b], "have")) &&
           S_frame_before(p, b, vg, claims, 4, matrix);
}

// True when the infinitive starting at b follows "threatened to" ("threatened Monday to resume
// attacks"): the infinitive is coded as the threat of its act; *matrix as for S_intent_frame.
static bool S_threat_frame(const sent_parse *p, uint32_t b, uint32_t vg, uint32_t *matrix)
{
    static const char *const frames[] = {"threaten", "threatens", "threatened", "threatening"};
    return S_frame_before(p, b, vg, frames, sizeof frames / sizeof *frames, matrix);
}

// Returns the code a threat to do `code` stands for: the threat (13x) of a coercive act, and 130
// (threaten, not specified) for any other ("threatened to resign", "threatened to sue").
static const char *S_threat_code(const char *code)
{
    const char *fc = S_future_code(code);
    return !strncmp(fc, "13", 2) ? fc : "130";
}

// True when verb group vg (UINT32_MAX: none) already gave an event in this sentence.
static bool S_vg_coded(const ctx *c, uint32_t vg)
{
    if (vg >= c->p->nvgs) return false;
    size_t at = c->p->toks[c->p->vgs[vg].v].start;
    for (size_t i = c->doc->nevents; i > 0 && c->doc->events[i - 1].sentence == c->sentence; i--)
        if (c->doc->events[i - 1].verb_start == at) return true;
    return false;
}

// True when the pattern has a target element.
static bool S_has_target_slot(const ctx *c, const dict_pattern *pat)
{
    const dict_elem *el = (const dict_elem *)c->dict->elems.v + pat->elem_begin;
    for (uint32_t i = 0; i < pat->nelems; i++)
        if (el[i].kind == PE_TARGET || el[i].kind == PE_COMPOUND) return true;
    return false;
}

// Returns the first NP with actors from token i to the end of the clause (not src), or -1.
static int S_first_actor_after(const sent_parse *p, uint32_t i, const np *src)
{
    for (; i < p->n; i++) {
        uint8_t k = p->cls[i];
        if (k == W_PUNCT || k == W_SUBORD || k == W_REL || k == W_SPEECH || k == W_QUOTE) return -1;
        /* ", criticized ...": a comma before another verb closes a relative or inserted clause */
        if (k == W_COMMA && i + 1 < p->n && (p->cls[i + 1] == W_VERB || p->cls[i + 1] == W_AUX)) return -1;
        int x = p->np_at[i];
        if (x < 0) continue;
        /* "met in Tokyo", "talks at Doha": a place, not the target */
        const dyad_token *before = p->nps[x].b ? &p->toks[p->nps[x].b - 1] : NULL;
        if (before && (tok_is(before, "in") || tok_is(before, "at") || tok_is(before, "near") || tok_is(before, "outside") ||
                       tok_is(before, "inside") || tok_is(before, "across") || tok_is(before, "around") ||
                       tok_is(before, "throughout") || tok_is(before, "via") || tok_is(before, "from"))) {
            i = p->nps[x].e - 1;
            continue;
        }
        if (p->nps[x].ncodes && &p->nps[x] != src && !(src && p->nps[x].ncodes == src->ncodes &&
                                                        !strcmp(p->nps[x].codes[0], src->codes[0])))
            return x;
        i = p->nps[x].e - 1;
    }
    return -1;
}

// True when a message the previous verb sent ends right before position b: "issued a statement
// urging Seoul to...", "sent a letter threatening to...": the participle is what the message does.
static bool S_message_before(const sent_parse *p, uint32_t b)
{
    if (b == 0 || p->np_at[b - 1] < 0) return false;
    const np *x = &p->nps[p->np_at[b - 1]];
    return x->e == b && S_is_object(p, x) && parse_message_noun(&p->toks[x->e - 1]);
}

// Lists the keys of the pattern index (dict_verb_candidates) that tokens [from, n) hold: their word
// ids and synonym sets.  Returns their number, or UINT32_MAX when more than cap.
static uint32_t S_clause_keys(const sent_parse *p, uint32_t from, uint32_t *keys, uint32_t cap)
{
    uint32_t nk = 0;
    for (uint32_t k = from; k < p->n; k++) {
        if (nk == cap) return UINT32_MAX;
        keys[nk++] = p->wid[k].id;
        for (const dict_payload *q = p->syn[k].first; q; q = dict_payload_next(p->dict, q)) {
            if (q->kind != PH_SYNSET) continue;
            if (nk == cap) return UINT32_MAX;
            keys[nk++] = DICT_SYNSET_KEY(q->id);
        }
    }
    return nk;
}

// Returns the first noun phrase that names something from token i to the end of the clause, or
// -1; for a statement only one introduced by "about", "over", "on", "at", "for", "regarding";
// never one coded like the source (no event has its source as target).
static int S_first_phrase_after(const sent_parse *p, uint32_t i, bool statement, const np *src)
{
    for (; i < p->n; i++) {
        uint8_t k = p->cls[i];
        if (k == W_PUNCT || k == W_SUBORD || k == W_REL || k == W_SPEECH || k == W_QUOTE || k == W_VERB || k == W_COMMA) return -1;
        int x = p->np_at[i];
        if (x < 0) continue;
        const np *y = &p->nps[x];
        const dyad_token *before = y->b ? &p->toks[y->b - 1] : NULL;
        bool about = before && (tok_is(before, "about") || tok_is(before, "over") || tok_is(before, "on") ||
                                tok_is(before, "at") || tok_is(before, "for") || tok_is(before, "regarding"));
        /* "met in Seoul": an actor after a place preposition is where it happened, not the target */
        bool place = before && y->ncodes && (tok_is(before, "in") || tok_is(before, "at") || tok_is(before, "near") ||
                                             tok_is(before, "outside") || tok_is(before, "inside") ||
                                             tok_is(before, "across") || tok_is(before, "throughout"));
        if (!place && !y->pronoun && y->b >= i && S_contentful(p, y) && p->cls[y->e - 1] != W_TIME &&
            !(p->toks[y->b].flags & DYAD_TF_DIGIT && y->e - y->b == 1) && (!statement || about) &&
            !(src && y->ncodes && src->ncodes && !strcmp(y->codes[0], src->codes[0])))
            return x;
        i = y->e - 1;
    }
    return -1;
}

// The recipient of a transfer: the phrase after "to" that follows the object within the clause
// ("sent 100 vehicles and a team of paratroopers to Lebanon", "handed over medicines to the
// ministry"); -1 when there is none. "to" before a verb ("to help Haiti") opens an infinitive.
static int S_recipient_after(const sent_parse *p, uint32_t from)
{
    for (uint32_t i = from; i + 1 < p->n && i < from + 16; i++) {
        uint8_t k = p->cls[i];
        if (k == W_PUNCT || k == W_SUBORD || k == W_REL || k == W_SPEECH || k == W_QUOTE || k == W_VERB ||
            k == W_COMMA)
            return -1;
        if (k != W_TO) continue;
        int x = p->np_at[i + 1];
        if (x < 0 || p->nps[x].b != i + 1 || p->nps[x].pronoun || !S_contentful(p, &p->nps[x])) return -1;
        return x;
    }
    return -1;
}

// True when t introduces whom a thing is aimed at or comes from ("action against Russia", "an
// offer from Kabul", "an admission by Moscow", "restrictions for new EU members"); place words
// ("in", "at", "near") say where, not whom.
static bool S_concerning_prep(const dyad_token *t)
{
    static const char *const preps[] = {"against", "by", "from", "with", "to", "for", "on", "toward", "towards",
                                        "into", "of", "upon", "onto"};
    for (size_t i = 0; i < sizeof preps / sizeof *preps; i++)
        if (tok_is(t, preps[i])) return true;
    return false;
}

// The actor a thing done is aimed at, when the object names only the thing: the first coded
// phrase in the prepositional phrases right after the object, within its clause ("threatened
// further action against Russia", "confiscated weapons from Palestinian armed groups", "launched
// an offensive in its war with Iraq"); -1 when there is none or it is coded like the source.
static int S_actor_of_object(const sent_parse *p, const np *obj, const np *src)
{
    uint32_t i = obj->e;
    for (int hops = 0; hops < 3 && i + 1 < p->n; hops++) {
        /* "confiscated weapons and explosives from ...": past the other things of the object */
        if (p->cls[i] == W_CONJ && p->np_at[i + 1] >= 0 && !p->nps[p->np_at[i + 1]].ncodes) {
            i = p->nps[p->np_at[i + 1]].e;
            continue;
        }
        const dyad_token *prep = &p->toks[i];
        if (p->cls[i] != W_PREP && p->cls[i] != W_TO) return -1;
        int x = p->np_at[i + 1];
        if (x < 0 || p->nps[x].b != i + 1 || p->nps[x].pronoun) return -1;
        const np *y = &p->nps[x];
        if (y->ncodes) {
            if (!S_concerning_prep(prep)) return -1;
            if (src && src->ncodes && !strcmp(y->codes[0], src->codes[0])) return -1;
            return x;
        }
        i = y->e;
    }
    return -1;
}

// True when the verb's root says one suffers another's act ("tolerate", "allow"): "will not
// tolerate X" warns the other.
static bool S_warning_verb(const char *root)
{
    static const char *const w[] = {"tolerate", "allow", "permit"};
    for (size_t i = 0; i < sizeof w / sizeof *w; i++) if (!strcmp(root, w[i])) return true;
    return false;
}

// The coded phrase after "with" when NP x is headed by a noun of relations ("contact", "ties",
// "talks") and names no one by that head; -1 otherwise, or when it is coded like the source.
static int S_relation_partner(const sent_parse *p, const np *x, const np *src)
{
    static const char *const heads[] = {"contact", "contacts", "relations", "ties", "links", "dealings", "talks",
                                        "negotiations", "dialogue", "cooperation", "relationship"};
    const dyad_token *h = &p->toks[x->e - 1];
    bool rel = false;
    for (size_t i = 0; i < sizeof heads / sizeof *heads && !rel; i++) rel = tok_is(h, heads[i]);
    if (!rel || x->e + 1 >= p->n || !tok_is(&p->toks[x->e], "with")) return -1;
    int w = p->np_at[x->e + 1];
    if (w < 0 || p->nps[w].b != x->e + 1 || !p->nps[w].ncodes) return -1;
    if (src && src->ncodes && !strcmp(p->nps[w].codes[0], src->codes[0])) return -1;
    return w;
}

// The coded subject of the "that" clause after NP x headed by a noun of demand ("its demand that
// the government resign", "calls that Israel withdraw"); -1 otherwise, or when coded like the source.
static int S_demand_subject(const sent_parse *p, const np *x, const np *src)
{
    static const char *const heads[] = {"demand", "demands", "call", "calls", "request", "requests", "insistence",
                                        "ultimatum", "condition", "conditions"};
    const dyad_token *h = &p->toks[x->e - 1];
    bool dem = false;
    for (size_t i = 0; i < sizeof heads / sizeof *heads && !dem; i++) dem = tok_is(h, heads[i]);
    if (!dem || x->e + 1 >= p->n || !tok_is(&p->toks[x->e], "that")) return -1;
    int w = p->np_at[x->e + 1];
    if (w < 0 || p->nps[w].b != x->e + 1 || !p->nps[w].ncodes || p->nps[w].pronoun) return -1;
    if (src && src->ncodes && !strcmp(p->nps[w].codes[0], src->codes[0])) return -1;
    return w;
}

// True when the code is an act that has a recipient: aid, cooperation, release and return, and
// the intents and offers of these (03x), where "X to Y" names who receives it.
static bool S_transfer_code(const char *code)
{
    return !strncmp(code, "07", 2) || !strncmp(code, "06", 2) || !strncmp(code, "084", 3) ||
           !strncmp(code, "03", 2) || !strncmp(code, "05", 2);
}

// True when verb group vg is reported by "X claimed (that) they..." with its subject a pronoun
// standing for X: the speaker claims its own act.
static bool S_claimed_own_act(const sent_parse *p, uint32_t vg, int subj)
{
    if (vg == 0 || subj < 0 || !p->nps[subj].pronoun || !p->nps[subj].ncodes) return false;
    const vgroup *m = &p->vgs[vg - 1];
    const dyad_token *v = &p->toks[m->v];
    if (!tok_is(v, "claimed") && !tok_is(v, "claims") && !tok_is(v, "claim")) return false;
    /* nothing but "that" and the pronoun between the claim and this verb group */
    if (p->nps[subj].b < m->vend || p->nps[subj].b > m->vend + 1) return false;
    int speaker = S_subject_of(p, vg - 1, 0);
    return speaker >= 0 && p->nps[speaker].ncodes && !strcmp(p->nps[speaker].codes[0], p->nps[subj].codes[0]);
}

// The verb group before vg (vg > 0) that a participle clause after it continues: the nearest one
// that is not itself a gerund or a participle describing a noun ("filed a lawsuit against visiting
// Prince X, accusing him": the lawyer accuses, not the visit); a gerund after "of" heads a list
// the participle may continue ("accused X of violating Y, ignoring Z"), so the search stops there.
static uint32_t S_clause_head_before(const sent_parse *p, uint32_t vg)
{
    for (uint32_t k = vg; k > 0; k--) {
        const vgroup *h = &p->vgs[k - 1];
        bool gerund = h->gerund && !parse_aspect_verb(&p->toks[h->v]) && !(h->b > 0 && tok_is(&p->toks[h->b - 1], "of"));
        if (!gerund && !h->reduced && !h->describes) return k - 1;
    }
    return vg - 1;
}

// The verb group after vg that shares its object ("donated and personally delivered goods to
// X"): vg ends right before "and" or "or" (adverbs may follow) and the next group's verb comes
// then, with the same voice; UINT32_MAX when there is none.
static uint32_t S_coordinated_verb(const sent_parse *p, uint32_t vg)
{
    const vgroup *g = &p->vgs[vg];
    if (vg + 1 >= p->nvgs || g->vend >= p->n || p->cls[g->vend] != W_CONJ ||
        !(tok_is(&p->toks[g->vend], "and") || tok_is(&p->toks[g->vend], "or")))
        return UINT32_MAX;
    const vgroup *h = &p->vgs[vg + 1];
    uint32_t i = g->vend + 1;
    while (i < h->v && p->cls[i] == W_ADV) i++;
    return i == h->v && h->passive == g->passive && !h->gerund && !h->infinitive ? vg + 1 : UINT32_MAX;
}

/* MARK: the target named in the rest of the clause */

// True when t says where something is, happens or comes from ("in", "at", "near", "from", ...).
static bool S_place_prep(const dyad_token *t)
{
    static const char *const w[] = {"in", "at", "near", "outside", "inside", "across", "around", "throughout",
                                    "via", "within", "along", "through", "from"};
    for (size_t i = 0; i < sizeof w / sizeof *w; i++) if (tok_is(t, w[i])) return true;
    return false;
}

// The verb group that starts at token i (its first auxiliary or verb), or NULL.
static const vgroup *S_vgroup_at(const sent_parse *p, uint32_t i)
{
    for (uint32_t k = 0; k < p->nvgs; k++)
        if (p->vgs[k].b == i || p->vgs[k].v == i) return &p->vgs[k];
    return NULL;
}

// True when the phrase x holds or ends right before a possessive ("China's policies", "the United
// States' policies"): an owner, not a place, whatever preposition comes before it.
static bool S_possessor(const sent_parse *p, const np *x)
{
    for (uint32_t i = x->b; i <= x->e && i < p->n; i++)
        if (tok_is(&p->toks[i], "'s") || tok_is(&p->toks[i], "'")) return true; /* ’ is normalised to ' */
    return false;
}

// True when the phrase x is the subject of a finite verb right after it ("and Israel closed"):
// it opens another clause, whose actors are not this verb's.
static bool S_opens_clause(const sent_parse *p, const np *x)
{
    uint32_t i = x->e;
    while (i < p->n && p->cls[i] == W_ADV) i++;
    if (i >= p->n) return false;
    if (p->cls[i] == W_MODAL) return true;
    const vgroup *h = S_vgroup_at(p, i);
    return h && !h->gerund && !h->infinitive && !h->reduced && !h->describes;
}

// True when every actor of phrase x is a bare country ("central Iran" IRN; not "Lagos" NGAGOV).
static bool S_bare_country(const dyad_dict *d, const np *x)
{
    for (uint32_t q = 0; q < x->ncodes; q++)
        if (strlen(x->codes[q]) != 3 || !S_country_led(d, x->codes[q])) return false;
    return x->ncodes > 0;
}

// True when every actor of phrase x is a code of three letters that names no country ("peacekeepers"
// PKO, "charities" NGO, "rebels" REB): whom it could be is not known.
static bool S_countryless(const dyad_dict *d, const np *x)
{
    for (uint32_t q = 0; q < x->ncodes; q++)
        if (strlen(x->codes[q]) != 3 || S_country_led(d, x->codes[q])) return false;
    return true;
}

// True when t introduces what an act is aimed at or belongs to ("to", "into", "against", "of").
static bool S_aim_prep(const dyad_token *t)
{
    return tok_is(t, "to") || tok_is(t, "into") || tok_is(t, "against") || tok_is(t, "toward") ||
           tok_is(t, "towards") || tok_is(t, "of");
}

// The first actor named in the rest of a verb's clause, from token `from`, for an event that has
// no target: the owner of the object ("the withdrawal of Serbian forces", "a road to show their
// disapproval of the United States' policies"), the actor of a condition of a threat or demand
// ("unless Israel rescinds", "demanded that X"), a "to/against/with" phrase, through a purpose
// clause ("to help defend X"; not for a meeting). Not a place where the act happened ("opened fire
// in the capital of Chad", "fired tear gas in Nairobi"; any place for a meeting: "met in Seoul"),
// yet the country where a destination or an aim is ("inspectors to a plant in central Iran"); not
// the source, nor an actor without a country (what is sent or withdrawn: "sent warships",
// "withdrew peacekeepers"); nothing past a comma, another clause's subject, a finite verb or four
// phrases (a chain of "of" and "in" phrases drifts away from the act).
static int S_clause_actor(const sent_parse *p, uint32_t from, const np *src, const char *code)
{
    bool meeting = !strncmp(code, "04", 2);
    bool demand = !strncmp(code, "10", 2), threat = !strncmp(code, "13", 2);
    bool cond = false;      /* right after "if"/"unless"/"that": the next phrase is its clause's subject */
    bool place = false;     /* the last phrase was a place: its "of" phrases are places too */
    bool aim = false;       /* the last phrase followed "to", "into", "against", "of" */
    bool after_inf = false; /* the token before is the verb of an infinitive ("to help defend") */
    int phrases = 0;
    for (uint32_t i = from; i < p->n && i < from + 32 && phrases < 5; i++) {
        uint8_t k = p->cls[i];
        const dyad_token *t = &p->toks[i];
        bool inf = false;
        if (tok_is(t, "(")) {
            /* "Esfahan Uranium Conversion Facilities (UCF) in central Iran": past a bracketed acronym */
            uint32_t close = i + 1;
            while (close < p->n && close < i + 5 && !tok_is(&p->toks[close], ")")) close++;
            if (close >= p->n || !tok_is(&p->toks[close], ")")) return -1;
            i = close;
            continue;
        }
        if (k == W_QUOTE && tok_is(t, "'") && i > 0 && p->np_at[i - 1] >= 0) continue; /* "the rebels' demands" */
        if (k == W_PUNCT || k == W_COMMA || k == W_QUOTE || k == W_SPEECH) return -1;
        if (k == W_SUBORD) {
            if (!((demand || threat) && (tok_is(t, "if") || tok_is(t, "unless")))) return -1;
            cond = true;
            continue;
        }
        if (k == W_REL) {
            if (!(demand && tok_is(t, "that") && i == from)) return -1;
            cond = true;
            continue;
        }
        if (k == W_VERB || k == W_AUX || k == W_MODAL) {
            /* "to help defend X": a purpose clause goes on; any other verb ends the clause */
            inf = k == W_VERB && !meeting && i > 0 && (p->cls[i - 1] == W_TO || after_inf);
            if (!inf) return -1;
        }
        after_inf = inf;
        int x = p->np_at[i];
        if (x < 0) continue;
        const np *y = &p->nps[x];
        const dyad_token *before = y->b > from ? &p->toks[y->b - 1] : NULL;
        bool subject = cond;
        cond = false;
        i = y->e - 1;
        phrases++;
        /* "at China's policies" names an owner; "at a jail in East Timor's capital" stays a place */
        bool at_place = before && S_place_prep(before) && (place || !S_possessor(p, y));
        bool located = at_place && !meeting && aim && S_bare_country(p->dict, y);
        bool of_place = place && before && (tok_is(before, "of") || tok_is(before, "and") || tok_is(before, "or"));
        if ((at_place && !located) || of_place) {
            place = true;
            aim = false;
            continue;
        }
        place = false;
        aim = before && S_aim_prep(before);
        if (before && tok_is(before, "by")) continue; /* an agent ("seized by X"), never the target */
        if (!subject && !y->in_pp && S_opens_clause(p, y)) return -1;
        if (!y->ncodes || y->pronoun || y == src || S_countryless(p->dict, y)) continue;
        if (src && src->ncodes && !strcmp(y->codes[0], src->codes[0])) continue;
        return x;
    }
    return -1;
}

// The owner of a passive verb's subject phrase when the subject names no actor ("a camp for
// Congolese refugees was attacked"): the coded "for/of" phrase right before the verb group,
// attached to an uncoded head that is not itself in a prepositional phrase; -1 when none.
static int S_subject_owner(const sent_parse *p, uint32_t vg, const np *src)
{
    uint32_t i = p->vgs[vg].b;
    while (i > 0 && p->cls[i - 1] == W_ADV) i--;
    if (i == 0 || p->np_at[i - 1] < 0) return -1;
    int x = p->np_at[i - 1];
    const np *y = &p->nps[x];
    if (!y->ncodes || y->pronoun || y == src || y->b < 2) return -1;
    if (!(tok_is(&p->toks[y->b - 1], "for") || tok_is(&p->toks[y->b - 1], "of"))) return -1;
    int h = p->np_at[y->b - 2];
    if (h < 0 || p->nps[h].ncodes || p->nps[h].in_pp) return -1;
    if (src && src->ncodes && !strcmp(y->codes[0], src->codes[0])) return -1;
    return x;
}

// Codes one verb group; returns false on OOM.
// True when every actor of NP y is one of x: an event from x to y would be dropped as one
// actor's own business; two different people who hold the same office are no such pair.
static bool S_same_actor(const ctx *c, const np *x, const np *y);

// Tries the patterns of verb `verb` on the tokens from `from` (only those whose key word or
// synonym set occurs there, in file order: the pattern index of dict.c; all of them when there
// are too many) and keeps the best match in *best / *best_pat.
static void S_best_pattern(ctx *c, uint32_t verb, uint32_t from, int subj, pmatch *best, const dict_pattern **best_pat)
{
    const sent_parse *p = c->p;
    const vgroup *g = &p->vgs[c->vg];
    uint32_t npat;
    const uint32_t *pats = dict_verb_patterns(c->dict, verb, &npat);
    uint32_t cand[1024], keys[1024];
    uint32_t nkeys = S_clause_keys(p, from, keys, 1024);
    uint32_t ncand = nkeys == UINT32_MAX ? UINT32_MAX : dict_verb_candidates(c->dict, verb, keys, nkeys, cand, 1024);
    bool all = ncand == UINT32_MAX;
    if (all) ncand = npat;
    for (uint32_t k = 0; k < ncand; k++) {
        const dict_pattern *pat = &DICT_AT(c->dict, patterns, dict_pattern, pats[all ? k : cand[k]]);
        const dict_elem *el = (const dict_elem *)c->dict->elems.v + pat->elem_begin;
        pmatch m = {g->passive ? -2 : -1, -1, 0, 0, 0, 0}, got = {-1, -1, 0, 0, 0, 0};
        int budget = 2000;
        c->sparse = pat->verb_at != 0;
        uint32_t post = pat->verb_at; /* elements after the verb start here */
        if (pat->verb_at > 1 && !S_match_left(c, el, pat->verb_at - 1, g->b, subj, &m)) continue;
        S_match(c, el + post, pat->nelems - post, 0, from, m, g->passive, &got, &budget);
        c->sparse = false;
        if (!got.end) continue;
        /* "demanding information on the safety of its leader" (the source's own): a target that
         * is the source itself gives no event (S_emit), so such a match counts one word less and
         * a pattern as long with another target ("demanding that the government ...") wins; it
         * still beats the verb's patterns without a target, so no event is coded for it */
        if (!g->passive && got.target >= 0 && subj >= 0 && !c->foreign && S_same_actor(c, &p->nps[subj], &p->nps[got.target]))
            got.words--;
        if (!*best_pat || got.words > best->words || (got.words == best->words && got.skipped < best->skipped)) {
            *best = got;
            *best_pat = pat;
        }
    }
}

// "Gbagbo will extend the curfew in Abidjan": a capital named where the act happens is the place,
// not the government it stands for elsewhere; when that government is the source, the event is
// the actor's act on its own country (CIVGOV -> CIV) rather than no event.  The phrase must be a
// bare name (no determiner, all words capitalised): "changes in the government" stays one actor's
// business.  True with *out holding tgt with the country code alone.
static bool S_own_capital_as_place(const ctx *c, const np *src, const np *tgt, np *out)
{
    const sent_parse *p = c->p;
    if (!src || !tgt || tgt->ncodes != 1 || tgt->pronoun || tgt->b == 0 || !S_place_prep(&p->toks[tgt->b - 1])) return false;
    if (strlen(tgt->codes[0]) <= 3 || !S_country_led(c->dict, tgt->codes[0]) || !S_same_actor(c, src, tgt)) return false;
    for (uint32_t i = tgt->b; i < tgt->e; i++) {
        const dyad_token *t = &p->toks[i];
        if (!(t->flags & (DYAD_TF_CAP | DYAD_TF_ALLCAPS)) || p->cls[i] == W_DET) return false;
    }
    *out = *tgt;
    out->codes[0][3] = '\0';
    return true;
}

// The noun phrase "an attempt" when infinitive group vg hangs on it and the clause's verb says it
// was stopped ("An attempt to assassinate X was thwarted", "a plot to bomb Y was foiled"): the
// act was attempted by someone unknown, and the attempt stands for them; -1 otherwise.
static int S_thwarted_attempt(const sent_parse *p, uint32_t vg)
{
    static const char *const attempts[] = {"attempt", "attempts", "plot", "plots", "bid", "bids", "plan", "plans"};
    static const char *const stops[] = {"thwarted", "foiled", "averted", "frustrated", "prevented", "stopped", "blocked"};
    const vgroup *g = &p->vgs[vg];
    if (!g->infinitive || g->b < 2 || p->np_at[g->b - 2] < 0) return -1;
    int k = p->np_at[g->b - 2];
    const np *x = &p->nps[k];
    if (x->ncodes || x->e != g->b - 1 || (x->b > 0 && p->cls[x->b - 1] != W_COMMA && !tok_is(&p->toks[x->b - 1], "that")))
        return -1;
    bool attempt = false;
    for (size_t i = 0; i < sizeof attempts / sizeof *attempts; i++) attempt |= tok_is(&p->toks[x->e - 1], attempts[i]);
    if (!attempt) return -1;
    /* the clause's own verb: the first later group that is no infinitive, gerund or participle */
    for (uint32_t j = vg + 1; j < p->nvgs; j++) {
        const vgroup *h = &p->vgs[j];
        if (h->infinitive || h->gerund || h->reduced) continue;
        if (!h->passive || h->negated) return -1;
        for (size_t i = 0; i < sizeof stops / sizeof *stops; i++)
            if (tok_is(&p->toks[h->v], stops[i])) return k;
        return -1;
    }
    return -1;
}

static bool S_code_verb(ctx *c, uint32_t vg)
{
    c->vg = vg;
    const sent_parse *p = c->p;
    const vgroup *g = &p->vgs[vg];
    char b1[160];
    const dict_verb *verb = &DICT_AT(c->dict, verbs, dict_verb, g->verb);
    S_trace(c, "   verb '%s' (%s)%s%s%s%s%s\n", S_span(c, g->b, g->vend, b1, sizeof b1), dict_s(c->dict, verb->root),
            g->passive ? " passive" : "", g->negated ? " negated" : "", g->hypothetical ? " hypothetical" : "",
            g->infinitive ? " infinitive" : "", g->gerund ? " gerund" : "");
    /* "plans to visit", "is set to sign", "was due to meet": the infinitive is an intention */
    uint32_t matrix_vg = UINT32_MAX;
    bool intent = g->infinitive && !g->negated && !g->hypothetical && S_intent_frame(p, g->b, vg, &matrix_vg);
    if (intent) S_trace(c, "   (an intention: coded as its intent or threat)\n");
    /* "threatened to impose restrictions": the threat of the act */
    bool threat = g->infinitive && !intent && !g->negated && !g->hypothetical && !verb->foreign &&
                  S_threat_frame(p, g->b, vg, &matrix_vg) &&
                  !(matrix_vg != UINT32_MAX && (p->vgs[matrix_vg].negated || p->vgs[matrix_vg].hypothetical));
    if (threat && S_vg_coded(c, matrix_vg)) {
        /* "threatened to cut off electricity to X" matched a pattern of "threaten" itself */
        S_trace(c, "   (threatened: the threat is coded by the pattern of 'threaten')\n");
        return true;
    }
    if (threat) {
        S_trace(c, "   (threatened: coded as the threat of the act)\n");
        intent = true;
    }
    /* "the EC may halt mediation among X if cooperation founders": a coercive act set on a
     * condition is its threat (checked once the pattern's code is known) */
    bool conditioned = g->hypothetical && g->if_after && !g->infinitive && !g->gerund && !verb->foreign;
    bool act = g->infinitive && !intent && !g->negated && !g->hypothetical && !g->refused && !verb->foreign &&
               S_act_frame(p, g->b, vg, &matrix_vg);
    /* "did not take steps to", "could decide to": no act; "will begin to withdraw": the intent */
    if (act && matrix_vg != UINT32_MAX && (p->vgs[matrix_vg].negated || p->vgs[matrix_vg].hypothetical)) act = false;
    if (act && matrix_vg != UINT32_MAX && p->vgs[matrix_vg].future) {
        act = false;
        intent = true;
        S_trace(c, "   (an act in the future: coded as its intent)\n");
    }
    if (act) S_trace(c, "   (decided, begun or continued: coded as the act)\n");
    /* ", killing at least five people": a participle clause after a comma shares the subject of
     * the verb before it */
    bool participle = g->gerund && g->b > 0 && vg > 0 && (p->cls[g->b - 1] == W_COMMA || tok_is(&p->toks[g->b - 1], "and") ||
                                                          S_message_before(p, g->b));
    /* "X was guilty of violating the truce", "responsible for killing": what X did */
    /* "began withdrawing", "continued shelling": the act, with the subject of the verb before */
    if (g->gerund && g->b > 0 && vg > 0 && p->vgs[vg - 1].v == g->b - 1 && parse_aspect_verb(&p->toks[g->b - 1]))
        participle = true;
    bool culpable = g->gerund && g->b >= 2 && (tok_is(&p->toks[g->b - 1], "of") || tok_is(&p->toks[g->b - 1], "for")) &&
                    (tok_is(&p->toks[g->b - 2], "guilty") || tok_is(&p->toks[g->b - 2], "responsible") ||
                     tok_is(&p->toks[g->b - 2], "culpable"));
    /* TABARI and PETRARCH dictionaries encode negation, refusal and modality in their own
     * patterns: their verbs are coded as those coders do, without dyad's filters */
    c->foreign = verb->foreign;
    if (verb->foreign) {
        intent = participle = false;
    }
    bool refusal = !verb->foreign && g->refused && !g->hypothetical && !g->reduced;
    /* "will not tolerate a coup", "would not allow X to return": refusing to suffer another's act
     * is a warning (130), not the rejection of one's own */
    bool warning = refusal && !g->infinitive && S_warning_verb(dict_s(c->dict, verb->root));
    if (warning && g->b > 0 && p->np_at[g->b - 1] >= 0 && vg > 0 && S_vg_coded(c, vg - 1)) {
        uint32_t sb = p->nps[p->np_at[g->b - 1]].b;
        if (sb > 0 && tok_is(&p->toks[sb - 1], "that")) {
            /* "warned that police will no longer tolerate X": the warning verb before holds it */
            S_trace(c, "   (not coded: the warning is the coded verb before)\n");
            return true;
        }
    }
    if (warning) {
        refusal = false;
        S_trace(c, "   (will not tolerate or allow: a warning, coded 130)\n");
    }
    if (refusal) S_trace(c, "   (a refusal: coded as the rejection of the act, if it is a cooperative one)\n");
    if (!verb->foreign && ((g->negated && !refusal && !warning) || (g->hypothetical && !conditioned) || (g->infinitive && !intent && !refusal && !act) ||
                           (g->gerund && !participle && !culpable && !act && !refusal) || g->reduced)) {
        S_trace(c, "   (not coded: %s)\n", g->negated ? "negated" : g->hypothetical ? "hypothetical or conditional" :
                                                 g->infinitive ? "an infinitive: what is wanted, urged or planned" :
                                                 g->reduced ? "a participle describing a noun (background)" : "a gerund");
        return true;
    }
    uint32_t frame_vg = UINT32_MAX;
    if (refusal && g->infinitive)
        for (uint32_t k = vg; k > 0; k--)
            if (p->vgs[k - 1].v + 2 == g->b) { frame_vg = k - 1; break; }
    /* "X said that removing the sanctions is out of the question": the one who says so rules the
     * act out */
    if (refusal && g->gerund && vg > 0 && g->b > 0 && tok_is(&p->toks[g->b - 1], "that"))
        frame_vg = S_clause_head_before(p, vg);
    int subj = frame_vg != UINT32_MAX ? S_subject_of(p, frame_vg, 0)
               : (intent || act) && matrix_vg != UINT32_MAX ? S_subject_of(p, matrix_vg, 0)
               : participle                         ? S_subject_of(p, S_clause_head_before(p, vg), 0)
                                                    : S_subject_of(p, vg, 0);
    S_trace(c, "   subject: %s\n", subj >= 0 ? S_span(c, p->nps[subj].b, p->nps[subj].e, b1, sizeof b1) : "none");
    uint32_t subj_vg = frame_vg != UINT32_MAX ? frame_vg : (intent || act) && matrix_vg != UINT32_MAX ? matrix_vg
                       : participle ? S_clause_head_before(p, vg) : vg;
    uint32_t unknown_end = 0;
    int unknown = subj < 0 && !verb->foreign ? S_unknown_subject(p, subj_vg, &unknown_end) : -1;
    int attempt_np = subj < 0 && unknown < 0 && act && matrix_vg == UINT32_MAX && !verb->foreign ? S_thwarted_attempt(p, vg) : -1;
    pmatch best = {-1, -1, 0, 0, 0, 0};
    const dict_pattern *best_pat = NULL;
    /* "donated and personally delivered goods to X": a verb with nothing of its own before "and"
     * and another verb shares that verb's object; its patterns are matched again after it */
    uint32_t shared = verb->foreign ? UINT32_MAX : S_coordinated_verb(p, vg);
    for (uint32_t from = g->vend; !best_pat && from != UINT32_MAX;
         from = from == g->vend && shared != UINT32_MAX ? p->vgs[shared].vend : UINT32_MAX) {
        if (from != g->vend) S_trace(c, "   (the object of the verb coordinated with it is shared)\n");
        S_best_pattern(c, g->verb, from, subj, &best, &best_pat);
    }
    /* "sexually abused", "forcibly expelled": a pattern that opens with an -ly adverb of the verb
     * group ("{sexually} {abuse} +") is read as a verb of its own: tried from the word after it */
    for (uint32_t a = g->b; !verb->foreign && a < g->v; a++) {
        const dyad_token *t = &p->toks[a];
        if (p->cls[a] != W_ADV || !p->verbs_of[a] || t->norm_len <= 4 || memcmp(t->norm + t->norm_len - 2, "ly", 2)) continue;
        const dict_pattern *was = best_pat;
        S_best_pattern(c, p->verbs_of[a] - 1, a + 1, subj, &best, &best_pat);
        if (best_pat != was) S_trace(c, "   (a pattern of the adverb '%.*s' with the verb matches)\n", (int)t->norm_len, t->norm);
    }
    dict_pattern bare = {0};
    const dict_event_code *warn_code = warning ? dict_find_event_code(c->dict, "130") : NULL;
    if (warn_code) {
        /* the warning, whatever the verb's own patterns say; its target is found below */
        bare.code = warn_code->code;
        bare.verb = g->verb;
        bare.file = verb->file;
        bare.line = verb->line;
        best_pat = &bare;
        best = (pmatch){-1, -1, 0, 0, 0, 0};
    }
    if (!best_pat && verb->code && verb->foreign) {
        /* TABARI/PETRARCH: the verb's own code when none of its patterns matches */
        bare.code = verb->code;
        bare.verb = g->verb;
        bare.file = verb->file;
        bare.line = verb->line;
        best_pat = &bare;
        S_trace(c, "   no pattern matches: the verb's own code %s\n", dict_s(c->dict, verb->code));
    }
    if (!best_pat) {
        S_trace(c, "   (no pattern of '%s' matches what follows)\n", dict_s(c->dict, verb->root));
        return true;
    }
    char where[256];
    S_trace(c, "   pattern %s [%s] matches\n", dict_where(c->dict, best_pat->file, best_pat->line, where, sizeof where),
            dict_s(c->dict, best_pat->code));
    if (conditioned) {
        const char *tc = S_future_code(dict_s(c->dict, best_pat->code));
        if (strncmp(tc, "13", 2)) {
            S_trace(c, "   (not coded: hypothetical or conditional)\n");
            return true;
        }
        S_trace(c, "   (a coercive act on a condition: coded as its threat)\n");
        threat = intent = true;
    }
    const np *src = NULL, *tgt = NULL;
    if (g->passive) {
        int by = best.source >= 0 ? best.source : S_by_agent(p, g->v);
        src = by >= 0 ? &p->nps[by] : NULL;
        if (best.target == -3 && subj >= 0) tgt = &p->nps[subj];
        else if (best.target >= 0) tgt = &p->nps[best.target];
        if (!src && subj >= 0 && best.target != -3) src = &p->nps[subj];
    } else {
        src = best.source >= 0 ? &p->nps[best.source] : subj >= 0 ? &p->nps[subj] : NULL;
        tgt = best.target >= 0 ? &p->nps[best.target] : NULL;
        /* "captured a rebel stronghold (in the north)": the coded phrase whose head the pattern
         * named is the target, rather than none or a phrase without an actor */
        if (best.head_np1 && (!tgt || !tgt->ncodes)) tgt = &p->nps[best.head_np1 - 1];
    }
    if (src && !src->ncodes) src = NULL;
    /* "An attempt to assassinate X was thwarted": an attack was made, by someone unknown; only
     * for force (18-20), as a thwarted attempt to meet is no meeting */
    const char *attempt_code = dict_s(c->dict, best_pat->code);
    if (attempt_np >= 0 && !src && best.source < 0 &&
        (!strncmp(attempt_code, "18", 2) || !strncmp(attempt_code, "19", 2) || !strncmp(attempt_code, "20", 2))) {
        S_trace(c, "   (an attempt that was thwarted: the act, by someone unknown)\n");
        unknown = attempt_np;
        unknown_end = p->nps[attempt_np].e;
    }
    if (unknown >= 0 && ((!src && !g->passive && best.source < 0) || (g->passive && !tgt && best.target == -3))) {
        /* a subject the dictionaries do not know: the event is coded with an unknown actor "" */
        c->unknown = p->nps[unknown];
        c->unknown.ncodes = 1;
        c->unknown.codes[0][0] = '\0';
        c->unknown.e = unknown_end > c->unknown.b ? unknown_end : c->unknown.e;
        c->unknown.cb[0] = c->unknown.b;
        c->unknown.ce[0] = c->unknown.e;
        if (g->passive) tgt = &c->unknown;
        else src = &c->unknown;
        S_trace(c, "   unknown actor as %s: %s\n", g->passive ? "target" : "source",
                S_span(c, c->unknown.b, c->unknown.e, b1, sizeof b1));
    }
    /* a pattern without a target slot: the first actor after the verb in its clause is the
     * target ("agreed to set up a centre in Tokyo", "promised to continue aid to Mozambique"),
     * as TABARI reads it; not for statements */
    if (!tgt && !g->passive && !warn_code && strncmp(dict_s(c->dict, best_pat->code), "01", 2) && !S_has_target_slot(c, best_pat) &&
        !(src && src->ncodes > 1 && S_reciprocal(dict_s(c->dict, best_pat->code)))) {
        int t = S_first_actor_after(p, best.end ? best.end : g->vend, src);
        if (t >= 0) {
            tgt = &p->nps[t];
            S_trace(c, "   target taken from the clause: %s\n", tgt->codes[0]);
        }
    }
    /* no actor there either: the first phrase of the clause still says what the event was done
     * to or where ("attacked an army camp", "declared a ceasefire in Tripoli"); its words are
     * reported as the target's, with no code. A statement takes only what it is about
     * ("expressed optimism about the talks"). */
    if (!tgt && !g->passive && !(src && src->ncodes > 1 && S_reciprocal(dict_s(c->dict, best_pat->code)))) {
        int t = S_first_phrase_after(p, best.end ? best.end : g->vend, !strncmp(dict_s(c->dict, best_pat->code), "01", 2), src);
        if (t >= 0) {
            tgt = &p->nps[t];
            S_trace(c, "   target phrase taken from the clause: %s\n", S_span(c, tgt->b, tgt->e, b1, sizeof b1));
        }
    }
    /* "sent aid to Lebanon", "handed over 700 kg of medicine to the Red Crescent": the target of
     * a transfer is its recipient, not the thing given */
    if (tgt && (!tgt->ncodes || S_bare_sector(c->dict, tgt)) && !g->passive) {
        int r = S_recipient_after(p, tgt->e);
        if (r >= 0 && (p->nps[r].ncodes || S_transfer_code(dict_s(c->dict, best_pat->code))) &&
            (!tgt->ncodes || (p->nps[r].ncodes && S_transfer_code(dict_s(c->dict, best_pat->code))))) {
            tgt = &p->nps[r];
            S_trace(c, "   the recipient is the target: %s\n", S_span(c, tgt->b, tgt->e, b1, sizeof b1));
        }
    }
    /* "boycott all official contact with the United States", "cut Iranian diplomatic ties with
     * Canada": a relation's other party is the target, whatever the words before the head say */
    if (tgt && !tgt->ncodes && !g->passive) {
        /* "insisted on its demands that Burundi's government grant": the one the demand is on */
        int w = S_demand_subject(p, tgt, src);
        if (w >= 0) {
            tgt = &p->nps[w];
            S_trace(c, "   the subject of the demand's clause is the target: %s\n", S_span(c, tgt->b, tgt->e, b1, sizeof b1));
        }
    }
    if (tgt && tgt->ncodes && !g->passive) {
        int w = S_relation_partner(p, tgt, src);
        if (w >= 0) {
            tgt = &p->nps[w];
            S_trace(c, "   the other party of the relation is the target: %s\n", S_span(c, tgt->b, tgt->e, b1, sizeof b1));
        }
    }
    /* "threatened further action against Russia": the object names the act, the phrase after it
     * whom it is aimed at */
    if (tgt && !tgt->ncodes && !g->passive && strncmp(dict_s(c->dict, best_pat->code), "01", 2)) {
        int a = S_actor_of_object(p, tgt, src);
        if (a >= 0) {
            tgt = &p->nps[a];
            S_trace(c, "   the actor the object is aimed at is the target: %s\n", S_span(c, tgt->b, tgt->e, b1, sizeof b1));
        }
    }
    /* still no actor as target: the first actor named in the rest of the verb's clause (the owner
     * of the object, the actor of a threat's condition, a purpose clause's object); not for
     * statements, which keep their own rules, nor for TABARI/PETRARCH verbs */
    const char *pat_code = dict_s(c->dict, best_pat->code);
    if ((!tgt || !tgt->ncodes) && !verb->foreign && strncmp(pat_code, "01", 2) && strncmp(pat_code, "02", 2) &&
        !(src && src->ncodes > 1 && S_reciprocal(pat_code))) {
        const char *ec = refusal ? pat_code : threat ? S_threat_code(pat_code) : g->future || intent ? S_future_code(pat_code) : pat_code;
        int a = g->passive ? (best.target == -3 || !tgt ? S_subject_owner(p, vg, src) : -1) : S_clause_actor(p, g->vend, src, ec);
        if (a >= 0) {
            tgt = &p->nps[a];
            S_trace(c, "   the first actor named in the rest of the clause is the target: %s\n", S_span(c, tgt->b, tgt->e, b1, sizeof b1));
        }
    }
    if (!src && !(g->passive && tgt)) {
        S_trace(c, "   (not coded: no source actor)\n");
        return true;
    }
    c->code_override = NULL;
    if (refusal) {
        const char *rc = S_refusal_code(dict_s(c->dict, best_pat->code));
        if (!rc) {
            S_trace(c, "   (not coded: refusing %s is no event)\n", dict_s(c->dict, best_pat->code));
            return true;
        }
        c->code_override = dict_find_event_code(c->dict, rc) ? dict_s(c->dict, dict_find_event_code(c->dict, rc)->code) : NULL;
        S_trace(c, "   refusal: %s codes as %s\n", dict_s(c->dict, best_pat->code), rc);
    } else if ((g->future || intent) && !warn_code) {
        const char *pc = dict_s(c->dict, best_pat->code);
        const char *fc = threat ? S_threat_code(pc) : S_future_code(pc);
        if (fc != pc) {
            c->code_override = dict_find_event_code(c->dict, fc) ? dict_s(c->dict, dict_find_event_code(c->dict, fc)->code) : NULL;
            S_trace(c, "   future tense: %s codes as its intent or threat %s\n", pc, fc);
        }
    }
    if (!refusal && S_claimed_own_act(p, vg, subj) && strncmp(dict_s(c->dict, best_pat->code), "01", 2)) {
        /* "the Houthis claimed that they had attacked the airport": the claim of responsibility */
        const dict_event_code *claim = dict_find_event_code(c->dict, "015");
        if (claim) c->code_override = dict_s(c->dict, claim->code);
        S_trace(c, "   claimed by its own author: a claim of responsibility (015)\n");
        if (claim && src && (!tgt || !tgt->ncodes)) {
            /* coded here: as a statement it would wait behind the claim verb's own 010 */
            bool ok = true;
            for (uint32_t a = 0; a < src->ncodes && ok; a++)
                ok = S_emit(c, src->codes[a], "", src->cb[a], src->ce[a], tgt ? tgt->b : 0, tgt ? tgt->e : 0, best_pat);
            c->code_override = NULL;
            return ok;
        }
    }
    np own_place;
    if (S_own_capital_as_place(c, src, tgt, &own_place)) {
        tgt = &own_place;
        S_trace(c, "   (a place of the actor's own country: its country is the target, %s)\n", tgt->codes[0]);
    }
    c->pat_end = best.end ? best.end : g->vend;
    bool ok = S_emit_pairs(c, src, tgt, best_pat);
    c->code_override = NULL;
    return ok;
}

// "X said Y must end its attacks": what a speaker says another must do is a demand (100) on
// that other; 1 when coded so, 0 when the sentence has no such clause, -1 on OOM.
static int S_code_obligation(ctx *c)
{
    const sent_parse *p = c->p;
    const dict_event_code *demand = dict_find_event_code(c->dict, "100");
    if (!demand) return 0;
    /* any verb may follow "must" ("must ensure security"), not only the dictionaries' verbs */
    for (uint32_t i = 1; i + 1 < p->n; i++) {
        if (!tok_is(&p->toks[i], "must")) continue;
        const dyad_token *next = &p->toks[i + 1];
        /* "must not", "must be avoided": a prohibition or a passive, no demand on the subject */
        if (p->cls[i + 1] == W_NEG || tok_is(next, "be") || tok_is(next, "have")) continue;
        /* the subject as the parse reads it when a dictionary verb follows ("the government and
         * the rebels in Darfur must reach"), else the phrase right before "must" */
        int k = -1;
        for (uint32_t vg = 0; vg < p->nvgs && k < 0; vg++)
            if (p->vgs[vg].b <= i && i < p->vgs[vg].v) k = S_subject_of(p, vg, 0);
        uint32_t j = i;
        while (j > 0 && (p->cls[j - 1] == W_ADV || p->cls[j - 1] == W_TIME)) j--;
        if (k < 0 && j > 0) k = p->np_at[j - 1];
        if (k < 0) continue;
        const np *x = &p->nps[k];
        if (x->in_pp || (!x->ncodes && (x->pronoun || !S_contentful(p, x)))) continue;
        /* "Japan said it must...": an obligation the speaker puts on itself is no demand */
        if (x == c->stmt_src || (x->ncodes && c->stmt_src->ncodes && !strcmp(x->codes[0], c->stmt_src->codes[0])))
            continue;
        S_trace(c, "   (the statement says what another must do: a demand)\n");
        c->code_override = dict_s(c->dict, demand->code);
        bool ok = S_emit_pairs(c, c->stmt_src, x, c->stmt_pat);
        c->code_override = NULL;
        return ok ? 1 : -1;
    }
    return 0;
}

// The first phrase after the words of the statement's pattern ("expressed pessimism | that the
// plan...") that names something other than the speaker, within the sentence up to its end or a
// closing quotation; -1 when there is none.
static int S_statement_topic(const sent_parse *p, uint32_t vg, uint32_t from, const np *src)
{
    if (vg >= p->nvgs) return -1;
    if (from < p->vgs[vg].vend || from > p->n) from = p->vgs[vg].vend;
    for (uint32_t i = from; i < p->n; i++) {
        if (p->cls[i] == W_PUNCT || p->cls[i] == W_QUOTE) return -1;
        int x = p->np_at[i];
        if (x < 0) continue;
        const np *y = &p->nps[x];
        i = y->e - 1;
        if (y->pronoun || y->in_pp || !S_contentful(p, y) || p->cls[y->e - 1] == W_TIME || y == src) continue;
        if (y->ncodes && src->ncodes && !strcmp(y->codes[0], src->codes[0])) continue;
        if ((p->toks[y->b].flags & DYAD_TF_DIGIT) && y->e - y->b == 1) continue;
        return x;
    }
    return -1;
}

// True when phrase x, found after a statement's topic, is whom the topic concerns: introduced by
// "to", "with", "against", "on", "toward(s)" or "into" ("sending aid to X", "talks with X",
// "sanctions on X"), but not the addressee of a message ("in a statement sent to the media").
static bool S_concerned_actor(const sent_parse *p, const np *x)
{
    if (x->b < 2) return false;
    const dyad_token *prep = &p->toks[x->b - 1], *before = &p->toks[x->b - 2];
    if (tok_is(prep, "to"))
        return !parse_message_noun(before) && !tok_is(before, "sent") && !tok_is(before, "posted") &&
               !tok_is(before, "said") && !tok_is(before, "told");
    return tok_is(prep, "with") || tok_is(prep, "against") || tok_is(prep, "on") || tok_is(prep, "toward") ||
           tok_is(prep, "towards") || tok_is(prep, "into");
}

/* MARK: entry point */

bool events_code_sentence(dyad_coder *coder, dyad_doc *d, uint32_t s, sent_parse *p, dyad_buf *trace)
{
    /* TABARI dictionaries are coded the way TABARI reads a sentence (tabari.h); dyad's parse
     * is left empty, so the document context (context.c) learns nothing from it */
    if (tabari_active(coder->dict)) {
        p->dict = coder->dict;
        p->toks = d->tokens + d->sentences[s].tok_begin;
        p->n = 0;
        p->nnps = p->nvgs = 0;
        return tabari_code_sentence(coder, d, s, trace);
    }
    const dyad_sentence *se = &d->sentences[s];
    size_t len;
    /* all zero but the two noun phrases (1.2 KB, most of the cost of clearing it): each is
     * copied whole before it is read */
    ctx c;
    _Static_assert(offsetof(ctx, stmt_unknown) == offsetof(ctx, unknown) + sizeof(np) &&
                       offsetof(ctx, vg) == offsetof(ctx, stmt_unknown) + sizeof(np),
                   "ctx: only the two noun phrases may lie between the cleared parts");
    memset(&c, 0, offsetof(ctx, unknown));
    memset(&c.vg, 0, sizeof c - offsetof(ctx, vg));
    c.coder = coder;
    c.doc = d;
    c.dict = coder->dict;
    c.p = p;
    c.sentence = s;
    c.base = se->tok_begin;
    c.text = dyad__doc_text(d, &len);
    c.trace = trace;
    dict_day day = 0;
    if (d->date[0]) day = dict_parse_day(d->date, strlen(d->date), false);
    parse_sentence(p, coder->dict, d->tokens + se->tok_begin, se->tok_end - se->tok_begin, day > 0 ? day : 0);
    S_sole_country(coder->dict, p, c.sole_country);
    if (trace) {
        char b1[256];
        S_trace(&c, "   noun phrases:");
        for (uint32_t k = 0; k < p->nnps; k++) {
            const np *x = &p->nps[k];
            if (!x->ncodes && !trace) continue;
            S_trace(&c, " [%s", S_span(&c, x->b, x->e, b1, sizeof b1));
            for (uint32_t q = 0; q < x->ncodes; q++) S_trace(&c, "%s%s", q ? "," : " = ", x->codes[q]);
            S_trace(&c, "]");
        }
        S_trace(&c, "\n");
    }
    if (p->story_discard) { S_trace(&c, "   (story discarded by a discard phrase)\n"); d->story_discarded = true; return true; }
    if (p->discard) { S_trace(&c, "   (sentence discarded by a discard phrase)\n"); return true; }
    if (d->sentences[s].flags & DYAD_SF_HEADLINE) { S_trace(&c, "   (headline: not coded)\n"); return true; }
    size_t before = d->nevents;
    for (uint32_t vg = 0; vg < p->nvgs; vg++)
        if (!S_code_verb(&c, vg)) return false;
    if (d->nevents != before && c.stmt_src) {
        /* "Russia said that Sudan must return a helicopter that was captured by X": the demand
         * stands beside the events of the other clauses */
        c.vg = c.stmt_vg;
        if (S_code_obligation(&c) < 0) return false;
    } else if (c.stmt_src) {
        c.vg = c.stmt_vg;
        int demand = S_code_obligation(&c);
        if (demand < 0) return false;
        /* what the statement is about: the first phrase of what was said ("said the embassy had
         * conveyed concerns") is reported as the target's words, without a code */
        if (!c.stmt_tgt) {
            int t = S_statement_topic(p, c.stmt_vg, c.stmt_end, c.stmt_src);
            if (t >= 0) c.stmt_tgt = &p->nps[t];
        }
        /* "is considering sending aid to North Korea", "expressed pessimism over talks with the
         * United States": an actor named in the same clause after the topic is whom it concerns */
        if (!demand && c.stmt_tgt && !c.stmt_tgt->ncodes && !c.stmt_src->pronoun) {
            int a = S_first_actor_after(p, c.stmt_tgt->e, c.stmt_src);
            if (a >= 0 && S_concerned_actor(p, &p->nps[a])) {
                S_trace(&c, "   (the statement concerns the actor after its topic)\n");
                c.code_override = NULL;
                return S_emit_pairs(&c, c.stmt_src, &p->nps[a], c.stmt_pat);
            }
        }
        for (uint32_t a = 0; !demand && a < c.stmt_src->ncodes; a++)
            if (!S_emit(&c, c.stmt_src->codes[a], "", c.stmt_src->cb[a], c.stmt_src->ce[a], c.stmt_tgt ? c.stmt_tgt->b : 0,
                        c.stmt_tgt ? c.stmt_tgt->e : 0, c.stmt_pat)) return false;
    }
    return true;
}
