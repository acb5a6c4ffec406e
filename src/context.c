/*
 * context.c — the document context: who "Cho", "the minister" and "they"
 * are, the document's date, and the date and place of each event.
 *
 * The coder reads a document's sentences in order.  Before a sentence's
 * events are assembled, context_resolve gives its unknown phrases the codes
 * the document so far implies:
 *   - a later mention of a person named earlier ("Cho", "Mr. Iwaya"), also
 *     people the dictionaries do not know but the text introduced with a role
 *     ("South Korean Foreign Minister Cho Tae-yul", "Russia's top security
 *     official, Sergei Shoigu");
 *   - pronouns with no antecedent in their own sentence (he, she, it, they),
 *     and those the sentence parse gave one they cannot have (words of a
 *     quotation, a country for "he", the subject of their own clause for
 *     "him");
 *   - definite descriptions: "the minister" (the last person introduced as a
 *     minister, the previous subject first), "the Japanese minister", "the
 *     ministry", "the bloc" (an organisation), "the group" (an armed group),
 *     "the ministers", "the three nations", "both sides" (the last compound
 *     actor);
 *   - titles without a country ("Ministry spokesman Nebiat Getachew") take the
 *     country of the institution the document named with the title's words.
 * After the events, context_learn records the sentence's mentions and people.
 * At the end, context_finish reads the dates, places and quotations of the
 * whole document and gives each event the date and place of its own clause;
 * then event actors coded by a role alone (GOV, JUD, CVL) get the country the
 * sentence, the event's place or the dateline gives them (actor_country.c).
 *
 * Decisions (docs/annotate.md):
 *   - the document date comes from metadata, else --date, else the dateline
 *     (its year from the first full date of the text when the dateline has
 *     none), else the first absolute full date in the first three sentences;
 *   - an event's date is the date expression nearest its verb in the same
 *     clause ("on Friday", "March 3"; a date between two verbs belongs to the
 *     first unless it opens the second clause: ", and on Wednesday Iran
 *     struck"); a verb in the clause after "a day after"
 *     is dated from the clause that contains that phrase; else the document
 *     date.  Dates bounding a period ("since 2014", "until March") are not
 *     event dates.  A month or year is written as its first day, with its
 *     precision;
 *   - an event's place is the locative place nearest its verb in its clause
 *     ("met in Tokyo"), else the dateline's place; a place that is one of the
 *     event's actors only after in/at/near or for a visit or meeting
 *     ("visited Pyongyang"), not as a mere destination ("fired toward Japan").
 *
 * Cost (it may take at most 30% of coding throughput: make bench).  The
 * context reuses what the sentence parse looked up: each token's dictionary
 * word, kept by context_learn, so that the trie walks of place names and
 * namesakes do not look words up again.  Entity codes are looked up once per
 * document (code_memo), people are told apart by a bloom of their name words
 * before their names are read, and the word lists of these modules are hash
 * sets built once (word_set).  Nothing is quadratic in the document: searches
 * stop at the sentence, at LOOKBACK_MENTIONS, or are binary searches of the
 * document's mentions, places and verbs (all in document order).
 */
#include "context.h"
#include "parse.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

// strlen(c) == 3 and strlen(c) > 3 without counting the rest of the code (asked of most phrases' codes).
static inline bool S_len3(const char *c) { return c[0] && c[1] && c[2] && !c[3]; }
static inline bool S_over3(const char *c) { return c[0] && c[1] && c[2] && c[3]; }

/* MARK: vectors */

// Grows *v (elements of size sz) so that one more fits; false when out of memory.
static bool S_reserve(doc_context *x, void **v, size_t *cap, size_t n, size_t sz)
{
    if (n < *cap) return true;
    size_t nc = *cap ? *cap * 2 : 16;
    void *nv = dyad__realloc(&x->alloc, *v, nc * sz);
    if (!nv) { x->failed = true; return false; }
    *v = nv;
    *cap = nc;
    return true;
}

// Copies NUL-terminated code into out (cap bytes), truncating (snprintf is slow in the per-mention path).
static void S_copy_code(char *out, size_t cap, const char *code)
{
    size_t n = strlen(code);
    if (n >= cap) n = cap - 1;
    memcpy(out, code, n);
    out[n] = '\0';
}

#define PUSH(x, vec, n, cap) (S_reserve((x), (void **)&(x)->vec, &(x)->cap, (x)->n, sizeof *(x)->vec) ? &(x)->vec[(x)->n++] : NULL)

// Copies s[0..n) up to a NUL into out (cap bytes), truncating: snprintf's "%.*s" without its cost.
static void S_copy_slice(char *out, size_t cap, const char *s, size_t n)
{
    n = strnlen(s, n);
    if (n >= cap) n = cap - 1;
    memcpy(out, s, n);
    out[n] = '\0';
}

/* MARK: word sets */

void word_set_add(word_set *s, const char *const *list, size_t n, uint32_t bits)
{
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(list[i]);
        uint32_t h = word_set_hash(list[i], len), k = h & (WORD_SET_SLOTS - 1);
        for (; s->slot[k]; k = (k + 1) & (WORD_SET_SLOTS - 1)) {
            const word_set_entry *e = &s->e[s->slot[k] - 1];
            if (e->len == len && !memcmp(e->w, list[i], len)) break;
        }
        if (s->slot[k]) { s->e[s->slot[k] - 1].bits |= bits; continue; }
        if (s->n >= WORD_SET_MAX) { s->full = true; continue; } /* at most half the slots used: probing ends */
        if (len) s->shape[len < 15 ? len : 15][(unsigned char)list[i][0] & 31] |= 1u << ((unsigned char)list[i][len - 1] & 31);
        s->e[s->n] = (word_set_entry){list[i], (uint32_t)len, h, bits};
        s->slot[k] = (uint16_t)++s->n;
    }
}

/* MARK: entity codes */

// The document's memo of the first three letters of code (its entity looked up), or NULL (a code shorter
// than three letters, or a document of more than 128 such codes): the same few codes come back in every
// sentence.
static struct ctx_code_memo *S_code_memo(doc_context *x, const char *code)
{
    if (!code[0] || !code[1] || !code[2]) return NULL;
    uint32_t key = (uint32_t)(uint8_t)code[0] | (uint32_t)(uint8_t)code[1] << 8 | (uint32_t)(uint8_t)code[2] << 16 | 1u << 24;
    const size_t n = sizeof x->code_memo / sizeof *x->code_memo; /* 128: the top 7 bits of a multiplicative hash */
    for (size_t probe = 0, k = (key * 2654435761u) >> 25; probe < n; probe++, k = (k + 1) % n) {
        struct ctx_code_memo *m = &x->code_memo[k];
        if (m->key == key) return m;
        if (m->key) continue;
        m->key = key;
        m->ref = dict_find_code(x->dict, code, 3, DICT_REF_ENTITY);
        m->iso_known = false;
        return m;
    }
    return NULL;
}

// The entity whose code is the first three letters of code (dict_find_code, DICT_REF_ENTITY), or NULL.
static const dict_code_ref *S_entity3(doc_context *x, const char *code)
{
    const struct ctx_code_memo *m = S_code_memo(x, code);
    return m ? m->ref : dict_find_code(x->dict, code, 3, DICT_REF_ENTITY);
}

// The ISO3 code of the country entity e as the gazetteer writes it, or NULL when e is no country.
static const char *S_entity_iso3(const dyad_dict *dict, const dict_code_ref *r)
{
    if (!r) return NULL;
    const dict_entity *e = &DICT_AT(dict, entities, dict_entity, r->id);
    if (e->kind != ENT_COUNTRY || (!e->iso3 && !e->code)) return NULL;
    /* countries.txt writes iso3 only where it differs from the CAMEO code (ROU for RUM) */
    return dict_s(dict, e->iso3 ? e->iso3 : e->code);
}

// The ISO3 code of the country whose code is the first three letters of code, or NULL (remembered too).
static const char *S_country3(doc_context *x, const char *code)
{
    struct ctx_code_memo *m = S_code_memo(x, code);
    if (!m) return S_entity_iso3(x->dict, dict_find_code(x->dict, code, 3, DICT_REF_ENTITY));
    if (!m->iso_known) {
        m->iso = S_entity_iso3(x->dict, m->ref);
        m->iso_known = true;
    }
    return m->iso;
}

/* MARK: lifecycle */

void context_free(doc_context *x)
{
    if (!x) return;
    dyad_alloc a = x->alloc;
    dyad__free(&a, x->mentions);
    dyad__free(&a, x->people);
    dyad__free(&a, x->dates);
    dyad__free(&a, x->places);
    dyad__free(&a, x->quotes);
    dyad__free(&a, x->verbs);
    dyad__free(&a, x->words);
    dyad__free(&a, x->names);
    dyad__free(&a, x->words_ok);
    dyad__free(&a, x);
}

// The year of the first date with a year in the first sentences of the document, or 0.
static int S_year_hint(const dyad_doc *d)
{
    date_ref r[16];
    for (size_t s = 0; s < d->nsentences && s < 6; s++) {
        const dyad_sentence *se = &d->sentences[s];
        size_t n = dates_scan(d->tokens + se->tok_begin, se->tok_end - se->tok_begin, (ymd){0, 0, 0}, r, 16);
        for (size_t i = 0; i < n; i++)
            if (r[i].kind == DREF_POINT && r[i].prec >= DATE_YEAR && !r[i].relative) return r[i].when.y;
    }
    return 0;
}

// The first absolute full date of the first three sentences, or y == 0.
static ymd S_text_date(const dyad_doc *d)
{
    date_ref r[16];
    for (size_t s = 0; s < d->nsentences && s < 3; s++) {
        const dyad_sentence *se = &d->sentences[s];
        size_t n = dates_scan(d->tokens + se->tok_begin, se->tok_end - se->tok_begin, (ymd){0, 0, 0}, r, 16);
        for (size_t i = 0; i < n; i++)
            if (r[i].kind == DREF_POINT && r[i].prec == DATE_DAY && !r[i].relative) return r[i].when;
    }
    return (ymd){0, 0, 0};
}

