/*
 * dict.c — the compiled dictionary set: string pool, token trie, entities,
 * agents, verbs and patterns, synonym sets, the codebook, and the public
 * dyad_dict_* functions.  Formats are read by dict_ours.c, dict_tabari.c and
 * dict_petrarch.c through the builder functions here (see dict.h).
 */
#include "dict.h"
#include "tabari.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

/* MARK: vectors */

void *dict_push(dyad_dict *d, dict_vec *vec, size_t sz)
{
    if (vec->n == vec->cap) {
        size_t cap = vec->cap ? vec->cap * 2 : 64;
        void *v = dyad__realloc(&d->alloc, vec->v, cap * sz);
        if (!v) { d->oom = true; return NULL; }
        vec->v = v;
        vec->cap = cap;
    }
    void *p = (char *)vec->v + vec->n * sz;
    memset(p, 0, sz);
    vec->n++;
    return p;
}

static void S_free_vec(dyad_dict *d, dict_vec *vec)
{
    dyad__free(&d->alloc, vec->v);
    vec->v = NULL;
    vec->n = vec->cap = 0;
}

/* MARK: dates */

dict_day dict_parse_day(const char *s, size_t n, bool upper)
{
    int y = 0, m = 0, dd = 0;
    if (n == 4 || n == 7 || n == 10) {
        for (size_t i = 0; i < 4; i++) {
            if (s[i] < '0' || s[i] > '9') return -1;
            y = y * 10 + (s[i] - '0');
        }
        if (n >= 7) {
            if (s[4] != '-' || s[5] < '0' || s[5] > '9' || s[6] < '0' || s[6] > '9') return -1;
            m = (s[5] - '0') * 10 + (s[6] - '0');
            if (m < 1 || m > 12) return -1;
        }
        if (n == 10) {
            if (!dyad__valid_date(s, 10)) return -1;
            dd = (s[8] - '0') * 10 + (s[9] - '0');
        }
    } else return -1;
    if (!m) m = upper ? 12 : 1;
    if (!dd) dd = upper ? 31 : 1;
    return y * 10000 + m * 100 + dd;
}

/* MARK: string pool */

// FNV-1a of s[0..n), never 0 (0 marks an empty slot).
static uint32_t S_hash(const char *s, size_t n)
{
    uint32_t h = dict_word_hash(s, n);
    return h ? h : 1;
}

/* A slot of the dedup table: the string's hash is kept so a probe touches the pool only when
 * the hashes agree (the table doubles as the word-id lookup of every token). */
struct dict_strslot {
    uint32_t hash;
    dict_str off;    /* 0 = empty slot */
};

// Rebuilds the dedup table at twice the size.
static bool S_grow_strhash(dyad_dict *d)
{
    size_t cap = d->strhash_cap ? d->strhash_cap * 2 : 4096;
    struct dict_strslot *t = dyad__malloc(&d->alloc, cap * sizeof *t);
    if (!t) { d->oom = true; return false; }
    memset(t, 0, cap * sizeof *t);
    for (size_t i = 0; i < d->strhash_cap; i++) {
        const struct dict_strslot *o = &d->strhash[i];
        if (!o->off) continue;
        size_t k = o->hash & (cap - 1);
        while (t[k].off) k = (k + 1) & (cap - 1);
        t[k] = *o;
    }
    dyad__free(&d->alloc, d->strhash);
    d->strhash = t;
    d->strhash_cap = cap;
    return true;
}

// The slot holding s[0..n) (hash h), or the empty slot where it would go.
static size_t S_str_slot(const dyad_dict *d, const char *s, size_t n, uint32_t h)
{
    size_t k = h & (d->strhash_cap - 1);
    for (;; k = (k + 1) & (d->strhash_cap - 1)) {
        const struct dict_strslot *e = &d->strhash[k];
        if (!e->off) return k;
        if (e->hash != h) continue;
        const char *t = d->pool.data + e->off;
        if (strncmp(t, s, n) == 0 && t[n] == '\0') return k;
    }
}

dict_str dict_intern(dyad_dict *d, const char *s, size_t n)
{
    if (n == 0) return 0;
    if ((d->nstr + 1) * 2 > d->strhash_cap && !S_grow_strhash(d)) return 0;
    uint32_t h = S_hash(s, n);
    size_t k = S_str_slot(d, s, n, h);
    if (d->strhash[k].off) return d->strhash[k].off;
    if (d->pool.len == 0) dyad_buf_putc(&d->pool, '\0'); /* offset 0 = "" */
    if (d->pool.len + n + 1 > UINT32_MAX) { d->oom = true; return 0; }
    uint32_t o = (uint32_t)d->pool.len;
    dyad_buf_put(&d->pool, s, n);
    dyad_buf_putc(&d->pool, '\0');
    if (d->pool.failed) { d->oom = true; return 0; }
    d->strhash[k] = (struct dict_strslot){h, o};
    d->nstr++;
    return o;
}

// The pool id of w[0..n) while loading (any interned string), or DICT_NO_WORD.
static dict_str S_pool_id(const dyad_dict *d, const char *w, size_t n)
{
    if (n == 0) return 0; /* the empty string is offset 0 */
    if (!d->strhash_cap) return DICT_NO_WORD;
    dict_str o = d->strhash[S_str_slot(d, w, n, S_hash(w, n))].off;
    return o ? o : DICT_NO_WORD;
}

/* MARK: sources and diagnostics */

uint32_t dict_add_file(dyad_dict *d, const char *path)
{
    char **slot = dict_push(d, &d->files, sizeof(char *));
    if (!slot) return 0;
    /* name files relative to the directory being loaded: "data/verbs/01-09.txt" */
    size_t rl = d->root ? strlen(d->root) : 0;
    if (rl && !strncmp(path, d->root, rl) && path[rl] == '/') {
        const char *base = d->root + rl;
        while (base > d->root && base[-1] != '/') base--;
        size_t bl = (size_t)(d->root + rl - base);
        dyad_buf b;
        dyad_buf_init(&b, &d->alloc);
        dyad_buf_put(&b, base, bl);
        dyad_buf_puts(&b, path + rl);
        *slot = b.failed ? NULL : b.data;
    } else *slot = dyad__strdup(&d->alloc, path);
    if (!*slot) d->oom = true;
    return (uint32_t)(d->files.n - 1);
}

const char *dict_where(const dyad_dict *d, uint32_t file, uint32_t line, char *buf, size_t n)
{
    const char *f = file < d->files.n ? DICT_AT(d, files, char *, file) : "?";
    if (!n) return buf;
    /* snprintf(buf, n, "%s:%u") without printf: once per event (the "pattern" field) */
    size_t k = dict_copys(buf, n, f ? f : "?");
    char num[16], *e = num + sizeof num, *p = e;
    *--p = '\0';
    do { *--p = (char)('0' + line % 10); line /= 10; } while (line);
    *--p = ':';
    dict_copys(buf + k, n - k, p);
    return buf;
}

void dict_reject(dyad_dict *d, uint32_t file, uint32_t line, const char *fmt, ...)
{
    d->rejected++;
    if (!d->opts.diag) return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *f = file < d->files.n ? DICT_AT(d, files, char *, file) : NULL;
    dyad_diag dg = {DYAD_WARNING, DYAD_ERR_DICT, f, line, NULL, msg};
    d->opts.diag(d->opts.diag_ctx, &dg);
}

/* MARK: entities and roles */

uint32_t dict_add_entity(dyad_dict *d, int kind, const char *name, size_t nlen, dict_str code,
                         uint32_t file, uint32_t line)
{
    dict_entity *e = dict_push(d, &d->entities, sizeof *e);
    if (!e) return 0;
    e->name = dict_intern(d, name, nlen);
    e->code = code;
    e->kind = (uint8_t)kind;
    e->role_begin = (uint32_t)d->roles.n;
    e->file = file;
    e->line = line;
    return (uint32_t)(d->entities.n - 1);
}

bool dict_add_role(dyad_dict *d, uint32_t entity, dict_str code, dict_day from, dict_day to,
                   dict_str note)
{
    dict_entity *e = &DICT_AT(d, entities, dict_entity, entity);
    if (e->role_begin + e->nroles != d->roles.n) return false; /* not contiguous */
    dict_role *r = dict_push(d, &d->roles, sizeof *r);
    if (!r) return false;
    r->code = code;
    r->from = from;
    r->to = to;
    r->note = note;
    DICT_AT(d, entities, dict_entity, entity).nroles++;
    return true;
}

const char *dict_entity_code(const dyad_dict *d, uint32_t entity, dict_day day)
{
    if (entity >= d->entities.n) return NULL;
    const dict_entity *e = &DICT_AT(d, entities, dict_entity, entity);
    const dict_role *roles = (const dict_role *)d->roles.v + e->role_begin;
    if (day > 0) {
        /* the role that applies on the day; later-listed roles win ties */
        const dict_role *hit = NULL;
        for (uint32_t i = 0; i < e->nroles; i++) {
            const dict_role *r = &roles[i];
            if ((!r->from || day >= r->from) && (!r->to || day <= r->to)) hit = r;
        }
        if (hit) return dict_s(d, hit->code);
        return e->code ? dict_s(d, e->code) : NULL;
    }
    /* undated: an entity's own code wins (the Taliban are AFGTAL whenever the text was written;
     * their government roles hold only on their dates, and undated news of 2001-2021 sets them
     * against "the Afghan government"); a person, who has no code of their own, takes the role
     * still open, then the most recent one */
    if (e->code) return dict_s(d, e->code);
    const dict_role *open = NULL, *best = NULL;
    for (uint32_t i = 0; i < e->nroles; i++) {
        if (!roles[i].to && (!open || roles[i].from >= open->from)) open = &roles[i];
        if (!best || roles[i].from >= best->from) best = &roles[i];
    }
    if (open) return dict_s(d, open->code);
    return best ? dict_s(d, best->code) : NULL;
}

