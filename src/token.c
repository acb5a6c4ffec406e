/*
 * token.c — the tokenizer: UTF-8 text to tokens with byte offsets, a
 * normalised form and shape flags.
 *
 * Conventions follow the Penn Treebank where they help the coder: possessive
 * and contracted clitics are split ("Russia's" -> "Russia" "'s", "didn't" ->
 * "did" "n't"); abbreviation periods stay on their word ("U.S.", "Mr.",
 * "Jan."); sentence-final periods are separate tokens; hyphenated names stay
 * whole ("Cho Tae-yul", "al-Qaeda"); numbers keep their separators ("1,500",
 * "3.2", "9/11").  Typographic quotes, dashes, apostrophes and spaces are
 * recognised as such and folded in the normalised form, so later stages see
 * one spelling; offsets always point at the original bytes.
 *
 * ASCII is classified by a table (the hot path); other code points go through
 * utf8proc's Unicode categories.
 */
#include "internal.h"

#include <pthread.h>
#include <utf8proc.h>

/* MARK: character classes */

enum {
    C_SPACE = 1,   /* ASCII whitespace */
    C_ALPHA = 2,
    C_DIGIT = 4,
    C_UPPER = 8,
    C_PUNCT = 16,  /* single-character punctuation token */
    C_HIGH = 32,   /* first byte of a multibyte sequence */
    C_HYPH = 64,   /* '-' */
    C_LOWER = 128  /* a lower-case ASCII letter (with C_ALPHA) */
};

static unsigned char S_class[256];
/* How a byte after a run of ASCII letters and digits ends a word (dyad_tokenize's common word):
 * E_ANY ends any, E_WORD only one with a letter (',', '/' and ':' go on into numbers), 0 none
 * (S_scan_word decides: '-', '\'', '.', '@', '&' and non-ASCII bytes). */
enum { E_ANY = 1, E_WORD = 2 };
static unsigned char S_word_end[256];
static pthread_once_t S_once = PTHREAD_ONCE_INIT;
static void S_init_abbrevs(void);

// Fills the ASCII class table and the abbreviation keys (once per process).
static void S_init_tables(void)
{
    unsigned char t[256] = {0};
    for (int c = 0; c < 256; c++) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') t[c] = C_SPACE;
        else if (c >= 'a' && c <= 'z') t[c] = C_ALPHA | C_LOWER;
        else if (c >= 'A' && c <= 'Z') t[c] = C_ALPHA | C_UPPER;
        else if (c >= '0' && c <= '9') t[c] = C_DIGIT;
        else if (c >= 0x80) t[c] = C_HIGH;
        else if (c > 0x20 && c < 0x7F) t[c] = C_PUNCT;
    }
    t['-'] |= C_HYPH;
    memcpy(S_class, t, sizeof t);
    for (int c = 0; c < 0x80; c++) {
        if (t[c] & (C_ALPHA | C_DIGIT)) continue;
        bool scanner = c && strchr("-'.@&", c), numeric = c && strchr(",/:", c);
        S_word_end[c] = scanner ? 0 : numeric ? E_WORD : E_ANY;
    }
    S_init_abbrevs();
}

static void S_init_classes(void) { pthread_once(&S_once, S_init_tables); }

/* What a non-ASCII code point means to the tokenizer. */
typedef enum {
    U_OTHER, U_SPACE, U_NEWLINE, U_IGNORE, U_LETTER, U_UPPER, U_DIGIT, U_MARK,
    U_QUOTE_OPEN, U_QUOTE_CLOSE, U_APOS, U_DASH, U_HYPHEN, U_ELLIPSIS, U_PUNCT
} ucls;

// Classifies a non-ASCII code point.
static ucls S_uclass(int32_t cp)
{
    switch (cp) {
    case 0x00A0: case 0x1680: case 0x200B: case 0x202F: case 0x205F: case 0x3000:
        return U_SPACE;
    case 0x0085: case 0x2028: case 0x2029:
        return U_NEWLINE;
    case 0x00AD: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
        return U_IGNORE;
    case 0x2018: case 0x201A: case 0x201B: case 0x201C: case 0x201E: case 0x201F:
    case 0x00AB: case 0x2039: case 0x300C: case 0x300E:
        return U_QUOTE_OPEN;
    case 0x201D: case 0x00BB: case 0x203A: case 0x300D: case 0x300F:
        return U_QUOTE_CLOSE;
    case 0x2019: case 0x02BC: case 0x2032:
        return U_APOS;
    case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2E3A: case 0x2E3B:
        return U_DASH;
    case 0x2010: case 0x2011: case 0x2212: case 0xFE63: case 0xFF0D:
        return U_HYPHEN;
    case 0x2026:
        return U_ELLIPSIS;
    default:
        break;
    }
    if (cp >= 0x2000 && cp <= 0x200A) return U_SPACE;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT:
        return U_UPPER;
    case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
        return U_LETTER;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return U_MARK;
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return U_DIGIT;
    case UTF8PROC_CATEGORY_ZS:
        return U_SPACE;
    case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
        return U_NEWLINE;
    case UTF8PROC_CATEGORY_CF:
        return U_IGNORE;
    case UTF8PROC_CATEGORY_PS: case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PO:
    case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PC:
        return U_PUNCT;
    default:
        return U_OTHER;
    }
}

