/*
 * doc.c — the document handle, its accessors, and the annotation writer
 * (schema: docs/annotate.md).
 */
#include "context.h"

/* MARK: lifecycle */

dyad_doc *dyad_doc_new(const char *text, size_t len, const dyad_doc_meta *meta, dyad_error *err)
{
    const dyad_alloc *a = dyad__default_alloc();
    dyad_doc *d = dyad__malloc(a, sizeof *d);
    if (!d) goto oom;
    memset(d, 0, sizeof *d);
    d->alloc = *a;
    dyad_arena_init(&d->arena, &d->alloc);
    dyad_buf_init(&d->trace, &d->alloc);
    d->raw = dyad__strndup(a, text ? text : "", text ? len : 0);
    if (!d->raw) goto oom_doc;
    d->raw_len = text ? len : 0;
    dyad_doc_meta empty = {0};
    if (!meta) meta = &empty;
    d->id = dyad__strdup(a, meta->id);
    d->date = dyad__strdup(a, meta->date);
    d->title = dyad__strdup(a, meta->title);
    d->url = dyad__strdup(a, meta->url);
    d->source = dyad__strdup(a, meta->source);
    d->origin = dyad__strdup(a, NULL);
    if (!d->id || !d->date || !d->title || !d->url || !d->source || !d->origin) goto oom_doc;
    return d;
oom_doc:
    dyad_doc_free(d);
oom:
    dyad__set_error(err, DYAD_ERR_NOMEM, 0, "allocating a document of %zu bytes", len);
    return NULL;
}

void dyad_doc_free(dyad_doc *d)
{
    if (!d) return;
    dyad_alloc a = d->alloc;
    dyad__free(&a, d->raw);
    dyad__free(&a, d->fixed);
    dyad__free(&a, d->id);
    dyad__free(&a, d->date);
    dyad__free(&a, d->title);
    dyad__free(&a, d->url);
    dyad__free(&a, d->source);
    dyad__free(&a, d->origin);
    dyad__free(&a, d->tokens);
    dyad__free(&a, d->events);
    dyad_buf_free(&d->trace);
    context_free(d->context);
    dyad_arena_free(&d->arena);
    dyad__free(&a, d);
}

bool dyad__doc_set_origin(dyad_doc *d, const char *file, uint64_t line)
{
    char *o = dyad__strdup(&d->alloc, file);
    if (!o) return false;
    dyad__free(&d->alloc, d->origin);
    d->origin = o;
    d->origin_line = line;
    return true;
}

bool dyad__doc_set_default_id(dyad_doc *d, const char *id)
{
    if (d->id && d->id[0]) return true;
    char *n = dyad__strdup(&d->alloc, id);
    if (!n) return false;
    dyad__free(&d->alloc, d->id);
    d->id = n;
    return true;
}

/* MARK: accessors */

const char *dyad_doc_id(const dyad_doc *d) { return d ? d->id : ""; }
const char *dyad_doc_date(const dyad_doc *d) { return d ? d->date : ""; }
const char *dyad_doc_title(const dyad_doc *d) { return d ? d->title : ""; }
const char *dyad_doc_url(const dyad_doc *d) { return d ? d->url : ""; }
const char *dyad_doc_source(const dyad_doc *d) { return d ? d->source : ""; }

const char *dyad_doc_origin(const dyad_doc *d, uint64_t *line)
{
    if (line) *line = d ? d->origin_line : 0;
    return d ? d->origin : "";
}

const char *dyad_doc_text(const dyad_doc *d, size_t *len)
{
    size_t n = 0;
    const char *t = d ? dyad__doc_text(d, &n) : "";
    if (len) *len = n;
    return t;
}

size_t dyad_doc_token_count(const dyad_doc *d) { return d ? d->ntokens : 0; }
const dyad_token *dyad_doc_tokens(const dyad_doc *d) { return d ? d->tokens : NULL; }
size_t dyad_doc_sentence_count(const dyad_doc *d) { return d ? d->nsentences : 0; }
const dyad_sentence *dyad_doc_sentences(const dyad_doc *d) { return d ? d->sentences : NULL; }
const dyad_dateline *dyad_doc_dateline(const dyad_doc *d)
{
    return d && d->has_dateline ? &d->dateline : NULL;
}
size_t dyad_doc_repairs(const dyad_doc *d) { return d ? d->repairs : 0; }
size_t dyad_doc_event_count(const dyad_doc *d) { return d ? d->nevents : 0; }
const dyad_event *dyad_doc_events(const dyad_doc *d) { return d ? d->events : NULL; }
const char *dyad_doc_trace(const dyad_doc *d) { return d && d->trace.data ? d->trace.data : ""; }

