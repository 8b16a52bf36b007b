#!/bin/sh
# Exercise 06 (shm_mailbox): PROGRAM read 3 and PROGRAM write one two three
# hand three messages over through one slot in POSIX shared memory.
# Behaviour checked: the reader's object is in /dev/shm, mode 0600; with no
# writer the reader waits, asleep in the kernel (futex, /proc/PID/wchan),
# printing nothing; with the reader stopped (SIGSTOP) the writer fills the
# slot once and then waits, never overwriting the unread message; resumed,
# the reader receives all three in order, and the object is gone at the end.
#   BIN=... TESTS=... sh check.sh PROGRAM
# shellcheck source=../../tests/lib.sh
. "$TESTS/lib.sh"
# shellcheck source=../check_lib.sh
. "${0%/*}/../check_lib.sh"
program=$1
name="/$UNIQ-mailbox"
object=/dev/shm/${name#/}
[ -d /dev/shm ] || { echo "cannot check here: no /dev/shm"; exit 77; }
trap 'rm -f "$object"; _cleanup' EXIT

# asleep NAME : NAME waits in the kernel on a futex (a semaphore's wait);
# state_of NAME : its state letter (S sleeping, T stopped...).
asleep() { case $(cat "/proc/$(pid_of "$1")/wchan" 2>/dev/null) in *futex*) return 0 ;; esac; return 1; }
state_of() { sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$(pid_of "$1")/status" 2>/dev/null; }
# settles NAME : within 3s, NAME is asleep on a futex (true) or has printed
# a line past its ready: line or ended (false).
settles() {
    _i=30
    while [ "$_i" -gt 0 ]; do
        asleep "$1" && return 0
        alive "$(pid_of "$1")" || return 1
        [ "$(grep -c '^\(received\|sent\): ' "$WORK/$1.out")" -gt "${2:-0}" ] && return 1
        sleep 0.1
        _i=$((_i - 1))
    done
    return 1
}

# 1. The reader alone: it must make the object and wait.
start rd "$program" -n "$name" read 3
wait_ready rd
if ! settles rd; then
    got=$(grep -c '^received: ' "$WORK/rd.out")
    not_yet "with no writer yet, the reader did not wait for a message: it printed $got received: line(s) at once (take() must wait until the slot is full)"
fi
[ -f "$object" ] || not_yet "the reader waits, but there is no $object (shm_open)"
[ "$(stat -c %a "$object")" = 600 ] || not_yet "$object should be mode 0600, not $(stat -c %a "$object")"

# 2. Reader stopped: the writer may fill the slot once, then must wait.
signal rd STOP
stopped() { [ "$(state_of rd)" = T ]; }
_poll 5 stopped || fail "the reader did not stop on SIGSTOP"
start wr "$program" -n "$name" write one two three
wait_line wr '^sent: one$'
if ! settles wr 1; then
    signal rd CONT
    not_yet "with the reader stopped (SIGSTOP), the writer went on to send two after one: it overwrote the unread message in the one slot (put() must wait until the slot is empty)"
fi
stopped || fail "the reader did not stay stopped"

# 3. Resumed, the reader takes all three, in order.
signal rd CONT
finish wr
finish rd
expect_status wr 0
expect_status rd 0
expect_received rd one two three
expect_gone "$object"
solved "the writer waited for an empty slot and the reader for a full one; nothing was lost"
