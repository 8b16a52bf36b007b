#!/bin/sh
# Exercise 03 (fifo_chat): PROGRAM A and PROGRAM B chat over two FIFOs,
# either side starting first. Behaviour checked: both get past their opens
# (no deadlock) whichever starts first; each holds the FIFO it writes
# write-only and the one it reads read-only (/proc/PID/fd and fdinfo); the
# lines typed on one side arrive on the other; end of input on one side
# ends both; no FIFO is left behind.
#   BIN=... TESTS=... sh check.sh PROGRAM
# shellcheck source=../../tests/lib.sh
. "$TESTS/lib.sh"
# shellcheck source=../check_lib.sh
. "${0%/*}/../check_lib.sh"
program=$1
base="$WORK/chat"
mkfifo "$WORK/keys_A" "$WORK/keys_B"     # what each side "types"

# both_ready : true once A and B have both printed ready: (or one ended).
both_ready() {
    for _side in A B; do
        _has_line "$_side" '^ready:' || alive "$(pid_of "$_side")" || return 0
        _has_line "$_side" '^ready:' || return 1
    done
}

# waiting_in SIDE : what SIDE waits in, for the report.
waiting_in() {
    _what=$(grep '^opening ' "$WORK/$1.out" | tail -n 1 | sed 's/^opening \([^ ]*\) .*/\1/')
    if [ -n "$_what" ]; then
        echo "open(${_what##*/})"
    else
        echo "$(cat "/proc/$(pid_of "$1")/wchan" 2>/dev/null)()"
    fi
}

# holds SIDE FIFO MODE : SIDE holds FIFO open, MODE w (write-only) or r.
holds() {
    _pid=$(pid_of "$1")
    for _fd in /proc/"$_pid"/fd/*; do
        [ "$(readlink "$_fd")" = "$2" ] || continue
        _flags=$(sed -n 's/^flags:[[:space:]]*//p' "/proc/$_pid/fdinfo/${_fd##*/}")
        case $3$((0$_flags & 3)) in w1 | r0) return 0 ;; esac
    done
    return 1
}

for first in A B; do
    second=B
    [ "$first" = B ] && second=A
    # Our ends of the keyboards: fd 3 types into A, fd 4 into B.
    start_in "$first" "$WORK/keys_$first" "$program" -n "$base" "$first"
    if [ "$first" = A ]; then exec 3>"$WORK/keys_A"; else exec 4>"$WORK/keys_B"; fi
    start_in "$second" "$WORK/keys_$second" "$program" -n "$base" "$second"
    if [ "$second" = A ]; then exec 3>"$WORK/keys_A"; else exec 4>"$WORK/keys_B"; fi
    i=50
    while ! both_ready && [ "$i" -gt 0 ]; do sleep 0.1; i=$((i - 1)); done
    for side in A B; do
        if ! _has_line "$side" '^ready:' && ! alive "$(pid_of "$side")"; then
            not_yet "$side ended before it was ready: $(head -n 1 "$WORK/$side.err")"
        fi
    done
    if ! both_ready; then
        if ! _has_line A '^ready:' && ! _has_line B '^ready:'; then
            not_yet "with $first started first, after 5s A still waits in $(waiting_in A) and B in $(waiting_in B): each waits for the other (a deadlock)"
        fi
        not_yet "with $first started first, after 5s one side is still not ready: A waits in $(waiting_in A), B in $(waiting_in B)"
    fi
    { holds A "$base-a-to-b" w && holds A "$base-b-to-a" r; } ||
        not_yet "A should hold chat-a-to-b open for writing only and chat-b-to-a for reading only (/proc/PID/fd)"
    { holds B "$base-a-to-b" r && holds B "$base-b-to-a" w; } ||
        not_yet "B should hold chat-a-to-b open for reading only and chat-b-to-a for writing only (/proc/PID/fd)"
    echo "hello from A" >&3
    wait_line B '^received: hello from A$'
    echo "hello from B" >&4
    wait_line A '^received: hello from B$'
    # Ctrl-D on the side that started first ends the chat for both.
    if [ "$first" = A ]; then exec 3>&-; else exec 4>&-; fi
    { ended_within 5 A && ended_within 5 B; } ||
        not_yet "after Ctrl-D on $first, the chat did not end on both sides (does each see end of file?)"
    finish A
    finish B
    exec 3>&- 4>&-
    expect_status A 0
    expect_status B 0
    expect_received A "hello from B"
    expect_received B "hello from A"
    expect_gone "$base-a-to-b"
    expect_gone "$base-b-to-a"
done
solved "A and B chatted with either one started first; the opens paired up"
