/*
 * actors_info.c — what the dictionaries say about a code, for writers that
 * spell codes out (the event store's source_name/source_country columns,
 * ICEWS-style output): the name of the entity an actor code belongs to, the
 * country its first three letters name, and the codebook name of an event
 * code.  Read-only over a loaded dyad_dict, so safe from many threads.
 */
#include "dict.h"

// Returns the non-person entity whose default code is code[0..n), preferring
// countries, then organisations, groups and generic actors; NULL if none.
static const dict_entity *S_entity_with_code(const dyad_dict *d, const char *code, size_t n)
{
    static const uint8_t order[] = {ENT_COUNTRY, ENT_IGO, ENT_GROUP, ENT_ACTOR};
    const dict_entity *best = NULL;
    size_t best_rank = sizeof order;
    for (size_t i = 0; i < d->entities.n; i++) {
        const dict_entity *e = &DICT_AT(d, entities, dict_entity, i);
        if (!e->code || e->kind == ENT_PERSON) continue;
        const char *c = dict_s(d, e->code);
        if (strncmp(c, code, n) != 0 || c[n] != '\0') continue;
        size_t rank = 0;
        while (rank < sizeof order && order[rank] != e->kind) rank++;
        if (rank < best_rank) { best = e; best_rank = rank; }
        if (rank == 0) break;
    }
    return best;
}

bool dyad_dict_actor_info(const dyad_dict *dict, const char *code, const char **name, const char **country_iso3,
                          const char **country_name)
{
    if (name) *name = NULL;
    if (country_iso3) *country_iso3 = NULL;
    if (country_name) *country_name = NULL;
    if (!dict || !code || !*code) return false;
    size_t n = strlen(code);
    const dict_entity *whole = S_entity_with_code(dict, code, n);
    if (whole && name) *name = dict_s(dict, whole->name);
    const dict_entity *c = n >= 3 ? S_entity_with_code(dict, code, 3) : NULL;
    if (c && c->kind != ENT_COUNTRY) c = NULL;
    if (c) {
        if (country_iso3) *country_iso3 = c->iso3 ? dict_s(dict, c->iso3) : dict_s(dict, c->code);
        if (country_name) *country_name = dict_s(dict, c->name);
    }
    return whole || c;
}

const char *dyad_dict_event_name(const dyad_dict *dict, const char *code)
{
    if (!dict || !code) return NULL;
    const dict_event_code *c = dict_find_event_code(dict, code);
    return c && c->name ? dict_s(dict, c->name) : NULL;
}
