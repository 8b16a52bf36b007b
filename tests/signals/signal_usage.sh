#!/bin/sh
# Bad command lines exit 2 with the usage; -h prints it and exits 0.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
for prog in signal_receiver signal_fd sigchld_reaper; do
    run help "$prog" -h
    expect_status help 0
    expect_out help '^usage:'
    expect_usage_error bad_option "$prog" -x
    expect_usage_error extra_arg "$prog" 3 surplus
done
for prog in signal_receiver signal_fd; do
    expect_usage_error count_zero "$prog" -c 0
    expect_usage_error count_word "$prog" -c many
    expect_usage_error count_missing "$prog" -c
    expect_usage_error count_suffix "$prog" -c 5x
done
expect_usage_error block_zero signal_receiver -b 0
expect_usage_error block_word signal_receiver -b soon
expect_usage_error block_huge signal_receiver -b 86401
expect_usage_error children_zero sigchld_reaper 0
expect_usage_error children_many sigchld_reaper 101
expect_usage_error children_word sigchld_reaper three
expect_usage_error step_zero sigchld_reaper -s 0
expect_usage_error step_word sigchld_reaper -s soon
pass
