#!/bin/sh
# Exercise 02 (pipe_pipeline): PROGRAM printf ... -- sort must print the
# lines sorted and end. Behaviour checked: sort's output is the lines sorted
# (so printf's output went through sort, with stdin /dev/null); the run ends
# (no write end left open); under strace, the parent made the pipe, and each
# child put its end on fd 1 or fd 0 with dup2 and closed both original ends
# before exec.
#   BIN=... TESTS=... sh check.sh PROGRAM
# shellcheck source=../../tests/lib.sh
. "$TESTS/lib.sh"
# shellcheck source=../check_lib.sh
. "${0%/*}/../check_lib.sh"
program=$1
need_strace
lines='pear
apple
fig'
sorted='apple
fig
pear'

# 1. A plain run: does sort see end of file?
start pl "$program" printf '%s\n' pear apple fig -- sort
if ! ended_within 5 pl; then
    parent=$(pid_of pl)
    for child in $(cat "/proc/$parent/task/$parent/children" 2>/dev/null) "$parent"; do
        writes=$(pipe_ends_of "$child" | sed -n 's/:w$//p' | tr '\n' ' ')
        [ -n "$writes" ] || continue
        who="$(cat "/proc/$child/comm" 2>/dev/null) (pid $child)"
        [ "$child" = "$parent" ] && who="the parent"
        not_yet "after 5s the pipeline has not ended: $who still holds a write end of the pipe (fd ${writes% }), so sort never sees end of file"
    done
    not_yet "after 5s the pipeline has not ended (sort still waits for end of file?)"
fi
finish pl
got=$(cat "$WORK/pl.out")
if [ "$got" = "$lines" ]; then
    not_yet "printf's lines came out unsorted: they never went through the pipe into sort (is printf's stdout the pipe? sort's stdin?)"
elif [ "$got" != "$sorted" ]; then
    not_yet "stdout should be printf's lines sorted by sort (apple fig pear), but was: $(echo "$got" | tr '\n' ' ')"
fi
expect_status pl 0

# 2. Under strace: who made the pipe, and how each child set up its fds.
log="$WORK/strace.log"
traced st "$log" pipe,pipe2,dup2,dup3,close,execve "$program" printf '%s\n' pear apple fig -- sort
made=$(grep -n '^[0-9]* *pipe2\{0,1\}(\[[0-9]*, *[0-9]*\].*= 0$' "$log" | head -n 1)
[ -n "$made" ] || not_yet "strace shows no pipe() call"
# shellcheck disable=SC2046  # "PID pipe([R, W]...": split into numbers
set -- $(echo "${made#*:}" | sed 's/pipe2/pipe/' | tr -c '0-9\n' ' ')
parent=$1 rfd=$2 wfd=$3
tail -n "+${made%%:*}" "$log" >"$WORK/after.log"
# before_exec NAME : the calls a child made before it ran NAME.
before_exec() {
    _pid=$(grep "execve(\"[^\"]*/$1\"" "$WORK/after.log" | awk -v p="$parent" '$1 != p { print $1; exit }')
    [ -n "$_pid" ] || not_yet "strace shows no child of the program running $1"
    awk -v p="$_pid" '$1 == p && $2 ~ /^execve/ { exit } $1 == p' "$WORK/after.log"
}
# closes_both CALLS TARGET : CALLS close the pipe's ends (the one on TARGET
# may stay, if pipe() handed out TARGET itself).
closes_both() {
    for _fd in "$rfd" "$wfd"; do
        [ "$_fd" = "$2" ] && continue
        echo "$1" | grep -q "close(${_fd}[) ]" || return 1
    done
}
calls=$(before_exec printf)
echo "$calls" | grep -Eq "dup[23]\\($wfd, 1[,) ]" || [ "$wfd" = 1 ] ||
    not_yet "the child that runs printf never made fd 1 a copy of the pipe's write end (fd $wfd)"
closes_both "$calls" 1 ||
    not_yet "the child that runs printf kept an original end of the pipe open into printf (fds $rfd and $wfd should be closed before exec)"
calls=$(before_exec sort)
echo "$calls" | grep -Eq "dup[23]\\($rfd, 0[,) ]" || [ "$rfd" = 0 ] ||
    not_yet "the child that runs sort never made fd 0 a copy of the pipe's read end (fd $rfd)"
closes_both "$calls" 0 ||
    not_yet "the child that runs sort kept an original end of the pipe open into sort (fds $rfd and $wfd should be closed before exec)"
solved "printf | sort ran through one pipe; each command held only its fd 0 or fd 1"
