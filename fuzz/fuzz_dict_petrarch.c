/* fuzz_dict_petrarch.c — the PETRARCH dictionary reader (src/dict_petrarch.c).
 * The first byte picks the kind of file through its name (verbs, actors,
 * agents, discards); the rest is written to that file, which is loaded the
 * way dyad_dict_load does it.  Then an actor phrase, and the file's first
 * line as a phrase, are coded on a date.  Invariants: every rejected line is
 * reported once, with a message. */
#include "fuzz_common.h"
#include "dict.h"

#include <string.h>

static const char *const S_names[] = {"CAMEO.x.txt", "Phoenix.x.actors.txt", "Phoenix.agents.txt",
                                      "Phoenix.discards.txt"};
static char S_dir[64];
static char S_path[128];

static void S_cleanup(void)
{
    for (size_t i = 0; i < sizeof S_names / sizeof *S_names; i++) {
        snprintf(S_path, sizeof S_path, "%s/%s", S_dir, S_names[i]);
        unlink(S_path);
    }
    rmdir(S_dir);
}

static void S_count_diag(void *ctx, const dyad_diag *d)
{
    fuzz_ignore_diag(NULL, d);
    (*(size_t *)ctx)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!S_dir[0]) {
        strcpy(S_dir, "/tmp/dyad-fuzz-petrarch-XXXXXX");
        if (!mkdtemp(S_dir)) abort();
        atexit(S_cleanup);
    }
    if (size < 1) return 0;
    snprintf(S_path, sizeof S_path, "%s/%s", S_dir, S_names[data[0] % 4]);
    FILE *f = fopen(S_path, "wb");
    if (!f) abort();
    if (size > 1 && fwrite(data + 1, 1, size - 1, f) != size - 1) abort();
    fclose(f);
    size_t ndiag = 0;
    dyad_options *o = dyad_options_new();
    dyad_options_set_diag(o, S_count_diag, &ndiag);
    dyad_dict *d = dyad_dict_new(o, NULL);
    if (!d) abort();
    (void)dyad_dict_load(d, S_path, NULL);
    if (ndiag != d->rejected) abort();
    char out[64];
    static const char phrase[] = "the Gondor foreign ministers of the United Nations";
    (void)dyad_dict_code_actor(d, phrase, sizeof phrase - 1, "2010-01-10", out, sizeof out);
    const char *line = (const char *)data + 1;
    size_t n = 0;
    while (n < size - 1 && n < 80 && line[n] != '\n') n++;
    (void)dyad_dict_code_actor(d, line, n, NULL, out, sizeof out);
    (void)dyad_dict_code_actor(d, line, n, "1999-12-31", out, sizeof out);
    dyad_dict_free(d);
    dyad_options_free(o);
    return 0;
}
