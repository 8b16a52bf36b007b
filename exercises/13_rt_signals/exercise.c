/*
 * Exercise 13 - rt_signals: real-time signals queue, standard ones merge;
 * reap every child from a SIGCHLD handler.
 *
 * The parent starts N workers. Each, when done, reports to the parent with
 * sigqueue() (its number as the value) and exits. The parent keeps the
 * report signal and SIGCHLD blocked until every worker has ended, so all
 * the signals wait pending, as they would on a busy machine, then unblocks
 * them. Now the difference shows:
 *   - a standard signal (SIGUSR1, SIGCHLD...) is one bit in the pending
 *     set: five of them pending are one, delivered once;
 *   - a real-time signal (SIGRTMIN..SIGRTMAX) queues: five are five, each
 *     with its value.
 * So the report must use a real-time signal, and the SIGCHLD handler,
 * which may run once for several children, must reap until none is left.
 *
 * Your part: the two TODOs (report_signal and on_sigchld).
 *
 * Usage: exercise [N]          (N workers, 1 to 20, default 5)
 * Grade it: sh exercises/grade.sh 13
 */
#include "ipc_demo.h"
#include <sys/wait.h>

#define MAX_WORKERS 20

static const char help[] =
    "Exercise 13: N workers each report to the parent with a signal and\n"
    "exit, while the parent blocks the signals; then it unblocks them and\n"
    "counts the reports that arrived and the children it reaped. It runs\n"
    "alone.\n"
    "usage: exercise [N]   (N workers, 1 to 20, default 5)\n";

static volatile sig_atomic_t reports, report_values[MAX_WORKERS + 1];
static volatile sig_atomic_t reaped, sigchld_count;

/* TODO(student): return the signal the workers report with: one that
 * queues, so that N reports pending at once are N deliveries. */
static int report_signal(void)
{
    return SIGUSR1;
}
/* END TODO */

/* One report: the worker's number comes as the sigqueue() value. */
static void on_report(int sig, siginfo_t *info, void *context)
{
    int k = info->si_value.sival_int;

    (void)sig;
    (void)context;
    reports++;
    if (k >= 1 && k <= MAX_WORKERS)
        report_values[k] = 1;
}

/* SIGCHLD: collect ended children (waitpid is async-signal-safe). errno
 * is kept for the code the handler interrupted. */
static void on_sigchld(int sig)
{
    int saved_errno = errno;

    (void)sig;
    sigchld_count++;
    /* TODO(student): one SIGCHLD may stand for several ended children:
     * reap (waitpid, WNOHANG) and count in 'reaped' until none is left. */
    if (waitpid(-1, NULL, WNOHANG) > 0)
        reaped++;
    /* END TODO */
    errno = saved_errno;
}

int main(int argc, char *argv[])
{
    struct sigaction sa = { .sa_sigaction = on_report, .sa_flags = SA_SIGINFO };
    pid_t workers[MAX_WORKERS + 1];
    sigset_t blocked, old_mask;
    int n = 5, opt, got = 0;

    demo_start(argv[0], help);
    while ((opt = getopt(argc, argv, "h")) != -1)
        usage(opt == 'h' ? 0 : 2);
    if (optind < argc)
        n = (int)parse_long(argv[optind++], 1, MAX_WORKERS, "N");
    if (optind != argc)
        usage(2);

    /* 1. Handlers for the report and SIGCHLD; both blocked for now. */
    int sig = report_signal();
    if (sigemptyset(&blocked) == -1 || sigaddset(&blocked, sig) == -1 ||
        sigaddset(&blocked, SIGCHLD) == -1 ||
        sigprocmask(SIG_BLOCK, &blocked, &old_mask) == -1)
        die("sigprocmask");
    sa.sa_mask = blocked;               /* handlers never interrupt each other */
    if (sigaction(sig, &sa, NULL) == -1)
        die("sigaction");
    catch_signal(SIGCHLD, on_sigchld, SA_RESTART | SA_NOCLDSTOP);
    printf("workers report with signal %d (%s signal); SIGCHLD is %d\n", sig,
           sig >= SIGRTMIN && sig <= SIGRTMAX ? "a real-time" : "a standard", SIGCHLD);

    /* 2. The workers: report, then exit. */
    for (int k = 1; k <= n; k++) {
        if ((workers[k] = fork()) == -1)
            die("fork");
        if (workers[k] == 0) {
            union sigval value = { .sival_int = k };
            if (sigqueue(getppid(), sig, value) == -1)
                die_child("sigqueue");
            _exit(0);
        }
    }
    printf("started %d workers; keeping the signals blocked until all have "
           "ended\n", n);

    /* 3. Wait until every worker is a zombie, without reaping any
     * (WNOWAIT): now all their signals are pending. */
    for (int k = 1; k <= n; k++) {
        siginfo_t info;
        while (waitid(P_PID, (id_t)workers[k], &info, WEXITED | WNOWAIT) == -1)
            if (errno != EINTR)
                die("waitid");
    }
    printf("all %d workers have ended; unblocking: the kernel delivers what "
           "is pending\n", n);

    /* 4. Unblock. Linux runs the handlers for everything pending before
     * sigprocmask() returns. */
    if (sigprocmask(SIG_SETMASK, &old_mask, NULL) == -1)
        die("sigprocmask");
    for (int k = 1; k <= n; k++)
        got += report_values[k];
    printf("reports: %d of %d delivered (%d different workers)\n",
           (int)reports, n, got);
    printf("reaped: %d of %d children, with %d SIGCHLD\n", (int)reaped, n,
           (int)sigchld_count);
    if (got < n)
        printf("%d reports merged: a standard signal is pending once, "
               "however often it is sent\n", n - got);
    if (reaped < n)
        printf("%d children are still zombies: one SIGCHLD stood for "
               "several\n", n - (int)reaped);
    return got == n && reaped == n ? 0 : 1;
}
