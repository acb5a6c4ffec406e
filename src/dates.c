/*
 * dates.c — calendar arithmetic and the date expressions of one sentence
 * (context.h, MARK: calendar dates): "March 22, 2025", "22 March", "Sept. 3",
 * "2025-03-22", "in 2023", "on Saturday", "yesterday", "last month", "earlier
 * this year", "two days ago", and the shifts "a day after X", "two days
 * before X", "hours after X".
 *
 * Decisions (tests/cases/README.md lists them with the case format):
 *  - A mention spans the date expression itself, as TimeML's TIMEX3 does:
 *    the governing preposition stays outside ("in 2023" -> "2023", "on
 *    Saturday" -> "Saturday"), so the coder reads "since", "by", "until"
 *    before tb as the bound of a period (context.c); words that belong to
 *    the expression stay inside: "early March", "earlier this month", "last
 *    week", "Friday night", "mid-2024".
 *  - Weeks have no day that stands for them.  "last week" / "next week" are
 *    reported with DATE_MONTH precision: the month holding the week's
 *    Thursday (ISO 8601: the month holding most of its days); "this week" is
 *    the reference date's month.  "two weeks ago" counts 14 days back and
 *    names that day (DATE_DAY); "N months ago" / "N years ago" keep the
 *    precision of their unit.
 *  - Weekdays: the most recent such day on or before ref in a past-tense
 *    sentence (a Saturday story's "on Saturday" is ref itself); strictly
 *    after ref when the clause speaks of the future (will, 'll, would, is
 *    scheduled, plans to, is to, ... before the date, or after it when the
 *    date opens the clause: "On Monday, X will ...").  "last Saturday" is
 *    strictly before ref, "next Saturday" strictly after.
 *  - A month and day without a year take the year that puts them nearest
 *    ref; a month alone ("in March") the latest such month on or before
 *    ref's month, or the first on or after it in a future clause.
 *  - relative is true whenever ref was used, the year of "March 22" included.
 *  - Shifts count days: hours are rounded to days ("hours after" 0, "48
 *    hours after" 2), minutes are 0 days; months and years are not shifts.
 *  - Not recognised: lower-case month and weekday names ("may", "march");
 *    a month name alone without a date word before it ("in", "since",
 *    "early", "last", "of", ...); "Sunday Times", "Bloody Sunday", "USA
 *    Today"; numeric dates whose day and month could be swapped
 *    ("03/04/2025"); two-digit years; decades ("the 1990s"); clock times;
 *    weekends; anaphoric dates ("the day before." closing a sentence, "the
 *    next day", "a day later"), whose anchor is in another sentence.
 *
 * Cost: dates_scan runs on every sentence, so it allocates nothing and looks
 * only at tokens that can start a date (numbers, and words found in small
 * keyword lists indexed by first letter and sorted by length; a table of the
 * first letters, lengths and last letters of the keywords that start a date,
 * derived from the lists once, turns most words away before a list is read);
 * the tense of the clause is read only for weekdays and months without a
 * day.  About 90 instructions a token of news (callgrind).
 */
#include "context.h"

#include <pthread.h>
#include <stdlib.h>

/* MARK: calendar arithmetic */

// Days since 1970-01-01 of (y, m, d); d may run past the month (H. Hinnant's days_from_civil).
static int64_t S_days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int32_t ymd_to_days(ymd t)
{
    /* clamped so that any input maps into int32: five million years either way */
    int64_t y = t.y < -5000000 ? -5000000 : t.y > 5000000 ? 5000000 : t.y;
    int m = t.m < 1 ? 1 : t.m > 12 ? 12 : t.m;
    int d = t.d < 1 ? 1 : t.d > 31 ? 31 : t.d;
    return (int32_t)S_days_from_civil(y, m, d);
}

ymd ymd_from_days(int32_t days)
{
    int64_t z = (int64_t)days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    int64_t y = yoe + era * 400 + (m <= 2);
    return (ymd){(int)y, m, d};
}

// True for leap years of the proleptic Gregorian calendar.
static bool S_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Days in month m (1-12) of year y.
static int S_month_days(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && S_leap(y) ? 29 : days[m - 1];
}

bool ymd_valid(ymd t)
{
    return t.y >= 1 && t.y <= 9999 && t.m >= 1 && t.m <= 12 && t.d >= 1 && t.d <= S_month_days(t.y, t.m);
}

int ymd_weekday(ymd t)
{
    /* 1970-01-01 was a Thursday (3) */
    return (int)((ymd_to_days(t) % 7 + 7 + 3) % 7);
}

// Writes v as exactly `width` decimal digits.
static void S_put_digits(char *p, int v, int width)
{
    for (int i = width - 1; i >= 0; i--, v /= 10) p[i] = (char)('0' + v % 10);
}

void ymd_format(ymd t, char *buf)
{
    if (!buf) return;
    if (t.y <= 0 || t.y > 9999) { buf[0] = '\0'; return; }
    S_put_digits(buf, t.y, 4);
    buf[4] = '-';
    S_put_digits(buf + 5, t.m >= 1 && t.m <= 12 ? t.m : 1, 2);
    buf[7] = '-';
    S_put_digits(buf + 8, t.d >= 1 && t.d <= 31 ? t.d : 1, 2);
    buf[10] = '\0';
}

// Reads the decimal digits s[from, from+len) into *v; false when one is not a digit.
static bool S_fixed_digits(const char *s, size_t from, size_t len, int *v)
{
    *v = 0;
    for (size_t i = from; i < from + len; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        *v = *v * 10 + (s[i] - '0');
    }
    return true;
}

bool ymd_parse_iso(const char *s, size_t n, ymd *out)
{
    if (!s || n != 10 || s[4] != '-' || s[7] != '-') return false;
    ymd t;
    if (!S_fixed_digits(s, 0, 4, &t.y) || !S_fixed_digits(s, 5, 2, &t.m) || !S_fixed_digits(s, 8, 2, &t.d) ||
        !ymd_valid(t))
        return false;
    if (out) *out = t;
    return true;
}

/* MARK: keywords */

typedef enum kw_cat {
    K_MONTH = 1, /* val: 1-12 */
    K_WEEKDAY,   /* val: 0 = Monday ... 6 = Sunday */
    K_REL,       /* today, yesterday, tomorrow, tonight; val: days from ref */
    K_DET,       /* last, next, this; val: -1, 1, 0 */
    K_MOD,       /* early, late, mid, earlier, later: part of the mention that follows */
    K_PREP,      /* a word that makes a following number or month a date; val: shift sign of before/after */
    K_NUMW,      /* a, one, two ...: val: the count */
    K_UNIT,      /* day(s), week(s), ...: val: unit */
    K_TOD,       /* morning, afternoon, evening, night */
    K_AGO,
    K_THE,
    K_TENSE,     /* words that tell the tense of a clause (flags KF_FUT ... KF_REPORT) */
    K_JOIN       /* but, so, then: they do not stop a date from opening its clause */
} kw_cat;

enum {
    KF_ABBR = 1,    /* an abbreviation: a date only with its period or a following number */
    KF_NAMEY = 2,   /* a month that is also a name or a word: May, March, April, June, August */
    KF_NIGHT = 4,   /* tonight, night */
    KF_CTX = 8,     /* "in 2023", "since March" */
    KF_LINK = 16,   /* "to", "and", "through" right after a date: "from 2014 to 2016" */
    KF_PLURAL = 32,
    KF_FUT = 64,      /* the clause speaks of the future: will, would, scheduled, next */
    KF_FUT_TO = 128,  /* ... when "to" follows: is to, plans to, agreed to */
    KF_PAST = 256,    /* said, was, had */
    KF_AUX = 512,     /* be, is, was, got: a following -ed word is a participle */
    KF_REPORT = 1024  /* said, told, announced: "said Sunday Russia ..." */
};

