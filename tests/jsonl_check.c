/*
 * jsonl_check.c — test helper: reads JSON Lines on stdin, checks that every
 * line is a JSON object, and prints the number of lines.  With a KEY argument
 * it also prints, per line, the string or number value of that top-level key.
 * Exit status 1 when a line is not valid JSON.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    const char *key = argc > 1 ? argv[1] : NULL;
    char *line = NULL;
    size_t cap = 0;
    long n = 0, lineno = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, stdin)) >= 0) {
        lineno++;
        cJSON *j = cJSON_ParseWithLength(line, (size_t)len);
        if (!cJSON_IsObject(j)) {
            fprintf(stderr, "jsonl_check: line %ld is not a JSON object\n", lineno);
            cJSON_Delete(j);
            free(line);
            return 1;
        }
        if (key) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
            if (cJSON_IsString(v)) printf("%s\n", v->valuestring);
            else if (cJSON_IsNumber(v)) printf("%g\n", v->valuedouble);
            else if (cJSON_IsArray(v)) printf("%d\n", cJSON_GetArraySize(v));
            else printf("null\n");
        }
        cJSON_Delete(j);
        n++;
    }
    free(line);
    if (!key) printf("%ld\n", n);
    return 0;
}
