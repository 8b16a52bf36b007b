/*
 * signal_receiver.c - catch signals with sigaction() and report who sent
 * each one; with -b, block them for a while to show that standard signals
 * merge while pending and real-time signals queue.
 *
 * A handler runs in the middle of whatever the program was doing, so it may
 * only make async-signal-safe calls (man 7 signal-safety). Ours copies the
 * siginfo (signal, sender's pid, sigqueue value) into a pipe with write();
 * main reads the pipe and does the printing (the self-pipe trick). Blocking
 * a signal does not refuse it: the kernel keeps it pending until unblocked.
 *
 * Usage: signal_receiver [-c COUNT] [-b SECONDS]
 *   -c COUNT    exit after COUNT signals (default: until Ctrl-C)
 *   -b SECONDS  block the signals for SECONDS first (kill -ALRM ends it early)
 *
 * Two terminals:
 *   terminal 1:  ./signal_receiver -b 30           (prints "ready: pid N")
 *   terminal 2:  ./signal_sender N USR1 -n 5; ./signal_sender N RTMIN -n 5 -v 1
 *                kill -ALRM N                      (or wait the 30 seconds)
 *
 * See also: signal_sender.c (the other half), signal_fd.c, docs/signals.md.
 * Try: while it waits, run `grep Sig /proc/N/status` in another terminal:
 * SigCgt lists what it catches, SigBlk what it blocks, ShdPnd what waits.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct event { int signo, code, value; pid_t pid; };   /* handler -> main */

static const char *prog = "signal_receiver";
static int event_pipe[2];
static volatile sig_atomic_t events_lost;

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-c COUNT] [-b SECONDS]\n"
                 "  -c COUNT    exit after COUNT signals (default: until Ctrl-C)\n"
                 "  -b SECONDS  block the signals for SECONDS first (kill -ALRM ends "
                 "it early)\n", prog);
    exit(status);
}

static long parse_number(const char *text, long min, long max, const char *what)
{
    char *end;
    long value;

    errno = 0;
    value = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < min || value > max) {
        fprintf(stderr, "%s: %s must be a number from %ld to %ld, not \"%s\"\n",
                prog, what, min, max, text);
        usage(stderr, 2);
    }
    return value;
}

static const char *signal_name(int sig, char *name, size_t size)
{
    const char *fixed = sig == SIGUSR1 ? "SIGUSR1" : sig == SIGUSR2 ? "SIGUSR2"
                      : sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM"
                      : sig == SIGALRM ? "SIGALRM" : sig == SIGRTMAX ? "SIGRTMAX"
                      : sig == SIGRTMIN ? "SIGRTMIN" : NULL;
    if (fixed != NULL)
        snprintf(name, size, "%s", fixed);
    else
        snprintf(name, size, "SIGRTMIN+%d", sig - SIGRTMIN);
    return name;
}

/* The handler: write() is async-signal-safe, printf() is not (it could be
 * interrupted half-way through changing stdout's buffer). A record of less
 * than PIPE_BUF bytes goes into the pipe whole; the pipe is non-blocking so
 * a handler can never hang, and errno is kept for the code it interrupted. */
static void on_signal(int sig, siginfo_t *info, void *context)
{
    struct event ev = { sig, info->si_code, info->si_value.sival_int, info->si_pid };
    int saved_errno = errno;

    (void)context;
    if (write(event_pipe[1], &ev, sizeof ev) != (ssize_t)sizeof ev)
        events_lost = 1;
    errno = saved_errno;
}

/* Every way out passes here (atexit): close what we opened. */
static void cleanup(void)
{
    close(event_pipe[0]);
    close(event_pipe[1]);
}

static void next_event(struct event *ev)
{
    while (read(event_pipe[0], ev, sizeof *ev) != (ssize_t)sizeof *ev)
        if (errno != EINTR)
            die("read from the self-pipe");
}

/* Prints one event; returns 1 for a signal we report, -1 for SIGINT/SIGTERM. */
static int handle(const struct event *ev, long received)
{
    char name[32];

    if (ev->signo == SIGINT || ev->signo == SIGTERM) {
        printf("interrupted by %s after %ld signal%s; exiting\n",
               signal_name(ev->signo, name, sizeof name), received, received == 1 ? "" : "s");
        return -1;
    }
    if (ev->signo == SIGALRM)
        return 0;               /* it only ends -b's wait: nothing to report */
    printf("received: %s from pid %ld", signal_name(ev->signo, name, sizeof name),
           (long)ev->pid);
    if (ev->code == SI_QUEUE)   /* only sigqueue() carries a value */
        printf(" value %d", ev->value);
    printf("\n");
    if (events_lost) {
        printf("warning: the self-pipe was full: some signals went unreported\n");
        events_lost = 0;
    }
    return 1;
}

