#!/bin/sh
# A client that streams 20 MB and never reads its echoes fills the socket
# buffers until the server's write blocks; then it is killed. The server
# (its write fails: EPIPE or ECONNRESET, never a fatal SIGPIPE) drops that
# client only and serves the next one.
#   tcp_vanish.sh SERVER
# The reader-less client is bash's /dev/tcp: tcp_client always reads.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=sock_lib.sh
. "$TESTS/sockets/sock_lib.sh"
command -v bash >/dev/null || { echo "SKIP: no bash here"; exit 77; }
take_dead_port "$1"
# shellcheck disable=SC2016
if bash -c ': >"/dev/tcp/127.0.0.1/$0"' "$DEAD_PORT" 2>&1 | grep -q 'No such file'; then
    echo "SKIP: this bash has no /dev/tcp"
    exit 77
fi
yes 'a line that nobody will ever read back from the server, again and again' |
    head -n 280000 >"$WORK/big"
start server "$1" -p 0 -c 2
wait_ready server
port=$(port_of server)
# shellcheck disable=SC2016
start_in hog "$WORK/big" /bin/bash -c 'exec cat >"/dev/tcp/127.0.0.1/$0"' "$port"
wait_line server '^received: '
_poll "$WAIT_SECS" hog_stuck "$(pid_of hog)" ||
    fail "the hog neither finished nor got stuck waiting for the server"
signal hog KILL
finish hog
wait_line server '^client 1 (went away|closed its end)'
run client tcp_client -p "$port" "after the vanished one"
finish server
expect_status server 0
expect_status client 0
expect_received client "after the vanished one"
expect_out server '^client 1 went away'
expect_out server '^every client has finished'
pass
