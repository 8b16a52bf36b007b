#!/bin/sh
# A benchmark whose checks are tested: the producer loses, repeats or damages
# one message of the stream (--inject), or stops half-way; or the consumer
# does the same to one reply of the round trips. Each run must fail with the
# right diagnosis at every size (under 8 bytes a message holds only the low
# bytes of its number), mark its CSV row ok=no, exit 1, and leave nothing
# behind; a stuck run must be stopped by the time limit (-t), not hang.
#   bench_faults.sh drop|dup|corrupt|stall|reply-drop|reply-dup|reply-corrupt SIZE
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=objects.sh
. "$TESTS/bench/objects.sh"
csv="$WORK/results.csv"
size=$2
mechs=pipe,fifo,unix,sysv_mq,posix_mq,shm_spin
[ "$size" = 64K ] && mechs=pipe,fifo,unix,shm_block,shm_spin   # above the queues' limit
bytes=$size
[ "$size" = 64K ] && bytes=65536

limit=10
case $1 in
drop)          expected='DATA ERROR: 1 lost, 0 duplicated, 0 corrupted, 0 bad replies' ;;
dup)           expected='DATA ERROR: 0 lost, 1 duplicated, 0 corrupted, 0 bad replies' ;;
corrupt)       expected='DATA ERROR: 0 lost, 0 duplicated, 1 corrupted, 0 bad replies' ;;
reply-corrupt) expected='DATA ERROR: 0 lost, 0 duplicated, 0 corrupted, 1 bad replies' ;;
# A repeated reply puts every later reply one behind: each one is wrong.
reply-dup)     expected='DATA ERROR: 0 lost, 0 duplicated, 0 corrupted, [1-9][0-9]* bad replies' ;;
stall | reply-drop)
               expected='stuck: no result within 1 s' limit=1
               mechs=$(echo "$mechs" | cut -d, -f2,4,6) ;;
*)             fail "unknown case $1" ;;
esac
run bench ipc_bench -v -m "$mechs" -s "$size" -n 200 -r 20 --trials 1 --cpus same \
    -t "$limit" --inject "$1" --csv "$csv"
expect_status bench 1
expect_out bench '^FAILED: '
for mech in $(echo "$mechs" | tr , ' '); do
    expect_out bench "^ +$mech +FAILED: $expected"
    grep -q "^$mech,$bytes,same,0,,,,,,,,,,,no$" "$csv" ||
        fail "no ok=no row for $mech in the CSV: $(cat "$csv")"
done
expect_objects_gone bench
pass
