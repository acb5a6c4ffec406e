/*
 * dict_tabari.c — reads TABARI dictionaries (.actors, .agents, .verbs) and
 * .options files, as the TABARI 0.8.4b2 manual describes them:
 *
 *   5.2      "PHRASE [CODE] ; comment" lines; '#' and '/' comment lines;
 *            ~FINISH ends the file; hyphens read as underscores (0.7.3 rule);
 *            stems, '_' (exact word) and '=' (no endings) (5.2.2); the
 *            regular endings of a final word written with '_' (5.2.3);
 *   5.3      actors: +synonyms, indented multi-line code lines, <NOUN> and
 *            <ADJECTIVE> sections;
 *   5.4      agents: [~CODE] (code after the actor's) and [CODE~] (before);
 *   5.5-5.7  verbs: roots, {irregular forms}, "- pattern [code]" lines with
 *            * $ + % ^ _ ~ tokens, synonym sets (&SET / +MEMBER, <SYNSETS>),
 *            alternatives { a | b_c | &SET };
 *   6        [---] null, [###] discard, [+++] complex; coded compounds
 *            [A/B]; dated codes [C <YYMMDD] [C >YYMMDD] [C YYMMDD-YYMMDD];
 *            verb codes [a:b] (paired), [a?] (subordinate), [a!] (dominant,
 *            read as plain a: dict_pattern has no field for it);
 *   8        .options: SET, LABEL, COMPLEX, NONEVENTS, OUTPUT, DEFAULT, COMMA
 *            and FORWARD, kept as key/value settings (dict_option).
 *
 * Every phrase and pattern is also given as written to the TABARI coder
 * (tabari.h), which reads TABARI's connectors, skips and lengths itself and
 * takes "$"/"+" in synonym set members ("+PESO_$"), which dyad's trie cannot.
 *
 * Lines that cannot be stored are reported through dict_reject with the
 * reason, and loading goes on: <TIME> (10.5) and <ATTRIB> (10.4) sections,
 * '@', other tokens inside synonym set members and { }, a phrase or verb root
 * repeated in the same file (TABARI keeps the first, 5.2.4), two undated
 * codes for one actor ("[A] [B]": a compound is written [A/B]), malformed
 * lines (the malformed block rejects its whole line).  Lines
 * TABARI refuses but whose meaning is plain are read: '&' in actor phrases
 * (a literal ampersand: "FAUNA_&_FLORA_INTERNATIONAL_"), phrases shorter than
 * three characters ("G7").
 *
 * How the result is stored (what the coder relies on):
 *   - actor codes are kept as written: "ELR/GAL" is a coded compound; role
 *     codes may be "---", "###" or "+++"; a default [---] is stored as no
 *     default code (dict_entity_code then gives NULL outside the roles);
 *     an undated-only [---] phrase is a PH_NULL phrase, [###] a PH_DISCARD;
 *   - roles are added in reverse order: TABARI applies the first restriction
 *     that holds, dict_entity_code the last-listed one;
 *   - phrases go in with '_' for '-' (TABARI's rule) and, because dyad's
 *     tokeniser keeps "al-Assad" one token, also as written;
 *   - the regular endings are added as phrases of their own ("ESTONIA_"
 *     gives "estonias", "VISIT_" "visited"); dates YYMMDD put 00-30 in 2000s;
 *   - a PE_WORD alternative is the normalised tokens of its words joined by
 *     single blanks (EF_MULTI when there are several); a hyphenated word is
 *     two alternatives ("peace keeping", "peace-keeping").  With EF_STEM the
 *     last word of each alternative is a prefix, except in alternatives ending
 *     in '_', which are exact (these occur only in { a_ | b } sets); earlier
 *     words are exact and consecutive.  &SETS inside { } are expanded into
 *     their members; a &SET element on its own is a PE_SYNSET;
 *   - a verb root coded [a:b] or [a?] also gets a one-element pattern (*)
 *     carrying code2 and the subordinate flag; dict_verb.code is a.
 */
#include "tabari.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#define MAX_PHRASE 255  /* TABARI's input line limit */
#define MAX_BLOCKS 32   /* [..] code blocks on one line */
#define MAX_ELEMS 32    /* elements of a pattern */
#define MAX_ALTS 96     /* alternatives of one element, synonym set readings */
#define MAX_SETREFS 4   /* &SET references expanded in one text */

typedef enum { K_ACTORS, K_AGENTS, K_VERBS, K_OPTIONS, K_UNKNOWN } file_kind;
typedef enum { SEC_NONE, SEC_NOUN, SEC_ADJ, SEC_SYNSETS, SEC_OTHER } section_kind;
typedef enum { END_NONE, END_NOUN, END_VERB } endings;

/* A code block of an actor line: a code and an optional date range. */
typedef struct code_block {
    dict_str code;
    dict_day from, to;
    bool dated;
} code_block;

/* A phrase of the actor being read: its first line or a +synonym. */
typedef struct pending_phrase {
    uint32_t off;   /* into reader.ptext */
    uint32_t line;
} pending_phrase;

/* A reading of a synonym set member (nested sets already expanded). */
typedef struct set_member {
    uint32_t set;
    uint32_t off;   /* into reader.mtext */
} set_member;

/* A phrase already listed in this file: where its text is and on which line. */
typedef struct seen_phrase {
    uint32_t hash, off, line;  /* off + 1 into reader.stext; 0 = empty slot */
} seen_phrase;

/* "PHRASE [..] [..]" split in place. */
typedef struct line_parts {
    char *phrase;
    char *blocks[MAX_BLOCKS];
    int nblocks;
} line_parts;

/* A verb code: [a], [a:b], [a?], [a!]. */
typedef struct verb_code {
    dict_str code, code2;
    bool subordinate;
} verb_code;

typedef struct reader {
    dyad_dict *d;
    FILE *f;
    uint32_t file, line;
    file_kind kind;
    char *raw;
    size_t rawcap;
    dyad_buf clean;         /* the current line as valid UTF-8 */
    dyad_buf tmp;           /* scratch */
    char err[192];          /* why the current line is rejected */
    section_kind sec;
    char sec_name[24];
    uint32_t sec_line;
    /* the actor being read: added when the next one starts (its roles decide PF_DATED) */
    bool actor_open, actor_bad;
    dict_vec phrases;       /* pending_phrase */
    dict_vec blocks;        /* code_block */
    dyad_buf ptext;
    /* the last agent, verb root and synonym set, for the lines that follow them */
    bool agent_open, agent_bad;
    uint32_t agent;
    bool verb_open, verb_bad, forms_ok;
    uint32_t verb;
    const char *verb_code;  /* the code block of the verb root being added, for the TABARI coder */
    bool set_open, set_bad;
    uint32_t set;
    dict_vec members;       /* set_member */
    dyad_buf mtext;
    /* actor, agent and verb root phrases of this file, for duplicates */
    seen_phrase *seen;
    size_t seen_cap, nseen;
    dyad_buf stext;
    /* tokenising pattern words */
    dyad_tokvec tv;
    dyad_arena ar;
} reader;

#define REJECT(r, ...) dict_reject((r)->d, (r)->file, (r)->line, __VA_ARGS__)

/* MARK: small helpers */

// Records why the current line fails; returns false.
static bool S_fail(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool S_fail(reader *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err, sizeof r->err, fmt, ap);
    va_end(ap);
    return false;
}

// Returns s without leading and trailing blanks (the end is cut in place).
static char *S_trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) s[--n] = '\0';
    return s;
}

// Returns true when s[0..n) is a code: letters and digits, or ---, ### or +++; `compound` allows A/B/C.
static bool S_is_code(const char *s, size_t n, bool compound)
{
    if (n == 3 && (!memcmp(s, "---", 3) || !memcmp(s, "###", 3) || !memcmp(s, "+++", 3))) return true;
    if (n == 0 || s[0] == '/' || s[n - 1] == '/') return false;
    for (size_t i = 0; i < n; i++) {
        if (isalnum((unsigned char)s[i])) continue;
        if (!compound || s[i] != '/' || s[i - 1] == '/') return false;
    }
    return true;
}

