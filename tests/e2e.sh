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
run_dyad code --format gdelt2 examples/text; expect "--format gdelt2 exits 0" 0 "$rc"
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
# the event is dated by its own clause: "on Tuesday" before Saturday 2025-03-22
expect "event fields" "RUSMIL|UKRGOV|190|19|4|Russian forces|Kyiv|2025-03-18" "$(for k in source target code root quad source_text target_text date; do $CHECK $k <"$T/out"; done | tr '\n' '|' | sed 's/|$//')"
grep -q '"pattern":"data/verbs/10-20.txt:[0-9]*"' "$T/out" && ok "event names its pattern" || bad "pattern field: $(cat "$T/out")"
run_dyad code --format tsv "$T/ev.jsonl"; expect "tsv has 13 columns" 13 "$(awk -F'\t' '{print NF}' "$T/out")"
run_dyad explain "Kyiv was attacked by Russian drones overnight." --date 2025-03-22
grep -q "passive" "$T/out" && grep -q "RUSMIL -> UKRGOV" "$T/out" && ok "explain shows the passive and the event" || bad "explain passive: $(cat "$T/out")"
run_dyad annotate "$T/ev.jsonl"; expect "annotate includes events" 1 "$($CHECK events <"$T/out")"
# document context: people across sentences, quotations, event dates and places; --no-context
printf '{"id":"c1","date":"2025-03-22","text":"TOKYO (Reuters) - Kenyan Foreign Minister Musalia Mudavadi met Japanese Foreign Minister Takeshi Iwaya in Tokyo on Saturday.\\n\\n\\"We want more trade,\\" Mudavadi told reporters. He criticized Russia a day after Moscow expelled two Kenyan diplomats."}\n' >"$T/ctx.jsonl"
run_dyad annotate "$T/ctx.jsonl"; expect "annotate with context exits 0" 0 "$rc"
grep -q '"name":"Musalia Mudavadi","code":"KENGOV"' "$T/out" && ok "a person introduced with a role" || bad "people: $(cat "$T/out" | head -c 600)"
grep -q '"text":"We want more trade,".*"code":"KENGOV"' "$T/out" && ok "quotation attributed through the surname" || bad "quotes"
grep -q '"text":"He".*"code":"KENGOV","how":"pronoun"' "$T/out" && ok "pronoun across sentences" || bad "pronoun mention"
run_dyad code "$T/ctx.jsonl" --format tsv
grep -q '	KENGOV	RUS	' "$T/out" && ok "event from a pronoun resolved across sentences" || bad "pronoun event: $(cat "$T/out")"
grep -q '	2025-03-21	RUSGOV	KENGOV	' "$T/out" && ok "'a day after' dates the clause after it from the clause's date" || bad "shifted date: $(cat "$T/out")"
run_dyad code "$T/ctx.jsonl"
grep -q '"date_precision":"day"' "$T/out" && grep -q '"place":{"name":"Tokyo","country":"JPN"' "$T/out" && ok "date precision and place in jsonl" || bad "place/precision: $(head -c 400 "$T/out")"
run_dyad code "$T/ctx.jsonl" --no-context --format tsv
grep -q '	KENGOV	RUS	' "$T/out" && bad "--no-context still resolves pronouns across sentences" || ok "--no-context codes sentences on their own"

# --- validate: peer validation records ------------------------------------------------------
run_dyad validate; expect "validate without records exits 2" 2 "$rc"
run_dyad validate "$T/no-such-records.text"; expect "validate on missing records exits 3" 3 "$rc"
if [ -d ../shared/peers/tabari ] && [ -d ../shared/peers/petrarch2 ]; then
    for f in ../shared/peers/tabari/Validate.text ../shared/peers/petrarch2/PETR.UnitTest.records.xml; do
        run_dyad validate "$f"; expect "validate $(basename "$f") exits 0" 0 "$rc"
        tail -n 1 "$T/out" | grep -Eq '^[0-9]+ passed, [0-9]+ failed$' && ok "validate $(basename "$f"): last line '$(tail -n 1 "$T/out")'" \
            || bad "validate $(basename "$f") last line: $(tail -n 1 "$T/out")"
    done
    grep -q '^records: 279 ' "$T/out" && ok "PETRARCH suite: 279 sentence=\"true\" records" || bad "PETRARCH records: $(grep '^records' "$T/out")"
else
    echo "skip validate on ../shared/peers (absent)"
fi
# a tiny TABARI set: dictionaries named by the .project next to the records
mkdir -p "$T/val"
printf 'GONDOR  [GON]\nMORDOR  [MOR]\nROHAN  [ROH]\n' >"$T/val/mini.actors"
printf 'ATTACKED  [190]\n- * +  [190]\nPRAISED  [051]\n- * +  [051]\n' >"$T/val/mini.verbs"
printf '<actorsfile> mini.actors\n<verbsfile> mini.verbs\n<textfile> mini.text\n' >"$T/val/mini.project"
cat >"$T/val/mini.text" <<'RECORDS'
# a tiny validation file (TABARI skips sentences under 8 words until MINIMUM WORDS says otherwise)
950101  PASS-01
Gondor attacked Mordor on Monday near the old river crossing.
/*\n{ GON / MOR / 190 } */

950101  FAIL-01
Rohan praised Gondor on Tuesday at a feast in Edoras.
/*\n{ ROH / MOR / 051 } */

950101  NONE-01
The weather was fine on Wednesday in all three of the kingdoms.
/*\n{---} */

950101  OPTION-01
Changing an option.
/*\n{ OPTION: SET: MINIMUM WORDS = 4 } */

950101  BAD-01
Gondor attacked Mordor.
/*\n{ GON / MOR } */

950101  PASS-02
Mordor attacked Rohan at dawn.
/*\n{ MOR / ROH / 190 } */

950101  SHORT-01
Mordor attacked Rohan.
/*\n{---} */

990101  FINAL-01
The end of the standard suite.

