#!/bin/sh
# Exercise 09 (sem_undo): a System V semaphore lock whose holder may die.
# Behaviour checked in the kernel's view (ipcs -s -i: the semaphore's value
# and ncount, the processes asleep in semop): while a first run holds the
# lock, a second must sleep in semop; when the first is killed with
# SIGKILL (no chance to release), the second must get the lock at once;
# and after runs that end normally the value must be back at 1. A program
# that prints "waiting" and "lock acquired" without a semop is never seen
# asleep by the kernel.
#   BIN=... TESTS=... sh check.sh PROGRAM
# shellcheck source=../../tests/lib.sh
. "$TESTS/lib.sh"
# shellcheck source=../../tests/semaphores/semlib.sh
. "$TESTS/semaphores/semlib.sh"
# shellcheck source=../check_lib.sh
. "${0%/*}/../check_lib.sh"
program=$1
key=$SYSV_KEY
trap '_cleanup; ipcrm -S "$key" 2>/dev/null' EXIT

command -v ipcs >/dev/null ||
    { echo "cannot check here: no ipcs to see the semaphore"; exit 77; }

sem_value() { ipcs -s -i "$1" 2>/dev/null | awk '$1 == "0" && NF == 5 { print $2 }'; }
# shellcheck disable=SC2317  # called through _poll
waits_or_ends() { sem_waiters "$key" 1 || ! alive "$(pid_of waiter)"; }

# 1. The first run takes the lock and holds it; the second must wait.
start holder "$program" -k "$key" -s 60
wait_line holder '^lock acquired'
[ -n "$(sysv_semid "$key")" ] || not_yet "no semaphore set with key $(printf '0x%08x' "$key") exists"
start waiter "$program" -k "$key" -s 0
_poll "$WAIT_SECS" waits_or_ends
sem_waiters "$key" 1 ||
    not_yet "the second run did not sleep in semop() while the first held the lock: nothing locked"
expect_no_out waiter '^lock acquired'

# 2. Kill the holder where it stands: only the kernel can give the lock back.
signal holder KILL
finish holder
if ! _poll 3 _dead "$(pid_of waiter)"; then
    not_yet "the holder was killed (SIGKILL), and 3 s later the second run still sleeps in semop(): the lock died with its holder"
fi
finish waiter
expect_status waiter 0
expect_out waiter '^lock acquired'
expect_out waiter '^lock released'

# 3. Runs that end normally leave it unlocked (1): not 0, not 2.
run again "$program" -k "$key" -s 0
expect_status again 0
semid=$(sysv_semid "$key")
value=$(sem_value "$semid")
[ "$value" = 1 ] ||
    not_yet "after runs that took and released the lock, its value is ${value:-unknown}, not 1: the kernel's undo and your semops disagree"
run remover "$program" -k "$key" -r
expect_status remover 0
expect_no_set "$key"
solved "a second run waited in semop(), and got the lock the moment its holder was killed"