uint32_t dict_add_agent(dyad_dict *d, dict_str code, bool prefix, bool replace, uint32_t file,
                        uint32_t line)
{
    dict_agent *a = dict_push(d, &d->agents, sizeof *a);
    if (!a) return 0;
    a->code = code;
    a->prefix = prefix;
    a->replace = replace;
    a->file = file;
    a->line = line;
    return (uint32_t)(d->agents.n - 1);
}

/* MARK: the token trie */

/* kinds mask bits: a payload checks the text's case (PF_CAP, PF_CASE); the node has exact edges */
#define NODE_CASED (1u << 31)
#define NODE_PARENT (1u << 30)

typedef struct dict_node {
    uint32_t first_payload;
    uint32_t first_stem;   /* index+1 into stems, 0 = none */
    uint32_t kinds;        /* bit (1 << kind) per payload kind here, NODE_CASED: a quick filter for S_acceptable */
    uint32_t verb;         /* id + 1 of the first PH_VERB payload of the list, 0 = none */
} dict_node;

typedef struct dict_stem_edge {
    uint32_t to;
    dict_str prefix;
    uint32_t prefix_len;
    uint32_t next;         /* index+1 of the next stem edge of the same node */
} dict_stem_edge;

/* An exact edge, keyed by its node and the word's id (its interned offset): a lookup compares
 * two integers, and a token's id is found once for all the lookups of a sentence. */
struct dict_edge {
    uint32_t from, to;     /* to == 0: empty slot (the root is never a child) */
    dict_str word;
};

static uint32_t S_edge_hash(uint32_t from, dict_str word)
{
    uint32_t h = word * 0x9E3779B1u ^ (from + 0x7F4A7C15u) * 0x85EBCA6Bu;
    return h ^ (h >> 15);
}

// Finds the child of node `from` for the word with id `word`, or 0.
static uint32_t S_child(const dyad_dict *d, uint32_t from, dict_str word)
{
    if (!d->edge_cap || word == DICT_NO_WORD) return 0;
    size_t k = S_edge_hash(from, word) & (d->edge_cap - 1);
    for (;;) {
        const struct dict_edge *e = &d->edges[k];
        if (!e->to) return 0;
        if (e->word == word && e->from == from) return e->to;
        k = (k + 1) & (d->edge_cap - 1);
    }
}

static bool S_grow_edges(dyad_dict *d)
{
    size_t cap = d->edge_cap ? d->edge_cap * 2 : 8192;
    struct dict_edge *t = dyad__malloc(&d->alloc, cap * sizeof *t);
    if (!t) { d->oom = true; return false; }
    memset(t, 0, cap * sizeof *t);
    for (size_t i = 0; i < d->edge_cap; i++) {
        struct dict_edge *e = &d->edges[i];
        if (!e->to) continue;
        size_t k = S_edge_hash(e->from, e->word) & (cap - 1);
        while (t[k].to) k = (k + 1) & (cap - 1);
        t[k] = *e;
    }
    dyad__free(&d->alloc, d->edges);
    d->edges = t;
    d->edge_cap = cap;
    return true;
}

static uint32_t S_new_node(dyad_dict *d)
{
    dict_node *n = dict_push(d, &d->nodes, sizeof *n);
    return n ? (uint32_t)(d->nodes.n - 1) : 0;
}

// Returns the child of `from` for the exact word (created if needed), or 0 on OOM.
static uint32_t S_exact_child(dyad_dict *d, uint32_t from, const char *w, size_t n)
{
    dict_str ws = dict_intern(d, w, n);
    if (!ws && n) return 0;
    uint32_t c = S_child(d, from, ws);
    if (c) return c;
    if ((d->nedges + 1) * 2 > d->edge_cap && !S_grow_edges(d)) return 0;
    uint32_t to = S_new_node(d);
    if (!to) return 0;
    size_t k = S_edge_hash(from, ws) & (d->edge_cap - 1);
    while (d->edges[k].to) k = (k + 1) & (d->edge_cap - 1);
    d->edges[k] = (struct dict_edge){from, to, ws};
    d->nedges++;
    DICT_AT(d, nodes, dict_node, from).kinds |= NODE_PARENT;
    d->words_ready = false;
    return to;
}

// Returns the stem child of `from` for the prefix w (created if needed), or 0 on OOM.
static uint32_t S_stem_child(dyad_dict *d, uint32_t from, const char *w, size_t n)
{
    dict_str ws = dict_intern(d, w, n);
    for (uint32_t s = DICT_AT(d, nodes, dict_node, from).first_stem; s; s = DICT_AT(d, stems, dict_stem_edge, s - 1).next)
        if (DICT_AT(d, stems, dict_stem_edge, s - 1).prefix == ws) return DICT_AT(d, stems, dict_stem_edge, s - 1).to;
    uint32_t to = S_new_node(d);
    dict_stem_edge *e = to ? dict_push(d, &d->stems, sizeof *e) : NULL;
    if (!e) return 0;
    e->to = to;
    e->prefix = ws;
    e->prefix_len = (uint32_t)n;
    e->next = DICT_AT(d, nodes, dict_node, from).first_stem;
    DICT_AT(d, nodes, dict_node, from).first_stem = (uint32_t)d->stems.n;
    return to;
}

// Appends the regular English plural of w[0..n) to out.
static void S_plural(dyad_buf *out, const char *w, size_t n)
{
    dyad_buf_put(out, w, n);
    /* monarch, oligarch, patriarch: the "ch" is a k */
    if (n >= 5 && (!memcmp(w + n - 5, "garch", 5) || !memcmp(w + n - 5, "narch", 5) || !memcmp(w + n - 5, "iarch", 5))) {
        dyad_buf_putc(out, 's');
        return;
    }
    if (n >= 2 && w[n - 1] == 'y' && !strchr("aeiou", w[n - 2])) {
        out->len--;
        dyad_buf_puts(out, "ies");
    } else if ((n >= 1 && strchr("sxz", w[n - 1])) || (n >= 2 && (memcmp(w + n - 2, "ch", 2) == 0 || memcmp(w + n - 2, "sh", 2) == 0)))
        dyad_buf_puts(out, "es");
    else dyad_buf_putc(out, 's');
}

// Adds the payload to node, unless an identical one is there.
static bool S_attach(dyad_dict *d, uint32_t node, const dict_payload *p, uint16_t ntoks)
{
    for (uint32_t q = DICT_AT(d, nodes, dict_node, node).first_payload; q; q = DICT_AT(d, payloads, dict_payload, q).next) {
        const dict_payload *o = &DICT_AT(d, payloads, dict_payload, q);
        if (o->kind == p->kind && o->id == p->id && o->flags == p->flags) return true;
    }
    if (d->payloads.n == 0 && !dict_push(d, &d->payloads, sizeof(dict_payload))) return false;
    dict_payload *np = dict_push(d, &d->payloads, sizeof *np);
    if (!np) return false;
    *np = *p;
    np->ntoks = ntoks;
    np->next = DICT_AT(d, nodes, dict_node, node).first_payload;
    DICT_AT(d, nodes, dict_node, node).first_payload = (uint32_t)(d->payloads.n - 1);
    DICT_AT(d, nodes, dict_node, node).kinds |= (p->kind < 30 ? 1u << p->kind : 0x3FFFFFFFu) | (p->flags & (PF_CAP | PF_CASE) ? NODE_CASED : 0);
    if (p->kind == PH_VERB) DICT_AT(d, nodes, dict_node, node).verb = p->id + 1; /* the list's new head */
    if (p->kind < 16) d->nphrases[p->kind]++;
    return true;
}

bool dict_add_phrase(dyad_dict *d, const char *phrase, size_t len, int mode, const dict_payload *p)
{
    if (!d->nodes.n && (S_new_node(d), d->oom)) return false; /* the root is node 0 */
    /* in TABARI mode '_' joins words; remember whether the phrase ends with one */
    dyad_buf text;
    dyad_buf_init(&text, &d->alloc);
    while (len && (phrase[len - 1] == ' ' || phrase[len - 1] == '\t')) len--;
    bool last_exact = !(mode & PW_TABARI);
    if (mode & PW_TABARI) {
        if (len && (phrase[len - 1] == '_' || phrase[len - 1] == '=')) last_exact = true;
        for (size_t i = 0; i < len; i++) dyad_buf_putc(&text, phrase[i] == '_' ? ' ' : phrase[i]);
    } else dyad_buf_put(&text, phrase, len);
    if (text.failed) { d->oom = true; dyad_buf_free(&text); return false; }
    dyad_tokvec tv = {NULL, 0, 0};
    dyad_arena ar;
    dyad_arena_init(&ar, &d->alloc);
    bool ok = dyad_tokenize(text.data ? text.data : "", text.len, &tv, &ar, &d->alloc);
    size_t n = tv.n;
    /* TABARI stems are matched on the word alone: a trailing '=' or '.' is not part of them */
    if (ok && n && (mode & PW_TABARI) && tv.v[n - 1].kind != DYAD_TOK_WORD && tv.v[n - 1].kind != DYAD_TOK_NUMBER && n > 1) n--;
    if (!ok) d->oom = true;
    else if (n == 0 || n > 64) {
        dict_reject(d, p->file, p->line, "empty or over-long phrase '%.*s'", (int)(len > 60 ? 60 : len), phrase);
        ok = false;
    } else {
        uint32_t node = 0;
        for (size_t i = 0; i < n && node != UINT32_MAX; i++) {
            const dyad_token *t = &tv.v[i];
            bool last = i + 1 == n;
            if (last && (mode & PW_PLURAL) && t->kind == DYAD_TOK_WORD && (t->flags & (DYAD_TF_LOWER | DYAD_TF_ALLCAPS))) {
                dyad_buf pl;
                dyad_buf_init(&pl, &d->alloc);
                S_plural(&pl, t->norm, t->norm_len);
                uint32_t c = pl.failed ? 0 : S_exact_child(d, node, pl.data, pl.len);
                dyad_buf_free(&pl);
                if (!c || !S_attach(d, c, p, (uint16_t)n)) { ok = false; break; }
            }
            bool stem = (mode & PW_TABARI) && last && !last_exact && t->kind == DYAD_TOK_WORD;
            node = stem ? S_stem_child(d, node, t->norm, t->norm_len) : S_exact_child(d, node, t->norm, t->norm_len);
            if (!node) { ok = false; break; }
        }
        if (ok) ok = S_attach(d, node, p, (uint16_t)n);
    }
    dyad__free(&d->alloc, tv.v);
    dyad_arena_free(&ar);
    dyad_buf_free(&text);
    return ok && !d->oom;
}

