#!/bin/sh
# sigchld_reaper reaps every child and reports how each ended; with -w it
# stays alive afterwards, and the process table shows it has no child left
# (no zombie). First, a control: a parent that never waits does leave a
# zombie, and children_of sees it, so the check below can fail.
# "together" is the case a standard signal makes hard: with -t the children
# end at once while the parent keeps SIGCHLD blocked until every one is a
# zombie, so the kernel has one SIGCHLD for all ten. A handler that reaps
# one child per SIGCHLD leaves nine zombies and waits for ever.
#   sigchld_reaper.sh linger | default | together | interrupt [SIGNAL]
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=sig.sh
. "$TESTS/signals/sig.sh"

# expect_reports N : one line per child K = 1..N, with its own status.
expect_reports() {
    k=1
    while [ "$k" -le "$1" ]; do
        if [ $((k % 3)) -eq 0 ]; then
            how="killed by signal $(signum TERM) "
        else
            how="exited with status $k\$"
        fi
        expect_out reaper "^reaped child $k \(pid [0-9]+\): $how"
        k=$((k + 1))
    done
    [ "$(grep -c '^reaped child' "$WORK/reaper.out")" -eq "$1" ] ||
        fail "expected $1 'reaped child' lines"
}
# shellcheck disable=SC2317  # called through _poll
has_zombie() { children_of "$1" | grep -q ' Z$'; }

case $1 in
linger)
    # sh runs "sleep 0" in the background, then becomes "sleep 30", which
    # never calls wait(): the finished "sleep 0" stays a zombie.
    start careless /bin/sh -c 'sleep 0 & exec sleep 30'
    _poll "$WAIT_SECS" has_zombie "$(pid_of careless)" ||
        fail "the control zombie never showed in the process table"

    start reaper sigchld_reaper -w 10
    wait_line reaper '^all 10 children reaped'
    left=$(children_of "$(pid_of reaper)")
    [ -z "$left" ] || fail "sigchld_reaper still has children (pid state): $left"
    expect_reports 10
    signal reaper INT
    finish reaper
    expect_out reaper '^interrupted'
    ;;
default)
    run reaper sigchld_reaper
    expect_reports 3
    expect_out reaper '^all 3 children reaped'
    ;;
together)
    start reaper sigchld_reaper -t -w 10
    wait_line reaper '^all 10 children reaped'
    left=$(children_of "$(pid_of reaper)")
    [ -z "$left" ] || fail "sigchld_reaper still has children (pid state): $left"
    expect_out reaper '^all 10 children reaped with 1 SIGCHLD signal$'
    expect_reports 10
    signal reaper INT
    finish reaper
    ;;
interrupt)
    # SIGTERM (or SIGINT, SIGHUP) while children still run (-s 6000: the
    # first ends 6 s after it starts): it stops and reaps them, exits 0.
    start reaper sigchld_reaper -s 6000 30
    wait_line reaper '^waiting in sigsuspend'
    signal reaper "${2:-TERM}"
    finish reaper
    expect_out reaper '^interrupted'
    sed -n 's/^started child [0-9]*, pid \([0-9]*\).*/\1/p' "$WORK/reaper.out" >"$WORK/children"
    while read -r child; do
        ! alive "$child" || fail "child $child still runs after the reaper was stopped"
    done <"$WORK/children"
    ;;
*)
    fail "unknown case $1"
    ;;
esac
expect_status reaper 0
pass
