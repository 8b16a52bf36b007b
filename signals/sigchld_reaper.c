/*
 * sigchld_reaper.c - reap child processes from a SIGCHLD handler, so that
 * none is left a zombie while the parent gets on with its own work.
 *
 * A child that exits stays in the process table as a zombie (ps shows
 * <defunct>, state Z) until its parent collects its exit status with wait.
 * The kernel tells the parent with SIGCHLD, but a standard signal does not
 * queue: children exiting close together may share one SIGCHLD. So the
 * handler loops on waitpid(-1, ..., WNOHANG) until no exited child is left.
 *
 * Usage: sigchld_reaper [-w] [-t] [-s MS] [N]
 *
 * One terminal:  ./sigchld_reaper -w 5
 * and in another: ps -o pid,stat,comm --ppid PID   (no Z: no zombie)
 *
 * See also: pipes/pipe_basic.c (waiting for one child), docs/signals.md.
 * Try: -t 10 makes ten children share one SIGCHLD; change the handler's
 * `while` to `if` and see nine of them stay zombies.
 */
#include "ipc_demo.h"
#include <sys/wait.h>
#include <time.h>

#define MAX_CHILDREN 100        /* exit statuses go up to 255; ours are 1..N */

static const char usage_message[] =
    "sigchld_reaper starts N children and reaps each one from a SIGCHLD\n"
    "handler, so that none stays a zombie. It needs no partner.\n"
    "usage: sigchld_reaper [-w] [-t] [-s MS] [N]\n"
    "  N      Children to start (1 to 100, default 3). Child K exits with\n"
    "         status K, but every third is killed by SIGTERM.\n"
    "  -s MS  The children end MS milliseconds apart (default 100), the\n"
    "         last started first.\n"
    "  -t     The children end together: the parent keeps SIGCHLD blocked\n"
    "         until all are zombies, so that one SIGCHLD stands for them all.\n"
    "  -w     After reaping them all, stay alive until Ctrl-C (to look with\n"
    "         ps).\n";

static struct { pid_t pid; int status; } reaped[MAX_CHILDREN];
static volatile sig_atomic_t reaped_count, sigchld_count, interrupted;

/* waitpid() is async-signal-safe; printf() is not, so main prints what the
 * handler stored. One SIGCHLD may stand for several children: reap until
 * none is left that has ended. errno is saved for the code interrupted. */
static void on_sigchld(int sig)
{
    int saved_errno = errno, status;
    pid_t pid;

    (void)sig;
    sigchld_count++;
    while (reaped_count < MAX_CHILDREN) {
        pid = waitpid(-1, &status, WNOHANG);
        if (pid == -1 && errno == EINTR)
            continue;                   /* interrupted: ask again */
        if (pid <= 0)
            break;                      /* 0: none ended yet; -1: none left */
        reaped[reaped_count].pid = pid;
        reaped[reaped_count].status = status;
        reaped_count++;
    }
    errno = saved_errno;
}

static void on_interrupt(int sig) { interrupted = sig; }
static int print_reaped(pid_t child_pid[], int n);

