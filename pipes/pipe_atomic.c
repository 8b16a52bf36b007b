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
 * One terminal is enough:
 *   ./pipe_atomic -s 4096     then    ./pipe_atomic -s 65536
 *
 * See also: pipe_capacity.c (PIPE_BUF and the capacity), fifo_server.c
 * (many clients, one FIFO), docs/pipes.md.
 * Try: -s 4097, just one byte over the limit; then -w 1 with any size.
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include <limits.h>
#include <sys/wait.h>

#define MAX_WRITERS 26              /* one letter each */
#define MAX_RECORDS 100000
#define MAX_SIZE    1048576         /* /proc/sys/fs/pipe-max-size, the default */

static const char help[] =
    "pipe_atomic shows what PIPE_BUF promises: several children write\n"
    "fixed-size records into one pipe, and the parent counts the records\n"
    "whose bytes got mixed. One command starts them all.\n"
    "usage: pipe_atomic [-w WRITERS] [-r RECORDS] [-s SIZE]\n"
    "  -w WRITERS  processes writing at once, 1 to 26 (default 4).\n"
    "  -r RECORDS  records per writer, 1 to 100000 (default 1000).\n"
    "  -s SIZE     bytes per record, 1 to 1048576 (default PIPE_BUF, 4096).\n";

int main(int argc, char *argv[])
{
    long writers = 4, per_writer = 1000, size = PIPE_BUF, records, torn = 0;
    int pipe_fd[2], opt, status, failures = 0;
    ssize_t got;

    demo_start(argv[0], help);
    while ((opt = getopt(argc, argv, "w:r:s:h")) != -1) {
        switch (opt) {
        case 'w': writers = parse_long(optarg, 1, MAX_WRITERS, "-w"); break;
        case 'r': per_writer = parse_long(optarg, 1, MAX_RECORDS, "-r"); break;
        case 's': size = parse_long(optarg, 1, MAX_SIZE, "-s"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc)
        usage(2);
    char *record = malloc((size_t)size);
    pid_t *children = calloc((size_t)writers, sizeof *children);
    if (record == NULL || children == NULL)
        die("malloc");

    /* 1. One pipe for everybody. */
    if (pipe(pipe_fd) == -1)
        die("pipe");
    printf("created one pipe for %ld writer(s), each writing %ld records of %ld bytes "
           "(PIPE_BUF is %d)\n", writers, per_writer, size, PIPE_BUF);

    /* 2. The writers, each with its own letter, one write() per record. */
    for (long i = 0; i < writers; i++) {
        children[i] = fork();
        if (children[i] == -1)
            die("fork");
        if (children[i] != 0)
            continue;
        if (close(pipe_fd[0]) == -1)
            die_child("close");
        memset(record, 'a' + (int)i, (size_t)size);
        printf("writer %c (pid %ld): writing %ld records, one write() each\n",
               'a' + (int)i, (long)getpid(), per_writer);
        for (long k = 0; k < per_writer; k++)
            if (write_all(pipe_fd[1], record, (size_t)size) == -1)
                die_child("write");
        _exit(0);
    }

    /* 3. Close our write end (or no end of file), read record by record. */
    if (close(pipe_fd[1]) == -1)
        die("close");
    printf("parent: reading %ld bytes at a time until every writer has closed the pipe\n",
           size);
    for (records = 0; (got = read_all(pipe_fd[0], record, (size_t)size)) > 0; records++) {
        if (got < size) {
            fprintf(stderr, "%s: the pipe ended inside a record\n", prog);
            break;                      /* still reap the writers below */
        }
        long k = 1;
        while (k < size && record[k] == record[0])
            k++;
        torn += k < size;               /* two letters in one record */
    }
    if (got == -1)
        die("read");
    if (close(pipe_fd[0]) == -1)
        die("close");

    /* 4. Reap every writer, so that none is left a zombie. */
    for (long i = 0; i < writers; i++) {
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