// Returns the day of a TABARI date: YYMMDD, where years 00-30 are 2000-2030 and 31-99 are
// 1931-1999 (manual 6.5.2, note 1), or YYYYMMDD (SET: YYYY = TRUE, 8.2.8); -1 if invalid.
static dict_day S_day(const char *s, size_t n)
{
    if (n != 6 && n != 8) return -1;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return -1;
    char iso[16];
    if (n == 6) {
        int yy = (s[0] - '0') * 10 + (s[1] - '0');
        snprintf(iso, sizeof iso, "%04d-%.2s-%.2s", yy <= 30 ? 2000 + yy : 1900 + yy, s + 2, s + 4);
    } else snprintf(iso, sizeof iso, "%.4s-%.2s-%.2s", s, s + 4, s + 6);
    return dict_parse_day(iso, 10, false);
}

// True when s[i] is a hyphen inside a word ("AL-ASSAD"), not at its edge ("ANTI- +").
static bool S_inner_hyphen(const char *s, size_t i, size_t n)
{
    return s[i] == '-' && i > 0 && i + 1 < n && isalnum((unsigned char)s[i - 1]) && isalnum((unsigned char)s[i + 1]);
}

// Replaces the hyphens at the edges of words by '_' (TABARI's rule); inner ones stay for S_phrase and
// S_word_alts, which read them both ways.
static void S_edge_hyphens(char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++)
        if (s[i] == '-' && !S_inner_hyphen(s, i, n)) s[i] = '_';
}

// Returns the FNV-1a hash of s.
static uint32_t S_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

// Doubles the duplicate table; false when out of memory.
static bool S_seen_grow(reader *r)
{
    size_t cap = r->seen_cap ? r->seen_cap * 2 : 1024;
    seen_phrase *t = dyad__malloc(&r->d->alloc, cap * sizeof *t);
    if (!t) { r->d->oom = true; return false; }
    memset(t, 0, cap * sizeof *t);
    for (size_t i = 0; i < r->seen_cap; i++) {
        if (!r->seen[i].off) continue;
        size_t k = r->seen[i].hash & (cap - 1);
        while (t[k].off) k = (k + 1) & (cap - 1);
        t[k] = r->seen[i];
    }
    dyad__free(&r->d->alloc, r->seen);
    r->seen = t;
    r->seen_cap = cap;
    return true;
}

// Returns the line where this file already listed the phrase, or 0 after recording it: TABARI keeps
// the first of duplicate entries (5.2.4, 8.2.5).  Phrases are compared in capitals; unlike TABARI,
// "AL-AZHAR" does not repeat "AL_AZHAR", as it adds the hyphenated token "al-azhar".
static uint32_t S_duplicate(reader *r, const char *phrase)
{
    dyad_buf_clear(&r->tmp);
    for (const char *p = phrase; *p; p++) dyad_buf_putc(&r->tmp, (char)toupper((unsigned char)*p));
    dyad_buf_putc(&r->tmp, '\0');
    if (r->tmp.failed || ((r->nseen + 1) * 2 > r->seen_cap && !S_seen_grow(r))) { r->d->oom = true; return 0; }
    const char *key = r->tmp.data;
    uint32_t h = S_hash(key);
    size_t k = h & (r->seen_cap - 1);
    for (; r->seen[k].off; k = (k + 1) & (r->seen_cap - 1))
        if (r->seen[k].hash == h && !strcmp(r->stext.data + r->seen[k].off - 1, key)) return r->seen[k].line;
    r->seen[k] = (seen_phrase){h, (uint32_t)r->stext.len + 1, r->line};
    dyad_buf_puts(&r->stext, key);
    dyad_buf_putc(&r->stext, '\0');
    if (r->stext.failed) r->d->oom = true;
    r->nseen++;
    return 0;
}

/* MARK: lines */

// Copies s[0..n) into r->clean as valid UTF-8: bytes that are not UTF-8 are read as Latin-1, control
// bytes (and Latin-1's C1 range) become blanks.  Returns the copy, or NULL when out of memory.
static char *S_clean(reader *r, const char *s, size_t n)
{
    dyad_buf *b = &r->clean;
    dyad_buf_clear(b);
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        int clen = 1;
        if (c < 0x80) dyad_buf_putc(b, (c < 0x20 && c != '\t') || c == 0x7f ? ' ' : (char)c);
        else if (dyad_utf8_decode((const unsigned char *)s + i, n - i, &clen) >= 0) dyad_buf_put(b, s + i, (size_t)clen);
        else {
            clen = 1;
            if (c < 0xA0) dyad_buf_putc(b, ' ');
            else {
                dyad_buf_putc(b, (char)(0xC0 | (c >> 6)));
                dyad_buf_putc(b, (char)(0x80 | (c & 0x3F)));
            }
        }
        i += (size_t)clen;
    }
    dyad_buf_putc(b, '\0');
    if (b->failed) { r->d->oom = true; return NULL; }
    b->len--;
    return b->data;
}

// Reads the next line (without its line ending, cleaned); returns it, or NULL at the end.
static char *S_next(reader *r)
{
    ssize_t n = getline(&r->raw, &r->rawcap, r->f);
    if (n < 0) return NULL;
    r->line++;
    while (n > 0 && (r->raw[n - 1] == '\n' || r->raw[n - 1] == '\r')) n--;
    size_t bom = r->line == 1 && n >= 3 && !memcmp(r->raw, "\xEF\xBB\xBF", 3) ? 3 : 0;
    return S_clean(r, r->raw + bom, (size_t)n - bom);
}

// Cuts s at its comment (the first ';' outside [..]) and returns it trimmed.
static char *S_content(char *s)
{
    int depth = 0;
    for (char *p = s; *p; p++) {
        if (*p == '[') depth++;
        else if (*p == ']' && depth > 0) depth--;
        else if (*p == ';' && depth == 0) { *p = '\0'; break; }
    }
    return S_trim(s);
}

// Returns the phrase trimmed, without the stray '"' spreadsheet exports leave before a code.
static char *S_trim_phrase(char *s)
{
    s = S_trim(s);
    size_t n = strlen(s), quotes = 0;
    for (size_t i = 0; i < n; i++) quotes += s[i] == '"';
    if (quotes % 2 && n && s[n - 1] == '"') s[n - 1] = '\0';
    return S_trim(s);
}

// Splits "PHRASE [..] [..]" in place into lp; false (reason in r->err) when malformed.
static bool S_split(reader *r, char *s, line_parts *lp)
{
    lp->nblocks = 0;
    char *open = strchr(s, '['), *close = strchr(s, ']');
    if (close && (!open || close < open)) return S_fail(r, "']' without '['");
    if (!open) { lp->phrase = S_trim_phrase(s); return true; }
    *open = '\0';
    char *p = open + 1;
    for (;;) {
        char *end = strchr(p, ']');
        if (!end) return S_fail(r, "missing ']'");
        *end = '\0';
        if (strchr(p, '[')) return S_fail(r, "'[' inside [..]");
        if (lp->nblocks == MAX_BLOCKS) return S_fail(r, "more than %d [..] blocks", MAX_BLOCKS);
        lp->blocks[lp->nblocks++] = S_trim(p);
        p = end + 1;
        while (*p == ' ' || *p == '\t') p++;
        if (!*p) break;
        if (*p != '[') return S_fail(r, "text after the code: '%.30s'", p);
        p++;
    }
    lp->phrase = S_trim_phrase(s);
    return true;
}

/* MARK: phrases */