/* MARK: abbreviations */

/* Words that take an abbreviation period.  "Title" ones precede a name and never end a sentence. */
static const char *const S_titles[] = {
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "cpl", "pvt",
    "adm", "cmdr", "cdr", "brig", "sen", "sens", "rep", "reps", "gov", "govs", "pres", "prof",
    "rev", "hon", "fr", "msgr", "atty", "supt", "insp", "det", "amb", "st", "mt", "ft", "no",
    "nos", "vs", "v", "gens", "messrs", "mme", "mlle", "sr", "jr", "op", "ph", "pp",
    "fig", "vol", "art", "sec", "para", "approx", "ca", "cf", "viz"};
static const char *const S_other_abbrevs[] = {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "inc", "ltd", "co", "corp", "bros", "llc", "plc", "dept", "univ", "assn", "natl", "intl",
    "ave", "blvd", "rd", "hwy", "etc", "al", "esp", "est", "min", "max", "mln", "bln", "pct",
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan",
    "kans", "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev",
    "okla", "ore", "pa", "tenn", "tex", "va", "vt", "wash", "wis", "wyo", "dak"};

// Packs up to 8 bytes into an integer key (0 when longer).
static uint64_t S_key(const char *w, size_t n)
{
    if (n > 8) return 0;
    uint64_t k = 0;
    for (size_t i = 0; i < n; i++) k = (k << 8) | (unsigned char)w[i];
    return k | ((uint64_t)n << 60);
}

#define NTITLES (sizeof S_titles / sizeof *S_titles)
#define NOTHER (sizeof S_other_abbrevs / sizeof *S_other_abbrevs)
static uint64_t S_title_keys[NTITLES], S_abbrev_keys[NTITLES + NOTHER];

static int S_cmp_key(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void S_init_abbrevs(void)
{
    for (size_t i = 0; i < NTITLES; i++)
        S_abbrev_keys[i] = S_title_keys[i] = S_key(S_titles[i], strlen(S_titles[i]));
    for (size_t i = 0; i < NOTHER; i++)
        S_abbrev_keys[NTITLES + i] = S_key(S_other_abbrevs[i], strlen(S_other_abbrevs[i]));
    qsort(S_title_keys, NTITLES, sizeof *S_title_keys, S_cmp_key);
    qsort(S_abbrev_keys, NTITLES + NOTHER, sizeof *S_abbrev_keys, S_cmp_key);
}

// Returns true when the packed key is in the sorted array keys[0..n).
static bool S_has_key(const uint64_t *keys, size_t n, uint64_t k)
{
    return k && bsearch(&k, keys, n, sizeof *keys, S_cmp_key) != NULL;
}

bool dyad_is_title_abbreviation(const char *w, size_t n)
{
    S_init_classes();
    return S_has_key(S_title_keys, NTITLES, S_key(w, n));
}

bool dyad_is_abbreviation(const char *w, size_t n)
{
    S_init_classes();
    return S_has_key(S_abbrev_keys, NTITLES + NOTHER, S_key(w, n));
}

// Returns true when w[0..n) equals one of the strings in list.
static bool S_in_list(const char *const *list, size_t count, const char *w, size_t n)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(list[i]) == n && memcmp(list[i], w, n) == 0) return true;
    return false;
}

/* Abbreviations that are also lower-case English words take the period only
 * when written with a capital ("Ill.", "Mass.", "Sun."); these few are
 * abbreviations in lower case too. */
static const char *const S_lower_ok[] = {"etc", "vs", "v", "approx", "cf", "viz", "al", "esp", "ca"};

/* MARK: scanner */

typedef struct scanner {
    const unsigned char *s;
    size_t len;
    dyad_tokvec *toks;
    dyad_arena *ar;
    const dyad_alloc *alloc;
    uint16_t pending_flags;  /* whitespace flags for the next token */
    bool oom;
    char *scratch;           /* normalisation buffer for non-ASCII tokens */
    size_t scratch_cap;
    /* the classes of the bytes of the last word scanned and of the byte after it, or-ed
     * (valid when w_ascii) */
    bool w_ascii;
    unsigned w_acc;
} scanner;

// Decodes the code point at i; invalid bytes (cannot happen after repair) count as U+FFFD.
static int32_t S_cp(const scanner *sc, size_t i, int *clen)
{
    int32_t cp = dyad_utf8_decode(sc->s + i, sc->len - i, clen);
    return cp < 0 ? 0xFFFD : cp;
}

// Appends a token; its norm is set afterwards.
static inline dyad_token *S_push(scanner *sc, size_t start, size_t len, int kind, uint16_t flags)
{
    dyad_tokvec *tv = sc->toks;
    if (tv->n == tv->cap) {
        size_t cap = tv->cap ? tv->cap * 2 : 1024;
        dyad_token *v = dyad__realloc(sc->alloc, tv->v, cap * sizeof *v);
        if (!v) { sc->oom = true; return NULL; }
        tv->v = v;
        tv->cap = cap;
    }
    dyad_token *t = &tv->v[tv->n++];
    t->start = start;
    t->len = (uint32_t)len;
    t->kind = (uint16_t)kind;
    t->flags = (uint16_t)(flags | sc->pending_flags);
    t->norm = "";
    t->norm_len = 0;
    t->sentence = 0;
    sc->pending_flags = 0;
    return t;
}

