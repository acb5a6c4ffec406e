/*
 * validate.c — runs the peer validation suites (`dyad validate`, DESIGN.md):
 * TABARI's plain-text records (Validate.text) and PETRARCH's XML records
 * (PETR.UnitTest.records.xml).  The rules are documented in docs/validate.md.
 *
 * Each record's text (never PETRARCH's Penn parse) is coded with a dyad_coder
 * over the dictionaries the records name — TABARI: the .project file next to
 * the records; PETRARCH: the <Environment> element — or over a dictionary
 * set the caller gives, on the record's date.  The (source, target, code)
 * triples are then compared with the expected ones:
 *
 *   - a record passes when the SET of triples coded equals the expected set
 *     (TABARI compares lists in order: the report also counts the records that
 *     would pass that way);
 *   - {---} and noevents="True" expect no event; {###} and PETRARCH's
 *     error="..." (discards, a bad dateline) expect no event either;
 *   - {+++} (too complex) passes when dyad's TABARI coder (tabari.h) finds the
 *     text too complex; with other dictionaries it is skipped, like -{...}
 *     (do not check) and error="bad_input_parse" (a test of the parse tree,
 *     which dyad never reads): counted apart, neither passed nor failed;
 *   - TABARI option blocks ({ OPTION: ... }) go to the TABARI coder, which
 *     applies the .options commands it knows; the others, and PETRARCH's
 *     <Config> elements, are listed and counted;
 *   - a TABARI record is coded as one text (TABARI's unit), and its expected
 *     events are read from the whole record after its opening comment mark;
 *   - TABARI's standard suite ends before FINAL-01, PETRARCH's at a <Stop>
 *     element; `all` runs on to the end of the file;
 *   - a record that cannot be read is reported through the diagnostic
 *     callback (file:line, severity DYAD_SKIPPED) and counted as malformed;
 *     the run goes on with the next record.
 *
 * The report is written through the caller's dyad_write_fn; its last line is
 * "N passed, M failed".  No globals: all state lives in a vrun.
 */
#include "tabari.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/stat.h>

/* MARK: triple lists */

/* A list of (source, target, code) triples, each stored as "SRC\tTGT\tCODE\0". */
typedef struct tlist {
    dyad_buf b;
    size_t n;
} tlist;

// Appends a triple; each part is trimmed of blanks.
static void S_tl_add(tlist *t, const char *s, size_t sn, const char *g, size_t gn, const char *c, size_t cn)
{
    const char *parts[3] = {s, g, c};
    size_t lens[3] = {sn, gn, cn};
    for (int i = 0; i < 3; i++) {
        const char *p = parts[i];
        size_t n = lens[i];
        while (n && isspace((unsigned char)*p)) p++, n--;
        while (n && isspace((unsigned char)p[n - 1])) n--;
        dyad_buf_put(&t->b, p, n);
        dyad_buf_putc(&t->b, i < 2 ? '\t' : '\0');
    }
    t->n++;
}

static void S_tl_clear(tlist *t)
{
    dyad_buf_clear(&t->b);
    t->n = 0;
}

static int S_cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

// Fills arr with the triples of t, sorted, without duplicates; returns their number.
static size_t S_tl_set(const tlist *t, const char **arr)
{
    const char *p = t->b.data;
    for (size_t i = 0; i < t->n; i++) {
        arr[i] = p;
        p += strlen(p) + 1;
    }
    if (t->n > 1) qsort(arr, t->n, sizeof *arr, S_cmp_str);
    size_t m = 0;
    for (size_t i = 0; i < t->n; i++)
        if (m == 0 || strcmp(arr[m - 1], arr[i]) != 0) arr[m++] = arr[i];
    return m;
}

// Compares two lists as sets (*same_set) and as sequences (*same_order); false on OOM.
static bool S_tl_compare(const dyad_alloc *a, const tlist *x, const tlist *y, bool *same_set, bool *same_order)
{
    *same_order = x->n == y->n && x->b.len == y->b.len && (x->b.len == 0 || memcmp(x->b.data, y->b.data, x->b.len) == 0);
    if (*same_order) { *same_set = true; return true; }
    const char **arr = dyad__malloc(a, (x->n + y->n + 1) * sizeof *arr);
    if (!arr) return false;
    size_t nx = S_tl_set(x, arr), ny = S_tl_set(y, arr + nx);
    *same_set = nx == ny;
    for (size_t i = 0; *same_set && i < nx; i++) *same_set = strcmp(arr[i], arr[nx + i]) == 0;
    dyad__free(a, arr);
    return true;
}

// Appends the triples of t as "{ SRC / TGT / CODE } ..." ('-' for an empty actor), or `none`.
static void S_tl_print(dyad_buf *out, const tlist *t, const char *none)
{
    if (t->n == 0) { dyad_buf_puts(out, none); return; }
    const char *p = t->b.data;
    for (size_t i = 0; i < t->n; i++) {
        dyad_buf_puts(out, i ? "  { " : "{ ");
        for (int part = 0; part < 3; part++) {
            size_t n = strcspn(p, "\t");
            if (part) dyad_buf_puts(out, " / ");
            if (n) dyad_buf_put(out, p, n);
            else dyad_buf_putc(out, '-');
            p += n + 1;
        }
        dyad_buf_puts(out, " }");
    }
}

/* MARK: records and the run */

/* What a record expects. */
typedef enum expect_kind {
    EX_UNSET = 0,  /* nothing read yet */
    EX_EVENTS,     /* the triples in `expect` */
    EX_NONE,       /* no event: {---}, noevents="True" */
    EX_DISCARD,    /* a discard or an input error: no event either */
    EX_SKIP        /* not checked: {+++}, -{...}, error="bad_input_parse" */
} expect_kind;

/* Why a record was skipped (counted apart in the summary). */
enum { SKIP_COMPLEX, SKIP_UNCHECKED, SKIP_PARSE, SKIP_N };

/* One validation record. */
typedef struct vrec {
    uint64_t line;         /* line of its header / <Sentence> */
    char id[96];
    char date[11];         /* YYYY-MM-DD, or "" */
    dyad_buf text;         /* the text to code, blanks collapsed */
    tlist expect;
    int kind;              /* expect_kind */
    int skip;              /* SKIP_* when kind == EX_SKIP */
    char what[64];         /* EX_NONE / EX_DISCARD: how the record says it ("{###}", "error=storydiscard") */
    bool bad;              /* malformed (already reported) */
} vrec;

