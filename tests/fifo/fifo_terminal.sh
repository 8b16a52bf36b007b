#!/bin/sh
# Closing the terminal window is the commonest way a student ends a demo:
# the kernel sends SIGHUP. A waiting fifo_reader and fifo_server, each in a
# real terminal (a tmux pane), end cleanly when tmux goes away, and leave
# neither FIFO nor lock file.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
command -v tmux >/dev/null || { echo "SKIP: no tmux"; exit 77; }
sock="$WORK/tmux.sock"
fifo="$WORK/fifo" srv="$WORK/server"

# Each program runs in its own pane with its output in a file we can read.
tmux -S "$sock" new-session -d -s demo \
    "exec '$BIN/fifo_reader' -n '$fifo' >'$WORK/reader.out' 2>'$WORK/reader.err'" ||
    fail "tmux could not start a session"
tmux -S "$sock" new-window -t demo \
    "exec '$BIN/fifo_server' -n '$srv' >'$WORK/server.out' 2>'$WORK/server.err'"
for name in reader server; do
    _poll "$WAIT_SECS" _has_line "$name" '^ready:' || fail "$name never got ready"
done
pids=$(tmux -S "$sock" list-panes -s -t demo -F '#{pane_pid}')
[ "$(echo "$pids" | wc -w)" -eq 2 ] || fail "expected two panes, got: $pids"

tmux -S "$sock" kill-server             # both terminals close at once
for pid in $pids; do
    _poll "$WAIT_SECS" _dead "$pid" || fail "pid $pid still runs after its terminal closed"
done
expect_out reader '^interrupted'
expect_out server '^interrupted'
expect_gone "$fifo"
expect_gone "$srv"
expect_gone "$srv.lock"
pass
