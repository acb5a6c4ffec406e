/*
 * places.c — place names of a sentence and the reading chosen for each
 * (document context, src/context.h; the gazetteer is data/places, loaded by
 * dict_places.c as PH_PLACE phrases of the token trie).
 *
 * Which names are reported.  A gazetteer phrase is a place name when:
 *   - it starts at a capitalised word ("Paris", "SEOUL") or at "the" before
 *     one ("the Hague"), and its last word is capitalised: "nice", "reading"
 *     and "mobile" in lower case are words;
 *   - it is not the part of a longer name: the trie's longest phrase at that
 *     word is the place itself (no "Tokyo Electric"-style actor phrase), the
 *     next word is not a capitalised word ("Washington Post", "New York
 *     Times", "Paris Agreement", "Tokyo Governor"; weekdays, months and area
 *     words excepted: "in Seoul Tuesday", "Kherson Oblast"), the word before
 *     is not a capitalised word ("Denzel Washington", "Lake Victoria", "the
 *     Near East"; hyphenated and compass words and, at the start of a
 *     sentence, prepositions and other function words excepted:
 *     "Russian-held Kherson", "Northern Gaza", "In Kyiv"), and it is not "X of
 *     Place" after a capitalised word ("Bank of England", "Mayor of London")
 *     unless locative;
 *   - names that are also actors are places only where they are locative:
 *     capitals that stand for their government ("Moscow said" is RUSGOV, "in
 *     Moscow" a place), regions coded as their state ("Gaza militants"),
 *     people and organisations.  Names of countries ("Georgia", "Lebanon",
 *     "Mexico") are places only as a city-state of that name ("in
 *     Singapore", not México state for "Mexico") or when a reading lies in a
 *     country the document mentions before that one ("Georgia" the US state
 *     in a story about the United States);
 *   - names that are also common words (a dictionary verb, noun or agent, a
 *     word of S_common_words: "Nice", "Reading", "Split", "Police", "Of", or
 *     a capitalised acronym among lower-case words: "GAO", "INA") are places
 *     only right after a locative preposition ("in Nice") or with a qualifier
 *     ("Nice, France"); month, weekday and continent names never ("in
 *     March", "in Asia");
 *   - a place or country that holds the name must fit a reading: "Mosul's Old
 *     City" and "the Old City of Mosul" are not Jerusalem's Old City.
 *
 * Locative: governed by in, at, near, outside, inside, across, around,
 * throughout, within, between, beyond, off, over, amid; by to/into/toward(s)/
 * for after a word of motion ("flew to Moscow", "a visit to Kyiv", "left for
 * Paris"); the object of a visit ("visited Pyongyang", "entered the Gaza
 * Strip"); "north of", "the outskirts of", "the heart of".  Modifiers between
 * the preposition and the name are passed over ("in the southern port city of
 * Mariupol", "in Russian-occupied Kherson", "in Ukraine's Kharkiv"), and a
 * name joined by "and", "or" or a comma to a locative one is locative too ("in
 * Seoul and Tokyo").  "from" is not locative: it names an origin.  Metonyms
 * that are not gazetteer names ("the Kremlin", "the White House", "Downing
 * Street") stand, when locative, for their country's capital.  A dateline
 * (places_lookup) is read as locative.
 *
 * Which reading.  All PH_PLACE payloads of the name are candidates; the best
 * by, in order:
 *   1. an explicit qualifier after a comma: a country ("Paris, France") or a
 *      first-level area, by name or AP abbreviation ("Paris, Texas",
 *      "SPRINGFIELD, Ill.").  The nearest namesake to the area's centre wins,
 *      since the gazetteer has no area membership of cities; a namesake over
 *      800 km away is not the one meant, so the area itself is the place
 *      ("Paris, Kentucky").  A qualifier no reading fits is not one ("Tokyo,
 *      Seoul and Beijing" is a list).  A holder ("Syria's Aleppo", "the Old
 *      City of Mosul") ranks like a country qualifier;
 *   2. "X region/oblast/province/state" prefers areas, "X city" cities;
 *   3. between a city and an area of its name whose centre is within 150 km
 *      (one place, really: "Tel Aviv", "Kharkiv", "Tokyo"), the city;
 *   4. a country of `countries` before other countries;
 *   5. prominence: the order of magnitude of the population, a national
 *      capital counting one order more (so "Moscow" is Russia's even in a story
 *      that names the United States first, "Donetsk" Ukraine's city of a
 *      million rather than Russia's town of 50,000, "Victoria" the Australian
 *      state rather than the Seychelles' capital of 22,000, and "Wyoming" the
 *      state rather than the town in Michigan);
 *   6. the earlier country in `countries`;
 *   7. capital, then city, then area;
 *   8. population.
 *
 * No allocation in places_scan; one trie walk per capitalised word (a few
 * more around a place name).
 */
#include "context.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>

enum {
    WALK_MAX = 6,          /* words passed over looking left for a preposition */
    CAND_MAX = 512,        /* namesakes considered per name */
    QUAL_MAX = 8,          /* countries and areas a qualifier may name */
    NAME_MAX_TOKS = 64
};

#define FAR_KM 800.0       /* a namesake farther than this from the qualifying area is not in it */
#define NEAR_KM 150.0      /* an area whose centre is this near a city of its name is named after it */

/* MARK: word lists */

typedef const char *const word_list[];

// True when the token's normalised form is w.
static bool S_is(const dyad_token *t, const char *w)
{
    if (!t->norm_len || t->norm[0] != w[0]) return false; /* most words stop here */
    size_t n = strlen(w);
    return t->norm_len == n && memcmp(t->norm, w, n) == 0;
}

