/*
 * dict_petrarch.c — reads PETRARCH and Phoenix dictionaries into a dyad_dict.
 *
 * Implements PETRARCH2's docs/dictionaries.rst ("PETRARCH Dictionary Formats"):
 *   - General rules: '#' comments (outside [...], so the code "[###]" stays),
 *     blank lines; also PETRARCH-1's "<!-- ... -->" comment lines, which the
 *     PETR.Validate files start with.  Unlike PETRARCH2 we do not stop reading
 *     patterns after such a line, so PETR.Validate.verbs.txt loads in full.
 *   - Verb Dictionary: synsets ("&NAME" then "+member" lines; plurals unless the
 *     member or the label ends with '_'; "+&OTHER" copies another set's members),
 *     verb synonym blocks ("--- NAME [code] ---"), verbs with {irregular forms}
 *     and their own [code], multiple-word verbs ('+' marks the verb: +BEEF_UP,
 *     WIRE_+TAP), patterns in PETRARCH2's syntax ("- pre (PREP noun) * {NOUN
 *     PHRASE} [code]") and in the older PETRARCH-1/TABARI linear syntax of
 *     PETR.Validate.verbs.txt ($ + % ^ and '_' connectors), both read by one
 *     parser; transformations ("~ a (b c VERB) VERB = a b code") are counted
 *     and rejected (not supported yet).
 *   - Actor Dictionary: primary phrases with optional [code]s, '+' synonyms,
 *     date restrictions [CODE <date], [CODE >date], [CODE date-date].
 *   - Agent Dictionary: "phrase {plural} [~CODE]" (suffix) and "[CODE~]"
 *     (prefix), regular plurals, "!MARKER! = a, b" substitution sets.
 *   - Discard List: sentence discards and '+' story discards.
 * Issues List: not read.  dyad does no issue coding, so Phoenix.IssueCoding.txt
 * is skipped, as is Phoenix.prepositions.txt (PETRARCH2 itself never reads it).
 *
 * The kind of a file comes from its name (CAMEO.*.txt and *verbs* = verbs,
 * *actors*, *agents*, *discards*).  PETRARCH phrases join words with '_' or ' '
 * and have no stems (discards excepted, as the spec says); every rejected line
 * is reported through dict_reject with its reason and loading goes on.
 */
#include "dict.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* MARK: line reading */

typedef struct preader {
    dyad_dict *d;
    FILE *f;
    uint32_t file, line;
    char *buf;
    size_t cap;
    dyad_buf tmp;              /* UTF-8 check */
    bool invalid;              /* the current line is not UTF-8 text: rejected, only counted */
    dict_petrarch_counts *c;
} preader;

// Returns true for ASCII white space.
static bool S_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

// Returns s without white space on either side (trims in place).
static char *S_trim(char *s)
{
    while (S_space(*s)) s++;
    size_t n = strlen(s);
    while (n && S_space(s[n - 1])) s[--n] = '\0';
    return s;
}

// Returns true when s holds nothing but white space.
static bool S_blank(const char *s)
{
    while (S_space(*s)) s++;
    return *s == '\0';
}

// Returns s with '_' turned into spaces and ASCII letters into lower case if `lower` (in place).
static char *S_words(char *s, bool lower)
{
    for (char *p = s; *p; p++) {
        if (*p == '_') *p = ' ';
        else if (lower && *p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    }
    return S_trim(s);
}

// Returns the length of s[0..n) without its comment: '#', or TABARI's ';' ("VOW ;tony 3/9/91" in the spec), outside [...] ("[###]" is a code).
static size_t S_cut_comment(const char *s, size_t n)
{
    int depth = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '[') depth++;
        else if (s[i] == ']' && depth) depth--;
        else if ((s[i] == '#' || s[i] == ';') && !depth) return i;
    }
    return n;
}

// Skips a "<!-- ..." comment that does not close on its line, up to the line with "-->".
static void S_skip_xml_comment(preader *r, const char *s)
{
    if (!strstr(s, "<!--") || strstr(s, "-->")) return;
    while (getline(&r->buf, &r->cap, r->f) >= 0) {
        r->line++;
        if (strstr(r->buf, "-->")) return;
    }
}

/*
 * A line that is not UTF-8 text (invalid bytes, control bytes such as the
 * 0x1A in two Phoenix names) is rejected here; it is still handed to the
 * reader with r->invalid set, so that it is counted and, for an actor's
 * primary phrase, ends the record before it instead of giving it its lines.
 */
// Reads the next line that says something into *out (comment cut, trimmed); returns false at the end.
static bool S_next(preader *r, char **out)
{
    ssize_t n;
    while ((n = getline(&r->buf, &r->cap, r->f)) >= 0) {
        r->line++;
        char *s = r->buf;
        while (S_space(*s)) s++;
        if (s[0] == '<' && s[1] == '!') { S_skip_xml_comment(r, s); continue; }
        n -= s - r->buf;
        size_t len = S_cut_comment(s, (size_t)n);
        size_t invalid, control;
        r->invalid = dyad_utf8_repair(s, len, &r->tmp, &invalid, &control) > 0;
        if (r->invalid)
            dict_reject(r->d, r->file, r->line, "not UTF-8 text: %zu invalid sequence%s, %zu control byte%s",
                        invalid, invalid == 1 ? "" : "s", control, control == 1 ? "" : "s");
        for (size_t i = 0; i < len; i++)
            if (!s[i]) s[i] = ' '; /* an embedded NUL (rejected above) must not cut the line short */
        s[len] = '\0';
        s = S_trim(s);
        if (!*s) continue;
        *out = s;
        return true;
    }
    return false;
}

/* MARK: codes and dates */

