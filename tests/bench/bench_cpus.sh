#!/bin/sh
# --cpus same and --cpus split pin both ends (sched_setaffinity) and still
# deliver everything; split needs two CPUs (skipped if we may use only one).
#   bench_cpus.sh same | split
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=objects.sh
. "$TESTS/bench/objects.sh"
csv="$WORK/results.csv"
if [ "$1" = split ] && [ "$(nproc)" -lt 2 ]; then
    echo "SKIP: --cpus split needs two CPUs"
    exit 77
fi
run bench ipc_bench -m pipe,tcp,shm_block,shm_spin -s 64,4K -n 200 -r 20 --cpus "$1" --csv "$csv"
expect_status bench 0
expect_out bench "^CPUs: producer on CPU [0-9]+, consumer on CPU [0-9]+ \(--cpus $1\)"
if [ "$1" = same ]; then
    expect_out bench 'producer on CPU ([0-9]+), consumer on CPU \1 '
else
    expect_no_out bench 'producer on CPU ([0-9]+), consumer on CPU \1 '
fi
expect_csv_rows "$csv" 10
pass
