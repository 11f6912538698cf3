#!/usr/bin/env bash
# Check Hamish's exports with the tools their users feed them to.
#
# Creates a venv under target/interop-venv, installs the pins of tests/interop/requirements.txt
# from PyPI, builds the real `hamish` binary, exports the shipped sample project and the test
# fixture to every format, and runs every tests/interop/check_*.py in turn. A check gets:
#   HAMISH_BIN          the hamish binary
#   HAMISH_INTEROP_DIR  a folder with one sub-folder per project, each holding
#                       project.hamish.ron, stats.json (`hamish stats --json`) and the exports:
#                       conll.conll (IOB2), conll-bioes.conll (--scheme bioes --nested columns),
#                       spacy.jsonl, hf/ (data.jsonl, labels.json), doccano.jsonl, brat/,
#                       labelstudio.json, spans.csv, and the events: events.jsonl
#                       (events-json), events.csv (events-csv), events-table.json
#                       (events-table-json)
#   HAMISH_REPO         the repository root
# (check_gamma.py runs pygamma-agreement on samples/review itself; it takes about a minute.)
# and fails by exiting non-zero. All checks run; the script fails if any failed.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
target_dir="${CARGO_TARGET_DIR:-$repo/target}"
venv="$target_dir/interop-venv"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/interop/requirements.txt

cargo build --quiet --bin hamish
bin="$target_dir/debug/hamish"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for project in samples/sahel.hamish.ron tests/fixtures/small.hamish.ron; do
    name=$(basename "$project" .hamish.ron)
    dir="$work/$name"
    mkdir -p "$dir"
    cp "$project" "$dir/project.hamish.ron"
    "$bin" stats --json "$project" > "$dir/stats.json"
    ex() { "$bin" export "$project" --out "$dir/$1" "${@:2}" > /dev/null; }
    ex conll.conll --format conll
    ex conll-bioes.conll --format conll --scheme bioes --nested columns
    ex spacy.jsonl --format spacy
    ex hf --format hf
    ex doccano.jsonl --format doccano
    ex brat --format brat
    ex labelstudio.json --format labelstudio
    ex spans.csv --format csv
    ex events.jsonl --format events-json
    ex events.csv --format events-csv
    ex events-table.json --format events-table-json
done

failed=0
for check in tests/interop/check_*.py; do
    echo "== $check"
    if ! HAMISH_BIN="$bin" HAMISH_INTEROP_DIR="$work" HAMISH_REPO="$repo" \
        "$venv/bin/python" "$check"; then
        echo "FAILED: $check"
        failed=1
    fi
done
if [ "$failed" -ne 0 ]; then
    echo "interop: some checks failed"
    exit 1
fi
echo "interop: all checks passed"
