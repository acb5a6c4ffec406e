/*
 * bench_dict.c — loads dictionaries and reports the load time and peak memory.
 * Usage: bench_dict PATH...   Prints: seconds=S maxrss_kb=K phrases=N patterns=P rejected=R
 */
#include "dyad.h"

#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

int main(int argc, char **argv)
{
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    dyad_dict *d = dyad_dict_new(NULL, NULL);
    for (int i = 1; i < argc; i++)
        if (!dyad_dict_load(d, argv[i], NULL)) { fprintf(stderr, "bench_dict: cannot load %s\n", argv[i]); return 3; }
    clock_gettime(CLOCK_MONOTONIC, &b);
    dyad_dict_stats st;
    dyad_dict_get_stats(d, &st);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("seconds=%.4f maxrss_kb=%ld phrases=%zu patterns=%zu rejected=%zu\n",
           (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) * 1e-9, ru.ru_maxrss, st.phrases,
           st.patterns, st.rejected);
    dyad_dict_free(d);
    return 0;
}
