/*
 * dict_lint.c — `dyad dict check`: consistency checks of a loaded dictionary set.
 *
 * The readers reject what is wrong with one line; this module looks across
 * lines and files for what only the whole set shows.  It works on the
 * compiled structures of dict.h alone (no text is coded) in about linear
 * time, and reports each problem once through dict_reject (file:line:
 * message), at the later of two entries with the other's position in the
 * message.
 *
 * 1. Phrases listed twice.  The payloads of one trie node (one normalised
 *    phrase) are compared where the coder would have to choose between
 *    them: two agents, or two entities competing for the same slot of
 *    actor.c (people; nouns, i.e. names and metonyms; adjectives).  Codes
 *    are compared as the coder reads them (a metonym adds GOV or MIL to a
 *    country code) on every day on which a role of either entity begins or
 *    ends: different codes on a common day are "conflicting codes", the
 *    same codes a "duplicate entry".  Two entities whose dated codes never
 *    apply on the same day (two people of one name in different periods)
 *    are told apart by the date and not reported.  A pair of entries is
 *    reported once, with the number of phrases they share.
 *
 * 2. Roles of one entity: inverted ranges (FROM > TO), and ranges that
 *    overlap and give different codes (the same code overlapping is fine).
 *    Both ends are inclusive, so a handover day (one role ends the day the
 *    next begins) is fine, and so is a handover within the month or year of
 *    a partial date (..2025-06 then 2025-06-20..: the overlap lies in one
 *    month and begins on its 1st or ends on its "31st", or lies in one year
 *    and begins on 01-01 or ends on 12-31; an exact date that looks like a
 *    partial one is given the same benefit of the doubt).  A role contained
 *    in another is never a handover.  One report per entity.
 *
 * 3. Codes.  Event codes of patterns and verbs must be in the codebook when
 *    one is loaded (---, ### and +++ are always allowed).  Actor codes (the
 *    [CODE] of entities, role codes, agent codes) are checked when both
 *    actor_codes.txt and country entities are loaded.  The rule:
 *
 *      A code is a sequence of 3-letter groups, read from the left.  Each
 *      group must be
 *        (a) a country code (the code of an ENT_COUNTRY entity: KOR, ROM), or
 *        (b) a code of actor_codes.txt (sector, type, religion, region; a
 *            longer code listed there covers several groups), or
 *        (c) (not for the first group) the last group of a registered
 *            code: the code up to and including this group is the [CODE]
 *            of an organisation (actors/igos.txt, ENT_IGO) or a non-state
 *            group (actors/groups.txt, ENT_GROUP).
 *
 *    So an IGO/NGO or group code may end in the organisation's or group's
 *    own 3 letters (PSEHMS, IGOOAS, IGOUNOPKOUML), codes built on a
 *    registered one are accepted (IGOEUREECGOV, PSEHMSMIL), and a typo is
 *    caught wherever it stands: KORGVO, UAS, IGOUNOREFHRC for IGOUNOREFHCR.
 *    A name in the middle must be registered itself (IGOUNODEVWBKIFC needs
 *    IGOUNODEVWBK).  This is stricter than "anything after the first 6
 *    letters" (which would let PSEHMS fail and IGOUNOPKOXYZ pass) and needs
 *    no list of organisation types.  The first group is never a name, so a
 *    group coded [UAS] is caught too.  The blind spot: the last group of an
 *    organisation's or group's own [CODE] registers it, so a typo there
 *    (IGOUNOREFHRC written for IGOUNOREFHCR in igos.txt itself) defines a
 *    new organisation and goes unnoticed.  Codes whose length is not a
 *    multiple of 3 are reported as such.
 *
 * 4. Patterns that can never match: a word element with an empty list of
 *    alternatives; a synonym set that has no members (a &NAME used but never
 *    defined); two targets (or two sources; % counts as both); a verb
 *    without a PH_VERB phrase in the trie (reported once per verb); and
 *    patterns identical to another of the same verb root (same elements,
 *    alternatives compared as sets): "conflicting patterns" when the codes
 *    differ, "duplicate pattern" when they are the same.  Patterns made
 *    from one line ("{urge}|{ask} ...") are checked once.
 *
 * Messages start with a fixed phrase per kind of problem (the quoted ones
 * above, "inverted date range", "overlapping roles", "unknown event code",
 * "unknown actor code", "empty alternatives", "undefined synonym set",
 * "two targets", "two sources", "verb without forms") so they can be counted.
 */
#include "dict.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define PAYLOAD(d, i) (&DICT_AT(d, payloads, dict_payload, i))

/* MARK: string sets */

typedef struct lint_key {
    const char *s;
    size_t n;
} lint_key;

/** An open-addressing set of byte strings (not copied), sized once for its maximum. */
typedef struct lint_set {
    lint_key *v;
    size_t cap;
} lint_set;

static uint32_t S_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

// Makes an empty set with room for max keys; false (d->oom set) when out of memory.
static bool S_set_init(dyad_dict *d, lint_set *set, size_t max)
{
    size_t cap = 16;
    while (cap < max * 2) cap *= 2;
    set->v = dyad__malloc(&d->alloc, cap * sizeof *set->v);
    set->cap = set->v ? cap : 0;
    if (!set->v) { d->oom = true; return false; }
    memset(set->v, 0, cap * sizeof *set->v);
    return true;
}

static bool S_set_has(const lint_set *set, const char *s, size_t n)
{
    if (!set->cap || !n) return false;
    for (size_t k = S_hash(s, n) & (set->cap - 1); set->v[k].s; k = (k + 1) & (set->cap - 1))
        if (set->v[k].n == n && memcmp(set->v[k].s, s, n) == 0) return true;
    return false;
}

// Adds s[0..n) (kept by reference); the set must have been made for enough keys.
static void S_set_add(lint_set *set, const char *s, size_t n)
{
    if (!set->cap || !n || S_set_has(set, s, n)) return;
    size_t k = S_hash(s, n) & (set->cap - 1);
    while (set->v[k].s) k = (k + 1) & (set->cap - 1);
    set->v[k] = (lint_key){s, n};
}