// Points the token's norm at p[0..n) (text, a literal, or arena memory that outlives the call).
static void S_set_norm(dyad_token *t, const char *p, size_t n)
{
    t->norm = p;
    t->norm_len = (uint32_t)n;
}

// Stores norm[0..n) in the arena as the token's normalised form.
static void S_store_norm(scanner *sc, dyad_token *t, const char *norm, size_t n)
{
    char *p = dyad_arena_alloc(sc->ar, n + 1);
    if (!p) { sc->oom = true; return; }
    memcpy(p, norm, n);
    p[n] = '\0';
    t->norm = p;
    t->norm_len = (uint32_t)n;
}

// Ensures the scratch buffer holds n bytes.
static bool S_scratch(scanner *sc, size_t n)
{
    if (n <= sc->scratch_cap) return true;
    size_t cap = sc->scratch_cap ? sc->scratch_cap : 256;
    while (cap < n) cap *= 2;
    char *p = dyad__realloc(sc->alloc, sc->scratch, cap);
    if (!p) { sc->oom = true; return false; }
    sc->scratch = p;
    sc->scratch_cap = cap;
    return true;
}

// The bytes of v (all ASCII) with 'A'..'Z' made lower case: no byte carries into the next.
static inline uint64_t S_lower8(uint64_t v)
{
    const uint64_t ones = 0x0101010101010101ull;
    uint64_t upper = ((v + ones * (0x80 - 'A')) ^ (v + ones * (0x80 - 'Z' - 1))) & ones * 0x80;
    return v | upper >> 2;
}

// Copies the n ASCII bytes of w to out in lower case, eight at a time (the last eight again,
// in part, rather than a loop over the rest).
static void S_lower_copy(char *out, const unsigned char *w, size_t n)
{
    uint64_t v;
    if (n >= 8) {
        for (size_t i = 0; i + 8 <= n; i += 8) {
            memcpy(&v, w + i, sizeof v);
            v = S_lower8(v);
            memcpy(out + i, &v, sizeof v);
        }
        memcpy(&v, w + n - 8, sizeof v);
        v = S_lower8(v);
        memcpy(out + n - 8, &v, sizeof v);
    } else if (n >= 4) {
        uint32_t a, z;
        memcpy(&a, w, sizeof a);
        memcpy(&z, w + n - 4, sizeof z);
        v = S_lower8(a | (uint64_t)z << 32);
        a = (uint32_t)v;
        z = (uint32_t)(v >> 32);
        memcpy(out, &a, sizeof a);
        memcpy(out + n - 4, &z, sizeof z);
    } else {
        for (size_t i = 0; i < n; i++) out[i] = (char)((S_class[w[i]] & C_UPPER) ? w[i] | 0x20 : w[i]);
    }
}

// Sets the norm of the ASCII word w[0..n) that has capitals: a lower-case copy in the arena.
static void S_lower_norm(scanner *sc, dyad_token *t, const unsigned char *w, size_t n)
{
    char *out = dyad_arena_alloc(sc->ar, n + 1);
    if (!out) { sc->oom = true; return; }
    S_lower_copy(out, w, n);
    out[n] = '\0';
    S_set_norm(t, out, n);
}

// Sets flags and norm of an ASCII word from the classes seen while scanning it: which letters
// there are; where the first one is and whether there are two (all capitals) is read again
// here, from the first bytes mostly, instead of counting in the scanner's loop.
// Inlined: it runs once per word, from the tokenizer's loop and S_emit_word, and a call cost a
// tenth of it.
static inline __attribute__((always_inline)) void S_finish_ascii_word(scanner *sc, dyad_token *t)
{
    const unsigned char *w = sc->s + t->start;
    size_t n = t->len;
    unsigned acc = sc->w_acc;
    if (acc & C_DIGIT) t->flags |= DYAD_TF_DIGIT;
    if (acc & C_HYPH) t->flags |= DYAD_TF_HYPHEN;
    if (acc & C_ALPHA) {
        /* the letters of the word are all in it (an abbreviation period is no letter) */
        size_t j = 0;
        while (!(S_class[w[j]] & C_ALPHA)) j++;
        if (S_class[w[j]] & C_UPPER) t->flags |= DYAD_TF_CAP;
        if (!(acc & C_LOWER)) {
            size_t k = j + 1;
            while (k < n && !(S_class[w[k]] & C_ALPHA)) k++;
            if (k < n) t->flags |= DYAD_TF_ALLCAPS; /* a second letter, a capital too */
        } else if (!(acc & C_UPPER)) {
            t->flags |= DYAD_TF_LOWER;
        }
    }
    if (!(acc & C_UPPER)) S_set_norm(t, (const char *)w, n); /* already lower case: the text is the norm */
    else S_lower_norm(sc, t, w, n);
}

