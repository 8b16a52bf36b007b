#!/bin/sh
# exercises/selftest.sh - keeps each check honest (ctest label exercises):
#   sh selftest.sh untouched PROGRAM CHECK   the check must say "not yet"
#   sh selftest.sh solution PROGRAM CHECK    the check must say "solved"
# so that no check can rot into one that always passes or never can.
# BIN and TESTS as for the check itself.
set -u
mode=$1 program=$2 check=$3
out=$(sh "$check" "$program" </dev/null 2>&1)
rc=$?
printf '%s\n' "$out"
[ "$rc" = 77 ] && exit 77
case $mode in
untouched)
    [ "$rc" = 1 ] && printf '%s\n' "$out" | grep -q '^not yet: ' && exit 0
    echo "SELFTEST FAIL: on the untouched exercise the check should exit 1 with a 'not yet:' line (it exited $rc)"
    ;;
solution)
    [ "$rc" = 0 ] && exit 0
    echo "SELFTEST FAIL: on the reference solution the check should pass (it exited $rc)"
    ;;
*)
    echo "usage: selftest.sh untouched|solution PROGRAM CHECK" >&2
    exit 2
    ;;
esac
exit 1
