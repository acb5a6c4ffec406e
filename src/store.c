/*
 * store.c — the SQLite event store: opening and creating it (the schema of
 * docs/store.md, version 3; stores of versions 1 and 2 are upgraded in place
 * when opened for writing, read as they are otherwise), and writing one coded
 * document with its events.
 * The threaded ingest pipeline is in ingest.c, queries in store_query.c.
 *
 * A document is keyed by its id and a content hash; it and its events are
 * always written in one transaction, so a store never holds half a document.
 */
#include "store.h"
#include "context.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* MARK: schema */

/* the indexes queries use; a first ingest into an empty store builds them at the end (store_build_indexes) */
#define QUERY_INDEXES                                                                            \
    "CREATE INDEX IF NOT EXISTS events_dyad ON events(source_code, target_code, event_date);\n" \
    "CREATE INDEX IF NOT EXISTS events_date ON events(event_date);\n"                           \
    "CREATE INDEX IF NOT EXISTS events_code ON events(cameo_code);\n"                           \
    "CREATE INDEX IF NOT EXISTS events_root ON events(root_code);\n"

/* One row per sentence that has events, indexed for full-text search once (not once per event).  No
 * column sizes (columnsize=0: one row less per sentence; bm25() still works, reading the text), and
 * segments merged 16 at a time instead of 4 (half the rewriting of a bulk load; a term is then looked
 * up in a few more segments). */
#define SENTENCES_SCHEMA                                                                                     \
    "CREATE TABLE IF NOT EXISTS sentences(sentence_key INTEGER PRIMARY KEY, doc_key INTEGER, sentence INTEGER,\n" \
    "  text TEXT);\n"                                                                                          \
    "CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts USING fts5(text, content='sentences',\n"                  \
    "  content_rowid='sentence_key', columnsize=0);\n"                                                          \
    "INSERT INTO sentences_fts(sentences_fts, rank) VALUES ('automerge', 16);\n"

static const char S_schema[] =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);\n"
    "CREATE TABLE IF NOT EXISTS documents(doc_key INTEGER PRIMARY KEY, doc_id TEXT UNIQUE, content_hash TEXT,\n"
    "  date TEXT, title TEXT, url TEXT, source TEXT, origin TEXT, sentences INTEGER, events INTEGER,\n"
    "  ingested_at TEXT);\n"
    "CREATE TABLE IF NOT EXISTS events(\n"
    "  event_id INTEGER PRIMARY KEY, event_date TEXT, source_name TEXT, source_sectors TEXT,\n"
    "  source_country TEXT, event_text TEXT, cameo_code TEXT, intensity REAL, target_name TEXT,\n"
    "  target_sectors TEXT, target_country TEXT, story_id INTEGER, sentence_number INTEGER,\n"
    "  publisher TEXT, city TEXT, district TEXT, province TEXT, country TEXT, latitude REAL,\n"
    "  longitude REAL, source_code TEXT, target_code TEXT, source_iso3 TEXT, target_iso3 TEXT,\n"
    "  root_code TEXT, quad_class INTEGER, goldstein REAL, plover TEXT, source_text TEXT,\n"
    "  target_text TEXT, sentence_text TEXT, pattern TEXT, doc_id TEXT, date_precision INTEGER,\n"
    "  sentence_key INTEGER);\n"
    QUERY_INDEXES
    "CREATE INDEX IF NOT EXISTS events_story ON events(story_id);\n"
    SENTENCES_SCHEMA
    "CREATE TABLE IF NOT EXISTS actors(code TEXT PRIMARY KEY, name TEXT, country_iso3 TEXT, sector TEXT);\n"
    "CREATE TABLE IF NOT EXISTS mentions(doc_key INTEGER, sentence INTEGER, start INTEGER, \"end\" INTEGER,\n"
    "  text TEXT, code TEXT);\n"
    "CREATE TABLE IF NOT EXISTS quotes(doc_key INTEGER, sentence INTEGER, start INTEGER, \"end\" INTEGER,\n"
    "  speaker_code TEXT, text TEXT);\n"
    "CREATE VIEW IF NOT EXISTS event_counts AS\n"
    "  SELECT e.event_id, e.event_date, e.source_code, e.target_code, e.cameo_code,\n"
    "         g.mentions, g.sources, g.documents, g.first_event_id\n"
    "  FROM events e JOIN (\n"
    "    SELECT event_date, source_code, target_code, cameo_code, COUNT(*) AS mentions,\n"
    "           COUNT(DISTINCT NULLIF(publisher, '')) AS sources, COUNT(DISTINCT story_id) AS documents,\n"
    "           MIN(event_id) AS first_event_id\n"
    "    FROM events GROUP BY event_date, source_code, target_code, cameo_code) g\n"
    "  USING (event_date, source_code, target_code, cameo_code);\n"
    "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', '" STORE_SCHEMA_VERSION "');\n";

