/*
 * actor_country.c — the country of an actor the sentence coded by its role
 * alone.
 *
 * "Judge Alejandro Rivera", "opposition leaders" and "prisoners" are coded
 * JUD, OPP and CVL: nothing in the phrase names a country.  A reader knows
 * whose they are from the rest of the text ("... against 28 Chilean
 * government officials", "... in Baku", a BAGHDAD dateline over a story
 * about Iraq), and CAMEO codes them with that country (CHLJUD, AZEOPP,
 * IRQCVL).  After the document's places and each event's place are known,
 * context_finish calls actor_countries_infer.  The rules (docs/annotate.md,
 * "Actors' countries"):
 *   - only an event actor whose code starts with a sector of actor_codes.txt
 *     (GOV, MIL, JUD, REB, OPP, CVL, LAB, MED, ELI, ...) is completed, with
 *     the country in front (CVL -> IRQCVL, ELICVL -> DZAELICVL); a code with
 *     a country, an organisation, a type (IGO, NGO, MNC), a region or a
 *     religion is left alone, and so are refugees (REF) and settlers (SET),
 *     who are more often in a country other than their own;
 *   - the sentence: when its actors (their codes' countries) and its place
 *     names name exactly one country, that is the actor's.  A state's own
 *     sector (GOV, MIL, COP, JUD, LEG, SPY) whose country only the other side
 *     names does not take it when that side is the whole country ("Officials
 *     condemned Israel") or when force is used by an army or against that
 *     state (S_foreign_state): a foreign official or army is as likely then;
 *   - else the event's place: the locative place of its own clause ("a jail
 *     in Dili"), else a country named after in/at in its clause ("in the
 *     Ivory Coast"); not for armies (they deploy abroad) nor for CAMEO 03-06
 *     (a meeting's venue is often a third country); else the dateline's
 *     place when its country is the one the document names most;
 *   - a diplomat ("Foreign Ministry spokesman", "the ambassador") takes only
 *     such a dateline country: the country they deal with is not theirs;
 *   - when the sentence names two or more countries, never the country of
 *     the event's other side; never a code equal to the other side's.
 * The mentions (annotate) and quotation speakers read from the same words
 * take the completed code.  Before that (S_namesake_actors): an actor read
 * off a namesake capital the document places in another country ("militias
 * in Tripoli" in a story about Lebanon) takes the place's country (LBNUAF,
 * not LBYUAF); settlers and refugees whose country came only from the place
 * they are in ("Jewish settlers in the West Bank city") keep the bare SET/REF.
 *
 * Then the country an event happens in (S_events_places): an analyst counting
 * dyads loses an event without a target, yet "Turkish authorities imposed a
 * curfew in Cizre" is done to Turkey and "Israeli troops opened fire in
 * Hebron" to the Palestinian territories.  An event without a target whose
 * code acts on where it happens (S_done_to_place: eased or imposed
 * restrictions and reforms, threats of force, protests, coercion, assaults;
 * not statements, meetings, other rejections and threats, expulsions) takes
 * the bare code of its place's country: the place of its own clause, else the
 * one country its sentence names by words outside the source, or by the
 * source alone for a state's domestic act (curfews, martial law, arrests);
 * never when the sentence names a third country, nor the source's own code
 * (TURGOV -> TUR is a domestic act, TUR -> TUR no event).  An assault (18-20)
 * without a source takes its place's country as source, whether the victims
 * are foreign ("A roadside bombing near Samarra killed one U.S. soldier": IRQ
 * -> USAMIL) or the country's own (IRQ -> IRQCVL, domestic violence, as ICEWS
 * codes unidentified attackers by where they act), unless the weapon was fired
 * from afar (air strikes, missiles, rockets, shells).  Waters are no
 * country's.  The slot keeps the words the parse read there ("detained 18
 * people"), else takes the place's.
 *
 * Documents coded with --no-context are not read here, nor TABARI's own
 * reading (it records no mentions), nor events of TABARI or PETRARCH verb
 * files (those coders leave the slots empty).
 */
#include "context.h"
#include "parse.h"

/* MARK: codes */

// The CAMEO code of the country whose code is the first three letters of code, or NULL.
static const char *S_country_of(const dyad_dict *dict, const char *code)
{
    if (!code || !code[0] || !code[1] || !code[2]) return NULL;
    const dict_code_ref *r = dict_find_code(dict, code, 3, DICT_REF_ENTITY);
    if (!r || r->id >= dict->entities.n || DICT_AT(dict, entities, dict_entity, r->id).kind != ENT_COUNTRY) return NULL;
    return dict_s(dict, r->code);
}

