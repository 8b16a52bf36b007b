#!/bin/sh
# A benchmark whose checks are tested: the producer loses, repeats or damages
# one message (--inject), or stops half-way. Each run must fail, say what
# went wrong, mark its CSV row ok=no, exit 1, and leave nothing behind; a
# stuck run must be stopped by the time limit (-t), not hang.
#   bench_faults.sh drop | dup | corrupt | stall
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=objects.sh
. "$TESTS/bench/objects.sh"
csv="$WORK/results.csv"
mechs=pipe,fifo,unix,sysv_mq,posix_mq,shm_spin

limit=10
case $1 in
drop)    expected='DATA ERROR: 1 lost, 0 duplicated, 0 corrupted' ;;
dup)     expected='DATA ERROR: 0 lost, 1 duplicated, 0 corrupted' ;;
corrupt) expected='DATA ERROR: 0 lost, 0 duplicated, 1 corrupted' ;;
stall)   expected='stuck: no result within 1 s' mechs=fifo,sysv_mq,shm_block limit=1 ;;
*)       fail "unknown case $1" ;;
esac
run bench ipc_bench -v -m "$mechs" -s 64 -n 200 -r 10 -t "$limit" --inject "$1" --csv "$csv"
expect_status bench 1
expect_out bench '^FAILED: '
for mech in $(echo "$mechs" | tr , ' '); do
    expect_out bench "^ +$mech +FAILED: $expected"
    grep -q "^$mech,64,,,,,,no$" "$csv" || fail "no ok=no row for $mech in the CSV"
done
expect_objects_gone bench
pass
