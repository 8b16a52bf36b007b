#!/bin/sh
# Closing the terminal window, the commonest way a student ends a demo: the
# program runs in a real terminal (a detached tmux session), the session is
# killed, and the kernel sends SIGHUP to what ran in it.
#   terminal_close.sh waiter   sem_named_wait removes its semaphore
#   terminal_close.sh lock     a sysv_sem_lock holder gives the lock back to
#                              the process waiting for it
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=semlib.sh
. "$TESTS/semaphores/semlib.sh"
command -v tmux >/dev/null || { echo "SKIP: no tmux"; exit 77; }
unset TMUX
sock="$WORK/tmux.sock"
name="/$UNIQ-sem"
file="/dev/shm/sem.$UNIQ-sem"
key=$SYSV_KEY
trap 'tmux -S "$sock" kill-server 2>/dev/null; _cleanup; rm -f "$file"; ipcrm -S "$key" 2>/dev/null' EXIT

# in_terminal NAME PROG ARGS... : run PROG in its own tmux session NAME,
# its output to $WORK/NAME.out and .err, its pid to $WORK/NAME.pid.
in_terminal() {
    _name=$1 _cmd="exec '$BIN/$2'"
    shift 2
    for _arg in "$@"; do _cmd="$_cmd '$_arg'"; done     # no quotes in ARGS
    : >"$WORK/$_name.out"
    tmux -S "$sock" -f /dev/null new-session -d -s "$_name" \
        "$_cmd >'$WORK/$_name.out' 2>'$WORK/$_name.err'" ||
        fail "tmux could not start a session"
    tmux -S "$sock" list-panes -t "$_name" -F '#{pane_pid}' >"$WORK/$_name.pid"
}

close_terminal() {
    _pid=$(pid_of "$1")
    tmux -S "$sock" kill-session -t "$1"
    wait_until "$1 still runs after its terminal closed" _dead "$_pid"
}

case $1 in
waiter)
    in_terminal waiter sem_named_wait -n "$name"
    wait_ready waiter
    [ -e "$file" ] || fail "$file does not exist while the waiter runs"
    close_terminal waiter
    expect_out waiter '^interrupted after 0 acquisitions'
    expect_out waiter "^removed the semaphore $name\$"
    expect_gone "$file"
    ;;
lock)
    in_terminal holder sysv_sem_lock -k "$key" -s 60
    wait_line holder '^lock acquired'
    start waiter sysv_sem_lock -k "$key" -s 0
    wait_until "the second process never waited in semop()" sem_waiters "$key" 1
    close_terminal holder
    expect_out holder '^interrupted: exiting; SEM_UNDO releases the lock'
    finish waiter
    expect_status waiter 0
    expect_out waiter '^lock acquired'
    run remover sysv_sem_lock -k "$key" -r
    expect_status remover 0
    expect_no_set "$key"
    ;;
*)
    fail "unknown case $1"
    ;;
esac
pass