// True when the token's normalised form starts with one of the n prefixes of list.
static bool S_prefixed(const dyad_token *t, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(list[i]);
        if (t->norm_len >= l && memcmp(t->norm, list[i], l) == 0) return true;
    }
    return false;
}

/* The word lists below, one bit each in the lexicon (S_lists). */
enum {
    L_LOCATIVE = 1 << 0, L_GOAL = 1 << 1, L_MOTION = 1 << 2, L_VISIT = 1 << 3, L_OF_HEAD = 1 << 4,
    L_MODIFIER = 1 << 5, L_COMPASS = 1 << 6, L_FUNCTION = 1 << 7, L_TIME = 1 << 8, L_NEVER = 1 << 9,
    L_AREA = 1 << 10, L_COMMON = 1 << 11
};

#define IN_LIST(t, bit) ((S_lists(t) & (bit)) != 0)

static word_list S_locative_preps = {"in", "at", "near", "outside", "inside", "across", "around", "throughout",
                                     "within", "beyond", "off", "over", "amid", "nearby"}; /* not "between": "talks between Seoul and Tokyo" */
static word_list S_goal_preps = {"to", "into", "toward", "towards", "for"};
/* words of motion before "to"/"for": "flew to", "a trip to", "left for" */
static word_list S_motion = {"flew", "fly", "flies", "flying", "flight", "flights", "trip", "trips", "went", "go",
                             "goes", "going", "gone", "came", "come", "comes", "coming", "sent", "send", "sends",
                             "moved", "move", "moves", "moving", "back", "fled", "flee", "flees", "fleeing", "way",
                             "road", "route", "drove", "drive", "driven", "sailed", "left", "leave", "leaves",
                             "leaving", "bound", "taken", "brought", "headed", "heading", "heads", "head",
                             "marched", "delegation", "ferry", "ferries", "train",
                             "trains", "bus", "buses", "convoy", "convoys", "voyage", "shipped", "airlifted"};
static word_list S_motion_prefixes = {"travel", "visit", "return", "arriv", "deploy", "relocat", "evacuat",
                                      "journey", "depart", "transfer", "redeploy", "pilgrimage"};
/* verbs whose object is where the event happens: "visited Pyongyang" */
static word_list S_visit = {"visit", "visits", "visited", "visiting", "tour", "toured", "touring",
                            "reached", "reach", "reaches", "reaching", "entered", "enter", "enters", "entering"};
/* "north of X", "the outskirts of X" */
static word_list S_of_heads = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                               "north-east", "north-west", "south-east", "south-west", "outskirts", "suburbs",
                               "suburb", "edge", "centre", "center", "heart", "environs", "vicinity", "streets"};
/* words between a preposition and the name: "in the southern port city of", "at the besieged" */
static word_list S_modifiers = {"the", "a", "an", "central", "northern", "southern", "eastern", "western",
                                "northeastern", "northwestern", "southeastern", "southwestern", "north", "south",
                                "east", "west", "downtown", "coastal", "occupied", "besieged", "embattled",
                                "frontline", "nearby", "neighbouring", "neighboring", "key", "strategic",
                                "suburban", "rural", "annexed", "divided", "ancient", "historic", "holy", "capital",
                                "city", "cities", "town", "towns", "village", "villages", "port", "region",
                                "province", "district", "area", "seaside", "border", "industrial", "contested",
                                "disputed", "devastated", "battered", "main", "major", "of", "'s", "remote",
                                "provincial", "regional", "of", "small", "tiny", "large", "resort", "mountain",
                                "mountainous", "hometown", "home", "native", "its", "his", "her", "their"};
/* a capitalised word before a name that does not make it part of a longer name */
static word_list S_compass = {"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                              "central", "greater", "upper", "lower", "downtown", "occupied", "northeastern",
                              "northwestern", "southeastern", "southwestern"};
/* sentence-initial words before a name that do not make it part of a longer name: "In Kyiv" */
static word_list S_function_words = {"the", "a", "an", "on", "from", "to", "by", "with", "after", "before", "during",
                                     "via", "and", "but", "as", "like", "unlike", "despite", "since", "until",
                                     "while", "when", "where", "if", "of", "meanwhile", "then", "also", "for"};
static word_list S_time_words = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                                 "january", "february", "march", "april", "may", "june", "july", "august",
                                 "september", "october", "november", "december", "jan.", "feb.", "mar.", "apr.",
                                 "aug.", "sept.", "sep.", "oct.", "nov.", "dec.", "mon.", "tue.", "tues.", "wed.",
                                 "thu.", "thurs.", "fri.", "sat.", "sun.", "today", "tonight", "yesterday"};
/* continents: gazetteer towns are named after them, texts never mean those */
static word_list S_never = {"africa", "asia", "europe", "america", "americas", "oceania", "antarctica", "eurasia"};
/* "Donetsk region", "Washington State": the area */
static word_list S_area_suffix = {"region", "oblast", "province", "governorate", "prefecture", "county", "state",
                                  "district", "krai", "territory", "department", "raion", "regions",
                                  "provinces", "oblasts", "governorates"};

/*
 * Gazetteer names that are also common English words (WordNet 3.0 lemmas with
 * SemCor-tagged senses other than places and people, plus function words,
 * adjectives and continents), in alphabetical order: places only right after
 * a locative preposition or with a qualifier.
 */
