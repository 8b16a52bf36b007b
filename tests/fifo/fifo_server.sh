#!/bin/sh
# fifo_server / fifo_client: one well-known FIFO, one reply FIFO per client.
#   fifo_server.sh basic      one client, two messages, answered upper-cased
#   fifo_server.sh many       20 clients at once, 5 messages each: each client
#                             gets only its own answers, the server all 100
#   fifo_server.sh no-server  a client with no server fails at once, exit 1
#   fifo_server.sh too-long   a request over PIPE_BUF is refused whole, exit 2
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
srv="$WORK/server"

case $1 in
basic)
    start server fifo_server -n "$srv" -c 2
    wait_ready server
    run client fifo_client -n "$srv" hello "big world"
    finish server
    expect_status client 0
    expect_received client HELLO "BIG WORLD"
    expect_received server hello "big world"
    ;;
many)
    start server fifo_server -n "$srv" -c 100
    wait_ready server
    for c in $(seq 1 20); do
        for m in 1 2 3 4 5; do echo "client $c message $m"; done >"$WORK/in$c"
        start_in "client$c" "$WORK/in$c" fifo_client -n "$srv"
    done
    for c in $(seq 1 20); do
        finish "client$c"
        expect_status "client$c" 0
        tr '[:lower:]' '[:upper:]' <"$WORK/in$c" >"$WORK/want$c"
        expect_received_file "client$c" "$WORK/want$c"
    done
    finish server
    cat "$WORK"/in[0-9]* | sort >"$WORK/all_sent"
    grep '^received: ' "$WORK/server.out" | sed 's/^received: //' | sort >"$WORK/all_got"
    cmp -s "$WORK/all_sent" "$WORK/all_got" || fail "the server did not receive each message exactly once"
    ;;
no-server)
    run client fifo_client -n "$srv" hello
    expect_status client 1
    expect_err client 'is fifo_server running'
    mkfifo "$srv"                       # a FIFO nobody reads: ENXIO, not a hang
    run client2 fifo_client -n "$srv" hello
    expect_status client2 1
    expect_err client2 'nobody is reading it'
    rm "$srv"
    ;;
too-long)
    start server fifo_server -n "$srv" -c 1
    wait_ready server
    long=$(printf '%05000d' 0)
    expect_usage_error client fifo_client -n "$srv" short "$long"
    expect_err client 'PIPE_BUF = 4096'
    run client2 fifo_client -n "$srv" fits
    expect_received client2 FITS
    finish server
    expect_received server fits          # "short" was never sent: all or nothing
    ;;
esac
[ "$1" = no-server ] || expect_status server 0
expect_gone "$srv"
for f in "$WORK"/server-*; do expect_gone "$f"; done
pass
