#!/bin/sh
# A client that sends 7 MB before it reads a byte: the server's echo fills
# the socket buffers, so its writes cannot take all of an echo at once (a
# short write, or EAGAIN for poll_server). Once the server is backed up, the
# client reads: every byte must come back, in order, none lost or repeated.
#   tcp_slow_reader.sh SERVER
# The slow client is bash's /dev/tcp: tcp_client always reads at once.
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
server=$1
yes 'a line that waits in the buffers until its client reads, again and again' |
    head -n 100000 >"$WORK/big"
mkfifo "$WORK/go"
exec 4<>"$WORK/go"              # the driver's end: "go" when the server is backed up

# backed_up : the server could not send all of an echo at once: poll_server
# says so; a tcp_server thread sleeps in write() waiting for room.
# shellcheck disable=SC2317  # called through _poll
backed_up() {
    if [ "$server" = poll_server ]; then
        _has_line server '^client 1 reads slowly: its echo waits for room'
    else
        cat "/proc/$(pid_of server)"/task/*/wchan 2>/dev/null |
            grep -Eq 'sk_stream_wait_memory|wait_woken'
    fi
}

start server "$server" -p 0 -c 1
wait_ready server
# shellcheck disable=SC2016
start client /bin/bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
    cat "$1" >&3 &
    read -r _ <"$2"
    head -c "$(wc -c <"$1")" <&3 >"$3"
    wait $!' "$(port_of server)" "$WORK/big" "$WORK/go" "$WORK/echoed"
_poll "$WAIT_SECS" backed_up || fail "the server's writes never had to wait"
echo go >&4
finish client
finish server
exec 4>&-
expect_status client 0
expect_status server 0
cmp -s "$WORK/big" "$WORK/echoed" ||
    fail "the echo differs from what was sent ($(wc -c <"$WORK/echoed") of $(wc -c <"$WORK/big") bytes back)"
expect_out server '^client 1 closed its end$'
expect_out server '^client 1: lines 100000, '
pass
