#!/bin/sh
# Bad command lines exit 2 with the usage; -h prints it and exits 0.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
for prog in fifo_reader fifo_writer; do
    run help "$prog" -h
    expect_status help 0
    expect_out help '^usage:'
    expect_usage_error bad_option "$prog" -x
    expect_usage_error missing_arg "$prog" -n
    expect_usage_error long_path "$prog" -n "$WORK/$(printf '%0300d' 0)"
done
expect_usage_error extra_arg fifo_reader -n "$WORK/fifo" surplus
expect_usage_error newline fifo_writer -n "$WORK/fifo" "two
lines"
expect_gone "$WORK/fifo"
pass
