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
 *   SIGNAL    a name (USR1, SIGUSR2, RTMIN, RTMIN+3, RTMAX-1) or a number
 *   -n COUNT  send it COUNT times (default 1)
 *   -v VALUE  send with sigqueue(), carrying VALUE, VALUE+1, ... in turn
 *
 * Two terminals:
 *   terminal 1:  ./signal_receiver                 (prints "ready: pid N")
 *   terminal 2:  ./signal_sender N USR1
 *
 * See also: signal_receiver.c (the other half), signal_fd.c, docs/signals.md.
 * Try: ./signal_sender N RTMIN -n 3 -v 100, then send TERM, then KILL to a
 * `sleep 100` and see which of the three a program can catch.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>
#include <unistd.h>

#define MAX_COUNT 100000        /* a sanity bound: real-time signals queue,
                                   up to RLIMIT_SIGPENDING (ulimit -i) */

static const char *prog = "signal_sender";

/* Names are the same everywhere; numbers are not (SIGUSR1 is 10 on x86 and
 * ARM, 30 on Alpha and SPARC, 16 on MIPS): let the compiler fill them in. */
static const struct { const char *name; int number; } signal_names[] = {
    {"HUP", SIGHUP}, {"INT", SIGINT}, {"QUIT", SIGQUIT}, {"ILL", SIGILL},
    {"TRAP", SIGTRAP}, {"ABRT", SIGABRT}, {"BUS", SIGBUS}, {"FPE", SIGFPE},
    {"KILL", SIGKILL}, {"USR1", SIGUSR1}, {"SEGV", SIGSEGV}, {"USR2", SIGUSR2},
    {"PIPE", SIGPIPE}, {"ALRM", SIGALRM}, {"TERM", SIGTERM}, {"CHLD", SIGCHLD},
    {"CONT", SIGCONT}, {"STOP", SIGSTOP}, {"TSTP", SIGTSTP}, {"TTIN", SIGTTIN},
    {"TTOU", SIGTTOU}, {"URG", SIGURG}, {"XCPU", SIGXCPU}, {"XFSZ", SIGXFSZ},
    {"VTALRM", SIGVTALRM}, {"PROF", SIGPROF}, {"WINCH", SIGWINCH}, {"SYS", SIGSYS},
};

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s PID SIGNAL [-n COUNT] [-v VALUE]\n"
                 "  SIGNAL    a name (USR1, SIGUSR2, RTMIN, RTMIN+3, RTMAX-1) or a number\n"
                 "  -n COUNT  send it COUNT times (1..%d, default 1)\n"
                 "  -v VALUE  send with sigqueue(), carrying VALUE, VALUE+1, ...\n",
            prog, MAX_COUNT);
    exit(status);
}

/* A whole decimal number in [min, max], or exit 2 saying what was wrong. */
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

/* The number back to its name, as `kill -l` spells it, for the narration. */
static void signal_name(int sig, char *name, size_t size)
{
    size_t i;

    snprintf(name, size, "signal %d", sig);
    for (i = 0; i < sizeof signal_names / sizeof signal_names[0]; i++)
        if (signal_names[i].number == sig)
            snprintf(name, size, "SIG%s", signal_names[i].name);
    if (sig == SIGRTMAX)
        snprintf(name, size, "SIGRTMAX");
    else if (sig == SIGRTMIN)
        snprintf(name, size, "SIGRTMIN");
    else if (sig > SIGRTMIN && sig < SIGRTMAX)
        snprintf(name, size, "SIGRTMIN+%d", sig - SIGRTMIN);
}