// The CAMEO code of the country of ISO3 code iso (ROU -> ROM), or NULL.
static const char *S_country_of_iso(const dyad_dict *dict, const char *iso)
{
    if (!iso || strlen(iso) != 3) return NULL;
    const dict_code_ref *r = dict_find_code(dict, iso, 3, DICT_REF_ISO3);
    if (!r || r->id >= dict->entities.n) return NULL;
    const dict_entity *e = &DICT_AT(dict, entities, dict_entity, r->id);
    return e->kind == ENT_COUNTRY && e->code ? dict_s(dict, e->code) : NULL;
}

// The CAMEO code of the country of place pl (an index into the dictionary's places), or NULL.
static const char *S_country_of_place(const dyad_dict *dict, int64_t pl)
{
    if (pl < 0 || (size_t)pl >= dict->places.n) return NULL;
    return S_country_of_iso(dict, dict_s(dict, DICT_AT(dict, places, dict_place, pl).country));
}

// True when code starts with a sector code and names no country or organisation: the actor to complete.
static bool S_bare_sector(const dyad_dict *dict, const char *code)
{
    if (!code || !code[0] || !code[1] || !code[2]) return false;
    /* refugees and settlers live in a country that is often not theirs */
    if (!strncmp(code, "REF", 3) || !strncmp(code, "SET", 3)) return false;
    if (dict_find_code(dict, code, 3, DICT_REF_ENTITY)) return false;
    const dict_code_ref *r = dict_find_code(dict, code, 3, DICT_REF_KNOWN);
    return r && r->id < dict->known_meta.n && DICT_AT(dict, known_meta, dict_known, r->id).kind == KC_SECTOR;
}

/* Answers of S_bare_sector and S_country_of, which read only a code's first three letters, for the codes
   of one document's events and mentions: a few recur all along (direct-mapped, a slot per letters). */
enum { CODE_MEMO_SLOTS = 64 };
typedef struct code_memo {
    uint32_t key[CODE_MEMO_SLOTS];      /* the three letters and a bit; 0 = empty */
    uint8_t sector[CODE_MEMO_SLOTS];    /* S_bare_sector + 1; 0 = not asked yet */
    bool country_known[CODE_MEMO_SLOTS];
    const char *country[CODE_MEMO_SLOTS];
} code_memo;

// The memo's slot for code's first three letters (all non-zero), emptied when it held other letters.
static size_t S_memo_slot(code_memo *cm, const char *code)
{
    uint32_t key = (uint32_t)(unsigned char)code[0] | (uint32_t)(unsigned char)code[1] << 8 |
                   (uint32_t)(unsigned char)code[2] << 16 | 1u << 24;
    size_t k = (key * 2654435761u) >> 26;
    if (cm->key[k] != key) {
        cm->key[k] = key;
        cm->sector[k] = 0;
        cm->country_known[k] = false;
    }
    return k;
}

// S_bare_sector through the memo.
static bool S_bare_sector_m(const dyad_dict *dict, code_memo *cm, const char *code)
{
    if (!code || !code[0] || !code[1] || !code[2]) return false;
    size_t k = S_memo_slot(cm, code);
    if (!cm->sector[k]) cm->sector[k] = (uint8_t)(1 + S_bare_sector(dict, code));
    return cm->sector[k] == 2;
}

// S_country_of through the memo.
static const char *S_country_of_m(const dyad_dict *dict, code_memo *cm, const char *code)
{
    if (!code || !code[0] || !code[1] || !code[2]) return NULL;
    size_t k = S_memo_slot(cm, code);
    if (!cm->country_known[k]) {
        cm->country[k] = S_country_of(dict, code);
        cm->country_known[k] = true;
    }
    return cm->country[k];
}

// True when code starts with a sector of the state itself (government, army, police, courts, parliament, spies).
static bool S_state_sector(const char *code)
{
    static const char *const state[] = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY"};
    for (size_t i = 0; i < sizeof state / sizeof *state; i++)
        if (!strncmp(code, state[i], 3)) return true;
    return false;
}

// True when country (a CAMEO code) is the one the document's mentions name most.
static bool S_dominant(const doc_context *x, const char *country)
{
    if (!x->ncountries) return false;
    const char *top = S_country_of_iso(x->dict, x->countries[0]);
    return top && !strcmp(top, country);
}

/* MARK: the countries a sentence names */

enum { SENT_COUNTRIES = 8 };

/* The distinct countries a sentence names, with how many of its mentions and places name each. */
typedef struct sent_countries {
    const char *code[SENT_COUNTRIES]; /* CAMEO codes (dictionary strings) */
    uint32_t count[SENT_COUNTRIES];
    bool named[SENT_COUNTRIES]; /* by an actor or a place, not only by a place after "from", "to" ... */
    uint32_t n;
    bool many;             /* more than SENT_COUNTRIES */
} sent_countries;

