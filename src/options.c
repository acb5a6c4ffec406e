/*
 * options.c — the options handle and diagnostic reporting.
 */
#include "internal.h"

#include <stdio.h>

dyad_options *dyad_options_new_with_alloc(const dyad_alloc *alloc)
{
    if (!alloc) alloc = dyad__default_alloc();
    dyad_options *o = dyad__malloc(alloc, sizeof *o);
    if (!o) return NULL;
    memset(o, 0, sizeof *o);
    o->alloc = *alloc;
    o->max_doc_bytes = DYAD_DEFAULT_MAX_DOC;
    o->input_format = DYAD_INPUT_AUTO;
    return o;
}

dyad_options *dyad_options_new(void) { return dyad_options_new_with_alloc(NULL); }

void dyad_options_free(dyad_options *o)
{
    if (!o) return;
    dyad_alloc a = o->alloc;
    dyad__free(&a, o);
}

void dyad_options_set_diag(dyad_options *o, dyad_diag_fn fn, void *ctx)
{
    if (!o) return;
    o->diag = fn;
    o->diag_ctx = ctx;
}

void dyad_options_set_max_doc_bytes(dyad_options *o, size_t max)
{
    if (o) o->max_doc_bytes = max ? max : DYAD_DEFAULT_MAX_DOC;
}

void dyad_options_set_input_format(dyad_options *o, int format)
{
    if (o && format >= DYAD_INPUT_AUTO && format <= DYAD_INPUT_JSONL) o->input_format = format;
}

static int S_days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return days[m - 1];
}

bool dyad__valid_date(const char *s, size_t n)
{
    if (!s || n != 10 || s[4] != '-' || s[7] != '-') return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= S_days_in_month(y, m);
}

void dyad_options_set_context(dyad_options *o, bool on)
{
    if (o) o->no_context = !on;
}

bool dyad_options_set_date(dyad_options *o, const char *date)
{
    if (!o) return false;
    if (!date) { o->date[0] = '\0'; return true; }
    if (!dyad__valid_date(date, strlen(date))) return false;
    memcpy(o->date, date, 11);
    return true;
}

void dyad__diag(const dyad_options *o, int severity, int code, const char *file, uint64_t line,
                const char *doc_id, const char *fmt, ...)
{
    if (!o || !o->diag) return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    dyad_diag d = {severity, code, file, line, doc_id, msg};
    o->diag(o->diag_ctx, &d);
}