/* MARK: context and reporting */

typedef struct lint_file {
    bool tried;
    char *text;
    uint32_t *lines;   /* offset of each line; lines[0] is line 1 */
    uint32_t nlines;
} lint_file;

typedef struct lint {
    dyad_dict *d;
    size_t problems;
    lint_set events;    /* codebook codes (empty: no codebook) */
    lint_set countries; /* codes of country entities */
    lint_set known;     /* actor_codes.txt */
    lint_set orgs;      /* [CODE]s of organisations and groups */
    bool check_actors;
    lint_file *files;   /* source text, read when a message quotes a phrase */
} lint;

static void S_report(lint *L, uint32_t file, uint32_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void S_report(lint *L, uint32_t file, uint32_t line, const char *fmt, ...)
{
    char msg[480];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    dict_reject(L->d, file, line, "%s", msg);
    L->problems++;
}

// Writes the position of another entry relative to the one reported at `here`: "line 12" or "path:12".
static const char *S_other(const lint *L, uint32_t here, uint32_t file, uint32_t line, char *buf, size_t n)
{
    if (file == here) snprintf(buf, n, "line %u", line);
    else dict_where(L->d, file, line, buf, n);
    return buf;
}

// Writes a day as YYYY-MM-DD ("" for 0 = open); a day past a month's end (an upper bound of a partial date) as YYYY-MM.
static const char *S_day(dict_day day, char *buf, size_t n)
{
    if (day <= 0) { snprintf(buf, n, "%s", ""); return buf; }
    int y = day / 10000, m = day / 100 % 100, dd = day % 100;
    char tmp[16];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y % 10000, m, dd);
    if (dd == 31 && dict_parse_day(tmp, 10, false) < 0) snprintf(buf, n, "%04d-%02d", y % 10000, m);
    else snprintf(buf, n, "%s", tmp);
    return buf;
}

/* MARK: source lines (for quoting phrases)
 *
 * The trie keeps no text, so a message quotes a shared phrase by finding it
 * again: an entity's name, or an alternative of the source line read back
 * from the file (when the file name as stored can still be opened). */

// Returns line `line` of source file `file` (length in *len), or NULL; the text lives until lint ends.
static const char *S_source_line(lint *L, uint32_t file, uint32_t line, size_t *len)
{
    dyad_dict *d = L->d;
    if (!L->files || file >= d->files.n || line == 0) return NULL;
    lint_file *f = &L->files[file];
    if (!f->tried) {
        f->tried = true;
        const char *path = DICT_AT(d, files, char *, file);
        FILE *fp = path ? fopen(path, "rb") : NULL;
        if (!fp) return NULL;
        dyad_buf b;
        dyad_buf_init(&b, &d->alloc);
        char chunk[8192];
        size_t k;
        while ((k = fread(chunk, 1, sizeof chunk, fp)) > 0) dyad_buf_put(&b, chunk, k);
        fclose(fp);
        dyad_buf_putc(&b, '\0');
        if (b.failed || b.len > UINT32_MAX) { dyad_buf_free(&b); return NULL; }
        size_t n = 1;
        for (size_t i = 0; i + 1 < b.len; i++) n += b.data[i] == '\n';
        f->lines = dyad__malloc(&d->alloc, n * sizeof *f->lines);
        if (!f->lines) { dyad_buf_free(&b); return NULL; }
        f->lines[0] = 0;
        f->nlines = 1;
        for (size_t i = 0; i + 1 < b.len; i++)
            if (b.data[i] == '\n') f->lines[f->nlines++] = (uint32_t)(i + 1);
        f->text = b.data; /* the buffer's memory passes to the cache */
    }
    if (!f->text || line > f->nlines) return NULL;
    const char *s = f->text + f->lines[line - 1];
    *len = strcspn(s, "\r\n");
    return s;
}

// True when the written phrase s[0..n) leads to the trie node whose payload list starts at `head`.
static bool S_leads_to(const dyad_dict *d, const char *s, size_t n, uint32_t head)
{
    dyad_tokvec tv = {NULL, 0, 0};
    dyad_arena ar;
    dyad_arena_init(&ar, &d->alloc);
    bool hit = false;
    if (n && dyad_tokenize(s, n, &tv, &ar, &d->alloc) && tv.n) {
        dict_match_t m = dict_match(d, tv.v, tv.n, 0, 0);
        hit = m.ntoks == tv.n && m.first == PAYLOAD(d, head);
    }
    dyad__free(&d->alloc, tv.v);
    dyad_arena_free(&ar);
    return hit;
}

// Appends the regular English plural of the last word of s to s (as the readers add it).
static void S_plural(char *s, size_t cap)
{
    size_t n = strlen(s);
    if (!n || n + 3 >= cap) return;
    char last = s[n - 1], before = n > 1 ? s[n - 2] : ' ';
    if (last == 'y' && !strchr("aeiouAEIOU", before)) strcpy(s + n - 1, "ies");
    else if (strchr("sxz", last) || ((before == 'c' || before == 's') && last == 'h')) strcpy(s + n, "es");
    else strcpy(s + n, "s");
}

/**
 * Finds which phrase of payload pi's source line is the one stored at the trie
 * node whose payloads start at `head` (best effort: the line is split at '|'
 * after dropping "key:", "&NAME =", "[CODE]" and comments; with `variants`,
 * plurals and TABARI '_' spellings are tried too); copies it to out.
 */