// Adds one form of a phrase; when its last word ends in '_', that word with TABARI's regular
// endings too (5.2.3: S for nouns, actors and agents; S ED ES EN ING for verbs).  False if rejected.
static bool S_phrase_form(reader *r, const char *s, size_t n, endings e, const dict_payload *p)
{
    if (!dict_add_phrase(r->d, s, n, PW_TABARI, p)) return false;
    size_t base = n;
    while (base && s[base - 1] == '_') base--;
    if (e == END_NONE || base == n || !base || !isalpha((unsigned char)s[base - 1])) return true;
    static const char *const noun[] = {"S", NULL};
    static const char *const verb[] = {"S", "ED", "ES", "EN", "ING", NULL};
    char buf[MAX_PHRASE + 8];
    for (const char *const *end = e == END_VERB ? verb : noun; *end; end++) {
        int k = snprintf(buf, sizeof buf, "%.*s%s_", (int)base, s, *end);
        if (k > 0 && (size_t)k < sizeof buf) dict_add_phrase(r->d, buf, (size_t)k, PW_TABARI, p);
    }
    return true;
}

// Gives the phrase as written to the TABARI coder (tabari.h), with its kind.
static void S_tabari_root(reader *r, const dict_payload *p, const char *phrase)
{
    int kind = 0;
    switch (p->kind) {
    case PH_ACTOR: kind = TB_ACTOR; break;
    case PH_AGENT: kind = TB_AGENT; break;
    case PH_VERB: kind = TB_VERB; break;
    case PH_NOUN: kind = TB_NOUN; break;
    case PH_ADJECTIVE: kind = TB_ADJ; break;
    case PH_NULL: kind = TB_NULL; break;
    case PH_DISCARD: kind = TB_DISCARD; break;
    case PH_SYNSET: kind = TB_SETWORD; break;
    default: return;
    }
    tabari_add_root(r->d, kind, p->id, phrase, kind == TB_VERB ? r->verb_code : NULL, r->file, p->line);
}

// Adds a TABARI phrase with payload p (line p->line): '-' read as '_' and, for hyphens inside
// words, also the hyphenated form.  Returns false when it was rejected.
static bool S_phrase(reader *r, const char *phrase, endings e, const dict_payload *p)
{
    size_t n = strlen(phrase);
    if (n > MAX_PHRASE) {
        dict_reject(r->d, r->file, p->line, "phrase longer than %d characters", MAX_PHRASE);
        return false;
    }
    char under[MAX_PHRASE + 1], hyph[MAX_PHRASE + 1];
    bool inner = false;
    for (size_t i = 0; i < n; i++) {
        bool h = phrase[i] == '-', in = S_inner_hyphen(phrase, i, n);
        under[i] = h ? '_' : phrase[i];
        hyph[i] = h && !in ? '_' : phrase[i];
        inner |= in;
    }
    under[n] = hyph[n] = '\0';
    if (!S_phrase_form(r, under, n, e, p)) return false;
    S_tabari_root(r, p, phrase);
    if (inner) S_phrase_form(r, hyph, n, e, p);
    return true;
}

// Returns a payload of the given kind for line (0: the current line).
static dict_payload S_payload(const reader *r, int kind, uint32_t id, uint32_t line)
{
    dict_payload p = {0};
    p.kind = (uint8_t)kind;
    p.id = id;
    p.file = r->file;
    p.line = line ? line : r->line;
    return p;
}

/* MARK: nouns and adjectives (5.3.2) */

// A line inside <NOUN> or <ADJECTIVE>: a phrase without a code.
static void S_noun_line(reader *r, char *s)
{
    line_parts lp;
    if (*s == '+') s++;
    if (!S_split(r, s, &lp)) { REJECT(r, "%s", r->err); return; }
    if (lp.nblocks) { REJECT(r, "nouns and adjectives take no [code]"); return; }
    if (!*lp.phrase) { REJECT(r, "phrase missing"); return; }
    dict_payload p = S_payload(r, r->sec == SEC_NOUN ? PH_NOUN : PH_ADJECTIVE, 0, 0);
    S_phrase(r, lp.phrase, END_NOUN, &p);
}

/* MARK: actors (5.3, 6.5) */

// Parses an actor code block "CODE", "CODE <YYMMDD", "CODE >YYMMDD" or "CODE YYMMDD-YYMMDD".
static bool S_actor_block(reader *r, char *s, code_block *b)
{
    size_t cl = strcspn(s, " \t<>");
    if (!cl) return S_fail(r, "no code in [%.40s]", s);
    if (!S_is_code(s, cl, true)) return S_fail(r, "bad code '%.*s' (letters and digits, A/B, ---, ### or +++)", (int)(cl > 40 ? 40 : cl), s);
    b->code = dict_intern(r->d, s, cl);
    b->from = b->to = 0;
    char *rest = S_trim(s + cl);
    b->dated = *rest != '\0';
    if (!b->dated) return true;
    if (*rest == '<' || *rest == '>') {
        char *ds = S_trim(rest + 1);
        dict_day day = S_day(ds, strlen(ds));
        if (day < 0) return S_fail(r, "bad date '%.20s' (want YYMMDD)", ds);
        if (*rest == '<') b->to = day;
        else b->from = day;
        return true;
    }
    char *dash = strchr(rest, '-');
    if (!dash) return S_fail(r, "bad date restriction '%.30s' (want <YYMMDD, >YYMMDD or YYMMDD-YYMMDD)", rest);
    *dash = '\0';
    char *a = S_trim(rest), *z = S_trim(dash + 1);
    b->from = S_day(a, strlen(a));
    b->to = S_day(z, strlen(z));
    if (b->from < 0 || b->to < 0) return S_fail(r, "bad date range '%.14s-%.14s' (want YYMMDD-YYMMDD)", a, z);
    if (b->from > b->to) return S_fail(r, "date range %s-%s ends before it starts", a, z);
    return true;
}

// Parses every block of lp and appends them to the pending actor; nothing is kept on error.
static bool S_actor_blocks(reader *r, line_parts *lp)
{
    code_block got[MAX_BLOCKS];
    for (int i = 0; i < lp->nblocks; i++)
        if (!S_actor_block(r, lp->blocks[i], &got[i])) return false;
    for (int i = 0; i < lp->nblocks; i++) {
        code_block *b = dict_push(r->d, &r->blocks, sizeof *b);
        if (!b) return S_fail(r, "out of memory");
        *b = got[i];
    }
    return true;
}

// Forgets the pending actor.
static void S_actor_reset(reader *r)
{
    r->actor_open = r->actor_bad = false;
    r->phrases.n = r->blocks.n = 0;
    dyad_buf_clear(&r->ptext);
}

// Adds every pending phrase with the given kind and id.
static void S_actor_phrases(reader *r, int kind, uint32_t id, uint8_t flags)
{
    for (size_t i = 0; i < r->phrases.n; i++) {
        const pending_phrase *pp = &DICT_AT(r, phrases, pending_phrase, i);
        dict_payload p = S_payload(r, kind, id, pp->line);
        p.flags = flags;
        S_phrase(r, r->ptext.data + pp->off, END_NOUN, &p);
    }
}

