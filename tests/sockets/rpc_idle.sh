#!/bin/sh
# A client that connects and sends nothing is dropped after 30 s
# (SO_RCVTIMEO), so it cannot hold one of the 64 threads for ever; the
# server says so and goes on serving. (This one waits the 30 s.)
WAIT_SECS=40
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=rpc_lib.sh
. "$TESTS/sockets/rpc_lib.sh"

start_server server -c 2
mkfifo "$WORK/silent"
start_in silent "$WORK/silent" rpc_client -p "$PORT" -r
exec 3>"$WORK/silent"
wait_line server '^connection 1 from'
began=$(date +%s)
wait_line server '^connection 1: the client was silent for 30 s; closing it$'
waited=$(($(date +%s) - began))
[ "$waited" -ge 28 ] || fail "the server dropped the client after $waited s, not 30"
exec 3>&-                               # the silent client finds it closed
finish silent
expect_no_answer silent 'the server closed the connection without answering$'
run after rpc_client -p "$PORT" add 2 3
expect_result after 5
finish server
expect_status server 0
pass
