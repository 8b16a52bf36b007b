#!/bin/sh
# Exercise 01 (pipe_eof): the parent must see end of file, so both
# processes close the pipe end they do not use. Behaviour checked: the run
# ends on its own with every line received; under strace, a pipe is made,
# the child closes the read end and writes the lines into the pipe, and the
# parent closes the write end before it reads them from the pipe.
#   BIN=... TESTS=... sh check.sh PROGRAM
# shellcheck source=../../tests/lib.sh
. "$TESTS/lib.sh"
# shellcheck source=../check_lib.sh
. "${0%/*}/../check_lib.sh"
program=$1
need_strace

# 1. A plain run: does the parent see end of file?
start ex "$program" alpha "beta gamma" delta
wait_ready ex
if ! ended_within 3 ex; then
    writes=$(pipe_ends_of "$(pid_of ex)" | sed -n 's/:w$//p' | tr '\n' ' ')
    if [ -n "$writes" ]; then
        not_yet "after 3s the parent still waits in read(), and it holds a write end of the pipe itself (fd ${writes% }), so end of file cannot come"
    fi
    not_yet "after 3s the parent still waits in read(): some process still holds a write end of the pipe"
fi
finish ex
expect_status ex 0
expect_received ex alpha "beta gamma" delta

# 2. The same under strace: which process did what with which end.
log="$WORK/strace.log"
traced st "$log" pipe,pipe2,close,read,write "$program" alpha "beta gamma" delta
expect_status st 0
expect_received st alpha "beta gamma" delta
made=$(grep -n '^[0-9]* *pipe2\{0,1\}(\[[0-9]*, *[0-9]*\].*= 0$' "$log" | head -n 1)
[ -n "$made" ] || not_yet "strace shows no pipe() call: the lines did not go through a pipe"
# From the pipe on (the loader's own calls before it do not count).
tail -n "+${made%%:*}" "$log" >"$WORK/after.log"
log="$WORK/after.log"
# shellcheck disable=SC2046  # "PID pipe([R, W]...": split into numbers
set -- $(echo "${made#*:}" | sed 's/pipe2/pipe/' | tr -c '0-9\n' ' ')
parent=$1 rfd=$2 wfd=$3
child=$(awk -v p="$parent" -v w="$wfd" '$1 != p && $2 ~ "^write\\(" w "," { print $1; exit }' "$log")
[ -n "$child" ] || not_yet "no child process wrote into the pipe's write end (fd $wfd)"
grep -q "^$child *write($wfd, \"alpha" "$log" ||
    not_yet "the child's writes into the pipe do not carry the messages"
# first_line PID PATTERN : the log line number of PID's first call matching.
first_line() { grep -n "^$1 *$2" "$log" | head -n 1 | cut -d: -f1; }
closed=$(first_line "$child" "close(${rfd}[) ]")
wrote=$(first_line "$child" "write($wfd,")
if [ -z "$closed" ] || [ "$closed" -gt "$wrote" ]; then
    not_yet "the child never closed the read end (fd $rfd) before writing: a writer should hold no read end"
fi
closed=$(first_line "$parent" "close(${wfd}[) ]")
read_at=$(first_line "$parent" "read($rfd,")
[ -n "$read_at" ] || not_yet "the parent never read from the pipe (fd $rfd): its received: lines came from elsewhere"
if [ -z "$closed" ] || [ "$closed" -gt "$read_at" ]; then
    not_yet "the parent did not close the write end (fd $wfd) before reading"
fi
solved "the parent saw end of file; each process closed the end it does not use"
