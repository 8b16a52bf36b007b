#!/bin/sh
# Closing the terminal window, the commonest way a student ends a demo:
# the program runs in a real terminal (a tmux pane, on a tmux server of
# this test's own), the session is killed, the kernel sends SIGHUP as the
# terminal goes away, and the program must end cleanly and say so.
#   signal_hangup.sh signal_receiver | signal_fd | sigchld_reaper
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"

command -v tmux >/dev/null || { echo "SKIP: needs tmux"; exit 77; }
case $1 in
sigchld_reaper) args="-w 2" started='^staying alive' ended='^interrupted: no children left' ;;
signal_receiver | signal_fd) args="" started='^ready: pid' ended='^interrupted by SIGHUP' ;;
*) fail "unknown program $1" ;;
esac
: >"$WORK/prog.out"
# tmux -S: a server of our own (its socket in $WORK), never the user's.
tmux -S "$WORK/tmux" new-session -d -s hangup \
    "exec '$BIN/$1' $args >'$WORK/prog.out' 2>'$WORK/prog.err'" ||
    fail "tmux could not start a session"
_poll "$WAIT_SECS" _has_line prog "$started" || {
    tmux -S "$WORK/tmux" kill-server 2>/dev/null
    fail "$1 never printed a line matching /$started/ in its tmux pane"
}
pid=$(tmux -S "$WORK/tmux" list-panes -t hangup -F '#{pane_pid}')
echo "$pid" >"$WORK/prog.pid"
STARTED="$STARTED prog"                 # stopped by the cleanup if need be
tmux -S "$WORK/tmux" kill-server             # closes the pane's terminal
_poll "$WAIT_SECS" _dead "$pid" || fail "$1 still runs after its terminal closed"
expect_out prog "$ended"
[ ! -s "$WORK/prog.err" ] || fail "$1 wrote to stderr: $(cat "$WORK/prog.err")"
pass
