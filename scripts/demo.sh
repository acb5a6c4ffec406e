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

# --- the event store (docs/store.md): ingest examples/ into build/demo.db and summarise it ---
echo
echo "== dyad ingest examples/ --db build/demo.db (the SQLite event store)"
rm -f build/demo.db build/demo.db-wal build/demo.db-shm
build/dyad ingest examples/ --db build/demo.db || true
if [ -f build/demo.db ]; then
    sqlite3 build/demo.db "SELECT '   ' || count(*) || ' documents, ' || sum(sentences) || ' sentences, ' || sum(events)
                                  || ' events' FROM documents"
    echo "   top 10 dyads by number of events (source -> target):"
    sqlite3 -separator '  ' build/demo.db "SELECT printf('   %5d', count(*)), printf('%-12s -> %-12s', source_code, target_code),
        printf('mean Goldstein %+.1f', avg(goldstein)) FROM events WHERE source_code != '' AND target_code != ''
        GROUP BY source_code, target_code ORDER BY count(*) DESC, source_code, target_code LIMIT 10"
    echo "   the Korea-Japan events, one a day:"
    build/dyad query -q --db build/demo.db --source KOR --target JPN --one-a-day --limit 5
fi
# (the plots of build/demo.db follow in the series section below)

# --- series: plots from the event store (docs/series.md); runs when the ingest step made build/demo.db ---
if [ -f build/demo.db ]; then
    echo
    echo "== dyad series: the top dyad over time and the top countries (build/demo.db)"
    # the dyad with most dated events, both directions together (KOR:JPN when there is none)
    dy=$(build/dyad series -q --db build/demo.db --top 10 --format csv |
         awk -F, 'NR > 1 { k = ($2 < $3) ? $2 ":" $3 : $3 ":" $2; n[k] += $4 }
                  END { for (k in n) if (n[k] > best || (n[k] == best && k < bk)) { best = n[k]; bk = k }; print bk }')
    [ -n "$dy" ] || dy=KOR:JPN
    build/dyad series --db build/demo.db --dyad "$dy" --both --by month
    build/dyad series -q --db build/demo.db --dyad "$dy" --both --by month --plot build/demo-series.png &&
        echo "   $dy per month -> build/demo-series.png"
    build/dyad series -q --db build/demo.db --top 10 --plot build/demo-top.png &&
        echo "   top 10 countries, events between them -> build/demo-top.png"
fi
