/*
 * series.c — time series of a dyad and the top dyads of a period, read from
 * the SQLite event store (docs/store.md), written as tables or drawn with
 * cairo (docs/series.md).
 *
 * The store is opened read-only; every value reaches SQL as a bound
 * parameter.  Actors match by code prefix (KOR matches KORGOV) or by ISO3
 * (source_iso3/target_iso3), compared with substr(), never LIKE, so '%' and
 * '_' in an actor are plain characters.  Counting happens in SQL per
 * (date, quad class); bucketing into days, ISO weeks, months and years is
 * done here, so that empty periods exist as zeros on a continuous axis.
 */
#include "internal.h"

#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <ctype.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_PERIODS 200000
#define MAX_TOP 100

/* MARK: dates and periods */

// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
static int64_t S_days(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void S_civil(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

// Parses a valid YYYY-MM-DD into days; false when invalid.
static bool S_parse_date(const char *s, int64_t *days)
{
    if (!s || !dyad__valid_date(s, strlen(s))) return false;
    int y = atoi(s), m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    *days = S_days(y, m, d);
    return true;
}

// Writes v as n decimal digits (zero-padded) at o.
static void S_digits(char *o, int v, int n)
{
    unsigned u = (unsigned)(v < 0 ? -v : v);
    for (int i = n - 1; i >= 0; i--, u /= 10) o[i] = (char)('0' + u % 10);
}

static void S_format_date(int64_t days, char out[11])
{
    int y, m, d;
    S_civil(days, &y, &m, &d);
    S_digits(out, y, 4);
    out[4] = '-';
    S_digits(out + 5, m, 2);
    out[7] = '-';
    S_digits(out + 8, d, 2);
    out[10] = '\0';
}

// Monday = 0 ... Sunday = 6 (1970-01-01 was a Thursday).
static int S_weekday(int64_t days)
{
    int64_t w = (days + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

// First day of the period containing days.
static int64_t S_period_start(int64_t days, int by)
{
    int y, m, d;
    switch (by) {
    case DYAD_BY_WEEK: return days - S_weekday(days);
    case DYAD_BY_MONTH: S_civil(days, &y, &m, &d); return S_days(y, m, 1);
    case DYAD_BY_YEAR: S_civil(days, &y, &m, &d); return S_days(y, 1, 1);
    default: return days;
    }
}

// First day of the period after the one starting at start.
static int64_t S_period_next(int64_t start, int by)
{
    int y, m, d;
    switch (by) {
    case DYAD_BY_WEEK: return start + 7;
    case DYAD_BY_MONTH: S_civil(start, &y, &m, &d); return m == 12 ? S_days(y + 1, 1, 1) : S_days(y, m + 1, 1);
    case DYAD_BY_YEAR: S_civil(start, &y, &m, &d); return S_days(y + 1, 1, 1);
    default: return start + 1;
    }
}

// Index of the period containing days, counted from the period starting at first.
static int64_t S_period_index(int64_t first, int64_t days, int by)
{
    int y0, m0, d0, y, m, d;
    switch (by) {
    case DYAD_BY_WEEK: return (S_period_start(days, by) - first) / 7;
    case DYAD_BY_MONTH:
        S_civil(first, &y0, &m0, &d0);
        S_civil(days, &y, &m, &d);
        return (int64_t)(y - y0) * 12 + (m - m0);
    case DYAD_BY_YEAR:
        S_civil(first, &y0, &m0, &d0);
        S_civil(days, &y, &m, &d);
        return y - y0;
    default: return days - first;
    }
}

static void S_period_label(int64_t start, int by, char label[12])
{
    S_format_date(start, label); // YYYY-MM-DD
    if (by == DYAD_BY_WEEK) {
        // ISO 8601: the week belongs to the year of its Thursday.
        int ty, tm, td;
        S_civil(start + 3, &ty, &tm, &td);
        int64_t week = (start + 3 - S_days(ty, 1, 1)) / 7 + 1;
        S_digits(label, ty, 4);
        memcpy(label + 4, "-W", 2);
        S_digits(label + 6, (int)week, 2);
        label[8] = '\0';
    } else if (by == DYAD_BY_MONTH) label[7] = '\0';
    else if (by == DYAD_BY_YEAR) label[4] = '\0';
}

bool dyad_period_of(const char *date, int by, char label[12], char start[11], char end[11])
{
    int64_t days;
    if (by < DYAD_BY_DAY || by > DYAD_BY_YEAR || !S_parse_date(date, &days)) return false;
    int64_t s = S_period_start(days, by);
    if (label) S_period_label(s, by, label);
    if (start) S_format_date(s, start);
    if (end) S_format_date(S_period_next(s, by) - 1, end);
    return true;
}

static const char *const S_by_name[] = {"day", "week", "month", "year"};

/* MARK: counts */

int64_t dyad_net_cooperation(const dyad_quad_counts *c)
{
    if (!c) return 0;
    return (int64_t)(c->quad[0] + c->quad[1]) - (int64_t)(c->quad[2] + c->quad[3]);
}

double dyad_goldstein_mean(const dyad_quad_counts *c)
{
    if (!c || !c->scored) return NAN;
    return c->goldstein_sum / (double)c->scored;
}

static void S_add(dyad_quad_counts *c, int quad, uint64_t n, uint64_t scored, double gsum)
{
    c->events += n;
    if (quad >= 1 && quad <= 4) c->quad[quad - 1] += n;
    c->scored += scored;
    c->goldstein_sum += gsum;
}

static void S_add_counts(dyad_quad_counts *to, const dyad_quad_counts *from)
{
    to->events += from->events;
    for (int q = 0; q < 4; q++) to->quad[q] += from->quad[q];
    to->scored += from->scored;
    to->goldstein_sum += from->goldstein_sum;
}

/* MARK: the store */

// Opens the store read-only and checks that it has an events table of a known schema.
static sqlite3 *S_open(const char *path, dyad_error *err)
{
    if (!path || !*path) {
        dyad__set_error(err, DYAD_ERR_ARG, 0, "no store given (--db PATH)");
        return NULL;
    }
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
    if (rc != SQLITE_OK) {
        dyad__set_error(err, rc == SQLITE_NOMEM ? DYAD_ERR_NOMEM : DYAD_ERR_IO, 0, "%s: cannot open: %s", path,
                        db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, 10000);
    sqlite3_stmt *st = NULL;
    rc = sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE type IN ('table','view') AND name = 'events'",
                            -1, &st, NULL);
    bool has_events = rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
    if (rc != SQLITE_OK) {
        dyad__set_error(err, DYAD_ERR_IO, 0, "%s: cannot read: %s", path, sqlite3_errmsg(db));
        sqlite3_finalize(st);
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_finalize(st);
    if (!has_events) {
        dyad__set_error(err, DYAD_ERR_IO, 0, "%s: not a dyad store (no events table)", path);
        sqlite3_close(db);
        return NULL;
    }
    // A meta table, when there is one, must say schema version 1, 2 or 3 (series reads only the
    // columns all have; an older store opened read-only is not upgraded).
    st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        if (v && strcmp(v, "1") != 0 && strcmp(v, "2") != 0 && strcmp(v, "3") != 0) {
            dyad__set_error(err, DYAD_ERR_IO, 0, "%s: store schema version %s is not supported (want 1 to 3)", path, v);
            sqlite3_finalize(st);
            sqlite3_close(db);
            return NULL;
        }
    }
    sqlite3_finalize(st);
    return db;
}

static bool S_sql_fail(sqlite3 *db, const char *path, dyad_error *err)
{
    int rc = sqlite3_errcode(db);
    dyad__set_error(err, rc == SQLITE_NOMEM ? DYAD_ERR_NOMEM : DYAD_ERR_IO, 0, "%s: %s", path, sqlite3_errmsg(db));
    return false;
}

// Copies an actor argument upper-cased; false when empty or too long.
static bool S_actor_arg(const char *in, char out[32], dyad_error *err)
{
    size_t n = in ? strlen(in) : 0;
    if (n == 0 || n >= 32) {
        dyad__set_error(err, DYAD_ERR_ARG, 0, "actor '%s' must have 1 to 31 characters", in ? in : "");
        return false;
    }
    for (size_t i = 0; i <= n; i++) out[i] = (char)toupper((unsigned char)in[i]);
    return true;
}

static bool S_bounds(const char *from, const char *to, int64_t *f, int64_t *t, dyad_error *err)
{
    if (from && *from && !S_parse_date(from, f)) {
        dyad__set_error(err, DYAD_ERR_DATE, 0, "--from '%s' is not a valid YYYY-MM-DD date", from);
        return false;
    }
    if (to && *to && !S_parse_date(to, t)) {
        dyad__set_error(err, DYAD_ERR_DATE, 0, "--to '%s' is not a valid YYYY-MM-DD date", to);
        return false;
    }
    if (from && *from && to && *to && *f > *t) {
        dyad__set_error(err, DYAD_ERR_DATE, 0, "--from %s is after --to %s", from, to);
        return false;
    }
    return true;
}

/* MARK: series */

// One row per (date, quad class, direction): events, scored events, Goldstein sum.
static const char S_series_sql[] =
    "WITH m AS ("
    " SELECT event_date AS d, quad_class AS q, goldstein AS g,"
    "  ((substr(source_code, 1, length(?1)) = ?1 OR source_iso3 = ?1)"
    "   AND (substr(target_code, 1, length(?2)) = ?2 OR target_iso3 = ?2)) AS ab,"
    "  (?3 AND (substr(source_code, 1, length(?2)) = ?2 OR source_iso3 = ?2)"
    "   AND (substr(target_code, 1, length(?1)) = ?1 OR target_iso3 = ?1)) AS ba"
    " FROM events WHERE event_date BETWEEN ?4 AND ?5 OR date(event_date) IS NOT event_date)"
    " SELECT d, q, coalesce(ab, 0), coalesce(ba, 0), count(*), count(g), total(g)"
    " FROM m WHERE ab OR ba GROUP BY d, q, 3, 4 ORDER BY d";

typedef struct srow {
    int64_t day;
    int quad;
    bool ab, ba;
    uint64_t n, scored;
    double gsum;
} srow;

dyad_series *dyad_series_compute(const char *db_path, const dyad_series_spec *spec, dyad_error *err)
{
    if (!spec || spec->by < DYAD_BY_DAY || spec->by > DYAD_BY_YEAR) {
        dyad__set_error(err, DYAD_ERR_ARG, 0, "invalid series specification");
        return NULL;
    }
    dyad_series *s = calloc(1, sizeof *s);
    if (!s) { dyad__set_error(err, DYAD_ERR_NOMEM, 0, "series"); return NULL; }
    s->by = spec->by;
    s->both = spec->both;
    int64_t from = 0, to = 0;
    bool has_from = spec->from && *spec->from, has_to = spec->to && *spec->to;
    if (!S_actor_arg(spec->a, s->a, err) || !S_actor_arg(spec->b, s->b, err) ||
        !S_bounds(spec->from, spec->to, &from, &to, err)) {
        free(s);
        return NULL;
    }
    sqlite3 *db = S_open(db_path, err);
    if (!db) { free(s); return NULL; }

    srow *rows = NULL;
    size_t nrows = 0, caprows = 0;
    bool ok = true;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, S_series_sql, -1, &st, NULL) != SQLITE_OK) ok = S_sql_fail(db, db_path, err);
    if (ok) {
        sqlite3_bind_text(st, 1, s->a, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, s->b, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, s->both ? 1 : 0);
        sqlite3_bind_text(st, 4, has_from ? spec->from : "0000-00-00", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, has_to ? spec->to : "9999-99-99", -1, SQLITE_STATIC);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            int64_t day;
            const char *d = (const char *)sqlite3_column_text(st, 0);
            if (!S_parse_date(d, &day)) { // no valid YYYY-MM-DD: not on the axis
                s->undated += (uint64_t)sqlite3_column_int64(st, 4);
                continue;
            }
            if (nrows == caprows) {
                size_t nc = caprows ? caprows * 2 : 256;
                srow *nr = realloc(rows, nc * sizeof *nr);
                if (!nr) { dyad__set_error(err, DYAD_ERR_NOMEM, 0, "series rows"); ok = false; break; }
                rows = nr;
                caprows = nc;
            }
            srow *r = &rows[nrows++];
            r->day = day;
            r->quad = sqlite3_column_type(st, 1) == SQLITE_NULL ? 0 : sqlite3_column_int(st, 1);
            r->ab = sqlite3_column_int(st, 2) != 0;
            r->ba = sqlite3_column_int(st, 3) != 0;
            r->n = (uint64_t)sqlite3_column_int64(st, 4);
            r->scored = (uint64_t)sqlite3_column_int64(st, 5);
            r->gsum = sqlite3_column_double(st, 6);
        }
        if (ok && rc != SQLITE_DONE) ok = S_sql_fail(db, db_path, err);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);

    if (ok && nrows) {
        int64_t lo = rows[0].day, hi = rows[0].day;
        for (size_t i = 1; i < nrows; i++) {
            if (rows[i].day < lo) lo = rows[i].day;
            if (rows[i].day > hi) hi = rows[i].day;
        }
        S_format_date(lo, s->first);
        S_format_date(hi, s->last);
        if (!has_from) from = lo;
        if (!has_to) to = hi;
    }
    if (ok && (nrows || (has_from && has_to))) {
        if (!nrows && !has_from) from = to;
        if (!nrows && !has_to) to = from;
        int64_t first = S_period_start(from, s->by);
        int64_t count = S_period_index(first, to, s->by) + 1;
        if (count > MAX_PERIODS) {
            dyad__set_error(err, DYAD_ERR_ARG, 0, "%lld periods of a %s are too many; choose a longer --by or a shorter span",
                            (long long)count, S_by_name[s->by]);
            ok = false;
        } else {
            s->periods = calloc((size_t)count, sizeof *s->periods);
            if (!s->periods) { dyad__set_error(err, DYAD_ERR_NOMEM, 0, "series periods"); ok = false; }
        }
        if (ok) {
            s->n = (size_t)count;
            int64_t p = first;
            for (size_t i = 0; i < s->n; i++) {
                int64_t next = S_period_next(p, s->by);
                S_period_label(p, s->by, s->periods[i].label);
                S_format_date(p, s->periods[i].start);
                S_format_date(next - 1, s->periods[i].end);
                p = next;
            }
            for (size_t i = 0; i < nrows; i++) {
                const srow *r = &rows[i];
                int64_t k = S_period_index(first, r->day, s->by);
                if (k < 0 || k >= count) continue;
                dyad_series_period *pp = &s->periods[k];
                S_add(&pp->total, r->quad, r->n, r->scored, r->gsum);
                if (r->ab) S_add(&pp->ab, r->quad, r->n, r->scored, r->gsum);
                if (r->ba) S_add(&pp->ba, r->quad, r->n, r->scored, r->gsum);
            }
            for (size_t i = 0; i < s->n; i++) {
                S_add_counts(&s->total, &s->periods[i].total);
                S_add_counts(&s->ab, &s->periods[i].ab);
                S_add_counts(&s->ba, &s->periods[i].ba);
            }
        }
    }
    free(rows);
    if (!ok) { dyad_series_free(s); return NULL; }
    return s;
}

void dyad_series_free(dyad_series *s)
{
    if (!s) return;
    free(s->periods);
    free(s);
}

/* MARK: writing tables */

typedef struct writer {
    dyad_buf b;
    dyad_write_fn out;
    void *ctx;
    bool failed;
} writer;

static void S_flush(writer *w, bool force)
{
    if (w->failed || (!force && w->b.len < 65536)) return;
    if (w->b.failed || (w->b.len && w->out && w->out(w->ctx, w->b.data, w->b.len) != 0)) w->failed = true;
    dyad_buf_clear(&w->b);
}

static bool S_finish(writer *w, dyad_error *err)
{
    S_flush(w, true);
    bool nomem = w->b.failed;
    dyad_buf_free(&w->b);
    if (w->failed) {
        dyad__set_error(err, nomem ? DYAD_ERR_NOMEM : DYAD_ERR_IO, 0, "cannot write the table");
        return false;
    }
    return true;
}

// A number with up to 10 significant digits ("4.4", not "4.3999999999").
static void S_put_num(dyad_buf *b, double v)
{
    if (v == 0) v = 0; // no "-0"
    dyad_buf_printf(b, "%.10g", v);
}

static void S_put_mean(dyad_buf *b, const dyad_quad_counts *c, const char *none)
{
    double m = dyad_goldstein_mean(c);
    if (isnan(m)) dyad_buf_puts(b, none);
    else dyad_buf_printf(b, "%.6g", fabs(m) < 5e-7 ? 0.0 : m);
}

static const char *const S_count_cols[] = {"events", "verbal_coop", "material_coop", "verbal_conflict",
                                           "material_conflict", "net_coop", "goldstein_sum", "goldstein_mean"};

static void S_csv_counts(dyad_buf *b, const dyad_quad_counts *c)
{
    dyad_buf_printf(b, ",%llu", (unsigned long long)c->events);
    for (int q = 0; q < 4; q++) dyad_buf_printf(b, ",%llu", (unsigned long long)c->quad[q]);
    dyad_buf_printf(b, ",%lld,", (long long)dyad_net_cooperation(c));
    S_put_num(b, c->goldstein_sum);
    dyad_buf_putc(b, ',');
    S_put_mean(b, c, "");
}

static void S_json_counts(dyad_buf *b, const dyad_quad_counts *c)
{
    dyad_buf_printf(b, "\"events\":%llu", (unsigned long long)c->events);
    for (int q = 0; q < 4; q++) dyad_buf_printf(b, ",\"%s\":%llu", S_count_cols[q + 1], (unsigned long long)c->quad[q]);
    dyad_buf_printf(b, ",\"net_coop\":%lld,\"goldstein_sum\":", (long long)dyad_net_cooperation(c));
    S_put_num(b, c->goldstein_sum);
    dyad_buf_puts(b, ",\"goldstein_mean\":");
    S_put_mean(b, c, "null");
}

static void S_text_counts(dyad_buf *b, const dyad_quad_counts *c)
{
    dyad_buf_printf(b, " %7llu", (unsigned long long)c->events);
    for (int q = 0; q < 4; q++) dyad_buf_printf(b, " %6llu", (unsigned long long)c->quad[q]);
    double m = dyad_goldstein_mean(c);
    dyad_buf_printf(b, " %6lld %8.1f", (long long)dyad_net_cooperation(c), c->goldstein_sum + 0.0);
    if (isnan(m)) dyad_buf_printf(b, " %7s", "-");
    else dyad_buf_printf(b, " %7.2f", fabs(m) < 0.005 ? 0.0 : m);
}

static void S_text_dir(dyad_buf *b, const dyad_quad_counts *c)
{
    double m = dyad_goldstein_mean(c);
    dyad_buf_printf(b, " | %7llu %6lld", (unsigned long long)c->events, (long long)dyad_net_cooperation(c));
    if (isnan(m)) dyad_buf_printf(b, " %7s", "-");
    else dyad_buf_printf(b, " %7.2f", fabs(m) < 0.005 ? 0.0 : m);
}

bool dyad_series_write(const dyad_series *s, int format, dyad_write_fn out, void *ctx, dyad_error *err)
{
    if (!s || format < DYAD_TABLE_TEXT || format > DYAD_TABLE_JSONL) {
        dyad__set_error(err, DYAD_ERR_ARG, 0, "invalid series or format");
        return false;
    }
    writer w = {.out = out, .ctx = ctx};
    dyad_buf_init(&w.b, NULL);
    dyad_buf *b = &w.b;
    if (format == DYAD_TABLE_CSV) {
        dyad_buf_puts(b, "period,start,end");
        for (int k = 0; k < (s->both ? 3 : 1); k++)
            for (int c = 0; c < 8; c++)
                dyad_buf_printf(b, ",%s%s", k == 1 ? "ab_" : k == 2 ? "ba_" : "", S_count_cols[c]);
        dyad_buf_putc(b, '\n');
    } else if (format == DYAD_TABLE_TEXT) {
        char ab[80], ba[80];
        snprintf(ab, sizeof ab, "%s->%s", s->a, s->b);
        snprintf(ba, sizeof ba, "%s->%s", s->b, s->a);
        if (s->both)
            dyad_buf_printf(b, "%-10s %-59s | %-23.23s | %.23s\n", "", "both directions", ab, ba);
        dyad_buf_printf(b, "%-10s %7s %6s %6s %6s %6s %6s %8s %7s", "period", "events", "vcoop", "mcoop", "vconfl",
                        "mconfl", "net", "gs_sum", "gs_mean");
        if (s->both)
            for (int k = 0; k < 2; k++) dyad_buf_printf(b, " | %7s %6s %7s", "events", "net", "gs_mean");
        dyad_buf_putc(b, '\n');
    }
    for (size_t i = 0; i < s->n; i++) {
        const dyad_series_period *p = &s->periods[i];
        if (format == DYAD_TABLE_CSV) {
            dyad_buf_printf(b, "%s,%s,%s", p->label, p->start, p->end);
            S_csv_counts(b, &p->total);
            if (s->both) { S_csv_counts(b, &p->ab); S_csv_counts(b, &p->ba); }
        } else if (format == DYAD_TABLE_JSONL) {
            dyad_buf_printf(b, "{\"period\":\"%s\",\"start\":\"%s\",\"end\":\"%s\",", p->label, p->start, p->end);
            S_json_counts(b, &p->total);
            if (s->both) {
                dyad_buf_puts(b, ",\"a_to_b\":{");
                S_json_counts(b, &p->ab);
                dyad_buf_puts(b, "},\"b_to_a\":{");
                S_json_counts(b, &p->ba);
                dyad_buf_putc(b, '}');
            }
            dyad_buf_putc(b, '}');
        } else {
            dyad_buf_printf(b, "%-10s", p->label);
            S_text_counts(b, &p->total);
            if (s->both) { S_text_dir(b, &p->ab); S_text_dir(b, &p->ba); }
        }
        dyad_buf_putc(b, '\n');
        S_flush(&w, false);
    }
    if (format == DYAD_TABLE_TEXT) {
        dyad_buf_printf(b, "%-10s", "total");
        S_text_counts(b, &s->total);
        if (s->both) { S_text_dir(b, &s->ab); S_text_dir(b, &s->ba); }
        dyad_buf_putc(b, '\n');
    }
    return S_finish(&w, err);
}

/* MARK: top actors */

// The events of the span, reduced to (actor, actor) at code level or at country level: the ISO3,
// else the code of an international actor (IGOUNO, IMGMOSALQ); a bare sector code of no country
// (GOV, MIL, CVL) names no actor at country level and is left out.
#define TOP_EVENTS_SQL                                                                                         \
    "WITH e AS ("                                                                                              \
    " SELECT CASE WHEN ?3 THEN coalesce(source_code, '') WHEN coalesce(source_iso3, '') <> '' THEN source_iso3"  \
    "   WHEN length(source_code) > 3 THEN source_code ELSE '' END AS s,"                                      \
    "  CASE WHEN ?3 THEN coalesce(target_code, '') WHEN coalesce(target_iso3, '') <> '' THEN target_iso3"       \
    "   WHEN length(target_code) > 3 THEN target_code ELSE '' END AS t,"                                      \
    "  event_date AS d, quad_class AS q, goldstein AS g"                                                       \
    " FROM events WHERE event_date >= ?1 AND event_date <= ?2 AND date(event_date) = event_date),"             \
    " f AS (SELECT * FROM e WHERE s <> '' AND t <> '' AND (?4 OR s <> t)) "

static const char S_top_rank_sql[] =
    TOP_EVENTS_SQL "SELECT a, count(*) AS n FROM (SELECT s AS a FROM f UNION ALL SELECT t FROM f WHERE t <> s)"
                   " GROUP BY a ORDER BY n DESC, a LIMIT ?5";
static const char S_top_total_sql[] = TOP_EVENTS_SQL "SELECT count(*) FROM f";
static const char S_top_cells_sql[] =
    TOP_EVENTS_SQL "SELECT s, t, q, count(*), count(g), total(g), min(d), max(d) FROM f GROUP BY s, t, q";

static void S_top_bind(sqlite3_stmt *st, const dyad_top_spec *spec, const dyad_top *t)
{
    sqlite3_bind_text(st, 1, *t->from ? t->from : "0000-00-00", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, *t->to ? t->to : "9999-99-99", -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, spec->codes ? 1 : 0);
    sqlite3_bind_int(st, 4, spec->self ? 1 : 0);
    if (sqlite3_bind_parameter_count(st) >= 5) sqlite3_bind_int64(st, 5, (sqlite3_int64)spec->n);
}

static int S_actor_index(const dyad_top *t, const char *name)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->actors[i], name) == 0) return (int)i;
    return -1;
}

