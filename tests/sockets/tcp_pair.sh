#!/bin/sh
# tcp_client against tcp_server or poll_server (the same echo service):
# every line comes back exactly, the server prints each as received:, both
# exit 0 (the server after -c clients).
#   tcp_pair.sh SERVER args | stdin | many | framing | ipv6 | name
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=sock_lib.sh
. "$TESTS/sockets/sock_lib.sh"
server=$1

# serve : start SERVER for one client, on a port the kernel picks.
serve() {
    start server "$server" -p 0 -c 1
    wait_ready server
    port=$(port_of server)
    if [ -z "$port" ] || [ "$port" -eq 0 ]; then
        fail "no port in the ready line: $(ready_line server)"
    fi
}

case $2 in
args)
    serve
    expect_out server '^ready: listening on 127\.0\.0\.1:[1-9][0-9]*$'
    run client tcp_client -p "$port" hello "two words" "" "  spaces kept  "
    finish server
    expect_received client hello "two words" "" "  spaces kept  "
    expect_received server hello "two words" "" "  spaces kept  "
    ;;
stdin)
    printf 'line one\nline two\n\nno newline at the end' >"$WORK/input"
    serve
    run_in client "$WORK/input" tcp_client -p "$port"
    finish server
    expect_received client "line one" "line two" "" "no newline at the end"
    expect_received server "line one" "line two" "" "no newline at the end"
    ;;
many)
    # 2,000 lines of up to 1 KB, streamed: all come back, once each, in order.
    make_inputs "$WORK" 1 2000
    serve
    run_in client "$WORK/in.1" tcp_client -p "$port"
    finish server
    expect_received_file client "$WORK/in.1"
    expect_received_file server "$WORK/in.1"
    ;;
framing)
    # Long and short lines streamed together: the server's reads cut lines
    # in two and hold several lines at once, and it says how often; each
    # line still comes back whole, in order.
    make_framing_input "$WORK/input"
    serve
    run_in client "$WORK/input" tcp_client -p "$port"
    finish server
    expect_received_file client "$WORK/input"
    expect_received_file server "$WORK/input"
    expect_out server '^client 1 closed its end$'
    expect_out server '^client 1: lines 302, reads [0-9]+, lines split [1-9][0-9]*, reads with 2\+ lines [1-9][0-9]*$'
    ;;
ipv6)
    # -a ::1 on both sides; skipped where the kernel lists no ::1.
    need_ipv6_loopback
    start server "$server" -a ::1 -p 0 -c 1
    wait_ready server
    expect_out server '^ready: listening on \[::1\]:[1-9][0-9]*$'
    port=$(port_of server)
    run client tcp_client -a ::1 -p "$port" "over IPv6"
    finish server
    expect_out client '^connecting to ::1 port'
    expect_received client "over IPv6"
    expect_out server '^client 1 connected from \[::1\]:'
    ;;
name)
    # A host name, resolved by getaddrinfo (if it gives ::1 first, the
    # client is refused there and tries the next address).
    serve
    run client tcp_client -a localhost -p "$port" "by name"
    finish server
    expect_received client "by name"
    ;;
*)
    fail "unknown case $2"
    ;;
esac
expect_status client 0
expect_status server 0
expect_out client '^the server closed the connection: ([0-9]+) of \1 lines came back$'
expect_out server '^every client has finished; exiting$'
pass
