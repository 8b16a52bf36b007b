#!/bin/sh
# unix_client / unix_server over a socket file in $WORK: lines echoed, the
# peer's pid and uid reported (SO_PEERCRED), the socket file removed at the
# end; a stale socket is replaced, anything else at the path left alone.
#   unix_pair.sh args | stdin | two-clients | stale | not-a-socket | busy |
#                no-server | sigpipe | silent-server
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
sock="$WORK/echo.sock"

serve() {
    start server unix_server -n "$sock" "$@"
    wait_ready server
    [ -S "$sock" ] || fail "no socket file at $sock"
    [ "$(find "$sock" -perm 0600)" = "$sock" ] || fail "the socket file is not mode 0600"
}

case $1 in
args)
    serve -c 1
    expect_out server "^ready: listening on $sock\$"
    start client unix_client -n "$sock" hello "two words" ""
    finish client
    finish server
    expect_received client hello "two words" ""
    expect_received server hello "two words" ""
    expect_out server "^client 1 connected: pid $(pid_of client), uid $(id -u), gid $(id -g) "
    ;;
stdin)
    printf 'line one\n\nno newline at the end' >"$WORK/input"
    serve -c 1
    run_in client "$WORK/input" unix_client -n "$sock"
    finish server
    expect_received client "line one" "" "no newline at the end"
    expect_received server "line one" "" "no newline at the end"
    ;;
two-clients)
    # One at a time; -c 2 ends the server after the second.
    serve -c 2
    run first unix_client -n "$sock" one
    run client unix_client -n "$sock" two
    finish server
    expect_status first 0
    expect_received first one
    expect_received client two
    expect_received server one two
    expect_out server '^served 2 clients$'
    ;;
stale)
    # A server killed with SIGKILL cannot remove its socket file; the next
    # one finds nobody listening there, removes it, and binds.
    start old unix_server -n "$sock"
    wait_ready old
    signal old KILL
    finish old
    [ -S "$sock" ] || fail "the killed server's socket file should still be there"
    run client unix_client -n "$sock" hello
    expect_status client 1
    expect_err client 'Connection refused'
    expect_err client 'killed'
    serve -c 1
    expect_out server '^removed a stale socket file'
    run client unix_client -n "$sock" hello
    finish server
    expect_received client hello
    ;;
not-a-socket)
    echo "precious data" >"$sock"
    run server unix_server -n "$sock"
    expect_status server 1
    expect_err server 'exists and is not a socket; leaving it alone'
    [ "$(cat "$sock")" = "precious data" ] || fail "the regular file was changed"
    pass
    ;;
busy)
    # A second server on a live socket refuses, and asking costs the first
    # nothing: its -c 1 still counts the real client as client 1 (a probe
    # connection would have been accepted as client 1 and ended it).
    serve -c 1
    run second unix_server -n "$sock"
    expect_status second 1
    expect_err second "another unix_server is already listening on$"
    expect_err second "^  $sock$"
    expect_err second 'hint: stop it, or pass another -n'
    [ -S "$sock" ] || fail "the second server removed the first one's socket"
    run client unix_client -n "$sock" "still served"
    finish server
    expect_received client "still served"
    expect_received server "still served"
    expect_out server '^client 1 connected: pid [0-9]+, '
    expect_out server '^served 1 client$'
    ;;
silent-server)
    # A server that accepted (the kernel did, from the listen queue) and
    # then stopped answering: the client gives up after 5 s, exit 1.
    serve -c 1
    signal server STOP
    run client unix_client -n "$sock" "anybody home?"
    expect_status client 1
    expect_err client 'no echo within 5 s: the server stopped answering'
    expect_no_out client '^received:'
    signal server CONT
    finish server
    expect_received server "anybody home?"
    expect_status server 0
    expect_gone "$sock"
    pass
    ;;
no-server)
    run client unix_client -n "$sock" hello
    expect_status client 1
    expect_err client 'No such file or directory'
    expect_err client 'is unix_server running'
    pass
    ;;
sigpipe)
    # unix_fd_send sends one byte ("*", no newline) and closes at once: the
    # server reads it, reads end of file, and its echo hits a closed socket.
    # On a Unix socket that raises SIGPIPE at once: had the server not
    # ignored it, it would die here. It goes on to the next client.
    serve -c 2
    run sender unix_fd_send -n "$sock" "$WORK/server.out"
    expect_status sender 0
    wait_line server '^the client (went away|closed)'
    run client unix_client -n "$sock" next
    finish server
    expect_received server '*' next
    expect_out server '^the client went away before its echo was sent'
    expect_received client next
    ;;
*)
    fail "unknown case $1"
    ;;
esac
expect_status client 0
expect_status server 0
expect_out server '^removed the socket file$'
expect_gone "$sock"
pass
