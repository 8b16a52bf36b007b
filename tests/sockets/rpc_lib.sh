# tests/sockets/rpc_lib.sh - what the rpc drivers share (POSIX sh; sourced
# shellcheck shell=sh
# after tests/lib.sh).
#
# It holds a second, independent implementation of the wire protocol of
# docs/rpc.md, in printf: the drivers build frames byte by byte, feed them
# to `rpc_client -r` (which sends stdin unchanged) and so test the server
# against the documented format, not against our own client's stub.
#
#   { call_head add 2; int_value 2; int_value 3; } >"$WORK/payload"
#   frame "$WORK/payload" >"$WORK/in"          # 4-byte length + payload
#   run_in raw "$WORK/in" rpc_client -p "$PORT" -r

# start_server NAME [ARGS...] : rpc_server on a port the kernel picks;
# sets PORT. Give each server of a driver its own NAME: a reused one would
# let wait_ready read the old server's ready line before the new one's
# output file is truncated.
start_server() {
    _server=$1
    shift
    start "$_server" rpc_server -p 0 "$@"
    server_port "$_server"
}

# server_port NAME : wait for NAME's ready line and set PORT from it (for a
# server started some other way: under strace, with a low ulimit...).
server_port() {
    wait_ready "$1"
    PORT=$(ready_line "$1" | sed 's/.*://')
    case $PORT in
    '' | *[!0-9]*) fail "no port in the ready line: $(ready_line "$1")" ;;
    esac
}

# expect_result NAME VALUE : NAME exited 0 and printed exactly "result: VALUE".
expect_result() {
    expect_status "$1" 0
    grep -Fxq -- "result: $2" "$WORK/$1.out" ||
        fail "$1 did not print the line 'result: $2'"
}

# rpc_client's stdout carries what the server answered, its stderr what
# went wrong on the way; one helper for each kind of ending:
#
# expect_error NAME STATUS ERE : the server answered with an error: NAME
# exited STATUS and printed "error: " and then a text matching ERE, and no
# result.
expect_error() {
    expect_status "$1" "$2"
    expect_out "$1" "^error: .*$3"
    expect_no_out "$1" '^result:'
}

# expect_no_answer NAME ERE : no answer came (no server, no reply in time,
# the connection closed...): NAME exited 1, said "rpc_client: " and then a
# message matching ERE from its start on stderr, and printed no result: or
# error: line, since the server said nothing.
expect_no_answer() {
    expect_status "$1" 1
    expect_err "$1" "^rpc_client: $2"
    expect_no_out "$1" '^(result|error):'
}

# expect_refused NAME ERE : the stub refused the call, which never left:
# exit 2, "rpc_client: " and a message matching ERE, then the usage, on
# stderr; no result: or error: line.
expect_refused() {
    expect_status "$1" 2
    expect_err "$1" "^rpc_client: $2"
    expect_err "$1" '^usage: rpc_client '
    expect_no_out "$1" '^(result|error):'
}

# --- the protocol, in printf ----------------------------------------------

# bytes N... : each N (0..255) as one raw byte.
bytes() {
    for _b in "$@"; do
        # shellcheck disable=SC2059  # the format is the octal escape itself
        printf "\\$(printf %03o "$_b")"
    done
}

# u16 N / u32 N : N in 2 or 4 bytes, big-endian (network byte order).
u16() { bytes $(($1 >> 8 & 255)) $(($1 & 255)); }
u32() { bytes $(($1 >> 24 & 255)) $(($1 >> 16 & 255)) $(($1 >> 8 & 255)) $(($1 & 255)); }

# int_value N : an INT value: 'i' then N in 8 bytes, two's complement.
int_value() {
    bytes 105
    for _shift in 56 48 40 32 24 16 8 0; do
        bytes $(($1 >> _shift & 255))
    done
}

# text_value TEXT : a TEXT value: 's', the length in 2 bytes, the bytes.
# (${#1} counts characters: keep TEXT to ASCII.)
text_value() {
    bytes 115
    u16 ${#1}
    printf '%s' "$1"
}

# call_head NAME ARGC : the start of a call payload; the ARGC values follow.
call_head() {
    bytes 1 67 ${#1}
    printf '%s' "$1"
    bytes "$2"
}

# frame FILE : the frame holding payload FILE (its length first).
frame() {
    u32 "$(wc -c <"$1")"
    cat "$1"
}