static bool S_phrase(lint *L, uint32_t pi, uint32_t head, bool variants, char *out, size_t cap)
{
    const dict_payload *p = PAYLOAD(L->d, pi);
    size_t len;
    const char *src = S_source_line(L, p->file, p->line, &len);
    if (!src) return false;
    char line[1024];
    if (len >= sizeof line) len = sizeof line - 1;
    memcpy(line, src, len);
    line[len] = '\0';
    for (size_t i = 0; i < len; i++)
        if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) { line[i] = '\0'; break; }
    for (char *br = strchr(line, '['); br; br = strchr(br, '[')) {
        char *close = strchr(br, ']');
        if (!close) { *br = '\0'; break; }
        memset(br, ' ', (size_t)(close - br) + 1);
    }
    char *s = line + strspn(line, " \t");
    char *eq = strchr(s, '=');
    size_t key = strspn(s, "abcdefghijklmnopqrstuvwxyz-");
    if (s[0] == '&' && eq) s = eq + 1;              /* &NAME = members */
    else if (key && s[key] == ':') s += key + 1;   /* adj: ..., capital: ... */
    for (char *alt = s; alt;) {
        char *bar = strchr(alt, '|');
        if (bar) *bar = '\0';
        char buf[512];
        size_t k = 0;
        for (const char *c = alt; *c && k + 1 < sizeof buf; c++)
            if (*c != '{' && *c != '}') buf[k++] = *c;
        buf[k] = '\0';
        char *a = buf + strspn(buf, " \t+");
        size_t al = strlen(a);
        while (al && (a[al - 1] == ' ' || a[al - 1] == '\t')) a[--al] = '\0';
        char *sp = strrchr(a, ' ');
        if (sp && strstr(sp, "..")) { *sp = '\0'; al = strlen(a); } /* "Blue House 1948..2022-05-09" */
        for (int variant = 0; variant < (variants ? 3 : 1) && al; variant++) {
            char t[520];
            snprintf(t, sizeof t, "%s", a);
            if (variant == 1) S_plural(t, sizeof t);
            if (variant == 2) for (char *u = t; *u; u++) if (*u == '_') *u = ' ';
            if (S_leads_to(L->d, t, strlen(t), head)) {
                snprintf(out, cap, "%s", t);
                return true;
            }
        }
        alt = bar ? bar + 1 : NULL;
    }
    return false;
}

/* MARK: 1. phrases listed twice */

enum { SLOT_AGENT = 1, SLOT_PERSON, SLOT_NOUN, SLOT_ADJ };

typedef struct dup_rec {
    uint32_t first, second; /* payload indices, first < second */
    uint32_t head;          /* first payload of their node */
    uint32_t lo, hi;        /* the two ids, lo < hi (for grouping) */
    uint8_t slot;
    uint8_t conflict;
    dict_day day;           /* a day on which the codes differ; 0 = undated */
} dup_rec;

static int S_cmp_dup(const void *va, const void *vb)
{
    const dup_rec *a = va, *b = vb;
    if (a->slot != b->slot) return a->slot < b->slot ? -1 : 1;
    if (a->lo != b->lo) return a->lo < b->lo ? -1 : 1;
    if (a->hi != b->hi) return a->hi < b->hi ? -1 : 1;
    if (a->conflict != b->conflict) return a->conflict > b->conflict ? -1 : 1;
    if (a->second != b->second) return a->second < b->second ? -1 : 1;
    return a->first < b->first ? -1 : a->first > b->first;
}

// The slot of actor.c a payload competes for, or 0 when it is not an actor or agent.
static int S_slot(const dyad_dict *d, const dict_payload *p)
{
    if (p->kind == PH_AGENT) return p->id < d->agents.n ? SLOT_AGENT : 0;
    if (p->kind != PH_ACTOR && p->kind != PH_ADJ && p->kind != PH_GOV && p->kind != PH_MIL) return 0;
    if (p->id >= d->entities.n) return 0;
    if (DICT_AT(d, entities, dict_entity, p->id).kind == ENT_PERSON) return SLOT_PERSON;
    return p->kind == PH_ADJ ? SLOT_ADJ : SLOT_NOUN;
}

// The code the coder reads for entity payload p on a day (as actor.c's S_candidate); false when none applies.
static bool S_payload_code(const dyad_dict *d, const dict_payload *p, dict_day day, char *buf, size_t n)
{
    const char *code = dict_entity_code(d, p->id, day);
    if (!code || !*code) return false;
    const char *suffix = p->kind == PH_GOV ? "GOV" : p->kind == PH_MIL ? "MIL" : "";
    if (*suffix && strlen(code) == 3 && strcmp(code, suffix) != 0) snprintf(buf, n, "%s%s", code, suffix);
    else snprintf(buf, n, "%s", code);
    return true;
}

// Adds the days on which entity e's code may change to days[*n] (capacity cap).
static void S_change_days(const dyad_dict *d, uint32_t e, dict_day *days, size_t *n, size_t cap)
{
    const dict_entity *ent = &DICT_AT(d, entities, dict_entity, e);
    for (uint32_t i = 0; i < ent->nroles; i++) {
        const dict_role *r = &DICT_AT(d, roles, dict_role, ent->role_begin + i);
        if (r->from > 0 && *n < cap) days[(*n)++] = r->from;
        if (r->to > 0 && *n + 1 < cap) { days[(*n)++] = r->to; days[(*n)++] = r->to + 1; }
    }
}

/**
 * Compares two entity payloads: 0 when their codes never apply on the same
 * day, 1 when equal wherever both apply, 2 when different on some day;
 * *day = the earliest day on which they differ (2) or both apply (1), 1 =
 * before every dated bound.
 */
static int S_compare_entities(const dyad_dict *d, const dict_payload *x, const dict_payload *y, dict_day *day)
{
    dict_day days[512];
    size_t n = 0;
    days[n++] = 1; /* before every dated bound */
    S_change_days(d, x->id, days, &n, sizeof days / sizeof *days);
    S_change_days(d, y->id, days, &n, sizeof days / sizeof *days);
    int result = 0;
    *day = 0;
    for (size_t i = 0; i < n; i++) {
        char a[64], b[64];
        if (!S_payload_code(d, x, days[i], a, sizeof a) || !S_payload_code(d, y, days[i], b, sizeof b)) continue;
        int r = strcmp(a, b) ? 2 : 1;
        if (r > result || (r == result && days[i] < *day)) *day = days[i];
        if (r > result) result = r;
    }
    return result;
}

