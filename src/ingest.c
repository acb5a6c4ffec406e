/*
 * ingest.c — dyad_store_ingest: code documents on all cores and write them to
 * the event store in input order (docs/store.md).
 *
 * Three roles share a ring of slots, one slot per document in flight:
 *   - the reader thread reads documents (dyad_input) into the ring, in order;
 *   - worker threads, each with its own dyad_coder over the shared read-only
 *     dictionary, take the next unclaimed slot, hash it, skip it when the
 *     store already holds it unchanged (their own read-only connection), and
 *     code it otherwise;
 *   - the calling thread is the only writer: it takes slots strictly in input
 *     order, so event ids are the same whatever the thread count, and commits
 *     every `batch_docs` documents (or two seconds).  A document and its
 *     events are in one transaction, so a killed run leaves a clean prefix.
 * The single SQLite writer is the bottleneck, so it does nothing else: the
 * reader frees a written document when it reuses its slot, and a checkpointer
 * thread copies the committed pages from the WAL into the database (with its
 * fsyncs), which SQLite would otherwise do inside the writer's commits.
 */
#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { SLOT_FREE = 0, SLOT_READ, SLOT_CODING, SLOT_DONE };
enum { WAL_RESTART_PAGES = 16384 }; /* 64 MB of 4 KB pages: the size of the WAL file between two restarts */

typedef struct slot {
    dyad_doc *doc;
    uint64_t hash;
    int state;
    bool coded;   /* false when a worker found the document unchanged in the store and did not code it */
} slot;

typedef struct ingest {
    dyad_store *store;
    const dyad_dict *dict;
    const char *const *paths;
    size_t npaths;
    dyad_options opts;            /* the caller's options, diagnostics serialised */
    dyad_diag_fn user_diag;
    void *user_diag_ctx;
    pthread_mutex_t mu, diag_mu;
    pthread_cond_t cv_space, cv_work, cv_done, cv_commit;
    uint64_t commits;             /* commits by the writer, for the checkpointer */
    int wal_frames;               /* pages in the WAL at the checkpointer's last checkpoint */
    bool writer_done;
    slot *ring;
    size_t cap;
    uint64_t n_read, n_claimed, n_written;
    uint64_t bytes_done;
    bool eof, abort;
    dyad_error fail;
    dyad_ingest_stats stats;      /* the writer's counts */
    /* the writer's set of document ids seen in this run (64-bit hashes; 0 = empty) */
    uint64_t *seen;
    size_t nseen, seen_cap;
    dyad_coder *writer_coder;     /* codes the rare document a worker skipped that has changed since */
} ingest;

static double S_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

// Passes a diagnostic to the caller's callback, one at a time.
static void S_diag(void *ctx, const dyad_diag *d)
{
    ingest *g = ctx;
    pthread_mutex_lock(&g->diag_mu);
    g->user_diag(g->user_diag_ctx, d);
    pthread_mutex_unlock(&g->diag_mu);
}

// Records the first failure and stops every thread.
static void S_fail(ingest *g, const dyad_error *err)
{
    pthread_mutex_lock(&g->mu);
    if (!g->abort) {
        g->abort = true;
        if (err) g->fail = *err;
        else dyad__set_error(&g->fail, DYAD_ERR_NOMEM, 0, "ingest");
    }
    pthread_cond_broadcast(&g->cv_space);
    pthread_cond_broadcast(&g->cv_work);
    pthread_cond_broadcast(&g->cv_done);
    pthread_cond_broadcast(&g->cv_commit);
    pthread_mutex_unlock(&g->mu);
}

/* MARK: input size (for the ETA) */

static bool S_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

