#!/bin/sh
# SIGINT (Ctrl-C) or SIGTERM in the middle of a measurement: both children
# are stopped, every object is removed, the CSV holds the rows done so far,
# and the benchmark exits 0 after a line starting with "interrupted".
#   bench_signal.sh INT | TERM
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=objects.sh
. "$TESTS/bench/objects.sh"
csv="$WORK/results.csv"
# The producer stalls half-way (--inject stall), so the System V queue is
# certainly in use when the signal comes; -t 30 keeps the limit out of it.
start bench ipc_bench -v -m sysv_mq -s 64 -n 200 -r 10 -t 30 --inject stall --csv "$csv"
wait_line bench 'sysv_mq: forked the producer'
signal bench "$1"
finish bench
expect_status bench 0
expect_out bench '^interrupted during sysv_mq at 64 bytes'
expect_objects_gone bench
# memcpy was done before the signal; sysv_mq was not.
[ "$(head -n 1 "$csv")" = 'mechanism,size_bytes,throughput_mb_s,msgs_per_s,rtt_median_ns,rtt_p99_ns,rtt_min_ns,ok' ] ||
    fail "the CSV lacks its header"
grep -q '^sysv_mq,' "$csv" && fail "the interrupted measurement should not be in the CSV"
grep -q '^memcpy,64,' "$csv" || fail "the CSV lost the rows done before the signal"
pass