// Sets the document's date string; false when out of memory.
static bool S_set_doc_date(dyad_doc *d, ymd t)
{
    char buf[16];
    ymd_format(t, buf);
    char *s = dyad__strdup(&d->alloc, buf);
    if (!s) return false;
    dyad__free(&d->alloc, d->date);
    d->date = s;
    return true;
}

// Finds the document date when metadata did not give one: dateline, then text.
static bool S_document_date(doc_context *x, dyad_doc *d, const char *text)
{
    if (x->date_from != DOCDATE_NONE) return ymd_parse_iso(d->date, strlen(d->date), &x->date);
    if (d->has_dateline && d->dateline.date_end > d->dateline.date_start) {
        const char *s = text + d->dateline.date_start;
        size_t n = d->dateline.date_end - d->dateline.date_start;
        ymd t;
        date_prec pr = dates_parse_text(s, n, (ymd){0, 0, 0}, &t);
        if (pr != DATE_DAY) {
            int y = S_year_hint(d);
            /* a dateline without a year is read near the middle of the year the text names */
            if (y) pr = dates_parse_text(s, n, (ymd){y, 7, 1}, &t);
        }
        if (pr == DATE_DAY && ymd_valid(t)) {
            x->date = t;
            x->date_from = DOCDATE_DATELINE;
            return S_set_doc_date(d, t);
        }
    }
    ymd t = S_text_date(d);
    if (t.y && ymd_valid(t)) {
        x->date = t;
        x->date_from = DOCDATE_TEXT;
        return S_set_doc_date(d, t);
    }
    return true;
}

// Sizes the document's word ids for its tokens, none kept yet; false when out of memory.
static bool S_words_begin(doc_context *x, const dyad_doc *d)
{
    if (d->nsentences > x->cap_words_ok) {
        uint8_t *v = dyad__realloc(&x->alloc, x->words_ok, d->nsentences);
        if (!v) return false;
        x->words_ok = v;
        x->cap_words_ok = d->nsentences;
    }
    if (d->nsentences) memset(x->words_ok, 0, d->nsentences);
    if (d->ntokens > x->cap_words) {
        dict_word *v = dyad__realloc(&x->alloc, x->words, d->ntokens * sizeof *v);
        if (!v) return false;
        x->words = v;
        dict_match_t *m = dyad__realloc(&x->alloc, x->names, d->ntokens * sizeof *m);
        if (!m) return false;
        x->names = m;
        x->cap_words = d->ntokens;
    }
    return true;
}

// Grows *v (elements of size sz) to hold at least want elements; false when out of memory.
static bool S_presize(doc_context *x, void **v, size_t *cap, size_t want, size_t sz)
{
    if (want <= *cap) return true;
    void *nv = dyad__realloc(&x->alloc, *v, want * sz);
    if (!nv) return false;
    *v = nv;
    *cap = want;
    return true;
}

// Sizes the vectors a document of d's length usually fills (news: about two mentions and two verb groups a
// sentence), so that they are allocated once instead of doubling from 16; false when out of memory.
static bool S_presize_all(doc_context *x, const dyad_doc *d)
{
    size_t s = d->nsentences;
    return S_presize(x, (void **)&x->mentions, &x->cap_mentions, 2 * s + 16, sizeof *x->mentions) &&
           S_presize(x, (void **)&x->verbs, &x->cap_verbs, 2 * s + 16, sizeof *x->verbs) &&
           S_presize(x, (void **)&x->dates, &x->cap_dates, s / 2 + 16, sizeof *x->dates) &&
           S_presize(x, (void **)&x->places, &x->cap_places, s / 2 + 16, sizeof *x->places);
}

// The dictionary's words of sentence s's tokens when its parse kept them, else NULL.
static const dict_word *S_sentence_words(const doc_context *x, const dyad_doc *d, uint32_t s)
{
    return s < d->nsentences && x->words_ok && x->words_ok[s] ? x->words + d->sentences[s].tok_begin : NULL;
}

static void S_lexicon_ready(void);

doc_context *context_begin(dyad_doc *d, const dyad_dict *dict, const dyad_options *opts)
{
    S_lexicon_ready(); /* once here, not per word (S_lists) */
    doc_context *x = d->context;
    if (!x) {
        x = dyad__malloc(&d->alloc, sizeof *x);
        if (!x) return NULL;
        memset(x, 0, sizeof *x);
        x->alloc = d->alloc;
        d->context = x;
    }
    x->dict = dict;
    x->nmentions = x->npeople = x->ndates = x->nplaces = x->nquotes = 0;
    x->last_single = x->last_group = x->last_subject = -1;
    x->ngroup = x->ngroups = 0;
    x->nverbs = 0;
    x->sentence = x->group_sentence = 0;
    x->dateline_place = -1;
    x->ncountries = 0;
    x->last_person = -1;
    memset(x->code_memo, 0, sizeof x->code_memo);
    if (!S_words_begin(x, d) || !S_presize_all(x, d)) return NULL;
    x->failed = false;
    x->date = (ymd){0, 0, 0};
    x->date_from = DOCDATE_NONE;
    x->tokens = d->tokens;
    if (d->date[0]) x->date_from = d->date_from_option ? DOCDATE_OPTION : DOCDATE_METADATA;
    (void)opts;
    size_t len;
    const char *text = dyad__doc_text(d, &len);
    if (!S_document_date(x, d, text)) return NULL;
    return x;
}

// True when the token's norm is w: tok_is for a w that is not a literal (a list's), first letter first.
static bool S_word_is(const dyad_token *t, const char *w)
{
    return t->norm_len && t->norm[0] == w[0] && tok_is(t, w);
}

/* MARK: word lists */

static const char *const S_particles[] = {"de", "la", "del", "da", "das", "do", "dos", "di", "du", "van", "von",
                                          "der", "den", "ter", "bin", "ibn", "al", "el", "le"};
static const char *const S_he[] = {"he", "she", "him", "her", "his"};
static const char *const S_they[] = {"they", "them", "their"};
static const char *const S_it[] = {"it", "its"};
/* plural head nouns that refer back to a group of actors ("the three nations") */
static const char *const S_group_nouns[] = {"sides", "nations", "countries", "states", "governments", "leaders",
                                            "allies", "neighbours", "neighbors", "ministers",
                                            "delegations", "partners", "officials", "powers", "capitals",
                                            "diplomats", "envoys", "presidents"};
/* ... of them, those that stand for the actors themselves, not for people of a sector */
static const char *const S_country_nouns[] = {"sides", "nations", "countries", "states", "allies", "neighbours",
                                              "neighbors", "partners", "powers", "capitals"};
/* not "parties": "the warring parties" are rarely the compound named last */
/* singular institutions: "the government" is the government named with that word before, never the last
 * person of the sector ("criticised the conference for excluding the government" after a British minister) */
static const char *const S_institution_nouns[] = {"government", "army", "military", "police", "ministry",
                                                  "parliament", "cabinet", "administration", "regime", "junta",
                                                  "navy", "legislature", "court", "judiciary", "authorities"};
/* singular nouns for an organisation named before; not "body", "union" or "coalition": "the body was
 * found", a trade union, a ruling coalition */
static const char *const S_igo_nouns[] = {"bloc", "alliance", "organisation", "organization", "grouping"};
static const char *const S_armed_nouns[] = {"group", "militia", "movement", "faction"};

enum {
    C_PARTICLE = 1 << 0, C_HE = 1 << 1, C_THEY = 1 << 2, C_IT = 1 << 3, C_GROUP_NOUN = 1 << 4,
    C_COUNTRY_NOUN = 1 << 5, C_IGO_NOUN = 1 << 6, C_ARMED_NOUN = 1 << 7, C_INSTITUTION = 1 << 8
};

/* The lists above in one hash set, filled once and read-only after. */
static word_set S_lexicon;
static pthread_once_t S_lexicon_once = PTHREAD_ONCE_INIT;

#define ADD_LIST(list, bit) word_set_add(&S_lexicon, (list), sizeof(list) / sizeof *(list), (bit))

static void S_lexicon_build(void)
{
    ADD_LIST(S_particles, C_PARTICLE);
    ADD_LIST(S_he, C_HE);
    ADD_LIST(S_they, C_THEY);
    ADD_LIST(S_it, C_IT);
    ADD_LIST(S_group_nouns, C_GROUP_NOUN);
    ADD_LIST(S_country_nouns, C_COUNTRY_NOUN);
    ADD_LIST(S_igo_nouns, C_IGO_NOUN);
    ADD_LIST(S_armed_nouns, C_ARMED_NOUN);
    ADD_LIST(S_institution_nouns, C_INSTITUTION);
}

// Builds the lexicon if not yet done.
static void S_lexicon_ready(void) { pthread_once(&S_lexicon_once, S_lexicon_build); }

// The lists (C_* bits) the token's norm is on (context_begin has built the lexicon: every other entry
// point takes the context it made).
static uint32_t S_lists(const dyad_token *t)
{
    return word_set_bits(&S_lexicon, t->norm, t->norm_len);
}

/* MARK: people */

// The length of an Arabic article joined to a name word ("al-Burhan", "el-Sisi"), or 0.
static size_t S_article_len(const char *s, size_t k)
{
    static const char *const art[] = {"al-", "el-", "ad-", "as-", "ash-", "an-", "ar-", "at-", "az-"};
    if (k < 4 || (s[2] != '-' && s[3] != '-')) return 0; /* an article and more: most words stop here */
    for (size_t i = 0; i < sizeof art / sizeof *art; i++) {
        size_t n = strlen(art[i]);
        if (k > n + 1 && !memcmp(s, art[i], n)) return n;
    }
    return 0;
}

