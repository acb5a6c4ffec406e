/*
 * formats.c — event records in the formats users already read (docs/formats.md):
 * dyad's JSONL and TSV, CSV, GDELT 2.0 and 1.0, ICEWS, the Phoenix pipeline,
 * PLOVER JSON Lines and POLECAT.  The writers take a dyad_row (one event, from a
 * coded document or from a store) and the dictionary set, which supplies the
 * codebook and the country crosswalks (ISO3, COW, FIPS 10-4, names).
 *
 * Also here: the code index of the dictionary set (dict_index_codes), built at
 * load time so that each row costs a few binary searches, and the split of a
 * CAMEO actor code into its 3-letter parts (country, known group, ethnic,
 * religion, type/sector) as GDELT's Actor columns want it.
 */
#include "dict.h"

#include <stdio.h>
#include <stdlib.h>

static const char *S_str(const char *s) { return s ? s : ""; }

/* MARK: format names */

static const char *const S_names[] = {"jsonl", "tsv", "gdelt2", "gdelt1", "icews", "phoenix", "plover", "polecat", "csv"};
static const int S_columns[] = {0, 13, 61, 58, 20, 26, 0, 40, 13};
#define S_NFORMATS ((int)(sizeof S_names / sizeof *S_names))

int dyad_format_from_name(const char *name)
{
    if (!name) return -1;
    for (int i = 0; i < S_NFORMATS; i++)
        if (strcmp(S_names[i], name) == 0) return i;
    return -1;
}

const char *dyad_format_name(int format) { return format >= 0 && format < S_NFORMATS ? S_names[format] : NULL; }

int dyad_format_columns(int format) { return format >= 0 && format < S_NFORMATS ? S_columns[format] : -1; }

/* MARK: the code index */

int dict_known_kind_from_name(const char *s)
{
    static const char *const kinds[] = {"", "sector", "type", "group", "religion", "ethnic", "region"};
    for (int i = 1; i < (int)(sizeof kinds / sizeof *kinds); i++)
        if (strcmp(kinds[i], s) == 0) return i;
    return KC_OTHER;
}

typedef struct code_tmp {
    const char *code;
    dict_code_ref ref;
    uint8_t prio;    /* countries first, then organisations, groups, other actors */
} code_tmp;

static int S_cmp_tmp(const void *pa, const void *pb)
{
    const code_tmp *a = pa, *b = pb;
    int c = strcmp(a->code, b->code);
    if (c) return c;
    if (a->ref.src != b->ref.src) return a->ref.src < b->ref.src ? -1 : 1;
    if (a->prio != b->prio) return a->prio < b->prio ? -1 : 1;
    return a->ref.id < b->ref.id ? -1 : a->ref.id > b->ref.id;
}

// The ISO 3166-1 alpha-3 code of a country entity: its iso3 attribute, else its CAMEO code when it has an ISO alpha-2.
static const char *S_iso3(const dyad_dict *d, const dict_entity *e)
{
    if (e->kind != ENT_COUNTRY) return "";
    if (e->iso3) return dict_s(d, e->iso3);
    return e->iso2 ? dict_s(d, e->code) : "";
}

// The key of a 3-letter code and a source in the code3 table (never 0: src >= 1).
static uint32_t S_code3_key(const char *s, int src)
{
    return (uint32_t)(uint8_t)s[0] | (uint32_t)(uint8_t)s[1] << 8 | (uint32_t)(uint8_t)s[2] << 16 | (uint32_t)src << 24;
}

static size_t S_code3_slot(uint32_t key, size_t cap) { return (key * 2654435761u >> 7) & (cap - 1); }

// Hashes the first entry of each (3-letter code, source) of the code index: the coder and the
// formats look up three letters of a code several times per event, and a binary search over
// the index with string compares cost ~600 instructions a lookup.
static bool S_index_code3(dyad_dict *d)
{
    dyad__free(&d->alloc, d->code3);
    d->code3 = NULL;
    d->code3_cap = 0;
    const dict_code_ref *v = d->code_index.v;
    size_t cap = 64;
    while (cap < 2 * d->code_index.n) cap *= 2;
    uint64_t *t = dyad__malloc(&d->alloc, cap * sizeof *t);
    if (!t) { d->oom = true; return false; }
    memset(t, 0, cap * sizeof *t);
    for (size_t i = 0; i < d->code_index.n; i++) {
        const char *c = dict_s(d, v[i].code);
        if (strlen(c) != 3 || (i && v[i - 1].code == v[i].code && v[i - 1].src == v[i].src)) continue;
        uint32_t key = S_code3_key(c, v[i].src);
        size_t k = S_code3_slot(key, cap);
        while (t[k] && (uint32_t)(t[k] >> 32) != key) k = (k + 1) & (cap - 1);
        if (!t[k]) t[k] = (uint64_t)key << 32 | i; /* the first entry wins (interned codes: equal strings, equal ids) */
    }
    d->code3 = t;
    d->code3_cap = cap;
    return true;
}

bool dict_index_codes(dyad_dict *d)
{
    size_t n = 0, cap = d->entities.n * 2 + d->known_codes.n;
    code_tmp *t = dyad__malloc(&d->alloc, (cap ? cap : 1) * sizeof *t);
    if (!t) { d->oom = true; return false; }
    static const uint8_t prio[] = {[ENT_ACTOR] = 3, [ENT_COUNTRY] = 0, [ENT_IGO] = 1, [ENT_GROUP] = 2, [ENT_PERSON] = 4};
    for (size_t i = 0; i < d->entities.n; i++) {
        const dict_entity *e = &DICT_AT(d, entities, dict_entity, i);
        if (e->kind == ENT_PERSON || e->kind > ENT_PERSON) continue;
        if (e->code)
            t[n++] = (code_tmp){dict_s(d, e->code), {e->code, DICT_REF_ENTITY, (uint32_t)i}, prio[e->kind]};
        const char *iso = S_iso3(d, e);
        if (*iso) t[n++] = (code_tmp){iso, {e->iso3 ? e->iso3 : e->code, DICT_REF_ISO3, (uint32_t)i}, prio[e->kind]};
    }
    for (size_t i = 0; i < d->known_codes.n; i++) {
        dict_str c = DICT_AT(d, known_codes, dict_str, i);
        t[n++] = (code_tmp){dict_s(d, c), {c, DICT_REF_KNOWN, (uint32_t)i}, 0};
    }
    if (n) qsort(t, n, sizeof *t, S_cmp_tmp);
    dict_code_ref *refs = dyad__realloc(&d->alloc, d->code_index.v, (n ? n : 1) * sizeof *refs);
    if (!refs) { dyad__free(&d->alloc, t); d->oom = true; return false; }
    for (size_t i = 0; i < n; i++) refs[i] = t[i].ref;
    d->code_index.v = refs;
    d->code_index.n = d->code_index.cap = n;
    dyad__free(&d->alloc, t);
    return S_index_code3(d);
}