/* MARK: the word table */

/* A word of the phrases or patterns: looking a token up once gives its id and its root edge. */
struct dict_word_slot {
    uint32_t hash;
    dict_str id;         /* 0 with len 0: empty slot */
    uint32_t root;       /* the root's child for the word, 0 = none */
    uint32_t len : 24;   /* the word's length, WORD_LEN_MAX for that or longer */
    uint32_t closed : 8; /* parse_closed_word + 1 */
};
#define WORD_LEN_MAX ((1u << 24) - 1)

// True when a slot's (saturated) length is the word's length n.
static inline bool S_word_len_is(const dyad_dict *d, const struct dict_word_slot *e, size_t n)
{
    if (e->len < WORD_LEN_MAX) return e->len == n;
    return n >= WORD_LEN_MAX && strlen(d->pool.data + e->id) == n;
}

// Puts slot e into table t of cap slots, or merges its root into the slot of the same word.
// Returns true when a slot was taken.
static bool S_word_put(struct dict_word_slot *t, size_t cap, const struct dict_word_slot *e)
{
    size_t k = e->hash & (cap - 1);
    for (; t[k].id; k = (k + 1) & (cap - 1))
        if (t[k].id == e->id) {
            if (e->root) t[k].root = e->root;
            return false;
        }
    t[k] = *e;
    return true;
}

// Slot for the pool string `id` with its root edge.
static struct dict_word_slot S_word_slot(const dyad_dict *d, dict_str id, uint32_t root)
{
    const char *s = dict_s(d, id);
    size_t n = strlen(s);
    struct dict_word_slot w = {S_hash(s, n), id, root, 0, 0};
    w.len = (n < WORD_LEN_MAX ? (uint32_t)n : WORD_LEN_MAX) & WORD_LEN_MAX;
    w.closed = (parse_closed_word(s, n) + 1u) & 0xFFu;
    return w;
}

// Adds word id (root edge root) to the table t of cap slots, or, without t, counts it once
// in the bitmap seen (one bit per pool byte).  Returns 1 for a new word.
static size_t S_word_add(const dyad_dict *d, struct dict_word_slot *t, size_t cap, uint64_t *seen, dict_str id,
                         uint32_t root)
{
    if (!id || id == DICT_NO_WORD) return 0;
    if (!t) {
        if (seen[id >> 6] >> (id & 63) & 1) return 0;
        seen[id >> 6] |= 1ull << (id & 63);
        return 1;
    }
    struct dict_word_slot s = S_word_slot(d, id, root);
    return S_word_put(t, cap, &s);
}

// Adds (or counts) the words of the trie's edges and of the patterns' alternatives (their
// first words too); returns the number of words added.
static size_t S_fill_words(const dyad_dict *d, struct dict_word_slot *t, size_t cap, uint64_t *seen)
{
    size_t n = 0;
    for (size_t i = 0; i < d->edge_cap; i++) {
        const struct dict_edge *e = &d->edges[i];
        if (e->to) n += S_word_add(d, t, cap, seen, e->word, e->from ? 0 : e->to);
    }
    for (size_t i = 0; i < d->alts.n; i++) {
        dict_str a = DICT_AT(d, alts, dict_str, i);
        n += S_word_add(d, t, cap, seen, a, 0);
        const char *w = dict_s(d, a), *sp = strchr(w, ' ');
        if (sp) n += S_word_add(d, t, cap, seen, S_pool_id(d, w, (size_t)(sp - w)), 0);
    }
    return n;
}

// Builds the word table (dict_word_lookup): the words are counted first, so the table is sized
// to be at most 3/4 full (2 MB for the default set: linear probes stay within a cache line or two).
static bool S_index_words(dyad_dict *d)
{
    d->words_ready = false;
    dyad__free(&d->alloc, d->words);
    d->words = NULL;
    d->words_cap = 0;
    size_t nbits = d->pool.len / 64 + 1;
    uint64_t *seen = dyad__malloc(&d->alloc, nbits * sizeof *seen);
    if (!seen) { d->oom = true; return false; }
    memset(seen, 0, nbits * sizeof *seen);
    size_t n = S_fill_words(d, NULL, 0, seen), cap = 1024;
    dyad__free(&d->alloc, seen);
    while (3 * cap < 4 * n) cap *= 2;
    d->words = dyad__malloc(&d->alloc, cap * sizeof *d->words);
    if (!d->words) { d->oom = true; return false; }
    memset(d->words, 0, cap * sizeof *d->words);
    S_fill_words(d, d->words, cap, NULL);
    d->words_cap = cap;
    d->words_ready = true;
    return true;
}

// dict_word_lookup while loading, and of the empty word: kept out of line, so the lookup of a
// token (once per token of every sentence) saves no registers it does not use.
static __attribute__((noinline)) dict_word S_word_lookup_slow(const dyad_dict *d, const char *w, size_t n)
{
    if (!d->words_ready) {
        /* while loading: any interned string, and its root edge from the edge table */
        dict_str id = S_pool_id(d, w, n);
        return (dict_word){id, S_child(d, 0, id)};
    }
    return (dict_word){0, S_child(d, 0, 0)};
}

dict_word dict_word_lookup(const dyad_dict *d, const char *w, size_t n)
{
    if (!d->words_ready || n == 0) return S_word_lookup_slow(d, w, n);
    uint32_t h = S_hash(w, n);
    for (size_t k = h & (d->words_cap - 1);; k = (k + 1) & (d->words_cap - 1)) {
        const struct dict_word_slot *e = &d->words[k];
        if (!e->id) return (dict_word){DICT_NO_WORD, 0};
        if (e->hash == h && S_word_len_is(d, e, n) && memcmp(d->pool.data + e->id, w, n) == 0) return (dict_word){e->id, e->root, (uint8_t)e->closed};
    }
}

dict_str dict_word_id(const dyad_dict *d, const char *w, size_t n)
{
    return dict_word_lookup(d, w, n).id;
}

// True when token i follows a particle of a family name ("Carlos de la Fuente", "van der Leyen"):
// the surname belongs to that full name, whoever the dictionaries know by the same surname.
// True when t is a lower-case particle of a family name: "de", "la", "van", "von"...
static bool S_is_particle(const dyad_token *t)
{
    static const char *const particles[] = {"de", "la", "del", "della", "van", "von", "der", "den", "da", "di", "du",
                                            "le", "dos", "das"};
    if (t->kind != DYAD_TOK_WORD || !(t->flags & DYAD_TF_LOWER) || t->norm_len < 2 || t->norm_len > 5) return false;
    for (size_t p = 0; p < sizeof particles / sizeof *particles; p++)
        if (particles[p][0] == t->norm[0] && t->norm_len == strlen(particles[p]) && !memcmp(t->norm, particles[p], t->norm_len))
            return true;
    return false;
}

// True when particles and a capitalised word follow from token i ("Carlos de la Fuente"): the
// word before them is a given name, not a surname.
static bool S_name_particle(const dyad_token *toks, size_t i, size_t n)
{
    size_t k = i;
    while (k < n && k < i + 2 && S_is_particle(&toks[k])) k++;
    return k > i && k < n && toks[k].kind == DYAD_TOK_WORD && (toks[k].flags & DYAD_TF_CAP);
}

// True when name particles end just before token i and a capitalised word precedes them: "Carlos de
// la Fuente" is someone else than the dictionary's de la Fuente (whose full name would have matched).
static bool S_after_given_name(const dyad_token *toks, size_t i)
{
    size_t k = i;
    while (k > 0 && k + 3 > i && S_is_particle(&toks[k - 1])) k--;
    return k < i && k > 0 && toks[k - 1].kind == DYAD_TOK_WORD && (toks[k - 1].flags & DYAD_TF_CAP);
}

// True when t, capitalised before a surname, is no given name: a form of address ("Mr", "Sheikh";
// titles that are agents, "President", "Judge", are found in the dictionary), or a word that is
// capitalised because it opens the sentence ("The Bush administration", "But Chaudhry said").
static bool S_not_given_name(const dyad_token *t)
{
    static const char *const words[] = {
        "mr", "mrs", "ms", "miss", "mister", "dr", "sir", "dame", "lord", "lady", "sheikh", "sheik", "shaikh",
        "imam", "ayatollah", "mullah", "maulana", "rabbi", "father", "pope", "cardinal", "bishop", "archbishop",
        "reverend", "rev", "prof", "professor", "madam", "madame", "monsieur", "comrade", "brother", "sister",
        "hon", "honourable", "honorable", "chief", "justice",
        "the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my", "your",
        "some", "any", "each", "every", "all", "both", "no", "another", "such", "in", "on", "at", "for", "with",
        "by", "from", "to", "of", "after", "before", "during", "since", "under", "over", "between", "against",
        "about", "without", "despite", "as", "like", "near", "amid", "among", "following", "according", "and",
        "but", "or", "nor", "so", "yet", "when", "while", "if", "although", "though", "because", "whereas",
        "once", "until", "unless", "whether", "where", "then", "now", "yesterday", "today", "tomorrow",
        "meanwhile", "however", "also", "still", "later", "earlier", "last", "next", "even", "only", "just",
        "instead", "separately", "he", "she", "it", "they", "we", "i", "you", "who", "what", "which", "former",
        "ex", "late", "veteran", "embattled", "ousted", "deposed", "jailed", "exiled", "acting", "interim",
        "new", "incoming", "outgoing", "top", "senior", "caretaker", "opposition", "rebel"};
    if (t->norm_len > 12 || !t->norm_len) return false;
    /* the first letter first: most words of the list are ruled out without a strlen */
    for (size_t k = 0; k < sizeof words / sizeof *words; k++)
        if (words[k][0] == t->norm[0] && t->norm_len == strlen(words[k]) && !memcmp(t->norm, words[k], t->norm_len))
            return true;
    return false;
}