// Computes norm and case flags of a word-like token from its bytes.
static void S_finish_word(scanner *sc, dyad_token *t)
{
    const unsigned char *w = sc->s + t->start;
    size_t n = t->len;
    unsigned upper = 0, lower = 0, letters = 0;
    bool ascii = true;
    for (size_t i = 0; i < n; i++)
        if (w[i] >= 0x80) { ascii = false; break; }
    bool first_letter_seen = false;
    if (ascii) {
        unsigned acc = 0, first = 0;
        for (size_t i = 0; i < n; i++) {
            unsigned k = S_class[w[i]];
            if (!(acc & C_ALPHA)) first = k;
            acc |= k;
            upper += (k & C_UPPER) != 0;
            lower += (k & (C_ALPHA | C_UPPER)) == C_ALPHA;
        }
        letters = upper + lower;
        /* lower-case ASCII words (most of them) are their own norm: no copy */
        const char *norm = (const char *)w;
        if (upper) {
            char *out = dyad_arena_alloc(sc->ar, n + 1);
            if (!out) { sc->oom = true; return; }
            for (size_t i = 0; i < n; i++) out[i] = (char)((S_class[w[i]] & C_UPPER) ? w[i] | 0x20 : w[i]);
            out[n] = '\0';
            norm = out;
        }
        if (acc & C_DIGIT) t->flags |= DYAD_TF_DIGIT;
        if (acc & C_HYPH) t->flags |= DYAD_TF_HYPHEN;
        if (first & C_UPPER) t->flags |= DYAD_TF_CAP;
        if (letters >= 2 && upper == letters) t->flags |= DYAD_TF_ALLCAPS;
        if (letters && lower == letters) t->flags |= DYAD_TF_LOWER;
        S_set_norm(t, norm, n);
        return;
    }
    if (!S_scratch(sc, n * 2 + 8)) return;
    char *out = sc->scratch;
    size_t o = 0;
    if (ascii) {
        for (size_t i = 0; i < n; i++) {
            unsigned char c = w[i];
            unsigned k = S_class[c];
            if (k & C_ALPHA) {
                letters++;
                if (k & C_UPPER) { upper++; c = (unsigned char)(c | 0x20); if (!first_letter_seen) t->flags |= DYAD_TF_CAP; }
                else lower++;
                first_letter_seen = true;
            } else if (k & C_DIGIT) {
                t->flags |= DYAD_TF_DIGIT;
            } else if (c == '-') {
                t->flags |= DYAD_TF_HYPHEN;
            }
            out[o++] = (char)c;
        }
    } else {
        t->flags |= DYAD_TF_NONASCII;
        for (size_t i = 0; i < n;) {
            int clen;
            int32_t cp = S_cp(sc, t->start + i, &clen);
            i += (size_t)clen;
            if (cp < 0x80) {
                unsigned k = S_class[cp];
                if (k & C_ALPHA) {
                    letters++;
                    if (k & C_UPPER) { upper++; cp |= 0x20; if (!first_letter_seen) t->flags |= DYAD_TF_CAP; }
                    else lower++;
                    first_letter_seen = true;
                } else if (k & C_DIGIT) t->flags |= DYAD_TF_DIGIT;
                else if (cp == '-') t->flags |= DYAD_TF_HYPHEN;
                out[o++] = (char)cp;
                continue;
            }
            ucls u = S_uclass(cp);
            if (u == U_IGNORE) continue;
            if (u == U_APOS) { out[o++] = '\''; continue; }
            if (u == U_HYPHEN || u == U_DASH) { out[o++] = '-'; t->flags |= DYAD_TF_HYPHEN; continue; }
            if (u == U_UPPER) {
                letters++; upper++;
                if (!first_letter_seen) t->flags |= DYAD_TF_CAP;
                first_letter_seen = true;
                cp = utf8proc_tolower(cp);
            } else if (u == U_LETTER) {
                letters++; lower++;
                first_letter_seen = true;
            } else if (u == U_DIGIT) t->flags |= DYAD_TF_DIGIT;
            o += (size_t)dyad_utf8_encode(cp, out + o);
        }
    }
    if (letters >= 2 && upper == letters) t->flags |= DYAD_TF_ALLCAPS;
    if (letters && lower == letters) t->flags |= DYAD_TF_LOWER;
    S_store_norm(sc, t, out, o);
}

// Returns the length of the URL starting at i, or 0.
static size_t S_url_len(const scanner *sc, size_t i)
{
    const char *p = (const char *)sc->s + i;
    size_t rest = sc->len - i;
    if (!((rest > 7 && memcmp(p, "http://", 7) == 0) || (rest > 8 && memcmp(p, "https://", 8) == 0) ||
          (rest > 4 && memcmp(p, "www.", 4) == 0)))
        return 0;
    size_t j = 0;
    while (j < rest && !(S_class[(unsigned char)p[j]] & C_SPACE) && p[j] != '"' && p[j] != '<' &&
           (unsigned char)p[j] < 0x80)
        j++;
    while (j > 0 && strchr(".,;:!?)]'", p[j - 1])) j--;
    return j;
}