static word_list S_common_words = {
    "acre", "alabaster", "along", "americana", "anew", "antelope", "arroyo", "badger",
    "balkan", "bar", "bath", "bay", "bear", "bell", "bend", "best", "boom", "boulder", "buffalo", "bury",
    "bush", "buy", "can", "cascade", "center", "central", "centre", "coin", "colon", "come", "converse",
    "cork", "corona", "cove", "crystal", "date", "deal", "defiance", "delta", "dig", "drama", "eagle", "east",
    "eastern", "encamp", "enterprise", "erode", "falcon", "federal", "fleet", "flint", "fountain",
    "gap", "garland", "gay", "golden", "grapevine", "green", "grove", "hem", "hillside", "holiday", "hook",
    "hue", "humble", "hurricane", "independence", "leer", "lend", "lens", "liberal", "liberty", "male", "man",
    "manage", "metro", "midway", "mission", "mobile", "moss", "most", "much", "nice", "normal", "north",
    "northeast", "northern", "northwest", "of", "opportunity", "oral", "orange", "oriental", "pace",
    "paramount", "pearl", "peel", "peer", "pen", "plantation", "plum", "plunge", "police", "pool", "pop",
    "posse", "prosper", "providence", "punch", "reading", "republic", "reservoir", "retreat", "reunion",
    "revere", "riverbank", "roman", "saga", "sake", "sale", "salt", "same", "sandy", "savage", "save", "sedan",
    "south", "split", "spring", "sterling", "stow", "sulphur", "superior", "surprise", "tame", "tank",
    "temple", "terrace", "than", "tire", "torrent", "union", "university", "upland", "vineyard", "vista",
    "walnut", "wedding", "weir", "west", "westerly", "western", "young"};

/* The lists above in one hash set, filled once and read-only after (every capitalised word asks it). */
static word_set S_lexicon;
static pthread_once_t S_lexicon_once = PTHREAD_ONCE_INIT;

#define ADD_LIST(list, bit) word_set_add(&S_lexicon, (list), sizeof(list) / sizeof *(list), (bit))

static void S_lexicon_build(void)
{
    ADD_LIST(S_locative_preps, L_LOCATIVE);
    ADD_LIST(S_goal_preps, L_GOAL);
    ADD_LIST(S_motion, L_MOTION);
    ADD_LIST(S_visit, L_VISIT);
    ADD_LIST(S_of_heads, L_OF_HEAD);
    ADD_LIST(S_modifiers, L_MODIFIER);
    ADD_LIST(S_compass, L_COMPASS);
    ADD_LIST(S_function_words, L_FUNCTION);
    ADD_LIST(S_time_words, L_TIME);
    ADD_LIST(S_never, L_NEVER);
    ADD_LIST(S_area_suffix, L_AREA);
    ADD_LIST(S_common_words, L_COMMON);
}

// The lists (L_* bits) the token's normalised form is on (places_scan_words and places_lookup have built
// the lexicon).
static uint32_t S_lists(const dyad_token *t)
{
    return word_set_bits(&S_lexicon, t->norm, t->norm_len);
}

/* MARK: token shapes */

// True when token t is a word.
static bool S_word(const dyad_token *t) { return t->kind == DYAD_TOK_WORD; }

// True when token t is a capitalised word ("Paris", "SEOUL").
static bool S_capword(const dyad_token *t) { return S_word(t) && (t->flags & DYAD_TF_CAP); }

// True when token t is the punctuation character c.
static bool S_punct(const dyad_token *t, char c)
{
    return t->kind == DYAD_TOK_PUNCT && t->norm_len == 1 && t->norm[0] == c;
}

// True when token i starts the sentence or a clause in quotes, brackets or after a colon or dash: a
// capital there says nothing.
static bool S_clause_start(const dyad_token *toks, uint32_t i)
{
    if (i == 0) return true;
    const dyad_token *p = &toks[i - 1];
    return p->kind == DYAD_TOK_QUOTE || p->kind == DYAD_TOK_DASH || p->kind == DYAD_TOK_ELLIPSIS ||
           (p->kind == DYAD_TOK_PUNCT && !S_punct(p, ','));
}

// True when both tokens are in capitals (an all-caps headline: case tells nothing about names).
static bool S_both_allcaps(const dyad_token *a, const dyad_token *b)
{
    return (a->flags & DYAD_TF_ALLCAPS) && (b->flags & DYAD_TF_ALLCAPS);
}

// True when token i is in capitals among words that are not ("the GAO said", "INA"): an acronym.
static bool S_acronym(const dyad_token *toks, uint32_t n, uint32_t i)
{
    if (!(toks[i].flags & DYAD_TF_ALLCAPS)) return false;
    for (uint32_t k = i; k > 0 && i - k < 3;) {
        k--;
        if (S_word(&toks[k])) { if (toks[k].flags & DYAD_TF_ALLCAPS) return false; break; }
    }
    for (uint32_t k = i + 1; k < n && k - i <= 3; k++)
        if (S_word(&toks[k])) return !(toks[k].flags & DYAD_TF_ALLCAPS);
    return true;
}

/* MARK: what the trie says about a name */

typedef struct name_info {
    bool place;             /* a gazetteer name */
    bool country;           /* also the name of a country (PH_ACTOR) */
    uint32_t country_ent;
    bool gov;               /* a metonym for a government ("Moscow", "Kremlin") */
    uint32_t gov_ent;
    bool actor;             /* a person, organisation or group, or a military metonym */
    bool word;              /* a verb, noun, agent, adjective or other dictionary word */
} name_info;

// Classifies the payloads of a match.
static name_info S_classify(const dyad_dict *d, const dict_payload *first)
{
    name_info f = {0};
    size_t guard = 0;
    for (const dict_payload *p = first; p && guard < 4096; p = dict_payload_next(d, p), guard++) {
        switch (p->kind) {
        case PH_PLACE: f.place = true; break;
        case PH_ACTOR:
            if (p->id < d->entities.n && DICT_AT(d, entities, dict_entity, p->id).kind == ENT_COUNTRY) {
                if (!f.country) f.country_ent = p->id;
                f.country = true;
            } else f.actor = true;
            break;
        case PH_GOV:
            if (p->id < d->entities.n && !f.gov) f.gov_ent = p->id;
            f.gov = p->id < d->entities.n;
            break;
        case PH_MIL: f.actor = true; break;
        default: f.word = true; break;
        }
    }
    return f;
}