/* the values of MENTION_ROWS (16) rows of mentions or quotes */
#define SPAN_ROW "(?, ?, ?, ?, ?, ?)"
#define SPAN_ROWS_4 SPAN_ROW ", " SPAN_ROW ", " SPAN_ROW ", " SPAN_ROW
#define SPAN_ROWS_16 SPAN_ROWS_4 ", " SPAN_ROWS_4 ", " SPAN_ROWS_4 ", " SPAN_ROWS_4
_Static_assert(MENTION_ROWS == 16, "ST_INSERT_MENTIONS has SPAN_ROWS_16");

static const char *const S_stmt_sql[ST_COUNT] = {
    [ST_FIND_DOC] = "SELECT doc_key, content_hash FROM documents WHERE doc_id = ?1",
    [ST_INSERT_DOC] = "INSERT INTO documents(doc_id, content_hash, date, title, url, source, origin, sentences,"
                      " events, ingested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [ST_UPDATE_DOC] = "UPDATE documents SET doc_id = ?1, content_hash = ?2, date = ?3, title = ?4, url = ?5,"
                      " source = ?6, origin = ?7, sentences = ?8, events = ?9, ingested_at = ?10"
                      " WHERE doc_key = ?11",
    [ST_DELETE_FTS] = "INSERT INTO sentences_fts(sentences_fts, rowid, text) SELECT 'delete', sentence_key, text"
                      " FROM sentences WHERE sentence_key IN (SELECT sentence_key FROM events WHERE story_id = ?1)",
    [ST_DELETE_SENTENCES] = "DELETE FROM sentences WHERE sentence_key IN"
                            " (SELECT sentence_key FROM events WHERE story_id = ?1)",
    [ST_DELETE_EVENTS] = "DELETE FROM events WHERE story_id = ?1",
    [ST_INSERT_SENTENCE] = "INSERT INTO sentences(doc_key, sentence, text) VALUES (?1, ?2, ?3)",
    [ST_INSERT_FTS] = "INSERT INTO sentences_fts(rowid, text) VALUES (?1, ?2)",
    [ST_DELETE_MENTIONS] = "DELETE FROM mentions WHERE doc_key = ?1",
    [ST_DELETE_QUOTES] = "DELETE FROM quotes WHERE doc_key = ?1",
    [ST_INSERT_EVENT] =
        "INSERT INTO events(event_date, source_name, source_sectors, source_country, event_text, cameo_code,"
        " intensity, target_name, target_sectors, target_country, story_id, sentence_number, publisher, city,"
        " district, province, country, latitude, longitude, source_code, target_code, source_iso3, target_iso3,"
        " root_code, quad_class, goldstein, plover, source_text, target_text, sentence_text, pattern, doc_id,"
        " date_precision, sentence_key)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,"
        " ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34)",
    [ST_INSERT_MENTION] = "INSERT INTO mentions(doc_key, sentence, start, \"end\", text, code) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [ST_INSERT_MENTIONS] = "INSERT INTO mentions(doc_key, sentence, start, \"end\", text, code) VALUES " SPAN_ROWS_16,
    [ST_INSERT_QUOTE] = "INSERT INTO quotes(doc_key, sentence, start, \"end\", speaker_code, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [ST_UPSERT_ACTOR] = "INSERT INTO actors(code, name, country_iso3, sector) VALUES (?1, ?2, ?3, ?4)"
                        " ON CONFLICT(code) DO UPDATE SET name = excluded.name, country_iso3 = excluded.country_iso3,"
                        " sector = excluded.sector WHERE name IS NOT excluded.name"
                        " OR country_iso3 IS NOT excluded.country_iso3 OR sector IS NOT excluded.sector",
};

/* MARK: errors and small helpers */

void store_error(dyad_store *s, dyad_error *err, int code, const char *what)
{
    const char *msg = s && s->db ? sqlite3_errmsg(s->db) : "cannot open";
    dyad__set_error(err, code ? code : DYAD_ERR_STORE, 0, "%s: %s: %s", s && s->path ? s->path : "", what, msg);
}

bool store_exec(dyad_store *s, const char *sql, dyad_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) == SQLITE_OK) return true;
    dyad__set_error(err, DYAD_ERR_STORE, 0, "%s: %s", s->path, msg ? msg : sqlite3_errmsg(s->db));
    sqlite3_free(msg);
    return false;
}

bool store_begin(dyad_store *s, dyad_error *err)
{
    if (s->in_txn) return true;
    if (!store_exec(s, "BEGIN IMMEDIATE", err)) return false;
    s->in_txn = true;
    return true;
}

bool store_commit(dyad_store *s, dyad_error *err)
{
    if (!s->in_txn) return true;
    if (!store_exec(s, "COMMIT", err)) return false;
    s->in_txn = false;
    return true;
}

void store_rollback(dyad_store *s)
{
    if (!s->in_txn) return;
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->in_txn = false;
    /* actors upserted in the lost transaction must be written again */
    for (size_t i = 0; i < s->actors.cap; i++)
        if (s->actors.keys && s->actors.keys[i]) ((store_actor *)s->actors.vals[i])->written = false;
}

