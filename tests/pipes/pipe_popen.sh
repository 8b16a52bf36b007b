#!/bin/sh
# pipe_popen: each line of the command's output is received, pclose gives
# the command's status, which becomes ours; a missing command is 127.
#   pipe_popen.sh default | status | missing
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"

case $1 in
default)
    ls / >"$WORK/listing"
    run po pipe_popen
    expect_status po 0
    expect_received_file po "$WORK/listing"
    expect_out po '^the shell exited with status 0$'
    ;;
status)
    run po pipe_popen 'echo one; echo "two  spaces"; echo; printf "no newline"; exit 3'
    expect_status po 3
    expect_received po one "two  spaces" "" "no newline"
    expect_out po '^the shell exited with status 3$'
    run po pipe_popen 'echo before; kill -TERM $$'
    expect_status po 143
    expect_received po before
    expect_out po 'killed by signal 15'
    ;;
missing)
    run po pipe_popen no-such-command-ipct
    expect_status po 127
    expect_received po
    expect_out po 'status 127 \(127: the shell could not find the command\)'
    expect_err po 'no-such-command-ipct'
    ;;
*)
    fail "unknown case $1"
    ;;
esac
pass
