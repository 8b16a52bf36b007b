#!/bin/sh
# run.sh [ID...] - the mutation check: does the suite catch planted bugs?
#
# Each line of mutants.txt plants one realistic bug in a copy of the source
# tree (a sed expression on one file), rebuilds, runs the tests that should
# catch it, and restores the file. A bug is caught when those tests fail.
# It prints one line per bug and the score. Not part of ctest: it takes
# about half an hour. From the top of the source tree:
#
#   sh tests/mutation/run.sh            # every bug
#   sh tests/mutation/run.sh fifo-3     # one, by its ID
#
# mutants.txt: ID ~ FILE ~ TESTS ~ SED ~ what the bug is
#   TESTS: ctest labels (fifo) and test names (docs_fifo), the tests that
#   should catch it; SED must change FILE (one that no longer applies is
#   reported as stale, and not scored).
set -u
src=$(cd "$(dirname "$0")/../.." && pwd)
list="$src/tests/mutation/mutants.txt"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/ipc-mutation.XXXXXX") || exit 1
trap 'rm -rf "$scratch"' EXIT
trap 'exit 1' INT TERM HUP

echo "copying the tree and building it once in $scratch"
(cd "$src" && git ls-files -z | xargs -0 tar cf -) | (mkdir "$scratch/src" && cd "$scratch/src" && tar xf -)
if ! cmake -S "$scratch/src" -B "$scratch/build" >/dev/null ||
   ! cmake --build "$scratch/build" -j2 >/dev/null; then
    echo "the unmutated tree does not build"
    exit 1
fi
sh "$src/tests/leftovers.sh" snapshot "$scratch/objects" >/dev/null || exit 1

caught=0 escaped=0 stale=0 broken=0 escapes=""
# tests_of WORD... : a ctest -R expression for these labels and names.
tests_of() {
    for _w in "$@"; do
        (cd "$scratch/build" && ctest -N -L "^$_w\$" | sed -n 's/^ *Test *#[0-9]*: //p')
        echo "$_w"
    done | sort -u | paste -sd '|' | sed 's/^/^(/; s/$/)$/'
}

while IFS='~' read -r id file tests expr what; do
    id=$(echo "$id" | tr -d ' ')
    case $id in '' | '#'*) continue ;; esac
    if [ $# -gt 0 ]; then
        case " $* " in *" $id "*) ;; *) continue ;; esac
    fi
    file=$(echo "$file" | tr -d ' ')
    # shellcheck disable=SC2086  # a list of words
    tests=$(tests_of $tests)
    expr=$(printf "%s\n" "$expr" | sed 's/^ *//; s/ *$//')
    what=$(printf "%s\n" "$what" | sed 's/^ *//')
    target="$scratch/src/$file"
    cp "$target" "$scratch/original"
    sed "$expr" "$scratch/original" >"$target"
    if cmp -s "$target" "$scratch/original"; then
        printf '%-14s STALE    %s (the edit no longer applies)\n' "$id" "$what"
        stale=$((stale + 1))
        continue
    fi
    if ! cmake --build "$scratch/build" -j2 >"$scratch/build.log" 2>&1; then
        printf '%-14s NOBUILD  %s\n' "$id" "$what"
        broken=$((broken + 1))
    elif (cd "$scratch/build" && ctest -R "$tests" -j4 --timeout 90 >"$scratch/ctest.log" 2>&1); then
        printf '%-14s ESCAPED  %s\n' "$id" "$what"
        escaped=$((escaped + 1))
        escapes="$escapes $id"
    else
        printf '%-14s caught   %s (%s)\n' "$id" "$what" \
            "$(sed -n 's/^[[:space:]]*[0-9]* - \([^ ]*\) (\(Failed\|Timeout\)).*/\1/p' "$scratch/ctest.log" |
               grep -v leftovers | head -n 2 | tr '\n' ' ' | sed 's/ $//')"
        caught=$((caught + 1))
    fi
    cp "$scratch/original" "$target"
    # Put the file back in the build, and clear what the bug left behind
    # (the leftovers check of the next run must see only its own bug's).
    touch "$target"
    cmake --build "$scratch/build" -j2 >/dev/null 2>&1
    LEFTOVER_GRACE=0 sh "$src/tests/leftovers.sh" clean "$scratch/objects" >/dev/null
done <"$list"

scored=$((caught + escaped))
echo
echo "caught $caught of $scored planted bugs ($((scored ? 100 * caught / scored : 0))%);" \
     "$stale stale, $broken did not build"
[ -z "$escapes" ] || echo "escaped:$escapes"
[ "$escaped" = 0 ]