// Reports one pair of entries sharing `count` phrases (the records group[0..count)), quoting one phrase as written.
static void S_report_dup(lint *L, const dup_rec *group, size_t count)
{
    const dyad_dict *d = L->d;
    const dup_rec *r = group;
    char phrase[200], where[300], c1[80], c2[80], more[64] = "", when[48] = "";
    bool found = false;
    /* the entities' own names first (no file to read), then the written lines if the files can be opened */
    for (size_t i = 0; i < count && i < 16 && !found && r->slot != SLOT_AGENT; i++) {
        for (int k = 0; k < 2 && !found; k++) {
            const dict_payload *p = PAYLOAD(d, k ? group[i].first : group[i].second);
            const char *name = dict_s(d, DICT_AT(d, entities, dict_entity, p->id).name);
            found = S_leads_to(d, name, strlen(name), group[i].head);
            if (found) { snprintf(phrase, sizeof phrase, "%s", name); r = &group[i]; }
        }
    }
    for (int variants = 0; variants < 2 && !found; variants++)
        for (size_t i = 0; i < count && i < 16 && !found; i++) {
            found = S_phrase(L, group[i].second, group[i].head, variants, phrase, sizeof phrase) ||
                    S_phrase(L, group[i].first, group[i].head, variants, phrase, sizeof phrase);
            if (found) r = &group[i];
        }
    const dict_payload *p1 = PAYLOAD(d, r->first), *p2 = PAYLOAD(d, r->second);
    if (!found) snprintf(phrase, sizeof phrase, "(a %u-word phrase)", (unsigned)p2->ntoks);
    S_other(L, p2->file, p1->file, p1->line, where, sizeof where);
    if (count > 1) snprintf(more, sizeof more, "; they share %zu phrases", count);
    if (r->slot == SLOT_AGENT) {
        const dict_agent *a1 = &DICT_AT(d, agents, dict_agent, p1->id), *a2 = &DICT_AT(d, agents, dict_agent, p2->id);
        snprintf(c1, sizeof c1, "%s%s%s", a1->replace ? "~" : "", dict_s(d, a1->code), a1->prefix ? "~" : "");
        snprintf(c2, sizeof c2, "%s%s%s", a2->replace ? "~" : "", dict_s(d, a2->code), a2->prefix ? "~" : "");
        if (r->conflict)
            S_report(L, p2->file, p2->line, "conflicting codes for agent '%s': %s here, %s at %s%s", phrase, c2, c1, where, more);
        else S_report(L, p2->file, p2->line, "duplicate entry: agent '%s' [%s] is also at %s%s", phrase, c2, where, more);
        return;
    }
    const dict_entity *e1 = &DICT_AT(d, entities, dict_entity, p1->id), *e2 = &DICT_AT(d, entities, dict_entity, p2->id);
    dict_day day = r->day > 0 ? r->day : 1;
    if (!S_payload_code(d, p1, day, c1, sizeof c1)) snprintf(c1, sizeof c1, "?");
    if (!S_payload_code(d, p2, day, c2, sizeof c2)) snprintf(c2, sizeof c2, "?");
    if (r->conflict && r->day > 1) {
        /* a sample day is a bound or the day after an upper bound (which may be no calendar day) */
        char tmp[24], ds[16];
        snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", r->day / 10000 % 10000, r->day / 100 % 100, r->day % 100);
        if (dict_parse_day(tmp, 10, false) == r->day) snprintf(when, sizeof when, " on %s", tmp);
        else snprintf(when, sizeof when, " after %s", S_day(r->day - 1, ds, sizeof ds));
    }
    if (r->conflict)
        S_report(L, p2->file, p2->line, "conflicting codes for '%s'%s: %s (%s) here, %s (%s) at %s%s", phrase, when,
                 c2, dict_s(d, e2->name), c1, dict_s(d, e1->name), where, more);
    else
        S_report(L, p2->file, p2->line, "duplicate entry: '%s' is %s (%s) here and at %s (%s)%s", phrase, c2,
                 dict_s(d, e2->name), where, dict_s(d, e1->name), more);
}

static void S_check_duplicates(lint *L)
{
    dyad_dict *d = L->d;
    size_t np = d->payloads.n;
    if (np < 3) return;
    /* each trie node's payloads form one list through ->next: the heads are those no payload points to */
    uint8_t *pointed = dyad__malloc(&d->alloc, np);
    if (!pointed) { d->oom = true; return; }
    memset(pointed, 0, np);
    for (size_t i = 1; i < np; i++) {
        uint32_t nx = PAYLOAD(d, i)->next;
        if (nx && nx < np) pointed[nx] = 1;
    }
    dict_vec recs = {NULL, 0, 0};
    uint32_t chain[256];
    for (size_t h = 1; h < np; h++) {
        if (pointed[h]) continue;
        size_t n = 0; /* the node's actor and agent payloads (places, verbs and synonyms are skipped) */
        for (uint32_t q = (uint32_t)h; q && q < np && n < 256; q = PAYLOAD(d, q)->next)
            if (S_slot(d, PAYLOAD(d, q))) chain[n++] = q;
        if (n < 2) continue;
        for (size_t i = 0; i < n; i++) {
            const dict_payload *x = PAYLOAD(d, chain[i]);
            int sx = S_slot(d, x);
            for (size_t j = i + 1; j < n; j++) {
                const dict_payload *y = PAYLOAD(d, chain[j]);
                if (S_slot(d, y) != sx || x->id == y->id) continue;
                dup_rec r = {0};
                r.first = chain[i] < chain[j] ? chain[i] : chain[j];
                r.second = chain[i] < chain[j] ? chain[j] : chain[i];
                r.head = (uint32_t)h;
                r.lo = x->id < y->id ? x->id : y->id;
                r.hi = x->id < y->id ? y->id : x->id;
                r.slot = (uint8_t)sx;
                if (sx == SLOT_AGENT) {
                    const dict_agent *a = &DICT_AT(d, agents, dict_agent, x->id), *b = &DICT_AT(d, agents, dict_agent, y->id);
                    r.conflict = a->code != b->code || a->prefix != b->prefix || a->replace != b->replace;
                } else {
                    int c = S_compare_entities(d, x, y, &r.day);
                    if (c == 0) continue;
                    r.conflict = c == 2;
                }
                dup_rec *slot = dict_push(d, &recs, sizeof *slot);
                if (!slot) goto done;
                *slot = r;
            }
        }
    }
    if (recs.n) qsort(recs.v, recs.n, sizeof(dup_rec), S_cmp_dup);
    for (size_t i = 0; i < recs.n;) {
        const dup_rec *r = (const dup_rec *)recs.v + i;
        size_t j = i + 1;
        while (j < recs.n) {
            const dup_rec *s = (const dup_rec *)recs.v + j;
            if (s->slot != r->slot || s->lo != r->lo || s->hi != r->hi || s->conflict != r->conflict) break;
            j++;
        }
        S_report_dup(L, r, j - i);
        i = j;
    }
done:
    dyad__free(&d->alloc, recs.v);
    dyad__free(&d->alloc, pointed);
}

