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
 *   -n BASE  FIFO names are BASE-a-to-b and BASE-b-to-a
 *            (default /tmp/ipc-demo-UID/chat)
 *
 * Two terminals:
 *   terminal 1:  ./fifo_chat A
 *   terminal 2:  ./fifo_chat B
 * Type lines in either; Ctrl-D in either ends the chat for both.
 *
 * See also: fifo_reader.c and fifo_writer.c (one direction), docs/fifo.md.
 * Try: swap the two open() calls for B only, rebuild, and watch both hang.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define LINE_MAX_BYTES 4096     /* a longer incoming line is shown in pieces */

static const char *prog = "fifo_chat";
static char to_b[256], to_a[256];

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-n BASE] A|B\n"
                 "  -n BASE  FIFOs BASE-a-to-b and BASE-b-to-a "
                 "(default /tmp/ipc-demo-UID/chat)\n", prog);
    exit(status);
}

static void say(const char *text)
{
    if (write(STDOUT_FILENO, text, strlen(text)) < 0)
        return;                 /* nowhere left to report it */
}

/* Whoever leaves removes both FIFOs; removing one already gone is harmless.
 * unlink and write are async-signal-safe, so the handler may call this. */
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

static void make_fifo(const char *path)
{
    struct stat st;

    if (mkfifo(path, 0600) == -1 && errno != EEXIST)
        die(path);
    if (lstat(path, &st) == -1 || !S_ISFIFO(st.st_mode)) {
        fprintf(stderr, "%s: %s exists and is not a FIFO; refusing to use it\n", prog, path);
        exit(1);
    }
}

static int open_fifo(const char *path, int flags, const char *why)
{
    int fd;

    printf("opening %s %s (blocks until the peer opens the other end)\n", path, why);
    fd = open(path, flags | O_NOFOLLOW);
    if (fd == -1)
        die(path);
    return fd;
}

static void write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            die("write to peer");
        data += n;
        len -= (size_t)n;
    }
}

/* Print each complete line in buf[0..*used) as received:, keep the rest. */
static void print_lines(char *buf, size_t *used, int flush)
{
    char *start = buf, *nl;

    while ((nl = memchr(start, '\n', *used - (size_t)(start - buf))) != NULL) {
        printf("received: %.*s\n", (int)(nl - start), start);
        start = nl + 1;
    }
    *used -= (size_t)(start - buf);
    memmove(buf, start, *used);
    if (*used > 0 && (flush || *used == LINE_MAX_BYTES)) {
        printf("received: %.*s\n", (int)*used, buf);
        *used = 0;
    }
}

int main(int argc, char *argv[])
{
    struct sigaction sa = { .sa_handler = on_signal };
    char base[200] = "", inbox[LINE_MAX_BYTES], typed[LINE_MAX_BYTES];
    size_t inbox_used = 0;
    struct pollfd fds[2];
    int opt, out_fd, in_fd, i_am_a;
    char peer;

    setvbuf(stdout, NULL, _IOLBF, 0);
    while ((opt = getopt(argc, argv, "n:h")) != -1) {
        switch (opt) {
        case 'n':
            if (strlen(optarg) >= sizeof base)
                usage(stderr, 2);
            strcpy(base, optarg);
            break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    if (optind + 1 != argc || (strcmp(argv[optind], "A") && strcmp(argv[optind], "B")))
        usage(stderr, 2);
    i_am_a = argv[optind][0] == 'A';
    peer = i_am_a ? 'B' : 'A';
    if (base[0] == '\0')
        default_path(base, sizeof base, "chat");
    snprintf(to_b, sizeof to_b, "%s-a-to-b", base);
    snprintf(to_a, sizeof to_a, "%s-b-to-a", base);
    signal(SIGPIPE, SIG_IGN);       /* a peer that leaves gives EPIPE, not death */
    atexit(cleanup);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    /* Step 1: both FIFOs exist, whoever came first made them. */
    make_fifo(to_b);
    make_fifo(to_a);

    /* Step 2: open them in the SAME order on both sides: a-to-b, then b-to-a. */
    if (i_am_a) {
        out_fd = open_fifo(to_b, O_WRONLY, "to write to B");
        in_fd = open_fifo(to_a, O_RDONLY, "to read from B");
    } else {
        in_fd = open_fifo(to_b, O_RDONLY, "to read from A");
        out_fd = open_fifo(to_a, O_WRONLY, "to write to A");
    }
    printf("ready: chatting with %c; type lines to send, Ctrl-D to leave\n", peer);

    /* Step 3: wait for whichever speaks first, the keyboard or the peer. */
    fds[0] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
    fds[1] = (struct pollfd){ .fd = in_fd, .events = POLLIN };
    for (;;) {
        if (poll(fds, 2, -1) == -1) {
            if (errno == EINTR)
                continue;
            die("poll");
        }
        if (fds[1].revents) {
            ssize_t n = read(in_fd, inbox + inbox_used, sizeof inbox - inbox_used);
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
            if (n == -1)
                die("read from stdin");
            if (n == 0) {
                printf("end of input: closing our FIFO so %c sees end of file\n", peer);
                close(out_fd);
                out_fd = -1;
                fds[0].fd = -1;         /* poll ignores negative fds */
                continue;
            }
            if (out_fd != -1)
                write_all(out_fd, typed, (size_t)n);
        }
    }

    /* Step 4: close; cleanup() removes the FIFOs at exit. */
    if (out_fd != -1)
        close(out_fd);
    close(in_fd);
    return 0;
}