// Returns true when s is a code of 1..32 letters, digits and '/' ("USAGOV", "FRO/BIL/SAM") or "+++".
static bool S_actor_code(const char *s, size_t n)
{
    if (n == 3 && (!memcmp(s, "---", 3) || !memcmp(s, "+++", 3))) return true;
    if (n == 0 || n > 32) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/')) return false;
    }
    return true;
}

// Returns the interned code, or 0 for the null code "---".
static dict_str S_code_str(dyad_dict *d, const char *s, size_t n)
{
    return n == 3 && !memcmp(s, "---", 3) ? 0 : dict_intern(d, s, n);
}

// Returns true when s[0..n) is an event code: 1..8 letters and digits ("042", "0874", "075A"), "---", "###" or "+++".
static bool S_event_code_ok(const char *s, size_t n)
{
    if (n == 3 && (!memcmp(s, "---", 3) || !memcmp(s, "###", 3) || !memcmp(s, "+++", 3))) return true;
    if (n == 0 || n > 8) return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z'))) return false;
    return true;
}

// Parses the inside of a verb or pattern code bracket, "code", "code:code2", ":code2" or "code?"; false if malformed.
static bool S_event_code(dyad_dict *d, char *s, dict_str *code, dict_str *code2, bool *sub)
{
    s = S_trim(s);
    size_t n = strlen(s);
    *sub = n > 1 && s[n - 1] == '?';
    if (*sub) s[--n] = '\0';
    char *colon = strchr(s, ':');
    size_t n1 = colon ? (size_t)(colon - s) : n;
    const char *s2 = colon ? colon + 1 : "";
    size_t n2 = strlen(s2);
    if ((n1 && !S_event_code_ok(s, n1)) || (colon && !S_event_code_ok(s2, n2)) || (!n1 && !colon)) return false;
    *code = n1 ? dict_intern(d, s, n1) : dict_intern(d, "---", 3);
    *code2 = colon ? dict_intern(d, s2, n2) : 0;
    return true;
}

/*
 * Dates are YYYYMMDD or YYMMDD (the spec allows both, mixed).  As in KEDS,
 * TABARI and PETRARCH, a two-digit year up to 30 is 20YY and any other is
 * 19YY: 070723 is 2007-07-23, 320101 is 1932-01-01.  Any other length, or a
 * day that does not exist, is an error.
 */
// Returns the day of a PETRARCH date string, or -1.
static dict_day S_date(const char *s, size_t n)
{
    if (n != 6 && n != 8) return -1;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return -1;
    char iso[11];
    const char *md = s + n - 4;
    if (n == 8) memcpy(iso, s, 4);
    else {
        memcpy(iso, (s[0] - '0') * 10 + (s[1] - '0') <= 30 ? "20" : "19", 2);
        memcpy(iso + 2, s, 2);
    }
    iso[4] = '-';
    memcpy(iso + 5, md, 2);
    iso[7] = '-';
    memcpy(iso + 8, md + 2, 2);
    iso[10] = '\0';
    return dict_parse_day(iso, 10, false);
}

/*
 * A restriction is "CODE", "CODE <date" (up to and including the date),
 * "CODE >date" (from the date on), "CODE date-date" (both included) or
 * "CODE date", which we read as ">date" (Phoenix uses it for a start:
 * "[USAGOV 19820101] # entered Foreign Service").  White space inside the
 * date part is ignored ("[HOBGOV 19950601 - 19990815]").
 */
// Parses the inside of one [...] restriction into *role; returns NULL or the reason it is malformed.
static const char *S_restriction(dyad_dict *d, char *s, dict_role *role, bool *dated)
{
    s = S_trim(s);
    size_t cl = strcspn(s, " \t");
    if (!S_actor_code(s, cl)) return "the code must be letters and digits (or ---)";
    role->code = S_code_str(d, s, cl);
    role->from = role->to = 0;
    char when[40];
    size_t n = 0;
    for (const char *p = s + cl; *p; p++) {
        if (S_space(*p)) continue;
        if (n + 1 >= sizeof when) return "date restriction too long";
        when[n++] = *p;
    }
    when[n] = '\0';
    *dated = n > 0;
    if (!n) return NULL;
    char *dash = strchr(when, '-');
    if (when[0] == '<') role->to = S_date(when + 1, n - 1);
    else if (when[0] == '>') role->from = S_date(when + 1, n - 1);
    else if (dash) {
        role->from = S_date(when, (size_t)(dash - when));
        role->to = S_date(dash + 1, strlen(dash + 1));
    } else role->from = S_date(when, n);
    if (role->from < 0 || role->to < 0 || (!role->from && !role->to))
        return "bad date (want <DATE, >DATE or DATE-DATE with DATE as YYYYMMDD or YYMMDD)";
    if (role->from && role->to && role->from > role->to) return "the date range ends before it starts";
    return NULL;
}

/* MARK: actors */

#define MAX_GROUPS 16

typedef struct actor_rec {
    bool open;
    uint32_t line;            /* of the primary phrase */
    dict_str code;            /* default: the last undated code, 0 = none or null */
    dict_vec roles;           /* dict_role, in file order */
    dyad_buf phrases;         /* "line\tphrase\n" lines, the primary phrase first */
} actor_rec;

