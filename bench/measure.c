/*
 * measure.c - one trial of one row: create the object, fork a consumer and
 * a producer (each pinned where the placement says), wait for both, never
 * longer than the time limit, remove the object, and judge what the two
 * children reported.
 *
 * The parent keeps SIGINT, SIGTERM, SIGHUP and SIGCHLD blocked and takes
 * them only in sigtimedwait(), which unblocks them atomically: a Ctrl-C
 * (or the terminal closing) can never slip in between a check and the wait
 * and be missed. Every loop that measures runs in a child, so whatever it
 * is doing, the parent can stop it at once: kill, reap, remove.
 *
 * See also: ipc_bench.c (the trials), prodcons.c, baseline.c, bench.h.
 */
#define _GNU_SOURCE   /* sched_setaffinity and CPU_SET (Linux) */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

static const int ending_signals[] = { SIGINT, SIGTERM, SIGHUP };
static sigset_t original_mask;
static pid_t parent_pid;

static void no_op(int sig)
{
    (void)sig;
}

/* Handlers that do nothing, then all blocked: the signals wait, pending,
 * for wait_children. (A handler matters: a signal whose action is "ignore",
 * as sh sets SIGINT for a background job, would be dropped, not pending.) */
int take_signals_in_wait(void)
{
    struct sigaction sa = { .sa_handler = no_op };
    sigset_t blocked;

    sigemptyset(&sa.sa_mask);
    sigemptyset(&blocked);
    for (int i = 0; i < 3; i++) {
        if (sigaction(ending_signals[i], &sa, NULL) == -1)
            return -1;
        sigaddset(&blocked, ending_signals[i]);
    }
    if (sigaction(SIGCHLD, &sa, NULL) == -1)
        return -1;
    sa.sa_handler = SIG_IGN;            /* a vanished peer: EPIPE, not death */
    if (sigaction(SIGPIPE, &sa, NULL) == -1)
        return -1;
    sigaddset(&blocked, SIGCHLD);
    parent_pid = getpid();
    return sigprocmask(SIG_BLOCK, &blocked, &original_mask);
}

static int pin_to_cpu(struct channel *ch, int cpu)
{
    cpu_set_t set;

    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof set, &set) == 0 ? 0 : bench_fail(ch, "sched_setaffinity");
}

/* In the child: undo the parent's signal set-up, make sure we die with the
 * parent (Linux: PR_SET_PDEATHSIG), pin, open our end, run, report, _exit
 * (not exit: the parent's buffered output must not be flushed twice). */
static void child(struct channel *ch, enum role role, const struct plan *plan)
{
    struct sigaction dfl = { .sa_handler = SIG_DFL };
    int status;

    sigemptyset(&dfl.sa_mask);
    for (int i = 0; i < 3; i++) {
        if (sigaction(ending_signals[i], &dfl, NULL) == -1)
            _exit(1);
    }
    if (sigaction(SIGCHLD, &dfl, NULL) == -1 || prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 ||
        getppid() != parent_pid || sigprocmask(SIG_SETMASK, &original_mask, NULL) == -1)
        _exit(1);
    ch->role = role;
    if ((plan->cpu[role] >= 0 && pin_to_cpu(ch, plan->cpu[role]) == -1) ||
        ch->mech->open_end(ch) == -1)
        status = -1;
    else if (ch->mech->run != NULL)
        status = ch->mech->run(ch, plan);
    else
        status = role == PRODUCER ? producer(ch, plan) : consumer(ch, plan);
    if (status == -1)
        snprintf(result->error[role], sizeof result->error[role], "%s", ch->error);
    ch->mech->close_end(ch);
    _exit(status == 0 ? 0 : 1);
}

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

/* Wait for both children, at most until the deadline. A child that fails
 * takes the other down with it (it could wait forever for a peer that has
 * gone). */
static enum outcome wait_children(pid_t pid[2], int status[2], uint64_t deadline)
{
    sigset_t wanted;

    sigemptyset(&wanted);
    sigaddset(&wanted, SIGCHLD);
    for (int i = 0; i < 3; i++)
        sigaddset(&wanted, ending_signals[i]);
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
        if (sig != -1 && sig != SIGCHLD) {
            note_stop();
            kill_and_reap(pid, status);
            return INTERRUPTED;
        }
    }
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

/* What the children said, or why there is nothing to say: 0 if the trial
 * is good, -1 with row->note set if not. */
static int judge(const int status[2], struct row *row)
{
    const struct shared_result *r = result;

    /* Wrong data first: a side that then failed (a producer that ran ahead
     * on a repeated reply and left, a write to it that found it gone) only
     * failed because of it. */
    if (r->lost || r->duplicated || r->corrupted || r->bad_replies) {
        snprintf(row->note, sizeof row->note,
                 "DATA ERROR: %llu lost, %llu duplicated, %llu corrupted, %llu bad replies",
                 r->lost, r->duplicated, r->corrupted, r->bad_replies);
        return -1;
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
                return -1;
            }
        }
    }
    return 0;
}