bool store_set_meta(dyad_store *s, const char *key, const char *value, dyad_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)", -1, &st, NULL) != SQLITE_OK) {
        store_error(s, err, 0, "preparing meta");
        return false;
    }
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value ? value : "", -1, SQLITE_STATIC);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    if (!ok) store_error(s, err, 0, "writing meta");
    sqlite3_finalize(st);
    return ok;
}

bool store_defer_indexes(dyad_store *s, dyad_error *err)
{
    sqlite3_stmt *st = NULL;
    bool empty = false;
    if (sqlite3_prepare_v2(s->db, "SELECT NOT EXISTS (SELECT 1 FROM events)", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        empty = sqlite3_column_int(st, 0) != 0;
    sqlite3_finalize(st);
    if (!empty) return true;
    return store_exec(s, "DROP INDEX IF EXISTS events_dyad; DROP INDEX IF EXISTS events_date;"
                         " DROP INDEX IF EXISTS events_code; DROP INDEX IF EXISTS events_root;", err);
}

bool store_build_indexes(dyad_store *s, dyad_error *err) { return store_exec(s, QUERY_INDEXES, err); }

static uint64_t S_fnv(uint64_t h, const char *p, size_t n)
{
    const unsigned char *s = (const unsigned char *)p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

uint64_t store_doc_hash(const dyad_doc *d, const char *default_date)
{
    const char *date = d->date && d->date[0] ? d->date : default_date ? default_date : "";
    uint64_t h = S_fnv(0xcbf29ce484222325ull, d->raw, d->raw_len);
    const char *fields[] = {date, d->title, d->url, d->source};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        h = S_fnv(h, "", 1); /* a NUL separates the fields */
        h = S_fnv(h, fields[i] ? fields[i] : "", fields[i] ? strlen(fields[i]) : 0);
    }
    return h;
}

void store_hash_hex(uint64_t h, char out[17])
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--, h >>= 4) out[i] = hex[h & 15];
    out[16] = '\0';
}

/* MARK: string maps (caches) */

static uint64_t S_key_hash(const char *k, size_t n) { return S_fnv(0xcbf29ce484222325ull, k, n); }

void *store_map_get(const store_map *m, const char *key, size_t n)
{
    if (!m->cap) return NULL;
    for (size_t i = S_key_hash(key, n) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->keys[i]) return NULL;
        if (strncmp(m->keys[i], key, n) == 0 && m->keys[i][n] == '\0') return m->vals[i];
    }
}

// Inserts key (taking ownership of the copy) -> val; false when out of memory.
static bool S_map_put(dyad_store *s, store_map *m, char *key, void *val)
{
    if ((m->n + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        char **keys = dyad__malloc(&s->alloc, cap * sizeof *keys);
        void **vals = dyad__malloc(&s->alloc, cap * sizeof *vals);
        if (!keys || !vals) { dyad__free(&s->alloc, keys); dyad__free(&s->alloc, vals); return false; }
        memset(keys, 0, cap * sizeof *keys);
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->keys[i]) continue;
            size_t j = S_key_hash(m->keys[i], strlen(m->keys[i])) & (cap - 1);
            while (keys[j]) j = (j + 1) & (cap - 1);
            keys[j] = m->keys[i];
            vals[j] = m->vals[i];
        }
        dyad__free(&s->alloc, m->keys);
        dyad__free(&s->alloc, m->vals);
        m->keys = keys;
        m->vals = vals;
        m->cap = cap;
    }
    size_t j = S_key_hash(key, strlen(key)) & (m->cap - 1);
    while (m->keys[j]) j = (j + 1) & (m->cap - 1);
    m->keys[j] = key;
    m->vals[j] = val;
    m->n++;
    return true;
}

static void S_actor_free(dyad_store *s, store_actor *a)
{
    if (!a) return;
    dyad__free(&s->alloc, a->name);
    dyad__free(&s->alloc, a->display);
    dyad__free(&s->alloc, a->sectors);
    dyad__free(&s->alloc, a->country);
    dyad__free(&s->alloc, a->iso3);
    dyad__free(&s->alloc, a);
}

// Empties the caches (they describe one dictionary set).
static void S_clear_memo(dyad_store *s)
{
    for (size_t i = 0; i < s->actors.cap; i++) {
        if (!s->actors.keys[i]) continue;
        dyad__free(&s->alloc, s->actors.keys[i]);
        S_actor_free(s, s->actors.vals[i]);
    }
    for (size_t i = 0; i < s->event_names.cap; i++) {
        if (!s->event_names.keys[i]) continue;
        dyad__free(&s->alloc, s->event_names.keys[i]);
        dyad__free(&s->alloc, s->event_names.vals[i]);
    }
    dyad__free(&s->alloc, s->actors.keys);
    dyad__free(&s->alloc, s->actors.vals);
    dyad__free(&s->alloc, s->event_names.keys);
    dyad__free(&s->alloc, s->event_names.vals);
    memset(&s->actors, 0, sizeof s->actors);
    memset(&s->event_names, 0, sizeof s->event_names);
}