// Returns true when the byte at i is an ASCII letter or digit, or starts a non-ASCII letter/digit/mark.
static bool S_is_wordchar(const scanner *sc, size_t i)
{
    if (i >= sc->len) return false;
    unsigned k = S_class[sc->s[i]];
    if (k & (C_ALPHA | C_DIGIT)) return true;
    if (!(k & C_HIGH)) return false;
    int clen;
    ucls u = S_uclass(S_cp(sc, i, &clen));
    return u == U_LETTER || u == U_UPPER || u == U_DIGIT || u == U_MARK;
}

static bool S_is_letter(const scanner *sc, size_t i)
{
    if (i >= sc->len) return false;
    unsigned k = S_class[sc->s[i]];
    if (k & C_ALPHA) return true;
    if (!(k & C_HIGH)) return false;
    int clen;
    ucls u = S_uclass(S_cp(sc, i, &clen));
    return u == U_LETTER || u == U_UPPER;
}

// Length of an apostrophe at i (1 for ', 2-3 for ’ and friends), or 0.
static int S_apos_len(const scanner *sc, size_t i)
{
    if (i >= sc->len) return 0;
    if (sc->s[i] == '\'') return 1;
    if (sc->s[i] < 0x80) return 0;
    int clen;
    return S_uclass(S_cp(sc, i, &clen)) == U_APOS ? clen : 0;
}

// If an English clitic ('s 're 've 'll 'd 'm) starts at apostrophe position i, returns its length.
static size_t S_clitic_len(const scanner *sc, size_t i)
{
    int al = S_apos_len(sc, i);
    if (!al) return 0;
    size_t j = i + (size_t)al, k = j;
    while (k < sc->len && k - j < 3 && (S_class[sc->s[k]] & C_ALPHA)) k++;
    if (k == j || S_is_wordchar(sc, k)) return 0;
    size_t n = k - j;
    char lw[3];
    for (size_t x = 0; x < n; x++) lw[x] = (char)(sc->s[j + x] | 0x20);
    if ((n == 1 && (lw[0] == 's' || lw[0] == 'd' || lw[0] == 'm')) ||
        (n == 2 && ((lw[0] == 'r' && lw[1] == 'e') || (lw[0] == 'v' && lw[1] == 'e') ||
                    (lw[0] == 'l' && lw[1] == 'l'))))
        return (size_t)al + n;
    return 0;
}

// If "n't" (n + apostrophe + t) starts at i and ends the word, returns its length.
static size_t S_nt_len(const scanner *sc, size_t i)
{
    if (i >= sc->len || (sc->s[i] | 0x20) != 'n') return 0;
    int al = S_apos_len(sc, i + 1);
    if (!al) return 0;
    size_t t = i + 1 + (size_t)al;
    if (t >= sc->len || (sc->s[t] | 0x20) != 't' || S_is_wordchar(sc, t + 1)) return 0;
    return 2 + (size_t)al;
}

// Scans a word or number starting at i; returns its end.  Sets *has_inner_period.
static size_t S_scan_word(scanner *sc, size_t i, bool *inner_period, bool *is_number)
{
    size_t start = i, seg_start = i;
    bool digits_only = true;
    *inner_period = false;
    *is_number = false;
    unsigned acc = 0;
    sc->w_ascii = true;
    while (i < sc->len) {
        /* hot loop: a run of ASCII letters and digits, their classes or-ed (S_finish_ascii_word) */
        size_t run = i;
        for (; i < sc->len; i++) {
            unsigned k = S_class[sc->s[i]];
            if (!(k & (C_ALPHA | C_DIGIT))) break;
            acc |= k;
        }
        if (acc & C_ALPHA) digits_only = false;
        /* split "n't" off the end: "didn't" -> "did" "n't" */
        if (i > run && i - 1 > start && (sc->s[i - 1] | 0x20) == 'n' && i < sc->len &&
            (sc->s[i] == '\'' || sc->s[i] >= 0x80) && S_nt_len(sc, i - 1)) {
            i--;
            sc->w_ascii = false; /* statistics include the 'n': recompute */
            break;
        }
        if (i >= sc->len) break;
        unsigned char c = sc->s[i];
        unsigned k = S_class[c];
        acc |= k;
        if (k & C_HIGH) {
            sc->w_ascii = false;
            int clen;
            ucls u = S_uclass(S_cp(sc, i, &clen));
            if (u == U_LETTER || u == U_UPPER || u == U_MARK || u == U_DIGIT || u == U_IGNORE) {
                if (u != U_DIGIT && u != U_IGNORE) digits_only = false;
                i += (size_t)clen;
                continue;
            }
            if (u == U_HYPHEN && S_is_wordchar(sc, i + (size_t)clen)) { i += (size_t)clen; continue; }
            if (u == U_APOS) {
                if (S_clitic_len(sc, i)) goto done;
                if (S_is_letter(sc, i + (size_t)clen) && !digits_only) { i += (size_t)clen; continue; }
            }
            goto done;
        }
        size_t next = i + 1;
        switch (c) {
        case '-':
            if (S_is_wordchar(sc, next)) { i = next; digits_only = false; continue; }
            goto done;
        case '\'':
            if (S_clitic_len(sc, i)) goto done;
            if (!digits_only && S_is_letter(sc, next)) { i = next; continue; }
            goto done;
        case '.':
            /* decimals 3.2; abbreviations with inner periods U.S, a.m, Ph.D */
            if (digits_only && next < sc->len && (S_class[sc->s[next]] & C_DIGIT)) { i = next; continue; }
            if (!digits_only && i - seg_start <= 2 && S_is_letter(sc, next) &&
                (next + 1 >= sc->len || !S_is_letter(sc, next + 1) || next + 2 >= sc->len ||
                 sc->s[next + 1] == '.' || sc->s[next + 2] == '.')) {
                *inner_period = true;
                i = next;
                seg_start = next;
                continue;
            }
            goto done;
        case ',':
            if (digits_only && i + 3 < sc->len + 0 && (S_class[sc->s[next]] & C_DIGIT) &&
                (S_class[sc->s[next + 1]] & C_DIGIT) && (S_class[sc->s[next + 2]] & C_DIGIT) &&
                !(next + 3 < sc->len && (S_class[sc->s[next + 3]] & C_DIGIT))) {
                i = next;
                continue;
            }
            goto done;
        case '/': case ':':
            /* 9/11, 3/22/2025, 10:30 */
            if (digits_only && next < sc->len && (S_class[sc->s[next]] & C_DIGIT)) { i = next; continue; }
            goto done;
        case '&':
            /* AT&T, S&P */
            if (i > start && (S_class[sc->s[i - 1]] & C_UPPER) && next < sc->len &&
                (S_class[sc->s[next]] & C_UPPER)) { i = next; continue; }
            goto done;
        case '@':
            goto done;
        default:
            goto done;
        }
    }
done:
    *is_number = digits_only;
    sc->w_acc = acc;
    return i;
}

