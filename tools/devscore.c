/*
 * devscore.c — scores dyad with its default dictionaries on the development
 * sets in ../shared/peers (read in place, never copied):
 *
 *   conflibert/cameo_class.train.tsv  sentence<TAB>pentaclass: coverage (share
 *       of sentences with an event) and accuracy of the first event's class;
 *   conflibert/cameo_ner.train.txt    token<SP>tag, B-S/I-S source, B-T/I-T target:
 *       share of sentences where some event's source_text overlaps the gold
 *       source span and its target_text the gold target span;
 *   codebooks/plover/PLOVER_GSR_CAMEO.txt  JSON array: share of records with an
 *       event whose PLOVER category is the gold one and whose source and
 *       target countries match the gold actors'.
 *
 * Dates: every text is coded without a document date. The conflibert sets carry none, and
 * every PLOVER record's "date" is the placeholder 2000-01-01 while its sentences (CAMEO manual
 * examples) date from the 1980s to the 2000s: coding them on that day would give the office
 * holders of 2000 (Clinton, not Reagan or either Bush) and drop people out of office then.
 * Undated, a person's current or latest role is used (dict_entity_code), which is what a user
 * without dates gets too.
 *
 * Usage: devscore [PEERS_DIR] [DATA_DIR] [--misses N]   (an offline tool)
 */
#include "dyad.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int g_misses;

// Codes one text; returns the document (caller frees).
static dyad_doc *code_text(dyad_coder *c, const char *text, size_t len, const char *date)
{
    dyad_doc_meta m = {.id = "dev", .date = date};
    dyad_doc *d = dyad_doc_new(text, len, &m, NULL);
    if (d && !dyad_coder_process(c, d, NULL)) { dyad_doc_free(d); return NULL; }
    return d;
}

// Pentaclass of a CAMEO code by root (Phoenix convention, as in the README of the set).
static int pentaclass(const char *code)
{
    int root = atoi((char[3]){code[0], code[1], 0});
    if (root <= 2) return 0;
    if (root <= 5) return 1;
    if (root <= 8) return 2;
    if (root <= 13 || root == 16) return 3;
    return 4;
}

static void score_class(dyad_coder *c, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) { printf("cameo_class: cannot open %s (skipped)\n", path); return; }
    char *line = NULL;
    size_t cap = 0;
    long n = 0, coded = 0, right = 0, shown = 0;
    long confusion[5][6] = {{0}};
    while (getline(&line, &cap, f) > 0) {
        char *tab = strrchr(line, '\t');
        if (!tab) continue;
        *tab = '\0';
        int gold = atoi(tab + 1);
        if (gold < 0 || gold > 4) continue;
        n++;
        dyad_doc *d = code_text(c, line, strlen(line), NULL);
        int got = 5;
        if (d && dyad_doc_event_count(d)) {
            coded++;
            got = pentaclass(dyad_doc_events(d)[0].code);
            right += got == gold;
        }
        confusion[gold][got]++;
        if (g_misses && got != gold && shown < g_misses) {
            shown++;
            printf("  miss gold %d got %s%s: %s\n", gold, got == 5 ? "none" : "", got == 5 ? "" : dyad_doc_events(d)[0].code, line);
        }
        dyad_doc_free(d);
    }
    free(line);
    fclose(f);
    printf("cameo_class.train: %ld sentences; coverage %.3f (%ld with an event); accuracy of the first event's class %.3f "
           "among coded, %.3f over all\n", n, n ? (double)coded / n : 0, coded, coded ? (double)right / coded : 0,
           n ? (double)right / n : 0);
    printf("  confusion (rows gold 0-4, columns coded 0-4, none):\n");
    for (int g = 0; g < 5; g++)
        printf("    %d: %5ld %5ld %5ld %5ld %5ld %5ld\n", g, confusion[g][0], confusion[g][1], confusion[g][2],
               confusion[g][3], confusion[g][4], confusion[g][5]);
}

/* MARK: source/target spans */

typedef struct span { size_t b, e; } span;

/* The gold spans of one role in a sentence: a compound actor ("the United Kingdom and France")
 * is tagged as several spans, B-S ... B-S; an event's text may overlap any of them. */
