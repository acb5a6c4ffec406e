/*
 * parse.c — the shallow parse of a sentence, without a parser: word classes
 * from closed-class lists and the dictionaries, verb readings decided from
 * their left context, noun phrases chunked with compounds ("South Korea,
 * Japan and China"), appositions ("Shoigu, Russia's top security official,"),
 * "of"-attachments ("the foreign ministers of South Korea") and pronouns, and
 * verb groups with voice, negation and modality.  events.c turns the result
 * into events.
 */
#include "parse.h"
#include "context.h"

#include <pthread.h>
#include <stdio.h>

/* MARK: closed classes */

typedef struct wordclass { const char *w; uint8_t cls; } wordclass;

static const wordclass S_words[] = {
    {"the", W_DET}, {"a", W_DET}, {"an", W_DET}, {"this", W_DET}, {"these", W_DET}, {"those", W_DET},
    {"its", W_DET}, {"their", W_DET}, {"his", W_DET}, {"her", W_DET}, {"our", W_DET}, {"both", W_DET},
    {"all", W_DET}, {"some", W_DET}, {"several", W_DET}, {"many", W_DET}, {"each", W_DET}, {"another", W_DET},
    {"other", W_DET}, {"'s", W_DET}, {"no", W_DET}, {"any", W_DET}, {"more", W_DET}, {"two", W_DET},
    {"of", W_PREP}, {"in", W_PREP}, {"on", W_PREP}, {"at", W_PREP}, {"from", W_PREP}, {"with", W_PREP},
    {"by", W_PREP}, {"for", W_PREP}, {"against", W_PREP}, {"into", W_PREP}, {"over", W_PREP},
    {"about", W_PREP}, {"between", W_PREP}, {"during", W_PREP}, {"near", W_PREP}, {"across", W_PREP},
    {"toward", W_PREP}, {"towards", W_PREP}, {"through", W_PREP}, {"under", W_PREP}, {"amid", W_PREP},
    {"among", W_PREP}, {"without", W_PREP}, {"onto", W_PREP}, {"upon", W_PREP}, {"via", W_PREP},
    {"despite", W_PREP}, {"including", W_PREP}, {"outside", W_PREP}, {"inside", W_PREP}, {"along", W_PREP},
    {"and", W_CONJ}, {"or", W_CONJ}, {"but", W_CONJ}, {"nor", W_CONJ},
    {"is", W_AUX}, {"are", W_AUX}, {"was", W_AUX}, {"were", W_AUX}, {"be", W_AUX}, {"been", W_AUX},
    {"being", W_AUX}, {"am", W_AUX}, {"has", W_AUX}, {"have", W_AUX}, {"had", W_AUX}, {"having", W_AUX},
    {"do", W_AUX}, {"does", W_AUX}, {"did", W_AUX}, {"got", W_AUX}, {"get", W_AUX}, {"gets", W_AUX},
    {"will", W_MODAL}, {"would", W_MODAL}, {"can", W_MODAL}, {"could", W_MODAL}, {"may", W_MODAL},
    {"might", W_MODAL}, {"must", W_MODAL}, {"shall", W_MODAL}, {"should", W_MODAL}, {"ca", W_MODAL},
    {"wo", W_MODAL}, {"'ll", W_MODAL},
    {"not", W_NEG}, {"n't", W_NEG}, {"never", W_NEG},
    {"he", W_PRON}, {"she", W_PRON}, {"it", W_PRON}, {"they", W_PRON}, {"we", W_PRON}, {"i", W_PRON},
    {"you", W_PRON}, {"him", W_PRON}, {"them", W_PRON}, {"us", W_PRON},
    {"who", W_REL}, {"which", W_REL}, {"whom", W_REL}, {"whose", W_REL}, {"that", W_REL},
    {"to", W_TO},
    {"after", W_SUBORD}, {"before", W_SUBORD}, {"when", W_SUBORD}, {"while", W_SUBORD}, {"because", W_SUBORD},
    {"as", W_SUBORD}, {"since", W_SUBORD}, {"although", W_SUBORD}, {"though", W_SUBORD}, {"if", W_SUBORD},
    {"unless", W_SUBORD}, {"whether", W_SUBORD}, {"until", W_SUBORD}, {"where", W_SUBORD},
    {"said", W_SPEECH}, {"says", W_SPEECH}, {"say", W_SPEECH}, {"told", W_SPEECH}, {"added", W_SPEECH},
    {"according", W_SPEECH},
    {"also", W_ADV}, {"again", W_ADV}, {"reportedly", W_ADV}, {"allegedly", W_ADV}, {"jointly", W_ADV},
    {"already", W_ADV}, {"still", W_ADV}, {"just", W_ADV}, {"then", W_ADV}, {"later", W_ADV},
    {"repeatedly", W_ADV}, {"formally", W_ADV}, {"officially", W_ADV}, {"recently", W_ADV}, {"now", W_ADV},
    {"further", W_ADV}, {"once", W_ADV}, {"even", W_ADV}, {"yet", W_ADV}, {"previously", W_ADV},
    /* time words are adverbs here, so they are never taken for an actor or a target */
    {"today", W_TIME}, {"yesterday", W_TIME}, {"tomorrow", W_TIME}, {"tonight", W_TIME}, {"overnight", W_TIME},
    {"monday", W_TIME}, {"tuesday", W_TIME}, {"wednesday", W_TIME}, {"thursday", W_TIME}, {"friday", W_TIME},
    {"saturday", W_TIME}, {"sunday", W_TIME}, {"earlier", W_TIME},
};

/* The closed-class words in an open-addressing hash table, built once per process. */
#define WHASH 1024
static uint16_t S_whash[WHASH]; /* index + 1 into S_words, 0 = empty */
static uint8_t S_wlen[sizeof S_words / sizeof *S_words]; /* the words' lengths */
static pthread_once_t S_wonce = PTHREAD_ONCE_INIT;


// The slot of a word of n >= 1 bytes: a few of its bytes and its length tell the ~170 words apart
// well enough, and cost less than hashing every byte of every token.
static uint32_t S_closed_hash(const char *w, size_t n)
{
    return ((unsigned char)w[0] * 31u + (unsigned char)w[n - 1] * 7u + (unsigned char)w[n / 2] * 3u + (uint32_t)n * 101u) &
           (WHASH - 1);
}

static void S_build_whash(void)
{
    for (size_t i = 0; i < sizeof S_words / sizeof *S_words; i++) {
        S_wlen[i] = (uint8_t)strlen(S_words[i].w);
        uint32_t k = S_closed_hash(S_words[i].w, S_wlen[i]);
        while (S_whash[k]) k = (k + 1) & (WHASH - 1);
        S_whash[k] = (uint16_t)(i + 1);
    }
}

uint8_t parse_closed_word(const char *w, size_t n)
{
    if (n == 0 || n > 10) return W_OTHER;
    pthread_once(&S_wonce, S_build_whash);
    for (uint32_t k = S_closed_hash(w, n); S_whash[k]; k = (k + 1) & (WHASH - 1)) {
        const uint32_t at = S_whash[k] - 1u;
        if (S_wlen[at] == n && memcmp(S_words[at].w, w, n) == 0) return S_words[at].cls;
    }
    return W_OTHER;
}

