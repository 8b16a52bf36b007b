#!/bin/sh
# pipe_pipeline: CMD1 | CMD2 with CMD2's output on stdout and CMD2's exit
# status as ours; a command that cannot be run is a clear error; a signal
# is passed on to both commands, which are reaped.
#   pipe_pipeline.sh default | status | cmd1-missing | cmd2-missing |
#                    closed-stdin | closed-stdout | INT | TERM | HUP
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"

# expect_stdout NAME TEXT : NAME's stdout is exactly TEXT.
expect_stdout() {
    [ "$(cat "$WORK/$1.out")" = "$2" ] ||
        fail "$1's stdout should be exactly '$2'"
}

case $1 in
default)
    # ls / | wc -l, as the shell gives it.
    # shellcheck disable=SC2012  # the very command the demo runs
    expected=$(ls / | wc -l)
    run pl pipe_pipeline
    expect_status pl 0
    expect_stdout pl "$expected"
    expect_err pl '^ls \(pid [0-9]+\) exited with status 0$'
    expect_err pl '^wc \(pid [0-9]+\) exited with status 0$'
    ;;
status)
    # The pipeline's status is CMD2's, whatever CMD1's.
    run pl pipe_pipeline printf 'a\nb\n' -- sh -c 'cat; exit 3'
    expect_status pl 3
    expect_stdout pl "a
b"
    run pl pipe_pipeline true -- false
    expect_status pl 1
    run pl pipe_pipeline false -- true
    expect_status pl 0
    expect_err pl '^false \(pid [0-9]+\) exited with status 1$'
    run pl pipe_pipeline echo hi -- sh -c 'kill -TERM $$'
    expect_status pl 143
    expect_err pl 'killed by signal 15'
    ;;
cmd1-missing)
    run pl pipe_pipeline no-such-command-ipct -- wc -l
    expect_status pl 127
    expect_err pl '^pipe_pipeline: cannot run no-such-command-ipct: No such file or directory'
    expect_err pl 'PATH'
    grep -q 'started wc' "$WORK/pl.err" && fail "CMD2 was started although CMD1 could not run"
    echo "plain text" >"$WORK/not-a-program"
    run pl pipe_pipeline "$WORK/not-a-program" -- cat
    expect_status pl 127
    expect_err pl 'cannot run .*not-a-program: Permission denied'
    ;;
cmd2-missing)
    run pl pipe_pipeline echo hi -- no-such-command-ipct
    expect_status pl 127
    expect_err pl '^pipe_pipeline: cannot run no-such-command-ipct: No such file or directory'
    # echo may finish first, or die of SIGPIPE once nobody can read: either
    # way it is reaped.
    expect_err pl '^echo \(pid [0-9]+\) (exited|was killed)'
    expect_err pl '^no-such-command-ipct \(pid [0-9]+\) exited with status 127$'
    ;;
closed-stdin | closed-stdout)
    # Started with stdin (or stdout) closed, pipe() hands out fd 0 (or 1)
    # itself: that end is already in place, and must not be closed as a
    # spare. CMD2 writes to stderr so that a closed stdout does not matter.
    if [ "$1" = closed-stdin ]; then
        timeout -k 2 "$WAIT_SECS" "$BIN/pipe_pipeline" echo hi -- sh -c 'cat >&2' \
            <&- >"$WORK/pl.out" 2>"$WORK/pl.err"
    else
        timeout -k 2 "$WAIT_SECS" "$BIN/pipe_pipeline" echo hi -- sh -c 'cat >&2' \
            </dev/null >&- 2>"$WORK/pl.err"
    fi
    echo $? >"$WORK/pl.status"
    expect_status pl 0
    expect_err pl '^hi$'
    expect_err pl '^echo \(pid [0-9]+\) exited with status 0$'
    ;;
INT | TERM | HUP)
    # Both commands run until the signal: CMD1 says "go" and sleeps; CMD2
    # copies that one line to our stdout (so both are running) and sleeps
    # too, deaf to end of file: only the signal passed on can end it. The
    # signal reaches only pipe_pipeline, which passes it on to both.
    # shellcheck disable=SC2016  # $line is for the inner sh
    start pl pipe_pipeline sh -c 'echo go; exec sleep 30' -- \
        sh -c 'read -r line; echo "$line"; exec sleep 30'
    wait_line pl '^go$'
    signal pl "$1"
    finish pl
    expect_status pl 0
    expect_err pl '^interrupted'
    case $1 in INT) number=2 ;; TERM) number=15 ;; HUP) number=1 ;; esac
    pids=$(sed -n 's/^started sh as pid \([0-9]*\),.*/\1/p' "$WORK/pl.err")
    [ "$(echo "$pids" | wc -l)" -eq 2 ] || fail "expected two 'started sh' lines"
    for pid in $pids; do
        grep -q "^sh (pid $pid) was killed by signal $number " "$WORK/pl.err" ||
            fail "command pid $pid was not killed by SIG$1 (signal $number)"
        [ -d "/proc/$pid" ] && fail "command pid $pid is still there (/proc/$pid)"
    done
    ;;
*)
    fail "unknown case $1"
    ;;
esac
pass
