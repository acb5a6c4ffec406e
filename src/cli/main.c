/*
 * main.c — the dyad command line.  A thin layer over the public API
 * (include/dyad.h): it parses arguments, prints diagnostics and maps outcomes
 * to the exit codes documented in docs/cli.md:
 *
 *   0  success (warnings about repaired input may have been printed)
 *   1  the run finished, but some inputs or documents were skipped
 *   2  usage error (unknown command or option, bad argument)
 *   3  failure: out of memory, output could not be written, or the
 *      command is not available in this version
 */
#include "dyad.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_SKIPPED = 1, EXIT_USAGE = 2, EXIT_FAIL = 3 };

/* MARK: diagnostics and output */

typedef struct cli_ctx {
    const char *cmd;
    bool quiet;
    unsigned long warnings, skipped;
} cli_ctx;

static void S_print_diag(void *vctx, const dyad_diag *d)
{
    cli_ctx *ctx = vctx;
    if (d->severity == DYAD_SKIPPED) ctx->skipped++;
    else ctx->warnings++;
    if (ctx->quiet && d->severity == DYAD_NOTE) return;
    const char *sev = d->severity == DYAD_SKIPPED ? "error" : d->severity == DYAD_WARNING ? "warning" : "note";
    fprintf(stderr, "dyad %s: %s: ", ctx->cmd, sev);
    if (d->file && d->line) fprintf(stderr, "%s:%llu: ", d->file, (unsigned long long)d->line);
    else if (d->file) fprintf(stderr, "%s: ", d->file);
    if (d->doc_id && (!d->file || strcmp(d->doc_id, d->file) != 0)) fprintf(stderr, "document '%s': ", d->doc_id);
    fprintf(stderr, "%s\n", d->message);
}

static int S_write_stdout(void *ctx, const char *bytes, size_t len)
{
    (void)ctx;
    return fwrite(bytes, 1, len, stdout) == len ? 0 : -1;
}

static double S_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* MARK: usage */

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *synopsis;
    const char *help;
} command;

static const command *S_find(const char *name);

static int S_usage_error(const char *cmd, const char *fmt, const char *arg)
{
    fprintf(stderr, "dyad %s: ", cmd);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'dyad %s --help'.\n", cmd);
    return EXIT_USAGE;
}

/* MARK: shared options */

typedef struct run_opts {
    const char **inputs;
    size_t ninputs;
    const char *dicts[64];
    size_t ndicts;
    const char *date;
    const char *format;
    const char *input_format;
    size_t max_doc;
    long threads;
    bool quiet;
    bool no_context;     /* --no-context */
    const char *explain_text;
} run_opts;

// Parses a size such as 16M, 512k or 1048576; returns 0 when invalid.
static size_t S_parse_size(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || s[0] == '-') return 0;
    unsigned long long mult = 1;
    if (*end == 'k' || *end == 'K') mult = 1ull << 10, end++;
    else if (*end == 'm' || *end == 'M') mult = 1ull << 20, end++;
    else if (*end == 'g' || *end == 'G') mult = 1ull << 30, end++;
    if (*end) return 0;
    if (v > SIZE_MAX / mult) return 0;
    return (size_t)(v * mult);
}

// Parses the options common to the coding commands; returns 0 or an exit code.
static int S_parse_run_opts(const char *cmd, int argc, char **argv, run_opts *ro, bool positional_text)
{
    memset(ro, 0, sizeof *ro);
    ro->inputs = calloc((size_t)argc + 1, sizeof *ro->inputs);
    if (!ro->inputs) return EXIT_FAIL;
    ro->threads = 0;   /* 0: one per online CPU */
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
#define TAKE(opt)                                                              \
    (strcmp(a, opt) == 0 ? (i + 1 < argc ? (val = argv[++i], true)             \
                                         : (S_usage_error(cmd, "option %s needs a value", opt), exit(EXIT_USAGE), false)) \
                         : (strncmp(a, opt "=", sizeof(opt)) == 0 ? (val = a + sizeof(opt), true) : false))
        if (TAKE("--date")) ro->date = val;
        else if (TAKE("--format")) ro->format = val;
        else if (TAKE("--input-format")) ro->input_format = val;
        else if (TAKE("--dict")) {
            if (ro->ndicts == 64) return S_usage_error(cmd, "%s", "at most 64 --dict options");
            ro->dicts[ro->ndicts++] = val;
        }
        else if (TAKE("--threads")) {
            char *end;
            ro->threads = strtol(val, &end, 10);
            if (*end || ro->threads < 1 || ro->threads > 1024)
                return S_usage_error(cmd, "--threads needs a number from 1 to 1024, not '%s'", val);
        } else if (TAKE("--max-doc-size")) {
            ro->max_doc = S_parse_size(val);
            if (!ro->max_doc) return S_usage_error(cmd, "--max-doc-size needs a size such as 16M, not '%s'", val);
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) ro->quiet = true;
        else if (strcmp(a, "--no-context") == 0) ro->no_context = true;
        else if (strcmp(a, "-") == 0 || a[0] != '-') {
            if (positional_text && !ro->explain_text) ro->explain_text = a;
            else ro->inputs[ro->ninputs++] = a;
        } else if (strcmp(a, "--") == 0) {
            while (++i < argc) ro->inputs[ro->ninputs++] = argv[i];
        } else return S_usage_error(cmd, "unknown option '%s'", a);
#undef TAKE
    }
    return 0;
}