// Adds the size of path (recursively for directories, hidden names skipped) to *total; false when unknown.
static bool S_add_size(const char *path, uint64_t *total, int depth)
{
    struct stat st;
    if (!strcmp(path, "-") || S_ends_with(path, ".gz") || depth > 64) return false;
    if (stat(path, &st) != 0) return true; /* the reader reports it */
    if (!S_ISDIR(st.st_mode)) { *total += (uint64_t)st.st_size; return true; }
    DIR *dir = opendir(path);
    if (!dir) return true;
    bool known = true;
    struct dirent *e;
    while (known && (e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.') continue;
        size_t n = strlen(path) + strlen(e->d_name) + 2;
        char *full = malloc(n);
        if (!full) { known = false; break; }
        snprintf(full, n, "%s/%s", path, e->d_name);
        known = S_add_size(full, total, depth + 1);
        free(full);
    }
    closedir(dir);
    return known;
}

/* MARK: reader thread */

typedef struct progress_est {
    char *file;        /* origin of the current document */
    uint64_t file_size, in_file, done;
} progress_est;

// Updates the estimate of input bytes consumed with document d; returns it.
static uint64_t S_estimate(progress_est *p, const dyad_doc *d)
{
    uint64_t line;
    const char *origin = dyad_doc_origin(d, &line);
    if (!p->file || strcmp(p->file, origin) != 0) {
        p->done += p->file_size;
        free(p->file);
        p->file = strdup(origin);
        struct stat st;
        p->file_size = stat(origin, &st) == 0 ? (uint64_t)st.st_size : 0;
        p->in_file = 0;
    }
    size_t len;
    dyad_doc_text(d, &len);
    /* a JSON line also holds its keys, quotes and metadata */
    p->in_file += len + strlen(d->id) + strlen(d->title) + strlen(d->url) + strlen(d->source) + strlen(d->date) + 64;
    if (!line || p->in_file > p->file_size) p->in_file = p->file_size;
    return p->done + p->in_file;
}

static void *S_reader(void *arg)
{
    ingest *g = arg;
    dyad_error err = {0};
    dyad_input *in = dyad_input_new(g->paths, g->npaths, &g->opts, &err);
    progress_est est = {0};
    if (!in) S_fail(g, &err);
    while (in) {
        dyad_doc *d = NULL;
        int r = dyad_input_next(in, &d, &err);
        if (r == 0) break;
        if (r < 0) { S_fail(g, &err); break; }
        uint64_t bytes = S_estimate(&est, d);
        pthread_mutex_lock(&g->mu);
        while (g->n_read - g->n_written >= g->cap && !g->abort) pthread_cond_wait(&g->cv_space, &g->mu);
        if (g->abort) { pthread_mutex_unlock(&g->mu); dyad_doc_free(d); break; }
        slot *s = &g->ring[g->n_read % g->cap];
        dyad_doc *written = s->doc; /* the document the writer last wrote from this slot, or NULL */
        s->doc = d;
        s->state = SLOT_READ;
        g->n_read++;
        g->bytes_done = bytes;
        pthread_cond_signal(&g->cv_work);
        pthread_mutex_unlock(&g->mu);
        dyad_doc_free(written);
    }
    pthread_mutex_lock(&g->mu);
    g->eof = true;
    if (in) g->stats.skipped = dyad_input_skipped(in);
    g->bytes_done = est.done + est.file_size;
    pthread_cond_broadcast(&g->cv_work);
    pthread_cond_broadcast(&g->cv_done);
    pthread_mutex_unlock(&g->mu);
    free(est.file);
    dyad_input_free(in);
    return NULL;
}

/* MARK: worker threads */

typedef struct worker {
    ingest *g;
    pthread_t thread;
    bool started;
    dyad_coder *coder;
    sqlite3 *db;          /* read-only connection: is a document already stored unchanged? */
    sqlite3_stmt *find;
} worker;

// True when the store holds document id with content hash hex (as last committed).
static bool S_stored_same(worker *w, const char *id, const char *hex)
{
    if (!w->find) return false;
    sqlite3_bind_text(w->find, 1, id, -1, SQLITE_STATIC);
    bool same = false;
    if (sqlite3_step(w->find) == SQLITE_ROW) {
        const unsigned char *h = sqlite3_column_text(w->find, 0);
        same = h && !strcmp((const char *)h, hex);
    }
    sqlite3_reset(w->find);
    return same;
}

static void *S_worker(void *arg)
{
    worker *w = arg;
    ingest *g = w->g;
    const char *path = g->store->path;
    if (path[0] && strcmp(path, ":memory:") != 0 &&
        sqlite3_open_v2(path, &w->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(w->db, 10000);
        if (sqlite3_prepare_v2(w->db, "SELECT content_hash FROM documents WHERE doc_id = ?1", -1, &w->find, NULL) !=
            SQLITE_OK)
            w->find = NULL;
    }
    for (;;) {
        pthread_mutex_lock(&g->mu);
        while (g->n_claimed == g->n_read && !g->eof && !g->abort) pthread_cond_wait(&g->cv_work, &g->mu);
        if (g->abort || g->n_claimed == g->n_read) { pthread_mutex_unlock(&g->mu); break; }
        slot *s = &g->ring[g->n_claimed++ % g->cap];
        s->state = SLOT_CODING;
        pthread_mutex_unlock(&g->mu);
        char hex[17];
        s->hash = store_doc_hash(s->doc, g->opts.date);
        store_hash_hex(s->hash, hex);
        dyad_error err = {0};
        bool ok = true;
        s->coded = !S_stored_same(w, s->doc->id, hex);
        if (s->coded) ok = dyad_coder_process(w->coder, s->doc, &err);
        if (!ok) { S_fail(g, &err); break; }
        pthread_mutex_lock(&g->mu);
        s->state = SLOT_DONE;
        pthread_cond_signal(&g->cv_done);
        pthread_mutex_unlock(&g->mu);
    }
    sqlite3_finalize(w->find);
    sqlite3_close_v2(w->db);
    return NULL;
}

/* MARK: checkpointer thread */

typedef struct checkpointer {
    ingest *g;
    pthread_t thread;
    bool started;
    sqlite3 *db;
} checkpointer;

// Checkpoints the WAL after each commit of the writer (PASSIVE: never waits for, nor blocks, the
// writer or the readers) until the writer is done.
static void *S_checkpointer(void *arg)
{
    checkpointer *c = arg;
    ingest *g = c->g;
    uint64_t seen = 0;
    for (;;) {
        pthread_mutex_lock(&g->mu);
        while (g->commits == seen && !g->writer_done && !g->abort) pthread_cond_wait(&g->cv_commit, &g->mu);
        bool stop = g->writer_done || g->abort;
        seen = g->commits;
        pthread_mutex_unlock(&g->mu);
        if (stop) break;
        int frames = 0;
        sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &frames, NULL);
        pthread_mutex_lock(&g->mu);
        g->wal_frames = frames;
        pthread_mutex_unlock(&g->mu);
    }
    return NULL;
}

// Starts the checkpointer on its own connection and turns the writer's automatic checkpoints off;
// without a WAL file (an in-memory store) or a connection, the writer keeps checkpointing itself.
static void S_start_checkpointer(ingest *g, checkpointer *c)
{
    const char *path = g->store->path;
    c->g = g;
    if (!path[0] || !strcmp(path, ":memory:") ||
        sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
        sqlite3_exec(c->db, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL) != SQLITE_OK)
        return;
    if (pthread_create(&c->thread, NULL, S_checkpointer, c) != 0) return;
    c->started = true;
    sqlite3_wal_autocheckpoint(g->store->db, 0);
}

// Stops the checkpointer and gives the writer its automatic checkpoints back.
static void S_stop_checkpointer(ingest *g, checkpointer *c)
{
    if (c->started) {
        pthread_mutex_lock(&g->mu);
        g->writer_done = true;
        pthread_cond_broadcast(&g->cv_commit);
        pthread_mutex_unlock(&g->mu);
        pthread_join(c->thread, NULL);
        sqlite3_wal_autocheckpoint(g->store->db, 1000); /* SQLite's default */
    }
    sqlite3_close_v2(c->db);
}

/* MARK: the writer (calling thread) */

// Adds the id to the run's seen set; returns false when it was already there (or on OOM, with *oom).
static bool S_first_sighting(ingest *g, const char *id, bool *oom)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (const unsigned char *p = (const unsigned char *)id; *p; p++) h = (h ^ *p) * 0x100000001b3ull;
    h ^= h >> 33; h *= 0xff51afd7ed558ccdull; h ^= h >> 33; /* spread the bits (murmur3 finaliser) */
    if (!h) h = 1;
    if ((g->nseen + 1) * 2 > g->seen_cap) {
        size_t cap = g->seen_cap ? g->seen_cap * 2 : 4096;
        uint64_t *t = calloc(cap, sizeof *t);
        if (!t) { *oom = true; return false; }
        for (size_t i = 0; i < g->seen_cap; i++) {
            if (!g->seen[i]) continue;
            size_t j = g->seen[i] & (cap - 1);
            while (t[j]) j = (j + 1) & (cap - 1);
            t[j] = g->seen[i];
        }
        free(g->seen);
        g->seen = t;
        g->seen_cap = cap;
    }
    size_t j = h & (g->seen_cap - 1);
    while (g->seen[j]) {
        if (g->seen[j] == h) return false;
        j = (j + 1) & (g->seen_cap - 1);
    }
    g->seen[j] = h;
    g->nseen++;
    return true;
}

