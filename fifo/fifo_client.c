/*
 * fifo_client.c - send messages to fifo_server and print its answers.
 *
 * The client writes each request, "PID TEXT\n", into the server's well-known
 * FIFO in a single write() of at most PIPE_BUF bytes, so requests from many
 * clients never mix. The answer comes back through a reply FIFO that only
 * this client reads, named after its PID. The client opens its reply FIFO
 * before it sends the request, so the server can always open it at once.
 *
 * Usage: fifo_client [-n PATH] [MESSAGE...]
 *   -n PATH  the server's request FIFO (default /tmp/ipc-demo-UID/fifo_server)
 *   Each MESSAGE is one request; with none, each line of stdin is.
 *
 * Two terminals (start the server first):
 *   terminal 1:  ./fifo_server
 *   terminal 2:  ./fifo_client hello world
 *
 * See also: fifo_server.c (the other half), docs/fifo.md.
 * Try: run the client with no server: it fails at once instead of hanging,
 * because it opens the request FIFO with O_NONBLOCK (ENOENT or ENXIO).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define REPLY_TIMEOUT_MS 5000   /* a server that does not answer in 5 s is stuck */

static const char *prog = "fifo_client";
static char request_path[200], reply_path[256];

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-n PATH] [MESSAGE...]\n"
                 "  -n PATH  server's request FIFO (default /tmp/ipc-demo-UID/fifo_server)\n"
                 "  each MESSAGE is one request; with none, each line of stdin is one\n", prog);
    exit(status);
}

static void say(const char *text)
{
    if (write(STDOUT_FILENO, text, strlen(text)) < 0)
        return;                 /* nowhere left to report it */
}

/* The client owns its reply FIFO. Async-signal-safe: used by the handler. */
static void cleanup(void)
{
    if (unlink(reply_path) == 0)
        say("removed our reply FIFO\n");
}

static void on_signal(int sig)
{
    (void)sig;
    say("interrupted\n");
    cleanup();
    _exit(0);
}

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

/* Build "PID TEXT\n"; refuse (return -1) if it would exceed PIPE_BUF. */
static int make_request(char *request, const char *text)
{
    int len = snprintf(request, PIPE_BUF + 1, "%ld %s\n", (long)getpid(), text);

    return len > PIPE_BUF || strchr(text, '\n') ? -1 : len;
}

static void too_long(const char *text)
{
    fprintf(stderr, "%s: message refused, not sent: a request must fit one atomic "
                    "write of PIPE_BUF = %d bytes, with our PID, and hold no newline "
                    "(this one is %zu bytes)\n", prog, PIPE_BUF, strlen(text));
}

/* One round trip: open our reply FIFO, send the request, wait (bounded) for
 * the server to write the answer and close its end. */
static void ask(int request_fd, const char *request, int len)
{
    char reply[PIPE_BUF + 1];
    const char *text;
    size_t got = 0;
    struct pollfd pfd;
    ssize_t n;

    pfd.fd = open(reply_path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW);
    if (pfd.fd == -1)
        die(reply_path);
    pfd.events = POLLIN;
    text = strchr(request, ' ') + 1;
    printf("sending: %.*s\n", (int)strcspn(text, "\n"), text);
    if (write(request_fd, request, (size_t)len) != len)
        die("write request (is the server still running?)");
    for (;;) {
        int ready = poll(&pfd, 1, REPLY_TIMEOUT_MS);
        if (ready == -1 && errno == EINTR)
            continue;
        if (ready == -1)
            die("poll");
        if (ready == 0) {
            fprintf(stderr, "%s: no answer from the server within %d s\n",
                    prog, REPLY_TIMEOUT_MS / 1000);
            exit(1);
        }
        n = read(pfd.fd, reply + got, sizeof reply - 1 - got);
        if (n == -1 && errno == EAGAIN)
            continue;
        if (n == -1)
            die("read reply");
        if (n == 0)
            break;              /* the server closed its end: the answer is whole */
        got += (size_t)n;
        if (got == sizeof reply - 1) {
            fprintf(stderr, "%s: answer longer than PIPE_BUF; giving up\n", prog);
            exit(1);
        }
    }
    close(pfd.fd);
    if (got == 0 || reply[got - 1] != '\n') {
        fprintf(stderr, "%s: the server closed our reply FIFO without a whole answer\n", prog);
        exit(1);
    }
    printf("received: %.*s\n", (int)got - 1, reply);
}

int main(int argc, char *argv[])
{
    struct sigaction sa = { .sa_handler = on_signal };
    char request[PIPE_BUF + 1], *line = NULL;
    size_t line_size = 0;
    ssize_t line_len;
    int opt, i, len, request_fd;

    setvbuf(stdout, NULL, _IOLBF, 0);
    while ((opt = getopt(argc, argv, "n:h")) != -1) {
        switch (opt) {
        case 'n':
            if (strlen(optarg) >= sizeof request_path - 24)
                usage(stderr, 2);
            strcpy(request_path, optarg);
            break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    for (i = optind; i < argc; i++) {           /* check all before sending any */
        if (make_request(request, argv[i]) == -1) {
            too_long(argv[i]);
            usage(stderr, 2);
        }
    }
    if (request_path[0] == '\0')
        default_path(request_path, sizeof request_path, "fifo_server");
    snprintf(reply_path, sizeof reply_path, "%s-%ld", request_path, (long)getpid());
    signal(SIGPIPE, SIG_IGN);       /* a server that vanishes gives EPIPE, not death */

    /* Step 1: open the server's FIFO without blocking: no server, no hang. */
    request_fd = open(request_path, O_WRONLY | O_NONBLOCK | O_NOFOLLOW);
    if (request_fd == -1) {
        if (errno == ENOENT || errno == ENXIO) {
            fprintf(stderr, "%s: %s: %s\n  is fifo_server running? start it first, "
                            "or pass the same -n to both\n", prog, request_path,
                    errno == ENOENT ? "no such FIFO" : "nobody is reading it");
            exit(1);
        }
        die(request_path);
    }
    if (fcntl(request_fd, F_SETFL, 0) == -1)   /* writes may wait if the pipe is full */
        die("fcntl");
    printf("connected to the server's FIFO %s\n", request_path);

    /* Step 2: our private reply FIFO, named after our PID. */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    if (mkfifo(reply_path, 0600) == -1)
        die(reply_path);
    atexit(cleanup);
    printf("created our reply FIFO %s\n", reply_path);

    /* Step 3: one round trip per message. */
    for (i = optind; i < argc; i++)
        ask(request_fd, request, make_request(request, argv[i]));
    if (optind == argc) {
        while ((line_len = getline(&line, &line_size, stdin)) != -1) {
            if (line[line_len - 1] == '\n')
                line[line_len - 1] = '\0';
            if ((len = make_request(request, line)) == -1) {
                too_long(line);
                exit(1);
            }
            ask(request_fd, request, len);
        }
        free(line);
    }
    close(request_fd);
    return 0;
}