/* MARK: describing actors and codes */

// Builds the description of an actor code (see store_actor); NULL when out of memory.
static store_actor *S_describe(dyad_store *s, const dyad_dict *dict, const char *code)
{
    store_actor *a = dyad__malloc(&s->alloc, sizeof *a);
    if (!a) return NULL;
    memset(a, 0, sizeof *a);
    const char *name = NULL, *iso3 = NULL, *country = NULL, *base_name = NULL;
    size_t n = strlen(code), base = n < 3 ? n : 3;
    dyad_dict_actor_info(dict, code, &name, &iso3, &country);
    if (iso3) base_name = country;
    else {
        /* no country: the longest prefix (in 3-letter steps) that names an organisation or group */
        char pre[64];
        for (size_t k = n - n % 3; k >= 3 && k < sizeof pre; k -= 3) {
            memcpy(pre, code, k);
            pre[k] = '\0';
            const char *pn = NULL;
            if (dyad_dict_actor_info(dict, pre, &pn, NULL, NULL) && pn) { base = k; base_name = pn; break; }
        }
    }
    dyad_buf sec;
    dyad_buf_init(&sec, &s->alloc);
    for (size_t i = base; i < n; i += 3) {
        if (sec.len) dyad_buf_putc(&sec, ',');
        dyad_buf_put(&sec, code + i, n - i < 3 ? n - i : 3);
    }
    dyad_buf_putc(&sec, '\0');
    dyad_buf disp;
    dyad_buf_init(&disp, &s->alloc);
    if (name) dyad_buf_puts(&disp, name);
    else if (base_name) dyad_buf_printf(&disp, "%s (%s)", base_name, sec.data);
    dyad_buf_putc(&disp, '\0');
    a->name = name ? dyad__strdup(&s->alloc, name) : NULL;
    a->sectors = sec.failed ? NULL : sec.data;
    a->display = disp.failed ? NULL : disp.data;
    a->country = dyad__strdup(&s->alloc, country);
    a->iso3 = dyad__strdup(&s->alloc, iso3);
    if ((name && !a->name) || !a->sectors || !a->display || !a->country || !a->iso3) {
        if (sec.failed) dyad_buf_free(&sec);
        if (disp.failed) dyad_buf_free(&disp);
        S_actor_free(s, a);
        return NULL;
    }
    return a;
}

// The cached description of code (NULL when out of memory).
static store_actor *S_actor(dyad_store *s, const dyad_dict *dict, const char *code)
{
    store_actor *a = store_map_get(&s->actors, code, strlen(code));
    if (a) return a;
    a = S_describe(s, dict, code);
    char *key = a ? dyad__strdup(&s->alloc, code) : NULL;
    if (!key || !S_map_put(s, &s->actors, key, a)) {
        dyad__free(&s->alloc, key);
        S_actor_free(s, a);
        return NULL;
    }
    a->code = key;
    return a;
}

// The cached codebook name of an event code ("" when unknown; NULL when out of memory).
static const char *S_event_name(dyad_store *s, const dyad_dict *dict, const char *code)
{
    char *v = store_map_get(&s->event_names, code, strlen(code));
    if (v) return v;
    const char *name = dyad_dict_event_name(dict, code);
    v = dyad__strdup(&s->alloc, name);
    char *key = v ? dyad__strdup(&s->alloc, code) : NULL;
    if (!key || !S_map_put(s, &s->event_names, key, v)) {
        dyad__free(&s->alloc, key);
        dyad__free(&s->alloc, v);
        return NULL;
    }
    return v;
}

