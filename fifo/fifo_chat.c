/*
 * fifo_chat.c - a two-way chat between two terminals over two FIFOs.
 *
 * A FIFO carries bytes one way, so a conversation needs two: A writes into
 * CHAT-a-to-b and reads CHAT-b-to-a; B does the opposite. The lesson is the
 * open order. Opening a FIFO blocks until its other end is opened too, so if
 * A and B both first opened the FIFO they read, each would wait for the other
 * for ever (a deadlock). Here both open CHAT-a-to-b first (A to write, B to
 * read), then CHAT-b-to-a: the opens pair up whichever side starts first.
 * poll() then waits on the keyboard and the peer at once.
 *
 * Usage: fifo_chat [-n BASE] A|B
 * Two terminals:
 *   terminal 1:  ./fifo_chat A
 *   terminal 2:  ./fifo_chat B
 * Type lines in either; Ctrl-D in either ends the chat for both.
 *
 * See also: fifo_reader.c and fifo_writer.c (one direction), docs/fifo.md.
 * Try: swap the two open() calls for B only, rebuild, and watch both hang.
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include <fcntl.h>
#include <poll.h>

#define LINE_MAX_BYTES 4096     /* a longer incoming line is shown in pieces */

static const char help[] =
    "fifo_chat is a two-way chat over two FIFOs, one per direction; both\n"
    "sides open them in the same order, so neither start order deadlocks.\n"
    "Run it as A in one terminal and as B in another, in either order.\n"
    "usage: fifo_chat [-n BASE] A|B\n"
    "  -n BASE  the FIFOs are BASE-a-to-b and BASE-b-to-a; the default BASE\n"
    "           is /tmp/ipc-demo-UID/chat. Ctrl-D on either side ends both.\n";

static char to_b[256], to_a[256];

static void make_fifo(const char *path);
static int open_fifo(const char *path, int flags, const char *why);
static void print_lines(char *buf, size_t *used, int flush);
static void cleanup(void);
static void on_signal(int sig);

int main(int argc, char *argv[])
{
    char base[200] = "", inbox[LINE_MAX_BYTES], typed[LINE_MAX_BYTES];
    size_t inbox_used = 0;
    int opt, out_fd, in_fd;

    demo_start(argv[0], help);
    while ((opt = getopt(argc, argv, "n:h")) != -1) {
        switch (opt) {
        case 'n': copy_option(base, sizeof base, optarg, "-n"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind + 1 != argc || (strcmp(argv[optind], "A") && strcmp(argv[optind], "B")))
        usage(2);
    int i_am_a = argv[optind][0] == 'A';
    char peer = i_am_a ? 'B' : 'A';
    if (base[0] == '\0')
        default_path(base, sizeof base, "chat");
    snprintf(to_b, sizeof to_b, "%s-a-to-b", base);
    snprintf(to_a, sizeof to_a, "%s-b-to-a", base);
    catch_signal(SIGPIPE, SIG_IGN, 0);  /* a peer that leaves gives EPIPE, not death */
    if (atexit(cleanup) != 0)
        fail("atexit failed");
    catch_ending_signals(on_signal);

    /* 1. Both FIFOs exist, whoever came first made them. */
    make_fifo(to_b);
    make_fifo(to_a);

    /* 2. Open them in the SAME order on both sides: a-to-b, then b-to-a. */
    if (i_am_a) {
        out_fd = open_fifo(to_b, O_WRONLY, "to write to B");
        in_fd = open_fifo(to_a, O_RDONLY, "to read from B");
    } else {
        in_fd = open_fifo(to_b, O_RDONLY, "to read from A");
        out_fd = open_fifo(to_a, O_WRONLY, "to write to A");
    }
    printf("ready: chatting with %c; type lines to send, Ctrl-D to leave\n", peer);

    /* 3. Wait for whichever speaks first, the keyboard or the peer. */
    struct pollfd fds[2] = { { .fd = STDIN_FILENO, .events = POLLIN },
                             { .fd = in_fd, .events = POLLIN } };
    for (;;) {
        if (poll(fds, 2, -1) == -1) {
            if (errno == EINTR)
                continue;
            die("poll");
        }
        if (fds[1].revents) {
            ssize_t n = read(in_fd, inbox + inbox_used, sizeof inbox - inbox_used);
            if (n == -1 && errno == EINTR)
                continue;               /* interrupted: nothing read, poll again */
            if (n == -1)
                die("read from peer");
            inbox_used += (size_t)n;
            print_lines(inbox, &inbox_used, n == 0);
            if (n == 0) {
                printf("%c has left the chat (end of file)\n", peer);
                break;
            }
        }
        if (fds[0].revents) {
            ssize_t n = read(STDIN_FILENO, typed, sizeof typed);
            if (n == -1 && errno == EINTR)
                continue;
            if (n == -1)
                die("read from stdin");
            if (n == 0) {
                printf("end of input: closing our FIFO so %c sees end of file\n", peer);
                close(out_fd);
                out_fd = -1;
                fds[0].fd = -1;         /* poll ignores negative fds */
            } else if (out_fd != -1 && write_all(out_fd, typed, (size_t)n) == -1) {
                die("write to peer");
            }
        }
    }

    /* 4. Close; cleanup() removes the FIFOs at exit. */
    if (out_fd != -1)
        close(out_fd);
    close(in_fd);
    return 0;
}

static void make_fifo(const char *path)
{
    struct stat st;

    if (mkfifo(path, 0600) == -1 && errno != EEXIST)
        die(path);
    if (lstat(path, &st) == -1 || !S_ISFIFO(st.st_mode))
        fail("%s exists and is not a FIFO; refusing to use it", path);
}

static int open_fifo(const char *path, int flags, const char *why)
{
    printf("opening %s %s\n(open blocks until the peer opens the other end)\n",
           path, why);
    int fd;
    while ((fd = open(path, flags | O_NOFOLLOW)) == -1 && errno == EINTR)
        ;                               /* interrupted while waiting: wait on */
    if (fd == -1)
        die(path);
    return fd;
}

/* Print each complete line in buf[0..*used) as received:, keep the rest. */
static void print_lines(char *buf, size_t *used, int flush)
{
    char *start = buf, *nl;

    while ((nl = memchr(start, '\n', *used - (size_t)(start - buf))) != NULL) {
        print_received(start, (size_t)(nl - start));
        start = nl + 1;
    }
    *used -= (size_t)(start - buf);
    memmove(buf, start, *used);
    if (*used > 0 && (flush || *used == LINE_MAX_BYTES)) {
        print_received(buf, *used);
        *used = 0;
    }
}

/* Whoever leaves removes both FIFOs; removing one already gone is harmless,
 * so which side reports the removal varies from run to run. unlink and
 * write are async-signal-safe, so the handler may call this. */
static void cleanup(void)
{
    if (unlink(to_b) == 0)
        say("removed the FIFO to B\n");
    if (unlink(to_a) == 0)
        say("removed the FIFO to A\n");
}

static void on_signal(int sig)
{
    (void)sig;
    say("interrupted: leaving the chat\n");
    cleanup();
    _exit(0);
}