// Adds the phrases of the open record: actor phrases of a new entity, or null phrases if it has no code.
static void S_actor_close(preader *r, actor_rec *a)
{
    if (!a->open) return;
    dyad_dict *d = r->d;
    a->open = false;
    bool coded = a->code || a->roles.n;
    char *p = a->phrases.data, *tab = p ? strchr(p, '\t') : NULL;
    uint32_t entity = 0;
    if (coded && tab) {
        size_t nlen = strcspn(tab + 1, "\n");
        entity = dict_add_entity(d, ENT_ACTOR, tab + 1, nlen, a->code, r->file, a->line);
        /* PETRARCH applies the first restriction that holds; dict_entity_code the last: add them reversed */
        for (size_t i = a->roles.n; i > 0; i--) {
            const dict_role *ro = &((const dict_role *)a->roles.v)[i - 1];
            dict_add_role(d, entity, ro->code, ro->from, ro->to, 0);
        }
    }
    while (p && *p && !d->oom) {
        char *nl = strchr(p, '\n');
        tab = strchr(p, '\t');
        if (!nl || !tab) break;
        *nl = '\0';
        dict_payload pl = {0};
        pl.kind = coded ? PH_ACTOR : PH_NULL;
        pl.id = entity;
        pl.file = r->file;
        pl.line = (uint32_t)strtoul(p, NULL, 10);
        if (a->roles.n) pl.flags |= PF_DATED;
        /* two capital letters ("US", "UN") are an acronym: match them in capitals only, not "us" */
        if (strlen(tab + 1) == 2 && tab[1] >= 'A' && tab[1] <= 'Z' && tab[2] >= 'A' && tab[2] <= 'Z') pl.flags |= PF_CASE;
        dict_add_phrase(d, tab + 1, strlen(tab + 1), PW_EXACT, &pl);
        p = nl + 1;
    }
    a->roles.n = 0;
    a->code = 0;
    dyad_buf_clear(&a->phrases);
}

// Parses the [..] groups at s (the rest of a line) into roles/undated codes of a; returns NULL or the reason to reject.
static const char *S_actor_codes(preader *r, actor_rec *a, char *s)
{
    dict_role g[MAX_GROUPS];
    bool dated[MAX_GROUPS];
    int n = 0;
    while (*(s = S_trim(s))) {
        if (*s != '[') return "text after a [code]";
        char *close = strchr(s, ']');
        if (!close) return "'[' without ']'";
        if (n == MAX_GROUPS) return "too many [codes] on one line";
        *close = '\0';
        const char *why = S_restriction(r->d, s + 1, &g[n], &dated[n]);
        if (why) return why;
        n++;
        s = close + 1;
    }
    for (int i = 0; i < n; i++) {
        if (!dated[i]) { a->code = g[i].code; continue; } /* the last undated code is the default */
        dict_role *ro = dict_push(r->d, &a->roles, sizeof *ro);
        if (ro) *ro = g[i];
    }
    return NULL;
}

// Adds a phrase (with '_' for spaces) to the open record.
static void S_actor_phrase(preader *r, actor_rec *a, char *s)
{
    s = S_words(s, false);
    if (!*s) { dict_reject(r->d, r->file, r->line, "empty actor phrase"); return; }
    dyad_buf_printf(&a->phrases, "%u\t%s\n", r->line, s);
}

// Handles a primary phrase line "PHRASE [code]...": closes the previous record and opens a new one.
static void S_actor_primary(preader *r, actor_rec *a, char *s)
{
    S_actor_close(r, a);
    r->c->primary++;
    if (r->invalid) return;
    char *br = strchr(s, '[');
    if (strchr(s, ']') && (!br || strchr(s, ']') < br)) { dict_reject(r->d, r->file, r->line, "']' without '['"); return; }
    if (br) {
        const char *why = S_actor_codes(r, a, br);
        if (why) {
            dict_reject(r->d, r->file, r->line, "%s", why);
            a->roles.n = 0;
            a->code = 0;
            return;
        }
        *br = '\0';
    }
    if (S_blank(s)) { dict_reject(r->d, r->file, r->line, "a record starts with its primary phrase"); a->roles.n = 0; a->code = 0; return; }
    a->open = true;
    a->line = r->line;
    S_actor_phrase(r, a, s);
}

// Handles an actors-file line.
static void S_actor_line(preader *r, actor_rec *a, char *s)
{
    if (s[0] == '+') {
        r->c->synonyms++;
        if (r->invalid) return;
        if (!a->open) dict_reject(r->d, r->file, r->line, "a '+' synonym outside a record (none before it, or it was rejected)");
        else if (strpbrk(s, "[]")) dict_reject(r->d, r->file, r->line, "a '+' synonym takes no [code]");
        else S_actor_phrase(r, a, s + 1);
    } else if (s[0] == '[') {
        r->c->restrictions++;
        if (r->invalid) return;
        const char *why = a->open ? NULL : "a [code] line outside a record (none before it, or it was rejected)";
        if (!why) why = S_actor_codes(r, a, s);
        if (why) dict_reject(r->d, r->file, r->line, "%s", why);
    } else S_actor_primary(r, a, s);
}

// Reads an actors file: records of a primary phrase, '+' synonyms and [code] lines.
static void S_read_actors(preader *r)
{
    actor_rec a = {false, 0, 0, {NULL, 0, 0}, {0}};
    dyad_buf_init(&a.phrases, &r->d->alloc);
    char *s;
    while (!r->d->oom && S_next(r, &s)) S_actor_line(r, &a, s);
    S_actor_close(r, &a);
    if (a.phrases.failed) r->d->oom = true;
    dyad__free(&r->d->alloc, a.roles.v);
    dyad_buf_free(&a.phrases);
}

/* MARK: agents */

// Adds one agent phrase ('_' for spaces); `plural` adds the regular plural of the last word too.
static void S_agent_phrase(preader *r, uint32_t agent, char *s, bool plural)
{
    s = S_words(s, plural); /* PW_PLURAL inflects lower-case words only */
    if (!*s) return;
    dict_payload p = {0};
    p.kind = PH_AGENT;
    p.id = agent;
    p.file = r->file;
    p.line = r->line;
    dict_add_phrase(r->d, s, strlen(s), plural ? PW_PLURAL : PW_EXACT, &p);
}