// Adds the pending actor: a PH_NULL or PH_DISCARD phrase for a lone [---] or [###], else an
// entity with its default code and its date-restricted roles (6.5.2).
static void S_actor_flush(reader *r)
{
    if (!r->actor_open || r->actor_bad || !r->phrases.n || r->d->oom) { S_actor_reset(r); return; }
    const pending_phrase *first = &DICT_AT(r, phrases, pending_phrase, 0);
    const char *name = r->ptext.data + first->off;
    const code_block *b = r->blocks.v;
    size_t nb = r->blocks.n, undated = 0, dated = 0;
    dict_str def = 0;
    for (size_t i = 0; i < nb; i++) {
        if (b[i].dated) dated++;
        else { undated++; def = b[i].code; }
    }
    if (!nb) dict_reject(r->d, r->file, first->line, "no [code] for '%.60s'", name);
    else if (undated > 1) dict_reject(r->d, r->file, first->line, "more than one code without a date for '%.60s'", name);
    else if (!dated && !strcmp(dict_s(r->d, def), "---")) S_actor_phrases(r, PH_NULL, 0, 0);
    else if (!dated && !strcmp(dict_s(r->d, def), "###")) S_actor_phrases(r, PH_DISCARD, 0, 0);
    else {
        if (!strcmp(dict_s(r->d, def), "---")) def = 0;
        uint32_t e = dict_add_entity(r->d, ENT_ACTOR, name, strlen(name), def, r->file, first->line);
        for (size_t i = nb; i-- > 0;)
            if (b[i].dated) dict_add_role(r->d, e, b[i].code, b[i].from, b[i].to, 0);
        S_actor_phrases(r, PH_ACTOR, e, dated ? PF_DATED : 0);
    }
    S_actor_reset(r);
}

// Starts the next actor with "PHRASE [CODE]..." or adds "+SYNONYM [CODE]..." to the current one.
static void S_actor_phrase(reader *r, char *s, bool synonym)
{
    if (!synonym) {
        S_actor_flush(r);
        r->actor_open = true;
    } else if (!r->actor_open || r->actor_bad) {
        REJECT(r, r->actor_open ? "synonym of a rejected actor" : "synonym (+) without an actor before it");
        return;
    }
    line_parts lp;
    bool ok = S_split(r, synonym ? s + 1 : s, &lp) && (*lp.phrase || S_fail(r, "phrase missing"));
    if (ok && synonym && lp.nblocks) ok = S_fail(r, "a synonym takes the code of its actor (codes go on indented lines)");
    ok = ok && S_actor_blocks(r, &lp);
    uint32_t first = ok ? S_duplicate(r, lp.phrase) : 0;
    if (first) ok = S_fail(r, "duplicate phrase '%.60s' (TABARI keeps the first, line %u)", lp.phrase, first);
    if (!ok) {
        REJECT(r, "%s", r->err);
        if (!synonym) r->actor_bad = true;
        return;
    }
    pending_phrase *pp = dict_push(r->d, &r->phrases, sizeof *pp);
    if (!pp) return;
    pp->off = (uint32_t)r->ptext.len;
    pp->line = r->line;
    dyad_buf_puts(&r->ptext, lp.phrase);
    dyad_buf_putc(&r->ptext, '\0');
    if (r->ptext.failed) r->d->oom = true;
}

// An indented "[CODE ...]" line: more codes of the current actor (5.3.1).
static void S_actor_codes(reader *r, char *s)
{
    if (!r->actor_open || r->actor_bad) {
        REJECT(r, r->actor_open ? "code line of a rejected actor" : "code line without an actor before it");
        return;
    }
    line_parts lp;
    if (!S_split(r, s, &lp) || !S_actor_blocks(r, &lp)) REJECT(r, "%s", r->err);
}

// A line of an .actors file outside the noun and adjective sections.
static void S_actor_line(reader *r, char *s, bool indented)
{
    if (indented && s[0] == '[') S_actor_codes(r, s);
    else S_actor_phrase(r, s, s[0] == '+');
}

/* MARK: agents (5.4) */

// Parses an agent code "~CODE" (suffix) or "CODE~" (prefix); blanks are ignored.
static bool S_agent_code(reader *r, const char *s, dict_str *code, bool *prefix)
{
    char c[64];
    size_t n = 0;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t') {
            if (n + 1 >= sizeof c) return S_fail(r, "agent code too long");
            c[n++] = *s;
        }
    c[n] = '\0';
    *prefix = n && c[n - 1] == '~';
    bool suffix = n && c[0] == '~';
    if (*prefix == suffix) return S_fail(r, "missing '~' connector in agent code [%s] (want [~CODE] or [CODE~])", c);
    const char *k = suffix ? c + 1 : c;
    size_t kl = n - 1;
    if (!S_is_code(k, kl, false) || k[0] == '-' || k[0] == '#' || k[0] == '+') return S_fail(r, "bad agent code [%s]", c);
    *code = dict_intern(r->d, k, kl);
    return true;
}

// An agent "PHRASE [~CODE]" or "PHRASE [CODE~]", or a "+SYNONYM" of the last one.
static void S_agent_line(reader *r, char *s)
{
    bool synonym = s[0] == '+';
    line_parts lp;
    if (synonym && (!r->agent_open || r->agent_bad)) {
        REJECT(r, r->agent_open ? "synonym of a rejected agent" : "synonym (+) without an agent before it");
        return;
    }
    if (!synonym) r->agent_open = r->agent_bad = true;
    dict_str code = 0;
    bool prefix = false;
    bool ok = S_split(r, synonym ? s + 1 : s, &lp) && (*lp.phrase || S_fail(r, "phrase missing"));
    if (ok && synonym && lp.nblocks) ok = S_fail(r, "a synonym takes the code of its agent");
    if (ok && !synonym && lp.nblocks != 1) ok = S_fail(r, lp.nblocks ? "an agent takes one [~CODE]" : "no [~CODE]");
    if (ok && !synonym) ok = S_agent_code(r, lp.blocks[0], &code, &prefix);
    uint32_t first = ok ? S_duplicate(r, lp.phrase) : 0;
    if (first) ok = S_fail(r, "duplicate phrase '%.60s' (TABARI keeps the first, line %u)", lp.phrase, first);
    if (!ok) { REJECT(r, "%s", r->err); return; }
    if (!synonym) r->agent = dict_add_agent(r->d, code, prefix, false, r->file, r->line);
    dict_payload p = S_payload(r, PH_AGENT, r->agent, 0);
    if (S_phrase(r, lp.phrase, END_NOUN, &p) && !synonym) r->agent_bad = false;
}

/* MARK: normalised words and synonym set expansion */

// Interns the tokens of the TABARI text s[0..n) as the tokeniser normalises them, joined by blanks;
// *exact when the text ends in '_' or '=', *multi when it has several tokens.
static bool S_words(reader *r, const char *s, size_t n, dict_str *out, bool *exact, bool *multi)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    *exact = n && (s[n - 1] == '_' || s[n - 1] == '=');
    while (n && (s[n - 1] == '_' || s[n - 1] == '=' || s[n - 1] == '~')) n--;
    dyad_buf_clear(&r->tmp);
    for (size_t i = 0; i < n; i++) dyad_buf_putc(&r->tmp, s[i] == '_' || s[i] == '~' ? ' ' : s[i]);
    dyad_arena_reset(&r->ar);
    if (r->tmp.failed || !dyad_tokenize(r->tmp.data ? r->tmp.data : "", r->tmp.len, &r->tv, &r->ar, &r->d->alloc)) {
        r->d->oom = true;
        return S_fail(r, "out of memory");
    }
    if (!r->tv.n) return S_fail(r, "empty word");
    dyad_buf joined;
    dyad_buf_init(&joined, &r->d->alloc);
    for (size_t i = 0; i < r->tv.n; i++) {
        if (i) dyad_buf_putc(&joined, ' ');
        dyad_buf_put(&joined, r->tv.v[i].norm, r->tv.v[i].norm_len);
    }
    *multi = r->tv.n > 1;
    *out = joined.failed ? 0 : dict_intern(r->d, joined.data, joined.len);
    dyad_buf_free(&joined);
    return *out || S_fail(r, "out of memory");
}