// The ISO3 code of a country entity as the gazetteer writes it (its iso3 attribute, else its code); 0 if none.
static dict_str S_entity_iso3(const dyad_dict *d, uint32_t ent)
{
    if (ent >= d->entities.n) return 0;
    const dict_entity *e = &DICT_AT(d, entities, dict_entity, ent);
    if (e->kind != ENT_COUNTRY) return 0;
    return e->iso3 ? e->iso3 : e->code;
}

/* MARK: the words around a name */

// True when the word before token i (skipping modifiers) is a locative preposition, a visit verb,
// "north of"-like, or a coordination with the previous locative place (which ended at prev_te).
static bool S_locative(const dyad_token *toks, uint32_t i, uint32_t prev_te, bool prev_loc)
{
    for (uint32_t k = i, steps = 0; k > 0 && steps < WALK_MAX; steps++) {
        k--;
        const dyad_token *t = &toks[k];
        if ((S_punct(t, ',') || S_is(t, "and") || S_is(t, "or")) && k == prev_te) return prev_loc;
        if (t->kind != DYAD_TOK_WORD) return false;
        uint32_t lists = S_lists(t);
        if (lists & (L_LOCATIVE | L_VISIT)) return true;
        if (lists & L_GOAL)
            return k > 0 && (IN_LIST(&toks[k - 1], L_MOTION) || S_prefixed(&toks[k - 1], S_motion_prefixes,
                                                                           sizeof S_motion_prefixes / sizeof *S_motion_prefixes));
        if (S_is(t, "of") && k > 0 && IN_LIST(&toks[k - 1], L_OF_HEAD)) return true;
        bool skippable = (lists & L_MODIFIER) || (t->flags & (DYAD_TF_CAP | DYAD_TF_HYPHEN)) ||
                         (t->flags & DYAD_TF_CLITIC);
        if (!skippable) return false;
    }
    return false;
}

// True when the word before token i is a locative preposition (nothing between).
static bool S_right_after_prep(const dyad_token *toks, uint32_t i)
{
    return i > 0 && IN_LIST(&toks[i - 1], L_LOCATIVE);
}

// True when the name toks[tb..te) is part of a longer capitalised name on either side.
static bool S_inside_longer_name(const dyad_token *toks, uint32_t n, uint32_t tb, uint32_t te)
{
    if (te < n && S_capword(&toks[te]) && !S_both_allcaps(&toks[te - 1], &toks[te]) &&
        !IN_LIST(&toks[te], L_TIME | L_AREA) && !S_is(&toks[te], "city"))
        return true;
    if (tb == 0) return false;
    const dyad_token *p = &toks[tb - 1];
    if (!S_capword(p) || S_both_allcaps(p, &toks[tb]) || (p->flags & DYAD_TF_HYPHEN) || IN_LIST(p, L_COMPASS))
        return false;
    /* "In Kyiv", "Near Kharkiv", "Monday Kyiv" at the start of a sentence; "the Near East" is a name */
    return !(S_clause_start(toks, tb - 1) && IN_LIST(p, L_FUNCTION | L_LOCATIVE | L_TIME));
}

// True when the name at tb follows "Capitalised of" ("Bank of England", "Mayor of London").
static bool S_of_name(const dyad_token *toks, uint32_t tb)
{
    return tb >= 2 && S_is(&toks[tb - 1], "of") && S_capword(&toks[tb - 2]) &&
           !S_both_allcaps(&toks[tb - 2], &toks[tb]) && !IN_LIST(&toks[tb - 2], L_OF_HEAD);
}

// True when the words toks[tb..te) are capitalised as a name: the first (after an optional "the") and
// the last word.
static bool S_name_shape(const dyad_token *toks, uint32_t tb, uint32_t te)
{
    if (S_is(&toks[tb], "the") && te - tb > 1) tb++;
    if (!S_capword(&toks[tb])) return false;
    for (uint32_t k = te; k > tb; k--)
        if (S_word(&toks[k - 1])) return S_capword(&toks[k - 1]);
    return true;
}

/* MARK: qualifiers (", Texas", ", France") */

typedef struct qualifier {
    uint32_t te;                    /* end of the qualifier; 0 = none */
    dict_str iso3[QUAL_MAX];        /* countries named */
    size_t niso3;
    uint32_t area[QUAL_MAX];        /* first-level areas named (place indexes) */
    size_t narea;
} qualifier;

/* AP style abbreviations of US states in datelines and text ("SPRINGFIELD, Ill.", "Paris, Ky.") */
static const struct { const char *abbr, *state; } S_ap_states[] = {
    {"ala.", "alabama"}, {"ariz.", "arizona"}, {"ark.", "arkansas"}, {"calif.", "california"},
    {"colo.", "colorado"}, {"conn.", "connecticut"}, {"del.", "delaware"}, {"fla.", "florida"},
    {"ga.", "georgia"}, {"ill.", "illinois"}, {"ind.", "indiana"}, {"kan.", "kansas"}, {"ky.", "kentucky"},
    {"la.", "louisiana"}, {"md.", "maryland"}, {"mass.", "massachusetts"}, {"mich.", "michigan"},
    {"minn.", "minnesota"}, {"miss.", "mississippi"}, {"mo.", "missouri"}, {"mont.", "montana"},
    {"neb.", "nebraska"}, {"nev.", "nevada"}, {"n.h.", "new hampshire"}, {"n.j.", "new jersey"},
    {"n.m.", "new mexico"}, {"n.y.", "new york"}, {"n.c.", "north carolina"}, {"n.d.", "north dakota"},
    {"okla.", "oklahoma"}, {"ore.", "oregon"}, {"pa.", "pennsylvania"}, {"r.i.", "rhode island"},
    {"s.c.", "south carolina"}, {"s.d.", "south dakota"}, {"tenn.", "tennessee"}, {"vt.", "vermont"},
    {"va.", "virginia"}, {"wash.", "washington"}, {"w.va.", "west virginia"}, {"wis.", "wisconsin"},
    {"wyo.", "wyoming"}};