// Upserts the actor into the actors table once per handle.
static bool S_write_actor(dyad_store *s, store_actor *a, dyad_error *err)
{
    if (a->written || !a->code[0]) return true;
    sqlite3_stmt *st = s->stmt[ST_UPSERT_ACTOR];
    sqlite3_bind_text(st, 1, a->code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, a->display, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, a->iso3, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, a->sectors, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { store_error(s, err, 0, "writing actors"); return false; }
    a->written = true;
    return true;
}

/* MARK: writing documents */

int store_find_doc(dyad_store *s, const char *doc_id, int64_t *doc_key, char *hash_hex, dyad_error *err)
{
    sqlite3_stmt *st = s->stmt[ST_FIND_DOC];
    sqlite3_bind_text(st, 1, doc_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st), found = 0;
    if (rc == SQLITE_ROW) {
        *doc_key = sqlite3_column_int64(st, 0);
        const unsigned char *h = sqlite3_column_text(st, 1);
        snprintf(hash_hex, 17, "%s", h ? (const char *)h : "");
        found = 1;
    } else if (rc != SQLITE_DONE) {
        store_error(s, err, 0, "reading documents");
        found = -1;
    }
    sqlite3_reset(st);
    return found;
}

// Binds the document row's columns ?1..?10.
static void S_bind_doc(sqlite3_stmt *st, const dyad_doc *d, const char *hash_hex, const char *origin, const char *now)
{
    sqlite3_bind_text(st, 1, d->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, hash_hex, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, d->date, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, d->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, d->url, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, d->source, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, origin, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 8, (sqlite3_int64)d->nsentences);
    sqlite3_bind_int64(st, 9, (sqlite3_int64)d->nevents);
    sqlite3_bind_text(st, 10, now, -1, SQLITE_STATIC);
}

// Runs a one-parameter statement on doc_key.
static bool S_step_key(dyad_store *s, int which, int64_t key, dyad_error *err)
{
    sqlite3_stmt *st = s->stmt[which];
    sqlite3_bind_int64(st, 1, key);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { store_error(s, err, 0, "deleting the old version of a document"); return false; }
    return true;
}

// Binds the actor columns (name, sectors, country at n, n+1, n+2) of one side of an event.
static void S_bind_side(sqlite3_stmt *st, int n, const store_actor *a, const char *text, size_t len)
{
    if (a->name) sqlite3_bind_text(st, n, a->name, -1, SQLITE_STATIC);
    else sqlite3_bind_text(st, n, text, (int)len, SQLITE_STATIC);
    sqlite3_bind_text(st, n + 1, a->sectors, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, n + 2, a->country, -1, SQLITE_STATIC);
}

// Binds one mention or quote row at parameters n+1..n+6: doc_key, sentence, [start, end), two texts.
static void S_bind_span(sqlite3_stmt *st, int n, int64_t doc_key, uint32_t sentence, size_t start, size_t end,
                        const char *t1, size_t n1, const char *t2, size_t n2)
{
    sqlite3_bind_int64(st, n + 1, doc_key);
    sqlite3_bind_int64(st, n + 2, sentence);
    sqlite3_bind_int64(st, n + 3, (sqlite3_int64)start);
    sqlite3_bind_int64(st, n + 4, (sqlite3_int64)end);
    sqlite3_bind_text(st, n + 5, t1, (int)n1, SQLITE_STATIC);
    sqlite3_bind_text(st, n + 6, t2, (int)n2, SQLITE_STATIC);
}

// Steps a bound insert of mentions or quotes.
static bool S_step_spans(dyad_store *s, sqlite3_stmt *st, dyad_error *err)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { store_error(s, err, 0, "writing mentions and quotes"); return false; }
    return true;
}

// Binds mention m of document d as the row at parameters n+1..n+6.
static void S_bind_mention(sqlite3_stmt *st, int n, const dyad_doc *d, const char *text, int64_t doc_key,
                           const ctx_mention *m)
{
    size_t a = d->tokens[m->tb].start, b = d->tokens[m->te - 1].start + d->tokens[m->te - 1].len;
    S_bind_span(st, n, doc_key, m->sentence, a, b, text + a, b - a, m->code, strlen(m->code));
}

// Writes the document context's actor mentions (MENTION_ROWS to a statement, then one by one) and
// quotations (tables mentions, quotes).
static bool S_write_context(dyad_store *s, const dyad_doc *d, int64_t doc_key, dyad_error *err)
{
    const doc_context *x = d->context;
    if (!x) return true;
    size_t len, i = 0;
    const char *text = dyad__doc_text(d, &len);
    for (; i + MENTION_ROWS <= x->nmentions; i += MENTION_ROWS) {
        for (int r = 0; r < MENTION_ROWS; r++)
            S_bind_mention(s->stmt[ST_INSERT_MENTIONS], 6 * r, d, text, doc_key, &x->mentions[i + (size_t)r]);
        if (!S_step_spans(s, s->stmt[ST_INSERT_MENTIONS], err)) return false;
    }
    for (; i < x->nmentions; i++) {
        S_bind_mention(s->stmt[ST_INSERT_MENTION], 0, d, text, doc_key, &x->mentions[i]);
        if (!S_step_spans(s, s->stmt[ST_INSERT_MENTION], err)) return false;
    }
    for (size_t k = 0; k < x->nquotes; k++) {
        const ctx_quote *q = &x->quotes[k];
        S_bind_span(s->stmt[ST_INSERT_QUOTE], 0, doc_key, q->r.sent_first, q->r.start, q->r.end, q->code,
                    strlen(q->code), text + q->r.start, q->r.end - q->r.start);
        if (!S_step_spans(s, s->stmt[ST_INSERT_QUOTE], err)) return false;
    }
    return true;
}