#define MAX_SPANS 16
typedef struct spans { span s[MAX_SPANS]; int n; } spans;

static bool overlaps(span a, size_t b, size_t e) { return a.e > a.b && e > b && b < a.e && a.b < e; }

static bool overlaps_any(const spans *g, size_t b, size_t e)
{
    for (int i = 0; i < g->n; i++)
        if (overlaps(g->s[i], b, e)) return true;
    return false;
}

// Scores one NER sentence held in text with gold spans; returns 1 when some event matches both.
static int ner_sentence(dyad_coder *c, const char *text, size_t len, const spans *src, const spans *tgt, long *coded,
                        long *shown)
{
    dyad_doc *d = code_text(c, text, len, NULL);
    int hit = 0;
    size_t nev = d ? dyad_doc_event_count(d) : 0;
    if (nev) {
        (*coded)++;
        const dyad_event *ev = dyad_doc_events(d);
        for (size_t i = 0; i < nev && !hit; i++)
            hit = overlaps_any(src, ev[i].source_start, ev[i].source_end) &&
                  overlaps_any(tgt, ev[i].target_start, ev[i].target_end);
    }
    if (g_misses && !hit && *shown < g_misses) {
        (*shown)++;
        printf("  miss (gold %.*s -> %.*s) got %s: %.*s\n", (int)(src->s[0].e - src->s[0].b), text + src->s[0].b,
               (int)(tgt->s[0].e - tgt->s[0].b), text + tgt->s[0].b, nev ? dyad_doc_events(d)[0].code : "none",
               (int)len, text);
    }
    dyad_doc_free(d);
    return hit;
}

// True when w is one of the strings of a NULL-terminated list.
static bool one_of(const char *w, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(w, *list)) return true;
    return false;
}

static bool alnum_end(const char *w) { size_t n = strlen(w); return n && (unsigned char)w[n - 1] >= 0x80 ? true : n && isalnum((unsigned char)w[n - 1]); }
static bool digits(const char *w) { for (; *w; w++) if (!isdigit((unsigned char)*w)) return false; return true; }

/* The set is tokenised ("the government 's request", "Saudi Arabia ’ s", "US - backed",
 * "5 . 3 million"); news is not. Whether token `w` is written without a space after `prev`,
 * so that the coder reads the sentence as it was published. */
static bool joins_left(const char *prev_prev, const char *prev, const char *w, const char *next, bool in_quote)
{
    static const char *const closers[] = {",", ".", ";", ":", "!", "?", ")", "]", "%", "'s", "'S", "’s", "n't",
                                          "'re", "'ve", "'ll", "'d", "'m", NULL};
    static const char *const openers[] = {"(", "[", "$", "€", "£", "“", "‘", NULL};
    static const char *const clitics[] = {"s", "t", "re", "ve", "ll", "d", "m", NULL};
    if (!*prev) return false;
    if (one_of(prev, openers)) return true;
    /* "5 . 3 million", "88 , 550 , 000": one number */
    if ((!strcmp(w, ".") || !strcmp(w, ",")) && digits(prev) && next && digits(next)) return true;
    if (digits(w) && (!strcmp(prev, ".") || !strcmp(prev, ",")) && prev_prev && digits(prev_prev)) return true;
    /* "they ' re", "won ’ t" */
    if (one_of(w, clitics) && (!strcmp(prev, "’") || !strcmp(prev, "'"))) return true;
    if (one_of(w, closers) || !strcmp(w, "”") || !strcmp(w, "’")) return true;
    if (!strcmp(w, "'")) return prev[strlen(prev) - 1] == 's' || (next && one_of(next, clitics)); /* "boys ' school" */
    if (!strcmp(w, "-") && alnum_end(prev) && next && isalnum((unsigned char)next[0])) return true;
    if (!strcmp(prev, "-") && isalnum((unsigned char)w[0])) return true;
    if (!strcmp(w, "\"")) return in_quote;
    if (!strcmp(prev, "\"")) return in_quote;
    return false;
}

typedef struct ner_tok { char *w; char tag[8]; } ner_tok;