// The trie match of the US state whose AP abbreviation token t is (as if its name were written).
static dict_match_t S_ap_state(const dyad_dict *d, const dyad_token *t)
{
    dict_match_t none = {0, NULL};
    for (size_t i = 0; i < sizeof S_ap_states / sizeof *S_ap_states; i++) {
        if (!S_is(t, S_ap_states[i].abbr)) continue;
        dyad_token words[3];
        uint32_t n = 0;
        for (const char *w = S_ap_states[i].state; *w && n < 3;) {
            size_t l = strcspn(w, " ");
            words[n++] = (dyad_token){.kind = DYAD_TOK_WORD, .flags = DYAD_TF_CAP, .norm = w, .norm_len = (uint32_t)l};
            w += l + (w[l] == ' ');
        }
        dict_match_t m = dict_match(d, words, n, 0, 1u << PH_PLACE);
        return m.ntoks == n ? (dict_match_t){1, m.first} : none;
    }
    return none;
}

// Reads a ", Country" or ", Area" after a name ending at te into q (q->te == 0: none).
static void S_read_qualifier(const dyad_dict *d, const dyad_token *toks, uint32_t n, uint32_t te, qualifier *q)
{
    q->te = 0; /* the arrays are read only up to their counts: no memset of the whole */
    q->niso3 = q->narea = 0;
    if (te + 1 >= n || !S_punct(&toks[te], ',') || !S_capword(&toks[te + 1])) return;
    dict_match_t m = S_ap_state(d, &toks[te + 1]);
    if (!m.ntoks) m = dict_match(d, toks, n, te + 1, (1u << PH_PLACE) | (1u << PH_ACTOR));
    if (!m.ntoks) return;
    size_t guard = 0;
    for (const dict_payload *p = m.first; p && guard < 4096; p = dict_payload_next(d, p), guard++) {
        if (p->kind == PH_PLACE && p->id < d->places.n && q->narea < QUAL_MAX) {
            const dict_place *pl = &DICT_AT(d, places, dict_place, p->id);
            if (strcmp(dict_s(d, pl->kind), "adm1") == 0) q->area[q->narea++] = p->id;
        } else if (p->kind == PH_ACTOR && q->niso3 < QUAL_MAX) {
            dict_str iso = S_entity_iso3(d, p->id);
            if (iso) q->iso3[q->niso3++] = iso;
        }
    }
    uint32_t end = te + 1 + (uint32_t)m.ntoks;
    /* "Kharkiv, Ukraine's second city": an apposition, not a qualifier */
    if (end < n && (toks[end].flags & DYAD_TF_CLITIC)) return;
    if (q->narea || q->niso3) q->te = end;
}

// Distance in km between two points (equirectangular: good enough within a country).
static double S_km(double lat1, double lon1, double lat2, double lon2)
{
    double dlon = fabs(lon1 - lon2);
    if (dlon > 180) dlon = 360 - dlon;
    double x = dlon * cos((lat1 + lat2) / 2 * 3.14159265358979 / 180), y = lat1 - lat2;
    return 111.2 * sqrt(x * x + y * y);
}

// How well place pl fits qualifier q: 0 = not at all; 1 = its country; 2 = its country and an area of
// it named (then *km is the distance to the nearest such area's centre).
static int S_fit(const dyad_dict *d, const qualifier *q, const dict_place *pl, double *km)
{
    int fit = 0;
    *km = 0;
    for (size_t i = 0; i < q->niso3; i++)
        if (q->iso3[i] == pl->country || !strcmp(dict_s(d, q->iso3[i]), dict_s(d, pl->country))) fit = 1;
    for (size_t i = 0; i < q->narea; i++) {
        const dict_place *a = &DICT_AT(d, places, dict_place, q->area[i]);
        if (a->country != pl->country) continue;
        double k = S_km(a->lat, a->lon, pl->lat, pl->lon);
        if (fit < 2 || k < *km) *km = k;
        fit = 2;
    }
    return fit;
}

/* MARK: choosing a reading */

typedef struct choice_ctx {
    const char *const *countries;
    size_t ncountries;
    const qualifier *q;      /* NULL or a qualifier some reading fits */
    int prefer;              /* 1: areas ("X region"), 2: cities ("X city"), 0: none */
    dict_str own_iso3;       /* a country name: its city-state reading ... */
    size_t own_rank;         /* ... or readings in a country listed before this rank only */
    bool restricted;
    const dyad_token *toks;  /* the name's words */
    uint32_t tb, te;
} choice_ctx;

typedef struct cand_key {
    int fit;                 /* qualifier fit, higher better */
    double km;               /* distance to the qualifying area, lower better */
    int preferred;           /* kind asked for by a suffix, higher better */
    int listed;              /* country in the list, higher better */
    int magnitude;           /* order of magnitude of the population, capitals +1 */
    size_t rank;             /* country's position in the list, lower better */
    int kind;                /* capital 0, city 1, area 2 */
    uint32_t population;
    dict_str country;
    float lat, lon;
} cand_key;