950101  AFTER-01
Gondor attacked Mordor again.
/*\n{ GON / MOR / 190 } */
RECORDS
run_dyad validate "$T/val/mini.text"; expect "validate mini TABARI exits 0" 0 "$rc"
expect "mini TABARI: pass, fail, {---}, a sentence under MINIMUM WORDS" "4 passed, 1 failed" "$(tail -n 1 "$T/out")"
grep -q '^FAIL FAIL-01 ' "$T/out" && grep -q 'expected: { ROH / MOR / 051 }' "$T/out" && ok "mismatch shows id and expected events" \
    || bad "mismatch report: $(cat "$T/out")"
grep -q '^options: 1 applied' "$T/out" && grep -q 'option applied (OPTION-01.*MINIMUM WORDS = 4' "$T/out" && ok "option record applied" \
    || bad "option line: $(grep option "$T/out")"
grep -q "mini.text:20: .*BAD-01.*cannot read '{GON / MOR}'" "$T/err" && ok "malformed record named file:line" || bad "malformed message: $(cat "$T/err")"
run_dyad validate --all "$T/val/mini.text"; expect "--all runs past FINAL-01" "5 passed, 1 failed" "$(tail -n 1 "$T/out")"
run_dyad validate "$T/val/mini.text" --dict "$T/val/mini.actors" --dict "$T/val/mini.verbs"
expect "validate with --dict" "4 passed, 1 failed" "$(tail -n 1 "$T/out")"
cp "$T/val/mini.text" "$T/val/orphan.text"; rm "$T/val/mini.project"
run_dyad validate "$T/val/orphan.text"; expect "TABARI records without a .project exit 3" 3 "$rc"
grep -q "no .project file" "$T/err" && ok "missing .project explained" || bad "missing project message: $(cat "$T/err")"
# a tiny PETRARCH set: dictionaries named by <Environment>
printf 'GONDOR  [GON]\nMORDOR  [MOR]\nROHAN  [ROH]\n' >"$T/val/PETR.Mini.actors.txt"
printf -- '--- ATTACK  [190]  ---\nATTACK\n- * +  [190]\n\n--- PRAISE  [051]  ---\nPRAISE\n- * +  [051]\n' >"$T/val/PETR.Mini.verbs.txt"
cat >"$T/val/mini.xml" <<'RECORDS'
<Validation>
<Environment>
    <Verbfile>PETR.Mini.verbs.txt</Verbfile>
    <Actorfile>PETR.Mini.actors.txt</Actorfile>
</Environment>
<Sentences>
<Sentence date="19950101" id="PASS-01" category="DEMO" sentence="true">
<EventCoding sourcecode="GON" targetcode="MOR" eventcode="190"></EventCoding>
<Text>
Gondor attacked Mordor &amp; its allies on Monday.
</Text>
<Parse>(ROOT (S (NP (NNP Rohan)) (VP (VBD praised) (NP (NNP Gondor)))))</Parse>
</Sentence>
<Sentence date="19950102" id="FAIL-01" category="DEMO" sentence="true">
<EventCoding sourcecode="ROH" targetcode="MOR" eventcode="051"/>
<Text>Rohan praised Gondor on Tuesday.</Text>
</Sentence>
<Sentence date = "19950103" id ="NONE-01" category="DEMO" sentence="true">
<EventCoding noevents = "True"></EventCoding>
<Text>The weather was fine on Wednesday.</Text>
</Sentence>
<Config option="require_dyad" value="false"></Config>
<Sentence date="19950103" id="OFF-01" category="DEMO" sentence="false">
<EventCoding sourcecode="GON" targetcode="MOR" eventcode="190"></EventCoding>
<Text>Gondor attacked Mordor.</Text>
</Sentence>
<Sentence date="19950104" id="PARSE-01" category="ERROR" sentence="true">
<EventCoding error="bad_input_parse"></EventCoding>
<Text>Gondor attacked Mordor.</Text>
</Sentence>
<Sentence date="19950105" id="BAD-01" category="DEMO" sentence="true">
<EventCoding sourcecode="GON" eventcode="190"></EventCoding>
<Text>Gondor attacked Mordor.</Text>
</Sentence>
<Sentence date="19950106" id="PASS-02" category="DEMO" sentence="true">
<EventCoding sourcecode='MOR' targetcode="ROH" eventcode="190"></EventCoding>
<Text>Mordor attacked Rohan.</Text>
</Sentence>
</Sentences>
</Validation>
RECORDS
run_dyad validate "$T/val/mini.xml"; expect "validate mini PETRARCH exits 0" 0 "$rc"
expect "mini PETRARCH: pass, fail, noevents (text coded, not the parse)" "3 passed, 1 failed" "$(tail -n 1 "$T/out")"
grep -q '^skipped: 1 .*bad_input_parse' "$T/out" && ok "error=bad_input_parse skipped" || bad "skipped: $(grep skipped "$T/out")"
grep -q 'not run: 1 ' "$T/out" && ok "sentence=\"false\" not run" || bad "not run: $(cat "$T/out")"
grep -q 'option not applied (line 22): require_dyad = false' "$T/out" && ok "<Config> option listed" || bad "config: $(grep option "$T/out")"
grep -q "mini.xml:32: .*BAD-01.*needs sourcecode, targetcode and eventcode" "$T/err" && ok "malformed <EventCoding> named file:line" \
    || bad "malformed XML message: $(cat "$T/err")"
printf '<Validation>\n<Environment><Verbfile>PETR.Missing.verbs.txt</Verbfile></Environment>\n</Validation>\n' >"$T/val/nodict.xml"
run_dyad validate "$T/val/nodict.xml"; expect "PETRARCH records naming a missing dictionary exit 3" 3 "$rc"

