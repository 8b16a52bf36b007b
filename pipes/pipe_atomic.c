/*
 * pipe_atomic.c - why PIPE_BUF matters when several processes write into
 * one pipe.
 *
 * WRITERS children each write RECORDS records of SIZE bytes into the same
 * pipe, every byte of a record being the writer's own letter (a, b, c...).
 * The parent reads SIZE bytes at a time and counts the records holding more
 * than one letter: those got torn, another writer's bytes landing in the
 * middle. POSIX promises that a write of at most PIPE_BUF bytes is atomic,
 * so SIZE <= PIPE_BUF gives "torn: 0" every time. A larger write may go in
 * pieces when the pipe fills up, and other writers slip in between.
 *
 * Usage: pipe_atomic [-w WRITERS] [-r RECORDS] [-s SIZE]
 *   -w WRITERS  child processes writing at once, 1..26 (default 4)
 *   -r RECORDS  records each writer sends, 1..100000 (default 1000)
 *   -s SIZE     bytes per record, 1..1048576 (default PIPE_BUF, 4096)
 *
 * One terminal is enough:
 *   ./pipe_atomic -s 4096     then    ./pipe_atomic -s 65536
 *
 * See also: pipe_capacity.c (PIPE_BUF and the capacity), fifo_server.c
 * (many clients, one FIFO), docs/pipes.md.
 * Try: -s 4097, just one byte over the limit; then -w 1 with any size.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_WRITERS 26              /* one letter each */
#define MAX_RECORDS 100000
#define MAX_SIZE    1048576         /* /proc/sys/fs/pipe-max-size, the default */

static const char *prog = "pipe_atomic";

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-w WRITERS] [-r RECORDS] [-s SIZE]\n"
                 "  -w WRITERS  processes writing at once, 1..%d (default 4)\n"
                 "  -r RECORDS  records per writer, 1..%d (default 1000)\n"
                 "  -s SIZE     bytes per record, 1..%d (default PIPE_BUF, %d)\n",
            prog, MAX_WRITERS, MAX_RECORDS, MAX_SIZE, PIPE_BUF);
    exit(status);
}

static long number(const char *text, long max)
{
    char *end;
    long value;

    errno = 0;
    value = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < 1 || value > max) {
        fprintf(stderr, "%s: \"%s\" is not a number from 1 to %ld\n", prog, text, max);
        usage(stderr, 2);
    }
    return value;
}

/* write() may write less than asked (or be interrupted): loop until done. */
static void write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            die("write");
        data += n;
        len -= (size_t)n;
    }
}

/* Reads until the buffer is full or end of file; returns the byte count. */
static size_t read_all(int fd, char *buf, size_t size)
{
    size_t got = 0;

    while (got < size) {
        ssize_t n = read(fd, buf + got, size - got);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            die("read");
        if (n == 0)
            break;
        got += (size_t)n;
    }
    return got;
}

int main(int argc, char *argv[])
{
    long writers = 4, records, per_writer = 1000, size = PIPE_BUF, torn = 0, i, k;
    int pipe_fd[2], opt, status, failures = 0;
    pid_t *children;
    char *record;
    size_t got;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    while ((opt = getopt(argc, argv, "w:r:s:h")) != -1) {
        switch (opt) {
        case 'w': writers = number(optarg, MAX_WRITERS); break;
        case 'r': per_writer = number(optarg, MAX_RECORDS); break;
        case 's': size = number(optarg, MAX_SIZE); break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    if (optind != argc)
        usage(stderr, 2);
    record = malloc((size_t)size);
    children = calloc((size_t)writers, sizeof *children);
    if (record == NULL || children == NULL)
        die("malloc");

    /* Step 1: one pipe for everybody. */
    if (pipe(pipe_fd) == -1)
        die("pipe");
    printf("created one pipe for %ld writer(s), each writing %ld records of %ld bytes "
           "(PIPE_BUF is %d)\n", writers, per_writer, size, PIPE_BUF);

    /* Step 2: the writers, each with its own letter. */
    for (i = 0; i < writers; i++) {
        fflush(stdout);
        children[i] = fork();
        if (children[i] == -1)
            die("fork");
        if (children[i] == 0) {
            close(pipe_fd[0]);
            memset(record, 'a' + (int)i, (size_t)size);
            printf("writer %c (pid %ld): writing %ld records, one write() each\n",
                   'a' + (int)i, (long)getpid(), per_writer);
            for (k = 0; k < per_writer; k++)
                write_all(pipe_fd[1], record, (size_t)size);
            close(pipe_fd[1]);
            free(record);
            free(children);
            _exit(0);
        }
    }

    /* Step 3: close our write end (or no end of file), read record by record. */
    close(pipe_fd[1]);
    printf("parent: reading %ld bytes at a time until every writer has closed the pipe\n",
           size);
    for (records = 0; (got = read_all(pipe_fd[0], record, (size_t)size)) > 0; records++) {
        if (got < (size_t)size) {
            fprintf(stderr, "%s: the pipe ended inside a record\n", prog);
            break;                      /* still reap the writers below */
        }
        for (k = 1; k < size && record[k] == record[0]; k++)
            continue;
        torn += k < size;               /* two letters in one record */
    }
    close(pipe_fd[0]);

    /* Step 4: reap every writer, so that none is left a zombie. */
    for (i = 0; i < writers; i++) {
        while (waitpid(children[i], &status, 0) == -1)
            if (errno != EINTR)
                die("waitpid");
        failures += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    }
    printf("parent: reaped all %ld writers (%d failed)\n", writers, failures);
    printf("records: %ld, torn: %ld\n", records, torn);
    if (size > PIPE_BUF)
        printf("a write of more than PIPE_BUF bytes may go in pieces when the pipe "
               "fills up, and another writer's bytes land in between\n");
    else if (torn == 0)
        printf("every record arrived whole: a write of at most PIPE_BUF bytes is atomic\n");
    else
        fprintf(stderr, "%s: torn records of at most PIPE_BUF bytes: this pipe broke "
                        "the POSIX promise\n", prog);
    free(record);
    free(children);
    return failures == 0 && records == writers * per_writer && (size > PIPE_BUF || torn == 0)
           ? 0 : 1;
}