// Position of iso3 in the document's countries, or ncountries when absent.
static size_t S_country_rank(const choice_ctx *c, const char *iso3)
{
    for (size_t i = 0; i < c->ncountries && i < 64; i++) {
        const char *ci = c->countries[i];
        if (ci && (ci == iso3 || (ci[0] == iso3[0] && !strcmp(ci, iso3)))) return i;
    }
    return c->ncountries;
}

// 0 for a capital, 1 for a city, 2 for a first-level area.
static int S_kind_rank(const char *kind)
{
    if (kind[0] == 'c' && !strcmp(kind, "capital")) return 0;
    if (kind[0] == 'a' && !strcmp(kind, "adm1")) return 2;
    return 1;
}

// The ranking key of a reading.
static cand_key S_key(const dyad_dict *d, const choice_ctx *c, const dict_place *pl)
{
    cand_key k = {0};
    if (c->q) k.fit = S_fit(d, c->q, pl, &k.km);
    k.kind = S_kind_rank(dict_s(d, pl->kind));
    k.preferred = c->prefer == 1 ? k.kind == 2 : c->prefer == 2 ? k.kind != 2 : 0;
    k.rank = S_country_rank(c, dict_s(d, pl->country));
    k.listed = k.rank < c->ncountries;
    for (uint32_t pop = pl->population; pop >= 10; pop /= 10) k.magnitude++;
    if (k.kind == 0) k.magnitude++;
    k.population = pl->population;
    k.country = pl->country;
    k.lat = pl->lat;
    k.lon = pl->lon;
    return k;
}

// True when key a is better than key b.
static bool S_better(const cand_key *a, const cand_key *b)
{
    if (a->fit != b->fit) return a->fit > b->fit;
    if (a->fit == 2 && a->km != b->km) return a->km < b->km;
    if (a->preferred != b->preferred) return a->preferred > b->preferred;
    /* a city is meant before the area named after it ("Tel Aviv", "Kharkiv"), not before a distant
       area of the same name ("Wyoming" the state, not the town in Michigan) */
    if (a->country == b->country && (a->kind == 2) != (b->kind == 2) && S_km(a->lat, a->lon, b->lat, b->lon) < NEAR_KM)
        return a->kind < b->kind;
    if (a->listed != b->listed) return a->listed > b->listed;
    if (a->magnitude != b->magnitude) return a->magnitude > b->magnitude;
    if (a->rank != b->rank) return a->rank < b->rank;
    if (a->kind != b->kind) return a->kind < b->kind;
    return a->population > b->population;
}

// True when the words toks[tb..te) spell the place's own name (not an alternate): "Singapore",
// "Hong Kong", but not "Mexico" for México state or "Panama" for Panama City.
static bool S_own_name(const dyad_dict *d, const dict_place *pl, const dyad_token *toks, uint32_t tb, uint32_t te)
{
    const char *name = dict_s(d, pl->name);
    for (uint32_t k = tb; k < te; k++) {
        if (k > tb && *name++ != ' ') return false;
        for (uint32_t j = 0; j < toks[k].norm_len; j++, name++) {
            char c = *name >= 'A' && *name <= 'Z' ? (char)(*name + 32) : *name;
            if (!c || c != toks[k].norm[j]) return false;
        }
    }
    return *name == '\0';
}

// True when a country name's reading pl may be taken (see choice_ctx.own_iso3).
static bool S_allowed(const dyad_dict *d, const choice_ctx *c, const dict_place *pl)
{
    if (!c->restricted) return true;
    if (pl->country == c->own_iso3 || !strcmp(dict_s(d, pl->country), dict_s(d, c->own_iso3)))
        return S_kind_rank(dict_s(d, pl->kind)) != 2 && S_own_name(d, pl, c->toks, c->tb, c->te);
    return S_country_rank(c, dict_s(d, pl->country)) < c->own_rank;
}

// The best reading among the PH_PLACE payloads from first, or UINT32_MAX; *key gets its key.
static uint32_t S_choose(const dyad_dict *d, const dict_payload *first, const choice_ctx *c, cand_key *key)
{
    uint32_t best = UINT32_MAX;
    cand_key bk = {0};
    size_t seen = 0, guard = 0;
    for (const dict_payload *p = first; p && seen < CAND_MAX && guard < 4096; p = dict_payload_next(d, p), guard++) {
        if (p->kind != PH_PLACE || p->id >= d->places.n) continue;
        seen++;
        const dict_place *pl = &DICT_AT(d, places, dict_place, p->id);
        if (!S_allowed(d, c, pl)) continue;
        cand_key k = S_key(d, c, pl);
        if (best == UINT32_MAX || S_better(&k, &bk)) { best = p->id; bk = k; }
    }
    if (key) *key = bk;
    return best;
}

// True when some reading among the payloads fits the qualifier.
static bool S_qualifier_fits(const dyad_dict *d, const dict_payload *first, const qualifier *q)
{
    size_t guard = 0;
    for (const dict_payload *p = first; p && guard < 4096; p = dict_payload_next(d, p), guard++) {
        if (p->kind != PH_PLACE || p->id >= d->places.n) continue;
        double km;
        if (S_fit(d, q, &DICT_AT(d, places, dict_place, p->id), &km)) return true;
    }
    return false;
}

