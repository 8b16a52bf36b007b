#!/bin/sh
# check_mentions.sh - every program in the tree is named in its mechanism's
# doc page and in its part of the tour, so neither can silently fall behind.
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
        cat "$src/tests/$mech"/tour*.sh 2>/dev/null | grep -qw -- "$prog" ||
            missing="$missing
  $prog is not in the tour (tests/$mech/tour.sh)"
    done
done
[ -z "$missing" ] || fail "programs missing from the docs or the tour:$missing"
pass