// Builds dyad options from parsed run options; returns NULL after printing an error.
static dyad_options *S_make_options(const char *cmd, const run_opts *ro, cli_ctx *ctx, int *rc)
{
    dyad_options *o = dyad_options_new();
    if (!o) { fprintf(stderr, "dyad %s: out of memory\n", cmd); *rc = EXIT_FAIL; return NULL; }
    dyad_options_set_diag(o, S_print_diag, ctx);
    if (ro->date && !dyad_options_set_date(o, ro->date)) {
        *rc = S_usage_error(cmd, "--date needs a date YYYY-MM-DD, not '%s'", ro->date);
        dyad_options_free(o);
        return NULL;
    }
    if (ro->max_doc) dyad_options_set_max_doc_bytes(o, ro->max_doc);
    if (ro->no_context) dyad_options_set_context(o, false);
    if (ro->input_format) {
        if (strcmp(ro->input_format, "text") == 0) dyad_options_set_input_format(o, DYAD_INPUT_TEXT);
        else if (strcmp(ro->input_format, "jsonl") == 0) dyad_options_set_input_format(o, DYAD_INPUT_JSONL);
        else {
            *rc = S_usage_error(cmd, "--input-format is text or jsonl, not '%s'", ro->input_format);
            dyad_options_free(o);
            return NULL;
        }
    }
    return o;
}

#ifndef DYAD_DATADIR
#define DYAD_DATADIR "data"
#endif

// Returns the default dictionary directory: $DYAD_DATA, else the build's data/.
static const char *S_default_dict(void)
{
    const char *env = getenv("DYAD_DATA");
    return env && *env ? env : DYAD_DATADIR;
}

// Loads the dictionaries named (or the default set); prints errors; NULL on failure.
static dyad_dict *S_load_dicts(const char *cmd, const char **paths, size_t n, cli_ctx *ctx, dyad_options **o)
{
    *o = dyad_options_new();
    if (!*o) return NULL;
    dyad_options_set_diag(*o, S_print_diag, ctx);
    dyad_error err = {0};
    dyad_dict *d = dyad_dict_new(*o, &err);
    const char *def = S_default_dict();
    if (n == 0) { paths = &def; n = 1; }
    for (size_t i = 0; d && i < n; i++) {
        if (!dyad_dict_load(d, paths[i], &err)) {
            fprintf(stderr, "dyad %s: cannot load dictionaries: %s (%s)\n", cmd, err.msg, err.detail);
            dyad_dict_free(d);
            return NULL;
        }
    }
    return d;
}

/* MARK: code and annotate */

typedef enum { OUT_EVENTS, OUT_ANNOTATION } out_kind;

/* One run of dyad code or annotate: what to write and the run's counts. */
typedef struct stream_run {
    const char *cmd;
    const run_opts *ro;
    out_kind kind;
    int format;
    const dyad_dict *dict;
    cli_ctx *ctx;
    unsigned long long docs, sentences, events;
} stream_run;

// Prints a fatal error of the document loop; returns EXIT_FAIL.
static int S_stream_fail(const stream_run *r, const dyad_error *err)
{
    fprintf(stderr, "dyad %s: %s (%s)\n", r->cmd, err->msg ? err->msg : "failure", err->detail);
    return EXIT_FAIL;
}

// Prints that the output could not be written; returns EXIT_FAIL.
static int S_output_fail(const stream_run *r, int errnum)
{
    fprintf(stderr, "dyad %s: cannot write output: %s\n", r->cmd, strerror(errnum));
    return EXIT_FAIL;
}

// Codes the documents of `in` one after the other on this thread; returns 0 or EXIT_FAIL.
static int S_code_serial(stream_run *r, dyad_input *in, dyad_coder *coder)
{
    dyad_error err = {0};
    uint64_t next_id = 1;   /* event ids: one counter for the run, in document order */
    for (;;) {
        dyad_doc *doc = NULL;
        int got = dyad_input_next(in, &doc, &err);
        if (got == 0) return 0;
        if (got < 0 || !dyad_coder_process(coder, doc, &err)) {
            dyad_doc_free(doc);
            return S_stream_fail(r, &err);
        }
        r->docs++;
        r->sentences += dyad_doc_sentence_count(doc);
        r->events += dyad_doc_event_count(doc);
        int w = r->kind == OUT_ANNOTATION ? dyad_doc_write_annotation(doc, S_write_stdout, NULL)
                                          : dyad_doc_write_events_dict(doc, r->dict, r->format, &next_id,
                                                                       S_write_stdout, NULL);
        dyad_doc_free(doc);
        if (w != 0) return S_output_fail(r, errno);
    }
}

