/*
 * unix_client.c - send lines to unix_server over a Unix-domain stream
 * socket and print each echo.
 *
 * The client names the server by a path instead of a host and port; the
 * rest is TCP's client side: socket, connect, write, read. This one works in
 * lock step, the simplest request-reply pattern: it sends one line, then
 * reads until the echoed line is complete, then sends the next.
 *
 * Usage: unix_client [-n PATH] [MESSAGE...]
 *   -n PATH  socket path (default /tmp/ipc-demo-UID/unix.sock)
 *   Each MESSAGE is sent as one line; with none, each line of stdin is.
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
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_LINE 4096           /* unix_server's limit on one line */

static const char *prog = "unix_client";
static struct sockaddr_un addr = { .sun_family = AF_UNIX };

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-n PATH] [MESSAGE...]\n"
                 "  -n PATH  socket path (default /tmp/ipc-demo-UID/unix.sock)\n"
                 "  each MESSAGE (at most %d bytes) is one line; with none, each line of stdin is\n",
            prog, MAX_LINE);
    exit(status);
}

/* Default paths live in a directory only we may use: anyone can create
 * files in /tmp, so a socket there could be someone else's, listening to
 * whatever we send. */
static void default_path(char *path, size_t size, const char *name)
{
    char dir[64];
    struct stat st;

    snprintf(dir, sizeof dir, "/tmp/ipc-demo-%u", (unsigned)getuid());
    if (mkdir(dir, 0700) == -1 && errno != EEXIST)
        die(dir);
    if (lstat(dir, &st) == -1)
        die(dir);
    if (!S_ISDIR(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 077)) {
        fprintf(stderr, "%s: %s is a symlink, another user's, or open to others; "
                        "refusing to use it\n", prog, dir);
        exit(1);
    }
    snprintf(path, size, "%s/%s", dir, name);
}

static void write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            die("sending to the server");
        data += n;
        len -= (size_t)n;
    }
}

/* Send one line, then read until its echo is complete. Bytes that arrive
 * after the newline would belong to the next reply: keep them. */
static void exchange(int fd, const char *message, size_t len)
{
    static char reply[MAX_LINE + 1];
    static size_t used;
    char *newline, *line;
    ssize_t n;

    printf("sending: %s\n", message);
    if ((line = malloc(len + 1)) == NULL)
        die("malloc");
    memcpy(line, message, len);
    line[len] = '\n';
    write_all(fd, line, len + 1);
    free(line);
    while ((newline = memchr(reply, '\n', used)) == NULL) {
        if (used == sizeof reply) {
            fprintf(stderr, "%s: a reply is longer than %d bytes\n", prog, MAX_LINE);
            exit(1);
        }
        n = read(fd, reply + used, sizeof reply - used);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            die("reading the echo");
        if (n == 0) {
            fprintf(stderr, "%s: the server closed the connection before echoing\n", prog);
            exit(1);
        }
        used += (size_t)n;
    }
    printf("received: %.*s\n", (int)(newline - reply), reply);
    used -= (size_t)(newline + 1 - reply);
    memmove(reply, newline + 1, used);
}

int main(int argc, char *argv[])
{
    char *line = NULL;
    size_t line_size = 0;
    ssize_t len;
    int fd, opt, i;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    while ((opt = getopt(argc, argv, "n:h")) != -1) {
        switch (opt) {
        case 'n':
            if (strlen(optarg) >= sizeof addr.sun_path) {
                fprintf(stderr, "%s: path too long (a socket path holds at most %zu bytes)\n",
                        prog, sizeof addr.sun_path - 1);
                usage(stderr, 2);
            }
            strcpy(addr.sun_path, optarg);
            break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    for (i = optind; i < argc; i++) {   /* check every message before sending any */
        if (strlen(argv[i]) > MAX_LINE || strchr(argv[i], '\n') != NULL) {
            fprintf(stderr, "%s: message %d is longer than %d bytes or holds a newline\n",
                    prog, i - optind + 1, MAX_LINE);
            usage(stderr, 2);
        }
    }
    if (addr.sun_path[0] == '\0')
        default_path(addr.sun_path, sizeof addr.sun_path, "unix.sock");
    signal(SIGPIPE, SIG_IGN);   /* a server that vanishes gives EPIPE, not death */

    /* Step 1: socket and connect to the path the server bound. */
    if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
        die("socket");
    printf("connecting to %s\n", addr.sun_path);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) == -1) {
        fprintf(stderr, "%s: cannot connect to %s: %s\n", prog, addr.sun_path, strerror(errno));
        if (errno == ENOENT)
            fprintf(stderr, "hint: is unix_server running? Start it first, or pass "
                            "the same -n to both\n");
        if (errno == ECONNREFUSED)
            fprintf(stderr, "hint: nobody listens there: a socket file left by a server "
                            "that was killed? Start unix_server again\n");
        exit(1);
    }
    printf("connected; sending one line at a time and waiting for each echo\n");

    /* Step 2: one line out, its echo back. */
    for (i = optind; i < argc; i++)
        exchange(fd, argv[i], strlen(argv[i]));
    if (optind == argc) {
        printf("no messages given: sending each line of stdin (Ctrl-D ends)\n");
        while ((len = getline(&line, &line_size, stdin)) != -1) {
            if (len > 0 && line[len - 1] == '\n')
                line[--len] = '\0';
            if (len > MAX_LINE) {
                fprintf(stderr, "%s: a line is longer than %d bytes (the server's limit): "
                                "not sent\n", prog, MAX_LINE);
                exit(1);
            }
            exchange(fd, line, (size_t)len);
        }
        free(line);
    }

    /* Step 3: close; the server reads end of file and waits for the next client. */
    close(fd);
    printf("closed the connection\n");
    return 0;
}
