#!/bin/sh
# SIGINT (Ctrl-C), SIGTERM or SIGHUP (the terminal closed) in the middle of
# a measurement: both children are stopped, every object is removed (the
# kernel's view: the private directory, /dev/shm, ipcs, the POSIX queues),
# the CSV holds the rows done so far, and the benchmark exits 0 after a line
# starting with "interrupted".
#   bench_signal.sh INT|TERM|HUP [MECH]     (MECH: default sysv_mq)
#   bench_signal.sh INT memcpy             the memcpy ceiling, 1 MiB a copy
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=objects.sh
. "$TESTS/bench/objects.sh"
csv="$WORK/results.csv"
mech=${2:-sysv_mq}
snapshot_objects before

if [ "$mech" = memcpy ]; then
    # A row that would copy a terabyte: only a Ctrl-C checked inside the
    # copying loop (or its time limit) can end it in time.
    start bench ipc_bench -v -m memcpy -s 1M -n 1000000 -t 30 --csv "$csv"
    _poll "$WAIT_SECS" _err_has bench memcpy || fail "the memcpy row never started"
    sleep 1                     # well inside the copying loop
else
    # The producer stalls half-way (--inject stall), so the object is
    # certainly in use when the signal comes; -t 30 keeps the limit out of it.
    start bench ipc_bench -v -m "$mech" -s 64 -n 200 -r 10 -t 30 --inject stall --csv "$csv"
    wait_line bench "$mech: forked the producer"
fi
signal bench "$1"
finish bench
expect_status bench 0
expect_out bench "^interrupted during $mech at "
[ "$mech" = memcpy ] || expect_objects_gone bench
expect_no_new_objects before
head -n 1 "$csv" | grep -q '^mechanism,size_bytes,' || fail "the CSV lacks its header"
grep -q "^$mech,.*,yes$" "$csv" && fail "the interrupted measurement should not be in the CSV"
pass
