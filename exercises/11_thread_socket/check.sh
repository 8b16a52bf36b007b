#!/bin/sh
# Exercise 11 (thread_socket): each client thread needs its own socket.
# Behaviour checked from the peers' view, with two real tcp_client runs:
# both connect (the server says so for each) before either sends a word;
# then client 1 sends a line and must get its echo, and so must client 2.
# A thread that reads its socket from a variable the next accept()
# overwrote answers on client 2's socket: client 1 hears nothing, every
# time. Each line carries this run's number, so no program can know it.
#   BIN=... TESTS=... sh check.sh PROGRAM
# shellcheck source=../../tests/lib.sh
. "$TESTS/lib.sh"
# shellcheck source=../check_lib.sh
. "${0%/*}/../check_lib.sh"
program=$1
need_bin tcp_client

start server "$program" -p 0 -c 2
wait_ready server
port=$(ready_line server | sed -n 's/^ready: listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p')
[ -n "$port" ] || not_yet "no port in the ready: line: $(ready_line server)"

# Two clients, connected at once; each sends what the driver writes into
# its FIFO. The driver holds the FIFOs open, so neither sends early.
mkfifo "$WORK/one.in" "$WORK/two.in"
start_in one "$WORK/one.in" tcp_client -p "$port"
exec 3>"$WORK/one.in"
wait_line server '^client 1 connected'
start_in two "$WORK/two.in" tcp_client -p "$port"
exec 4>"$WORK/two.in"
wait_line server '^client 2 connected'
wait_line two '^connected'

echo "one, run $$" >&3
exec 3>&-
# shellcheck disable=SC2317  # called through _poll
got_echo() {
    _has_line one "^received: one, run $$\$" || _has_line two "^received: one, run $$\$" ||
        ! alive "$(pid_of one)"
}
_poll 3 got_echo
if ! _has_line one "^received: one, run $$\$"; then
    if _has_line two "^received: one, run $$\$"; then
        not_yet "client 1's line was echoed to client 2: client 1's thread used the socket of the second accept()"
    fi
    not_yet "client 1 sent a line while client 2 was connected, and got no echo in 3 s"
fi
echo "two, run $$" >&4
exec 4>&-
finish one
finish two
finish server
expect_received one "one, run $$"
expect_received two "two, run $$"
expect_status one 0
expect_status two 0
expect_status server 0
solved "two clients at once, each answered on its own socket"