// True when token t can be part of a person's name: a capitalised word, or one after an Arabic article.
static bool S_name_word(const dyad_token *t)
{
    return t->kind == DYAD_TOK_WORD && !(t->flags & DYAD_TF_ABBR) && t->norm_len > 1 &&
           ((t->flags & DYAD_TF_CAP) || S_article_len(t->norm, t->norm_len));
}

// True when token t is a lower-case particle inside a name ("de la Fuente", "Lula da Silva", "van der Leyen").
static bool S_name_particle(const dyad_token *t)
{
    if (t->kind != DYAD_TOK_WORD || (t->flags & DYAD_TF_CAP)) return false;
    return S_lists(t) & C_PARTICLE;
}

// True when norm w is one of the words of person pe's name (case-folded); "Burhan" is a word of
// "Abdel Fattah al-Burhan".
static bool S_in_name(const ctx_person *pe, const char *w, size_t n)
{
    const char *s = pe->key;
    while (*s) {
        const char *e = strchr(s, ' ');
        size_t k = e ? (size_t)(e - s) : strlen(s);
        if (k == n && !memcmp(s, w, n)) return true;
        size_t a = S_article_len(s, k);
        if (a && k - a == n && !memcmp(s + a, w, n)) return true;
        if (!e) break;
        s = e + 1;
    }
    return false;
}

// The bit of name word w[0..n) in a person's key_bloom.
static uint64_t S_word_bit(const char *w, size_t n)
{
    return 1ull << (word_set_hash(w, n) & 63);
}

// The key_bloom of a person's key: a bit for each word, also without its Arabic article (as S_in_name reads it).
static uint64_t S_key_bloom(const char *key)
{
    uint64_t b = 0;
    for (const char *s = key; *s;) {
        const char *e = strchr(s, ' ');
        size_t k = e ? (size_t)(e - s) : strlen(s);
        b |= S_word_bit(s, k);
        size_t a = S_article_len(s, k);
        if (a) b |= S_word_bit(s + a, k - a);
        if (!e) break;
        s = e + 1;
    }
    return b;
}

// The number of name words in toks[b, e).
static uint32_t S_name_words(const dyad_token *toks, uint32_t b, uint32_t e)
{
    uint32_t n = 0;
    for (uint32_t i = b; i < e; i++) if (S_name_word(&toks[i])) n++;
    return n;
}

// The number of words of person pe's name.
static uint32_t S_key_words(const ctx_person *pe)
{
    uint32_t n = pe->key[0] != '\0';
    for (const char *s = pe->key; *s; s++) n += *s == ' ';
    return n;
}

// The person whose name contains every name word of toks[b, e); -1 when there is none or when two
// such people have different codes (*ambiguous, may be NULL, then tells the two cases apart:
// "Mr. de la Fuente" after Juan Ramon and Carlos de la Fuente).
static int32_t S_named_person(const doc_context *x, const dyad_token *toks, uint32_t b, uint32_t e, bool *ambiguous)
{
    if (ambiguous) *ambiguous = false;
    if (!x->npeople) return -1; /* before the words are hashed: the document has named no one yet */
    int32_t found = -1;
    uint32_t words = 0;
    uint64_t need = 0; /* the key_bloom bits the person's name must have */
    for (uint32_t i = b; i < e; i++)
        if (S_name_word(&toks[i])) {
            words++;
            need |= S_word_bit(toks[i].norm, toks[i].norm_len);
        }
    if (!words) return -1;
    for (size_t k = 0; k < x->npeople; k++) {
        const ctx_person *pe = &x->people[k];
        if ((pe->key_bloom & need) != need) continue; /* a word is not in the name */
        bool all = true;
        for (uint32_t i = b; i < e && all; i++)
            if (S_name_word(&toks[i]) && !S_in_name(pe, toks[i].norm, toks[i].norm_len)) all = false;
        if (!all) continue;
        if (found >= 0 && strcmp(x->people[found].code, pe->code)) { /* two people, two codes */
            if (ambiguous) *ambiguous = true;
            return -1;
        }
        if (found < 0) found = (int32_t)k;
    }
    return found;
}

static int32_t S_person_of(const doc_context *x, const dyad_token *toks, uint32_t b, uint32_t e)
{
    return S_named_person(x, toks, b, e, NULL);
}

static bool S_ambiguous_name(const doc_context *x, const dyad_token *toks, uint32_t b, uint32_t e)
{
    bool ambiguous;
    S_named_person(x, toks, b, e, &ambiguous);
    return ambiguous;
}

// Adds a person named by document tokens [b, e) with code; returns its index or -1.
static int32_t S_add_person(doc_context *x, const char *text, uint32_t b, uint32_t e, const char *code, bool in_dict,
                            uint32_t mention)
{
    const dyad_token *t = x->tokens;
    int32_t known = S_person_of(x, t, b, e);
    if (known >= 0 && !strcmp(x->people[known].code, code)) return known;
    ctx_person *pe = PUSH(x, people, npeople, cap_people);
    if (!pe) return -1;
    memset(pe, 0, sizeof *pe);
    size_t from = t[b].start, to = t[e - 1].start + t[e - 1].len;
    S_copy_slice(pe->name, sizeof pe->name, text + from, to - from);
    size_t kl = 0;
    for (uint32_t i = b; i < e; i++) {
        if (!S_name_word(&t[i]) || kl + t[i].norm_len + 2 > sizeof pe->key) continue;
        if (kl) pe->key[kl++] = ' ';
        memcpy(pe->key + kl, t[i].norm, t[i].norm_len);
        kl += t[i].norm_len;
    }
    pe->key[kl] = '\0';
    pe->key_bloom = S_key_bloom(pe->key);
    S_copy_code(pe->code, sizeof pe->code, code);
    pe->first = mention;
    pe->in_dict = in_dict;
    return (int32_t)(x->npeople - 1);
}

/* MARK: resolving a sentence */

// The pronoun class of a one-token NP: 1 singular person, 2 plural, 3 "it", 0 none.
static int S_pronoun_kind(const dyad_token *t)
{
    uint32_t lists = S_lists(t);
    return lists & C_HE ? 1 : lists & C_THEY ? 2 : lists & C_IT ? 3 : 0;
}

// True when a plural head noun refers back to a group of actors ("the three nations").
static bool S_group_noun(const dyad_token *t)
{
    return S_lists(t) & C_GROUP_NOUN;
}

// The entity kind a singular noun for an organisation refers back to ("the bloc": ENT_IGO, "the group":
// ENT_GROUP), or -1.
static int S_organisation_noun(const dyad_token *t)
{
    uint32_t lists = S_lists(t);
    return lists & C_IGO_NOUN ? ENT_IGO : lists & C_ARMED_NOUN ? ENT_GROUP : -1;
}

/* How far back (in mentions) a definite description looks for what it refers to: a few paragraphs,
 * and a bound on the work per phrase in a document of thousands of sentences. */
#define LOOKBACK_MENTIONS 256

// The index below which mentions are too far back for a definite description.
static size_t S_lookback_floor(const doc_context *x)
{
    return x->nmentions > LOOKBACK_MENTIONS ? x->nmentions - LOOKBACK_MENTIONS : 0;
}

// True when mention m is a name after in/at/near ("met in Brussels"): a place, whatever its code says.
static bool S_locative_mention(const doc_context *x, const ctx_mention *m)
{
    if (m->tb == 0 || x->tokens[m->tb - 1].sentence != x->tokens[m->tb].sentence) return false;
    const dyad_token *t = &x->tokens[m->tb - 1];
    return tok_is(t, "in") || tok_is(t, "at") || tok_is(t, "near");
}

// The length of the longest leading part of code (in steps of three letters) that is an entity's code,
// its kind in *kind; 0 when none ("IGOWSTNATGOV": 9, NATO's).
static size_t S_entity_part(doc_context *x, const char *code, int *kind)
{
    for (size_t n = strlen(code) / 3 * 3; n >= 3; n -= 3) {
        const dict_code_ref *r = n == 3 ? S_entity3(x, code) : dict_find_code(x->dict, code, n, DICT_REF_ENTITY);
        if (r) { *kind = DICT_AT(x->dict, entities, dict_entity, r->id).kind; return n; }
    }
    return 0;
}

// The last mention of an entity of that kind, not a place, or -1; the length of its entity code in *len.
static int32_t S_last_of_kind(doc_context *x, int kind, size_t *len)
{
    for (size_t i = x->nmentions; i > S_lookback_floor(x); i--) {
        int k = -1;
        *len = S_entity_part(x, x->mentions[i - 1].code, &k);
        if (*len && k == kind && !S_locative_mention(x, &x->mentions[i - 1])) return (int32_t)(i - 1);
    }
    return -1;
}

// True when a plural group noun stands for the actors themselves, not for people of a sector.
static bool S_country_noun(const dyad_token *t)
{
    return S_lists(t) & C_COUNTRY_NOUN;
}

// The number a phrase names ("the three nations", "both sides", "the 27 member states"), or 0.
static uint32_t S_count_word(const sent_parse *p, const np *y)
{
    static const char *const w[] = {"", "one", "two", "three", "four", "five", "six", "seven", "eight"};
    for (uint32_t i = y->b; i < y->e; i++) {
        const dyad_token *t = &p->toks[i];
        if (tok_is(t, "both")) return 2;
        for (uint32_t k = 2; k < 9; k++) if (S_word_is(t, w[k])) return k;
        if (t->kind == DYAD_TOK_NUMBER && t->norm_len <= 2) return (uint32_t)atoi(t->norm);
    }
    return 0;
}