enum { U_DAY = 1, U_WEEK, U_MONTH, U_YEAR, U_HOUR, U_MINUTE };

typedef struct kw {
    const char *w;
    uint8_t len;
    uint8_t cat;
    int8_t val;
    uint16_t flags;
} kw;

typedef struct kw_bucket {
    const kw *v;
    uint8_t from[12]; /* the entries of n letters are v[from[n], from[n + 1]) */
    uint16_t starts;  /* bit n: some entry of n letters can start a date (month, weekday, today, last, a, the, ...) */
} kw_bucket;

/* One list per first letter, each sorted by length: a lookup reads the few
 * entries of its letter and length.  A new word goes into the list of its
 * letter at its length; the bucket's from[] and starts below follow. */
static const kw S_kw_a[] = {
    {"a", 1, K_NUMW, 1, 0},
    {"am", 2, K_TENSE, 0, KF_FUT_TO|KF_AUX},
    {"an", 2, K_NUMW, 1, 0},
    {"ago", 3, K_AGO, 0, 0},
    {"and", 3, K_PREP, 0, KF_LINK},
    {"apr", 3, K_MONTH, 4, KF_ABBR},
    {"are", 3, K_TENSE, 0, KF_FUT_TO|KF_AUX},
    {"aug", 3, K_MONTH, 8, KF_ABBR},
    {"aims", 4, K_TENSE, 0, KF_FUT_TO},
    {"also", 4, K_JOIN, 0, 0},
    {"added", 5, K_TENSE, 0, KF_REPORT},
    {"after", 5, K_PREP, -1, KF_CTX},
    {"agree", 5, K_TENSE, 0, KF_FUT_TO},
    {"april", 5, K_MONTH, 4, KF_NAMEY},
    {"agreed", 6, K_TENSE, 0, KF_FUT_TO},
    {"agrees", 6, K_TENSE, 0, KF_FUT_TO},
    {"around", 6, K_PREP, 0, KF_CTX},
    {"august", 6, K_MONTH, 8, KF_NAMEY},
    {"afternoon", 9, K_TOD, 0, 0},
    {"announced", 9, K_TENSE, 0, KF_REPORT},
};
static const kw S_kw_b[] = {
    {"be", 2, K_TENSE, 0, KF_AUX},
    {"by", 2, K_PREP, 0, KF_CTX},
    {"but", 3, K_JOIN, 0, 0},
    {"been", 4, K_TENSE, 0, KF_AUX},
    {"being", 5, K_TENSE, 0, KF_AUX},
    {"before", 6, K_PREP, 1, KF_CTX},
    {"between", 7, K_PREP, 0, KF_CTX},
};
static const kw S_kw_c[] = {
    {"came", 4, K_TENSE, 0, KF_PAST},
};
static const kw S_kw_d[] = {
    {"day", 3, K_UNIT, U_DAY, 0},
    {"dec", 3, K_MONTH, 12, KF_ABBR},
    {"did", 3, K_TENSE, 0, KF_PAST},
    {"due", 3, K_TENSE, 0, KF_FUT_TO},
    {"days", 4, K_UNIT, U_DAY, KF_PLURAL},
    {"during", 6, K_PREP, 0, KF_CTX},
    {"decided", 7, K_TENSE, 0, KF_FUT_TO},
    {"december", 8, K_MONTH, 12, 0},
};
static const kw S_kw_e[] = {
    {"early", 5, K_MOD, 0, 0},
    {"eight", 5, K_NUMW, 8, 0},
    {"eleven", 6, K_NUMW, 11, 0},
    {"earlier", 7, K_MOD, 0, 0},
    {"evening", 7, K_TOD, 0, 0},
    {"expected", 8, K_TENSE, 0, KF_FUT_TO},
};
static const kw S_kw_f[] = {
    {"feb", 3, K_MONTH, 2, KF_ABBR},
    {"fri", 3, K_WEEKDAY, 4, KF_ABBR},
    {"five", 4, K_NUMW, 5, 0},
    {"four", 4, K_NUMW, 4, 0},
    {"from", 4, K_PREP, 0, KF_CTX},
    {"friday", 6, K_WEEKDAY, 4, 0},
    {"february", 8, K_MONTH, 2, 0},
};
static const kw S_kw_g[] = {
    {"get", 3, K_TENSE, 0, KF_AUX},
    {"got", 3, K_TENSE, 0, KF_AUX},
    {"gets", 4, K_TENSE, 0, KF_AUX},
    {"going", 5, K_TENSE, 0, KF_FUT_TO},
};
static const kw S_kw_h[] = {
    {"had", 3, K_TENSE, 0, KF_PAST},
    {"hour", 4, K_UNIT, U_HOUR, 0},
    {"hoped", 5, K_TENSE, 0, KF_FUT_TO},
    {"hopes", 5, K_TENSE, 0, KF_FUT_TO},
    {"hours", 5, K_UNIT, U_HOUR, KF_PLURAL},
    {"however", 7, K_JOIN, 0, 0},
};
static const kw S_kw_i[] = {
    {"in", 2, K_PREP, 0, KF_CTX},
    {"is", 2, K_TENSE, 0, KF_FUT_TO|KF_AUX},
    {"intend", 6, K_TENSE, 0, KF_FUT_TO},
    {"intends", 7, K_TENSE, 0, KF_FUT_TO},
    {"intended", 8, K_TENSE, 0, KF_FUT_TO},
};
static const kw S_kw_j[] = {
    {"jan", 3, K_MONTH, 1, KF_ABBR},
    {"jul", 3, K_MONTH, 7, KF_ABBR},
    {"jun", 3, K_MONTH, 6, KF_ABBR},
    {"july", 4, K_MONTH, 7, 0},
    {"june", 4, K_MONTH, 6, KF_NAMEY},
    {"january", 7, K_MONTH, 1, 0},
};
static const kw S_kw_l[] = {
    {"last", 4, K_DET, -1, 0},
    {"late", 4, K_MOD, 0, 0},
    {"later", 5, K_MOD, 0, 0},
};
static const kw S_kw_m[] = {
    {"mar", 3, K_MONTH, 3, KF_ABBR},
    {"may", 3, K_MONTH, 5, KF_NAMEY},
    {"met", 3, K_TENSE, 0, KF_PAST},
    {"mid", 3, K_MOD, 0, 0},
    {"mon", 3, K_WEEKDAY, 0, KF_ABBR},
    {"march", 5, K_MONTH, 3, KF_NAMEY},
    {"month", 5, K_UNIT, U_MONTH, 0},
    {"minute", 6, K_UNIT, U_MINUTE, 0},
    {"monday", 6, K_WEEKDAY, 0, 0},
    {"months", 6, K_UNIT, U_MONTH, KF_PLURAL},
    {"minutes", 7, K_UNIT, U_MINUTE, KF_PLURAL},
    {"moments", 7, K_UNIT, U_MINUTE, KF_PLURAL},
    {"morning", 7, K_TOD, 0, 0},
};
static const kw S_kw_n[] = {
    {"nov", 3, K_MONTH, 11, KF_ABBR},
    {"next", 4, K_DET, 1, KF_FUT},
    {"nine", 4, K_NUMW, 9, 0},
    {"night", 5, K_TOD, 0, KF_NIGHT},
    {"november", 8, K_MONTH, 11, 0},
};
static const kw S_kw_o[] = {
    {"of", 2, K_PREP, 0, KF_CTX},
    {"on", 2, K_PREP, 0, 0},
    {"oct", 3, K_MONTH, 10, KF_ABBR},
    {"one", 3, K_NUMW, 1, 0},
    {"october", 7, K_MONTH, 10, 0},
};
static const kw S_kw_p[] = {
    {"plan", 4, K_TENSE, 0, KF_FUT_TO},
    {"plans", 5, K_TENSE, 0, KF_FUT_TO},
    {"planned", 7, K_TENSE, 0, KF_FUT_TO},
    {"pledged", 7, K_TENSE, 0, KF_FUT_TO},
    {"planning", 8, K_TENSE, 0, KF_FUT_TO},
    {"promised", 8, K_TENSE, 0, KF_FUT_TO},
};
static const kw S_kw_r[] = {
    {"reported", 8, K_TENSE, 0, KF_REPORT},
};
static const kw S_kw_s[] = {
    {"so", 2, K_JOIN, 0, 0},
    {"sat", 3, K_WEEKDAY, 5, KF_ABBR},
    {"sep", 3, K_MONTH, 9, KF_ABBR},
    {"set", 3, K_TENSE, 0, KF_FUT_TO},
    {"six", 3, K_NUMW, 6, 0},
    {"sun", 3, K_WEEKDAY, 6, KF_ABBR},
    {"said", 4, K_TENSE, 0, KF_PAST|KF_REPORT},
    {"says", 4, K_TENSE, 0, KF_REPORT},
    {"sept", 4, K_MONTH, 9, KF_ABBR},
    {"seven", 5, K_NUMW, 7, 0},
    {"shall", 5, K_TENSE, 0, KF_FUT},
    {"since", 5, K_PREP, 0, KF_CTX},
    {"slated", 6, K_TENSE, 0, KF_FUT},
    {"sunday", 6, K_WEEKDAY, 6, 0},
    {"saturday", 8, K_WEEKDAY, 5, 0},
    {"scheduled", 9, K_TENSE, 0, KF_FUT},
    {"september", 9, K_MONTH, 9, 0},
};
static const kw S_kw_t[] = {
    {"to", 2, K_PREP, 0, KF_LINK},
    {"ten", 3, K_NUMW, 10, 0},
    {"the", 3, K_THE, 0, 0},
    {"thu", 3, K_WEEKDAY, 3, KF_ABBR},
    {"tue", 3, K_WEEKDAY, 1, KF_ABBR},
    {"two", 3, K_NUMW, 2, 0},
    {"then", 4, K_JOIN, 0, 0},
    {"this", 4, K_DET, 0, 0},
    {"thur", 4, K_WEEKDAY, 3, KF_ABBR},
    {"till", 4, K_PREP, 0, KF_CTX},
    {"told", 4, K_TENSE, 0, KF_PAST|KF_REPORT},
    {"tues", 4, K_WEEKDAY, 1, KF_ABBR},
    {"three", 5, K_NUMW, 3, 0},
    {"thurs", 5, K_WEEKDAY, 3, KF_ABBR},
    {"today", 5, K_REL, 0, 0},
    {"twelve", 6, K_NUMW, 12, 0},
    {"through", 7, K_PREP, 0, KF_CTX|KF_LINK},
    {"tonight", 7, K_REL, 0, KF_NIGHT},
    {"tuesday", 7, K_WEEKDAY, 1, 0},
    {"thursday", 8, K_WEEKDAY, 3, 0},
    {"tomorrow", 8, K_REL, 1, 0},
    {"threatened", 10, K_TENSE, 0, KF_FUT_TO},
    {"throughout", 10, K_PREP, 0, KF_CTX},
};
static const kw S_kw_u[] = {
    {"until", 5, K_PREP, 0, KF_CTX},
    {"upcoming", 8, K_TENSE, 0, KF_FUT},
};
static const kw S_kw_v[] = {
    {"vowed", 5, K_TENSE, 0, KF_FUT_TO},
};
static const kw S_kw_w[] = {
    {"was", 3, K_TENSE, 0, KF_PAST|KF_AUX},
    {"wed", 3, K_WEEKDAY, 2, KF_ABBR},
    {"week", 4, K_UNIT, U_WEEK, 0},
    {"went", 4, K_TENSE, 0, KF_PAST},
    {"were", 4, K_TENSE, 0, KF_PAST|KF_AUX},
    {"will", 4, K_TENSE, 0, KF_FUT},
    {"wants", 5, K_TENSE, 0, KF_FUT_TO},
    {"weeks", 5, K_UNIT, U_WEEK, KF_PLURAL},
    {"would", 5, K_TENSE, 0, KF_FUT},
    {"wanted", 6, K_TENSE, 0, KF_FUT_TO},
    {"wednesday", 9, K_WEEKDAY, 2, 0},
};
static const kw S_kw_y[] = {
    {"yet", 3, K_JOIN, 0, 0},
    {"year", 4, K_UNIT, U_YEAR, 0},
    {"years", 5, K_UNIT, U_YEAR, KF_PLURAL},
    {"yesterday", 9, K_REL, -1, 0},
};

