#!/bin/sh
# pipe_pipeline: CMD1 | CMD2 with CMD2's output on stdout and CMD2's exit
# status as ours; a command that cannot be run is a clear error; a signal
# is passed on to both commands, which are reaped.
#   pipe_pipeline.sh default | status | cmd1-missing | cmd2-missing | INT | TERM
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
INT | TERM)
    # Both commands run until the signal; CMD1 says "go" once both have
    # started. The signal reaches only pipe_pipeline, which passes it on.
    start pl pipe_pipeline sh -c 'echo go; exec sleep 30' -- cat
    wait_line pl '^go$'
    signal pl "$1"
    finish pl
    expect_status pl 0
    expect_err pl '^interrupted'
    expect_err pl '^sh \(pid [0-9]+\) was killed by signal'
    for cmd in sh cat; do
        # cat may see end of file (sh gone) before its own signal comes.
        expect_err pl "^$cmd \\(pid [0-9]+\\) (was killed by signal|exited)"
        pid=$(sed -n "s/^$cmd (pid \\([0-9]*\\)).*/\\1/p" "$WORK/pl.err")
        if [ -z "$pid" ] || alive "$pid"; then
            fail "$cmd (pid $pid) is still running"
        fi
    done
    ;;
*)
    fail "unknown case $1"
    ;;
esac
pass