// Returns the closed class of a token, or W_OTHER; wid is its word (dict_word_lookup), whose
// closed class the word table has when the dictionaries know the word.
static inline uint8_t S_closed_class(const dyad_token *t, dict_word wid)
{
    if (t->kind != DYAD_TOK_WORD) {
        if (t->kind == DYAD_TOK_PUNCT) return t->norm[0] == ',' ? W_COMMA : W_PUNCT;
        if (t->kind == DYAD_TOK_QUOTE) return W_QUOTE;
        if (t->kind == DYAD_TOK_DASH || t->kind == DYAD_TOK_ELLIPSIS) return W_PUNCT;
        return W_OTHER;
    }
    uint8_t c = wid.closed ? (uint8_t)(wid.closed - 1u) : parse_closed_word(t->norm, t->norm_len);
    if (c != W_OTHER) return c;
    if (t->norm_len > 4 && memcmp(t->norm + t->norm_len - 2, "ly", 2) == 0 && (t->flags & DYAD_TF_LOWER)) return W_ADV;
    return W_OTHER;
}

// "Newly appointed Prime Minister X", "Recently elected ...": an -ly adverb opening the sentence is
// capitalised, so the closed classes (lower-case -ly words) miss it; before a participle it is one.
static bool S_past_form(const dyad_token *t);
static void S_opening_adverb(sent_parse *p)
{
    if (p->n < 2 || p->cls[0] != W_OTHER) return;
    const dyad_token *t = &p->toks[0];
    if (t->kind != DYAD_TOK_WORD || t->norm_len <= 4 || memcmp(t->norm + t->norm_len - 2, "ly", 2) != 0 ||
        !(p->toks[1].flags & DYAD_TF_LOWER) || !S_past_form(&p->toks[1]))
        return;
    p->cls[0] = W_ADV;
}

// Fixed phrases whose words the closed classes read one by one: "no longer" negates the verb
// after it ("will no longer tolerate"; "no" is otherwise a determiner, which would make the verb
// a noun); "out of" is a preposition ("drove the rebels out of the town": "out" does not join the
// phrase before it); "up to" before a number gives an amount ("allow up to 13,000 refugees").
static void S_fixed_phrases(sent_parse *p)
{
    for (uint32_t i = 0; i + 1 < p->n; i++) {
        const dyad_token *t = &p->toks[i], *u = &p->toks[i + 1];
        if (tok_is(t, "no") && tok_is(u, "longer")) { p->cls[i] = W_NEG; p->cls[i + 1] = W_ADV; }
        else if (tok_is(t, "out") && tok_is(u, "of") && p->cls[i] == W_OTHER) p->cls[i] = W_PREP;
        else if (tok_is(t, "up") && tok_is(u, "to") && i + 2 < p->n && (p->toks[i + 2].flags & DYAD_TF_DIGIT)) {
            p->cls[i] = W_ADV;
            p->cls[i + 1] = W_ADV;
        }
    }
}

// The -ly rule of the closed classes takes "rally", "supply", "apply", "reply" for adverbs: a
// word that is the base form of a verb ending in -ly is none after a determiner ("a rally by the
// group"), nor between words that are no verbs ("thousands rally in"). Adverbs that open a
// multi-word verb pattern stay adverbs next to a verb ("sexually abused", "stated publicly").
static bool S_base_form(const sent_parse *p, uint32_t i);
static void S_ly_verbs(sent_parse *p)
{
    for (uint32_t i = 0; i < p->n; i++) {
        if (p->cls[i] != W_ADV || !p->verbs_of[i] || p->toks[i].norm_len <= 2 ||
            memcmp(p->toks[i].norm + p->toks[i].norm_len - 2, "ly", 2) || !S_base_form(p, i))
            continue;
        bool after_det = i > 0 && p->cls[i - 1] == W_DET;
        bool verb_near = (i + 1 < p->n && p->verbs_of[i + 1]) ||
                         (i > 0 && (p->verbs_of[i - 1] || (p->cls[i - 1] != W_OTHER && p->cls[i - 1] != W_AGENT &&
                                                           p->cls[i - 1] != W_ACTOR && p->cls[i - 1] != W_NOUN)));
        if (after_det || !verb_near) p->cls[i] = W_OTHER;
    }
}

/* MARK: dictionary pass */

// Marks actor, agent, verb and discard matches of the dictionaries on the sentence.
static void S_dictionary_pass(sent_parse *p)
{
    const uint32_t actorish = (1u << PH_ACTOR) | (1u << PH_ADJ) | (1u << PH_GOV) | (1u << PH_MIL);
    const uint32_t want = actorish | (1u << PH_AGENT) | (1u << PH_DISCARD) | (1u << PH_STORY_DISCARD) |
                          (1u << PH_NOUN) | (1u << PH_NULL);
    /* each token's word id once (parse_sentence), then one walk of the trie per token for both
     * readings: the verb at every token, the other phrases where no earlier phrase covers the token */
    /* the synonym-set readings too, for the pattern matcher (events.c) */
    /* and the actor-coding reading (dict_code_words) at every token, for the noun phrases: the same
     * walk answers it, and where no case check was involved, for every phrase holding the match */
    /* and where a place name may start, the match of any kind (mask 0) that the document's places
     * read (places.c): the walk is the same, and its nodes are in the cache now, not later */
    const uint32_t wants[2][5] = {{1u << PH_VERB, 1u << PH_SYNSET, DICT_CODE_KINDS, want, 0},
                                  {1u << PH_VERB, 1u << PH_SYNSET, DICT_CODE_KINDS, 0, 0}};
    uint32_t next = 0; /* first token after the last phrase read */
    for (uint32_t i = 0; i < p->n; i++) {
        dict_match_t mm[5];
        /* places are read only with the document context (p->dctx) */
        const bool phrase = i >= next, place = p->dctx && places_name_start(p->toks, p->n, i);
        const uint32_t cased = dict_match_cased(p->dict, p->toks, p->wid, p->n, i, wants[!phrase],
                                                3u + phrase + place, mm);
        if (place) p->names[i] = mm[3 + phrase];
        /* the readings come from the node's summary (kinds, first verb): no payload is read */
        const dict_match_t v = mm[0];
        if (v.ntoks && v.ntoks <= 4 && v.verb) { p->verbs_of[i] = v.verb; p->vlen[i] = (uint8_t)v.ntoks; }
        p->syn[i] = mm[1];
        p->code_m[i] = mm[2];
        p->code_ok[i] = !(cased & 4u);
        if (!phrase || !mm[3].ntoks) continue;
        const dict_match_t m = mm[3];
        const uint8_t cls = (m.kinds & actorish) ? W_ACTOR : (m.kinds & (1u << PH_AGENT)) ? W_AGENT : W_NOUN;
        const bool adj = (m.kinds & (1u << PH_ADJ)) != 0;
        if (m.kinds & (1u << PH_DISCARD)) p->discard = true;
        if (m.kinds & (1u << PH_STORY_DISCARD)) p->story_discard = true;
        for (uint32_t k = i; k < i + m.ntoks && k < p->n; k++) {
            uint8_t closed = p->cls[k]; /* still the closed class: phrases of this pass do not overlap */
            /* a closed-class word inside a multi-word name ("Bank of England") stays in the name */
            if (m.ntoks == 1 && closed != W_OTHER && cls == W_NOUN) continue;
            p->cls[k] = cls;
            p->adj[k] = adj && cls == W_ACTOR;
        }
        p->span[i] = (uint8_t)(m.ntoks > 255 ? 255 : m.ntoks);
        next = i + (uint32_t)m.ntoks;
    }
}

/* MARK: verbs */