// Returns true when the period after the word [start,end) (lower-cased in lw) belongs to it.
static bool S_abbrev_here(const scanner *sc, size_t start, size_t end, const char *lw, size_t n)
{
    if (!dyad_is_abbreviation(lw, n)) return false;
    /* "No. 2" but "the answer is no." */
    if ((n == 2 && memcmp(lw, "no", 2) == 0) || (n == 3 && memcmp(lw, "nos", 3) == 0)) {
        size_t j = end + 1;
        while (j < sc->len && sc->s[j] == ' ') j++;
        return j < sc->len && (S_class[sc->s[j]] & C_DIGIT);
    }
    if (S_class[sc->s[start]] & C_UPPER) return true;
    return S_in_list(S_lower_ok, sizeof S_lower_ok / sizeof *S_lower_ok, lw, n);
}

// Emits one word token from [start, end) and its abbreviation period if any; returns the new position.
static size_t S_emit_word(scanner *sc, size_t start, size_t end, bool inner_period, bool is_number)
{
    uint16_t flags = 0;
    size_t stop = end;
    if (!is_number && end < sc->len && sc->s[end] == '.') {
        size_t n = end - start;
        bool initial = n == 1 && (S_class[sc->s[start]] & C_UPPER);
        bool take = inner_period || initial;
        if (!take && n <= 6) {
            char lw[8] = {0};
            bool ascii = true;
            for (size_t i = 0; i < n; i++) {
                if (sc->s[start + i] >= 0x80) { ascii = false; break; }
                lw[i] = (char)(sc->s[start + i] | 0x20);
            }
            take = ascii && S_abbrev_here(sc, start, end, lw, n);
        }
        /* "..." after a word is an ellipsis, not an abbreviation period */
        if (take && end + 1 < sc->len && sc->s[end + 1] == '.') take = false;
        if (take) {
            stop = end + 1;
            flags |= DYAD_TF_ABBR;
            if (initial) flags |= DYAD_TF_INITIAL;
        }
    }
    dyad_token *t = S_push(sc, start, stop - start, is_number ? DYAD_TOK_NUMBER : DYAD_TOK_WORD, flags);
    if (!t) return sc->len;
    if (sc->w_ascii) S_finish_ascii_word(sc, t);
    else S_finish_word(sc, t);
    return stop;
}

// Emits a punctuation-like token whose norm is given.
static void S_emit(scanner *sc, size_t start, size_t len, int kind, uint16_t flags, const char *norm)
{
    dyad_token *t = S_push(sc, start, len, kind, flags);
    if (t) S_set_norm(t, norm, strlen(norm));
}

// Emits a one-byte token that is its own norm.
static void S_emit1(scanner *sc, size_t start, int kind, uint16_t flags, const char *self)
{
    dyad_token *t = S_push(sc, start, 1, kind, flags);
    if (t) S_set_norm(t, self, 1);
}

// True when the token before the current position allows an opening quote (start, space, bracket, dash).
static bool S_opening_context(const scanner *sc, size_t i)
{
    if (i == 0 || sc->pending_flags & (DYAD_TF_SPACE_BEFORE | DYAD_TF_NEWLINE_BEFORE)) return true;
    const dyad_tokvec *tv = sc->toks;
    if (!tv->n) return true;
    const dyad_token *p = &tv->v[tv->n - 1];
    if (p->start + p->len != i) return true;
    return (p->flags & DYAD_TF_OPEN) || p->kind == DYAD_TOK_DASH;
}

