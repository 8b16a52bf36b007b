/*
 * signal_fd.c - signals as data: no handler at all, just a file descriptor
 * to read them from, watched by poll() next to stdin.
 *
 * Handlers interrupt the program at any instruction, which is why they may
 * do so little. Linux's signalfd() turns that around: block the signals, so
 * the kernel keeps them pending, and read them from a descriptor as
 * struct signalfd_siginfo records, when and where the program chooses. One
 * poll() loop then serves signals, stdin, pipes and sockets alike.
 *
 * Usage: signal_fd [-c COUNT]
 *   -c COUNT  exit after COUNT signals (default: until Ctrl-C)
 *   Lines typed on stdin are echoed, to show both kinds of event in one loop.
 *
 * Two terminals:
 *   terminal 1:  ./signal_fd                       (prints "ready: pid N")
 *   terminal 2:  ./signal_sender N USR1; ./signal_sender N RTMIN+2 -v 7
 *
 * See also: signal_sender.c, signal_receiver.c (the same with a handler),
 * docs/signals.md.
 * Try: `grep Sig /proc/N/status`: SigCgt is empty (nothing is caught), SigBlk
 * lists every signal we read; type a line while signals arrive.
 */
/* signalfd() is Linux-only, not POSIX: _GNU_SOURCE asks the C library for
 * its Linux extensions (and brings in everything POSIX 2008 has too). */
#define _GNU_SOURCE
#include "ipc_demo.h"
#include "signal_names.h"
#include <poll.h>
#include <sys/signalfd.h>

#define MAX_BATCH 16            /* signalfd records read per read() */

static const char usage_message[] =
    "signal_fd reads signals as data from a signalfd, with no handler, in\n"
    "one poll() loop with the lines typed on stdin. Start it first, then\n"
    "signal_sender with the pid from its ready: line.\n"
    "usage: signal_fd [-c COUNT]\n"
    "  -c COUNT  Exit after COUNT signals (default: run until Ctrl-C).\n"
    "Lines typed on stdin are echoed, to show both kinds of event in one "
    "loop.\n";

int main(int argc, char *argv[])
{
    struct signalfd_siginfo info[MAX_BATCH];
    struct pollfd fds[2];
    sigset_t mask;
    long count = 0, received = 0, want;
    ssize_t len;
    char name[32], line[256], *text;
    int opt, sig, i, interrupted = 0;

    demo_start(argv[0], usage_message);
    while ((opt = getopt(argc, argv, "c:h")) != -1) {
        switch (opt) {
        case 'c': count = parse_long(optarg, 1, 1000000, "COUNT"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc)
        usage(2);

    /* 1. Block the signals, so none runs its default action (most would
     * kill us); they wait as pending until we read them. A shell starts
     * background jobs with SIGINT ignored, and POSIX lets the kernel drop
     * an ignored signal even if blocked: restore the default first. SIGHUP
     * (the terminal closed) ends us cleanly, like SIGINT and SIGTERM. */
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR1);
    sigaddset(&mask, SIGUSR2);
    for (sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
        sigaddset(&mask, sig);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGHUP);
    catch_ending_signals(SIG_DFL);
    if (sigprocmask(SIG_BLOCK, &mask, NULL) == -1)
        die("sigprocmask");

    /* 2. A descriptor that reads those pending signals. */
    fds[0].fd = signalfd(-1, &mask, SFD_CLOEXEC);
    if (fds[0].fd == -1)
        die("signalfd");
    fds[0].events = POLLIN;
    fds[1].fd = STDIN_FILENO;
    fds[1].events = POLLIN;
    printf("blocked SIGUSR1, SIGUSR2, SIGRTMIN..SIGRTMAX, SIGINT, SIGTERM,\n"
           "SIGHUP; reading them from signalfd %d, with no handler\n", fds[0].fd);
    printf("ready: pid %ld\n", (long)getpid());

    /* 3. One poll() loop for signals and stdin; it blocks until either.
     * A SIGINT sent at any moment waits in the signalfd until we read it, so
     * Ctrl-C cannot slip past the loop (nothing runs asynchronously here). */
    printf("waiting in poll() for a signal or a line on stdin\n");
    while (!interrupted && (count == 0 || received < count)) {
        if (poll(fds, 2, -1) == -1)
            die("poll");            /* no handler, so no EINTR to expect */
        if (fds[1].revents) {
            len = read(STDIN_FILENO, line, sizeof line - 1);
            if (len <= 0) {
                printf("stdin: end of file; still watching for signals\n");
                fds[1].fd = -1;     /* poll skips a negative descriptor */
            } else {
                line[len] = '\0';
                for (text = strtok(line, "\n"); text != NULL; text = strtok(NULL, "\n"))
                    printf("stdin: %s\n", text);
            }
        }
        if (!(fds[0].revents & POLLIN))
            continue;
        /* Whole records only, and no more than -c still wants: a record
         * read is a signal taken from the kernel. */
        want = count == 0 || count - received > MAX_BATCH ? MAX_BATCH : count - received;
        len = read(fds[0].fd, info, (size_t)want * sizeof info[0]);
        if (len == -1 && errno == EINTR)
            continue;
        if (len == -1)
            die("read from the signalfd");
        for (i = 0; i < len / (ssize_t)sizeof info[0]; i++) {
            signal_name((int)info[i].ssi_signo, name, sizeof name);
            if (info[i].ssi_signo == SIGINT || info[i].ssi_signo == SIGTERM ||
                info[i].ssi_signo == SIGHUP) {
                printf("interrupted by %s after %ld signal%s; exiting\n",
                       name, received, received == 1 ? "" : "s");
                interrupted = 1;
                break;
            }
            printf("received: %s from pid %ld", name, (long)info[i].ssi_pid);
            if (info[i].ssi_code == SI_QUEUE)
                printf(" value %d", info[i].ssi_int);
            printf("\n");
            received++;
        }
    }
    if (!interrupted)
        printf("got %ld signal%s; exiting\n", received, received == 1 ? "" : "s");
    close(fds[0].fd);
    return 0;
}
