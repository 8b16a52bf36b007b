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
 * One terminal is enough:
 *   ./pipe_capacity -s 100000
 *
 * See also: pipe_atomic.c (what PIPE_BUF promises), docs/pipes.md.
 * Try: cat /proc/sys/fs/pipe-max-size, then ask for more than it says.
 */
#define _GNU_SOURCE                 /* F_GETPIPE_SZ and F_SETPIPE_SZ are Linux-only */
#include "ipc_demo.h"
#include <fcntl.h>
#include <limits.h>

#define MAX_SIZE_FILE "/proc/sys/fs/pipe-max-size"  /* the limit without privileges */

static const char help[] =
    "pipe_capacity measures how much a pipe holds: it fills a non-blocking\n"
    "pipe that nobody reads until write() fails with EAGAIN, and prints\n"
    "PIPE_BUF and the capacity. It needs no partner.\n"
    "usage: pipe_capacity [-s BYTES]\n"
    "  -s BYTES  then ask the kernel for a pipe of BYTES (1 to 2147483647)\n"
    "            with F_SETPIPE_SZ, and measure again.\n";

static void measure(int write_fd);
static long drain(int read_fd);
static long max_pipe_size(void);

int main(int argc, char *argv[])
{
    long want = 0;
    int pipe_fd[2], opt;

    demo_start(argv[0], help);
    while ((opt = getopt(argc, argv, "s:h")) != -1) {
        switch (opt) {
        case 's': want = parse_long(optarg, 1, INT_MAX, "-s"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc)
        usage(2);

    /* 1. A pipe whose ends fail with EAGAIN instead of blocking. */
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

    /* 2. Fill it until EAGAIN. */
    measure(pipe_fd[1]);

    /* 3. (-s) Empty it, ask for another size, measure again. */
    if (want > 0) {
        printf("read back %ld bytes: the pipe is empty again\n", drain(pipe_fd[0]));
        printf("asking the kernel for %ld bytes (F_SETPIPE_SZ)\n", want);
        long got = fcntl(pipe_fd[1], F_SETPIPE_SZ, (int)want);
        if (got == -1 && errno == EPERM)
            fail("F_SETPIPE_SZ %ld: %s (without CAP_SYS_RESOURCE the most is %s: %ld)",
                 want, strerror(EPERM), MAX_SIZE_FILE, max_pipe_size());
        if (got == -1)
            die("fcntl F_SETPIPE_SZ");
        printf("the kernel made it %ld bytes (it rounds up to a power-of-two "
               "number of pages)\n", got);
        measure(pipe_fd[1]);
    }
    if (close(pipe_fd[0]) == -1 || close(pipe_fd[1]) == -1)
        die("close");
    return 0;
}

/* Writes until the pipe is full and prints how many bytes fit. A write of
 * at most PIPE_BUF bytes goes in whole or not at all, so on EAGAIN we halve
 * the chunk, down to one byte: then the count is exact. */
static void measure(int write_fd)
{
    static char chunk[PIPE_BUF];
    size_t chunk_size = sizeof chunk;
    long total = 0;
    int kernel_size = fcntl(write_fd, F_GETPIPE_SZ);

    if (kernel_size == -1)
        die("fcntl F_GETPIPE_SZ");
    printf("the kernel says the pipe holds %d bytes (F_GETPIPE_SZ); filling it "
           "with nobody reading\n", kernel_size);
    for (;;) {
        ssize_t n = write(write_fd, chunk, chunk_size);
        if (n > 0)
            total += n;
        else if (errno == EAGAIN && chunk_size > 1)
            chunk_size /= 2;
        else if (errno == EAGAIN)
            break;                      /* not even one more byte fits */
        else if (errno != EINTR)
            die("write");
    }
    printf("capacity: %ld bytes\n", total);
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