int main(int argc, char *argv[])
{
    struct sigaction sa = { .sa_sigaction = on_signal, .sa_flags = SA_SIGINFO | SA_RESTART };
    struct pollfd pfd = { .fd = -1, .events = POLLIN };
    sigset_t reported, pending;
    struct event ev;
    long count = 0, received = 0, block_seconds = 0;
    int opt, sig, kinds = 0, rc = 0;
    char name[32];

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    while ((opt = getopt(argc, argv, "c:b:h")) != -1) {
        switch (opt) {
        case 'c': count = parse_number(optarg, 1, 1000000, "COUNT"); break;
        case 'b': block_seconds = parse_number(optarg, 1, 86400, "SECONDS"); break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    if (optind != argc)
        usage(stderr, 2);

    /* Step 1: the self-pipe, then a handler for each signal we report and
     * for SIGINT/SIGTERM (which a shell may have set to "ignore" for a
     * background job). sa_mask blocks all of them while a handler runs.
     * SIGINT/SIGTERM go through the pipe too: one that lands just before
     * main blocks in read() is already in the pipe, so it cannot be missed
     * (a flag checked before read() could be). */
    if (pipe(event_pipe) == -1)
        die("pipe");
    atexit(cleanup);
    if (fcntl(event_pipe[1], F_SETFL, O_NONBLOCK) == -1)
        die("fcntl");
    pfd.fd = event_pipe[0];
    sigemptyset(&reported);
    sigaddset(&reported, SIGUSR1);
    sigaddset(&reported, SIGUSR2);
    for (sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
        sigaddset(&reported, sig);
    sa.sa_mask = reported;
    sigaddset(&sa.sa_mask, SIGINT);
    sigaddset(&sa.sa_mask, SIGTERM);
    sigaddset(&sa.sa_mask, SIGALRM);
    for (sig = 1; sig <= SIGRTMAX; sig++) {
        if (!sigismember(&sa.sa_mask, sig) || sigaction(sig, &sa, NULL) == 0)
            continue;
        if (errno != EINVAL || sig < SIGRTMIN)
            die("sigaction");
        printf("signal %d is reserved (by valgrind?): not catching it\n", sig);
        sigdelset(&reported, sig);
    }
    printf("catching SIGUSR1, SIGUSR2 and SIGRTMIN..SIGRTMAX (%d..%d) with sigaction(); "
           "the handler only write()s each into a pipe for main to print\n", SIGRTMIN, SIGRTMAX);

    /* Step 2 (-b): block them BEFORE saying ready, so that everything a
     * sender sends after our ready: line is held pending. */
    if (block_seconds > 0) {
        if (sigprocmask(SIG_BLOCK, &reported, NULL) == -1)
            die("sigprocmask");
        printf("blocked them: the kernel will hold what arrives as pending\n");
    }
    printf("ready: pid %ld\n", (long)getpid());

    /* Step 3 (-b): wait for SIGALRM: alarm() sends it after SECONDS, or the
     * user (or a test) sends it once every sender has finished. kill() and
     * sigqueue() return only when the signal is pending here, so "senders
     * done, then SIGALRM" orders "all sent" before "unblocked" on any load:
     * SECONDS is only an upper bound, never what makes the demo work. */
    if (block_seconds > 0) {
        printf("keeping them blocked for %ld seconds (end it now: kill -ALRM %ld)\n",
               block_seconds, (long)getpid());
        alarm((unsigned)block_seconds);
        do {
            next_event(&ev);
            if (handle(&ev, 0) == -1)
                return 0;
        } while (ev.signo != SIGALRM);
        alarm(0);
        if (sigpending(&pending) == -1)
            die("sigpending");
        printf("pending now:");
        for (sig = 1; sig <= SIGRTMAX; sig++) {
            if (sigismember(&reported, sig) && sigismember(&pending, sig)) {
                printf(" %s", signal_name(sig, name, sizeof name));
                kinds++;
            }
        }
        printf("%s (%d kind%s: the pending set has one bit per signal, not a count)\n",
               kinds ? "" : " nothing", kinds, kinds == 1 ? "" : "s");
        /* Linux delivers every pending unblocked signal before sigprocmask()
         * returns (POSIX promises at least one), so the pipe holds them all. */
        printf("unblocking: the kernel delivers what is pending now\n");
        if (sigprocmask(SIG_UNBLOCK, &reported, NULL) == -1)
            die("sigprocmask");
        while ((count == 0 || received < count) && poll(&pfd, 1, 0) == 1) {
            next_event(&ev);
            rc = handle(&ev, received);
            if (rc == -1)
                return 0;
            received += rc;
        }
        printf("delivered on unblocking: %ld signal%s\n", received, received == 1 ? "" : "s");
    }

    /* Step 4: report each signal as the handler hands it over. */
    if (count == 0 || received < count)
        printf("waiting for signals (%s)\n", count ? "-c COUNT ends it" : "Ctrl-C ends it");
    while (count == 0 || received < count) {
        next_event(&ev);
        rc = handle(&ev, received);
        if (rc == -1)
            return 0;
        received += rc;
    }
    printf("got %ld signal%s; exiting\n", received, received == 1 ? "" : "s");
    return 0;
}
