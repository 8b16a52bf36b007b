/*
 * pipe_basic.c - the classic pipe: a parent forks, the child writes a
 * message into a pipe, the parent reads it and prints it.
 *
 * pipe() returns two file descriptors, the read end and the write end of a
 * one-way channel kept by the kernel. fork() copies both into the child, so
 * each process closes the end it does not use. The parent must close its
 * write end: read() returns end of file only once every write end is closed.
 * At the end the parent waits for the child, so that no zombie is left, and
 * says how the child exited.
 *
 * Usage: pipe_basic [MESSAGE]     (default "Hello from child")
 * One terminal is enough: parent and child both come from this command.
 *   ./pipe_basic "hi there"
 *
 * See also: pipe_duplex.c (both ways), fifo_writer.c (unrelated processes),
 * docs/pipes.md.
 * Try: strace -f -e trace=pipe2,write,read,wait4 ./pipe_basic
 * and see which process holds which end; or delete the parent's
 * close(pipe_fd[1]) and watch read() wait forever (Ctrl-C ends it).
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include <limits.h>
#include <sys/wait.h>

/* Our limit, the size of the parent's buffer: PIPE_BUF (4096 on Linux),
 * the most one write() moves through a pipe in one piece. */
#define MAX_MESSAGE PIPE_BUF

static const char help[] =
    "pipe_basic shows the classic pipe: the parent forks, the child writes\n"
    "MESSAGE into the pipe and exits, and the parent prints what it reads.\n"
    "One command starts both processes; no partner is needed.\n"
    "usage: pipe_basic [MESSAGE]\n"
    "  MESSAGE  one line of at most 4096 bytes (PIPE_BUF) that the child\n"
    "           sends; the default is \"Hello from child\".\n";

int main(int argc, char *argv[])
{
    const char *message = "Hello from child";
    char received[MAX_MESSAGE + 1];     /* +1: room to notice too much, or for '\0' */
    int pipe_fd[2];                     /* [0] the read end, [1] the write end */
    int opt, status;

    demo_start(argv[0], help);
    while ((opt = getopt(argc, argv, "h")) != -1)
        usage(opt == 'h' ? 0 : 2);
    if (argc - optind > 1) {
        fprintf(stderr, "%s: one message only (quote it if it has spaces)\n", prog);
        usage(2);
    }
    if (optind < argc)
        message = argv[optind];
    size_t len = strlen(message);
    if (len > MAX_MESSAGE || strchr(message, '\n') != NULL) {
        fprintf(stderr, "%s: the message must be one line of at most %d bytes "
                        "(got %zu bytes); refusing it whole\n", prog, MAX_MESSAGE, len);
        usage(2);
    }

    /* 1. Make the pipe before fork, so that the child inherits it. */
    if (pipe(pipe_fd) == -1)
        die("pipe");
    printf("created a pipe: fd %d is its read end, fd %d its write end\n",
           pipe_fd[0], pipe_fd[1]);

    /* 2. Fork. Both processes now hold both ends. The child writes the
     *    message, closes its end and leaves with _exit (die_child too). */
    pid_t child = fork();
    if (child == -1)
        die("fork");
    if (child == 0) {
        if (close(pipe_fd[0]) == -1)
            die_child("close");
        printf("child %ld: writing %zu bytes into the pipe, then exiting\n",
               (long)getpid(), len);
        if (write_all(pipe_fd[1], message, len) == -1)
            die_child("write");
        if (close(pipe_fd[1]) == -1)
            die_child("close");
        _exit(0);
    }
    printf("parent: forked child %ld\n", (long)child);

    /* 3. Close our copy of the write end, then read until end of file. */
    if (close(pipe_fd[1]) == -1)
        die("close");
    printf("parent: closed its write end; reading until end of file "
           "(read blocks until the child writes or exits)\n");
    ssize_t got = read_all(pipe_fd[0], received, sizeof received);
    if (got == -1)
        die("read");
    if (close(pipe_fd[0]) == -1)
        die("close");
    if (got > MAX_MESSAGE) {
        fprintf(stderr, "%s: the child sent more than %d bytes\n", prog, MAX_MESSAGE);
    } else {
        received[got] = '\0';           /* a read() never adds one */
        printf("received: %s\n", received);
    }

    /* 4. Reap the child, or it stays a zombie until we exit. */
    printf("parent: waiting for child %ld to exit\n", (long)child);
    while (waitpid(child, &status, 0) == -1)
        if (errno != EINTR)
            die("waitpid");
    if (WIFEXITED(status)) {
        printf("child %ld exited with status %d\n", (long)child, WEXITSTATUS(status));
        return WEXITSTATUS(status) == 0 && got <= MAX_MESSAGE ? 0 : 1;
    }
    printf("child %ld was killed by signal %d (%s)\n", (long)child,
           WTERMSIG(status), strsignal(WTERMSIG(status)));
    return 1;
}
