/*
 * Exercise 07 - race_counter: guard a shared counter with a semaphore, and
 * see the updates that are lost without it.
 *
 * THREADS threads each add 1 to one counter INCREMENTS times. An addition
 * is three steps: read the value, add one, write it back. Here a pause of
 * 10 ms sits between the read and the write, so the race shows every time:
 * two threads that both read 41 both write 42, and one update is lost.
 * A semaphore at 1 used as a lock (sem_wait before the read, sem_post after
 * the write) lets one thread at a time through, and the total is exact.
 *
 * Your part: the TODO before main (take_lock and release_lock). Until you
 * do it, the total comes out short even without --unsafe.
 *
 * Usage: exercise [-t THREADS] [-i INCREMENTS] [--unsafe]
 * Grade it: sh exercises/grade.sh 07
 */
#include "ipc_demo.h"
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <time.h>

#define MAX_THREADS 16
#define WINDOW_MS 10            /* the pause between a read and its write */

static const char help[] =
    "Exercise 07: threads add 1 to one counter, pausing 10 ms between the\n"
    "read and the write; a semaphore used as a lock keeps the total exact.\n"
    "--unsafe takes no lock, to show the updates lost. It runs alone.\n"
    "usage: exercise [-t THREADS] [-i INCREMENTS] [--unsafe]\n"
    "  -t THREADS     threads adding at once (1 to 16, default 4).\n"
    "  -i INCREMENTS  additions per thread (1 to 100, default 5).\n"
    "  --unsafe       Take no lock, and count the updates lost.\n";

static atomic_long counter;
static sem_t lock;                  /* 1: free; 0: a thread is adding */
static int use_lock = 1;
static long increments = 5;
static pthread_barrier_t start_line;    /* all threads begin together */

static void *add_many(void *arg);

/* TODO(student): make take_lock() wait on the semaphore 'lock' (sem_wait;
 * call it again if a signal interrupts it) and release_lock() post it
 * (sem_post). Check each call; die() on a real failure. */
static void take_lock(void)
{
}

static void release_lock(void)
{
}
/* END TODO */

int main(int argc, char *argv[])
{
    pthread_t threads[MAX_THREADS];
    long nthreads = 4;
    int opt, kept, rc;

    demo_start(argv[0], help);
    kept = 1;                       /* getopt knows no --unsafe: take it out */
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--unsafe") == 0)
            use_lock = 0;
        else
            argv[kept++] = argv[i];
    }
    argc = kept;
    argv[argc] = NULL;
    while ((opt = getopt(argc, argv, "t:i:h")) != -1) {
        switch (opt) {
        case 't': nthreads = parse_long(optarg, 1, MAX_THREADS, "-t"); break;
        case 'i': increments = parse_long(optarg, 1, 100, "-i"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc)
        usage(2);

    /* 1. The lock, an unnamed semaphore at 1 (free), shared by threads. */
    if (sem_init(&lock, 0, 1) == -1)
        die("sem_init");
    if ((rc = pthread_barrier_init(&start_line, NULL, (unsigned)nthreads)) != 0)
        die_err(rc, "pthread_barrier_init");
    printf("%ld threads each add 1 to one counter %ld times,\n%s\n", nthreads,
           increments, use_lock ? "each addition inside sem_wait ... sem_post"
                                : "with NO lock (--unsafe)");

    /* 2. Let them all run at once. */
    for (int i = 0; i < nthreads; i++)
        if ((rc = pthread_create(&threads[i], NULL, add_many, NULL)) != 0)
            die_err(rc, "pthread_create");
    for (int i = 0; i < nthreads; i++)
        if ((rc = pthread_join(threads[i], NULL)) != 0)
            die_err(rc, "pthread_join");
    if (sem_destroy(&lock) == -1)
        die("sem_destroy");
    pthread_barrier_destroy(&start_line);

    /* 3. Compare with what it should be. */
    long expected = nthreads * increments, final = atomic_load(&counter);
    printf("counter: %ld (expected %ld)\n", final, expected);
    if (final == expected)
        printf("exact: one thread at a time read, added and wrote\n");
    else
        printf("lost updates: %ld of %ld: threads read the same value and "
               "wrote back the same sum\n", expected - final, expected);
    return use_lock && final != expected;
}

static void *add_many(void *arg)
{
    struct timespec window = { 0, WINDOW_MS * 1000000L };
    int rc = pthread_barrier_wait(&start_line);

    (void)arg;
    if (rc != 0 && rc != PTHREAD_BARRIER_SERIAL_THREAD)
        die_err(rc, "pthread_barrier_wait");
    for (long i = 0; i < increments; i++) {
        if (use_lock)
            take_lock();
        /* counter++ as the machine does it: read, (pause), write back one
         * more. Each step is atomic alone; only the lock makes the pair so. */
        long value = atomic_load_explicit(&counter, memory_order_relaxed);
        nanosleep(&window, NULL);
        atomic_store_explicit(&counter, value + 1, memory_order_relaxed);
        if (use_lock)
            release_lock();
    }
    return NULL;
}
