# shellcheck shell=sh
# The fifo part of the tour (sourced by tests/tour.sh). Default names, as a
# student would type the commands.
mechanism fifo "fifo/: named pipes between unrelated processes"
# shellcheck disable=SC2153 # DEMO_DIR: set by lib.sh
demo_dir="$DEMO_DIR"

pair_fifo_reader() {
    watch "the reader creates the FIFO and waits in open() until a writer comes; \
    each line arrives as 'received:'; at end of file the reader removes the FIFO."
    start reader fifo_reader
    wait_ready reader
    run writer fifo_writer hello "from another process"
    finish reader
    expect_received reader hello "from another process"
    expect_gone "$demo_dir/fifo"
    show reader writer
}
pair fifo_reader pair_fifo_reader "fifo_reader fifo_writer"

pair_fifo_chat() {
    watch "a chat needs two FIFOs, one per direction; both sides open a-to-b \
    first, so neither waits for ever. Each side's typing arrives at the other; \
    Ctrl-D on A ends the chat for both."
    mkfifo "$WORK/keys_A" "$WORK/keys_B"
    start_in A "$WORK/keys_A" fifo_chat A
    exec 3>"$WORK/keys_A"
    start_in B "$WORK/keys_B" fifo_chat B
    exec 4>"$WORK/keys_B"
    wait_ready A
    wait_ready B
    type_into A 3 "hi B, this is A"
    wait_line B '^received: hi B'
    type_into B 4 "hello A, B here"
    wait_line A '^received: hello A'
    ctrl_d A 3
    finish A
    finish B
    exec 4>&-
    expect_received A "hello A, B here"
    expect_received B "hi B, this is A"
    show A B
}
pair fifo_chat pair_fifo_chat "fifo_chat"

pair_fifo_server() {
    watch "one well-known FIFO takes every client's requests (each one atomic \
    write of at most PIPE_BUF bytes); each client reads its answers from a FIFO \
    named after its PID."
    start server fifo_server -c 3
    wait_ready server
    run client1 fifo_client hello world
    run client2 fifo_client "a second client"
    finish server
    expect_received client1 HELLO WORLD
    expect_received client2 "A SECOND CLIENT"
    expect_gone "$demo_dir/fifo_server"
    expect_gone "$demo_dir/fifo_server.lock"
    show server client1 client2
}
pair fifo_server pair_fifo_server "fifo_server fifo_client"