#include "parallel.inc"   /* S_code_parallel: --threads N > 1 */

// Returns the thread count: --threads, else one per online CPU.
static unsigned S_thread_count(const run_opts *ro)
{
    if (ro->threads > 0) return (unsigned)ro->threads;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)(n < 1024 ? n : 1024) : 1;
}

// Streams every input document through the coder and writes events or annotations.
static int S_stream(const char *cmd, int argc, char **argv, out_kind kind)
{
    run_opts ro;
    int rc = S_parse_run_opts(cmd, argc, argv, &ro, false);
    if (rc) { free(ro.inputs); return rc; }
    int format = DYAD_FORMAT_JSONL;
    if (ro.format && kind == OUT_EVENTS) {
        format = dyad_format_from_name(ro.format);   /* docs/formats.md */
        if (format < 0) {
            rc = S_usage_error(cmd, "unknown --format '%s' (jsonl, tsv, csv, gdelt2, gdelt1, icews, phoenix, plover, polecat)",
                               ro.format);
            free(ro.inputs);
            return rc;
        }
    }
    if (ro.ninputs == 0) {
        if (isatty(0)) {
            free(ro.inputs);
            return S_usage_error(cmd, "%s", "no input: give files, directories or '-' for stdin");
        }
        ro.inputs[ro.ninputs++] = "-";
    }
    cli_ctx ctx = {cmd, ro.quiet, 0, 0};
    dyad_options *o = S_make_options(cmd, &ro, &ctx, &rc);
    if (!o) { free(ro.inputs); return rc; }
    dyad_error err = {0};
    dyad_options *dopts = NULL;
    dyad_dict *dict = S_load_dicts(cmd, ro.dicts, ro.ndicts, &ctx, &dopts);
    dyad_options_free(dopts);
    if (!dict) { dyad_options_free(o); free(ro.inputs); return EXIT_FAIL; }
    stream_run run = {cmd, &ro, kind, format, dict, &ctx, 0, 0, 0};
    unsigned threads = S_thread_count(&ro);
    dyad_input *in = NULL;
    dyad_coder *coder = NULL;
    if (threads == 1) {
        in = dyad_input_new(ro.inputs, ro.ninputs, o, &err);
        coder = in ? dyad_coder_new(dict, o, &err) : NULL;
        if (!in || !coder) {
            fprintf(stderr, "dyad %s: %s\n", cmd, err.msg ? err.msg : "out of memory");
            rc = EXIT_FAIL;
            goto done;
        }
    }
    static char outbuf[1 << 20];
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    if (kind == OUT_EVENTS && dyad_format_write_header(format, S_write_stdout, NULL) != 0) {
        rc = S_output_fail(&run, errno);
        goto done;
    }
    rc = threads == 1 ? S_code_serial(&run, in, coder) : S_code_parallel(&run, threads);
    if (rc) goto done;
    if (fflush(stdout) != 0) {
        rc = S_output_fail(&run, errno);
        goto done;
    }
    if (!ro.quiet)
        fprintf(stderr, "dyad %s: %llu documents, %llu sentences, %llu events; %lu skipped, %lu warnings\n",
                cmd, run.docs, run.sentences, run.events, ctx.skipped, ctx.warnings);
    rc = ctx.skipped ? EXIT_SKIPPED : 0;
done:
    dyad_coder_free(coder);
    dyad_input_free(in);
    dyad_dict_free(dict);
    dyad_options_free(o);
    free(ro.inputs);
    return rc;
}

static int S_cmd_code(int argc, char **argv) { return S_stream("code", argc, argv, OUT_EVENTS); }
static int S_cmd_annotate(int argc, char **argv) { return S_stream("annotate", argc, argv, OUT_ANNOTATION); }

/* MARK: explain */

static const char *S_kind_name(int k)
{
    static const char *const names[] = {"?", "word", "number", "punct", "quote", "dash", "symbol", "ellipsis", "url"};
    return k >= 0 && k < 9 ? names[k] : "?";
}

