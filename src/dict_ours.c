/*
 * dict_ours.c — reads dyad's own dictionary format (docs/dictionaries.md):
 * the codebook, actor codes, actor and people blocks, agents, verb patterns,
 * synonym sets and discards.  Every rejected line is reported as
 * file:line: reason and loading goes on.
 */
#include "dict.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/* MARK: line reading */

typedef struct reader {
    dyad_dict *d;
    FILE *f;
    uint32_t file;
    uint32_t line;
    char *buf;
    size_t cap;
} reader;

// Reads the next line without its newline and comment; returns its length or -1 at the end.
static long S_next(reader *r, bool *indented)
{
    ssize_t n = getline(&r->buf, &r->cap, r->f);
    if (n < 0) return -1;
    r->line++;
    char *s = r->buf;
    /* a '#' starts a comment when it begins the line or follows white space */
    for (ssize_t i = 0; i < n; i++)
        if (s[i] == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t')) { n = i; break; }
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    s[n] = '\0';
    *indented = n > 0 && (s[0] == ' ' || s[0] == '\t');
    return n;
}

static char *S_trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) s[--n] = '\0';
    return s;
}

// Splits s at '|' into at most max trimmed fields; returns the count.
static int S_split(char *s, char **out, int max)
{
    int n = 0;
    while (n < max) {
        char *bar = strchr(s, '|');
        if (bar) *bar = '\0';
        out[n++] = S_trim(s);
        if (!bar) break;
        s = bar + 1;
    }
    return n;
}

// True when s is a code: 2–15 capital letters and digits.
static bool S_is_code(const char *s, size_t n)
{
    if (n < 2 || n > 15) return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9'))) return false;
    return true;
}

// True when a name variant is a short all-capitals form that must match in capitals ("US", "WHO").
static bool S_case_sensitive(const char *s)
{
    size_t n = strlen(s), letters = 0;
    if (n < 2 || n > 5) return false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= 'A' && s[i] <= 'Z') letters++;
        else if (s[i] != '.' && !(s[i] >= '0' && s[i] <= '9')) return false;
    }
    return letters >= 2;
}

// Parses "FROM..TO" into days; false when malformed.
static bool S_range(const char *s, dict_day *from, dict_day *to)
{
    const char *dots = strstr(s, "..");
    if (!dots) return false;
    size_t a = (size_t)(dots - s), b = strlen(dots + 2);
    *from = a ? dict_parse_day(s, a, false) : 0;
    *to = b ? dict_parse_day(dots + 2, b, true) : 0;
    if (*from < 0 || *to < 0) return false;
    return !(*from && *to && *from > *to);
}

/* MARK: codebook */

static void S_codebook_line(reader *r, char *s)
{
    char *f[8];
    int n = S_split(s, f, 8);
    if (n != 6) { dict_reject(r->d, r->file, r->line, "expected 6 fields 'code | goldstein | quad | penta | plover | name', found %d", n); return; }
    size_t cl = strlen(f[0]);
    bool digits = cl >= 2 && cl <= 4;
    for (size_t i = 0; i < cl && digits; i++) digits = isdigit((unsigned char)f[0][i]);
    char *end;
    double g = strtod(f[1], &end);
    int quad = atoi(f[2]), penta = atoi(f[3]);
    if (!digits) { dict_reject(r->d, r->file, r->line, "event code '%s' is not 2-4 digits", f[0]); return; }
    if (*end || g < -10 || g > 10) { dict_reject(r->d, r->file, r->line, "Goldstein value '%s' is not a number in -10..10", f[1]); return; }
    if (quad < 1 || quad > 4 || penta < 0 || penta > 4) { dict_reject(r->d, r->file, r->line, "QuadClass must be 1-4 and pentaclass 0-4"); return; }
    if (dict_find_event_code(r->d, f[0])) { dict_reject(r->d, r->file, r->line, "duplicate event code %s", f[0]); return; }
    dict_event_code c = {dict_intern(r->d, f[0], cl), dict_intern(r->d, f[5], strlen(f[5])),
                         strcmp(f[4], "-") ? dict_intern(r->d, f[4], strlen(f[4])) : 0, (float)g,
                         (uint8_t)quad, (uint8_t)penta};
    dict_add_event_code(r->d, &c);
}

static void S_actor_code_line(reader *r, char *s)
{
    char *f[4];
    int n = S_split(s, f, 4);
    if (n != 3 || !S_is_code(f[0], strlen(f[0]))) {
        dict_reject(r->d, r->file, r->line, "expected 'CODE | kind | name'");
        return;
    }
    dict_str *slot = dict_push(r->d, &r->d->known_codes, sizeof *slot);
    if (slot) *slot = dict_intern(r->d, f[0], strlen(f[0]));
    dict_known *meta = slot ? dict_push(r->d, &r->d->known_meta, sizeof *meta) : NULL;
    if (meta) {
        meta->kind = (uint8_t)dict_known_kind_from_name(f[1]);
        meta->name = dict_intern(r->d, f[2], strlen(f[2]));
    }
}