// The most recent group named at most `age` sentences ago with n actors (any size when n is 0), or NULL.
static const struct ctx_group *S_pick_group(const doc_context *x, uint32_t n, uint32_t age)
{
    for (uint32_t g = 0; g < x->ngroups; g++) {
        const struct ctx_group *c = &x->groups[g];
        if (c->sentence + age < x->sentence) break;
        if (!n || c->n == n) return c;
    }
    return NULL;
}

// Copies the codes of group g into NP y, adding agent to bare country codes.
static void S_copy_group(const struct ctx_group *g, np *y, const char *agent)
{
    y->ncodes = 0;
    for (uint32_t k = 0; k < g->n && y->ncodes < MAX_CODES; k++) {
        const char *c = g->codes[k];
        if (agent && *agent && strlen(c) == 3) snprintf(y->codes[y->ncodes], sizeof y->codes[0], "%s%.32s", c, agent);
        else if (agent && *agent && strlen(c) > 3 && strcmp(c + 3, agent))
            snprintf(y->codes[y->ncodes], sizeof y->codes[0], "%.3s%.32s", c, agent);
        else S_copy_code(y->codes[y->ncodes], sizeof y->codes[0], c);
        y->cb[y->ncodes] = y->b;
        y->ce[y->ncodes] = y->e;
        y->ncodes++;
    }
}

// Gives NP y the code of mention m (its own words stay the text it was read from).
static void S_copy_one(const doc_context *x, np *y, int32_t m)
{
    S_copy_code(y->codes[0], sizeof y->codes[0], x->mentions[m].code);
    y->cb[0] = y->b;
    y->ce[0] = y->e;
    y->ncodes = 1;
}

// True when some token of the NP is an actor (a name), not only an agent word.
static bool S_has_actor_word(const sent_parse *p, const np *y)
{
    for (uint32_t i = y->b; i < y->e; i++) if (p->cls[i] == W_ACTOR) return true;
    return false;
}

// True when NP y starts with "the", "both" or "all" (a definite description).
static bool S_definite(const sent_parse *p, const np *y)
{
    const dyad_token *t = &p->toks[y->b];
    return tok_is(t, "the") || tok_is(t, "both") || tok_is(t, "all");
}


// True when mention m, or the first mention of its person, has the word of token w ("minister").
static bool S_mention_has_word(const doc_context *x, const ctx_mention *m, const dyad_token *w)
{
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t i = m->tb; i < m->te; i++)
            if (x->tokens[i].norm_len == w->norm_len && !memcmp(x->tokens[i].norm, w->norm, w->norm_len)) return true;
        if (m->person < 0 || (size_t)m->person >= x->npeople) break;
        m = &x->mentions[x->people[m->person].first];
    }
    return false;
}

// True when mention m has code (when given) or carries agent, and is a person when persons_only.
static bool S_role_fits(const ctx_mention *m, const char *code, const char *agent, bool persons_only)
{
    if (persons_only && m->person < 0) return false;
    if (code) return !strcmp(m->code, code);
    return S_over3(m->code) && !strcmp(m->code + 3, agent);
}

// What "the minister", "the ministry" or "the Japanese minister" (head noun `head`) refers to: a mention
// of that code or agent introduced with the same noun ("Foreign Minister Musalia Mudavadi" for "the
// minister", not the president he met), the previous sentence's subject first; else the last person of
// that code or agent.  -1 when none.
static int32_t S_role_antecedent(const doc_context *x, const char *code, const char *agent, const dyad_token *head,
                                 bool persons_only, bool fallback)
{
    if (x->last_subject >= 0) {
        const ctx_mention *m = &x->mentions[x->last_subject];
        if (S_role_fits(m, code, agent, persons_only) && S_mention_has_word(x, m, head)) return x->last_subject;
    }
    for (size_t i = x->nmentions; i > S_lookback_floor(x); i--) {
        const ctx_mention *m = &x->mentions[i - 1];
        if (S_role_fits(m, code, agent, persons_only) && S_mention_has_word(x, m, head)) return (int32_t)(i - 1);
    }
    for (size_t i = x->nmentions; i > S_lookback_floor(x) && fallback; i--)
        if (S_role_fits(&x->mentions[i - 1], code, agent, true)) return (int32_t)(i - 1);
    return -1;
}

// True when a word of NP y is an agent (a title or role: "Foreign Minister").
static bool S_has_agent_word(const sent_parse *p, const np *y)
{
    for (uint32_t i = y->b; i < y->e; i++) if (p->cls[i] == W_AGENT) return true;
    return false;
}

// True when NP y has a capitalised word that is not a dictionary word (a name: "the minister Cho").
static bool S_has_name_word(const sent_parse *p, const np *y)
{
    for (uint32_t i = y->b; i < y->e; i++) if (p->cls[i] == W_OTHER && S_name_word(&p->toks[i])) return true;
    return false;
}

// True when NP y is a title and a name the dictionaries do not know: agent words, then capitalised
// words ("General Moussa Salaou Barmou"), coded with the title's sector alone.
static bool S_titled_name(doc_context *x, const sent_parse *p, const np *y)
{
    if (y->pronoun || y->ncodes != 1 || !S_len3(y->codes[0])) return false;
    uint32_t i = y->b;
    while (i < y->e && p->cls[i] == W_AGENT) i++;
    if (i == y->b || i == y->e) return false;
    for (; i < y->e; i++) if (p->cls[i] != W_OTHER || !S_name_word(&p->toks[i])) return false;
    return !S_entity3(x, y->codes[0]);
}

// Resolves NP k of the sentence; records how in x->np_how / np_ante.
static void S_resolve_np(doc_context *x, sent_parse *p, uint32_t k)
{
    np *y = &p->nps[k];
    x->np_how[k] = MENTION_NAME;
    x->np_ante[k] = -1;
    /* "our two countries", "we": the speaker's side, which a quotation's attribution tells, not
     * the last group named */
    if (y->pronoun && !y->ncodes && (tok_is(&p->toks[y->b], "our") || tok_is(&p->toks[y->b], "we") ||
                                     tok_is(&p->toks[y->b], "us")))
        return;
    if (y->pronoun && !y->ncodes) {
        int kind = y->e - y->b == 1 ? S_pronoun_kind(&p->toks[y->b]) : 2;
        /* across sentences a pronoun reaches back at most two sentences, to the subject first */
        const ctx_mention *subj = x->last_subject >= 0 ? &x->mentions[x->last_subject] : NULL;
        bool subj_near = subj && subj->sentence + 2 >= x->sentence;
        const struct ctx_group *g = kind == 2 ? S_pick_group(x, y->e - y->b > 1 ? S_count_word(p, y) : 0, 1) : NULL;
        if (kind == 1) {
            int32_t m = subj_near && subj->person >= 0 ? x->last_subject : x->last_person;
            if (m >= 0 && x->mentions[m].sentence + 2 >= x->sentence) {
                S_copy_one(x, y, m);
                x->np_how[k] = MENTION_PRONOUN;
                x->np_ante[k] = m;
            }
        } else if (g) {
            S_copy_group(g, y, NULL);
            x->np_how[k] = MENTION_PRONOUN;
            x->np_ante[k] = g->first;
        } else if ((kind == 2 || kind == 3) && y->b == 0 && subj && subj->person < 0 && subj->sentence + 1 >= x->sentence) {
            S_copy_one(x, y, x->last_subject);
            x->np_how[k] = MENTION_PRONOUN;
            x->np_ante[k] = x->last_subject;
        }
        return;
    }
    const dyad_token *head = &p->toks[y->e - 1];
    /* "the bloc" (an organisation), "the group" (an armed or political group) named before */
    int kind = !y->ncodes && S_definite(p, y) ? S_organisation_noun(head) : -1;
    if (kind >= 0) {
        size_t len = 0;
        int32_t m = S_last_of_kind(x, kind, &len);
        if (m >= 0) {
            S_copy_one(x, y, m);
            y->codes[0][len] = '\0'; /* "the alliance" is NATO, not NATO's defence ministers */
            x->np_how[k] = MENTION_DEFINITE;
            x->np_ante[k] = m;
        }
        return;
    }
    /* "the three nations", "both sides": a group named in the last few sentences, of that size if said */
    if (!y->ncodes && S_definite(p, y) && S_group_noun(head)) {
        uint32_t n = S_count_word(p, y);
        const struct ctx_group *g = S_pick_group(x, n, n ? UINT32_MAX / 2 : 5);
        if (g) {
            S_copy_group(g, y, NULL);
            x->np_how[k] = MENTION_DEFINITE;
            x->np_ante[k] = g->first;
        }
        return;
    }
    /* "the ministers" (GOV), "the minister": an agent alone refers back */
    if (y->ncodes == 1 && S_len3(y->codes[0]) && S_definite(p, y) && !S_has_actor_word(p, y) &&
        !S_entity3(x, y->codes[0])) {
        bool plural = head->norm_len > 3 && head->norm[head->norm_len - 1] == 's' && head->norm[head->norm_len - 2] != 's';
        char agent[8];
        S_copy_code(agent, sizeof agent, y->codes[0]);
        uint32_t n = S_count_word(p, y);
        const struct ctx_group *g = plural && S_group_noun(head) ? S_pick_group(x, n, n ? UINT32_MAX / 2 : 5) : NULL;
        if (g) {
            /* "the neighbours", "the allies" are the countries themselves, whatever sector the word has */
            S_copy_group(g, y, S_country_noun(head) ? NULL : agent);
            x->np_how[k] = MENTION_DEFINITE;
            x->np_ante[k] = g->first;
        } else if (!plural && p->cls[y->e - 1] == W_AGENT && y->e - y->b <= 3) {
            /* "the minister", "the new president"; not "the formation of a rival government" */
            int32_t m = S_role_antecedent(x, NULL, agent, head, false, !(S_lists(head) & C_INSTITUTION));
            if (m >= 0) { S_copy_one(x, y, m); x->np_how[k] = MENTION_DEFINITE; x->np_ante[k] = m; }
        }
        return;
    }
    /* "the Japanese minister", "the Ugandan leader": already coded, but the person named before */
    if (y->ncodes == 1 && S_over3(y->codes[0]) && S_definite(p, y) && p->cls[y->e - 1] == W_AGENT &&
        !S_has_name_word(p, y)) {
        int32_t m = S_role_antecedent(x, y->codes[0], NULL, head, true, true);
        if (m >= 0) { x->np_how[k] = MENTION_DEFINITE; x->np_ante[k] = m; }
        return;
    }
    /* "Ministry spokesman Nebiat Getachew" after "Ethiopia's foreign ministry": a title without a country
     * takes the country of the institution the document named with one of the title's words */
    if (S_titled_name(x, p, y)) {
        for (uint32_t i = y->b; i < y->e && p->cls[i] == W_AGENT; i++) {
            /* only an institution's word says whose it is ("Ministry spokesman"); a personal title
             * ("Communications Minister") is shared by every government in the story */
            if (!(S_lists(&p->toks[i]) & C_INSTITUTION)) continue;
            int32_t m = S_role_antecedent(x, NULL, y->codes[0], &p->toks[i], false, false);
            if (m < 0) continue;
            char agent[8];
            S_copy_code(agent, sizeof agent, y->codes[0]);
            snprintf(y->codes[0], sizeof y->codes[0], "%.3s%s", x->mentions[m].code, agent);
            x->np_how[k] = MENTION_ROLE;
            x->np_ante[k] = m;
            return;
        }
        return;
    }
    /* "Mr. de la Fuente" when two de la Fuentes with different codes were named: the dictionary's
     * surname match is a guess the document contradicts */
    if (y->ncodes == 1 && x->npeople >= 2 && !S_has_agent_word(p, y) && S_ambiguous_name(x, p->toks, y->b, y->e)) {
        y->ncodes = 0;
        return;
    }
    /* "Cho", "Mr. Iwaya": a person named earlier */
    if (!y->ncodes) {
        int32_t pe = S_person_of(x, p->toks, y->b, y->e);
        if (pe >= 0) {
            S_copy_code(y->codes[0], sizeof y->codes[0], x->people[pe].code);
            y->cb[0] = y->b;
            y->ce[0] = y->e;
            y->ncodes = 1;
            x->np_how[k] = MENTION_SURNAME;
            x->np_ante[k] = (int32_t)x->people[pe].first;
        }
    }
}