// True when the word of token t is one of the words of name (case-insensitive), or another spelling or
// short form of one that starts with the same four letters: "Muhammad" in "Iftikhar Muhammad Chaudhry",
// "Vladimir" for "Vlad Filat", "Mohammed" for "Mohammad".
static bool S_word_of_name(const char *name, const dyad_token *t)
{
    for (const char *s = name; *s;) {
        while (*s == ' ') s++;
        size_t k = strcspn(s, " "), j = 0;
        while (j < k && j < t->norm_len && (s[j] >= 'A' && s[j] <= 'Z' ? s[j] + 32 : s[j]) == t->norm[j]) j++;
        if ((j == k && j == t->norm_len) || j >= 4) return true;
        s += k;
    }
    return false;
}

// True when a capitalised word that is neither a title nor a word of the person's own name comes right
// before token i: "Mahendra Chaudhry" is someone else than the dictionary's Iftikhar Chaudhry, whose full
// name would have matched.  "President Chaudhry", "Mr. Chaudhry", "Chief Justice Chaudhry" are him.
static bool S_other_given_name(const dyad_dict *d, const dyad_token *toks, size_t i, const dict_payload *p)
{
    if (i == 0) return false;
    const dyad_token *g = &toks[i - 1];
    if (g->kind != DYAD_TOK_WORD || !(g->flags & DYAD_TF_CAP) ||
        (g->flags & (DYAD_TF_ABBR | DYAD_TF_INITIAL | DYAD_TF_ALLCAPS)) || S_not_given_name(g))
        return false;
    if (p->id < d->entities.n && S_word_of_name(dict_s(d, DICT_AT(d, entities, dict_entity, p->id).name), g))
        return false;
    /* a title or a nationality ending there ("Prime Minister", "Pakistani"); not PH_ACTOR: its bare
     * surnames would ask this again of the word before */
    const uint32_t want = (1u << PH_AGENT) | (1u << PH_ADJ) | (1u << PH_GOV) | (1u << PH_MIL);
    for (size_t k = 1; k <= 3 && k <= i; k++)
        if (dict_match(d, toks, i, i - k, want).ntoks == k) return false;
    return true;
}

// True when node has a payload acceptable for the tokens [i, i+ntoks) and the kind mask.
static bool S_acceptable(const dyad_dict *d, uint32_t node, const dyad_token *toks, size_t n, size_t i, size_t ntoks, uint32_t want)
{
    const dict_node *nd = &DICT_AT(d, nodes, dict_node, node);
    /* most nodes answer from their kinds mask: no payload of the kind, or none that checks case */
    const uint32_t kinds = nd->kinds & ~(NODE_CASED | NODE_PARENT);
    if (!kinds || (want && !(kinds & want))) return false;
    if (!(nd->kinds & NODE_CASED)) return true;
    for (uint32_t q = nd->first_payload; q; q = DICT_AT(d, payloads, dict_payload, q).next) {
        const dict_payload *p = &DICT_AT(d, payloads, dict_payload, q);
        if (want && !(want & (1u << p->kind))) continue;
        /* a bare surname: capitalised, and not a given name followed by more of the name */
        if ((p->flags & PF_CAP) && (!(toks[i].flags & DYAD_TF_CAP) ||
                                    (i + ntoks < n && toks[i + ntoks].kind == DYAD_TOK_WORD && (toks[i + ntoks].flags & DYAD_TF_CAP)) ||
                                    S_name_particle(toks, i + ntoks, n) || S_after_given_name(toks, i) ||
                                    S_other_given_name(d, toks, i, p)))
            continue;
        if (p->flags & PF_CASE) {
            bool caps = true;
            for (size_t k = i; k < i + ntoks; k++)
                if (toks[k].kind == DYAD_TOK_WORD && !(toks[k].flags & DYAD_TF_ALLCAPS) &&
                    !(toks[k].len == 1 && (toks[k].flags & DYAD_TF_CAP)))
                    caps = false;
            if (!caps) continue;
        }
        return true;
    }
    return false;
}

/* One walk of the trie from a token, for several kind masks at once. */
typedef struct dict_walk {
    const dyad_dict *d;
    const dyad_token *toks;
    const dict_word *words; /* the tokens' words, or NULL: looked up on the way */
    size_t n, start;
    const uint32_t *want;
    size_t nwant;
    size_t best_len[DICT_MAX_WANTS];
    uint32_t best_node[DICT_MAX_WANTS];
    uint32_t cased; /* bit k: a node of mask k's kinds checked the text's case (dict_match_cased) */
} dict_walk;

// Depth-first search for the longest acceptable path (per mask) from node at token i.
static void S_walk(dict_walk *w, uint32_t node, size_t i)
{
    const dyad_dict *d = w->d;
    const dict_node nd = DICT_AT(d, nodes, dict_node, node); /* read once: the walk visits many nodes */
    const uint32_t kinds = nd.kinds & ~(NODE_CASED | NODE_PARENT);
    if (i > w->start && kinds) { /* most nodes on the way hold no phrase */
        size_t len = i - w->start;
        for (size_t k = 0; k < w->nwant; k++) {
            if (w->want[k] && !(kinds & w->want[k])) continue;
            if (nd.kinds & NODE_CASED) {
                w->cased |= 1u << k;
                if (len <= w->best_len[k] || !S_acceptable(d, node, w->toks, w->n, w->start, len, w->want[k])) continue;
            } else if (len <= w->best_len[k])
                continue;
            w->best_len[k] = len;
            w->best_node[k] = node;
        }
    }
    if (i >= w->n || i - w->start >= 64) return;
    const dyad_token *t = &w->toks[i];
    uint32_t c = 0;
    if (nd.kinds & NODE_PARENT) /* leaves need no lookup (the root's frame is dict_match_cased's) */
        c = S_child(d, node, w->words ? w->words[i].id : dict_word_id(d, t->norm, t->norm_len));
    if (c) S_walk(w, c, i + 1);
    for (uint32_t s = nd.first_stem; s; s = DICT_AT(d, stems, dict_stem_edge, s - 1).next) {
        const dict_stem_edge *e = &DICT_AT(d, stems, dict_stem_edge, s - 1);
        if (t->norm_len >= e->prefix_len && memcmp(t->norm, d->pool.data + e->prefix, e->prefix_len) == 0)
            S_walk(w, e->to, i + 1);
    }
}

static void S_no_matches(dict_match_t *out, size_t nwant)
{
    for (size_t k = 0; k < nwant; k++) out[k] = (dict_match_t){0, NULL, 0, 0};
}

uint32_t dict_match_cased(const dyad_dict *d, const dyad_token *toks, const dict_word *words, size_t n, size_t i,
                          const uint32_t *want, size_t nwant, dict_match_t *out)
{
    if (nwant > DICT_MAX_WANTS) nwant = DICT_MAX_WANTS;
    if (!d || !d->nodes.n || i >= n || !nwant) { S_no_matches(out, nwant); return 0; }
    /* the root's frame of S_walk, unrolled: most tokens start no phrase (no edge from the root for
     * their word), and the root has no stem edges (prefix patterns) to try in the default set */
    const uint32_t root_stem = DICT_AT(d, nodes, dict_node, 0).first_stem;
    const uint32_t c = words ? words[i].root : dict_word_lookup(d, toks[i].norm, toks[i].norm_len).root;
    if (!c && !root_stem) { S_no_matches(out, nwant); return 0; }
    dict_walk w = {d, toks, words, n, i, want, nwant, {0}, {0}, 0};
    if (c) S_walk(&w, c, i + 1);
    for (uint32_t s = root_stem; s; s = DICT_AT(d, stems, dict_stem_edge, s - 1).next) {
        const dict_stem_edge *e = &DICT_AT(d, stems, dict_stem_edge, s - 1);
        if (toks[i].norm_len >= e->prefix_len && memcmp(toks[i].norm, d->pool.data + e->prefix, e->prefix_len) == 0)
            S_walk(&w, e->to, i + 1);
    }
    for (size_t k = 0; k < nwant; k++) { /* every out[k] is written here: no clearing before the walk */
        if (!w.best_len[k]) { out[k] = (dict_match_t){0, NULL, 0, 0}; continue; }
        const dict_node *nd = &DICT_AT(d, nodes, dict_node, w.best_node[k]);
        out[k].ntoks = w.best_len[k];
        out[k].first = nd->first_payload ? &DICT_AT(d, payloads, dict_payload, nd->first_payload) : NULL;
        out[k].kinds = nd->kinds & ~(NODE_CASED | NODE_PARENT);
        out[k].verb = nd->verb;
    }
    return w.cased;
}

void dict_match_multi(const dyad_dict *d, const dyad_token *toks, const dict_word *words, size_t n, size_t i,
                      const uint32_t *want, size_t nwant, dict_match_t *out)
{
    dict_match_cased(d, toks, words, n, i, want, nwant, out);
}

dict_match_t dict_match(const dyad_dict *d, const dyad_token *toks, size_t n, size_t i, uint32_t want)
{
    dict_match_t m;
    dict_match_multi(d, toks, NULL, n, i, &want, 1, &m);
    return m;
}

/* MARK: verbs, patterns, synonym sets */

uint32_t dict_add_verb(dyad_dict *d, const char *root, size_t len, dict_str code, uint32_t file,
                       uint32_t line)
{
    dict_verb *v = dict_push(d, &d->verbs, sizeof *v);
    if (!v) return 0;
    v->root = dict_intern(d, root, len);
    v->code = code;
    v->file = file;
    v->line = line;
    v->foreign = d->loading_foreign;
    return (uint32_t)(d->verbs.n - 1);
}

