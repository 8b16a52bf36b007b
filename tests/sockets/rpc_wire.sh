#!/bin/sh
# The server against the protocol as docs/rpc.md writes it, frames built
# byte by byte in sh (rpc_lib.sh) and sent with rpc_client -r: several calls
# on one connection are answered in order, and a wrong call (unknown name,
# wrong count or type) gets an error reply while the connection stays open.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=rpc_lib.sh
. "$TESTS/sockets/rpc_lib.sh"

start_server server -c 2
{ call_head add 2; int_value 2; int_value 3; } >"$WORK/p1"
{ call_head upper 1; text_value "from sh"; } >"$WORK/p2"
{ call_head sum 3; int_value -1; int_value 1000000000000; int_value 7; } >"$WORK/p3"
{ frame "$WORK/p1"; frame "$WORK/p2"; frame "$WORK/p3"; } >"$WORK/good"
run_in good "$WORK/good" rpc_client -p "$PORT" -r
expect_status good 0
grep -E '^(result|error):' "$WORK/good.out" >"$WORK/got"
printf 'result: 5\nresult: FROM SH\nresult: 1000000000006\n' >"$WORK/want"
diff "$WORK/want" "$WORK/got" >/dev/null || fail "three calls on one connection: got
$(cat "$WORK/got")"

{ call_head add 1; int_value 1; } >"$WORK/p4"
{ call_head upper 1; int_value 1; } >"$WORK/p5"
{ call_head sum 2; int_value 1; text_value 2; } >"$WORK/p6"
{ call_head nope 0; } >"$WORK/p7"
{ for p in p4 p5 p6 p7 p1; do frame "$WORK/$p"; done; } >"$WORK/wrong"
run_in wrong "$WORK/wrong" rpc_client -p "$PORT" -r
expect_status wrong 1
grep -E '^(result|error):' "$WORK/wrong.out" >"$WORK/got"
cat >"$WORK/want" <<'END'
error: add takes 2 arguments (add A B), got 1
error: upper: argument 1 must be TEXT (upper TEXT)
error: sum: argument 2 must be an INT (sum N...)
error: unknown procedure "nope" (this server offers add, upper, sum)
result: 5
END
diff "$WORK/want" "$WORK/got" >/dev/null || fail "wrong calls, then a good one: got
$(cat "$WORK/got")"
finish server
expect_status server 0
expect_out server '^connection 2: the client closed the connection after 5 calls'
pass
