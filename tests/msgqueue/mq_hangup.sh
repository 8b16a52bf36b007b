#!/bin/sh
# Closing the terminal a receiver runs in (the commonest way a student ends
# a demo) sends it SIGHUP: it must end cleanly and remove its queue, as on
# Ctrl-C. A real terminal is used: a tmux session, then killed (issue 15).
#   mq_hangup.sh sysv_mq_receiver | posix_mq_receiver | posix_mq_notify
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=mq_lib.sh
. "$TESTS/msgqueue/mq_lib.sh"
prog=$1
tmux=$(command -v tmux) || { echo "no tmux"; exit 77; }
socket="$WORK/tmux.socket"   # private, and removed with $WORK
case $prog in
sysv_mq_receiver) where="-k $SYSV_KEY" ;;
*) where="-n /$UNIQ-q" ;;
esac

# shellcheck disable=SC2317  # called by the trap
end_all() {
    "$tmux" -S "$socket" kill-server 2>/dev/null
    [ -s "$WORK/pid" ] && kill -TERM "$(cat "$WORK/pid")" 2>/dev/null
    _cleanup
}
trap end_all EXIT

# Terminal 1 is a tmux pane; the program's output goes to a file to check.
"$tmux" -S "$socket" -f /dev/null new-session -d -s demo \
    "echo \$\$ >'$WORK/pid'; exec '$BIN/$prog' $where >'$WORK/term.out' 2>&1" ||
    fail "tmux could not start a session"
_poll "$WAIT_SECS" grep -q '^ready:' "$WORK/term.out" ||
    fail "$prog never printed a ready: line in the tmux pane"
pid=$(cat "$WORK/pid")
alive "$pid" || fail "$prog is not running"
"$tmux" -S "$socket" kill-session -t demo      # as closing the window does
_poll "$WAIT_SECS" _dead "$pid" || fail "$prog still runs after its terminal closed"
grep -q '^interrupted by SIGHUP' "$WORK/term.out" ||
    fail "$prog did not say it was ended by SIGHUP: $(cat "$WORK/term.out")"
grep -q '^removed the queue' "$WORK/term.out" ||
    fail "$prog did not remove its queue: $(cat "$WORK/term.out")"
if [ "$prog" = sysv_mq_receiver ]; then
    expect_sysv_gone "$SYSV_KEY"
else
    expect_posix_gone "/$UNIQ-q"
fi
pass
