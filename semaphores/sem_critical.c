/*
 * sem_critical.c - mutual exclusion: threads take turns in a critical
 * section guarded by one semaphore.
 *
 * A semaphore is a counter that never goes below zero. sem_wait() takes one
 * unit, and blocks while there is none; sem_post() gives one back and wakes a
 * waiter. A semaphore that starts at 1 is a lock: the first thread through
 * sem_wait() is inside, every other one waits until it posts on its way out.
 * So one thread's "entered" and "leaving" lines never have another's between.
 *
 * Usage: sem_critical [-t THREADS]
 *   -t THREADS  how many threads compete (default 4, at most 64)
 *
 * One terminal:  ./sem_critical -t 3
 *
 * See also: race_counter.c (what the lock prevents), sem_alternate.c,
 * docs/semaphores.md.
 * Try: start the semaphore at 2 instead of 1 (sem_init's last argument):
 * a counting semaphore admits that many at once, and the check at the end
 * reports two threads inside together. At 0 nobody ever gets in (Ctrl-C).
 */
#include "ipc_demo.h"
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <time.h>

#define MAX_THREADS 64      /* plenty to see the queueing; keeps output readable */
#define PASSES 3            /* each thread enters the critical section this often */
#define STAY_NS 2000000L    /* 2 ms inside, so the others surely pile up waiting, */
#define AWAY_NS 1000000L    /* and 1 ms outside, so a waiter gets in before we return */

static sem_t lock;                  /* 1: the section is free; 0: someone is inside */
static atomic_int inside;           /* threads inside right now (the self-check) */
static atomic_int most_inside;      /* the most ever inside at once */

static void *worker(void *arg);

int main(int argc, char *argv[])
{
    pthread_t threads[MAX_THREADS];
    int ids[MAX_THREADS];
    int nthreads = 4, start_value, opt, rc;

    demo_start(argv[0],
        "sem_critical shows mutual exclusion: threads take turns in a critical\n"
        "section guarded by one semaphore that starts at 1, so one thread's\n"
        "'entered' and 'leaving' lines never have another thread's between them.\n"
        "It runs alone, in one terminal.\n"
        "usage: sem_critical [-t THREADS]\n"
        "  -t THREADS  how many threads compete (1 to 64, default 4).\n");
    while ((opt = getopt(argc, argv, "t:h")) != -1) {
        switch (opt) {
        case 't': nthreads = (int)parse_long(optarg, 1, MAX_THREADS, "-t"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc)
        usage(2);

    /* 1. One unnamed semaphore, shared by this process's threads only
     *    (pshared 0), starting at 1: a lock that is free. The line below
     *    reads the value back, so it says what sem_init really set. */
    if (sem_init(&lock, 0, 1) == -1)
        die("sem_init");
    if (sem_getvalue(&lock, &start_value) == -1)
        die("sem_getvalue");
    if (start_value == 1)
        printf("semaphore set to 1: one thread at a time may be inside\n");
    else if (start_value == 0)
        printf("semaphore set to 0: nobody may enter until someone posts "
               "(nobody will: Ctrl-C)\n");
    else
        printf("semaphore set to %d: up to %d threads at a time may be inside\n",
               start_value, start_value);

    /* 2. The threads compete for it. */
    printf("starting %d threads; each enters the critical section %d times\n",
           nthreads, PASSES);
    for (int i = 0; i < nthreads; i++) {
        ids[i] = i + 1;
        if ((rc = pthread_create(&threads[i], NULL, worker, &ids[i])) != 0)
            die_err(rc, "pthread_create");
    }
    for (int i = 0; i < nthreads; i++)
        if ((rc = pthread_join(threads[i], NULL)) != 0)
            die_err(rc, "pthread_join");

    /* 3. Destroy it once no thread can use it any more, and check. */
    if (sem_destroy(&lock) == -1)
        die("sem_destroy");
    int most = atomic_load(&most_inside);
    if (most > start_value) {
        printf("FAILED: %d threads were inside at once\n", most);
        return 1;
    }
    if (most == 1)
        printf("all %d threads done: never more than one inside at a time\n",
               nthreads);
    else
        printf("all %d threads done: up to %d were inside at once\n",
               nthreads, most);
    return 0;
}

/* One thread: PASSES times wait (Dijkstra's P), stay inside, post (V). */
static void *worker(void *arg)
{
    int id = *(const int *)arg;
    struct timespec stay = { 0, STAY_NS }, away = { 0, AWAY_NS };

    for (int pass = 1; pass <= PASSES; pass++) {
        printf("thread %d wants in (pass %d of %d): sem_wait\n", id, pass, PASSES);
        while (sem_wait(&lock) == -1)
            if (errno != EINTR)         /* a signal: wait again, never go in */
                die("sem_wait");

        /* The critical section: only one thread at a time gets here. */
        int now = atomic_fetch_add(&inside, 1) + 1;
        for (int most = atomic_load(&most_inside); now > most; )
            if (atomic_compare_exchange_weak(&most_inside, &most, now))
                break;
        printf("thread %d entered\n", id);
        nanosleep(&stay, NULL);
        printf("thread %d leaving\n", id);
        atomic_fetch_sub(&inside, 1);

        if (sem_post(&lock) == -1)      /* let the next one in */
            die("sem_post");
        nanosleep(&away, NULL);         /* the work that needs no lock */
    }
    return NULL;
}
