#!/bin/sh
# fifo_server / fifo_client: one well-known FIFO, one reply FIFO per client.
#   fifo_server.sh basic      one client, two messages, answered upper-cased
#   fifo_server.sh many       20 clients at once, 5 messages each: each client
#                             gets only its own answers, the server all 100
#   fifo_server.sh no-server  a client with no server fails at once, exit 1
#   fifo_server.sh too-long   a request over PIPE_BUF is refused whole, exit 2
#   fifo_server.sh second     a second server on the same FIFO is refused
#   fifo_server.sh race       of two servers started at once, exactly one wins
#   fifo_server.sh nul        a request holding a NUL byte is dropped alone
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
srv="$WORK/server"
# shellcheck disable=SC2317  # called through _poll
one_ended() { ! alive "$1" || ! alive "$2"; }

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
second)
    start server fifo_server -n "$srv" -c 1
    wait_ready server
    run second fifo_server -n "$srv" -c 1
    expect_status second 1
    expect_err second 'another server is already reading'
    run client fifo_client -n "$srv" still-served
    expect_received client STILL-SERVED
    finish server
    expect_received server still-served
    ;;
race)
    # The race, made certain: strace holds the first server for 2 s right
    # after its first line (the FIFO made, not yet opened for reading), the
    # moment at which a check such as "is anyone reading it?" still says no.
    # A second server started then must be refused all the same.
    strace -o /dev/null true 2>/dev/null || { echo "SKIP: strace cannot trace here"; exit 77; }
    start one "$(command -v strace)" -o /dev/null -e trace=write \
        -e inject=write:delay_exit=2000000:when=1 "$BIN/fifo_server" -n "$srv" -c 1
    wait_line one '^(created|reusing)'
    start two fifo_server -n "$srv" -c 1
    finish two
    expect_status two 1
    expect_err two 'another server is already reading'
    wait_ready one
    run client fifo_client -n "$srv" held
    expect_received client HELD
    finish one
    expect_status one 0
    # And plainly at the same moment, three times: one wins, one is refused.
    for round in 1 2 3; do
        start one fifo_server -n "$srv" -c 1
        start two fifo_server -n "$srv" -c 1
        _poll "$WAIT_SECS" one_ended "$(pid_of one)" "$(pid_of two)" ||
            fail "round $round: both servers are running; neither was refused"
        if alive "$(pid_of one)"; then winner=one loser=two; else winner=two loser=one; fi
        finish "$loser"
        expect_status "$loser" 1
        expect_err "$loser" 'another server is already reading'
        wait_ready "$winner"
        run client fifo_client -n "$srv" "round $round"
        expect_received client "ROUND $round"
        finish "$winner"
        expect_status "$winner" 0
    done
    ;;
nul)
    # The bad line goes, the next client's request stays.
    start server fifo_server -n "$srv" -c 1
    wait_ready server
    printf '123 evil\000tail\n' >"$srv"
    run client fifo_client -n "$srv" hello
    finish server
    expect_status client 0
    expect_received client HELLO
    expect_received server hello
    expect_out server '^dropped a request holding a NUL byte$'
    ;;
esac
[ "$1" = no-server ] || [ "$1" = race ] || expect_status server 0
expect_gone "$srv"
expect_gone "$srv.lock"
for f in "$WORK"/server-*; do expect_gone "$f"; done
pass
