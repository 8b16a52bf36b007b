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
#define _GNU_SOURCE             /* F_SETPIPE_SZ (Linux): a roomier pipe */
#include "ipc_demo.h"
#include "signal_names.h"
#include <fcntl.h>
#include <poll.h>

/* A flood of real-time signals can outrun main: each record waits in the
 * pipe until main prints it. 64 KiB holds 4096 records, 1 MiB (the usual
 * /proc/sys/fs/pipe-max-size) 65536; if even that fills, the handler counts
 * what it could not write, and main reports that count instead. */
#define SELF_PIPE_BYTES (1024 * 1024)

static const char usage_message[] =
    "signal_receiver catches signals with a handler and prints who sent each\n"
    "one. With -b it blocks them first, to show that five SIGUSR1 arrive as\n"
    "one while five real-time signals arrive five times. Start it first, then\n"
    "signal_sender with the pid from its ready: line.\n"
    "usage: signal_receiver [-c COUNT] [-b SECONDS]\n"
    "  -c COUNT    Exit after COUNT signals (default: run until Ctrl-C).\n"
    "  -b SECONDS  Block the signals for SECONDS first; kill -ALRM PID ends\n"
    "              that period early.\n";

struct event { int signo, code, value; pid_t pid; };   /* handler -> main */

static int event_pipe[2];
static void close_pipe(void) { close(event_pipe[0]); close(event_pipe[1]); }
static volatile sig_atomic_t events_lost;   /* records the full pipe refused */
static volatile sig_atomic_t ending_lost;   /* SIGINT... the full pipe refused */

static int is_ending(int sig) { return sig == SIGINT || sig == SIGTERM || sig == SIGHUP; }
static void on_signal(int sig, siginfo_t *info, void *context);
static void next_event(struct event *ev);
static int report(const struct event *ev, long *received);