/* The state of one validation run. */
typedef struct vrun {
    const char *path;          /* the records file */
    const dyad_options *opts;
    const dyad_alloc *alloc;
    const dyad_dict *dict;     /* the dictionaries in use (borrowed or own) */
    dyad_dict *own;            /* loaded from the names in the records, or NULL */
    dyad_coder *coder;
    bool all;
    dyad_write_fn out;
    void *ctx;
    bool out_failed;
    dyad_error *err;
    dyad_validate_result res;
    size_t skips[SKIP_N];      /* skipped records by reason */
    size_t inactive;           /* PETRARCH sentence="false" records (not run) */
    size_t option_records;     /* records / elements holding options */
    size_t options_seen;       /* TABARI option blocks read */
    size_t options_applied;    /* TABARI option blocks applied to the TABARI coder */
    size_t option_only;        /* TABARI records holding only options */
    bool yyyy;                 /* TABARI SET: YYYY = TRUE: record dates are YYYYMMDD */
    dyad_buf line;             /* the report line being built */
    dyad_buf names;            /* the dictionary files loaded, " a b c" */
    dyad_buf tmp, tmp2, tmp3;  /* scratch */
    tlist got;                 /* scratch: the triples coded */
    vrec rec;                  /* the record being read */
} vrun;

// Writes the report line built in v->line (plus a newline) and clears it.
static void S_flush(vrun *v)
{
    dyad_buf_putc(&v->line, '\n');
    if (v->line.failed) v->out_failed = true;
    else if (v->out && !v->out_failed && v->out(v->ctx, v->line.data, v->line.len) != 0) v->out_failed = true;
    dyad_buf_clear(&v->line);
}

// Reports a record that cannot be read (diagnostic, file:line) and counts it.
static void S_malformed(vrun *v, uint64_t line, const char *id, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void S_malformed(vrun *v, uint64_t line, const char *id, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    dyad__diag(v->opts, DYAD_SKIPPED, DYAD_ERR_FIELD, v->path, line, id && *id ? id : NULL,
               "malformed validation record: %s; record skipped", msg);
    v->res.malformed++;
}

// Records an option setting that cannot be applied, and lists it in the report.
static void S_option(vrun *v, uint64_t line, const char *id, const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s)) s++, n--;
    while (n && isspace((unsigned char)s[n - 1])) n--;
    v->res.options_ignored++;
    if (id && *id) dyad_buf_printf(&v->line, "option not applied (%s, line %llu): ", id, (unsigned long long)line);
    else dyad_buf_printf(&v->line, "option not applied (line %llu): ", (unsigned long long)line);
    for (size_t i = 0; i < n; i++) /* collapse blanks */
        if (!isspace((unsigned char)s[i]) || (i + 1 < n && !isspace((unsigned char)s[i + 1])))
            dyad_buf_putc(&v->line, isspace((unsigned char)s[i]) ? ' ' : s[i]);
    S_flush(v);
}

// Appends s[0..n) to b with every run of blanks and line breaks made one space.
static void S_put_collapsed(dyad_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (isspace((unsigned char)s[i])) {
            if (b->len && b->data[b->len - 1] != ' ') dyad_buf_putc(b, ' ');
        } else dyad_buf_putc(b, s[i]);
    }
}

// Resets the record being read.
static void S_rec_reset(vrec *r, uint64_t line)
{
    r->line = line;
    r->id[0] = r->date[0] = r->what[0] = '\0';
    dyad_buf_clear(&r->text);
    S_tl_clear(&r->expect);
    r->kind = EX_UNSET;
    r->skip = 0;
    r->bad = false;
}

// Sets the record's expectation when it overrides the current one (skips > no-event codes > events).
static void S_expect(vrec *r, int kind, int skip, const char *what)
{
    static const int rank[] = {0, 1, 2, 2, 3};
    if (rank[kind] < rank[r->kind] || (rank[kind] == rank[r->kind] && kind != EX_EVENTS && r->kind != EX_UNSET)) return;
    r->kind = kind;
    r->skip = skip;
    if (what) snprintf(r->what, sizeof r->what, "%s", what);
}

// Codes the record's text into v->got; false on OOM.
static bool S_code(vrun *v, const vrec *r)
{
    S_tl_clear(&v->got);
    dyad_doc_meta meta = {.id = r->id, .date = r->date[0] ? r->date : NULL};
    dyad_doc *d = dyad_doc_new(r->text.data ? r->text.data : "", r->text.len, &meta, v->err);
    if (!d) return false;
    bool ok = dyad__doc_set_origin(d, v->path, r->line) && dyad_coder_process(v->coder, d, v->err);
    const dyad_event *ev = dyad_doc_events(d);
    for (size_t i = 0; ok && i < dyad_doc_event_count(d); i++)
        S_tl_add(&v->got, ev[i].source, strlen(ev[i].source), ev[i].target, strlen(ev[i].target), ev[i].code,
                 strlen(ev[i].code));
    dyad_doc_free(d);
    if (!ok || v->got.b.failed) {
        if (ok) dyad__set_error(v->err, DYAD_ERR_NOMEM, 0, "validating record %s", r->id);
        return false;
    }
    return true;
}

// Checks a {+++} record with the TABARI coder: it passes when the coder finds the text too
// complex to code (a [+++] code, or the COMPLEX conditions of the options, manual 6.4 and 8.7).
static bool S_check_complex(vrun *v, vrec *r)
{
    if (!S_code(v, r)) return false;
    if (tabari_doc_status(v->coder) & TB_DOC_COMPLEX) {
        v->res.passed++;
        v->res.passed_in_order++;
        return true;
    }
    v->res.failed++;
    dyad_buf_printf(&v->line, "FAIL %s (%s:%llu%s%s)", r->id, v->path, (unsigned long long)r->line, r->date[0] ? ", " : "",
                    r->date);
    S_flush(v);
    dyad_buf_puts(&v->line, "  text:     ");
    dyad_buf_put(&v->line, r->text.data ? r->text.data : "", r->text.len);
    S_flush(v);
    dyad_buf_puts(&v->line, "  expected: complex text ({+++})");
    S_flush(v);
    dyad_buf_puts(&v->line, "  got:      ");
    S_tl_print(&v->line, &v->got, "no event, not complex");
    S_flush(v);
    return true;
}

// Checks one complete record: codes it, compares, counts, reports a mismatch.  False on OOM.
static bool S_check(vrun *v, vrec *r)
{
    if (r->bad) return true;
    if (r->text.failed || r->expect.b.failed) {
        dyad__set_error(v->err, DYAD_ERR_NOMEM, 0, "reading record %s", r->id);
        return false;
    }
    if (r->kind == EX_SKIP && r->skip == SKIP_COMPLEX && v->coder && tabari_active(v->dict)) return S_check_complex(v, r);
    if (r->kind == EX_SKIP) {
        v->res.skipped++;
        v->skips[r->skip]++;
        return true;
    }
    if (r->kind != EX_EVENTS) S_tl_clear(&r->expect); /* {---} or {###} wins over event blocks */
    if (!S_code(v, r)) return false;
    bool same_set, same_order;
    if (!S_tl_compare(v->alloc, &r->expect, &v->got, &same_set, &same_order)) {
        dyad__set_error(v->err, DYAD_ERR_NOMEM, 0, "validating record %s", r->id);
        return false;
    }
    if (same_set) {
        v->res.passed++;
        if (same_order) v->res.passed_in_order++;
        return true;
    }
    v->res.failed++;
    dyad_buf_printf(&v->line, "FAIL %s (%s:%llu%s%s)", r->id, v->path, (unsigned long long)r->line,
                    r->date[0] ? ", " : "", r->date);
    S_flush(v);
    dyad_buf_puts(&v->line, "  text:     ");
    dyad_buf_put(&v->line, r->text.data ? r->text.data : "", r->text.len);
    S_flush(v);
    dyad_buf_puts(&v->line, "  expected: ");
    char none[96];
    snprintf(none, sizeof none, "no event (%s)", r->what[0] ? r->what : "none listed");
    S_tl_print(&v->line, &r->expect, none);
    S_flush(v);
    dyad_buf_puts(&v->line, "  got:      ");
    S_tl_print(&v->line, &v->got, "no event");
    S_flush(v);
    return true;
}