/* MARK: 2. roles */

// True when roles a and b overlap and give different codes: a handover (the earlier role ends on the
// day, or within the month or year of a partial date, on which the later one begins) does not count.
static bool S_roles_clash(const dict_role *a, const dict_role *b, int64_t *lo, int64_t *hi)
{
    if (a->code == b->code) return false;
    int64_t af = a->from, at = a->to ? a->to : INT32_MAX, bf = b->from, bt = b->to ? b->to : INT32_MAX;
    if (af > at || bf > bt) return false; /* inverted: reported as such */
    *lo = af > bf ? af : bf;
    *hi = at < bt ? at : bt;
    if (*lo > *hi) return false;
    const dict_role *early = af < bf ? a : b, *late = af < bf ? b : a;
    int64_t ef = early->from, et = early->to ? early->to : INT32_MAX, lf = late->from, lt = late->to ? late->to : INT32_MAX;
    if (ef < lf && et < lt && *lo == lf && *hi == et) {
        if (*lo == *hi) return false;
        /* "..2025-06" is stored as 20250631, "2025-06.." as 20250601, "2025" as 0101 and 1231 */
        if (*lo / 100 == *hi / 100 && (*lo % 100 == 1 || *hi % 100 == 31)) return false;
        if (*lo / 10000 == *hi / 10000 && (*lo % 10000 == 101 || *hi % 10000 == 1231)) return false;
    }
    return true;
}

static void S_check_roles(lint *L)
{
    const dyad_dict *d = L->d;
    for (size_t e = 0; e < d->entities.n; e++) {
        const dict_entity *ent = &DICT_AT(d, entities, dict_entity, e);
        const dict_role *roles = (const dict_role *)d->roles.v + ent->role_begin;
        const char *name = dict_s(d, ent->name);
        char f[16], t[16], f2[16], t2[16], lo_s[16], hi_s[16];
        for (uint32_t i = 0; i < ent->nroles; i++) {
            const dict_role *a = &roles[i];
            if (a->from > 0 && a->to > 0 && a->from > a->to)
                S_report(L, ent->file, ent->line, "inverted date range of '%s': %s %s..%s", name, dict_s(d, a->code),
                         S_day(a->from, f, sizeof f), S_day(a->to, t, sizeof t));
        }
        /* one report per entity: the first clashing pair, and how many more there are */
        const dict_role *ca = NULL, *cb = NULL;
        int64_t clo = 0, chi = 0;
        size_t clashes = 0;
        for (uint32_t i = 0; i < ent->nroles; i++)
            for (uint32_t j = i + 1; j < ent->nroles; j++) {
                int64_t lo, hi;
                if (!S_roles_clash(&roles[i], &roles[j], &lo, &hi)) continue;
                if (!clashes++) { ca = &roles[i]; cb = &roles[j]; clo = lo; chi = hi; }
            }
        if (!clashes) continue;
        char more[64] = "";
        if (clashes > 1) snprintf(more, sizeof more, "; %zu more overlapping pair%s", clashes - 1, clashes > 2 ? "s" : "");
        S_report(L, ent->file, ent->line, "overlapping roles of '%s' with different codes: %s %s..%s and %s %s..%s (both %s..%s)%s",
                 name, dict_s(d, ca->code), S_day(ca->from, f, sizeof f), S_day(ca->to, t, sizeof t), dict_s(d, cb->code),
                 S_day(cb->from, f2, sizeof f2), S_day(cb->to, t2, sizeof t2), S_day((dict_day)clo, lo_s, sizeof lo_s),
                 chi == INT32_MAX ? "" : S_day((dict_day)chi, hi_s, sizeof hi_s), more);
    }
}

/* MARK: 3. codes */

// True when an event code is in the codebook (or no codebook is loaded) or is a special code.
static bool S_event_ok(const lint *L, const char *code)
{
    if (!L->events.cap || !*code) return true;
    if (!strcmp(code, "---") || !strcmp(code, "###") || !strcmp(code, "+++")) return true;
    return S_set_has(&L->events, code, strlen(code));
}

// Checks one actor code by the rule at the top of the file; reports at file:line.
static void S_check_actor_code(lint *L, const char *code, uint32_t file, uint32_t line, const char *what, const char *name)
{
    if (!L->check_actors || !*code) return;
    if (!strcmp(code, "---") || !strcmp(code, "###") || !strcmp(code, "+++")) return;
    size_t n = strlen(code);
    if (n % 3) {
        S_report(L, file, line, "unknown actor code %s (%s%s%s%s): not a sequence of 3-letter groups", code, what,
                 *name ? " '" : "", name, *name ? "'" : "");
        return;
    }
    for (size_t i = 0; i < n;) {
        size_t step = 0;
        for (size_t len = n - i; len >= 3 && !step; len -= 3)
            if (S_set_has(&L->known, code + i, len) ||
                (len == 3 && (S_set_has(&L->countries, code + i, 3) || (i > 0 && S_set_has(&L->orgs, code, i + 3)))))
                step = len;
        if (!step) {
            S_report(L, file, line,
                     "unknown actor code %s (%s%s%s%s): '%.3s' is not a country code, a code of actor_codes.txt or the end of an organisation's or group's code",
                     code, what, *name ? " '" : "", name, *name ? "'" : "", code + i);
            return;
        }
        i += step;
    }
}

