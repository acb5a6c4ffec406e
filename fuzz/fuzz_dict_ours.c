/* fuzz_dict_ours.c — dyad's own dictionary reader: the input is written to a
 * file whose directory and name (picked by the first byte) select the kind:
 * codebook, actor codes, countries/groups/people blocks, agents, verbs,
 * synonym sets, discards, places; then phrases are coded with it. */
#include "fuzz_common.h"

#include <sys/stat.h>

static const char *const S_names[] = {
    "cameo/codebook.txt", "cameo/actor_codes.txt", "actors/countries.txt", "actors/groups.txt",
    "people/p.txt", "agents/agents.txt", "verbs/v.txt", "verbs/synsets.txt", "discards.txt", "places/p.tsv"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    static char dir[64];
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/dyad-fuzz-ours-%d", (int)getpid());
        mkdir(dir, 0700);
        const char *subs[] = {"cameo", "actors", "people", "agents", "verbs", "places"};
        for (size_t i = 0; i < 6; i++) {
            char p[128];
            snprintf(p, sizeof p, "%s/%s", dir, subs[i]);
            mkdir(p, 0700);
        }
    }
    char path[160];
    snprintf(path, sizeof path, "%s/%s", dir, S_names[data[0] % 10]);
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);
    dyad_options *o = dyad_options_new();
    dyad_options_set_diag(o, fuzz_ignore_diag, NULL);
    dyad_dict *d = dyad_dict_new(o, NULL);
    if (dyad_dict_load(d, path, NULL)) {
        char code[64];
        dyad_dict_code_actor(d, "South Korean troops", 19, "2025-03-22", code, sizeof code);
        dyad_dict_code_actor(d, (const char *)data + 1, size - 1 > 64 ? 64 : size - 1, NULL, code, sizeof code);
        dyad_dict_lint(d);
        dyad_doc *doc = dyad_doc_new("Seoul accused Tokyo of lying.", 29, NULL, NULL);
        dyad_coder *c = dyad_coder_new(d, o, NULL);
        if (doc && c) dyad_coder_process(c, doc, NULL);
        dyad_coder_free(c);
        dyad_doc_free(doc);
    }
    dyad_dict_free(d);
    dyad_options_free(o);
    unlink(path);
    return 0;
}
