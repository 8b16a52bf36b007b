#!/bin/sh
# bad_input.sh - the bad-input sweep: every program, given -h, prints its
# usage on stdout and exits 0; given an unknown option, prints the usage on
# stderr and exits 2; and each case of bad_input.txt (a missing argument, a
# non-number, a number out of range, a message over the limit...) ends with
# the status it lists. Never a crash (death by a signal), never a hang (each
# run is bounded by a timeout), never a leftover object (the suite's
# leftovers check).
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
WAIT_SECS=5
problems=""
note() { problems="$problems
  $1"; }

# check PROG WANT ARGS... : run PROG ARGS and compare its exit status.
check() {
    _case_prog=$1 _want=$2
    shift 2
    run case "$_case_prog" "$@"
    _got=$(status_of case)
    if [ "$_got" != "$_want" ]; then
        _why=""
        [ "$_got" = 124 ] && _why=" (it hung: killed after ${WAIT_SECS}s)"
        [ "$_got" -gt 128 ] 2>/dev/null && _why=" (killed by signal $((_got - 128)))"
        note "$_case_prog $*: exit $_got$_why, expected $_want: $(head -c 200 "$WORK/case.err")"
    elif [ "$_want" = 2 ] && ! grep -qi usage "$WORK/case.err"; then
        note "$_case_prog $*: exit 2 but no usage on stderr"
    fi
}

count=0
for path in "$BIN"/*; do
    [ -x "$path" ] || continue
    prog=${path##*/}
    run help "$prog" -h
    if [ "$(status_of help)" != 0 ] || ! grep -qi usage "$WORK/help.out"; then
        note "$prog -h: exit $(status_of help), expected 0 with the usage on stdout"
    fi
    check "$prog" 2 -Z
    count=$((count + 2))
done

# The table: "PROG STATUS ARGS..." per line; # starts a comment. ARGS are
# split on spaces; the word LONG_MESSAGE stands for a 70,000-byte message.
LONG=$(printf '%070000d' 0)
while read -r prog want args; do
    case $prog in ''|'#'*) continue ;; esac
    [ -x "$BIN/$prog" ] || { note "bad_input.txt names $prog, which was not built"; continue; }
    # shellcheck disable=SC2086  # ARGS are meant to be split
    set -- $args
    for arg; do
        shift
        if [ "$arg" = LONG_MESSAGE ]; then set -- "$@" "$LONG"; else set -- "$@" "$arg"; fi
    done
    check "$prog" "$want" "$@"
    count=$((count + 1))
done <"$TESTS/quality/bad_input.txt"

[ -z "$problems" ] || fail "bad input handled wrongly:$problems"
echo "$count bad-input cases, all handled"
pass