uint32_t dict_word_hash(const char *w, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)w[i]) * 16777619u;
    return h;
}

uint32_t dict_add_alts(dyad_dict *d, const dict_str *words, uint32_t n)
{
    uint32_t first = (uint32_t)d->alts.n;
    d->words_ready = false;
    for (uint32_t i = 0; i < n; i++) {
        dict_str *s = dict_push(d, &d->alts, sizeof *s);
        if (!s) return first;
        *s = words[i];
    }
    return first;
}

bool dict_add_pattern(dyad_dict *d, const dict_pattern *p, const dict_elem *elems, uint32_t n)
{
    dict_pattern *np = dict_push(d, &d->patterns, sizeof *np);
    if (!np) return false;
    *np = *p;
    np->elem_begin = (uint32_t)d->elems.n;
    np->nelems = n;
    np->required = 0;
    np->verb_at = 0;
    for (uint32_t i = 0; i < n; i++)
        if (elems[i].kind == PE_VERB) { np->verb_at = i + 1; break; }
    /* the pre-filter looks at the words after the verb only */
    for (uint32_t i = np->verb_at; i < n; i++)
        if (elems[i].kind == PE_WORD && !(elems[i].flags & (EF_OPTIONAL | EF_STEM))) { np->required = i + 1; break; }
    for (uint32_t i = 0; i < n; i++) {
        dict_elem *e = dict_push(d, &d->elems, sizeof *e);
        if (!e) return false;
        *e = elems[i];
    }
    return true;
}

uint32_t dict_add_synset(dyad_dict *d, const char *name, size_t len, uint32_t file, uint32_t line)
{
    DYAD_UNUSED(file);
    DYAD_UNUSED(line);
    uint32_t found = dict_find_synset(d, name, len);
    if (found != UINT32_MAX) return found;
    dict_str *s = dict_push(d, &d->synsets, sizeof *s);
    if (!s) return UINT32_MAX;
    *s = dict_intern(d, name, len);
    return (uint32_t)(d->synsets.n - 1);
}

uint32_t dict_find_synset(const dyad_dict *d, const char *name, size_t len)
{
    for (size_t i = 0; i < d->synsets.n; i++) {
        const char *s = dict_s(d, DICT_AT(d, synsets, dict_str, i));
        if (strlen(s) == len && strncasecmp(s, name, len) == 0) return (uint32_t)i;
    }
    return UINT32_MAX;
}

/* MARK: the pattern index by required word */

/* Per verb, its keys in ascending order, each with the positions (in pat_index) of the verb's
 * patterns indexed by it: a binary search in a few cache lines per word of the clause. */

typedef struct req_triple { uint32_t verb; dict_str word; uint32_t pos; } req_triple;

