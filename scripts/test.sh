#!/bin/sh
# test.sh — the whole test suite from a fresh clone: installs what is
# missing, builds, and runs 'make test'.  The last line is 'N passed, M failed'.
cd "$(dirname "$0")/.." || exit 2
scripts/setup.sh || exit 1
make -s test