// The sentences.sentence_key of sentence i of document doc_key: written (with its full-text entry) the
// first time one of its events is; 0 on error, with err filled.
static int64_t S_sentence_key(dyad_store *s, const dyad_doc *d, uint32_t i, int64_t doc_key, dyad_error *err)
{
    if (i >= d->nsentences) { dyad__set_error(err, DYAD_ERR_STORE, 0, "an event of a sentence out of range"); return 0; }
    if (s->sentence_keys[i]) return s->sentence_keys[i];
    size_t len;
    const char *text = dyad__doc_text(d, &len);
    const dyad_sentence *se = &d->sentences[i];
    sqlite3_stmt *st = s->stmt[ST_INSERT_SENTENCE];
    sqlite3_bind_int64(st, 1, doc_key);
    sqlite3_bind_int64(st, 2, i);
    sqlite3_bind_text(st, 3, text + se->start, (int)(se->end - se->start), SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { store_error(s, err, 0, "writing sentences"); return 0; }
    int64_t key = sqlite3_last_insert_rowid(s->db);
    /* the full-text index is kept by hand, not by a trigger: a trigger makes every INSERT a statement
     * transaction, and FTS5 then flushes a new index segment per row (ten times slower) */
    st = s->stmt[ST_INSERT_FTS];
    sqlite3_bind_int64(st, 1, key);
    sqlite3_bind_text(st, 2, text + se->start, (int)(se->end - se->start), SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { store_error(s, err, 0, "writing the full-text index"); return 0; }
    s->sentence_keys[i] = key;
    return key;
}

// Inserts one event of document doc_key.
static bool S_write_event(dyad_store *s, const dyad_dict *dict, const dyad_doc *d, const dyad_event *e,
                          int64_t doc_key, dyad_error *err)
{
    size_t len;
    const char *text = dyad__doc_text(d, &len);
    store_actor *src = S_actor(s, dict, e->source), *tgt = S_actor(s, dict, e->target);
    const char *ename = S_event_name(s, dict, e->code);
    if (!src || !tgt || !ename) { dyad__set_error(err, DYAD_ERR_NOMEM, 0, "describing actors"); return false; }
    if (!S_write_actor(s, src, err) || !S_write_actor(s, tgt, err)) return false;
    int64_t sentence_key = S_sentence_key(s, d, e->sentence, doc_key, err);
    if (!sentence_key) return false;
    const dyad_sentence *se = &d->sentences[e->sentence];
    sqlite3_stmt *st = s->stmt[ST_INSERT_EVENT];
    sqlite3_bind_text(st, 1, e->date, -1, SQLITE_STATIC);
    S_bind_side(st, 2, src, text + e->source_start, e->source_end - e->source_start);
    sqlite3_bind_text(st, 5, ename, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, e->code, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 7, e->goldstein);
    S_bind_side(st, 8, tgt, text + e->target_start, e->target_end - e->target_start);
    sqlite3_bind_int64(st, 11, doc_key);
    sqlite3_bind_int64(st, 12, e->sentence);
    sqlite3_bind_text(st, 13, d->source, -1, SQLITE_STATIC);
    /* place: city (the place's name, whatever its kind), district and province unused, country ISO3 */
    sqlite3_bind_text(st, 14, e->place_name ? e->place_name : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 15, "", 0, SQLITE_STATIC);
    sqlite3_bind_text(st, 16, "", 0, SQLITE_STATIC);
    sqlite3_bind_text(st, 17, e->place_name && e->place_country ? e->place_country : "", -1, SQLITE_STATIC);
    if (e->place_name) {
        sqlite3_bind_double(st, 18, e->lat);
        sqlite3_bind_double(st, 19, e->lon);
    } else {
        sqlite3_bind_null(st, 18);
        sqlite3_bind_null(st, 19);
    }
    sqlite3_bind_text(st, 20, e->source, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 21, e->target, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 22, src->iso3, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 23, tgt->iso3, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 24, e->code, strlen(e->code) < 2 ? (int)strlen(e->code) : 2, SQLITE_STATIC);
    sqlite3_bind_int(st, 25, e->quad);
    sqlite3_bind_double(st, 26, e->goldstein);
    sqlite3_bind_text(st, 27, e->plover ? e->plover : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 28, text + e->source_start, (int)(e->source_end - e->source_start), SQLITE_STATIC);
    sqlite3_bind_text(st, 29, text + e->target_start, (int)(e->target_end - e->target_start), SQLITE_STATIC);
    sqlite3_bind_text(st, 30, text + se->start, (int)(se->end - se->start), SQLITE_STATIC);
    sqlite3_bind_text(st, 31, e->pattern ? e->pattern : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 32, d->id, -1, SQLITE_STATIC);
    if (e->date_precision) sqlite3_bind_int(st, 33, e->date_precision);
    else sqlite3_bind_null(st, 33);
    sqlite3_bind_int64(st, 34, sentence_key);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { store_error(s, err, 0, "writing events"); return false; }
    return true;
}

// Makes s->sentence_keys hold n zeros (one per sentence of the document being written).
static bool S_reset_sentence_keys(dyad_store *s, size_t n, dyad_error *err)
{
    if (n > s->sentence_cap) {
        size_t cap = s->sentence_cap ? s->sentence_cap : 256;
        while (cap < n) cap *= 2;
        int64_t *k = dyad__malloc(&s->alloc, cap * sizeof *k);
        if (!k) { dyad__set_error(err, DYAD_ERR_NOMEM, 0, "writing sentences"); return false; }
        dyad__free(&s->alloc, s->sentence_keys);
        s->sentence_keys = k;
        s->sentence_cap = cap;
    }
    if (n) memset(s->sentence_keys, 0, n * sizeof *s->sentence_keys);
    return true;
}

bool store_write_doc(dyad_store *s, const dyad_dict *dict, const dyad_doc *d, const char *hash_hex,
                     int64_t doc_key, dyad_error *err)
{
    if (dict != s->memo_dict) { S_clear_memo(s); s->memo_dict = dict; }
    char now[32], origin[4096];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (d->origin_line) snprintf(origin, sizeof origin, "%s:%llu", d->origin, (unsigned long long)d->origin_line);
    else snprintf(origin, sizeof origin, "%s", d->origin);
    sqlite3_stmt *st = s->stmt[doc_key ? ST_UPDATE_DOC : ST_INSERT_DOC];
    if (doc_key) {
        /* the sentences are found through the events, so they go first */
        if (!S_step_key(s, ST_DELETE_FTS, doc_key, err) || !S_step_key(s, ST_DELETE_SENTENCES, doc_key, err) ||
            !S_step_key(s, ST_DELETE_EVENTS, doc_key, err) || !S_step_key(s, ST_DELETE_MENTIONS, doc_key, err) ||
            !S_step_key(s, ST_DELETE_QUOTES, doc_key, err))
            return false;
        sqlite3_bind_int64(st, 11, doc_key);
    }
    S_bind_doc(st, d, hash_hex, origin, now);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { store_error(s, err, 0, "writing documents"); return false; }
    if (!doc_key) doc_key = sqlite3_last_insert_rowid(s->db);
    if (!S_reset_sentence_keys(s, d->nsentences, err)) return false;
    for (size_t i = 0; i < d->nevents; i++)
        if (!S_write_event(s, dict, d, &d->events[i], doc_key, err)) return false;
    return S_write_context(s, d, doc_key, err);
}

/* MARK: public API */

/* Version 1 stores gain the date precision column (their events keep NULL: unknown). */
static const char S_upgrade_v1[] = "ALTER TABLE events ADD COLUMN date_precision INTEGER;\n";

/* Version 2 stores gain the sentences (each event's sentence_text, once per sentence), their full-text
 * index instead of the per-event one, and events.sentence_key pointing to them. */
static const char S_upgrade_v2[] =
    "ALTER TABLE events ADD COLUMN sentence_key INTEGER;\n"
    SENTENCES_SCHEMA
    "INSERT INTO sentences(doc_key, sentence, text)\n"
    "  SELECT story_id, sentence_number, sentence_text FROM (SELECT story_id, sentence_number, sentence_text,\n"
    "    MIN(event_id) AS first FROM events GROUP BY story_id, sentence_number) ORDER BY first;\n"
    "CREATE INDEX sentences_upgrade ON sentences(doc_key, sentence);\n"
    "UPDATE events SET sentence_key = (SELECT sentence_key FROM sentences WHERE doc_key = events.story_id\n"
    "  AND sentence = events.sentence_number);\n"
    "DROP INDEX sentences_upgrade;\n"
    "INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild');\n"
    "DROP TABLE IF EXISTS events_fts;\n"
    "UPDATE meta SET value = '" STORE_SCHEMA_VERSION "' WHERE key = 'schema_version';\n";

// Upgrades a store of schema version 1 or 2 to this version in one transaction; false with err.
static bool S_upgrade(dyad_store *s, int version, dyad_error *err)
{
    if (!store_exec(s, "BEGIN IMMEDIATE", err)) return false;
    if ((version == 1 && !store_exec(s, S_upgrade_v1, err)) || !store_exec(s, S_upgrade_v2, err) ||
        !store_exec(s, "COMMIT", err)) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return false;
    }
    return true;
}

// Checks that an existing database is a dyad store of our version (upgrading an older one when writable,
// accepting it as it is when read-only), or creates the schema.
static bool S_check_schema(dyad_store *s, dyad_error *err)
{
    sqlite3_stmt *st = NULL;
    int tables = 0;
    bool has_meta = false;
    if (sqlite3_prepare_v2(s->db, "SELECT name FROM sqlite_master WHERE type = 'table'", -1, &st, NULL) != SQLITE_OK) {
        store_error(s, err, 0, "not an SQLite database");
        return false;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        tables++;
        if (!strcmp((const char *)sqlite3_column_text(st, 0), "meta")) has_meta = true;
    }
    sqlite3_finalize(st);
    if (tables && !has_meta) {
        dyad__set_error(err, DYAD_ERR_STORE, 0, "%s: an SQLite database, but not a dyad event store", s->path);
        return false;
    }
    if (!tables) {
        if (!s->writable) {
            dyad__set_error(err, DYAD_ERR_STORE, 0, "%s: empty database, not a dyad event store", s->path);
            return false;
        }
        if (!store_exec(s, "BEGIN IMMEDIATE", err)) return false;
        if (!store_exec(s, S_schema, err)) { sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL); return false; }
        if (!store_exec(s, "COMMIT", err)) return false;
    }
    char version[32] = "";
    if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        snprintf(version, sizeof version, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    s->schema = !strcmp(version, STORE_SCHEMA_VERSION) ? 3 : !strcmp(version, "2") ? 2 : !strcmp(version, "1") ? 1 : 0;
    if (!s->schema) {
        dyad__set_error(err, DYAD_ERR_STORE, 0, "%s: store schema version '%s'; this dyad reads versions 1 to %s",
                        s->path, version, STORE_SCHEMA_VERSION);
        return false;
    }
    if (s->schema < 3 && s->writable) {
        if (!S_upgrade(s, s->schema, err)) return false;
        s->schema = 3;
    }
    return true;
}

dyad_store *dyad_store_open(const char *path, int mode, const dyad_options *opts, dyad_error *err)
{
    const dyad_alloc *a = opts ? &opts->alloc : dyad__default_alloc();
    if (!path) { dyad__set_error(err, DYAD_ERR_ARG, 0, "dyad_store_open: NULL path"); return NULL; }
    dyad_store *s = dyad__malloc(a, sizeof *s);
    if (!s) { dyad__set_error(err, DYAD_ERR_NOMEM, 0, "opening a store"); return NULL; }
    memset(s, 0, sizeof *s);
    s->alloc = *a;
    if (opts) s->opts = *opts;
    else { s->opts.alloc = *a; s->opts.max_doc_bytes = DYAD_DEFAULT_MAX_DOC; }
    s->writable = mode == DYAD_STORE_WRITE;
    s->path = dyad__strdup(&s->alloc, path);
    if (!s->path) { dyad__set_error(err, DYAD_ERR_NOMEM, 0, "opening a store"); goto fail; }
    /* one thread at a time uses a handle: no SQLite mutexes (they cost a lock per bind).  A reader
     * of a writable file opens it read-write with query_only, never creating it: a read-only
     * connection could not remove the -wal and -shm files it makes when it closes */
    bool rw = s->writable || access(path, W_OK) == 0;
    int flags = (rw ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) | (s->writable ? SQLITE_OPEN_CREATE : 0) |
                SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) { store_error(s, err, 0, "cannot open"); goto fail; }
    sqlite3_busy_timeout(s->db, 10000);
    sqlite3_extended_result_codes(s->db, 1);
    if (!s->writable && rw && !store_exec(s, "PRAGMA query_only=ON", err)) goto fail;
    /* WAL: the workers read while the writer writes, and a commit is one append (with synchronous=NORMAL,
     * no fsync; a crash loses at most the last commits, never the store).  The page cache is bounded
     * (32 MB: more did not make ingest faster), and the sorts of the index builds spill to temporary
     * files, not to memory, so memory stays the same whatever the size of the corpus. */
    if (s->writable && !store_exec(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                                      " PRAGMA cache_size=-32768; PRAGMA temp_store=FILE;", err))
        goto fail;
    if (!S_check_schema(s, err)) goto fail;
    if (s->writable) {
        for (int i = 0; i < ST_COUNT; i++)
            if (sqlite3_prepare_v3(s->db, S_stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->stmt[i], NULL) != SQLITE_OK) {
                store_error(s, err, 0, "preparing statements");
                goto fail;
            }
    }
    return s;
fail:
    dyad_store_free(s);
    return NULL;
}

