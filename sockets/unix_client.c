/*
 * unix_client.c - send lines to unix_server over a Unix-domain stream
 * socket and print each echo.
 *
 * The client names the server by a path instead of a host and port; the
 * rest is TCP's client side: socket, connect, write, read. This one works in
 * lock step, the simplest request-reply pattern: it sends one line, then
 * reads until the echoed line is complete, then sends the next. A server
 * that stops answering is given REPLY_WAIT seconds, not forever.
 *
 * Usage: unix_client [-n PATH] [MESSAGE...]
 *
 * Two terminals:
 *   terminal 1:  ./unix_server
 *   terminal 2:  ./unix_client hello world
 *
 * See also: unix_server.c (the other half), tcp_client.c, docs/sockets.md.
 * Try: compare `strace -e trace=network ./unix_client hi` with the same for
 * tcp_client: no name lookup, no port, the same calls otherwise.
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#define MAX_LINE 4096           /* unix_server's limit on one line */
#define REPLY_WAIT 5            /* seconds a silent server is given */

static const char usage_lines[] =
    "unix_client: sends lines to unix_server over a Unix-domain socket, one\n"
    "at a time, and prints each echo. Start unix_server first.\n"
    "usage: unix_client [-n PATH] [MESSAGE...]\n"
    "  -n PATH  the server's socket file (default /tmp/ipc-demo-UID/unix.sock).\n"
    "  Each MESSAGE (at most 4096 bytes) is sent as one line; with none, each\n"
    "  line of stdin is.\n";

static void exchange(int fd, const char *message, size_t len);

int main(int argc, char *argv[])
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    char *line = NULL;
    size_t line_size = 0;
    ssize_t len;
    int fd, opt, i;

    demo_start(argv[0], usage_lines);
    while ((opt = getopt(argc, argv, "n:h")) != -1) {
        switch (opt) {
        case 'n': copy_option(addr.sun_path, sizeof addr.sun_path, optarg, "-n"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    for (i = optind; i < argc; i++) {   /* check every message before sending any */
        if (strlen(argv[i]) > MAX_LINE || strchr(argv[i], '\n') != NULL) {
            fprintf(stderr, "%s: message %d is longer than %d bytes or holds a newline\n",
                    prog, i - optind + 1, MAX_LINE);
            usage(2);
        }
    }
    if (addr.sun_path[0] == '\0')
        default_path(addr.sun_path, sizeof addr.sun_path, "unix.sock");
    catch_signal(SIGPIPE, SIG_IGN, 0);  /* a server that vanishes gives EPIPE */

    /* 1. socket and connect to the path the server bound. */
    if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
        die("socket");
    printf("connecting to %s\n", addr.sun_path);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) == -1) {
        fprintf(stderr, "%s: cannot connect to %s: %s\n", prog, addr.sun_path, strerror(errno));
        if (errno == ENOENT)
            fprintf(stderr, "%s: hint: is unix_server running? Start it, or give "
                    "both the same -n\n", prog);
        if (errno == ECONNREFUSED)
            fprintf(stderr, "%s: hint: nobody listens: a socket file left by a killed "
                    "server?\n", prog);
        exit(1);
    }
    printf("connected; sending one line at a time and waiting for each echo\n");

    /* 2. One line out, its echo back. */
    for (i = optind; i < argc; i++)
        exchange(fd, argv[i], strlen(argv[i]));
    if (optind == argc) {
        printf("no messages given: sending each line of stdin (Ctrl-D ends)\n");
        while ((len = getline(&line, &line_size, stdin)) != -1) {
            if (len > 0 && line[len - 1] == '\n')
                line[--len] = '\0';
            if (len > MAX_LINE)
                fail("a line is longer than %d bytes (the server's limit): not sent",
                     MAX_LINE);
            exchange(fd, line, (size_t)len);
        }
        if (ferror(stdin))
            die("reading stdin");
        free(line);
    }

    /* 3. Close; the server reads end of file and waits for the next client. */
    close(fd);
    printf("closed the connection\n");
    return 0;
}

/* Send one line, then read until its echo is complete, waiting at most
 * REPLY_WAIT seconds for each piece. Bytes that arrive after the newline
 * would belong to the next reply: keep them. */
static void exchange(int fd, const char *message, size_t len)
{
    static char reply[MAX_LINE + 1];
    static size_t used;
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    char *newline;
    ssize_t n;

    printf("sending: %s\n", message);
    if (write_all(fd, message, len) == -1 || write_all(fd, "\n", 1) == -1)
        die("sending to the server");
    while ((newline = memchr(reply, '\n', used)) == NULL) {
        if (used == sizeof reply)
            fail("a reply is longer than %d bytes", MAX_LINE);
        n = poll(&pfd, 1, REPLY_WAIT * 1000);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            die("poll");
        if (n == 0)
            fail("no echo within %d s: the server stopped answering", REPLY_WAIT);
        n = read(fd, reply + used, sizeof reply - used);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            die("reading the echo");
        if (n == 0)
            fail("the server closed the connection before echoing");
        used += (size_t)n;
    }
    print_received(reply, (size_t)(newline - reply));
    used -= (size_t)(newline + 1 - reply);
    memmove(reply, newline + 1, used);
}