// True when NP y is a bare name: capitalised words only (a determiner-free proper name).
static bool S_bare_name(const sent_parse *p, const np *y)
{
    if (y->ncodes || y->pronoun) return false;
    for (uint32_t i = y->b; i < y->e; i++) if (!S_name_word(&p->toks[i])) return false;
    return true;
}

// The actor match (PH_ACTOR) at sentence token i of p, the sentence cut at token e.  The parse read the
// DICT_CODE_KINDS match at every token (code_m): where no case check was involved and it ends by e, an
// actor phrase longer than it would have been a longer match of those kinds, so the actor match is it
// when it is empty or holds an actor; else the trie is walked.
static dict_match_t S_actor_match(const sent_parse *p, uint32_t e, uint32_t i)
{
    const dict_match_t *c = &p->code_m[i];
    if (p->code_ok[i] && i + c->ntoks <= e && (!c->ntoks || (c->kinds & (1u << PH_ACTOR)))) return *c;
    const uint32_t want = 1u << PH_ACTOR;
    dict_match_t m;
    dict_match_multi(p->dict, p->toks, p->wid, e, i, &want, 1, &m);
    return m;
}

// True when NP y is exactly the name of a person of the dictionaries ("Sergei Shoigu").
static bool S_dict_person_np(const sent_parse *p, const np *y)
{
    if (y->pronoun || y->ncodes != 1) return false;
    const dict_match_t m = S_actor_match(p, y->e, y->b);
    if (m.ntoks != y->e - y->b) return false;
    for (const dict_payload *q = m.first; q; q = dict_payload_next(p->dict, q))
        if (q->kind == PH_ACTOR && DICT_AT(p->dict, entities, dict_entity, q->id).kind == ENT_PERSON) return true;
    return false;
}

// The NP that states the role in an apposition ending with NP k: k itself, or the phrase a
// preposition attaches k to ("Ethiopia's ambassador to Kenya, Bacha Debele": the ambassador).
static const np *S_role_np(const sent_parse *p, uint32_t k)
{
    const np *a = &p->nps[k];
    if (k > 0 && a->b > 0 && (p->cls[a->b - 1] == W_PREP || p->cls[a->b - 1] == W_TO)) {
        const np *h = &p->nps[k - 1];
        if (h->e + 1 == a->b && h->ncodes == 1 && !h->pronoun && S_over3(h->codes[0])) return h;
    }
    return a;
}

// Appositions: "Russia's top security official, Sergei Shoigu," and "Sergei Shoigu, Russia's ...":
// the unknown name takes the role's code; a person the dictionaries know gives the role its code.
static void S_appositions(doc_context *x, sent_parse *p)
{
    for (uint32_t k = 0; k + 1 < p->nnps; k++) {
        np *a = &p->nps[k], *b = &p->nps[k + 1];
        if (b->b != a->e + 1 || p->cls[a->e] != W_COMMA) continue;
        const np *ra = S_role_np(p, k);
        bool b_name = S_bare_name(p, b) || S_titled_name(x, p, b), a_name = S_bare_name(p, a) || S_titled_name(x, p, a);
        np *name = b_name && ra->ncodes == 1 && !ra->pronoun ? b
                 : a_name && b->ncodes == 1 && !b->pronoun && S_definite(p, b) == false ? a : NULL;
        if (!name) {
            /* "Russia's top security official, Sergei Shoigu,": the person's dated code is the role's */
            np *person = S_dict_person_np(p, b) ? b : S_dict_person_np(p, a) ? a : NULL;
            np *role = person == b ? a : b;
            if (person && role->ncodes == 1 && !role->pronoun && S_over3(role->codes[0]) && !S_has_name_word(p, role) &&
                !strncmp(role->codes[0], person->codes[0], 3))
                S_copy_code(role->codes[0], sizeof role->codes[0], person->codes[0]);
            continue;
        }
        const np *role = name == b ? ra : b;
        S_copy_code(name->codes[0], sizeof name->codes[0], role->codes[0]);
        name->cb[0] = name->b;
        name->ce[0] = name->e;
        name->ncodes = 1;
        x->np_how[name - p->nps] = MENTION_ROLE;
    }
}

// True when the antecedent the sentence parse found in its own sentence for pronoun NP y cannot be
// one: words of a quotation for a pronoun outside it ('"... on North Korea," he said'), a country or
// organisation for "he" or "she", or the subject of the pronoun's own clause for an object ("police
// arrested him" needs "himself").  Such a pronoun is resolved through the document instead.
static bool S_impossible_antecedent(doc_context *x, const sent_parse *p, const np *y)
{
    if (!y->pronoun || !y->ncodes || y->ce[0] > y->b || y->e - y->b != 1) return false;
    const dyad_token *t = &p->toks[y->b];
    int kind = S_pronoun_kind(t);
    uint32_t marks = 0;
    for (uint32_t i = y->ce[0]; i < y->b; i++) marks += p->cls[i] == W_QUOTE;
    if (marks % 2) return true;
    if (kind == 1 && y->ncodes == 1 && S_len3(y->codes[0]) && S_entity3(x, y->codes[0]))
        return true;
    if (!tok_is(t, "him") && !tok_is(t, "her") && !tok_is(t, "them")) return false;
    bool verb = false;
    for (uint32_t i = y->ce[0]; i < y->b; i++) {
        uint8_t c = p->cls[i];
        if (c == W_VERB) verb = true;
        else if (c != W_AUX && c != W_ADV && c != W_NEG && c != W_MODAL) return false;
    }
    return verb;
}

void context_resolve(doc_context *x, sent_parse *p)
{
    if (!x || x->failed) return;
    for (uint32_t k = 0; k < p->nnps; k++)
        if (S_impossible_antecedent(x, p, &p->nps[k])) p->nps[k].ncodes = 0;
    for (uint32_t k = 0; k < p->nnps && k < MAX_NPS; k++) S_resolve_np(x, p, k);
    S_appositions(x, p);
}

/* MARK: learning from a sentence */

// The person entity matched at sentence token i of p cut at n (a dictionary person), its length in *len; else -1.
static int64_t S_dict_person_at(const sent_parse *p, uint32_t n, uint32_t i, size_t *len)
{
    const dyad_dict *dict = p->dict;
    const dict_match_t m = S_actor_match(p, n, i);
    *len = m.ntoks;
    for (const dict_payload *q = m.first; q; q = dict_payload_next(dict, q))
        if (q->kind == PH_ACTOR && DICT_AT(dict, entities, dict_entity, q->id).kind == ENT_PERSON) return q->id;
    return -1;
}

