/*
 * signal_sender.c - send a signal to another process, by name or number,
 * with kill() or, to attach a value, with sigqueue().
 *
 * A signal is the smallest message there is: a number the kernel marks as
 * pending on the target, which then runs a handler, dies, stops, or ignores
 * it. kill() sends only the number; sigqueue() adds one integer the target
 * sees in its siginfo. Standard signals sent again while one is still
 * pending are merged into it; real-time signals (SIGRTMIN..SIGRTMAX) queue.
 *
 * Usage: signal_sender PID SIGNAL [-n COUNT] [-v VALUE]
 *
 * Two terminals:
 *   terminal 1:  ./signal_receiver                 (prints "ready: pid N")
 *   terminal 2:  ./signal_sender N USR1
 *
 * See also: signal_receiver.c (the other half), signal_fd.c, docs/signals.md.
 * Try: ./signal_sender N RTMIN -n 3 -v 100, then send TERM, then KILL to a
 * `sleep 100` and see which of the three a program can catch.
 */
#include "ipc_demo.h"
#include "signal_names.h"
#include <limits.h>

#define MAX_COUNT 100000        /* a sanity bound: real-time signals queue,
                                   up to RLIMIT_SIGPENDING (ulimit -i) */
#define NARRATED 10             /* a line for each of the first ten only */

static const char usage_message[] =
    "signal_sender sends a signal to a process, with kill(), or with\n"
    "sigqueue() and a value. Start signal_receiver (or signal_fd) first and\n"
    "give its pid, from its ready: line.\n"
    "usage: signal_sender PID SIGNAL [-n COUNT] [-v VALUE]\n"
    "  SIGNAL    A name (USR1, SIGUSR2, RTMIN, RTMIN+3, RTMAX-1) or a number.\n"
    "  -n COUNT  Send it COUNT times (1 to 100000, default 1).\n"
    "  -v VALUE  Send with sigqueue(), carrying VALUE, VALUE+1, ... in turn.\n";

int main(int argc, char *argv[])
{
    const char *positional[2];
    char name[32], what[80], hint[160];
    long pid, count = 1, value = 0, sent;
    int npositional = 0, with_value = 0, sig, opt, rc = 0;

    /* 1. The command line. Options may follow PID and SIGNAL: getopt stops
     * at the first non-option, so take it and carry on. */
    demo_start(argv[0], usage_message);
    while (optind < argc) {
        if ((opt = getopt(argc, argv, "n:v:h")) == -1) {
            if (npositional == 2)
                usage(2);
            positional[npositional++] = argv[optind++];
            continue;
        }
        switch (opt) {
        case 'n': count = parse_long(optarg, 1, MAX_COUNT, "COUNT"); break;
        case 'v': value = parse_long(optarg, INT_MIN, INT_MAX, "VALUE");
                  with_value = 1; break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    /* `signal_sender $(pgrep -nx signal_receiver) USR1` with no receiver
     * running reaches us as `signal_sender USR1`. */
    if (npositional == 1 && parse_signal(positional[0]) != -1) {
        fprintf(stderr, "%s: no PID given, only the signal '%s': if the pid\n"
                "came from pgrep, it found nothing: the receiver does not seem\n"
                "to be running (start it first)\n", prog, positional[0]);
        usage(2);
    }
    if (npositional != 2)
        usage(2);
    /* kill() reads 0 as "my process group" and -1 as "every process I may
     * signal": a typo must never turn into either. */
    pid = parse_long(positional[0], 1, INT_MAX, "PID");
    sig = parse_signal(positional[1]);
    if (sig == -1) {
        fprintf(stderr, "%s: unknown signal \"%s\" (try USR1, USR2, RTMIN+1;\n"
                "`kill -l` lists them all)\n", prog, positional[1]);
        usage(2);
    }
    if (with_value && value > INT_MAX - (count - 1)) {
        fprintf(stderr, "%s: VALUE+COUNT-1 must fit in an int\n", prog);
        usage(2);
    }

    /* 2. Send, COUNT times. */
    signal_name(sig, name, sizeof name);
    if (sig == 0)
        printf("signal 0 sends nothing: kill() only checks that pid %ld\n"
               "exists and that we may signal it\n", pid);
    for (sent = 0; sent < count; sent++) {
        if (sent < NARRATED)
            printf("pid %ld: sending %s (%d) to pid %ld with %s", (long)getpid(),
                   name, sig, pid, with_value ? "sigqueue(), value " : "kill()\n");
        if (sent < NARRATED && with_value)
            printf("%ld\n", value + sent);
        if (sent == NARRATED)
            printf("sending the other %ld without a line each\n", count - sent);
        if (with_value)
            rc = sigqueue((pid_t)pid, sig, (union sigval){ .sival_int = (int)(value + sent) });
        else
            rc = kill((pid_t)pid, sig);
        if (rc == -1)
            break;
    }

    /* 3. Say what happened: each way a send can fail has its own cause. */
    if (rc == -1 && errno == ESRCH) {
        snprintf(what, sizeof what, "no process has pid %ld", pid);
        die_hint(what, "is the receiver running? use the pid from its ready: "
                 "line");
    }
    if (rc == -1 && errno == EAGAIN) {
        snprintf(hint, sizeof hint, "sent %ld of %ld; the other %ld were not: "
                 "the receiver's\nuser has as many signals queued as its "
                 "ulimit -i (RLIMIT_SIGPENDING) allows", sent, count, count - sent);
        die_hint("sigqueue", hint);
    }
    if (rc == -1 && errno == EPERM) {
        snprintf(what, sizeof what, "not allowed to signal pid %ld", pid);
        die_hint(what, "a process may signal those of its own user (see man 2 "
                 "kill),\nor any process if it has CAP_KILL, as root does");
    }
    if (rc == -1)
        die(with_value ? "sigqueue" : "kill");
    if (sig == 0)
        printf("pid %ld exists and we may signal it\n", pid);
    else if (count == 1)
        printf("done: sent %s to pid %ld\n", name, pid);
    else if (sig < SIGRTMIN)
        printf("done: sent %s %ld times; while one is pending, the kernel\n"
               "merges the next ones into it\n", name, count);
    else
        printf("done: sent %s %ld times; real-time signals queue, each one "
               "counts\n", name, count);
    return 0;
}