// Handles "!NAME! = a, b, c": stores the set as "NAME=a,b,c\n" in markers.
static void S_agent_marker(preader *r, dyad_buf *markers, char *s)
{
    r->c->markers++;
    char *b2 = s[0] == '!' ? strchr(s + 1, '!') : NULL, *eq = b2 ? b2 + 1 : NULL;
    while (eq && S_space(*eq)) eq++;
    if (!b2 || b2 == s + 1 || *eq != '=' || S_blank(eq + 1) || memchr(s + 1, '=', (size_t)(b2 - s - 1))) {
        dict_reject(r->d, r->file, r->line, "a substitution set is '!NAME! = word, word, ...'");
        return;
    }
    dyad_buf_printf(markers, "%.*s=", (int)(b2 - s - 1), s + 1);
    for (char *p = eq + 1; *p; p++)
        if (!S_space(*p)) dyad_buf_putc(markers, *p); /* spaces are stripped from the elements */
    dyad_buf_putc(markers, '\n');
}

// Returns the comma-separated list of substitution set name[0..n) (its length in *len), or NULL.
static const char *S_marker_list(const dyad_buf *markers, const char *name, size_t n, size_t *len)
{
    const char *p = markers->data;
    while (p && *p) {
        const char *eq = strchr(p, '='), *nl = strchr(p, '\n');
        if (!eq || !nl || eq > nl) return NULL;
        if ((size_t)(eq - p) == n && !memcmp(p, name, n)) {
            *len = (size_t)(nl - eq - 1);
            return eq + 1;
        }
        p = nl + 1;
    }
    return NULL;
}

// Adds s with its !MARKER! (at b1..b2) replaced by each word of list[0..len) (no plurals).
static void S_agent_substitute(preader *r, uint32_t agent, const char *s, const char *b1, const char *b2,
                               const char *list, size_t len)
{
    for (const char *w = list; w < list + len;) {
        const char *comma = memchr(w, ',', (size_t)(list + len - w));
        size_t wl = comma ? (size_t)(comma - w) : (size_t)(list + len - w);
        char buf[512];
        int k = snprintf(buf, sizeof buf, "%.*s%.*s%s", (int)(b1 - s), s, (int)wl, w, b2 + 1);
        if (k > 0 && (size_t)k < sizeof buf && wl) S_agent_phrase(r, agent, buf, false);
        w += wl + 1;
    }
}

// Splits "CODE~" / "~CODE" (spaces allowed); returns NULL or the reason to reject.
static const char *S_agent_code(preader *r, char *s, dict_str *code, bool *prefix)
{
    char c[40];
    size_t n = 0;
    for (; *s; s++) {
        if (S_space(*s)) continue;
        if (n + 1 >= sizeof c) return "agent code too long";
        c[n++] = *s;
    }
    c[n] = '\0';
    *prefix = n > 1 && c[n - 1] == '~';
    bool suffix = n > 1 && c[0] == '~';
    if (*prefix == suffix) return "an agent code has one '~', before it (~GOV: after the actor's code) or after it (NGO~: before)";
    const char *k = suffix ? c + 1 : c;
    for (size_t i = 0; i + 1 < n; i++)
        if (!((k[i] >= 'A' && k[i] <= 'Z') || (k[i] >= 'a' && k[i] <= 'z') || (k[i] >= '0' && k[i] <= '9')))
            return "an agent code is letters and digits";
    *code = dict_intern(r->d, k, n - 1);
    return NULL;
}

/*
 * A blank between words of an agent "means that additional words can occur
 * between" them; dyad's trie has no gaps, so blanks and '_' both join words.
 */
// Parses an agent entry "phrase {plural} [~CODE]"; returns NULL or the reason to reject.
static const char *S_agent_entry(preader *r, const dyad_buf *markers, char *s)
{
    char *br = strchr(s, '['), *close = br ? strchr(br, ']') : NULL;
    if (!br) return "an agent needs a [~CODE] or [CODE~]";
    if (!close) return "'[' without ']'";
    if (!S_blank(close + 1)) return "text after the [code]";
    *close = '\0';
    *br = '\0';
    dict_str code;
    bool prefix;
    const char *why = S_agent_code(r, br + 1, &code, &prefix);
    if (why) return why;
    char *ob = strchr(s, '{'), *cb = ob ? strchr(ob, '}') : NULL;
    if (ob && !cb) return "'{' without '}'";
    if ((cb && !S_blank(cb + 1)) || (!ob && strchr(s, '}'))) return "text after the {plural}";
    if (ob) { *ob = '\0'; *cb = '\0'; }
    s = S_trim(s);
    if (!*s) return "an agent needs a phrase";
    if (strpbrk(s, "[]{}") || (ob && strpbrk(ob + 1, "[]{}!"))) return "stray bracket in the phrase";
    char *b1 = strchr(s, '!'), *b2 = b1 ? strchr(b1 + 1, '!') : NULL;
    size_t len = 0;
    const char *list = b2 ? S_marker_list(markers, b1 + 1, (size_t)(b2 - b1 - 1), &len) : NULL;
    if (b1 && !b2) return "a substitution marker is '!NAME!'";
    if (b2 && !list) return "undefined substitution marker (define '!NAME! = ...' before its use)";
    uint32_t agent = dict_add_agent(r->d, code, prefix, false, r->file, r->line);
    if (b2) S_agent_substitute(r, agent, s, b1, b2, list, len);
    else S_agent_phrase(r, agent, s, !ob);
    if (ob && !b2) S_agent_phrase(r, agent, ob + 1, false); /* "{}" is empty: no plural */
    return NULL;
}

// Reads an agents file: substitution sets and agent entries.
static void S_read_agents(preader *r)
{
    dyad_buf markers;
    dyad_buf_init(&markers, &r->d->alloc);
    char *s;
    while (!r->d->oom && S_next(r, &s)) {
        bool marker = strchr(s, '!') && strchr(s, '=') && !strchr(s, '[');
        if (r->invalid) { r->c->markers += marker; r->c->agents += !marker; continue; }
        if (marker) { S_agent_marker(r, &markers, s); continue; }
        r->c->agents++;
        const char *why = S_agent_entry(r, &markers, s);
        if (why) dict_reject(r->d, r->file, r->line, "%s", why);
    }
    if (markers.failed) r->d->oom = true;
    dyad_buf_free(&markers);
}

