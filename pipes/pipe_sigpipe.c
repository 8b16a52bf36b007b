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
 *
 * One terminal is enough:
 *   ./pipe_sigpipe
 *
 * See also: fifo_writer.c (ignores SIGPIPE, reports EPIPE), tcp_server.c,
 * docs/pipes.md, docs/signals.md.
 * Try: strace -f -e trace=write ./pipe_sigpipe and look for
 * "--- SIGPIPE" and "+++ killed by SIGPIPE +++".
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *prog = "pipe_sigpipe";

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s\n"
                 "  writes into a pipe with no reader, first with SIGPIPE ignored,\n"
                 "  then with its default action\n", prog);
    exit(status);
}

/* The child: one write into a pipe without a reader. Exits 1 if write()
 * fails with EPIPE; with SIGPIPE's default action it never gets that far. */
static void writer(int write_fd, void (*action)(int))
{
    struct sigaction sa = { .sa_handler = action };
    sigset_t pipe_signal;

    sigaction(SIGPIPE, &sa, NULL);
    sigemptyset(&pipe_signal);          /* a blocked SIGPIPE would wait, not kill */
    sigaddset(&pipe_signal, SIGPIPE);
    sigprocmask(SIG_UNBLOCK, &pipe_signal, NULL);
    printf("writer %ld: writing 6 bytes into a pipe nobody can read\n", (long)getpid());
    if (write(write_fd, "hello\n", 6) == -1) {
        printf("writer %ld: write() failed: %s (%s)\n", (long)getpid(),
               errno == EPIPE ? "EPIPE" : "not EPIPE?", strerror(errno));
        close(write_fd);
        _exit(1);
    }
    printf("writer %ld: write() succeeded, which it should not have\n", (long)getpid());
    close(write_fd);
    _exit(0);
}

/* Runs one writer and says how it ended; returns 1 if it ended as expected. */
static int run_writer(const char *title, void (*action)(int))
{
    int pipe_fd[2], status;
    pid_t child;

    printf("--- %s\n", title);
    if (pipe(pipe_fd) == -1)
        die("pipe");
    close(pipe_fd[0]);                  /* the only read end: now nobody can read */
    printf("created a pipe and closed its read end\n");
    fflush(stdout);
    child = fork();
    if (child == -1)
        die("fork");
    if (child == 0)
        writer(pipe_fd[1], action);
    close(pipe_fd[1]);
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

int main(int argc, char *argv[])
{
    int opt, as_expected;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    while ((opt = getopt(argc, argv, "h")) != -1) {
        if (opt == 'h')
            usage(stdout, 0);
        usage(stderr, 2);
    }
    if (optind != argc)
        usage(stderr, 2);

    as_expected = run_writer("1. SIGPIPE ignored: write() fails with EPIPE", SIG_IGN);
    as_expected &= run_writer("2. SIGPIPE's default action: the writer is killed", SIG_DFL);
    return as_expected ? 0 : 1;
}