// Adds the alternatives a TABARI text stands for to alts[*na..max): its words and, when a hyphen
// joins two of them, the one token dyad's tokeniser makes of them ("PEACE-KEEPING": "peace keeping"
// and "peace-keeping").  Sets EF_MULTI and EF_STEM in *flags as they apply.
static bool S_word_alts(reader *r, const char *s, size_t n, dict_str *alts, bool *exact, uint32_t *na,
                        uint8_t *flags, uint32_t max)
{
    char buf[2 * MAX_PHRASE + 2];
    if (n >= sizeof buf) return S_fail(r, "pattern word longer than %d characters", 2 * MAX_PHRASE);
    bool hyphen = memchr(s, '-', n) != NULL;
    for (int form = 0; form < (hyphen ? 2 : 1); form++) {
        bool multi = false;
        if (*na >= max) return S_fail(r, "more than %u alternatives", max);
        for (size_t i = 0; i < n; i++) buf[i] = form == 0 && s[i] == '-' ? '_' : s[i];
        if (!S_words(r, buf, n, &alts[*na], &exact[*na], &multi)) return false;
        if (multi) *flags |= EF_MULTI;
        if (!exact[*na]) *flags |= EF_STEM;
        (*na)++;
    }
    return true;
}

// Returns the index of the first "&SET" reference in s[0..n) (an '&' at the start or after a
// blank, '_' or '~'), or n.
static size_t S_set_ref(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == '&' && (i == 0 || strchr(" \t_~", s[i - 1]))) return i;
    return n;
}

// Appends to out (NUL-separated, *count of them) every reading of s[0..n) with its &SET references
// replaced by the members of the sets.
static bool S_expand(reader *r, const char *s, size_t n, dyad_buf *out, uint32_t *count, int depth)
{
    size_t amp = S_set_ref(s, n);
    if (amp == n) {
        if (*count >= MAX_ALTS) return S_fail(r, "more than %d alternatives", MAX_ALTS);
        dyad_buf_put(out, s, n);
        dyad_buf_putc(out, '\0');
        (*count)++;
        return true;
    }
    if (depth >= MAX_SETREFS) return S_fail(r, "more than %d &SET references", MAX_SETREFS);
    size_t end = amp + 1;
    while (end < n && !strchr(" \t_~", s[end])) end++;
    uint32_t set = dict_find_synset(r->d, s + amp + 1, end - amp - 1);
    if (set == UINT32_MAX) return S_fail(r, "unknown synonym set '%.*s'", (int)(end - amp > 40 ? 40 : end - amp), s + amp);
    bool ok = true;
    dyad_buf b;
    dyad_buf_init(&b, &r->d->alloc);
    for (size_t i = 0; i < r->members.n && ok; i++) {
        const set_member *m = &DICT_AT(r, members, set_member, i);
        if (m->set != set) continue;
        dyad_buf_clear(&b);
        dyad_buf_put(&b, s, amp);
        dyad_buf_puts(&b, r->mtext.data + m->off);
        dyad_buf_put(&b, s + end, n - end);
        ok = !b.failed && S_expand(r, b.data, b.len, out, count, depth + 1);
    }
    dyad_buf_free(&b);
    return ok;
}

/* MARK: synonym sets (5.6) */

// "&NAME" starts a synonym set.
static void S_set_head(reader *r, char *s)
{
    char *name = S_trim(s + 1);
    size_t n = strlen(name);
    r->set_open = r->set_bad = true;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)name[i]) && name[i] != '_') n = 0;
    if (!n) { REJECT(r, "bad synonym set name '&%.40s' (letters, digits and '_')", name); return; }
    r->set = dict_add_synset(r->d, name, n, r->file, r->line);
    r->set_bad = r->set == UINT32_MAX;
}

// Returns true when the text m refers to the synonym set `set`.
static bool S_refers_to(const reader *r, const char *m, uint32_t set)
{
    size_t n = strlen(m);
    for (size_t i = S_set_ref(m, n); i < n; i += 1 + S_set_ref(m + i + 1, n - i - 1)) {
        size_t end = i + 1 + strcspn(m + i + 1, " \t_~");
        if (dict_find_synset(r->d, m + i + 1, end - i - 1) == set) return true;
    }
    return false;
}

// "+MEMBER" of the current set: its readings are kept (for sets inside { } and other sets) and
// added to the trie as PH_SYNSET phrases.
static void S_set_member(reader *r, char *s)
{
    if (!r->set_open || r->set_bad) {
        REJECT(r, r->set_open ? "member of a rejected synonym set" : "'+' line outside a synonym set");
        return;
    }
    char *m = S_trim(s + 1);
    S_edge_hyphens(m);
    if (!*m) { REJECT(r, "empty synonym set member"); return; }
    if (strpbrk(m, "[]*$+%^{}|@")) {
        /* dyad's trie cannot hold "PESO_$"; the TABARI coder matches $ and + in members (5.6) */
        if (!strpbrk(m, "[]*%^{}|@&")) tabari_add_root(r->d, TB_SETWORD, r->set, m, NULL, r->file, r->line);
        else REJECT(r, "codes, actor and pattern tokens in synonym set members are not supported");
        return;
    }
    if (S_refers_to(r, m, r->set)) { REJECT(r, "a synonym set cannot contain itself"); return; }
    dyad_buf readings;
    dyad_buf_init(&readings, &r->d->alloc);
    uint32_t count = 0;
    if (!S_expand(r, m, strlen(m), &readings, &count, 0)) {
        REJECT(r, "%s", r->err);
        count = 0;
    }
    for (size_t off = 0; count && off < readings.len; off += strlen(readings.data + off) + 1) {
        const char *reading = readings.data + off;
        set_member *sm = dict_push(r->d, &r->members, sizeof *sm);
        if (!sm) break;
        sm->set = r->set;
        sm->off = (uint32_t)r->mtext.len;
        dyad_buf_puts(&r->mtext, reading);
        dyad_buf_putc(&r->mtext, '\0');
        if (r->mtext.failed) { r->d->oom = true; break; }
        dict_payload p = S_payload(r, PH_SYNSET, r->set, 0);
        S_phrase(r, reading, END_NONE, &p);
    }
    dyad_buf_free(&readings);
}

/* MARK: verb patterns (5.5.3, 5.7) */

typedef struct pat_build {
    reader *r;
    dict_elem e[MAX_ELEMS];
    uint32_t n;
    bool glue;       /* a connector joins the next element to the previous one */
    int verbs;       /* '*' seen */
} pat_build;

// Returns true for the characters that end a pattern word.
static bool S_word_end(char c)
{
    return c == '\0' || strchr(" \t_~{}|*$+%^@", c) != NULL;
}

// Takes the pending glue for the element about to be read: EF_NO_GAP or 0.
static uint8_t S_take_glue(pat_build *b)
{
    uint8_t f = b->glue ? EF_NO_GAP : 0;
    b->glue = false;
    return f;
}

// Reads the connectors after an element: '_' makes a word exact, "~" or "~_" keep it a stem; either
// glues the next element to this one unless a blank follows.  Anything else glued on is an error.
static bool S_connect(pat_build *b, const char *s, size_t *i, bool *exact)
{
    bool tilde = s[*i] == '~', under = false;
    if (tilde) (*i)++;
    while (s[*i] == '_') { under = true; (*i)++; }
    if (under && !tilde) *exact = true;
    char c = s[*i];
    bool blank = c == '\0' || c == ' ' || c == '\t';
    if (tilde || under) { b->glue = !blank; return true; }
    if (blank) return true;
    return S_fail(b->r, "'%c' must be separated from the element before it by a blank or '_'", c);
}

// Appends an element to the pattern.
static bool S_push(pat_build *b, dict_elem e)
{
    if (b->n == MAX_ELEMS) return S_fail(b->r, "pattern longer than %d elements", MAX_ELEMS);
    b->e[b->n++] = e;
    return true;
}

