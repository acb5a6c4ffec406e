/*
 * store_query.c — reading the event store: dyad_store_query builds one SQL
 * statement from fixed fragments and binds every filter value as a
 * parameter (nothing the user types is ever part of the SQL text), and
 * dyad_store_write renders the events through the format writers of
 * formats.c (JSON Lines, CSV, GDELT, ICEWS, ...), as a CSV of every column,
 * or as an aligned table.  Schema: docs/store.md.
 */
#include "store.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

/* the columns of docs/store.md, in its order (events.sentence_key is internal and not printed) */
#define COLUMNS_BUT_PRECISION                                                                                \
    "event_id, event_date, source_name, source_sectors, source_country, event_text, cameo_code, intensity,"  \
    " target_name, target_sectors, target_country, story_id, sentence_number, publisher, city, district,"     \
    " province, country, latitude, longitude, source_code, target_code, source_iso3, target_iso3, root_code," \
    " quad_class, goldstein, plover, source_text, target_text, sentence_text, pattern, doc_id"
#define COLUMNS COLUMNS_BUT_PRECISION ", date_precision"
#define COLUMNS_V1 COLUMNS_BUT_PRECISION ", NULL AS date_precision" /* schema 1 has no date_precision */

/* the events whose sentence matches an FTS5 query: schema 3 indexes each sentence once (sentences_fts) and
 * finds its events through events_story; schemas 1 and 2 indexed each event's sentence_text (events_fts) */
#define TEXT_MATCH                                                                                     \
    " AND event_id IN (SELECT e.event_id FROM sentences_fts JOIN sentences s"                           \
    " ON s.sentence_key = sentences_fts.rowid JOIN events e ON e.story_id = s.doc_key"                  \
    " AND e.sentence_key = s.sentence_key WHERE sentences_fts MATCH ?)"
#define TEXT_MATCH_V2 " AND event_id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)"

/* the document's date and URL, and the GDELT-style counts of event_counts, per event */
#define DOC_COLUMNS                                                  \
    "(SELECT date FROM documents WHERE doc_key = story_id) AS doc_date," \
    " (SELECT url FROM documents WHERE doc_key = story_id) AS doc_url"
#define SAME_EVENT                                                                                            \
    " FROM events c WHERE c.event_date = events.event_date AND c.source_code = events.source_code"          \
    " AND c.target_code = events.target_code AND c.cameo_code = events.cameo_code)"
#define COUNT_COLUMNS                                                                                       \
    "(SELECT COUNT(*)" SAME_EVENT " AS mentions, (SELECT COUNT(DISTINCT NULLIF(c.publisher, ''))" SAME_EVENT \
    " AS sources, (SELECT COUNT(DISTINCT c.story_id)" SAME_EVENT " AS documents"

/* MARK: building the query */

enum { MAX_PARAMS = 16 };

typedef struct query_sql {
    dyad_buf sql;
    char *text[MAX_PARAMS]; /* owned text parameters, or NULL for an integer */
    int64_t num[MAX_PARAMS];
    int n;
} query_sql;

// Appends a text parameter (copied) to be bound at the next '?'.
static bool S_param(query_sql *q, const dyad_alloc *a, const char *s, size_t n)
{
    if (q->n == MAX_PARAMS) return false;
    q->text[q->n] = dyad__strndup(a, s, n);
    if (!q->text[q->n]) return false;
    q->n++;
    return true;
}

static void S_param_int(query_sql *q, int64_t v)
{
    if (q->n == MAX_PARAMS) return;
    q->text[q->n] = NULL;
    q->num[q->n++] = v;
}

// True when s is YYYY, YYYY-MM or YYYY-MM-DD (digits).
static bool S_partial_date(const char *s)
{
    static const char shape[] = "dddd-dd-dd";
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10) return false;
    for (size_t i = 0; i < n; i++)
        if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != '-') return false;
    return true;
}

