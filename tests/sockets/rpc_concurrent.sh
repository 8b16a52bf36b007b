#!/bin/sh
# Many clients at once, each answered with its own result, while one more
# connection sits in the middle of a frame: a thread per connection, so a
# stalled client holds up nobody else. Then it leaves mid-frame, and the
# server, given -c, ends once every connection is over.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=rpc_lib.sh
. "$TESTS/sockets/rpc_lib.sh"
clients=24                              # at once; -t 8: a loaded machine is slow

start_server server -c $((clients + 1))
mkfifo "$WORK/stall"
start_in stalled "$WORK/stall" rpc_client -p "$PORT" -r
exec 3>"$WORK/stall"
bytes 0 >&3                             # a quarter of a length prefix
wait_line stalled '^sending 1 byte:'
wait_line server '^connection 1 from'

i=1
while [ "$i" -le "$clients" ]; do
    case $((i % 3)) in
    0) start "c$i" rpc_client -p "$PORT" -t 8 add "$i" "$((i * 1000))" ;;
    1) start "c$i" rpc_client -p "$PORT" -t 8 upper "client $i" ;;
    2) start "c$i" rpc_client -p "$PORT" -t 8 sum "$i" "$i" "$i" ;;
    esac
    i=$((i + 1))
done
i=1
while [ "$i" -le "$clients" ]; do
    finish "c$i"
    case $((i % 3)) in
    0) expect_result "c$i" $((i * 1001)) ;;
    1) expect_result "c$i" "CLIENT $i" ;;
    2) expect_result "c$i" $((i * 3)) ;;
    esac
    i=$((i + 1))
done
alive "$(pid_of stalled)" || fail "the stalled client should still be waiting"

exec 3>&-                               # the stalled client's input ends
finish stalled
expect_no_answer stalled 'the server closed the connection without answering$'
finish server
expect_status server 0
expect_out server '^connection 1: the client left in the middle of a length prefix'
expect_out server "^served $((clients + 1)) connections"
pass
