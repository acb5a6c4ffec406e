#!/bin/sh
# setup.sh — installs the Debian 12 packages dyad needs to build, test, fuzz
# and benchmark, when they are missing.  Safe to run again: it installs
# nothing when everything is present.  Needs root (or sudo) only to install.
set -e
PKGS="build-essential pkg-config zlib1g-dev libcjson-dev libutf8proc-dev clang libclang-rt-14-dev
      bc gzip iso-codes wordnet-base libsqlite3-dev sqlite3 libcairo2-dev fonts-dejavu-core libxml2-utils
      time"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
    echo "setup: all packages present"
    exit 0
fi
echo "setup: installing$missing"
if [ "$(id -u)" = 0 ]; then SUDO=""
elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"
else echo "setup: need root to install:$missing" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "setup: done"
