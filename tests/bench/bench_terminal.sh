#!/bin/sh
# Closing the terminal window, for real: ipc_bench runs in a tmux session
# (a pseudo-terminal of its own), the producer stalls with a System V queue
# and FIFOs in use, and the session is killed, as a student closes the
# window. The kernel sends SIGHUP; nothing may be left behind (the private
# directory, /dev/shm, ipcs, the POSIX queues), and the run must say so.
# Skipped where tmux is missing.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=objects.sh
. "$TESTS/bench/objects.sh"
if ! command -v tmux >/dev/null 2>&1; then
    echo "SKIP: no tmux"
    exit 77
fi
session="ipc-bench-$UNIQ"
snapshot_objects before
: >"$WORK/bench.out"
echo 0 >"$WORK/bench.pid"
# The pane runs the benchmark itself, its output going to a file.
tmux -S "$WORK/tmux.socket" new-session -d -s "$session" \
    "exec '$BIN/ipc_bench' -v -m fifo,sysv_mq -s 64 -r 20 --trials 1 --cpus same \
     -t 30 --inject stall >'$WORK/bench.out' 2>'$WORK/bench.err'" ||
    fail "tmux could not start a session"
# shellcheck disable=SC2317  # called through _poll
_stalled() { grep -q 'forked the producer' "$WORK/bench.out"; }
_poll "$WAIT_SECS" _stalled || { tmux -S "$WORK/tmux.socket" kill-server 2>/dev/null; fail "no producer forked"; }
pid=$(tmux -S "$WORK/tmux.socket" list-panes -F '#{pane_pid}' 2>/dev/null)
echo "$pid" >"$WORK/bench.pid"
tmux -S "$WORK/tmux.socket" kill-server           # the window closes: SIGHUP
# shellcheck disable=SC2317
_gone() { ! kill -0 "$pid" 2>/dev/null; }
_poll "$WAIT_SECS" _gone || fail "ipc_bench (pid $pid) still runs after its terminal closed"
expect_out bench '^interrupted during (fifo|sysv_mq) at 64 bytes'
expect_objects_gone bench
expect_no_new_objects before
pass
