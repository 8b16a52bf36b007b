/*
 * ipc_bench.c - the producer-consumer benchmark: the same messages through
 * every IPC mechanism, measured and checked.
 *
 * This file is the parent. For each mechanism and message size it creates
 * the IPC object, forks a consumer and a producer, and waits for both (never
 * longer than the time limit). The producer first plays ping-pong with the
 * consumer, timing every round trip with CLOCK_MONOTONIC (latency: median,
 * p99, min), then streams COUNT messages as fast as the consumer takes them
 * (throughput). Every message carries its sequence number and bytes that
 * depend on it; the consumer checks every byte of every message, and the
 * producer every byte of every reply, so a lost, repeated or damaged
 * message is caught: no wrong result can be fast. A memcpy row gives the
 * ceiling: the producer's own copying, alone in one process.
 *
 * Usage: ipc_bench [-m MECH,...] [-s SIZES] [-n COUNT] [-r ROUNDS] [-t SECONDS]
 *                  [--cpus same|split] [--csv FILE] [--svg FILE] [-v]
 *        ipc_bench --baseline [--cpus split]
 *   Mechanisms: pipe fifo socketpair unix tcp sysv_mq posix_mq shm_block
 *   shm_spin (default: all); sizes like 64,4K,64K (the default).
 *
 * Build: part of the CMake tree (build/bin/ipc_bench), or on its own:
 *   cd bench && cc -std=c11 -O2 -pthread ipc_bench.c prodcons.c transports.c \
 *               shm_ring.c report.c baseline.c -lm -o ipc_bench
 *
 * See also: prodcons.c (the two children), transports.c, shm_ring.c,
 * report.c, baseline.c, docs/benchmark.md.
 * Try: `ipc_bench -m pipe -s 64 --cpus same` and then `--cpus split`: the
 * same pipe, several times slower when every message wakes the other CPU.
 */
#define _GNU_SOURCE   /* sched_setaffinity and CPU_SET (Linux), getopt_long */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ipc_demo.h"
#include "bench.h"

#define MAX_SIZES        16
#define STREAM_BYTES     (1024ull * 1024 * 1024)  /* default COUNT: this much data, */
#define STREAM_MIN       1000ull                  /* at least this many messages */
#define STREAM_MAX       500000ull                /* and at most this many */
#define DEFAULT_ROUNDS   2000ull
#define DEFAULT_TIMEOUT  10           /* seconds one mechanism at one size may take */

static const struct mechanism *all_mechanisms[] = {
    &mech_pipe, &mech_fifo, &mech_socketpair, &mech_unix, &mech_tcp,
    &mech_sysv_mq, &mech_posix_mq, &mech_shm_block, &mech_shm_spin,
};
#define NMECH ((int)(sizeof all_mechanisms / sizeof all_mechanisms[0]))

static const char *inject_names[] = { "none", "drop", "dup", "corrupt", "stall" };

static sigset_t original_mask;
static pid_t parent_pid;
static int verbose;
static int stopped;                    /* SIGINT or SIGTERM: stop measuring */

static const char usage_msg[] =
    "usage: ipc_bench [-m MECH,...] [-s SIZES] [-n COUNT] [-r ROUNDS] [-t SECONDS]\n"
        "                 [--cpus same|split] [--csv FILE] [--svg FILE] [-v]\n"
        "       ipc_bench --baseline [--cpus split] [-r ROUNDS]\n"
        "  -m MECH,...   mechanisms (default all): pipe fifo socketpair unix tcp\n"
        "                sysv_mq posix_mq shm_block shm_spin (memcpy is always measured)\n"
        "  -s SIZES      message sizes in bytes, K = 1024 (default 64,4K,64K; max 1M)\n"
        "  -n COUNT      messages streamed per mechanism and size\n"
        "                (default: 1 GiB worth, at least 1000, at most 500000)\n"
        "  -r ROUNDS     timed round trips per mechanism and size (default 2000)\n"
        "  -t SECONDS    longest one mechanism may take at one size (default 10)\n"
        "  --cpus same   pin producer and consumer to one CPU; split: to two CPUs\n"
        "  --csv FILE    write the results as CSV; --svg FILE as an SVG bar chart\n"
        "  -v            narrate: each object created and removed, each process\n"
        "  --baseline    measure the floors: a cache-line round trip between two\n"
        "                threads and a bare write/read loop over a pipe\n"
        "  --inject drop|dup|corrupt|stall   (for tests) make the producer lose,\n"
        "                repeat or damage one message, or stop half-way\n";