# --- output formats (docs/formats.md) --------------------------------------------------------
printf '{"id":"f1","date":"2025-03-22","url":"https://example.org/f1","source":"Wire","text":"South Korea accused North Korea of firing missiles. On Friday, the United Nations praised Japan.\\n\\nHamas fighters attacked Israeli troops."}\n{"id":"f2","date":"2025-03-23","text":"Russian forces attacked Kyiv on Tuesday."}\n' >"$T/fmt.jsonl"
run_dyad code "$T/fmt.jsonl"; nev=$($CHECK <"$T/out")
expect "formats sample: 4 events" 4 "$nev"
# FORMAT:COLUMNS:HEADER_LINES; CSV is counted after replacing quoted fields (one has a comma)
for spec in gdelt2:61:0 gdelt1:58:0 icews:20:1 phoenix:26:0 polecat:40:1 tsv:13:0 csv:13:1; do
    f=${spec%%:*}; rest=${spec#*:}; cols=${rest%%:*}; hdr=${rest#*:}
    run_dyad code --format "$f" "$T/fmt.jsonl"; expect "--format $f exits 0" 0 "$rc"
    expect "--format $f: one line per event plus $hdr header" "$((nev + hdr))" "$(wc -l <"$T/out" | tr -d ' ')"
    if [ "$f" = csv ]; then got=$(sed -E 's/"([^"]|"")*"/Q/g' "$T/out" | awk -F, '{print NF}' | sort -u | tr '\n' ' ')
    else got=$(awk -F'\t' '{print NF}' "$T/out" | sort -u | tr '\n' ' '); fi
    expect "--format $f: $cols columns on every line" "$cols " "$got"
    cp "$T/out" "$T/fmt.$f"
done
expect "gdelt2 values: date, actors, codes, quad, Goldstein, DATEADDED, URL" \
    "20250322|202503|2025|KOR|SOUTH KOREA|KOR|PRK|1|1123|112|11|3|-2.0|20250322000000|https://example.org/f1" \
    "$(awk -F'\t' 'NR==1 {print $2"|"$3"|"$4"|"$6"|"$7"|"$8"|"$16"|"$26"|"$27"|"$28"|"$29"|"$30"|"$31"|"$60"|"$61}' "$T/fmt.gdelt2")"
expect "gdelt2: event ids count across documents" "1 2 3 4" "$(cut -f1 "$T/fmt.gdelt2" | tr '\n' ' ' | sed 's/ $//')"
expect "gdelt2: known group and type of IGOUNO" "IGOUNO|UNO|IGO" "$(awk -F'\t' 'NR==2 {print $6"|"$9"|"$13}' "$T/fmt.gdelt2")"
expect "gdelt1: DATEADDED is YYYYMMDD" "20250322" "$(awk -F'\t' 'NR==1 {print $57}' "$T/fmt.gdelt1")"
expect "icews header" "Event ID|Event Date|Source Name" "$(head -n 1 "$T/fmt.icews" | cut -f1-3 | tr '\t' '|')"
expect "icews values" "2025-03-22|South Korea|South Korea|1123|-2.0|North Korea|f1|1|Wire" \
    "$(awk -F'\t' 'NR==2 {print $2"|"$3"|"$5"|"$7"|"$8"|"$11"|"$12"|"$13"|"$14}' "$T/fmt.icews")"
expect "phoenix values" "20250318|2025|03|18|RUSMIL|RUS|MIL||190|19|4|f2_0|" \
    "$(awk -F'\t' 'NR==4 {print $2"|"$3"|"$4"|"$5"|"$6"|"$7"|"$8"|"$9"|"$14"|"$15"|"$16"|"$24"|"$26}' "$T/fmt.phoenix")"
expect "polecat values: type, ISO3 and COW" "ACCUSE|KOR|732|PRK|731|2025-03-22|en" \
    "$(awk -F'\t' 'NR==2 {print $3"|"$9"|"$10"|"$17"|"$18"|"$35"|"$39}' "$T/fmt.polecat")"
run_dyad code --format plover "$T/fmt.jsonl"; expect "--format plover exits 0" 0 "$rc"
expect "plover: one JSON object per event" "$nev" "$($CHECK <"$T/out")"
expect "plover: events and ids" "ACCUSE SUPPORT ASSAULT ASSAULT|1 2 3 4" \
    "$($CHECK event <"$T/out" | tr '\n' ' ' | sed 's/ $//')|$($CHECK id <"$T/out" | tr '\n' ' ' | sed 's/ $//')"
run_dyad code --format csv "$T/fmt.jsonl" "$T/fmt.jsonl"; expect "csv: one header for the run" 1 "$(grep -c '^doc,sentence,' "$T/out")"

# --- series: time series and plots from a hand-made store (tests/series.sql, docs/series.md) ---
# svg_get FILE width|height|title: a root attribute or the <title> of an SVG file; fails when it is not XML
svg_get() {
    if command -v xmllint >/dev/null 2>&1; then
        if [ "$2" = title ]; then xmllint --xpath "string(/*/*[local-name()='title'])" "$1"
        else xmllint --xpath "string(/*/@$2)" "$1"; fi
    else python3 -c 'import sys, xml.etree.ElementTree as E
r = E.parse(sys.argv[1]).getroot()
print(r.findtext("{http://www.w3.org/2000/svg}title") if sys.argv[2] == "title" else r.get(sys.argv[2]), end="")' "$1" "$2"; fi
}
png_sig() { od -An -tx1 -N8 "$1" | tr -d ' \n'; }
png_size() { od -An -tu1 -j12 -N12 "$1" | awk '{printf "%c%c%c%c %dx%d", $1, $2, $3, $4, $5*16777216+$6*65536+$7*256+$8, $9*16777216+$10*65536+$11*256+$12}'; }
SDB="$T/series.db"
if sqlite3 "$SDB" <tests/series.sql 2>"$T/err"; then ok "series test store created"; else bad "series test store: $(cat "$T/err")"; fi
run_dyad series --db "$SDB" --dyad KOR:JPN; expect "series exits 0" 0 "$rc"
expect "series: events per month, empty months as zeros" "2024-01:4 2024-02:1 2024-03:0 2024-04:2 total:7" \
    "$(awk 'NR > 1 {printf "%s%s:%s", (NR > 2 ? " " : ""), $1, $2}' "$T/out")"
run_dyad series --db "$SDB" --dyad KOR:JPN --format csv
expect "series csv: header and 4 months" 5 "$(wc -l <"$T/out")"
expect "series csv: January" "2024-01,2024-01-01,2024-01-31,4,2,1,1,0,2,8,2.66667" "$(sed -n 2p "$T/out")"
expect "series csv: an empty month" "2024-03,2024-03-01,2024-03-31,0,0,0,0,0,0,0," "$(sed -n 4p "$T/out")"
run_dyad series --db "$SDB" --dyad KOR:JPN --both --format csv
expect "series --both: 13 months to Jan 2025" 14 "$(wc -l <"$T/out")"
expect "series --both: March has B->A only" "2024-03 1 0 1" "$(awk -F, '$1 == "2024-03" {print $1, $4, $12, $20}' "$T/out")"
run_dyad series --db "$SDB" --dyad KOR:JPN --both --by year --format csv
expect "series --by year" "2024:9 2025:1" "$(awk -F, 'NR > 1 {printf "%s%s:%s", (NR > 2 ? " " : ""), $1, $4}' "$T/out")"
run_dyad series --db "$SDB" --dyad JPN:KOR --by week --from 2024-12-25 --format csv
expect "series --by week: ISO week 2025-W01 starts 2024-12-30" "2024-W52,2024-12-23,2024-12-29,0|2025-W01,2024-12-30,2025-01-05,2" \
    "$(cut -d, -f1-4 "$T/out" | sed 1d | tr '\n' '|' | sed 's/|$//')"
run_dyad series --db "$SDB" --dyad KOR:JPN --by day --format jsonl
expect "series --by day: 78 days of a leap year, one JSON object each" 78 "$($CHECK <"$T/out")"
grep -q '^{"period":"2024-02-29","start":"2024-02-29","end":"2024-02-29","events":1,' "$T/out" && ok "series: 29 February" || bad "series: 29 February"
for evil in "KOR' OR 1=1 --:JPN" "%:%" "_OR:JPN" "KOR;DROP TABLE events:JPN"; do
    run_dyad series --db "$SDB" --dyad "$evil" --both --format csv
    expect "series: SQL metacharacters inert ($evil)" "0|1" "$rc|$(wc -l <"$T/out" | tr -d ' ')"
done
expect "series: the store is intact" 15 "$(sqlite3 "$SDB" 'SELECT count(*) FROM events')"
run_dyad series --db "$SDB" --top 3 --format csv
expect "series --top: the top dyads" "1,KOR,JPN,7|2,JPN,KOR,3|3,IGOUNO,KOR,1" "$(cut -d, -f1-4 "$T/out" | sed 1d | tr '\n' '|' | sed 's/|$//')"
run_dyad series --db "$SDB" --dyad KOR:JPN --both --plot "$T/s.svg"; expect "series --plot svg exits 0" 0 "$rc"
[ ! -s "$T/out" ] && ok "series --plot: no table unless --format" || bad "series --plot printed a table"
expect "series svg: XML with width and height" "1000x560" "$(svg_get "$T/s.svg" width)x$(svg_get "$T/s.svg" height)"
expect "series svg: title" "KOR ↔ JPN, events per month" "$(svg_get "$T/s.svg" title)"
run_dyad series --db "$SDB" --dyad KOR:JPN --by week --plot "$T/s.png" --size 1200x700 --line net; expect "series --plot png exits 0" 0 "$rc"
expect "series png: signature" "89504e470d0a1a0a" "$(png_sig "$T/s.png")"
expect "series png: IHDR size equals --size" "IHDR 1200x700" "$(png_size "$T/s.png")"
run_dyad series --db "$SDB" --dyad KOR:JPN --plot "$T/s.pdf"; expect "series pdf" "0 %PDF" "$rc $(head -c 4 "$T/s.pdf")"
run_dyad series --db "$SDB" --top 4 --plot "$T/heat.png"; expect "series --top --plot png" "0 IHDR 1000x560" "$rc $(png_size "$T/heat.png")"
run_dyad series --db "$SDB" --top 4 --value goldstein --size 800x800 --plot "$T/heat.svg"
expect "series heatmap svg" "0 800x800" "$rc $(svg_get "$T/heat.svg" width)x$(svg_get "$T/heat.svg" height)"
run_dyad series --dyad KOR:JPN; expect "series without --db exits 2" 2 "$rc"
run_dyad series --db "$SDB" --dyad KORJPN; expect "series --dyad without a colon exits 2" 2 "$rc"
run_dyad series --db "$SDB" --dyad KOR:JPN --by fortnight; expect "series bad --by exits 2" 2 "$rc"
run_dyad series --db "$SDB" --dyad KOR:JPN --from 2024-02-30; expect "series bad --from exits 2" 2 "$rc"
run_dyad series --db "$SDB" --dyad KOR:JPN --size 10x10 --plot "$T/x.png"; expect "series bad --size exits 2" 2 "$rc"
run_dyad series --db "$SDB" --dyad KOR:JPN --plot "$T/x.gif"; expect "series unknown plot type exits 2" 2 "$rc"
run_dyad series --db "$T/none.db" --dyad KOR:JPN; expect "series missing store exits 3" 3 "$rc"
[ ! -e "$T/none.db" ] && ok "series does not create a store" || bad "series created $T/none.db"
run_dyad series --db tests/series.sql --dyad KOR:JPN; expect "series on a non-store exits 3" 3 "$rc"
run_dyad series --db "$SDB" --dyad KOR:JPN --plot /nonexistent/dir/x.png; expect "series unwritable plot exits 3" 3 "$rc"

# --- event store: ingest and query (docs/store.md) ---------------------------------------------
# csv_cols: the number of fields of each CSV record (RFC 4180: quoted fields may hold commas,
# doubled quotes and line breaks), one line per record
csv_cols() { awk '{ buf = pend ? buf "\n" $0 : $0; if (gsub(/"/, "\"", buf) % 2) { pend = 1; next }
                    pend = 0; s = buf; gsub(/"[^"]*"/, "", s); print gsub(/,/, ",", s) + 1 }' "$@"; }
# store_sig DB: the store's counts, for before/after comparisons
store_sig() { sqlite3 "$1" "SELECT (SELECT count(*) FROM documents) || ' docs ' || (SELECT count(*) FROM events) || ' events '
    || (SELECT coalesce(max(event_id), 0) FROM events) || ' max ' || (SELECT count(*) FROM actors) || ' actors'"; }
nall=$((ntext + njsonl + nbriefs))
DB="$T/store.db"
run_dyad ingest examples --db "$DB"; expect "ingest examples/ exits 0" 0 "$rc"
grep -q "$nall documents: $nall new, 0 unchanged" "$T/err" && ok "ingest summary on stderr" || bad "ingest summary: $(cat "$T/err")"
expect "store schema version 3" 3 "$(sqlite3 "$DB" "SELECT value FROM meta WHERE key = 'schema_version'")"
expect "documents table holds every example" "$nall" "$(sqlite3 "$DB" 'SELECT count(*) FROM documents')"
# the store an ingest writes is the store series reads (a regression once: series wanted version 1)
run_dyad series --db "$DB" --dyad KOR:JPN --format csv; expect "series on an ingested store exits 0" 0 "$rc"
expect "mentions and quotations stored" "yes" "$(sqlite3 "$DB" "SELECT CASE WHEN (SELECT count(*) FROM mentions) > 100 AND (SELECT count(*) FROM quotes) > 20 THEN 'yes' ELSE 'no' END")"
expect "events with places stored" "yes" "$(sqlite3 "$DB" "SELECT CASE WHEN count(*) > 100 THEN 'yes' ELSE 'no' END FROM events WHERE city != '' AND latitude IS NOT NULL")"
run_dyad code -q examples; cp "$T/out" "$T/code.jsonl"
nev=$(wc -l <"$T/code.jsonl")
run_dyad query --db "$DB" --format jsonl; expect "query --format jsonl exits 0" 0 "$rc"
cp "$T/out" "$T/q1.jsonl"
expect "query: one event record per stored event" "$nev" "$($CHECK <"$T/q1.jsonl")"
[ "$nev" -gt 100 ] && ok "examples give many events ($nev)" || bad "too few events: $nev"
cmp -s <(sort "$T/code.jsonl") <(sort "$T/q1.jsonl") && ok "ingest + query = dyad code on the same input" \
    || bad "query differs from code: $(diff <(sort "$T/code.jsonl") <(sort "$T/q1.jsonl") | head -n 3)"
cmp -s "$T/code.jsonl" "$T/q1.jsonl" && ok "query keeps input order (event_id)" || bad "query order differs from code"
sig1=$(store_sig "$DB")
run_dyad query --db "$DB" --format columns; cp "$T/out" "$T/c1.csv"
run_dyad ingest examples --db "$DB"; expect "ingest again exits 0" 0 "$rc"
grep -q "0 new, $nall unchanged, 0 replaced" "$T/err" && ok "ingest again: every document unchanged" || bad "ingest again: $(cat "$T/err")"
expect "ingest again: same counts" "$sig1" "$(store_sig "$DB")"
run_dyad query --db "$DB" --format columns
cmp -s "$T/out" "$T/c1.csv" && ok "ingest again: identical store (every column, event ids)" || bad "ingest again changed the store"
run_dyad ingest examples --db "$T/store1.db" --threads 1 -q; expect "ingest --threads 1 exits 0" 0 "$rc"
timeout 120 "$DYAD" query --db "$T/store1.db" --format columns >"$T/out" 2>/dev/null
cmp -s "$T/out" "$T/c1.csv" && ok "same store with 1 thread as with all cores" || bad "thread count changes the store"
expect "sentences_fts index consistent" "ok" "$(sqlite3 "$DB" "INSERT INTO sentences_fts(sentences_fts) VALUES ('integrity-check')" 2>&1 && echo ok)"
expect "sentences: one row per sentence with events" "$(sqlite3 "$DB" 'SELECT count(*) FROM (SELECT DISTINCT story_id, sentence_number FROM events)')" \
    "$(sqlite3 "$DB" 'SELECT count(*) FROM sentences')"
expect "sentences: every event points to its own sentence" "$nev" "$(sqlite3 "$DB" 'SELECT count(*) FROM events e JOIN sentences s
    USING (sentence_key) WHERE s.doc_key = e.story_id AND s.sentence = e.sentence_number AND s.text = e.sentence_text')"
# a store of schema 2 (full-text index per event, no sentences table) is read as it is, upgraded by ingest
sqlite3 "$DB" ".backup '$T/v2.db'"
sqlite3 "$T/v2.db" "DROP TABLE sentences_fts; DROP TABLE sentences; ALTER TABLE events DROP COLUMN sentence_key;
    CREATE VIRTUAL TABLE events_fts USING fts5(sentence_text, content='events', content_rowid='event_id');
    INSERT INTO events_fts(events_fts) VALUES ('rebuild'); UPDATE meta SET value = '2' WHERE key = 'schema_version'"
run_dyad query --db "$DB" --format jsonl --text '"military cooperation" OR missile*'; cp "$T/out" "$T/t3.jsonl"
run_dyad query --db "$T/v2.db" --format jsonl --text '"military cooperation" OR missile*'
[ -s "$T/out" ] && cmp -s "$T/out" "$T/t3.jsonl" && ok "schema 2 store: query --text reads it as it is" || bad "schema 2 store: query --text differs"
expect "schema 2 store: a query does not upgrade it" 2 "$(sqlite3 "$T/v2.db" "SELECT value FROM meta WHERE key = 'schema_version'")"
run_dyad ingest examples --db "$T/v2.db"; expect "schema 2 store: ingest exits 0" 0 "$rc"
grep -q "0 new, $nall unchanged" "$T/err" && ok "schema 2 store: its documents are kept" || bad "schema 2 store: $(cat "$T/err")"
expect "schema 2 store: upgraded to 3" "3|0" "$(sqlite3 "$T/v2.db" "SELECT value FROM meta WHERE key = 'schema_version'; SELECT count(*) FROM sqlite_master WHERE name = 'events_fts'" | tr '\n' '|' | sed 's/|$//')"
timeout 120 "$DYAD" query --db "$T/v2.db" --format columns >"$T/out" 2>/dev/null
cmp -s "$T/out" "$T/c1.csv" && ok "schema 2 store upgraded: same events" || bad "schema 2 store upgraded: events differ"
run_dyad query --db "$T/v2.db" --format jsonl --text '"military cooperation" OR missile*'
cmp -s "$T/out" "$T/t3.jsonl" && ok "schema 2 store upgraded: same --text results" || bad "schema 2 store upgraded: --text differs"
expect "schema 2 store upgraded: sentences as a new store's" "$(sqlite3 "$DB" 'SELECT doc_key, sentence, text FROM sentences' | md5sum)" \
    "$(sqlite3 "$T/v2.db" 'SELECT doc_key, sentence, text FROM sentences' | md5sum)"
expect "event_counts: mentions of first events sum to all events" "$nev" \
    "$(sqlite3 "$DB" 'SELECT sum(mentions) FROM event_counts WHERE event_id = first_event_id')"
# formats
run_dyad query --db "$DB"; expect "query (table) exits 0" 0 "$rc"
expect "table: a header and one line per event" "$((nev + 1))" "$(wc -l <"$T/out")"
head -n 1 "$T/out" | grep -q '^event_id  date  *source  *target  *code' && ok "table header" || bad "table header: $(head -n 1 "$T/out")"
expect "table: columns aligned" 0 "$(awk 'NR == 1 {p = index($0, "source")} NR > 1 && (substr($0, p - 1, 1) != " " || substr($0, p, 1) == " ") {n++} END {print n + 0}' "$T/out")"
expect "columns: 34 fields in every record" "34" "$(csv_cols "$T/c1.csv" | sort -u | tr '\n' ' ' | sed 's/ $//')"
expect "columns: header and one record per event" "$((nev + 1))" "$(csv_cols "$T/c1.csv" | wc -l)"
run_dyad query --db "$DB" --format csv
expect "csv: 13 fields in every record" "13" "$(csv_cols "$T/out" | sort -u | tr '\n' ' ' | sed 's/ $//')"
expect "csv: header and one record per event" "$((nev + 1))" "$(csv_cols "$T/out" | wc -l)"
run_dyad query --db "$DB" --format gdelt2 --limit 20
expect "gdelt2: 61 tab-separated fields" "61" "$(awk -F'\t' '{print NF}' "$T/out" | sort -u | tr '\n' ' ' | sed 's/ $//')"
expect "--limit 20" 20 "$(wc -l <"$T/out")"
run_dyad query --db "$DB" --format nonsense; expect "unknown query format exits 2" 2 "$rc"
# filters
run_dyad query --db "$DB" --format jsonl --source KOR
nkor=$(wc -l <"$T/out")
[ "$nkor" -gt 0 ] && ok "--source KOR finds events ($nkor)" || bad "--source KOR found nothing"
expect "--source KOR: every source is KOR..." "$nkor" "$(grep -c '"source":"KOR' "$T/out")"
expect "--source matches the store" "$nkor" "$(sqlite3 "$DB" "SELECT count(*) FROM events WHERE source_code LIKE 'KOR%' OR source_iso3 = 'KOR'")"
run_dyad query --db "$DB" --format jsonl --source kor --target PRK --code 1
expect "--source/--target/--code combine" "$(sqlite3 "$DB" "SELECT count(*) FROM events WHERE source_code LIKE 'KOR%' AND target_code LIKE 'PRK%' AND cameo_code LIKE '1%'")" "$(wc -l <"$T/out")"
d1=$(sqlite3 "$DB" "SELECT event_date FROM events WHERE event_date != '' GROUP BY event_date ORDER BY count(*) DESC LIMIT 1")
run_dyad query --db "$DB" --format jsonl --from "$d1" --to "$d1"
expect "--from/--to are inclusive ($d1)" "$(sqlite3 "$DB" "SELECT count(*) FROM events WHERE event_date = '$d1'")" "$(wc -l <"$T/out")"
run_dyad query --db "$DB" --format jsonl --from "${d1%-*}" --to "${d1%-*}"
expect "--from/--to YYYY-MM cover the month" "$(sqlite3 "$DB" "SELECT count(*) FROM events WHERE event_date LIKE '${d1%-*}-%'")" "$(wc -l <"$T/out")"
run_dyad query --db "$DB" --format jsonl --root 4 --quad 1
expect "--root 4 --quad 1" "$(sqlite3 "$DB" "SELECT count(*) FROM events WHERE root_code = '04' AND quad_class = 1")" "$(wc -l <"$T/out")"
run_dyad query --db "$DB" --format jsonl --text missile
nm=$(wc -l <"$T/out")
[ "$nm" -gt 0 ] && [ "$nm" = "$(grep -ci 'missile' "$T/out")" ] && ok "--text: full-text search ($nm events)" || bad "--text missile: $nm"
run_dyad query --db "$DB" --format jsonl --one-a-day
expect "--one-a-day keeps one event per (date, source, target, code)" \
    "$(sqlite3 "$DB" 'SELECT count(*) FROM (SELECT DISTINCT event_date, source_code, target_code, cameo_code FROM events)')" "$(wc -l <"$T/out")"
[ "$(wc -l <"$T/out")" -lt "$nev" ] && ok "--one-a-day removes duplicates" || bad "--one-a-day removed nothing"
for evil in "KOR'; DROP TABLE events;--" "%" "_" "' OR '1'='1" 'KOR") OR 1=1 --'; do
    run_dyad query --db "$DB" --format jsonl --source "$evil" --target "$evil"
    expect "query: SQL metacharacters inert ($evil)" "0|0" "$rc|$(wc -l <"$T/out" | tr -d ' ')"
    run_dyad query --db "$DB" --format jsonl --code "$evil"
    expect "query --code: SQL metacharacters inert ($evil)" "0|0" "$rc|$(wc -l <"$T/out" | tr -d ' ')"
done
expect "query: the store is intact" "$sig1" "$(store_sig "$DB")"
run_dyad query --db "$DB" --from "2025-01-01' OR 1=1"; expect "bad --from exits 2" 2 "$rc"
run_dyad query --db "$DB" --text 'missile AND ('; expect "bad --text exits 2" 2 "$rc"
run_dyad query --db "$DB" --quad 5; expect "bad --quad exits 2" 2 "$rc"
run_dyad query --format jsonl; expect "query without --db exits 2" 2 "$rc"
run_dyad query --db "$T/none.db"; expect "query on a missing store exits 3" 3 "$rc"
[ ! -e "$T/none.db" ] && ok "query does not create a store" || bad "query created $T/none.db"
run_dyad ingest examples; expect "ingest without --db exits 2" 2 "$rc"
printf 'x' >"$T/notdb.db"; printf 'not sqlite, just text, long enough to fill a database header page......\n' >>"$T/notdb.db"
run_dyad ingest examples/text --db "$T/notdb.db"; expect "ingest into a non-store file exits 3" 3 "$rc"
# resume: kill -9 in the middle, run again, and get the store of an uninterrupted run
MB=20; case "$DYAD" in *asan*) MB=3;; esac
build/gencorpus -o "$T/big.jsonl" --mb "$MB" --seed 7 >/dev/null 2>&1
nbig=$(wc -l <"$T/big.jsonl")
run_dyad ingest "$T/big.jsonl" --db "$T/full.db" -q; expect "ingest of a $MB MB corpus exits 0" 0 "$rc"
"$DYAD" ingest "$T/big.jsonl" --db "$T/kill.db" --batch 50 -q 2>/dev/null &
pid=$!
for i in $(seq 1 300); do
    n=$(sqlite3 "$T/kill.db" 'SELECT count(*) FROM documents' 2>/dev/null || echo 0)
    [ "${n:-0}" -gt 100 ] && break
    sleep 0.05
done
kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
part=$(sqlite3 "$T/kill.db" 'SELECT count(*) FROM documents')
[ "$part" -gt 0 ] && [ "$part" -lt "$nbig" ] && ok "killed in the middle ($part of $nbig documents)" || bad "not killed in the middle: $part of $nbig"
expect "killed store: whole documents only" 1 "$(sqlite3 "$T/kill.db" 'SELECT (SELECT count(*) FROM events) = (SELECT coalesce(sum(events), 0) FROM documents)')"
run_dyad ingest "$T/big.jsonl" --db "$T/kill.db"; expect "resumed ingest exits 0" 0 "$rc"
grep -q "[1-9][0-9]* unchanged" "$T/err" && ok "resume skips what was stored" || bad "resume: $(cat "$T/err")"
timeout 120 "$DYAD" query --db "$T/full.db" --format columns >"$T/full.csv" 2>/dev/null
timeout 120 "$DYAD" query --db "$T/kill.db" --format columns >"$T/kill.csv" 2>/dev/null
[ -s "$T/full.csv" ] && cmp -s "$T/full.csv" "$T/kill.csv" && ok "killed + resumed store = uninterrupted store" || bad "resumed store differs"
expect "resumed: same counts" "$(store_sig "$T/full.db")" "$(store_sig "$T/kill.db")"
expect "resumed: the five events indexes" 5 "$(sqlite3 "$T/kill.db" "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'")"
expect "resumed: sentences_fts consistent" "ok" "$(sqlite3 "$T/kill.db" "INSERT INTO sentences_fts(sentences_fts) VALUES ('integrity-check')" 2>&1 && echo ok)"
expect "resumed: same sentences" "$(sqlite3 "$T/full.db" 'SELECT * FROM sentences' | md5sum)" "$(sqlite3 "$T/kill.db" 'SELECT * FROM sentences' | md5sum)"

# --- parallel coding: --threads N writes what one thread writes, byte for byte ----------------
# same_for_threads DESC ARGS...: runs dyad ARGS --threads 1, 2 and 3 (stdin from $STDIN, else
# /dev/null) and checks stdout, stderr and the exit code are identical; the one-thread run stays
# in $T/p1.out, $T/p1.err and $p1rc
same_for_threads() {
    desc=$1; shift
    for n in 1 2 3; do
        timeout 300 "$DYAD" "$@" --threads "$n" <"${STDIN:-/dev/null}" >"$T/p$n.out" 2>"$T/p$n.raw"
        echo $? >"$T/p$n.rc"
        sed '/^==[0-9]*==/d' "$T/p$n.raw" >"$T/p$n.err"   # the sanitizer's own lines carry a pid
    done
    p1rc=$(cat "$T/p1.rc")
    if cmp -s "$T/p1.out" "$T/p2.out" && cmp -s "$T/p1.out" "$T/p3.out"; then ok "$desc: same stdout on 1, 2, 3 threads"
    else bad "$desc: stdout differs between --threads 1, 2, 3"; fi
    if cmp -s "$T/p1.err" "$T/p2.err" && cmp -s "$T/p1.err" "$T/p3.err"; then ok "$desc: same stderr on 1, 2, 3 threads"
    else bad "$desc: stderr differs: $(diff "$T/p1.err" "$T/p2.err" | head -n 4 | tr '\n' ' ')"; fi
    expect "$desc: same exit code on 1, 2, 3 threads" "$p1rc $p1rc" "$(cat "$T/p2.rc") $(cat "$T/p3.rc")"
}
for fmt in jsonl tsv csv gdelt2 gdelt1 icews phoenix plover polecat; do
    same_for_threads "code examples --format $fmt" code examples --format "$fmt"
    [ "$(wc -l <"$T/p1.out")" -gt 20 ] && ok "code examples --format $fmt: events written" || bad "code examples --format $fmt: few events"
done
same_for_threads "annotate examples" annotate examples
expect "annotate examples --threads 3: every document" "$((ntext + njsonl + nbriefs))" "$($CHECK <"$T/p3.out")"
run_dyad code examples --format jsonl --threads 1; cp "$T/out" "$T/one.out"
run_dyad code examples; cmp -s "$T/out" "$T/one.out" && ok "code without --threads (one per CPU) = --threads 1" || bad "default --threads output differs"
run_dyad code examples/text/01-tokyo-trilateral-foreign-ministers.txt --threads 64
cp "$T/out" "$T/many.out"
run_dyad code examples/text/01-tokyo-trilateral-foreign-ministers.txt --threads 1
cmp -s "$T/out" "$T/many.out" && [ -s "$T/out" ] && ok "64 threads on one document" || bad "64 threads on one document"

# a larger generated corpus in the formats with and without event ids
PMB=4; case "$DYAD" in *asan*) PMB=1;; esac
build/gencorpus -o "$T/par.jsonl" --mb "$PMB" --seed 11 >/dev/null 2>&1
npar=$(wc -l <"$T/par.jsonl")
for fmt in jsonl tsv gdelt2 icews; do
    same_for_threads "code $PMB MB corpus --format $fmt" code "$T/par.jsonl" --format "$fmt"
    cp "$T/p1.out" "$T/parout.$fmt"
done
grep -q " $npar documents, " "$T/p1.err" && ok "corpus: all $npar documents coded" || bad "corpus: $(tail -n 1 "$T/p1.err")"
nev=$(wc -l <"$T/parout.gdelt2")
[ "$nev" -gt 1000 ] && ok "corpus: $nev events" || bad "corpus: only $nev events"
expect "gdelt2: GLOBALEVENTID runs 1..N in output order" "0 $nev" "$(cut -f1 "$T/parout.gdelt2" | awk 'NR != $1 {b++} END {print b + 0, NR}')"
expect "gdelt2 and jsonl: the same number of events" "$nev" "$(wc -l <"$T/parout.jsonl")"

# bad input in the middle: a broken JSON line, invalid UTF-8, a document without text, a corrupt
# .gz, a dangling link, a missing file: the same diagnostics in the same order, the run goes on
mkdir -p "$T/bad"
cp examples/text/01-tokyo-trilateral-foreign-ministers.txt "$T/bad/01-first.txt"
{
    head -n 2 examples/jsonl/articles.jsonl
    printf '{"id": "cut", "date": "2025-03-22", "text": "SEOUL - South Korea accused North\n'
    printf '{"id": "latin1", "date": "2025-03-22", "text": "Pyongyang fired a missile toward Japan, officials in Seoul said.  Caf\xe9 owners fled."}\n'
    printf '{"id": "notext", "date": "2025-03-22"}\n'
    sed -n 3,4p examples/jsonl/articles.jsonl
} >"$T/bad/02-wire.jsonl"
gzip -c examples/text/07-kyiv-russian-drone-attack.txt | head -c 200 >"$T/bad/03-truncated.txt.gz"
ln -s "$T/nowhere.txt" "$T/bad/04-dangling.txt"
cp examples/text/09-cairo-gaza-ceasefire-talks.txt "$T/bad/05-last.txt"
same_for_threads "bad input in the middle" code "$T/bad" "$T/missing.txt" examples/jsonl/briefs.jsonl --format gdelt2
expect "bad input in the middle: exit 1 (skipped)" 1 "$p1rc"
grep -q "02-wire.jsonl:3: " "$T/p1.err" && grep -q "03-truncated" "$T/p1.err" && grep -q "missing.txt" "$T/p1.err" &&
    ok "bad input in the middle: each problem named" || bad "bad input in the middle: $(head -c 600 "$T/p1.err")"
grep -q "05-last.txt" "$T/p1.out" && grep -q "$(head -c 200 examples/jsonl/briefs.jsonl | sed -E 's/.*"id": *"([^"]*)".*/\1/' | head -n 1)" "$T/p1.out" &&
    ok "bad input in the middle: documents after it coded" || bad "bad input in the middle: later documents missing"
same_for_threads "annotate bad input in the middle" annotate "$T/bad" "$T/missing.txt"
{
    head -n 199 "$T/par.jsonl"
    printf '{"id": "broken", "text": "Iran warned\n'
    sed -n 200,298p "$T/par.jsonl"
    printf '{"id": "bytes", "date": "2025-03-22", "text": "Iran \xff\xfe warned Israel on Monday."}\n'
    tail -n +299 "$T/par.jsonl"
} >"$T/par-bad.jsonl"
same_for_threads "corpus with a broken line in the middle" code "$T/par-bad.jsonl" --format gdelt2
grep -q "par-bad.jsonl:200: " "$T/p1.err" && grep -q "document 'bytes'" "$T/p1.err" &&
    ok "corpus with a broken line: reported" || bad "corpus with a broken line: $(head -c 400 "$T/p1.err")"

# empty input
: >"$T/empty.jsonl"
same_for_threads "empty .jsonl" code "$T/empty.jsonl"
expect "empty .jsonl: nothing written, exit 0" "0 0" "$(wc -c <"$T/p1.out" | tr -d ' ') $p1rc"
same_for_threads "empty .jsonl, icews header" code "$T/empty.jsonl" --format icews
expect "empty .jsonl: the icews header only" 1 "$(wc -l <"$T/p1.out")"
STDIN=/dev/null same_for_threads "empty stdin" code -
expect "empty stdin: nothing written" 0 "$(wc -c <"$T/p1.out" | tr -d ' ')"
STDIN=examples/jsonl/briefs.jsonl same_for_threads "stdin JSONL" code - --format gdelt1
# output that cannot be written: the same message and exit code
for n in 1 2 3; do
    timeout 120 "$DYAD" code examples --threads "$n" >/dev/full 2>"$T/full$n.err"; echo $? >"$T/full$n.rc"
done
expect "output to /dev/full: exit 3 on 1, 2, 3 threads" "3 3 3" "$(cat "$T/full1.rc" "$T/full2.rc" "$T/full3.rc" | tr '\n' ' ' | sed 's/ $//')"
cmp -s "$T/full1.err" "$T/full2.err" && cmp -s "$T/full1.err" "$T/full3.err" && grep -q "cannot write output" "$T/full1.err" &&
    ok "output to /dev/full: the same message on 1, 2, 3 threads" || bad "output to /dev/full: $(cat "$T/full2.err")"
# out of memory in the middle (ASan build only: its allocator fails allocations over 8 MB): a
# 3 MB document whose tokens do not fit stops the run after the same document, on any thread count
case "$DYAD" in *asan*)
    { head -n 20 "$T/par.jsonl"
      printf '{"id": "huge", "date": "2025-03-22", "text": "'
      for i in $(seq 1 100000); do printf 'Iran warned Israel. '; done
      printf '"}\n'
      sed -n 21,40p "$T/par.jsonl"; } >"$T/oom.jsonl"
    ASAN_OPTIONS=allocator_may_return_null=1:max_allocation_size_mb=8:detect_leaks=1 \
        same_for_threads "out of memory in the middle" code "$T/oom.jsonl" --format gdelt2
    expect "out of memory in the middle: exit 3" 3 "$p1rc"
    grep -q "out of memory (processing document 'huge')" "$T/p1.err" && ok "out of memory: the document is named" ||
        bad "out of memory: $(grep -v AddressSanitizer "$T/p1.err" | head -n 2)"
    [ "$(wc -l <"$T/p1.out")" -gt 10 ] && ok "out of memory: the documents before it are written" || bad "out of memory: nothing written"
    ;;
esac

echo "e2e: $pass passed, $fail failed"
[ "$fail" = 0 ]
