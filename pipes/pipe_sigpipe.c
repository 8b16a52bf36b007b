/*
 * pipe_sigpipe.c - what happens to a process that writes into a pipe
 * nobody reads any more.
 *
 * The kernel sends the writer SIGPIPE, whose default action kills it, with
 * no message at all. We run the same writer twice, each time as a child
 * writing into a pipe whose read end is already closed. First with SIGPIPE
 * ignored: write() then fails with EPIPE, and the writer can say so. Then
 * with the default action: the writer dies inside write(), and only its
 * parent, through waitpid(), learns why. This is how `yes | head -n 1`
 * ends, and why a server ignores SIGPIPE (a client can go away any time).
 *
 * Usage: pipe_sigpipe
 * One terminal is enough:
 *   ./pipe_sigpipe
 *
 * See also: fifo_writer.c (ignores SIGPIPE, reports EPIPE), tcp_server.c,
 * docs/pipes.md, docs/signals.md.
 * Try: strace -f -e trace=write ./pipe_sigpipe and look for
 * "--- SIGPIPE" and "+++ killed by SIGPIPE +++".
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include <sys/wait.h>

static const char help[] =
    "pipe_sigpipe shows what happens to a process that writes into a pipe\n"
    "nobody reads: with SIGPIPE ignored write() fails with EPIPE; with the\n"
    "default action the writer is killed. It needs no partner.\n"
    "usage: pipe_sigpipe\n"
    "  It takes no arguments.\n";

static int run_writer(const char *title, void (*action)(int));
static void writer(int write_fd, void (*action)(int));

int main(int argc, char *argv[])
{
    int opt;

    demo_start(argv[0], help);
    while ((opt = getopt(argc, argv, "h")) != -1)
        usage(opt == 'h' ? 0 : 2);
    if (optind != argc)
        usage(2);

    /* 1. and 2. The same writer, with SIGPIPE ignored, then by default. */
    int as_expected = run_writer("1. SIGPIPE ignored: write() fails with EPIPE", SIG_IGN);
    as_expected &= run_writer("2. SIGPIPE's default action: the writer is killed", SIG_DFL);
    return as_expected ? 0 : 1;
}

/* Runs one writer and says how it ended; returns 1 if it ended as expected. */
static int run_writer(const char *title, void (*action)(int))
{
    int pipe_fd[2], status;

    printf("--- %s\n", title);
    if (pipe(pipe_fd) == -1)
        die("pipe");
    if (close(pipe_fd[0]) == -1)        /* the only read end: now nobody can read */
        die("close");
    printf("created a pipe and closed its read end\n");
    pid_t child = fork();
    if (child == -1)
        die("fork");
    if (child == 0)
        writer(pipe_fd[1], action);
    if (close(pipe_fd[1]) == -1)
        die("close");
    while (waitpid(child, &status, 0) == -1)
        if (errno != EINTR)
            die("waitpid");
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE) {
        printf("writer %ld was killed by SIGPIPE (signal %d): it never saw write() "
               "return\n", (long)child, SIGPIPE);
        return action == SIG_DFL;
    }
    if (WIFEXITED(status)) {
        printf("writer %ld exited with status %d%s\n", (long)child, WEXITSTATUS(status),
               WEXITSTATUS(status) == 1 ? ": it saw EPIPE and could report it" : "");
        return action == SIG_IGN && WEXITSTATUS(status) == 1;
    }
    printf("writer %ld was killed by signal %d (%s)\n", (long)child,
           WTERMSIG(status), strsignal(WTERMSIG(status)));
    return 0;
}

/* The child: one write into a pipe without a reader. Exits 1 if write()
 * fails with EPIPE; with SIGPIPE's default action it never gets that far. */
static void writer(int write_fd, void (*action)(int))
{
    struct sigaction sa = { .sa_handler = action };
    sigset_t pipe_signal;

    /* A blocked SIGPIPE would wait, not kill: unblock it, whatever we got. */
    if (sigemptyset(&sa.sa_mask) == -1 || sigaction(SIGPIPE, &sa, NULL) == -1 ||
        sigemptyset(&pipe_signal) == -1 || sigaddset(&pipe_signal, SIGPIPE) == -1 ||
        sigprocmask(SIG_UNBLOCK, &pipe_signal, NULL) == -1)
        die_child("sigaction");
    printf("writer %ld: writing 6 bytes into a pipe nobody can read\n", (long)getpid());
    if (write(write_fd, "hello\n", 6) == -1) {
        printf("writer %ld: write() failed: %s (%s)\n", (long)getpid(),
               errno == EPIPE ? "EPIPE" : "not EPIPE?", strerror(errno));
        _exit(1);
    }
    printf("writer %ld: write() succeeded, which it should not have\n", (long)getpid());
    _exit(0);
}
