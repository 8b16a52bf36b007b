#!/bin/sh
# tour.sh [MECHANISM...] - the instructor's tour: runs each pair end to end,
# as a student would in two terminals, and shows what each side printed,
# with a line on what to watch. With no arguments, every mechanism.
#
#   cmake --build build --target tour          # everything
#   cmake --build build --target tour_fifo     # one mechanism
#
# Each mechanism's part is tests/MECHANISM/tour.sh, sourced here; it uses the
# test helpers (start, wait_ready, run, finish, expect_...) and show/watch
# below, so the tour also checks every result it shows.
TESTS=${TESTS:-$(cd "$(dirname "$0")" && pwd)}
# shellcheck source=lib.sh
. "$TESTS/lib.sh"

PAIRS=0

# section TITLE : a heading for one mechanism.
section() {
    printf '\n=== %s ===\n' "$1"
}

# watch TEXT : what to look for in the run that follows.
watch() {
    printf '\nWatch: %s\n' "$1"
}

# show NAME... : each program's command line as typed in its own terminal,
# then everything it printed (stdout and stderr), indented.
show() {
    for _name in "$@"; do
        PAIRS=$((PAIRS + 1))
        printf '\n  %s $ %s\n' "$_name" "$(cat "$WORK/$_name.cmd")"
        sed 's/ .*//' "$WORK/$_name.cmd" >>"$WORK/tour.programs"
        cat "$WORK/$_name.out" "$WORK/$_name.err" | sed 's/^/    | /'
    done
}

mechanisms=${*:-pipes fifo msgqueue shm semaphores sockets signals}
shown=""
for mech in $mechanisms; do
    if [ ! -f "$TESTS/$mech/tour.sh" ]; then
        printf '\n=== %s: no tour yet ===\n' "$mech"
        continue
    fi
    # shellcheck source=/dev/null
    . "$TESTS/$mech/tour.sh"
    shown="$shown $mech"
done
printf '\n=== Summary ===\n'
printf 'Ran every program of:%s (%d program runs), and checked each result.\n' \
    "$shown" "$PAIRS"
# Every demo of the mechanisms toured must have been shown running.
for mech in $shown; do
    for file in "$TESTS/../$mech"/*.c; do
        prog=${file##*/}
        prog=${prog%.c}
        grep -qx -- "$prog" "$WORK/tour.programs" ||
            fail "the tour of $mech never ran $prog: add it to tests/$mech/tour.sh"
    done
done
printf 'Run any pair yourself: two terminals, programs in %s, no options needed.\n' "$BIN"
printf 'Each mechanism has a page in docs/.\n'
