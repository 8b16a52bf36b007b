#!/bin/sh
# check_mentions.sh - every program in the tree is named in its mechanism's
# doc page, so the page cannot silently fall behind. (That the tour runs
# every program is checked by the tour itself, at its end.)
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
src=$(cd "$TESTS/.." && pwd)
missing=""
for mech in pipes fifo msgqueue shm semaphores sockets signals; do
    [ -d "$src/$mech" ] || continue
    for file in "$src/$mech"/*.c; do
        [ -f "$file" ] || continue
        prog=${file##*/}
        prog=${prog%.c}
        grep -qw -- "$prog" "$src/docs/$mech.md" 2>/dev/null ||
            missing="$missing
  $prog is not mentioned in docs/$mech.md"
    done
done
[ -z "$missing" ] || fail "programs missing from the docs:$missing"
pass
