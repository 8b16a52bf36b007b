#!/bin/sh
# --cpus same, split and free place the two ends as they say: checked in the
# kernel's view of each child (Cpus_allowed_list in /proc/PID/status), not
# in what the benchmark prints. The producer stalls (--inject stall) so
# both children stay alive to be looked at; then Ctrl-C ends the run.
#   bench_cpus.sh same | split | free
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=objects.sh
. "$TESTS/bench/objects.sh"
if [ "$1" = split ] && [ "$(nproc)" -lt 2 ]; then
    echo "SKIP: --cpus split needs two CPUs"
    exit 77
fi
mine=$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/self/status)

start bench ipc_bench -v -m pipe -s 64 -r 20 --trials 1 --cpus "$1" -t 20 --inject stall
wait_line bench 'pipe: forked the producer'
producer=$(sed -n 's/.*forked the producer, pid \([0-9]*\)$/\1/p' "$WORK/bench.out")
consumer=$(sed -n 's/.*forked the consumer, pid \([0-9]*\)$/\1/p' "$WORK/bench.out")

# allowed PID: the CPUs the kernel lets PID run on.
allowed() { sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' "/proc/$1/status"; }
# A child pins itself just after fork: wait until both have (or time out).
# shellcheck disable=SC2317  # called through _poll
_pinned() { [ "$(allowed "$producer")" != "$mine" ] && [ "$(allowed "$consumer")" != "$mine" ]; }
if [ "$1" != free ]; then
    _poll 5 _pinned || true
fi
p=$(allowed "$producer") c=$(allowed "$consumer")
echo "allowed: ipc_bench $mine, producer $p, consumer $c"
case $1 in
same)  case $p in *[!0-9]* | "") fail "producer not pinned to one CPU: '$p'" ;; esac
       [ "$p" = "$c" ] || fail "--cpus same: producer on $p, consumer on $c" ;;
split) case $p$c in *[!0-9]* | "") fail "not pinned to one CPU each: '$p' '$c'" ;; esac
       [ "$p" != "$c" ] || fail "--cpus split: both ends on CPU $p" ;;
free)  if [ "$p" != "$mine" ] || [ "$c" != "$mine" ]; then
           fail "--cpus free: the ends were pinned ($p, $c; ours $mine)"
       fi ;;
esac
signal bench INT
finish bench
expect_status bench 0
expect_out bench "^placements: $1"
expect_objects_gone bench
pass
