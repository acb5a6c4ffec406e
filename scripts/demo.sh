#!/bin/sh
# demo.sh — the main job on the bundled examples: installs what is missing,
# builds, runs dyad on examples/ and prints a summary.
cd "$(dirname "$0")/.." || exit 2
scripts/setup.sh || exit 1
make -s all || exit 1
echo
echo "== dyad code examples/ (events; stderr has the run summary)"
build/dyad code examples/ >build/demo-events.jsonl || true
echo "   $(wc -l <build/demo-events.jsonl) event records written to build/demo-events.jsonl"
echo
echo "== dyad annotate examples/ (sentences, tokens, datelines)"
build/dyad annotate -q examples/ >build/demo-annotations.jsonl || true
make -s build/jsonl_check >/dev/null
docs=$(build/jsonl_check <build/demo-annotations.jsonl)
sents=$(build/jsonl_check sentences <build/demo-annotations.jsonl | awk '{s+=$1} END {print s}')
datelines=$(grep -c '"dateline":{' build/demo-annotations.jsonl)
echo "   $docs documents, $sents sentences, $datelines datelines -> build/demo-annotations.jsonl"
echo
echo "== how one sentence is read (dyad explain)"
build/dyad explain "SEOUL, March 22 (Yonhap) -- South Korea's foreign minister met his Japanese counterpart on Saturday."