// Finds the person named in conjunct tokens [b, e) of a sentence (document offset base): a dictionary
// person, or trailing unknown capitalised words after a role ("Foreign Minister Cho Tae-yul").
static int32_t S_person_in(doc_context *x, const dyad_doc *d, const sent_parse *p, uint32_t base, uint32_t b,
                           uint32_t e, const char *code, uint32_t mention, uint8_t how)
{
    size_t len;
    const char *text = dyad__doc_text(d, &len);
    for (uint32_t i = b; i < e; i++) {
        size_t ml;
        /* a dictionary person is a capitalised actor match: skip the trie walk elsewhere */
        if (p->cls[i] != W_ACTOR || !S_name_word(&p->toks[i])) continue;
        if (S_dict_person_at(p, e, i, &ml) >= 0 && ml)
            return S_add_person(x, text, base + i, base + i + (uint32_t)ml, code, true, mention);
    }
    if (how == MENTION_ROLE) { /* the name without its title ("General Moussa Salaou Barmou") */
        uint32_t nb = b;
        while (nb + 1 < e && p->cls[nb] != W_OTHER) nb++;
        return S_add_person(x, text, base + nb, base + e, code, false, mention);
    }
    /* the unknown name after a role word: agent or actor words, then capitalised words */
    uint32_t s = e;
    /* particles inside the name, one or two in a row: "Carlos de la Fuente" */
    while (s > b && ((p->cls[s - 1] == W_OTHER && S_name_word(&p->toks[s - 1])) ||
                     (S_name_particle(&p->toks[s - 1]) && s - 1 > b &&
                      (S_name_word(&p->toks[s - 2]) || (S_name_particle(&p->toks[s - 2]) && s - 2 > b &&
                                                        S_name_word(&p->toks[s - 3]))))))
        s--;
    if (s == e || s == b || (p->cls[s - 1] != W_AGENT && p->cls[s - 1] != W_ACTOR)) return -1;
    if (!S_over3(code)) return -1; /* a country alone is not a person's role */
    return S_add_person(x, text, base + s, base + e, code, false, mention);
}

// Starts a new group (the newest of the history) named in the current sentence from mention first.
static void S_group_new(doc_context *x, int32_t first)
{
    memmove(&x->groups[1], &x->groups[0], 7 * sizeof x->groups[0]);
    if (x->ngroups < 8) x->ngroups++;
    x->groups[0].n = 0;
    x->groups[0].sentence = x->sentence;
    x->groups[0].first = first;
    x->last_group = first;
}

// Adds code to the newest group unless it is there.
static void S_group_add(doc_context *x, const char *code)
{
    struct ctx_group *g = &x->groups[0];
    for (uint32_t k = 0; k < g->n; k++) if (!strcmp(g->codes[k], code)) return;
    if (g->n < 8) S_copy_code(g->codes[g->n++], sizeof g->codes[0], code);
}

// "A met B and C": both sides of the sentence's reciprocal events are the group "the ministers" means.
static void S_meeting_group(doc_context *x, const dyad_doc *d, uint32_t s, int32_t first)
{
    bool any = false;
    for (size_t i = d->nevents; i > 0 && d->events[i - 1].sentence >= s; i--) {
        const dyad_event *e = &d->events[i - 1];
        if (e->sentence != s || !(e->flags & DYAD_EF_REVERSE) || !*e->source || !*e->target) continue;
        if (!any) { S_group_new(x, first); any = true; }
        S_group_add(x, e->target);
        S_group_add(x, e->source);
    }
    if (any && x->groups[0].n < 2) { /* not a group after all */
        memmove(&x->groups[0], &x->groups[1], 7 * sizeof x->groups[0]);
        x->ngroups--;
    }
}

// True when code names an actor (a country, organisation, group or person), not a sector alone.
static bool S_names_actor(doc_context *x, const char *code)
{
    return S_over3(code) || S_entity3(x, code) != NULL;
}

// Keeps the dictionary's words of sentence s that its parse looked up, when it parsed all of it.
static void S_keep_words(doc_context *x, const dyad_doc *d, uint32_t s, const sent_parse *p)
{
    const dyad_sentence *se = &d->sentences[s];
    if (s >= x->cap_words_ok || se->tok_end > x->cap_words || p->toks != d->tokens + se->tok_begin ||
        p->n != se->tok_end - se->tok_begin)
        return;
    memcpy(x->words + se->tok_begin, p->wid, p->n * sizeof *p->wid);
    /* whole: only the entries where a place name may start are set, and only those are read */
    memcpy(x->names + se->tok_begin, p->names, p->n * sizeof *p->names);
    x->words_ok[s] = 1;
}

void context_learn(doc_context *x, const dyad_doc *d, uint32_t s, const sent_parse *p)
{
    if (!x || x->failed) return;
    S_keep_words(x, d, s, p);
    uint32_t base = d->sentences[s].tok_begin;
    int32_t first_in_sentence = -1;
    /* the subject: the sentence's first noun phrase outside a prepositional phrase; when it names
     * no actor ("The deepening military ties ..."), a following "they" or "it" is left alone */
    uint32_t subject_np = UINT32_MAX;
    for (uint32_t k = 0; k < p->nnps && subject_np == UINT32_MAX; k++)
        if (!p->nps[k].in_pp) subject_np = k;
    for (uint32_t k = 0; k < p->nnps && k < MAX_NPS; k++) {
        const np *y = &p->nps[k];
        if (!y->ncodes) continue;
        uint8_t how = x->np_how[k];
        int32_t group = -1;
        for (uint32_t c = 0; c < y->ncodes; c++) {
            /* two phrases read from the same words (a pronoun's antecedent copied) are one mention */
            if (x->nmentions && x->mentions[x->nmentions - 1].tb == base + y->cb[c] &&
                x->mentions[x->nmentions - 1].te == base + y->ce[c] && !strcmp(x->mentions[x->nmentions - 1].code, y->codes[c]))
                continue;
            ctx_mention *m = PUSH(x, mentions, nmentions, cap_mentions);
            if (!m) return;
            int32_t mi = (int32_t)(x->nmentions - 1);
            memset(m, 0, sizeof *m);
            m->tb = base + y->cb[c];
            m->te = base + y->ce[c];
            m->sentence = s;
            S_copy_code(m->code, sizeof m->code, y->codes[c]);
            m->how = how;
            m->antecedent = x->np_ante[k];
            m->person = -1;
            if (how == MENTION_NAME || how == MENTION_ROLE) {
                /* "U.S. special envoy for Sudan Tom Perriello": the role is the phrase the name's country attaches to */
                const np *rn = y->ncodes == 1 && !S_over3(m->code) ? S_role_np(p, k) : y;
                const char *pcode = rn != y ? rn->codes[0] : m->code;
                int32_t pe = S_person_in(x, d, p, base, y->cb[c], y->ce[c], pcode, (uint32_t)mi, how);
                m = &x->mentions[mi]; /* S_person_in may not move mentions, but keep the pointer honest */
                m->person = pe;
                /* "Ruto" after "William Ruto": the dictionary knows the bare surname, the document the person */
                if (how == MENTION_NAME && pe >= 0 && x->people[pe].first != (uint32_t)mi &&
                    S_name_words(x->tokens, m->tb, m->te) < S_key_words(&x->people[pe])) {
                    m->how = MENTION_SURNAME;
                    m->antecedent = (int32_t)x->people[pe].first;
                }
            } else if (m->antecedent >= 0 && y->ncodes == 1) {
                m->person = how == MENTION_SURNAME ? S_person_of(x, x->tokens, m->tb, m->te)
                                                   : x->mentions[m->antecedent].person;
            }
            if (m->person >= 0) {
                x->people[m->person].nmentions++;
                x->last_person = mi;
            }
            if (!S_names_actor(x, m->code)) continue; /* "the military ties" (MIL): no antecedent */
            if (group < 0) group = mi;
            if (first_in_sentence < 0 && k == subject_np) first_in_sentence = mi;
        }
        if (y->ncodes > 1 && group >= 0) {
            S_group_new(x, group);
            for (uint32_t c = 0; c < y->ncodes && c < 8; c++) S_group_add(x, y->codes[c]);
        } else if (group >= 0) x->last_single = group;
    }
    x->last_subject = first_in_sentence;
    S_meeting_group(x, d, s, first_in_sentence);
    /* the heads of clauses: a participle describing a noun ("Eritrean positions", "troops
     * deployed there") or an infinitive ("urged X to halt") does not start a clause of its own */
    for (uint32_t v = 0; v < p->nvgs; v++) {
        if (p->vgs[v].reduced || p->vgs[v].infinitive) continue;
        uint32_t *slot = PUSH(x, verbs, nverbs, cap_verbs);
        if (!slot) return;
        *slot = base + p->vgs[v].v;
    }
    x->sentence = s + 1;
}

/* MARK: the whole document: dates, places, quotations */

// Words before a date that make it the bound of a period, not the date of an event.
static bool S_period_bound(const dyad_token *toks, uint32_t tb, uint32_t sent_begin)
{
    if (tb <= sent_begin) return false;
    const dyad_token *t = &toks[tb - 1];
    return tok_is(t, "since") || tok_is(t, "until") || tok_is(t, "till") || tok_is(t, "by") ||
           tok_is(t, "before") || tok_is(t, "after") || tok_is(t, "through") || tok_is(t, "from") ||
           tok_is(t, "to") || tok_is(t, "between") || tok_is(t, "and");
}

// Reads the date expressions of every sentence.
static bool S_scan_dates(doc_context *x, const dyad_doc *d)
{
    date_ref r[32];
    const date_anchor a = dates_anchor(x->date); /* once, not per sentence */
    for (uint32_t s = 0; s < d->nsentences; s++) {
        const dyad_sentence *se = &d->sentences[s];
        size_t n = dates_scan_at(d->tokens + se->tok_begin, se->tok_end - se->tok_begin, &a, r, 32);
        for (size_t i = 0; i < n; i++) {
            ctx_date *cd = PUSH(x, dates, ndates, cap_dates);
            if (!cd) return false;
            cd->r = r[i];
            cd->r.tb += se->tok_begin;
            cd->r.te += se->tok_begin;
            cd->sentence = s;
        }
    }
    return true;
}