// Counts country c (may be NULL) in sc; named: by an actor or a place not after "from", "to" ...
static void S_count(sent_countries *sc, const char *c, bool named)
{
    if (!c) return;
    for (uint32_t k = 0; k < sc->n; k++)
        if (sc->code[k] == c || !strcmp(sc->code[k], c)) {
            sc->count[k]++;
            sc->named[k] |= named;
            return;
        }
    if (sc->n == SENT_COUNTRIES) { sc->many = true; return; }
    sc->code[sc->n] = c;
    sc->named[sc->n] = named;
    sc->count[sc->n++] = 1;
}

// True when document token tb (or a "the" before it) follows in/at/inside: "in the Ivory Coast".
static bool S_after_in(const doc_context *x, uint32_t tb)
{
    uint32_t i = tb, s = x->tokens[tb].sentence;
    if (i > 0 && tok_is(&x->tokens[i - 1], "the")) i--;
    if (i == 0 || x->tokens[i - 1].sentence != s) return false;
    const dyad_token *t = &x->tokens[i - 1];
    return tok_is(t, "in") || tok_is(t, "at") || tok_is(t, "inside") || tok_is(t, "across") || tok_is(t, "throughout");
}

// True when document token tb (or a "the" before it) follows a preposition of motion ("the launch from the
// Pyongyang area", "flights to Kabul"): where something comes from or goes to, not whose the actors are.
static bool S_after_motion(const doc_context *x, uint32_t tb)
{
    static const char *const preps[] = {"from", "to", "toward", "towards", "into", "via", "through", "over"};
    uint32_t i = tb, s = x->tokens[tb].sentence;
    if (i > 0 && tok_is(&x->tokens[i - 1], "the")) i--;
    if (i == 0 || x->tokens[i - 1].sentence != s) return false;
    for (size_t k = 0; k < sizeof preps / sizeof *preps; k++)
        if (tok_is(&x->tokens[i - 1], preps[k])) return true;
    return false;
}

// Sets lo to the index of the first element of vec[0..n) (in sentence order, a .sentence each) of sentence s.
#define FIRST_OF_SENTENCE(vec, n, s, lo)                                  \
    do {                                                                  \
        size_t hi_ = (n);                                                 \
        (lo) = 0;                                                         \
        while ((lo) < hi_) {                                              \
            size_t mid_ = (lo) + (hi_ - (lo)) / 2;                        \
            if ((vec)[mid_].sentence < (s)) (lo) = mid_ + 1;              \
            else hi_ = mid_;                                              \
        }                                                                 \
    } while (0)

// Reads the countries sentence s names: its mentions' codes and its place names.
static void S_sentence_countries(const doc_context *x, code_memo *cm, uint32_t s, sent_countries *sc)
{
    memset(sc, 0, sizeof *sc);
    size_t i;
    FIRST_OF_SENTENCE(x->mentions, x->nmentions, s, i);
    for (; i < x->nmentions && x->mentions[i].sentence == s; i++) {
        const ctx_mention *m = &x->mentions[i];
        /* "It said 71 drones were shot down": a pronoun names no country (its antecedent's sentence did) */
        if (m->how != MENTION_PRONOUN) S_count(sc, S_country_of_m(x->dict, cm, m->code), true);
    }
    FIRST_OF_SENTENCE(x->places, x->nplaces, s, i);
    for (; i < x->nplaces && x->places[i].sentence == s; i++) {
        const ctx_place *p = &x->places[i];
        S_count(sc, S_country_of_place(x->dict, p->r.place), p->r.locative || !S_after_motion(x, p->r.tb));
    }
}

/* MARK: inference */

// The mention of the country event e's own clause places it in ("in the Ivory Coast", "in Syria": a country
// named after in/at), or NULL when none or two.
static const ctx_mention *S_locative_country(const doc_context *x, const dyad_doc *d, const dyad_event *e)
{
    const ctx_mention *found = NULL;
    const char *fc = NULL;
    size_t i;
    FIRST_OF_SENTENCE(x->mentions, x->nmentions, e->sentence, i);
    for (; i < x->nmentions && x->mentions[i].sentence == e->sentence; i++) {
        const ctx_mention *m = &x->mentions[i];
        if (!m->code[0] || !m->code[1] || !m->code[2] || m->code[3] || !S_after_in(x, m->tb) || !context_in_clause(x, d, e, m->tb, m->te)) continue;
        const char *c = S_country_of(x->dict, m->code);
        if (!c) continue;
        if (fc && strcmp(fc, c)) return NULL;
        if (!fc) { found = m; fc = c; }
    }
    return found;
}