static void S_check_actor_codes(lint *L)
{
    const dyad_dict *d = L->d;
    if (!L->check_actors) return;
    for (size_t e = 0; e < d->entities.n; e++) {
        const dict_entity *ent = &DICT_AT(d, entities, dict_entity, e);
        const dict_role *roles = (const dict_role *)d->roles.v + ent->role_begin;
        const char *name = dict_s(d, ent->name);
        if (ent->code) S_check_actor_code(L, dict_s(d, ent->code), ent->file, ent->line, "code of", name);
        for (uint32_t i = 0; i < ent->nroles; i++) {
            bool seen = roles[i].code == ent->code;
            for (uint32_t k = 0; k < i && !seen; k++) seen = roles[k].code == roles[i].code;
            if (!seen) S_check_actor_code(L, dict_s(d, roles[i].code), ent->file, ent->line, "role of", name);
        }
    }
    for (size_t i = 0; i < d->agents.n; i++) {
        const dict_agent *a = &DICT_AT(d, agents, dict_agent, i);
        S_check_actor_code(L, dict_s(d, a->code), a->file, a->line, "agent", "");
    }
}

/* MARK: 4. patterns */

// Writes a pattern as text: "say ... {strike} on|against &TARGETS +" ({lemma} for inflected words).
static const char *S_pattern_text(const dyad_dict *d, const dict_pattern *p, char *buf, size_t n)
{
    size_t k = 0;
    const char *root = p->verb < d->verbs.n ? dict_s(d, DICT_AT(d, verbs, dict_verb, p->verb).root) : "?";
    k += (size_t)snprintf(buf, n, "%s", root);
    for (uint32_t i = 0; i < p->nelems && k < n; i++) {
        const dict_elem *e = &DICT_AT(d, elems, dict_elem, p->elem_begin + i);
        const char *opt = e->flags & EF_OPTIONAL ? "?" : "";
        int w = 0;
        switch (e->kind) {
        case PE_WORD: {
            /* {lemma}: its first form is the lemma; plain words: all alternatives */
            bool ok = e->count && (size_t)e->id + e->count <= d->alts.n;
            if (ok && (e->flags & EF_FORMS)) {
                w = snprintf(buf + k, n - k, " {%s}%s", dict_s(d, DICT_AT(d, alts, dict_str, e->id)), opt);
                break;
            }
            w = snprintf(buf + k, n - k, ok ? " " : " ()");
            for (uint32_t a = 0; ok && a < e->count && w >= 0 && k + (size_t)w < n; a++) {
                int x = snprintf(buf + k + (size_t)w, n - k - (size_t)w, "%s%s", a ? "|" : "", dict_s(d, DICT_AT(d, alts, dict_str, e->id + a)));
                if (x < 0) break;
                w += x;
            }
            if (w >= 0 && k + (size_t)w < n) w += snprintf(buf + k + (size_t)w, n - k - (size_t)w, "%s", opt);
            break;
        }
        case PE_SYNSET:
            w = snprintf(buf + k, n - k, " &%s%s", e->id < d->synsets.n ? dict_s(d, DICT_AT(d, synsets, dict_str, e->id)) : "?", opt);
            break;
        case PE_SOURCE: w = snprintf(buf + k, n - k, " $%s", opt); break;
        case PE_TARGET: w = snprintf(buf + k, n - k, " +%s", opt); break;
        case PE_COMPOUND: w = snprintf(buf + k, n - k, " %%%s", opt); break;
        case PE_SKIP: w = snprintf(buf + k, n - k, " ^"); break;
        case PE_GAP: w = snprintf(buf + k, n - k, " ..."); break;
        case PE_VERB: w = snprintf(buf + k, n - k, " *"); break;
        default: w = snprintf(buf + k, n - k, " ~"); break;
        }
        if (w < 0) break;
        k += (size_t)w;
    }
    return buf;
}

// True when word elements a and b have the same alternatives, in any order.
static bool S_same_alts(const dyad_dict *d, const dict_elem *a, const dict_elem *b)
{
    if (a->count != b->count) return false;
    if ((size_t)a->id + a->count > d->alts.n || (size_t)b->id + b->count > d->alts.n) return false;
    const dict_str *x = (const dict_str *)d->alts.v + a->id, *y = (const dict_str *)d->alts.v + b->id;
    for (uint32_t i = 0; i < a->count; i++) {
        bool found = false;
        for (uint32_t j = 0; j < b->count && !found; j++) found = x[i] == y[j];
        if (!found) return false;
    }
    return true;
}

// True when two patterns have the same verb root and the same elements.
static bool S_same_pattern(const dyad_dict *d, const dict_pattern *p, const dict_pattern *q)
{
    if (p->nelems != q->nelems) return false;
    if (p->verb >= d->verbs.n || q->verb >= d->verbs.n) return false;
    if (DICT_AT(d, verbs, dict_verb, p->verb).root != DICT_AT(d, verbs, dict_verb, q->verb).root) return false;
    for (uint32_t i = 0; i < p->nelems; i++) {
        const dict_elem *a = &DICT_AT(d, elems, dict_elem, p->elem_begin + i), *b = &DICT_AT(d, elems, dict_elem, q->elem_begin + i);
        if (a->kind != b->kind || (a->flags & ~EF_FORMS) != (b->flags & ~EF_FORMS) || a->gap != b->gap) return false;
        if (a->kind == PE_SYNSET && a->id != b->id) return false;
        if (a->kind == PE_WORD && !S_same_alts(d, a, b)) return false;
    }
    return true;
}

typedef struct pat_key {
    uint64_t hash;
    uint32_t index;
} pat_key;

