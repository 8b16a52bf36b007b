#!/bin/sh
# A foreign client (our tcp_client refuses such lines) sends two good lines
# and then a line longer than the server's 4096-byte limit in one go: the
# server echoes the two good lines, then drops that client, and still exits
# cleanly with -c 1.
#   tcp_long_line.sh SERVER
# The foreign client is bash's /dev/tcp.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=sock_lib.sh
. "$TESTS/sockets/sock_lib.sh"
command -v bash >/dev/null || { echo "SKIP: no bash here"; exit 77; }
take_dead_port "$1"
# shellcheck disable=SC2016
if bash -c ': >"/dev/tcp/127.0.0.1/$0"' "$DEAD_PORT" 2>&1 | grep -q 'No such file'; then
    echo "SKIP: this bash has no /dev/tcp"
    exit 77
fi
{ printf 'first\nsecond\n'; printf '%05000d' 0; } >"$WORK/request"
start server "$1" -p 0 -c 1
wait_ready server
port=$(port_of server)
# Send everything, then read the echoes until the server closes.
# shellcheck disable=SC2016
run client /bin/bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0" && cat "$1" >&3 &&
    { cat <&3 || :; }' "$port" "$WORK/request"
finish server
expect_status server 0
expect_received server first second
expect_out server 'longer than 4096 bytes'
[ "$(cat "$WORK/client.out")" = "$(printf 'first\nsecond')" ] ||
    fail "the client should get back exactly 'first' and 'second' before the drop"
pass
