#!/bin/sh
# run.sh SECONDS [TARGET...] — runs fuzz targets (default: all of build/fuzz/fuzz_*) for
# SECONDS each, two at a time on this 2-core machine.  Corpora live in build/fuzz/corpus-NAME
# (not committed), seeded from examples/, tests/cases/, data/ and, for the TABARI and
# PETRARCH readers, the peer dictionaries in ../shared/peers when present (read in place,
# copied only into build/).  Findings (crash-*, leak-*, timeout-*) go to build/fuzz/findings/.
cd "$(dirname "$0")/.." || exit 2
secs=${1:-60}
shift
out=build/fuzz
mkdir -p "$out/findings"
targets="$*"
[ -n "$targets" ] || targets=$(ls "$out" | sed -n 's/^fuzz_\([a-z_]*\)$/\1/p')
seed() {
    c="$out/corpus-$1"
    mkdir -p "$c"
    case "$1" in
    jsonl|gzip|segment|code|places|quotes|dates)
        cp examples/jsonl/*.jsonl examples/text/*.txt "$c/" 2>/dev/null
        for f in tests/cases/*.cases; do [ -f "$f" ] && cp "$f" "$c/"; done ;;
    dict_ours)
        for f in data/cameo/codebook.txt data/agents/agents.txt data/verbs/synsets.txt; do
            printf '\002' | cat - "$f" | head -c 60000 >"$c/$(basename "$f")"; done ;;
    dict_tabari)
        for f in ../shared/peers/tabari/*.actors ../shared/peers/tabari/*.verbs ../shared/peers/tabari/*.agents ../shared/peers/tabari/*.options; do
            [ -f "$f" ] && head -c 60000 "$f" >"$c/$(basename "$f")"; done ;;
    dict_petrarch)
        for f in ../shared/peers/petrarch2/PETR.Validate.*; do [ -f "$f" ] && head -c 60000 "$f" >"$c/$(basename "$f")"; done ;;
    esac
}
run_one() {
    seed "$1"
    "$out/fuzz_$1" -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 -timeout=20 \
        -artifact_prefix="$out/findings/$1-" -print_final_stats=1 "$out/corpus-$1" >"$out/fuzz_$1.log" 2>&1
    echo "fuzz_$1: exit $? after ${secs}s: $(grep -E 'stat::number_of_executed_units' "$out/fuzz_$1.log" | tail -n1)"
}
set -- $targets
while [ $# -gt 0 ]; do
    run_one "$1" & p1=$!
    p2=""
    if [ $# -gt 1 ]; then run_one "$2" & p2=$!; shift; fi
    shift
    wait $p1 $p2
done
ls "$out/findings" | grep -q . && { echo "findings in $out/findings:"; ls "$out/findings"; exit 1; }
echo "no findings"
