#!/bin/sh
# run.sh SECONDS — runs every fuzz target for SECONDS each (two at a time on
# this 2-core machine), with corpora seeded from examples/ and tests/cases/.
# Findings (crash-*, leak-*, timeout-*) are written to build/fuzz/findings/.
cd "$(dirname "$0")/.." || exit 2
secs=${1:-60}
out=build/fuzz
mkdir -p "$out/findings"
for t in jsonl gzip segment; do
    c="$out/corpus-$t"
    mkdir -p "$c"
    cp examples/jsonl/*.jsonl "$c/" 2>/dev/null
    cp examples/text/*.txt "$c/" 2>/dev/null
    for f in tests/cases/*.cases; do [ -f "$f" ] && cp "$f" "$c/"; done
done
run_one() {
    "$out/fuzz_$1" -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
        -artifact_prefix="$out/findings/$1-" -print_final_stats=1 "$out/corpus-$1" \
        >"$out/fuzz_$1.log" 2>&1
    echo "fuzz_$1: exit $? after ${secs}s: $(grep -E 'stat::number_of_executed_units' "$out/fuzz_$1.log" | tail -n1)"
}
run_one jsonl & p1=$!
run_one segment & p2=$!
wait $p1 $p2
run_one gzip
ls "$out/findings" | grep -q . && { echo "findings in $out/findings:"; ls "$out/findings"; exit 1; }
echo "no findings"
