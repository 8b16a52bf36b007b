/*
 * race_counter.c - the race a lock prevents: threads add 1 to one counter,
 * with a semaphore around each addition (the default) or with none.
 *
 * "counter++" is three steps on the machine: read the value, add one, write
 * it back. Two threads that both read 41 both write 42: one update is lost.
 * With a semaphore as a lock around the three steps (sem_wait before,
 * sem_post after) no other thread can come between them, and the total is
 * exact; with --unsafe the lost updates are counted and reported.
 *
 * Usage: race_counter [-t THREADS] [-i INCREMENTS] [--unsafe [-w]]
 *   -t THREADS     threads adding at once (default 4)
 *   -i INCREMENTS  additions per thread (default 1000000)
 *   --unsafe       no lock: show the race
 *   -w             with --unsafe: every thread waits between its read and
 *                  its write until all have read (a barrier), the worst
 *                  interleaving every time: exactly INCREMENTS survive
 *
 * One terminal:  ./race_counter --unsafe; then ./race_counter
 *
 * See also: sem_critical.c (the lock, narrated), docs/semaphores.md.
 * Try: --unsafe -t 1 (no race with one thread); --unsafe under
 * `taskset -c 0` (one CPU: fewer losses, not none); compare the times.
 */
#include "ipc_demo.h"
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <time.h>

#define MAX_THREADS 64
#define MAX_INCREMENTS 10000000L  /* x MAX_THREADS still fits a 32-bit long */

static atomic_long counter;
static sem_t lock;                  /* 1: free; 0: a thread is adding */
static int use_lock = 1, widen;
static pthread_barrier_t all_read;  /* -w: nobody writes until all have read */
static long increments = 1000000;

static void *add_many(void *arg);

int main(int argc, char *argv[])
{
    pthread_t threads[MAX_THREADS];
    struct timespec start, end;
    long nthreads = 4;
    int opt, kept, rc;

    demo_start(argv[0],
        "race_counter shows the race a lock prevents: threads add 1 to one\n"
        "counter, with a semaphore around each addition (exact) or, with\n"
        "--unsafe, with none (updates get lost). It runs alone, in one terminal.\n"
        "usage: race_counter [-t THREADS] [-i INCREMENTS] [--unsafe [-w]]\n"
        "  -t THREADS     threads adding at once (1 to 64, default 4).\n"
        "  -i INCREMENTS  additions per thread (1 to 10000000, default 1000000).\n"
        "  --unsafe       Take no lock, and count the updates lost.\n"
        "  -w             With --unsafe, make every thread wait between its read\n"
        "                 and its write until all have read: the worst case,\n"
        "                 every time.\n");
    /* getopt knows only one-letter options: take --unsafe out first. */
    kept = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--unsafe") == 0)
            use_lock = 0;
        else
            argv[kept++] = argv[i];
    }
    argc = kept;
    argv[argc] = NULL;
    while ((opt = getopt(argc, argv, "t:i:wh")) != -1) {
        switch (opt) {
        case 't': nthreads = parse_long(optarg, 1, MAX_THREADS, "-t"); break;
        case 'i': increments = parse_long(optarg, 1, MAX_INCREMENTS, "-i"); break;
        case 'w': widen = 1; break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc)
        usage(2);
    if (widen && use_lock) {
        fprintf(stderr, "%s: -w goes with --unsafe (the lock would make the "
                "barrier wait for ever)\n", prog);
        usage(2);
    }

    /* 1. The lock, an unnamed semaphore at 1 (free). */
    if (sem_init(&lock, 0, 1) == -1)
        die("sem_init");
    if (widen && (rc = pthread_barrier_init(&all_read, NULL, (unsigned)nthreads)) != 0)
        die_err(rc, "pthread_barrier_init");
    if (use_lock)
        printf("%ld threads each add 1 to one counter %ld times, holding a\n"
               "semaphore (sem_wait ... sem_post) around each addition\n",
               nthreads, increments);
    else
        printf("%ld threads each add 1 to one counter %ld times, with NO lock "
               "(--unsafe)\n", nthreads, increments);
    if (widen)
        printf("-w: each thread waits after its read until all have read, "
               "then writes\n");

    /* 2. Let them all run at once. */
    if (clock_gettime(CLOCK_MONOTONIC, &start) == -1)
        die("clock_gettime");
    for (int i = 0; i < nthreads; i++)
        if ((rc = pthread_create(&threads[i], NULL, add_many, NULL)) != 0)
            die_err(rc, "pthread_create");
    for (int i = 0; i < nthreads; i++)
        if ((rc = pthread_join(threads[i], NULL)) != 0)
            die_err(rc, "pthread_join");
    if (clock_gettime(CLOCK_MONOTONIC, &end) == -1)
        die("clock_gettime");
    if (sem_destroy(&lock) == -1)
        die("sem_destroy");

    /* 3. Compare with what it should be. */
    long expected = nthreads * increments, final = atomic_load(&counter);
    long lost = expected - final;
    printf("counter: %ld (expected %ld)\n", final, expected);
    printf("took %.3f s\n", (double)(end.tv_sec - start.tv_sec)
                            + (double)(end.tv_nsec - start.tv_nsec) / 1e9);
    if (use_lock && lost != 0) {
        printf("FAILED: %ld updates lost even with the lock\n", lost);
        return 1;
    }
    if (use_lock)
        printf("exact: the lock let one thread at a time read, add and write\n");
    else if (lost > 0)
        printf("lost updates: %ld of %ld (%.1f%%): threads read the same value\n"
               "and wrote back the same sum\n", lost, expected,
               100.0 * (double)lost / (double)expected);
    else
        printf("lost updates: none this time (the threads rarely overlapped):\n"
               "run it again, raise -t or -i, or add -w\n");
    return 0;
}

static void *add_many(void *arg)
{
    (void)arg;
    for (long i = 0; i < increments; i++) {
        if (use_lock)
            while (sem_wait(&lock) == -1)
                if (errno != EINTR)
                    die("sem_wait");
        /* counter++ written as the machine does it: read, then write back
         * one more. Each step is atomic on its own (so this is well-defined
         * C and ThreadSanitizer stays quiet), but the pair is not: only the
         * lock keeps another thread from writing in between. */
        long value = atomic_load_explicit(&counter, memory_order_relaxed);
        if (widen) {            /* -w: all read the same value, then all write */
            int rc = pthread_barrier_wait(&all_read);
            if (rc != 0 && rc != PTHREAD_BARRIER_SERIAL_THREAD)
                die_err(rc, "pthread_barrier_wait");
        }
        atomic_store_explicit(&counter, value + 1, memory_order_relaxed);
        if (use_lock && sem_post(&lock) == -1)
            die("sem_post");
    }
    return NULL;
}