/* MARK: actor blocks */

typedef struct block {
    bool open;
    uint32_t entity;
    int kind;
} block;

// Adds one phrase of the entity with the given payload kind; name variants in capitals are case-sensitive.
static void S_entity_phrase(reader *r, const block *b, const char *name, int kind, int mode)
{
    if (!*name) return;
    dict_payload p = {0};
    p.kind = (uint8_t)kind;
    p.id = b->entity;
    p.file = r->file;
    p.line = r->line;
    if (S_case_sensitive(name)) p.flags |= PF_CASE;
    if (DICT_AT(r->d, entities, dict_entity, b->entity).nroles || b->kind == ENT_PERSON) p.flags |= PF_DATED;
    dict_add_phrase(r->d, name, strlen(name), mode, &p);
}

// Opens a block from a head line "Name | Variant ... [CODE]".
static void S_head_line(reader *r, block *b, char *s, int kind)
{
    dict_str code = 0;
    char *br = strrchr(s, '[');
    if (br) {
        char *close = strchr(br, ']');
        if (!close || close[1] != '\0') { dict_reject(r->d, r->file, r->line, "'[' without a closing ']' at the end of the line"); b->open = false; return; }
        *close = '\0';
        char *c = S_trim(br + 1);
        if (!S_is_code(c, strlen(c))) { dict_reject(r->d, r->file, r->line, "'%s' is not a code (capital letters and digits)", c); b->open = false; return; }
        code = dict_intern(r->d, c, strlen(c));
        *br = '\0';
    }
    char *names[64];
    int n = S_split(s, names, 64);
    if (n == 0 || !names[0][0]) { dict_reject(r->d, r->file, r->line, "a block needs a name"); b->open = false; return; }
    if (kind == ENT_PERSON && code) kind = ENT_ACTOR;
    b->open = true;
    b->kind = kind;
    b->entity = dict_add_entity(r->d, kind, names[0], strlen(names[0]), code, r->file, r->line);
    /* names are added when the block closes, once we know whether it has roles */
    dyad_buf_clear(&r->d->scratch);
    for (int i = 0; i < n; i++) {
        if (!names[i][0]) continue;
        dyad_buf_puts(&r->d->scratch, names[i]);
        dyad_buf_putc(&r->d->scratch, '\n');
    }
    r->d->scratch_line = r->line;
}

// Adds the names collected for the open block.
static void S_close_block(reader *r, block *b)
{
    if (!b->open) return;
    uint32_t keep = r->line;
    r->line = r->d->scratch_line;
    const dict_entity *e = &DICT_AT(r->d, entities, dict_entity, b->entity);
    if (!e->code && !e->nroles)
        dict_reject(r->d, r->file, r->line, "'%s' has neither a [CODE] nor a role line", dict_s(r->d, e->name));
    char *p = r->d->scratch.data;
    while (p && *p) {
        char *nl = strchr(p, '\n');
        *nl = '\0';
        S_entity_phrase(r, b, p, PH_ACTOR, PW_EXACT);
        p = nl + 1;
    }
    r->line = keep;
    b->open = false;
}

// Adds a seat used only in a date range ("Blue House 1948..2022-05-09") as an entity of its own
// whose one role is the country's GOV or MIL code for that range.
static void S_dated_seat(reader *r, const block *b, const char *name, const char *range, int kind)
{
    dict_day from, to;
    const dict_entity *e = &DICT_AT(r->d, entities, dict_entity, b->entity);
    if (!S_range(range, &from, &to)) { dict_reject(r->d, r->file, r->line, "bad date range '%s' after '%s'", range, name); return; }
    if (!e->code) { dict_reject(r->d, r->file, r->line, "a dated seat needs the block's [CODE]"); return; }
    char code[64];
    snprintf(code, sizeof code, "%s%s", dict_s(r->d, e->code), kind == PH_MIL ? "MIL" : "GOV");
    uint32_t seat = dict_add_entity(r->d, ENT_ACTOR, name, strlen(name), 0, r->file, r->line);
    dict_add_role(r->d, seat, dict_intern(r->d, code, strlen(code)), from, to, dict_intern(r->d, "seat of government", 18));
    dict_payload p = {0};
    p.kind = PH_ACTOR;
    p.flags = PF_DATED;
    p.id = seat;
    p.file = r->file;
    p.line = r->line;
    dict_add_phrase(r->d, name, strlen(name), PW_EXACT, &p);
}

