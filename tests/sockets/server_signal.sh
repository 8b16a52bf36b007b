#!/bin/sh
# Ctrl-C (SIGINT), SIGTERM or SIGHUP (the terminal window closed) ends a
# waiting server cleanly: it says "interrupted", exits 0, and a Unix-domain
# server removes its socket file and its lock file. Sent right after ready:,
# so a handler that only sets a flag would hang.
#   server_signal.sh PROG INT|TERM|HUP
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
case $1 in
unix_server | unix_fd_recv) start server "$1" -n "$WORK/sock" ;;
*) start server "$1" -p 0 ;;
esac
wait_ready server
signal server "$2"
finish server
expect_status server 0
expect_out server '^interrupted'
expect_gone "$WORK/sock"
expect_gone "$WORK/sock.lock"
pass