// * $ + % ^ : the verb, source, target, compound actor and skip tokens (5.7.3).
static bool S_special(pat_build *b, const char *s, size_t *i)
{
    dict_elem e = {0};
    e.flags = S_take_glue(b);
    switch (s[*i]) {
    case '*': e.kind = PE_VERB; b->verbs++; break;
    case '$': e.kind = PE_SOURCE; break;
    case '+': e.kind = PE_TARGET; break;
    case '%': e.kind = PE_COMPOUND; break;
    default: e.kind = PE_SKIP; break;
    }
    (*i)++;
    bool exact = false;
    return S_connect(b, s, i, &exact) && S_push(b, e);
}

// A word: a PE_WORD with one alternative, a stem unless it ends in '_' or '='.
static bool S_word(pat_build *b, const char *s, size_t *i)
{
    uint8_t glue = S_take_glue(b), flags = 0;
    size_t start = *i;
    while (!S_word_end(s[*i])) (*i)++;
    dict_str alts[2];
    bool ex[2];
    uint32_t na = 0;
    if (!S_word_alts(b->r, s + start, *i - start, alts, ex, &na, &flags, 2)) return false;
    bool exact = ex[0];
    if (!S_connect(b, s, i, &exact)) return false;
    dict_elem e = {0};
    e.kind = PE_WORD;
    e.flags = (uint8_t)(glue | (exact ? 0 : EF_STEM) | (flags & EF_MULTI));
    e.id = dict_add_alts(b->r->d, alts, na);
    e.count = na;
    return S_push(b, e);
}

// "&SET": a PE_SYNSET element (the set must be declared before, 5.6).
static bool S_synset(pat_build *b, const char *s, size_t *i)
{
    uint8_t glue = S_take_glue(b);
    size_t start = ++(*i);
    while (!S_word_end(s[*i])) (*i)++;
    uint32_t set = dict_find_synset(b->r->d, s + start, *i - start);
    if (set == UINT32_MAX) return S_fail(b->r, "unknown synonym set '&%.*s'", (int)(*i - start > 40 ? 40 : *i - start), s + start);
    bool exact = false;
    if (!S_connect(b, s, i, &exact)) return false;
    dict_elem e = {0};
    e.kind = PE_SYNSET;
    e.flags = glue;
    e.id = set;
    return S_push(b, e);
}

// Adds the readings of one alternative (its &SETS expanded) to alts; exact[k] for those ending in '_'.
static bool S_alt_readings(pat_build *b, const char *s, size_t n, dict_str *alts, bool *exact, uint32_t *na, uint8_t *flags)
{
    dyad_buf readings;
    dyad_buf_init(&readings, &b->r->d->alloc);
    uint32_t count = 0;
    bool ok = S_expand(b->r, s, n, &readings, &count, 0);
    for (size_t off = 0; ok && count && off < readings.len; off += strlen(readings.data + off) + 1)
        ok = S_word_alts(b->r, readings.data + off, strlen(readings.data + off), alts, exact, na, flags, MAX_ALTS);
    dyad_buf_free(&readings);
    return ok;
}

// "{ a | b_c | &SET }": one PE_WORD element whose alternatives are the readings (5.7).
static bool S_alternatives(pat_build *b, const char *s, size_t *i)
{
    uint8_t flags = S_take_glue(b);
    const char *open = s + *i, *close = strchr(open, '}');
    if (!close) return S_fail(b->r, "'{' without a closing '}'");
    if (memchr(open + 1, '{', (size_t)(close - open - 1))) return S_fail(b->r, "'{' inside { }");
    dict_str alts[MAX_ALTS];
    bool exact[MAX_ALTS];
    uint32_t na = 0;
    for (const char *a = open + 1; a <= close;) {
        const char *bar = memchr(a, '|', (size_t)(close - a));
        const char *end = bar ? bar : close;
        while (a < end && (*a == ' ' || *a == '\t')) a++;
        size_t len = (size_t)(end - a);
        while (len && (a[len - 1] == ' ' || a[len - 1] == '\t')) len--;
        if (!len) return S_fail(b->r, "empty alternative in { }");
        for (size_t k = 0; k < len; k++)
            if (strchr("*$+%^@", a[k])) return S_fail(b->r, "'%c' inside { } is not supported", a[k]);
        if (!S_alt_readings(b, a, len, alts, exact, &na, &flags)) return false;
        a = end + 1;
    }
    if (!na) return S_fail(b->r, "no alternatives in { }");
    *i = (size_t)(close - s) + 1;
    bool dummy = false;
    if (!S_connect(b, s, i, &dummy)) return false;
    for (uint32_t k = 0; k < na && (flags & EF_STEM); k++) {
        if (!exact[k]) continue;
        dyad_buf_clear(&b->r->tmp);
        dyad_buf_puts(&b->r->tmp, dict_s(b->r->d, alts[k]));
        dyad_buf_putc(&b->r->tmp, '_');
        alts[k] = b->r->tmp.failed ? 0 : dict_intern(b->r->d, b->r->tmp.data, b->r->tmp.len);
    }
    dict_elem e = {0};
    e.kind = PE_WORD;
    e.flags = flags;
    e.id = dict_add_alts(b->r->d, alts, na);
    e.count = na;
    return S_push(b, e);
}

// Compiles the pattern text s (modified: '-' becomes '_') into b's elements.
static bool S_pattern_elems(pat_build *b, char *s)
{
    S_edge_hyphens(s);
    size_t i = 0;
    while (s[i]) {
        char c = s[i];
        bool ok = true, exact = false;
        if (c == ' ' || c == '\t') { i++; continue; }
        if (strchr("*$+%^", c)) ok = S_special(b, s, &i);
        else if (c == '&') ok = S_synset(b, s, &i);
        else if (c == '{') ok = S_alternatives(b, s, &i);
        else if (c == '_' || c == '~') ok = S_connect(b, s, &i, &exact);
        else if (c == '}' || c == '|') ok = S_fail(b->r, "'%c' outside { }", c);
        else if (c == '@') ok = S_fail(b->r, "attribution token '@' is not supported");
        else ok = S_word(b, s, &i);
        if (!ok) return false;
    }
    if (b->verbs != 1) return S_fail(b->r, b->verbs ? "more than one '*' in a pattern" : "missing verb marker '*' in a pattern");
    return true;
}

/* MARK: verbs (5.5, 6.6) */

// Parses a verb code: CODE or CODE:CODE, then '?' (subordinate) or '!' (dominant); blanks are ignored.
static bool S_verb_code(reader *r, const char *s, verb_code *vc)
{
    char c[64];
    size_t n = 0;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t') {
            if (n + 1 >= sizeof c) return S_fail(r, "code too long");
            c[n++] = *s;
        }
    c[n] = '\0';
    memset(vc, 0, sizeof *vc);
    while (n && (c[n - 1] == '?' || c[n - 1] == '!')) {
        if (c[n - 1] == '?') vc->subordinate = true;
        c[--n] = '\0';
    }
    char *colon = strchr(c, ':');
    size_t a = colon ? (size_t)(colon - c) : n;
    if (!S_is_code(c, a, false)) return S_fail(r, "bad event code [%s]", c);
    if (colon && !S_is_code(colon + 1, n - a - 1, false)) return S_fail(r, "bad paired code [%s]", c);
    vc->code = dict_intern(r->d, c, a);
    if (colon) vc->code2 = dict_intern(r->d, colon + 1, n - a - 1);
    return true;
}