// Rebuilds the sentence text of tokens tk[0..n) and scores it.
static void ner_score_tokens(dyad_coder *c, ner_tok *tk, size_t n, long *both, long *hits, long *coded, long *shown)
{
    char text[8192];
    size_t len = 0;
    spans src = {.n = 0}, tgt = {.n = 0};
    char last_role = 0;
    bool in_quote = false;
    for (size_t i = 0; i < n; i++) {
        const char *w = tk[i].w;
        size_t wl = strlen(w);
        if (len + wl + 2 >= sizeof text) break;
        bool quote = !strcmp(w, "\"");
        bool join = joins_left(i > 1 ? tk[i - 2].w : NULL, i ? tk[i - 1].w : "", w, i + 1 < n ? tk[i + 1].w : NULL, in_quote);
        if (quote) in_quote = !in_quote;
        if (len && !join) text[len++] = ' ';
        size_t b = len;
        memcpy(text + len, w, wl);
        len += wl;
        const char *tag = tk[i].tag;
        char role = strlen(tag) >= 3 && tag[1] == '-' ? tag[2] : 0;
        spans *s = role == 'S' ? &src : role == 'T' ? &tgt : NULL;
        /* B starts a span; I continues the role's span just before it (or starts one, IOB1) */
        if (s && (tag[0] == 'B' || last_role != role || !s->n) && s->n < MAX_SPANS) s->s[s->n++] = (span){b, len};
        else if (s && s->n) s->s[s->n - 1].e = len;
        last_role = role;
    }
    text[len] = '\0';
    if (!src.n || !tgt.n) return;
    (*both)++;
    *hits += ner_sentence(c, text, len, &src, &tgt, coded, shown);
}

static void score_ner(dyad_coder *c, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) { printf("cameo_ner: cannot open %s (skipped)\n", path); return; }
    char *line = NULL;
    size_t cap = 0, ntk = 0;
    ner_tok tk[1024];
    long n = 0, both = 0, hits = 0, coded = 0, shown = 0;
    for (;;) {
        ssize_t r = getline(&line, &cap, f);
        if (r <= 0 || line[0] == '\n') {
            if (ntk) {
                n++;
                ner_score_tokens(c, tk, ntk, &both, &hits, &coded, &shown);
            }
            for (size_t i = 0; i < ntk; i++) free(tk[i].w);
            ntk = 0;
            if (r <= 0) break;
            continue;
        }
        line[strcspn(line, "\r\n")] = '\0';
        char *sp = strrchr(line, ' ');
        if (!sp || ntk >= sizeof tk / sizeof *tk) continue;
        *sp = '\0';
        tk[ntk].w = strdup(line);
        if (!tk[ntk].w) continue;
        snprintf(tk[ntk].tag, sizeof tk[ntk].tag, "%s", sp + 1);
        ntk++;
    }
    free(line);
    fclose(f);
    printf("cameo_ner.train: %ld sentences, %ld with gold source and target; %ld coded; source and target "
           "both overlap the gold spans in %.3f of those (%ld)\n", n, both, coded, both ? (double)hits / both : 0, hits);
}

/* MARK: PLOVER gold standard */

// True when an actor code's country part (first 3 letters; ROM/ROU, TMP/TLS and the gold's spellings equated,
// NGO taken as the gold's IGO) equals gold's.
static bool same_country(const char *ours, const char *gold)
{
    if (!gold || strlen(gold) < 3 || strlen(ours) < 3) return false;
    char a[4] = {ours[0], ours[1], ours[2], 0}, b[4] = {gold[0], gold[1], gold[2], 0};
    if (!strcmp(a, "ROM")) strcpy(a, "ROU");
    if (!strcmp(a, "TMP")) strcpy(a, "TLS");
    if (!strcmp(b, "JAP")) strcpy(b, "JPN"); /* CAMEO's original code for Japan */
    if (!strcmp(b, "ITL")) strcpy(b, "ITA"); /* the gold file writes Italy ITL */
    if (!strcmp(b, "VTN")) strcpy(b, "VNM"); /* and Vietnam VTN */
    /* the gold's "country" of an international organisation is IGO whether or not states are its
     * members (Amnesty International, the Red Cross and the Red Crescent are IGO there); CAMEO
     * codes non-governmental ones NGO: both are "no country, an international organisation" */
    if (!strcmp(a, "NGO") && !strcmp(b, "IGO")) strcpy(a, "IGO");
    return !strcmp(a, b);
}