// Adds each '|' alternative of an attribute value as a phrase of the given kind.
static void S_attr_phrases(reader *r, const block *b, char *v, int kind)
{
    char *alts[64];
    int n = S_split(v, alts, 64);
    for (int i = 0; i < n; i++) {
        char *a = alts[i];
        char *sp = strrchr(a, ' ');
        if (sp && strstr(sp, "..") && (kind == PH_GOV || kind == PH_MIL)) {
            *sp = '\0';
            S_dated_seat(r, b, S_trim(a), sp + 1, kind);
            continue;
        }
        S_entity_phrase(r, b, S_trim(a), kind, PW_EXACT);
    }
}

// Handles an indented line inside a block: a role line or an attribute.
static void S_block_line(reader *r, block *b, char *s)
{
    if (!b->open) { dict_reject(r->d, r->file, r->line, "indented line outside a block"); return; }
    s = S_trim(s);
    char *colon = strchr(s, ':');
    char *sp = strpbrk(s, " \t");
    if (sp && (!colon || colon > sp) && S_is_code(s, (size_t)(sp - s))) {
        /* role line: CODE FROM..TO description */
        char *code = s;
        *sp = '\0';
        char *range = S_trim(sp + 1);
        char *desc = strpbrk(range, " \t");
        if (desc) *desc++ = '\0';
        dict_day from, to;
        if (!S_range(range, &from, &to)) { dict_reject(r->d, r->file, r->line, "bad date range '%s' (want FROM..TO, dates YYYY[-MM[-DD]], FROM <= TO)", range); return; }
        dict_add_role(r->d, b->entity, dict_intern(r->d, code, strlen(code)), from, to,
                      desc ? dict_intern(r->d, S_trim(desc), strlen(S_trim(desc))) : 0);
        return;
    }
    if (!colon) { dict_reject(r->d, r->file, r->line, "expected 'key: value' or 'CODE FROM..TO description'"); return; }
    *colon = '\0';
    char *key = S_trim(s), *val = S_trim(colon + 1);
    dict_entity *e = &DICT_AT(r->d, entities, dict_entity, b->entity);
    dict_str v = dict_intern(r->d, val, strlen(val));
    if (!strcmp(key, "adj")) S_attr_phrases(r, b, val, PH_ADJ);
    else if (!strcmp(key, "capital") || !strcmp(key, "seat")) S_attr_phrases(r, b, val, PH_GOV);
    else if (!strcmp(key, "mil-seat")) S_attr_phrases(r, b, val, PH_MIL);
    else if (!strcmp(key, "iso2")) e->iso2 = v;
    else if (!strcmp(key, "iso3")) e->iso3 = v;
    else if (!strcmp(key, "cow")) e->cow = v;
    else if (!strcmp(key, "cowabb")) e->cowabb = v;
    else if (!strcmp(key, "gw")) e->gw = v;
    else if (!strcmp(key, "fips")) e->fips = v;
    else if (!strcmp(key, "isonum") || !strcmp(key, "type") || !strcmp(key, "country") || !strcmp(key, "active")) { /* kept for readers */ }
    else dict_reject(r->d, r->file, r->line, "unknown attribute '%s'", key);
}

/* MARK: agents, discards, synonym sets */

static void S_agent_line(reader *r, char *s)
{
    char *br = strrchr(s, '[');
    char *close = br ? strchr(br, ']') : NULL;
    if (!br || !close) { dict_reject(r->d, r->file, r->line, "agent line needs a [CODE]"); return; }
    *close = '\0';
    char *c = S_trim(br + 1);
    bool replace = c[0] == '~';
    if (replace) c++;
    if (!S_is_code(c, strlen(c))) { dict_reject(r->d, r->file, r->line, "'%s' is not an agent code", c); return; }
    *br = '\0';
    uint32_t agent = dict_add_agent(r->d, dict_intern(r->d, c, strlen(c)), false, replace, r->file, r->line);
    char *names[64];
    int n = S_split(s, names, 64);
    for (int i = 0; i < n; i++) {
        if (!names[i][0]) continue;
        dict_payload p = {0};
        p.kind = PH_AGENT;
        p.id = agent;
        p.file = r->file;
        p.line = r->line;
        dict_add_phrase(r->d, names[i], strlen(names[i]), PW_PLURAL, &p);
    }
}

static void S_discard_line(reader *r, char *s)
{
    s = S_trim(s);
    dict_payload p = {0};
    p.kind = PH_DISCARD;
    if (*s == '+') { p.kind = PH_STORY_DISCARD; s = S_trim(s + 1); }
    p.file = r->file;
    p.line = r->line;
    dict_add_phrase(r->d, s, strlen(s), PW_EXACT, &p);
}