// The country of the place of event e: its clause's place name or country, else the dateline's place when
// the document names its country most; NULL when none.
static const char *S_place_country(const doc_context *x, const dyad_doc *d, const dyad_event *e)
{
    const char *c = S_country_of_place(x->dict, context_clause_place(x, d, e));
    const ctx_mention *m = c ? NULL : S_locative_country(x, d, e);
    if (m) c = S_country_of(x->dict, m->code);
    if (c) return c;
    c = S_country_of_place(x->dict, x->dateline_place);
    return c && S_dominant(x, c) ? c : NULL;
}

// True when the place of event e says whose its actor `code` is: not for armies (they fight and deploy
// abroad) nor for intentions, meetings, agreements and aid pledges (CAMEO 03-06), whose venue is often a
// third country ("a ceasefire with rebel groups at talks in South Sudan").
static bool S_place_tells(const dyad_event *e, const char *code)
{
    if (!strncmp(code, "MIL", 3)) return false;
    return !(e->code[0] == '0' && e->code[1] >= '3' && e->code[1] <= '6');
}

// True when a state's sector (code) may well be another state's than that of the other side, the only actor
// naming a country: when it acts on the whole country ("Officials condemned Israel", "The Korean government
// agreed to provide Sri Lanka with ..."), when an army uses force ("Troops killed Afghan civilians"), or
// when force is used between it and that country's state ("Police arrested Palestinian officials").
static bool S_foreign_state(const dyad_event *e, const char *code, const char *other)
{
    if (other[0] && other[1] && other[2] && !other[3]) return true; /* strlen(other) == 3 */
    return e->quad == 4 && (!strncmp(code, "MIL", 3) || S_state_sector(other + 3));
}

// True when the words of bytes [start, end) of sentence s name a diplomat ("Foreign Ministry spokesman",
// "the ambassador", "envoys"): whose they are is not told by the country they deal with or are posted to.
static bool S_diplomat(const dyad_doc *d, uint32_t s, size_t start, size_t end)
{
    static const char *const words[] = {"foreign", "ambassador", "ambassadors", "envoy", "envoys", "diplomat",
                                        "diplomats", "embassy", "consul", "consulate", "emissary", "emissaries"};
    const dyad_sentence *se = &d->sentences[s];
    for (uint32_t i = se->tok_begin; i < se->tok_end && d->tokens[i].start < end; i++) {
        if (d->tokens[i].start < start) continue;
        /* every word of the list has five letters or more and starts with one of these */
        const dyad_token *t = &d->tokens[i];
        if (t->norm_len < 5 || (t->norm[0] != 'f' && t->norm[0] != 'a' && t->norm[0] != 'e' && t->norm[0] != 'd' &&
                                t->norm[0] != 'c'))
            continue;
        for (size_t k = 0; k < sizeof words / sizeof *words; k++)
            if (tok_is(&d->tokens[i], words[k])) return true;
    }
    return false;
}

// The country the text gives actor code (a bare sector) of event e whose other side is other; NULL when none.
static const char *S_infer(const doc_context *x, const dyad_doc *d, const dyad_event *e, const char *code,
                           const char *other, const sent_countries *sc, bool diplomat)
{
    const char *oc = S_country_of(x->dict, other);
    if (diplomat) { /* only a dateline the story is about: "BEIJING - Foreign Ministry spokesman Lin Jian" */
        const char *c = S_country_of_place(x->dict, x->dateline_place);
        return c && S_dominant(x, c) && (!oc || strcmp(c, oc)) ? c : NULL;
    }
    const bool several = sc->many || sc->n >= 2; /* the sentence names two countries or more */
    /* the sentence's one country, unless only a place after "from", "to" ... names it ("The JCS said it
     * detected the launch from the Pyongyang area" does not make the JCS North Korea's) */
    if (sc->n == 1 && !sc->many && sc->named[0]) {
        const char *c = sc->code[0];
        if (S_state_sector(code) && sc->count[0] == 1 && oc && !strcmp(oc, c) && S_foreign_state(e, code, other))
            return NULL;
        return c;
    }
    if (!S_place_tells(e, code)) return NULL;
    const char *c = S_place_country(x, d, e);
    if (!c || (several && oc && !strcmp(c, oc))) return NULL;
    return c;
}

// A copy of country + code in the document's arena, or NULL when out of memory.
static const char *S_prefixed(dyad_doc *d, const char *country, const char *code)
{
    size_t n = strlen(code);
    char *s = dyad_arena_alloc(&d->arena, n + 4);
    if (!s) return NULL;
    memcpy(s, country, 3);
    memcpy(s + 3, code, n + 1);
    return s;
}

