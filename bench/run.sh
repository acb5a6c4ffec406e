#!/bin/bash
# run.sh — dyad benchmarks (make bench).  Generates a reproducible news-like
# corpus (tools/gencorpus, seed 1, BENCH_MB megabytes, default 200), then
# measures in one run, median of BENCH_RUNS runs (default 5):
#   wc -w            on the corpus: the baseline, the cost of reading the bytes
#   tokenise+segment time inside dyad_coder_process (bench_text), over the text bytes
#   read+tokenise+segment   bench_text end to end (JSONL parsing included)
#   dyad code        the CLI end to end, output to /dev/null
#   dyad ingest      the CLI into a fresh SQLite store, and its ratio to dyad code
# and prints MB/s and each ratio to wc -w.  Results are appended to
# bench/results/history.tsv; a drop of more than 10% against the previous
# run of the same kind is reported loudly.
cd "$(dirname "$0")/.." || exit 2
MB=${BENCH_MB:-200}
RUNS=${BENCH_RUNS:-5}
corpus=bench/corpus/news-${MB}M.jsonl
mkdir -p bench/corpus bench/results
if [ ! -s "$corpus" ]; then
    echo "generating $corpus ($MB MB, seed 1)..."
    build/gencorpus -o "$corpus" --mb "$MB" --seed 1 || exit 3
fi
bytes=$(stat -c %s "$corpus")
cat "$corpus" >/dev/null   # warm the page cache so every run reads from memory

median() { sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
now() { date +%s.%N; }

wc_times=(); proc_times=(); total_times=(); code_times=()
for i in $(seq 1 "$RUNS"); do
    t0=$(now); wc -w "$corpus" >/dev/null; t1=$(now)
    wc_times+=("$(echo "$t1 - $t0" | bc -l)")
    line=$(build/bench_text "$corpus")
    proc_times+=("$(echo "$line" | sed -E 's/.*process_s=([0-9.]+).*/\1/')")
    total_times+=("$(echo "$line" | sed -E 's/.*total_s=([0-9.]+).*/\1/')")
    t0=$(now); build/dyad code -q "$corpus" >/dev/null; t1=$(now)
    code_times+=("$(echo "$t1 - $t0" | bc -l)")
done
text_bytes=$(echo "$line" | sed -E 's/.*text_bytes=([0-9]+).*/\1/')
sentences=$(echo "$line" | sed -E 's/.*sentences=([0-9]+).*/\1/')
tokens=$(echo "$line" | sed -E 's/.*tokens=([0-9]+).*/\1/')
wc_s=$(printf '%s\n' "${wc_times[@]}" | median)
proc_s=$(printf '%s\n' "${proc_times[@]}" | median)
total_s=$(printf '%s\n' "${total_times[@]}" | median)
code_s=$(printf '%s\n' "${code_times[@]}" | median)
mbs() { echo "scale=1; $1 / $2 / 1000000" | bc -l; }
wc_mbs=$(mbs "$bytes" "$wc_s")
proc_mbs=$(mbs "$text_bytes" "$proc_s")
total_mbs=$(mbs "$bytes" "$total_s")
code_mbs=$(mbs "$bytes" "$code_s")
ratio() { echo "scale=3; $1 / $wc_mbs" | bc -l; }
echo "corpus: $corpus, $bytes bytes, $sentences sentences, $tokens tokens; median of $RUNS runs; locale ${LC_ALL:-${LANG:-POSIX}}"
printf '%-34s %8s MB/s  %10s sentences/s  ratio to wc -w\n' "stage" "" ""
printf '%-34s %8.1f MB/s  %10s               1.000\n' "wc -w (baseline)" "$wc_mbs" "-"
printf '%-34s %8.1f MB/s  %10.0f               %s\n' "tokenise + segment" "$proc_mbs" "$(echo "$sentences / $proc_s" | bc -l)" "$(ratio "$proc_mbs")"
printf '%-34s %8.1f MB/s  %10.0f               %s\n' "read JSONL + tokenise + segment" "$total_mbs" "$(echo "$sentences / $total_s" | bc -l)" "$(ratio "$total_mbs")"
printf '%-34s %8.1f MB/s  %10.0f               %s\n' "dyad code (CLI, to /dev/null)" "$code_mbs" "$(echo "$sentences / $code_s" | bc -l)" "$(ratio "$code_mbs")"
# dyad ingest: the same corpus into a fresh SQLite store (docs/store.md), all cores; target >= 0.8 x dyad code
ingest_times=()
for i in $(seq 1 "$RUNS"); do
    rm -f build/bench.db build/bench.db-wal build/bench.db-shm
    t0=$(now); build/dyad ingest -q "$corpus" --db build/bench.db; t1=$(now)
    ingest_times+=("$(echo "$t1 - $t0" | bc -l)")
done
rm -f build/bench.db build/bench.db-wal build/bench.db-shm
ingest_s=$(printf '%s\n' "${ingest_times[@]}" | median)
ingest_mbs=$(mbs "$bytes" "$ingest_s")
printf '%-34s %8.1f MB/s  %10.0f               %s\n' "dyad ingest ($(nproc) threads, SQLite)" "$ingest_mbs" "$(echo "$sentences / $ingest_s" | bc -l)" "$(ratio "$ingest_mbs")"
printf '%-34s %8.3f   (target >= 0.8)\n' "ingest / code throughput" "$(echo "scale=3; $ingest_mbs / $code_mbs" | bc -l)"
# dictionary loading: the default set, and the TABARI and PETRARCH sets when ../shared is present
dict_line() {
    name=$1; shift
    times=""
    for i in $(seq 1 "$RUNS"); do
        l=$(build/bench_dict "$@" 2>/dev/null) || { echo "  $name: cannot load"; return; }
        times="$times $(echo "$l" | sed -E 's/.*seconds=([0-9.]+).*/\1/')"
    done
    med=$(printf '%s\n' $times | median)
    printf '%-34s %8.3f s   peak RSS %6d MB   %s\n' "load $name" "$med" "$(( $(echo "$l" | sed -E 's/.*maxrss_kb=([0-9]+).*/\1/') / 1024 ))" \
        "$(echo "$l" | sed -E 's/.*(phrases=[0-9]+ patterns=[0-9]+ rejected=[0-9]+).*/\1/')"
}
echo
dict_line "default dictionaries (data/)" data
P=../shared/peers
if [ -d "$P/tabari/dictionaries" ]; then
    dict_line "TABARI CAMEO dictionaries" "$P/tabari/dictionaries"
    dict_line "PETRARCH2/Phoenix dictionaries" "$P/petrarch2/CAMEO.2.0.txt" "$P/petrarch2/Phoenix.Countries.actors.txt" \
        "$P/petrarch2/Phoenix.International.actors.txt" "$P/petrarch2/Phoenix.MilNonState.actors.txt" \
        "$P/petrarch2/Phoenix.agents.txt" "$P/petrarch2/Phoenix.discards.txt"
else
    echo "(../shared/peers absent: TABARI and PETRARCH dictionary loads not measured)"
fi

hist=bench/results/history.tsv
[ -s "$hist" ] || printf 'date\tcommit\tcorpus_mb\twc_mbs\ttokseg_mbs\tread_tokseg_mbs\tcode_mbs\n' >"$hist"
prev=$(tail -n 1 "$hist" | awk -F'\t' -v mb="$MB" '$3 == mb {print $5}')
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$commit" "$MB" "$wc_mbs" "$proc_mbs" "$total_mbs" "$code_mbs" >>"$hist"
if [ -n "$prev" ] && [ "$(echo "$proc_mbs < 0.9 * $prev" | bc -l)" = 1 ]; then
    echo "!!! REGRESSION: tokenise + segment fell from $prev to $proc_mbs MB/s (more than 10%)"
fi
