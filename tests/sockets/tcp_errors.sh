#!/bin/sh
# What goes wrong, said clearly: no server (exit 1 with a hint), a port
# already taken (exit 1 with a hint), a stdin line over the 4096-byte limit
# (refused whole: the lines before it are echoed, it and the rest are not),
# a server that accepted and then stopped answering (the client gives up
# after 5 s with exit 1, never waits for ever).
#   tcp_errors.sh SERVER no-server | port-taken | too-long | silent-server
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=sock_lib.sh
. "$TESTS/sockets/sock_lib.sh"
server=$1

case $2 in
no-server)
    take_dead_port "$server"
    run client tcp_client -p "$DEAD_PORT" hello
    expect_status client 1
    expect_err client "cannot connect to 127\.0\.0\.1 port $DEAD_PORT: Connection refused"
    expect_err client 'is tcp_server running'
    expect_no_out client '^received:'
    ;;
port-taken)
    start server "$server" -p 0
    wait_ready server
    port=$(port_of server)
    run second "$server" -p "$port"
    expect_status second 1
    expect_err second 'Address already in use'
    expect_err second 'use -p 0'
    # The first server is unharmed.
    run client tcp_client -p "$port" still here
    expect_status client 0
    expect_received client still here
    signal server TERM
    finish server
    expect_status server 0
    ;;
too-long)
    { echo before; awk 'BEGIN { while (n++ < 4097) printf "x"; print "" }'; echo after; } >"$WORK/input"
    start server "$server" -p 0 -c 1
    wait_ready server
    run_in client "$WORK/input" tcp_client -p "$(port_of server)"
    finish server
    expect_status client 1
    expect_err client 'line 2 of stdin is longer than 4096 bytes'
    expect_received client before
    expect_received server before
    expect_status server 0
    ;;
silent-server)
    # SIGSTOP: the kernel still completes the connection (the listen
    # queue), takes the line into the socket buffer, and nothing answers.
    start server "$server" -p 0 -c 1
    wait_ready server
    signal server STOP
    run client tcp_client -p "$(port_of server)" "anybody home?"
    expect_status client 1
    expect_err client "no echo for 5 s, 1 line owed: the server stopped answering"
    expect_no_out client '^received:'
    signal server CONT
    finish server
    expect_status server 0
    expect_received server "anybody home?"
    ;;
*)
    fail "unknown case $2"
    ;;
esac
pass
