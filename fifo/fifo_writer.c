/*
 * fifo_writer.c - write lines into a named pipe (FIFO) for fifo_reader.
 *
 * Opening a FIFO for writing blocks until a reader opens it; after that each
 * write() goes straight to the reader through the kernel. A write of at most
 * PIPE_BUF bytes is atomic: lines from several writers never mix. Closing the
 * FIFO is how the reader learns that there is no more (it reads end of file).
 *
 * Usage: fifo_writer [-n PATH] [MESSAGE...]
 *   Each MESSAGE is sent as one line; with none, each line of stdin is.
 * Two terminals (either may start first: both create the FIFO if missing):
 *   terminal 1:  ./fifo_reader
 *   terminal 2:  ./fifo_writer hello world
 *
 * See also: fifo_reader.c (the other half), docs/fifo.md.
 * Try: start the writer first and watch it wait in open() until the reader
 * comes; or run `strace -e trace=openat,write ./fifo_writer hi`.
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include <fcntl.h>

static const char help[] =
    "fifo_writer sends lines through a named pipe (FIFO) to fifo_reader, an\n"
    "unrelated process. Either may start first; the writer waits in open()\n"
    "until a reader comes. A reader that leaves early is an error (exit 1).\n"
    "usage: fifo_writer [-n PATH] [MESSAGE...]\n"
    "  -n PATH  the FIFO to write; the default is /tmp/ipc-demo-UID/fifo.\n"
    "  Each MESSAGE is sent as one line; with none, each line of stdin is.\n";

static char fifo_path[256];
static volatile sig_atomic_t waiting_for_reader;   /* we created it, nobody opened it */

static void on_signal(int sig);
static void send_line(int fd, const char *text, size_t len);

int main(int argc, char *argv[])
{
    struct stat st;
    char *line = NULL;
    size_t line_size = 0;
    ssize_t len;
    int opt;

    demo_start(argv[0], help);
    while ((opt = getopt(argc, argv, "n:h")) != -1) {
        switch (opt) {
        case 'n': copy_option(fifo_path, sizeof fifo_path, optarg, "-n"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    for (int i = optind; i < argc; i++) {
        if (strchr(argv[i], '\n') != NULL) {
            fprintf(stderr, "%s: a message is one line, and \"%s\" holds a newline\n",
                    prog, argv[i]);
            usage(2);
        }
    }
    if (fifo_path[0] == '\0')
        default_path(fifo_path, sizeof fifo_path, "fifo");
    /* A reader that goes away must not kill us silently: with SIGPIPE
     * ignored, write() fails with EPIPE and we can say what happened. */
    catch_signal(SIGPIPE, SIG_IGN, 0);
    catch_ending_signals(on_signal);

    /* 1. Create the FIFO, or use the one the reader already made. */
    if (mkfifo(fifo_path, 0600) == 0) {
        waiting_for_reader = 1;
        printf("created the FIFO %s (mode 0600: only you may open it)\n", fifo_path);
    } else if (errno != EEXIST) {
        die(fifo_path);
    } else if (lstat(fifo_path, &st) == -1 || !S_ISFIFO(st.st_mode)) {
        fail("%s exists and is not a FIFO (a file or a symlink?); refusing to use it",
             fifo_path);
    }

    /* 2. Open it. This blocks until a reader opens the other end. */
    printf("opening %s for writing\n"
           "(open blocks until a reader opens it)\n", fifo_path);
    int fd;
    while ((fd = open(fifo_path, O_WRONLY | O_NOFOLLOW)) == -1 && errno == EINTR)
        ;                               /* a signal that ends us never returns */
    if (fd == -1)
        die(fifo_path);
    waiting_for_reader = 0;
    if (fstat(fd, &st) == -1 || !S_ISFIFO(st.st_mode))
        fail("%s was replaced by something that is not a FIFO", fifo_path);
    printf("a reader has the FIFO open; sending one line per message\n");

    /* 3. Send each message as a line. */
    for (int i = optind; i < argc; i++)
        send_line(fd, argv[i], strlen(argv[i]));
    if (optind == argc) {
        printf("no messages given: sending each line you type (Ctrl-D ends)\n");
        while ((len = getline(&line, &line_size, stdin)) != -1)
            send_line(fd, line, (size_t)len - (line[len - 1] == '\n'));
        free(line);
    }

    /* 4. Close. The reader sees end of file once every writer has. */
    if (close(fd) == -1)
        die("close");
    printf("closed the FIFO: the reader will see end of file\n");
    return 0;
}

/* One message, one write() of TEXT and its newline: at most PIPE_BUF bytes
 * land whole, never mixed with another writer's line. */
static void send_line(int fd, const char *text, size_t len)
{
    char *line = malloc(len + 1);

    if (line == NULL)
        die("malloc");
    memcpy(line, text, len);
    line[len] = '\n';
    printf("sending: %.*s\n", (int)len, text);
    int failed = write_all(fd, line, len + 1) == -1 ? errno : 0;
    free(line);
    if (failed == 0)
        return;
    close(fd);                          /* the exit status says it all */
    errno = failed;
    if (failed == EPIPE)
        fail("the reader closed the FIFO before we were done");
    die("write");
}

/* The reader owns the FIFO, but a writer interrupted before any reader came
 * removes the FIFO it made itself, so Ctrl-C leaves nothing behind. unlink,
 * write and _exit are async-signal-safe (man 7 signal-safety). */
static void on_signal(int sig)
{
    (void)sig;
    say("interrupted\n");
    if (waiting_for_reader && unlink(fifo_path) == 0)
        say("removed the FIFO we had created (no reader ever came)\n");
    _exit(0);
}