/* indexed by first letter; from[] and starts are derived from the lists (dates__check_keywords checks them) */
static const kw_bucket S_kw_buckets[26] = {
    ['a' - 'a'] = {S_kw_a, {0, 0, 1, 3, 8, 10, 14, 18, 18, 18, 20, 20}, 0x006e},
    ['b' - 'a'] = {S_kw_b, {0, 0, 0, 2, 3, 4, 5, 6, 7, 7, 7, 7}, 0x0000},
    ['c' - 'a'] = {S_kw_c, {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1}, 0x0000},
    ['d' - 'a'] = {S_kw_d, {0, 0, 0, 0, 4, 5, 5, 6, 7, 8, 8, 8}, 0x0118},
    ['e' - 'a'] = {S_kw_e, {0, 0, 0, 0, 0, 0, 2, 3, 5, 6, 6, 6}, 0x0060},
    ['f' - 'a'] = {S_kw_f, {0, 0, 0, 0, 2, 5, 5, 6, 6, 7, 7, 7}, 0x0158},
    ['g' - 'a'] = {S_kw_g, {0, 0, 0, 0, 2, 3, 4, 4, 4, 4, 4, 4}, 0x0000},
    ['h' - 'a'] = {S_kw_h, {0, 0, 0, 0, 1, 2, 5, 5, 6, 6, 6, 6}, 0x0030},
    ['i' - 'a'] = {S_kw_i, {0, 0, 0, 2, 2, 2, 2, 3, 4, 5, 5, 5}, 0x0000},
    ['j' - 'a'] = {S_kw_j, {0, 0, 0, 0, 3, 5, 5, 5, 6, 6, 6, 6}, 0x0098},
    ['l' - 'a'] = {S_kw_l, {0, 0, 0, 0, 0, 2, 3, 3, 3, 3, 3, 3}, 0x0010},
    ['m' - 'a'] = {S_kw_m, {0, 0, 0, 0, 5, 5, 7, 10, 13, 13, 13, 13}, 0x00e8},
    ['n' - 'a'] = {S_kw_n, {0, 0, 0, 0, 1, 3, 4, 4, 4, 5, 5, 5}, 0x0118},
    ['o' - 'a'] = {S_kw_o, {0, 0, 0, 2, 4, 4, 4, 4, 5, 5, 5, 5}, 0x0088},
    ['p' - 'a'] = {S_kw_p, {0, 0, 0, 0, 0, 1, 2, 2, 4, 6, 6, 6}, 0x0000},
    ['r' - 'a'] = {S_kw_r, {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1}, 0x0000},
    ['s' - 'a'] = {S_kw_s, {0, 0, 0, 1, 6, 9, 12, 14, 14, 15, 17, 17}, 0x0378},
    ['t' - 'a'] = {S_kw_t, {0, 0, 0, 1, 6, 12, 15, 16, 19, 21, 21, 23}, 0x01f8},
    ['u' - 'a'] = {S_kw_u, {0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2}, 0x0000},
    ['v' - 'a'] = {S_kw_v, {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1}, 0x0000},
    ['w' - 'a'] = {S_kw_w, {0, 0, 0, 0, 2, 6, 9, 10, 10, 10, 11, 11}, 0x0238},
    ['y' - 'a'] = {S_kw_y, {0, 0, 0, 0, 1, 2, 3, 3, 3, 3, 4, 4}, 0x0230},
};