// True when some actor of the gold list has the same country as code (an empty list matches anything).
static bool any_country(const cJSON *list, const char *code)
{
    if (!cJSON_IsArray(list) || !cJSON_GetArraySize(list)) return true;
    const cJSON *a;
    cJSON_ArrayForEach(a, list) {
        const cJSON *cd = cJSON_GetObjectItem(a, "code");
        if (cJSON_IsString(cd) && same_country(code, cd->valuestring)) return true;
    }
    return false;
}

// Maps the gold standard's PLOVER 0.5b1 categories onto the 2021 set our codebook uses
// (DEMAND folded into REQUEST, DISAPPROVE and INVESTIGATE into ACCUSE, FIGHT into ASSAULT).
static const char *plover_2021(const char *gold)
{
    if (!strcmp(gold, "DEMAND")) return "REQUEST";
    if (!strcmp(gold, "DISAPPROVE") || !strcmp(gold, "INVESTIGATE")) return "ACCUSE";
    if (!strcmp(gold, "FIGHT")) return "ASSAULT";
    return gold;
}

static void score_plover(dyad_coder *c, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) { printf("plover: cannot open %s (skipped)\n", path); return; }
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)sz + 1);
    if (!buf || fread(buf, 1, (size_t)sz, f) != (size_t)sz) { fclose(f); free(buf); return; }
    buf[sz] = 0;
    fclose(f);
    cJSON *all = cJSON_Parse(buf);
    free(buf);
    long n = 0, coded = 0, hits = 0, cat_hits = 0;
    const cJSON *rec;
    cJSON_ArrayForEach(rec, all) {
        const cJSON *ev = cJSON_GetObjectItem(rec, "event"), *tx = cJSON_GetObjectItem(rec, "text");
        if (!cJSON_IsString(ev) || !cJSON_IsString(tx) || !strcmp(ev->valuestring, "DOCUMENT")) continue;
        n++;
        dyad_doc *d = code_text(c, tx->valuestring, strlen(tx->valuestring), NULL);
        if (!d) continue;
        const dyad_event *e = dyad_doc_events(d);
        bool hit = false, cat = false;
        if (dyad_doc_event_count(d)) coded++;
        for (size_t i = 0; i < dyad_doc_event_count(d); i++) {
            if (strcmp(e[i].plover, plover_2021(ev->valuestring))) continue;
            cat = true;
            if (any_country(cJSON_GetObjectItem(rec, "source"), e[i].source) &&
                any_country(cJSON_GetObjectItem(rec, "target"), *e[i].target ? e[i].target : "???"))
                hit = true;
        }
        hits += hit;
        cat_hits += cat;
        dyad_doc_free(d);
    }
    cJSON_Delete(all);
    printf("PLOVER_GSR_CAMEO: %ld records; coded %ld; category right %.3f; category, source and target countries "
           "right %.3f (%ld)\n", n, coded, n ? (double)cat_hits / n : 0, n ? (double)hits / n : 0, hits);
}

int main(int argc, char **argv)
{
    const char *peers = "../shared/peers", *data = "data";
    int pos = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--misses") && i + 1 < argc) g_misses = atoi(argv[++i]);
        else if (pos++ == 0) peers = argv[i];
        else data = argv[i];
    }
    dyad_options *o = dyad_options_new();
    dyad_dict *dict = dyad_dict_new(o, NULL);
    dyad_error err = {0};
    if (!dyad_dict_load(dict, data, &err)) { fprintf(stderr, "devscore: %s %s\n", err.msg, err.detail); return 3; }
    dyad_coder *c = dyad_coder_new(dict, o, NULL);
    char path[4096];
    snprintf(path, sizeof path, "%s/conflibert/cameo_class.train.tsv", peers);
    score_class(c, path);
    snprintf(path, sizeof path, "%s/conflibert/cameo_ner.train.txt", peers);
    score_ner(c, path);
    snprintf(path, sizeof path, "%s/codebooks/plover/PLOVER_GSR_CAMEO.txt", peers);
    score_plover(c, path);
    dyad_coder_free(c);
    dyad_dict_free(dict);
    dyad_options_free(o);
    return 0;
}