// True when mention m is a place name with namesakes in several countries, one of them iso ("Tripoli"
// read as Libya's government): the reading of that name is what the countries decide, not evidence.
static bool S_namesake_metonym(const doc_context *x, const dyad_doc *d, const ctx_mention *m, const char *iso)
{
    if (m->te <= m->tb) return false;
    const dict_word *words = S_sentence_words(x, d, m->sentence);
    const uint32_t want = 1u << PH_PLACE;
    dict_match_t pm;
    dict_match_multi(x->dict, x->tokens + m->tb, words ? x->words + m->tb : NULL, m->te - m->tb, 0, &want, 1, &pm);
    if (pm.ntoks != m->te - m->tb) return false;
    bool own = false, other = false;
    for (const dict_payload *q = pm.first; q && !(own && other); q = dict_payload_next(x->dict, q)) {
        if (q->kind != PH_PLACE || q->id >= x->dict->places.n) continue;
        const char *pc = dict_s(x->dict, DICT_AT(x->dict, places, dict_place, q->id).country);
        if (!strcmp(pc, iso)) own = true;
        else other = true;
    }
    return own && other;
}

bool context_namesake_metonym(const doc_context *x, const dyad_doc *d, const ctx_mention *m, const char *iso)
{
    return x && d && m && iso && S_namesake_metonym(x, d, m, iso);
}

const char *context_country3(doc_context *x, const char *code)
{
    return x && code && code[0] && code[1] && code[2] ? S_country3(x, code) : NULL;
}

// True when mentions a and b are the same words (token by token).
static bool S_same_words(const doc_context *x, const ctx_mention *a, const ctx_mention *b)
{
    if (a->te - a->tb != b->te - b->tb) return false;
    for (uint32_t k = 0; k < a->te - a->tb; k++) {
        const dyad_token *s = &x->tokens[a->tb + k], *t = &x->tokens[b->tb + k];
        if (s->norm_len != t->norm_len || memcmp(s->norm, t->norm, s->norm_len)) return false;
    }
    return true;
}

/* Recent answers of S_namesake_metonym: a document names the same country with the same words again and again. */
typedef struct namesake_answer {
    uint32_t mention;
    const char *iso;
    bool yes;
} namesake_answer;
typedef struct namesake_memo {
    namesake_answer v[8];
    uint32_t n;
} namesake_memo;

// S_namesake_metonym, remembered for the words and country of the last few distinct mentions.
static bool S_namesake_cached(const doc_context *x, const dyad_doc *d, namesake_memo *mm, uint32_t i, const char *iso)
{
    const ctx_mention *m = &x->mentions[i];
    for (uint32_t k = 0; k < mm->n && k < 8; k++)
        if (mm->v[k].iso == iso && S_same_words(x, &x->mentions[mm->v[k].mention], m)) return mm->v[k].yes;
    bool yes = S_namesake_metonym(x, d, m, iso);
    mm->v[mm->n++ % 8] = (namesake_answer){i, iso, yes};
    return yes;
}

// The ISO3 codes of the countries the document's mentions name, most mentioned first (at most max).
static size_t S_doc_countries(doc_context *x, const dyad_doc *d, const char **out, size_t max)
{
    size_t n = 0;
    uint32_t count[16] = {0};
    namesake_memo mm = {.n = 0};
    for (size_t i = 0; i < x->nmentions; i++) {
        const char *c = x->mentions[i].code;
        if (!c[0] || !c[1] || !c[2]) continue; /* shorter than three letters */
        const char *iso = S_country3(x, c);
        if (!iso || S_namesake_cached(x, d, &mm, (uint32_t)i, iso)) continue;
        /* the entries are distinct strings: one that is iso itself is the one, found without reading them */
        size_t k = 0;
        while (k < n && out[k] != iso) k++;
        if (k == n)
            for (k = 0; k < n && (out[k][0] != iso[0] || strcmp(out[k], iso));) k++;
        if (k == n) {
            if (n == max) continue;
            out[n++] = iso;
        }
        count[k]++;
        /* keep the list ordered by count (stable for ties: first mentioned first) */
        while (k > 0 && count[k] > count[k - 1]) {
            uint32_t tc = count[k]; count[k] = count[k - 1]; count[k - 1] = tc;
            const char *ts = out[k]; out[k] = out[k - 1]; out[k - 1] = ts;
            k--;
        }
    }
    return n;
}

// Reads the place names of every sentence and the dateline's place.
static bool S_scan_places(doc_context *x, const dyad_doc *d, const char *text)
{
    const char **countries = x->countries;
    size_t nc = x->ncountries = S_doc_countries(x, d, countries, 16);
    place_ref r[32];
    for (uint32_t s = 0; s < d->nsentences; s++) {
        const dyad_sentence *se = &d->sentences[s];
        const dict_word *words = S_sentence_words(x, d, s);
        size_t n = places_scan_words(x->dict, d->tokens + se->tok_begin, words, words ? x->names + se->tok_begin : NULL,
                                     se->tok_end - se->tok_begin, countries, nc, r, 32);
        for (size_t i = 0; i < n; i++) {
            ctx_place *cp = PUSH(x, places, nplaces, cap_places);
            if (!cp) return false;
            cp->r = r[i];
            cp->r.tb += se->tok_begin;
            cp->r.te += se->tok_begin;
            cp->sentence = s;
        }
    }
    if (d->has_dateline && d->dateline.place_end > d->dateline.place_start)
        x->dateline_place = places_lookup(x->dict, text + d->dateline.place_start,
                                          d->dateline.place_end - d->dateline.place_start, countries, nc);
    return true;
}

// The first mention overlapping document tokens [b, e), or -1.  Mentions come in sentence order and lie
// within their sentence: only those of sentences whose tokens overlap [b, e) are read.
static int32_t S_mention_in(const doc_context *x, const dyad_doc *d, uint32_t b, uint32_t e)
{
    size_t lo = 0, hi = x->nmentions;
    while (lo < hi) { /* the first mention of a sentence ending after b */
        size_t mid = lo + (hi - lo) / 2;
        if (d->sentences[x->mentions[mid].sentence].tok_end <= b) lo = mid + 1;
        else hi = mid;
    }
    for (size_t i = lo; i < x->nmentions && d->sentences[x->mentions[i].sentence].tok_begin < e; i++)
        if (x->mentions[i].tb < e && x->mentions[i].te > b) return (int32_t)i;
    return -1;
}

// Reads the quotations and resolves their speakers.
static bool S_scan_quotes(doc_context *x, const dyad_doc *d, const char *text)
{
    /* most documents: no allocation, and no count of the marks.  A scan stopped by a full buffer is done
       again with room for every quotation the marks can make (the first ones are the same) */
    quote_ref small[48];
    quote_ref *r = small;
    size_t n = quotes_scan(text, d->tokens, d->ntokens, d->sentences, d->nsentences, r, sizeof small / sizeof *small);
    if (n == sizeof small / sizeof *small) {
        size_t marks = 0;
        for (size_t i = 0; i < d->ntokens; i++) if (d->tokens[i].kind == DYAD_TOK_QUOTE) marks++;
        size_t cap = marks + 1; /* an unclosed quotation uses one mark */
        if (cap > n) {
            r = dyad__malloc(&x->alloc, cap * sizeof *r);
            if (!r) { x->failed = true; return false; }
            n = quotes_scan(text, d->tokens, d->ntokens, d->sentences, d->nsentences, r, cap);
        }
    }
    for (size_t i = 0; i < n; i++) {
        ctx_quote *q = PUSH(x, quotes, nquotes, cap_quotes);
        if (!q) {
            if (r != small) dyad__free(&x->alloc, r);
            return false;
        }
        memset(q, 0, sizeof *q);
        q->r = r[i];
        q->mention = q->person = -1;
        if (r[i].same_as >= 0 && (size_t)r[i].same_as < i) {
            const ctx_quote *o = &x->quotes[r[i].same_as];
            S_copy_code(q->code, sizeof q->code, o->code);
            q->mention = o->mention;
            q->person = o->person;
            continue;
        }
        if (r[i].spk_e <= r[i].spk_b) continue;
        int32_t m = S_mention_in(x, d, r[i].spk_b, r[i].spk_e);
        if (m >= 0) {
            S_copy_code(q->code, sizeof q->code, x->mentions[m].code);
            q->mention = m;
            q->person = x->mentions[m].person;
        }
    }
    if (r != small) dyad__free(&x->alloc, r);
    return true;
}

/* MARK: each event's date and place */

// The document token index of the token starting at byte `start` in sentence s, or the sentence's first.
static uint32_t S_token_at(const dyad_doc *d, uint32_t s, size_t start)
{
    const dyad_sentence *se = &d->sentences[s];
    uint32_t lo = se->tok_begin, hi = se->tok_end;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (d->tokens[mid].start < start) lo = mid + 1;
        else hi = mid;
    }
    return lo < se->tok_end ? lo : se->tok_begin;
}

// The index of the first verb group head at or after document token a (verbs are in token order).
static size_t S_first_verb_from(const doc_context *x, uint32_t a)
{
    size_t lo = 0, hi = x->nverbs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x->verbs[mid] < a) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

// True when the head of a verb group other than v lies in document tokens [a, b): a and b are in
// different clauses.
static bool S_verb_between(const doc_context *x, uint32_t v, uint32_t a, uint32_t b)
{
    size_t lo = S_first_verb_from(x, a);
    for (size_t i = lo; i < x->nverbs && x->verbs[i] < b; i++)
        if (x->verbs[i] != v) return true;
    return false;
}

// True when document token i opens a clause: the sentence's first word, or after a comma, a
// semicolon or a conjunction ("..., and on Wednesday Iran struck"), a preposition before it passed over.
static bool S_clause_opener(const dyad_doc *d, uint32_t sb, uint32_t i)
{
    static const char *const preps[] = {"on", "in", "at", "near", "during", "outside", "inside"};
    static const char *const openers[] = {",", ";", "and", "but", "that", "while", "when", "as", "then",
                                          "-", "--", "\u2013", "\u2014"};
    for (size_t k = 0; i > sb && k < sizeof preps / sizeof *preps; k++)
        if (S_word_is(&d->tokens[i - 1], preps[k])) { i--; break; }
    if (i <= sb) return true;
    for (size_t k = 0; k < sizeof openers / sizeof *openers; k++) if (S_word_is(&d->tokens[i - 1], openers[k])) return true;
    return false;
}

