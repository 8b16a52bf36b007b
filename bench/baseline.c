/*
 * baseline.c - ipc_bench --baseline: the floors the mechanisms are judged by.
 *
 *  1. A cache line bounced between two threads on two CPUs: one writes a
 *     number, the other waits to see it and writes the next. No kernel, no
 *     copy: what a round trip through shared memory costs at the very least
 *     on this machine (shm_spin should come close).
 *  2. A bare loop over a pipe: one process writes 64 KiB blocks, the other
 *     reads them, nothing built, nothing checked: what the pipe row could
 *     reach if ipc_bench's own work (building and checking every byte) were
 *     free.
 *
 * See also: ipc_bench.c, shm_ring.c, docs/benchmark.md.
 */
#define _GNU_SOURCE   /* sched_setaffinity and CPU_SET (Linux) */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define PIPE_BLOCK   (64 * 1024)
#define PIPE_BLOCKS  4096            /* 256 MiB, as ipc_bench streams at 64 KiB */
#define PIPE_RUNS    3

static alignas(64) atomic_ulong ball;  /* the cache line the threads bounce */
static unsigned long long ball_rounds;

static void pin(int cpu)
{
    cpu_set_t set;

    if (cpu < 0)
        return;                         /* not pinned: the scheduler decides */
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) == -1)
        fprintf(stderr, "ipc_bench: sched_setaffinity: %s\n", strerror(errno));
}

static void spin_until(unsigned long value)
{
    while (atomic_load_explicit(&ball, memory_order_acquire) != value) {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
    }
}

/* The other thread: sees 2k-1, answers 2k. */
static void *bounce_back(void *arg)
{
    pin(*(int *)arg);
    for (unsigned long k = 1; k <= ball_rounds; k++) {
        spin_until(2 * k - 1);
        atomic_store_explicit(&ball, 2 * k, memory_order_release);
    }
    return NULL;
}

static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return (x > y) - (x < y);
}

static int cache_line_round_trip(int cpu_a, int cpu_b, unsigned long long rounds)
{
    uint64_t *samples = malloc(rounds * sizeof *samples), start, all;
    pthread_t other;
    int err;

    if (samples == NULL)
        return -1;
    printf("baseline 1: a cache line bounced between two threads on CPUs %d and %d, "
           "%llu round trips\n", cpu_a, cpu_b, rounds);
    ball_rounds = 2 * rounds;              /* timed one by one, then all at once */
    atomic_store(&ball, 0);
    pin(cpu_a);
    err = pthread_create(&other, NULL, bounce_back, &cpu_b);
    if (err != 0) {
        fprintf(stderr, "ipc_bench: pthread_create: %s\n", strerror(err));
        free(samples);
        return -1;
    }
    for (unsigned long k = 1; k <= rounds; k++) {
        uint64_t t0 = now_ns();
        atomic_store_explicit(&ball, 2 * k - 1, memory_order_release);
        spin_until(2 * k);
        samples[k - 1] = now_ns() - t0;
    }
    start = now_ns();
    for (unsigned long k = rounds + 1; k <= 2 * rounds; k++) {
        atomic_store_explicit(&ball, 2 * k - 1, memory_order_release);
        spin_until(2 * k);
    }
    all = now_ns() - start;
    pthread_join(other, NULL);
    qsort(samples, rounds, sizeof *samples, compare_u64);
    printf("  timed one by one, as ipc_bench times them: median %llu ns, p99 %llu ns, "
           "min %llu ns\n", (unsigned long long)samples[(rounds - 1) / 2],
           (unsigned long long)samples[(rounds * 99 + 99) / 100 - 1],
           (unsigned long long)samples[0]);
    printf("  timed all together (no clock reads in between): %.0f ns each\n",
           (double)all / (double)rounds);
    free(samples);
    return 0;
}

/* One run of the bare pipe loop; returns MB/s, or -1. */
static double bare_pipe(int cpu_writer, int cpu_reader)
{
    static unsigned char block[PIPE_BLOCK];
    unsigned long long total = 0;
    uint64_t start;
    int fd[2], status;
    ssize_t n;
    pid_t pid;

    if (pipe(fd) == -1)
        return -1;
    fflush(NULL);
    start = now_ns();
    pid = fork();
    if (pid == -1)
        return -1;
    if (pid == 0) {
        close(fd[0]);
        pin(cpu_writer);
        for (int i = 0; i < PIPE_BLOCKS; i++) {
            for (size_t done = 0; done < PIPE_BLOCK; done += (size_t)n) {
                n = write(fd[1], block + done, PIPE_BLOCK - done);
                if (n == -1 && errno != EINTR)
                    _exit(1);
                if (n == -1)
                    n = 0;
            }
        }
        _exit(0);
    }
    close(fd[1]);
    pin(cpu_reader);
    while ((n = read(fd[0], block, sizeof block)) != 0) {
        if (n == -1 && errno != EINTR)
            break;
        if (n > 0)
            total += (unsigned long long)n;
    }
    close(fd[0]);
    double seconds = (double)(now_ns() - start) / 1e9;
    waitpid(pid, &status, 0);
    if (total != (unsigned long long)PIPE_BLOCKS * PIPE_BLOCK)
        return -1;
    return (double)total / seconds / 1e6;
}

int run_baselines(int cpu_a, int cpu_b, const char *cpus, unsigned long long rounds)
{
    int writer = -1, reader = -1, status = 0;
    cpu_set_t all;

    if (sched_getaffinity(0, sizeof all, &all) == -1)
        return 1;
    if (cpu_b < 0)
        printf("baseline 1: skipped, it needs two CPUs\n");
    else if (cache_line_round_trip(cpu_a, cpu_b, rounds) == -1)
        status = 1;
    sched_setaffinity(0, sizeof all, &all);

    if (cpus != NULL) {
        writer = cpu_a;
        reader = strcmp(cpus, "same") == 0 ? cpu_a : cpu_b;
    }
    printf("baseline 2: a bare write/read loop over a pipe, %d blocks of %d KiB, %s\n",
           PIPE_BLOCKS, PIPE_BLOCK / 1024,
           cpus == NULL ? "not pinned" : strcmp(cpus, "same") == 0 ? "both on one CPU"
                                                                  : "on two CPUs");
    printf("  MB/s:");
    for (int run = 0; run < PIPE_RUNS; run++) {
        double rate = bare_pipe(writer, reader);
        sched_setaffinity(0, sizeof all, &all);
        if (rate < 0) {
            printf(" failed");
            status = 1;
        } else {
            printf(" %.1f", rate);
        }
    }
    printf("\n");
    return status;
}
