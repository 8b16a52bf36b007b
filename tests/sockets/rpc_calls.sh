#!/bin/sh
# rpc_server / rpc_client: each procedure gives the right result; the server
# narrates every call it unmarshals as "received: NAME(ARGS)" and, given
# -c COUNT, ends by itself after COUNT clients.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=rpc_lib.sh
. "$TESTS/sockets/rpc_lib.sh"

start_server server -c 9
run add rpc_client -p "$PORT" add 2 3
run negative rpc_client -p "$PORT" add -5 -7
run big rpc_client -p "$PORT" add 9223372036854775806 1
run upper rpc_client -p "$PORT" upper "hello, world 42"
run empty rpc_client -p "$PORT" upper ""
run sum rpc_client -p "$PORT" sum 1 2 3 4 -20
run sum_none rpc_client -p "$PORT" sum
i=1 numbers=""
while [ "$i" -le 200 ]; do numbers="$numbers $i"; i=$((i + 1)); done
# shellcheck disable=SC2086  # one argument per number
run sum_200 rpc_client -p "$PORT" sum $numbers
run by_name rpc_client -a localhost -p "$PORT" -t 3 add 40 2
finish server

expect_result add 5
expect_result negative -12
expect_result big 9223372036854775807
expect_result upper "HELLO, WORLD 42"
expect_result empty ""
expect_result sum -10
expect_result sum_none 0
expect_result sum_200 20100
expect_result by_name 42
expect_out add '^  00 00 00 19 01 43 03 61 64 64 02 69'    # the frame, narrated
expect_status server 0
expect_out server '^served 9 connections'
grep -v '^received: sum(1, 2, 3, 4, 5' "$WORK/server.out" >"$WORK/server.short"
grep -q '^received: sum(1, 2, 3, 4, 5, .*, 199, 200)$' "$WORK/server.out" ||
    fail "the server did not print the 200 numbers it received"
mv "$WORK/server.short" "$WORK/server.out"
expect_received server "add(2, 3)" "add(-5, -7)" "add(9223372036854775806, 1)" \
    'upper("hello, world 42")' 'upper("")' "sum(1, 2, 3, 4, -20)" "sum()" "add(40, 2)"
pass