dyad_top *dyad_top_compute(const char *db_path, const dyad_top_spec *spec, dyad_error *err)
{
    if (!spec || spec->n < 1 || spec->n > MAX_TOP) {
        dyad__set_error(err, DYAD_ERR_ARG, 0, "the number of top actors must be 1 to %d", MAX_TOP);
        return NULL;
    }
    int64_t f = 0, to = 0;
    if (!S_bounds(spec->from, spec->to, &f, &to, err)) return NULL;
    dyad_top *t = calloc(1, sizeof *t);
    if (!t) { dyad__set_error(err, DYAD_ERR_NOMEM, 0, "top"); return NULL; }
    if (spec->from && *spec->from) memcpy(t->from, spec->from, 11);
    if (spec->to && *spec->to) memcpy(t->to, spec->to, 11);
    t->codes = spec->codes;
    t->self = spec->self;
    sqlite3 *db = S_open(db_path, err);
    if (!db) { free(t); return NULL; }
    bool ok = true;
    t->actors = calloc(spec->n, sizeof *t->actors);
    t->involvement = calloc(spec->n, sizeof *t->involvement);
    if (!t->actors || !t->involvement) { dyad__set_error(err, DYAD_ERR_NOMEM, 0, "top"); ok = false; }

    sqlite3_stmt *st = NULL;
    if (ok && sqlite3_prepare_v2(db, S_top_rank_sql, -1, &st, NULL) != SQLITE_OK) ok = S_sql_fail(db, db_path, err);
    if (ok) {
        S_top_bind(st, spec, t);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW && t->n < spec->n) {
            const char *a = (const char *)sqlite3_column_text(st, 0);
            if (!(t->actors[t->n] = strdup(a ? a : ""))) { dyad__set_error(err, DYAD_ERR_NOMEM, 0, "top"); ok = false; break; }
            t->involvement[t->n++] = (uint64_t)sqlite3_column_int64(st, 1);
        }
        if (ok && rc != SQLITE_DONE && rc != SQLITE_ROW) ok = S_sql_fail(db, db_path, err);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (ok && sqlite3_prepare_v2(db, S_top_total_sql, -1, &st, NULL) != SQLITE_OK) ok = S_sql_fail(db, db_path, err);
    if (ok) {
        S_top_bind(st, spec, t);
        if (sqlite3_step(st) == SQLITE_ROW) t->events = (uint64_t)sqlite3_column_int64(st, 0);
        else ok = S_sql_fail(db, db_path, err);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (ok && t->n) {
        t->cells = calloc(t->n * t->n, sizeof *t->cells);
        if (!t->cells) { dyad__set_error(err, DYAD_ERR_NOMEM, 0, "top"); ok = false; }
    }
    if (ok && t->n && sqlite3_prepare_v2(db, S_top_cells_sql, -1, &st, NULL) != SQLITE_OK) ok = S_sql_fail(db, db_path, err);
    if (ok && t->n) {
        S_top_bind(st, spec, t);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            const char *a = (const char *)sqlite3_column_text(st, 0), *b = (const char *)sqlite3_column_text(st, 1);
            int i = a ? S_actor_index(t, a) : -1, j = b ? S_actor_index(t, b) : -1;
            if (i < 0 || j < 0) continue;
            int q = sqlite3_column_type(st, 2) == SQLITE_NULL ? 0 : sqlite3_column_int(st, 2);
            S_add(&t->cells[(size_t)i * t->n + (size_t)j], q, (uint64_t)sqlite3_column_int64(st, 3),
                  (uint64_t)sqlite3_column_int64(st, 4), sqlite3_column_double(st, 5));
            const char *d0 = (const char *)sqlite3_column_text(st, 6), *d1 = (const char *)sqlite3_column_text(st, 7);
            if (d0 && strlen(d0) == 10 && (!*t->first || strcmp(d0, t->first) < 0)) memcpy(t->first, d0, 11);
            if (d1 && strlen(d1) == 10 && strcmp(d1, t->last) > 0) memcpy(t->last, d1, 11);
        }
        if (rc != SQLITE_DONE) ok = S_sql_fail(db, db_path, err);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    if (!ok) { dyad_top_free(t); return NULL; }
    return t;
}

void dyad_top_free(dyad_top *t)
{
    if (!t) return;
    if (t->actors)
        for (size_t i = 0; i < t->n; i++) free(t->actors[i]);
    free(t->actors);
    free(t->involvement);
    free(t->cells);
    free(t);
}

typedef struct top_pair {
    const dyad_top *t;
    size_t i, j;
} top_pair;

static int S_pair_cmp(const void *pa, const void *pb)
{
    const top_pair *a = pa, *b = pb;
    uint64_t ea = a->t->cells[a->i * a->t->n + a->j].events, eb = b->t->cells[b->i * b->t->n + b->j].events;
    if (ea != eb) return ea > eb ? -1 : 1;
    int c = strcmp(a->t->actors[a->i], b->t->actors[b->i]);
    return c ? c : strcmp(a->t->actors[a->j], b->t->actors[b->j]);
}

bool dyad_top_write(const dyad_top *t, int format, dyad_write_fn out, void *ctx, dyad_error *err)
{
    if (!t || format < DYAD_TABLE_TEXT || format > DYAD_TABLE_JSONL) {
        dyad__set_error(err, DYAD_ERR_ARG, 0, "invalid top table or format");
        return false;
    }
    size_t np = 0;
    top_pair *pairs = t->n ? malloc(t->n * t->n * sizeof *pairs) : NULL;
    if (t->n && !pairs) { dyad__set_error(err, DYAD_ERR_NOMEM, 0, "top"); return false; }
    for (size_t i = 0; i < t->n; i++)
        for (size_t j = 0; j < t->n; j++)
            if (t->cells[i * t->n + j].events) pairs[np++] = (top_pair){t, i, j};
    if (np) qsort(pairs, np, sizeof *pairs, S_pair_cmp);
    writer w = {.out = out, .ctx = ctx};
    dyad_buf_init(&w.b, NULL);
    dyad_buf *b = &w.b;
    if (format == DYAD_TABLE_CSV) {
        dyad_buf_puts(b, "rank,source,target");
        for (int c = 0; c < 8; c++) dyad_buf_printf(b, ",%s", S_count_cols[c]);
        dyad_buf_putc(b, '\n');
    } else if (format == DYAD_TABLE_TEXT) {
        dyad_buf_printf(b, "top %zu actors (%s level), %s to %s:", t->n, t->codes ? "code" : "country",
                        *t->first ? t->first : "-", *t->last ? t->last : "-");
        for (size_t i = 0; i < t->n; i++)
            dyad_buf_printf(b, " %s (%llu)", t->actors[i], (unsigned long long)t->involvement[i]);
        dyad_buf_printf(b, "\n%4s  %-12s %-12s %7s %6s %6s %6s %6s %6s %8s %7s\n", "rank", "source", "target", "events",
                        "vcoop", "mcoop", "vconfl", "mconfl", "net", "gs_sum", "gs_mean");
    }
    for (size_t k = 0; k < np; k++) {
        const char *src = t->actors[pairs[k].i], *dst = t->actors[pairs[k].j];
        const dyad_quad_counts *c = &t->cells[pairs[k].i * t->n + pairs[k].j];
        if (format == DYAD_TABLE_CSV) {
            // actor codes come from the store: quote them when they need it
            dyad_buf_printf(b, "%zu", k + 1);
            for (int f = 0; f < 2; f++) {
                const char *v = f ? dst : src;
                dyad_buf_putc(b, ',');
                if (strpbrk(v, ",\"\n\r")) {
                    dyad_buf_putc(b, '"');
                    for (const char *p = v; *p; p++) {
                        if (*p == '"') dyad_buf_putc(b, '"');
                        dyad_buf_putc(b, *p);
                    }
                    dyad_buf_putc(b, '"');
                } else dyad_buf_puts(b, v);
            }
            S_csv_counts(b, c);
        } else if (format == DYAD_TABLE_JSONL) {
            dyad_buf_printf(b, "{\"rank\":%zu,\"source\":", k + 1);
            dyad_json_cstr(b, src);
            dyad_buf_puts(b, ",\"target\":");
            dyad_json_cstr(b, dst);
            dyad_buf_putc(b, ',');
            S_json_counts(b, c);
            dyad_buf_putc(b, '}');
        } else {
            dyad_buf_printf(b, "%4zu  %-12s %-12s", k + 1, src, dst);
            S_text_counts(b, c);
        }
        dyad_buf_putc(b, '\n');
        S_flush(&w, false);
    }
    free(pairs);
    return S_finish(&w, err);
}

/* MARK: drawing: surfaces, text, scales */

enum { PLOT_PNG, PLOT_SVG, PLOT_PDF };

typedef struct plot {
    cairo_surface_t *surf;
    cairo_t *cr;
    double w, h, s; // size, and the scale of fonts and lines (1 at 1000 x 560)
    double fs;      // current font size
    int kind;
    dyad_buf svg;
    const char *path;
} plot;

static bool S_ends_with(const char *s, const char *ext)
{
    size_t n = strlen(s), k = strlen(ext);
    if (n <= k) return false;
    for (size_t i = 0; i < k; i++)
        if (tolower((unsigned char)s[n - k + i]) != ext[i]) return false;
    return true;
}

static cairo_status_t S_svg_write(void *closure, const unsigned char *data, unsigned int len)
{
    dyad_buf *b = closure;
    dyad_buf_put(b, (const char *)data, len);
    return b->failed ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
}

static void S_rgb(cairo_t *cr, unsigned c)
{
    cairo_set_source_rgb(cr, (double)((c >> 16) & 255) / 255.0, (double)((c >> 8) & 255) / 255.0,
                         (double)(c & 255) / 255.0);
}

static bool S_plot_begin(plot *p, const char *path, const dyad_plot_opts *o, const char *title, dyad_error *err)
{
    memset(p, 0, sizeof *p);
    dyad_buf_init(&p->svg, NULL);
    int w = o && o->width > 0 ? o->width : 1000, h = o && o->height > 0 ? o->height : 560;
    if (!path || !*path) { dyad__set_error(err, DYAD_ERR_ARG, 0, "no plot file given"); return false; }
    if (w < 200 || h < 150 || w > 20000 || h > 20000) {
        dyad__set_error(err, DYAD_ERR_ARG, 0, "plot size %dx%d: width must be 200-20000 and height 150-20000", w, h);
        return false;
    }
    if (S_ends_with(path, ".png")) p->kind = PLOT_PNG;
    else if (S_ends_with(path, ".svg")) p->kind = PLOT_SVG;
    else if (S_ends_with(path, ".pdf")) p->kind = PLOT_PDF;
    else {
        dyad__set_error(err, DYAD_ERR_ARG, 0, "%s: the plot file must end in .svg, .png or .pdf", path);
        return false;
    }
    p->path = path;
    p->w = w;
    p->h = h;
    p->s = fmin(p->w / 1000.0, p->h / 560.0);
    if (p->s < 0.45) p->s = 0.45;
    if (p->kind == PLOT_PNG) p->surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    else if (p->kind == PLOT_SVG) {
        p->surf = cairo_svg_surface_create_for_stream(S_svg_write, &p->svg, p->w, p->h);
        cairo_svg_surface_set_document_unit(p->surf, CAIRO_SVG_UNIT_USER);
    } else {
        p->surf = cairo_pdf_surface_create(path, p->w, p->h);
        if (cairo_surface_status(p->surf) == CAIRO_STATUS_SUCCESS) {
            cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_TITLE, title);
            cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_CREATOR, "dyad " DYAD_VERSION_STRING);
        }
    }
    if (cairo_surface_status(p->surf) != CAIRO_STATUS_SUCCESS) {
        dyad__set_error(err, DYAD_ERR_IO, 0, "%s: cannot create the plot: %s", path,
                        cairo_status_to_string(cairo_surface_status(p->surf)));
        cairo_surface_destroy(p->surf);
        dyad_buf_free(&p->svg);
        return false;
    }
    p->cr = cairo_create(p->surf);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_SLIGHT);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    cairo_set_font_options(p->cr, fo);
    cairo_font_options_destroy(fo);
    S_rgb(p->cr, 0xffffff);
    cairo_paint(p->cr);
    return true;
}