// Scans whitespace from i; records newline/paragraph flags for the next token.
static size_t S_skip_space(scanner *sc, size_t i)
{
    unsigned newlines = 0;
    bool any = false;
    while (i < sc->len) {
        unsigned char c = sc->s[i];
        if (S_class[c] & C_SPACE) {
            if (c == '\n') newlines++;
            any = true;
            i++;
            continue;
        }
        if (c < 0x80) break;
        int clen;
        ucls u = S_uclass(S_cp(sc, i, &clen));
        if (u == U_SPACE || u == U_IGNORE) { any = true; i += (size_t)clen; continue; }
        if (u == U_NEWLINE) { any = true; newlines++; i += (size_t)clen; continue; }
        break;
    }
    if (any) sc->pending_flags |= DYAD_TF_SPACE_BEFORE;
    if (newlines) sc->pending_flags |= DYAD_TF_NEWLINE_BEFORE;
    if (newlines >= 2) sc->pending_flags |= DYAD_TF_PARA_BEFORE;
    return i;
}

// Handles an ASCII punctuation byte at i; returns the new position.
static size_t S_ascii_punct(scanner *sc, size_t i)
{
    unsigned char c = sc->s[i];
    const char *norm = (const char *)sc->s + i; /* single-byte tokens are their own norm */
    switch (c) {
    case '.':
        if (i + 2 < sc->len && sc->s[i + 1] == '.' && sc->s[i + 2] == '.') {
            size_t j = i + 3;
            while (j < sc->len && sc->s[j] == '.') j++;
            S_emit(sc, i, j - i, DYAD_TOK_ELLIPSIS, 0, "...");
            return j;
        }
        S_emit(sc, i, 1, DYAD_TOK_PUNCT, 0, ".");
        return i + 1;
    case '!': case '?': {
        size_t j = i + 1;
        while (j < sc->len && (sc->s[j] == '!' || sc->s[j] == '?')) j++;
        dyad_token *t = S_push(sc, i, j - i, DYAD_TOK_PUNCT, 0);
        if (t) S_set_norm(t, (const char *)sc->s + i, j - i);
        return j;
    }
    case '-':
        if (i + 1 < sc->len && sc->s[i + 1] == '-') {
            size_t j = i + 2;
            while (j < sc->len && sc->s[j] == '-') j++;
            S_emit(sc, i, j - i, DYAD_TOK_DASH, 0, "--");
            return j;
        }
        if (S_opening_context(sc, i) && (i + 1 >= sc->len || (S_class[sc->s[i + 1]] & C_SPACE))) {
            S_emit(sc, i, 1, DYAD_TOK_DASH, 0, "--");
            return i + 1;
        }
        S_emit(sc, i, 1, DYAD_TOK_SYMBOL, 0, "-");
        return i + 1;
    case '"':
        S_emit(sc, i, 1, DYAD_TOK_QUOTE, S_opening_context(sc, i) ? DYAD_TF_OPEN : DYAD_TF_CLOSE, "\"");
        return i + 1;
    case '\'':
        if (S_opening_context(sc, i))
            S_emit(sc, i, 1, DYAD_TOK_QUOTE, DYAD_TF_OPEN, "'");
        else
            S_emit(sc, i, 1, DYAD_TOK_QUOTE, DYAD_TF_CLOSE, "'");
        return i + 1;
    case '(': case '[': case '{':
        S_emit1(sc, i, DYAD_TOK_PUNCT, DYAD_TF_OPEN, norm);
        return i + 1;
    case ')': case ']': case '}':
        S_emit1(sc, i, DYAD_TOK_PUNCT, DYAD_TF_CLOSE, norm);
        return i + 1;
    case ',': case ';': case ':': case '/': case '\\':
        S_emit1(sc, i, DYAD_TOK_PUNCT, 0, norm);
        return i + 1;
    default:
        S_emit1(sc, i, DYAD_TOK_SYMBOL, 0, norm);
        return i + 1;
    }
}

// Handles a non-ASCII, non-letter code point at i; returns the new position.
static size_t S_unicode_punct(scanner *sc, size_t i, int32_t cp, int clen, ucls u)
{
    size_t n = (size_t)clen;
    switch (u) {
    case U_QUOTE_OPEN:
        S_emit(sc, i, n, DYAD_TOK_QUOTE, DYAD_TF_OPEN, (cp == 0x2018 || cp == 0x201A || cp == 0x201B || cp == 0x2039) ? "'" : "\"");
        return i + n;
    case U_QUOTE_CLOSE:
        S_emit(sc, i, n, DYAD_TOK_QUOTE, DYAD_TF_CLOSE, cp == 0x203A ? "'" : "\"");
        return i + n;
    case U_APOS:
        S_emit(sc, i, n, DYAD_TOK_QUOTE, S_opening_context(sc, i) ? DYAD_TF_OPEN : DYAD_TF_CLOSE, "'");
        return i + n;
    case U_DASH:
        S_emit(sc, i, n, DYAD_TOK_DASH, 0, "--");
        return i + n;
    case U_HYPHEN:
        S_emit(sc, i, n, S_opening_context(sc, i) ? DYAD_TOK_DASH : DYAD_TOK_SYMBOL, 0, S_opening_context(sc, i) ? "--" : "-");
        return i + n;
    case U_ELLIPSIS:
        S_emit(sc, i, n, DYAD_TOK_ELLIPSIS, 0, "...");
        return i + n;
    default: {
        uint16_t fl = DYAD_TF_NONASCII;
        utf8proc_category_t cat = utf8proc_category(cp);
        if (cat == UTF8PROC_CATEGORY_PS || cat == UTF8PROC_CATEGORY_PI) fl |= DYAD_TF_OPEN;
        if (cat == UTF8PROC_CATEGORY_PE || cat == UTF8PROC_CATEGORY_PF) fl |= DYAD_TF_CLOSE;
        dyad_token *t = S_push(sc, i, n, u == U_PUNCT ? DYAD_TOK_PUNCT : DYAD_TOK_SYMBOL, fl);
        if (t) S_set_norm(t, (const char *)sc->s + i, n);
        return i + n;
    }
    }
}

