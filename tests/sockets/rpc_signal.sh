#!/bin/sh
# SIGINT, SIGTERM or SIGHUP (a closed terminal) ends the server at once,
# cleanly (exit 0, a line starting "interrupted"): idle, and with a client
# connected in the middle of a frame (whose client then sees the
# connection closed).
#   rpc_signal.sh INT|TERM|HUP
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=rpc_lib.sh
. "$TESTS/sockets/rpc_lib.sh"

start_server idle
signal idle "$1"
finish idle
expect_status idle 0
expect_out idle '^interrupted'

start_server busy
mkfifo "$WORK/stall"
start_in stalled "$WORK/stall" rpc_client -p "$PORT" -r
exec 3>"$WORK/stall"
bytes 0 0 0 >&3
wait_line busy '^connection 1 from'
signal busy "$1"
finish busy
expect_status busy 0
expect_out busy '^interrupted'
exec 3>&-
finish stalled
expect_no_answer stalled 'the server closed the connection without answering$'
pass