// Returns the class of the nearest token left of i that is not an adverb or a time phrase
// ("on Monday"), or W_PUNCT at the start.
static uint8_t S_left_class(const sent_parse *p, uint32_t i, uint32_t *at)
{
    while (i > 0) {
        i--;
        if (p->cls[i] == W_TIME) {
            if (i > 0 && p->cls[i - 1] == W_PREP) i--;
            continue;
        }
        if (p->cls[i] != W_ADV) { if (at) *at = i; return p->cls[i]; }
    }
    if (at) *at = UINT32_MAX;
    return W_PUNCT;
}

// True when the word ends like a past participle or simple past.
static bool S_past_form(const dyad_token *t)
{
    return t->norm_len > 3 && ((t->norm[t->norm_len - 2] == 'e' && t->norm[t->norm_len - 1] == 'd') ||
                               (t->norm[t->norm_len - 2] == 'e' && t->norm[t->norm_len - 1] == 'n'));
}

// True when token i is a form of its verb other than the base, -s and -ing forms: an irregular
// past ("met", "held", "paid", "shot").
static bool S_irregular_past(const sent_parse *p, uint32_t i)
{
    if (!p->verbs_of[i]) return false;
    const dyad_token *t = &p->toks[i];
    if (t->norm_len > 3 && t->norm[t->norm_len - 1] == 's') return false;
    if (t->norm_len > 4 && !memcmp(t->norm + t->norm_len - 3, "ing", 3)) return false;
    /* not the base form: strings are interned, so a known word is the root when its id is */
    dict_str root = DICT_AT(p->dict, verbs, dict_verb, p->verbs_of[i] - 1).root;
    if (p->wid[i].id != DICT_NO_WORD) return p->wid[i].id != root;
    const char *r = dict_s(p->dict, root);
    size_t rl = strlen(r);
    return !(t->norm_len == rl && !memcmp(t->norm, r, rl));
}

// True when, walking left over nominal words, a determiner opens the phrase holding token i.
static bool S_after_determiner(const sent_parse *p, uint32_t i)
{
    while (i > 0) {
        i--;
        uint8_t c = p->cls[i];
        if (c == W_DET) return true;
        if (c != W_OTHER && c != W_ACTOR && c != W_AGENT && c != W_NOUN) return false;
        if (p->toks[i].kind != DYAD_TOK_WORD && p->toks[i].kind != DYAD_TOK_NUMBER) return false;
    }
    return false;
}

// Decides which tokens with a verb reading are verbs here, from their left context.
bool parse_message_noun(const dyad_token *t)
{
    static const char *const heads[] = {"statement", "statements", "letter", "letters", "report", "message",
                                        "communique", "communiqué", "declaration", "resolution", "note", "appeal",
                                        "video", "speech", "ultimatum", "warning", "decree", "order", "tweet",
                                        "messages", "videos", "tweets"};
    for (size_t i = 0; i < sizeof heads / sizeof *heads; i++)
        if (tok_is(t, heads[i])) return true;
    return false;
}

bool parse_aspect_verb(const dyad_token *t)
{
    static const char *const aspect[] = {"begin", "begins", "began", "begun", "beginning", "start", "starts", "started",
                                         "starting", "continue", "continues", "continued", "continuing", "resume",
                                         "resumes", "resumed", "resuming", "keep", "keeps", "kept"};
    for (size_t i = 0; i < sizeof aspect / sizeof *aspect; i++)
        if (tok_is(t, aspect[i])) return true;
    return false;
}

// True when t looks like a regular plural or -s form ("sides", "attacks"; not "Swiss", "press").
static bool S_plural_form(const dyad_token *t)
{
    return t->norm_len > 3 && t->norm[t->norm_len - 1] == 's' && t->norm[t->norm_len - 2] != 's';
}

// True when t is a capitalised plural name of a people or group ("Palestinians", "Israelis",
// "Kurds"): a noun, never the adjective of an adjectival actor.
static bool S_plural_name(const dyad_token *t)
{
    return !(t->flags & DYAD_TF_LOWER) && S_plural_form(t) && t->norm_len > 4;
}

// True when token i is the base form of its verb (the verb's root, not an -s, -ing or past form).
static bool S_base_form(const sent_parse *p, uint32_t i)
{
    if (!p->verbs_of[i]) return false;
    dict_str root = DICT_AT(p->dict, verbs, dict_verb, p->verbs_of[i] - 1).root;
    if (p->wid[i].id != DICT_NO_WORD) return p->wid[i].id == root;
    const char *r = dict_s(p->dict, root);
    return tok_is(&p->toks[i], r);
}

// True when token i is a lower-case common word in the singular: not an -s plural, not a word of
// the closed classes nor one of the plurals without -s that name groups of people.
static bool S_singular_common(const sent_parse *p, uint32_t i)
{
    static const char *const plurals[] = {"people", "men", "women", "children", "police", "personnel", "staff",
                                          "youth", "clergy", "military", "public", "media", "army", "government",
                                          "leadership", "opposition", "majority", "minority", "cattle", "data"};
    const dyad_token *t = &p->toks[i];
    if (!(t->flags & DYAD_TF_LOWER) || t->kind != DYAD_TOK_WORD || S_closed_class(t, p->wid[i]) != W_OTHER) return false;
    if (t->norm_len < 3 || t->norm[t->norm_len - 1] == 's' || p->verbs_of[i] || (t->flags & DYAD_TF_DIGIT)) return false;
    if (t->norm_len > 2 && !memcmp(t->norm + t->norm_len - 2, "ly", 2)) return false;
    for (size_t k = 0; k < sizeof plurals / sizeof *plurals; k++) if (tok_is(t, plurals[k])) return false;
    /* "demanded that the regime free the prisoners": after "that" the base form may be a subjunctive */
    while (i > 0) {
        uint8_t c = p->cls[--i];
        if (c == W_REL || c == W_TO) return false;
        if (c != W_OTHER && c != W_DET && c != W_NOUN && c != W_ACTOR && c != W_AGENT) break;
    }
    return true;
}

// True when the actor at token `at`, a modifier, sits in a phrase that an indefinite determiner or a
// determiner and a modifier open ("a key U.S. ally in", "the main Hutu rebel group"): such a
// phrase is no subject by itself ("a U.S." says nothing), so the base or -s form after the actor
// is its head noun, whatever follows.
static bool S_modified_actor_phrase(const sent_parse *p, uint32_t at)
{
    uint32_t i = at;
    while (i > 0 && p->cls[i - 1] == W_ACTOR) i--;
    bool modifier = false;
    /* the pass goes left to right: a modifier with a verb reading ("a close U.S. ally") is W_VERB
     * by now when it was read as one */
    while (i > 0 && p->cls[i - 1] == W_OTHER && (p->toks[i - 1].flags & DYAD_TF_LOWER) &&
           p->toks[i - 1].kind == DYAD_TOK_WORD) {
        i--;
        modifier = true;
    }
    if (i == 0 || p->cls[i - 1] != W_DET) return false;
    const dyad_token *d = &p->toks[i - 1];
    return modifier || tok_is(d, "a") || tok_is(d, "an") || tok_is(d, "another");
}

