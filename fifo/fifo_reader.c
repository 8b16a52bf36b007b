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
 * Usage: fifo_reader [-n PATH]
 *   -n PATH  the FIFO (default /tmp/ipc-demo-UID/fifo)
 *
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
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static const char *prog = "fifo_reader";
static char fifo_path[256];

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-n PATH]\n"
                 "  -n PATH  FIFO to read (default /tmp/ipc-demo-UID/fifo)\n", prog);
    exit(status);
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

/* Runs at exit and from the SIGINT/SIGTERM handler, so it may only make
 * async-signal-safe calls (man 7 signal-safety): unlink and write are. */
static void say(const char *text)
{
    if (write(STDOUT_FILENO, text, strlen(text)) < 0)
        return;                 /* nowhere left to report it */
}

static void cleanup(void)
{
    if (unlink(fifo_path) == 0)
        say("removed the FIFO\n");
}

/* A flag checked in main would miss a signal that lands just before open()
 * or read() starts to block; cleaning up here cannot miss it. */
static void on_signal(int sig)
{
    (void)sig;
    say("interrupted: cleaning up\n");
    cleanup();
    _exit(0);
}

int main(int argc, char *argv[])
{
    struct sigaction sa = { .sa_handler = on_signal };
    struct stat st;
    char *line = NULL;
    size_t line_size = 0;
    ssize_t len;
    FILE *fifo;
    int fd, opt;

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
    if (optind != argc)
        usage(stderr, 2);
    if (fifo_path[0] == '\0')
        default_path(fifo_path, sizeof fifo_path, "fifo");

    /* Step 1: create the FIFO, or use the one a writer already made. */
    if (mkfifo(fifo_path, 0600) == 0) {
        printf("created the FIFO %s (mode 0600: only you may open it)\n", fifo_path);
    } else if (errno != EEXIST) {
        die(fifo_path);
    } else if (lstat(fifo_path, &st) == -1 || !S_ISFIFO(st.st_mode)) {
        fprintf(stderr, "%s: %s exists and is not a FIFO (a file or a symlink?); "
                        "refusing to use it\n", prog, fifo_path);
        exit(1);
    } else {
        printf("the FIFO %s already exists (a writer made it); using it\n", fifo_path);
    }
    atexit(cleanup);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    /* Step 2: open it. This blocks until some process opens it for writing. */
    printf("ready: waiting for a writer to open %s (open blocks until one does)\n",
           fifo_path);
    fd = open(fifo_path, O_RDONLY | O_NOFOLLOW);
    if (fd == -1)
        die(fifo_path);
    if (fstat(fd, &st) == -1 || !S_ISFIFO(st.st_mode)) {
        fprintf(stderr, "%s: %s was replaced by something that is not a FIFO\n",
                prog, fifo_path);
        exit(1);
    }
    printf("a writer opened the FIFO; reading lines until every writer closes it\n");

    /* Step 3: read lines until end of file (every writer has closed). */
    fifo = fdopen(fd, "r");
    if (fifo == NULL)
        die("fdopen");
    while ((len = getline(&line, &line_size, fifo)) != -1) {
        if (line[len - 1] == '\n')
            line[--len] = '\0';
        printf("received: %s\n", line);
    }
    if (ferror(fifo))
        die("read");
    printf("end of file: every writer has closed the FIFO\n");

    /* Step 4: close; cleanup() removes the FIFO at exit. */
    free(line);
    fclose(fifo);
    return 0;
}
