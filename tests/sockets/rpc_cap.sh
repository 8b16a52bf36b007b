#!/bin/sh
# At most 64 clients at once, each with its own thread: with 64 connected
# (each in the middle of its first frame), the 65th is refused (closed at
# once: its client says the server closed without answering) and the
# server carries on; once one of the 64 leaves, the next client is served.
# -c counts served connections only: -c 65 is the 64 and that last one.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=rpc_lib.sh
. "$TESTS/sockets/rpc_lib.sh"

start_server server -c 65
mkfifo "$WORK/first" "$WORK/rest"
start_in hold1 "$WORK/first" rpc_client -p "$PORT" -r
exec 3>"$WORK/first"
# The other 63 from one shell, which ends when they all have.
# shellcheck disable=SC2016  # $0.. are the inner shell's
start others /bin/sh -c '
    i=2
    while [ "$i" -le 64 ]; do
        "$0" -p "$1" -r <"$2" >/dev/null 2>&1 &
        i=$((i + 1))
    done
    wait' "$BIN/rpc_client" "$PORT" "$WORK/rest"
exec 4>"$WORK/rest"
wait_line server '^connection 64 from'
pid=$(pid_of server)
sockets=$(find "/proc/$pid/fd" -mindepth 1 -lname 'socket:*' | wc -l)
[ "$sockets" -eq 65 ] || fail "the server should hold 65 sockets (64 + listening), not $sockets"
threads=$(sed -n 's/^Threads:[[:space:]]*//p' "/proc/$pid/status")
[ "$threads" -ge 65 ] || fail "the server should run 65 threads (64 + main), not $threads"

run extra rpc_client -p "$PORT" add 2 3
expect_no_answer extra 'the server closed the connection without answering$'
expect_out server '^connection 65 from 127\.0\.0\.1 port [0-9]+: already 64 clients; refusing it$'

exec 3>&-                               # the first client leaves...
finish hold1
expect_no_answer hold1 'the server closed the connection without answering$'
run next rpc_client -p "$PORT" add 20 22  # ...and the next one is served
expect_result next 42
exec 4>&-                               # the other 63 leave
finish others
finish server
expect_status server 0
expect_out server '^served 65 connections; exiting$'
pass