// The keyword w[0..n), or NULL.
static const kw *S_kw_find(const char *w, size_t n)
{
    if (n == 0 || n > 10 || w[0] < 'a' || w[0] > 'z') return NULL;
    const kw_bucket *b = &S_kw_buckets[w[0] - 'a'];
    for (size_t i = b->from[n]; i < b->from[n + 1]; i++) {
        const kw *k = &b->v[i];
        if (k->w[n - 1] == w[n - 1] && memcmp(k->w, w, n) == 0) return k; /* last letter first: no call */
    }
    return NULL;
}

/* Checks the keyword lists against from[] and starts, which are kept by hand (called by the unit tests). */
bool dates__check_keywords(void);
bool dates__check_keywords(void)
{
    for (int c = 0; c < 26; c++) {
        const kw_bucket *b = &S_kw_buckets[c];
        unsigned starts = 0;
        for (size_t i = 0; i < b->from[11]; i++) {
            const kw *k = &b->v[i];
            if (k->w[0] != 'a' + c || strlen(k->w) != k->len || k->len > 10) return false;
            if (i < b->from[k->len] || i >= b->from[k->len + 1]) return false; /* sorted by length, from[] right */
            if (S_kw_find(k->w, k->len) != k) return false;                    /* no duplicates */
            if (k->cat <= K_DET || k->cat == K_NUMW || k->cat == K_UNIT || k->cat == K_THE) starts |= 1u << k->len;
        }
        if (starts != b->starts) return false;
    }
    return true;
}

// True when the token ends in its abbreviation period ("Sept.").
static bool S_has_period(const dyad_token *t) { return t->norm_len > 1 && t->norm[t->norm_len - 1] == '.'; }

// True when keyword k can start a date expression (the categories dates__check_keywords counts in starts).
static bool S_starter(const kw *k)
{
    return k->cat <= K_DET || k->cat == K_NUMW || k->cat == K_UNIT || k->cat == K_THE;
}

/* Derived from the lists once (dates_scan makes sure of it before reading them), then read-only: the last
 * letters of the keywords that can start a date, by first letter and length (finer than starts: "that",
 * "told" and "troops" stop here), and the first letters of the units ("a day after" needs one after "a"). */
static uint32_t S_start_last[26][11];
static uint32_t S_unit_first;
static pthread_once_t S_start_once = PTHREAD_ONCE_INIT;

static void S_start_build(void)
{
    for (int c = 0; c < 26; c++) {
        const kw_bucket *b = &S_kw_buckets[c];
        for (size_t i = 0; b->v && i < b->from[11]; i++) {
            const kw *k = &b->v[i];
            unsigned char last = (unsigned char)k->w[k->len - 1];
            if (S_starter(k) && k->len <= 10 && last >= 'a' && last <= 'z') S_start_last[c][k->len] |= 1u << (last - 'a');
            if (k->cat == K_UNIT) S_unit_first |= 1u << c;
        }
    }
}

// True when token t is "mid-" and more ("mid-2024", "mid-March": S_match_mid reads it).
static bool S_mid(const dyad_token *t) { return t->norm_len >= 7 && memcmp(t->norm, "mid-", 4) == 0; }

// False when the word token t cannot start a date: no starting keyword has its first and last letters
// and length, and it is no "mid-" (cheap; within dates_scan, which has built the tables).
static bool S_may_start(const dyad_token *t)
{
    size_t n = t->norm_len;
    if (!n) return false;
    /* letters as 0-25 (anything else above): one unsigned test each, the final period looked at only
       when the last character is no letter */
    const unsigned c = (unsigned)(unsigned char)t->norm[0] - 'a';
    if (c > 25u) return false;
    if (c == 'm' - 'a' && S_mid(t)) return true;
    unsigned last = (unsigned)(unsigned char)t->norm[n - 1] - 'a';
    if (last > 25u) {
        if (n < 2 || t->norm[n - 1] != '.') return false;
        last = (unsigned)(unsigned char)t->norm[--n - 1] - 'a';
        if (last > 25u) return false;
    }
    return n <= 10 && (S_start_last[c][n] >> last & 1);
}

// False when the token at i cannot be a unit keyword (day, weeks, ...): its first letter is no unit's (cheap;
// within dates_scan).
static bool S_may_be_unit(const dyad_token *toks, uint32_t n, uint32_t i)
{
    if (i >= n || toks[i].kind != DYAD_TOK_WORD || !toks[i].norm_len) return false;
    unsigned char c = (unsigned char)toks[i].norm[0];
    return c >= 'a' && c <= 'z' && ((S_unit_first >> (c - 'a')) & 1);
}

// The keyword a word token is (abbreviation period ignored), or NULL.
static const kw *S_kw_of(const dyad_token *t)
{
    if (t->kind != DYAD_TOK_WORD) return NULL;
    return S_kw_find(t->norm, t->norm_len - S_has_period(t));
}

static bool S_norm_is(const dyad_token *t, const char *w)
{
    size_t n = strlen(w);
    return t->norm_len == n && memcmp(t->norm, w, n) == 0;
}

static bool S_capitalised(const dyad_token *t) { return (t->flags & DYAD_TF_CAP) != 0; }

/* MARK: sentence state */

enum { MODE_BARE, MODE_LAST, MODE_NEXT, MODE_THIS };

/* One sentence being scanned. */
typedef struct scan {
    const dyad_token *t;
    uint32_t n;
    ymd ref;
    int32_t ref_days;
    int ref_wd;
    bool has_ref;
    uint32_t last_end;  /* end of the last mention reported: a mention never reaches before it */
} scan;

// The keyword at token i, or NULL (also past the end).
static const kw *S_kw_at(const scan *s, uint32_t i) { return i < s->n ? S_kw_of(&s->t[i]) : NULL; }

static bool S_cat_at(const scan *s, uint32_t i, int cat)
{
    const kw *k = S_kw_at(s, i);
    return k && k->cat == cat;
}

static bool S_word_at(const scan *s, uint32_t i, const char *w) { return i < s->n && S_norm_is(&s->t[i], w); }

/* MARK: numbers */