int main(int argc, char *argv[])
{
    struct sigaction sa = { .sa_sigaction = on_signal,
                            .sa_flags = SA_SIGINFO | SA_RESTART };
    struct pollfd pfd = { .fd = -1, .events = POLLIN };
    sigset_t reported, pending;
    struct event ev;
    long count = 0, received = 0, block_seconds = 0;
    int opt, kinds = 0;
    char name[32];

    demo_start(argv[0], usage_message);
    while ((opt = getopt(argc, argv, "c:b:h")) != -1) {
        switch (opt) {
        case 'c': count = parse_long(optarg, 1, 1000000, "COUNT"); break;
        case 'b': block_seconds = parse_long(optarg, 1, 86400, "SECONDS"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc)
        usage(2);

    /* 1. The self-pipe. Non-blocking, so a handler can never hang in it. */
    if (pipe(event_pipe) == -1)
        die("pipe");
    if (atexit(close_pipe) != 0)        /* closed on every way out */
        fail("atexit failed");
    if (fcntl(event_pipe[1], F_SETFL, O_NONBLOCK) == -1)
        die("fcntl");
    if (fcntl(event_pipe[1], F_SETPIPE_SZ, SELF_PIPE_BYTES) == -1)
        printf("self-pipe left at its default size (F_SETPIPE_SZ: %s)\n",
               strerror(errno));
    pfd.fd = event_pipe[0];

    /* 2. A handler for each signal we report, and for SIGINT, SIGTERM and
     * SIGHUP (a shell may start a background job with SIGINT ignored).
     * sa_mask blocks them all while a handler runs: handlers never nest.
     * The ending signals go through the pipe too, so one that lands just
     * before main blocks in read() is already waiting there. */
    sigemptyset(&reported);
    sigaddset(&reported, SIGUSR1);
    sigaddset(&reported, SIGUSR2);
    for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
        sigaddset(&reported, sig);
    sa.sa_mask = reported;
    sigaddset(&sa.sa_mask, SIGINT);
    sigaddset(&sa.sa_mask, SIGTERM);
    sigaddset(&sa.sa_mask, SIGHUP);
    sigaddset(&sa.sa_mask, SIGALRM);
    for (int sig = 1; sig <= SIGRTMAX; sig++) {
        if (!sigismember(&sa.sa_mask, sig) || sigaction(sig, &sa, NULL) == 0)
            continue;
        if (errno != EINVAL || sig < SIGRTMIN)
            die("sigaction");
        printf("signal %d is reserved (by valgrind?): not catching it\n", sig);
        sigdelset(&reported, sig);
    }
    printf("catching SIGUSR1, SIGUSR2 and SIGRTMIN..SIGRTMAX (%d..%d) with\n"
           "sigaction(); the handler only write()s each into a pipe, and main"
           " prints it\n", SIGRTMIN, SIGRTMAX);

    /* 3 (-b). Block them BEFORE saying ready, so that everything a sender
     * sends after our ready: line is held pending. */
    if (block_seconds > 0) {
        if (sigprocmask(SIG_BLOCK, &reported, NULL) == -1)
            die("sigprocmask");
        printf("blocked them: the kernel will hold what arrives as pending\n");
    }
    printf("ready: pid %ld\n", (long)getpid());

    /* 4 (-b). Wait for SIGALRM: alarm() sends it after SECONDS, or the user
     * (or a test) sends it once every sender has finished. kill() and
     * sigqueue() return only when the signal is pending here, so "senders
     * done, then SIGALRM" orders "all sent" before "unblocked" on any load:
     * SECONDS is only an upper bound, never what makes the demo work. */
    if (block_seconds > 0) {
        printf("keeping them blocked for %ld seconds (end it now: kill -ALRM "
               "%ld)\n", block_seconds, (long)getpid());
        alarm((unsigned)block_seconds);
        do {
            next_event(&ev);
            if (report(&ev, &received) == -1)
                return 0;
        } while (ev.signo != SIGALRM);
        alarm(0);
        if (sigpending(&pending) == -1)
            die("sigpending");
        printf("pending now:");
        for (int sig = 1; sig <= SIGRTMAX; sig++) {
            if (sigismember(&reported, sig) && sigismember(&pending, sig)) {
                printf(" %s", signal_name(sig, name, sizeof name));
                kinds++;
            }
        }
        printf("%s (%d kind%s)\n", kinds ? "" : " nothing", kinds,
               kinds == 1 ? "" : "s");
        printf("the pending set has one bit per signal, not a count\n");
        /* Linux delivers every pending unblocked signal before sigprocmask()
         * returns (POSIX promises at least one), so the pipe holds them all. */
        printf("unblocking: the kernel delivers what is pending now\n");
        if (sigprocmask(SIG_UNBLOCK, &reported, NULL) == -1)
            die("sigprocmask");
        while ((count == 0 || received < count) && poll(&pfd, 1, 0) == 1) {
            next_event(&ev);
            if (report(&ev, &received) == -1)
                return 0;
        }
        printf("delivered on unblocking: %ld signal%s\n", received,
               received == 1 ? "" : "s");
    }

    /* 5. Report each signal as the handler hands it over. */
    if (count == 0 || received < count)
        printf("waiting for signals (%s)\n",
               count ? "-c COUNT ends it" : "Ctrl-C ends it");
    while (count == 0 || received < count) {
        next_event(&ev);
        if (report(&ev, &received) == -1)
            return 0;
    }
    printf("got %ld signal%s; exiting\n", received, received == 1 ? "" : "s");
    return 0;
}

/* The handler: write() is async-signal-safe, printf() is not (it could be
 * interrupted half-way through changing stdout's buffer). A record of less
 * than PIPE_BUF bytes goes into the pipe whole, or not at all. errno is
 * kept for the code the handler interrupted. */
static void on_signal(int sig, siginfo_t *info, void *context)
{
    struct event ev = { sig, info->si_code, info->si_value.sival_int,
                        info->si_pid };
    int saved_errno = errno;

    (void)context;
    if (write(event_pipe[1], &ev, sizeof ev) != (ssize_t)sizeof ev) {
        if (is_ending(sig))
            ending_lost = sig;
        else
            events_lost++;      /* safe: sa_mask keeps handlers from nesting */
    }
    errno = saved_errno;
}

/* The next record from the self-pipe. read_all retries EINTR; a count that
 * is not -1 says nothing about errno, so a short one is reported as such. */
static void next_event(struct event *ev)
{
    ssize_t got = read_all(event_pipe[0], ev, sizeof *ev);

    if (got == -1)
        die("read from the self-pipe");
    if (got != (ssize_t)sizeof *ev)
        fail("the self-pipe gave %zd of a record's %zu bytes", got, sizeof *ev);
}

/* Prints one event and counts it in *RECEIVED, with any that the full pipe
 * refused; returns -1 for SIGINT, SIGTERM or SIGHUP, else 0. */
static int report(const struct event *ev, long *received)
{
    char name[32];
    sigset_t all, old;

    signal_name(ending_lost ? ending_lost : ev->signo, name, sizeof name);
    if (ending_lost || is_ending(ev->signo)) {
        printf("interrupted by %s after %ld signal%s; exiting\n", name,
               *received, *received == 1 ? "" : "s");
        return -1;
    }
    if (ev->signo == SIGALRM)
        return 0;               /* it only ends -b's wait: nothing to report */
    printf("received: %s from pid %ld", name, (long)ev->pid);
    if (ev->code == SI_QUEUE)   /* only sigqueue() carries a value */
        printf(" value %d", ev->value);
    printf("\n");
    (*received)++;
    if (events_lost) {          /* read and reset with no handler between */
        if (sigfillset(&all) == -1 || sigprocmask(SIG_BLOCK, &all, &old) == -1)
            die("sigprocmask");
        long lost = events_lost;
        events_lost = 0;
        if (sigprocmask(SIG_SETMASK, &old, NULL) == -1)
            die("sigprocmask");
        *received += lost;
        printf("warning: the self-pipe was full: %ld more signal%s arrived,\n"
               "counted here, but their senders and values are lost\n", lost,
               lost == 1 ? "" : "s");
    }
    return 0;
}