// Compares the slice s[0..n) with the NUL-terminated t.
static int S_cmp_slice(const char *s, size_t n, const char *t)
{
    int c = strncmp(s, t, n);
    if (c) return c;
    return t[n] ? -1 : 0;
}

const dict_code_ref *dict_find_code(const dyad_dict *d, const char *s, size_t n, int src)
{
    if (!d || !n) return NULL;
    const dict_code_ref *v = d->code_index.v;
    if (n == 3 && d->code3_cap && s[0] && s[1] && s[2] && src > 0 && src < 256) {
        uint32_t key = S_code3_key(s, src);
        for (size_t k = S_code3_slot(key, d->code3_cap); d->code3[k]; k = (k + 1) & (d->code3_cap - 1))
            if ((uint32_t)(d->code3[k] >> 32) == key) return &v[(uint32_t)d->code3[k]];
        return NULL;
    }
    size_t lo = 0, hi = d->code_index.n;
    while (lo < hi) {   /* first entry >= (s, src) */
        size_t mid = lo + (hi - lo) / 2;
        int c = S_cmp_slice(s, n, dict_s(d, v[mid].code));
        if (c > 0 || (c == 0 && v[mid].src < src)) lo = mid + 1;
        else hi = mid;
    }
    if (lo < d->code_index.n && v[lo].src == src && S_cmp_slice(s, n, dict_s(d, v[lo].code)) == 0) return &v[lo];
    return NULL;
}

/* MARK: actor codes */

enum { P_UNKNOWN = 0, P_COUNTRY, P_REGION, P_TYPE, P_GROUP, P_RELIGION, P_ETHNIC };

typedef struct actor_part {
    char code[4];
    uint8_t cls;          /* P_* */
    const char *name;     /* country, region or known-code name; "" when unknown */
} actor_part;

#define MAX_PARTS 8

/** A CAMEO actor code read part by part (KORGOV, IGOUNOPKO, IMGMOSALQ). */
typedef struct actor_info {
    const char *code;             /* the whole code */
    actor_part p[MAX_PARTS];
    int n;
    const dict_entity *country;   /* the country entity of the country part */
    const dict_entity *exact;     /* the entity whose code is the whole code */
    const char *country_code;     /* the country or region part (GDELT CountryCode), "" */
    const char *country_name;     /* its name, "" */
} actor_info;

// Splits code into 3-letter parts and classifies each with the dictionaries.
static void S_actor(const dyad_dict *d, const char *code, actor_info *a)
{
    memset(a, 0, sizeof *a);
    a->code = S_str(code);
    a->country_code = a->country_name = "";
    size_t len = strlen(a->code);
    if (!d || !len) return;
    const dict_known *meta = d->known_meta.v;
    for (size_t i = 0; i < len && a->n < MAX_PARTS; i += 3) {
        size_t k = len - i < 3 ? len - i : 3;
        actor_part *p = &a->p[a->n++];
        memcpy(p->code, a->code + i, k);
        p->code[k] = '\0';
        p->name = "";
        const dict_code_ref *ent = dict_find_code(d, p->code, k, DICT_REF_ENTITY);
        const dict_entity *e = ent ? &DICT_AT(d, entities, dict_entity, ent->id) : NULL;
        if (e && e->kind != ENT_COUNTRY) e = NULL;
        const dict_code_ref *kn = dict_find_code(d, p->code, k, DICT_REF_KNOWN);
        int kind = kn && kn->id < d->known_meta.n ? meta[kn->id].kind : KC_OTHER;
        if (e && !a->country && (i == 0 || !kn)) {
            p->cls = P_COUNTRY;
            p->name = dict_s(d, e->name);
            a->country = e;
        } else if (kn) {
            static const uint8_t cls[] = {[KC_OTHER] = P_TYPE, [KC_SECTOR] = P_TYPE, [KC_TYPE] = P_TYPE, [KC_GROUP] = P_GROUP,
                                          [KC_RELIGION] = P_RELIGION, [KC_ETHNIC] = P_ETHNIC, [KC_REGION] = P_REGION};
            p->cls = kind >= 0 && kind <= KC_REGION ? cls[kind] : P_TYPE;
            p->name = kn->id < d->known_meta.n ? dict_s(d, meta[kn->id].name) : "";
        } else {
            /* a 3-letter group of our own dictionaries that is neither a country nor a listed
             * code is an organisation's or group's own code (PSEHMS, IGOEUREEC, IMGMOSALQ) */
            p->cls = d->known_codes.n && k == 3 ? P_GROUP : P_UNKNOWN;
        }
        if ((p->cls == P_COUNTRY || p->cls == P_REGION) && !*a->country_code) {
            a->country_code = p->code;
            a->country_name = p->name;
        }
    }
    const dict_code_ref *ex = dict_find_code(d, a->code, len, DICT_REF_ENTITY);
    if (ex) a->exact = &DICT_AT(d, entities, dict_entity, ex->id);
}

