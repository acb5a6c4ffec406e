/*
 * gencorpus.c — writes a reproducible, news-like benchmark corpus as JSON Lines.
 *
 * Usage: gencorpus -o FILE [--mb N] [--seed S] [--examples DIR]
 *
 * Documents have a dateline, 6–24 sentences and a date; sentences come from
 * the team's templates (actors, verbs, places, numbers, quotes, abbreviations)
 * mixed with the sentences of the example articles in DIR (default examples/text),
 * so the text exercises the same paths as real wire copy.  The same seed and
 * size give byte-identical output.  An offline tool: not linked into libdyad.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t g_state = 88172645463325252ull;

// Returns the next xorshift64* pseudo-random number.
static uint64_t rnd(void)
{
    g_state ^= g_state >> 12;
    g_state ^= g_state << 25;
    g_state ^= g_state >> 27;
    return g_state * 2685821657736338717ull;
}

#define PICK(a) (a[rnd() % (sizeof a / sizeof *a)])

static const char *const ACTORS[] = {
    "South Korea", "North Korea", "Japan", "China", "Russia", "Ukraine", "the United States",
    "the U.S.", "Iran", "Israel", "Hamas", "Hezbollah", "the European Union", "NATO", "the U.N.",
    "Turkey", "India", "Pakistan", "Sudan's army", "the Rapid Support Forces", "Taiwan",
    "the Philippines", "France", "Germany", "Britain", "Egypt", "Qatar", "Saudi Arabia",
    "Syria's interim government", "the African Union", "Ethiopia", "Somalia", "al-Shabaab",
    "Colombia", "Venezuela", "Brazil", "Mexico", "Poland", "Belarus", "Armenia", "Azerbaijan",
    "Seoul", "Pyongyang", "Tokyo", "Beijing", "Moscow", "Kyiv", "Washington", "Tehran",
    "the Houthis", "M23 rebels", "the Taliban", "Venezuelan authorities", "Chinese coast guard vessels"};
static const char *const PEOPLE[] = {
    "Foreign Minister Cho Tae-yul", "President Lee Jae-myung", "Prime Minister Shigeru Ishiba",
    "Foreign Minister Wang Yi", "President Xi Jinping", "Russian President Vladimir Putin",
    "Ukrainian President Volodymyr Zelenskyy", "U.S. Secretary of State Marco Rubio",
    "Sen. Lindsey Graham", "Gen. Charles Q. Brown Jr.", "U.N. Secretary-General Antonio Guterres",
    "Mr. Netanyahu", "Dr. Tedros Adhanom Ghebreyesus", "Lt. Gen. Abdel Fattah al-Burhan",
    "NATO Secretary-General Mark Rutte", "Iranian Foreign Minister Abbas Araghchi",
    "Kim Yo Jong", "Rep. Nancy Mace", "Gov. Gavin Newsom", "President Emmanuel Macron"};
static const char *const VERBS[] = {
    "accused", "criticized", "met", "held talks with", "urged", "warned", "signed an agreement with",
    "pledged $1.5 billion in aid to", "imposed sanctions on", "expelled diplomats from",
    "launched airstrikes on", "fired missiles at", "praised", "condemned", "called on",
    "threatened", "hosted", "visited", "agreed to resume talks with", "rejected a proposal from",
    "denied reports about", "sent troops to", "arrested suspects linked to", "released prisoners held by"};
static const char *const PLACES[] = {
    "in Tokyo", "in Geneva", "in Brussels", "near the border", "in Doha", "on Saturday",
    "on Monday", "last week", "earlier this month", "in the capital", "at the U.N. headquarters",
    "in Istanbul", "on the sidelines of the G20 summit", "in Cairo", "in Addis Ababa", "overnight"};
static const char *const DATELINES[] = {
    "SEOUL \xE2\x80\x93 ", "WASHINGTON (AP) \xE2\x80\x94 ", "Tokyo, March 22 (Reuters) - ",
    "GENEVA, Oct. 3 (AFP) - ", "NAIROBI, Kenya \xE2\x80\x94 ", "KYIV, Ukraine (AP) \xE2\x80\x94 ",
    "BEIJING, Jan. 9 (Reuters) - ", "UNITED NATIONS (AP) \xE2\x80\x94 ", "", "CAIRO -- "};
static const char *const QUOTES[] = {
    "\xE2\x80\x9CWe will not accept this,\xE2\x80\x9D %s said.",
    "\"The door to dialogue remains open,\" %s told reporters at 3 p.m. local time.",
    "%s said the talks were \"constructive\" but gave no details.",
    "\xE2\x80\x9CThis is a dangerous escalation. It must stop,\xE2\x80\x9D said %s.",
    "Asked whether sanctions would follow, %s replied: \"Everything is on the table.\"",
    "(%s did not respond to a request for comment.)"};
static const char *const FILLERS[] = {
    "The ministry did not say how many people were hurt.",
    "Officials said the figure could rise to 3.2 percent by the end of the year.",
    "The U.S. State Department declined to comment on the report.",
    "Prices rose 0.4% in October, the fastest pace since Jan. 2023, data showed.",
    "It was not immediately clear whether the two sides would meet again... Analysts were skeptical.",
    "About 1,200 people have fled the area since the fighting began, according to the U.N. refugee agency.",
    "The agreement, which runs until 2030, covers trade, energy and security.",
    "Reuters could not independently verify the claims."};

typedef struct strvec { char **v; size_t n, cap; } strvec;

static void push(strvec *s, const char *p, size_t n)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        if (!s->v) exit(3);
    }
    char *c = malloc(n + 1);
    if (!c) exit(3);
    memcpy(c, p, n);
    c[n] = 0;
    s->v[s->n++] = c;
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

// Collects rough sentences (split at ". " before a capital) from the example articles.
static void load_examples(const char *dir, strvec *out)
{
    DIR *d = opendir(dir);
    if (!d) return;
    strvec names = {0};
    struct dirent *e;
    while ((e = readdir(d))) if (e->d_name[0] != '.') push(&names, e->d_name, strlen(e->d_name));
    closedir(d);
    qsort(names.v, names.n, sizeof *names.v, cmp);
    for (size_t i = 0; i < names.n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names.v[i]);
        FILE *f = fopen(path, "rb");
        if (!f) continue;
        static char buf[1 << 16];
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[n] = 0;
        for (size_t k = 0; k < n; k++) if (buf[k] == '\n') buf[k] = ' ';
        size_t start = 0;
        for (size_t k = 0; k + 2 < n; k++) {
            if (buf[k] == '.' && buf[k + 1] == ' ' && buf[k + 2] >= 'A' && buf[k + 2] <= 'Z') {
                if (k + 1 - start > 40 && k + 1 - start < 400) push(out, buf + start, k + 1 - start);
                start = k + 2;
            }
        }
        free(names.v[i]);
    }
    free(names.v);
}

// Writes s as JSON string content (escapes quotes, backslashes and controls).
static void json_esc(FILE *o, const char *s)
{
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') { fputc('\\', o); fputc(*s, o); }
        else if ((unsigned char)*s < 0x20) fputc(' ', o);
        else fputc(*s, o);
    }
}

static void sentence(FILE *o, const strvec *ex)
{
    char tmp[512];
    switch (rnd() % 8) {
    case 0: case 1: case 2:
        snprintf(tmp, sizeof tmp, "%s %s %s %s.", PICK(ACTORS), PICK(VERBS), PICK(ACTORS), PICK(PLACES));
        if (tmp[0] >= 'a' && tmp[0] <= 'z') tmp[0] = (char)(tmp[0] - 32);
        json_esc(o, tmp);
        break;
    case 3:
        snprintf(tmp, sizeof tmp, PICK(QUOTES), PICK(PEOPLE));
        json_esc(o, tmp);
        break;
    case 4:
        snprintf(tmp, sizeof tmp, "%s %s %s, %s said.", PICK(ACTORS), PICK(VERBS), PICK(ACTORS), PICK(PEOPLE));
        if (tmp[0] >= 'a' && tmp[0] <= 'z') tmp[0] = (char)(tmp[0] - 32);
        json_esc(o, tmp);
        break;
    case 5:
        json_esc(o, PICK(FILLERS));
        break;
    default:
        if (ex->n) json_esc(o, ex->v[rnd() % ex->n]);
        else json_esc(o, PICK(FILLERS));
        break;
    }
}

int main(int argc, char **argv)
{
    double mb = 200;
    const char *exdir = "examples/text", *outpath = NULL;
    for (int i = 1; i < argc; i += 2) {
        if (i + 1 == argc) argv[i] = "";   /* an option without its value: the usage below */
        if (!strcmp(argv[i], "--mb")) mb = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--seed")) g_state ^= strtoull(argv[i + 1], NULL, 10) * 0x9E3779B97F4A7C15ull;
        else if (!strcmp(argv[i], "--examples")) exdir = argv[i + 1];
        else if (!strcmp(argv[i], "-o")) outpath = argv[i + 1];
        else { fprintf(stderr, "usage: gencorpus -o FILE [--mb N] [--seed S] [--examples DIR]\n"); return 2; }
    }
    if (!(mb > 0 && mb < 1e6)) {
        fprintf(stderr, "gencorpus: --mb needs a size in megabytes (10^6 bytes), e.g. 200\n");
        return 2;
    }
    if (!outpath || !freopen(outpath, "wb", stdout)) {
        fprintf(stderr, "gencorpus: give a writable output file with -o FILE\n");
        return 2;
    }
    strvec ex = {0};
    load_examples(exdir, &ex);
    static char obuf[1 << 20];
    setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
    long long target = (long long)(mb * 1e6);
    for (long long doc = 0; ftell(stdout) < target; doc++) {
        int month = (int)(rnd() % 12) + 1, day = (int)(rnd() % 28) + 1, year = 2015 + (int)(rnd() % 12);
        printf("{\"id\":\"g%lld\",\"date\":\"%04d-%02d-%02d\",\"text\":\"", doc, year, month, day);
        fputs(PICK(DATELINES), stdout);
        int ns = 6 + (int)(rnd() % 19);
        for (int s = 0; s < ns; s++) {
            if (s) fputs((rnd() % 5 == 0) ? "\\n\\n" : " ", stdout);
            sentence(stdout, &ex);
        }
        fputs("\"}\n", stdout);
    }
    return 0;
}