/* MARK: files and dictionaries */

// Reads a whole file into a NUL-terminated buffer (caller frees with a); NULL with err filled on failure.
static char *S_read_file(const dyad_alloc *a, const char *path, size_t *len, dyad_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        dyad__set_error(err, DYAD_ERR_IO, 0, "%s: %s", path, strerror(errno));
        return NULL;
    }
    dyad_buf b;
    dyad_buf_init(&b, a);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) dyad_buf_put(&b, chunk, n);
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad || b.failed) {
        dyad__set_error(err, bad ? DYAD_ERR_IO : DYAD_ERR_NOMEM, 0, "%s: %s", path, bad ? "read error" : "out of memory");
        dyad_buf_free(&b);
        return NULL;
    }
    if (!b.data && dyad_buf_grow(&b, 1)) b.data[0] = '\0'; /* an empty file is still a string */
    if (!b.data) {
        dyad__set_error(err, DYAD_ERR_NOMEM, 0, "%s: out of memory", path);
        return NULL;
    }
    *len = b.len;
    return b.data;
}

// Writes into out the path of name relative to the directory of `base` (unless name is absolute).
static void S_sibling(const char *base, const char *name, size_t nlen, char *out, size_t cap)
{
    const char *slash = strrchr(base, '/');
    if (name[0] == '/' || !slash) snprintf(out, cap, "%.*s", (int)nlen, name);
    else snprintf(out, cap, "%.*s/%.*s", (int)(slash - base), base, (int)nlen, name);
}

// Loads one dictionary file named by the records into v->own, and names it in the report line.
static bool S_load_named(vrun *v, const char *name, size_t nlen)
{
    char path[4096];
    S_sibling(v->path, name, nlen, path, sizeof path);
    if (!v->own && !(v->own = dyad_dict_new(v->opts, v->err))) return false;
    dyad_buf_printf(&v->names, " %.*s", (int)nlen, name);
    if (!dyad_dict_load(v->own, path, v->err)) {
        v->err->code = v->err->code == DYAD_ERR_NOMEM ? DYAD_ERR_NOMEM : DYAD_ERR_IO;
        return false;
    }
    return true;
}

// Makes the coder once the dictionaries are known; false (err filled) on failure.
static bool S_start_coding(vrun *v)
{
    if (v->coder) return true;
    if (!v->dict) v->dict = v->own;
    if (!v->dict || !v->dict->patterns.n) {
        dyad__set_error(v->err, DYAD_ERR_IO, 0, "%s: %s", v->path,
                        v->dict ? "the dictionaries hold no verb patterns: nothing can be coded"
                                : "the records name no dictionaries; give them with --dict");
        return false;
    }
    v->coder = dyad_coder_new(v->dict, v->opts, v->err);
    return v->coder != NULL;
}

/* MARK: TABARI records */

// The .project file for the records: NAME.project next to NAME.text, else a *.project of
// the same directory whose <textfile> names the records (the first in name order).
static bool S_find_project(const vrun *v, char *out, size_t cap)
{
    const char *base = strrchr(v->path, '/');
    base = base ? base + 1 : v->path;
    const char *dot = strrchr(base, '.');
    char name[1024];
    snprintf(name, sizeof name, "%.*s.project", (int)(dot && dot != base ? (size_t)(dot - base) : strlen(base)), base);
    S_sibling(v->path, name, strlen(name), out, cap);
    struct stat st;
    if (stat(out, &st) == 0 && S_ISREG(st.st_mode)) return true;
    char dir[4096];
    S_sibling(v->path, ".", 1, dir, sizeof dir);
    DIR *dh = opendir(dir);
    if (!dh) return false;
    bool found = false;
    char best[1024] = "";
    struct dirent *e;
    while ((e = readdir(dh))) {
        size_t n = strlen(e->d_name);
        if (n < 9 || strcmp(e->d_name + n - 8, ".project") || (best[0] && strcmp(e->d_name, best) >= 0)) continue;
        char path[4096];
        S_sibling(v->path, e->d_name, n, path, sizeof path);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        char ln[1024];
        while (fgets(ln, sizeof ln, f)) {
            char tag[3] = {0}, file[1024];
            if (sscanf(ln, " <%2[A-Za-z]%*[^>]> %1023s", tag, file) == 2 && !strcasecmp(tag, "te") &&
                !strcmp(strrchr(file, '/') ? strrchr(file, '/') + 1 : file, base)) {
                snprintf(best, sizeof best, "%s", e->d_name);
                found = true;
                break;
            }
        }
        fclose(f);
    }
    closedir(dh);
    if (found) S_sibling(v->path, best, strlen(best), out, cap);
    return found;
}

// Loads the actors, verbs, options and agents files a TABARI .project names (tags are
// known by their first two letters, manual 4.1).  False with err filled on failure.
static bool S_tabari_dicts(vrun *v)
{
    char project[4096];
    if (!S_find_project(v, project, sizeof project)) {
        dyad__set_error(v->err, DYAD_ERR_IO, 0, "%s: no .project file next to the records names its dictionaries; give them with --dict",
                        v->path);
        return false;
    }
    size_t len;
    char *text = S_read_file(v->alloc, project, &len, v->err);
    if (!text) return false;
    const char *pb = strrchr(project, '/');
    bool ok = true;
    for (char *s = text; ok && *s;) {
        char *eol = s + strcspn(s, "\r\n");
        char *p = s + strspn(s, " \t");
        if (p[0] == '<' && eol - p > 3) {
            char t0 = (char)tolower((unsigned char)p[1]), t1 = (char)tolower((unsigned char)p[2]);
            char *gt = memchr(p, '>', (size_t)(eol - p));
            bool wanted = (t0 == 'a' && (t1 == 'c' || t1 == 'g')) || (t0 == 'v' && t1 == 'e') || (t0 == 'o' && t1 == 'p');
            if (gt && wanted) {
                char *name = gt + 1;
                name += strspn(name, " \t");
                size_t n = strcspn(name, "<\r\n");
                while (n && isspace((unsigned char)name[n - 1])) n--;
                if (n) ok = S_load_named(v, name, n);
            }
        }
        s = *eol ? eol + 1 : eol;
    }
    dyad__free(v->alloc, text);
    if (ok) {
        dyad_buf_printf(&v->line, "dictionaries (from %s):%s", pb ? pb + 1 : project, v->names.data ? v->names.data : " none");
        S_flush(v);
    }
    return ok;
}