static int S_cmd_explain(int argc, char **argv)
{
    run_opts ro;
    int rc = S_parse_run_opts("explain", argc, argv, &ro, true);
    if (rc) { free(ro.inputs); return rc; }
    if (!ro.explain_text || ro.ninputs) {
        free(ro.inputs);
        return S_usage_error("explain", "%s", "give exactly one sentence in quotes");
    }
    cli_ctx ctx = {"explain", ro.quiet, 0, 0};
    dyad_options *o = S_make_options("explain", &ro, &ctx, &rc);
    if (!o) { free(ro.inputs); return rc; }
    dyad_error err = {0};
    dyad_options *dopts = NULL;
    dyad_dict *dict = S_load_dicts("explain", ro.dicts, ro.ndicts, &ctx, &dopts);
    dyad_options_free(dopts);
    if (!dict) { dyad_options_free(o); free(ro.inputs); return EXIT_FAIL; }
    dyad_coder *c = dyad_coder_new(dict, o, &err);
    if (c) dyad_coder_set_trace(c, true);
    dyad_doc *d = c ? dyad_doc_new(ro.explain_text, strlen(ro.explain_text), &(dyad_doc_meta){.id = "explain"}, &err) : NULL;
    if (!d || !dyad_coder_process(c, d, &err)) {
        fprintf(stderr, "dyad explain: %s\n", err.msg ? err.msg : "out of memory");
        rc = EXIT_FAIL;
    } else {
        size_t len;
        const char *text = dyad_doc_text(d, &len);
        const dyad_token *t = dyad_doc_tokens(d);
        const dyad_sentence *s = dyad_doc_sentences(d);
        printf("1. text (%zu bytes)%s%s\n   %.*s\n", len, *dyad_doc_date(d) ? ", date " : "",
               dyad_doc_date(d), (int)len, text);
        const dyad_dateline *dl = dyad_doc_dateline(d);
        if (dl)
            printf("   dateline: %.*s (place: %.*s)\n", (int)(dl->end - dl->start), text + dl->start,
                   (int)(dl->place_end - dl->place_start), text + dl->place_start);
        printf("2. sentences: %zu\n", dyad_doc_sentence_count(d));
        for (size_t i = 0; i < dyad_doc_sentence_count(d); i++) {
            printf("   [%zu] bytes %zu-%zu: %.*s\n", i, s[i].start, s[i].end, (int)(s[i].end - s[i].start),
                   text + s[i].start);
            printf("3. tokens of sentence %zu:\n", i);
            for (uint32_t k = s[i].tok_begin; k < s[i].tok_end; k++)
                printf("   %3u  %-8s %-20.*s norm=%.*s\n", k, S_kind_name(t[k].kind), (int)t[k].len,
                       text + t[k].start, (int)t[k].norm_len, t[k].norm);
        }
        printf("4. phrases, verbs, patterns and events:\n%s", dyad_doc_trace(d));
        printf("5. events: %zu\n", dyad_doc_event_count(d));
        const dyad_event *ev = dyad_doc_events(d);
        for (size_t i = 0; i < dyad_doc_event_count(d); i++)
            printf("   %s -> %s  %s (quad %d, Goldstein %.1f)  from %s\n", *ev[i].source ? ev[i].source : "-",
                   *ev[i].target ? ev[i].target : "-", ev[i].code, ev[i].quad, ev[i].goldstein, ev[i].pattern);
    }
    dyad_doc_free(d);
    dyad_coder_free(c);
    dyad_dict_free(dict);
    dyad_options_free(o);
    free(ro.inputs);
    return rc;
}

/* MARK: validate */

// dyad validate RECORDS [--dict PATH]... [--all] [-q]: runs peer validation records.
static int S_cmd_validate(int argc, char **argv)
{
    const char *records = NULL, *dicts[64];
    size_t nd = 0;
    bool all = false, quiet = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--dict") && i + 1 == argc) return S_usage_error("validate", "%s", "option --dict needs a value");
        if (!strcmp(argv[i], "--dict")) {
            if (nd == 64) return S_usage_error("validate", "%s", "at most 64 --dict options");
            dicts[nd++] = argv[++i];
        } else if (!strncmp(argv[i], "--dict=", 7) && nd < 64) dicts[nd++] = argv[i] + 7;
        else if (!strcmp(argv[i], "--all")) all = true;
        else if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) quiet = true;
        else if (argv[i][0] == '-' && argv[i][1]) return S_usage_error("validate", "unknown option '%s'", argv[i]);
        else if (records) return S_usage_error("validate", "%s", "give exactly one records file");
        else records = argv[i];
    }
    if (!records) return S_usage_error("validate", "%s", "give a records file (Validate.text or PETR.UnitTest.records.xml)");
    cli_ctx ctx = {"validate", quiet, 0, 0};
    dyad_options *o = dyad_options_new(), *dopts = NULL;
    if (!o) { fprintf(stderr, "dyad validate: out of memory\n"); return EXIT_FAIL; }
    dyad_options_set_diag(o, S_print_diag, &ctx);
    dyad_dict *dict = nd ? S_load_dicts("validate", dicts, nd, &ctx, &dopts) : NULL;
    dyad_error err = {0};
    dyad_validate_result res;
    bool ok = false;
    if (nd && !dict) { /* S_load_dicts said why */
    } else if (!(ok = dyad_validate(records, dict, o, all, S_write_stdout, NULL, &res, &err)))
        fprintf(stderr, "dyad validate: %s (%s)\n", err.msg ? err.msg : "failure", err.detail);
    if (fflush(stdout) != 0 && ok) {
        fprintf(stderr, "dyad validate: cannot write output: %s\n", strerror(errno));
        ok = false;
    }
    dyad_dict_free(dict);
    dyad_options_free(dopts);
    dyad_options_free(o);
    return ok ? 0 : EXIT_FAIL;
}