// True when tokens [tb, te) of sentence s (a date or place) and verb v are in one clause: no other
// verb between them, and before the verb only when no earlier verb of the sentence claims it ("Israel
// struck X on Monday, and Iran struck Y": Monday is the first strike's).
static bool S_same_clause(const doc_context *x, const dyad_doc *d, uint32_t s, uint32_t v, uint32_t tb, uint32_t te)
{
    if (tb > v) return !S_verb_between(x, v, v + 1, tb);
    if (S_verb_between(x, v, te, v)) return false;
    uint32_t sb = d->sentences[s].tok_begin;
    return !S_verb_between(x, v, sb, tb) || S_clause_opener(d, sb, tb);
}

typedef struct clause_date {
    ymd when;
    uint8_t prec;
    bool from_text;
} clause_date;

// The date point nearest verb token v in its clause, not a period bound; NULL if none.
static const ctx_date *S_nearest_point(const doc_context *x, const dyad_doc *d, uint32_t s, uint32_t v, size_t from,
                                       size_t to)
{
    const ctx_date *best = NULL;
    uint32_t best_dist = UINT32_MAX;
    uint32_t sb = d->sentences[s].tok_begin;
    for (size_t i = from; i < to; i++) {
        const ctx_date *cd = &x->dates[i];
        if (cd->r.kind != DREF_POINT || cd->r.prec == DATE_NONE || S_period_bound(d->tokens, cd->r.tb, sb)) continue;
        if (!S_same_clause(x, d, s, v, cd->r.tb, cd->r.te)) continue;
        uint32_t dist = cd->r.tb > v ? cd->r.tb - v : v - cd->r.te + 1;
        if (dist < best_dist) { best = cd; best_dist = dist; }
    }
    return best;
}

// The date of the clause of verb token v in sentence s (dates [from, to) are the sentence's).
static clause_date S_clause_date(const doc_context *x, const dyad_doc *d, uint32_t s, uint32_t v, size_t from,
                                 size_t to)
{
    clause_date out = {x->date, x->date.y ? DATE_DAY : DATE_NONE, false};
    /* "..., a day after Shoigu held talks": the first verb after a shift, dated from the shift's clause */
    for (size_t i = to; i > from; i--) {
        const ctx_date *sh = &x->dates[i - 1];
        if (sh->r.kind != DREF_SHIFT || sh->r.te > v || S_verb_between(x, v, sh->r.te, v)) continue;
        /* the clause the shift is in: the verb before it */
        size_t k = S_first_verb_from(x, sh->r.tb);
        uint32_t outer = k ? x->verbs[k - 1] : sh->r.tb;
        const ctx_date *base = k && outer >= d->sentences[s].tok_begin ? S_nearest_point(x, d, s, outer, from, to) : NULL;
        ymd b = base ? base->r.when : x->date;
        uint8_t prec = base ? base->r.prec : (x->date.y ? DATE_DAY : DATE_NONE);
        if (prec != DATE_DAY) return (clause_date){b, prec, base != NULL};
        return (clause_date){ymd_from_days(ymd_to_days(b) + sh->r.shift), DATE_DAY, true};
    }
    const ctx_date *p = S_nearest_point(x, d, s, v, from, to);
    /* "later this year", "this month": a period that holds the document date says less than it */
    if (p && p->r.prec < DATE_DAY && x->date.y && p->r.when.y == x->date.y &&
        (p->r.prec == DATE_YEAR || p->r.when.m == x->date.m))
        return out;
    if (p) { out.when = p->r.when; out.prec = p->r.prec; out.from_text = true; }
    return out;
}

// True when a place that is also one of event e's actors is where e happened: after in/at/near ("struck
// targets in Beirut"), or the destination of a visit or meeting (04: "visited Pyongyang"); a mere
// destination of another event ("fired missiles toward Japan") is not.
static bool S_actor_is_venue(const dyad_doc *d, const dyad_event *e, uint32_t tb, uint32_t sb)
{
    if (!strncmp(e->code, "04", 2)) return true;
    if (tb <= sb) return false;
    const dyad_token *t = &d->tokens[tb - 1];
    return tok_is(t, "in") || tok_is(t, "at") || tok_is(t, "near") || tok_is(t, "outside") || tok_is(t, "inside");
}

// The locative place mention nearest verb token v in its clause, or NULL; one of the event's actors only
// where it is the event's venue.
static const ctx_place *S_clause_place(const doc_context *x, const dyad_doc *d, const dyad_event *e, uint32_t s,
                                       uint32_t v)
{
    const ctx_place *best = NULL;
    uint32_t best_dist = UINT32_MAX;
    size_t lo = 0, hi = x->nplaces;
    while (lo < hi) { /* places come in sentence order: the first of sentence s */
        size_t mid = lo + (hi - lo) / 2;
        if (x->places[mid].sentence < s) lo = mid + 1;
        else hi = mid;
    }
    for (size_t i = lo; i < x->nplaces && x->places[i].sentence == s; i++) {
        const ctx_place *cp = &x->places[i];
        if (!cp->r.locative || !S_same_clause(x, d, s, v, cp->r.tb, cp->r.te)) continue;
        size_t a = d->tokens[cp->r.tb].start, b = d->tokens[cp->r.te - 1].start + d->tokens[cp->r.te - 1].len;
        if (((a < e->source_end && b > e->source_start) || (a < e->target_end && b > e->target_start)) &&
            !S_actor_is_venue(d, e, cp->r.tb, d->sentences[s].tok_begin))
            continue;
        uint32_t dist = cp->r.tb > v ? cp->r.tb - v : v - cp->r.te + 1;
        if (dist < best_dist) { best = cp; best_dist = dist; }
    }
    return best;
}

const ctx_place *context_clause_place_ref(const doc_context *x, const dyad_doc *d, const dyad_event *e)
{
    if (e->sentence >= d->nsentences) return NULL;
    return S_clause_place(x, d, e, e->sentence, S_token_at(d, e->sentence, e->verb_start));
}

int64_t context_clause_place(const doc_context *x, const dyad_doc *d, const dyad_event *e)
{
    const ctx_place *cp = context_clause_place_ref(x, d, e);
    return cp ? (int64_t)cp->r.place : -1;
}

bool context_in_clause(const doc_context *x, const dyad_doc *d, const dyad_event *e, uint32_t tb, uint32_t te)
{
    if (e->sentence >= d->nsentences) return false;
    return S_same_clause(x, d, e->sentence, S_token_at(d, e->sentence, e->verb_start), tb, te);
}

/* The last date string made for an event: most events of a document share a date. */
typedef struct date_memo {
    ymd w;
    const char *s;
} date_memo;

// Interns a date string in the document's arena; NULL when out of memory.
static const char *S_date_string(dyad_doc *d, ymd t, uint8_t prec, date_memo *memo)
{
    if (prec == DATE_NONE || !t.y) return "";
    ymd w = t;
    if (prec < DATE_DAY) w.d = 0;
    if (prec < DATE_MONTH) w.m = 0;
    if (memo->s && memo->w.y == w.y && memo->w.m == w.m && memo->w.d == w.d) return memo->s;
    char buf[16];
    ymd_format(w, buf);
    const char *s = d->date;
    if (!d->date || strcmp(buf, d->date)) {
        char *c = dyad_arena_alloc(&d->arena, strlen(buf) + 1);
        if (!c) return NULL;
        strcpy(c, buf);
        s = c;
    }
    memo->w = w;
    memo->s = s;
    return s;
}

// Sets each event's date and place from its clause.
static bool S_date_and_place_events(doc_context *x, dyad_doc *d)
{
    size_t di = 0;
    date_memo memo = {{0, 0, 0}, NULL};
    for (size_t k = 0; k < d->nevents; k++) {
        dyad_event *e = &d->events[k];
        uint32_t s = e->sentence;
        while (di < x->ndates && x->dates[di].sentence < s) di++;
        size_t dj = di;
        while (dj < x->ndates && x->dates[dj].sentence == s) dj++;
        uint32_t v = S_token_at(d, s, e->verb_start);
        clause_date cd = S_clause_date(x, d, s, v, di, dj);
        const char *ds = S_date_string(d, cd.when, cd.prec, &memo);
        if (!ds) return false;
        e->date = ds;
        e->date_precision = *ds ? cd.prec : 0;
        e->date_from = !*ds ? DYAD_DATE_FROM_NONE : cd.from_text ? DYAD_DATE_FROM_TEXT : DYAD_DATE_FROM_DOCUMENT;
        const ctx_place *cp = S_clause_place(x, d, e, s, v);
        int64_t pl = cp ? (int64_t)cp->r.place : x->dateline_place;
        if (pl >= 0 && (size_t)pl < x->dict->places.n) {
            const dict_place *dp = &DICT_AT(x->dict, places, dict_place, pl);
            e->place_name = dict_s(x->dict, dp->name);
            e->place_country = dict_s(x->dict, dp->country);
            e->lat = dp->lat;
            e->lon = dp->lon;
        }
    }
    return true;
}

bool context_finish(doc_context *x, dyad_doc *d)
{
    if (!x) return true;
    if (x->failed) return false;
    size_t len;
    const char *text = dyad__doc_text(d, &len);
    if (!S_scan_dates(x, d) || !S_scan_places(x, d, text) || !S_scan_quotes(x, d, text)) return false;
    return S_date_and_place_events(x, d) && actor_countries_infer(x, d) && !x->failed;
}