static int S_cmp_pat_key(const void *va, const void *vb)
{
    const pat_key *a = va, *b = vb;
    if (a->hash != b->hash) return a->hash < b->hash ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

// A hash of a pattern's verb root and elements that ignores the order of alternatives.
static uint64_t S_pattern_hash(const dyad_dict *d, const dict_pattern *p)
{
    uint64_t h = p->verb < d->verbs.n ? DICT_AT(d, verbs, dict_verb, p->verb).root : 0;
    h = h * 1000003u + p->nelems;
    for (uint32_t i = 0; i < p->nelems; i++) {
        const dict_elem *e = &DICT_AT(d, elems, dict_elem, p->elem_begin + i);
        h = h * 1000003u + ((uint64_t)e->kind << 24 | (uint64_t)(e->flags & ~EF_FORMS) << 16 | e->gap);
        if (e->kind == PE_SYNSET) h = h * 1000003u + e->id;
        if (e->kind == PE_WORD && (size_t)e->id + e->count <= d->alts.n) {
            uint64_t sum = e->count;
            for (uint32_t k = 0; k < e->count; k++) {
                uint64_t s = DICT_AT(d, alts, dict_str, e->id + k);
                sum += (s * 0x9E3779B97F4A7C15ull) ^ (s >> 7);
            }
            h = h * 1000003u + sum;
        }
    }
    return h;
}

typedef struct pat_dup {
    uint32_t later, earlier;  /* pattern indices */
    uint8_t conflict;
} pat_dup;

static int S_cmp_pat_dup(const void *va, const void *vb)
{
    const pat_dup *a = va, *b = vb;
    if (a->later != b->later) return a->later < b->later ? -1 : 1;
    return a->earlier < b->earlier ? -1 : a->earlier > b->earlier;
}

static void S_check_duplicate_patterns(lint *L)
{
    dyad_dict *d = L->d;
    size_t np = d->patterns.n;
    if (np < 2) return;
    pat_key *keys = dyad__malloc(&d->alloc, np * sizeof *keys);
    if (!keys) { d->oom = true; return; }
    for (size_t i = 0; i < np; i++) keys[i] = (pat_key){S_pattern_hash(d, &DICT_AT(d, patterns, dict_pattern, i)), (uint32_t)i};
    qsort(keys, np, sizeof *keys, S_cmp_pat_key);
    dict_vec dups = {NULL, 0, 0};
    for (size_t i = 0; i < np;) {
        size_t j = i + 1;
        while (j < np && keys[j].hash == keys[i].hash) j++;
        /* within a run of equal hashes: each pattern against the earliest identical one */
        for (size_t a = i + 1; a < j; a++) {
            const dict_pattern *q = &DICT_AT(d, patterns, dict_pattern, keys[a].index);
            for (size_t b = i; b < a; b++) {
                const dict_pattern *p = &DICT_AT(d, patterns, dict_pattern, keys[b].index);
                if (!S_same_pattern(d, p, q)) continue;
                if (p->file == q->file && p->line == q->line) break; /* one line, several anchors */
                pat_dup *r = dict_push(d, &dups, sizeof *r);
                if (!r) goto done;
                r->later = keys[a].index;
                r->earlier = keys[b].index;
                r->conflict = p->code != q->code || p->code2 != q->code2;
                break;
            }
        }
        i = j;
    }
    if (dups.n) qsort(dups.v, dups.n, sizeof(pat_dup), S_cmp_pat_dup);
    uint32_t last_file = UINT32_MAX, last_line = 0, last_ofile = UINT32_MAX, last_oline = 0;
    for (size_t i = 0; i < dups.n; i++) {
        const pat_dup *r = (const pat_dup *)dups.v + i;
        const dict_pattern *q = &DICT_AT(d, patterns, dict_pattern, r->later), *p = &DICT_AT(d, patterns, dict_pattern, r->earlier);
        if (q->file == last_file && q->line == last_line && p->file == last_ofile && p->line == last_oline) continue;
        last_file = q->file, last_line = q->line, last_ofile = p->file, last_oline = p->line;
        char text[300], where[300];
        S_pattern_text(d, q, text, sizeof text);
        S_other(L, q->file, p->file, p->line, where, sizeof where);
        if (r->conflict)
            S_report(L, q->file, q->line, "conflicting patterns: '%s' is %s here and %s at %s", text, dict_s(d, q->code),
                     dict_s(d, p->code), where);
        else S_report(L, q->file, q->line, "duplicate pattern: '%s' (%s) is also at %s", text, dict_s(d, q->code), where);
    }
done:
    dyad__free(&d->alloc, dups.v);
    dyad__free(&d->alloc, keys);
}

static void S_check_patterns(lint *L)
{
    dyad_dict *d = L->d;
    size_t nv = d->verbs.n, ns = d->synsets.n;
    uint8_t *has_forms = dyad__malloc(&d->alloc, nv + 1);
    uint8_t *has_members = dyad__malloc(&d->alloc, ns + 1);
    uint32_t *npat = dyad__malloc(&d->alloc, (nv + 1) * sizeof *npat);
    if (!has_forms || !has_members || !npat) { d->oom = true; goto done; }
    memset(has_forms, 0, nv + 1);
    memset(has_members, 0, ns + 1);
    memset(npat, 0, (nv + 1) * sizeof *npat);
    for (size_t i = 1; i < d->payloads.n; i++) {
        const dict_payload *p = PAYLOAD(d, i);
        if (p->kind == PH_VERB && p->id < nv) has_forms[p->id] = 1;
        if (p->kind == PH_SYNSET && p->id < ns) has_members[p->id] = 1;
    }
    char text[300];
    for (size_t i = 0; i < d->patterns.n; i++) {
        const dict_pattern *p = &DICT_AT(d, patterns, dict_pattern, i);
        if (p->verb < nv) npat[p->verb]++;
        /* the patterns of one line ("{urge}|{ask} + ...") share code and elements: check them once */
        if (i > 0) {
            const dict_pattern *prev = &DICT_AT(d, patterns, dict_pattern, i - 1);
            if (prev->file == p->file && prev->line == p->line && prev->code == p->code && prev->nelems == p->nelems) continue;
        }
        const char *code = dict_s(d, p->code), *code2 = dict_s(d, p->code2);
        if (!S_event_ok(L, code))
            S_report(L, p->file, p->line, "unknown event code %s (not in the codebook) in pattern '%s'", code, S_pattern_text(d, p, text, sizeof text));
        if (p->code2 && !S_event_ok(L, code2))
            S_report(L, p->file, p->line, "unknown event code %s (not in the codebook) in pattern '%s'", code2, S_pattern_text(d, p, text, sizeof text));
        int targets = 0, sources = 0;
        for (uint32_t k = 0; k < p->nelems; k++) {
            if ((size_t)p->elem_begin + k >= d->elems.n) break;
            const dict_elem *e = &DICT_AT(d, elems, dict_elem, p->elem_begin + k);
            if (e->kind == PE_TARGET || e->kind == PE_COMPOUND) targets++;
            if (e->kind == PE_SOURCE || e->kind == PE_COMPOUND) sources++;
            if (e->kind == PE_WORD) {
                bool empty = e->count == 0 || (size_t)e->id + e->count > d->alts.n;
                if (!empty) {
                    empty = true;
                    for (uint32_t a = 0; a < e->count && empty; a++) empty = DICT_AT(d, alts, dict_str, e->id + a) == 0;
                }
                if (empty)
                    S_report(L, p->file, p->line, "empty alternatives: word element %u of pattern '%s' has no words, so it never matches",
                             k + 1, S_pattern_text(d, p, text, sizeof text));
            } else if (e->kind == PE_SYNSET) {
                if (e->id >= ns)
                    S_report(L, p->file, p->line, "undefined synonym set: element %u of pattern '%s' names no set", k + 1,
                             S_pattern_text(d, p, text, sizeof text));
                else if (!has_members[e->id] && !(e->flags & EF_OPTIONAL))
                    S_report(L, p->file, p->line, "undefined synonym set &%s (no members): pattern '%s' never matches",
                             dict_s(d, DICT_AT(d, synsets, dict_str, e->id)), S_pattern_text(d, p, text, sizeof text));
                else if (!has_members[e->id])
                    S_report(L, p->file, p->line, "undefined synonym set &%s (no members) in pattern '%s'",
                             dict_s(d, DICT_AT(d, synsets, dict_str, e->id)), S_pattern_text(d, p, text, sizeof text));
            }
        }
        if (targets > 1)
            S_report(L, p->file, p->line, "two targets in pattern '%s': a sentence has one target", S_pattern_text(d, p, text, sizeof text));
        if (sources > 1)
            S_report(L, p->file, p->line, "two sources in pattern '%s': a sentence has one source", S_pattern_text(d, p, text, sizeof text));
    }
    for (size_t v = 0; v < nv; v++) {
        const dict_verb *vb = &DICT_AT(d, verbs, dict_verb, v);
        if (vb->code && !S_event_ok(L, dict_s(d, vb->code)))
            S_report(L, vb->file, vb->line, "unknown event code %s (not in the codebook) of verb '%s'", dict_s(d, vb->code), dict_s(d, vb->root));
        if (!has_forms[v] && (npat[v] || vb->code))
            S_report(L, vb->file, vb->line, "verb without forms: '%s' has no verb phrase in the trie, so its %u pattern%s never match%s",
                     dict_s(d, vb->root), npat[v], npat[v] == 1 ? "" : "s", npat[v] == 1 ? "es" : "");
    }
    S_check_duplicate_patterns(L);
done:
    dyad__free(&d->alloc, npat);
    dyad__free(&d->alloc, has_members);
    dyad__free(&d->alloc, has_forms);
}

/* MARK: entry points */

size_t dict_lint(dyad_dict *d)
{
    if (!d) return 0;
    lint L;
    memset(&L, 0, sizeof L);
    L.d = d;
    L.files = d->files.n ? dyad__malloc(&d->alloc, d->files.n * sizeof *L.files) : NULL;
    if (L.files) memset(L.files, 0, d->files.n * sizeof *L.files);

    size_t ncountries = 0, norgs = 0;
    for (size_t i = 0; i < d->entities.n; i++) {
        const dict_entity *e = &DICT_AT(d, entities, dict_entity, i);
        ncountries += e->kind == ENT_COUNTRY && e->code;
        norgs += (e->kind == ENT_IGO || e->kind == ENT_GROUP) && e->code;
    }
    bool ok = (!d->codes.n || S_set_init(d, &L.events, d->codes.n)) &&
              S_set_init(d, &L.countries, ncountries) && S_set_init(d, &L.known, d->known_codes.n) &&
              S_set_init(d, &L.orgs, norgs);
    if (ok) {
        for (size_t i = 0; i < d->codes.n; i++) {
            const char *c = dict_s(d, DICT_AT(d, codes, dict_event_code, i).code);
            S_set_add(&L.events, c, strlen(c));
        }
        for (size_t i = 0; i < d->known_codes.n; i++) {
            const char *c = dict_s(d, DICT_AT(d, known_codes, dict_str, i));
            S_set_add(&L.known, c, strlen(c));
        }
        for (size_t i = 0; i < d->entities.n; i++) {
            const dict_entity *e = &DICT_AT(d, entities, dict_entity, i);
            const char *c = dict_s(d, e->code);
            if (e->kind == ENT_COUNTRY) S_set_add(&L.countries, c, strlen(c));
            if (e->kind == ENT_IGO || e->kind == ENT_GROUP) S_set_add(&L.orgs, c, strlen(c));
        }
        L.check_actors = d->known_codes.n && ncountries;
        S_check_duplicates(&L);
        S_check_roles(&L);
        S_check_actor_codes(&L);
        S_check_patterns(&L);
    }

    for (size_t i = 0; L.files && i < d->files.n; i++) {
        dyad__free(&d->alloc, L.files[i].text);
        dyad__free(&d->alloc, L.files[i].lines);
    }
    dyad__free(&d->alloc, L.files);
    dyad__free(&d->alloc, L.events.v);
    dyad__free(&d->alloc, L.countries.v);
    dyad__free(&d->alloc, L.known.v);
    dyad__free(&d->alloc, L.orgs.v);
    return L.problems;
}

size_t dyad_dict_lint(dyad_dict *dict) { return dict_lint(dict); }