// Adds "col >= prefix AND col < successor(prefix)" (an index-friendly prefix match) with its parameters.
static bool S_prefix(query_sql *q, const dyad_alloc *a, const char *col, const char *prefix, const char *extra_or)
{
    char up[128];
    size_t n = strlen(prefix);
    if (n >= sizeof up) n = sizeof up - 1;
    for (size_t i = 0; i < n; i++) up[i] = (char)toupper((unsigned char)prefix[i]);
    up[n] = '\0';
    dyad_buf_printf(&q->sql, " AND ((%s >= ?", col);
    if (!S_param(q, a, up, n)) return false;
    /* the smallest string above every string starting with the prefix: bump the last byte below 0xff */
    size_t k = n;
    while (k > 0 && (unsigned char)up[k - 1] == 0xff) k--;
    if (k > 0) {
        char succ[128];
        memcpy(succ, up, k);
        succ[k - 1] = (char)((unsigned char)succ[k - 1] + 1);
        dyad_buf_printf(&q->sql, " AND %s < ?", col);
        if (!S_param(q, a, succ, k)) return false;
    }
    dyad_buf_puts(&q->sql, ")");
    if (extra_or) {
        dyad_buf_printf(&q->sql, " OR %s = ?", extra_or);
        if (!S_param(q, a, up, n)) return false;
    }
    dyad_buf_puts(&q->sql, ")");
    return true;
}

// Builds the SQL of a query; false with err on a bad filter value or OOM.
static bool S_build(query_sql *q, const dyad_alloc *a, int schema, const dyad_query *f, dyad_error *err)
{
    static const dyad_query none = {0};
    if (!f) f = &none;
    if (f->quad < 0 || f->quad > 4) { dyad__set_error(err, DYAD_ERR_ARG, 0, "quad class must be 1-4, not %d", f->quad); return false; }
    const char *dates[2] = {f->from, f->to};
    for (int i = 0; i < 2; i++)
        if (dates[i] && !S_partial_date(dates[i])) {
            dyad__set_error(err, DYAD_ERR_ARG, 0, "'%s' is not a date YYYY, YYYY-MM or YYYY-MM-DD", dates[i]);
            return false;
        }
    dyad_buf *b = &q->sql;
    dyad_buf_puts(b, f->one_a_day ? "SELECT * FROM (SELECT " : "SELECT ");
    dyad_buf_puts(b, schema == 1 ? COLUMNS_V1 ", " DOC_COLUMNS : COLUMNS ", " DOC_COLUMNS);
    dyad_buf_puts(b, f->counts ? ", " COUNT_COLUMNS : ", 0, 0, 0");
    if (f->one_a_day)
        dyad_buf_puts(b, ", row_number() OVER (PARTITION BY event_date, source_code, target_code, cameo_code"
                         " ORDER BY event_id) AS dup_rank_");
    dyad_buf_puts(b, " FROM events WHERE 1");
    bool ok = true;
    if (f->source && *f->source) ok = ok && S_prefix(q, a, "source_code", f->source, "source_iso3");
    if (f->target && *f->target) ok = ok && S_prefix(q, a, "target_code", f->target, "target_iso3");
    if (f->code && *f->code) ok = ok && S_prefix(q, a, "cameo_code", f->code, NULL);
    if (f->root && *f->root) {
        char r[8];
        bool pad = strlen(f->root) == 1 && isdigit((unsigned char)f->root[0]);
        snprintf(r, sizeof r, "%s%s", pad ? "0" : "", pad ? f->root : "");
        dyad_buf_puts(b, " AND root_code = ?");
        ok = ok && (pad ? S_param(q, a, r, 2) : S_param(q, a, f->root, strlen(f->root)));
    }
    if (f->quad) { dyad_buf_puts(b, " AND quad_class = ?"); S_param_int(q, f->quad); }
    if (f->from) { dyad_buf_puts(b, " AND event_date >= ?"); ok = ok && S_param(q, a, f->from, strlen(f->from)); }
    if (f->to) {
        /* inclusive, also for a partial date: "2025-03" covers every day of March */
        char to[16];
        snprintf(to, sizeof to, "%s~", f->to);
        dyad_buf_puts(b, " AND event_date <= ?");
        ok = ok && S_param(q, a, to, strlen(to));
    }
    if (f->text) {
        dyad_buf_puts(b, schema >= 3 ? TEXT_MATCH : TEXT_MATCH_V2);
        ok = ok && S_param(q, a, f->text, strlen(f->text));
    }
    if (f->one_a_day) dyad_buf_puts(b, ") WHERE dup_rank_ = 1");
    dyad_buf_puts(b, " ORDER BY event_id LIMIT ?");
    S_param_int(q, f->limit ? (int64_t)f->limit : -1);
    if (!ok || b->failed) { dyad__set_error(err, DYAD_ERR_NOMEM, 0, "building a query"); return false; }
    return true;
}

