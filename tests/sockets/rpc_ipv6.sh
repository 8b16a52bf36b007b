#!/bin/sh
# The same call over IPv6: the server listens on ::1 and says so as
# [::1]:PORT; the client reaches it by address. Skips only where the
# kernel has no ::1.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=rpc_lib.sh
. "$TESTS/sockets/rpc_lib.sh"
# shellcheck source=sock_lib.sh
. "$TESTS/sockets/sock_lib.sh"

# Whether ::1 exists is the kernel's to say, not the server's: a server
# that lost IPv6 must fail here, not skip.
need_ipv6_loopback
start server rpc_server -a ::1 -p 0 -c 1
wait_ready server
ready_line server | grep -Eq '^ready: listening on \[::1\]:[0-9]+$' ||
    fail "the ready line should read 'listening on [::1]:PORT'"
PORT=$(ready_line server | sed 's/.*://')
run call rpc_client -a ::1 -p "$PORT" upper ipv6
expect_result call IPV6
finish server
expect_status server 0
pass
