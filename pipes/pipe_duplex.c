/*
 * pipe_duplex.c - a two-way conversation between a parent and its child,
 * over two pipes: one for requests, one for replies.
 *
 * A pipe carries bytes one way only, so asking and answering takes two. The
 * parent sends the numbers 1..N, one text line each; the child answers each
 * with its square. They take turns (send one, wait for its answer), so
 * neither can fill a pipe while the other waits. Closing the request pipe is
 * how the parent says "no more": the child reads end of file and exits.
 *
 * Usage: pipe_duplex [N]
 *   N  how many numbers to send, 1..10000 (default 5)
 *
 * One terminal is enough: parent and child both come from this command.
 *   ./pipe_duplex 3
 *
 * See also: pipe_basic.c (one way), socketpair_demo.c (one two-way channel),
 * fifo_chat.c (two FIFOs), docs/pipes.md.
 * Try: delete the child's close(requests[1]) and watch it never see end of
 * file: it holds a write end of its own request pipe.
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

#define MAX_N 10000                 /* our choice: keeps the output readable */

static const char *prog = "pipe_duplex";

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [N]\n"
                 "  N  how many numbers the parent sends, 1..%d (default 5)\n", prog, MAX_N);
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

/* Numbers travel as text lines, not as raw ints: readable in strace, and
 * the reader can tell a whole number from a piece of one. */
static void send_number(int fd, long number)
{
    char line[32];
    int len = snprintf(line, sizeof line, "%ld\n", number);
    write_all(fd, line, (size_t)len);
}

static int parse_number(const char *text, long *number)
{
    char *end;

    errno = 0;
    *number = strtol(text, &end, 10);
    return errno == 0 && end != text && (*end == '\0' || *end == '\n');
}

/* The child: answers each request line with its square, until end of file. */
static void serve_squares(FILE *requests, int replies)
{
    char *line = NULL;
    size_t size = 0;
    long number;

    while (getline(&line, &size, requests) != -1) {
        if (!parse_number(line, &number) || number < 1 || number > MAX_N) {
            fprintf(stderr, "%s: child: not a number from 1 to %d: %s", prog, MAX_N, line);
            _exit(1);
        }
        printf("child %ld: read %ld, answering %ld\n", (long)getpid(), number, number * number);
        send_number(replies, number * number);
    }
    printf("child %ld: end of file on the request pipe; exiting\n", (long)getpid());
    free(line);
    fclose(requests);
    close(replies);
    _exit(0);
}

int main(int argc, char *argv[])
{
    int requests[2], replies[2];        /* [0] read end, [1] write end */
    char *line = NULL;
    size_t size = 0;
    long count = 5, number, answer;
    FILE *from_child;
    pid_t child;
    int opt, status;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    while ((opt = getopt(argc, argv, "h")) != -1) {
        if (opt == 'h')
            usage(stdout, 0);
        usage(stderr, 2);
    }
    if (argc - optind > 1)
        usage(stderr, 2);
    if (optind < argc && (!parse_number(argv[optind], &count) || count < 1 || count > MAX_N)) {
        fprintf(stderr, "%s: N must be a number from 1 to %d\n", prog, MAX_N);
        usage(stderr, 2);
    }

    /* Step 1: two pipes, one per direction. */
    if (pipe(requests) == -1 || pipe(replies) == -1)
        die("pipe");
    printf("created two pipes: requests (parent -> child), replies (child -> parent)\n");

    /* Step 2: fork; each side closes the two ends it does not use. */
    fflush(stdout);
    child = fork();
    if (child == -1)
        die("fork");
    if (child == 0) {
        close(requests[1]);             /* or our own copy keeps end of file away */
        close(replies[0]);
        from_child = fdopen(requests[0], "r");
        if (from_child == NULL)
            die("fdopen");
        serve_squares(from_child, replies[1]);
    }
    close(requests[0]);
    close(replies[1]);
    /* A child that vanishes (killed) must not kill us silently in write():
     * with SIGPIPE ignored, write() fails with EPIPE and we say so. */
    signal(SIGPIPE, SIG_IGN);
    from_child = fdopen(replies[0], "r");
    if (from_child == NULL)
        die("fdopen");
    printf("parent: forked child %ld; sending 1..%ld, one at a time\n", (long)child, count);

    /* Step 3: send a number, wait for its square, and so on. */
    for (number = 1; number <= count; number++) {
        printf("parent: sending %ld, then waiting for the answer\n", number);
        send_number(requests[1], number);
        if (getline(&line, &size, from_child) == -1) {
            fprintf(stderr, "%s: the child closed the reply pipe without answering\n", prog);
            break;
        }
        line[strcspn(line, "\n")] = '\0';
        if (!parse_number(line, &answer) || answer != number * number) {
            fprintf(stderr, "%s: the child answered \"%s\" to %ld\n", prog, line, number);
            break;
        }
        printf("received: %s\n", line);
    }

    /* Step 4 (after an error too): close the request pipe, so that the
     * child sees end of file, and reap it. */
    if (close(requests[1]) == -1)
        die("close");
    printf("parent: closed the request pipe; waiting for child %ld to exit\n", (long)child);
    while (waitpid(child, &status, 0) == -1)
        if (errno != EINTR)
            die("waitpid");
    free(line);
    fclose(from_child);
    if (WIFEXITED(status)) {
        printf("child %ld exited with status %d\n", (long)child, WEXITSTATUS(status));
        return WEXITSTATUS(status) == 0 && number > count ? 0 : 1;
    }
    printf("child %ld was killed by signal %d (%s)\n", (long)child,
           WTERMSIG(status), strsignal(WTERMSIG(status)));
    return 1;
}