// The n-th part (0-based) of class cls, or "".
static const char *S_part(const actor_info *a, int cls, int nth)
{
    for (int i = 0; i < a->n; i++)
        if (a->p[i].cls == cls && nth-- == 0) return a->p[i].code;
    return "";
}

// A readable name: the entity whose code is the whole code, else the country (or region), else the words of the text.
static const char *S_display_name(const dyad_dict *d, const actor_info *a, const char *text)
{
    if (a->exact) return dict_s(d, a->exact->name);
    if (*a->country_name) return a->country_name;
    return S_str(text);
}

/* Country crosswalks of an actor's country entity; "" when unknown. */
static const char *S_iso3_of(const dyad_dict *d, const actor_info *a) { return a->country ? S_iso3(d, a->country) : ""; }
static const char *S_cow_of(const dyad_dict *d, const actor_info *a) { return a->country ? dict_s(d, a->country->cow) : ""; }

// Copies the first of the FIPS codes of e ("WE | GZ" -> "WE") into out.
static const char *S_fips(const dyad_dict *d, const dict_entity *e, char out[8])
{
    out[0] = '\0';
    if (!e || e->kind != ENT_COUNTRY) return out;
    const char *f = dict_s(d, e->fips);
    size_t n = strcspn(f, " |\t");
    if (n > 7) n = 7;
    memcpy(out, f, n);
    out[n] = '\0';
    return out;
}

// The country entity of an ISO3 (or CAMEO) country code, or NULL.
static const dict_entity *S_country_by_iso3(const dyad_dict *d, const char *iso3)
{
    if (!d || !iso3 || !*iso3) return NULL;
    const dict_code_ref *r = dict_find_code(d, iso3, strlen(iso3), DICT_REF_ISO3);
    if (!r) r = dict_find_code(d, iso3, strlen(iso3), DICT_REF_ENTITY);
    const dict_entity *e = r ? &DICT_AT(d, entities, dict_entity, r->id) : NULL;
    return e && e->kind == ENT_COUNTRY ? e : NULL;
}

/* MARK: fields */

/** A record being written: fields joined by sep, escaped for TSV or CSV. */
typedef struct rec {
    dyad_buf *b;
    int nf;
    char sep;
    bool csv;
} rec;

static void S_sep(rec *r)
{
    if (r->nf++) dyad_buf_putc(r->b, r->sep);
}

// Appends s[0..n) as a TSV field (tabs and line breaks become spaces).
static void S_tsv(dyad_buf *b, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\t' && s[i] != '\n' && s[i] != '\r') continue;
        dyad_buf_put(b, s + run, i - run);
        dyad_buf_putc(b, ' ');
        run = i + 1;
    }
    dyad_buf_put(b, s + run, n - run);
}

// Appends s[0..n) as a CSV field (RFC 4180): quoted when it holds a comma, quote or
// leading/trailing space, quotes doubled; line breaks become spaces so a record is one line
// (tabs are kept).
static void S_csv(dyad_buf *b, const char *s, size_t n)
{
    bool quote = n && (s[0] == ' ' || s[n - 1] == ' ');
    for (size_t i = 0; i < n && !quote; i++) quote = s[i] == ',' || s[i] == '"';
    if (quote) dyad_buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '"') dyad_buf_put(b, "\"\"", 2);
        else dyad_buf_putc(b, c == '\n' || c == '\r' ? ' ' : c);
    }
    if (quote) dyad_buf_putc(b, '"');
}

static void S_f(rec *r, const char *s)
{
    S_sep(r);
    s = S_str(s);
    if (r->csv) S_csv(r->b, s, strlen(s));
    else S_tsv(r->b, s, strlen(s));
}