/* MARK: series */

// dyad series --db PATH (--dyad A:B | --top N) [...]: time series, top dyads, plots (docs/series.md).
static int S_cmd_series(int argc, char **argv)
{
    const char *db = NULL, *dyad = NULL, *top = NULL, *by = "month", *from = NULL, *to = NULL, *format = NULL;
    const char *plotfile = NULL, *size = NULL, *line = "goldstein", *value = "count", *actors = "country", *title = NULL;
    bool both = false, self = false, quiet = false;
    static const char *const names[] = {"--db", "--dyad", "--top", "--by", "--from", "--to", "--format", "--plot",
                                        "--size", "--line", "--value", "--actors", "--title"};
    const char **slots[] = {&db, &dyad, &top, &by, &from, &to, &format, &plotfile, &size, &line, &value, &actors, &title};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--both")) { both = true; continue; }
        if (!strcmp(a, "--self")) { self = true; continue; }
        if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) { quiet = true; continue; }
        size_t k = 0, nn = sizeof names / sizeof *names, len = 0;
        for (; k < nn; k++) {
            len = strlen(names[k]);
            if (!strncmp(a, names[k], len) && (a[len] == '\0' || a[len] == '=')) break;
        }
        if (k == nn) return S_usage_error("series", "unknown option or argument '%s'", a);
        if (a[len] == '=') *slots[k] = a + len + 1;
        else if (i + 1 < argc) *slots[k] = argv[++i];
        else return S_usage_error("series", "option '%s' needs a value", a);
    }
    if (!db) return S_usage_error("series", "%s", "give the store with --db PATH");
    if (!dyad == !top) return S_usage_error("series", "%s", "give either --dyad A:B or --top N");
    static const char *const bys[] = {"day", "week", "month", "year"}, *const fmts[] = {"table", "csv", "jsonl"};
    int iby = -1, ifmt = -1;
    for (int k = 0; k < 4; k++) if (!strcmp(by, bys[k])) iby = k;
    for (int k = 0; k < 3; k++) if (format && !strcmp(format, fmts[k])) ifmt = k;
    if (iby < 0) return S_usage_error("series", "--by must be day, week, month or year, not '%s'", by);
    if (format && ifmt < 0) return S_usage_error("series", "--format must be table, csv or jsonl, not '%s'", format);
    if (!plotfile && ifmt < 0) ifmt = DYAD_TABLE_TEXT;
    dyad_plot_opts po = {0, 0, DYAD_LINE_GOLDSTEIN, DYAD_VALUE_COUNT, title};
    if (size) {
        char *end;
        long w = strtol(size, &end, 10), h = *end == 'x' || *end == 'X' ? strtol(end + 1, &end, 10) : 0;
        if (*end || w < 200 || h < 150 || w > 20000 || h > 20000)
            return S_usage_error("series", "--size must be WIDTHxHEIGHT (200x150 to 20000x20000), not '%s'", size);
        po.width = (int)w, po.height = (int)h;
    }
    if (!strcmp(line, "net")) po.line = DYAD_LINE_NET;
    else if (!strcmp(line, "none")) po.line = DYAD_LINE_NONE;
    else if (strcmp(line, "goldstein")) return S_usage_error("series", "--line must be goldstein, net or none, not '%s'", line);
    if (!strcmp(value, "goldstein")) po.value = DYAD_VALUE_GOLDSTEIN;
    else if (strcmp(value, "count")) return S_usage_error("series", "--value must be count or goldstein, not '%s'", value);
    if (strcmp(actors, "country") && strcmp(actors, "code"))
        return S_usage_error("series", "--actors must be country or code, not '%s'", actors);
    if ((from && !dyad_period_of(from, 0, NULL, NULL, NULL)) || (to && !dyad_period_of(to, 0, NULL, NULL, NULL)))
        return S_usage_error("series", "--from and --to must be YYYY-MM-DD dates, not '%s'",
                             from && !dyad_period_of(from, 0, NULL, NULL, NULL) ? from : to);
    dyad_error err = {0};
    dyad_series *s = NULL;
    dyad_top *t = NULL;
    bool ok;
    if (dyad) {
        char a[64], b[64];
        const char *colon = strchr(dyad, ':');
        if (!colon || colon == dyad || !colon[1] || (size_t)(colon - dyad) >= sizeof a || strlen(colon + 1) >= sizeof b)
            return S_usage_error("series", "--dyad must be A:B (actor codes or ISO3 codes), not '%s'", dyad);
        memcpy(a, dyad, (size_t)(colon - dyad));
        a[colon - dyad] = '\0';
        strcpy(b, colon + 1);
        dyad_series_spec spec = {a, b, both, iby, from, to};
        ok = (s = dyad_series_compute(db, &spec, &err)) != NULL;
        if (ok && ifmt >= 0) ok = dyad_series_write(s, ifmt, S_write_stdout, NULL, &err);
        if (ok && plotfile) ok = dyad_series_plot(s, plotfile, &po, &err);
    } else {
        char *end;
        long n = strtol(top, &end, 10);
        if (*end || n < 1 || n > 100) return S_usage_error("series", "--top must be 1 to 100, not '%s'", top);
        dyad_top_spec spec = {(size_t)n, from, to, !strcmp(actors, "code"), self};
        ok = (t = dyad_top_compute(db, &spec, &err)) != NULL;
        if (ok && ifmt >= 0) ok = dyad_top_write(t, ifmt, S_write_stdout, NULL, &err);
        if (ok && plotfile) ok = dyad_top_plot(t, plotfile, &po, &err);
    }
    if (fflush(stdout) != 0 && ok) {
        err.code = DYAD_ERR_IO;
        snprintf(err.detail, sizeof err.detail, "cannot write output: %s", strerror(errno));
        ok = false;
    }
    int rc = 0;
    if (!ok) {
        fprintf(stderr, "dyad series: %s\n", *err.detail ? err.detail : err.msg ? err.msg : "failure");
        rc = err.code == DYAD_ERR_ARG || err.code == DYAD_ERR_DATE ? EXIT_USAGE : EXIT_FAIL;
    } else if (!quiet) {
        if (s) fprintf(stderr, "dyad series: %zu periods, %llu events", s->n, (unsigned long long)s->total.events);
        else fprintf(stderr, "dyad series: %zu actors, %llu events", t->n, (unsigned long long)t->events);
        if (s && s->undated) fprintf(stderr, " (%llu more without a valid date)", (unsigned long long)s->undated);
        if (plotfile) fprintf(stderr, "; plot written to %s", plotfile);
        fprintf(stderr, "\n");
    }
    dyad_series_free(s);
    dyad_top_free(t);
    if (plotfile) dyad_plot_cleanup();
    return rc;
}

