# shellcheck shell=sh
# The RPC part of the sockets tour (sourced by tests/sockets/tour.sh, after
# tests/lib.sh and the tour's show/watch). The server takes a port the
# kernel picks (-p 0), never the default 12346: a student's own rpc_server
# may be running there, and the tour must neither fail nor feed it.
# shellcheck source=rpc_lib.sh
. "$TESTS/sockets/rpc_lib.sh"

pair_rpc_server() {
    watch "remote procedure call: each client's stub marshals its call into a \
    length-prefixed binary frame (shown in hex); the server unmarshals it, prints \
    'received: NAME(ARGS)', runs it in the client's own thread and sends back \
    'result:' or 'error:'. Bytes that are no frame close that connection only: \
    that client hears no answer and says so on stderr."
    start_server rpc_server -c 5
    run rpc_add rpc_client -p "$PORT" add 2 3
    run rpc_upper rpc_client -p "$PORT" upper "hello, rpc"
    run rpc_sum rpc_client -p "$PORT" sum 1 2 3 4
    run rpc_unknown rpc_client -p "$PORT" mul 6 7
    printf 'hello, server\n' >"$WORK/rpc_garbage"
    run_in rpc_garbage "$WORK/rpc_garbage" rpc_client -p "$PORT" -r
    # show the command as typed, with the input that run_in gave it
    printf '%s\n' "printf 'hello, server\\n' | rpc_client -p $PORT -r" >"$WORK/rpc_garbage.cmd"
    finish rpc_server
    expect_status rpc_server 0
    expect_result rpc_add 5
    expect_result rpc_upper "HELLO, RPC"
    expect_result rpc_sum 10
    expect_error rpc_unknown 1 'unknown procedure "mul"'
    expect_no_answer rpc_garbage 'the server closed the connection without answering$'
    show rpc_server rpc_add rpc_upper rpc_sum rpc_unknown rpc_garbage
}
pair rpc_server pair_rpc_server "rpc_server rpc_client"