/* --- the children ------------------------------------------------------ */

static int pin_to_cpu(struct channel *ch, int cpu)
{
    cpu_set_t set;

    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof set, &set) == 0 ? 0 : bench_fail(ch, "sched_setaffinity");
}

/* In the child: undo the parent's signal set-up, make sure we die with the
 * parent (Linux: PR_SET_PDEATHSIG), open our end, run, report, _exit (not
 * exit: the parent's buffered output must not be flushed twice). */
static void child(struct channel *ch, enum role role, const struct plan *plan)
{
    static const int parent_signals[] = { SIGINT, SIGTERM, SIGCHLD };
    struct sigaction dfl = { .sa_handler = SIG_DFL };
    int status;

    for (int i = 0; i < 3; i++) {
        if (sigaction(parent_signals[i], &dfl, NULL) == -1)
            die_child("sigaction");
    }
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 || getppid() != parent_pid)
        _exit(1);
    sigprocmask(SIG_SETMASK, &original_mask, NULL);
    ch->role = role;
    if ((plan->cpu[role] >= 0 && pin_to_cpu(ch, plan->cpu[role]) == -1) ||
        ch->mech->open_end(ch) == -1)
        status = -1;
    else
        status = role == PRODUCER ? producer(ch, plan) : consumer(ch, plan);
    if (status == -1)
        snprintf(result->error[role], sizeof result->error[role], "%s", ch->error);
    ch->mech->close_end(ch);
    _exit(status == 0 ? 0 : 1);
}

/* --- the parent: one measurement, bounded ------------------------------- */

enum outcome { FINISHED, TIMED_OUT, INTERRUPTED };

static void kill_and_reap(pid_t pid[2], int status[2])
{
    for (int i = 0; i < 2; i++) {
        if (pid[i] > 0)
            kill(pid[i], SIGKILL);
    }
    for (int i = 0; i < 2; i++) {
        if (pid[i] > 0 && waitpid(pid[i], &status[i], 0) == pid[i])
            pid[i] = 0;
    }
}

/* Wait for both children, at most until the deadline. SIGINT, SIGTERM and
 * SIGCHLD stay blocked in the parent and are taken here by sigtimedwait(),
 * which unblocks them atomically: a Ctrl-C can never slip in between a
 * check and the wait and be missed. A child that fails takes the other
 * down with it (it could wait forever for a peer that has gone). */
static enum outcome wait_children(pid_t pid[2], int status[2], uint64_t deadline)
{
    sigset_t wanted;

    sigemptyset(&wanted);
    sigaddset(&wanted, SIGCHLD);
    sigaddset(&wanted, SIGINT);
    sigaddset(&wanted, SIGTERM);
    for (;;) {
        struct timespec left;
        uint64_t now;
        int sig;

        for (int i = 0; i < 2; i++) {
            if (pid[i] > 0 && waitpid(pid[i], &status[i], WNOHANG) == pid[i]) {
                pid[i] = 0;
                if (!WIFEXITED(status[i]) || WEXITSTATUS(status[i]) != 0)
                    kill_and_reap(pid, status);
            }
        }
        if (pid[0] == 0 && pid[1] == 0)
            return FINISHED;
        now = now_ns();
        if (now >= deadline) {
            kill_and_reap(pid, status);
            return TIMED_OUT;
        }
        left.tv_sec = (time_t)((deadline - now) / 1000000000u);
        left.tv_nsec = (long)((deadline - now) % 1000000000u);
        sig = sigtimedwait(&wanted, NULL, &left);
        if (sig == SIGINT || sig == SIGTERM) {
            stopped = 1;
            kill_and_reap(pid, status);
            return INTERRUPTED;
        }
    }
}

/* A Ctrl-C taken by wait_children, or one still pending (it came while
 * the parent was busy between two measurements). */
static int stop_requested(void)
{
    sigset_t pending;

    if (sigpending(&pending) == 0 &&
        (sigismember(&pending, SIGINT) || sigismember(&pending, SIGTERM)))
        stopped = 1;
    return stopped;
}

