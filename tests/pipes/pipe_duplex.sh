#!/bin/sh
# pipe_duplex: the parent sends 1..N over one pipe, the child answers each
# with its square over the other; the parent prints them in order.
#   pipe_duplex.sh default | many
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"

case $1 in
default)
    run duplex pipe_duplex
    expect_received duplex 1 4 9 16 25
    ;;
many)
    awk 'BEGIN { for (i = 1; i <= 1000; i++) print i * i }' >"$WORK/squares"
    run duplex pipe_duplex 1000
    expect_received_file duplex "$WORK/squares"
    ;;
*)
    fail "unknown case $1"
    ;;
esac
expect_status duplex 0
expect_out duplex '^child [0-9]+: end of file on the request pipe; exiting$'
expect_out duplex '^child [0-9]+ exited with status 0$'
pass
