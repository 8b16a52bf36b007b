#!/bin/sh
# tour_tmux.sh - the live tour (tour.sh --tmux), driven detached: each side's
# command is typed into its own pane, and the panes show what a class sees.
# Checked in the panes themselves (tmux capture-pane): the reader's ready:
# before its received: lines, the writer's sending: lines in the other pane,
# each program back at a prompt with status 0, the notes pane's Watch line.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
command -v tmux >/dev/null || { echo "SKIP: no tmux (apt-get install tmux)"; exit 77; }
socket="$WORK/tmux.socket"
trap 'tmux -S "$socket" kill-server 2>/dev/null; _cleanup' EXIT

TOUR_TMUX_DETACHED=1 TOUR_TMUX_SOCKET=$socket
export TOUR_TMUX_DETACHED TOUR_TMUX_SOCKET
WAIT_SECS=50 run tour /bin/sh "$TESTS/tour.sh" --tmux --delay 50 fifo_reader sem_named_wait
expect_status tour 0
for pane in 0 1 2; do
    tmux -S "$socket" capture-pane -p -J -S - -t "tour.$pane" >"$WORK/pane$pane.out" ||
        fail "no pane $pane in the tour's session"
done

# Terminal 1: the commands as typed, each answer in its order, status 0.
grep -n . "$WORK/pane0.out" >"$WORK/t1"
line_of() { grep -E -m1 -- "$2" "$WORK/$1" | cut -d: -f1; }
ready=$(line_of t1 'ready: waiting for a writer')
first=$(line_of t1 'received: hello$')
second=$(line_of t1 'received: from another process$')
if [ -z "$ready" ] || [ -z "$first" ] || [ -z "$second" ]; then
    fail "terminal 1 does not show the reader's ready: and received: lines"
fi
if [ "$ready" -gt "$first" ] || [ "$first" -gt "$second" ]; then
    fail "terminal 1 shows the reader's lines out of order"
fi
expect_out pane0 '^\[0\] \$ fifo_reader$'
expect_out pane0 '^acquired 3$'
[ "$(grep -c '^\[[1-9][0-9]*\] \$' "$WORK/pane0.out")" = 0 ] ||
    fail "a program in terminal 1 exited with a non-zero status"
# Terminal 2: the writer and the poster.
expect_out pane1 "^\[0\] \\$ fifo_writer hello 'from another process'$"
expect_out pane1 '^sending: hello$'
expect_out pane1 '^posted 3 of 3'
[ "$(grep -c '^\[[1-9][0-9]*\] \$' "$WORK/pane1.out")" = 0 ] ||
    fail "a program in terminal 2 exited with a non-zero status"
# The notes below both panes, and nothing left where the pair ran.
expect_out pane2 '^Watch: the reader creates the FIFO'
expect_gone "$DEMO_DIR/fifo"
pass