static void S_verb_pass(sent_parse *p)
{
    for (uint32_t i = 0; i < p->n; i++) {
        if (!p->verbs_of[i]) continue;
        uint8_t c = p->cls[i];
        if (c != W_OTHER && c != W_AGENT && c != W_NOUN && c != W_SPEECH) continue;
        uint32_t at;
        uint8_t left = S_left_class(p, i, &at);
        const dyad_token *t = &p->toks[i];
        /* "According to reports the UK is pushing": an attribution, never a verb, and the word
         * after "according to" is its source, not an infinitive */
        if (tok_is(t, "according") || (i >= 2 && tok_is(&p->toks[i - 1], "to") && tok_is(&p->toks[i - 2], "according")))
            continue;
        /* "the U.N.-backed government", "U.S.-led forces": the second half of a compound adjective
         * the tokenizer split after an abbreviation */
        if (i > 0 && p->toks[i - 1].norm_len && p->toks[i - 1].norm[p->toks[i - 1].norm_len - 1] == '-' &&
            p->toks[i - 1].start + p->toks[i - 1].len == t->start)
            continue;
        /* "has made it clear it will not lift": the complement of "make it" is no verb */
        if (i >= 2 && tok_is(&p->toks[i - 1], "it") &&
            (tok_is(&p->toks[i - 2], "made") || tok_is(&p->toks[i - 2], "make") || tok_is(&p->toks[i - 2], "makes") ||
             tok_is(&p->toks[i - 2], "making")))
            continue;
        bool lower = (t->flags & DYAD_TF_LOWER) != 0;
        bool verbal_left = left == W_AUX || left == W_MODAL || left == W_NEG || left == W_TO || left == W_PRON ||
                           left == W_REL;
        bool nominal_left = left == W_DET || left == W_PREP;
        if (!lower && !(at == UINT32_MAX)) continue;   /* a capitalised word mid-sentence is a name */
        /* "Ousted President Askar Akayev has agreed", "Jailed opposition leader X said": a past
         * participle opening the sentence before a noun describes it */
        if (at == UINT32_MAX && i + 1 < p->n && S_past_form(t) && !S_closed_class(&p->toks[i + 1], p->wid[i + 1]) &&
            p->toks[i + 1].kind == DYAD_TOK_WORD && !tok_is(&p->toks[i + 1], "by"))
            continue;
        /* ... and so does one opening a subordinate clause before an actor ("when suspected Boko
         * Haram terrorists ambushed", "after armed militants stormed") */
        if (left == W_SUBORD && i + 1 < p->n && S_past_form(t) && (p->cls[i + 1] == W_ACTOR || p->cls[i + 1] == W_AGENT))
            continue;
        if (c == W_AGENT && !verbal_left) continue;     /* "forces", "police": nouns unless clearly verbal */
        /* a base or -s form inside a noun phrase opened by a determiner is its head noun:
         * "a U.S. congressional report called", "the ceasefire talks" */
        bool past = S_past_form(t) || S_irregular_past(p, i);
        /* "a statement urging", "a letter calling on": a participle after a message noun */
        bool message = at != UINT32_MAX && t->norm_len > 4 && !memcmp(t->norm + t->norm_len - 3, "ing", 3) &&
                       parse_message_noun(&p->toks[at]);
        /* ... but an -s form after a role or body that a clause or an object follows is its verb:
         * "The Chinese government insists it is", "Nepal's government accepts the demands" */
        bool agent_acts = left == W_AGENT && t->norm_len > 3 && t->norm[t->norm_len - 1] == 's' &&
                          t->norm[t->norm_len - 2] != 's' && i + 1 < p->n &&
                          (tok_is(&p->toks[i + 1], "that") || p->cls[i + 1] == W_DET ||
                           (p->cls[i + 1] == W_PRON && !tok_is(&p->toks[i + 1], "them") && !tok_is(&p->toks[i + 1], "him") &&
                            !tok_is(&p->toks[i + 1], "us")));
        if (!past && !message && !verbal_left && !agent_acts && (left == W_OTHER || left == W_AGENT || left == W_NOUN) &&
            at != UINT32_MAX && (p->toks[at].flags & DYAD_TF_LOWER) && S_after_determiner(p, i))
            continue;
        /* right after a verb it is the object: "held talks", "launched attacks" */
        /* ... except a gerund after "began", "continued", "resumed" ("began withdrawing troops") */
        if ((left == W_VERB || left == W_SPEECH) &&
            !(left == W_VERB && t->norm_len > 4 && !memcmp(t->norm + t->norm_len - 3, "ing", 3) && parse_aspect_verb(&p->toks[at])))
            continue;
        /* a plural-looking -s form after a common word is a noun: "peace talks", "rocket attacks" */
        if (!verbal_left && t->norm_len > 3 && t->norm[t->norm_len - 1] == 's' && t->norm[t->norm_len - 2] != 's' &&
            at != UINT32_MAX && (left == W_OTHER || left == W_NOUN) && (p->toks[at].flags & DYAD_TF_LOWER))
            continue;
        if (nominal_left && !(left == W_PREP && t->norm_len > 4 && !memcmp(t->norm + t->norm_len - 3, "ing", 3))) continue;
        /* after an adjectival actor ("Russian attacks") the word is a noun, unless it is a past form;
         * "the Turkish and Greek sides of the island": a plural before "of" is one too. A plural
         * people's name ("The Palestinians reject") is a subject, not an adjective: the base form
         * after it agrees with it and is its verb */
        bool plural_people = at != UINT32_MAX && S_plural_name(&p->toks[at]) && S_base_form(p, i);
        bool plural_of = S_plural_form(t) && i + 1 < p->n && tok_is(&p->toks[i + 1], "of");
        if (left == W_ACTOR && at != UINT32_MAX && p->adj[at] && !past && !plural_people &&
            ((i + 1 < p->n && p->cls[i + 1] != W_ACTOR && p->cls[i + 1] != W_DET && p->cls[i + 1] != W_PREP) || plural_of))
            continue;
        if (left == W_ACTOR && at != UINT32_MAX && !past && !plural_people && S_modified_actor_phrase(p, at)) continue;
        /* "U.S. border patrol agents abused": a base form between a singular common noun and a
         * noun is a compound's middle word; a singular subject would take the -s form */
        if (left == W_OTHER && !verbal_left && at != UINT32_MAX && S_base_form(p, i) && S_singular_common(p, at) &&
            i + 1 < p->n && (p->toks[i + 1].flags & DYAD_TF_LOWER) &&
            (p->cls[i + 1] == W_AGENT || p->cls[i + 1] == W_NOUN || (p->cls[i + 1] == W_OTHER && !p->verbs_of[i + 1])))
            continue;
        p->cls[i] = W_VERB;
        /* the other words of a multi-word verb ("cordoned off") belong to it */
        for (uint32_t k = 1; k < p->vlen[i] && i + k < p->n; k++) p->cls[i + k] = W_VPART;
    }
}

/* MARK: adjectival agents */

// An agent noun that is also a common adjective of another sense ("a general strike", "the general
// assembly", "an official visit"): before a noun that is no agent it modifies that noun and names
// no one. Its noun reading stays before an agent or actor ("general prosecutor") and as a head
// ("the general said"). Plural heads ("official sources", "official media") stay the agent's.
static void S_adjective_agents(sent_parse *p)
{
    static const char *const adjectival[] = {"general", "official"};
    for (uint32_t i = 0; i + 1 < p->n; i++) {
        const dyad_token *t = &p->toks[i], *h = &p->toks[i + 1];
        if (p->cls[i] != W_AGENT || p->span[i] != 1 || !(t->flags & DYAD_TF_LOWER)) continue;
        bool listed = false;
        for (size_t k = 0; k < sizeof adjectival / sizeof *adjectival; k++) listed |= tok_is(t, adjectival[k]);
        if (!listed || h->kind != DYAD_TOK_WORD || !(h->flags & DYAD_TF_LOWER) || p->cls[i + 1] != W_OTHER) continue;
        if (h->norm_len < 3 || h->norm[h->norm_len - 1] == 's' || tok_is(h, "media") || tok_is(h, "staff")) continue;
        p->cls[i] = W_OTHER;
        p->code_m[i].ntoks = 0; /* the noun phrase's coding reads no agent here */
        p->code_ok[i] = true;
    }
}