// Gives the mentions of sentence s read from bytes [start, end) with code old the code now (and the
// quotations they speak).
static void S_update_mentions(doc_context *x, uint32_t s, size_t start, size_t end, const char *old, const char *now)
{
    size_t i;
    FIRST_OF_SENTENCE(x->mentions, x->nmentions, s, i);
    for (; i < x->nmentions && x->mentions[i].sentence == s; i++) {
        ctx_mention *m = &x->mentions[i];
        if (m->te <= m->tb || x->tokens[m->tb].start != start ||
            x->tokens[m->te - 1].start + x->tokens[m->te - 1].len != end || strcmp(m->code, old))
            continue;
        dict_copys(m->code, sizeof m->code, now);
        for (size_t q = 0; q < x->nquotes; q++)
            if (x->quotes[q].mention == (int32_t)i) dict_copys(x->quotes[q].code, sizeof x->quotes[q].code, now);
    }
}

// Drops the events of the document equal to an earlier one of their sentence (completed codes can meet).
static void S_drop_duplicates(dyad_doc *d)
{
    size_t out = 0;
    for (size_t k = 0; k < d->nevents; k++) {
        const dyad_event *e = &d->events[k];
        bool dup = false;
        for (size_t j = out; j > 0 && d->events[j - 1].sentence == e->sentence && !dup; j--) {
            const dyad_event *o = &d->events[j - 1];
            dup = !strcmp(o->source, e->source) && !strcmp(o->target, e->target) && !strcmp(o->code, e->code);
        }
        if (dup) continue;
        if (out != k) d->events[out] = *e; /* most events stay where they are */
        out++;
    }
    d->nevents = out;
}

/* MARK: the country an event happens in */

// True when code starts with one of the n prefixes of list.
static bool S_code_in(const char *code, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++) { /* the prefixes are short: compared in place, no strlen or strncmp */
        const char *p = list[i], *c = code;
        while (*p && *p == *c) p++, c++;
        if (!*p) return true;
    }
    return false;
}

// True when code is a state's act on its own people or territory: political freedoms, curfews, states of
// emergency and reforms eased, refused, threatened or imposed, dissent eased or threatened, arrests and
// repression (081-083, 123, 1241-1242, 132-133, 172-173, 175).  Its target is the source's own country
// even when only the source names it ("Iraq's interim government is prepared to impose martial law").
static bool S_domestic_act(const char *code)
{
    static const char *const acts[] = {"081", "082", "083", "123", "1241", "1242", "132", "133", "172", "173", "175"};
    return S_code_in(code, acts, sizeof acts / sizeof *acts);
}

// True when code, given no target, is done to the country it happens in: the domestic acts, defiance of a
// law (128), threats of force (137-138), protests (14), coercion (17, not expulsions, 174: the expelled are
// mostly foreigners), assaults, fights and mass violence (18-20).  Not other rejections and threats ("Iranian
// officials rejected the proposal in Tehran"): where they are said says nothing of whose proposal it was.
static bool S_done_to_place(const char *code)
{
    static const char *const acts[] = {"128", "137", "138", "14", "17", "18", "19", "20"};
    if (!code || strlen(code) < 3 || !strncmp(code, "174", 3)) return false;
    return S_domestic_act(code) || S_code_in(code, acts, sizeof acts / sizeof *acts);
}

// True when sentence s tells of a weapon fired from afar (air strikes, drones, missiles, rockets, shells):
// whoever fired it may well be in another country than where it struck.
static bool S_fired_from_afar(const dyad_doc *d, uint32_t s)
{
    static const char *const words[] = {"airstrike", "airstrikes", "air-strike", "air-strikes",
                                        "drone", "drones", "missile", "missiles", "rocket", "rockets", "shell",
                                        "shells", "shelling", "shelled", "artillery", "mortar", "mortars",
                                        "warplane", "warplanes", "jet", "jets", "gunship", "gunships",
                                        "helicopter", "helicopters", "bombardment", "bombardments"};
    const dyad_sentence *se = &d->sentences[s];
    for (uint32_t i = se->tok_begin; i < se->tok_end; i++) {
        const dyad_token *t = &d->tokens[i];
        if (tok_is(t, "air") && i + 1 < se->tok_end) {
            const dyad_token *n = &d->tokens[i + 1];
            if (tok_is(n, "strike") || tok_is(n, "strikes") || tok_is(n, "raid") || tok_is(n, "raids") ||
                tok_is(n, "attack") || tok_is(n, "attacks") || tok_is(n, "force"))
                return true;
        }
        for (size_t k = 0; k < sizeof words / sizeof *words; k++)
            if (tok_is(t, words[k])) return true;
    }
    return false;
}

