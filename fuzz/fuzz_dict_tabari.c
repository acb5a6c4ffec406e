/* fuzz_dict_tabari.c — the TABARI dictionary reader (src/dict_tabari.c).  The first byte picks
 * the file kind (.actors, .agents, .verbs or .options), the rest is the file: it is written to a
 * temporary file, loaded into a new dictionary whose invariants are checked, and a few phrases
 * (fixed ones and the start of the input) are coded with and without a date. */
#include "fuzz_common.h"
#include "dict.h"

/* Checks that every index the reader stored points inside its vector; aborts otherwise. */
static void fuzz_check_dict(const dyad_dict *d)
{
    for (size_t i = 0; i < d->patterns.n; i++) {
        const dict_pattern *p = &DICT_AT(d, patterns, dict_pattern, i);
        if (p->verb >= d->verbs.n || (size_t)p->elem_begin + p->nelems > d->elems.n) abort();
        for (uint32_t k = 0; k < p->nelems; k++) {
            const dict_elem *e = &DICT_AT(d, elems, dict_elem, p->elem_begin + k);
            if (e->kind == PE_WORD && (e->count == 0 || (size_t)e->id + e->count > d->alts.n)) abort();
            if (e->kind == PE_SYNSET && e->id >= d->synsets.n) abort();
        }
    }
    for (size_t i = 0; i < d->entities.n; i++) {
        const dict_entity *e = &DICT_AT(d, entities, dict_entity, i);
        if ((size_t)e->role_begin + e->nroles > d->roles.n) abort();
    }
    for (size_t i = 1; i < d->payloads.n; i++) {
        const dict_payload *p = &DICT_AT(d, payloads, dict_payload, i);
        if ((p->kind == PH_ACTOR && p->id >= d->entities.n) || (p->kind == PH_AGENT && p->id >= d->agents.n) ||
            (p->kind == PH_VERB && p->id >= d->verbs.n) || (p->kind == PH_SYNSET && p->id >= d->synsets.n))
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const ext[] = {".actors", ".agents", ".verbs", ".options"};
    if (size < 1) return 0;
    char path[128];
    snprintf(path, sizeof path, "/tmp/dyad-fuzz-tabari-%d%s", (int)getpid(), ext[data[0] & 3]);
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    if (size > 1 && fwrite(data + 1, 1, size - 1, f) != size - 1) { fclose(f); unlink(path); return 0; }
    fclose(f);
    dyad_options *o = dyad_options_new();
    dyad_options_set_diag(o, fuzz_ignore_diag, NULL);
    dyad_dict *d = dyad_dict_new(o, NULL);
    dyad_dict_load(d, path, NULL);
    unlink(path);
    fuzz_check_dict(d);
    /* the input's first phrase, up to its code or the end of the line */
    size_t n = 0;
    while (1 + n < size && n < 64 && data[1 + n] != '[' && data[1 + n] != '\n') n++;
    const char *phrases[] = {"Gollum", "the Israeli president", "Fauna & Flora International", "peace-keeping forces"};
    char code[64];
    for (size_t i = 0; i < sizeof phrases / sizeof *phrases; i++) {
        dyad_dict_code_actor(d, phrases[i], strlen(phrases[i]), NULL, code, sizeof code);
        dyad_dict_code_actor(d, phrases[i], strlen(phrases[i]), "1995-06-01", code, sizeof code);
    }
    dyad_dict_code_actor(d, (const char *)data + 1, n, NULL, code, sizeof code);
    dyad_dict_code_actor(d, (const char *)data + 1, n, "2029-12-31", code, sizeof code);
    (void)dict_option(d, "COMPLEX");
    dyad_dict_stats st;
    dyad_dict_get_stats(d, &st);
    dyad_dict_free(d);
    dyad_options_free(o);
    return 0;
}
