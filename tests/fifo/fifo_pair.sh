#!/bin/sh
# fifo_reader / fifo_writer, both ways round: whichever starts first creates
# the FIFO, the other uses it; the reader gets every line and removes it.
#   fifo_pair.sh reader-first | writer-first | stdin | many
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
fifo="$WORK/fifo"

case $1 in
reader-first)
    start reader fifo_reader -n "$fifo"
    wait_ready reader
    run writer fifo_writer -n "$fifo" hello "two words" "" "  spaces kept  "
    finish reader
    expect_received reader hello "two words" "" "  spaces kept  "
    ;;
writer-first)
    start writer fifo_writer -n "$fifo" first second
    wait_line writer 'blocks until a reader'
    start reader fifo_reader -n "$fifo"
    finish writer
    finish reader
    expect_status writer 0
    expect_received reader first second
    ;;
stdin)
    # No MESSAGE arguments: each line of stdin is a message.
    printf 'line one\nline two\nno newline at the end' >"$WORK/input"
    start reader fifo_reader -n "$fifo"
    wait_ready reader
    run_in writer "$WORK/input" fifo_writer -n "$fifo"
    finish reader
    expect_received reader "line one" "line two" "no newline at the end"
    ;;
many)
    # 2,000 lines arrive all, once each, in order.
    i=1
    while [ "$i" -le 2000 ]; do echo "message number $i"; i=$((i + 1)); done >"$WORK/input"
    start reader fifo_reader -n "$fifo"
    wait_ready reader
    run_in writer "$WORK/input" fifo_writer -n "$fifo"
    finish reader
    expect_received_file reader "$WORK/input"
    ;;
*)
    fail "unknown case $1"
    ;;
esac
expect_status writer 0
expect_status reader 0
expect_gone "$fifo"
pass