static void S_free_sql(query_sql *q, const dyad_alloc *a)
{
    for (int i = 0; i < q->n; i++) dyad__free(a, q->text[i]);
    dyad_buf_free(&q->sql);
}

/* MARK: running it */

static const char *S_col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : "";
}

// Reads the current row into ev.
static void S_row(sqlite3_stmt *st, dyad_stored_event *ev)
{
    ev->event_id = sqlite3_column_int64(st, 0);
    ev->event_date = S_col(st, 1);
    ev->source_name = S_col(st, 2);
    ev->source_sectors = S_col(st, 3);
    ev->source_country = S_col(st, 4);
    ev->event_text = S_col(st, 5);
    ev->cameo_code = S_col(st, 6);
    ev->intensity = sqlite3_column_double(st, 7);
    ev->target_name = S_col(st, 8);
    ev->target_sectors = S_col(st, 9);
    ev->target_country = S_col(st, 10);
    ev->story_id = sqlite3_column_int64(st, 11);
    ev->sentence_number = sqlite3_column_int64(st, 12);
    ev->publisher = S_col(st, 13);
    ev->city = S_col(st, 14);
    ev->district = S_col(st, 15);
    ev->province = S_col(st, 16);
    ev->country = S_col(st, 17);
    ev->has_coords = sqlite3_column_type(st, 18) != SQLITE_NULL && sqlite3_column_type(st, 19) != SQLITE_NULL;
    ev->latitude = sqlite3_column_double(st, 18);
    ev->longitude = sqlite3_column_double(st, 19);
    ev->source_code = S_col(st, 20);
    ev->target_code = S_col(st, 21);
    ev->source_iso3 = S_col(st, 22);
    ev->target_iso3 = S_col(st, 23);
    ev->root_code = S_col(st, 24);
    ev->quad_class = sqlite3_column_int(st, 25);
    ev->goldstein = sqlite3_column_double(st, 26);
    ev->plover = S_col(st, 27);
    ev->source_text = S_col(st, 28);
    ev->target_text = S_col(st, 29);
    ev->sentence_text = S_col(st, 30);
    ev->pattern = S_col(st, 31);
    ev->doc_id = S_col(st, 32);
    ev->date_precision = sqlite3_column_int(st, 33);
    ev->doc_date = S_col(st, 34);
    ev->url = S_col(st, 35);
    ev->mentions = (unsigned)sqlite3_column_int(st, 36);
    ev->sources = (unsigned)sqlite3_column_int(st, 37);
    ev->documents = (unsigned)sqlite3_column_int(st, 38);
}

int64_t dyad_store_query(dyad_store *s, const dyad_query *f, dyad_stored_event_fn fn, void *ctx, dyad_error *err)
{
    if (!s || !fn) { dyad__set_error(err, DYAD_ERR_ARG, 0, "dyad_store_query: NULL %s", s ? "callback" : "store"); return -1; }
    query_sql q;
    memset(&q, 0, sizeof q);
    dyad_buf_init(&q.sql, &s->alloc);
    sqlite3_stmt *st = NULL;
    int64_t rows = -1;
    if (!S_build(&q, &s->alloc, s->schema, f, err)) goto done;
    if (sqlite3_prepare_v2(s->db, q.sql.data, (int)q.sql.len, &st, NULL) != SQLITE_OK) {
        store_error(s, err, 0, "preparing the query");
        goto done;
    }
    for (int i = 0; i < q.n; i++) {
        if (q.text[i]) sqlite3_bind_text(st, i + 1, q.text[i], -1, SQLITE_STATIC);
        else sqlite3_bind_int64(st, i + 1, q.num[i]);
    }
    rows = 0;
    int rc;
    dyad_stored_event ev;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        S_row(st, &ev);
        rows++;
        if (fn(ctx, &ev) != 0) { rc = SQLITE_DONE; break; }
    }
    if (rc != SQLITE_DONE) {
        /* errors found while stepping come from the FTS5 query (syntax, unknown column) or the file */
        const char *msg = sqlite3_errmsg(s->db);
        bool user = f && f->text && (strstr(msg, "fts5") || strstr(msg, "no such column") || strstr(msg, "syntax"));
        if (user) dyad__set_error(err, DYAD_ERR_ARG, 0, "bad --text query '%s': %s", f->text, msg);
        else store_error(s, err, 0, "reading events");
        rows = -1;
    }