// The most populous national capital of a country entity, or UINT32_MAX.
static uint32_t S_capital_of(const dyad_dict *d, uint32_t ent)
{
    dict_str iso = S_entity_iso3(d, ent);
    if (!iso) return UINT32_MAX;
    uint32_t best = UINT32_MAX;
    for (size_t i = 0; i < d->places.n; i++) {
        const dict_place *pl = &DICT_AT(d, places, dict_place, i);
        if (pl->country != iso || strcmp(dict_s(d, pl->kind), "capital")) continue;
        if (best == UINT32_MAX || pl->population > DICT_AT(d, places, dict_place, best).population) best = (uint32_t)i;
    }
    return best;
}

/* MARK: reading one name */

typedef struct scan_state {
    const dyad_dict *d;
    const dyad_token *toks;
    const dict_word *words;  /* the dictionary's word of each token, or NULL */
    const dict_match_t *names; /* the match of any kind at each token where a name may start (the parse's), or NULL */
    uint32_t n;
    const char *const *countries;
    size_t ncountries;
    uint32_t prev_te;        /* end of the last place reported, for "in Seoul and Tokyo" */
    bool prev_loc;
    bool dateline;           /* places_lookup: the text is a place name on its own */
} scan_state;

// The token after a name that starts at i and ends at te when the name is not read (a lone "the" moves on
// by one word, anything else past the phrase).
static uint32_t S_skip(const dyad_token *toks, uint32_t i, uint32_t te)
{
    return toks[i].norm_len == 3 && !memcmp(toks[i].norm, "the", 3) ? i + 1 : te;
}

// True when the gazetteer name toks[i..te) (qualified: followed by a qualifier some reading fits) is to be
// reported, by the rules at the top of this file.
static bool S_reportable(const scan_state *s, const name_info *f, uint32_t i, uint32_t te, bool loc, bool qualified)
{
    const dyad_token *toks = s->toks;
    if (te - i == 1 && IN_LIST(&toks[i], L_TIME | L_NEVER)) return false;
    if (qualified) return true;
    bool single = te - i == 1 || (te - i == 2 && S_is(&toks[i], "the"));
    /* a word, not a name, unless right after a preposition (the cheap tests first) */
    if (single && !s->dateline && !S_right_after_prep(toks, i) &&
        (f->word || IN_LIST(&toks[te - 1], L_COMMON) || S_acronym(toks, s->n, te - 1)))
        return false;
    if ((f->gov || f->actor || f->country) && !loc) return false;
    return loc || !S_of_name(toks, i);
}

// Adds to q the countries a phrase names: a country's, a metonym's, or each reading's of a place.
static void S_countries_of(const dyad_dict *d, const dict_payload *first, qualifier *q)
{
    size_t guard = 0;
    for (const dict_payload *p = first; p && guard < 4096 && q->niso3 < QUAL_MAX; p = dict_payload_next(d, p), guard++) {
        dict_str iso = 0;
        if (p->kind == PH_ACTOR || p->kind == PH_GOV) iso = S_entity_iso3(d, p->id);
        else if (p->kind == PH_PLACE && p->id < d->places.n) iso = DICT_AT(d, places, dict_place, p->id).country;
        if (iso) q->iso3[q->niso3++] = iso;
    }
}

// Reads the place or country that holds the name toks[tb..te) into q as countries: a possessor before
// it ("Syria's Hama", "Mosul's Old City") or "of Place" after it ("the Old City of Mosul").  False when
// there is none.
static bool S_read_holder(const dyad_dict *d, const dyad_token *toks, uint32_t n, uint32_t tb, uint32_t te, qualifier *q)
{
    q->te = 0; /* the arrays are read only up to their counts: no memset of the whole */
    q->niso3 = q->narea = 0;
    const uint32_t want = (1u << PH_PLACE) | (1u << PH_ACTOR) | (1u << PH_GOV);
    if (tb >= 2 && S_is(&toks[tb - 1], "'s")) {
        uint32_t end = tb - 1;
        for (uint32_t k = end > 4 ? end - 4 : 0; k < end; k++) {
            dict_match_t m = dict_match(d, toks, end, k, want);
            if (m.ntoks == end - k) { S_countries_of(d, m.first, q); break; }
        }
    }
    if (!q->niso3 && te + 1 < n && S_is(&toks[te], "of") && S_capword(&toks[te + 1])) {
        dict_match_t m = dict_match(d, toks, n, te + 1, want);
        if (m.ntoks) S_countries_of(d, m.first, q);
    }
    return q->niso3 > 0;
}

// The area named by the qualifier in the country of place, when place is far from it ("Paris, Kentucky"
// is not the Texan Paris), else place.
static uint32_t S_far_namesake(const dyad_dict *d, const qualifier *q, const cand_key *key, uint32_t place)
{
    if (key->fit != 2 || key->km <= FAR_KM) return place;
    for (size_t k = 0; k < q->narea; k++)
        if (DICT_AT(d, places, dict_place, q->area[k]).country == DICT_AT(d, places, dict_place, place).country)
            return q->area[k];
    return place;
}

// Chooses the reading of the gazetteer name toks[i..te) with payloads from first; q: the qualifier or
// possessor some reading fits, or NULL; *end gets the end of the mention (suffix words included).
static uint32_t S_reading(const scan_state *s, const name_info *f, const dict_payload *first, uint32_t i,
                          uint32_t te, const qualifier *q, uint32_t *end)
{
    const dyad_token *toks = s->toks;
    choice_ctx c = {s->countries, s->ncountries, q, 0, 0, 0, false, toks, i, te};
    *end = q && q->te ? q->te : te;
    if (!(q && q->te) && te < s->n && S_word(&toks[te])) {
        if (IN_LIST(&toks[te], L_AREA)) { c.prefer = 1; *end = te + 1; }
        else if (S_is(&toks[te], "city")) { c.prefer = 2; *end = te + 1; }
    }
    if (f->country && !q) {
        c.restricted = true;
        c.own_iso3 = S_entity_iso3(s->d, f->country_ent);
        c.own_rank = c.own_iso3 ? S_country_rank(&c, dict_s(s->d, c.own_iso3)) : 0;
    }
    cand_key key;
    uint32_t place = S_choose(s->d, first, &c, &key);
    return place != UINT32_MAX && q ? S_far_namesake(s->d, q, &key, place) : place;
}

