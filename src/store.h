/*
 * store.h — the SQLite event store (private): the handle, its prepared
 * statements and the helpers shared by store.c (schema, writing one
 * document), ingest.c (the threaded pipeline) and store_query.c (queries and
 * their writers).  Schema: docs/store.md.
 */
#ifndef DYAD_STORE_H
#define DYAD_STORE_H

#include "internal.h"

#include <sqlite3.h>

#define STORE_SCHEMA_VERSION "3"  /* 2: events.date_precision; places, mentions and quotes filled;
                                     3: sentences, indexed once each (sentences_fts), events.sentence_key */

enum {
    ST_FIND_DOC,       /* doc_key, content_hash of a doc_id */
    ST_INSERT_DOC,
    ST_UPDATE_DOC,
    ST_DELETE_FTS,     /* the full-text entries of a document's sentences */
    ST_DELETE_SENTENCES,
    ST_DELETE_EVENTS,
    ST_DELETE_MENTIONS,
    ST_DELETE_QUOTES,
    ST_INSERT_EVENT,
    ST_INSERT_SENTENCE,
    ST_INSERT_FTS,
    ST_UPSERT_ACTOR,
    ST_INSERT_MENTION,
    ST_INSERT_MENTIONS, /* MENTION_ROWS mentions in one statement */
    ST_INSERT_QUOTE,
    ST_COUNT
};

/* Mentions are written this many to a statement (a document has a few dozen): one step instead of
 * sixteen saves about a third of their cost. */
enum { MENTION_ROWS = 16 };

/* What the dictionaries say about one actor code, cached by code. */
typedef struct store_actor {
    char *code;
    char *name;      /* exact entity name, or NULL */
    char *display;   /* name for the actors table: the exact name, else "Base name (SECTORS)", else "" */
    char *sectors;   /* comma-separated sector codes after the country/organisation part */
    char *country;   /* country name, "" */
    char *iso3;      /* country ISO3, "" */
    bool written;    /* upserted into actors by this handle */
} store_actor;

/* A string-keyed open-addressing table of pointers (actor and event-name caches). */
typedef struct store_map {
    char **keys;
    void **vals;
    size_t n, cap;
} store_map;

struct dyad_store {
    dyad_alloc alloc;
    dyad_options opts;
    sqlite3 *db;
    char *path;
    bool writable;
    bool in_txn;
    int schema;                 /* the store's schema version: 3, or 1 or 2 for an old store opened read-only */
    sqlite3_stmt *stmt[ST_COUNT];
    int64_t *sentence_keys;     /* while writing a document: sentences.sentence_key per sentence, 0 = not written */
    size_t sentence_cap;
    const dyad_dict *memo_dict; /* the caches below describe this dictionary set */
    store_map actors;           /* code -> store_actor */
    store_map event_names;      /* code -> char * (owned) */
};

/** FNV-1a 64-bit content hash of a document (docs/store.md): text, date (else default_date), title, url, source. */
uint64_t store_doc_hash(const dyad_doc *d, const char *default_date);
/** Writes h as 16 lower-case hex digits and a NUL. */
void store_hash_hex(uint64_t h, char out[17]);

/** Fills err with DYAD_ERR_STORE (or code) and SQLite's message after `what`. */
void store_error(dyad_store *s, dyad_error *err, int code, const char *what);
/** Runs SQL without results; false with err filled. */
bool store_exec(dyad_store *s, const char *sql, dyad_error *err);
bool store_begin(dyad_store *s, dyad_error *err);
bool store_commit(dyad_store *s, dyad_error *err);
/** Rolls back the open transaction, if any (errors ignored). */
void store_rollback(dyad_store *s);
/**
 * Inside the open transaction: when the events table is empty, drops the
 * query indexes (events_dyad, _date, _code, _root) so that a bulk load does
 * not maintain them row by row; store_build_indexes (idempotent) makes them.
 * events_story (needed to replace documents) and the full-text index are
 * always maintained.
 */
bool store_defer_indexes(dyad_store *s, dyad_error *err);
bool store_build_indexes(dyad_store *s, dyad_error *err);
/** Sets a meta key. */
bool store_set_meta(dyad_store *s, const char *key, const char *value, dyad_error *err);

/**
 * Looks a document id up: returns 1 and fills *doc_key and hash_hex (17
 * bytes) when the store has it, 0 when not, -1 on error.
 */
int store_find_doc(dyad_store *s, const char *doc_id, int64_t *doc_key, char *hash_hex, dyad_error *err);
/**
 * Writes a processed document and its events inside the open transaction:
 * replaces document doc_key when non-zero, else inserts it.  False with err.
 */
bool store_write_doc(dyad_store *s, const dyad_dict *dict, const dyad_doc *d, const char *hash_hex,
                     int64_t doc_key, dyad_error *err);

/** Reads a string-keyed map; NULL when absent. */
void *store_map_get(const store_map *m, const char *key, size_t n);

#endif /* DYAD_STORE_H */
