#!/bin/sh
# A client whose server is down fails at once, exit 1, and says why on
# stderr, with a hint (stdout has no error: line: no server answered). The
# port is one a server had a moment ago (and nobody has now).
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=rpc_lib.sh
. "$TESTS/sockets/rpc_lib.sh"

start_server server
signal server INT
finish server
expect_status server 0
run call rpc_client -p "$PORT" add 2 3
expect_no_answer call "cannot connect to 127\.0\.0\.1 port $PORT: Connection refused$"
expect_err call '^rpc_client: hint: is rpc_server running on that port\?'
printf 'x' >"$WORK/in"
run_in raw "$WORK/in" rpc_client -p "$PORT" -r
expect_no_answer raw "cannot connect to 127\.0\.0\.1 port $PORT: Connection refused$"
expect_err raw '^rpc_client: hint: is rpc_server running on that port\?'
pass