// Reads the header "YYMMDD  RECORD-ID" (YYYYMMDD after SET: YYYY = TRUE) from s[0..n),
// not NUL-terminated, into the record; false (reported) when it is not one.  Like
// TABARI, the date is read with a fixed width: extra digits are reported and ignored.
static bool S_tabari_header(vrun *v, vrec *r, const char *s, size_t n)
{
    size_t k = 0, id0, idn = 0, width = v->yyyy ? 8 : 6;
    while (k < n && isdigit((unsigned char)s[k])) k++;
    for (id0 = k; id0 < n && (s[id0] == ' ' || s[id0] == '\t'); id0++) {}
    while (id0 + idn < n && s[id0 + idn] != ' ' && s[id0 + idn] != '\t') idn++;
    if (idn) snprintf(r->id, sizeof r->id, "%.*s", (int)idn, s + id0);
    if (k < width || id0 == k || !idn) {
        S_malformed(v, r->line, r->id, "expected a header '%s  RECORD-ID', not '%.*s'", v->yyyy ? "YYYYMMDD" : "YYMMDD",
                    (int)(n > 60 ? 60 : n), s);
        return false;
    }
    if (v->yyyy) snprintf(r->date, sizeof r->date, "%.4s-%.2s-%.2s", s, s + 4, s + 6);
    else {
        int yy = (s[0] - '0') * 10 + (s[1] - '0');
        snprintf(r->date, sizeof r->date, "%d-%.2s-%.2s", yy <= 30 ? 2000 + yy : 1900 + yy, s + 2, s + 4);
    }
    if (!dyad__valid_date(r->date, 10)) {
        S_malformed(v, r->line, r->id, "'%.*s' is not a date %s", (int)width, s, v->yyyy ? "YYYYMMDD" : "YYMMDD");
        return false;
    }
    if (k > width)
        dyad__diag(v->opts, DYAD_WARNING, DYAD_ERR_DATE, v->path, r->line, r->id,
                   "the date '%.*s' has %zu digits; read as %s (%s)", (int)k, s, k, r->date, v->yyyy ? "YYYYMMDD" : "YYMMDD");
    return true;
}

// An option block: SET: YYYY is applied here (it says how record dates are written);
// the others are settings of the coder, which has none to set: listed and counted.
static void S_tabari_option(vrun *v, uint64_t line, const char *id, const char *s, size_t n)
{
    char key[64];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < sizeof key; i++)
        if (!isspace((unsigned char)s[i])) key[k++] = (char)toupper((unsigned char)s[i]);
    key[k] = '\0';
    v->options_seen++;
    if (!strcmp(key, "SET:YYYY=TRUE") || !strcmp(key, "SET:YYYY=FALSE")) {
        v->yyyy = key[9] == 'T';
        dyad_buf_printf(&v->line, "option applied (%s, line %llu): SET: YYYY = %s (record dates are read as %s)", id,
                        (unsigned long long)line, v->yyyy ? "TRUE" : "FALSE", v->yyyy ? "YYYYMMDD" : "YYMMDD");
        S_flush(v);
        return;
    }
    if (v->coder && tabari_active(v->dict)) {
        /* the TABARI coder takes the .options commands at run time (manual 8) */
        char cmd[512], why[160] = "";
        snprintf(cmd, sizeof cmd, "%.*s", (int)(n < sizeof cmd ? n : sizeof cmd - 1), s);
        if (tabari_apply_option(v->coder, cmd, why, sizeof why)) {
            v->options_applied++;
            dyad_buf_printf(&v->line, "option applied (%s, line %llu): ", id, (unsigned long long)line);
            S_put_collapsed(&v->line, cmd, strlen(cmd));
            S_flush(v);
            return;
        }
    }
    S_option(v, line, id, s, n);
}

// Reads the blocks of a TABARI comment ({ SRC / TGT / CODE }, {---}, {###}, {+++},
// -{...}, { OPTION: ... }) into the record.  `line` is the line of com[0].
static void S_tabari_blocks(vrun *v, vrec *r, const char *com, size_t n, uint64_t line)
{
    const char *p = com, *end = com + n;
    while (p < end && !r->bad) {
        if (*p == '\n') line++;
        if (*p != '{') { p++; continue; }
        bool dash = p > com && p[-1] == '-';
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        const char *close = memchr(p, '}', (size_t)(eol - p));
        const char *c = p + 1, *ce = close ? close : eol;
        while (c < ce && isspace((unsigned char)*c)) c++;
        while (ce > c && isspace((unsigned char)ce[-1])) ce--;
        size_t cn = (size_t)(ce - c);
        p = close ? close + 1 : eol; /* eol: the loop counts the line break */
        char code[4] = "";
        if (cn == 3) memcpy(code, c, 3);
        if (dash) S_expect(r, EX_SKIP, SKIP_UNCHECKED, NULL);
        else if (cn >= 7 && !strncasecmp(c, "OPTION", 6) && (c[6] == ':' || isspace((unsigned char)c[6]))) {
            const char *o = c + 6;
            while (o < ce && (*o == ':' || isspace((unsigned char)*o))) o++;
            S_tabari_option(v, line, r->id, o, (size_t)(ce - o)); /* an unclosed block runs to the line end */
        } else if (!close) {
            S_malformed(v, line, r->id, "'{' without '}' on its line");
            r->bad = true;
        } else if (cn == 0) {
            /* "{}" in prose */
        } else if (!strcmp(code, "---")) S_expect(r, EX_NONE, 0, "{---}");
        else if (!strcmp(code, "###")) S_expect(r, EX_DISCARD, 0, "{###} discard");
        else if (!strcmp(code, "+++")) S_expect(r, EX_SKIP, SKIP_COMPLEX, NULL);
        else {
            const char *s1 = memchr(c, '/', cn);
            const char *s2 = s1 ? memchr(s1 + 1, '/', (size_t)(ce - s1 - 1)) : NULL;
            if (!s2 || memchr(s2 + 1, '/', (size_t)(ce - s2 - 1)) || s2 + 1 == ce) {
                S_malformed(v, line, r->id, "cannot read '{%.*s}' as { SOURCE / TARGET / CODE }, {---}, {###} or {+++}",
                            (int)(cn > 60 ? 60 : cn), c);
                r->bad = true;
            } else {
                S_tl_add(&r->expect, c, (size_t)(s1 - c), s1 + 1, (size_t)(s2 - s1 - 1), s2 + 1, (size_t)(ce - s2 - 1));
                S_expect(r, EX_EVENTS, 0, NULL);
            }
        }
    }
}