static void describe_exit(char *out, size_t size, const char *who, int status, const char *error)
{
    if (error[0] != '\0')
        snprintf(out, size, "%s: %s", who, error);
    else if (WIFSIGNALED(status))
        snprintf(out, size, "%s killed by signal %d", who, WTERMSIG(status));
    else
        snprintf(out, size, "%s exited with status %d", who, WEXITSTATUS(status));
}

/* One mechanism at one size: create, fork both ends, wait, remove, judge.
 * Returns INTERRUPTED if a signal asked us to stop. */
static enum outcome measure(const struct mechanism *m, const struct plan *plan,
                            int timeout, struct row *row)
{
    struct channel ch = { .mech = m, .size = plan->size, .verbose = verbose,
                          .fd = { -1, -1 }, .parent_fd = { -1, -1, -1, -1 },
                          .listen_fd = -1, .msqid = -1, .mq = { (mqd_t)-1, (mqd_t)-1 } };
    pid_t pid[2] = { 0, 0 };
    int status[2] = { 0, 0 };
    enum outcome outcome = FINISHED;
    const struct shared_result *r = result;
    double seconds;

    memset(result, 0, sizeof *result);
    row->measured = 1;                  /* from here on, a failure is a result */
    if (m->create(&ch) == -1) {
        snprintf(row->note, sizeof row->note, "setting up failed: %s", ch.error);
        m->destroy(&ch);
        return FINISHED;
    }
    fflush(NULL);                       /* nothing buffered to be copied by fork */
    for (int role = CONSUMER; role >= PRODUCER; role--) {
        pid[role] = fork();
        if (pid[role] == -1) {
            pid[role] = 0;
            snprintf(row->note, sizeof row->note, "fork: %s", strerror(errno));
            kill_and_reap(pid, status);
            m->destroy(&ch);
            return FINISHED;
        }
        if (pid[role] == 0)
            child(&ch, (enum role)role, plan);
        narrate(&ch, "forked the %s, pid %ld", role == PRODUCER ? "producer" : "consumer",
                (long)pid[role]);
    }
    m->parent_after_fork(&ch);
    outcome = wait_children(pid, status, now_ns() + (uint64_t)timeout * 1000000000u);
    m->destroy(&ch);
    if (outcome == INTERRUPTED)
        return outcome;

    if (outcome == TIMED_OUT) {
        snprintf(row->note, sizeof row->note,
                 "stuck: no result within %d s (%llu of %llu messages arrived); "
                 "both ends killed", timeout, r->received,
                 WARMUP_ROUNDS + plan->rounds + plan->count);
        return FINISHED;
    }
    /* The side that said what went wrong first; the other side may only
     * have been killed because of it. */
    for (int pass = 0; pass < 2; pass++) {
        for (int role = PRODUCER; role <= CONSUMER; role++) {
            if ((pass == 0 && r->error[role][0] != '\0') ||
                (pass == 1 && (!WIFEXITED(status[role]) || WEXITSTATUS(status[role]) != 0))) {
                describe_exit(row->note, sizeof row->note,
                              role == PRODUCER ? "producer" : "consumer", status[role],
                              r->error[role]);
                return FINISHED;
            }
        }
    }
    if (r->lost || r->duplicated || r->corrupted || r->bad_replies) {
        snprintf(row->note, sizeof row->note,
                 "DATA ERROR: %llu lost, %llu duplicated, %llu corrupted, %llu bad replies",
                 r->lost, r->duplicated, r->corrupted, r->bad_replies);
        return FINISHED;
    }
    seconds = (double)(r->t_end - r->t_start) / 1e9;
    row->ok = 1;
    row->msgs_per_s = (double)plan->count / seconds;
    row->mb_per_s = row->msgs_per_s * (double)plan->size / 1e6;
    row->rtt_median_ns = r->rtt_median;
    row->rtt_p99_ns = r->rtt_p99;
    row->rtt_min_ns = r->rtt_min;
    return FINISHED;
}

/* --- options ------------------------------------------------------------ */

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
    return 0;
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
        int found = strcmp(item, "memcpy") == 0;     /* always measured anyway */

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

/* The first two CPUs we may run on. */
static void pick_cpus(int *cpu_a, int *cpu_b)
{
    cpu_set_t set;

    *cpu_a = *cpu_b = -1;
    if (sched_getaffinity(0, sizeof set, &set) == -1)
        die("sched_getaffinity");
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
        if (!CPU_ISSET(cpu, &set))
            continue;
        if (*cpu_a < 0)
            *cpu_a = cpu;
        else if (*cpu_b < 0)
            *cpu_b = cpu;
    }
}

