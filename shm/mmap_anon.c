/*
 * mmap_anon.c - share memory between a parent and its child with no name at
 * all: an anonymous shared mapping made before fork() is inherited, so both
 * processes see the same bytes.
 *
 * The mapping holds a counter and a process-shared semaphore. Parent and
 * child each add 1 to the counter N times, taking the semaphore around every
 * increment; the parent waits for the child and prints the total, which is
 * exactly 2 x N. Nothing is left behind: the memory goes with the last
 * process that maps it, and there is no name to remove.
 *
 * Usage: mmap_anon [N]
 *   N  increments by each process, 1 to 100000000 (default 100000)
 *
 * One terminal:
 *   ./mmap_anon 100000
 *
 * See also: posix_shm_reader.c (shared memory with a name, for unrelated
 * processes), semaphores/race_counter.c (the same race between threads),
 * docs/shm.md.
 * Try: remove the sem_wait/sem_post pair and run it again: the total falls
 * short, because "counter++" is a load, an add and a store.
 */
#define _GNU_SOURCE     /* MAP_ANONYMOUS: in Linux and the BSDs, not in POSIX.1-2008 */
#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define N_MAX 100000000L        /* 2 x N_MAX still fits a long everywhere */

struct shared {
    sem_t lock;                 /* 1 while nobody is updating the counter */
    long counter;
};

static const char *prog = "mmap_anon";

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [N]\n"
                 "  N  increments by parent and by child, 1 to %ld (default 100000)\n",
            prog, N_MAX);
    exit(status);
}

static void add(struct shared *shm, long n)
{
    for (long i = 0; i < n; i++) {
        while (sem_wait(&shm->lock) == -1)
            if (errno != EINTR)
                die("sem_wait");
        shm->counter++;         /* the critical section: one process at a time */
        sem_post(&shm->lock);
    }
}

int main(int argc, char *argv[])
{
    struct shared *shm;
    long n = 100000;
    char *end;
    pid_t child;
    int status;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    if (argc > 1 && strcmp(argv[1], "-h") == 0)
        usage(stdout, 0);
    if (argc > 2)
        usage(stderr, 2);
    if (argc == 2) {
        errno = 0;
        n = strtol(argv[1], &end, 10);
        if (errno || end == argv[1] || *end || n < 1 || n > N_MAX) {
            fprintf(stderr, "%s: N is a number from 1 to %ld, not \"%s\"\n",
                    prog, N_MAX, argv[1]);
            usage(stderr, 2);
        }
    }

    /* Step 1: map anonymous shared memory (no file, no name) and set it up. */
    shm = mmap(NULL, sizeof *shm, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shm == MAP_FAILED)
        die("mmap");
    if (sem_init(&shm->lock, 1, 1) == -1)   /* 1: shared between processes */
        die("sem_init");
    shm->counter = 0;
    printf("mapped %zu bytes shared and anonymous: a counter and a semaphore\n", sizeof *shm);

    /* Step 2: fork; the child inherits the very same mapping. */
    printf("forking: parent and child each add 1 to the counter %ld times\n", n);
    if ((child = fork()) == -1)
        die("fork");
    if (child == 0) {
        add(shm, n);
        printf("child %d: done\n", (int)getpid());
        _exit(0);               /* the parent owns the rest of the clean-up */
    }
    add(shm, n);
    printf("parent %d: done; waiting for the child\n", (int)getpid());

    /* Step 3: wait for the child, then read the total: nobody else writes it. */
    if (waitpid(child, &status, 0) == -1)
        die("waitpid");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "%s: the child failed (status 0x%x)\n", prog, (unsigned)status);
        exit(1);
    }
    printf("counter: %ld (expected %ld)\n", shm->counter, 2 * n);

    /* Step 4: nobody uses the semaphore any more: destroy it, unmap. */
    status = shm->counter == 2 * n ? 0 : 1;
    sem_destroy(&shm->lock);
    munmap(shm, sizeof *shm);
    return status;
}
