/*
 * ipc_bench.c - the producer-consumer benchmark: the same messages through
 * every IPC mechanism, measured and checked, with the floors and ceilings
 * that say what each number means.
 *
 * For each message size and each placement of the two ends (both on one
 * CPU, on two CPUs, or wherever the scheduler likes), every row is measured
 * in several trials, in shuffled order, so that a noisy moment of the
 * machine hits a random row instead of always the same one. A trial forks a
 * consumer and a producer (measure.c): they play ping-pong, timing every
 * round trip, then the producer streams messages for a fixed time
 * (throughput). Every message carries its number and bytes that depend on
 * it, checked on arrival and on return: no wrong result can be fast. Each
 * row reports the median of its trials and their min-max, the round trips
 * of all trials (median, p99, min), the context switches and CPU time per
 * message, and how much the mechanism holds in flight.
 *
 * Usage: ipc_bench [-m MECH,...] [-s SIZES | --sweep] [--cpus same|split|free]
 *                  [--trials N] [--quick] [--tcp-nodelay] [--csv F] [--svg F]
 *
 * Build: part of the CMake tree (build/bin/ipc_bench), or on its own:
 *   cd bench && cc -std=c11 -O2 -pthread -I../include *.c -lm -o ipc_bench
 *
 * See also: measure.c (one trial), prodcons.c (the two children), baseline.c
 * (floors and copies), transports.c, shm_ring.c, report.c, docs/benchmark.md.
 * Try: `ipc_bench --quick -m pipe,futex` and compare the two placements.
 */
#define _GNU_SOURCE   /* sched_getaffinity and CPU_SET (Linux), getopt_long */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "ipc_demo.h"
#include "bench.h"

#define MAX_SIZES        16
#define DEFAULT_TRIALS   3
#define DEFAULT_ROUNDS   10000ull     /* timed round trips per row, all trials */
#define DEFAULT_STREAM_MS 300         /* each trial's stream, at least */
#define QUICK_ROUNDS     300ull
#define QUICK_STREAM_MS  20
#define DEFAULT_TIMEOUT  10           /* seconds one trial may take */

static const struct mechanism *all_mechanisms[] = {
    &mech_pipe, &mech_fifo, &mech_socketpair, &mech_unix, &mech_tcp,
    &mech_sysv_mq, &mech_posix_mq, &mech_shm_block, &mech_shm_spin,
    &mech_bare_ring, &mech_futex, &mech_eventfd, &mech_cacheline,
    &mech_memcpy, &mech_memcpy_mem,
};
#define NMECH ((int)(sizeof all_mechanisms / sizeof all_mechanisms[0]))

static const char *inject_names[] = { "none", "drop", "dup", "corrupt", "stall",
                                      "reply-drop", "reply-dup", "reply-corrupt" };
#define NINJECT 8

static const char usage_msg[] =
    "ipc_bench moves checked messages from a producer process to a consumer\n"
    "over each IPC mechanism and reports throughput, round trips and what they\n"
    "cost, next to the floors and ceilings measured in the same run. It is one\n"
    "program and needs no partner.\n"
    "usage: ipc_bench [-m MECH,...] [-s SIZES | --sweep] [--cpus same|split|free]\n"
    "                 [--trials N] [--quick] [-n COUNT] [-r ROUNDS] [-t SECONDS]\n"
    "                 [--tcp-nodelay] [--csv FILE] [--svg FILE] [-v]\n"
    "  -m MECH,...   rows (default all): pipe fifo socketpair unix tcp sysv_mq\n"
    "                posix_mq shm_block shm_spin; the scale: bare_ring futex\n"
    "                eventfd cacheline memcpy memcpy_mem\n"
    "  -s SIZES      message sizes, K = 1024 (default 64,64K; at most 1M)\n"
    "  --sweep       sizes 64 B to 1 MiB in powers of 4, and the crossovers\n"
    "  --cpus WHERE  same: both ends on one CPU; split: on two; free: the\n"
    "                scheduler decides (default: same, then split)\n"
    "  --trials N    trials per row, in shuffled order (default 3)\n"
    "  --quick       short trials (20 ms, 300 round trips): for tests\n"
    "  -n COUNT      stream COUNT messages per trial instead of 0.3 s\n"
    "  -r ROUNDS     timed round trips per row, over all trials (default 10000)\n"
    "  -t SECONDS    longest one trial may take (default 10)\n"
    "  --tcp-nodelay turn Nagle's algorithm off for tcp (default: on)\n"
    "  --csv FILE    write the results as CSV; --svg FILE as an SVG chart\n"
    "  -v            narrate: each object created and removed, each process\n"
    "  --inject drop|dup|corrupt|stall|reply-drop|reply-dup|reply-corrupt\n"
    "                (for tests) make one message or reply go wrong\n";

