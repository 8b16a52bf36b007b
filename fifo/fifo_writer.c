/*
 * fifo_writer.c - write lines into a named pipe (FIFO) for fifo_reader.
 *
 * Opening a FIFO for writing blocks until a reader opens it; after that each
 * write() goes straight to the reader through the kernel. A write of at most
 * PIPE_BUF bytes is atomic: lines from several writers never mix. Closing the
 * FIFO is how the reader learns that there is no more (it reads end of file).
 *
 * Usage: fifo_writer [-n PATH] [MESSAGE...]
 *   -n PATH  the FIFO (default /tmp/ipc-demo-UID/fifo)
 *   Each MESSAGE is sent as one line; with none, each line of stdin is.
 *
 * Two terminals (either may start first: both create the FIFO if missing):
 *   terminal 1:  ./fifo_reader
 *   terminal 2:  ./fifo_writer hello world
 *
 * See also: fifo_reader.c (the other half), docs/fifo.md.
 * Try: start the writer first and watch it wait in open() until the reader
 * comes; or run `strace -e trace=openat,write ./fifo_writer hi`.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static const char *prog = "fifo_writer";
static char fifo_path[256];
static volatile sig_atomic_t waiting_for_reader;   /* we created it, nobody opened it */

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-n PATH] [MESSAGE...]\n"
                 "  -n PATH  FIFO to write (default /tmp/ipc-demo-UID/fifo)\n"
                 "  each MESSAGE is one line; with none, each line of stdin is one\n", prog);
    exit(status);
}

static void say(const char *text)
{
    if (write(STDOUT_FILENO, text, strlen(text)) < 0)
        return;                 /* nowhere left to report it */
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

/* Default paths live in a directory only we may use: anyone can create
 * files in /tmp, so a "FIFO" there could be someone else's trap. */
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

/* write() may write less than asked (or be interrupted): loop until done. */
static void write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1) {
            if (errno == EPIPE)
                fprintf(stderr, "%s: the reader closed the FIFO before we were done\n", prog);
            else
                perror(prog);
            exit(1);
        }
        data += n;
        len -= (size_t)n;
    }
}

static void send_line(int fd, char *line, size_t len)
{
    printf("sending: %s\n", line);
    line[len] = '\n';           /* the caller left room for it */
    write_all(fd, line, len + 1);
}

int main(int argc, char *argv[])
{
    struct sigaction sa = { .sa_handler = on_signal };
    struct stat st;
    char *line = NULL;
    size_t line_size = 0;
    ssize_t len;
    int fd, opt, i;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    while ((opt = getopt(argc, argv, "n:h")) != -1) {
        switch (opt) {
        case 'n':
            if (strlen(optarg) >= sizeof fifo_path) {
                fprintf(stderr, "%s: path too long (at most %zu bytes)\n",
                        prog, sizeof fifo_path - 1);
                usage(stderr, 2);
            }
            strcpy(fifo_path, optarg);
            break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    for (i = optind; i < argc; i++) {
        if (strchr(argv[i], '\n') != NULL) {
            fprintf(stderr, "%s: a message is one line, and \"%s\" holds a newline\n",
                    prog, argv[i]);
            usage(stderr, 2);
        }
    }
    if (fifo_path[0] == '\0')
        default_path(fifo_path, sizeof fifo_path, "fifo");
    /* A reader that goes away must not kill us silently: with SIGPIPE
     * ignored, write() fails with EPIPE and we can say what happened. */
    signal(SIGPIPE, SIG_IGN);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    /* Step 1: create the FIFO, or use the one the reader already made. */
    if (mkfifo(fifo_path, 0600) == 0) {
        waiting_for_reader = 1;
        printf("created the FIFO %s (mode 0600: only you may open it)\n", fifo_path);
    } else if (errno != EEXIST) {
        die(fifo_path);
    } else if (lstat(fifo_path, &st) == -1 || !S_ISFIFO(st.st_mode)) {
        fprintf(stderr, "%s: %s exists and is not a FIFO (a file or a symlink?); "
                        "refusing to use it\n", prog, fifo_path);
        exit(1);
    }

    /* Step 2: open it. This blocks until a reader opens the other end. */
    printf("opening %s for writing; this blocks until a reader opens it\n", fifo_path);
    fd = open(fifo_path, O_WRONLY | O_NOFOLLOW);
    if (fd == -1)
        die(fifo_path);
    waiting_for_reader = 0;
    if (fstat(fd, &st) == -1 || !S_ISFIFO(st.st_mode)) {
        fprintf(stderr, "%s: %s was replaced by something that is not a FIFO\n",
                prog, fifo_path);
        exit(1);
    }
    printf("a reader has the FIFO open; sending one line per message\n");

    /* Step 3: send each message as a line. */
    for (i = optind; i < argc; i++) {
        len = (ssize_t)strlen(argv[i]);
        line = realloc(line, (size_t)len + 2);
        if (line == NULL)
            die("realloc");
        memcpy(line, argv[i], (size_t)len + 1);
        send_line(fd, line, (size_t)len);
    }
    if (optind == argc) {
        printf("no messages given: sending each line you type (Ctrl-D ends)\n");
        while ((len = getline(&line, &line_size, stdin)) != -1) {
            if (line[len - 1] == '\n')
                line[--len] = '\0';
            send_line(fd, line, (size_t)len);
        }
    }

    /* Step 4: close. The reader sees end of file once every writer has. */
    free(line);
    if (close(fd) == -1)
        die("close");
    printf("closed the FIFO: the reader will see end of file\n");
    return 0;
}