// A verb root "VERB [code]" (the code is optional: a root may only carry patterns).
static void S_verb_root(reader *r, char *s)
{
    line_parts lp;
    verb_code vc = {0, 0, false};
    r->verb_open = r->verb_bad = true;
    r->forms_ok = false;
    bool ok = S_split(r, s, &lp) && (*lp.phrase || S_fail(r, "verb root missing"));
    char code_text[64] = "";
    if (ok && lp.nblocks) snprintf(code_text, sizeof code_text, "%s", lp.blocks[0]);
    if (ok && lp.nblocks > 1) ok = S_fail(r, "a verb root takes one [code]");
    if (ok && strpbrk(lp.phrase, "*$+%^{}|&@~")) ok = S_fail(r, "pattern tokens in a verb root (patterns start with '-')");
    if (ok && lp.nblocks) ok = S_verb_code(r, lp.blocks[0], &vc);
    uint32_t first = ok ? S_duplicate(r, lp.phrase) : 0;
    if (first) ok = S_fail(r, "duplicate verb root '%.60s' (TABARI keeps the first, line %u)", lp.phrase, first);
    if (!ok) { REJECT(r, "%s", r->err); return; }
    r->verb = dict_add_verb(r->d, lp.phrase, strlen(lp.phrase), vc.code, r->file, r->line);
    dict_payload p = S_payload(r, PH_VERB, r->verb, 0);
    r->verb_code = lp.nblocks ? code_text : NULL;
    bool added = S_phrase(r, lp.phrase, END_VERB, &p);
    r->verb_code = NULL;
    if (!added) return;
    r->verb_bad = false;
    r->forms_ok = true;
    if (vc.code2 || vc.subordinate) {
        dict_elem e = {0};
        e.kind = PE_VERB;
        dict_pattern pat = {vc.code, vc.code2, vc.subordinate, r->verb, 0, 0, r->file, r->line};
        dict_add_pattern(r->d, &pat, &e, 1);
    }
}

// "{FORM FORM ...}" right after a root: irregular forms of that verb (5.5.1).
static void S_verb_forms(reader *r, char *s)
{
    bool ok = r->verb_open && r->forms_ok;
    r->forms_ok = false;
    if (!ok) { REJECT(r, r->verb_open && r->verb_bad ? "forms of a rejected verb root" : "a {forms} line must follow its verb root"); return; }
    char *close = strchr(s, '}');
    if (!close) { REJECT(r, "'{' without a closing '}'"); return; }
    if (*S_trim(close + 1)) { REJECT(r, "text after '}'"); return; }
    *close = '\0';
    if (strpbrk(s + 1, "{[]*$+%^|&@")) { REJECT(r, "verb forms are words or phrases joined by '_'"); return; }
    int n = 0;
    for (char *save = NULL, *w = strtok_r(s + 1, " \t", &save); w; w = strtok_r(NULL, " \t", &save), n++) {
        dict_payload p = S_payload(r, PH_VERB, r->verb, 0);
        S_phrase(r, w, END_VERB, &p);
    }
    if (!n) REJECT(r, "no verb forms inside { }");
}

// "- pattern [code]": a pattern of the current verb root.
static void S_pattern(reader *r, char *s)
{
    r->forms_ok = false;
    if (!r->verb_open || r->verb_bad) { REJECT(r, r->verb_open ? "pattern of a rejected verb root" : "pattern before any verb root"); return; }
    line_parts lp;
    verb_code vc;
    pat_build b;
    memset(&b, 0, sizeof b);
    b.r = r;
    bool ok = S_split(r, s + 1, &lp);
    if (ok && lp.nblocks != 1) ok = S_fail(r, lp.nblocks ? "a pattern takes one [code]" : "pattern without a [code]");
    char text[MAX_PHRASE + 1] = "", code_text[64] = "";
    if (ok) {
        snprintf(text, sizeof text, "%s", lp.phrase);
        snprintf(code_text, sizeof code_text, "%s", lp.blocks[0]);
    }
    ok = ok && S_verb_code(r, lp.blocks[0], &vc);
    if (ok) tabari_add_pattern(r->d, r->verb, text, code_text, r->file, r->line); /* its own reading of '@', $ in sets */
    ok = ok && S_pattern_elems(&b, lp.phrase);
    if (!ok) { REJECT(r, "%s", r->err); return; }
    dict_pattern p = {vc.code, vc.code2, vc.subordinate, r->verb, 0, 0, r->file, r->line};
    dict_add_pattern(r->d, &p, b.e, b.n);
}

// A line of a .verbs file outside sections: set, member, forms, pattern or root.
static void S_verb_line(reader *r, char *s)
{
    if (s[0] == '&') { S_set_head(r, s); return; }
    if (s[0] == '+') { S_set_member(r, s); return; }
    r->set_open = false;
    if (s[0] == '{') S_verb_forms(r, s);
    else if (s[0] == '-') S_pattern(r, s);
    else S_verb_root(r, s);
}

/* MARK: sections */

// Returns the kind of section named s[0..n).
static section_kind S_section(const char *s, size_t n)
{
    if (n == 4 && !strncasecmp(s, "NOUN", 4)) return SEC_NOUN;
    if ((n == 9 && !strncasecmp(s, "ADJECTIVE", 9)) || (n == 3 && !strncasecmp(s, "ADJ", 3))) return SEC_ADJ;
    if ((n == 7 && !strncasecmp(s, "SYNSETS", 7)) || (n == 6 && !strncasecmp(s, "SYNSET", 6))) return SEC_SYNSETS;
    return SEC_OTHER;
}

// Ends what a section boundary ends: the pending actor, the current synonym set.
static void S_boundary(reader *r)
{
    S_actor_flush(r);
    r->set_open = false;
    r->agent_open = r->verb_open = r->forms_ok = false;
}

// Handles a "<TAG>" or "</TAG>" line; returns false when s is not one.
static bool S_tag(reader *r, const char *s)
{
    size_t n = strlen(s);
    if (n < 3 || s[0] != '<' || s[n - 1] != '>') return false;
    bool close = s[1] == '/';
    const char *name = s + 1 + close;
    size_t nl = n - 2 - close;
    if (!nl || nl >= sizeof r->sec_name) return false;
    for (size_t i = 0; i < nl; i++)
        if (!isalpha((unsigned char)name[i])) return false;
    section_kind k = S_section(name, nl);
    S_boundary(r);
    if (close) {
        if (r->sec == SEC_NONE || k != r->sec || (k == SEC_OTHER && strncasecmp(name, r->sec_name, nl)))
            REJECT(r, "</%.*s> without <%.*s>", (int)nl, name, (int)nl, name);
        else r->sec = SEC_NONE;
        return true;
    }
    if (r->sec != SEC_NONE) dict_reject(r->d, r->file, r->sec_line, "<%s> is not closed before <%.*s>", r->sec_name, (int)nl, name);
    r->sec = k;
    r->sec_line = r->line;
    memcpy(r->sec_name, name, nl);
    r->sec_name[nl] = '\0';
    return true;
}

// A line inside a section other than <NOUN>, <ADJECTIVE> and <SYNSETS>: not read.
static void S_other_section_line(reader *r)
{
    if (!strcasecmp(r->sec_name, "TIME")) REJECT(r, "<TIME> lines are not read: time shifting (manual 10.5) is not supported");
    else if (!strncasecmp(r->sec_name, "ATTRIB", 6)) REJECT(r, "<%s> lines are not read: attribution (manual 10.4) is not supported", r->sec_name);
    else REJECT(r, "<%s> lines are not read: unknown section", r->sec_name);
}

// A line inside <SYNSETS>: "&NAME" or "+MEMBER".
static void S_synsets_line(reader *r, char *s)
{
    if (s[0] == '&') S_set_head(r, s);
    else if (s[0] == '+') S_set_member(r, s);
    else REJECT(r, "expected '&NAME' or '+MEMBER' inside <SYNSETS>");
}

// One line of an .actors, .agents or .verbs file.
static void S_dict_line(reader *r, char *line)
{
    bool indented = line[0] == ' ' || line[0] == '\t';
    char *s = S_trim(line);
    if (!*s || *s == '#' || *s == '/') return;
    s = S_content(s);
    if (!*s || S_tag(r, s)) return;
    switch (r->sec) {
    case SEC_NOUN: case SEC_ADJ: S_noun_line(r, s); return;
    case SEC_SYNSETS: S_synsets_line(r, s); return;
    case SEC_OTHER: S_other_section_line(r); return;
    default: break;
    }
    if (r->kind == K_ACTORS) S_actor_line(r, s, indented);
    else if (r->kind == K_AGENTS) S_agent_line(r, s);
    else S_verb_line(r, s);
}