#include "store_cmds.inc"   /* dyad ingest, dyad query (the event store) */

static int S_cmd_dict(int argc, char **argv)
{
    if (argc < 2 || (strcmp(argv[1], "stats") && strcmp(argv[1], "check") && strcmp(argv[1], "code")))
        return S_usage_error("dict", "%s", "give a subcommand: stats, check or code");
    const char *sub = argv[1];
    const char *paths[64];
    size_t n = 0;
    const char *date = NULL;
    const char *phrases[256];
    size_t nph = 0;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--dict") && i + 1 == argc) return S_usage_error("validate", "%s", "option --dict needs a value");
        if (!strcmp(argv[i], "--dict")) { if (n < 64) paths[n++] = argv[++i]; }
        else if (!strcmp(argv[i], "--date") && i + 1 < argc) date = argv[++i];
        else if (argv[i][0] == '-') return S_usage_error("dict", "unknown option '%s'", argv[i]);
        else if (!strcmp(sub, "code") && nph < 256) phrases[nph++] = argv[i];
        else if (n < 64) paths[n++] = argv[i];
    }
    cli_ctx ctx = {"dict", false, 0, 0};
    dyad_options *o = NULL;
    double t0 = S_now();
    dyad_dict *d = S_load_dicts("dict", paths, n, &ctx, &o);
    double secs = S_now() - t0;
    if (!d) { dyad_options_free(o); return EXIT_FAIL; }
    int rc = 0;
    if (!strcmp(sub, "code")) {
        for (size_t i = 0; i < nph; i++) {
            char code[64];
            size_t k = dyad_dict_code_actor(d, phrases[i], strlen(phrases[i]), date, code, sizeof code);
            printf("%s\t%s\n", phrases[i], k ? code : "-");
        }
    } else {
        dyad_dict_stats st;
        dyad_dict_get_stats(d, &st);
        printf("files                 %zu (%zu lines rejected)\n", st.files, st.rejected);
        printf("event codes           %zu\n", st.event_codes);
        printf("countries             %zu\n", st.countries);
        printf("organisations         %zu\n", st.organisations);
        printf("armed/political groups %zu\n", st.groups);
        printf("people                %zu (%zu person-role entries)\n", st.people, st.person_roles);
        printf("other actors          %zu\n", st.actors);
        printf("actor phrases         %zu\n", st.actor_phrases);
        printf("agents                %zu (%zu phrases with plurals)\n", st.agents, st.agent_phrases);
        printf("verbs                 %zu (%zu word forms)\n", st.verbs, st.verb_forms);
        printf("verb patterns         %zu\n", st.patterns);
        printf("synonym sets          %zu\n", st.synsets);
        printf("nouns/adjectives      %zu\n", st.nouns);
        printf("discards              %zu\n", st.discards);
        printf("places                %zu\n", st.places);
        printf("trie                  %zu nodes, %zu phrases, %zu bytes of strings\n", st.trie_nodes, st.phrases, st.pool_bytes);
        printf("load time             %.3f s\n", secs);
        if (!strcmp(sub, "check")) {
            size_t problems = dyad_dict_lint(d);
            printf("%zu problems\n", problems);
            rc = st.rejected || problems ? EXIT_SKIPPED : 0;
        }
    }
    dyad_dict_free(d);
    dyad_options_free(o);
    return rc;
}

