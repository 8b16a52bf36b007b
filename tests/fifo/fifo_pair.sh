#!/bin/sh
# fifo_reader / fifo_writer, both ways round: whichever starts first creates
# the FIFO, the other uses it; the reader gets every line and removes it.
#   fifo_pair.sh reader-first | writer-first | stdin | many | reader-leaves
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
reader-leaves)
    # The reader goes away half-way: the writer's next write fails with
    # EPIPE (SIGPIPE is ignored), which is a failure: it says so and
    # exits 1, never 0 as if every line had arrived.
    mkfifo "$WORK/input"
    start reader fifo_reader -n "$fifo"
    wait_ready reader
    start_in writer "$WORK/input" fifo_writer -n "$fifo"
    exec 3>"$WORK/input"
    echo one >&3
    wait_line reader '^received: one$'
    signal reader TERM
    finish reader
    expect_status reader 0
    echo two >&3
    exec 3>&-
    finish writer
    expect_status writer 1
    expect_err writer 'the reader closed the FIFO before we were done'
    expect_gone "$fifo"
    pass
    ;;
*)
    fail "unknown case $1"
    ;;
esac
expect_status writer 0
expect_status reader 0
expect_gone "$fifo"
pass
