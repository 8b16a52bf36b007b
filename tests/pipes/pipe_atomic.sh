#!/bin/sh
# pipe_atomic: several writers share one pipe. Records of at most PIPE_BUF
# bytes always arrive whole (torn: 0); for larger ones the torn count is
# reported (how many depends on timing, so only its form is checked).
#   pipe_atomic.sh pipe-buf | larger
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"

case $1 in
pipe-buf)
    for args in "-w 4 -r 500 -s 4096:2000" "-w 26 -r 200 -s 1:5200" \
                "-w 8 -r 300 -s 512:2400" "-w 2 -r 300 -s 4000:600"; do
        # shellcheck disable=SC2086  # the options are meant to split
        run atomic pipe_atomic ${args%:*}
        expect_status atomic 0
        expect_out atomic "^records: ${args#*:}, torn: 0\$"
        expect_out atomic '^every record arrived whole'
        expect_out atomic '^parent: reaped all [0-9]+ writers \(0 failed\)$'
    done
    run atomic pipe_atomic
    expect_status atomic 0
    expect_out atomic '^records: 4000, torn: 0$'
    ;;
larger)
    for size in 4097 100000; do
        run atomic pipe_atomic -w 4 -r 100 -s "$size"
        expect_status atomic 0
        expect_out atomic '^records: 400, torn: [0-9]+$'
        expect_out atomic 'more than PIPE_BUF bytes may go in pieces'
        expect_out atomic '^parent: reaped all 4 writers \(0 failed\)$'
    done
    ;;
*)
    fail "unknown case $1"
    ;;
esac
pass