/* USR1, SIGUSR1, usr1, RTMIN+3, RTMAX-1 or 10 -> the number; exit 2 if none. */
static int parse_signal(const char *text)
{
    const char *name = text;
    size_t i;

    if (text[0] >= '0' && text[0] <= '9')
        return (int)parse_number(text, 0, SIGRTMAX, "a signal number");
    if (strncasecmp(name, "SIG", 3) == 0)
        name += 3;
    for (i = 0; i < sizeof signal_names / sizeof signal_names[0]; i++)
        if (strcasecmp(name, signal_names[i].name) == 0)
            return signal_names[i].number;
    if (strncasecmp(name, "RTMIN", 5) == 0 && (name[5] == '\0' || name[5] == '+'))
        return SIGRTMIN + (name[5] ? (int)parse_number(name + 6, 0,
                           SIGRTMAX - SIGRTMIN, "the n in RTMIN+n") : 0);
    if (strncasecmp(name, "RTMAX", 5) == 0 && (name[5] == '\0' || name[5] == '-'))
        return SIGRTMAX - (name[5] ? (int)parse_number(name + 6, 0,
                           SIGRTMAX - SIGRTMIN, "the n in RTMAX-n") : 0);
    fprintf(stderr, "%s: unknown signal \"%s\" (try USR1, USR2, RTMIN+1; `kill -l` "
                    "lists them all)\n", prog, text);
    usage(stderr, 2);
    return 0;
}

int main(int argc, char *argv[])
{
    const char *positional[2];
    char name[32];
    long pid, count = 1, value = 0, i;
    int npositional = 0, with_value = 0, sig, opt, rc;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    /* Options may follow PID and SIGNAL: getopt stops at the first
     * non-option, so take it and carry on. */
    while (optind < argc) {
        if ((opt = getopt(argc, argv, "n:v:h")) == -1) {
            if (npositional == 2)
                usage(stderr, 2);
            positional[npositional++] = argv[optind++];
            continue;
        }
        switch (opt) {
        case 'n': count = parse_number(optarg, 1, MAX_COUNT, "COUNT"); break;
        case 'v': value = parse_number(optarg, INT_MIN, INT_MAX, "VALUE");
                  with_value = 1; break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    if (npositional != 2)
        usage(stderr, 2);
    /* kill() reads 0 as "my process group" and -1 as "every process I may
     * signal": a typo must never turn into either. */
    pid = parse_number(positional[0], 1, INT_MAX, "PID");
    sig = parse_signal(positional[1]);
    if (with_value && value > INT_MAX - (count - 1)) {
        fprintf(stderr, "%s: VALUE+COUNT-1 must fit in an int\n", prog);
        usage(stderr, 2);
    }

    signal_name(sig, name, sizeof name);
    if (sig == 0)
        printf("signal 0 sends nothing: kill() only checks that pid %ld exists "
               "and that we may signal it\n", pid);
    for (i = 0; i < count; i++) {
        if (with_value) {
            union sigval data = { .sival_int = (int)(value + i) };
            printf("pid %ld: sending %s (%d) to pid %ld with sigqueue(), value %ld\n",
                   (long)getpid(), name, sig, pid, value + i);
            rc = sigqueue((pid_t)pid, sig, data);
        } else {
            printf("pid %ld: sending %s (%d) to pid %ld with kill()\n",
                   (long)getpid(), name, sig, pid);
            rc = kill((pid_t)pid, sig);
        }
        if (rc == -1 && errno == ESRCH) {
            fprintf(stderr, "%s: no process has pid %ld: %s (is signal_receiver "
                            "running? use the pid from its ready: line)\n",
                    prog, pid, strerror(errno));
            exit(1);
        }
        if (rc == -1 && errno == EAGAIN) {
            fprintf(stderr, "%s: the target's queue of real-time signals is full "
                            "(RLIMIT_SIGPENDING, see `ulimit -i`): %s\n",
                    prog, strerror(errno));
            exit(1);
        }
        if (rc == -1)
            die(errno == EPERM ? "not allowed (another user's process?)" : "kill");
    }
    if (sig == 0)
        printf("pid %ld exists and we may signal it\n", pid);
    else if (count == 1)
        printf("done: sent %s to pid %ld\n", name, pid);
    else if (sig < SIGRTMIN)
        printf("done: sent %s %ld times; while one is pending, the kernel merges "
               "the next ones into it\n", name, count);
    else
        printf("done: sent %s %ld times; real-time signals queue, each one counts\n",
               name, count);
    return 0;
}