// Reads one TABARI record (header, and body up to a blank line) and checks it.
// Returns -1 on OOM, 1 at FINAL-01 (the end of the standard suite) unless v->all, else 0.
static int S_tabari_record(vrun *v, vrec *r, const char *hdr, size_t hn, const char *body, size_t bn)
{
    if (!S_tabari_header(v, r, hdr, hn)) return 0;
    if (!strcmp(r->id, "FINAL-01")) return v->all ? 0 : 1; /* a marker, never coded */
    const char *open = NULL;
    for (size_t i = 0; i + 1 < bn && !open; i++)
        if (body[i] == '/' && body[i + 1] == '*') open = body + i;
    S_put_collapsed(&r->text, body, open ? (size_t)(open - body) : bn);
    if (r->text.len && r->text.data[r->text.len - 1] == ' ') r->text.data[--r->text.len] = '\0';
    if (!open) {
        S_malformed(v, r->line, r->id, "no /* comment */ with the expected events");
        return 0;
    }
    /* Like TABARI, the expected events are read from the whole rest of the record: some records
     * list events after a first "*\/" (PATTERN-26, AGENTS-11) */
    const char *com = open + 2, *cend = body + bn;
    uint64_t line = r->line + 1;
    for (const char *q = body; q < com; q++) line += *q == '\n';
    size_t opts_before = v->options_seen;
    S_tabari_blocks(v, r, com, (size_t)(cend - com), line);
    if (r->bad) return 0;
    if (v->options_seen > opts_before) v->option_records++;
    if (r->kind == EX_UNSET) {
        if (v->options_seen == opts_before)
            S_malformed(v, r->line, r->id, "no expected events: give { SOURCE / TARGET / CODE }, {---}, {###} or {+++}");
        v->option_only++;
        return 0; /* an option record: nothing to check */
    }
    return S_check(v, r) ? 0 : -1;
}

// Runs TABARI records: a header line, text lines, a /* comment */ with the expected
// events; a blank line ends a record; '#' lines between records are comments.
static bool S_tabari(vrun *v, const char *text, size_t len)
{
    dyad_buf_printf(&v->line, "TABARI records %s (%s)", v->path,
                    v->all ? "all records" : "the standard suite: the records before FINAL-01");
    S_flush(v);
    if (v->dict) {
        dyad_buf_puts(&v->line, "dictionaries: given by the caller");
        S_flush(v);
    } else if (!S_tabari_dicts(v)) return false;
    if (!S_start_coding(v)) return false;
    if (tabari_active(v->dict) && !tabari_whole_texts(v->coder, true)) { /* a record is one text (manual 4.3) */
        dyad__set_error(v->err, DYAD_ERR_NOMEM, 0, "validating %s", v->path);
        return false;
    }
    vrec *r = &v->rec;
    const char *p = text, *end = text + len;
    uint64_t lineno = 0;
    while (p < end && !v->out_failed) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        lineno++;
        size_t n = (size_t)(eol - p);
        if (n && p[n - 1] == '\r') n--;
        const char *hdr = p;
        size_t blank = 0;
        while (blank < n && (hdr[blank] == ' ' || hdr[blank] == '\t')) blank++;
        p = eol < end ? eol + 1 : end;
        if (blank == n || hdr[0] == '#') continue;
        S_rec_reset(r, lineno);
        const char *body = p;
        while (p < end) { /* the body runs to the next blank line */
            const char *e = memchr(p, '\n', (size_t)(end - p));
            if (!e) e = end;
            size_t m = 0;
            while (p + m < e && isspace((unsigned char)p[m])) m++;
            if (p + m == e) break;
            p = e < end ? e + 1 : end;
            lineno++;
        }
        int rc = S_tabari_record(v, r, hdr, n, body, (size_t)(p - body));
        if (rc < 0) return false;
        if (rc > 0) break;
    }
    return true;
}

/* MARK: PETRARCH records (XML) */

/* Kinds of XML tokens. */
enum { X_EOF, X_OPEN, X_CLOSE, X_EMPTY, X_TEXT, X_ERROR };

/* A hand-written pull reader for the regular XML of PETRARCH's records. */
typedef struct xtok xtok;
typedef struct xtok {
    int type;
    const char *name;   /* element name (X_OPEN, X_CLOSE, X_EMPTY) */
    size_t nlen;
    const char *s;      /* attributes (X_OPEN, X_EMPTY), text (X_TEXT), message (X_ERROR) */
    size_t n;
    uint64_t line;      /* line where the token starts */
} xtok;

typedef struct xml {
    const char *p, *end;
    uint64_t line;      /* line of p */
    xtok back;          /* a token given back (S_x_unget) */
    bool has_back;
} xml;

// Moves the cursor to q, counting line breaks.
static void S_x_to(xml *x, const char *q)
{
    for (; x->p < q; x->p++) x->line += *x->p == '\n';
}

// Finds the string s in [from, x->end), or NULL.
static const char *S_x_find(const xml *x, const char *from, const char *s)
{
    size_t n = strlen(s);
    for (const char *q = from; q + n <= x->end; q++)
        if (*q == *s && !memcmp(q, s, n)) return q;
    return NULL;
}

// Gives a token back: the next S_x_next returns it again.
static void S_x_unget(xml *x, const xtok *t)
{
    x->back = *t;
    x->has_back = true;
}

// Reads the next token, skipping comments, <?...?> and <!...> declarations.
static void S_x_next(xml *x, xtok *t)
{
    if (x->has_back) {
        *t = x->back;
        x->has_back = false;
        return;
    }
    for (;;) {
        memset(t, 0, sizeof *t);
        t->line = x->line;
        if (x->p >= x->end) { t->type = X_EOF; return; }
        if (*x->p != '<') {
            const char *lt = memchr(x->p, '<', (size_t)(x->end - x->p));
            if (!lt) lt = x->end;
            t->type = X_TEXT;
            t->s = x->p;
            t->n = (size_t)(lt - x->p);
            S_x_to(x, lt);
            return;
        }
        const char *skip_to = NULL, *term = NULL;
        if (x->end - x->p >= 4 && !memcmp(x->p, "<!--", 4)) term = "-->";
        else if (x->end - x->p >= 9 && !memcmp(x->p, "<![CDATA[", 9)) term = "]]>";
        else if (x->end - x->p >= 2 && (x->p[1] == '?' || x->p[1] == '!')) term = ">";
        if (term) {
            const char *q = S_x_find(x, x->p + 2, term);
            if (!q) {
                t->type = X_ERROR;
                t->s = "a comment or declaration is not closed";
                t->n = strlen(t->s);
                S_x_to(x, x->end);
                return;
            }
            skip_to = q + strlen(term);
            if (term[0] == ']') { /* CDATA: text as is */
                t->type = X_TEXT;
                t->s = x->p + 9;
                t->n = (size_t)(q - t->s);
                S_x_to(x, skip_to);
                return;
            }
            S_x_to(x, skip_to);
            continue;
        }
        /* a tag: find its '>' outside quoted attribute values */
        const char *q = x->p + 1;
        char quote = 0;
        for (; q < x->end; q++) {
            if (quote) { if (*q == quote) quote = 0; }
            else if (*q == '"' || *q == '\'') quote = *q;
            else if (*q == '>' || *q == '<') break;
        }
        if (q >= x->end || *q == '<') {
            t->type = X_ERROR;
            t->s = "a tag is not closed with '>'";
            t->n = strlen(t->s);
            S_x_to(x, q >= x->end ? x->end : q);
            return;
        }
        const char *b = x->p + 1, *e = q;
        t->type = X_OPEN;
        if (*b == '/') { t->type = X_CLOSE; b++; }
        else if (e > b && e[-1] == '/') { t->type = X_EMPTY; e--; }
        t->name = b;
        while (b < e && !isspace((unsigned char)*b) && *b != '/') b++;
        t->nlen = (size_t)(b - t->name);
        t->s = b;
        t->n = (size_t)(e - b);
        S_x_to(x, q + 1);
        if (!t->nlen) {
            t->type = X_ERROR;
            t->s = "a tag without a name";
            t->n = strlen(t->s);
        }
        return;
    }
}

