#!/bin/sh
# Bad command lines exit 2 with the usage; -h prints it and exits 0; an
# output file that cannot be written fails at once (exit 1), before any
# measurement.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
run help ipc_bench -h
expect_status help 0
expect_out help '^usage:'
expect_usage_error bad_option ipc_bench -x
expect_usage_error extra_arg ipc_bench surplus
expect_usage_error missing_arg ipc_bench -m
expect_usage_error unknown_mech ipc_bench -m pipe,carrier_pigeon
expect_usage_error empty_mech ipc_bench -m ,
expect_usage_error size_zero ipc_bench -s 0
expect_usage_error size_too_big ipc_bench -s 2M
expect_usage_error size_word ipc_bench -s big
expect_usage_error size_suffix ipc_bench -s 4Q
expect_usage_error size_negative ipc_bench -s -64
expect_usage_error count_zero ipc_bench -n 0
expect_usage_error count_word ipc_bench -n many
expect_usage_error count_huge ipc_bench -n 99999999999999999999999
expect_usage_error rounds_zero ipc_bench -r 0
expect_usage_error timeout_zero ipc_bench -t 0
expect_usage_error cpus_word ipc_bench --cpus both
expect_usage_error trials_zero ipc_bench --trials 0
expect_usage_error trials_many ipc_bench --trials 99
expect_usage_error inject_word ipc_bench --inject chaos
expect_usage_error csv_missing ipc_bench --csv
run csv_unwritable ipc_bench -m pipe -s 64 -n 10 -r 1 --trials 1 --csv "$WORK/no/such/dir/r.csv"
expect_status csv_unwritable 1
expect_err csv_unwritable 'no/such/dir/r.csv: No such file or directory'
expect_no_out csv_unwritable 'messages:'
run help_width ipc_bench -h
awk 'length > 80 { exit 1 }' "$WORK/help_width.out" || fail "a line of -h is over 80 columns"
pass
