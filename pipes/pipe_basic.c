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
 * Usage: pipe_basic [MESSAGE]
 *   MESSAGE  what the child sends (default "Hello from child")
 *
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
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* Our limit, the size of the parent's buffer: PIPE_BUF (4096 on Linux),
 * the most one write() moves through a pipe in one piece. */
#define MAX_MESSAGE PIPE_BUF

static const char *prog = "pipe_basic";

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [MESSAGE]\n"
                 "  MESSAGE  one line the child sends to the parent, at most %d bytes\n"
                 "           (default \"Hello from child\")\n", prog, MAX_MESSAGE);
    exit(status);
}

/* write() may write less than asked (or be interrupted): loop until done. */
static void write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            die("write");
        data += n;
        len -= (size_t)n;
    }
}

/* read() returns what is there so far, maybe less than asked: loop until
 * the buffer is full or end of file (0: every write end is closed). */
static size_t read_all(int fd, char *buf, size_t size)
{
    size_t got = 0;

    while (got < size) {
        ssize_t n = read(fd, buf + got, size - got);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            die("read");
        if (n == 0)
            break;
        got += (size_t)n;
    }
    return got;
}

int main(int argc, char *argv[])
{
    const char *message = "Hello from child";
    char received[MAX_MESSAGE + 1];     /* +1: room to notice too much, or for '\0' */
    int pipe_fd[2];                     /* [0] the read end, [1] the write end */
    size_t len;
    pid_t child;
    int opt, status;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    while ((opt = getopt(argc, argv, "h")) != -1) {
        if (opt == 'h')
            usage(stdout, 0);
        usage(stderr, 2);
    }
    if (argc - optind > 1) {
        fprintf(stderr, "%s: one message only (quote it if it has spaces)\n", prog);
        usage(stderr, 2);
    }
    if (optind < argc)
        message = argv[optind];
    len = strlen(message);
    if (len > MAX_MESSAGE || strchr(message, '\n') != NULL) {
        fprintf(stderr, "%s: the message must be one line of at most %d bytes "
                        "(got %zu bytes); refusing it whole\n", prog, MAX_MESSAGE, len);
        usage(stderr, 2);
    }

    /* Step 1: make the pipe before fork, so that the child inherits it. */
    if (pipe(pipe_fd) == -1)
        die("pipe");
    printf("created a pipe: fd %d is its read end, fd %d its write end\n",
           pipe_fd[0], pipe_fd[1]);

    /* Step 2: fork. Both processes now hold both ends. */
    fflush(stdout);
    child = fork();
    if (child == -1)
        die("fork");
    if (child == 0) {
        /* The child: writes the message, closes its end, exits. */
        close(pipe_fd[0]);
        printf("child %ld: writing %zu bytes into the pipe, then exiting\n",
               (long)getpid(), len);
        write_all(pipe_fd[1], message, len);
        if (close(pipe_fd[1]) == -1)
            die("close");
        _exit(0);                       /* _exit: the parent's atexit work is not ours */
    }
    printf("parent: forked child %ld\n", (long)child);

    /* Step 3: close our copy of the write end, then read until end of file. */
    if (close(pipe_fd[1]) == -1)
        die("close");
    printf("parent: closed its write end; reading until end of file "
           "(read blocks until the child writes or exits)\n");
    len = read_all(pipe_fd[0], received, sizeof received);
    close(pipe_fd[0]);
    if (len > MAX_MESSAGE) {
        fprintf(stderr, "%s: the child sent more than %d bytes\n", prog, MAX_MESSAGE);
    } else {
        received[len] = '\0';           /* a read() never adds one */
        printf("received: %s\n", received);
    }

    /* Step 4: reap the child, or it stays a zombie until we exit. */
    printf("parent: waiting for child %ld to exit\n", (long)child);
    while (waitpid(child, &status, 0) == -1)
        if (errno != EINTR)
            die("waitpid");
    if (WIFEXITED(status)) {
        printf("child %ld exited with status %d\n", (long)child, WEXITSTATUS(status));
        return WEXITSTATUS(status) == 0 && len <= MAX_MESSAGE ? 0 : 1;
    }
    printf("child %ld was killed by signal %d (%s)\n", (long)child,
           WTERMSIG(status), strsignal(WTERMSIG(status)));
    return 1;
}
