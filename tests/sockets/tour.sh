# The sockets part of the tour (sourced by tests/tour.sh). Default names and
# ports, as a student would type the commands.
mechanism sockets "sockets/: TCP, UDP, Unix-domain sockets, socketpair, descriptor passing, poll"


pair_tcp_server() {
    watch "tcp_server prints the port it listens on, then gives each client its own \
    thread; the client streams its lines and prints each echo as 'received:'."
    start server tcp_server -c 2
    wait_ready server
    run client1 tcp_client hello "from another process"
    printf 'typed line one\ntyped line two\n' >"$WORK/typed"
    run_in client2 "$WORK/typed" tcp_client
    finish server
    expect_received client1 hello "from another process"
    expect_received client2 "typed line one" "typed line two"
    show server client1 client2
}
pair tcp_server pair_tcp_server "tcp_server tcp_client"

pair_poll_server() {
    watch "poll_server gives the same answers in a single thread: one poll() call \
    watches the listening socket and every client at once."
    start server poll_server -c 1
    wait_ready server
    run client tcp_client "same service" "one thread"
    finish server
    expect_received client "same service" "one thread"
    show server client
}
pair poll_server pair_poll_server "poll_server tcp_client"

pair_udp_server() {
    watch "UDP has no connection: each message is one datagram; the client waits a \
    bounded time for each echo, and 'end' stops the server."
    start server udp_server
    wait_ready server
    run client udp_client hello end
    finish server
    expect_received client hello end
    show server client
}
pair udp_server pair_udp_server "udp_server udp_client"

pair_unix_server() {
    watch "a Unix-domain socket is a file: the server learns the client's pid and \
    uid from the kernel (SO_PEERCRED) and removes the socket file at the end."
    start server unix_server -c 1
    wait_ready server
    run client unix_client "over a socket file"
    finish server
    expect_received client "over a socket file"
    expect_gone "$DEMO_DIR/unix.sock"
    show server client
}
pair unix_server pair_unix_server "unix_server unix_client"

pair_socketpair_demo() {
    watch "socketpair: two sockets already connected, shared by parent and child; \
    each line goes down and comes back in capitals on the same pair."
    run demo socketpair_demo
    expect_received demo hello HELLO "how are you?" "HOW ARE YOU?"
    show demo
}
pair socketpair_demo pair_socketpair_demo "socketpair_demo"

pair_unix_fd_recv() {
    watch "the sender opens the file and passes the open descriptor (SCM_RIGHTS); \
    the receiver prints lines of a file it never opened."
    printf 'a file opened by the sender\nread by the receiver\n' >"$WORK/notes.txt"
    start receiver unix_fd_recv
    wait_ready receiver
    # From the work directory, so that the command shown (and typed, in
    # tmux mode, whose panes start there) is the one a student would type.
    (cd "$WORK" && run sender unix_fd_send notes.txt)
    finish receiver
    expect_received receiver "a file opened by the sender" "read by the receiver"
    expect_gone "$DEMO_DIR/fd.sock"
    show receiver sender
}
pair unix_fd_recv pair_unix_fd_recv "unix_fd_recv unix_fd_send"

# The RPC pair has its own part, in tour_rpc.sh.
# shellcheck source=tour_rpc.sh
if [ -f "$TESTS/sockets/tour_rpc.sh" ]; then . "$TESTS/sockets/tour_rpc.sh"; fi
