/*
 * fifo_reader.c - read lines that another, unrelated process writes into a
 * named pipe (FIFO).
 *
 * A FIFO is a pipe with a name in the file system. Any process allowed to
 * open the path can write into it; the bytes go through the kernel and are
 * never stored on disk. Opening a FIFO for reading blocks until a writer
 * opens it too, and read() returns end of file once every writer has closed
 * it. This reader owns the FIFO: it removes it when it is done.
 *
 * Usage: fifo_reader [-n PATH]     (default /tmp/ipc-demo-UID/fifo)
 * Two terminals (either may start first: both create the FIFO if missing):
 *   terminal 1:  ./fifo_reader
 *   terminal 2:  ./fifo_writer hello world
 *
 * See also: fifo_writer.c (the other half), docs/fifo.md.
 * Try: start the reader alone and run `ls -l /tmp/ipc-demo-$(id -u)` in
 * another terminal: the leading 'p' marks the FIFO. Then start two writers
 * one after the other and see why the reader ends after the first.
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include <fcntl.h>

static const char help[] =
    "fifo_reader prints each line that an unrelated process writes into a\n"
    "named pipe (FIFO), until every writer has closed it; then it removes\n"
    "the FIFO. Start it or fifo_writer first, in either order.\n"
    "usage: fifo_reader [-n PATH]\n"
    "  -n PATH  the FIFO to read; the default is /tmp/ipc-demo-UID/fifo.\n";

static char fifo_path[256];

static void cleanup(void);
static void on_signal(int sig);

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
    if (optind != argc)
        usage(2);
    if (fifo_path[0] == '\0')
        default_path(fifo_path, sizeof fifo_path, "fifo");

    /* 1. Create the FIFO, or use the one a writer (or another reader)
     *    already made. */
    if (mkfifo(fifo_path, 0600) == 0)
        printf("created the FIFO %s (mode 0600: only you may open it)\n", fifo_path);
    else if (errno != EEXIST)
        die(fifo_path);
    else if (lstat(fifo_path, &st) == -1 || !S_ISFIFO(st.st_mode))
        fail("%s exists and is not a FIFO (a file or a symlink?); refusing to use it",
             fifo_path);
    else
        printf("the FIFO %s already exists; using it\n", fifo_path);
    if (atexit(cleanup) != 0)
        fail("atexit failed");
    catch_ending_signals(on_signal);

    /* 2. Open it. This blocks until some process opens it for writing. */
    printf("opening the FIFO for reading blocks until a writer opens it\n"
           "ready: waiting for a writer to open %s\n", fifo_path);
    int fd;
    while ((fd = open(fifo_path, O_RDONLY | O_NOFOLLOW)) == -1 && errno == EINTR)
        ;                               /* a signal that ends us never returns */
    if (fd == -1)
        die(fifo_path);
    if (fstat(fd, &st) == -1 || !S_ISFIFO(st.st_mode))
        fail("%s was replaced by something that is not a FIFO", fifo_path);
    printf("a writer opened the FIFO; reading lines until every writer closes it\n");

    /* 3. Read lines until end of file (every writer has closed). */
    FILE *fifo = fdopen(fd, "r");
    if (fifo == NULL)
        die("fdopen");
    for (;;) {
        errno = 0;
        if ((len = getline(&line, &line_size, fifo)) != -1)
            print_received(line, (size_t)len - (line[len - 1] == '\n'));
        else if (ferror(fifo) && errno == EINTR)
            clearerr(fifo);             /* interrupted, not the end: again */
        else
            break;
    }
    if (ferror(fifo))
        die("read");
    printf("end of file: every writer has closed the FIFO\n");

    /* 4. Close; cleanup() removes the FIFO at exit. */
    free(line);
    fclose(fifo);
    return 0;
}

/* Runs at exit and from the signal handler, so it makes only
 * async-signal-safe calls (man 7 signal-safety): unlink and write are. */
static void cleanup(void)
{
    if (unlink(fifo_path) == 0)
        say("removed the FIFO\n");
}

/* Ctrl-C, kill, or a closed terminal. A flag checked in main would miss a
 * signal that lands just before open() or read() starts to block; cleaning
 * up here cannot miss it. */
static void on_signal(int sig)
{
    (void)sig;
    say("interrupted: cleaning up\n");
    cleanup();
    _exit(0);
}