static int S_cmp_triples(const void *a, const void *b)
{
    const req_triple *x = a, *y = b;
    if (x->verb != y->verb) return x->verb < y->verb ? -1 : 1;
    if (x->word != y->word) return x->word < y->word ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static void S_free_req_index(dyad_dict *d)
{
    dyad__free(&d->alloc, d->pat_always);
    dyad__free(&d->alloc, d->verb_always);
    dyad__free(&d->alloc, d->req_pos);
    dyad__free(&d->alloc, d->req_verb);
    dyad__free(&d->alloc, d->req_key);
    dyad__free(&d->alloc, d->req_first);
    dyad__free(&d->alloc, d->req_bloom);
    dyad__free(&d->alloc, d->req_bloom_at);
    d->pat_always = d->verb_always = d->req_pos = d->req_verb = d->req_key = d->req_first = d->req_bloom_at = NULL;
    d->req_bloom = NULL;
}

// Appends the (verb, word id, position) keys of one alternative of a required element.
static bool S_req_keys(dyad_dict *d, dict_vec *tr, uint32_t verb, uint32_t pos, dict_str alt)
{
    const char *w = dict_s(d, alt);
    const char *sp = strchr(w, ' ');
    dict_str words[2] = {alt, 0};
    if (sp) {
        /* a copy: interning may move the pool that w points into */
        char *first = dyad__strndup(&d->alloc, w, (size_t)(sp - w));
        if (!first) { d->oom = true; return false; }
        words[1] = dict_intern(d, first, (size_t)(sp - w));
        dyad__free(&d->alloc, first);
    }
    for (int k = 0; k < (sp ? 2 : 1); k++) {
        req_triple *t = dict_push(d, tr, sizeof *t);
        if (!t) return false;
        *t = (req_triple){verb, words[k], pos};
    }
    return !d->oom;
}

/* Words too common in news to tell patterns apart: a pattern is indexed by another element when it has one. */
static const char *const S_function_words[] = {
    "a", "about", "after", "against", "an", "and", "are", "as", "at", "be", "been", "before", "between", "but",
    "by", "for", "from", "had", "has", "have", "he", "her", "his", "in", "into", "is", "it", "its", "more", "new",
    "no", "not", "of", "on", "or", "out", "over", "said", "says", "she", "than", "that", "the", "their", "them",
    "they", "this", "to", "two", "under", "up", "was", "we", "were", "which", "who", "will", "with", "would"};

// True when the element has an alternative whose first word is a function word.
static bool S_common_elem(const dyad_dict *d, const dict_elem *e)
{
    for (uint32_t a = 0; a < e->count; a++) {
        const char *w = dict_s(d, DICT_AT(d, alts, dict_str, e->id + a));
        size_t wl = 0;
        while (w[wl] && w[wl] != ' ' && wl < 8) wl++;
        if (wl == 8) continue; /* longer than any function word */
        for (size_t k = 0; k < sizeof S_function_words / sizeof *S_function_words; k++)
            if (S_function_words[k][0] == w[0] && !strncmp(S_function_words[k], w, wl) && !S_function_words[k][wl]) return true;
    }
    return false;
}

// The element after the verb to index a pattern by (index + 1; 0 = none): one that every match
// needs (not optional, not a stem), the rarest-looking in text: a content word, else a synonym
// set, else a function word.
static uint32_t S_key_elem(const dyad_dict *d, const dict_pattern *pat)
{
    const dict_elem *el = &DICT_AT(d, elems, dict_elem, pat->elem_begin);
    uint32_t synset = 0, common = 0;
    for (uint32_t i = pat->verb_at; i < pat->nelems; i++) {
        const dict_elem *e = &el[i];
        if (e->flags & (EF_OPTIONAL | EF_STEM)) continue;
        if (e->kind == PE_SYNSET && !synset) synset = i + 1;
        if (e->kind != PE_WORD || !e->count || e->id + e->count > d->alts.n) continue;
        if (!S_common_elem(d, e)) return i + 1;
        if (!common) common = i + 1;
    }
    return synset ? synset : common;
}

// Lists each verb's patterns without a key element, and the keys of those with one.
static bool S_collect_req(dyad_dict *d, dict_vec *tr)
{
    size_t nv = d->verbs.n;
    d->verb_always = dyad__malloc(&d->alloc, (nv + 1) * sizeof *d->verb_always);
    d->pat_always = dyad__malloc(&d->alloc, (d->patterns.n ? d->patterns.n : 1) * sizeof *d->pat_always);
    if (!d->verb_always || !d->pat_always) { d->oom = true; return false; }
    uint32_t na = 0;
    for (uint32_t v = 0; v < nv; v++) {
        d->verb_always[v] = na;
        for (uint32_t q = d->verb_first[v]; q < d->verb_first[v + 1]; q++) {
            const dict_pattern *pat = &DICT_AT(d, patterns, dict_pattern, d->pat_index[q]);
            uint32_t key = pat->elem_begin + pat->nelems <= d->elems.n ? S_key_elem(d, pat) : 0;
            if (!key) { d->pat_always[na++] = q; continue; }
            const dict_elem *e = &DICT_AT(d, elems, dict_elem, pat->elem_begin + key - 1);
            if (e->kind == PE_SYNSET) {
                req_triple *t = dict_push(d, tr, sizeof *t);
                if (!t) return false;
                *t = (req_triple){v, DICT_SYNSET_KEY(e->id), q};
                continue;
            }
            for (uint32_t a = 0; a < e->count; a++)
                if (!S_req_keys(d, tr, v, q, DICT_AT(d, alts, dict_str, e->id + a))) return false;
        }
    }
    d->verb_always[nv] = na;
    return true;
}

// The bit of a key in its verb's 256-bit filter.
// The bit of key in a verb's filter of `words` 64-bit words (a power of two).
static inline uint32_t S_req_bit(uint32_t key, uint32_t words)
{
    return (key * 0x9E3779B1u) >> (32 - 6 - __builtin_ctz(words));
}

// Builds the per-verb key arrays over the keys sorted by (verb, key, position).
static bool S_build_req_table(dyad_dict *d, const req_triple *t, size_t n)
{
    size_t groups = 0, nv = d->verbs.n;
    for (size_t i = 0; i < n; i++) groups += !i || t[i].verb != t[i - 1].verb || t[i].word != t[i - 1].word;
    d->req_verb = dyad__malloc(&d->alloc, (nv + 1) * sizeof *d->req_verb);
    d->req_key = dyad__malloc(&d->alloc, (groups ? groups : 1) * sizeof *d->req_key);
    d->req_first = dyad__malloc(&d->alloc, (groups + 1) * sizeof *d->req_first);
    d->req_pos = dyad__malloc(&d->alloc, (n ? n : 1) * sizeof *d->req_pos);
    d->req_bloom_at = dyad__malloc(&d->alloc, (nv + 1) * sizeof *d->req_bloom_at);
    if (!d->req_verb || !d->req_key || !d->req_first || !d->req_pos || !d->req_bloom_at) { d->oom = true; return false; }
    /* each verb's filter: its keys counted, then 16 bits per key, at least 256 */
    memset(d->req_bloom_at, 0, (nv + 1) * sizeof *d->req_bloom_at);
    for (size_t i = 0; i < n; i++) d->req_bloom_at[t[i].verb] += !i || t[i].verb != t[i - 1].verb || t[i].word != t[i - 1].word;
    size_t nwords = 0;
    for (size_t v = 0; v < nv; v++) {
        uint32_t w = 4;
        while (w < 1u << 20 && 64ull * w < 16ull * d->req_bloom_at[v]) w *= 2;
        d->req_bloom_at[v] = (uint32_t)nwords;
        nwords += w;
    }
    d->req_bloom_at[nv] = (uint32_t)nwords;
    d->req_bloom = dyad__malloc(&d->alloc, (nwords ? nwords : 1) * sizeof *d->req_bloom);
    if (!d->req_bloom) { d->oom = true; return false; }
    memset(d->req_bloom, 0, (nwords ? nwords : 1) * sizeof *d->req_bloom);
    uint32_t g = 0, np = 0, v = 0;
    for (size_t i = 0; i < n;) {
        while (v <= t[i].verb) d->req_verb[v++] = g;
        uint64_t *bloom = d->req_bloom + d->req_bloom_at[t[i].verb];
        uint32_t bit = S_req_bit(t[i].word, d->req_bloom_at[t[i].verb + 1] - d->req_bloom_at[t[i].verb]);
        bloom[bit >> 6] |= 1ull << (bit & 63);
        d->req_key[g] = t[i].word;
        d->req_first[g++] = np;
        size_t j = i;
        for (; j < n && t[j].verb == t[i].verb && t[j].word == t[i].word; j++)
            if (j == i || t[j].pos != t[j - 1].pos) d->req_pos[np++] = t[j].pos;
        i = j;
    }
    while (v <= nv) d->req_verb[v++] = g;
    d->req_first[g] = np;
    return true;
}

static bool S_index_event_codes(dyad_dict *d);

bool dict_index_patterns(dyad_dict *d)
{
    size_t nv = d->verbs.n, np = d->patterns.n;
    uint32_t *first = dyad__realloc(&d->alloc, d->verb_first, (nv + 1) * sizeof *first);
    if (!first) { d->oom = true; return false; }
    d->verb_first = first;
    uint32_t *idx = dyad__realloc(&d->alloc, d->pat_index, (np ? np : 1) * sizeof *idx);
    if (!idx) { d->oom = true; return false; }
    d->pat_index = idx;
    /* counting sort by verb keeps file order within a verb */
    memset(first, 0, (nv + 1) * sizeof *first);
    for (size_t i = 0; i < np; i++) first[DICT_AT(d, patterns, dict_pattern, i).verb + 1]++;
    for (size_t v = 0; v < nv; v++) first[v + 1] += first[v];
    uint32_t *fill = dyad__malloc(&d->alloc, (nv + 1) * sizeof *fill);
    if (!fill) { d->oom = true; return false; }
    memcpy(fill, first, (nv + 1) * sizeof *fill);
    for (size_t i = 0; i < np; i++) idx[fill[DICT_AT(d, patterns, dict_pattern, i).verb]++] = (uint32_t)i;
    dyad__free(&d->alloc, fill);
    /* the index by required word (the dictionary may be loaded in several calls: rebuilt each time) */
    S_free_req_index(d);
    if (d->pool.len >= 0x80000000u) /* word ids would collide with synonym-set keys: no pattern index */
        return S_index_words(d) && S_index_event_codes(d);
    dict_vec tr = {NULL, 0, 0};
    bool ok = S_collect_req(d, &tr);
    if (ok && tr.n) qsort(tr.v, tr.n, sizeof(req_triple), S_cmp_triples);
    if (ok) ok = S_build_req_table(d, tr.v, tr.n);
    S_free_vec(d, &tr);
    if (!ok) S_free_req_index(d);
    /* the word table last: the index above interns the first words of multi-word alternatives */
    return ok && S_index_words(d) && S_index_event_codes(d);
}

const uint32_t *dict_verb_patterns(const dyad_dict *d, uint32_t verb, uint32_t *n)
{
    if (!d->verb_first || verb >= d->verbs.n) { *n = 0; return NULL; }
    *n = d->verb_first[verb + 1] - d->verb_first[verb];
    return d->pat_index + d->verb_first[verb];
}

static int S_cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

// Sorts a[0..n) ascending and drops repeats; returns the new count.
static uint32_t S_sort_unique(uint32_t *a, uint32_t n)
{
    if (n > 24) qsort(a, n, sizeof *a, S_cmp_u32);
    else for (uint32_t i = 1; i < n; i++) {
        uint32_t x = a[i], j = i;
        for (; j > 0 && a[j - 1] > x; j--) a[j] = a[j - 1];
        a[j] = x;
    }
    uint32_t m = 0;
    for (uint32_t i = 0; i < n; i++)
        if (!m || a[m - 1] != a[i]) a[m++] = a[i];
    return m;
}

uint32_t dict_verb_candidates(const dyad_dict *d, uint32_t verb, const dict_str *ids, size_t nids,
                              uint32_t *out, uint32_t cap)
{
    if (!d->verb_first || verb >= d->verbs.n) return 0;
    if (!d->req_verb) return UINT32_MAX; /* no index: try them all */
    uint32_t base = d->verb_first[verb], n = 0;
    for (uint32_t q = d->verb_always[verb]; q < d->verb_always[verb + 1]; q++) {
        if (n == cap) return UINT32_MAX;
        out[n++] = d->pat_always[q] - base;
    }
    const uint32_t *key = d->req_key + d->req_verb[verb];
    uint32_t nkey = d->req_verb[verb + 1] - d->req_verb[verb];
    const uint64_t *bloom = d->req_bloom + d->req_bloom_at[verb];
    const uint32_t words = d->req_bloom_at[verb + 1] - d->req_bloom_at[verb];
    for (size_t i = 0; i < nids && nkey; i++) {
        uint32_t bit = S_req_bit(ids[i], words);
        if (ids[i] == DICT_NO_WORD || !(bloom[bit >> 6] >> (bit & 63) & 1)) continue;
        const uint32_t *k = key;  /* the last key <= ids[i], without branches to mispredict */
        for (uint32_t len = nkey; len > 1; len -= len / 2) k += k[len / 2] <= ids[i] ? len / 2 : 0;
        if (*k != ids[i]) continue;
        uint32_t g = d->req_verb[verb] + (uint32_t)(k - key), first = d->req_first[g], count = d->req_first[g + 1] - first;
        if (count > cap - n) return UINT32_MAX;
        for (uint32_t r = 0; r < count; r++) out[n++] = d->req_pos[first + r] - base;
    }
    return S_sort_unique(out, n);
}

/* Surnames that are also common words or shared by many people: never matched alone. */
static const char *const S_common_surnames[] = {
    "may", "young", "brown", "king", "rice", "white", "black", "green", "little", "long", "price", "hope", "love",
    "rich", "wood", "field", "stone", "hill", "page", "case", "west", "north", "south", "east", "wells", "banks",
    "rose", "star", "moon", "jordan", "chad", "georgia", "israel", "paris", "lord", "major", "power",
    "bolton", "bond", "cook", "mills", "hunt", "gray", "grey", "baker", "carter", "clark", "davis", "smith",
    "jones", "johnson", "williams", "wilson", "taylor", "miller", "moore", "martin", "thompson", "kelly",
    "singh", "khan", "kumar", "ahmed", "ali", "hassan", "hussein", "mohammed", "muhammad", "abdullah",
    "rahman", "islam", "sharif", "shah", "kim", "park", "choi", "chung", "jung", "kang", "yoon", "lee",
    "wang", "zhang", "chen", "yang", "huang", "zhao", "zhou", "zhu", "sun", "gao", "guo", "xu", "liu",
    "nguyen", "tran", "pham", "garcia", "rodriguez", "lopez", "martinez", "gonzalez", "perez", "sanchez",
    "fernandez", "gomez", "diaz", "silva", "santos", "ivanov", "petrov", "smirnov", "kuznetsov", "popov",
    "costa", "rossi", "russo", "muller", "schmidt", "schneider", "fischer", "weber", "meyer", "wagner",
    "becker", "hoffmann", "koch", "richter", "bauer", "schulz", "dupont", "bernard", "dubois", "durand",
    "moreau", "laurent", "simon", "michel", "lefebvre", "leroy", "roux", "david", "bertrand", "morel",
    "fournier", "girard", "bonnet", "francois", "mercier", "blanc", "guerin", "boyer", "andre", "charles",
    "joseph", "thomas", "robert", "richard", "henry", "walker", "hall", "allen", "wright", "scott", "adams",
    "nelson", "hill", "campbell", "mitchell", "roberts", "phillips", "evans", "turner", "torres", "parker",
    "collins", "edwards", "stewart", "morris", "murphy", "rivera", "reed", "bell", "ward", "cox", "howard",
    "peterson", "gray", "james", "watson", "brooks", "sanders", "price", "bennett", "ross", "jackson",
    "harris", "lewis", "robinson", "lake", "haley", "gates", "ford", "burns", "austin", "rubio", "vance",
    /* common given names that are also surnames of someone in the dictionaries */
    "omar", "mohammad", "mohamed", "ahmad", "mahmoud", "khalid", "khaled", "saleh", "salem", "hamad",
    "rashid", "ibrahim", "ismail", "yusuf", "youssef", "jamal", "karim", "nasser", "aziz", "osman", "usman",
    "amin", "musa", "mustafa", "kamal", "abbas", "hamid", "salman", "faisal", "fahd", "tariq", "saeed",
    "bashir", "nabil", "walid", "adel", "sami", "samir", "hussain", "hasan", "yasin", "idris"};

// True when w[0..n) is on the list above.
static bool S_common_surname(const char *w, size_t n)
{
    for (size_t i = 0; i < sizeof S_common_surnames / sizeof *S_common_surnames; i++)
        if (strlen(S_common_surnames[i]) == n && !memcmp(S_common_surnames[i], w, n)) return true;
    return false;
}

// How the roles of people a and b, who share a surname, meet in time: S_CLASH when they hold
// different codes on some day (the surname alone is then ambiguous), S_SHARED when they hold the
// same code at the same time (either may stand for the surname), S_APART when they never hold
// office at the same time (the date chooses: "Bush", USAGOV 1989-1993 and 2001-2009). Namesakes
// of different countries always clash: undated text could not choose. A person without roles
// holds the default code at all times.
enum { S_CLASH, S_SHARED, S_APART };
static int S_namesakes(const dyad_dict *d, uint32_t a, uint32_t b)
{
    const dict_entity *ea = &DICT_AT(d, entities, dict_entity, a), *eb = &DICT_AT(d, entities, dict_entity, b);
    dict_role da = {ea->code, 0, 0, 0}, db = {eb->code, 0, 0, 0};
    const dict_role *ra = ea->nroles ? (const dict_role *)d->roles.v + ea->role_begin : &da;
    const dict_role *rb = eb->nroles ? (const dict_role *)d->roles.v + eb->role_begin : &db;
    uint32_t na = ea->nroles ? ea->nroles : 1, nb = eb->nroles ? eb->nroles : 1;
    int how = S_APART;
    for (uint32_t i = 0; i < na; i++)
        for (uint32_t j = 0; j < nb; j++) {
            const dict_role *x = &ra[i], *y = &rb[j];
            if (!x->code || !y->code) continue;
            if (strncmp(dict_s(d, x->code), dict_s(d, y->code), 3)) return S_CLASH;
            bool overlap = (!x->from || !y->to || x->from <= y->to) && (!y->from || !x->to || y->from <= x->to);
            if (!overlap) continue;
            if (strcmp(dict_s(d, x->code), dict_s(d, y->code))) return S_CLASH;
            how = S_SHARED;
        }
    return how;
}

static int S_cmp_u64(const void *a, const void *b);

// The ASCII letter of a Latin letter with diacritics (U+00C0..U+017F), '?' when it has none
// (ligatures, signs), the code point itself when ASCII.
static int S_ascii_letter(int32_t cp)
{
    static const char latin[] = "AAAAAA?CEEEEIIIIDNOOOOO?OUUUUY??aaaaaa?ceeeeiiiidnooooo?ouuuuy?y"
                                "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIi??JjKkkLlLlLlL"
                                "lLlNnNnNn?NnOoOoOo??RrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
    if (cp >= 0 && cp < 0x80) return (int)cp;
    if (cp >= 0xC0 && cp <= 0x17F) return latin[cp - 0xC0];
    return '?';
}

// Folds s to ASCII in out (diacritics dropped: "Erdoğan" -> "Erdogan"); false when s has a
// character without an ASCII letter, or nothing to fold (out would equal s).
static bool S_fold_diacritics(const char *s, dyad_buf *out)
{
    dyad_buf_clear(out);
    bool folded = false;
    for (size_t i = 0, n = strlen(s); i < n;) {
        int clen = 1;
        int32_t cp = dyad_utf8_decode((const unsigned char *)s + i, n - i, &clen);
        i += (size_t)(clen > 0 ? clen : 1);
        if (cp >= 0x300 && cp <= 0x36F) { folded = true; continue; } /* a combining mark */
        int c = S_ascii_letter(cp);
        if (c == '?') return false;
        folded |= cp >= 0x80;
        dyad_buf_putc(out, (char)c);
    }
    return folded && !out->failed && out->data;
}

// True when person i also lists its first name without diacritics (ascii: that name): a phrase
// of the whole folded name leads to i.
static bool S_ascii_variant(dyad_dict *d, uint32_t i, const char *name, dyad_buf *ascii, dyad_tokvec *tv, dyad_arena *ar)
{
    if (!S_fold_diacritics(name, ascii)) return false;
    dyad_arena_reset(ar);
    if (!dyad_tokenize(ascii->data, ascii->len, tv, ar, &d->alloc) || !tv->n) return false;
    dict_match_t m = dict_match(d, tv->v, tv->n, 0, 1u << PH_ACTOR);
    if (m.ntoks != tv->n) return false;
    for (const dict_payload *p = m.first; p; p = dict_payload_next(d, p))
        if (p->kind == PH_ACTOR && p->id == i) return true;
    return false;
}

bool dict_add_surnames(dyad_dict *d)
{
    size_t ne = d->entities.n;
    if (!ne) return true;
    /* two surname slots per person: s < ne is the surname of entity s's first-listed name, s >= ne
     * the same surname without diacritics ("Erdoğan" -> "Erdogan") when entity s - ne also lists
     * its name so: news writes the name both ways */
    size_t ns = 2 * ne;
    dict_str *last = dyad__malloc(&d->alloc, ns * sizeof *last);
    bool *added = dyad__malloc(&d->alloc, ns * sizeof *added);
    if (!last || !added) { dyad__free(&d->alloc, last); dyad__free(&d->alloc, added); d->oom = true; return false; }
    memset(added, 0, ns * sizeof *added);
    memset(last, 0, ns * sizeof *last);
    dyad_tokvec tv = {NULL, 0, 0};
    dyad_arena ar;
    dyad_arena_init(&ar, &d->alloc);
    dyad_buf ascii;
    dyad_buf_init(&ascii, &d->alloc);
    /* the last word of each person's first name, interned: equal surnames get equal offsets */
    for (size_t s = 0; s < ns; s++) {
        size_t i = s % ne;
        const dict_entity *e = &DICT_AT(d, entities, dict_entity, i);
        if (e->kind != ENT_PERSON || (s >= ne && !last[i])) continue;
        const char *name = dict_s(d, e->name);
        if (s >= ne && !S_ascii_variant(d, (uint32_t)i, name, &ascii, &tv, &ar)) continue;
        if (s >= ne) name = ascii.data;
        dyad_arena_reset(&ar);
        if (!dyad_tokenize(name, strlen(name), &tv, &ar, &d->alloc) || tv.n < 2) continue;
        const dyad_token *t = &tv.v[tv.n - 1];
        const char *w = t->norm;
        size_t wn = t->norm_len;
        /* "el-Sisi", "al-Assad", "bin Salman": the name after an Arabic article or particle */
        static const char *const particles[] = {"al-", "el-", "ad-", "as-", "ash-", "an-", "ar-", "at-", "az-", "ibn-"};
        for (size_t k = 0; k < sizeof particles / sizeof *particles; k++) {
            size_t pl = strlen(particles[k]);
            if (wn > pl + 3 && !memcmp(w, particles[k], pl)) { w += pl; wn -= pl; break; }
        }
        if (t->kind != DYAD_TOK_WORD || wn < 4 || S_common_surname(w, wn)) continue;
        last[s] = dict_intern(d, w, wn);
        if (s >= ne && last[s] == last[i]) last[s] = 0; /* the fold changed another word only */
    }
    /* the people grouped by surname, in list order within a group: each person is compared with
     * the namesakes of their group only (comparing every pair was a quarter of the load time) */
    uint64_t *bysur = dyad__malloc(&d->alloc, ns * sizeof *bysur);
    uint32_t *group = dyad__malloc(&d->alloc, ns * sizeof *group);
    size_t nsur = 0;
    if (!bysur || !group) d->oom = true;
    for (size_t s = 0; s < ns && !d->oom; s++)
        if (last[s]) bysur[nsur++] = (uint64_t)last[s] << 32 | s;
    if (!d->oom) qsort(bysur, nsur, sizeof *bysur, S_cmp_u64);
    for (size_t k = 0; k < nsur && !d->oom; k++) /* group[i]: the position of i's group in bysur */
        group[(uint32_t)bysur[k]] = k && bysur[k] >> 32 == bysur[k - 1] >> 32 ? group[(uint32_t)bysur[k - 1]] : (uint32_t)k;
    /* count the people per surname (names of one person in two files count once: same code) */
    for (size_t si = 0; si < ns && !d->oom; si++) {
        if (!last[si]) continue;
        size_t i = si % ne;
        /* shared with someone who held another code at the same time: ambiguous on some day */
        /* a namesake listed earlier already added it: again when they held office in different
         * periods (the date picks one), not when they shared the code at the same time */
        size_t clashes = 0;
        bool namesake = false, shared = false;
        for (size_t g = group[si]; g < nsur && bysur[g] >> 32 == last[si] && !clashes; g++) {
            size_t sj = (uint32_t)bysur[g], j = sj % ne;
            if (sj == si) continue;
            if (!strcmp(dict_s(d, DICT_AT(d, entities, dict_entity, j).name), dict_s(d, DICT_AT(d, entities, dict_entity, i).name)))
                continue; /* one person listed in two files */
            int how = S_namesakes(d, (uint32_t)i, (uint32_t)j);
            clashes += how == S_CLASH;
            namesake |= sj < si && added[sj];
            shared |= sj < si && added[sj] && how == S_SHARED;
        }
        if (clashes || shared) continue;
        const char *w = dict_s(d, last[si]);
        dyad_arena_reset(&ar);
        if (!dyad_tokenize(w, strlen(w), &tv, &ar, &d->alloc)) break;
        /* already a phrase (an actor, a word...); a town of the gazetteer ("Obama", Japan) is no
         * reason, nor the same surname added above for a compatible namesake */
        if (!namesake && dict_match(d, tv.v, tv.n, 0, ~(1u << PH_PLACE)).ntoks) continue;
        added[si] = true;
        dict_payload p = {0};
        p.kind = PH_ACTOR;
        p.flags = PF_CAP | PF_DATED;
        p.id = (uint32_t)i;
        p.file = DICT_AT(d, entities, dict_entity, i).file;
        p.line = DICT_AT(d, entities, dict_entity, i).line;
        dict_add_phrase(d, w, strlen(w), PW_EXACT, &p);
    }
    dyad__free(&d->alloc, tv.v);
    dyad_arena_free(&ar);
    dyad_buf_free(&ascii);
    dyad__free(&d->alloc, last);
    dyad__free(&d->alloc, added);
    dyad__free(&d->alloc, bysur);
    dyad__free(&d->alloc, group);
    return !d->oom;
}

/* MARK: codebook */

bool dict_add_event_code(dyad_dict *d, const dict_event_code *c)
{
    dict_event_code *n = dict_push(d, &d->codes, sizeof *n);
    if (!n) return false;
    *n = *c;
    /* keep the index by pool id current while loading: the verb readers look up every pattern's code */
    if (d->ncode_ids + 1 == d->codes.n) {
        uint64_t *ids = dyad__realloc(&d->alloc, d->code_ids, d->codes.n * sizeof *ids);
        if (!ids) { d->oom = true; return false; }
        uint64_t key = (uint64_t)c->code << 32 | (d->codes.n - 1);
        size_t at = d->ncode_ids;
        while (at > 0 && ids[at - 1] > key) { ids[at] = ids[at - 1]; at--; }
        ids[at] = key;
        d->code_ids = ids;
        d->ncode_ids = d->codes.n;
    }
    return true;
}

static int S_cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

// Indexes the codebook by the codes' pool ids (load time; codes added later fall back to a linear search).
static bool S_index_event_codes(dyad_dict *d)
{
    dyad__free(&d->alloc, d->code_ids);
    d->ncode_ids = 0;
    d->code_ids = dyad__malloc(&d->alloc, (d->codes.n ? d->codes.n : 1) * sizeof *d->code_ids);
    if (!d->code_ids) { d->oom = true; return false; }
    for (size_t i = 0; i < d->codes.n; i++)
        d->code_ids[i] = (uint64_t)DICT_AT(d, codes, dict_event_code, i).code << 32 | i;
    qsort(d->code_ids, d->codes.n, sizeof *d->code_ids, S_cmp_u64);
    d->ncode_ids = d->codes.n;
    return true;
}

const dict_event_code *dict_find_event_code(const dyad_dict *d, const char *code)
{
    if (d->code_ids && d->ncode_ids == d->codes.n && code) {
        /* interned codes: equal strings have equal ids; the first listed wins, as below */
        uint64_t id = S_pool_id(d, code, strlen(code));
        if (id == DICT_NO_WORD) return NULL;
        size_t lo = 0, hi = d->ncode_ids;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (d->code_ids[mid] >> 32 < id) lo = mid + 1;
            else hi = mid;
        }
        return lo < d->ncode_ids && d->code_ids[lo] >> 32 == id ? &DICT_AT(d, codes, dict_event_code, (uint32_t)d->code_ids[lo]) : NULL;
    }
    for (size_t i = 0; i < d->codes.n; i++) {
        const dict_event_code *c = &DICT_AT(d, codes, dict_event_code, i);
        if (strcmp(dict_s(d, c->code), code) == 0) return c;
    }
    return NULL;
}

