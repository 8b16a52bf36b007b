#!/bin/sh
# A connection that breaks the protocol is closed, and only that one: the
# server goes on answering other clients. Bytes go in raw (rpc_client -r).
# A whole frame that does not parse gets an error reply (the client prints
# "error:"); a broken length gets none (the client says so on stderr).
#   rpc_bad_frame.sh garbage | huge | empty | cut | version | kind | short | extra
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=rpc_lib.sh
. "$TESTS/sockets/rpc_lib.sh"

{ call_head add 2; int_value 2; int_value 3; } >"$WORK/good"
case $1 in
garbage)    # text where a length belongs: 'hell' reads as 1,751,477,356
    printf 'hello, server\n' >"$WORK/in"
    server_says='a frame of 1751477356 bytes, outside 1..4096; closing it$'
    client_says='the server closed the connection without answering$' ;;
huge)
    bytes 255 255 255 255 >"$WORK/in"
    server_says='a frame of 4294967295 bytes, outside 1..4096'
    client_says='the server closed the connection without answering$' ;;
empty)
    u32 0 >"$WORK/in"
    server_says='a frame of 0 bytes, outside 1..4096'
    client_says='the server closed the connection without answering$' ;;
cut)        # the client leaves in the middle of a frame
    frame "$WORK/good" | head -c 12 >"$WORK/in"
    server_says='a 25-byte frame cut short \(end of file\); closing it$'
    client_says='the server closed the connection without answering$' ;;
version)    # a whole frame that does not parse: an error reply, then closed
    { bytes 2; tail -c +2 "$WORK/good"; } >"$WORK/bad"
    server_says="malformed call: version 2, this server speaks 1$"
    client_says='malformed call: version 2' ;;
kind)
    { bytes 1 82; tail -c +3 "$WORK/good"; } >"$WORK/bad"
    server_says='malformed call: expected .C., a 1..32-byte name and argc'
    client_says='malformed call: expected' ;;
short)      # argc says 2, one value follows
    { call_head add 2; int_value 2; } >"$WORK/bad"
    server_says='malformed call: argument 2 is no whole INT or TEXT'
    client_says='malformed call: argument 2' ;;
extra)      # bytes left over inside the frame
    { cat "$WORK/good"; bytes 0 0 0; } >"$WORK/bad"
    server_says='malformed call: 3 bytes left over after the arguments'
    client_says='malformed call: 3 bytes left over' ;;
*)
    fail "unknown case $1" ;;
esac
# A malformed frame is followed by a good one on the same connection: the
# server must not answer it, because it has closed the connection.
[ -f "$WORK/bad" ] && { frame "$WORK/bad"; frame "$WORK/good"; } >"$WORK/in"

start_server server
run_in bad "$WORK/in" rpc_client -p "$PORT" -r
if [ -f "$WORK/bad" ]; then             # the error reply, on a line of its own
    expect_error bad 1 "$client_says"
    [ "$(grep -c '^result:\|^error:' "$WORK/bad.out")" -eq 1 ] ||
        fail "the server answered after a malformed frame"
    wait_line server '^connection 1: sending back an error, then closing the connection:$'
    expect_out server "^  $server_says"
else                                    # closed at once: no answer at all
    expect_no_answer bad "$client_says"
    wait_line server "^connection 1: $server_says"
fi
run after rpc_client -p "$PORT" add 2 3
expect_result after 5
signal server INT
finish server
expect_status server 0
expect_out server '^interrupted'
pass
