#!/bin/sh
# unix_fd_send passes an open descriptor; unix_fd_recv prints the lines of
# a file it never opened, then removes its socket file.
#   fd_pass.sh lines | unreadable | no-receiver | no-file | no-descriptor |
#              sigpipe | endless-line | two-receivers
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
sock="$WORK/fd.sock"
printf 'first line\n\n  third, indented\nno newline at the end' >"$WORK/notes.txt"

case $1 in
lines)
    start receiver unix_fd_recv -n "$sock"
    wait_ready receiver
    run sender unix_fd_send -n "$sock" "$WORK/notes.txt"
    finish receiver
    expect_received receiver "first line" "" "  third, indented" "no newline at the end"
    expect_out receiver 'a regular file of 51 bytes that this process never opened'
    ;;
unreadable)
    # The receiver runs as nobody and cannot open the file (mode 0600,
    # root's), yet reads it through the descriptor root opened.
    if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
        echo "SKIP: needs root and setpriv to run the receiver as another user"
        exit 77
    fi
    chmod 0711 "$WORK"
    mkdir "$WORK/pub" && chmod 0777 "$WORK/pub"
    sock="$WORK/pub/fd.sock"
    chmod 0600 "$WORK/notes.txt"
    as_nobody="setpriv --reuid=nobody --regid=nogroup --clear-groups"
    if ! $as_nobody cat /dev/null 2>/dev/null; then
        echo "SKIP: setpriv cannot switch to nobody here"
        exit 77
    fi
    if $as_nobody cat "$WORK/notes.txt" >/dev/null 2>&1; then
        fail "nobody can read the file directly: the test proves nothing"
    fi
    start receiver "$(command -v setpriv)" --reuid=nobody --regid=nogroup --clear-groups \
        "$BIN/unix_fd_recv" -n "$sock"
    wait_ready receiver
    run sender unix_fd_send -n "$sock" "$WORK/notes.txt"
    finish receiver
    expect_received receiver "first line" "" "  third, indented" "no newline at the end"
    ;;
no-receiver)
    run sender unix_fd_send -n "$sock" "$WORK/notes.txt"
    expect_status sender 1
    expect_err sender 'cannot connect'
    expect_err sender 'is unix_fd_recv running'
    pass
    ;;
no-file)
    # Checked before connecting: the receiver is never bothered.
    run sender unix_fd_send -n "$sock" "$WORK/missing.txt"
    expect_status sender 1
    expect_err sender 'missing.txt: No such file or directory'
    expect_gone "$sock"
    pass
    ;;
no-descriptor)
    # A peer that sends only bytes (unix_client) is refused with a message.
    start receiver unix_fd_recv -n "$sock"
    wait_ready receiver
    run client unix_client -n "$sock" "just text"
    finish receiver
    expect_status receiver 1
    expect_err receiver 'the peer sent no file descriptor'
    expect_no_out receiver '^received:'
    expect_gone "$sock"
    pass
    ;;
sigpipe)
    # A receiver that vanishes between our connect and sendmsg makes the
    # kernel fail sendmsg with EPIPE and raise SIGPIPE. That window is too
    # narrow to hit on purpose, so strace makes the kernel's answer happen:
    # the sender must report it (exit 1), not die silently of the signal.
    if [ -n "$IPC_WRAP" ] || ! strace -qq -o /dev/null true 2>/dev/null; then
        echo "SKIP: needs strace (and ptrace), without a wrapper"
        exit 77
    fi
    start receiver unix_fd_recv -n "$sock"
    wait_ready receiver
    run sender "$(command -v strace)" -qq -o /dev/null \
        -e inject=sendmsg:error=EPIPE:signal=SIGPIPE "$BIN/unix_fd_send" -n "$sock" "$WORK/notes.txt"
    finish receiver
    expect_status sender 1
    expect_err sender 'sendmsg: Broken pipe'
    expect_status receiver 1
    expect_err receiver 'the peer sent no file descriptor'
    expect_gone "$sock"
    pass
    ;;
endless-line)
    # /dev/zero has no newline: the receiver holds at most one 4096-byte
    # line, says the line is too long and fails (exit 1), never grows
    # without bound or calls it end of file.
    start receiver unix_fd_recv -n "$sock"
    wait_ready receiver
    run sender unix_fd_send -n "$sock" /dev/zero
    finish receiver
    expect_status sender 0
    expect_status receiver 1
    expect_err receiver 'line 1 of the file is longer than 4096 bytes'
    expect_no_out receiver '^end of the file'
    expect_gone "$sock"
    pass
    ;;
two-receivers)
    # Two receivers on one path: exactly one owns it. strace holds the first
    # for a second between bind and listen, when a connect() is refused as
    # for a stale file: a second that judged by probing would remove the
    # first one's socket and bind its own. The lock file tells it instead.
    if [ -n "$IPC_WRAP" ] || ! strace -qq -o /dev/null true 2>/dev/null; then
        echo "SKIP: needs strace (and ptrace), without a wrapper"
        exit 77
    fi
    start receiver "$(command -v strace)" -qq -o /dev/null \
        -e inject=listen:delay_enter=1000000 "$BIN/unix_fd_recv" -n "$sock"
    _poll "$WAIT_SECS" test -S "$sock" || fail "the first receiver never bound $sock"
    run second unix_fd_recv -n "$sock"
    expect_status second 1
    expect_err second "another unix_fd_recv is already listening on$"
    expect_err second "^  $sock$"
    expect_no_out second '^ready:'
    wait_ready receiver
    run sender unix_fd_send -n "$sock" "$WORK/notes.txt"
    finish receiver
    expect_received receiver "first line" "" "  third, indented" "no newline at the end"
    expect_gone "$sock.lock"
    ;;
*)
    fail "unknown case $1"
    ;;
esac
expect_status sender 0
expect_status receiver 0
expect_out receiver '^removed the socket file$'
expect_gone "$sock"
pass