// True when pattern ("file:line") is an entry of a TABARI or PETRARCH verb file (named as dict.c's loader
// tells them: *.verbs, CAMEO.*, PETR.*, Phoenix.*): those coders leave such slots empty, and so do we.
static bool S_foreign_pattern(const char *pattern)
{
    if (!pattern) return false;
    const char *colon = strrchr(pattern, ':'), *base = pattern;
    for (const char *c = pattern; *c; c++)
        if (*c == '/' || *c == '\\') base = c + 1;
    size_t n = colon && colon >= base ? (size_t)(colon - base) : strlen(base);
    return (n > 6 && !memcmp(base + n - 6, ".verbs", 6)) || !strncmp(base, "CAMEO.", 6) ||
           !strncmp(base, "PETR.", 5) || !strncmp(base, "Phoenix.", 8);
}

/* Where an event happens: the country (a CAMEO code) and the document tokens [tb, te) naming it. */
typedef struct event_place {
    const char *country;
    uint32_t tb, te;
} event_place;

// True when place mention p names waters ("the Red Sea", also a Sudanese and an Egyptian province): what
// happens at sea happens to no country.
static bool S_waters(const doc_context *x, const ctx_place *p)
{
    static const char *const words[] = {"sea", "ocean", "gulf", "strait", "straits", "bay", "channel"};
    const dyad_token *t = &x->tokens[p->r.te - 1];
    for (size_t k = 0; k < sizeof words / sizeof *words; k++)
        if (tok_is(t, words[k])) return true;
    return false;
}

// The place of event e's own clause: its place name, else a country named after in/at in it; false when none.
static bool S_clause_country(const doc_context *x, const dyad_doc *d, const dyad_event *e, event_place *out)
{
    const ctx_place *cp = context_clause_place_ref(x, d, e);
    if (cp && S_waters(x, cp)) return false;
    const char *c = cp ? S_country_of_place(x->dict, cp->r.place) : NULL;
    if (c) { *out = (event_place){c, cp->r.tb, cp->r.te}; return true; }
    const ctx_mention *m = S_locative_country(x, d, e);
    c = m ? S_country_of(x->dict, m->code) : NULL;
    if (c) { *out = (event_place){c, m->tb, m->te}; return true; }
    return false;
}

// True when document tokens [tb, te) lie in bytes [start, end).
static bool S_within(const doc_context *x, uint32_t tb, uint32_t te, size_t start, size_t end)
{
    return te > tb && x->tokens[tb].start >= start && x->tokens[te - 1].start + x->tokens[te - 1].len <= end;
}

// The first place name of sentence s in country c outside bytes [start, end), or inside them when inside is
// true; false when none.
static bool S_place_naming(const doc_context *x, uint32_t s, const char *c, size_t start, size_t end, bool inside,
                           event_place *out)
{
    size_t i;
    FIRST_OF_SENTENCE(x->places, x->nplaces, s, i);
    for (; i < x->nplaces && x->places[i].sentence == s; i++) {
        const ctx_place *p = &x->places[i];
        const char *pc = S_country_of_place(x->dict, p->r.place);
        if (!pc || strcmp(pc, c) || S_waters(x, p) || S_within(x, p->r.tb, p->r.te, start, end) != inside) continue;
        *out = (event_place){c, p->r.tb, p->r.te};
        return true;
    }
    return false;
}

// The first words of sentence s naming country c (a place, else an actor) outside bytes [start, end), or
// inside them when inside is true; false when none.
static bool S_words_naming(const doc_context *x, uint32_t s, const char *c, size_t start, size_t end, bool inside,
                           event_place *out)
{
    if (S_place_naming(x, s, c, start, end, inside, out)) return true;
    size_t i;
    FIRST_OF_SENTENCE(x->mentions, x->nmentions, s, i);
    for (; i < x->nmentions && x->mentions[i].sentence == s; i++) {
        const ctx_mention *m = &x->mentions[i];
        const char *mc = m->how == MENTION_PRONOUN ? NULL : S_country_of(x->dict, m->code);
        if (!mc || strcmp(mc, c) || S_within(x, m->tb, m->te, start, end) != inside) continue;
        *out = (event_place){c, m->tb, m->te};
        return true;
    }
    return false;
}

// True when every country sentence countries sc names is a or b (either may be NULL).
static bool S_names_only(const sent_countries *sc, const char *a, const char *b)
{
    if (sc->many) return false;
    for (uint32_t k = 0; k < sc->n; k++)
        if (!(a && !strcmp(sc->code[k], a)) && !(b && !strcmp(sc->code[k], b))) return false;
    return true;
}

