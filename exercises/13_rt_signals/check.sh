#!/bin/sh
# Exercise 13 (rt_signals): reports that queue, and a SIGCHLD handler that
# reaps every child. Behaviour checked under strace -f: five workers each
# send the parent one report (rt_sigqueueinfo) while it blocks them; when
# it unblocks, the kernel must deliver five reports to the parent (five
# "--- SIG..." lines with values 1..5: a real-time signal queues, a
# standard one would come once), and the parent must reap five children
# (wait4 returning each pid), though the five exits are one pending
# SIGCHLD. A program that only prints "5 of 5" is seen doing neither.
#   BIN=... TESTS=... sh check.sh PROGRAM
# shellcheck source=../../tests/lib.sh
. "$TESTS/lib.sh"
# shellcheck source=../check_lib.sh
. "${0%/*}/../check_lib.sh"
program=$1
need_strace

log="$WORK/strace.log"
traced ex "$log" wait4,rt_sigqueueinfo "$program" 5
# The parent is the process the workers send their reports to.
parent=$(sed -n 's/^[0-9]* *rt_sigqueueinfo(\([0-9]*\),.*/\1/p' "$log" | sort -u)
[ -n "$parent" ] || not_yet "strace saw no report sent with sigqueue: keep the given workers"
sent=$(grep -c "^[0-9]* *rt_sigqueueinfo($parent," "$log")
[ "$sent" -eq 5 ] ||
    not_yet "strace saw $sent reports sent with sigqueue, not 5: keep the given workers"
values=$(grep -E "^$parent +--- SIG[A-Z0-9_]* \{.*si_code=SI_QUEUE" "$log" |
    sed -n 's/.*si_int=\([0-9]*\).*/\1/p' | sort -u | wc -l | tr -d ' ')
[ "$values" -eq 5 ] ||
    not_yet "5 reports were sent while blocked, and the kernel delivered $values: that signal merged while pending"
reaped=$(grep -Ec "^$parent +(wait4\(|<\.\.\. wait4 resumed>).*= [1-9][0-9]*\$" "$log")
[ "$reaped" -eq 5 ] ||
    not_yet "the parent reaped $reaped of its 5 children (wait4, seen by strace); the rest stayed zombies"
expect_status ex 0
expect_out ex '^reports: 5 of 5 delivered'
expect_out ex '^reaped: 5 of 5 children'
solved "five reports queued and came five times, and one SIGCHLD reaped all five children"
