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
 *   Each MESSAGE is one request; with none, each line of stdin is.
 * Two terminals (start the server first):
 *   terminal 1:  ./fifo_server
 *   terminal 2:  ./fifo_client hello world
 *
 * See also: fifo_server.c (the other half), docs/fifo.md.
 * Try: run the client with no server: it fails at once instead of hanging,
 * because it opens the request FIFO with O_NONBLOCK (ENOENT or ENXIO).
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include <fcntl.h>
#include <limits.h>
#include <poll.h>

#define REPLY_TIMEOUT_MS 5000   /* a server that does not answer in 5 s is stuck */

static const char help[] =
    "fifo_client sends each message to fifo_server through the server's\n"
    "well-known FIFO and prints the answer that comes back through a reply\n"
    "FIFO of its own. Start fifo_server first.\n"
    "usage: fifo_client [-n PATH] [MESSAGE...]\n"
    "  -n PATH  the server's request FIFO; the default is\n"
    "           /tmp/ipc-demo-UID/fifo_server.\n"
    "  Each MESSAGE is one request; with none, each line of stdin is.\n";

static char request_path[200], reply_path[256];

static int make_request(char *request, const char *text);
static void ask(int request_fd, const char *text);
static void cleanup(void);
static void on_signal(int sig);

int main(int argc, char *argv[])
{
    char request[PIPE_BUF + 1], *line = NULL;
    size_t line_size = 0;
    ssize_t len;
    int opt;

    demo_start(argv[0], help);
    while ((opt = getopt(argc, argv, "n:h")) != -1) {
        switch (opt) {
        case 'n': copy_option(request_path, sizeof request_path, optarg, "-n"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    for (int i = optind; i < argc; i++)         /* check all before sending any */
        if (make_request(request, argv[i]) == -1)
            usage(2);
    if (request_path[0] == '\0')
        default_path(request_path, sizeof request_path, "fifo_server");
    snprintf(reply_path, sizeof reply_path, "%s-%ld", request_path, (long)getpid());
    catch_signal(SIGPIPE, SIG_IGN, 0);  /* a server that vanishes gives EPIPE, not death */

    /* 1. Open the server's FIFO without blocking: no server, no hang. */
    int request_fd = open(request_path, O_WRONLY | O_NONBLOCK | O_NOFOLLOW);
    if (request_fd == -1 && (errno == ENOENT || errno == ENXIO))
        fail("%s: %s\n  is fifo_server running? start it first, or pass the same "
             "-n to both", request_path,
             errno == ENOENT ? "no such FIFO" : "nobody is reading it");
    if (request_fd == -1)
        die(request_path);
    if (fcntl(request_fd, F_SETFL, 0) == -1)   /* writes may wait if the pipe is full */
        die("fcntl");
    printf("connected to the server's FIFO %s\n", request_path);

    /* 2. Our private reply FIFO, named after our PID. */
    catch_ending_signals(on_signal);
    if (mkfifo(reply_path, 0600) == -1)
        die(reply_path);
    if (atexit(cleanup) != 0)
        fail("atexit failed");
    printf("created our reply FIFO %s\n", reply_path);

    /* 3. One round trip per message. */
    for (int i = optind; i < argc; i++)
        ask(request_fd, argv[i]);
    if (optind == argc) {
        printf("no messages given: sending each line you type (Ctrl-D ends)\n");
        while ((len = getline(&line, &line_size, stdin)) != -1) {
            if (line[len - 1] == '\n')
                line[len - 1] = '\0';
            if (make_request(request, line) == -1)
                exit(1);
            ask(request_fd, line);
        }
        free(line);
    }
    close(request_fd);
    return 0;
}

/* Build "PID TEXT\n" in REQUEST (PIPE_BUF + 1 bytes) and return its length;
 * refuse (say why, return -1) if it would not fit one atomic write. */
static int make_request(char *request, const char *text)
{
    int len = snprintf(request, PIPE_BUF + 1, "%ld %s\n", (long)getpid(), text);

    if (len <= PIPE_BUF && strchr(text, '\n') == NULL)
        return len;
    fprintf(stderr, "%s: message refused, not sent: a request must fit one atomic "
                    "write of PIPE_BUF = %d bytes, with our PID, and hold no newline "
                    "(this one is %zu bytes)\n", prog, PIPE_BUF, strlen(text));
    return -1;
}

/* One round trip: open our reply FIFO, send the request, wait (bounded) for
 * the server to write the answer and close its end. */
static void ask(int request_fd, const char *text)
{
    char request[PIPE_BUF + 1], reply[PIPE_BUF + 1];
    int len = make_request(request, text);
    size_t got = 0;
    ssize_t n;

    struct pollfd pfd = { .fd = open(reply_path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW),
                          .events = POLLIN };
    if (pfd.fd == -1)
        die(reply_path);
    printf("sending: %s\n", text);
    /* At most PIPE_BUF bytes: all written or, if interrupted, none. */
    while ((n = write(request_fd, request, (size_t)len)) == -1 && errno == EINTR)
        ;
    if (n != len)
        die("write request (is the server still running?)");
    for (;;) {
        int ready = poll(&pfd, 1, REPLY_TIMEOUT_MS);
        if (ready == -1 && errno == EINTR)
            continue;
        if (ready == -1)
            die("poll");
        if (ready == 0)
            fail("no answer from the server within %d s", REPLY_TIMEOUT_MS / 1000);
        n = read(pfd.fd, reply + got, sizeof reply - 1 - got);
        if (n == -1 && (errno == EAGAIN || errno == EINTR))
            continue;
        if (n == -1)
            die("read reply");
        if (n == 0)
            break;              /* the server closed its end: the answer is whole */
        got += (size_t)n;
        if (got == sizeof reply - 1)
            fail("answer longer than PIPE_BUF; giving up");
    }
    close(pfd.fd);
    if (got == 0 || reply[got - 1] != '\n')
        fail("the server closed our reply FIFO without a whole answer");
    print_received(reply, got - 1);
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