/* MARK: annotation writer */

static bool S_append_events(const dyad_doc *d, const dyad_dict *dict, int format, uint64_t *next_id, dyad_buf *b,
                            bool array);


static const char *const S_kind_names[] = {"", "word", "number", "punct", "quote", "dash",
                                           "symbol", "ellipsis", "url"};

// Appends the shape flags of a token as a JSON array of names.
static void S_flags_json(dyad_buf *b, unsigned f)
{
    static const struct { unsigned bit; const char *name; } names[] = {
        {DYAD_TF_CAP, "cap"}, {DYAD_TF_ALLCAPS, "allcaps"}, {DYAD_TF_LOWER, "lower"},
        {DYAD_TF_DIGIT, "digit"}, {DYAD_TF_ABBR, "abbr"}, {DYAD_TF_INITIAL, "initial"},
        {DYAD_TF_HYPHEN, "hyphen"}, {DYAD_TF_OPEN, "open"}, {DYAD_TF_CLOSE, "close"},
        {DYAD_TF_CLITIC, "clitic"}, {DYAD_TF_NONASCII, "nonascii"},
        {DYAD_TF_NEWLINE_BEFORE, "nl"}, {DYAD_TF_PARA_BEFORE, "para"}};
    dyad_buf_putc(b, '[');
    bool first = true;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        if (!(f & names[i].bit)) continue;
        if (!first) dyad_buf_putc(b, ',');
        first = false;
        dyad_buf_putc(b, '"');
        dyad_buf_puts(b, names[i].name);
        dyad_buf_putc(b, '"');
    }
    dyad_buf_putc(b, ']');
}

// Appends one token object.
static void S_token_json(dyad_buf *b, const char *text, const dyad_token *t)
{
    dyad_buf_printf(b, "{\"start\":%zu,\"end\":%zu,\"text\":", t->start, t->start + t->len);
    dyad_json_str(b, text + t->start, t->len);
    dyad_buf_puts(b, ",\"norm\":");
    dyad_json_str(b, t->norm, t->norm_len);
    dyad_buf_printf(b, ",\"kind\":\"%s\",\"shape\":", S_kind_names[t->kind < 9 ? t->kind : 0]);
    S_flags_json(b, t->flags);
    dyad_buf_putc(b, '}');
}

// Appends a "key":"text[a..b)" member, or null when the range is empty.
static void S_range_json(dyad_buf *b, const char *key, const char *text, size_t a, size_t e)
{
    dyad_buf_printf(b, "\"%s\":", key);
    if (e > a) dyad_json_str(b, text + a, e - a);
    else dyad_buf_puts(b, "null");
}

// Appends the dateline object or null.
static void S_dateline_json(dyad_buf *b, const dyad_doc *d, const char *text)
{
    dyad_buf_puts(b, ",\"dateline\":");
    if (!d->has_dateline) { dyad_buf_puts(b, "null"); return; }
    const dyad_dateline *dl = &d->dateline;
    dyad_buf_printf(b, "{\"start\":%zu,\"end\":%zu,", dl->start, dl->end);
    S_range_json(b, "text", text, dl->start, dl->end);
    dyad_buf_putc(b, ',');
    S_range_json(b, "place", text, dl->place_start, dl->place_end);
    dyad_buf_putc(b, ',');
    S_range_json(b, "date", text, dl->date_start, dl->date_end);
    dyad_buf_putc(b, ',');
    S_range_json(b, "agency", text, dl->agency_start, dl->agency_end);
    dyad_buf_putc(b, '}');
}

/* MARK: document context in the annotation */

// Appends "start", "end" and "text" of document tokens [b, e).
static void S_span_json(dyad_buf *b, const dyad_doc *d, const char *text, uint32_t tb, uint32_t te)
{
    if (te <= tb || te > d->ntokens) { dyad_buf_puts(b, "\"start\":null,\"end\":null,\"text\":null"); return; }
    size_t s = d->tokens[tb].start, e = d->tokens[te - 1].start + d->tokens[te - 1].len;
    dyad_buf_printf(b, "\"start\":%zu,\"end\":%zu,\"text\":", s, e);
    dyad_json_str(b, text + s, e - s);
}

// Appends an index or null.
static void S_index_json(dyad_buf *b, const char *key, int64_t i)
{
    if (i >= 0) dyad_buf_printf(b, ",\"%s\":%lld", key, (long long)i);
    else dyad_buf_printf(b, ",\"%s\":null", key);
}