/* MARK: public API */

dyad_dict *dyad_dict_new(const dyad_options *opts, dyad_error *err)
{
    const dyad_alloc *a = opts ? &opts->alloc : dyad__default_alloc();
    dyad_dict *d = dyad__malloc(a, sizeof *d);
    if (!d) {
        dyad__set_error(err, DYAD_ERR_NOMEM, 0, "allocating a dictionary set");
        return NULL;
    }
    memset(d, 0, sizeof *d);
    d->alloc = *a;
    if (opts) d->opts = *opts;
    dyad_buf_init(&d->pool, &d->alloc);
    dyad_buf_init(&d->scratch, &d->alloc);
    return d;
}

void dyad_dict_free(dyad_dict *d)
{
    if (!d) return;
    for (size_t i = 0; i < d->files.n; i++) dyad__free(&d->alloc, DICT_AT(d, files, char *, i));
    dict_vec *vecs[] = {&d->files, &d->entities, &d->roles, &d->agents, &d->verbs, &d->patterns,
                        &d->elems, &d->alts, &d->synsets, &d->codes, &d->payloads, &d->nodes, &d->stems,
                        &d->known_codes, &d->places, &d->irregular, &d->options,
                        &d->known_meta, &d->code_index};
    dyad_buf_free(&d->scratch);
    for (size_t i = 0; i < sizeof vecs / sizeof *vecs; i++) S_free_vec(d, vecs[i]);
    dyad__free(&d->alloc, d->edges);
    dyad__free(&d->alloc, d->strhash);
    dyad__free(&d->alloc, d->pat_index);
    dyad__free(&d->alloc, d->verb_first);
    S_free_req_index(d);
    dyad__free(&d->alloc, d->words);
    dyad__free(&d->alloc, d->code_ids);
    dyad__free(&d->alloc, d->code3);
    tabari_data_free(d);
    dyad_buf_free(&d->pool);
    dyad_alloc a = d->alloc;
    dyad__free(&a, d);
}

