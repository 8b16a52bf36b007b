# The pipes part of the tour (sourced by tests/tour.sh). One command each:
# for an unnamed pipe, the "other terminal" is a child process.
mechanism pipes "pipes/: unnamed pipes between a parent and its children"

pair_pipe_basic() {
    watch "the parent forks; the child writes into the pipe and exits; the parent \
    reads until end of file, prints 'received:', then reaps the child."
    run basic pipe_basic
    expect_status basic 0
    expect_received basic "Hello from child"
    show basic
}
pair pipe_basic pair_pipe_basic "pipe_basic"

pair_pipe_duplex() {
    watch "two pipes, one per direction: each number goes down one, its square \
    comes back up the other, in turns."
    run duplex pipe_duplex 3
    expect_status duplex 0
    expect_received duplex 1 4 9
    show duplex
}
pair pipe_duplex pair_pipe_duplex "pipe_duplex"

pair_pipe_pipeline() {
    watch "ls / | wc -l built by hand: dup2 puts the pipe on ls's stdout and wc's \
    stdin; the narration is on stderr, wc's count on stdout."
    run pipeline pipe_pipeline
    expect_status pipeline 0
    expect_out pipeline '^ *[0-9]+$'
    show pipeline
}
pair pipe_pipeline pair_pipe_pipeline "pipe_pipeline"

pair_pipe_capacity() {
    watch "a pipe nobody reads fills up: PIPE_BUF (atomic writes) and the capacity, \
    before and after asking the kernel for 100000 bytes."
    run capacity pipe_capacity -s 100000
    expect_status capacity 0
    expect_out capacity '^PIPE_BUF: 4096$'
    show capacity
}
pair pipe_capacity pair_pipe_capacity "pipe_capacity"

pair_pipe_atomic() {
    watch "four writers, one pipe: records of PIPE_BUF bytes arrive whole; one byte \
    more and the records tear (the count varies from run to run)."
    run atomic pipe_atomic -r 100
    expect_status atomic 0
    expect_out atomic '^records: 400, torn: 0$'
    show atomic
    run atomic_torn pipe_atomic -r 100 -s 4097
    expect_status atomic_torn 0
    expect_out atomic_torn '^records: 400, torn: [0-9]+$'
    show atomic_torn
}
pair pipe_atomic pair_pipe_atomic "pipe_atomic"

pair_pipe_sigpipe() {
    watch "writing into a pipe with no reader: EPIPE when SIGPIPE is ignored, \
    death by SIGPIPE by default."
    run sigpipe pipe_sigpipe
    expect_status sigpipe 0
    expect_out sigpipe 'killed by SIGPIPE'
    show sigpipe
}
pair pipe_sigpipe pair_pipe_sigpipe "pipe_sigpipe"

pair_pipe_popen() {
    watch "popen runs the command through /bin/sh with a pipe from its stdout; \
    pclose waits for it and gives its status."
    run popen pipe_popen 'echo hello; echo from a shell'
    expect_status popen 0
    expect_received popen hello "from a shell"
    show popen
}
pair pipe_popen pair_pipe_popen "pipe_popen"