static void S_mentions_json(dyad_buf *b, const dyad_doc *d, const char *text, const doc_context *x)
{
    static const char *const how[] = {"name", "surname", "pronoun", "definite", "role"};
    dyad_buf_puts(b, ",\"mentions\":[");
    for (size_t i = 0; i < x->nmentions; i++) {
        const ctx_mention *m = &x->mentions[i];
        dyad_buf_printf(b, "%s{\"sentence\":%u,", i ? "," : "", m->sentence);
        S_span_json(b, d, text, m->tb, m->te);
        dyad_buf_puts(b, ",\"code\":");
        dyad_json_cstr(b, m->code);
        dyad_buf_printf(b, ",\"how\":\"%s\"", how[m->how < 5 ? m->how : 0]);
        S_index_json(b, "person", m->person);
        S_index_json(b, "antecedent", m->antecedent);
        dyad_buf_putc(b, '}');
    }
    dyad_buf_putc(b, ']');
}

static void S_people_json(dyad_buf *b, const doc_context *x)
{
    dyad_buf_puts(b, ",\"people\":[");
    for (size_t i = 0; i < x->npeople; i++) {
        const ctx_person *pe = &x->people[i];
        dyad_buf_printf(b, "%s{\"id\":%zu,\"name\":", i ? "," : "", i);
        dyad_json_cstr(b, pe->name);
        dyad_buf_puts(b, ",\"code\":");
        dyad_json_cstr(b, pe->code);
        dyad_buf_printf(b, ",\"in_dictionary\":%s,\"first_mention\":%u,\"mentions\":%u}",
                        pe->in_dict ? "true" : "false", pe->first, pe->nmentions);
    }
    dyad_buf_putc(b, ']');
}

// Appends the JSON of one place of the dictionary (name, country, kind, lat, lon).
static void S_dict_place_json(dyad_buf *b, const dyad_dict *dict, int64_t pl)
{
    const dict_place *p = &DICT_AT(dict, places, dict_place, pl);
    dyad_buf_puts(b, "\"name\":");
    dyad_json_cstr(b, dict_s(dict, p->name));
    dyad_buf_puts(b, ",\"country\":");
    dyad_json_cstr(b, dict_s(dict, p->country));
    dyad_buf_puts(b, ",\"kind\":");
    dyad_json_cstr(b, dict_s(dict, p->kind));
    dyad_buf_printf(b, ",\"lat\":%.4f,\"lon\":%.4f", p->lat, p->lon);
}

static void S_places_json(dyad_buf *b, const dyad_doc *d, const char *text, const doc_context *x)
{
    dyad_buf_puts(b, ",\"places\":[");
    for (size_t i = 0; i < x->nplaces; i++) {
        const ctx_place *p = &x->places[i];
        dyad_buf_printf(b, "%s{\"sentence\":%u,", i ? "," : "", p->sentence);
        S_span_json(b, d, text, p->r.tb, p->r.te);
        dyad_buf_putc(b, ',');
        S_dict_place_json(b, x->dict, p->r.place);
        dyad_buf_printf(b, ",\"locative\":%s}", p->r.locative ? "true" : "false");
    }
    dyad_buf_puts(b, "],\"dateline_place\":");
    if (x->dateline_place >= 0) {
        dyad_buf_putc(b, '{');
        S_dict_place_json(b, x->dict, x->dateline_place);
        dyad_buf_putc(b, '}');
    } else dyad_buf_puts(b, "null");
}

static void S_dates_json(dyad_buf *b, const dyad_doc *d, const char *text, const doc_context *x)
{
    static const char *const prec[] = {"none", "year", "month", "day"};
    dyad_buf_puts(b, ",\"dates\":[");
    for (size_t i = 0; i < x->ndates; i++) {
        const ctx_date *c = &x->dates[i];
        dyad_buf_printf(b, "%s{\"sentence\":%u,", i ? "," : "", c->sentence);
        S_span_json(b, d, text, c->r.tb, c->r.te);
        if (c->r.kind == DREF_SHIFT) {
            dyad_buf_printf(b, ",\"kind\":\"shift\",\"shift_days\":%d}", (int)c->r.shift);
            continue;
        }
        dyad_buf_puts(b, ",\"kind\":\"point\",\"date\":");
        if (c->r.prec != DATE_NONE) {
            ymd w = c->r.when;  /* a month or year is written as its first day */
            dyad_buf_printf(b, "\"%04d-%02d-%02d\"", w.y, w.m ? w.m : 1, w.d ? w.d : 1);
        } else dyad_buf_puts(b, "null");
        dyad_buf_printf(b, ",\"precision\":\"%s\",\"relative\":%s}", prec[c->r.prec < 4 ? c->r.prec : 0],
                        c->r.relative ? "true" : "false");
    }
    dyad_buf_putc(b, ']');
}

