#!/bin/sh
# The same call over IPv6: the server listens on ::1 and says so as
# [::1]:PORT; the client reaches it by address. Skips without IPv6.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=rpc_lib.sh
. "$TESTS/sockets/rpc_lib.sh"

start server rpc_server -a ::1 -p 0 -c 1
_poll "$WAIT_SECS" _ready_or_dead server
if ! _has_line server '^ready:'; then
    finish server
    grep -q 'bind\|::1' "$WORK/server.err" && { echo "SKIP: no IPv6 loopback here"; exit 77; }
    fail "the server did not start"
fi
ready_line server | grep -Eq '^ready: listening on \[::1\]:[0-9]+$' ||
    fail "the ready line should read 'listening on [::1]:PORT'"
PORT=$(ready_line server | sed 's/.*://')
run call rpc_client -a ::1 -p "$PORT" upper ipv6
expect_result call IPV6
finish server
expect_status server 0
pass