static int S_cmd_version(int argc, char **argv)
{
    (void)argc; (void)argv;
    printf("dyad %s\n", dyad_version());
    return 0;
}

static int S_cmd_help(int argc, char **argv);

/* MARK: command table */

static const char S_input_help[] =
    "Inputs: plain-text files (one document each; id = file name), directories\n"
    "(walked recursively in name order, hidden files skipped), JSON Lines files\n"
    "(.jsonl/.ndjson: one object per line with \"text\" and optional \"id\", \"date\",\n"
    "\"title\", \"url\", \"source\"), '-' for stdin (JSON Lines if it starts with '{'),\n"
    "and any of these gzip-compressed (.gz).  With no input and a pipe on stdin,\n"
    "stdin is read.\n\n"
    "Options:\n"
    "  --date YYYY-MM-DD      date for documents that carry none\n"
    "  --input-format text|jsonl   override the format guessed from file names\n"
    "  --max-doc-size SIZE    skip documents larger than SIZE (default 16M)\n"
    "  --threads N            coding threads (default: one per CPU); the output is in\n"
    "                         input order and the same whatever N (--threads 1: no threads)\n"
    "  --dict DIR|FILE        dictionaries instead of the default set (repeatable)\n"
    "  --no-context           code each sentence on its own: no coreference across\n"
    "                         sentences, events dated by the document, no places\n"
    "  -q, --quiet            no summary line on stderr\n";

static const command S_commands[] = {
    {"code", S_cmd_code, "[FILE|DIR|-]... [--date D] [--format jsonl|tsv|csv|gdelt2|gdelt1|icews|phoenix|plover|polecat] [--threads N]",
     "Codes events: one record per event on stdout (DESIGN.md event record).\n"
     "--format picks the record layout (docs/formats.md): jsonl (default), tsv, csv,\n"
     "gdelt2, gdelt1, icews, phoenix, plover, polecat; icews, polecat and csv start\n"
     "with a header line.  Event ids count from 1 across the run, in document order.\n"
     "Each event carries the date and place of its own clause and actors resolved\n"
     "through the document (people named earlier, pronouns): docs/annotate.md.\n"},
    {"annotate", S_cmd_annotate, "[FILE|DIR|-]... [--date D] [--threads N]",
     "Prints one JSON object per document: its sentences with their tokens\n"
     "(byte offsets, normalised form, shape), the dateline, repairs, actor\n"
     "mentions, people, places, dates, quotations and events.\n"
     "Schema: docs/annotate.md.\n"},
    {"explain", S_cmd_explain, "\"SENTENCE\" [--date D]",
     "Shows how one sentence is read, step by step.\n"},
    {"validate", S_cmd_validate, "RECORDS [--dict PATH]... [--all] [-q]",
     "Runs TABARI (Validate.text) or PETRARCH (PETR.UnitTest.records.xml) validation\n"
     "records: codes each record's text with the dictionaries the records name (the\n"
     ".project file next to Validate.text; PETRARCH's <Environment>), or with --dict,\n"
     "and compares the (source, target, code) set with the expected one.  Prints each\n"
     "mismatch, what was skipped ({+++}, -{...}) and options that could not be\n"
     "applied; the last line is 'N passed, M failed'.  TABARI stops before FINAL-01\n"
     "unless --all.  Exit 0 when it ran, 2 usage, 3 records or dictionaries\n"
     "unreadable.  Rules: docs/validate.md.\n"},
    {"ingest", S_cmd_ingest, "INPUT... --db PATH [--threads N] [--batch N] [--dict D] [--date D]",
     "Codes the documents on all cores and stores them with their events in the SQLite\n"
     "store PATH (created when missing; schema: docs/store.md).  Documents are keyed by\n"
     "id and content hash: running again writes nothing new, a changed document\n"
     "replaces its events, and a run that was killed resumes where it stopped.\n"
     "--threads N coding threads (default: one per CPU); --batch N documents per\n"
     "transaction (default 500).  Progress on stderr when it is a terminal, and a\n"
     "summary at the end.  Other options as for dyad code.\n"},
    {"query", S_cmd_query, "--db PATH [--source C] [--target C] [--code C] [--from D] [--to D] [...]",
     "Prints the events of a store that match every filter given, in event_id order:\n"
     "  --source C, --target C  actor code prefix (KOR matches KORGOV) or country ISO3\n"
     "  --code C               CAMEO event code prefix (04 matches 042)\n"
     "  --root R, --quad Q     root code (04), QuadClass (1-4)\n"
     "  --from D, --to D       dates YYYY[-MM[-DD]], inclusive\n"
     "  --text Q               SQLite FTS5 query over the sentence (\"air strike\", talk*)\n"
     "  --one-a-day            only the first event of each (date, source, target, code)\n"
     "  --limit N              at most N events\n"
     "  --format F             table (default), columns (every column of the events table,\n"
     "                         CSV), or a dyad code format: jsonl, tsv, csv, gdelt2, gdelt1,\n"
     "                         icews, phoenix, plover, polecat (--dict as for dyad code)\n"
     "  -q                     no count on stderr\n"},
    {"series", S_cmd_series, "--db PATH (--dyad A:B | --top N) [options]",
     "Event counts per period from a store (dyad ingest), as a table or a plot.\n\n"
     "--dyad A:B: events from A to B per period: counts per QuadClass (verbal and\n"
     "material cooperation, verbal and material conflict), net cooperation\n"
     "(q1 + q2 - q3 - q4), Goldstein sum and mean; empty periods are zeros.  A and B\n"
     "are actor code prefixes (KOR matches KORGOV) or ISO3 country codes.\n"
     "  --both                 also B to A, reported together and separately\n"
     "  --by day|week|month|year   period (default month; weeks are ISO weeks)\n"
     "  --line goldstein|net|none  the plot's line (right axis; default goldstein)\n"
     "--top N: the N actors with most events and the dyads between them; the plot\n"
     "is a heatmap (rows: source, columns: target).\n"
     "  --actors country|code  country level (ISO3; default) or full actor codes\n"
     "  --self                 count an actor's events with itself (KORGOV->KOROPP)\n"
     "  --value count|goldstein   heatmap cells: events (default) or mean Goldstein\n"
     "Both:\n"
     "  --db PATH              the SQLite store (opened read-only)\n"
     "  --from D, --to D       inclusive YYYY-MM-DD bounds (they also fix the axis)\n"
     "  --format table|csv|jsonl   stdout (default table; none with --plot unless given)\n"
     "  --plot FILE            draw to FILE.svg, FILE.png or FILE.pdf\n"
     "  --size WxH             plot size in pixels (default 1000x560)\n"
     "  --title TEXT           plot title instead of the default\n"
     "  -q, --quiet            no summary line on stderr\n"
     "Exit 0 on success, 2 usage, 3 store unreadable or plot not written.\n"
     "Definitions and examples: docs/series.md.\n"},
    {"dict", S_cmd_dict, "stats|check|code [PATH...] [--date D] [PHRASE...]",
     "stats: counts per kind of the dictionaries in PATH (default: $DYAD_DATA or the\n"
     "build's data/ directory), with the load time.\n"
     "check: the same, reporting every rejected line as file:line: reason; exit 1 if any.\n"
     "code: the actor code of each PHRASE on --date, e.g.\n"
     "  dyad dict code --date 2025-03-22 'Cho Tae-yul' 'South Korean troops'\n"},
    {"version", S_cmd_version, "", "Prints the version.\n"},
    {"help", S_cmd_help, "[COMMAND]", "Shows help for a command.\n"},
};