bool dyad_tokenize(const char *text, size_t len, dyad_tokvec *toks, dyad_arena *ar,
                   const dyad_alloc *a)
{
    S_init_classes();
    scanner sc = {(const unsigned char *)text, len, toks, ar, a, 0, false, NULL, 0};
    toks->n = 0;
    size_t i = 0;
    while (i < len && !sc.oom) {
        if (sc.s[i] == ' ' && i + 1 < len && !(S_class[sc.s[i + 1]] & (C_SPACE | C_HIGH))) {
            /* one space between tokens, the most common case of S_skip_space */
            sc.pending_flags |= DYAD_TF_SPACE_BEFORE;
            i++;
        } else {
            i = S_skip_space(&sc, i);
            if (i >= len) break;
        }
        unsigned char c = sc.s[i];
        unsigned k = S_class[c];
        size_t cl = 0;
        /* a clitic ('s, n't) starts right where the last token ends */
        if (c == '\'' || c >= 0x80 || (c | 0x20) == 'n') {
            bool adjacent = toks->n && toks->v[toks->n - 1].start + toks->v[toks->n - 1].len == i;
            if (adjacent && (c == '\'' || c >= 0x80)) cl = S_clitic_len(&sc, i);
            else if (adjacent && (c | 0x20) == 'n') cl = S_nt_len(&sc, i);
        }
        if (cl) {
            dyad_token *t = S_push(&sc, i, cl, DYAD_TOK_WORD, DYAD_TF_CLITIC);
            if (t) S_finish_word(&sc, t);
            i += cl;
            continue;
        }
        if (k & (C_ALPHA | C_DIGIT)) {
            size_t ul = (c == 'h' || c == 'w') ? S_url_len(&sc, i) : 0;
            if (ul) {
                dyad_token *t = S_push(&sc, i, ul, DYAD_TOK_URL, 0);
                if (t) S_set_norm(t, text + i, ul);
                i += ul;
                continue;
            }
            /* the common word: ASCII letters and digits up to the end, a space, or a mark that
             * S_scan_word and S_emit_word would not take into it (no '-', '\'', '.', '@', '&';
             * ',', '/' and ':' only after a letter).  Emitted here as they would emit it. */
            size_t we = i + 1;
            unsigned acc = k;
            while (we < len && (S_class[sc.s[we]] & (C_ALPHA | C_DIGIT))) acc |= S_class[sc.s[we++]];
            unsigned char b = we < len ? sc.s[we] : ' ';
            if (S_word_end[b] == E_ANY || (S_word_end[b] == E_WORD && (acc & C_ALPHA))) {
                dyad_token *t = S_push(&sc, i, we - i, (acc & C_ALPHA) ? DYAD_TOK_WORD : DYAD_TOK_NUMBER, 0);
                if (!t) break;
                sc.w_ascii = true;
                sc.w_acc = acc | (we < len ? S_class[b] : 0); /* S_scan_word's, with the mark after */
                S_finish_ascii_word(&sc, t);
                i = we;
                continue;
            }
            bool inner, num;
            size_t end = S_scan_word(&sc, i, &inner, &num);
            if (end < len && sc.s[end] == '@' && S_is_letter(&sc, end + 1)) {
                /* e-mail address */
                size_t j = end;
                while (j < len && !(S_class[sc.s[j]] & C_SPACE) && sc.s[j] < 0x80) j++;
                while (j > end && strchr(".,;:!?)]'\"", sc.s[j - 1])) j--;
                dyad_token *t = S_push(&sc, i, j - i, DYAD_TOK_URL, 0);
                if (t) S_set_norm(t, text + i, j - i);
                i = j;
                continue;
            }
            i = S_emit_word(&sc, i, end, inner, num);
            continue;
        }
        if (k & C_HIGH) {
            int clen;
            int32_t cp = S_cp(&sc, i, &clen);
            ucls u = S_uclass(cp);
            if (u == U_LETTER || u == U_UPPER || u == U_DIGIT || u == U_MARK) {
                bool inner, num;
                size_t end = S_scan_word(&sc, i, &inner, &num);
                if (end == i) end = i + (size_t)clen;
                i = S_emit_word(&sc, i, end, inner, num);
                continue;
            }
            i = S_unicode_punct(&sc, i, cp, clen, u);
            continue;
        }
        i = S_ascii_punct(&sc, i);
    }
    dyad__free(a, sc.scratch);
    return !sc.oom;
}
