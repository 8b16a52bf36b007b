#!/bin/sh
# check_excerpts.sh [PAGE.md...] - code shown on a page is the project's own
# code, not a retyped copy that drifts. A block fenced as
#     ```c from fifo/fifo_reader.c
# is an excerpt of that source: every line of it, but blank lines and lines
# that are only "...", must be a line of the source, word for word with its
# indentation, in the same order (lines between may be left out: the
# narration, say, to show the bare calls). Other blocks are not checked.
set -u
src=$(cd "$TESTS/.." && pwd)
[ $# -gt 0 ] || set -- "$src"/docs/*.md "$src"/README.md
problems=""
blocks=0
for page in "$@"; do
    grep -q '^```c from ' "$page" || continue
    work=$(mktemp -d "${TMPDIR:-/tmp}/ipc-excerpt.XXXXXX") || exit 1
    awk -v dir="$work" '
        /^```c from / { n++; inblock = 1; print $3 > (dir "/" n ".src"); next }
        /^```/ && inblock { inblock = 0; next }
        inblock { print > (dir "/" n ".txt") }
    ' "$page"
    for srcname in "$work"/*.src; do
        [ -f "$srcname" ] || continue
        n=${srcname##*/}; n=${n%.src}
        file=$(cat "$srcname")
        blocks=$((blocks + 1))
        if [ ! -f "$src/$file" ]; then
            problems="$problems
  ${page##*/}: excerpt $n names $file, which does not exist"
            continue
        fi
        touch "$work/$n.txt"
        # Walk the source once; each excerpt line must come later than the last.
        bad=$(awk '
            FNR == NR { line[++count] = $0; next }
            /^[ \t]*(\.\.\.)?[ \t]*$/ { next }
            { while (++at <= count && line[at] != $0) ; if (at > count) { print FNR ": " $0; exit } }
        ' "$src/$file" "$work/$n.txt")
        [ -z "$bad" ] || problems="$problems
  ${page##*/}: excerpt $n of $file: line $bad is not in the source (or not in this order)"
    done
    rm -rf "$work"
done
if [ -n "$problems" ]; then
    echo "FAIL: excerpts that no longer match their source:$problems"
    exit 1
fi
echo "PASS: $blocks excerpts match their sources"