/* MARK: noun phrases */

// True when class c can be part of a noun phrase.
static bool S_np_class(uint8_t c)
{
    return c == W_DET || c == W_ACTOR || c == W_AGENT || c == W_NOUN || c == W_OTHER || c == W_PRON;
}

// Computes the actor code(s) of NP tokens [b, e) into the np, one per conjunct given.
static void S_np_code(sent_parse *p, np *x, uint32_t b, uint32_t e)
{
    if (x->ncodes >= MAX_CODES) return;
    char code[64];
    if (dict_code_words(p->dict, p->toks + b, p->wid + b, p->code_m + b, p->code_ok + b, e - b, p->day, code, sizeof code, NULL)) {
        dict_copys(x->codes[x->ncodes], sizeof x->codes[0], code);
        x->cb[x->ncodes] = b;
        x->ce[x->ncodes] = e;
        x->ncodes++;
    }
}

// True when NP tokens [b, e) hold a pronoun or "the two sides"-like phrase.
static bool S_pronoun(const sent_parse *p, uint32_t b, uint32_t e)
{
    if (e - b == 1 && p->cls[b] == W_PRON) return true;
    /* "said his country will not...", "its government": the country of someone named before */
    if (e - b == 2 && (tok_is(&p->toks[b], "his") || tok_is(&p->toks[b], "her") || tok_is(&p->toks[b], "its") ||
                       tok_is(&p->toks[b], "their")) &&
        (tok_is(&p->toks[b + 1], "country") || tok_is(&p->toks[b + 1], "nation") || tok_is(&p->toks[b + 1], "government")))
        return true;
    for (uint32_t i = b; i + 1 < e; i++)
        if ((tok_is(&p->toks[i], "two") || tok_is(&p->toks[i], "both")) &&
            (tok_is(&p->toks[i + 1], "sides") || tok_is(&p->toks[i + 1], "countries") || tok_is(&p->toks[i + 1], "leaders") ||
             tok_is(&p->toks[i + 1], "nations") || tok_is(&p->toks[i + 1], "governments")))
            return true;
    return false;
}

// Empties a noun phrase without clearing all of its 600 bytes (once per phrase, a noticeable
// share of the parse): the first bytes of each code are zeroed, so a code past ncodes still
// reads as the empty string.
static void S_np_clear(np *x)
{
    x->b = x->e = x->ncodes = 0;
#pragma GCC unroll 8 /* eight stores, no loop */
    for (uint32_t k = 0; k < MAX_CODES; k++) memset(x->codes[k], 0, 8);
    memset(x->cb, 0, sizeof x->cb);
    memset(x->ce, 0, sizeof x->ce);
    x->pronoun = x->in_pp = false;
}

// Chunks the sentence into basic noun phrases.
static void S_basic_nps(sent_parse *p)
{
    for (uint32_t i = 0; i < p->n && p->nnps < MAX_NPS;) {
        if (!S_np_class(p->cls[i]) || (p->cls[i] == W_OTHER && p->toks[i].kind != DYAD_TOK_WORD && p->toks[i].kind != DYAD_TOK_NUMBER)) { i++; continue; }
        uint32_t b = i;
        while (i < p->n && S_np_class(p->cls[i]) && (p->cls[i] != W_PRON || i == b) &&
               (p->toks[i].kind == DYAD_TOK_WORD || p->toks[i].kind == DYAD_TOK_NUMBER || p->toks[i].kind == DYAD_TOK_SYMBOL)) {
            if (p->cls[i] == W_PRON && i > b) break;
            /* a determiner after the head starts a new phrase ("in recent years the Taliban") */
            if (i > b && p->cls[i] == W_DET && !tok_is(&p->toks[i], "'s") && p->cls[i - 1] != W_DET) break;
            i += p->span[i] ? p->span[i] : 1;
            if (i > b && p->cls[i - 1] == W_PRON) break;
        }
        if (i > p->n) i = p->n;
        if (i == b) { i++; continue; }
        np *x = &p->nps[p->nnps++];
        S_np_clear(x);
        x->b = b;
        x->e = i;
        x->pronoun = S_pronoun(p, b, i);
        uint8_t left = b ? p->cls[b - 1] : W_PUNCT;
        /* "At least three civilians were killed": "at least" counts, it is no preposition */
        x->in_pp = left == W_PREP && !(tok_is(&p->toks[b - 1], "at") && (tok_is(&p->toks[b], "least") || tok_is(&p->toks[b], "most")));
        /* "About 243,000 refugees have sought refuge", "killed over 50 people": before a number
         * these words give an amount, they introduce no prepositional phrase */
        if (x->in_pp && (p->toks[b].flags & DYAD_TF_DIGIT) &&
            (tok_is(&p->toks[b - 1], "about") || tok_is(&p->toks[b - 1], "over") || tok_is(&p->toks[b - 1], "around") ||
             tok_is(&p->toks[b - 1], "nearly") || tok_is(&p->toks[b - 1], "almost") || tok_is(&p->toks[b - 1], "approximately") ||
             tok_is(&p->toks[b - 1], "roughly")))
            x->in_pp = false;
        if (!x->pronoun) S_np_code(p, x, b, i);
    }
}

// True when t names an envoy ("ambassador", "envoy"): "X's ambassador to Y" is X's.
static bool S_envoy(const dyad_token *t)
{
    static const char *const w[] = {"ambassador", "ambassadors", "envoy", "envoys", "emissary", "consul",
                                    "representative", "delegate", "delegation", "mission", "attache"};
    for (size_t i = 0; i < sizeof w / sizeof *w; i++) if (tok_is(t, w[i])) return true;
    return false;
}