static const command *S_find(const char *name)
{
    for (size_t i = 0; i < sizeof S_commands / sizeof *S_commands; i++)
        if (strcmp(S_commands[i].name, name) == 0) return &S_commands[i];
    return NULL;
}

static void S_print_overview(FILE *f)
{
    fprintf(f, "dyad %s — political event coding from news text\n\nUsage: dyad COMMAND [ARGS]\n\nCommands:\n",
            dyad_version());
    for (size_t i = 0; i < sizeof S_commands / sizeof *S_commands; i++)
        fprintf(f, "  %-9s %s\n", S_commands[i].name, S_commands[i].synopsis);
    fprintf(f, "\n'dyad COMMAND --help' describes a command.  Exit codes: 0 success, 1 some\n"
               "inputs skipped, 2 usage error, 3 failure (see docs/cli.md).\n");
}

static void S_print_command_help(const command *c)
{
    printf("Usage: dyad %s %s\n\n%s", c->name, c->synopsis, c->help);
    if (!strcmp(c->name, "code") || !strcmp(c->name, "annotate") || !strcmp(c->name, "ingest"))
        printf("\n%s", S_input_help);
}

static int S_cmd_help(int argc, char **argv)
{
    if (argc > 1) {
        const command *c = S_find(argv[1]);
        if (!c) return S_usage_error("help", "unknown command '%s'", argv[1]);
        S_print_command_help(c);
        return 0;
    }
    S_print_overview(stdout);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        S_print_overview(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (!strcmp(name, "--help") || !strcmp(name, "-h")) return S_cmd_help(1, argv);
    if (!strcmp(name, "--version")) return S_cmd_version(1, argv);
    const command *c = S_find(name);
    if (!c) {
        fprintf(stderr, "dyad: unknown command '%s'\n\n", name);
        S_print_overview(stderr);
        return EXIT_USAGE;
    }
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--")) break;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            S_print_command_help(c);
            return 0;
        }
    }
    return c->run(argc - 1, argv + 1);
}
