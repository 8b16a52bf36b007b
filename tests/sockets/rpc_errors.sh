#!/bin/sh
# Calls that cannot succeed. The server answers with an error what it
# cannot run: "error: WHY" on stdout, exit 1. The stub refuses, before
# connecting, what it cannot marshal: "rpc_client: WHY" and the usage on
# stderr, exit 2, as for any bad command line.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=rpc_lib.sh
. "$TESTS/sockets/rpc_lib.sh"

start_server server

# Refused by the server: the call reaches it, the reply is an error.
run unknown rpc_client -p "$PORT" mul 6 7
expect_error unknown 1 'unknown procedure "mul"'
run overflow rpc_client -p "$PORT" add 9223372036854775807 1
expect_error overflow 1 'add: the result does not fit in a 64-bit INT'
run sum_overflow rpc_client -p "$PORT" sum -9223372036854775807 -1 -1
expect_error sum_overflow 1 'sum: the result does not fit'

# Refused by the stub: nothing is sent (the server sees no connection).
for case in "few:add 1:add takes 2 arguments" \
    "many:add 1 2 3:add takes 2 arguments \(add A B\), got 3" \
    "nan:add 1 x:add: argument 2 \(\"x\"\) is not an INT$" \
    "float:sum 1 2.5:sum: argument 2 \(\"2\.5\"\) is not an INT$" \
    "range:add 1 99999999999999999999:add: argument 2 \(9+\) does not fit in a 64-bit INT$" \
    "upper_two:upper a b:upper takes 1 argument \(upper TEXT\), got 2" \
    "long_name:procedure_with_a_name_over_32_bytes:a procedure name is 1..32"; do
    name=${case%%:*} rest=${case#*:}
    args=${rest%%:*} why=${rest#*:}
    # shellcheck disable=SC2086  # the arguments, split at the spaces
    run "$name" rpc_client -p "$PORT" $args
    expect_refused "$name" "$why"
done
run name rpc_client -p "$PORT" "two words" 1
expect_refused name 'a procedure name is 1\.\.32 printable ASCII bytes$'
long=$(printf '%05000d' 0)              # 5,000 bytes: over the frame limit
run too_long rpc_client -p "$PORT" upper "$long"
expect_refused too_long 'a 5012-byte call is over the 4096-byte limit: refused whole, never cut'
args=$(i=0; while [ "$i" -lt 256 ]; do printf '1 '; i=$((i + 1)); done)
# shellcheck disable=SC2086
run too_many rpc_client -p "$PORT" sum $args
expect_refused too_many 'at most 255 arguments \(the count is one byte\), got 256$'
# ... and the biggest calls that fit do go through.
run fits rpc_client -p "$PORT" upper "$(printf '%04084d' 0)"
expect_result fits "$(printf '%04084d' 0)"
args=$(i=0; while [ "$i" -lt 255 ]; do printf '1 '; i=$((i + 1)); done)
# shellcheck disable=SC2086
run many_fit rpc_client -p "$PORT" sum $args
expect_result many_fit 255

signal server INT
finish server
expect_status server 0
[ "$(grep -c '^connection [0-9]* from' "$WORK/server.out")" -eq 5 ] ||
    fail "the server should have seen 5 connections (the refused calls send nothing)"
pass