static void S_xml_escape(dyad_buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '<') dyad_buf_puts(b, "&lt;");
        else if (*s == '>') dyad_buf_puts(b, "&gt;");
        else if (*s == '&') dyad_buf_puts(b, "&amp;");
        else dyad_buf_putc(b, *s);
    }
}

// Finishes the drawing and writes the file (SVG: with the title as <title>, for search and screen readers).
static bool S_plot_end(plot *p, const char *title, const char *desc, dyad_error *err)
{
    cairo_status_t st = cairo_status(p->cr);
    cairo_destroy(p->cr);
    if (st == CAIRO_STATUS_SUCCESS && p->kind == PLOT_PNG) st = cairo_surface_write_to_png(p->surf, p->path);
    cairo_surface_finish(p->surf);
    if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(p->surf);
    cairo_surface_destroy(p->surf);
    bool ok = st == CAIRO_STATUS_SUCCESS;
    if (!ok)
        dyad__set_error(err, st == CAIRO_STATUS_NO_MEMORY ? DYAD_ERR_NOMEM : DYAD_ERR_IO, 0, "%s: cannot write: %s",
                        p->path, cairo_status_to_string(st));
    if (ok && p->kind == PLOT_SVG) {
        const char *svg = p->svg.data ? strstr(p->svg.data, "<svg") : NULL;
        const char *gt = svg ? strchr(svg, '>') : NULL;
        dyad_buf meta;
        dyad_buf_init(&meta, NULL);
        dyad_buf_puts(&meta, "\n<title>");
        S_xml_escape(&meta, title);
        dyad_buf_puts(&meta, "</title>\n<desc>");
        S_xml_escape(&meta, desc);
        dyad_buf_puts(&meta, "</desc>");
        FILE *f = fopen(p->path, "wb");
        size_t head = gt ? (size_t)(gt + 1 - p->svg.data) : 0;
        ok = f && gt && !meta.failed && fwrite(p->svg.data, 1, head, f) == head &&
             fwrite(meta.data, 1, meta.len, f) == meta.len &&
             fwrite(p->svg.data + head, 1, p->svg.len - head, f) == p->svg.len - head;
        if (f && fclose(f) != 0) ok = false;
        if (!ok) dyad__set_error(err, DYAD_ERR_IO, 0, "%s: cannot write the plot", p->path);
        dyad_buf_free(&meta);
    }
    dyad_buf_free(&p->svg);
    return ok;
}