// True when the token is an element (open, close or empty as asked) named name (any case).
static bool S_x_is(const xtok *t, int type, const char *name)
{
    bool type_ok = t->type == type || (type == X_OPEN && t->type == X_EMPTY);
    return type_ok && t->nlen == strlen(name) && !strncasecmp(t->name, name, t->nlen);
}

// Appends s[0..n) to out with the XML entities decoded (&amp; &lt; &gt; &quot; &apos; &#N; &#xN;).
static void S_x_unescape(dyad_buf *out, const char *s, size_t n)
{
    static const char *const names[] = {"amp;", "lt;", "gt;", "quot;", "apos;"};
    static const char chars[] = "&<>\"'";
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '&') { dyad_buf_putc(out, s[i]); continue; }
        size_t k;
        for (k = 0; k < 5; k++) {
            size_t l = strlen(names[k]);
            if (i + 1 + l <= n && !memcmp(s + i + 1, names[k], l)) break;
        }
        if (k < 5) { dyad_buf_putc(out, chars[k]); i += strlen(names[k]); continue; }
        if (i + 2 < n && s[i + 1] == '#') {
            bool hex = s[i + 2] == 'x' || s[i + 2] == 'X';
            size_t j = i + (hex ? 3 : 2);
            long cp = 0;
            while (j < n && cp < 0x110000 && (hex ? isxdigit((unsigned char)s[j]) : isdigit((unsigned char)s[j])))
                cp = cp * (hex ? 16 : 10) + (isdigit((unsigned char)s[j]) ? s[j] - '0' : (s[j] | 0x20) - 'a' + 10), j++;
            if (j < n && s[j] == ';' && cp > 0 && cp < 0x110000) {
                char u[4];
                dyad_buf_put(out, u, (size_t)dyad_utf8_encode((int32_t)cp, u));
                i = j;
                continue;
            }
        }
        dyad_buf_putc(out, '&'); /* not an entity: kept as written */
    }
}

// Looks up attribute `name` of a tag and decodes its value into out (cleared first).
// Returns 1 when found, 0 when absent, -1 when the attributes cannot be read.
static int S_x_attr(const xtok *t, const char *name, dyad_buf *out)
{
    dyad_buf_clear(out);
    const char *p = t->s, *end = t->s + t->n;
    size_t want = strlen(name);
    for (;;) {
        while (p < end && isspace((unsigned char)*p)) p++;
        if (p >= end) return 0;
        const char *a = p;
        while (p < end && !isspace((unsigned char)*p) && *p != '=') p++;
        size_t an = (size_t)(p - a);
        while (p < end && isspace((unsigned char)*p)) p++;
        if (p >= end || *p != '=' || !an) return -1;
        p++;
        while (p < end && isspace((unsigned char)*p)) p++;
        if (p >= end || (*p != '"' && *p != '\'')) return -1;
        const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));
        if (!q) return -1;
        if (an == want && !strncasecmp(a, name, an)) {
            S_x_unescape(out, p + 1, (size_t)(q - p - 1));
            return 1;
        }
        p = q + 1;
    }
}

// Collects the text of the element `name` just opened, up to its closing tag, into out
// (entities decoded, nested elements skipped).  False when the file ends first, or when a
// <Sentence> tag comes first (it is given back, so one unclosed element loses one record).
static bool S_x_text(xml *x, const char *name, dyad_buf *out)
{
    xtok t;
    for (;;) {
        S_x_next(x, &t);
        if (t.type == X_EOF || t.type == X_ERROR) return false;
        if (S_x_is(&t, X_CLOSE, name)) return true;
        if (strcasecmp(name, "Sentence") && (S_x_is(&t, X_OPEN, "Sentence") || S_x_is(&t, X_CLOSE, "Sentence"))) {
            S_x_unget(x, &t);
            return false;
        }
        if (t.type == X_TEXT) S_x_unescape(out, t.s, t.n);
    }
}

// A <Config option="..." value="..."/> element: an option the coder cannot apply.
static void S_petrarch_config(vrun *v, const xtok *t, const char *id)
{
    if (S_x_attr(t, "option", &v->tmp) == 1 && S_x_attr(t, "value", &v->tmp2) >= 0) {
        dyad_buf_puts(&v->tmp, " = ");
        dyad_buf_put(&v->tmp, v->tmp2.data ? v->tmp2.data : "", v->tmp2.len);
    } else {
        dyad_buf_clear(&v->tmp);
        dyad_buf_put(&v->tmp, t->s, t->n);
    }
    v->option_records++;
    S_option(v, t->line, id, v->tmp.data ? v->tmp.data : "", v->tmp.len);
}

// Skips to the end of an element whose start tag t was just read (nothing to do when
// empty); false when it is not closed (see S_x_text).
static bool S_x_skip(xml *x, const xtok *t, dyad_buf *scratch)
{
    char name[64];
    if (t->type != X_OPEN) return true;
    snprintf(name, sizeof name, "%.*s", (int)t->nlen, t->name);
    dyad_buf_clear(scratch);
    bool ok = S_x_text(x, name, scratch);
    dyad_buf_clear(scratch);
    return ok;
}

