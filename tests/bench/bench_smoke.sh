#!/bin/sh
# Every mechanism at small sizes and counts: all rows ok in the CSV, the CSV
# header exact, the SVG a whole document, the queues skipped above their
# limits, and every object removed.
#   bench_smoke.sh default | odd-sizes
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=objects.sh
. "$TESTS/bench/objects.sh"
csv="$WORK/results.csv"
svg="$WORK/results.svg"

case $1 in
default)
    # 16 KiB is above both queues' limit (8192 on Linux by default).
    run bench ipc_bench -v -s 64,4K,16K -n 200 -r 20 --csv "$csv" --svg "$svg"
    expect_status bench 0
    # 3 sizes x (9 mechanisms + memcpy), less the 2 queues at 16 KiB.
    expect_csv_rows "$csv" 28
    for mech in memcpy pipe fifo socketpair unix tcp sysv_mq posix_mq shm_block shm_spin; do
        grep -q "^$mech,64," "$csv" || fail "no 64-byte row for $mech"
    done
    grep -q '^sysv_mq,16384,' "$csv" && fail "sysv_mq at 16 KiB should be skipped"
    expect_out bench 'sysv_mq +skipped: System V messages are at most'
    expect_out bench 'posix_mq +skipped: POSIX queue messages are at most'
    expect_out bench '^all measurements ok'
    # The memcpy row has no latency; the others have all three.
    grep -q '^memcpy,64,[0-9.]*,[0-9]*,,,,yes$' "$csv" || fail "memcpy row malformed"
    grep -q '^pipe,64,[0-9.]*,[0-9]*,[0-9]*,[0-9]*,[0-9]*,yes$' "$csv" || fail "pipe row malformed"
    [ "$(head -c 4 "$svg")" = "<svg" ] || fail "the SVG does not start with <svg"
    [ "$(tail -n 1 "$svg")" = "</svg>" ] || fail "the SVG does not end with </svg>"
    [ "$(grep -o '<text' "$svg" | wc -l)" -eq "$(grep -o '</text>' "$svg" | wc -l)" ] ||
        fail "the SVG's <text> elements are not all closed"
    grep -q '<rect[^>]*fill="#' "$svg" || fail "the SVG has no bars"
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
    run bench ipc_bench -v -s 1,7,1000,100000 -n 100 -r 10 --csv "$csv"
    expect_status bench 0
    expect_csv_rows "$csv" 38
    expect_objects_gone bench
    ;;
*)
    fail "unknown case $1"
    ;;
esac
pass