static int S_cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

// True when name ends with suffix.
static bool S_ends(const char *name, const char *suffix)
{
    size_t n = strlen(name), k = strlen(suffix);
    return n >= k && strcmp(name + n - k, suffix) == 0;
}

// Loads one file, choosing the reader from its name.
static bool S_load_file(dyad_dict *d, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    bool ok;
    if (S_ends(base, ".actors") || S_ends(base, ".agents") || S_ends(base, ".verbs") || S_ends(base, ".options")) {
        d->loading_foreign = true;
        ok = dict_load_tabari(d, path);
        d->loading_foreign = false;
        return ok;
    }
    if (strncmp(base, "CAMEO.", 6) == 0 || strncmp(base, "Phoenix.", 8) == 0 || strncmp(base, "PETR.", 5) == 0) {
        d->loading_foreign = true;
        ok = dict_load_petrarch(d, path);
        d->loading_foreign = false;
        return ok;
    }
    if (S_ends(base, ".txt") || S_ends(base, ".tsv")) return dict_load_ours(d, path);
    return true; /* README.md, SOURCES.md and the like */
}

// Loads a directory of our dictionaries (recursively, in name order).
static bool S_load_dir(dyad_dict *d, const char *path, dyad_error *err)
{
    DIR *dir = opendir(path);
    if (!dir) {
        dyad__set_error(err, DYAD_ERR_IO, 0, "%s: %s", path, strerror(errno));
        return false;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    bool ok = true;
    while ((e = readdir(dir))) {
        if (e->d_name[0] == '.') continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) { ok = false; break; }
            names = nn;
        }
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        names[n] = malloc(len);
        if (!names[n]) { ok = false; break; }
        snprintf(names[n++], len, "%s/%s", path, e->d_name);
    }
    closedir(dir);
    if (n) qsort(names, n, sizeof *names, S_cmp_names);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (ok && stat(names[i], &st) == 0) {
            if (S_ISDIR(st.st_mode)) ok = S_load_dir(d, names[i], err);
            else ok = S_load_file(d, names[i]) || !d->oom;
        }
        free(names[i]);
    }
    free(names);
    if (d->oom) dyad__set_error(err, DYAD_ERR_NOMEM, 0, "loading %s", path);
    return ok && !d->oom;
}

bool dyad_dict_load(dyad_dict *d, const char *path, dyad_error *err)
{
    if (!d || !path) {
        dyad__set_error(err, DYAD_ERR_ARG, 0, "dyad_dict_load: NULL argument");
        return false;
    }
    struct stat st;
    if (stat(path, &st) != 0) {
        dyad__set_error(err, DYAD_ERR_IO, 0, "%s: %s", path, strerror(errno));
        return false;
    }
    d->root = S_ISDIR(st.st_mode) ? path : NULL;
    size_t rl = d->root ? strlen(path) : 0;
    char *root = NULL;
    if (rl > 1 && path[rl - 1] == '/') {
        root = dyad__strndup(&d->alloc, path, rl - 1);
        d->root = root;
    }
    bool ok = S_ISDIR(st.st_mode) ? S_load_dir(d, path, err) : S_load_file(d, path);
    d->root = NULL;
    dyad__free(&d->alloc, root);
    if (ok && (!dict_add_surnames(d) || !dict_index_patterns(d) || !dict_index_codes(d))) ok = false;
    if (!ok) {
        if (d->oom) dyad__set_error(err, DYAD_ERR_NOMEM, 0, "loading %s", path);
        else if (!S_ISDIR(st.st_mode)) dyad__set_error(err, DYAD_ERR_IO, 0, "%s: cannot read", path);
        return false;
    }
    return true;
}

void dyad_dict_get_stats(const dyad_dict *d, dyad_dict_stats *s)
{
    memset(s, 0, sizeof *s);
    if (!d) return;
    s->event_codes = d->codes.n;
    for (size_t i = 0; i < d->entities.n; i++) {
        const dict_entity *e = &DICT_AT(d, entities, dict_entity, i);
        switch (e->kind) {
        case ENT_COUNTRY: s->countries++; break;
        case ENT_IGO: s->organisations++; break;
        case ENT_GROUP: s->groups++; break;
        case ENT_PERSON: s->people++; s->person_roles += e->nroles; break;
        default: s->actors++; break;
        }
    }
    s->roles = d->roles.n;
    s->agents = d->agents.n;
    s->verbs = d->verbs.n;
    s->patterns = d->patterns.n;
    s->synsets = d->synsets.n;
    s->phrases = d->payloads.n ? d->payloads.n - 1 : 0;
    s->actor_phrases = d->nphrases[PH_ACTOR] + d->nphrases[PH_ADJ] + d->nphrases[PH_GOV] + d->nphrases[PH_MIL];
    s->agent_phrases = d->nphrases[PH_AGENT];
    s->verb_forms = d->nphrases[PH_VERB];
    s->discards = d->nphrases[PH_DISCARD] + d->nphrases[PH_STORY_DISCARD];
    s->nouns = d->nphrases[PH_NOUN] + d->nphrases[PH_ADJECTIVE];
    s->places = d->places.n;
    s->files = d->files.n;
    s->rejected = d->rejected;
    s->trie_nodes = d->nodes.n;
    s->pool_bytes = d->pool.len;
}