void dyad_store_free(dyad_store *s)
{
    if (!s) return;
    store_rollback(s);
    for (int i = 0; i < ST_COUNT; i++) sqlite3_finalize(s->stmt[i]);
    if (s->db) sqlite3_close_v2(s->db);
    S_clear_memo(s);
    dyad__free(&s->alloc, s->sentence_keys);
    dyad__free(&s->alloc, s->path);
    dyad__free(&s->alloc, s);
}

int dyad_store_put(dyad_store *s, const dyad_dict *dict, const dyad_doc *doc, dyad_error *err)
{
    if (!s || !doc) { dyad__set_error(err, DYAD_ERR_ARG, 0, "dyad_store_put: NULL %s", s ? "document" : "store"); return -1; }
    if (!s->writable) { dyad__set_error(err, DYAD_ERR_ARG, 0, "%s: store opened read-only", s->path); return -1; }
    char hex[17], old[17];
    store_hash_hex(store_doc_hash(doc, NULL), hex);
    bool outer = s->in_txn;
    if (!store_begin(s, err)) return -1;
    int64_t key = 0;
    int found = store_find_doc(s, doc->id, &key, old, err);
    int result = found == 1 && !strcmp(old, hex) ? DYAD_STORE_UNCHANGED : found == 1 ? DYAD_STORE_REPLACED : DYAD_STORE_NEW;
    if (found < 0 || (result != DYAD_STORE_UNCHANGED && !store_write_doc(s, dict, doc, hex, found == 1 ? key : 0, err))) {
        if (!outer) store_rollback(s);
        return -1;
    }
    if (!outer && !store_commit(s, err)) { store_rollback(s); return -1; }
    return result;
}
