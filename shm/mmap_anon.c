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
 *
 * One terminal:
 *   ./mmap_anon 100000
 *
 * See also: posix_shm_reader.c (shared memory with a name, for unrelated
 * processes), semaphores/race_counter.c (the same race between threads),
 * docs/shm.md.
 * Try: remove the sem_wait/sem_post pair and make `counter` volatile (else
 * the optimiser adds N in one step and hides the race), then run
 * `mmap_anon 10000000`: the total falls short, because "counter++" is a
 * load, an add and a store.
 */
#define _GNU_SOURCE     /* MAP_ANONYMOUS and prctl: Linux, not POSIX.1-2008 */
#include "ipc_demo.h"
#include <semaphore.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#define N_MAX 100000000L        /* 2 x N_MAX still fits a long everywhere */

struct shared {
    sem_t lock;                 /* 1 while nobody is updating the counter */
    long counter;
};

/* N times: take the lock, add 1, give it back. */
static void add(struct shared *shm, long n, void (*die_here)(const char *))
{
    for (long i = 0; i < n; i++) {
        while (sem_wait(&shm->lock) == -1)
            if (errno != EINTR)
                die_here("sem_wait");
        shm->counter++;         /* the critical section: one process at a time */
        if (sem_post(&shm->lock) == -1)
            die_here("sem_post");
    }
}

int main(int argc, char *argv[])
{
    struct shared *shm;
    long n = 100000;
    pid_t parent = getpid(), child;
    int status;

    demo_start(argv[0],
        "Parent and child share an anonymous mapping made before fork (no name\n"
        "at all) and each add 1 to a counter in it N times, under a\n"
        "process-shared semaphore; the total is exactly 2 x N. One terminal.\n"
        "usage: mmap_anon [N]\n"
        "  N  increments by the parent and by the child, 1 to 100000000\n"
        "     (default 100000).\n");
    if (argc > 1 && strcmp(argv[1], "-h") == 0)
        usage(0);
    if (argc > 2)
        usage(2);
    if (argc == 2)
        n = parse_long(argv[1], 1, N_MAX, "N");

    /* 1. Map anonymous shared memory (no file, no name) and set it up. */
    shm = mmap(NULL, sizeof *shm, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
               -1, 0);
    if (shm == MAP_FAILED)
        die("mmap");
    if (sem_init(&shm->lock, 1, 1) == -1)   /* 1: shared between processes */
        die("sem_init");
    shm->counter = 0;
    printf("mapped %zu bytes shared and anonymous: a counter and a semaphore\n",
           sizeof *shm);

    /* 2. Fork; the child inherits the very same mapping. It asks to be
     * killed when its parent dies (else a parent killed while the child
     * waits for the lock it held would leave the child waiting forever),
     * then checks that the parent did not die before it asked. */
    printf("forking: parent and child each add 1 to the counter %ld times\n", n);
    if ((child = fork()) == -1)
        die("fork");
    if (child == 0) {
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1)
            die_child("prctl PR_SET_PDEATHSIG");
        if (getppid() != parent)
            _exit(1);
        add(shm, n, die_child);
        printf("child %d: done\n", (int)getpid());
        _exit(0);               /* the parent owns the rest of the clean-up */
    }
    add(shm, n, die);
    printf("parent %d: done; waiting for the child\n", (int)getpid());

    /* 3. Wait for the child, then read the total: nobody else writes it. */
    if (waitpid(child, &status, 0) == -1)
        die("waitpid");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fail("the child failed (status 0x%x)", (unsigned)status);
    printf("counter: %ld (expected %ld)\n", shm->counter, 2 * n);

    /* 4. Nobody uses the semaphore any more: destroy it, unmap. */
    status = shm->counter == 2 * n ? 0 : 1;
    if (sem_destroy(&shm->lock) == -1 || munmap(shm, sizeof *shm) == -1)
        die("sem_destroy or munmap");
    return status;
}
