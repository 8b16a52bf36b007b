#!/bin/sh
# The exercises of docs/sockets.md whose outcome is certain, replayed as the
# page tells them (a patch is applied to a copy of the demo), so the page's
# "you should see" cannot drift from the code.
#   exercises.sh 1 | 4 | 5 | 7
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=sock_lib.sh
. "$TESTS/sockets/sock_lib.sh"
src=$(cd "$TESTS/.." && pwd)
CC=${CC:-cc}

# patched NAME SED-SCRIPT : build a copy of sockets/NAME.c with the page's
# change made by SED-SCRIPT, as $WORK/NAME; fail if the change did not apply.
patched() {
    sed "$2" "$src/sockets/$1.c" >"$WORK/$1.c"
    ! cmp -s "$src/sockets/$1.c" "$WORK/$1.c" || fail "the patch for $1.c no longer applies"
    "$CC" -std=c11 -Wall -Wextra -I"$src/include" -I"$src/sockets" -pthread \
        "$WORK/$1.c" -o "$WORK/$1" 2>"$WORK/cc.err" || fail "$1.c patched: $(cat "$WORK/cc.err")"
}

case $1 in
1)
    # Any TCP client works: bash's /dev/tcp sends two lines and reads them
    # back; a last line with no newline is still taken at end of file.
    command -v bash >/dev/null || { echo "SKIP: no bash here"; exit 77; }
    start server tcp_server -p 0 -c 2
    wait_ready server
    port=$(port_of server)
    # shellcheck disable=SC2016
    run client /bin/bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"; printf "hello\nsecond\n" >&3; head -n 2 <&3' "$port"
    [ "$(cat "$WORK/client.out")" = "$(printf 'hello\nsecond')" ] ||
        fail "bash should get back exactly 'hello' and 'second'"
    # shellcheck disable=SC2016
    run last /bin/bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"; printf abc >&3' "$port"
    finish server
    expect_status server 0
    expect_received server hello second abc
    expect_out server '^client 1 closed its end$'
    ;;
4)
    # A datagram to a port with no UDP socket: unconnected, udp_client hears
    # nothing and gives up after 2 s; connected, it is told at once. A TCP
    # connection to a port with no listener is refused at once.
    start server tcp_server -p 0 -c 1
    wait_ready server
    port=$(port_of server)
    run plain udp_client -p "$port" hello
    expect_status plain 1
    expect_err plain 'no reply within 2000 ms'
    patched udp_client '/if ((fd = socket(server->ai_family/{n;a\
    if (connect(fd, server->ai_addr, server->ai_addrlen) == -1)\
        die("connect");
}'
    run connected "$WORK/udp_client" -p "$port" hello
    expect_status connected 1
    expect_err connected 'recvfrom: Connection refused'
    run closer tcp_client -p "$port" "that is all"
    finish server
    start udp udp_server -p 0 -c 1
    wait_ready udp
    run client tcp_client -p "$(port_of udp)" hello
    expect_status client 1
    expect_err client 'Connection refused'
    run end udp_client -p "$(port_of udp)" end
    finish udp
    ;;
5)
    # kill -9 leaves the socket file and its lock file; the client is
    # refused with a hint; a new server removes the stale file.
    sock="$WORK/ex.sock"
    start server unix_server -n "$sock"
    wait_ready server
    signal server KILL
    finish server
    if [ ! -S "$sock" ] || [ ! -f "$sock.lock" ]; then
        fail "kill -9 should leave $sock and $sock.lock"
    fi
    run client unix_client -n "$sock" hello
    expect_status client 1
    expect_err client 'Connection refused'
    expect_err client 'killed'
    start again unix_server -n "$sock" -c 1
    wait_ready again
    expect_out again '^removed a stale socket file'
    run last unix_client -n "$sock" bye
    finish again
    expect_status again 0
    expect_gone "$sock"
    expect_gone "$sock.lock"
    ;;
7)
    # The sender reads 10 bytes before it passes the descriptor: the
    # receiver starts at byte 11, since both share one open file's offset.
    printf '0123456789abc\nnext line\n' >"$WORK/file"
    patched unix_fd_send '/printf("opened %s as descriptor %d\\n"/i\
    { char buf[10]; if (read(fd, buf, 10) != 10) die("read"); }
'
    start receiver unix_fd_recv -n "$WORK/fd.sock"
    wait_ready receiver
    run sender "$WORK/unix_fd_send" -n "$WORK/fd.sock" "$WORK/file"
    finish receiver
    expect_status sender 0
    expect_status receiver 0
    expect_received receiver abc "next line"
    ;;
*)
    fail "unknown exercise $1"
    ;;
esac
pass
