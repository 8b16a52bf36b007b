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
 * Usage: race_counter [-t THREADS] [-i INCREMENTS] [--unsafe]
 *   -t THREADS     threads adding at once (default 4)
 *   -i INCREMENTS  additions per thread (default 1000000)
 *   --unsafe       no lock: show the race
 *
 * One terminal:  ./race_counter --unsafe; then ./race_counter
 *
 * See also: sem_critical.c (the lock, narrated), docs/semaphores.md.
 * Try: --unsafe -t 1 (no race with one thread); --unsafe under
 * `taskset -c 0` (one CPU: fewer losses, not none); compare the times.
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

#define MAX_THREADS 64
#define MAX_INCREMENTS 10000000L  /* x MAX_THREADS still fits a 32-bit long */

static const char *prog = "race_counter";
static atomic_long counter;
static sem_t lock;                  /* 1: free; 0: a thread is adding */
static int use_lock = 1;
static long increments = 1000000;

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-t THREADS] [-i INCREMENTS] [--unsafe]\n"
                 "  -t THREADS     threads adding at once (1..%d, default 4)\n"
                 "  -i INCREMENTS  additions per thread (1..%ld, default 1000000)\n"
                 "  --unsafe       no lock: watch updates get lost\n",
            prog, MAX_THREADS, MAX_INCREMENTS);
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

static void *add_many(void *arg)
{
    long i, value;

    (void)arg;
    for (i = 0; i < increments; i++) {
        if (use_lock)
            while (sem_wait(&lock) == -1)
                if (errno != EINTR)
                    die("sem_wait");
        /* counter++ written as the machine does it: read, then write back
         * one more. Each step is atomic on its own (so this is well-defined
         * C and ThreadSanitizer stays quiet), but the pair is not: only the
         * lock keeps another thread from writing in between. */
        value = atomic_load_explicit(&counter, memory_order_relaxed);
        atomic_store_explicit(&counter, value + 1, memory_order_relaxed);
        if (use_lock && sem_post(&lock) == -1)
            die("sem_post");
    }
    return NULL;
}

int main(int argc, char *argv[])
{
    pthread_t threads[MAX_THREADS];
    struct timespec start, end;
    long nthreads = 4, expected, final, lost;
    int opt, i, kept, rc;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    /* getopt knows only one-letter options: take --unsafe out first. */
    for (i = 1, kept = 1; i < argc; i++) {
        if (strcmp(argv[i], "--unsafe") == 0)
            use_lock = 0;
        else
            argv[kept++] = argv[i];
    }
    argc = kept;
    argv[argc] = NULL;
    while ((opt = getopt(argc, argv, "t:i:h")) != -1) {
        switch (opt) {
        case 't': nthreads = number(optarg, "-t", 1, MAX_THREADS); break;
        case 'i': increments = number(optarg, "-i", 1, MAX_INCREMENTS); break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    if (optind != argc)
        usage(stderr, 2);
    expected = nthreads * increments;

    /* Step 1: the lock, an unnamed semaphore at 1 (free). */
    if (sem_init(&lock, 0, 1) == -1)
        die("sem_init");
    if (use_lock)
        printf("%ld threads each add 1 to one counter %ld times, holding a "
               "semaphore (sem_wait ... sem_post) around each addition\n",
               nthreads, increments);
    else
        printf("%ld threads each add 1 to one counter %ld times, with NO lock "
               "(--unsafe)\n", nthreads, increments);

    /* Step 2: let them all run at once. */
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (i = 0; i < nthreads; i++) {
        rc = pthread_create(&threads[i], NULL, add_many, NULL);
        if (rc != 0) {
            errno = rc;
            die("pthread_create");
        }
    }
    for (i = 0; i < nthreads; i++)
        pthread_join(threads[i], NULL);
    clock_gettime(CLOCK_MONOTONIC, &end);
    if (sem_destroy(&lock) == -1)
        die("sem_destroy");

    /* Step 3: compare with what it should be. */
    final = atomic_load(&counter);
    lost = expected - final;
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
        printf("lost updates: %ld of %ld (%.1f%%): threads read the same value "
               "and wrote back the same sum\n", lost, expected, 100.0 * (double)lost / (double)expected);
    else
        printf("lost updates: none this time (the threads rarely overlapped): "
               "run it again, or raise -t or -i\n");
    return 0;
}