done:
    sqlite3_finalize(st);
    S_free_sql(&q, &s->alloc);
    return rows;
}

/* MARK: writers */

typedef struct writer {
    int format;          /* W_ROW, W_COLUMNS, W_TABLE */
    int row_format;      /* W_ROW: the dyad_format */
    const dyad_dict *dict;
    dyad_write_fn fn;
    void *ctx;
    dyad_buf b;
    bool failed;
    /* table: the first rows are held to size the columns */
    char **held;         /* formatted fields, TABLE_COLS per row */
    size_t nheld;
    int width[8];
    bool sized;
} writer;

enum { W_ROW, W_COLUMNS, W_TABLE };
enum { TABLE_COLS = 8, TABLE_HOLD = 500, TEXT_WIDTH = 72, DOC_WIDTH = 32 };

static const char *const S_table_head[TABLE_COLS] = {"event_id", "date", "source", "target", "code", "goldstein",
                                                     "doc", "sentence"};

// Passes the buffer to the output when it is large (or when forced).
static void S_flush(writer *w, bool force)
{
    if (w->failed || (!force && w->b.len < (1u << 16))) return;
    if (w->b.failed || (w->b.len && w->fn(w->ctx, w->b.data, w->b.len) != 0)) w->failed = true;
    dyad_buf_clear(&w->b);
}

// Appends a CSV field (RFC 4180: quoted when it holds a comma, quote or line break).
static void S_csv_field(dyad_buf *b, const char *s, bool last)
{
    if (strpbrk(s, ",\"\r\n")) {
        dyad_buf_putc(b, '"');
        for (; *s; s++) {
            if (*s == '"') dyad_buf_putc(b, '"');
            dyad_buf_putc(b, *s);
        }
        dyad_buf_putc(b, '"');
    } else dyad_buf_puts(b, s);
    dyad_buf_puts(b, last ? "\n" : ",");
}

static void S_csv(dyad_buf *b, const dyad_stored_event *e)
{
    char num[9][40];
    snprintf(num[0], sizeof num[0], "%lld", (long long)e->event_id);
    snprintf(num[1], sizeof num[1], "%.1f", e->intensity);
    snprintf(num[2], sizeof num[2], "%lld", (long long)e->story_id);
    snprintf(num[3], sizeof num[3], "%lld", (long long)e->sentence_number);
    num[4][0] = num[5][0] = '\0';
    if (e->has_coords) {
        snprintf(num[4], sizeof num[4], "%.5f", e->latitude);
        snprintf(num[5], sizeof num[5], "%.5f", e->longitude);
    }
    snprintf(num[6], sizeof num[6], "%d", e->quad_class);
    snprintf(num[7], sizeof num[7], "%.1f", e->goldstein);
    static const char *const prec[] = {"", "year", "month", "day"};
    snprintf(num[8], sizeof num[8], "%s", prec[e->date_precision >= 0 && e->date_precision <= 3 ? e->date_precision : 0]);
    const char *f[] = {num[0], e->event_date, e->source_name, e->source_sectors, e->source_country, e->event_text,
                       e->cameo_code, num[1], e->target_name, e->target_sectors, e->target_country, num[2], num[3],
                       e->publisher, e->city, e->district, e->province, e->country, num[4], num[5], e->source_code,
                       e->target_code, e->source_iso3, e->target_iso3, e->root_code, num[6], num[7], e->plover,
                       e->source_text, e->target_text, e->sentence_text, e->pattern, e->doc_id, num[8]};
    size_t n = sizeof f / sizeof *f;
    for (size_t i = 0; i < n; i++) S_csv_field(b, f[i], i + 1 == n);
}

