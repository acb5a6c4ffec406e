/*
 * actor.c — reading an actor code off a noun phrase: dictionary matches of
 * actors, adjectives, metonyms and agents combined the CAMEO way
 * ("South Korean" + "troops" = KOR + MIL = KORMIL; "Seoul" = KORGOV; "former
 * foreign minister" = ELI), with date-limited codes chosen by the date.
 * The coder calls dict_code_tokens on its noun phrases; dyad_dict_code_actor
 * offers the same to callers and tests.
 */
#include "dict.h"

#include <stdio.h>

// True when code already ends with (or, for prefixes, starts with) agent at a 3-letter boundary.
static bool S_has_part(const char *code, const char *agent)
{
    size_t n = strlen(code), k = strlen(agent);
    for (size_t i = 0; i + k <= n; i += 3)
        if (memcmp(code + i, agent, k) == 0) return true;
    return false;
}

// Appends the agent code to the actor code in out (size cap), CAMEO style.
static void S_combine(char *out, size_t cap, const char *actor, const char *agent, bool prefix)
{
    if (!actor || !*actor) { dict_copys(out, cap, agent ? agent : ""); return; }
    if (!agent || !*agent || S_has_part(actor, agent)) { dict_copys(out, cap, actor); return; }
    /* a person's or organisation's full code already carries its sector: keep it */
    if (strlen(actor) > 3 && !prefix) { dict_copys(out, cap, actor); return; }
    const char *first = prefix ? agent : actor, *second = prefix ? actor : agent;
    size_t n = dict_copys(out, cap, first);
    dict_copys(out + n, cap - n, second);
}

// Candidate actors of a phrase, by strength: a person's dated code, a noun (country, organisation,
// group, metonym), an adjective ("South Korean").
typedef struct candidates {
    char person[64], noun[64], adj[64];
    char former_country[4];  /* country of a person matched outside their roles */
    uint32_t person_entity;
} candidates;

// Replaces code with the person's role code that starts like `hint` (an organisation or country
// named in the same phrase), if there is one.
static void S_role_matching(const dyad_dict *d, uint32_t entity, const char *hint, char *code, size_t cap)
{
    const dict_entity *e = &DICT_AT(d, entities, dict_entity, entity);
    const dict_role *roles = (const dict_role *)d->roles.v + e->role_begin;
    size_t hl = strlen(hint) >= 6 ? 6 : 3;
    if (!strncmp(code, hint, hl)) return;
    for (uint32_t i = e->nroles; i > 0; i--) {
        const char *rc = dict_s(d, roles[i - 1].code);
        if (!strncmp(rc, hint, hl)) { dict_copys(code, cap, rc); return; }
    }
}

// Records the actor code of payload p on the day into the candidate slot its kind calls for.
static void S_candidate(const dyad_dict *d, const dict_payload *p, dict_day day, candidates *c)
{
    const char *code = dict_entity_code(d, p->id, day);
    const dict_entity *e = &DICT_AT(d, entities, dict_entity, p->id);
    if (!code) {
        /* a person outside every role is not that actor, but "former" still needs the country */
        const char *latest = dict_entity_code(d, p->id, 0);
        if (latest && strlen(latest) >= 3 && !*c->former_country) dict_copy(c->former_country, 4, latest, 3);
        return;
    }
    const char *suffix = p->kind == PH_GOV ? "GOV" : p->kind == PH_MIL ? "MIL" : "";
    char buf[64];
    size_t n = dict_copys(buf, sizeof buf, code);
    if (*suffix && !S_has_part(code, suffix) && n == 3) dict_copys(buf + n, sizeof buf - n, suffix);
    char *slot = e->kind == ENT_PERSON ? c->person : p->kind == PH_ADJ ? c->adj : c->noun;
    if (!*slot) {
        dict_copys(slot, 64, buf);
        if (e->kind == ENT_PERSON) c->person_entity = p->id;
    }
}

// True when t says the person no longer holds the office named after it: "former", and the
// ways of losing it ("ousted president", "deposed king"): CAMEO codes them as elites (ELI).
static bool S_former_word(const dyad_token *t)
{
    /* by length, with fixed-size compares (inlined): every token of every noun phrase is asked */
    switch (t->norm_len) {
    case 6: return memcmp(t->norm, "former", 6) == 0 || memcmp(t->norm, "ousted", 6) == 0;
    case 7: return memcmp(t->norm, "deposed", 7) == 0 || memcmp(t->norm, "toppled", 7) == 0;
    case 10: return memcmp(t->norm, "overthrown", 10) == 0;
    default: return false;
    }
}

