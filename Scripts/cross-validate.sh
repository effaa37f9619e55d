#!/usr/bin/env bash
# K-fold cross-validation of `clinicode train` within one labelled corpus:
# the honest way to compare training changes without looking at a held-out
# split. Notes are dealt to folds by sorted id (note i goes to fold i mod K);
# each fold is scored by a model trained on the others; prints each fold's
# MAP and their mean.
#
# usage: Scripts/cross-validate.sh --notes DIR --gold FILE [--folds K] [--clinicode BIN]
set -euo pipefail

notes="" gold="" folds=5 clinicode=".build/release/clinicode"
while [ $# -gt 0 ]; do
    case "$1" in
        --notes) notes="$2"; shift 2 ;;
        --gold) gold="$2"; shift 2 ;;
        --folds) folds="$2"; shift 2 ;;
        --clinicode) clinicode="$2"; shift 2 ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "error: unknown argument '$1' (see --help)" >&2; exit 64 ;;
    esac
done
[ -n "$notes" ] && [ -n "$gold" ] || { echo "error: --notes and --gold are required" >&2; exit 64; }
[ -d "$notes" ] || { echo "error: --notes $notes: not a folder" >&2; exit 1; }
[ -r "$gold" ] || { echo "error: --gold $gold: cannot read" >&2; exit 1; }
[ -x "$clinicode" ] || { echo "error: $clinicode: not an executable (build with swift build -c release)" >&2; exit 1; }
case "$folds" in ''|*[!0-9]*) echo "error: --folds must be a whole number" >&2; exit 64 ;; esac
[ "$folds" -ge 2 ] || { echo "error: --folds must be at least 2" >&2; exit 64; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
notes=$(cd "$notes" && pwd)

# Deal the notes to folds (symbolic links: nothing is copied).
index=0
while IFS= read -r name; do
    fold=$((index % folds))
    for k in $(seq 0 $((folds - 1))); do
        part=train
        [ "$k" -eq "$fold" ] && part=test
        mkdir -p "$work/$k/$part/notes"
        ln -s "$notes/$name" "$work/$k/$part/notes/$name"
    done
    index=$((index + 1))
done < <(cd "$notes" && ls | grep '\.txt$' | LC_ALL=C sort)
[ "$index" -ge "$folds" ] || { echo "error: $index notes cannot make $folds folds" >&2; exit 1; }

total=0
for k in $(seq 0 $((folds - 1))); do
    for part in train test; do
        ls "$work/$k/$part/notes" | sed 's/\.txt$//' > "$work/$k/$part/ids"
        awk -F '\t' 'NR == FNR { keep[$1] = 1; next } ($1 in keep)' "$work/$k/$part/ids" "$gold" > "$work/$k/$part/gold.tsv"
    done
    "$clinicode" train --notes "$work/$k/train/notes" --gold "$work/$k/train/gold.tsv" \
        --output "$work/$k/model" > "$work/$k/train.log" 2>&1 \
        || { echo "error: training fold $k failed:" >&2; tail -5 "$work/$k/train.log" >&2; exit 1; }
    map=$("$clinicode" eval --notes "$work/$k/test/notes" --gold "$work/$k/test/gold.tsv" \
        --model "$work/$k/model" 2> /dev/null | awk '/^MAP/ { print $2 }')
    [ -n "$map" ] || { echo "error: evaluating fold $k failed" >&2; exit 1; }
    echo "fold $k: MAP $map"
    total=$(awk -v a="$total" -v b="$map" 'BEGIN { print a + b }')
done
awk -v t="$total" -v k="$folds" 'BEGIN { printf "mean MAP over %d folds: %.4f\n", k, t / k }'