// The country event e (no target) happens in, as its target: its clause's place, else the one country its
// sentence names (by words outside the source, or by the source alone for a state's domestic act); never
// when the sentence names another country too, nor the source's own code.  False when none.
static bool S_target_place(const doc_context *x, const dyad_doc *d, const dyad_event *e, const sent_countries *sc,
                           event_place *out)
{
    const char *own = S_country_of(x->dict, e->source);
    if (S_clause_country(x, d, e, out)) {
        if (!S_names_only(sc, out->country, own)) return false;
    } else {
        if (sc->many || sc->n != 1 || !sc->named[0]) return false;
        const char *c = sc->code[0];
        if (!S_words_naming(x, e->sentence, c, e->source_start, e->source_end, false, out) &&
            !(S_domestic_act(e->code) && own && !strcmp(own, c) &&
              S_words_naming(x, e->sentence, c, e->source_start, e->source_end, true, out)))
            return false;
    }
    return strcmp(out->country, e->source) != 0;
}

// The country an unattributed assault (18-20, no source) happens in, as its source: its clause's place, else
// a place name of the one country the sentence names ("... in a residential sector of eastern Beirut"), when
// the sentence names no country but that and the target's and the weapon was not fired from afar ("A
// roadside bombing near Samarra killed one U.S. soldier": IRQ).  False when none.
static bool S_source_place(const doc_context *x, const dyad_doc *d, const dyad_event *e, const sent_countries *sc,
                           event_place *out)
{
    bool assault = (e->code[0] == '1' && (e->code[1] == '8' || e->code[1] == '9')) || !strncmp(e->code, "20", 2);
    if (!*e->target || !assault) return false;
    if (!strncmp(e->code, "194", 3) || !strncmp(e->code, "195", 3) || S_fired_from_afar(d, e->sentence)) return false;
    if (!S_clause_country(x, d, e, out) &&
        !(sc->n == 1 && !sc->many && S_place_naming(x, e->sentence, sc->code[0], e->target_start, e->target_end, false, out)))
        return false;
    return S_names_only(sc, out->country, S_country_of(x->dict, e->target)) && strcmp(out->country, e->target);
}

// Gives the events without a target (or an assault without a source) the country they happen in (docs/annotate.md,
// "Actors' countries"); the events it made equal to another are dropped.
static void S_events_places(doc_context *x, code_memo *cm, dyad_doc *d)
{
    sent_countries sc;
    uint32_t read = UINT32_MAX;
    bool changed = false;
    for (size_t k = 0; k < d->nevents; k++) {
        dyad_event *e = &d->events[k];
        bool tgt = !*e->target && S_done_to_place(e->code), src = !tgt && !*e->source && *e->target;
        if ((!tgt && !src) || S_foreign_pattern(e->pattern)) continue;
        if (read != e->sentence) { S_sentence_countries(x, cm, e->sentence, &sc); read = e->sentence; }
        event_place ep;
        if (tgt ? !S_target_place(x, d, e, &sc, &ep) : !S_source_place(x, d, e, &sc, &ep)) continue;
        /* the words of the slot, when the parse read a phrase there that no dictionary codes ("detained 18
         * people", "a car bomb killed"): the actor they name is the one given the place's country */
        size_t start = x->tokens[ep.tb].start, end = x->tokens[ep.te - 1].start + x->tokens[ep.te - 1].len;
        if (tgt) {
            e->target = ep.country;
            if (e->target_end <= e->target_start) { e->target_start = start; e->target_end = end; }
        } else {
            e->source = ep.country;
            if (e->source_end <= e->source_start) { e->source_start = start; e->source_end = end; }
        }
        changed = true;
    }
    if (changed) S_drop_duplicates(d);
}

// The mention of sentence s read from bytes [start, end) with code, or NULL.
static const ctx_mention *S_mention_at(const doc_context *x, uint32_t s, size_t start, size_t end, const char *code)
{
    size_t i;
    FIRST_OF_SENTENCE(x->mentions, x->nmentions, s, i);
    for (; i < x->nmentions && x->mentions[i].sentence == s; i++) {
        const ctx_mention *m = &x->mentions[i];
        if (m->te > m->tb && x->tokens[m->tb].start == start &&
            x->tokens[m->te - 1].start + x->tokens[m->te - 1].len == end && !strcmp(m->code, code))
            return m;
    }
    return NULL;
}

// The code an event actor read from a namesake capital takes when the document reads the same words as
// a place of another country ("militias in Tripoli" in a story about Lebanon: LBNUAF, not Libya's
// LBYUAF), or NULL to keep code; *oom set when out of memory.
static const char *S_namesake_code(doc_context *x, dyad_doc *d, uint32_t s, size_t start, size_t end,
                                   const char *code, bool *oom)
{
    const ctx_mention *m = code && strlen(code) >= 3 ? S_mention_at(x, s, start, end, code) : NULL;
    if (!m) return NULL;
    const ctx_place *p = NULL;
    for (size_t k = 0; k < x->nplaces && !p; k++)
        if (x->places[k].r.tb == m->tb && x->places[k].r.te == m->te && x->places[k].r.locative) p = &x->places[k];
    if (!p || p->r.place >= x->dict->places.n) return NULL;
    const char *iso = context_country3(x, code);
    const char *pc = dict_s(x->dict, DICT_AT(x->dict, places, dict_place, p->r.place).country);
    if (!iso || !strcmp(iso, pc) || !context_namesake_metonym(x, d, m, iso)) return NULL;
    const char *country = S_country_of_iso(x->dict, pc);
    if (!country) return NULL;
    const char *now = S_prefixed(d, country, code + 3);
    if (!now) *oom = true;
    return now;
}