// The value of a NUMBER token of 1 to max_digits ASCII digits, or -1.
static int S_digits(const dyad_token *t, size_t max_digits)
{
    if (t->kind != DYAD_TOK_NUMBER || t->norm_len == 0 || t->norm_len > max_digits) return -1;
    int v;
    return S_fixed_digits(t->norm, 0, t->norm_len, &v) ? v : -1;
}

// Reads 1 to max digits of p[*i..n), advancing *i; -1 when there is none.
static int S_read_int(const char *p, size_t n, size_t *i, size_t max)
{
    size_t b = *i;
    int v = 0;
    while (*i < n && *i - b < max && p[*i] >= '0' && p[*i] <= '9') v = v * 10 + (p[(*i)++] - '0');
    return *i > b ? v : -1;
}

// The day of a day-of-month token ("22", "22nd", "1st", the first day of "22-23"), or 0.
static int S_day_of(const dyad_token *t)
{
    if (t->kind == DYAD_TOK_NUMBER) {
        int v = S_digits(t, 2);
        return v >= 1 && v <= 31 ? v : 0;
    }
    if (t->kind != DYAD_TOK_WORD) return 0;
    const char *p = t->norm;
    size_t n = t->norm_len, i = 0;
    int v = S_read_int(p, n, &i, 2);
    if (v < 1 || v > 31) return 0;
    if (n - i == 2 && (!memcmp(p + i, "st", 2) || !memcmp(p + i, "nd", 2) || !memcmp(p + i, "rd", 2) ||
                       !memcmp(p + i, "th", 2)))
        return v;
    if (i < n && p[i] == '-') {
        i++;
        int w = S_read_int(p, n, &i, 2);
        if (i == n && w > v && w <= 31) return v;
    }
    return 0;
}

static int S_day_at(const scan *s, uint32_t i) { return i < s->n ? S_day_of(&s->t[i]) : 0; }

// The year of a four-digit NUMBER token at i within [lo, hi], or 0.
static int S_year_at(const scan *s, uint32_t i, int lo, int hi)
{
    if (i >= s->n || s->t[i].norm_len != 4) return 0;
    int v = S_digits(&s->t[i], 4);
    return v >= lo && v <= hi ? v : 0;
}

// Reads "2025-03-22" (a word token); false when t is not one.
static bool S_iso_token(const dyad_token *t, ymd *out)
{
    return t->kind == DYAD_TOK_WORD && ymd_parse_iso(t->norm, t->norm_len, out);
}

// Reads "22/03/2025", "3/22/2025", "2025/03/22" (also with periods) when day and month cannot be swapped.
static bool S_numeric_date(const dyad_token *t, ymd *out)
{
    if (t->kind != DYAD_TOK_NUMBER || t->norm_len < 8 || t->norm_len > 10) return false;
    const char *p = t->norm;
    size_t n = t->norm_len, i = 0, at[3];
    int v[3];
    char sep = 0;
    for (int k = 0; k < 3; k++) {
        if (k) {
            if (i >= n || (p[i] != '/' && p[i] != '.') || (sep && p[i] != sep)) return false;
            sep = p[i++];
        }
        at[k] = i;
        v[k] = S_read_int(p, n, &i, 4);
        if (v[k] < 0) return false;
        at[k] = i - at[k];
    }
    if (i != n) return false;
    ymd x;
    if (at[0] == 4 && at[1] <= 2 && at[2] <= 2) x = (ymd){v[0], v[1], v[2]};
    else if (at[2] == 4 && at[0] <= 2 && at[1] <= 2) {
        if (v[0] > 12 || v[0] == v[1]) x = (ymd){v[2], v[1], v[0]};       /* 22/03/2025 */
        else if (v[1] > 12) x = (ymd){v[2], v[0], v[1]};                  /* 3/22/2025 */
        else return false;                                                /* 03/04/2025: which? */
    } else return false;
    if (!ymd_valid(x)) return false;
    *out = x;
    return true;
}

/* MARK: results */

static uint32_t S_set_unresolved(date_ref *r, uint32_t end)
{
    r->kind = DREF_POINT;
    r->prec = DATE_NONE;
    r->relative = true;
    r->when = (ymd){0, 0, 0};
    r->te = end;
    return end;
}

static uint32_t S_set_day(date_ref *r, ymd t, uint32_t end, bool relative)
{
    if (!ymd_valid(t)) return relative ? S_set_unresolved(r, end) : 0;
    r->kind = DREF_POINT;
    r->prec = DATE_DAY;
    r->relative = relative;
    r->when = t;
    r->te = end;
    return end;
}

static uint32_t S_set_month(date_ref *r, int y, int m, uint32_t end, bool relative)
{
    if (y < 1 || y > 9999 || m < 1 || m > 12) return relative ? S_set_unresolved(r, end) : 0;
    r->kind = DREF_POINT;
    r->prec = DATE_MONTH;
    r->relative = relative;
    r->when = (ymd){y, m, 0};
    r->te = end;
    return end;
}

static uint32_t S_set_year(date_ref *r, int y, uint32_t end, bool relative)
{
    if (y < 1 || y > 9999) return relative ? S_set_unresolved(r, end) : 0;
    r->kind = DREF_POINT;
    r->prec = DATE_YEAR;
    r->relative = relative;
    r->when = (ymd){y, 0, 0};
    r->te = end;
    return end;
}

// The day `days` from ref.
static uint32_t S_set_offset(const scan *s, date_ref *r, int32_t days, uint32_t end)
{
    if (!s->has_ref) return S_set_unresolved(r, end);
    return S_set_day(r, ymd_from_days(s->ref_days + days), end, true);
}

// The month `months` from ref's.
static uint32_t S_set_month_offset(const scan *s, date_ref *r, int months, uint32_t end)
{
    if (!s->has_ref) return S_set_unresolved(r, end);
    int total = s->ref.y * 12 + s->ref.m - 1 + months;
    return S_set_month(r, total / 12, total % 12 + 1, end, true);
}

static uint32_t S_set_year_offset(const scan *s, date_ref *r, int years, uint32_t end)
{
    if (!s->has_ref) return S_set_unresolved(r, end);
    return S_set_year(r, s->ref.y + years, end, true);
}

// A shift of count units (after: sign -1, before: +1) introducing the clause at end; 0 when none follows.
static uint32_t S_set_shift(const scan *s, date_ref *r, int count, int unit, int sign, uint32_t end)
{
    if (end >= s->n) return 0;
    const dyad_token *x = &s->t[end];
    bool clause = x->kind == DYAD_TOK_WORD || x->kind == DYAD_TOK_NUMBER ||
                  (x->kind == DYAD_TOK_QUOTE && (x->flags & DYAD_TF_OPEN));
    if (!clause) return 0; /* "the day before." points back to another sentence */
    int days;
    switch (unit) {
    case U_DAY: days = count; break;
    case U_WEEK: days = 7 * count; break;
    case U_HOUR: days = (count + 11) / 24; break;
    case U_MINUTE: days = 0; break;
    default: return 0; /* a month is not a number of days */
    }
    r->kind = DREF_SHIFT;
    r->prec = DATE_NONE;
    r->relative = false;
    r->when = (ymd){0, 0, 0};
    r->shift = sign * days;
    r->te = end;
    return end;
}

/* MARK: tense of the clause */

// The keyword flags of token i (0 when it is no keyword).
static unsigned S_flags_at(const scan *s, uint32_t i)
{
    const kw *k = S_kw_at(s, i);
    return k ? k->flags : 0u;
}