// Reads one <EventCoding .../> element into the record.
static void S_petrarch_coding(vrun *v, vrec *r, const xtok *t)
{
    dyad_buf *a = &v->tmp, *b = &v->tmp2, *c = &v->tmp3;
    const char *av;
    int k = S_x_attr(t, "noevents", a);
    if (k == 1) {
        av = a->data ? a->data : "";
        if (!strcasecmp(av, "true")) S_expect(r, EX_NONE, 0, "noevents=True");
        else if (strcasecmp(av, "false")) {
            S_malformed(v, t->line, r->id, "noevents=\"%.40s\" is neither True nor False", av);
            r->bad = true;
        }
        return;
    }
    int ke = k < 0 ? -1 : S_x_attr(t, "error", a);
    if (ke == 1) {
        av = a->data ? a->data : "";
        if (!strcasecmp(av, "bad_input_parse")) S_expect(r, EX_SKIP, SKIP_PARSE, NULL);
        else {
            char what[64];
            snprintf(what, sizeof what, "error=%.40s", av);
            S_expect(r, EX_DISCARD, 0, what);
        }
        return;
    }
    int ks = S_x_attr(t, "sourcecode", a), kt = S_x_attr(t, "targetcode", b), kc = S_x_attr(t, "eventcode", c);
    if (ke == 0 && ks == 1 && kt == 1 && kc == 1) {
        S_tl_add(&r->expect, a->data ? a->data : "", a->len, b->data ? b->data : "", b->len, c->data ? c->data : "", c->len);
        S_expect(r, EX_EVENTS, 0, NULL);
        return;
    }
    if (ke < 0 || ks < 0 || kt < 0 || kc < 0)
        S_malformed(v, t->line, r->id, "cannot read the attributes of <EventCoding> (name=\"value\" expected)");
    else
        S_malformed(v, t->line, r->id, "<EventCoding> needs sourcecode, targetcode and eventcode, or noevents or error");
    r->bad = true;
}

// Reads the attributes of a <Sentence> start tag; false when the record is not to be run.
static void S_petrarch_head(vrun *v, vrec *r, const xtok *st, bool *active)
{
    dyad_buf *a = &v->tmp;
    int ki = S_x_attr(st, "id", a);
    if (ki == 1 && a->len) snprintf(r->id, sizeof r->id, "%s", a->data);
    else snprintf(r->id, sizeof r->id, "line-%llu", (unsigned long long)r->line);
    int ks = S_x_attr(st, "sentence", a);
    *active = !(ks == 1 && !strcasecmp(a->data ? a->data : "", "false"));
    int kd = S_x_attr(st, "date", a);
    if (ki < 0 || ks < 0 || kd < 0) {
        if (*active) S_malformed(v, r->line, r->id, "cannot read the attributes of <Sentence> (name=\"value\" expected)");
        r->bad = true;
        return;
    }
    const char *d = a->data ? a->data : "";
    if (a->len == 8 && strspn(d, "0123456789") == 8) snprintf(r->date, sizeof r->date, "%.4s-%.2s-%.2s", d, d + 4, d + 6);
    else if (a->len == 10) snprintf(r->date, sizeof r->date, "%s", d);
    if (!r->date[0] || !dyad__valid_date(r->date, 10)) {
        if (*active) S_malformed(v, r->line, r->id, "date \"%.20s\" is not YYYYMMDD", d);
        r->date[0] = '\0';
        r->bad = true;
    }
}

// Reads a <Sentence> element (start tag st) up to </Sentence> and checks it.
// Returns -1 on OOM, 1 when the file ends inside it, else 0.
static int S_petrarch_sentence(vrun *v, xml *x, const xtok *st)
{
    vrec *r = &v->rec;
    S_rec_reset(r, st->line);
    bool active, text = false, coding = false;
    S_petrarch_head(v, r, st, &active);
    if (st->type == X_EMPTY) {
        if (active && !r->bad) S_malformed(v, r->line, r->id, "empty <Sentence/>: no text and no <EventCoding>");
        v->inactive += !active;
        return 0;
    }
    xtok t;
    for (;;) {
        S_x_next(x, &t);
        if (S_x_is(&t, X_CLOSE, "Sentence")) break;
        if (t.type == X_EOF || S_x_is(&t, X_OPEN, "Sentence")) {
            if (active && !r->bad) S_malformed(v, r->line, r->id, "<Sentence> is not closed by </Sentence>");
            v->inactive += !active;
            if (t.type == X_EOF) return 1;
            S_x_unget(x, &t); /* the caller reads the next one */
            return 0;
        }
        bool closed = true;
        if (t.type == X_ERROR) {
            if (active && !r->bad) S_malformed(v, t.line, r->id, "%.*s", (int)t.n, t.s);
            r->bad = true;
        } else if (S_x_is(&t, X_OPEN, "EventCoding")) {
            coding = true;
            if (active && !r->bad) S_petrarch_coding(v, r, &t);
            closed = S_x_skip(x, &t, &v->tmp);
        } else if (S_x_is(&t, X_OPEN, "Text")) {
            text = true;
            dyad_buf_clear(&v->tmp);
            closed = t.type == X_EMPTY || S_x_text(x, "Text", &v->tmp);
            S_put_collapsed(&r->text, v->tmp.data ? v->tmp.data : "", v->tmp.len);
        } else if (S_x_is(&t, X_OPEN, "Config")) {
            S_petrarch_config(v, &t, r->id);
            closed = S_x_skip(x, &t, &v->tmp);
        } else if (t.type == X_OPEN) closed = S_x_skip(x, &t, &v->tmp); /* <Parse> and anything else */
        if (!closed) {
            if (active && !r->bad) S_malformed(v, t.line, r->id, "<%.*s> is not closed", (int)t.nlen, t.name);
            r->bad = true;
        }
    }
    if (!active) { v->inactive++; return 0; }
    if (r->bad) return 0;
    while (r->text.len && r->text.data[r->text.len - 1] == ' ') r->text.data[--r->text.len] = '\0';
    if (r->text.len && r->text.data[0] == ' ') {
        memmove(r->text.data, r->text.data + 1, r->text.len);
        r->text.len--;
    }
    if (!text || !r->text.len) S_malformed(v, r->line, r->id, "no <Text> to code");
    else if (!coding || r->kind == EX_UNSET) S_malformed(v, r->line, r->id, "no <EventCoding> with the expected events");
    else return S_check(v, r) ? 0 : -1;
    return 0;
}

// Reads <Environment>: loads the Verbfile, Actorfile, Agentfile and Discardfile it names
// (unless the caller gave the dictionaries) and lists its <Config> options.
static bool S_petrarch_env(vrun *v, xml *x)
{
    static const char *const files[] = {"Verbfile", "Actorfile", "Agentfile", "Discardfile"};
    xtok t;
    for (;;) {
        S_x_next(x, &t);
        if (t.type == X_EOF || S_x_is(&t, X_CLOSE, "Environment")) break;
        if (S_x_is(&t, X_OPEN, "Sentence")) {
            S_malformed(v, t.line, NULL, "<Environment> is not closed before the first <Sentence>");
            S_x_unget(x, &t);
            break;
        }
        if (t.type == X_ERROR) { S_malformed(v, t.line, NULL, "<Environment>: %.*s", (int)t.n, t.s); continue; }
        if (S_x_is(&t, X_OPEN, "Config")) {
            S_petrarch_config(v, &t, "Environment");
            S_x_skip(x, &t, &v->tmp);
            continue;
        }
        bool file = false;
        for (int i = 0; i < 4; i++) file = file || (t.type == X_OPEN && S_x_is(&t, X_OPEN, files[i]));
        if (!file) { S_x_skip(x, &t, &v->tmp); continue; }
        dyad_buf_clear(&v->tmp);
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)t.nlen, t.name);
        S_x_text(x, name, &v->tmp);
        const char *s = v->tmp.data ? v->tmp.data : "";
        size_t n = v->tmp.len;
        while (n && isspace((unsigned char)*s)) s++, n--;
        while (n && isspace((unsigned char)s[n - 1])) n--;
        if (n && !v->dict && !S_load_named(v, s, n)) return false;
    }
    return true;
}