// The bare code (SET, REF) of settlers or refugees whose country the parse read off the place they are in
// ("Jewish settlers in the West Bank city": PSESET, yet such settlers are mostly not the place's; "refugees
// in Lebanon"): the place says where they live, not whose they are.  NULL to keep code.
static const char *S_resident_code(const doc_context *x, uint32_t s, size_t start, size_t end, const char *code)
{
    if (!code || strlen(code) != 6 || (strcmp(code + 3, "SET") && strcmp(code + 3, "REF"))) return NULL;
    const ctx_mention *m = S_mention_at(x, s, start, end, code);
    if (!m || !S_after_in(x, m->tb)) return NULL;
    for (size_t k = 0; k < x->nplaces; k++) {
        const ctx_place *p = &x->places[k];
        if (p->r.tb < m->tb || p->r.te > m->te || !p->r.locative || p->r.place >= x->dict->places.n) continue;
        const char *pc = S_country_of_place(x->dict, p->r.place);
        if (pc && !strncmp(pc, code, 3)) return code + 3;
    }
    return NULL;
}

// Gives the event actors read from a namesake capital the country of the document's reading of the place.
static bool S_namesake_actors(doc_context *x, dyad_doc *d)
{
    if (!x->nplaces) return true;
    bool oom = false;
    for (size_t k = 0; k < d->nevents && !oom; k++) {
        dyad_event *e = &d->events[k];
        const char *ns = S_namesake_code(x, d, e->sentence, e->source_start, e->source_end, e->source, &oom);
        const char *nt = S_namesake_code(x, d, e->sentence, e->target_start, e->target_end, e->target, &oom);
        if (!ns) ns = S_resident_code(x, e->sentence, e->source_start, e->source_end, e->source);
        if (!nt) nt = S_resident_code(x, e->sentence, e->target_start, e->target_end, e->target);
        if (ns) { S_update_mentions(x, e->sentence, e->source_start, e->source_end, e->source, ns); e->source = ns; }
        if (nt) { S_update_mentions(x, e->sentence, e->target_start, e->target_end, e->target, nt); e->target = nt; }
    }
    return !oom;
}

bool actor_countries_infer(doc_context *x, dyad_doc *d)
{
    if (!x || !x->nmentions) return true; /* TABARI's reading records no mentions */
    if (!S_namesake_actors(x, d)) return false;
    const dyad_dict *dict = x->dict;
    sent_countries sc;
    uint32_t read = UINT32_MAX; /* the sentence sc describes */
    bool changed = false;
    code_memo cm; /* the keys only are cleared: the rest is read after a key matched */
    memset(cm.key, 0, sizeof cm.key);
    for (size_t k = 0; k < d->nevents; k++) {
        dyad_event *e = &d->events[k];
        bool src = S_bare_sector_m(dict, &cm, e->source), tgt = S_bare_sector_m(dict, &cm, e->target);
        if (!src && !tgt) continue;
        if (read != e->sentence) { S_sentence_countries(x, &cm, e->sentence, &sc); read = e->sentence; }
        const char *cs = src ? S_infer(x, d, e, e->source, e->target, &sc,
                                       S_diplomat(d, e->sentence, e->source_start, e->source_end)) : NULL;
        const char *ct = tgt ? S_infer(x, d, e, e->target, e->source, &sc,
                                       S_diplomat(d, e->sentence, e->target_start, e->target_end)) : NULL;
        const char *ns = cs ? S_prefixed(d, cs, e->source) : e->source;
        const char *nt = ct ? S_prefixed(d, ct, e->target) : e->target;
        if (!ns || !nt) return false;
        if (*ns && !strcmp(ns, nt)) continue; /* one actor on both sides: not an event */
        if (cs) S_update_mentions(x, e->sentence, e->source_start, e->source_end, e->source, ns);
        if (ct) S_update_mentions(x, e->sentence, e->target_start, e->target_end, e->target, nt);
        e->source = ns;
        e->target = nt;
        changed = true;
    }
    if (changed) S_drop_duplicates(d);
    S_events_places(x, &cm, d);
    return true;
}