static void S_font(plot *p, double size, bool bold)
{
    cairo_select_font_face(p->cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    p->fs = size * p->s;
    cairo_set_font_size(p->cr, p->fs);
}

static double S_text_w(plot *p, const char *s)
{
    cairo_text_extents_t te;
    cairo_text_extents(p->cr, s, &te);
    return te.x_advance;
}

// Draws s anchored at (x, y): ha 0 left, 0.5 centre, 1 right; va 0 top, 0.5 middle, 1 baseline
// (top and middle use the cap height, so digits and capitals sit where they should).
static void S_text(plot *p, double x, double y, const char *s, double ha, double va)
{
    double cap = 0.73 * p->fs;
    double base = va >= 1 ? y : va <= 0 ? y + cap : y + cap / 2;
    cairo_move_to(p->cr, x - S_text_w(p, s) * ha, base);
    cairo_show_text(p->cr, s);
}

static void S_text_rot(plot *p, double x, double y, const char *s, double angle, double ha, double va)
{
    cairo_save(p->cr);
    cairo_translate(p->cr, x, y);
    cairo_rotate(p->cr, angle);
    S_text(p, 0, 0, s, ha, va);
    cairo_restore(p->cr);
}

static void S_line(plot *p, double x0, double y0, double x1, double y1)
{
    cairo_move_to(p->cr, x0, y0);
    cairo_line_to(p->cr, x1, y1);
    cairo_stroke(p->cr);
}

// A step of 1, 2 or 5 times a power of ten giving about `target` steps over range.
static double S_nice_step(double range, double target)
{
    if (!(range > 0)) return 1;
    double raw = range / target, mag = pow(10, floor(log10(raw))), f = raw / mag;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

static void S_fmt_num(char *buf, size_t n, double v)
{
    if (fabs(v) < 1e-9) v = 0;
    if (fabs(v) >= 10000 && fmod(v, 1000) == 0) snprintf(buf, n, "%gk", v / 1000);
    else if (fabs(v) >= 1000 && fmod(v, 1) == 0) {
        long long i = (long long)v;
        snprintf(buf, n, "%s%lld,%03lld", i < 0 ? "-" : "", llabs(i) / 1000, llabs(i) % 1000);
    } else snprintf(buf, n, "%g", v);
}

// A count with thousands separators: 12,345.
static void S_fmt_count(char *buf, size_t n, uint64_t v)
{
    if (v >= 1000000) snprintf(buf, n, "%llu,%03llu,%03llu", (unsigned long long)(v / 1000000),
                               (unsigned long long)(v / 1000 % 1000), (unsigned long long)(v % 1000));
    else if (v >= 1000) snprintf(buf, n, "%llu,%03llu", (unsigned long long)(v / 1000), (unsigned long long)(v % 1000));
    else snprintf(buf, n, "%llu", (unsigned long long)v);
}

// The symmetric bound of the Goldstein axis/scale (the score runs from -10 to +10).
static double S_goldstein_bound(double maxabs)
{
    static const double b[] = {2, 4, 6, 10};
    for (int i = 0; i < 4; i++)
        if (maxabs <= b[i] * 0.98) return b[i];
    return 10;
}

static const char *const S_month[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// A period for people: "15 Jan 2024", "2024-W03", "Jan 2024", "2024".
static void S_human_period(char *buf, size_t n, const dyad_series_period *p, int by)
{
    int64_t d;
    int y, m, dd;
    if (by == DYAD_BY_WEEK || !S_parse_date(p->start, &d)) { snprintf(buf, n, "%s", p->label); return; }
    S_civil(d, &y, &m, &dd);
    if (by == DYAD_BY_DAY) snprintf(buf, n, "%d %s %04d", dd, S_month[m - 1], y);
    else if (by == DYAD_BY_MONTH) snprintf(buf, n, "%s %04d", S_month[m - 1], y);
    else snprintf(buf, n, "%04d", y);
}

static void S_human_date(char *buf, size_t n, const char *date)
{
    int64_t d;
    int y, m, dd;
    if (!S_parse_date(date, &d)) { snprintf(buf, n, "%s", date && *date ? date : "-"); return; }
    S_civil(d, &y, &m, &dd);
    snprintf(buf, n, "%d %s %04d", dd, S_month[m - 1], y);
}

/* MARK: drawing the series */

// Okabe & Ito's colour-blind-safe palette for QuadClass 1-4: blues for cooperation, oranges for conflict.
static const unsigned S_quad_colour[4] = {0x56B4E9, 0x0072B2, 0xE69F00, 0xD55E00};
static const char *const S_quad_name[4] = {"Verbal cooperation", "Material cooperation", "Verbal conflict",
                                           "Material conflict"};
#define INK 0x222222
#define GREY 0x666666
#define GRID 0xE4E4E4
#define LINE_INK 0x111111

typedef struct tick_level {
    int unit, k;
    double days;
} tick_level;

static const tick_level S_levels[] = {
    {DYAD_BY_DAY, 1, 1},         {DYAD_BY_DAY, 2, 2},          {DYAD_BY_WEEK, 1, 7},         {DYAD_BY_WEEK, 2, 14},
    {DYAD_BY_MONTH, 1, 30.44},   {DYAD_BY_MONTH, 2, 60.9},     {DYAD_BY_MONTH, 3, 91.3},     {DYAD_BY_MONTH, 6, 182.6},
    {DYAD_BY_YEAR, 1, 365.25},   {DYAD_BY_YEAR, 2, 730.5},     {DYAD_BY_YEAR, 5, 1826.3},    {DYAD_BY_YEAR, 10, 3652.5},
    {DYAD_BY_YEAR, 20, 7305},    {DYAD_BY_YEAR, 50, 18262.5},  {DYAD_BY_YEAR, 100, 36525},   {DYAD_BY_YEAR, 500, 182625},
    {DYAD_BY_YEAR, 1000, 365250}};

typedef struct chart {
    plot *p;
    const dyad_series *s;
    int64_t *starts;            // n + 1 period boundaries (days)
    double left, right, sw;     // plot area, slot width
    double ytop, ystep;         // left axis (events)
    int line;                   // dyad_plot_line
    double rbound, rstep;       // right axis, symmetric
    const tick_level *lv;       // x ticks
} chart;

static double S_x_of_day(const chart *c, int64_t day)
{
    size_t lo = 0, hi = c->s->n;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (c->starts[mid] <= day) lo = mid;
        else hi = mid;
    }
    double len = (double)(c->starts[lo + 1] - c->starts[lo]);
    return c->left + ((double)lo + (double)(day - c->starts[lo]) / len) * c->sw;
}

static int64_t S_add_months(int64_t first_of_month, int k)
{
    int y, m, d;
    S_civil(first_of_month, &y, &m, &d);
    int mm = (m - 1) + k;
    return S_days(y + mm / 12, mm % 12 + 1, 1);
}

// The first tick of level lv at or after day d.
static int64_t S_tick_first(int64_t d, const tick_level *lv)
{
    int y, m, dd;
    S_civil(d, &y, &m, &dd);
    if (lv->unit == DYAD_BY_DAY) return d;
    if (lv->unit == DYAD_BY_WEEK) return d + (7 - S_weekday(d)) % 7;
    if (lv->unit == DYAD_BY_MONTH) {
        int64_t t = dd == 1 ? d : S_add_months(S_days(y, m, 1), 1);
        for (;;) {
            S_civil(t, &y, &m, &dd);
            if ((m - 1) % lv->k == 0) return t;
            t = S_add_months(t, 1);
        }
    }
    int yy = (m == 1 && dd == 1) ? y : y + 1;
    while (yy % lv->k) yy++;
    return S_days(yy, 1, 1);
}

static int64_t S_tick_next(int64_t t, const tick_level *lv)
{
    int y, m, d;
    if (lv->unit == DYAD_BY_DAY) return t + lv->k;
    if (lv->unit == DYAD_BY_WEEK) return t + 7 * lv->k;
    if (lv->unit == DYAD_BY_MONTH) return S_add_months(t, lv->k);
    S_civil(t, &y, &m, &d);
    return S_days(y + lv->k, 1, 1);
}

// Chooses the finest tick level, no finer than the periods, whose labels do not collide.
static const tick_level *S_choose_ticks(chart *c)
{
    plot *p = c->p;
    S_font(p, 11, false);
    double wd = S_text_w(p, "28"), wm = S_text_w(p, "May"), wy = S_text_w(p, "2025");
    double span = (double)(c->starts[c->s->n] - c->starts[0]);
    double px_per_day = (c->right - c->left) / (span > 0 ? span : 1);
    size_t nl = sizeof S_levels / sizeof *S_levels;
    for (size_t i = 0; i < nl; i++) {
        const tick_level *lv = &S_levels[i];
        if (lv->unit < c->s->by) continue;
        double need = (lv->unit == DYAD_BY_YEAR ? wy : lv->unit == DYAD_BY_MONTH ? wm : wd) + 16 * p->s;
        if (lv->days * px_per_day >= need) return lv;
    }
    return &S_levels[nl - 1];
}

// Tick marks along the bottom of a panel, and (with labels) their labels below it.
static void S_draw_xticks(chart *c, double bottom, bool labels)
{
    plot *p = c->p;
    cairo_t *cr = p->cr;
    const tick_level *lv = c->lv;
    int64_t d0 = c->starts[0], d1 = c->starts[c->s->n];
    // ticks of the periods' own unit label the bar that starts there; finer periods label the tick
    bool centred = lv->unit == c->s->by && c->s->by != DYAD_BY_WEEK;
    double last_right = -1e9, last_right2 = -1e9;
    int prev_y = -1, prev_m = -1;
    cairo_set_line_width(cr, 1 * p->s);
    for (int64_t t = S_tick_first(d0, lv); t < d1; t = S_tick_next(t, lv)) {
        double x = S_x_of_day(c, t);
        S_rgb(cr, INK);
        S_line(p, x, bottom, x, bottom + 5 * p->s);
        if (!labels) continue;
        int y, m, d;
        S_civil(t, &y, &m, &d);
        char l1[16], l2[24] = "";
        if (lv->unit == DYAD_BY_YEAR) snprintf(l1, sizeof l1, "%d", y);
        else if (lv->unit == DYAD_BY_MONTH) {
            snprintf(l1, sizeof l1, "%s", S_month[m - 1]);
            if (y != prev_y) snprintf(l2, sizeof l2, "%d", y);
        } else {
            snprintf(l1, sizeof l1, "%d", d);
            if (y != prev_y || m != prev_m) snprintf(l2, sizeof l2, "%s %d", S_month[m - 1], y);
        }
        double lx = x;
        if (centred) lx = x + c->sw / 2;
        S_font(p, 11, false);
        double w1 = S_text_w(p, l1);
        if (lx - w1 / 2 > last_right + 4 * p->s) {
            S_rgb(cr, INK);
            S_text(p, lx, bottom + 9 * p->s, l1, 0.5, 0);
            last_right = lx + w1 / 2;
        }
        if (*l2) {
            double w2 = S_text_w(p, l2);
            if (lx - w2 / 2 > last_right2 + 8 * p->s) {
                S_rgb(cr, GREY);
                S_text(p, lx, bottom + 26 * p->s, l2, 0.5, 0);
                last_right2 = lx + w2 / 2;
                prev_y = y;
                prev_m = m;
            }
        }
    }
}

// A count axis of m = 4 or 2 intervals of a whole step (1, 2, 2.5, 3, 4, 5 times a power of ten)
// reaching at least ymax; 4 intervals unless 2 give a much shorter axis.  Returns m.
static int S_axis_intervals(double ymax, double *step)
{
    static const double f[] = {1, 2, 2.5, 3, 4, 5};
    double best_top = 0, best_step = 1;
    int best_m = 4;
    for (int m = 4; m >= 2; m -= 2) {
        double st = 0;
        for (double mag = 1; st == 0 && mag < 1e15; mag *= 10)
            for (int k = 0; k < 6 && st == 0; k++)
                if (f[k] * mag == floor(f[k] * mag) && f[k] * mag * m >= ymax) st = f[k] * mag;
        // 2 intervals only when 4 would make the axis a third taller
        if (st > 0 && (best_top == 0 || st * m * 1.34 < best_top)) best_top = st * m, best_step = st, best_m = m;
    }
    *step = best_step;
    return best_m;
}

static const dyad_quad_counts *S_dir(const dyad_series_period *p, int dir)
{
    return dir == 2 ? &p->ba : dir == 1 ? &p->ab : &p->total;
}


// Draws the plot's title and subtitle at the top left.
static void S_heading(plot *p, const char *title, const char *sub)
{
    cairo_t *cr = p->cr;
    double S = p->s;
    S_rgb(cr, 0x111111);
    S_font(p, 19, true);
    S_text(p, 20 * S, 34 * S, title, 0, 1);
    S_rgb(cr, GREY);
    S_font(p, 12.5, false);
    S_text(p, 20 * S, 57 * S, sub, 0, 1);
}

// The line's value in a period; NaN when there is none (no scored event).
static double S_line_value(const chart *c, size_t i, int dir)
{
    const dyad_quad_counts *q = S_dir(&c->s->periods[i], dir);
    return c->line == DYAD_LINE_NET ? (double)dyad_net_cooperation(q) : dyad_goldstein_mean(q);
}

static double S_snap(const plot *p, double v) { return p->kind == PLOT_PNG ? round(v) : v; }

static void S_draw_panel(chart *c, double top, double bottom, int dir, const char *label, bool xlabels)
{
    plot *p = c->p;
    cairo_t *cr = p->cr;
    const dyad_series *s = c->s;
    double h = bottom - top, mid = (top + bottom) / 2;
    // gridlines and left tick labels
    cairo_set_line_width(cr, 1 * p->s);
    S_font(p, 11, false);
    for (double v = 0; v <= c->ytop + 1e-9; v += c->ystep) {
        double y = S_snap(p, bottom - v / c->ytop * h) + (p->kind == PLOT_PNG ? 0.5 : 0);
        if (c->line != DYAD_LINE_NONE && fabs(2 * v - c->ytop) < 1e-9) {
            // the right axis' zero
            double dash[2] = {5 * p->s, 4 * p->s};
            cairo_set_dash(cr, dash, 2, 0);
            S_rgb(cr, 0x8C8C8C);
            S_line(p, c->left, y, c->right, y);
            cairo_set_dash(cr, NULL, 0, 0);
        } else if (v > 0) {
            S_rgb(cr, GRID);
            S_line(p, c->left, y, c->right, y);
        }
        char num[32];
        S_fmt_num(num, sizeof num, v);
        S_rgb(cr, INK);
        S_text(p, c->left - 8 * p->s, y, num, 1, 0.5);
    }
    // stacked bars, QuadClass 1 at the bottom
    double bw = c->sw >= 4 * p->s ? fmin(c->sw * 0.78, 64 * p->s) : c->sw;
    for (size_t i = 0; i < s->n; i++) {
        const dyad_quad_counts *q = S_dir(&s->periods[i], dir);
        double x0 = c->left + (double)i * c->sw + (c->sw - bw) / 2, x1 = x0 + bw;
        if (bw >= 3) { x0 = S_snap(p, x0); x1 = S_snap(p, x1); }
        if (x1 - x0 < 0.6) x1 = x0 + 0.6;
        uint64_t cum = 0;
        for (int k = 0; k < 4; k++) {
            if (!q->quad[k]) continue;
            double y0 = S_snap(p, bottom - (double)cum / c->ytop * h);
            cum += q->quad[k];
            double y1 = S_snap(p, bottom - (double)cum / c->ytop * h);
            if (y0 - y1 < 0.8) y1 = y0 - 0.8;
            S_rgb(cr, S_quad_colour[k]);
            cairo_rectangle(cr, x0, y1, x1 - x0, y0 - y1);
            cairo_fill(cr);
        }
    }
    // axes: baseline, spines
    S_rgb(cr, INK);
    cairo_set_line_width(cr, 1.2 * p->s);
    S_line(p, c->left, bottom, c->right, bottom);
    cairo_set_line_width(cr, 1 * p->s);
    S_line(p, c->left, top, c->left, bottom);
    if (c->line != DYAD_LINE_NONE) {
        S_line(p, c->right, top, c->right, bottom);
        // right axis: ticks, labels, and the dashed zero line
        S_font(p, 11, false);
        for (double v = -c->rbound; v <= c->rbound + 1e-9; v += c->rstep) {
            double y = mid - v / c->rbound * h / 2;
            char num[32];
            S_fmt_num(num, sizeof num, v);
            S_rgb(cr, INK);
            S_line(p, c->right, y, c->right + 4 * p->s, y);
            S_text(p, c->right + 8 * p->s, y, num, 0, 0.5);
        }
        // the line, broken where a period has no value; white halo so it reads over the bars
        bool markers = c->sw >= 14 * p->s;
        double lw = c->sw >= 6 * p->s ? 1.8 : 1.3;
        for (int pass = markers ? 0 : 1; pass < 2; pass++) { // a white halo under the line when bars are wide
            S_rgb(cr, pass ? LINE_INK : 0xffffff);
            cairo_set_line_width(cr, (pass ? lw : lw + 2) * p->s);
            cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
            bool open = false;
            for (size_t i = 0; i < s->n; i++) {
                double v = S_line_value(c, i, dir);
                if (isnan(v)) { open = false; continue; }
                double x = c->left + ((double)i + 0.5) * c->sw, y = mid - v / c->rbound * h / 2;
                if (open) cairo_line_to(cr, x, y);
                else cairo_move_to(cr, x, y);
                open = true;
            }
            cairo_stroke(cr);
            for (size_t i = 0; i < s->n; i++) {
                double v = S_line_value(c, i, dir);
                if (isnan(v)) continue;
                bool alone = (i == 0 || isnan(S_line_value(c, i - 1, dir))) &&
                             (i + 1 == s->n || isnan(S_line_value(c, i + 1, dir)));
                if (!markers && !alone) continue;
                double x = c->left + ((double)i + 0.5) * c->sw, y = mid - v / c->rbound * h / 2;
                cairo_new_sub_path(cr);
                cairo_arc(cr, x, y, (markers ? 3.2 : 2.2) * p->s + (pass ? 0 : 1.2 * p->s), 0, 2 * M_PI);
                cairo_fill(cr);
            }
        }
    }
    S_draw_xticks(c, bottom, xlabels);
    if (label) {
        S_font(p, 12.5, true);
        S_rgb(cr, INK);
        S_text(p, c->left, top - 8 * p->s, label, 0, 1);
    }
}

bool dyad_series_plot(const dyad_series *s, const char *path, const dyad_plot_opts *o, dyad_error *err)
{
    if (!s) { dyad__set_error(err, DYAD_ERR_ARG, 0, "no series"); return false; }
    int line = o ? o->line : DYAD_LINE_GOLDSTEIN;
    if (line < DYAD_LINE_GOLDSTEIN || line > DYAD_LINE_NONE) line = DYAD_LINE_GOLDSTEIN;
    char title[256], sub[512], desc[768], ab[80], ba[80];
    snprintf(ab, sizeof ab, "%s \u2192 %s", s->a, s->b);
    snprintf(ba, sizeof ba, "%s \u2192 %s", s->b, s->a);
    if (o && o->title && *o->title) snprintf(title, sizeof title, "%s", o->title);
    else if (s->both) snprintf(title, sizeof title, "%s \u2194 %s, events per %s", s->a, s->b, S_by_name[s->by]);
    else snprintf(title, sizeof title, "%s, events per %s", ab, S_by_name[s->by]);
    char total[32], n1[32], n2[32];
    S_fmt_count(total, sizeof total, s->total.events);
    S_fmt_count(n1, sizeof n1, s->ab.events);
    S_fmt_count(n2, sizeof n2, s->ba.events);
    if (s->n) {
        char f[32], l[32];
        S_human_period(f, sizeof f, &s->periods[0], s->by);
        S_human_period(l, sizeof l, &s->periods[s->n - 1], s->by);
        char span[80];
        if (strcmp(f, l)) snprintf(span, sizeof span, "%s \u2013 %s", f, l);
        else snprintf(span, sizeof span, "%s", f);
        if (s->both)
            snprintf(sub, sizeof sub, "%s \u00b7 %s events (%s: %s, %s: %s)", span, total, ab, n1, ba, n2);
        else snprintf(sub, sizeof sub, "%s \u00b7 %s events", span, total);
    } else snprintf(sub, sizeof sub, "no matching events");
    snprintf(desc, sizeof desc, "%s. Stacked bars: events per QuadClass%s. dyad %s.", sub,
             line == DYAD_LINE_GOLDSTEIN ? "; line: mean Goldstein score (right axis)"
             : line == DYAD_LINE_NET     ? "; line: net cooperation (right axis)"
                                         : "",
             DYAD_VERSION_STRING);
    plot pl;
    if (!S_plot_begin(&pl, path, o, title, err)) return false;
    plot *p = &pl;
    cairo_t *cr = p->cr;
    double S = p->s;

    // title, subtitle, legend
    S_heading(p, title, sub);
    S_font(p, 12, false);
    double lx = 20 * S, ly = 80 * S;
    for (int k = 0; k < 4; k++) {
        S_rgb(cr, S_quad_colour[k]);
        cairo_rectangle(cr, lx, ly - 6 * S, 12 * S, 12 * S);
        cairo_fill(cr);
        S_rgb(cr, INK);
        S_text(p, lx + 17 * S, ly, S_quad_name[k], 0, 0.5);
        lx += 17 * S + S_text_w(p, S_quad_name[k]) + 20 * S;
    }
    if (line != DYAD_LINE_NONE) {
        const char *ln = line == DYAD_LINE_NET ? "Net cooperation (right axis)" : "Mean Goldstein score (right axis)";
        S_rgb(cr, LINE_INK);
        cairo_set_line_width(cr, 1.8 * S);
        S_line(p, lx, ly, lx + 24 * S, ly);
        cairo_arc(cr, lx + 12 * S, ly, 3.2 * S, 0, 2 * M_PI);
        cairo_fill(cr);
        S_rgb(cr, INK);
        S_text(p, lx + 30 * S, ly, ln, 0, 0.5);
    }

    chart c = {.p = p, .s = s, .line = line};
    c.left = 78 * S;
    c.right = p->w - (line != DYAD_LINE_NONE ? 70 : 28) * S;
    double top = 104 * S, bottom = p->h - 50 * S;
    int npanels = s->both ? 2 : 1;
    bool ok = true;
    if (!s->n) {
        S_rgb(cr, INK);
        cairo_set_line_width(cr, 1 * S);
        cairo_rectangle(cr, c.left, top, c.right - c.left, bottom - top);
        cairo_stroke(cr);
        S_font(p, 14, false);
        S_text(p, (c.left + c.right) / 2, (top + bottom) / 2, "No events", 0.5, 0.5);
        return S_plot_end(p, title, desc, err);
    }
    c.starts = malloc((s->n + 1) * sizeof *c.starts);
    if (!c.starts) {
        dyad__set_error(err, DYAD_ERR_NOMEM, 0, "plot");
        S_plot_end(p, title, desc, NULL);
        return false;
    }
    for (size_t i = 0; i < s->n; i++) S_parse_date(s->periods[i].start, &c.starts[i]);
    S_parse_date(s->periods[s->n - 1].end, &c.starts[s->n]);
    c.starts[s->n]++;
    c.sw = (c.right - c.left) / (double)s->n;
    c.lv = S_choose_ticks(&c);

    // scales shared by the panels
    double ymax = 0, rmax = 0;
    for (int k = 0; k < npanels; k++) {
        int dir = s->both ? k + 1 : 1;
        for (size_t i = 0; i < s->n; i++) {
            const dyad_quad_counts *q = S_dir(&s->periods[i], dir);
            double st = (double)(q->quad[0] + q->quad[1] + q->quad[2] + q->quad[3]);
            if (st > ymax) ymax = st;
            double v = S_line_value(&c, i, dir);
            if (!isnan(v) && fabs(v) > rmax) rmax = fabs(v);
        }
    }
    double label_h = s->both ? 22 * S : 0, gap = s->both ? 14 * S : 0;
    double ph = (bottom - top - label_h * npanels - gap * (npanels - 1)) / npanels;
    // Both axes share the gridlines: 4 (or 2) intervals, so the right axis' zero is the middle gridline.
    int m = S_axis_intervals(ymax, &c.ystep);
    c.ytop = m * c.ystep;
    if (line == DYAD_LINE_NET) {
        c.rstep = 1;
        while (c.rstep * m / 2 < rmax) c.rstep = S_nice_step(c.rstep * 1.01, 0.5);
        c.rbound = c.rstep * m / 2;
    } else {
        c.rbound = S_goldstein_bound(rmax);
        c.rstep = c.rbound * 2 / m;
    }
    double y = top;
    for (int k = 0; k < npanels; k++) {
        y += label_h;
        S_draw_panel(&c, y, y + ph, s->both ? k + 1 : 1, s->both ? (k ? ba : ab) : NULL, k == npanels - 1);
        y += ph + gap;
    }
    // axis titles
    S_font(p, 12.5, false);
    S_rgb(cr, INK);
    double ymid = (top + bottom) / 2;
    S_text_rot(p, 24 * S, ymid, "Events", -M_PI / 2, 0.5, 0.5);
    if (line != DYAD_LINE_NONE)
        S_text_rot(p, p->w - 18 * S, ymid, line == DYAD_LINE_NET ? "Net cooperation" : "Mean Goldstein score",
                   -M_PI / 2, 0.5, 0.5);
    free(c.starts);
    ok = S_plot_end(p, title, desc, err);
    return ok;
}

/* MARK: drawing the top actors */

// ColorBrewer YlGnBu (counts, light to dark) and RdBu (Goldstein: red conflict, blue cooperation);
// both are safe for colour-blind readers.
static const unsigned S_seq[8] = {0xEDF8B1, 0xC7E9B4, 0x7FCDBB, 0x41B6C4, 0x1D91C0, 0x225EA8, 0x253494, 0x081D58};
static const unsigned S_div[11] = {0x67001F, 0xB2182B, 0xD6604D, 0xF4A582, 0xFDDBC7, 0xF7F7F7,
                                   0xD1E5F0, 0x92C5DE, 0x4393C3, 0x2166AC, 0x053061};
#define NO_DATA 0xEBEBEB

// Interpolates a palette at t in [0, 1].
static unsigned S_ramp(const unsigned *pal, int n, double t)
{
    if (!(t > 0)) t = 0;
    if (t > 1) t = 1;
    double f = t * (n - 1);
    int i = (int)floor(f);
    if (i >= n - 1) return (unsigned)pal[n - 1];
    double u = f - i;
    unsigned out = 0;
    for (int sh = 16; sh >= 0; sh -= 8) {
        double a = (double)((pal[i] >> sh) & 255), b = (double)((pal[i + 1] >> sh) & 255);
        out |= (unsigned)lround(a + (b - a) * u) << sh;
    }
    return out;
}

static double S_luma(unsigned c)
{
    return (0.2126 * (double)((c >> 16) & 255) + 0.7152 * (double)((c >> 8) & 255) + 0.0722 * (double)(c & 255)) / 255;
}

typedef struct heat {
    bool goldstein, logscale;
    double max, bound;
} heat;

// Position in [0, 1] of a value on the colour scale.
static double S_heat_t(const heat *hm, double v)
{
    if (hm->goldstein) return (v + hm->bound) / (2 * hm->bound);
    if (hm->max <= 1) return 1;
    return hm->logscale ? log(v) / log(hm->max) : (v - 1) / (hm->max - 1);
}

static unsigned S_heat_colour(const heat *hm, double v)
{
    return hm->goldstein ? S_ramp(S_div, 11, S_heat_t(hm, v)) : S_ramp(S_seq, 8, S_heat_t(hm, v));
}

bool dyad_top_plot(const dyad_top *t, const char *path, const dyad_plot_opts *o, dyad_error *err)
{
    if (!t) { dyad__set_error(err, DYAD_ERR_ARG, 0, "no top table"); return false; }
    heat hm = {.goldstein = o && o->value == DYAD_VALUE_GOLDSTEIN};
    size_t n = t->n;
    uint64_t among = 0;
    double maxabs = 0;
    for (size_t i = 0; i < n * n; i++) {
        among += t->cells[i].events;
        if ((double)t->cells[i].events > hm.max) hm.max = (double)t->cells[i].events;
        double m = dyad_goldstein_mean(&t->cells[i]);
        if (!isnan(m) && fabs(m) > maxabs) maxabs = fabs(m);
    }
    hm.logscale = !hm.goldstein && hm.max >= 50;
    hm.bound = S_goldstein_bound(maxabs);

    char title[256], sub[512], desc[768], f[32], l[32], cnt[32];
    if (o && o->title && *o->title) snprintf(title, sizeof title, "%s", o->title);
    else snprintf(title, sizeof title, "Top %zu %s: %s, source \u2192 target", n, t->codes ? "actors" : "countries",
                  hm.goldstein ? "mean Goldstein score" : "events");
    S_human_date(f, sizeof f, *t->from ? t->from : t->first);
    S_human_date(l, sizeof l, *t->to ? t->to : t->last);
    S_fmt_count(cnt, sizeof cnt, among);
    snprintf(sub, sizeof sub, "%s \u2013 %s \u00b7 %s events among them \u00b7 %s%s", f, l, cnt,
             t->codes ? "actor codes" : "countries (ISO3) and international actors",
             t->self ? "" : " \u00b7 an actor's events with itself not counted");
    snprintf(desc, sizeof desc, "%s. Rows: source actor; columns: target actor; actors by number of events, most first. dyad %s.",
             sub, DYAD_VERSION_STRING);

    plot pl;
    if (!S_plot_begin(&pl, path, o, title, err)) return false;
    plot *p = &pl;
    cairo_t *cr = p->cr;
    double S = p->s;
    S_heading(p, title, sub);
    if (!n) {
        S_font(p, 14, false);
        S_rgb(cr, INK);
        S_text(p, p->w / 2, p->h / 2, "No events", 0.5, 0.5);
        return S_plot_end(p, title, desc, err);
    }

    // geometry: row labels | grid | colour bar
    double lab_fs = n > 40 ? 8 : n > 25 ? 9.5 : 11.5;
    S_font(p, lab_fs, false);
    double maxw = 0;
    for (size_t i = 0; i < n; i++) maxw = fmax(maxw, S_text_w(p, t->actors[i]));
    double top0 = 80 * S, bottom = p->h - 22 * S;
    double left = 20 * S + 22 * S + maxw + 8 * S;
    double right = p->w - 150 * S;
    // column labels: horizontal when they fit, else at 45 degrees
    double cell = fmin((right - left) / (double)n, (bottom - top0 - 40 * S) / (double)n);
    bool slanted = maxw > cell - 4 * S;
    double colh = slanted ? (maxw + p->fs) * 0.72 + 6 * S : p->fs + 8 * S;
    cell = floor(fmin((right - left) / (double)n, (bottom - top0 - 22 * S - colh) / (double)n));
    if (cell < 2) cell = 2;
    double gtop = top0 + 22 * S + colh, gw = cell * (double)n;
    // centre the block (row labels, grid, colour bar and its legend) under the title
    const char *bar_title = hm.goldstein ? "Mean Goldstein" : hm.logscale ? "Events (log scale)" : "Events";
    S_font(p, 12, true);
    double legend_w = S_text_w(p, bar_title);
    S_font(p, 11, false);
    legend_w = fmax(legend_w, 23 * S + S_text_w(p, t->self ? "no events" : "self, not counted"));
    double shift = (p->w - 20 * S - (left + gw + 34 * S + legend_w)) / 2;
    if (shift > 0) left += shift;
    else shift = 0;
    // axis titles
    S_font(p, 12.5, true);
    S_rgb(cr, INK);
    S_text(p, left + gw / 2, top0 + 4 * S, "Target", 0.5, 0);
    S_text_rot(p, 26 * S + shift, gtop + gw / 2, "Source", -M_PI / 2, 0.5, 0.5);
    // labels
    S_font(p, lab_fs, false);
    for (size_t i = 0; i < n; i++) {
        double cx = left + ((double)i + 0.5) * cell, cy = gtop + ((double)i + 0.5) * cell;
        S_text(p, left - 6 * S, cy, t->actors[i], 1, 0.5);
        if (slanted) S_text_rot(p, cx - 0.25 * p->fs, gtop - 6 * S, t->actors[i], -M_PI / 4, 0, 0.5);
        else S_text(p, cx, gtop - 7 * S, t->actors[i], 0.5, 1);
    }
    // cells
    double gapw = cell >= 8 ? fmax(1, 1.5 * S) : 0;
    double vfs = fmin(11 * S, cell * 0.34) / S;
    S_font(p, vfs, false);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            const dyad_quad_counts *q = &t->cells[i * n + j];
            double x = left + (double)j * cell, y = gtop + (double)i * cell;
            double mean = dyad_goldstein_mean(q);
            bool has = hm.goldstein ? !isnan(mean) : q->events > 0;
            double v = hm.goldstein ? mean : (double)q->events;
            unsigned colour = has ? S_heat_colour(&hm, v) : NO_DATA;
            S_rgb(cr, colour);
            cairo_rectangle(cr, x + gapw / 2, y + gapw / 2, cell - gapw, cell - gapw);
            cairo_fill(cr);
            if (i == j && !t->self) { // not counted: hatched
                S_rgb(cr, 0xBBBBBB);
                cairo_set_line_width(cr, 1 * S);
                S_line(p, x + gapw, y + cell - gapw, x + cell - gapw, y + gapw);
                continue;
            }
            if (!has || p->fs < 6.5) continue;
            char num[32];
            if (hm.goldstein) snprintf(num, sizeof num, "%.1f", fabs(v) < 0.05 ? 0.0 : v);
            else if (q->events >= 100000) snprintf(num, sizeof num, "%.0fk", v / 1000);
            else snprintf(num, sizeof num, "%llu", (unsigned long long)q->events);
            if (S_text_w(p, num) > cell * 0.9) continue;
            S_rgb(cr, S_luma(colour) < 0.5 ? 0xFFFFFF : INK);
            S_text(p, x + cell / 2, y + cell / 2, num, 0.5, 0.5);
        }
    // colour bar
    double bx = left + gw + 34 * S, bw = 16 * S, bt = gtop, bh = fmin(gw, 300 * S);
    if (bx + 120 * S > p->w) bx = p->w - 120 * S;
    S_font(p, 12, true);
    S_rgb(cr, INK);
    S_text(p, bx, bt - 12 * S, bar_title, 0, 1);
    cairo_pattern_t *grad = cairo_pattern_create_linear(0, bt + bh, 0, bt);
    int nstops = hm.goldstein ? 11 : 8;
    for (int k = 0; k < nstops; k++) {
        unsigned cc = hm.goldstein ? S_div[k] : S_seq[k];
        cairo_pattern_add_color_stop_rgb(grad, (double)k / (nstops - 1), (double)((cc >> 16) & 255) / 255,
                                         (double)((cc >> 8) & 255) / 255, (double)(cc & 255) / 255);
    }
    cairo_rectangle(cr, bx, bt, bw, bh);
    cairo_set_source(cr, grad);
    cairo_fill(cr);
    cairo_pattern_destroy(grad);
    S_font(p, 11, false);
    cairo_set_line_width(cr, 1 * S);
    double last_y = 1e9;
    // ticks from the bottom up
    double vals[64];
    int nv = 0;
    if (hm.goldstein)
        for (double v = -hm.bound; v <= hm.bound + 1e-9 && nv < 64; v += hm.bound / 2) vals[nv++] = v;
    else if (hm.logscale) {
        for (double m = 1; m <= hm.max * 1.0001 && nv < 61; m *= 10) {
            vals[nv++] = m;
            if (2 * m <= hm.max) vals[nv++] = 2 * m;
            if (5 * m <= hm.max) vals[nv++] = 5 * m;
        }
    } else {
        double step = fmax(1, S_nice_step(hm.max, 4));
        vals[nv++] = 1;
        for (double v = step; v <= hm.max + 1e-9 && nv < 64; v += step) vals[nv++] = v;
    }
    for (int k = 0; k < nv; k++) {
        double y = bt + bh - S_heat_t(&hm, vals[k]) * bh;
        if (last_y - y < 15 * S) continue;
        last_y = y;
        char num[32];
        S_fmt_num(num, sizeof num, vals[k]);
        S_rgb(cr, INK);
        S_line(p, bx + bw, y, bx + bw + 4 * S, y);
        S_text(p, bx + bw + 7 * S, y, num, 0, 0.5);
    }
    // no-data swatch
    double sy = bt + bh + 18 * S;
    S_rgb(cr, NO_DATA);
    cairo_rectangle(cr, bx, sy, bw, bw);
    cairo_fill(cr);
    S_rgb(cr, INK);
    S_text(p, bx + bw + 7 * S, sy + bw / 2, hm.goldstein ? "no score" : "no events", 0, 0.5);
    if (!t->self) {
        sy += bw + 8 * S;
        S_rgb(cr, NO_DATA);
        cairo_rectangle(cr, bx, sy, bw, bw);
        cairo_fill(cr);
        S_rgb(cr, 0xBBBBBB);
        S_line(p, bx, sy + bw, bx + bw, sy);
        S_rgb(cr, INK);
        S_text(p, bx + bw + 7 * S, sy + bw / 2, "self, not counted", 0, 0.5);
    }
    return S_plot_end(p, title, desc, err);
}

void dyad_plot_cleanup(void)
{
    cairo_debug_reset_static_data();
    FcFini();
}
