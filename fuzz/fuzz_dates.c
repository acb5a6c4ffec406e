/* fuzz_dates.c — the date module (src/dates.c) on arbitrary bytes: the first
 * byte picks a reference date, the rest is tokenised and given to dates_scan
 * as one sentence and as its first few tokens, and to dates_parse_text.
 * Checks: mentions inside the tokens, in order, without overlap; resolved
 * days valid calendar days; months 1-12; ymd round trips. */
#include "fuzz_common.h"
#include "context.h"

static const ymd S_refs[] = {{0, 0, 0},    {2025, 3, 22}, {2024, 2, 29}, {2000, 1, 1},
                             {1900, 12, 31}, {2100, 1, 3},  {1, 1, 1},    {9999, 12, 31}};

// Aborts unless the mentions r[0..n) are well formed for a sentence of ntoks tokens.
static void check_refs(const date_ref *r, size_t n, size_t max, uint32_t ntoks)
{
    if (n > max) abort();
    for (size_t i = 0; i < n; i++) {
        if (r[i].tb >= r[i].te || r[i].te > ntoks || (i && r[i].tb < r[i - 1].te)) abort();
        if (r[i].kind > DREF_SHIFT || r[i].prec > DATE_DAY) abort();
        if (r[i].kind == DREF_SHIFT) continue;
        if (r[i].prec == DATE_DAY && !ymd_valid(r[i].when)) abort();
        if (r[i].prec == DATE_MONTH && (r[i].when.m < 1 || r[i].when.m > 12 || r[i].when.d)) abort();
        if (r[i].prec == DATE_YEAR && (r[i].when.y < 1 || r[i].when.m)) abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    ymd ref = S_refs[data[0] % (sizeof S_refs / sizeof *S_refs)];
    const char *text = (const char *)data + 1;
    size_t len = size - 1;

    /* calendar round trip on a day number taken from the input */
    if (len >= 4) {
        int32_t z = (int32_t)((uint32_t)data[1] | (uint32_t)data[2] << 8 | (uint32_t)data[3] << 16 |
                              (uint32_t)data[4] << 24) % 1000000000;
        ymd t = ymd_from_days(z);
        if (ymd_to_days(t) != z) abort();
        char buf[16];
        ymd_format(t, buf);
        if (ymd_valid(t) && !ymd_parse_iso(buf, strlen(buf), NULL)) abort();
    }

    const dyad_alloc *a = dyad__default_alloc();
    dyad_arena ar;
    dyad_arena_init(&ar, a);
    dyad_tokvec tv = {NULL, 0, 0};
    if (dyad_tokenize(text, len, &tv, &ar, a) && tv.n < UINT32_MAX) {
        date_ref r[64];
        uint32_t n = (uint32_t)tv.n;
        check_refs(r, dates_scan(tv.v, n, ref, r, 64), 64, n);
        uint32_t head = n < 7 ? n : 7; /* a short sentence: the end of the tokens cuts patterns off */
        check_refs(r, dates_scan(tv.v, head, ref, r, 3), 3, head);
    }
    dyad__free(a, tv.v);
    dyad_arena_free(&ar);

    ymd out;
    date_prec p = dates_parse_text(text, len, ref, &out);
    if (p > DATE_DAY || (p == DATE_DAY && !ymd_valid(out))) abort();
    return 0;
}
