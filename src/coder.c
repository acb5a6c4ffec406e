/*
 * coder.c — the coder handle: runs the pipeline stages on a document.
 *
 * Stages so far: UTF-8 repair (utf8.c), tokenisation (token.c), sentence
 * segmentation and dateline (segment.c).  Dictionary matching, the shallow
 * parse and event assembly plug in after segmentation.
 */
#include "parse.h"
#include "context.h"
#include "tabari.h"

dyad_coder *dyad_coder_new(const dyad_dict *dict, const dyad_options *opts, dyad_error *err)
{
    const dyad_alloc *a = opts ? &opts->alloc : dyad__default_alloc();
    dyad_coder *c = dyad__malloc(a, sizeof *c);
    if (!c) {
        dyad__set_error(err, DYAD_ERR_NOMEM, 0, "allocating a coder");
        return NULL;
    }
    memset(c, 0, sizeof *c);
    if (opts) c->opts = *opts;
    else {
        c->opts.alloc = *a;
        c->opts.max_doc_bytes = DYAD_DEFAULT_MAX_DOC;
    }
    c->dict = dict;
    return c;
}

void dyad_coder_set_trace(dyad_coder *c, bool on)
{
    if (c) c->trace = on;
}

void dyad_coder_free(dyad_coder *c)
{
    if (!c) return;
    dyad_alloc a = c->opts.alloc;
    dyad__free(&a, c->toks.v);
    dyad__free(&a, c->parse);
    tabari_settings_free(c);
    dyad__free(&a, c);
}

// Repairs the document's text when needed and reports what was replaced, once.
static bool S_repair(dyad_coder *c, dyad_doc *d)
{
    dyad__free(&d->alloc, d->fixed);
    d->fixed = NULL;
    d->fixed_len = 0;
    d->repairs = 0;
    dyad_buf fixed;
    dyad_buf_init(&fixed, &d->alloc);
    size_t invalid = 0, control = 0;
    size_t n = dyad_utf8_repair(d->raw, d->raw_len, &fixed, &invalid, &control);
    if (fixed.failed) { dyad_buf_free(&fixed); return false; }
    if (n == 0) { dyad_buf_free(&fixed); return true; }
    d->fixed = fixed.data;
    d->fixed_len = fixed.len;
    d->repairs = n;
    if (invalid)
        dyad__diag(&c->opts, DYAD_WARNING, DYAD_ERR_UTF8, d->origin, d->origin_line, d->id,
                   "%zu invalid UTF-8 sequence%s replaced with U+FFFD", invalid, invalid == 1 ? "" : "s");
    if (control)
        dyad__diag(&c->opts, DYAD_WARNING, DYAD_ERR_CONTROL, d->origin, d->origin_line, d->id,
                   "%zu NUL or control byte%s replaced with spaces", control, control == 1 ? "" : "s");
    return true;
}

// Codes the events of every sentence (with the document context x, may be NULL); a story discard
// drops them all.
static bool S_code_events(dyad_coder *c, dyad_doc *d, doc_context *x)
{
    if (!c->parse) {
        c->parse = dyad__malloc(&c->opts.alloc, sizeof *c->parse);
        if (!c->parse) return false;
        memset(c->parse, 0, sizeof *c->parse); /* the TABARI path fills only part of it */
    }
    c->parse->dctx = x;
    for (size_t s = 0; s < d->nsentences; s++) {
        if (c->trace) {
            size_t len;
            const char *text = dyad__doc_text(d, &len);
            const dyad_sentence *se = &d->sentences[s];
            dyad_buf_printf(&d->trace, "sentence %zu: %.*s\n", s, (int)(se->end - se->start), text + se->start);
        }
        if (!events_code_sentence(c, d, (uint32_t)s, c->parse, c->trace ? &d->trace : NULL)) return false;
        if (d->story_discarded) { d->nevents = 0; break; }
        if (x) context_learn(x, d, (uint32_t)s, c->parse);
    }
    if (x && !context_finish(x, d)) return false;
    return !d->trace.failed;
}

bool dyad_coder_process(dyad_coder *c, dyad_doc *d, dyad_error *err)
{
    if (!c || !d) {
        dyad__set_error(err, DYAD_ERR_ARG, 0, "dyad_coder_process: NULL %s", c ? "document" : "coder");
        return false;
    }
    dyad_arena_reset(&d->arena);
    dyad__free(&d->alloc, d->tokens);
    d->tokens = NULL;
    d->ntokens = d->nsentences = d->nevents = 0;
    d->sentences = NULL;
    d->story_discarded = false;
    dyad_buf_clear(&d->trace);
    d->date_from_option = false;
    if (!d->date[0] && c->opts.date[0]) {
        d->date_from_option = true;
        char *date = dyad__strdup(&d->alloc, c->opts.date);
        if (!date) goto oom;
        dyad__free(&d->alloc, d->date);
        d->date = date;
    }
    if (!S_repair(c, d)) goto oom;
    size_t len;
    const char *text = dyad__doc_text(d, &len);
    /* tokens go straight into a vector the document then owns, sized from
     * the text (news averages about 5.5 bytes a token) to avoid regrowth */
    dyad_tokvec tv = {NULL, 0, len / 5 + 16};
    tv.v = dyad__malloc(&d->alloc, tv.cap * sizeof *tv.v);
    if (!tv.v) goto oom;
    bool ok = dyad_tokenize(text, len, &tv, &d->arena, &d->alloc);
    d->tokens = tv.v;
    d->ntokens = tv.n;
    if (!ok) goto oom;
    if (!dyad_segment(d, text, len)) goto oom;
    doc_context *x = NULL;
    if (c->dict && !c->opts.no_context && !(x = context_begin(d, c->dict, &c->opts))) goto oom;
    if (c->dict && c->dict->patterns.n && !S_code_events(c, d, x)) goto oom;
    if (x && !c->dict->patterns.n && !context_finish(x, d)) goto oom;
    return true;
oom:
    dyad__set_error(err, DYAD_ERR_NOMEM, 0, "processing document '%s'", d->id);
    return false;
}