/* Add a good trial's numbers to its row. */
static void record(const struct plan *plan, struct row *row)
{
    const struct shared_result *r = result;
    int t = row->trials++;

    /* Per message of the stream; for the floors (no stream), per round trip. */
    double per = r->streamed > 0 ? (double)r->streamed : (double)r->nsamples;

    if (r->streamed > 0) {
        double seconds = (double)(r->t_end - r->t_start) / 1e9;
        row->msgs[t] = (double)r->streamed / seconds;
        row->mb[t] = row->msgs[t] * (double)plan->size / 1e6;
    }
    if (per > 0) {
        row->ctx[t] = (double)(r->ctx[0] + r->ctx[1]) / per;
        row->cpu[t] = (double)(r->cpu_ns[0] + r->cpu_ns[1]) / per;
    }
    if (r->nsamples > 0) {
        uint64_t *more = realloc(row->samples, (row->nsamples + r->nsamples) * sizeof *more);
        if (more == NULL) {
            fprintf(stderr, "ipc_bench: out of memory for the round trips\n");
            exit(1);
        }
        memcpy(more + row->nsamples, r->samples, r->nsamples * sizeof *more);
        row->samples = more;
        row->nsamples += r->nsamples;
    }
    for (int i = 0; i < 2; i++)
        row->cpus_seen[i] |= r->cpus_seen[i];
    snprintf(row->capacity, sizeof row->capacity, "%s", r->capacity);
}

/* The copies need no second process, and are run by the parent itself:
 * memcpy_mem's buffers are mapped and touched once, here, where a child
 * would pay a page fault for every page again (in this VM, up to 50 us
 * each). The loop checks the deadline and for a pending signal itself. */
static enum outcome run_copy(const struct plan *plan, int timeout, struct channel *ch,
                             struct row *row)
{
    struct plan one = *plan;
    cpu_set_t all;
    int status;

    if (sched_getaffinity(0, sizeof all, &all) == -1)
        return FAILED;
    ch->role = PRODUCER;
    one.deadline = now_ns() + (uint64_t)timeout * 1000000000u;
    if (plan->cpu[PRODUCER] >= 0 && pin_to_cpu(ch, plan->cpu[PRODUCER]) == -1)
        status = -1;
    else
        status = ch->mech->run(ch, &one);
    sched_setaffinity(0, sizeof all, &all);
    if (stop_requested())
        return INTERRUPTED;
    if (status == -1) {
        snprintf(row->note, sizeof row->note, "%s", ch->error);
        return FAILED;
    }
    record(plan, row);
    return FINISHED;
}

/* One trial: create, fork both ends, wait, remove, judge, record. */
enum outcome run_trial(const struct plan *plan, int timeout, int verbose, int tcp_nodelay,
                       struct row *row)
{
    const struct mechanism *m = row->mech;
    struct channel ch = { .mech = m, .size = plan->size, .verbose = verbose,
                          .tcp_nodelay = tcp_nodelay,
                          .fd = { -1, -1 }, .parent_fd = { -1, -1, -1, -1 },
                          .listen_fd = -1, .msqid = -1, .mq = { (mqd_t)-1, (mqd_t)-1 } };
    pid_t pid[2] = { 0, 0 };
    int status[2] = { 0, 0 };
    enum outcome outcome;

    memset(result, 0, sizeof *result);
    result->echoes = WARMUP_ROUNDS + plan->rounds;
    result->stream_total = plan->count > 0 ? WARMUP_ROUNDS + plan->rounds + plan->count
                                           : ~0ull;
    row->measured = 1;                  /* from here on, a failure is a result */
    if (m->kind == CEILING_COPY)
        return run_copy(plan, timeout, &ch, row);
    if (m->create(&ch) == -1) {
        snprintf(row->note, sizeof row->note, "setting up failed: %s", ch.error);
        m->destroy(&ch);
        return FAILED;
    }
    fflush(NULL);                       /* nothing buffered to be copied by fork */
    for (int role = CONSUMER; role >= PRODUCER; role--) {
        pid[role] = fork();
        if (pid[role] == -1) {
            pid[role] = 0;
            snprintf(row->note, sizeof row->note, "fork: %s", strerror(errno));
            kill_and_reap(pid, status);
            m->destroy(&ch);
            return FAILED;
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
                 "stuck: no result within %d s (%llu messages arrived); both ends killed",
                 timeout, result->received);
        return FAILED;
    }
    if (judge(status, row) == -1)
        return FAILED;
    record(plan, row);
    return FINISHED;
}
