#!/bin/sh
# SIGINT or SIGTERM ends the server at once, cleanly (exit 0, a line
# starting "interrupted"), even with a client connected and mid-frame.
#   rpc_signal.sh INT|TERM
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=rpc_lib.sh
. "$TESTS/sockets/rpc_lib.sh"

start_server
signal server "$1"
finish server
expect_status server 0
expect_out server '^interrupted'

start_server
mkfifo "$WORK/stall"
start_in stalled "$WORK/stall" rpc_client -p "$PORT" -r
exec 3>"$WORK/stall"
bytes 0 0 0 >&3
wait_line server '^connection 1 from'
signal server "$1"
finish server
expect_status server 0
expect_out server '^interrupted'
exec 3>&-
finish stalled
expect_error stalled 1 'closed the connection without answering'
pass