// Merges "AGENT-NP of|in ACTOR-NP" and compounds "A, B and C" into single NPs.
static void S_merge_nps(sent_parse *p)
{
    /* compounds: NP (, NP)* (,)? and|or NP, every conjunct with an actor */
    for (uint32_t k = 0; k + 1 < p->nnps; k++) {
        np *a = &p->nps[k];
        if (!a->ncodes) continue;
        uint32_t last = k;
        bool saw_and = false;
        for (uint32_t j = k + 1; j < p->nnps; j++) {
            const np *c = &p->nps[j];
            uint32_t gap_b = p->nps[j - 1].e, gap_e = c->b;
            if (gap_e <= gap_b || gap_e - gap_b > 2 || !c->ncodes) break;
            bool comma = false, conj = false;
            for (uint32_t t = gap_b; t < gap_e; t++) {
                if (p->cls[t] == W_COMMA) comma = true;
                else if (tok_is(&p->toks[t], "and") || tok_is(&p->toks[t], "or")) conj = true;
                else { comma = conj = false; break; }
            }
            if (!comma && !conj) break;
            last = j;
            if (conj) { saw_and = true; break; }
        }
        if (!saw_and || last == k) continue;
        /* "X attacked Y, and Z condemned it": Y and Z are not one actor */
        uint32_t after = p->nps[last].e;
        bool object_first = a->b > 0 && (p->cls[a->b - 1] == W_VERB ||
                                          (p->cls[a->b - 1] == W_PREP && !tok_is(&p->toks[a->b - 1], "of")));
        if (object_first && after < p->n && (p->cls[after] == W_VERB || p->cls[after] == W_AUX || p->cls[after] == W_MODAL))
            continue;
        /* "Japanese and South Korean lawmakers": a bare adjective shares the last conjunct's agent */
        const np *z = &p->nps[last];
        const char *agent = z->ncodes && strlen(z->codes[0]) > 3 ? z->codes[0] + 3 : NULL;
        for (uint32_t j = k; j < last && agent; j++) {
            np *cj = &p->nps[j];
            bool bare = cj->ncodes == 1 && strlen(cj->codes[0]) == 3;
            for (uint32_t t = cj->b; t < cj->e && bare; t++) bare = p->adj[t] || p->cls[t] == W_DET;
            if (bare) dict_copy(cj->codes[0] + 3, sizeof cj->codes[0] - 3, agent, 40);
        }
        for (uint32_t j = k + 1; j <= last; j++) {
            const np *c = &p->nps[j];
            for (uint32_t q = 0; q < c->ncodes && a->ncodes < MAX_CODES; q++) {
                dict_copys(a->codes[a->ncodes], sizeof a->codes[0], c->codes[q]);
                a->cb[a->ncodes] = c->cb[q];
                a->ce[a->ncodes] = c->ce[q];
                a->ncodes++;
            }
        }
        a->e = p->nps[last].e;
        uint32_t removed = last - k;
        memmove(&p->nps[k + 1], &p->nps[last + 1], (p->nnps - last - 1) * sizeof *a);
        p->nnps -= removed;
    }
    for (uint32_t k = 0; k + 1 < p->nnps; k++) {
        np *a = &p->nps[k];
        np *b = &p->nps[k + 1];
        if (b->b != a->e + 1) continue;
        const dyad_token *mid = &p->toks[a->e];
        /* "US Ambassador to the Philippines MaryKay Carlson": an envoy belongs to the state that sends
         * them; the country after "to" is where they serve, not their code */
        if (tok_is(mid, "to") && a->ncodes == 1 && strlen(a->codes[0]) > 3 && !a->pronoun && !b->pronoun &&
            S_envoy(&p->toks[a->e - 1])) {
            a->ce[0] = b->e;
            a->e = b->e;
            memmove(b, b + 1, (p->nnps - k - 2) * sizeof *b);
            p->nnps--;
            k--;
            continue;
        }
        bool of = tok_is(mid, "of") || tok_is(mid, "in") || tok_is(mid, "for") || tok_is(mid, "from");
        /* "positions of the Palestinian security forces", "the capital of Iraq": the owner is the actor */
        if (of && tok_is(mid, "of") && !a->ncodes && !a->pronoun && b->ncodes && !b->pronoun && b->ncodes <= MAX_CODES) {
            memcpy(a->codes, b->codes, sizeof a->codes);
            memcpy(a->cb, b->cb, sizeof a->cb);
            memcpy(a->ce, b->ce, sizeof a->ce);
            a->ncodes = b->ncodes;
            /* one owner: the actor is read from the whole phrase ("positions of the army") */
            if (a->ncodes == 1) a->cb[0] = a->b;
            a->e = b->e;
            memmove(b, b + 1, (p->nnps - k - 2) * sizeof *b);
            p->nnps--;
            /* "Tens of thousands of students": an uncoded phrase before, joined by another "of",
             * owns this one now that it has an actor, so it is looked at again */
            bool chain = k > 0 && p->nps[k - 1].e + 1 == a->b && tok_is(&p->toks[a->b - 1], "of") &&
                         !p->nps[k - 1].ncodes && !p->nps[k - 1].pronoun;
            k -= chain ? 2 : 1;
            continue;
        }
        /* "the foreign ministers of South Korea, Japan and China": the agent applies to each */
        if (of && a->ncodes == 1 && strlen(a->codes[0]) == 3 && b->ncodes && !b->pronoun) {
            char agent[64];
            dict_copys(agent, sizeof agent, a->codes[0]);
            bool agent_only = true;
            for (uint32_t i = a->b; i < a->e; i++) if (p->cls[i] == W_ACTOR) agent_only = false;
            if (agent_only) {
                a->ncodes = 0;
                /* "opposition supporters in Kampala": after "in" a capital is the place, not the
                 * government it stands for elsewhere (UGAOPP, not UGAGOV) */
                bool place = tok_is(mid, "in");
                for (uint32_t i = b->b; i < b->e && place; i++) place = p->cls[i] == W_ACTOR || p->cls[i] == W_DET;
                for (uint32_t c = 0; c < b->ncodes; c++) {
                    size_t bl = strlen(b->codes[c]);
                    bool metonym = place && bl == 6 && (!strcmp(b->codes[c] + 3, "GOV") || !strcmp(b->codes[c] + 3, "MIL"));
                    char *to = a->codes[a->ncodes];
                    if (bl == 3 || metonym) {
                        size_t w = dict_copy(to, sizeof a->codes[0], b->codes[c], 3);
                        dict_copy(to + w, sizeof a->codes[0] - w, agent, 32);
                    } else dict_copys(to, sizeof a->codes[0], b->codes[c]);
                    /* one owner: the actor is the whole phrase ("the army of Kabul"); after "in"
                     * the place keeps its own words (the document context reads them as a place) */
                    a->cb[a->ncodes] = b->ncodes == 1 && !tok_is(mid, "in") ? a->b : b->cb[c];
                    a->ce[a->ncodes] = b->ce[c];
                    a->ncodes++;
                }
                a->e = b->e;
                memmove(b, b + 1, (p->nnps - k - 2) * sizeof *b);
                p->nnps--;
                k--;
                continue;
            }
        }
    }
}

// True when NP c is only the name of a country or organisation ("Turkey", "the United Nations"):
// actor words and determiners, no role word and no person.
static bool S_bare_name(const sent_parse *p, const np *c)
{
    if (c->ncodes != 1 || strlen(c->codes[0]) != 3) return false;
    for (uint32_t t = c->b; t < c->e; t++)
        if (p->cls[t] != W_ACTOR && p->cls[t] != W_DET) return false;
    return true;
}

// True when NP x is "the two sides", "both countries" and the like: a pair of actors.
static bool S_pair_phrase(const sent_parse *p, const np *x)
{
    for (uint32_t t = x->b; t < x->e; t++)
        if (tok_is(&p->toks[t], "two") || tok_is(&p->toks[t], "both")) return true;
    return false;
}

// Gives pair phrase x the codes of `last`, the nearest actor before it, and of the nearest
// actor before that with another code; false when there is no such second actor.
static bool S_resolve_pair(sent_parse *p, const np *last, np *x)
{
    for (uint32_t j = (uint32_t)(last - p->nps); j > 0; j--) {
        const np *c = &p->nps[j - 1];
        if (!c->ncodes || c->pronoun || !strcmp(c->codes[0], last->codes[0])) continue;
        dict_copys(x->codes[0], sizeof x->codes[0], c->codes[0]);
        x->cb[0] = c->cb[0];
        x->ce[0] = c->ce[0];
        dict_copys(x->codes[1], sizeof x->codes[0], last->codes[0]);
        x->cb[1] = last->cb[0];
        x->ce[1] = last->ce[0];
        x->ncodes = 2;
        return true;
    }
    return false;
}