static void S_synset_line(reader *r, char *s)
{
    char *eq = strchr(s, '=');
    s = S_trim(s);
    if (s[0] != '&' || !eq) { dict_reject(r->d, r->file, r->line, "expected '&NAME = member | member ...'"); return; }
    *eq = '\0';
    char *name = S_trim(s + 1);
    uint32_t set = dict_add_synset(r->d, name, strlen(name), r->file, r->line);
    char *m[256];
    int n = S_split(eq + 1, m, 256);
    for (int i = 0; i < n; i++) {
        char *w = m[i];
        size_t wl = strlen(w);
        if (!wl) continue;
        dict_payload p = {0};
        p.kind = PH_SYNSET;
        p.id = set;
        p.file = r->file;
        p.line = r->line;
        /* {lemma} members: the plural is added, as for nouns */
        /* "{lemma}" or "{multi word}"; "{show} {of} {force}" (braces inside) takes the path below */
        if (w[0] == '{' && w[wl - 1] == '}' && !memchr(w + 1, '{', wl - 2)) {
            dict_add_phrase(r->d, w + 1, wl - 2, PW_PLURAL, &p);
            dict_add_verb_forms(r->d, w + 1, wl - 2, &p);
        } else {
            /* strip braces inside multi-word members: "war {crime}" */
            char tmp[512];
            size_t k = 0;
            for (size_t j = 0; j < wl && k + 1 < sizeof tmp; j++)
                if (w[j] != '{' && w[j] != '}') tmp[k++] = w[j];
            dict_add_phrase(r->d, tmp, k, strchr(w, '{') ? PW_PLURAL : PW_EXACT, &p);
        }
    }
}

/* MARK: files */

typedef enum { F_CODEBOOK, F_ACTOR_CODES, F_ACTORS, F_PEOPLE, F_AGENTS, F_VERBS, F_SYNSETS, F_DISCARDS, F_PLACES, F_UNKNOWN } file_kind;

// Decides what a file of ours holds from its directory and name.
static file_kind S_kind(const char *path, int *entity_kind)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    *entity_kind = ENT_ACTOR;
    if (!strcmp(base, "codebook.txt")) return F_CODEBOOK;
    if (!strcmp(base, "actor_codes.txt")) return F_ACTOR_CODES;
    if (!strncmp(base, "synsets", 7)) return F_SYNSETS;
    if (!strncmp(base, "discards", 8)) return F_DISCARDS;
    if (strstr(path, "/places/") || !strncmp(path, "places/", 7)) return F_PLACES;
    if (strstr(path, "/agents/") || !strncmp(base, "agents", 6)) return F_AGENTS;
    if (strstr(path, "/verbs/")) return F_VERBS;
    if (strstr(path, "/people/")) { *entity_kind = ENT_PERSON; return F_PEOPLE; }
    if (strstr(path, "/actors/")) {
        if (!strcmp(base, "countries.txt")) *entity_kind = ENT_COUNTRY;
        else if (!strcmp(base, "igos.txt")) *entity_kind = ENT_IGO;
        else if (!strcmp(base, "groups.txt")) *entity_kind = ENT_GROUP;
        return F_ACTORS;
    }
    return F_UNKNOWN;
}

bool dict_load_ours(dyad_dict *d, const char *path)
{
    int ekind;
    file_kind kind = S_kind(path, &ekind);
    if (kind == F_UNKNOWN || kind == F_PLACES) return kind == F_PLACES ? dict_load_places(d, path) : true;
    FILE *f = fopen(path, "r");
    uint32_t file = dict_add_file(d, path);
    if (!f) {
        dict_reject(d, file, 0, "cannot open: %s", strerror(errno));
        return false;
    }
    reader r = {d, f, file, 0, NULL, 0};
    block b = {false, 0, 0};
    long n;
    bool indented;
    while ((n = S_next(&r, &indented)) >= 0 && !d->oom) {
        if (n == 0) continue;
        char *s = r.buf;
        switch (kind) {
        case F_CODEBOOK: S_codebook_line(&r, s); break;
        case F_ACTOR_CODES: S_actor_code_line(&r, s); break;
        case F_ACTORS: case F_PEOPLE:
            if (indented) S_block_line(&r, &b, s);
            else { S_close_block(&r, &b); S_head_line(&r, &b, s, ekind); }
            break;
        case F_AGENTS: S_agent_line(&r, s); break;
        case F_SYNSETS: S_synset_line(&r, s); break;
        case F_DISCARDS: S_discard_line(&r, s); break;
        case F_VERBS: dict_verb_pattern_line(d, file, r.line, s); break;
        default: break;
        }
    }
    S_close_block(&r, &b);
    free(r.buf);
    fclose(f);
    return !d->oom;
}