struct placement {
    const char *name;                  /* same, split, free */
    int cpu[2];                        /* per role, -1: not pinned */
};

static unsigned long long parse_number(const char *text, const char *what,
                                       unsigned long long min, unsigned long long max);
static int parse_sizes(char *list, size_t sizes[]);
static void parse_mechanisms(char *list, int chosen[]);
static int placements_for(const char *cpus, struct placement out[3]);
static void print_environment(const struct placement *where, int nwhere, int trials,
                              const struct plan *plan, unsigned long long rounds);
static void print_load(const char *when);
static void shuffle(int *order, int n);
static FILE *open_output(const char *path);

int main(int argc, char *argv[])
{
    static const struct option long_options[] = {
        { "csv", required_argument, NULL, 'C' }, { "svg", required_argument, NULL, 'S' },
        { "cpus", required_argument, NULL, 'P' }, { "inject", required_argument, NULL, 'I' },
        { "trials", required_argument, NULL, 'T' }, { "quick", no_argument, NULL, 'Q' },
        { "sweep", no_argument, NULL, 'W' }, { "tcp-nodelay", no_argument, NULL, 'N' },
        { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
    };
    static struct row rows[BENCH_MAX_ROWS];
    char default_sizes[] = "64,64K", sweep_sizes[] = "64,256,1K,4K,16K,64K,256K,1M";
    char *csv_path = NULL, *svg_path = NULL, *cpus = NULL, stop_note[80] = "";
    size_t sizes[MAX_SIZES];
    int chosen[NMECH] = { 0 }, nsizes, nrows = 0, opt, failures = 0, any_chosen = 0;
    int timeout = DEFAULT_TIMEOUT, trials = DEFAULT_TRIALS, quick = 0, verbose = 0;
    int tcp_nodelay = 0, sweep = 0, nwhere;
    unsigned long long rounds = 0, count = 0;
    struct plan plan = { .inject = INJECT_NONE };
    struct placement where[3];
    uint64_t started;
    FILE *csv, *svg;

    /* 1. Options. */
    demo_start(argv[0], usage_msg);
    default_name(bench_dir, sizeof bench_dir, "/tmp/", "");   /* checks IPC_DEMO_TAG */
    nsizes = parse_sizes(default_sizes, sizes);
    while ((opt = getopt_long(argc, argv, "m:s:n:r:t:vh", long_options, NULL)) != -1) {
        switch (opt) {
        case 'm': parse_mechanisms(optarg, chosen); any_chosen = 1; break;
        case 's': nsizes = parse_sizes(optarg, sizes); break;
        case 'W': sweep = 1; break;
        case 'n': count = parse_number(optarg, "COUNT", 1, 1000000000); break;
        case 'r': rounds = parse_number(optarg, "ROUNDS", 1, 10000000); break;
        case 't': timeout = (int)parse_number(optarg, "SECONDS", 1, 86400); break;
        case 'T': trials = (int)parse_number(optarg, "--trials", 1, BENCH_MAX_TRIALS); break;
        case 'Q': quick = 1; break;
        case 'N': tcp_nodelay = 1; break;
        case 'v': verbose = 1; break;
        case 'C': csv_path = optarg; break;
        case 'S': svg_path = optarg; break;
        case 'P': cpus = optarg; break;
        case 'I':
            for (int i = 1; i < NINJECT; i++) {
                if (strcmp(optarg, inject_names[i]) == 0)
                    plan.inject = (enum inject)i;
            }
            if (plan.inject == INJECT_NONE) {
                fprintf(stderr, "%s: --inject takes drop, dup, corrupt, stall, "
                                "reply-drop, reply-dup or reply-corrupt\n", prog);
                usage(2);
            }
            break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc)
        usage(2);
    if (sweep)
        nsizes = parse_sizes(sweep_sizes, sizes);
    for (int i = 0; i < NMECH && !any_chosen; i++)
        chosen[i] = 1;
    nwhere = placements_for(cpus, where);
    if (rounds == 0)
        rounds = quick ? QUICK_ROUNDS : DEFAULT_ROUNDS;
    plan.rounds = (rounds + (unsigned)trials - 1) / (unsigned)trials;   /* per trial */
    plan.count = count;
    plan.stream_ns = (uint64_t)(quick ? QUICK_STREAM_MS : DEFAULT_STREAM_MS) * 1000000u;
    csv = open_output(csv_path);
    svg = open_output(svg_path);

    /* 2. Signals wait, blocked, for the parent's bounded wait (measure.c);
     *    the children report into memory shared with the parent. */
    if (take_signals_in_wait() == -1)
        die("sigaction");
    result = mmap(NULL, sizeof *result + plan.rounds * sizeof(uint64_t),
                  PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (result == MAP_FAILED)
        die("mmap");
    if (make_tape() == -1)
        die("malloc");
    for (int i = 0; i < NMECH; i++) {
        if (chosen[i] && all_mechanisms[i] == &mech_memcpy_mem && prepare_memcpy_mem(quick) == -1)
            die("mmap (memcpy_mem's buffers)");
    }
    print_environment(where, nwhere, trials, &plan, rounds);
    started = now_ns();

    /* 3. The rows: each chosen mechanism at each size and placement. The
     *    floors do not depend on the size (measured once per placement),
     *    the copies not on the placement (once per size). */
    for (int s = 0; s < nsizes; s++) {
        for (int w = 0; w < nwhere; w++) {
            for (int i = 0; i < NMECH; i++) {
                const struct mechanism *m = all_mechanisms[i];
                const char *why;
                struct row *row;

                if (!chosen[i] || (m->kind == FLOOR && s > 0) ||
                    (m->kind == CEILING_COPY && w > 0))
                    continue;
                row = &rows[nrows++];
                row->mech = m;
                row->size = m->kind == FLOOR ? 0 : sizes[s];
                row->placement = where[w].name;
                if (sizes[s] > m->max_size(&why))
                    snprintf(row->note, sizeof row->note, "skipped: %s (%zu here)", why,
                             m->max_size(&why));
            }
        }
    }

    /* 4. The trials: every row once per round, in a new random order each
     *    round; a row that failed once is not measured again. */
    for (int t = 0; t < trials && !stop_requested(); t++) {
        int order[BENCH_MAX_ROWS];

        for (int i = 0; i < nrows; i++)
            order[i] = i;
        shuffle(order, nrows);
        for (int k = 0; k < nrows; k++) {
            struct row *row = &rows[order[k]];
            const struct placement *p = where;
            struct plan one = plan;
            enum outcome outcome;

            if (row->note[0] != '\0')
                continue;               /* skipped, or failed in an earlier trial */
            while (strcmp(p->name, row->placement) != 0)
                p++;
            one.cpu[PRODUCER] = p->cpu[PRODUCER];
            one.cpu[CONSUMER] = p->cpu[CONSUMER];
            one.size = row->size > 0 ? row->size : 8;
            if (row->mech->kind == CEILING_RING || row->mech->kind == CEILING_COPY)
                one.rounds = 0;         /* a ceiling is a stream only */
            if (isatty(STDERR_FILENO))
                fprintf(stderr, "\r%s: trial %d/%d, %3d/%d: %-10s %7zu B %-5s", prog,
                        t + 1, trials, k + 1, nrows, row->mech->name, one.size, p->name);
            else if (verbose)
                fprintf(stderr, "%s: trial %d/%d: %s, %zu bytes, %s\n", prog, t + 1,
                        trials, row->mech->name, one.size, p->name);
            outcome = run_trial(&one, timeout, verbose, tcp_nodelay, row);
            if (outcome == INTERRUPTED) {
                snprintf(stop_note, sizeof stop_note, " during %s at %zu bytes",
                         row->mech->name, one.size);
                break;
            }
            if (outcome != FINISHED)
                failures++;
        }
    }
    if (isatty(STDERR_FILENO))
        fprintf(stderr, "\r%75s\r", "");

    /* 5. Report: the tables, the crossovers, the files. */
    print_tables(stdout, rows, nrows);
    if (nsizes > 1)
        print_crossovers(stdout, rows, nrows);
    print_load("end");
    printf("wall time: %.1f s\n", (double)(now_ns() - started) / 1e9);
    if (csv != NULL && (write_csv(csv, rows, nrows) == -1 || fclose(csv) == EOF))
        die(csv_path);
    if (svg != NULL && (write_svg(svg, rows, nrows, where[0].name) == -1 || fclose(svg) == EOF))
        die(svg_path);
    if (stop_requested()) {
        printf("interrupted%s: both ends stopped and every object removed%s\n", stop_note,
               csv != NULL || svg != NULL ? "; the files hold the trials done" : "");
        return 0;
    }
    if (failures > 0) {
        printf("FAILED: %d measurement%s went wrong (see the notes above)\n",
               failures, failures == 1 ? "" : "s");
        return 1;
    }
    printf("all measurements ok: every message arrived once, in order, intact\n");
    return 0;
}

/* --- options ------------------------------------------------------------ */

/* A number, with K or M (times 1024) allowed: "64K". */
static unsigned long long parse_number(const char *text, const char *what,
                                       unsigned long long min, unsigned long long max)
{
    unsigned long long value, unit = 1;
    char *end;

    errno = 0;
    if (!isdigit((unsigned char)text[0]))
        goto bad;
    value = strtoull(text, &end, 10);
    if (strcmp(end, "K") == 0 || strcmp(end, "k") == 0 || strcmp(end, "KiB") == 0)
        unit = 1024;
    else if (strcmp(end, "M") == 0 || strcmp(end, "MiB") == 0)
        unit = 1024 * 1024;
    else if (*end != '\0')
        goto bad;
    if (errno == 0 && value <= max / unit && value * unit >= min && value * unit <= max)
        return value * unit;
bad:
    fprintf(stderr, "%s: %s must be a number from %llu to %llu, not \"%s\"\n",
            prog, what, min, max, text);
    usage(2);
}

static int parse_sizes(char *list, size_t sizes[])
{
    int n = 0;

    for (char *item = strtok(list, ","); item != NULL; item = strtok(NULL, ",")) {
        if (n == MAX_SIZES) {
            fprintf(stderr, "%s: at most %d sizes\n", prog, MAX_SIZES);
            usage(2);
        }
        sizes[n++] = (size_t)parse_number(item, "a size", 1, BENCH_MAX_SIZE);
    }
    if (n == 0)
        usage(2);
    return n;
}

static void parse_mechanisms(char *list, int chosen[])
{
    int any = 0;

    for (char *item = strtok(list, ","); item != NULL; item = strtok(NULL, ",")) {
        int found = 0;

        for (int i = 0; i < NMECH; i++) {
            if (strcmp(item, "all") == 0 || strcmp(item, all_mechanisms[i]->name) == 0)
                chosen[i] = found = 1;
        }
        if (!found) {
            fprintf(stderr, "%s: unknown mechanism \"%s\"\n", prog, item);
            usage(2);
        }
        any = 1;
    }
    if (!any)
        usage(2);
}

/* Where the two ends run. Pinned by default, both ways: unpinned, the
 * scheduler puts the ends on one CPU or two as it likes, separately for
 * each row and even each phase, and rows can no longer be compared. */
static int placements_for(const char *cpus, struct placement out[3])
{
    int cpu_a = -1, cpu_b = -1, n = 0;
    cpu_set_t set;

    if (sched_getaffinity(0, sizeof set, &set) == -1)
        die("sched_getaffinity");
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
        if (CPU_ISSET(cpu, &set) && cpu_a < 0)
            cpu_a = cpu;
        else if (CPU_ISSET(cpu, &set) && cpu_b < 0)
            cpu_b = cpu;
    }
    if (cpus != NULL && strcmp(cpus, "same") != 0 && strcmp(cpus, "split") != 0 &&
        strcmp(cpus, "free") != 0) {
        fprintf(stderr, "%s: --cpus takes same, split or free, not \"%s\"\n", prog, cpus);
        usage(2);
    }
    if (cpus != NULL && strcmp(cpus, "split") == 0 && cpu_b < 0)
        fail("--cpus split needs two CPUs, and we may use only CPU %d", cpu_a);
    if (cpus == NULL || strcmp(cpus, "same") == 0)
        out[n++] = (struct placement){ "same", { cpu_a, cpu_a } };
    if ((cpus == NULL && cpu_b >= 0) || (cpus != NULL && strcmp(cpus, "split") == 0))
        out[n++] = (struct placement){ "split", { cpu_a, cpu_b } };
    if (cpus != NULL && strcmp(cpus, "free") == 0)
        out[n++] = (struct placement){ "free", { -1, -1 } };
    return n;
}

static FILE *open_output(const char *path)
{
    FILE *f;

    if (path == NULL)
        return NULL;
    f = fopen(path, "w");
    if (f == NULL)
        die(path);
    return f;
}

/* Fisher-Yates, seeded from the clock: each run, a different order. */
static void shuffle(int *order, int n)
{
    static int seeded;

    if (!seeded) {
        srand((unsigned)now_ns());
        seeded = 1;
    }
    for (int i = n - 1; i > 0; i--) {
        int j = rand() % (i + 1), keep = order[i];
        order[i] = order[j];
        order[j] = keep;
    }
}

/* --- the environment: what a reader needs to judge the numbers --------- */

/* The first line of FILE, or "?" (to print /sys and /proc settings). */
static const char *first_line(const char *file, char *out, size_t size)
{
    FILE *f = fopen(file, "r");

    snprintf(out, size, "?");
    if (f != NULL && fgets(out, (int)size, f) != NULL)
        out[strcspn(out, "\n")] = '\0';
    if (f != NULL)
        fclose(f);
    return out;
}

static void print_load(const char *when)
{
    char load[80];

    printf("load average at %s: %s\n", when, first_line("/proc/loadavg", load, sizeof load));
}

static void print_environment(const struct placement *where, int nwhere, int trials,
                              const struct plan *plan, unsigned long long rounds)
{
    char line[256], model[128] = "unknown CPU", a[64], b[64], c[64], d[64];
    struct utsname un;
    FILE *f = fopen("/proc/cpuinfo", "r");
    int vulnerable = 0, mitigated = 0;

    while (f != NULL && fgets(line, sizeof line, f) != NULL) {
        char *colon = strchr(line, ':');
        if (strncmp(line, "model name", 10) == 0 && colon != NULL) {
            snprintf(model, sizeof model, "%s", colon + 2);
            model[strcspn(model, "\n")] = '\0';
            break;
        }
    }
    if (f != NULL)
        fclose(f);
    if (uname(&un) == -1)
        die("uname");
    printf("%s: every message is checked byte for byte; a run that loses,\n"
           "repeats or damages one fails.\n", prog);
    printf("machine: %s, %ld CPUs online\n", model, sysconf(_SC_NPROCESSORS_ONLN));
    printf("kernel: %s %s; clocksource %s; cpuidle %s\n", un.release, un.machine,
           first_line("/sys/devices/system/clocksource/clocksource0/current_clocksource",
                      a, sizeof a),
           first_line("/sys/devices/system/cpu/cpuidle/current_driver", b, sizeof b));
    for (const char *v[] = { "meltdown", "spectre_v1", "spectre_v2", "mds", "retbleed",
                             "spec_store_bypass", NULL }, **p = v; *p != NULL; p++) {
        snprintf(line, sizeof line, "/sys/devices/system/cpu/vulnerabilities/%s", *p);
        first_line(line, a, sizeof a);
        vulnerable += strncmp(a, "Vulnerable", 10) == 0;
        mitigated += strncmp(a, "Mitigation", 10) == 0;
    }
    printf("CPU mitigations: %d of 6 known flaws mitigated, %d vulnerable (sysfs)\n",
           mitigated, vulnerable);
    printf("IPC limits: pipe-max-size %s, msgmax %s, msgmnb %s, mq msg_max %s\n",
           first_line("/proc/sys/fs/pipe-max-size", a, sizeof a),
           first_line("/proc/sys/kernel/msgmax", b, sizeof b),
           first_line("/proc/sys/kernel/msgmnb", c, sizeof c),
           first_line("/proc/sys/fs/mqueue/msg_max", d, sizeof d));
    print_load("start");
    printf("placements:");
    for (int w = 0; w < nwhere; w++) {
        if (where[w].cpu[0] < 0)
            printf(" free (not pinned)");
        else
            printf("%s %s (producer CPU %d, consumer CPU %d)", w ? ";" : "", where[w].name,
                   where[w].cpu[PRODUCER], where[w].cpu[CONSUMER]);
    }
    printf("\n");
    if (plan->count > 0)
        printf("method: %d shuffled trials per row, each %llu messages streamed\n",
               trials, plan->count);
    else
        printf("method: %d shuffled trials per row, each a stream of %.2f s\n", trials,
               (double)plan->stream_ns / 1e9);
    printf("and %llu round trips per row (%llu per trial)\n", rounds, plan->rounds);
}
