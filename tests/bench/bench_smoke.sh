#!/bin/sh
# Every mechanism at small sizes and counts: all rows ok in the CSV, the CSV
# header exact, the SVG a whole document, the queues skipped above their
# limits, and every object removed.
#   bench_smoke.sh default | odd-sizes
# About 60 trials: on a loaded machine, more than the usual 10 s.
# shellcheck disable=SC2034  # read by lib.sh
WAIT_SECS=40
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=objects.sh
. "$TESTS/bench/objects.sh"
csv="$WORK/results.csv"
svg="$WORK/results.svg"

case $1 in
default)
    # 16 KiB is above both queues' limit (8192 on Linux by default). Two
    # trials each, in shuffled order, both ends on two CPUs.
    run bench ipc_bench -v --quick -s 64,16K -r 40 --trials 2 --cpus split \
        --csv "$csv" --svg "$svg"
    expect_status bench 0
    # 2 sizes x (9 mechanisms + bare_ring) less the 2 queues at 16 KiB,
    # 3 floors (once), 2 copies at each size.
    expect_csv_rows "$csv" 25
    for mech in pipe fifo socketpair unix tcp sysv_mq posix_mq shm_block shm_spin \
                bare_ring memcpy memcpy_mem; do
        grep -q "^$mech,64,split,2," "$csv" || fail "no 64-byte row of 2 trials for $mech"
    done
    for mech in futex eventfd cacheline; do
        grep -q "^$mech,0,split,2,,,,,[0-9]*,[0-9]*,[0-9]*," "$csv" || fail "no floor row for $mech"
    done
    grep -q '^sysv_mq,16384,' "$csv" && fail "sysv_mq at 16 KiB should be skipped"
    expect_out bench 'sysv_mq +skipped: System V messages are at most'
    expect_out bench 'posix_mq +skipped: POSIX queue messages are at most'
    expect_out bench '^all measurements ok'
    expect_out bench '^method: 2 shuffled trials per row, each a stream of 0.02 s'
    expect_out bench '^and 40 round trips per row \(20 per trial\)'
    expect_out bench '^kernel: .*; clocksource .*; cpuidle '
    expect_out bench '^load average at end: '
    expect_out bench '^crossovers \(throughput\):'
    # memcpy has no round trips; pipe has all; the ratio column is there.
    grep -q '^memcpy,64,split,2,[0-9.]*,[0-9.]*,[0-9.]*,[0-9]*,,,,[0-9.]*,[0-9]*,.*,yes$' "$csv" ||
        fail "memcpy row malformed"
    grep -q '^pipe,64,split,2,[0-9.]*,[0-9.]*,[0-9.]*,[0-9]*,[0-9]*,[0-9]*,[0-9]*,[0-9.]*,[0-9]*,[0-9]* KiB (F_SETPIPE_SZ),yes$' "$csv" ||
        fail "pipe row malformed"
    expect_out bench '^  pipe .*%'
    [ "$(head -c 4 "$svg")" = "<svg" ] || fail "the SVG does not start with <svg"
    [ "$(tail -n 1 "$svg")" = "</svg>" ] || fail "the SVG does not end with </svg>"
    [ "$(grep -o '<text' "$svg" | wc -l)" -eq "$(grep -o '</text>' "$svg" | wc -l)" ] ||
        fail "the SVG's <text> elements are not all closed"
    grep -q '<polyline' "$svg" || fail "the SVG has no lines"
    if command -v xmllint >/dev/null 2>&1; then
        xmllint --noout "$svg" 2>"$WORK/xmllint.err" ||
            fail "the SVG is not well-formed XML: $(head -n 3 "$WORK/xmllint.err")"
    fi
    expect_objects_gone bench
    ;;
odd-sizes)
    # Under 8 bytes a message holds only part of its number; 1000 is no
    # multiple of a cache line; 100000 is more than a pipe or socket takes
    # at once, so short reads and writes must be handled.
    run bench ipc_bench -v -m pipe,fifo,socketpair,unix,tcp,sysv_mq,posix_mq,shm_block,shm_spin \
        -s 1,7,1000,100000 -n 100 -r 10 --trials 1 --cpus same --csv "$csv"
    expect_status bench 0
    # 4 sizes x 9 mechanisms, less the 2 queues at 100000.
    expect_csv_rows "$csv" 34
    expect_objects_gone bench
    ;;
*)
    fail "unknown case $1"
    ;;
esac
pass
