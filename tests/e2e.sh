#!/bin/bash
# e2e.sh DYAD — end-to-end tests of the dyad command line on examples/ and on
# bad input.  Prints one line per check and ends with 'e2e: N passed, M failed'.
cd "$(dirname "$0")/.." || exit 2
DYAD=${1:-build/dyad}
CHECK=build/jsonl_check
T=$(mktemp -d /tmp/dyad-e2e-XXXXXX)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
# expect DESC WANT GOT
expect() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: want '$2', got '$3'"; fi; }
# run_dyad ARGS...: runs dyad with a time limit; sets rc, stdout in $T/out, stderr in $T/err
run_dyad() { timeout 120 "$DYAD" "$@" >"$T/out" 2>"$T/err"; rc=$?; }

ntext=$(ls examples/text/*.txt | wc -l)
njsonl=$(grep -c . examples/jsonl/articles.jsonl)
nbriefs=$(grep -c . examples/jsonl/briefs.jsonl)

# --- help, usage, exit codes ---------------------------------------------------
run_dyad --help; expect "dyad --help exits 0" 0 "$rc"
grep -q "annotate" "$T/out" && ok "help lists commands" || bad "help lists commands"
run_dyad; expect "dyad without a command exits 2" 2 "$rc"
run_dyad frobnicate; expect "unknown command exits 2" 2 "$rc"
grep -q "unknown command 'frobnicate'" "$T/err" && ok "unknown command is named" || bad "unknown command is named"
for c in code annotate explain validate ingest query series dict version help; do
    run_dyad "$c" --help; expect "dyad $c --help exits 0" 0 "$rc"
done
run_dyad code --bogus x; expect "unknown option exits 2" 2 "$rc"
run_dyad code --date 2025-13-01 examples/text; expect "bad --date exits 2" 2 "$rc"
run_dyad code --threads 0 examples/text; expect "bad --threads exits 2" 2 "$rc"
run_dyad code --format gdelt2 examples/text; expect "format not yet available exits 3" 3 "$rc"
run_dyad code --format nonsense examples/text; expect "unknown format exits 2" 2 "$rc"
run_dyad version; expect "version exits 0" 0 "$rc"
grep -q '^dyad [0-9]' "$T/out" && ok "version printed" || bad "version printed"

# --- annotate on the examples --------------------------------------------------------
run_dyad annotate examples/text; expect "annotate examples/text exits 0" 0 "$rc"
expect "one JSON object per text file" "$ntext" "$($CHECK <"$T/out")"
cp "$T/out" "$T/first"
run_dyad annotate examples/text; cmp -s "$T/out" "$T/first" && ok "annotate is deterministic" || bad "annotate is deterministic"
sents=$($CHECK sentences <"$T/first" | awk '{s+=$1} END {print s+0}')
[ "$sents" -gt $((ntext * 4)) ] && ok "examples have many sentences ($sents)" || bad "too few sentences: $sents"
datelines=$(grep -c '"dateline":{' "$T/first")
[ "$datelines" -ge $((ntext / 2)) ] && ok "datelines recognised in $datelines of $ntext articles" || bad "datelines: only $datelines"
run_dyad annotate examples/jsonl/articles.jsonl; expect "annotate articles.jsonl exits 0" 0 "$rc"
expect "one object per JSONL line" "$njsonl" "$($CHECK <"$T/out")"
expect "ids come from the JSON" "$(head -c 300 examples/jsonl/articles.jsonl | sed -E 's/.*"id": *"([^"]*)".*/\1/' | head -n 1)" "$($CHECK doc <"$T/out" | head -n 1)"
run_dyad annotate examples; expect "annotate examples/ (dir, mixed) exits 0" 0 "$rc"
expect "all example documents" "$((ntext + njsonl + nbriefs))" "$($CHECK <"$T/out")"

# --- stdin and gzip -------------------------------------------------------------------
timeout 60 "$DYAD" annotate - <examples/jsonl/briefs.jsonl >"$T/out" 2>"$T/err"; rc=$?
expect "stdin JSONL exits 0" 0 "$rc"
expect "stdin JSONL documents" "$nbriefs" "$($CHECK <"$T/out")"
timeout 60 "$DYAD" annotate <examples/text/01-*.txt >"$T/out" 2>"$T/err"; rc=$?
expect "stdin text is one document" "1" "$($CHECK <"$T/out")"
gzip -c examples/jsonl/articles.jsonl >"$T/a.jsonl.gz"
run_dyad annotate "$T/a.jsonl.gz"; expect "gzip JSONL documents" "$njsonl" "$($CHECK <"$T/out")"
gzip -c examples/text/02-*.txt >"$T/b.txt.gz"
run_dyad annotate "$T/b.txt.gz"; expect "gzip text document" "1" "$($CHECK <"$T/out")"
run_dyad code examples; expect "code examples exits 0" 0 "$rc"
grep -q "documents" "$T/err" && ok "code prints a summary on stderr" || bad "code summary"
run_dyad code -q examples; [ ! -s "$T/err" ] && ok "--quiet silences the summary" || bad "--quiet"

# --- bad input -------------------------------------------------------------------------
printf '{"id":"a","text":"First one."}\n{"id":"b","text":"broken\n{"id":"c","text":"Third one."}\n' >"$T/mid.jsonl"
run_dyad annotate "$T/mid.jsonl"; expect "broken JSON line: exit 1" 1 "$rc"
expect "broken JSON line: others kept" "a c" "$($CHECK doc <"$T/out" | tr '\n' ' ' | sed 's/ $//')"
grep -q "mid.jsonl:2: invalid JSON" "$T/err" && ok "broken JSON line named file:line" || bad "broken line message: $(cat "$T/err")"
printf 'Seoul said \xff\xfe it would \xc3 respond.' >"$T/utf8.txt"
run_dyad annotate "$T/utf8.txt"; expect "invalid UTF-8: exit 0 (repaired)" 0 "$rc"
grep -q "utf8.txt: 3 invalid UTF-8 sequences replaced" "$T/err" && ok "invalid UTF-8 reported once with count" || bad "utf8 message: $(cat "$T/err")"
$CHECK <"$T/out" >/dev/null && ok "repaired output is valid JSON" || bad "repaired output JSON"
printf 'Kyiv\0 said\0 on\0 Monday.' >"$T/nul.txt"
run_dyad annotate "$T/nul.txt"; expect "NUL bytes: exit 0" 0 "$rc"
grep -q "nul.txt: 3 NUL or control bytes replaced" "$T/err" && ok "NUL bytes reported" || bad "NUL message: $(cat "$T/err")"
: >"$T/empty.txt"
run_dyad annotate "$T/empty.txt" examples/text/01-*.txt; expect "empty file: exit 1" 1 "$rc"
grep -q "empty.txt: empty document" "$T/err" && ok "empty file named" || bad "empty message"
expect "empty file: next file still read" 1 "$($CHECK <"$T/out")"
run_dyad annotate "$T/does-not-exist.txt" examples/text/01-*.txt; expect "missing file: exit 1" 1 "$rc"
grep -q "does-not-exist.txt: cannot open: No such file" "$T/err" && ok "missing file named" || bad "missing message"
mkdir "$T/locked"; ln -s /nonexistent/target "$T/locked/dangling.txt"
run_dyad annotate "$T/locked"; expect "dangling symlink in dir: exit 1" 1 "$rc"
grep -q "dangling.txt: cannot open" "$T/err" && ok "unreadable file named" || bad "unreadable message: $(cat "$T/err")"
head -c 100000 /dev/urandom >"$T/noise.bin"
run_dyad annotate "$T/noise.bin"; expect "binary file: exit 1" 1 "$rc"
grep -q "noise.bin: binary file" "$T/err" && ok "binary file named" || bad "binary message"
# a 50 MB line in the middle of a JSONL file
{ printf '{"id":"before","text":"Before the giant line."}\n{"id":"giant","text":"'
  head -c 50000000 /dev/zero | tr '\0' 'a'
  printf '"}\n{"id":"after","text":"After the giant line."}\n'; } >"$T/giant.jsonl"
run_dyad annotate "$T/giant.jsonl"; expect "50 MB line: exit 1" 1 "$rc"
expect "50 MB line: neighbours kept" "before after" "$($CHECK doc <"$T/out" | tr '\n' ' ' | sed 's/ $//')"
grep -q "giant.jsonl:2: line longer than the document limit" "$T/err" && ok "50 MB line named file:line" || bad "giant message: $(cat "$T/err")"
run_dyad annotate --max-doc-size 64M "$T/giant.jsonl"; expect "50 MB line accepted with a higher limit" 0 "$rc"
# a 50 MB single-line text file
head -c 50000000 /dev/zero | tr '\0' 'b' >"$T/giant.txt"
run_dyad annotate "$T/giant.txt"; expect "50 MB text file: exit 1" 1 "$rc"
grep -q "giant.txt: document larger than the limit" "$T/err" && ok "50 MB text file named" || bad "giant text message"
# truncated gzip
for i in $(seq 1 400); do printf '{"id":"t%d","text":"Talks number %d ended without agreement."}\n' "$i" "$i"; done | gzip -c >"$T/t.jsonl.gz"
head -c 1500 "$T/t.jsonl.gz" >"$T/trunc.jsonl.gz"
run_dyad annotate "$T/trunc.jsonl.gz" examples/text/01-*.txt; expect "truncated gzip: exit 1" 1 "$rc"
grep -q "trunc.jsonl.gz:[0-9]*: .*unexpected end of file" "$T/err" && ok "truncated gzip named" || bad "trunc message: $(cat "$T/err")"
n=$($CHECK <"$T/out"); [ "$n" -gt 10 ] && ok "truncated gzip: complete lines kept ($((n - 1)))" || bad "truncated gzip kept $n"
# unknown fields, numeric ids, missing ids and dates
printf '{"text":"No id here.","lang":"en","tags":["a"]}\n{"id":12,"text":"Numeric id.","date":"2025-02-30"}\n' >"$T/odd.jsonl"
run_dyad annotate "$T/odd.jsonl"; expect "odd JSONL exits 0" 0 "$rc"
expect "missing id becomes file:line; numeric id kept" "$T/odd.jsonl:1 12" "$($CHECK doc <"$T/out" | tr '\n' ' ' | sed 's/ $//')"
grep -q "odd.jsonl:2: .*date \"2025-02-30\" is not YYYY-MM-DD" "$T/err" && ok "invalid date reported" || bad "date message: $(cat "$T/err")"

# --- explain -------------------------------------------------------------------------
run_dyad explain "The U.S. and Japan held talks in Tokyo on Saturday."
expect "explain exits 0" 0 "$rc"
grep -q "U.S." "$T/out" && grep -q "sentences: 1" "$T/out" && ok "explain shows tokens and sentences" || bad "explain output"
run_dyad explain; expect "explain without a sentence exits 2" 2 "$rc"

# --- dictionaries and events ----------------------------------------------------------------
run_dyad dict stats; expect "dict stats exits 0" 0 "$rc"
grep -q "^people .*person-role entries" "$T/out" && ok "dict stats counts people" || bad "dict stats output"
run_dyad dict code --date 2025-03-22 "Cho Tae-yul" "South Korean troops" "Pyongyang"
expect "dict code" "Cho Tae-yul	KORGOV|South Korean troops	KORMIL|Pyongyang	PRKGOV" "$(tr '\n' '|' <"$T/out" | sed 's/|$//')"
mkdir -p "$T/baddict/actors"; printf 'Gondor [GON]\nBad [lower]\n    adj: x\nRohan\n' >"$T/baddict/actors/x.txt"
run_dyad dict check "$T/baddict"; expect "dict check on a broken dictionary exits 1" 1 "$rc"
grep -q "baddict/actors/x.txt:2: 'lower' is not a code" "$T/err" && ok "dict check names file:line" || bad "dict check message: $(cat "$T/err")"
run_dyad dict stats "$T/no-such-dict"; expect "missing dictionary exits 3" 3 "$rc"
printf '{"id":"e1","date":"2025-03-22","text":"Russian forces attacked Kyiv on Tuesday. North Korea did not fire missiles at Japan."}\n' >"$T/ev.jsonl"
run_dyad code "$T/ev.jsonl"; expect "code with events exits 0" 0 "$rc"
expect "one event, negation not coded" 1 "$($CHECK <"$T/out")"
expect "event fields" "RUSMIL|UKRGOV|190|19|4|Russian forces|Kyiv|2025-03-22" "$(for k in source target code root quad source_text target_text date; do $CHECK $k <"$T/out"; done | tr '\n' '|' | sed 's/|$//')"
grep -q '"pattern":"data/verbs/10-20.txt:[0-9]*"' "$T/out" && ok "event names its pattern" || bad "pattern field: $(cat "$T/out")"
run_dyad code --format tsv "$T/ev.jsonl"; expect "tsv has 13 columns" 13 "$(awk -F'\t' '{print NF}' "$T/out")"
run_dyad explain "Kyiv was attacked by Russian drones overnight." --date 2025-03-22
grep -q "passive" "$T/out" && grep -q "RUSMIL -> UKRGOV" "$T/out" && ok "explain shows the passive and the event" || bad "explain passive: $(cat "$T/out")"
run_dyad annotate "$T/ev.jsonl"; expect "annotate includes events" 1 "$($CHECK events <"$T/out")"

# --- not yet available commands fail clearly --------------------------------------------------
run_dyad ingest examples --db "$T/x.db"; expect "ingest not yet available exits 3" 3 "$rc"

echo "e2e: $pass passed, $fail failed"
[ "$fail" = 0 ]
