#!/bin/sh
# Bad command lines exit 2 with the usage on stderr; -h prints it on stdout
# and exits 0.
#   pipes_usage.sh PROGRAM
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
prog=$1

run help "$prog" -h
expect_status help 0
expect_out help '^usage:'
expect_usage_error bad_option "$prog" -x

case $prog in
pipe_basic)
    expect_usage_error two_messages pipe_basic one two
    expect_usage_error newline pipe_basic "two
lines"
    ;;
pipe_duplex)
    for n in 0 10001 abc 5x "" -3 "1 2"; do
        expect_usage_error bad_n pipe_duplex "$n"
    done
    expect_usage_error two_numbers pipe_duplex 1 2
    ;;
pipe_pipeline)
    expect_usage_error no_separator pipe_pipeline ls /
    expect_usage_error no_cmd2 pipe_pipeline ls / --
    expect_usage_error no_cmd1 pipe_pipeline -- wc -l
    expect_usage_error separator_only pipe_pipeline --
    ;;
pipe_capacity)
    for bytes in 0 -1 abc 12x 2147483648 ""; do
        expect_usage_error bad_size pipe_capacity -s "$bytes"
    done
    expect_usage_error missing_size pipe_capacity -s
    expect_usage_error extra_arg pipe_capacity surplus
    ;;
pipe_atomic)
    for args in "-w 0" "-w 27" "-r 0" "-r 100001" "-s 0" "-s 1048577" "-s abc" "-w" \
                "surplus"; do
        # shellcheck disable=SC2086  # the options are meant to split
        expect_usage_error bad_args pipe_atomic $args
    done
    ;;
pipe_sigpipe)
    expect_usage_error extra_arg pipe_sigpipe surplus
    ;;
pipe_popen)
    expect_usage_error two_args pipe_popen ls /
    expect_usage_error empty pipe_popen ""
    ;;
*)
    fail "unknown program $prog"
    ;;
esac
pass