static void S_quotes_json(dyad_buf *b, const dyad_doc *d, const char *text, const doc_context *x)
{
    dyad_buf_puts(b, ",\"quotes\":[");
    for (size_t i = 0; i < x->nquotes; i++) {
        const ctx_quote *q = &x->quotes[i];
        dyad_buf_printf(b, "%s{\"start\":%zu,\"end\":%zu,\"text\":", i ? "," : "", q->r.start, q->r.end);
        dyad_json_str(b, text + q->r.start, q->r.end > q->r.start ? q->r.end - q->r.start : 0);
        dyad_buf_printf(b, ",\"sentences\":[%u,%u],\"speaker\":", q->r.sent_first, q->r.sent_last);
        if (q->r.spk_e > q->r.spk_b) {
            dyad_buf_putc(b, '{');
            S_span_json(b, d, text, q->r.spk_b, q->r.spk_e);
            dyad_buf_printf(b, ",\"pronoun\":%s}", q->r.spk_pronoun ? "true" : "false");
        } else dyad_buf_puts(b, "null");
        dyad_buf_puts(b, ",\"code\":");
        if (q->code[0]) dyad_json_cstr(b, q->code); else dyad_buf_puts(b, "null");
        S_index_json(b, "mention", q->mention);
        S_index_json(b, "person", q->person);
        S_index_json(b, "continues", q->r.same_as);
        dyad_buf_putc(b, '}');
    }
    dyad_buf_putc(b, ']');
}

// Appends the document context members (docs/annotate.md), or empty arrays without context.
static void S_context_json(dyad_buf *b, const dyad_doc *d, const char *text)
{
    const doc_context *x = d->context;
    if (!x) {
        dyad_buf_puts(b, ",\"mentions\":[],\"people\":[],\"places\":[],\"dateline_place\":null,\"dates\":[],\"quotes\":[]");
        return;
    }
    S_mentions_json(b, d, text, x);
    S_people_json(b, x);
    S_places_json(b, d, text, x);
    S_dates_json(b, d, text, x);
    S_quotes_json(b, d, text, x);
}

int dyad_doc_write_annotation(const dyad_doc *d, dyad_write_fn fn, void *ctx)
{
    if (!d || !fn) return -1;
    size_t len;
    const char *text = dyad__doc_text(d, &len);
    dyad_buf b;
    dyad_buf_init(&b, &d->alloc);
    dyad_buf_puts(&b, "{\"doc\":");
    dyad_json_cstr(&b, d->id);
    dyad_buf_puts(&b, ",\"date\":");
    if (d->date[0]) dyad_json_cstr(&b, d->date); else dyad_buf_puts(&b, "null");
    static const char *const from[] = {NULL, "metadata", "option", "dateline", "text"};
    int df = d->context ? d->context->date_from : d->date[0] ? (d->date_from_option ? 2 : 1) : 0;
    dyad_buf_puts(&b, ",\"date_from\":");
    dyad_json_cstr(&b, df > 0 && df < 5 ? from[df] : NULL);
    dyad_buf_puts(&b, ",\"title\":");
    if (d->title[0]) dyad_json_cstr(&b, d->title); else dyad_buf_puts(&b, "null");
    dyad_buf_printf(&b, ",\"bytes\":%zu,\"repairs\":%zu", len, d->repairs);
    S_dateline_json(&b, d, text);
    dyad_buf_puts(&b, ",\"sentences\":[");
    int rc = 0;
    for (size_t s = 0; s < d->nsentences && rc == 0; s++) {
        const dyad_sentence *se = &d->sentences[s];
        if (s) dyad_buf_putc(&b, ',');
        dyad_buf_printf(&b, "{\"index\":%zu,\"start\":%zu,\"end\":%zu,", s, se->start, se->end);
        if (se->flags & DYAD_SF_HEADLINE) dyad_buf_puts(&b, "\"headline\":true,");
        if (se->flags & DYAD_SF_PARAGRAPH) dyad_buf_puts(&b, "\"paragraph_start\":true,");
        dyad_buf_puts(&b, "\"text\":");
        dyad_json_str(&b, text + se->start, se->end - se->start);
        dyad_buf_puts(&b, ",\"tokens\":[");
        for (uint32_t k = se->tok_begin; k < se->tok_end; k++) {
            if (k > se->tok_begin) dyad_buf_putc(&b, ',');
            S_token_json(&b, text, &d->tokens[k]);
        }
        dyad_buf_puts(&b, "]}");
        /* flush big documents as we go so memory stays proportional to one sentence */
        if (b.len > (1u << 20)) { rc = fn(ctx, b.data, b.len); dyad_buf_clear(&b); }
    }
    dyad_buf_putc(&b, ']');
    S_context_json(&b, d, text);
    dyad_buf_puts(&b, ",\"events\":[");
    uint64_t id = 1;
    S_append_events(d, NULL, DYAD_FORMAT_JSONL, &id, &b, true);
    dyad_buf_puts(&b, "]}\n");
    if (b.failed) { dyad_buf_free(&b); return -1; }
    if (rc == 0) rc = fn(ctx, b.data, b.len);
    dyad_buf_free(&b);
    return rc;
}

