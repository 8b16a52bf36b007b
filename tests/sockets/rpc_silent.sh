#!/bin/sh
# A silent server: stopped with SIGSTOP, it still has its connections
# completed by the kernel, but never answers. The client gives up after -t
# seconds and says so on stderr: no answer, so no "error:" line. Once resumed, the server reads those calls and
# answers clients that are gone (its writes fail: no SIGPIPE death), and
# goes on serving.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=rpc_lib.sh
. "$TESTS/sockets/rpc_lib.sh"

start_server server
signal server STOP
began=$(date +%s)
run late rpc_client -p "$PORT" -t 1 add 2 3
ended=$(date +%s)
expect_no_answer late 'no reply within 1 s \(is the server stopped, or busy\?\)$'
[ $((ended - began)) -le 4 ] || fail "the client took $((ended - began)) s to give up (-t 1)"

# Five calls in one stream from a client that gives up on them all.
{ call_head add 2; int_value 1; int_value 1; } >"$WORK/call"
for _ in 1 2 3 4 5; do frame "$WORK/call"; done >"$WORK/calls"
run_in gone "$WORK/calls" rpc_client -p "$PORT" -t 1 -r
expect_no_answer gone 'no reply within 1 s \(is the server stopped, or busy\?\)$'

signal server CONT
done_re='(the client closed the connection|reading failed|the client left before the reply)'
wait_line server "^connection 1: $done_re"
wait_line server "^connection 2: $done_re"
run again rpc_client -p "$PORT" add 2 3
expect_result again 5
alive "$(pid_of server)" || fail "the server died"
signal server TERM
finish server
expect_status server 0
expect_out server '^interrupted'
pass