/* MARK: .options (chapter 8) */

const char *dict_option(const dyad_dict *d, const char *key)
{
    if (!d || !key) return NULL;
    for (size_t i = d->options.n; i-- > 0;) {
        const dict_setting *st = &DICT_AT(d, options, dict_setting, i);
        if (!strcasecmp(dict_s(d, st->key), key)) return dict_s(d, st->value);
    }
    return NULL;
}

// Writes s trimmed, with runs of blanks collapsed (and in capitals when upper) into out.
static void S_collapse(const char *s, bool upper, char *out, size_t cap)
{
    size_t k = 0;
    bool blank = false;
    for (; *s && k + 2 < cap; s++) {
        if (*s == ' ' || *s == '\t') { blank = k > 0; continue; }
        if (blank) out[k++] = ' ';
        blank = false;
        out[k++] = upper ? (char)toupper((unsigned char)*s) : *s;
    }
    out[k] = '\0';
}

// Stores a setting; OUTPUT settings add to the ones read before (8.9 allows several lines).
static void S_setting(reader *r, const char *key, const char *value, bool append)
{
    const char *old = append ? dict_option(r->d, key) : NULL;
    dyad_buf_clear(&r->tmp);
    if (old && *old) dyad_buf_printf(&r->tmp, "%s ", old);
    dyad_buf_puts(&r->tmp, value);
    dict_setting *st = dict_push(r->d, &r->d->options, sizeof *st);
    if (!st || r->tmp.failed) { r->d->oom = true; return; }
    st->key = dict_intern(r->d, key, strlen(key));
    st->value = dict_intern(r->d, r->tmp.data, r->tmp.len);
}

// "SET: NAME = VALUE" (or "SET: CODE BY CLAUSE", "SET: CODE ALL"): key "SET NAME".
static void S_set_command(reader *r, char *v)
{
    char name[128], value[128], key[140];
    char *eq = strchr(v, '=');
    if (eq) {
        *eq = '\0';
        S_collapse(v, true, name, sizeof name);
        S_collapse(eq + 1, true, value, sizeof value);
    } else {
        char *sp = strrchr(v, ' ');
        if (!sp) sp = strrchr(v, '\t');
        if (!sp) { REJECT(r, "SET: needs 'NAME = VALUE'"); return; }
        S_collapse(sp + 1, true, value, sizeof value);
        *sp = '\0';
        S_collapse(v, true, name, sizeof name);
        if (!strncmp(name, "CODE", 4)) snprintf(name, sizeof name, "CODE BY");
    }
    if (!*name || !*value) { REJECT(r, "SET: needs 'NAME = VALUE'"); return; }
    snprintf(key, sizeof key, "SET %s", name);
    S_setting(r, key, value, false);
}

// "LABEL: CODE = text": key "LABEL CODE", the text kept as written (8.3).
static void S_label_command(reader *r, char *v)
{
    char code[64], key[80];
    char *eq = strchr(v, '=');
    if (!eq) { REJECT(r, "LABEL: needs 'CODE = text'"); return; }
    *eq = '\0';
    S_collapse(v, true, code, sizeof code);
    char *text = S_trim(eq + 1);
    if (!*code || !*text) { REJECT(r, "LABEL: needs 'CODE = text'"); return; }
    snprintf(key, sizeof key, "LABEL %s", code);
    S_setting(r, key, text, false);
}

// One line of an .options file: "COMMAND: value"; commands are known by their first four letters (8.1.1).
static void S_options_line(reader *r, char *s)
{
    static const char *const commands[] = {"COMPLEX", "NONEVENTS", "OUTPUT", "DEFAULT", "COMMA", "FORWARD", NULL};
    char *hash = strchr(s, '#'), *slashes = strstr(s, "//");
    if (hash) *hash = '\0';
    if (slashes) *slashes = '\0';
    s = S_trim(s);
    if (!*s) return;
    char *colon = strchr(s, ':');
    if (!colon) { REJECT(r, "expected 'COMMAND: ...'"); return; }
    *colon = '\0';
    char cmd[32], value[256];
    S_collapse(s, true, cmd, sizeof cmd);
    char *v = S_trim(colon + 1);
    if (!strcmp(cmd, "SET")) { S_set_command(r, v); return; }
    if (!strncmp(cmd, "LABE", 4)) { S_label_command(r, v); return; }
    S_collapse(v, true, value, sizeof value);
    for (int i = 0; commands[i]; i++) {
        if (strlen(cmd) < 4 || strncmp(cmd, commands[i], 4)) continue;
        if (!*value) REJECT(r, "%s: needs a value", commands[i]);
        else S_setting(r, commands[i], value, i == 2);
        return;
    }
    REJECT(r, "unknown .options command '%.30s' (SET, LABEL, COMPLEX, NONEVENTS, OUTPUT, DEFAULT, COMMA, FORWARD)", cmd);
}

/* MARK: files */

// Returns the kind of a TABARI file from its extension.
static file_kind S_kind(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/')) return K_UNKNOWN;
    if (!strcmp(dot, ".actors")) return K_ACTORS;
    if (!strcmp(dot, ".agents")) return K_AGENTS;
    if (!strcmp(dot, ".verbs")) return K_VERBS;
    if (!strcmp(dot, ".options")) return K_OPTIONS;
    return K_UNKNOWN;
}

// Sets up a reader for one file.
static void S_reader_init(reader *r, dyad_dict *d, FILE *f, uint32_t file, file_kind kind)
{
    memset(r, 0, sizeof *r);
    r->d = d;
    r->f = f;
    r->file = file;
    r->kind = kind;
    dyad_buf_init(&r->clean, &d->alloc);
    dyad_buf_init(&r->tmp, &d->alloc);
    dyad_buf_init(&r->ptext, &d->alloc);
    dyad_buf_init(&r->mtext, &d->alloc);
    dyad_buf_init(&r->stext, &d->alloc);
    dyad_arena_init(&r->ar, &d->alloc);
}

// Frees what the reader allocated (the dictionary keeps what was added to it).
static void S_reader_free(reader *r)
{
    free(r->raw);
    dyad_buf_free(&r->clean);
    dyad_buf_free(&r->tmp);
    dyad_buf_free(&r->ptext);
    dyad_buf_free(&r->mtext);
    dyad_buf_free(&r->stext);
    dyad__free(&r->d->alloc, r->seen);
    dyad__free(&r->d->alloc, r->phrases.v);
    dyad__free(&r->d->alloc, r->blocks.v);
    dyad__free(&r->d->alloc, r->members.v);
    dyad__free(&r->d->alloc, r->tv.v);
    dyad_arena_free(&r->ar);
}

bool dict_load_tabari(dyad_dict *d, const char *path)
{
    file_kind kind = S_kind(path);
    uint32_t file = dict_add_file(d, path);
    if (kind == K_UNKNOWN) {
        dict_reject(d, file, 0, "not a TABARI file name (.actors, .agents, .verbs or .options)");
        return true;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        dict_reject(d, file, 0, "cannot open: %s", strerror(errno));
        return false;
    }
    reader r;
    S_reader_init(&r, d, f, file, kind);
    char *line;
    while (!d->oom && (line = S_next(&r))) {
        if (line[strspn(line, " \t")] == '~') break; /* ~FINISH (5.2) */
        if (kind == K_OPTIONS) S_options_line(&r, line);
        else S_dict_line(&r, line);
    }
    S_actor_flush(&r);
    if (r.sec != SEC_NONE) dict_reject(d, file, r.sec_line, "<%s> is not closed", r.sec_name);
    S_reader_free(&r);
    fclose(f);
    return !d->oom;
}
