#!/bin/sh
# Ctrl-C (SIGINT), SIGTERM or SIGHUP (the terminal closed) on a reader
# waiting for a writer removes its FIFO and exits 0; so does a writer
# interrupted before any reader came, and a waiting server (FIFO and lock).
#   fifo_signal.sh reader|writer|server INT|TERM|HUP
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
fifo="$WORK/fifo"
if [ "$1" = reader ]; then
    start reader fifo_reader -n "$fifo"
    wait_ready reader
elif [ "$1" = server ]; then
    start server fifo_server -n "$fifo"
    wait_ready server
    [ -f "$fifo.lock" ] || fail "the server holds no lock file"
else
    start writer fifo_writer -n "$fifo" never-sent
    wait_line writer 'blocks until a reader'
fi
[ -p "$fifo" ] || fail "the FIFO was not created"
signal "$1" "$2"
finish "$1"
expect_status "$1" 0
expect_out "$1" '^interrupted'
expect_gone "$fifo"
expect_gone "$fifo.lock"
pass