// Writes the document of one slot (inside the open transaction); false with err on failure.
static bool S_write_slot(ingest *g, slot *s, dyad_error *err)
{
    dyad_doc *d = s->doc;
    bool oom = false;
    if (!S_first_sighting(g, d->id, &oom)) {
        if (oom) { dyad__set_error(err, DYAD_ERR_NOMEM, 0, "ingest: the set of document ids"); return false; }
        g->stats.docs_duplicate++;
        uint64_t line;
        const char *origin = dyad_doc_origin(d, &line);
        dyad__diag(&g->opts, DYAD_SKIPPED, DYAD_ERR_FIELD, origin, line, d->id,
                   "document id appears again in the input; the first document with this id is kept");
        return true;
    }
    char hex[17], old[17];
    store_hash_hex(s->hash, hex);
    int64_t key = 0;
    int found = store_find_doc(g->store, d->id, &key, old, err);
    if (found < 0) return false;
    if (found == 1 && !strcmp(old, hex)) { g->stats.docs_unchanged++; return true; }
    if (!s->coded) {
        if (!g->writer_coder && !(g->writer_coder = dyad_coder_new(g->dict, &g->opts, err))) return false;
        if (!dyad_coder_process(g->writer_coder, d, err)) return false;
    }
    if (!store_write_doc(g->store, g->dict, d, hex, found == 1 ? key : 0, err)) return false;
    if (found == 1) g->stats.docs_replaced++;
    else g->stats.docs_new++;
    g->stats.sentences += dyad_doc_sentence_count(d);
    g->stats.events += dyad_doc_event_count(d);
    return true;
}

