/*
 * pipe_capacity.c - how much a pipe holds, measured: fill one that nobody
 * reads until the kernel says "full".
 *
 * A pipe is a bounded buffer in the kernel. When it is full, write() blocks
 * until a reader makes room; with O_NONBLOCK it fails with EAGAIN instead,
 * which lets us count the bytes that fit. Two numbers matter: PIPE_BUF, the
 * most one write() puts in the pipe without another writer's bytes mixed
 * in, and the capacity, which Linux lets a program change (F_SETPIPE_SZ).
 *
 * Usage: pipe_capacity [-s BYTES]
 *   -s BYTES  then ask the kernel for a pipe of BYTES and measure again
 *
 * One terminal is enough:
 *   ./pipe_capacity -s 100000
 *
 * See also: pipe_atomic.c (what PIPE_BUF promises), docs/pipes.md.
 * Try: cat /proc/sys/fs/pipe-max-size, then ask for more than it says.
 */
#define _GNU_SOURCE                 /* F_GETPIPE_SZ and F_SETPIPE_SZ are Linux-only */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_SIZE_FILE "/proc/sys/fs/pipe-max-size"  /* the limit without privileges */

static const char *prog = "pipe_capacity";

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-s BYTES]\n"
                 "  -s BYTES  then ask the kernel for a pipe of BYTES (1..%d) and measure again\n",
            prog, INT_MAX);
    exit(status);
}

/* Writes until the pipe is full and returns how many bytes fit. A write of
 * at most PIPE_BUF bytes goes in whole or not at all, so on EAGAIN we halve
 * the chunk, down to one byte: then the count is exact. */
static long fill(int write_fd)
{
    static char chunk[PIPE_BUF];
    size_t chunk_size = sizeof chunk;
    long total = 0;

    for (;;) {
        ssize_t n = write(write_fd, chunk, chunk_size);
        if (n > 0) {
            total += n;
        } else if (errno == EAGAIN && chunk_size > 1) {
            chunk_size /= 2;
        } else if (errno == EAGAIN) {
            return total;               /* not even one more byte fits */
        } else if (errno != EINTR) {
            die("write");
        }
    }
}

/* Reads everything back (the read end is non-blocking too). */
static long drain(int read_fd)
{
    static char chunk[PIPE_BUF];
    long total = 0;
    ssize_t n;

    while ((n = read(read_fd, chunk, sizeof chunk)) > 0 || (n == -1 && errno == EINTR))
        total += n > 0 ? n : 0;
    if (n == -1 && errno != EAGAIN)
        die("read");
    return total;
}

static void measure(int pipe_fd[2])
{
    int kernel_size = fcntl(pipe_fd[1], F_GETPIPE_SZ);

    if (kernel_size == -1)
        die("fcntl F_GETPIPE_SZ");
    printf("the kernel says the pipe holds %d bytes (F_GETPIPE_SZ); filling it "
           "with nobody reading\n", kernel_size);
    printf("capacity: %ld bytes\n", fill(pipe_fd[1]));
}

static long max_pipe_size(void)
{
    FILE *file = fopen(MAX_SIZE_FILE, "r");
    long size = -1;

    if (file != NULL) {
        if (fscanf(file, "%ld", &size) != 1)
            size = -1;
        fclose(file);
    }
    return size;
}

int main(int argc, char *argv[])
{
    long want = 0, got;
    char *end;
    int pipe_fd[2], opt;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    while ((opt = getopt(argc, argv, "s:h")) != -1) {
        switch (opt) {
        case 's':
            errno = 0;
            want = strtol(optarg, &end, 10);
            if (errno != 0 || end == optarg || *end != '\0' || want < 1 || want > INT_MAX) {
                fprintf(stderr, "%s: -s wants a number of bytes from 1 to %d\n", prog, INT_MAX);
                usage(stderr, 2);
            }
            break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    if (optind != argc)
        usage(stderr, 2);

    /* Step 1: a pipe whose ends fail with EAGAIN instead of blocking. */
    if (pipe(pipe_fd) == -1)
        die("pipe");
    if (fcntl(pipe_fd[1], F_SETFL, O_NONBLOCK) == -1 ||
        fcntl(pipe_fd[0], F_SETFL, O_NONBLOCK) == -1)
        die("fcntl O_NONBLOCK");
    printf("created a pipe with both ends non-blocking (a full pipe would "
           "otherwise block write() for ever)\n");
    printf("PIPE_BUF: %d\n", PIPE_BUF);
    printf("(a write of at most PIPE_BUF bytes lands in the pipe whole; "
           "fpathconf on this pipe agrees: %ld)\n", fpathconf(pipe_fd[0], _PC_PIPE_BUF));

    /* Step 2: fill it until EAGAIN. */
    measure(pipe_fd);

    /* Step 3 (-s): empty it, ask for another size, measure again. */
    if (want > 0) {
        printf("read back %ld bytes: the pipe is empty again\n", drain(pipe_fd[0]));
        printf("asking the kernel for %ld bytes (F_SETPIPE_SZ)\n", want);
        got = fcntl(pipe_fd[1], F_SETPIPE_SZ, (int)want);
        if (got == -1 && errno == EPERM) {
            fprintf(stderr, "%s: F_SETPIPE_SZ %ld: %s (without CAP_SYS_RESOURCE the most "
                            "is %s: %ld)\n", prog, want, strerror(errno), MAX_SIZE_FILE,
                    max_pipe_size());
            exit(1);
        }
        if (got == -1)
            die("fcntl F_SETPIPE_SZ");
        printf("the kernel made it %ld bytes (it rounds up to a power-of-two "
               "number of pages)\n", got);
        measure(pipe_fd);
    }
    close(pipe_fd[0]);
    close(pipe_fd[1]);
    return 0;
}