// Number of code points in s (UTF-8).
static int S_width(const char *s)
{
    int w = 0;
    for (; *s; s++) w += ((unsigned char)*s & 0xc0) != 0x80;
    return w;
}

// Appends s padded with spaces to width code points.
static void S_pad(dyad_buf *b, const char *s, int width)
{
    dyad_buf_puts(b, s);
    for (int i = S_width(s); i < width; i++) dyad_buf_putc(b, ' ');
}

// Copies the table fields of an event (doc id and sentence cut to DOC_WIDTH and TEXT_WIDTH code points,
// whitespace flattened).
static bool S_table_fields(const dyad_stored_event *e, char **out)
{
    char num[2][40];
    snprintf(num[0], sizeof num[0], "%lld", (long long)e->event_id);
    snprintf(num[1], sizeof num[1], "%.1f", e->goldstein);
    const char *f[TABLE_COLS] = {num[0], e->event_date, *e->source_code ? e->source_code : "-",
                                 *e->target_code ? e->target_code : "-", e->cameo_code, num[1], e->doc_id,
                                 e->sentence_text};
    for (int i = 0; i < TABLE_COLS; i++) {
        size_t n = strlen(f[i]);
        out[i] = malloc(n + 4);
        if (!out[i]) { while (i-- > 0) free(out[i]); return false; }
        int cps = 0;
        size_t j = 0, k = 0;
        for (; j < n; j++) {
            unsigned char c = (unsigned char)f[i][j];
            if ((c & 0xc0) != 0x80 && i >= TABLE_COLS - 2 && ++cps > (i == TABLE_COLS - 1 ? TEXT_WIDTH : DOC_WIDTH) - 1)
                break;
            out[i][k++] = c == '\n' || c == '\r' || c == '\t' ? ' ' : (char)c;
        }
        if (j < n) { memcpy(out[i] + k, "\xe2\x80\xa6", 3); k += 3; } /* … */
        out[i][k] = '\0';
    }
    return true;
}

// Writes one table row (fields freed).
static void S_table_row(writer *w, char **f)
{
    for (int i = 0; i < TABLE_COLS; i++) {
        bool right = i == 0 || i == 5;
        if (right) for (int k = S_width(f[i]); k < w->width[i]; k++) dyad_buf_putc(&w->b, ' ');
        if (i == TABLE_COLS - 1 || right) dyad_buf_puts(&w->b, f[i]);
        else S_pad(&w->b, f[i], w->width[i]);
        dyad_buf_puts(&w->b, i == TABLE_COLS - 1 ? "\n" : "  ");
        free(f[i]);
    }
}

// Sizes the columns from the held rows and writes the header and them.
static void S_table_release(writer *w)
{
    for (int i = 0; i < TABLE_COLS; i++) w->width[i] = S_width(S_table_head[i]);
    for (size_t r = 0; r < w->nheld; r++)
        for (int i = 0; i < TABLE_COLS; i++) {
            int x = S_width(w->held[r * TABLE_COLS + i]);
            if (x > w->width[i]) w->width[i] = x;
        }
    char *head[TABLE_COLS];
    for (int i = 0; i < TABLE_COLS; i++) head[i] = strdup(S_table_head[i]);
    for (int i = 0; i < TABLE_COLS; i++)
        if (!head[i]) { w->failed = true; head[i] = NULL; }
    if (!w->failed) S_table_row(w, head);
    else for (int i = 0; i < TABLE_COLS; i++) free(head[i]);
    for (size_t r = 0; r < w->nheld; r++) S_table_row(w, w->held + r * TABLE_COLS);
    free(w->held);
    w->held = NULL;
    w->nheld = 0;
    w->sized = true;
}