// Runs PETRARCH records: <Environment>, then <Sentence> elements with <EventCoding>
// and <Text>; <Config> elements anywhere; a <Stop> element ends the run unless v->all.
static bool S_petrarch(vrun *v, const char *text, size_t len)
{
    dyad_buf_printf(&v->line, "PETRARCH records %s (%s)", v->path, v->all ? "all records" : "to the end or a <Stop> element");
    S_flush(v);
    xml x = {.p = text, .end = text + len, .line = 1};
    xtok t;
    bool listed = false;
    while (!v->out_failed) {
        S_x_next(&x, &t);
        if (t.type == X_EOF) break;
        if (t.type == X_ERROR) S_malformed(v, t.line, NULL, "%.*s", (int)t.n, t.s);
        else if (S_x_is(&t, X_OPEN, "Environment") && t.type == X_OPEN) {
            if (!S_petrarch_env(v, &x)) return false;
        } else if (S_x_is(&t, X_OPEN, "Config")) S_petrarch_config(v, &t, NULL);
        else if (S_x_is(&t, X_OPEN, "Stop") && !v->all) break;
        else if (S_x_is(&t, X_OPEN, "Sentence")) {
            if (!listed) {
                dyad_buf_printf(&v->line, "dictionaries%s:%s", v->dict ? "" : " (from <Environment>)",
                                v->dict ? " given by the caller" : v->names.data ? v->names.data : " none");
                S_flush(v);
                listed = true;
            }
            if (!S_start_coding(v)) return false;
            int rc = S_petrarch_sentence(v, &x, &t);
            if (rc < 0) return false;
            if (rc > 0) break;
        }
    }
    return true;
}

/* MARK: the run */

// Writes the summary; the last line is "N passed, M failed".
static void S_summary(vrun *v)
{
    const dyad_validate_result *r = &v->res;
    dyad_buf_printf(&v->line, "records: %zu (%zu checked, %zu skipped, %zu with options only, %zu malformed)",
                    r->passed + r->failed + r->skipped + v->option_only + r->malformed, r->passed + r->failed, r->skipped,
                    v->option_only, r->malformed);
    S_flush(v);
    if (v->inactive) {
        dyad_buf_printf(&v->line, "not run: %zu records marked sentence=\"false\"", v->inactive);
        S_flush(v);
    }
    dyad_buf_printf(&v->line, "skipped: %zu (not counted as passed or failed)", r->skipped);
    static const char *const why[SKIP_N] = {"{+++} too complex", "-{...} not to be checked",
                                            "error=bad_input_parse: tests of the parse tree, which dyad does not read"};
    const char *sep = ": ";
    for (int i = 0; i < SKIP_N; i++)
        if (v->skips[i]) dyad_buf_printf(&v->line, "%s%zu %s", sep, v->skips[i], why[i]), sep = ", ";
    S_flush(v);
    if (v->options_applied)
        dyad_buf_printf(&v->line, "options: %zu applied to the TABARI coder, %zu not applied", v->options_applied, r->options_ignored);
    else
        dyad_buf_printf(&v->line, "options not applied: %zu (the coder has no run-time options; all records are coded with the settings the dictionaries load)",
                        r->options_ignored);
    S_flush(v);
    if (r->malformed) {
        dyad_buf_printf(&v->line, "malformed records: %zu (reported as errors; not counted)", r->malformed);
        S_flush(v);
    }
    dyad_buf_printf(&v->line, "passed in order: %zu of %zu (dyad compares the events as sets; TABARI compares them in order)",
                    r->passed_in_order, r->passed);
    S_flush(v);
    dyad_buf_printf(&v->line, "%zu passed, %zu failed", r->passed, r->failed);
    S_flush(v);
}

// True when the records are PETRARCH's XML: a .xml name, or '<' as the first non-blank byte.
static bool S_is_xml(const char *path, const char *text, size_t len)
{
    size_t n = strlen(path);
    if (n > 4 && !strcasecmp(path + n - 4, ".xml")) return true;
    size_t i = len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) ? 3 : 0;
    while (i < len && isspace((unsigned char)text[i])) i++;
    return i < len && text[i] == '<';
}

bool dyad_validate(const char *records_path, const dyad_dict *dict, const dyad_options *opts, bool all,
                   dyad_write_fn out, void *ctx, dyad_validate_result *res, dyad_error *err)
{
    if (res) memset(res, 0, sizeof *res);
    if (!records_path) {
        dyad__set_error(err, DYAD_ERR_ARG, 0, "dyad_validate: NULL records path");
        return false;
    }
    dyad_error local = {0};
    vrun v;
    memset(&v, 0, sizeof v);
    v.path = records_path;
    v.opts = opts;
    v.alloc = opts ? &opts->alloc : dyad__default_alloc();
    v.dict = dict;
    v.all = all;
    v.out = out;
    v.ctx = ctx;
    v.err = err ? err : &local;
    dyad_buf *bufs[] = {&v.line, &v.names, &v.tmp, &v.tmp2, &v.tmp3, &v.got.b, &v.rec.text, &v.rec.expect.b};
    for (size_t i = 0; i < sizeof bufs / sizeof *bufs; i++) dyad_buf_init(bufs[i], v.alloc);
    size_t len = 0;
    char *text = S_read_file(v.alloc, records_path, &len, v.err);
    bool ok = text != NULL;
    if (ok) ok = S_is_xml(records_path, text, len) ? S_petrarch(&v, text, len) : S_tabari(&v, text, len);
    if (ok && v.res.passed + v.res.failed + v.res.skipped + v.res.malformed + v.inactive == 0 && !v.option_records)
        dyad__diag(opts, DYAD_WARNING, DYAD_ERR_FIELD, records_path, 0, NULL,
                   "no validation records found (TABARI: 'YYMMDD  ID' headers; PETRARCH: <Sentence> elements)");
    if (ok) S_summary(&v);
    if (ok && v.out_failed) {
        dyad__set_error(v.err, v.line.failed ? DYAD_ERR_NOMEM : DYAD_ERR_IO, 0, "the validation report could not be written");
        ok = false;
    }
    if (res) *res = v.res;
    dyad__free(v.alloc, text);
    dyad_coder_free(v.coder);
    dyad_dict_free(v.own);
    for (size_t i = 0; i < sizeof bufs / sizeof *bufs; i++) dyad_buf_free(bufs[i]);
    return ok;
}
