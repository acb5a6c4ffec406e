#!/bin/sh
# unxfail.sh — removes the "known failure" mark from event cases that now pass:
# runs build/unit and rewrites "== xfail: desc [why: ...]" as "== event: desc" in
# tests/cases/events.cases for every case reported as passing while marked.
cd "$(dirname "$0")/.." || exit 2
build/unit tests/cases 2>&1 | grep "marked as a known failure but passes" | sed -E 's/^FAIL case line ([0-9]+) .*/\1/' |
while read -r n; do
    sed -i -E "${n}s/^== xfail: (.*[^ ]) *\[why: .*\] *$/== event: \1/" tests/cases/events.cases
done
