/*
 * socketpair_demo.c - a parent and its child talk both ways over one
 * socketpair().
 *
 * socketpair() returns two Unix-domain sockets already connected to each
 * other, with no name in the file system and no listen or accept. Unlike a
 * pipe, each end can both read and write, so one pair carries a question
 * and its answer: the parent sends each message, the child prints it and
 * answers with the message in capitals, and the parent prints the answer.
 * Like a pipe, it only joins processes related by fork().
 *
 * Usage: socketpair_demo [MESSAGE...]
 * One terminal is enough: both processes print to it.
 *
 * See also: pipes/pipe_duplex.c (the same with two pipes), unix_server.c,
 * docs/sockets.md.
 * Try: `strace -f -e trace=socketpair,read,write ./socketpair_demo` and see
 * each process write on its own end and read from it.
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include <ctype.h>
#include <sys/socket.h>
#include <sys/wait.h>

#define MAX_MESSAGE 1024        /* our choice: each side reads a line into this */

static const char usage_lines[] =
    "socketpair_demo: a parent and its child talk both ways over one pair of\n"
    "connected sockets: the child answers each message in capitals. One\n"
    "program, one terminal.\n"
    "usage: socketpair_demo [MESSAGE...]\n"
    "  Each MESSAGE (at most 1024 bytes, one line) goes to the child and comes\n"
    "  back in capitals; with none, \"hello\" and \"how are you?\" do.\n";

static void child(int fd);
static ssize_t read_line(int fd, char *line, size_t size);
static int send_line(int fd, const char *text);

int main(int argc, char *argv[])
{
    char *defaults[] = { "hello", "how are you?" }, **messages = defaults;
    char answer[MAX_MESSAGE + 1];
    int count = 2, sv[2], status, i, opt;
    ssize_t len;

    demo_start(argv[0], usage_lines);
    while ((opt = getopt(argc, argv, "h")) != -1)
        usage(opt == 'h' ? 0 : 2);
    for (i = optind; i < argc; i++) {   /* check every message before sending any */
        if (strlen(argv[i]) > MAX_MESSAGE || strchr(argv[i], '\n') != NULL) {
            fprintf(stderr, "%s: message %d is longer than %d bytes or holds a newline\n",
                    prog, i - optind + 1, MAX_MESSAGE);
            usage(2);
        }
    }
    if (optind < argc) {
        messages = argv + optind;
        count = argc - optind;
    }
    catch_signal(SIGPIPE, SIG_IGN, 0);  /* a peer that dies gives EPIPE, not death */

    /* 1. Two connected sockets; after fork each process keeps one. */
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
        die("socketpair");
    printf("parent %ld: socketpair gave two connected sockets, %d and %d\n",
           (long)getpid(), sv[0], sv[1]);
    pid_t pid = fork();
    if (pid == -1)
        die("fork");
    if (pid == 0) {
        close(sv[0]);                   /* the child talks on sv[1] */
        child(sv[1]);
    }
    close(sv[1]);                       /* the parent talks on sv[0] */

    /* 2. Each message goes down and its answer comes back, one socket. */
    for (i = 0; i < count; i++) {
        printf("parent %ld: sending \"%s\" to child %ld\n", (long)getpid(), messages[i],
               (long)pid);
        if (send_line(sv[0], messages[i]) == -1)
            die("sending to the child");
        if ((len = read_line(sv[0], answer, sizeof answer)) == -2)
            die("reading the child's answer");
        if (len == -1)
            fail("the child closed its end before answering");
        print_received(answer, strlen(answer));
    }

    /* 3. Close our end: the child reads end of file and exits. */
    printf("parent %ld: closing our end, then waiting for the child\n", (long)getpid());
    close(sv[0]);
    if (waitpid(pid, &status, 0) == -1)
        die("waitpid");
    printf("parent %ld: the child exited with status %d\n", (long)getpid(),
           WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

/* The child: answer each line in capitals until the parent closes its end.
 * It ends with _exit, never exit (see die_child in ipc_demo.h). */
static void child(int fd)
{
    char line[MAX_MESSAGE + 1];
    ssize_t len, i;
    while ((len = read_line(fd, line, sizeof line)) >= 0) {
        print_received(line, (size_t)len);
        for (i = 0; i < len; i++)
            line[i] = (char)toupper((unsigned char)line[i]);
        printf("child %ld: answering \"%s\" on the same socket\n", (long)getpid(), line);
        if (send_line(fd, line) == -1)
            die_child("answering the parent");
    }
    if (len == -2)
        die_child("reading from the parent");
    printf("child %ld: the parent closed its end; exiting\n", (long)getpid());
    _exit(0);
}

/* Read one line a byte at a time: slow, but it never takes any of the next
 * line. Returns its length; -1 at end of file, -2 on an error or a line that
 * does not fit (errno EMSGSIZE). */
static ssize_t read_line(int fd, char *line, size_t size)
{
    size_t len = 0;
    ssize_t n;
    while ((n = read(fd, line + len, 1)) != 0) {
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            return -2;
        if (line[len] == '\n')
            break;
        if (++len == size) {
            errno = EMSGSIZE;
            return -2;
        }
    }
    if (n == 0 && len == 0)
        return -1;
    line[len] = '\0';
    return (ssize_t)len;
}

/* TEXT and a newline, in one write_all: 0, or -1 with errno. */
static int send_line(int fd, const char *text)
{
    char line[MAX_MESSAGE + 2];
    int len = snprintf(line, sizeof line, "%s\n", text);
    return write_all(fd, line, (size_t)len);
}
