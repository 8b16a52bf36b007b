#!/bin/sh
# Faults the server must live through, each made to happen on purpose; in
# every case the others are served and the server ends by itself (-c
# counts the connections it served).
#   rpc_faults.sh setsockopt   a client's setsockopt fails (strace injects
#                              ENOMEM): that one connection is closed
#   rpc_faults.sh accept       accept fails with EPROTO, a network error man
#                              2 accept says to retry: the server goes on
#   rpc_faults.sh emfile       out of descriptors (ulimit -n 6): it says so
#                              once, and takes the waiting client when one ends
#   rpc_faults.sh getnameinfo LIB   getnameinfo fails (LIB, preloaded): no
#                              stale address is printed for the client
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=rpc_lib.sh
. "$TESTS/sockets/rpc_lib.sh"

# Decided without the program under test: can strace trace here?
need_strace() {
    if [ -n "$IPC_WRAP" ] || ! strace -qq -o /dev/null true 2>/dev/null; then
        echo "SKIP: needs strace (and ptrace), without a wrapper"
        exit 77
    fi
    # A sanitizer build's leak check cannot run under ptrace: leave it out.
    ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
    export ASAN_OPTIONS
}

case $1 in
setsockopt)
    # The 1st setsockopt is the listening socket's SO_REUSEADDR; the 2nd,
    # connection 1's SO_RCVTIMEO.
    need_strace
    start server "$(command -v strace)" -f -qq -o /dev/null \
        -e inject=setsockopt:error=ENOMEM:when=2 "$BIN/rpc_server" -p 0 -c 2
    server_port server
    run first rpc_client -p "$PORT" add 1 1
    expect_no_answer first 'the server closed the connection without answering$'
    expect_out server '^connection 1: setsockopt: Cannot allocate memory; closing it$'
    run second rpc_client -p "$PORT" add 2 3
    run third rpc_client -p "$PORT" add 3 4
    finish server
    expect_result second 5
    expect_result third 7
    ;;
accept)
    need_strace
    start server "$(command -v strace)" -f -qq -o /dev/null \
        -e inject=accept:error=EPROTO:when=1 "$BIN/rpc_server" -p 0 -c 1
    server_port server
    run call rpc_client -p "$PORT" add 2 3
    finish server
    expect_result call 5
    expect_out server '^accept: Protocol error \(on a connection not yet taken\); going on$'
    ;;
emfile)
    # 0, 1, 2 and the listening socket leave two descriptors for clients.
    [ -z "$IPC_WRAP" ] || { echo "SKIP: the ulimit would bind the wrapper"; exit 77; }
    # shellcheck disable=SC2016  # $0 is the inner shell's
    start server /bin/sh -c 'ulimit -n 6 && exec "$0" -p 0 -c 3' "$BIN/rpc_server"
    server_port server
    mkfifo "$WORK/one" "$WORK/two"
    start_in one "$WORK/one" rpc_client -p "$PORT" -r
    exec 3>"$WORK/one"
    start_in two "$WORK/two" rpc_client -p "$PORT" -r
    exec 4>"$WORK/two"
    wait_line server '^connection 2 from'
    start late rpc_client -p "$PORT" -t 9 add 2 3
    wait_line server '^accept: Too many open files; new clients queue until a connection ends$'
    for fd in 0 1 2 3 4 5; do           # the kernel's view: none left below 6
        [ -e "/proc/$(pid_of server)/fd/$fd" ] || fail "the server's fd $fd is free"
    done
    alive "$(pid_of late)" || fail "the third client should be waiting"
    exec 3>&-                           # the first client leaves
    finish one
    finish late
    expect_result late 5
    exec 4>&-
    finish two
    finish server
    [ "$(grep -c 'Too many open files' "$WORK/server.out")" -eq 1 ] ||
        fail "the server should say once that it is out of descriptors"
    ;;
getnameinfo)
    [ -z "$IPC_WRAP" ] || { echo "SKIP: LD_PRELOAD would reach the wrapper"; exit 77; }
    [ -f "${2:-}" ] || fail "give the path of the fake getnameinfo library"
    start server "$(command -v env)" LD_PRELOAD="$2" "$BIN/rpc_server" -p 0 -c 1
    server_port server
    run call rpc_client -p "$PORT" add 2 3
    finish server
    expect_result call 5
    expect_out server '^connection 1 from an address getnameinfo cannot show \(.+\): a new thread'
    expect_no_out server "port $PORT: a new thread"
    ;;
*)
    fail "unknown case $1" ;;
esac
expect_status server 0
expect_out server '^served [0-9]+ connections?; exiting$'
pass