static void describe_machine(char *out, size_t size)
{
    char line[256], model[128] = "unknown CPU";
    struct utsname un;
    FILE *f = fopen("/proc/cpuinfo", "r");

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
    snprintf(out, size, "%s, %ld CPUs online, %s %s %s", model,
             sysconf(_SC_NPROCESSORS_ONLN), un.sysname, un.release, un.machine);
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

static void progress(int done, int total, size_t size, const char *name)
{
    if (isatty(STDERR_FILENO))
        fprintf(stderr, "\r%s: [%2d/%d] %zu B %-12s", prog, done, total, size, name);
    else
        fprintf(stderr, "%s: [%d/%d] %zu bytes, %s\n", prog, done, total, size, name);
}

static void no_op(int sig)
{
    (void)sig;
}

int main(int argc, char *argv[])
{
    static const struct option long_options[] = {
        { "csv", required_argument, NULL, 'C' }, { "svg", required_argument, NULL, 'S' },
        { "cpus", required_argument, NULL, 'P' }, { "inject", required_argument, NULL, 'I' },
        { "baseline", no_argument, NULL, 'B' }, { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    static struct row rows[BENCH_MAX_ROWS];
    char default_sizes[] = "64,4K,64K", machine[300], subtitle[600], stop_note[80] = "",
         *csv_path = NULL,
         *svg_path = NULL, *cpus = NULL;
    size_t sizes[MAX_SIZES];
    int chosen[NMECH] = { 0 }, nsizes, nrows = 0, opt, failures = 0, baseline = 0;
    int timeout = DEFAULT_TIMEOUT, cpu_a, cpu_b, total, done = 0, any_chosen = 0;
    unsigned long long count = 0;
    struct plan plan = { .rounds = DEFAULT_ROUNDS, .inject = INJECT_NONE, .cpu = { -1, -1 } };
    sigset_t blocked;
    FILE *csv, *svg;

    demo_start(argv[0], usage_msg);
    default_name(bench_dir, sizeof bench_dir, "/tmp/", "");
    nsizes = parse_sizes(default_sizes, sizes);
    while ((opt = getopt_long(argc, argv, "m:s:n:r:t:vh", long_options, NULL)) != -1) {
        switch (opt) {
        case 'm': parse_mechanisms(optarg, chosen); any_chosen = 1; break;
        case 's': nsizes = parse_sizes(optarg, sizes); break;
        case 'n': count = parse_number(optarg, "COUNT", 1, 1000000000); break;
        case 'r': plan.rounds = parse_number(optarg, "ROUNDS", 1, 10000000); break;
        case 't': timeout = (int)parse_number(optarg, "SECONDS", 1, 86400); break;
        case 'v': verbose = 1; break;
        case 'C': csv_path = optarg; break;
        case 'S': svg_path = optarg; break;
        case 'P':
            if (strcmp(optarg, "same") != 0 && strcmp(optarg, "split") != 0) {
                fprintf(stderr, "%s: --cpus takes same or split, not \"%s\"\n", prog, optarg);
                usage(2);
            }
            cpus = optarg;
            break;
        case 'I':
            for (int i = 1; i < 5; i++) {
                if (strcmp(optarg, inject_names[i]) == 0)
                    plan.inject = (enum inject)i;
            }
            if (plan.inject == INJECT_NONE) {
                fprintf(stderr, "%s: --inject takes drop, dup, corrupt or stall\n", prog);
                usage(2);
            }
            break;
        case 'B': baseline = 1; break;
        case 'h': usage(0); break;
        default:  usage(2);
        }
    }
    if (optind != argc)
        usage(2);
    if (!any_chosen)
        for (int i = 0; i < NMECH; i++)
            chosen[i] = 1;
    pick_cpus(&cpu_a, &cpu_b);
    if (cpus != NULL && strcmp(cpus, "split") == 0 && cpu_b < 0) {
        fprintf(stderr, "%s: --cpus split needs two CPUs, and we may use only CPU %d\n",
                prog, cpu_a);
        exit(1);
    }
    if (baseline)
        return run_baselines(cpu_a, cpu_b, cpus,
                             plan.rounds == DEFAULT_ROUNDS ? 100000 : plan.rounds);
    if (cpus != NULL) {
        plan.cpu[PRODUCER] = cpu_a;
        plan.cpu[CONSUMER] = strcmp(cpus, "same") == 0 ? cpu_a : cpu_b;
    }
    csv = open_output(csv_path);
    svg = open_output(svg_path);

    /* Signals: blocked from here on, and taken only where the parent waits
     * (wait_children). The no-op handlers matter: a signal whose action is
     * "ignore" (as sh sets SIGINT for a background job) would be dropped. */
    catch_signal(SIGINT, no_op, 0);
    catch_signal(SIGTERM, no_op, 0);
    catch_signal(SIGCHLD, no_op, 0);
    catch_signal(SIGPIPE, SIG_IGN, 0); /* a vanished peer: EPIPE, not death */
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGINT);
    sigaddset(&blocked, SIGTERM);
    sigaddset(&blocked, SIGCHLD);
    sigprocmask(SIG_BLOCK, &blocked, &original_mask);
    parent_pid = getpid();

    result = mmap(NULL, sizeof *result, PROT_READ | PROT_WRITE,
                  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (result == MAP_FAILED)
        die("mmap");
    if (make_tape() == -1)
        die("malloc");
    describe_machine(machine, sizeof machine);
    printf("%s: every message is checked byte for byte; a run that loses, repeats\n"
           "or damages one fails. Machine: %s.\n", prog, machine);
    if (cpus == NULL)
        printf("CPUs: not pinned (the scheduler places producer and consumer)\n");
    else
        printf("CPUs: producer on CPU %d, consumer on CPU %d (--cpus %s)\n",
               plan.cpu[PRODUCER], plan.cpu[CONSUMER], cpus);

    total = nsizes;
    for (int i = 0; i < NMECH; i++)
        total += nsizes * chosen[i];
    for (int s = 0; s < nsizes; s++) {
        int first = nrows;
        struct row *memcpy_row = &rows[nrows++];

        plan.size = sizes[s];
        plan.count = count ? count : STREAM_BYTES / plan.size;
        if (!count && plan.count < STREAM_MIN)
            plan.count = STREAM_MIN;
        if (!count && plan.count > STREAM_MAX)
            plan.count = STREAM_MAX;
        progress(++done, total, plan.size, "memcpy");
        memcpy_row->mechanism = "memcpy";
        memcpy_row->size = plan.size;
        if (measure_memcpy(plan.size, plan.count, memcpy_row) == -1)
            die("calloc");
        for (int i = 0; i < NMECH && !stop_requested(); i++) {
            const struct mechanism *m = all_mechanisms[i];
            struct row *row;
            const char *why;

            if (!chosen[i])
                continue;
            row = &rows[nrows++];
            row->mechanism = m->name;
            row->size = plan.size;
            progress(++done, total, plan.size, m->name);
            if (plan.size > m->max_size(&why)) {
                snprintf(row->note, sizeof row->note, "skipped: %s (%zu here)", why,
                         m->max_size(&why));
                continue;
            }
            if (measure(m, &plan, timeout, row) == INTERRUPTED) {
                snprintf(stop_note, sizeof stop_note, " during %s at %zu bytes",
                         m->name, plan.size);
                nrows--;
                break;
            }
            if (row->ok)
                row->pct_of_memcpy = 100.0 * row->mb_per_s / memcpy_row->mb_per_s;
            else
                failures++;
        }
        if (isatty(STDERR_FILENO))
            fprintf(stderr, "\r%60s\r", "");
        if (stop_requested())
            break;
        memcpy_row->pct_of_memcpy = 100.0;
        print_table(stdout, rows + first, nrows - first, plan.size, plan.count, plan.rounds);
    }

    snprintf(subtitle, sizeof subtitle, "%s; %s; %llu round trips per point",
             machine, cpus == NULL ? "CPUs not pinned" :
             strcmp(cpus, "same") == 0 ? "both ends on one CPU" : "ends on two CPUs",
             plan.rounds);
    if (csv != NULL && (write_csv(csv, rows, nrows) == -1 || fclose(csv) == EOF))
        die(csv_path);
    if (svg != NULL && (write_svg(svg, rows, nrows, subtitle) == -1 || fclose(svg) == EOF))
        die(svg_path);
    if (stop_requested()) {
        printf("interrupted%s: both ends stopped and every object removed%s\n", stop_note,
               csv != NULL || svg != NULL ? "; the files hold the results so far" : "");
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