// Resolves pronoun NPs to the nearest earlier NP with actors (compounds preferred for plurals).
static void S_resolve_pronouns(sent_parse *p)
{
    for (uint32_t k = 0; k < p->nnps; k++) {
        np *x = &p->nps[k];
        if (!x->pronoun) continue;
        bool plural = !(p->cls[x->b] == W_PRON && (tok_is(&p->toks[x->b], "he") || tok_is(&p->toks[x->b], "she") ||
                                                    tok_is(&p->toks[x->b], "it") || tok_is(&p->toks[x->b], "him"))) &&
                      !tok_is(&p->toks[x->b], "his") && !tok_is(&p->toks[x->b], "her") && !tok_is(&p->toks[x->b], "its");
        /* "he", "him", "she": a person, never a bare country or organisation name ("called
         * Erdogan of Turkey and urged him": him is Erdogan, not Turkey) */
        bool person = x->e - x->b == 1 && (tok_is(&p->toks[x->b], "he") || tok_is(&p->toks[x->b], "him") ||
                                            tok_is(&p->toks[x->b], "she"));
        const np *best = NULL;
        for (uint32_t j = k; j > 0; j--) {
            const np *c = &p->nps[j - 1];
            if (!c->ncodes || c->pronoun) continue;
            if (person && S_bare_name(p, c)) continue;
            if (!best) best = c;
            if (plural && c->ncodes > 1) { best = c; break; }
            if (!plural) break;
        }
        if (!best) continue;
        /* "X met Y and the two sides signed": without a compound before, "the two sides" are the
         * last two actors named */
        if (best->ncodes == 1 && S_pair_phrase(p, x) && S_resolve_pair(p, best, x)) continue;
        /* the actor is read from the antecedent: its words are the source or target text */
        for (uint32_t c = 0; c < best->ncodes; c++) {
            dict_copys(x->codes[c], sizeof x->codes[0], best->codes[c]);
            x->cb[c] = best->cb[c];
            x->ce[c] = best->ce[c];
        }
        x->ncodes = best->ncodes;
    }
}

/* MARK: verb groups */

static bool S_is_be(const dyad_token *t)
{
    static const char *const be[] = {"is", "are", "was", "were", "be", "been", "being", "am", "got", "get", "gets"};
    for (size_t i = 0; i < sizeof be / sizeof *be; i++) if (tok_is(t, be[i])) return true;
    return false;
}

// True when the auxiliary nearest the verb at v (past adverbs and negations, not before b) is a
// form of "be": "were hit", "was cut", "has been set up" are passives although the participle is
// spelled like the base form.
static bool S_be_right_before(const sent_parse *p, uint32_t b, uint32_t v)
{
    while (v > b && (p->cls[v - 1] == W_ADV || p->cls[v - 1] == W_NEG || p->cls[v - 1] == W_TIME)) v--;
    return v > b && p->cls[v - 1] == W_AUX && S_is_be(&p->toks[v - 1]);
}

// True when the words before position b read "refused to", "declined to", "rejected", "ruled out":
// a deliberate refusal (CAMEO codes it as a rejection, 12x), unlike "failed to".
static bool S_refusal_frame(const sent_parse *p, uint32_t b)
{
    static const char *const frames[] = {"refuse", "refused", "refuses", "refusing", "decline", "declined",
                                         "declines", "reject", "rejected", "unwilling"};
    if (b < 2 || !tok_is(&p->toks[b - 1], "to")) return false;
    for (size_t i = 0; i < sizeof frames / sizeof *frames; i++)
        if (tok_is(&p->toks[b - 2], frames[i])) return true;
    return b >= 3 && tok_is(&p->toks[b - 2], "out") && tok_is(&p->toks[b - 3], "ruled");
}

// True when the gerund at v opens its clause and the clause reads "V-ing X is (currently) out of
// the question" ("removing the sanctions is out of the question"): the act is ruled out, a refusal.
static bool S_ruled_out_gerund(const sent_parse *p, uint32_t b, uint32_t v)
{
    if (b > 0 && !tok_is(&p->toks[b - 1], "that") && p->cls[b - 1] != W_COMMA) return false;
    static const char *const question[] = {"out", "of", "the", "question"};
    for (uint32_t i = v + 1; i < p->n && i < v + 16; i++) {
        const dyad_token *t = &p->toks[i];
        if (S_is_be(t) || tok_is(t, "remains") || tok_is(t, "remained")) {
            uint32_t j = i + 1;
            while (j < p->n && (p->cls[j] == W_ADV || p->cls[j] == W_TIME)) j++;
            if (j + 4 > p->n) return false;
            for (uint32_t k = 0; k < 4; k++)
                if (!tok_is(&p->toks[j + k], question[k])) return false;
            return true;
        }
        if (p->cls[i] == W_COMMA || p->cls[i] == W_PUNCT || p->cls[i] == W_VERB || p->cls[i] == W_REL ||
            p->cls[i] == W_SUBORD || p->cls[i] == W_QUOTE || p->cls[i] == W_MODAL)
            return false;
    }
    return false;
}

// True when the words before position b read "refused to", "failed to", "declined to", "denied".
static bool S_negating_frame(const sent_parse *p, uint32_t b)
{
    static const char *const frames[] = {"refuse", "refused", "refuses", "refusing", "fail", "failed", "fails",
                                         "decline", "declined", "declines", "reject", "rejected", "deny", "denied",
                                         "denies", "ruled", "unable", "unwilling"};
    if (b >= 2 && tok_is(&p->toks[b - 1], "to")) {
        for (size_t i = 0; i < sizeof frames / sizeof *frames; i++)
            if (tok_is(&p->toks[b - 2], frames[i])) return true;
        if (b >= 3 && tok_is(&p->toks[b - 2], "out") && tok_is(&p->toks[b - 3], "ruled")) return true;
    }
    return false;
}

// True when a conditional or hypothetical opener ("if", "unless") precedes position v in its clause.
static bool S_conditional(const sent_parse *p, uint32_t v)
{
    /* "X may halt its efforts if Y fails, a minister said": the speaker's statement after the
     * comma is no part of the condition */
    bool speech = S_closed_class(&p->toks[v], p->wid[v]) == W_SPEECH;
    for (uint32_t i = v; i > 0; i--) {
        const dyad_token *t = &p->toks[i - 1];
        if (p->cls[i - 1] == W_PUNCT && t->norm[0] != '(') return false;
        if (speech && p->cls[i - 1] == W_COMMA) return false;
        if (tok_is(t, "if") || tok_is(t, "unless") || tok_is(t, "whether")) return true;
    }
    return false;
}

// True when "if" or "unless" opens a clause after token `from` in the same sentence part ("may
// halt mediation efforts among X if cooperation founders"): not past a closing quotation, a
// sentence-internal stop, or "even if" (a concession, no condition).
static bool S_condition_after(const sent_parse *p, uint32_t from)
{
    for (uint32_t i = from; i < p->n; i++) {
        const dyad_token *t = &p->toks[i];
        if (p->cls[i] == W_PUNCT || p->cls[i] == W_QUOTE) return false;
        if ((tok_is(t, "if") || tok_is(t, "unless")) && !(i > 0 && tok_is(&p->toks[i - 1], "even"))) return true;
    }
    return false;
}

static const dyad_dict *d_of(const sent_parse *p) { return p->dict; }

// True when t is a participle that says where a group stands or whom it belongs to ("based in",
// "stationed in", "affiliated with", "linked to"), not what it did.
static bool S_placing_participle(const dyad_token *t)
{
    static const char *const w[] = {"based", "stationed", "deployed", "located", "headquartered", "affiliated",
                                    "linked", "allied", "aligned", "associated", "connected", "tied", "held",
                                    "detained", "jailed", "imprisoned", "exiled", "trapped", "posted"};
    for (size_t i = 0; i < sizeof w / sizeof *w; i++) if (tok_is(t, w[i])) return true;
    return false;
}