/* MARK: discards */

/*
 * The spec: "If the string ends with '_', the matched string must also end
 * with a blank or punctuation mark; otherwise it is treated as a stem."  So
 * the last word of a discard is a prefix unless it ends with '_', which is
 * what PW_TABARI mode does ('_' also joins words).
 */
// Reads a discards file: one phrase a line, '+' for the whole story.
static void S_read_discards(preader *r)
{
    char *s;
    while (!r->d->oom && S_next(r, &s)) {
        dict_payload p = {0};
        p.kind = PH_DISCARD;
        r->c->discards++;
        if (*s == '+') {
            p.kind = PH_STORY_DISCARD;
            r->c->story_discards++;
            s = S_trim(s + 1);
        }
        if (r->invalid) continue;
        if (!*s) { dict_reject(r->d, r->file, r->line, "empty discard phrase"); continue; }
        p.file = r->file;
        p.line = r->line;
        dict_add_phrase(r->d, s, strlen(s), PW_TABARI, &p);
    }
}

/* MARK: verb patterns */

#define MAX_ELEMS 32
#define MAX_ALTS 16

typedef struct pbuild {
    preader *r;
    dict_elem e[MAX_ELEMS];
    uint32_t n, nverb;
    bool bad;
    bool join;          /* the next element follows the previous one directly ('_') */
    bool brace_first;   /* the next element is the first of a {noun phrase} */
    int paren, brace;   /* open ( and { */
} pbuild;

// Rejects the pattern line: what, then the offending text.
static void S_pat_bad(pbuild *b, const char *what, const char *s, size_t n)
{
    if (b->bad) return;
    b->bad = true;
    if (n) dict_reject(b->r->d, b->r->file, b->r->line, "%s '%.*s'", what, (int)(n > 60 ? 60 : n), s);
    else dict_reject(b->r->d, b->r->file, b->r->line, "%s", what);
}

// Appends an element; inside {..} and after '_' it must follow the previous one directly.
static void S_pat_push(pbuild *b, dict_elem e)
{
    if (b->bad) return;
    if (b->n >= MAX_ELEMS) { S_pat_bad(b, "pattern longer than 32 elements", "", 0); return; }
    if (b->join || (b->brace && !b->brace_first)) e.flags |= EF_NO_GAP;
    b->join = false;
    b->brace_first = false;
    b->e[b->n++] = e;
}

