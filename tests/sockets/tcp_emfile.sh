#!/bin/sh
# A server out of file descriptors keeps serving: under `ulimit -n 8` it
# has room for 4 clients (0-2 are stdio, 3 listens, 4-7 the clients). A fifth makes accept
# fail with EMFILE: the server says so once, waits, and accepts the fifth as
# soon as one of the four leaves; it never exits on it.
#   tcp_emfile.sh SERVER
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=sock_lib.sh
. "$TESTS/sockets/sock_lib.sh"
# shellcheck disable=SC2016  # $0 and $@ are the inner shell's
start server /bin/sh -c 'ulimit -n 8 && exec "$0" "$@"' "$BIN/$1" -p 0 -c 5
wait_ready server
port=$(port_of server)
for k in 1 2 3 4; do
    mkfifo "$WORK/hold.$k"
    start_in "hold$k" "$WORK/hold.$k" tcp_client -p "$port"
done
# The driver holds each client's stdin open, so each stays connected.
exec 4>"$WORK/hold.1" 5>"$WORK/hold.2" 6>"$WORK/hold.3" 7>"$WORK/hold.4"
wait_line server '^client 4 connected'
# The fifth sends its line only once accepted: its 5 s wait for an echo
# must not run out while the server is (rightly) unable to accept it.
mkfifo "$WORK/late.in"
start_in late "$WORK/late.in" tcp_client -p "$port"
exec 8>"$WORK/late.in"
wait_line server '^cannot accept now: Too many open files'
alive "$(pid_of server)" || fail "the server died of EMFILE"
# The kernel's view: descriptors 4 to 7 are the four clients' sockets.
for fd in 4 5 6 7; do
    case $(readlink "/proc/$(pid_of server)/fd/$fd") in
    socket:*) ;;
    *) fail "the server's descriptor $fd should be a client's socket" ;;
    esac
done
echo "hello from the first" >&4
exec 4>&-
finish hold1
wait_line server '^client 5 connected'
echo "the fifth client" >&8
exec 8>&-
finish late
expect_status late 0
expect_received late "the fifth client"
exec 5>&- 6>&- 7>&-
for k in 2 3 4; do
    finish "hold$k"
    expect_status "hold$k" 0
done
finish server
expect_status server 0
expect_status hold1 0
expect_received hold1 "hello from the first"
# It retried every 100 ms while the driver went on: it said so only once.
[ "$(grep -c '^cannot accept' "$WORK/server.out")" -eq 1 ] ||
    fail "the server should say once that it cannot accept"
expect_out server '^client 5 connected'
expect_out server '^every client has finished; exiting$'
pass