// True when a verb follows position i within its clause: the scan stops at punctuation, a comma,
// a subordinator or relative pronoun, and a conjunction that joins verbs.
static bool S_clause_verb_after(const sent_parse *p, uint32_t i)
{
    for (; i < p->n; i++) {
        uint8_t c = p->cls[i];
        /* "soldiers deployed to X to train Y": an infinitive is no clause verb */
        if (c == W_VERB && i > 0 && p->cls[i - 1] == W_TO) return false;
        if (c == W_VERB || c == W_AUX || c == W_MODAL || c == W_SPEECH) return true;
        if (c == W_PUNCT || c == W_COMMA || c == W_SUBORD || c == W_REL || c == W_QUOTE) return false;
        if (c == W_CONJ && i + 1 < p->n && (p->cls[i + 1] == W_VERB || p->cls[i + 1] == W_AUX)) return false;
    }
    return false;
}

// True when the participle at v, after "be", is an adjective of attitude followed by "to" ("Israel
// is opposed to French mediation", "is prepared to lift the ban"): the subject holds the attitude,
// so the verb is active, with the subject as its source.
static bool S_adjective_frame(const sent_parse *p, uint32_t v)
{
    static const char *const w[] = {"opposed", "determined", "prepared", "committed", "resigned", "dedicated",
                                    "inclined", "disposed", "pledged"};
    if (v + 1 >= p->n || !tok_is(&p->toks[v + 1], "to")) return false;
    for (size_t i = 0; i < sizeof w / sizeof *w; i++) if (tok_is(&p->toks[v], w[i])) return true;
    return false;
}

static void S_verb_groups(sent_parse *p)
{
    for (uint32_t v = 0; v < p->n && p->nvgs < MAX_VGS; v++) {
        if (p->cls[v] != W_VERB) continue;
        vgroup *g = &p->vgs[p->nvgs++];
        memset(g, 0, sizeof *g);
        g->v = v;
        g->vend = v + (p->vlen[v] ? p->vlen[v] : 1);
        g->verb = p->verbs_of[v] - 1;
        uint32_t b = v;
        bool be = false;
        while (b > 0) {
            uint8_t c = p->cls[b - 1];
            if (c != W_AUX && c != W_MODAL && c != W_NEG && c != W_ADV && c != W_TIME) break;
            const dyad_token *t = &p->toks[b - 1];
            if (c == W_NEG) g->negated = true;
            if (c == W_MODAL) {
                if (tok_is(t, "will") || tok_is(t, "would") || tok_is(t, "shall") || tok_is(t, "wo") || tok_is(t, "'ll"))
                    g->future = true;
                else /* could, might, may, should, must, can: possibility or obligation, no event */
                    g->hypothetical = true;
            }
            if (S_is_be(t)) be = true;
            b--;
        }
        g->b = b;
        const dyad_token *vt = &p->toks[v];
        bool ing = vt->norm_len > 4 && !memcmp(vt->norm + vt->norm_len - 3, "ing", 3);
        const char *root = dict_s(d_of(p), DICT_AT(d_of(p), verbs, dict_verb, g->verb).root);
        /* be + a form other than the base or -ing: passive ("was attacked", "were met") */
        g->passive = be && !ing && (!tok_is(vt, root) || S_be_right_before(p, b, v));
        /* "is opposed to X": the object follows "to", which the verb's patterns do not hold */
        if (g->passive && S_adjective_frame(p, v)) {
            g->passive = false;
            if (g->vend == v + 1 && v + 2 < p->n && p->cls[v + 2] != W_VERB) g->vend = v + 2;
        }
        /* "were engaged in ethnic cleansing", "is involved in fighting": be + engaged/involved
         * in says what the subject does, an active */
        if (g->passive && g->vend == v + 1 && v + 1 < p->n && tok_is(&p->toks[v + 1], "in") &&
            (tok_is(vt, "engaged") || tok_is(vt, "involved")))
            g->passive = false;
        g->infinitive = b > 0 && p->cls[b - 1] == W_TO;
        /* "a travel ban imposed on X", "an offer made by Y": a participle right after the object
         * of another verb or a prepositional phrase is a reduced relative clause, not a new event */
        if (b == v && !ing && !tok_is(vt, root) && v > 0 && p->np_at[v - 1] >= 0) {
            const np *left_np = &p->nps[p->np_at[v - 1]];
            uint32_t lb = left_np->b;
            while (lb > 0 && p->cls[lb - 1] == W_ADV) lb--;
            bool object = lb > 0 && p->cls[lb - 1] == W_VERB;
            bool then_prep = v + 1 < p->n && (p->cls[v + 1] == W_PREP || p->cls[v + 1] == W_TO);
            /* "A newspaper based in Beirut has violated", "forces backed by Russian warplanes
             * continued": after a subject, a participle of place or affiliation, or one with a
             * "by" agent, describes the subject when the clause's own verb follows */
            g->describes = then_prep && (S_placing_participle(vt) ||
                                         (tok_is(&p->toks[v + 1], "by") && (S_past_form(vt) || S_irregular_past(p, v))));
            if (then_prep && (object || (g->describes && S_clause_verb_after(p, v + 2)))) g->reduced = true;
        }
        g->gerund = ing && !be;
        if (S_negating_frame(p, b)) g->negated = true;
        /* "refused to release", "will not lift": a refusal, coded as the matching rejection */
        g->refused = S_refusal_frame(p, b) || (g->negated && g->future);
        if (g->gerund && S_ruled_out_gerund(p, b, v)) g->refused = true;
        bool may = false;
        for (uint32_t i = b; i < v; i++)
            may = may || tok_is(&p->toks[i], "may") || tok_is(&p->toks[i], "might") || tok_is(&p->toks[i], "could");
        g->if_after = may && !g->negated && S_condition_after(p, g->vend);
        if (S_conditional(p, v)) { g->hypothetical = true; g->if_after = false; }
    }
}

/* MARK: entry point */

void parse_sentence(sent_parse *p, const dyad_dict *d, const dyad_token *toks, uint32_t n, dict_day day)
{
    if (n > 512) n = 512;
    p->dict = d;
    p->toks = toks;
    p->n = n;
    p->day = day;
    p->nnps = p->nvgs = 0;
    p->discard = p->story_discard = false;
    memset(p->verbs_of, 0, n * sizeof *p->verbs_of);
    memset(p->vlen, 0, n);
    memset(p->span, 0, n);
    memset(p->adj, 0, n * sizeof *p->adj);
    for (uint32_t i = 0; i < n; i++) {
        p->wid[i] = dict_word_lookup(d, toks[i].norm, toks[i].norm_len);
        p->cls[i] = S_closed_class(&toks[i], p->wid[i]);
    }
    S_opening_adverb(p);
    S_fixed_phrases(p);
    S_dictionary_pass(p);
    S_ly_verbs(p);
    S_verb_pass(p);
    S_adjective_agents(p);
    S_basic_nps(p);
    S_merge_nps(p);
    S_resolve_pronouns(p);
    if (p->dctx) context_resolve(p->dctx, p);
    for (uint32_t i = 0; i < n; i++) p->np_at[i] = -1;
    for (uint32_t k = 0; k < p->nnps; k++)
        for (uint32_t i = p->nps[k].b; i < p->nps[k].e; i++) p->np_at[i] = (int32_t)k;
    S_verb_groups(p);
}