// +1 when token k (keyword w or NULL) marks the future (will, 'll, plans to), -1 the past (said, arrived), else 0.
static int S_tense(const scan *s, uint32_t k, const kw *w)
{
    const dyad_token *t = &s->t[k];
    if (t->kind != DYAD_TOK_WORD) return 0;
    if (t->flags & DYAD_TF_CLITIC) return S_norm_is(t, "'ll") ? 1 : 0;
    unsigned f = w ? w->flags : 0u;
    if (f & KF_FUT) return 1;
    if ((f & KF_FUT_TO) && S_word_at(s, k + 1, "to")) return 1;
    if (f & KF_PAST) return -1;
    if (S_norm_is(t, "wo") && S_word_at(s, k + 1, "n't")) return 1;
    /* a past tense in -ed ("arrived"), unless a participle after an auxiliary ("will be signed") */
    size_t n = t->norm_len;
    if (w || n < 5 || !(t->flags & DYAD_TF_LOWER) || t->norm[n - 2] != 'e' || t->norm[n - 1] != 'd' ||
        S_norm_is(t, "indeed"))
        return 0;
    bool participle = k > 0 && ((S_flags_at(s, k - 1) & KF_AUX) || S_word_at(s, k - 1, "'s") ||
                                S_word_at(s, k - 1, "'re"));
    return participle ? 0 : -1;
}

// True when the clause around the mention toks[tb, te) speaks of the future.
static bool S_future(const scan *s, uint32_t tb, uint32_t te)
{
    bool opens_clause = true;
    for (uint32_t k = tb, steps = 0; k > 0 && steps < 40; steps++) {
        k--;
        const dyad_token *t = &s->t[k];
        if (t->kind != DYAD_TOK_WORD) {
            if (S_norm_is(t, ";")) break;
            continue;
        }
        const kw *w = S_kw_of(t);
        int v = S_tense(s, k, w);
        if (v) return v > 0;
        if (!w || w->cat == K_TENSE) opens_clause = false; /* a content word: "X met on ..." */
    }
    /* "On Monday, the ministers will meet": the date opens the clause, its verb follows */
    if (!opens_clause) return false;
    for (uint32_t k = te; k < s->n && k - te < 12; k++) {
        if (S_norm_is(&s->t[k], ";")) break;
        int v = S_tense(s, k, S_kw_at(s, k));
        if (v) return v > 0;
    }
    return false;
}

/* MARK: names that look like dates */

// True when the token before i makes a capitalised i part of a name: "Bloody Sunday", "USA Today", "NBC's Today".
static bool S_after_name_word(const scan *s, uint32_t i)
{
    if (i == 0 || (s->t[i].flags & DYAD_TF_ALLCAPS)) return false; /* in capitals, case says nothing */
    const dyad_token *p = &s->t[i - 1];
    if (p->flags & DYAD_TF_CLITIC) return S_norm_is(p, "'s");
    return p->kind == DYAD_TOK_WORD && S_capitalised(p) && !S_kw_of(p);
}

// True when the word before i is a preposition or modifier of dates ("on", "since", "last", "early").
static bool S_after_date_word(const scan *s, uint32_t i)
{
    if (i == 0) return false;
    const kw *p = S_kw_of(&s->t[i - 1]);
    return p && (p->cat == K_PREP || p->cat == K_DET || p->cat == K_MOD);
}

// True when the weekday at i is part of a name: "Bloody Sunday", "the Sunday Times".
static bool S_weekday_in_name(const scan *s, uint32_t i)
{
    if (S_after_name_word(s, i)) return true;
    if (i + 1 >= s->n || (s->t[i].flags & DYAD_TF_ALLCAPS)) return false;
    const dyad_token *x = &s->t[i + 1];
    if (x->kind != DYAD_TOK_WORD || !S_capitalised(x) || S_kw_of(x)) return false;
    /* a capitalised word follows: a date only after a date word ("On Sunday Trump said", "said Sunday Russia") */
    if (i == 0) return true; /* "Sunday Times ..." */
    return !S_after_date_word(s, i) && !(S_flags_at(s, i - 1) & KF_REPORT);
}

// True when the word before i makes a number or month name at i a date: "in 2023", "since March", "early June".
static bool S_date_context(const scan *s, uint32_t i)
{
    if (i == 0) return false;
    const kw *p = S_kw_of(&s->t[i - 1]);
    if (!p) return false;
    if (p->cat == K_MOD) return true;
    if (p->cat != K_PREP) return false;
    if (p->flags & KF_CTX) return true;
    return (p->flags & KF_LINK) && s->last_end == i - 1 && i - 1 > 0; /* "from 2014 to 2016" */
}

// True when the four-digit number at i is a year: after a date word, or alone before a comma ("2023, ...").
static bool S_year_context(const scan *s, uint32_t i)
{
    if (S_word_at(s, i + 1, "%") || S_word_at(s, i + 1, "percent")) return false;
    if (S_date_context(s, i)) return true;
    bool alone = i == 0 || s->t[i - 1].kind == DYAD_TOK_PUNCT;
    return alone && S_word_at(s, i + 1, ",");
}

/* MARK: matchers: each returns the end of the mention it stores in r, or 0 */

// Resolves a month and day without a year to the year that puts the date nearest ref.
static uint32_t S_set_day_near(const scan *s, date_ref *r, int m, int d, uint32_t end)
{
    if (d > S_month_days(2000, m)) return 0; /* "February 30" */
    if (!s->has_ref) return S_set_unresolved(r, end);
    int best = 0;
    int32_t best_dist = INT32_MAX;
    for (int y = s->ref.y - 1; y <= s->ref.y + 1; y++) {
        ymd t = {y, m, d};
        if (!ymd_valid(t)) continue;
        int32_t dist = abs(ymd_to_days(t) - s->ref_days);
        if (dist < best_dist) { best_dist = dist; best = y; }
    }
    return best ? S_set_day(r, (ymd){best, m, d}, end, true) : S_set_unresolved(r, end);
}

// After "March 22" or "22 March" (ending before j): an optional "[,] 2025".
static uint32_t S_finish_day(const scan *s, uint32_t j, int m, int d, date_ref *r)
{
    int y = 0;
    uint32_t end = j;
    if (S_word_at(s, j, ",") && (y = S_year_at(s, j + 1, 1000, 2999))) end = j + 2;
    else if ((y = S_year_at(s, j, 1000, 2999))) end = j + 1;
    if (y) return S_set_day(r, (ymd){y, m, d}, end, false);
    return S_set_day_near(s, r, m, d, j);
}

// The month of a capitalised month name at i (abbreviations with or without their period), or 0.
static int S_month_at(const scan *s, uint32_t i)
{
    const kw *k = S_kw_at(s, i);
    return k && k->cat == K_MONTH && S_capitalised(&s->t[i]) ? k->val : 0;
}

// "22 March [2025]", "22nd of March": the day d is at i.
static uint32_t S_match_day_month(const scan *s, uint32_t i, int d, date_ref *r)
{
    uint32_t j = i + 1;
    if (s->t[i].kind == DYAD_TOK_WORD && S_word_at(s, j, "of")) j++;
    int m = S_month_at(s, j);
    return m ? S_finish_day(s, j + 1, m, d, r) : 0;
}

// A month and day in either order at i: "March 22[, 2025]", "22 March [2025]".
static uint32_t S_match_explicit_day(const scan *s, uint32_t i, date_ref *r)
{
    int m = S_month_at(s, i), d;
    if (m && (d = S_day_at(s, i + 1))) return S_finish_day(s, i + 2, m, d, r);
    if ((d = S_day_at(s, i))) return S_match_day_month(s, i, d, r);
    return 0;
}

