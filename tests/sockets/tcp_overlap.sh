#!/bin/sh
# Clients are served at the same time, not in turn: while a first client
# stays connected (its stdin held open), a second one connects, is echoed
# and ends. A server that served one client at a time would leave the
# second waiting until the first left (tcp_client gives up after 5 s).
#   tcp_overlap.sh SERVER
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=sock_lib.sh
. "$TESTS/sockets/sock_lib.sh"
start server "$1" -p 0 -c 2
wait_ready server
port=$(port_of server)
mkfifo "$WORK/hold"
start_in first "$WORK/hold" tcp_client -p "$port"
exec 4>"$WORK/hold"
echo "first, before" >&4
wait_line first '^received: first, before$'
run client tcp_client -p "$port" "while the first is connected"
expect_status client 0
expect_received client "while the first is connected"
alive "$(pid_of first)" || fail "the first client ended before the second was served"
# The kernel's view too: the first client's connection is still open.
holds_socket() {
    for _fd in "/proc/$1/fd"/*; do
        case $(readlink "$_fd") in socket:*) return 0 ;; esac
    done
    return 1
}
holds_socket "$(pid_of first)" || fail "the first client holds no socket"
echo "first, after" >&4
exec 4>&-
finish first
finish server
expect_status first 0
expect_status server 0
expect_received first "first, before" "first, after"
expect_out server '^client 2 connected'
expect_out server '^every client has finished; exiting$'
pass