/* MARK: events in every format (formats.c) */

// The end of the document's lead: the first paragraph start after its first non-headline sentence.
static size_t S_lead_end(const dyad_doc *d)
{
    size_t s = 0;
    while (s < d->nsentences && (d->sentences[s].flags & DYAD_SF_HEADLINE)) s++;
    for (size_t k = s + 1; k < d->nsentences; k++)
        if (d->sentences[k].flags & DYAD_SF_PARAGRAPH) return k;
    return d->nsentences;
}

// Appends the document's events as records of format to b; with `array`, JSON records are joined by
// commas without newlines (the events array of an annotation).  False when out of memory.
static bool S_append_events(const dyad_doc *d, const dyad_dict *dict, int format, uint64_t *next_id, dyad_buf *b,
                            bool array)
{
    size_t len;
    const char *text = dyad__doc_text(d, &len);
    size_t lead_end = S_lead_end(d);
    dyad_buf words;   /* the NUL-terminated actor words and sentence of one event */
    dyad_buf_init(&words, &d->alloc);
    dyad_row_memo memo;
    dyad__row_memo_init(&memo, &d->alloc);
    bool ok = true;
    for (size_t i = 0; i < d->nevents && ok; i++) {
        const dyad_event *e = &d->events[i];
        const dyad_sentence *se = &d->sentences[e->sentence];
        size_t ns = e->source_end - e->source_start, nt = e->target_end - e->target_start;
        dyad_buf_clear(&words);
        dyad_buf_put(&words, text + e->source_start, ns);
        dyad_buf_putc(&words, '\0');
        dyad_buf_put(&words, text + e->target_start, nt);
        dyad_buf_putc(&words, '\0');
        dyad_buf_put(&words, text + se->start, se->end - se->start);
        if (words.failed) break;
        dyad_row r = {
            .event_id = (*next_id)++, .doc = d->id, .date = e->date, .doc_date = d->date,
            .source = e->source, .target = e->target,
            .source_text = words.data, .target_text = words.data + ns + 1, .text = words.data + ns + nt + 2,
            .code = e->code, .plover = e->plover, .pattern = e->pattern,
            .url = d->url, .publisher = d->source,
            .sentence = e->sentence, .quad = e->quad, .goldstein = e->goldstein,
            .place_name = e->place_name, .place_country = e->place_country, .lat = e->lat, .lon = e->lon,
            .has_place = e->place_name != NULL, .date_precision = e->date_precision,
            .lead = e->sentence < lead_end, .mentions = 1, .sources = 1, .documents = 1};
        if (array && i) dyad_buf_putc(b, ',');
        ok = dyad__format_rows(b, dict, format, &r, &memo);
        if (array && ok && b->len && b->data[b->len - 1] == '\n') b->data[--b->len] = '\0';
    }
    ok = ok && !words.failed && !b->failed;
    dyad_buf_free(&words);
    dyad__row_memo_free(&memo);
    return ok;
}

int dyad_doc_write_events_dict(const dyad_doc *d, const dyad_dict *dict, int format, uint64_t *next_id,
                               dyad_write_fn fn, void *ctx)
{
    uint64_t local = 1;
    if (!next_id) next_id = &local;
    if (!d || !fn || dyad_format_columns(format) < 0) return -1;
    if (!d->nevents) return 0;
    dyad_buf b;
    dyad_buf_init(&b, &d->alloc);
    int rc = S_append_events(d, dict, format, next_id, &b, false) ? fn(ctx, b.data, b.len) : -1;
    dyad_buf_free(&b);
    return rc;
}

int dyad_doc_write_events(const dyad_doc *d, int format, dyad_write_fn fn, void *ctx)
{
    if (format != DYAD_FORMAT_JSONL && format != DYAD_FORMAT_TSV) return -1;
    return dyad_doc_write_events_dict(d, NULL, format, NULL, fn, ctx);
}