static void S_fmt(rec *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void S_fmt(rec *r, const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    S_f(r, tmp);
}

// A field in upper case (ASCII letters), as GDELT writes actor names.
static void S_upper(rec *r, const char *s)
{
    S_sep(r);
    for (s = S_str(s); *s; s++) {
        char c = *s;
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
        else if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
        dyad_buf_putc(r->b, c);
    }
}

/* MARK: the event */

/** What every writer needs about one row. */
typedef struct ev {
    const dyad_row *row;
    const dyad_dict *d;
    const dict_event_code *ec;   /* the codebook entry, or NULL */
    bool dated;
    int y, m, day;
    int quad;
    const char *plover;
    actor_info src, tgt;
    const dict_entity *place_country;
} ev;

// True when date is a valid "YYYY-MM-DD" (the memo keeps the answer for the last date pointer).
static bool S_dated(const char *date, dyad_row_memo *memo)
{
    if (memo && memo->date == date) return memo->date_valid;
    bool ok = strlen(date) == 10 && dyad__valid_date(date, 10);
    if (memo) {
        memo->date = date;
        memo->date_valid = ok;
    }
    return ok;
}

// The codebook entry of code (the memo keeps it for the last code pointer).
static const dict_event_code *S_event_code(const dyad_dict *d, const char *code, dyad_row_memo *memo)
{
    if (!d || !*code) return NULL;
    if (memo && memo->code == code) return memo->ec;
    const dict_event_code *ec = dict_find_event_code(d, code);
    if (memo) {
        memo->code = code;
        memo->ec = ec;
    }
    return ec;
}

// Fills e from row r; `actors`: also look up the actors' countries and sectors and the place's
// country, and read the date (the dataset formats need them; dyad's own JSONL, TSV and CSV
// records do not, nor the codebook entry when the row has its quad and PLOVER category).
static void S_ev(ev *e, const dyad_dict *d, const dyad_row *r, bool actors, dyad_row_memo *memo)
{
    /* the actors (most of ev) are filled by S_actor, and read only by the formats that want them */
    e->row = r;
    e->d = d;
    e->ec = NULL;
    e->dated = false;
    e->y = e->m = e->day = 0;
    e->place_country = NULL;
    const char *code = S_str(r->code);
    if (actors || !r->quad || !r->plover) e->ec = S_event_code(d, code, memo);
    e->quad = r->quad ? r->quad : e->ec ? e->ec->quad : 0;
    e->plover = r->plover ? r->plover : e->ec ? dict_s(d, e->ec->plover) : "";
    if (!actors) return;
    const char *date = S_str(r->date);
    e->dated = S_dated(date, memo);
    if (e->dated) { /* digits, checked: what atoi reads of "YYYY", "MM" and "DD" */
        e->y = (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 + (date[3] - '0');
        e->m = (date[5] - '0') * 10 + (date[6] - '0');
        e->day = (date[8] - '0') * 10 + (date[9] - '0');
    }
    S_actor(d, r->source, &e->src);
    S_actor(d, r->target, &e->tgt);
    if (r->has_place) e->place_country = S_country_by_iso3(d, r->place_country);
}

static unsigned S_count(unsigned n) { return n ? n : 1; }

// 1..366.  GDELT's FractionDate is YYYY + day-of-year / 365 in its files (1979-01-01 is 1979.0027),
// though its codebook describes the rougher (MONTH * 30 + DAY) / 365.
static int S_day_of_year(int y, int m, int day)
{
    static const int before[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return before[m - 1] + day + (leap && m > 2 ? 1 : 0);
}


// Writes v into out (at least 48 bytes) as printf's "%.*f" would with 1 or 4 decimals, and returns
// its length.  Goldstein scores and the gazetteer's coordinates are floats' values, so |v| * 10^k is
// exact in a double and rounds to nearest, ties to even, as printf does: no printf call (a quarter of
// the cost of writing an event).  Other values go through printf.
static size_t S_fixed(char *out, double v, int decimals)
{
    if (!(v > -1e6 && v < 1e6) || (double)(float)v != v || (decimals != 1 && decimals != 4))
        return (size_t)snprintf(out, 48, "%.*f", decimals, v);
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    double s = (v < 0 ? -v : v) * (decimals == 1 ? 10.0 : 10000.0), whole = (double)(uint64_t)s, frac = s - whole;
    uint64_t q = (uint64_t)whole + (frac > 0.5 || (frac == 0.5 && ((uint64_t)whole & 1)));
    char buf[32], *e = buf + sizeof buf, *p = e;
    for (int k = 0; k < decimals; k++, q /= 10) *--p = (char)('0' + q % 10);
    *--p = '.';
    do { *--p = (char)('0' + q % 10); q /= 10; } while (q);
    if (bits >> 63) *--p = '-'; /* printf writes the sign of -0.0 and of what rounds to zero */
    size_t n = (size_t)(e - p);
    memcpy(out, p, n);
    out[n] = '\0';
    return n;
}

// Writes v in decimal into out (at least 24 bytes) as printf's "%lld" would; returns its length.
static size_t S_decimal(char *out, long long v)
{
    char buf[24], *e = buf + sizeof buf, *p = e;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do { *--p = (char)('0' + u % 10); u /= 10; } while (u);
    if (v < 0) *--p = '-';
    size_t n = (size_t)(e - p);
    memcpy(out, p, n);
    out[n] = '\0';
    return n;
}

static void S_coord(dyad_buf *b, double v)
{
    char t[48];
    dyad_buf_put(b, t, S_fixed(t, v, 4));
}

static void S_put_decimal(dyad_buf *b, long long v)
{
    char t[24];
    dyad_buf_put(b, t, S_decimal(t, v));
}

// The field of a number ("%d", "%u") and of a score ("%.1f"), without printf.
static void S_fnum(rec *r, long long v)
{
    char t[24];
    S_decimal(t, v);
    S_f(r, t);
}

static void S_fscore(rec *r, double v)
{
    char t[48];
    S_fixed(t, v, 1);
    S_f(r, t);
}

static void S_place_json(dyad_buf *b, const dyad_row *r);

// S_place_json, from the memo when the place is the last one written (the events of a document
// mostly share the dateline's place): same strings, same coordinates to the bit.
static void S_place_json_memo(dyad_buf *b, const dyad_row *r, dyad_row_memo *memo)
{
    if (!memo) { S_place_json(b, r); return; }
    const char *name = r->has_place ? r->place_name : NULL, *country = r->has_place ? r->place_country : NULL;
    double lat = r->has_place ? r->lat : 0, lon = r->has_place ? r->lon : 0;
    if (!memo->place_set || memo->place_name != name || memo->place_country != country ||
        memcmp(&memo->lat, &lat, sizeof lat) != 0 || memcmp(&memo->lon, &lon, sizeof lon) != 0) {
        dyad_buf_clear(&memo->place_json);
        S_place_json(&memo->place_json, r);
        memo->place_set = !memo->place_json.failed;
        memo->place_name = name;
        memo->place_country = country;
        memo->lat = lat;
        memo->lon = lon;
        if (!memo->place_set) { S_place_json(b, r); return; }
    }
    dyad_buf_put(b, memo->place_json.data, memo->place_json.len);
}

// Appends ,"place": {name, country, lat, lon} or null.
static void S_place_json(dyad_buf *b, const dyad_row *r)
{
    dyad_buf_puts(b, ",\"place\":");
    if (r->has_place) {
        dyad_buf_puts(b, "{\"name\":");
        dyad_json_cstr(b, S_str(r->place_name));
        dyad_buf_puts(b, ",\"country\":");
        dyad_json_cstr(b, S_str(r->place_country));
        dyad_buf_puts(b, ",\"lat\":");
        S_coord(b, r->lat);
        dyad_buf_puts(b, ",\"lon\":");
        S_coord(b, r->lon);
        dyad_buf_putc(b, '}');
    } else dyad_buf_puts(b, "null");
}

// The EventBaseCode: the 3-digit parent of a 4-digit code, else the code.
static void S_base_code(const char *code, char out[8])
{
    size_t n = strlen(code);
    if (n > 3) n = 3;
    memcpy(out, code, n);
    out[n] = '\0';
}

/* MARK: dyad's own records */

// Appends ,"date": and, when known, ,"date_precision":.
static void S_date_json(dyad_buf *b, const dyad_row *r)
{
    dyad_buf_puts(b, ",\"date\":");
    dyad_json_cstr(b, S_str(r->date));
    static const char *const prec[] = {"", "year", "month", "day"};
    if (r->date_precision > 0 && r->date_precision <= 3) {
        dyad_buf_puts(b, ",\"date_precision\":\"");
        dyad_buf_puts(b, prec[r->date_precision]);
        dyad_buf_putc(b, '"');
    }
}

static void S_jsonl(dyad_buf *b, const ev *e, dyad_row_memo *memo)
{
    const dyad_row *r = e->row;
    if (memo && (memo->doc != r->doc || !memo->doc_json.len)) {
        /* the record's beginning, the same for every event of the document */
        dyad_buf_clear(&memo->doc_json);
        dyad_buf_puts(&memo->doc_json, "{\"doc\":");
        dyad_json_cstr(&memo->doc_json, S_str(r->doc));
        dyad_buf_puts(&memo->doc_json, ",\"sentence\":");
        memo->doc = memo->doc_json.failed ? NULL : r->doc;
        if (memo->doc_json.failed) dyad_buf_clear(&memo->doc_json);
    }
    if (memo && memo->doc_json.len) dyad_buf_put(b, memo->doc_json.data, memo->doc_json.len);
    else {
        dyad_buf_puts(b, "{\"doc\":");
        dyad_json_cstr(b, S_str(r->doc));
        dyad_buf_puts(b, ",\"sentence\":");
    }
    S_put_decimal(b, r->sentence);
    if (memo && (!memo->jdate_set || memo->jdate != r->date || memo->jdate_precision != r->date_precision)) {
        /* the date members, mostly the same for every event of the document */
        dyad_buf_clear(&memo->date_json);
        S_date_json(&memo->date_json, r);
        memo->jdate_set = !memo->date_json.failed;
        memo->jdate = r->date;
        memo->jdate_precision = r->date_precision;
    }
    if (memo && memo->jdate_set) dyad_buf_put(b, memo->date_json.data, memo->date_json.len);
    else S_date_json(b, r);
    dyad_buf_puts(b, ",\"source\":");
    dyad_json_cstr(b, S_str(r->source));
    dyad_buf_puts(b, ",\"target\":");
    dyad_json_cstr(b, S_str(r->target));
    dyad_buf_puts(b, ",\"source_text\":");
    dyad_json_cstr(b, S_str(r->source_text));
    dyad_buf_puts(b, ",\"target_text\":");
    dyad_json_cstr(b, S_str(r->target_text));
    dyad_buf_puts(b, ",\"code\":");
    dyad_json_cstr(b, S_str(r->code));
    const char *code = S_str(r->code);
    dyad_buf_puts(b, ",\"root\":\"");
    dyad_buf_put(b, code, code[0] ? (code[1] ? 2 : 1) : 0);
    dyad_buf_puts(b, "\",\"quad\":");
    S_put_decimal(b, e->quad);
    dyad_buf_puts(b, ",\"goldstein\":");
    char score[48];
    dyad_buf_put(b, score, S_fixed(score, r->goldstein, 1));
    dyad_buf_puts(b, ",\"plover\":");
    if (*e->plover) dyad_json_cstr(b, e->plover);
    else dyad_buf_puts(b, "null");
    S_place_json_memo(b, r, memo);
    dyad_buf_puts(b, ",\"text\":");
    dyad_json_cstr(b, S_str(r->text));
    dyad_buf_puts(b, ",\"pattern\":");
    dyad_json_cstr(b, S_str(r->pattern));
    dyad_buf_puts(b, "}\n");
}

// TSV and CSV: doc, sentence, date, source, target, code, root, quad, goldstein,
// source_text, target_text, text, pattern (docs/cli.md).
static void S_delimited(rec *o, const ev *e)
{
    const dyad_row *r = e->row;
    S_f(o, r->doc);
    S_fnum(o, r->sentence);
    S_f(o, r->date);
    S_f(o, r->source);
    S_f(o, r->target);
    S_f(o, r->code);
    S_fmt(o, "%.2s", S_str(r->code));
    S_fnum(o, e->quad);
    S_fscore(o, r->goldstein);
    S_f(o, r->source_text);
    S_f(o, r->target_text);
    S_f(o, r->text);
    S_f(o, r->pattern);
}

/* MARK: GDELT */

static void S_gdelt_actor(rec *o, const ev *e, const actor_info *a, const char *text)
{
    S_f(o, a->code);
    S_upper(o, *a->code ? S_display_name(e->d, a, text) : "");
    S_f(o, a->country_code);
    S_f(o, S_part(a, P_GROUP, 0));
    S_f(o, S_part(a, P_ETHNIC, 0));
    S_f(o, S_part(a, P_RELIGION, 0));
    S_f(o, S_part(a, P_RELIGION, 1));
    S_f(o, S_part(a, P_TYPE, 0));
    S_f(o, S_part(a, P_TYPE, 1));
    S_f(o, S_part(a, P_TYPE, 2));
}

// One geography block: Type, FullName, CountryCode, ADM1Code, [ADM2Code,] Lat, Long, FeatureID.
static void S_gdelt_geo(rec *o, const ev *e, bool filled, bool v2)
{
    const dyad_row *r = e->row;
    if (!filled) {
        S_f(o, "0");
        for (int i = v2 ? 7 : 6; i > 0; i--) S_f(o, "");
        return;
    }
    char fips[8];
    S_fips(e->d, e->place_country, fips);
    const char *cname = e->place_country ? dict_s(e->d, e->place_country->name) : "";
    const char *name = S_str(r->place_name);
    bool country_level = *cname && strcmp(name, cname) == 0;
    bool us = strcmp(S_str(r->place_country), "USA") == 0;
    S_fmt(o, "%d", country_level ? 1 : us ? 3 : 4);
    if (country_level || !*cname) S_f(o, name);
    else {
        S_sep(o);
        S_tsv(o->b, name, strlen(name));
        dyad_buf_puts(o->b, ", ");
        S_tsv(o->b, cname, strlen(cname));
    }
    S_f(o, fips);
    S_f(o, fips);          /* ADM1Code: the country code alone (no ADM1 known) */
    if (v2) S_f(o, "");    /* ADM2Code */
    S_fmt(o, "%.4f", r->lat);
    S_fmt(o, "%.4f", r->lon);
    S_f(o, country_level ? fips : "");
}

static void S_gdelt(rec *o, const ev *e, bool v2)
{
    const dyad_row *r = e->row;
    const char *code = S_str(r->code);
    S_fmt(o, "%llu", (unsigned long long)r->event_id);
    if (e->dated) {
        S_fmt(o, "%04d%02d%02d", e->y, e->m, e->day);
        S_fmt(o, "%04d%02d", e->y, e->m);
        S_fmt(o, "%04d", e->y);
        S_fmt(o, "%.4f", e->y + S_day_of_year(e->y, e->m, e->day) / 365.0);
    } else for (int i = 0; i < 4; i++) S_f(o, "");
    S_gdelt_actor(o, e, &e->src, r->source_text);
    S_gdelt_actor(o, e, &e->tgt, r->target_text);
    S_fmt(o, "%d", r->lead ? 1 : 0);
    char base[8];
    S_base_code(code, base);
    S_f(o, code);
    S_f(o, base);
    S_fmt(o, "%.2s", code);
    if (e->quad) S_fnum(o, e->quad);
    else S_f(o, "");
    S_fscore(o, r->goldstein);
    S_fmt(o, "%u", S_count(r->mentions));
    S_fmt(o, "%u", S_count(r->sources));
    S_fmt(o, "%u", S_count(r->documents));
    S_f(o, "0");   /* AvgTone: dyad does not measure tone */
    S_gdelt_geo(o, e, false, v2);   /* Actor1Geo */
    S_gdelt_geo(o, e, false, v2);   /* Actor2Geo */
    S_gdelt_geo(o, e, r->has_place, v2);   /* ActionGeo */
    if (!e->dated) S_f(o, "");
    else if (v2) S_fmt(o, "%04d%02d%02d000000", e->y, e->m, e->day);
    else S_fmt(o, "%04d%02d%02d", e->y, e->m, e->day);
    S_f(o, *S_str(r->url) ? r->url : r->doc);
}

/* MARK: ICEWS */

static const char S_icews_header[] =
    "Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\tCAMEO Code\tIntensity\t"
    "Target Name\tTarget Sectors\tTarget Country\tStory ID\tSentence Number\tPublisher\tCity\tDistrict\t"
    "Province\tCountry\tLatitude\tLongitude\n";

// ICEWS-style actor name: the entity ("United Nations"), "Sector (Country)" for an agent of a country, the country, or the words.
static void S_icews_name(rec *o, const ev *e, const actor_info *a, const char *text)
{
    if (!*a->code) { S_f(o, ""); return; }
    if (!a->exact && a->country) {
        for (int i = 0; i < a->n; i++) {
            if (a->p[i].cls != P_TYPE || !*a->p[i].name) continue;
            S_sep(o);
            S_tsv(o->b, a->p[i].name, strlen(a->p[i].name));
            dyad_buf_puts(o->b, " (");
            S_tsv(o->b, a->country_name, strlen(a->country_name));
            dyad_buf_putc(o->b, ')');
            return;
        }
    }
    S_f(o, S_display_name(e->d, a, text));
}

// The names of an actor's type, religion and ethnic parts, comma-separated (ICEWS sectors).
static void S_sector_names(rec *o, const actor_info *a)
{
    S_sep(o);
    bool first = true;
    for (int i = 0; i < a->n; i++) {
        const actor_part *p = &a->p[i];
        if ((p->cls != P_TYPE && p->cls != P_RELIGION && p->cls != P_ETHNIC) || !*p->name) continue;
        if (!first) dyad_buf_putc(o->b, ',');
        first = false;
        S_tsv(o->b, p->name, strlen(p->name));
    }
}

static void S_icews(rec *o, const ev *e)
{
    const dyad_row *r = e->row;
    S_fmt(o, "%llu", (unsigned long long)r->event_id);
    S_f(o, e->dated ? r->date : "");
    S_icews_name(o, e, &e->src, r->source_text);
    S_sector_names(o, &e->src);
    S_f(o, e->src.country ? dict_s(e->d, e->src.country->name) : "");
    S_f(o, e->ec ? dict_s(e->d, e->ec->name) : "");
    S_f(o, r->code);
    S_fscore(o, r->goldstein);
    S_icews_name(o, e, &e->tgt, r->target_text);
    S_sector_names(o, &e->tgt);
    S_f(o, e->tgt.country ? dict_s(e->d, e->tgt.country->name) : "");
    S_f(o, r->doc);
    S_fmt(o, "%u", r->sentence + 1);
    S_f(o, r->publisher);
    S_f(o, r->has_place ? r->place_name : "");   /* City */
    S_f(o, "");                                   /* District */
    S_f(o, "");                                   /* Province */
    S_f(o, e->place_country ? dict_s(e->d, e->place_country->name) : "");
    if (r->has_place) { S_fmt(o, "%.4f", r->lat); S_fmt(o, "%.4f", r->lon); }
    else { S_f(o, ""); S_f(o, ""); }
}

/* MARK: Phoenix */

// Phoenix pipeline actor columns (postprocess.py process_actors): the code; its root, the first
// part when it is a country or IGO/NGO/IMG/MNC; its agent, the second part when it is one of the
// pipeline's primary agents; and the other parts, ';'-separated.
static void S_phoenix_actor(rec *o, const actor_info *a)
{
    static const char *const roots[] = {"IGO", "NGO", "IMG", "MNC"};
    static const char *const agents[] = {"GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "MED", "EDU", "BUS", "CRM", "CVL"};
    const char *c = a->code;
    size_t n = strlen(c);
    bool root = a->n && a->p[0].cls == P_COUNTRY;
    for (size_t i = 0; i < 4 && !root && n >= 3; i++) root = strncmp(c, roots[i], 3) == 0;
    bool agent = false;
    for (size_t i = 0; i < sizeof agents / sizeof *agents && !agent && n >= 6; i++) agent = strncmp(c + 3, agents[i], 3) == 0;
    S_f(o, c);
    S_fmt(o, "%.3s", root ? c : "");
    S_fmt(o, "%.3s", agent ? c + 3 : "");
    S_sep(o);
    for (size_t i = agent ? 6 : 3; i < n; i += 3) {
        if (i > (agent ? 6u : 3u)) dyad_buf_putc(o->b, ';');
        S_tsv(o->b, c + i, n - i < 3 ? n - i : 3);
    }
}

static void S_phoenix(rec *o, const ev *e)
{
    const dyad_row *r = e->row;
    S_fmt(o, "%llu", (unsigned long long)r->event_id);
    if (e->dated) {
        S_fmt(o, "%04d%02d%02d", e->y, e->m, e->day);
        S_fmt(o, "%04d", e->y);
        S_fmt(o, "%02d", e->m);
        S_fmt(o, "%02d", e->day);
    } else for (int i = 0; i < 4; i++) S_f(o, "");
    S_phoenix_actor(o, &e->src);
    S_phoenix_actor(o, &e->tgt);
    S_f(o, r->code);
    S_fmt(o, "%.2s", S_str(r->code));
    if (e->ec) S_fmt(o, "%d", e->ec->penta);   /* Phoenix's quad_class is the pentaclass 0-4 */
    else S_f(o, "");
    S_fscore(o, r->goldstein);
    S_f(o, "");   /* joined_issues */
    if (r->has_place) {
        S_fmt(o, "%.4f", r->lat);
        S_fmt(o, "%.4f", r->lon);
        S_f(o, r->place_name);
        S_f(o, "");   /* statename */
        S_f(o, e->place_country ? dict_s(e->d, e->place_country->name) : "");
    } else for (int i = 0; i < 5; i++) S_f(o, "");
    S_sep(o);   /* sentenceid: storyid_sentencenumber */
    S_tsv(o->b, S_str(r->doc), strlen(S_str(r->doc)));
    dyad_buf_printf(o->b, "_%u", r->sentence);
    S_f(o, r->url);
    S_f(o, r->publisher);
}

/* MARK: PLOVER */

// A PLOVER actor list: [] or [{"actorText","code","sector","cameo","country","name"}].
static void S_plover_actor(dyad_buf *b, const ev *e, const actor_info *a, const char *text)
{
    if (!*a->code) { dyad_buf_puts(b, "[]"); return; }
    char first[4] = "";
    memcpy(first, a->code, strlen(a->code) < 3 ? strlen(a->code) : 3);
    first[3] = '\0';
    const char *sector = "";
    for (int i = 1; i < a->n && !*sector; i++)
        if (a->p[i].cls == P_TYPE) sector = a->p[i].code;
    dyad_buf_puts(b, "[{\"actorText\":");
    dyad_json_cstr(b, S_str(text));
    dyad_buf_puts(b, ",\"code\":");
    dyad_json_cstr(b, first);
    dyad_buf_puts(b, ",\"sector\":");
    dyad_json_cstr(b, sector);
    dyad_buf_puts(b, ",\"cameo\":");
    dyad_json_cstr(b, a->code);
    dyad_buf_puts(b, ",\"country\":");
    dyad_json_cstr(b, S_iso3_of(e->d, a));
    dyad_buf_puts(b, ",\"name\":");
    dyad_json_cstr(b, S_display_name(e->d, a, text));
    dyad_buf_puts(b, "}]");
}

static void S_plover(dyad_buf *b, const ev *e)
{
    const dyad_row *r = e->row;
    dyad_buf_printf(b, "{\"id\":\"%llu\",\"date\":", (unsigned long long)r->event_id);
    if (e->dated) dyad_json_cstr(b, r->date);
    else dyad_buf_puts(b, "null");
    dyad_buf_puts(b, ",\"event\":");
    if (*e->plover) dyad_json_cstr(b, e->plover);
    else dyad_buf_puts(b, "null");
    dyad_buf_puts(b, ",\"mode\":\"\",\"context\":\"\",\"source\":");
    S_plover_actor(b, e, &e->src, r->source_text);
    dyad_buf_puts(b, ",\"target\":");
    S_plover_actor(b, e, &e->tgt, r->target_text);
    dyad_buf_puts(b, ",\"cameo\":");
    dyad_json_cstr(b, S_str(r->code));
    dyad_buf_printf(b, ",\"quad\":%d,\"goldstein\":%.1f,\"text\":", e->quad, r->goldstein);
    dyad_json_cstr(b, S_str(r->text));
    dyad_buf_puts(b, ",\"language\":\"en\",\"doc\":");
    dyad_json_cstr(b, S_str(r->doc));
    dyad_buf_printf(b, ",\"sentence\":%u,\"url\":", r->sentence);
    dyad_json_cstr(b, S_str(r->url));
    dyad_buf_puts(b, ",\"publication\":");
    dyad_json_cstr(b, S_str(r->publisher));
    S_place_json(b, r);
    dyad_buf_puts(b, ",\"coder\":\"dyad\",\"version\":\"" DYAD_VERSION_STRING "\"}\n");
}

/* MARK: POLECAT */

static const char S_polecat_header[] =
    "Event ID\tEvent Date\tEvent Type\tEvent Mode\tIntensity\tQuad Code\tContexts\t"
    "Actor Name\tActor Country\tActor COW\tPrimary Actor Sector\tActor Sectors\tActor Title\tActor Name Raw\tWikipedia Actor ID\t"
    "Recipient Name\tRecipient Country\tRecipient COW\tPrimary Recipient Sector\tRecipient Sectors\tRecipient Title\t"
    "Recipient Name Raw\tWikipedia Recipient ID\t"
    "Placename\tCity\tDistrict\tProvince\tCountry\tLatitude\tLongitude\tGeoNames ID\tRaw Placename\tFeature Type\t"
    "Source\tPublication Date\tStory People\tStory Organizations\tStory Locations\tLanguage\tVersion\n";

// Name, Country (ISO3), COW, Primary Sector, Sectors (';'), Title, Name Raw, Wikipedia ID.
static void S_polecat_actor(rec *o, const ev *e, const actor_info *a, const char *text)
{
    S_f(o, *a->code ? S_display_name(e->d, a, text) : "");
    S_f(o, S_iso3_of(e->d, a));
    S_f(o, S_cow_of(e->d, a));
    S_f(o, S_part(a, P_TYPE, 0));
    S_sep(o);
    for (int i = 0, k = 0; i < a->n; i++) {
        if (a->p[i].cls != P_TYPE) continue;
        if (k++) dyad_buf_putc(o->b, ';');
        dyad_buf_puts(o->b, a->p[i].code);
    }
    S_f(o, "");   /* Title */
    S_f(o, text);
    S_f(o, "");   /* Wikipedia ID */
}

static void S_polecat(rec *o, const ev *e)
{
    const dyad_row *r = e->row;
    S_fmt(o, "%llu", (unsigned long long)r->event_id);
    S_f(o, e->dated ? r->date : "");
    S_f(o, e->plover);
    S_f(o, "");   /* Event Mode */
    S_fscore(o, r->goldstein);
    if (e->quad) S_fnum(o, e->quad);
    else S_f(o, "");
    S_f(o, "");   /* Contexts */
    S_polecat_actor(o, e, &e->src, r->source_text);
    S_polecat_actor(o, e, &e->tgt, r->target_text);
    const char *place = r->has_place ? S_str(r->place_name) : "";
    S_f(o, place);
    S_f(o, "");   /* City */
    S_f(o, "");   /* District */
    S_f(o, "");   /* Province */
    S_f(o, r->has_place ? (e->place_country ? S_iso3(e->d, e->place_country) : r->place_country) : "");
    if (r->has_place) { S_fmt(o, "%.4f", r->lat); S_fmt(o, "%.4f", r->lon); }
    else { S_f(o, ""); S_f(o, ""); }
    S_f(o, "");   /* GeoNames ID */
    S_f(o, place);   /* Raw Placename */
    S_f(o, "");   /* Feature Type */
    S_f(o, r->publisher);
    const char *pub = S_str(r->doc_date);
    S_f(o, strlen(pub) == 10 && dyad__valid_date(pub, 10) ? pub : "");
    S_f(o, "");   /* Story People */
    S_f(o, "");   /* Story Organizations */
    S_f(o, "");   /* Story Locations */
    S_f(o, "en");
    S_f(o, "dyad " DYAD_VERSION_STRING);
}

/* MARK: public API */

void dyad__row_memo_init(dyad_row_memo *memo, const dyad_alloc *a)
{
    memset(memo, 0, sizeof *memo);
    dyad_buf_init(&memo->doc_json, a);
    dyad_buf_init(&memo->place_json, a);
    dyad_buf_init(&memo->date_json, a);
}

void dyad__row_memo_free(dyad_row_memo *memo)
{
    dyad_buf_free(&memo->doc_json);
    dyad_buf_free(&memo->place_json);
    dyad_buf_free(&memo->date_json);
}

bool dyad__format_row(dyad_buf *b, const dyad_dict *dict, int format, const dyad_row *row)
{
    return dyad__format_rows(b, dict, format, row, NULL);
}

bool dyad__format_rows(dyad_buf *b, const dyad_dict *dict, int format, const dyad_row *row, dyad_row_memo *memo)
{
    if (!row || dyad_format_columns(format) < 0) return false;
    ev e;
    S_ev(&e, dict, row, format != DYAD_FORMAT_JSONL && format != DYAD_FORMAT_TSV && format != DYAD_FORMAT_CSV, memo);
    if (format == DYAD_FORMAT_JSONL) { S_jsonl(b, &e, memo); return true; }
    if (format == DYAD_FORMAT_PLOVER) { S_plover(b, &e); return true; }
    rec o = {b, 0, format == DYAD_FORMAT_CSV ? ',' : '\t', format == DYAD_FORMAT_CSV};
    switch (format) {
    case DYAD_FORMAT_TSV:
    case DYAD_FORMAT_CSV: S_delimited(&o, &e); break;
    case DYAD_FORMAT_GDELT2: S_gdelt(&o, &e, true); break;
    case DYAD_FORMAT_GDELT1: S_gdelt(&o, &e, false); break;
    case DYAD_FORMAT_ICEWS: S_icews(&o, &e); break;
    case DYAD_FORMAT_PHOENIX: S_phoenix(&o, &e); break;
    case DYAD_FORMAT_POLECAT: S_polecat(&o, &e); break;
    default: return false;
    }
    dyad_buf_putc(b, '\n');
    return o.nf == S_columns[format];   /* a writer that miscounts its columns is a bug */
}

int dyad_format_write_header(int format, dyad_write_fn fn, void *ctx)
{
    if (!fn || dyad_format_columns(format) < 0) return -1;
    const char *h = format == DYAD_FORMAT_ICEWS   ? S_icews_header
                    : format == DYAD_FORMAT_POLECAT ? S_polecat_header
                    : format == DYAD_FORMAT_CSV     ? "doc,sentence,date,source,target,code,root,quad,goldstein,"
                                                      "source_text,target_text,text,pattern\n"
                                                    : NULL;
    return h ? fn(ctx, h, strlen(h)) : 0;
}

int dyad_format_write_row(const dyad_dict *dict, int format, const dyad_row *row, dyad_write_fn fn, void *ctx)
{
    if (!fn || !row) return -1;
    dyad_buf b;
    dyad_buf_init(&b, dict ? &dict->alloc : dyad__default_alloc());
    bool ok = dyad__format_row(&b, dict, format, row);
    int rc = !ok || b.failed ? -1 : fn(ctx, b.data, b.len);
    dyad_buf_free(&b);
    return rc;
}
