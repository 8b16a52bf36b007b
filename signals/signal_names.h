/*
 * signal_names.h - how the signals demos spell a signal: the name a user
 * types (USR1, SIGUSR2, rtmin+3, RTMAX-1, or a number) and the name a
 * program prints (SIGUSR1, SIGRTMIN+3). Included by signal_sender.c,
 * signal_receiver.c and signal_fd.c, after ipc_demo.h.
 *
 * Names are the same everywhere; numbers are not (SIGUSR1 is 10 on x86 and
 * ARM, 30 on SPARC, 16 on MIPS), so the compiler fills the numbers in. The
 * real-time signals have no fixed numbers at all: the C library keeps the
 * first few for itself, so they are always SIGRTMIN + n.
 */
#ifndef SIGNAL_NAMES_H
#define SIGNAL_NAMES_H
#include <signal.h>
#include <stdio.h>
#include <strings.h>

static const struct { const char *name; int number; } signal_names[] = {
    {"HUP", SIGHUP}, {"INT", SIGINT}, {"QUIT", SIGQUIT}, {"ILL", SIGILL},
    {"TRAP", SIGTRAP}, {"ABRT", SIGABRT}, {"BUS", SIGBUS}, {"FPE", SIGFPE},
    {"KILL", SIGKILL}, {"USR1", SIGUSR1}, {"SEGV", SIGSEGV}, {"USR2", SIGUSR2},
    {"PIPE", SIGPIPE}, {"ALRM", SIGALRM}, {"TERM", SIGTERM}, {"CHLD", SIGCHLD},
    {"CONT", SIGCONT}, {"STOP", SIGSTOP}, {"TSTP", SIGTSTP}, {"TTIN", SIGTTIN},
    {"TTOU", SIGTTOU}, {"URG", SIGURG}, {"XCPU", SIGXCPU}, {"XFSZ", SIGXFSZ},
    {"VTALRM", SIGVTALRM}, {"PROF", SIGPROF}, {"WINCH", SIGWINCH}, {"SYS", SIGSYS},
};
#define SIGNAL_NAME_COUNT (sizeof signal_names / sizeof signal_names[0])

/* 10 -> "SIGUSR1", SIGRTMIN + 3 -> "SIGRTMIN+3", as `kill -l` spells them. */
static inline const char *signal_name(int sig, char *name, size_t size)
{
    snprintf(name, size, "signal %d", sig);
    for (size_t i = 0; i < SIGNAL_NAME_COUNT; i++)
        if (signal_names[i].number == sig)
            snprintf(name, size, "SIG%s", signal_names[i].name);
    if (sig == SIGRTMAX)
        snprintf(name, size, "SIGRTMAX");
    else if (sig >= SIGRTMIN && sig < SIGRTMAX)
        snprintf(name, size, sig == SIGRTMIN ? "SIGRTMIN" : "SIGRTMIN+%d",
                 sig - SIGRTMIN);
    return name;
}

/* USR1, SIGUSR1, usr1, RTMIN+3, RTMAX-1 or 10 -> the number; else -1. */
static inline int parse_signal(const char *text)
{
    const char *name = strncasecmp(text, "SIG", 3) == 0 ? text + 3 : text;
    int rt_span = SIGRTMAX - SIGRTMIN;

    if (text[0] >= '0' && text[0] <= '9')
        return (int)parse_long(text, 0, SIGRTMAX, "a signal number");
    for (size_t i = 0; i < SIGNAL_NAME_COUNT; i++)
        if (strcasecmp(name, signal_names[i].name) == 0)
            return signal_names[i].number;
    if (strncasecmp(name, "RTMIN", 5) == 0 && (name[5] == '\0' || name[5] == '+'))
        return SIGRTMIN + (name[5] ? (int)parse_long(name + 6, 0, rt_span,
                                                     "the n in RTMIN+n") : 0);
    if (strncasecmp(name, "RTMAX", 5) == 0 && (name[5] == '\0' || name[5] == '-'))
        return SIGRTMAX - (name[5] ? (int)parse_long(name + 6, 0, rt_span,
                                                     "the n in RTMAX-n") : 0);
    return -1;
}
#endif