int main(int argc, char *argv[])
{
    struct sigaction dfl = { .sa_handler = SIG_DFL };
    pid_t child_pid[MAX_CHILDREN + 1];
    sigset_t blocked, old_mask;
    int n = 3, stay = 0, together = 0, done = 0, opt, gate[2];
    long step_ms = 100;

    demo_start(argv[0], usage_message);
    while ((opt = getopt(argc, argv, "wts:h")) != -1) {
        switch (opt) {
        case 'w': stay = 1; break;
        case 't': together = 1; break;
        case 's': step_ms = parse_long(optarg, 1, 60000, "MS"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind < argc)
        n = (int)parse_long(argv[optind++], 1, MAX_CHILDREN, "N");
    if (optind != argc)
        usage(2);

    /* 1. Block SIGCHLD and the ending signals; main waits for them only in
     * sigsuspend(), which unblocks and sleeps in one step. Checking a flag
     * and then sleeping would lose a signal that came in between. */
    if (sigemptyset(&blocked) == -1 || sigaddset(&blocked, SIGCHLD) == -1 ||
        sigaddset(&blocked, SIGINT) == -1 || sigaddset(&blocked, SIGTERM) == -1 ||
        sigaddset(&blocked, SIGHUP) == -1 ||
        sigprocmask(SIG_BLOCK, &blocked, &old_mask) == -1)
        die("sigprocmask");
    catch_signal(SIGCHLD, on_sigchld, SA_RESTART | SA_NOCLDSTOP);
    catch_ending_signals(on_interrupt);

    /* 2. Start the children. Each waits at a gate (a pipe nobody writes
     * to) until the parent closes it, or for its own time, then exits. */
    if (pipe(gate) == -1)
        die("pipe");
    printf("parent pid %ld: starting %d children, a SIGCHLD handler reaps "
           "them\n", (long)getpid(), n);
    for (int k = 1; k <= n; k++) {
        long delay_ms = together ? 0 : step_ms * ((n - k) % 5 + 1);
        struct timespec delay = { delay_ms / 1000, delay_ms % 1000 * 1000000L };
        char byte;

        child_pid[k] = fork();
        if (child_pid[k] == -1)
            die("fork");
        if (child_pid[k] == 0) {                /* handlers are inherited */
            if (sigaction(SIGINT, &dfl, NULL) == -1 ||
                sigaction(SIGTERM, &dfl, NULL) == -1 ||
                sigaction(SIGHUP, &dfl, NULL) == -1 ||
                sigprocmask(SIG_SETMASK, &old_mask, NULL) == -1)
                die_child("sigaction");
            close(gate[1]);
            if (together && read(gate[0], &byte, 1) == -1)
                die_child("read");              /* 0: the gate opened */
            nanosleep(&delay, NULL);
            if (k % 3 == 0)
                raise(SIGTERM);
            _exit(k);
        }
        if (together)
            printf("started child %d, pid %ld: it waits at the gate\n", k,
                   (long)child_pid[k]);
        else
            printf("started child %d, pid %ld: it ends in %ld ms\n", k,
                   (long)child_pid[k], delay_ms);
    }
    close(gate[0]);
    close(gate[1]);                             /* -t: the gate opens */

    /* 3 (-t). With SIGCHLD still blocked, wait until every child is a
     * zombie: waitid() with WNOWAIT waits for one to end but leaves it
     * unreaped. The kernel keeps one pending SIGCHLD for them all. */
    if (together) {
        printf("opened the gate; SIGCHLD stays blocked until all %d have "
               "ended\n", n);
        siginfo_t info;
        for (int k = 1; k <= n; k++)
            if (waitid(P_PID, (id_t)child_pid[k], &info, WEXITED | WNOWAIT) == -1)
                die("waitid");
        printf("all %d are zombies now, with one SIGCHLD pending\n", n);
    }

    /* 4. Free for other work; here we just sleep in sigsuspend(). */
    printf("waiting in sigsuspend(); the handler reaps each child that "
           "exits\n");
    while (done < n && !interrupted) {
        sigsuspend(&old_mask);                  /* returns after a handler ran */
        done += print_reaped(child_pid, n);
    }
    if (interrupted) {
        printf("interrupted: stopping the children still running, and "
               "reaping them\n");
        for (int k = 1; k <= n; k++)
            if (child_pid[k] > 0)               /* kill(0, ...) would hit our group */
                kill(child_pid[k], SIGTERM);
        for (int k = 1; k <= n; k++)            /* SIGCHLD is blocked: wait here */
            if (child_pid[k] > 0)
                waitpid(child_pid[k], NULL, 0);
        return 0;
    }
    printf("all %d children reaped with %d SIGCHLD signal%s\n", n,
           (int)sigchld_count, sigchld_count == 1 ? "" : "s");
    printf("(children that end together can share one)\n");

    /* 5 (-w). Linger, so that ps can show there is no zombie. */
    if (stay) {
        printf("staying alive: ps -o pid,stat,comm --ppid %ld shows no "
               "zombie;\nCtrl-C ends\n", (long)getpid());
        while (!interrupted)
            sigsuspend(&old_mask);
        printf("interrupted: no children left; exiting\n");
    }
    return 0;
}

/* Prints what the handler reaped and forgets those pids; returns how many
 * of our children that was. Runs with SIGCHLD blocked, so the handler
 * cannot change the list meanwhile. */
static int print_reaped(pid_t child_pid[], int n)
{
    int ours = 0;

    for (int i = 0; i < reaped_count; i++) {
        int status = reaped[i].status, k = 1;
        while (k <= n && child_pid[k] != reaped[i].pid)
            k++;
        if (k > n) {                            /* possible after an exec() */
            printf("reaped pid %ld, a child we inherited\n", (long)reaped[i].pid);
            continue;
        }
        child_pid[k] = 0;                       /* gone: its pid may be reused */
        ours++;
        if (WIFEXITED(status))
            printf("reaped child %d (pid %ld): exited with status %d\n",
                   k, (long)reaped[i].pid, WEXITSTATUS(status));
        else
            printf("reaped child %d (pid %ld): killed by signal %d (%s)\n",
                   k, (long)reaped[i].pid, WTERMSIG(status),
                   strsignal(WTERMSIG(status)));
    }
    reaped_count = 0;
    return ours;
}
