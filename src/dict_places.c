/*
 * dict_places.c — the gazetteer: reads the TSV files of data/places (generated from
 * GeoNames by tools/, see data/SOURCES.md) into places and trie phrases.
 * Columns: name, alternate names ('|'), country ISO3, kind (capital, city,
 * adm1), latitude, longitude, population.
 */
#include "dict.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

bool dict_load_places(dyad_dict *d, const char *path)
{
    uint32_t file = dict_add_file(d, path);
    FILE *f = fopen(path, "r");
    if (!f) {
        dict_reject(d, file, 0, "cannot open: %s", strerror(errno));
        return false;
    }
    char *line = NULL;
    size_t cap = 0;
    uint32_t lineno = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) >= 0 && !d->oom) {
        lineno++;
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
        if (!n || line[0] == '#') continue;
        char *col[8];
        int k = 0;
        char *s = line;
        while (k < 8) {
            col[k++] = s;
            char *tab = strchr(s, '\t');
            if (!tab) break;
            *tab = '\0';
            s = tab + 1;
        }
        if (k != 7) { dict_reject(d, file, lineno, "expected 7 tab-separated columns, found %d", k); continue; }
        char *e1, *e2;
        double lat = strtod(col[4], &e1), lon = strtod(col[5], &e2);
        if (*e1 || *e2 || lat < -90 || lat > 90 || lon < -180 || lon > 180 || !col[0][0]) {
            dict_reject(d, file, lineno, "bad name or coordinates");
            continue;
        }
        dict_place *p = dict_push(d, &d->places, sizeof *p);
        if (!p) break;
        p->name = dict_intern(d, col[0], strlen(col[0]));
        p->country = dict_intern(d, col[2], strlen(col[2]));
        p->kind = dict_intern(d, col[3], strlen(col[3]));
        p->lat = (float)lat;
        p->lon = (float)lon;
        p->population = (uint32_t)strtoul(col[6], NULL, 10);
        dict_payload pl = {0};
        pl.kind = PH_PLACE;
        pl.id = (uint32_t)(d->places.n - 1);
        pl.file = file;
        pl.line = lineno;
        dict_add_phrase(d, col[0], strlen(col[0]), PW_EXACT, &pl);
        for (char *a = col[1]; a && *a;) {
            char *bar = strchr(a, '|');
            size_t al = bar ? (size_t)(bar - a) : strlen(a);
            if (al) dict_add_phrase(d, a, al, PW_EXACT, &pl);
            a = bar ? bar + 1 : NULL;
        }
    }
    free(line);
    fclose(f);
    return !d->oom;
}
