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
 * reports two threads inside together.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 64      /* plenty to see the queueing; keeps output readable */
#define PASSES 3            /* each thread enters the critical section this often */
#define STAY_NS 2000000L    /* 2 ms inside, so the others surely pile up waiting, */
#define AWAY_NS 1000000L    /* and 1 ms outside, so a waiter gets in before we return */

static const char *prog = "sem_critical";
static sem_t lock;                  /* 1: the section is free; 0: someone is inside */
static atomic_int inside;           /* threads inside right now (the self-check) */
static atomic_int crowded;          /* set if a thread ever entered a full section */

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-t THREADS]\n"
                 "  -t THREADS  threads competing for the section (1..%d, default 4)\n",
            prog, MAX_THREADS);
    exit(status);
}

static long number(const char *text, const char *option, long min, long max)
{
    char *end;
    long value;

    errno = 0;
    value = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < min || value > max) {
        fprintf(stderr, "%s: %s wants a number from %ld to %ld, not '%s'\n",
                prog, option, min, max, text);
        usage(stderr, 2);
    }
    return value;
}

/* sem_wait is Dijkstra's P: take a unit, or sleep until one is posted. */
static void wait_sem(sem_t *sem)
{
    while (sem_wait(sem) == -1)
        if (errno != EINTR)
            die("sem_wait");
}

static void *worker(void *arg)
{
    int id = *(const int *)arg;
    struct timespec stay = { 0, STAY_NS }, away = { 0, AWAY_NS };
    int pass;

    for (pass = 1; pass <= PASSES; pass++) {
        printf("thread %d wants in (pass %d of %d): sem_wait\n", id, pass, PASSES);
        wait_sem(&lock);

        /* The critical section: only one thread at a time gets here. */
        if (atomic_fetch_add(&inside, 1) != 0)
            atomic_store(&crowded, 1);  /* someone else was in here too */
        printf("thread %d entered\n", id);
        nanosleep(&stay, NULL);
        printf("thread %d leaving\n", id);
        atomic_fetch_sub(&inside, 1);

        if (sem_post(&lock) == -1)      /* Dijkstra's V: let the next one in */
            die("sem_post");
        nanosleep(&away, NULL);         /* the work that needs no lock */
    }
    return NULL;
}

int main(int argc, char *argv[])
{
    pthread_t threads[MAX_THREADS];
    int ids[MAX_THREADS];
    int nthreads = 4, opt, i, rc;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    while ((opt = getopt(argc, argv, "t:h")) != -1) {
        switch (opt) {
        case 't': nthreads = (int)number(optarg, "-t", 1, MAX_THREADS); break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    if (optind != argc)
        usage(stderr, 2);

    /* Step 1: one unnamed semaphore, shared by this process's threads only
     * (pshared 0), starting at 1: a lock that is free. */
    if (sem_init(&lock, 0, 1) == -1)
        die("sem_init");
    printf("semaphore set to 1: one thread at a time may be inside\n");

    /* Step 2: the threads compete for it. */
    printf("starting %d threads; each enters the critical section %d times\n",
           nthreads, PASSES);
    for (i = 0; i < nthreads; i++) {
        ids[i] = i + 1;
        rc = pthread_create(&threads[i], NULL, worker, &ids[i]);
        if (rc != 0) {
            errno = rc;
            die("pthread_create");
        }
    }
    for (i = 0; i < nthreads; i++)
        pthread_join(threads[i], NULL);

    /* Step 3: destroy it once no thread can use it any more. */
    if (sem_destroy(&lock) == -1)
        die("sem_destroy");
    if (atomic_load(&crowded)) {
        printf("FAILED: a thread entered while another was inside\n");
        return 1;
    }
    printf("all %d threads done: never more than one inside at a time\n", nthreads);
    return 0;
}