// A month named without a day, resolved by mode and, for a bare name, the tense of the clause.
static uint32_t S_set_month_alone(const scan *s, date_ref *r, int m, int mode, uint32_t end)
{
    if (!s->has_ref) return S_set_unresolved(r, end);
    int y = s->ref.y, rm = s->ref.m;
    switch (mode) {
    case MODE_LAST: y -= m >= rm; break;
    case MODE_NEXT: y += m <= rm; break;
    case MODE_THIS: break;
    default:
        if (S_future(s, r->tb, end)) y += m < rm;
        else y -= m > rm;
        break;
    }
    return S_set_month(r, y, m, end, true);
}

// A month name at i: "March 22[, 2025]", "March 2025", or "March" after a date word ("in March", "last March").
static uint32_t S_match_month(const scan *s, uint32_t i, int mode, date_ref *r)
{
    const dyad_token *t = &s->t[i];
    const kw *k = S_kw_of(t);
    if (!k || k->cat != K_MONTH || !S_capitalised(t)) return 0;
    int d = S_day_at(s, i + 1);
    if (d) return S_finish_day(s, i + 2, k->val, d, r);
    int y = S_year_at(s, i + 1, 1000, 2999);
    if (y) return S_set_month(r, y, k->val, i + 2, false);
    if (S_word_at(s, i + 1, "of") && (y = S_year_at(s, i + 2, 1000, 2999))) /* "March of 2024" */
        return S_set_month(r, y, k->val, i + 3, false);
    if ((k->flags & KF_ABBR) && !S_has_period(t)) return 0; /* "Jan Egeland" */
    if (mode == MODE_BARE && !S_date_context(s, i)) return 0;
    if ((k->flags & KF_NAMEY) && S_word_at(s, i + 1, "'s")) return 0; /* "in May's cabinet" */
    return S_set_month_alone(s, r, k->val, mode, i + 1);
}

// A weekday resolved by mode and the tense of the clause.
static uint32_t S_set_weekday(const scan *s, date_ref *r, int wd, int mode, uint32_t end)
{
    if (!s->has_ref) return S_set_unresolved(r, end);
    int back = (s->ref_wd - wd + 7) % 7, ahead = (wd - s->ref_wd + 7) % 7;
    bool future = mode == MODE_NEXT || (mode != MODE_LAST && S_future(s, r->tb, end));
    if (future) return S_set_offset(s, r, ahead ? ahead : 7, end);
    if (mode == MODE_LAST && back == 0) back = 7;
    return S_set_offset(s, r, -back, end);
}

// A weekday name at i: "Saturday", "Friday night", "Saturday, March 22, 2025" (the explicit date decides).
static uint32_t S_match_weekday(const scan *s, uint32_t i, int mode, date_ref *r)
{
    const dyad_token *t = &s->t[i];
    const kw *k = S_kw_of(t);
    if (!k || k->cat != K_WEEKDAY || !S_capitalised(t)) return 0;
    if ((k->flags & KF_ABBR) && !S_has_period(t)) return 0; /* "Sat", "Wed", "Sun" are words */
    if (mode == MODE_BARE && S_weekday_in_name(s, i)) return 0;
    uint32_t end = S_match_explicit_day(s, i + 1 + S_word_at(s, i + 1, ","), r);
    if (end) return end;
    /* abbreviations stand before a date ("Sun., March 22") or after a date word, not alone ("The Sun.") */
    if ((k->flags & KF_ABBR) && mode == MODE_BARE && !S_after_date_word(s, i)) return 0;
    end = i + 1 + S_cat_at(s, i + 1, K_TOD);
    return S_set_weekday(s, r, k->val, mode, end);
}

// "today", "yesterday morning", "tomorrow", "tonight".
static uint32_t S_match_rel(const scan *s, uint32_t i, const kw *k, date_ref *r)
{
    if (S_capitalised(&s->t[i]) && S_after_name_word(s, i)) return 0; /* "USA Today" */
    uint32_t end = i + 1;
    if (!(k->flags & KF_NIGHT) && S_cat_at(s, end, K_TOD)) end++;
    return S_set_offset(s, r, k->val, end);
}

// "last week", "this month", "next year", "last Saturday", "next March", "last night", "this morning".
static uint32_t S_match_det(const scan *s, uint32_t i, const kw *k, date_ref *r)
{
    /* "the last week", "a next step": a span of time or no date */
    if (i > 0 && (S_norm_is(&s->t[i - 1], "the") || S_norm_is(&s->t[i - 1], "a"))) return 0;
    uint32_t j = i + 1;
    const kw *x = S_kw_at(s, j);
    if (!x) return 0;
    int mode = k->val < 0 ? MODE_LAST : k->val > 0 ? MODE_NEXT : MODE_THIS;
    switch (x->cat) {
    case K_WEEKDAY: return S_match_weekday(s, j, mode, r);
    case K_MONTH: return S_match_month(s, j, mode, r);
    case K_UNIT:
        if (x->flags & KF_PLURAL) return 0;
        if (x->val == U_WEEK) {
            if (!s->has_ref) return S_set_unresolved(r, j + 1);
            if (k->val == 0) return S_set_month(r, s->ref.y, s->ref.m, j + 1, true);
            ymd thursday = ymd_from_days(s->ref_days - s->ref_wd + 3 + 7 * k->val);
            return S_set_month(r, thursday.y, thursday.m, j + 1, true);
        }
        if (x->val == U_MONTH) return S_set_month_offset(s, r, k->val, j + 1);
        if (x->val == U_YEAR) return S_set_year_offset(s, r, k->val, j + 1);
        return 0;
    case K_TOD:
        if (mode == MODE_LAST && (x->flags & KF_NIGHT)) return S_set_offset(s, r, -1, j + 1);
        if (mode == MODE_THIS && !(x->flags & KF_NIGHT)) return S_set_offset(s, r, 0, j + 1);
        return 0;
    default:
        return 0;
    }
}

// "count units ago" from ref (count 0: "hours ago").
static uint32_t S_set_ago(const scan *s, date_ref *r, int count, int unit, uint32_t end)
{
    switch (unit) {
    case U_DAY: return S_set_offset(s, r, -count, end);
    case U_WEEK: return S_set_offset(s, r, -7 * count, end);
    case U_HOUR: return S_set_offset(s, r, -((count + 11) / 24), end);
    case U_MINUTE: return S_set_offset(s, r, 0, end);
    case U_MONTH: return S_set_month_offset(s, r, -count, end);
    default: return S_set_year_offset(s, r, -count, end);
    }
}

// "two days ago", "a week after X", "48 hours before X", "hours after X": count (0: none written), unit at u.
static uint32_t S_match_count(const scan *s, uint32_t i, int count, uint32_t u, date_ref *r)
{
    if (!S_may_be_unit(s->t, s->n, u)) return 0;
    const kw *unit = S_kw_at(s, u);
    if (!unit || unit->cat != K_UNIT) return 0;
    bool plural = (unit->flags & KF_PLURAL) != 0;
    if (count == 0 && (!plural || unit->val < U_HOUR)) return 0; /* "days after": how many? */
    if (count > 1 && !plural) return 0;
    const kw *k = S_kw_at(s, u + 1);
    if (!k) return 0;
    if (k->cat == K_AGO) return S_set_ago(s, r, count, unit->val, u + 2);
    if (k->cat != K_PREP || k->val == 0) return 0;
    if (i > 0 && (S_norm_is(&s->t[i - 1], "for") || S_norm_is(&s->t[i - 1], "within"))) return 0; /* a duration */
    return S_set_shift(s, r, count, unit->val, k->val, u + 2);
}

