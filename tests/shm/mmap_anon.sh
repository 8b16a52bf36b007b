#!/bin/sh
# mmap_anon: parent and child add to one counter in an anonymous shared
# mapping under a process-shared semaphore; the total is exact. With
# "orphan", the parent is killed (kill -9) mid-run: the child must die with
# it (PR_SET_PDEATHSIG), not run on, or wait for ever on a lock the parent
# held.
#   mmap_anon.sh [N | orphan]
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# _child_of PID : true once PID has a child; its pid goes to $child.
# shellcheck disable=SC2317  # called through _poll
_child_of() {
    child=$(tr -d ' \n' <"/proc/$1/task/$1/children" 2>/dev/null) && [ -n "$child" ]
}
if [ "${1:-}" = orphan ]; then
    if [ -n "$IPC_WRAP" ]; then echo "SKIP: needs the program's own pid"; exit 77; fi
    start anon mmap_anon 100000000
    wait_line anon '^forking'
    parent=$(pid_of anon)
    _poll "$WAIT_SECS" _child_of "$parent" || fail "mmap_anon forked no child"
    kill -KILL "$parent"
    finish anon
    # 2 s: the child alone would finish its 10^8 additions in a few more.
    if ! _poll 2 _dead "$child"; then
        kill -KILL "$child"
        fail "the child $child outlived its parent by 2 s"
    fi
    pass
fi
if [ $# -gt 0 ]; then
    n=$1
    run anon mmap_anon "$n"
else
    n=100000                            # the default
    run anon mmap_anon
fi
expect_status anon 0
expect_out anon "^counter: $((2 * n)) \\(expected $((2 * n))\\)\$"
expect_out anon '^child [0-9]+: done'
pass
