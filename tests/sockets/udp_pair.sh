#!/bin/sh
# udp_client / udp_server: each datagram is echoed; "end" or -c COUNT ends
# the server; with no server the client gives up after its bounded wait.
#   udp_pair.sh end | stdin | count | ipv6 | no-server | two-clients
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=sock_lib.sh
. "$TESTS/sockets/sock_lib.sh"

case $1 in
end)
    start server udp_server -p 0
    wait_ready server
    expect_out server '^ready: waiting for datagrams on 127\.0\.0\.1:[1-9][0-9]*$'
    run client udp_client -p "$(port_of server)" hello "two words" "" end
    finish server
    expect_received client hello "two words" "" end
    expect_received server hello "two words" "" end
    expect_out server '^got "end" after 4 datagrams'
    ;;
stdin)
    printf 'line one\nline two\nend\n' >"$WORK/input"
    start server udp_server -p 0
    wait_ready server
    run_in client "$WORK/input" udp_client -p "$(port_of server)"
    finish server
    expect_received client "line one" "line two" end
    expect_received server "line one" "line two" end
    ;;
count)
    # -c 2: the server stops after two datagrams; a third gets no answer.
    start server udp_server -p 0 -c 2
    wait_ready server
    port=$(port_of server)
    run client udp_client -p "$port" one two
    finish server
    expect_received client one two
    expect_received server one two
    expect_out server '^done after 2 datagrams'
    ;;
ipv6)
    need_ipv6_loopback
    start server udp_server -a ::1 -p 0
    wait_ready server
    run client udp_client -a ::1 -p "$(port_of server)" "over IPv6" end
    finish server
    expect_received client "over IPv6" end
    expect_out server 'bytes from \[::1\]:'
    ;;
two-clients)
    # One socket serves every client: each echo goes back to its own
    # sender's address (two clients, two ports), never to the first one's.
    start server udp_server -p 0 -c 3
    wait_ready server
    port=$(port_of server)
    run first udp_client -p "$port" "from the first"
    run client udp_client -p "$port" "from the second"
    run third udp_client -p "$port" "from the third"
    finish server
    expect_status first 0
    expect_status third 0
    expect_received first "from the first"
    expect_received client "from the second"
    expect_received third "from the third"
    expect_received server "from the first" "from the second" "from the third"
    [ "$(sed -n 's/^datagram [0-9]*: .* from //p' "$WORK/server.out" | sort -u | wc -l)" -eq 3 ] ||
        fail "the server should name three different senders"
    ;;
no-server)
    # Nothing answers: the client waits its bounded time (2 s), says so,
    # exits 1 (run's own limit is WAIT_SECS, so a hang would fail too).
    take_dead_port udp_server
    run client udp_client -p "$DEAD_PORT" "anybody there?"
    expect_status client 1
    expect_err client '^udp_client: no reply within 2000 ms'
    expect_err client 'is udp_server running'
    expect_no_out client '^received:'
    pass
    ;;
*)
    fail "unknown case $1"
    ;;
esac
expect_status client 0
expect_status server 0
expect_out client '^every message was echoed$'
pass