// "Vietnamese-led forces", "Saudi-led coalition", "US-led", "Hamas-led government": the country of who
// leads the actor, as an adjective would give it ("NATO-led", "Kurdish-led" and "opposition-led" name no
// country: nothing).
static void S_led_by(const dyad_dict *d, const dyad_token *t, dict_day day, candidates *c)
{
    if (*c->adj || !(t->flags & DYAD_TF_HYPHEN) || t->norm_len < 6 || t->norm_len > 40 ||
        memcmp(t->norm + t->norm_len - 4, "-led", 4))
        return;
    dyad_token lead = *t;
    lead.norm_len = t->norm_len - 4;
    lead.len = lead.norm_len;
    lead.flags = (uint16_t)(t->flags & (DYAD_TF_CAP | DYAD_TF_NONASCII));
    /* the letters' case is gone from the norm: a short capitalised leader is the abbreviation ("US-led") */
    if ((t->flags & DYAD_TF_CAP) && lead.norm_len <= 3) lead.flags |= DYAD_TF_ALLCAPS;
    const uint32_t want = (1u << PH_ACTOR) | (1u << PH_ADJ);
    dict_match_t m;
    dict_match_multi(d, &lead, NULL, 1, 0, &want, 1, &m);
    for (const dict_payload *p = m.first; p && m.ntoks; p = dict_payload_next(d, p)) {
        if (p->kind != PH_ACTOR && p->kind != PH_ADJ) continue;
        const char *code = dict_entity_code(d, p->id, day);
        const dict_code_ref *r = code && strlen(code) >= 3 ? dict_find_code(d, code, 3, DICT_REF_ENTITY) : NULL;
        if (r && r->id < d->entities.n && DICT_AT(d, entities, dict_entity, r->id).kind == ENT_COUNTRY) {
            dict_copy(c->adj, sizeof c->adj, code, 3);
            return;
        }
    }
}

size_t dict_code_tokens(const dyad_dict *d, const dyad_token *toks, size_t n, dict_day day, char *out,
                        size_t cap, size_t *consumed)
{
    return dict_code_words(d, toks, NULL, NULL, NULL, n, day, out, cap, consumed);
}

size_t dict_code_words(const dyad_dict *d, const dyad_token *toks, const dict_word *words, const dict_match_t *pre,
                       const uint8_t *pre_ok, size_t n, dict_day day, char *out, size_t cap, size_t *consumed)
{
    candidates c; /* empty strings: only their first bytes are cleared (a call per noun phrase) */
    c.person[0] = c.noun[0] = c.adj[0] = c.former_country[0] = '\0';
    c.person_entity = UINT32_MAX;
    char agent[32] = "";
    bool agent_prefix = false, former = false, have_agent = false;
    size_t i = 0, last = 0;
    const uint32_t want = DICT_CODE_KINDS;
    while (i < n) {
        const dyad_token *t = &toks[i];
        if (S_former_word(t)) { former = true; i++; continue; }
        dict_match_t m;
        if (pre && pre_ok[i] && i + pre[i].ntoks <= n) m = pre[i];
        else dict_match_multi(d, toks, words, n, i, &want, 1, &m);
        if (!m.ntoks) { S_led_by(d, t, day, &c); i++; continue; }
        for (const dict_payload *p = m.first; p; p = dict_payload_next(d, p)) {
            if (p->kind == PH_AGENT && !have_agent) {
                const dict_agent *a = &DICT_AT(d, agents, dict_agent, p->id);
                dict_copys(agent, sizeof agent, dict_s(d, a->code));
                agent_prefix = a->prefix;
                have_agent = true;
            } else if (p->kind == PH_ACTOR || p->kind == PH_ADJ || p->kind == PH_GOV || p->kind == PH_MIL)
                S_candidate(d, p, day, &c);
        }
        i += m.ntoks;
        last = i;
    }
    if (consumed) *consumed = last;
    const char *actor = *c.person ? c.person : *c.noun ? c.noun : *c.adj ? c.adj : NULL;
    if (!actor && former && *c.former_country) actor = c.former_country;
    if (!actor && !have_agent) { if (cap) out[0] = '\0'; return 0; }
    if (former && have_agent) { dict_copys(agent, sizeof agent, "ELI"); agent_prefix = false; }
    if (*c.person && !former) {
        /* "NATO Secretary General Jens Stoltenberg": a title in the phrase picks the person's role */
        if ((*c.noun || *c.adj) && c.person_entity != UINT32_MAX)
            S_role_matching(d, c.person_entity, *c.noun ? c.noun : c.adj, c.person, sizeof c.person);
        dict_copys(out, cap, c.person);
        return strlen(out);
    }
    S_combine(out, cap, actor, have_agent ? agent : NULL, agent_prefix);
    return strlen(out);
}

size_t dyad_dict_code_actor(const dyad_dict *d, const char *phrase, size_t len, const char *date,
                            char *out, size_t outsize)
{
    if (!d || !phrase || !out || !outsize) return 0;
    out[0] = '\0';
    dict_day day = 0;
    if (date && *date) {
        day = dict_parse_day(date, strlen(date), false);
        if (day < 0) return 0;
    }
    dyad_tokvec tv = {NULL, 0, 0};
    dyad_arena ar;
    dyad_arena_init(&ar, &d->alloc);
    size_t r = 0;
    if (dyad_tokenize(phrase, len, &tv, &ar, &d->alloc))
        r = dict_code_tokens(d, tv.v, tv.n, day, out, outsize, NULL);
    dyad__free(&d->alloc, tv.v);
    dyad_arena_free(&ar);
    return r;
}