// Reads the place name starting at token i, if any, into *out; returns the token to continue from.
static uint32_t S_read_name(scan_state *s, uint32_t i, place_ref *out, bool *found)
{
    const dyad_dict *d = s->d;
    const dyad_token *toks = s->toks;
    *found = false;
    const uint32_t all = 0;
    dict_match_t m;
    if (s->names) m = s->names[i];
    else dict_match_multi(d, toks, s->words, s->n, i, &all, 1, &m);
    if (!m.ntoks) return i + 1;
    uint32_t te = i + (uint32_t)(m.ntoks > NAME_MAX_TOKS ? NAME_MAX_TOKS : m.ntoks);
    /* most names are actors or people, neither a gazetteer name nor a metonym: the kinds of the match say
       so without reading its payloads */
    if (!(m.kinds & ((1u << PH_PLACE) | (1u << PH_GOV)))) return S_skip(toks, i, te);
    name_info f = S_classify(d, m.first);
    if (!S_name_shape(toks, i, te) || S_inside_longer_name(toks, s->n, i, te)) return S_skip(toks, i, te);
    if (!f.place && !f.gov) return S_skip(toks, i, te); /* most names: an actor, a person */
    bool loc = s->dateline || S_locative(toks, i, s->prev_te, s->prev_loc);
    if (!f.place) {
        /* a longer phrase covers the words; a metonym that is no gazetteer name ("Kiev", "the
           Kremlin") stands, where locative, for its country's capital */
        uint32_t cap = loc ? S_capital_of(d, f.gov_ent) : UINT32_MAX;
        if (cap == UINT32_MAX) return S_skip(toks, i, te);
        *out = (place_ref){i, te, cap, true};
        *found = true;
        return te;
    }
    qualifier q, pq;
    S_read_qualifier(d, toks, s->n, te, &q);
    bool qualified = q.te && S_qualifier_fits(d, m.first, &q);
    bool possessed = !qualified && S_read_holder(d, toks, s->n, i, te, &pq);
    /* "Mosul's Old City" is not Jerusalem's */
    if (possessed && !S_qualifier_fits(d, m.first, &pq)) return te;
    if (!S_reportable(s, &f, i, te, loc, qualified)) return te;
    uint32_t end;
    uint32_t place = S_reading(s, &f, m.first, i, te, qualified ? &q : possessed ? &pq : NULL, &end);
    if (place == UINT32_MAX) return te;
    *out = (place_ref){i, end, place, loc};
    *found = true;
    return end;
}

/* MARK: public API */

size_t places_scan(const dyad_dict *d, const dyad_token *toks, uint32_t n, const char *const *countries,
                   size_t ncountries, place_ref *out, size_t max)
{
    return places_scan_words(d, toks, NULL, NULL, n, countries, ncountries, out, max);
}

size_t places_scan_words(const dyad_dict *d, const dyad_token *toks, const dict_word *words, const dict_match_t *names,
                         uint32_t n, const char *const *countries, size_t ncountries, place_ref *out, size_t max)
{
    if (!d || !toks || !out || !max || !d->places.n) return 0;
    pthread_once(&S_lexicon_once, S_lexicon_build); /* once here, not per word (S_lists) */
    scan_state s = {d, toks, words, words ? names : NULL, n, countries, countries ? ncountries : 0, UINT32_MAX, false, false};
    size_t stored = 0;
    for (uint32_t i = 0; i < n && stored < max;) {
        if (!places_name_start(toks, n, i)) { i++; continue; }
        bool found;
        place_ref r;
        uint32_t next = S_read_name(&s, i, &r, &found);
        if (found) {
            out[stored++] = r;
            s.prev_te = r.te;
            s.prev_loc = r.locative;
        }
        i = next > i ? next : i + 1;
    }
    return stored;
}

// True when s[0..n) is valid UTF-8 (the tokenizer expects repaired text).
static bool S_valid_utf8(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        int clen = 1;
        if (dyad_utf8_decode((const unsigned char *)s + i, n - i, &clen) < 0) return false;
        i += clen > 0 ? (size_t)clen : 1;
    }
    return true;
}

int64_t places_lookup(const dyad_dict *d, const char *s, size_t n, const char *const *countries,
                      size_t ncountries)
{
    if (!d || !s || !n || n > 256 || !d->places.n || !S_valid_utf8(s, n)) return -1;
    pthread_once(&S_lexicon_once, S_lexicon_build); /* once here, not per word (S_lists) */
    dyad_tokvec tv = {NULL, 0, 0};
    dyad_arena ar;
    dyad_arena_init(&ar, &d->alloc);
    int64_t result = -1;
    if (dyad_tokenize(s, n, &tv, &ar, &d->alloc) && tv.n && tv.n <= UINT32_MAX) {
        uint32_t i = 0, tn = (uint32_t)tv.n;
        while (i < tn && !S_word(&tv.v[i])) i++;
        if (i < tn) {
            /* a dateline names a place: read it as if after "in" */
            scan_state st = {d, tv.v, NULL, NULL, tn, countries, countries ? ncountries : 0, UINT32_MAX, false, true};
            place_ref r;
            bool found;
            S_read_name(&st, i, &r, &found);
            if (found) result = r.place;
        }
    }
    dyad__free(&d->alloc, tv.v);
    dyad_arena_free(&ar);
    return result;
}