// Writes a stored event through the format writers (formats.c).
static bool S_format_row(writer *w, const dyad_stored_event *e)
{
    dyad_row r = {.event_id = (uint64_t)e->event_id, .doc = e->doc_id, .date = e->event_date,
                  .doc_date = e->doc_date, .source = e->source_code, .target = e->target_code,
                  .source_text = e->source_text, .target_text = e->target_text, .code = e->cameo_code,
                  .plover = e->plover, .text = e->sentence_text, .pattern = e->pattern, .url = e->url,
                  .publisher = e->publisher, .place_name = e->city, .place_country = e->country,
                  .sentence = (uint32_t)e->sentence_number, .quad = e->quad_class, .goldstein = e->goldstein,
                  .lat = e->latitude, .lon = e->longitude, .has_place = e->has_coords || *e->city,
                  .date_precision = e->date_precision,
                  .lead = e->sentence_number == 0, /* the store keeps no paragraphs: the first sentence */
                  .mentions = e->mentions, .sources = e->sources, .documents = e->documents};
    return dyad__format_row(&w->b, w->dict, w->row_format, &r);
}

static int S_write_event(void *ctx, const dyad_stored_event *e)
{
    writer *w = ctx;
    if (w->format == W_ROW) { if (!S_format_row(w, e)) { w->failed = true; return 1; } }
    else if (w->format == W_COLUMNS) S_csv(&w->b, e);
    else if (w->sized) {
        char *f[TABLE_COLS];
        if (!S_table_fields(e, f)) { w->failed = true; return 1; }
        S_table_row(w, f);
    } else {
        if (!w->held && !(w->held = malloc(TABLE_HOLD * TABLE_COLS * sizeof *w->held))) { w->failed = true; return 1; }
        if (!S_table_fields(e, w->held + w->nheld * TABLE_COLS)) { w->failed = true; return 1; }
        if (++w->nheld == TABLE_HOLD) S_table_release(w);
    }
    S_flush(w, false);
    return w->failed ? 1 : 0;
}

int64_t dyad_store_write(dyad_store *s, const dyad_dict *dict, const dyad_query *q, const char *format,
                         dyad_write_fn fn, void *ctx, dyad_error *err)
{
    writer w;
    memset(&w, 0, sizeof w);
    dyad_query qc = {0};
    if (q) qc = *q;
    if (!format || !strcmp(format, "table")) w.format = W_TABLE;
    else if (!strcmp(format, "columns")) w.format = W_COLUMNS;
    else if ((w.row_format = dyad_format_from_name(format)) >= 0) w.format = W_ROW;
    else { dyad__set_error(err, DYAD_ERR_ARG, 0, "unknown output format '%s'", format); return -1; }
    if (!s || !fn) { dyad__set_error(err, DYAD_ERR_ARG, 0, "dyad_store_write: NULL argument"); return -1; }
    if (w.format == W_ROW && (w.row_format == DYAD_FORMAT_GDELT1 || w.row_format == DYAD_FORMAT_GDELT2))
        qc.counts = true; /* NumMentions, NumSources, NumArticles */
    w.fn = fn;
    w.ctx = ctx;
    w.dict = dict;
    dyad_buf_init(&w.b, &s->alloc);
    if (w.format == W_COLUMNS) {
        const char *cols = COLUMNS;
        for (const char *p = cols; *p; p++) if (*p != ' ') dyad_buf_putc(&w.b, *p);
        dyad_buf_putc(&w.b, '\n');
    }
    if (w.format == W_ROW && dyad_format_write_header(w.row_format, fn, ctx) != 0) {
        dyad_buf_free(&w.b);
        return -2;
    }
    int64_t rows = dyad_store_query(s, &qc, S_write_event, &w, err);
    if (w.format == W_TABLE && !w.sized && !w.failed && rows >= 0) S_table_release(&w);
    if (w.held) {
        for (size_t i = 0; i < w.nheld * TABLE_COLS; i++) free(w.held[i]);
        free(w.held);
    }
    S_flush(&w, true);
    dyad_buf_free(&w.b);
    if (w.failed) return -2;
    return rows;
}