// Appends a word element (alternatives separated by '/') or one of $ + % ^.
static void S_pat_word(pbuild *b, const char *s, size_t n)
{
    dict_elem e = {0};
    static const char kinds[] = "$+%^";
    static const uint8_t kk[] = {PE_SOURCE, PE_TARGET, PE_COMPOUND, PE_SKIP};
    if (n == 1 && strchr(kinds, *s)) {
        e.kind = kk[strchr(kinds, *s) - kinds];
        S_pat_push(b, e);
        return;
    }
    dict_str alts[MAX_ALTS];
    uint32_t na = 0;
    for (size_t i = 0; i <= n && !b->bad;) {
        size_t j = i;
        while (j < n && s[j] != '/') j++;
        char w[128];
        if (j == i || j - i >= sizeof w || na == MAX_ALTS) { S_pat_bad(b, "malformed word", s, n); return; }
        for (size_t k = i; k < j; k++) {
            char c = s[k];
            if (strchr("[](){}*&$+%^~!", c)) { S_pat_bad(b, "malformed word", s, n); return; }
            w[k - i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        }
        alts[na++] = dict_intern(b->r->d, w, j - i);
        i = j + 1;
    }
    e.kind = PE_WORD;
    e.id = dict_add_alts(b->r->d, alts, na);
    e.count = na;
    S_pat_push(b, e);
}

/*
 * A set name may hold '_' ("&FIGHT_OF_WORDS") and '_' also joins elements
 * ("NEW_&TIETYPES_RELATIONS"): the longest defined name wins.
 */
// Appends the synonym set named at s[0] == '&'; returns the bytes used.
static size_t S_pat_synset(pbuild *b, const char *s, size_t n)
{
    size_t lim = 1;
    while (lim < n && s[lim] != '*' && s[lim] != '/') lim++;
    for (size_t end = lim; end > 1; end--) {
        if ((end < lim && s[end] != '_') || end > 65) continue; /* names have at most 64 characters */
        uint32_t set = dict_find_synset(b->r->d, s + 1, end - 1);
        if (set == UINT32_MAX) continue;
        dict_elem e = {0};
        e.kind = PE_SYNSET;
        e.id = set;
        S_pat_push(b, e);
        return end;
    }
    S_pat_bad(b, "undefined synset (define it before the patterns that use it)", s, lim);
    return n;
}

// Strips the ( and { that open a token and the ) and } that close it, tracking the nesting.
static void S_pat_brackets(pbuild *b, char **s, size_t *n, int *closes)
{
    while (*n && (**s == '(' || **s == '{')) {
        if (**s == '{') { b->brace++; b->brace_first = true; }
        else b->paren++;
        (*s)++;
        (*n)--;
    }
    *closes = 0;
    while (*n && ((*s)[*n - 1] == ')' || (*s)[*n - 1] == '}')) {
        if ((*s)[*n - 1] == '}') (*closes)++;
        else b->paren--;
        (*n)--;
    }
    if (b->paren < 0) S_pat_bad(b, "')' without '(' in", *s, *n);
}

// Parses one white-space separated token: words, sets and symbols joined by '_', '*' the verb.
static void S_pat_token(pbuild *b, char *s, size_t n)
{
    int closes;
    S_pat_brackets(b, &s, &n, &closes);
    b->join = false;
    for (size_t i = 0; i < n && !b->bad;) {
        if (s[i] == '_') { b->join = b->n > 0; i++; continue; }
        if (s[i] == '*') {
            dict_elem e = {0};
            e.kind = PE_VERB;
            S_pat_push(b, e);
            b->nverb++;
            i++;
            continue;
        }
        if (s[i] == '&') { i += S_pat_synset(b, s + i, n - i); continue; }
        size_t j = i;
        while (j < n && s[j] != '_' && s[j] != '*') j++;
        S_pat_word(b, s + i, j - i);
        i = j;
    }
    b->join = false; /* a final '_' is TABARI's "whole word" mark: "IN_ *" is "IN *" */
    b->brace -= closes;
    if (b->brace < 0) S_pat_bad(b, "'}' without '{' in", s, n);
}

// Parses the elements of a pattern (the text between '-' and its [code]).
static void S_pat_elements(pbuild *b, char *s)
{
    while (*s && !b->bad) {
        while (S_space(*s)) s++;
        if (!*s) break;
        char *start = s;
        while (*s && !S_space(*s)) s++;
        S_pat_token(b, start, (size_t)(s - start));
    }
    if (!b->bad && (b->paren || b->brace)) S_pat_bad(b, "unbalanced ( ) or { }", "", 0);
    if (!b->bad && b->nverb != 1) S_pat_bad(b, "a pattern has exactly one '*' (the verb's place)", "", 0);
}

/* MARK: verbs */

#define MAX_COPIES 16

typedef struct verb_state {
    uint32_t synset;        /* the set whose "+member" lines are being read, NO_SET or BAD_SET */
    bool noplural;          /* its label ends with '_' */
    dict_str block_code;    /* default code of the block's verbs, 0 = null */
    dict_vec verbs;         /* uint32_t: the verbs of the current block */
    dict_vec pats;          /* dict_pattern: its patterns, their elements in elems */
    dict_vec elems;         /* dict_elem */
    dyad_buf members;       /* "set mode phrase\n" for each member listed in the file, for "+&SET" */
    uint32_t copied[MAX_COPIES], ncopied; /* the sets copied into the current one */
} verb_state;

// Adds the block's patterns to each of its verbs and starts an empty block.
static void S_flush_block(preader *r, verb_state *st)
{
    const uint32_t *verbs = st->verbs.v;
    for (size_t i = 0; i < st->pats.n && !r->d->oom; i++) {
        dict_pattern p = ((const dict_pattern *)st->pats.v)[i];
        const dict_elem *el = (const dict_elem *)st->elems.v + p.elem_begin;
        if (!st->verbs.n) dict_reject(r->d, r->file, p.line, "a pattern in a block without verbs");
        for (size_t k = 0; k < st->verbs.n; k++) {
            p.verb = verbs[k];
            dict_add_pattern(r->d, &p, el, p.nelems);
        }
    }
    st->verbs.n = st->pats.n = st->elems.n = 0;
}

// Handles "--- NAME [code] ---": a new verb block.
static void S_block_header(preader *r, verb_state *st, char *s)
{
    S_flush_block(r, st);
    r->c->blocks++;
    st->block_code = 0;
    if (r->invalid) return;
    char *br = strchr(s, '['), *close = br ? strchr(br, ']') : NULL;
    if (!br) return; /* no code: the null code */
    dict_str code, code2;
    bool sub;
    if (!close) { dict_reject(r->d, r->file, r->line, "'[' without ']' (the block's verbs get the null code)"); return; }
    *close = '\0';
    if (!S_event_code(r->d, br + 1, &code, &code2, &sub)) {
        dict_reject(r->d, r->file, r->line, "'%s' is not an event code (the block's verbs get the null code)", br + 1);
        return;
    }
    if (strcmp(dict_s(r->d, code), "---")) st->block_code = code;
}

// Handles "- pattern [code]".
static void S_pattern_line(preader *r, verb_state *st, char *s)
{
    r->c->patterns++;
    if (r->invalid) return;
    char *br = strrchr(s, '['), *close = br ? strchr(br, ']') : NULL;
    if (!br || !close || !S_blank(close + 1)) { dict_reject(r->d, r->file, r->line, "a pattern ends with its [code]"); return; }
    *close = '\0';
    *br = '\0';
    dict_pattern p = {0};
    if (!S_event_code(r->d, br + 1, &p.code, &p.code2, &p.subordinate)) {
        dict_reject(r->d, r->file, r->line, "'%s' is not an event code", br + 1);
        return;
    }
    pbuild b = {r, {{0}}, 0, 0, false, false, false, 0, 0};
    S_pat_elements(&b, s + 1);
    if (b.bad || r->d->oom) return;
    p.file = r->file;
    p.line = r->line;
    p.elem_begin = (uint32_t)st->elems.n;
    p.nelems = b.n;
    dict_pattern *np = dict_push(r->d, &st->pats, sizeof *np);
    if (np) *np = p;
    for (uint32_t i = 0; i < b.n; i++) {
        dict_elem *e = dict_push(r->d, &st->elems, sizeof *e);
        if (e) *e = b.e[i];
    }
}

// Adds phrase s as a form of verb v.
static void S_verb_form(preader *r, uint32_t v, const char *s, size_t n)
{
    dict_payload p = {0};
    p.kind = PH_VERB;
    p.id = v;
    p.file = r->file;
    p.line = r->line;
    dict_add_phrase(r->d, s, n, PW_EXACT, &p);
}

// Adds the forms listed in {..} ("{+CORDONED_OFF, +CORDONS_OFF}": '+' dropped, '_' for spaces).
static void S_verb_listed_forms(preader *r, uint32_t v, char *forms)
{
    char *save = NULL;
    for (char *tok = strtok_r(forms, " \t,", &save); tok; tok = strtok_r(NULL, " \t,", &save)) {
        char buf[256];
        size_t k = 0;
        if (strlen(tok) >= sizeof buf) continue; /* longer than any phrase of the trie */
        for (const char *q = tok; *q; q++)
            if (*q != '+') buf[k++] = *q == '_' ? ' ' : *q;
        if (k) S_verb_form(r, v, buf, k);
    }
}

// Adds the regular and irregular forms of the verb word head[vb..ve) inside the phrase head.
static void S_verb_inflected(preader *r, uint32_t v, const char *head, size_t vb, size_t ve)
{
    dict_str forms[32];
    uint32_t nf = dict_inflect(r->d, head + vb, ve - vb, forms, 32);
    for (uint32_t i = 0; i < nf; i++) {
        char buf[512];
        int k = snprintf(buf, sizeof buf, "%.*s%s%s", (int)vb, head, dict_s(r->d, forms[i]), head + ve);
        if (k > 0 && (size_t)k < sizeof buf) S_verb_form(r, v, buf, (size_t)k);
    }
}

/*
 * A multiple-word verb marks its verb with '+' (+BEEF_UP, WIRE_+TAP); one
 * written without a '+' (TABARI's "LASH OUT") has its verb first.
 */
// Finds the verb word of head ('_' already spaces): [*vb, *ve), removing its '+'; returns NULL or the reason to reject.
static const char *S_verb_word(char *head, size_t *vb, size_t *ve)
{
    char *plus = strchr(head, '+');
    if (plus && strchr(plus + 1, '+')) return "a verb has one '+'";
    if (plus && plus != head && plus[-1] != ' ') return "'+' marks the start of a word";
    if (plus) memmove(plus, plus + 1, strlen(plus));
    *vb = plus ? (size_t)(plus - head) : 0;
    *ve = *vb + strcspn(head + *vb, " ");
    return *ve > *vb ? NULL : "'+' must be followed by the verb";
}

// Handles a verb line "VERB {forms} [code]" or a multiple-word "+VERB_PARTICLE ..."; returns NULL or the reason to reject.
static const char *S_verb_line(preader *r, verb_state *st, char *s)
{
    r->c->verb_lines++;
    if (strchr(s, '+')) r->c->multiword_verbs++;
    if (r->invalid) return NULL; /* already rejected */
    dict_str code = st->block_code, code2;
    bool sub;
    char *br = strchr(s, '['), *close = br ? strchr(br, ']') : NULL;
    if (br && (!close || !S_blank(close + 1))) return "'[' without ']' or text after the [code]";
    if (br) {
        *close = '\0';
        *br = '\0';
        if (!S_event_code(r->d, br + 1, &code, &code2, &sub)) return "not an event code in [..]";
        if (!strcmp(dict_s(r->d, code), "---")) code = 0;
    }
    char *ob = strchr(s, '{'), *cb = ob ? strchr(ob, '}') : NULL;
    if (ob && (!cb || !S_blank(cb + 1))) return "'{' without '}' or text after the {forms}";
    if (ob) { *ob = '\0'; *cb = '\0'; }
    char *head = S_words(s, false);
    if (!*head) return "a verb line needs a verb";
    if (strpbrk(head, "[](){}*&$%^~!") || (ob && strpbrk(ob + 1, "[](){}*&$%^~!"))) return "stray symbol in a verb";
    size_t vb, ve;
    const char *why = S_verb_word(head, &vb, &ve);
    if (why) return why;
    char root[256];
    snprintf(root, sizeof root, "%s", head);
    char *rt = S_words(root, true);
    uint32_t v = dict_add_verb(r->d, rt, strlen(rt), code, r->file, r->line);
    uint32_t *slot = dict_push(r->d, &st->verbs, sizeof *slot);
    if (slot) *slot = v;
    if (ob) {
        S_verb_form(r, v, head, strlen(head));
        S_verb_listed_forms(r, v, ob + 1);
    } else S_verb_inflected(r, v, head, vb, ve);
    return NULL;
}

/* MARK: synonym sets */

#define NO_SET UINT32_MAX         /* not reading a set: '+' lines are multiple-word verbs */
#define BAD_SET (UINT32_MAX - 1)  /* reading the members of a rejected set */

// Handles "&NAME" (or "&NAME_": no plurals): starts a set.
static void S_synset_header(preader *r, verb_state *st, char *s)
{
    r->c->synsets++;
    size_t n = strlen(s);
    st->noplural = s[n - 1] == '_';
    while (n > 1 && s[n - 1] == '_') n--;
    st->synset = BAD_SET;
    st->ncopied = 0;
    if (r->invalid) return;
    for (size_t i = 1; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_')) {
            dict_reject(r->d, r->file, r->line, "a synset name is '&' and letters, digits, '_'");
            return;
        }
    if (n < 2 || n > 65) { dict_reject(r->d, r->file, r->line, "a synset needs a name of 1 to 64 characters"); return; }
    st->synset = dict_add_synset(r->d, s + 1, n - 1, r->file, r->line);
}

// Adds one member phrase of the set with the given mode.
static void S_synset_add(preader *r, uint32_t set, int mode, const char *w)
{
    dict_payload p = {0};
    p.kind = PH_SYNSET;
    p.id = set;
    p.file = r->file;
    p.line = r->line;
    dict_add_phrase(r->d, w, strlen(w), mode, &p);
}

/*
 * "+&OTHER" (PETR.Validate.verbs.txt: "a whacky one which tests embedded
 * synsets") copies the members OTHER lists itself in this file, not those it
 * copied: one level, at most MAX_COPIES sets into one, so the work stays
 * linear in the file.
 */
// Handles "+&OTHER": copies the members of another set defined earlier in the file.
static void S_synset_copy(preader *r, verb_state *st, char *name)
{
    size_t n = strlen(name), copied = 0;
    while (n && name[n - 1] == '_') n--;
    uint32_t from = dict_find_synset(r->d, name, n);
    for (uint32_t i = 0; i < st->ncopied; i++)
        if (st->copied[i] == from) return; /* copied already */
    if (from == UINT32_MAX || from == st->synset || st->ncopied == MAX_COPIES) {
        dict_reject(r->d, r->file, r->line, "synset '&%.*s' is not defined before its use (or too many copied)", (int)n, name);
        return;
    }
    st->copied[st->ncopied++] = from;
    for (size_t off = 0; off < st->members.len && !r->d->oom;) {
        char *line = st->members.data + off;
        size_t ll = strcspn(line, "\n");
        unsigned set;
        int mode, skip = 0;
        if (sscanf(line, "%u %d %n", &set, &mode, &skip) == 2 && set == from && skip && (size_t)skip <= ll) {
            char w[512];
            snprintf(w, sizeof w, "%.*s", (int)(ll - (size_t)skip), line + skip);
            S_synset_add(r, st->synset, mode, w);
            copied++;
        }
        off += ll + 1;
    }
    if (!copied) dict_reject(r->d, r->file, r->line, "synset '&%.*s' has no members of its own in this file", (int)n, name);
}

// Handles a "+member" line of the current set: plurals unless it or the label ends with '_'.
static void S_synset_member(preader *r, verb_state *st, char *s)
{
    r->c->synset_members++;
    if (r->invalid) return;
    if (st->synset == BAD_SET) { dict_reject(r->d, r->file, r->line, "member of a rejected synset"); return; }
    s = S_trim(s + 1);
    if (*s == '&') { S_synset_copy(r, st, s + 1); return; }
    size_t n = strlen(s);
    bool noplural = st->noplural || (n && s[n - 1] == '_');
    if (strpbrk(s, "[](){}*&$%^~!+")) { dict_reject(r->d, r->file, r->line, "a synset member has only words"); return; }
    s = S_words(s, true);
    if (!*s) { dict_reject(r->d, r->file, r->line, "empty synset member"); return; }
    int mode = noplural ? PW_EXACT : PW_PLURAL;
    S_synset_add(r, st->synset, mode, s);
    dyad_buf_printf(&st->members, "%u %d %s\n", st->synset, mode, s);
}

// Reads a verbs file: synsets, blocks of verbs and their patterns, transformations.
static void S_read_verbs(preader *r)
{
    verb_state st = {.synset = NO_SET};
    dyad_buf_init(&st.members, &r->d->alloc);
    char *s;
    while (!r->d->oom && S_next(r, &s)) {
        if (s[0] != '+') st.synset = NO_SET;
        if (!strncmp(s, "---", 3)) S_block_header(r, &st, s);
        else if (s[0] == '-') S_pattern_line(r, &st, s);
        else if (s[0] == '~') {
            r->c->transformations++;
            if (!r->invalid) dict_reject(r->d, r->file, r->line, "transformations are not supported yet");
        } else if (s[0] == '&') S_synset_header(r, &st, s);
        else if (s[0] == '+' && st.synset != NO_SET) S_synset_member(r, &st, s);
        else {
            const char *why = S_verb_line(r, &st, s);
            if (why) dict_reject(r->d, r->file, r->line, "%s", why);
        }
    }
    S_flush_block(r, &st);
    if (st.members.failed) r->d->oom = true;
    dict_vec *vecs[] = {&st.verbs, &st.pats, &st.elems};
    for (size_t i = 0; i < 3; i++) dyad__free(&r->d->alloc, vecs[i]->v);
    dyad_buf_free(&st.members);
}

/* MARK: files */

typedef enum { K_NONE, K_VERBS, K_ACTORS, K_AGENTS, K_DISCARDS } pkind;

// Returns true when name contains word, ignoring ASCII case.
static bool S_has(const char *name, const char *word)
{
    size_t n = strlen(name), k = strlen(word);
    for (size_t i = 0; i + k <= n; i++) {
        size_t j = 0;
        while (j < k && (name[i + j] | 0x20) == word[j]) j++;
        if (j == k) return true;
    }
    return false;
}

// Returns the kind of a PETRARCH file from its name.
static pkind S_kind(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (S_has(base, "verbs") || (!strncmp(base, "CAMEO.", 6) && n > 4 && !strcmp(base + n - 4, ".txt"))) return K_VERBS;
    if (S_has(base, "actors")) return K_ACTORS;
    if (S_has(base, "agents")) return K_AGENTS;
    if (S_has(base, "discards")) return K_DISCARDS;
    return K_NONE; /* Phoenix.IssueCoding.txt, Phoenix.prepositions.txt, PETR.UnitTest.records.xml */
}

bool dict_load_petrarch_counts(dyad_dict *d, const char *path, dict_petrarch_counts *c)
{
    memset(c, 0, sizeof *c);
    pkind kind = S_kind(path);
    if (kind == K_NONE) return true;
    uint32_t file = dict_add_file(d, path);
    size_t before = d->rejected;
    FILE *f = fopen(path, "r");
    if (!f) {
        dict_reject(d, file, 0, "cannot open: %s", strerror(errno));
        c->rejected = 1;
        return false;
    }
    preader r = {.d = d, .f = f, .file = file, .c = c};
    dyad_buf_init(&r.tmp, &d->alloc);
    switch (kind) {
    case K_VERBS: S_read_verbs(&r); break;
    case K_ACTORS: S_read_actors(&r); break;
    case K_AGENTS: S_read_agents(&r); break;
    default: S_read_discards(&r); break;
    }
    free(r.buf);
    dyad_buf_free(&r.tmp);
    fclose(f);
    c->rejected = d->rejected - before;
    return !d->oom;
}

bool dict_load_petrarch(dyad_dict *d, const char *path)
{
    dict_petrarch_counts c;
    return dict_load_petrarch_counts(d, path, &c);
}
