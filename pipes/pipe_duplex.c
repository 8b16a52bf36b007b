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
 * Usage: pipe_duplex [N]      (1..10000, default 5)
 * One terminal is enough: parent and child both come from this command.
 *   ./pipe_duplex 3
 *
 * See also: pipe_basic.c (one way), socketpair_demo.c (one two-way channel),
 * fifo_chat.c (two FIFOs), docs/pipes.md.
 * Try: delete the child's close(requests[1]) and watch it never see end of
 * file: it holds a write end of its own request pipe.
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include <sys/wait.h>

#define MAX_N 10000                 /* our choice: keeps the output readable */

static const char help[] =
    "pipe_duplex shows a two-way talk over two pipes: the parent sends the\n"
    "numbers 1 to N, the child answers each with its square. One command\n"
    "starts both processes.\n"
    "usage: pipe_duplex [N]\n"
    "  N  how many numbers the parent sends, 1 to 10000 (default 5).\n";

static void serve_squares(int request_fd, int reply_fd);
static void send_number(int fd, long number, int in_child);

int main(int argc, char *argv[])
{
    int requests[2], replies[2];        /* [0] read end, [1] write end */
    char *line = NULL;
    size_t size = 0;
    long count = 5, number;
    int opt, status;

    demo_start(argv[0], help);
    while ((opt = getopt(argc, argv, "h")) != -1)
        usage(opt == 'h' ? 0 : 2);
    if (argc - optind > 1)
        usage(2);
    if (optind < argc)
        count = parse_long(argv[optind], 1, MAX_N, "N");

    /* 1. Two pipes, one per direction. */
    if (pipe(requests) == -1 || pipe(replies) == -1)
        die("pipe");
    printf("created two pipes: requests (parent -> child), replies (child -> parent)\n");

    /* 2. Fork; each side closes the two ends it does not use. */
    pid_t child = fork();
    if (child == -1)
        die("fork");
    if (child == 0) {
        if (close(requests[1]) == -1 || close(replies[0]) == -1)
            die_child("close");          /* our own write end would keep EOF away */
        serve_squares(requests[0], replies[1]);
    }
    if (close(requests[0]) == -1 || close(replies[1]) == -1)
        die("close");
    /* A child that vanishes (killed) must not kill us silently in write():
     * with SIGPIPE ignored, write() fails with EPIPE and we say so. */
    catch_signal(SIGPIPE, SIG_IGN, 0);
    FILE *from_child = fdopen(replies[0], "r");
    if (from_child == NULL)
        die("fdopen");
    printf("parent: forked child %ld; sending 1..%ld, one at a time\n", (long)child, count);

    /* 3. Send a number, wait for its square, and so on. */
    for (number = 1; number <= count; number++) {
        printf("parent: sending %ld, then waiting for the answer\n", number);
        send_number(requests[1], number, 0);
        ssize_t got;
        while ((got = getline(&line, &size, from_child)) == -1 && ferror(from_child)
               && errno == EINTR)
            clearerr(from_child);        /* interrupted, not finished: read on */
        if (got == -1 && ferror(from_child))
            die("read");                 /* the child sees end of file when we exit */
        if (got == -1) {
            fprintf(stderr, "%s: the child closed the reply pipe without answering\n", prog);
            break;
        }
        line[strcspn(line, "\n")] = '\0';
        char *end;
        if (strtol(line, &end, 10) != number * number || end == line || *end != '\0') {
            fprintf(stderr, "%s: the child answered \"%s\" to %ld\n", prog, line, number);
            break;
        }
        printf("received: %s\n", line);
    }

    /* 4. Close the request pipe (after an error too): the child sees EOF. */
    if (close(requests[1]) == -1)
        die("close");
    printf("parent: closed the request pipe; waiting for child %ld to exit\n", (long)child);
    while (waitpid(child, &status, 0) == -1)
        if (errno != EINTR)
            die("waitpid");
    free(line);
    if (fclose(from_child) == EOF)
        die("fclose");
    if (WIFEXITED(status)) {
        printf("child %ld exited with status %d\n", (long)child, WEXITSTATUS(status));
        return WEXITSTATUS(status) == 0 && number > count ? 0 : 1;
    }
    printf("child %ld was killed by signal %d (%s)\n", (long)child,
           WTERMSIG(status), strsignal(WTERMSIG(status)));
    return 1;
}

/* The child: answers each request line with its square, until end of file. */
static void serve_squares(int request_fd, int reply_fd)
{
    FILE *requests = fdopen(request_fd, "r");
    char *line = NULL, *end;
    size_t size = 0;
    if (requests == NULL)
        die_child("fdopen");
    while (getline(&line, &size, requests) != -1) {
        long number = strtol(line, &end, 10);
        if (end == line || *end != '\n' || number < 1 || number > MAX_N) {
            fprintf(stderr, "%s: child: not a number from 1 to %d: %s", prog, MAX_N, line);
            _exit(1);
        }
        printf("child %ld: read %ld, answering %ld\n", (long)getpid(), number, number * number);
        send_number(reply_fd, number * number, 1);
    }
    printf("child %ld: end of file on the request pipe; exiting\n", (long)getpid());
    free(line);
    if (fclose(requests) == EOF || close(reply_fd) == -1)
        die_child("close");
    _exit(0);
}

/* Numbers travel as text lines, not as raw ints: readable in strace, and
 * the reader can tell a whole number from a piece of one. */
static void send_number(int fd, long number, int in_child)
{
    char line[32];
    int len = snprintf(line, sizeof line, "%ld\n", number);
    if (write_all(fd, line, (size_t)len) == -1)
        in_child ? die_child("write") : die("write");
}