// Calls the progress callback with a snapshot of the counts.
static void S_progress(ingest *g, const dyad_ingest_options *io, double t0)
{
    if (!io || !io->progress) return;
    pthread_mutex_lock(&g->mu);
    g->stats.docs = g->n_read;
    g->stats.bytes_done = g->bytes_done;
    pthread_mutex_unlock(&g->mu);
    g->stats.seconds = S_now() - t0;
    io->progress(io->progress_ctx, &g->stats);
}

// The writer loop: takes finished slots in input order until the input ends; false with err on failure.
static bool S_write_all(ingest *g, const dyad_ingest_options *io, double t0, dyad_error *err)
{
    unsigned batch = io && io->batch_docs ? io->batch_docs : 500, in_batch = 0;
    double last_progress = S_now(), batch_start = last_progress;
    for (;;) {
        bool ready = false, finished = false;
        pthread_mutex_lock(&g->mu);
        while (!g->abort) {
            if (g->n_written < g->n_read && g->ring[g->n_written % g->cap].state == SLOT_DONE) { ready = true; break; }
            if (g->eof && g->n_written == g->n_read) { finished = true; break; }
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += 250 * 1000000L;
            if (ts.tv_nsec >= 1000000000L) { ts.tv_sec++; ts.tv_nsec -= 1000000000L; }
            if (pthread_cond_timedwait(&g->cv_done, &g->mu, &ts) == ETIMEDOUT) break;
        }
        bool aborted = g->abort;
        slot *s = &g->ring[g->n_written % g->cap];
        pthread_mutex_unlock(&g->mu);
        if (aborted) return false;
        double now = S_now();
        if (now - last_progress >= 0.5) { S_progress(g, io, t0); last_progress = now; }
        if (finished) return true;
        if (!ready) continue;
        bool ok = S_write_slot(g, s, err);
        pthread_mutex_lock(&g->mu);
        s->state = SLOT_FREE; /* s->doc is freed by the reader when it reuses the slot, or by S_cleanup */
        g->n_written++;
        pthread_cond_signal(&g->cv_space);
        pthread_mutex_unlock(&g->mu);
        if (!ok) return false;
        if (++in_batch >= batch || now - batch_start >= 2.0) {
            if (!store_commit(g->store, err)) return false;
            pthread_mutex_lock(&g->mu);
            g->commits++;
            pthread_cond_signal(&g->cv_commit);
            bool restart = g->wal_frames > WAL_RESTART_PAGES;
            if (restart) g->wal_frames = 0;
            pthread_mutex_unlock(&g->mu);
            /* SQLite starts the WAL file over only in a transaction that began when all of it was
             * copied into the database; the writer begins right after each commit, before the
             * checkpointer has copied it, so now and then it copies what is left (little) itself */
            if (restart) sqlite3_wal_checkpoint_v2(g->store->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
            if (!store_begin(g->store, err)) return false;
            in_batch = 0;
            batch_start = now;
        }
    }
}

/* MARK: public API */

// Starts the reader and the workers; false when a thread cannot be started.
static bool S_start(ingest *g, pthread_t *reader, worker *w, unsigned n, dyad_error *err)
{
    for (unsigned i = 0; i < n; i++) {
        w[i].g = g;
        w[i].coder = dyad_coder_new(g->dict, &g->opts, err);
        if (!w[i].coder) return false;
    }
    for (unsigned i = 0; i < n; i++) {
        if (pthread_create(&w[i].thread, NULL, S_worker, &w[i]) != 0) {
            dyad__set_error(err, DYAD_ERR_NOMEM, 0, "ingest: cannot start a thread");
            return false;
        }
        w[i].started = true;
    }
    if (pthread_create(reader, NULL, S_reader, g) != 0) {
        dyad__set_error(err, DYAD_ERR_NOMEM, 0, "ingest: cannot start a thread");
        return false;
    }
    return true;
}

// Fills g for a run (options with serialised diagnostics, thread count, input size, the ring);
// returns the thread count, or 0 when out of memory.
static unsigned S_init(ingest *g, dyad_store *store, const dyad_dict *dict, const char *const *paths, size_t npaths,
                       const dyad_options *opts, const dyad_ingest_options *io)
{
    memset(g, 0, sizeof *g);
    g->store = store;
    g->dict = dict;
    g->paths = paths;
    g->npaths = npaths;
    if (opts) g->opts = *opts;
    else { g->opts.alloc = *dyad__default_alloc(); g->opts.max_doc_bytes = DYAD_DEFAULT_MAX_DOC; }
    if (g->opts.diag) {
        g->user_diag = g->opts.diag;
        g->user_diag_ctx = g->opts.diag_ctx;
        g->opts.diag = S_diag;
        g->opts.diag_ctx = g;
    }
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned n = io && io->threads ? io->threads : ncpu > 0 ? (unsigned)ncpu : 1;
    if (n > 256) n = 256;
    g->stats.threads = n;
    uint64_t total = 0;
    bool known = true;
    for (size_t i = 0; i < npaths && known; i++) known = S_add_size(paths[i], &total, 0);
    g->stats.bytes_total = known ? total : 0;
    pthread_mutex_init(&g->mu, NULL);
    pthread_mutex_init(&g->diag_mu, NULL);
    pthread_cond_init(&g->cv_space, NULL);
    pthread_cond_init(&g->cv_work, NULL);
    pthread_cond_init(&g->cv_done, NULL);
    pthread_cond_init(&g->cv_commit, NULL);
    g->cap = 32 * (size_t)n + 64;
    g->ring = calloc(g->cap, sizeof *g->ring);
    return g->ring ? n : 0;
}

// Frees what a run holds (documents still in the ring, coders, the seen set, locks).
static void S_cleanup(ingest *g, worker *w, unsigned n)
{
    for (size_t i = 0; g->ring && i < g->cap; i++) dyad_doc_free(g->ring[i].doc);
    for (unsigned i = 0; w && i < n; i++) dyad_coder_free(w[i].coder);
    dyad_coder_free(g->writer_coder);
    free(g->seen);
    free(g->ring);
    free(w);
    pthread_cond_destroy(&g->cv_space);
    pthread_cond_destroy(&g->cv_work);
    pthread_cond_destroy(&g->cv_done);
    pthread_cond_destroy(&g->cv_commit);
    pthread_mutex_destroy(&g->diag_mu);
    pthread_mutex_destroy(&g->mu);
}

bool dyad_store_ingest(dyad_store *store, const dyad_dict *dict, const char *const *paths, size_t npaths,
                       const dyad_options *opts, const dyad_ingest_options *io, dyad_ingest_stats *stats,
                       dyad_error *errp)
{
    dyad_error e = {0}, *err = &e;
    if (stats) memset(stats, 0, sizeof *stats);
    if (!store || (!paths && npaths)) { dyad__set_error(errp, DYAD_ERR_ARG, 0, "dyad_store_ingest: NULL argument"); return false; }
    if (!store->writable) { dyad__set_error(errp, DYAD_ERR_ARG, 0, "%s: store opened read-only", store->path); return false; }
    double t0 = S_now();
    ingest g;
    unsigned n = S_init(&g, store, dict, paths, npaths, opts, io);
    worker *w = n ? calloc(n, sizeof *w) : NULL;
    pthread_t reader;
    checkpointer ckpt = {0};
    bool reader_started = false, ok = false;
    if (!w) { dyad__set_error(err, DYAD_ERR_NOMEM, 0, "ingest"); goto done; }
    if (!store_begin(store, err) || !store_defer_indexes(store, err) ||
        !store_set_meta(store, "dyad_version", dyad_version(), err) ||
        !store_set_meta(store, "dictionaries", io && io->dictionaries ? io->dictionaries : "", err))
        goto done;
    S_start_checkpointer(&g, &ckpt);
    if (!S_start(&g, &reader, w, n, err)) { S_fail(&g, err); goto join; }
    reader_started = true;
    ok = S_write_all(&g, io, t0, err);
    if (!ok) S_fail(&g, e.code ? &e : NULL);
join:
    if (reader_started) pthread_join(reader, NULL);
    for (unsigned i = 0; i < n; i++)
        if (w[i].started) pthread_join(w[i].thread, NULL);
    S_stop_checkpointer(&g, &ckpt);
    if (!ok && !e.code) e = g.fail;
    /* the query indexes of a bulk load (or of one that was killed) are built in its last transaction */
    if (ok && (!store_build_indexes(store, err) || !store_commit(store, err))) ok = false;
    if (ok) sqlite3_exec(store->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
done:
    store_rollback(store);
    g.stats.docs = g.n_read;
    g.stats.bytes_done = g.bytes_done;
    g.stats.seconds = S_now() - t0;
    if (ok && io && io->progress) io->progress(io->progress_ctx, &g.stats);
    if (stats) *stats = g.stats;
    if (!ok && errp) *errp = e;
    S_cleanup(&g, w, n);
    return ok;
}
