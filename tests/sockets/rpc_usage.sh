#!/bin/sh
# Bad command lines exit 2 with the usage; -h prints it and exits 0.
# Nothing here reaches a server: port 1 has none, so a program that got
# past its checks would fail with 1, not 2.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
for prog in rpc_server rpc_client; do
    run help "$prog" -h
    expect_status help 0
    expect_out help '^usage:'
    expect_usage_error bad_option "$prog" -x
    expect_usage_error missing_arg "$prog" -p
    expect_usage_error port_high "$prog" -p 65536
    expect_usage_error port_text "$prog" -p twelve
    expect_usage_error port_negative "$prog" -p -1
done
expect_usage_error count_zero rpc_server -p 0 -c 0
expect_usage_error count_text rpc_server -p 0 -c many
expect_usage_error extra_arg rpc_server -p 0 surplus
expect_usage_error no_procedure rpc_client -p 1
expect_usage_error port_zero rpc_client -p 0 add 1 2
expect_usage_error timeout_zero rpc_client -p 1 -t 0 add 1 2
expect_usage_error timeout_text rpc_client -p 1 -t soon add 1 2
expect_usage_error raw_and_call rpc_client -p 1 -r add 1 2
pass