// "the day after X", "the day before X", "the day after tomorrow", "the day before yesterday".
static uint32_t S_match_the(const scan *s, uint32_t i, date_ref *r)
{
    if (!S_may_be_unit(s->t, s->n, i + 1)) return 0;
    const kw *u = S_kw_at(s, i + 1); /* "the" is frequent: give up at the first word that does not fit */
    if (!u || u->cat != K_UNIT || u->val != U_DAY || (u->flags & KF_PLURAL)) return 0;
    const kw *p = S_kw_at(s, i + 2);
    if (!p || p->cat != K_PREP || p->val == 0) return 0;
    const kw *x = S_kw_at(s, i + 3);
    if (x && x->cat == K_REL && x->val == -p->val && x->val != 0) return S_set_offset(s, r, 2 * x->val, i + 4);
    return S_set_shift(s, r, 1, U_DAY, p->val, i + 3);
}

// A token starting with a digit: "2025-03-22", "22/03/2025", "22 March", "in 2023", "two days ago" (as "2 days").
static uint32_t S_match_number(const scan *s, uint32_t i, date_ref *r)
{
    const dyad_token *t = &s->t[i];
    ymd x;
    if (S_iso_token(t, &x) || S_numeric_date(t, &x)) return S_set_day(r, x, i + 1, false);
    int d = S_day_of(t);
    uint32_t end = d ? S_match_day_month(s, i, d, r) : 0;
    if (end) return end;
    int y = S_year_at(s, i, 1900, 2100);
    if (y) return S_year_context(s, i) ? S_set_year(r, y, i + 1, false) : 0;
    int count = S_digits(t, 3);
    return count > 0 ? S_match_count(s, i, count, i + 1, r) : 0;
}

// "mid-2024", "mid-March [2025]".
static uint32_t S_match_mid(const scan *s, uint32_t i, date_ref *r)
{
    const dyad_token *t = &s->t[i];
    if (t->norm_len < 7 || memcmp(t->norm, "mid-", 4) != 0) return 0;
    const char *p = t->norm + 4;
    size_t n = t->norm_len - 4;
    int y;
    if (n == 4 && S_fixed_digits(p, 0, 4, &y)) return y >= 1900 && y <= 2100 ? S_set_year(r, y, i + 1, false) : 0;
    const kw *k = S_kw_find(p, n);
    if (!k || k->cat != K_MONTH || (k->flags & KF_ABBR)) return 0;
    if ((y = S_year_at(s, i + 1, 1000, 2999))) return S_set_month(r, y, k->val, i + 2, false);
    return S_set_month_alone(s, r, k->val, MODE_BARE, i + 1);
}

// The date expression starting at token i, stored in r; returns its end or 0.
static uint32_t S_match_at(const scan *s, uint32_t i, date_ref *r)
{
    const dyad_token *t = &s->t[i];
    bool number = t->kind == DYAD_TOK_NUMBER;
    if (!number && (t->kind != DYAD_TOK_WORD || t->norm_len == 0)) return 0;
    unsigned char c = (unsigned char)t->norm[0];
    number = number || (c >= '0' && c <= '9');
    if (!number && !S_may_start(t)) return 0; /* most words of a sentence stop here */
    memset(r, 0, sizeof *r);
    r->tb = i;
    if (number) return S_match_number(s, i, r);
    const kw *k = S_kw_of(t);
    if (!k) return c == 'm' ? S_match_mid(s, i, r) : 0;
    switch (k->cat) {
    case K_MONTH: return S_match_month(s, i, MODE_BARE, r);
    case K_WEEKDAY: return S_match_weekday(s, i, MODE_BARE, r);
    case K_REL: return S_match_rel(s, i, k, r);
    case K_DET: return S_match_det(s, i, k, r);
    case K_NUMW: return S_match_count(s, i, k->val, i + 1, r);
    case K_UNIT: return S_match_count(s, i, 0, i, r);
    case K_THE: return S_match_the(s, i, r);
    default: return 0;
    }
}

/* MARK: public API */

date_anchor dates_anchor(ymd ref)
{
    pthread_once(&S_start_once, S_start_build); /* the tables S_may_start and S_may_be_unit read */
    date_anchor a = {ref, 0, 0, ref.y != 0 && ymd_valid(ref)};
    if (a.has_ref) {
        a.ref_days = ymd_to_days(ref);
        a.ref_wd = (int)((a.ref_days % 7 + 7 + 3) % 7); /* ymd_weekday(ref) */
    }
    return a;
}

size_t dates_scan(const dyad_token *toks, uint32_t n, ymd ref, date_ref *out, size_t max)
{
    if (!toks || !out || !max) return 0;
    date_anchor a = dates_anchor(ref);
    return dates_scan_at(toks, n, &a, out, max);
}

size_t dates_scan_at(const dyad_token *toks, uint32_t n, const date_anchor *a, date_ref *out, size_t max)
{
    if (!toks || !out || !max) return 0;
    scan s = {toks, n, a->ref, a->ref_days, a->ref_wd, a->has_ref, 0};
    size_t k = 0;
    for (uint32_t i = 0; i < n && k < max; i++) {
        date_ref r;
        uint32_t end = S_match_at(&s, i, &r);
        if (!end) continue;
        /* "early March", "earlier this month", "late last year": the modifier belongs to the mention */
        while (r.kind == DREF_POINT && r.tb > s.last_end && S_cat_at(&s, r.tb - 1, K_MOD)) r.tb--;
        out[k++] = r;
        s.last_end = end;
        i = end - 1;
    }
    return k;
}

// The date that toks[0..n) are as a whole (surrounding punctuation aside), or DATE_NONE.
static date_prec S_parse_tokens(const dyad_token *toks, size_t n, ymd ref, ymd *out)
{
    size_t b = 0, e = n;
    while (b < e && toks[b].kind != DYAD_TOK_WORD && toks[b].kind != DYAD_TOK_NUMBER) b++;
    while (e > b && toks[e - 1].kind != DYAD_TOK_WORD && toks[e - 1].kind != DYAD_TOK_NUMBER) e--;
    if (b == e || e - b > 16) return DATE_NONE;
    date_ref r[4];
    size_t k = dates_scan(toks + b, (uint32_t)(e - b), ref, r, 4);
    if (k != 1 || r[0].kind != DREF_POINT || r[0].tb != 0 || r[0].te != e - b) return DATE_NONE;
    if (out && r[0].prec != DATE_NONE) *out = r[0].when;
    return (date_prec)r[0].prec;
}

date_prec dates_parse_text(const char *s, size_t n, ymd ref, ymd *out)
{
    if (out) *out = (ymd){0, 0, 0};
    if (!s || n == 0 || n > 256) return DATE_NONE; /* a date written on its own is short */
    const dyad_alloc *a = dyad__default_alloc();
    dyad_arena ar;
    dyad_arena_init(&ar, a);
    dyad_tokvec tv = {NULL, 0, 0};
    date_prec p = DATE_NONE;
    if (dyad_tokenize(s, n, &tv, &ar, a)) p = S_parse_tokens(tv.v, tv.n, ref, out);
    dyad__free(a, tv.v);
    dyad_arena_free(&ar);
    return p;
}
