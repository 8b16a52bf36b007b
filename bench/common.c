/*
 * common.c - the helpers every file of ipc_bench calls: the clock, how a
 * mechanism reports a failure, narration (-v), the private directory, the
 * kernel's limits, and whether a signal asked us to stop. This file calls
 * nobody else's: the dependencies run one way, ipc_bench.c -> measure.c,
 * report.c, baseline.c -> prodcons.c -> transports.c, shm_ring.c ->
 * common.c.
 *
 * See also: bench.h, ipc_bench.c, docs/benchmark.md.
 */
#define _GNU_SOURCE   /* sched_getcpu (Linux) */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

char bench_dir[96];                    /* set by main (default_name) */

/* The mechanisms report a failure into ch->error and return -1; the child
 * passes the text on to the parent, which prints it in the table. */
int bench_failf(struct channel *ch, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(ch->error, sizeof ch->error, fmt, ap);
    va_end(ap);
    return -1;
}

int bench_fail(struct channel *ch, const char *what)
{
    return bench_failf(ch, "%s: %s", what, strerror(errno));
}

/* -v: each object created and removed, each process forked. */
void narrate(const struct channel *ch, const char *fmt, ...)
{
    va_list ap;

    if (!ch->verbose)
        return;
    printf("  %s: ", ch->mech->name);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

/* CLOCK_MONOTONIC: never stepped by NTP or by someone setting the date. */
uint64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* A number from /proc/sys (a queue limit), or FALLBACK if unreadable. */
size_t read_limit(const char *proc_file, size_t fallback)
{
    unsigned long value;
    FILE *f = fopen(proc_file, "r");
    int n;

    if (f == NULL)
        return fallback;
    n = fscanf(f, "%lu", &value);
    fclose(f);
    return n == 1 ? (size_t)value : fallback;
}

/* FIFOs and socket files live in bench_dir, the demos' private directory
 * (ipc_demo.h's default_name: /tmp/ipc-demo-UID, moved by IPC_DEMO_TAG).
 * Unlike default_path this reports a refusal as the row's failure instead
 * of ending the whole run: the other mechanisms still get measured. */
int private_dir(struct channel *ch, char *dir, size_t size)
{
    struct stat st;

    snprintf(dir, size, "%s", bench_dir);
    if (mkdir(dir, 0700) == -1 && errno != EEXIST)
        return bench_fail(ch, dir);
    if (lstat(dir, &st) == -1)
        return bench_fail(ch, dir);
    if (!S_ISDIR(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 077))
        return bench_failf(ch, "%s is a symlink, another user's, or open to others; "
                               "refusing to use it", dir);
    return 0;
}

/* Where this process runs now: with --cpus free the kernel decides, and
 * the table shows where it put each end. */
void note_cpu(unsigned long *seen)
{
    int cpu = sched_getcpu();

    if (cpu >= 0 && cpu < (int)(8 * sizeof *seen))
        *seen |= 1ul << cpu;
}

/* Context switches (voluntary: we blocked; involuntary: we were preempted)
 * and CPU time so far, to say why a row costs what it costs. */
void rusage_now(unsigned long long *ctx, uint64_t *cpu_ns)
{
    struct rusage ru;

    if (getrusage(RUSAGE_SELF, &ru) == -1) {
        *ctx = 0;
        *cpu_ns = 0;
        return;
    }
    *ctx = (unsigned long long)(ru.ru_nvcsw + ru.ru_nivcsw);
    *cpu_ns = (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000u +
              (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000u;
}

/* SIGINT, SIGTERM or SIGHUP: taken by the parent's wait (note_stop), or
 * still pending (blocked) while the parent works: stop measuring. */
static int stopped;

void note_stop(void)
{
    stopped = 1;
}

int stop_requested(void)
{
    sigset_t pending;

    if (!stopped && sigpending(&pending) == 0 &&
        (sigismember(&pending, SIGINT) || sigismember(&pending, SIGTERM) ||
         sigismember(&pending, SIGHUP)))
        stopped = 1;
    return stopped;
}
