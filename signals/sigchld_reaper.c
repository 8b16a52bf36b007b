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
 * Usage: sigchld_reaper [-w] [N]
 *   N   children to start (1..100, default 3); child K exits with status K,
 *       except every third, which is killed by SIGTERM
 *   -w  after reaping them all, stay alive until Ctrl-C (to look with ps)
 *
 * One terminal:  ./sigchld_reaper -w 5
 * and in another: ps -o pid,stat,comm --ppid PID   (no Z: no zombie)
 *
 * See also: pipes/pipe_basic.c (waiting for one child), docs/signals.md.
 * Try: comment out the waitpid loop, run with -w and watch ps show
 * <defunct> children until the parent exits.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CHILDREN 100        /* exit statuses go up to 255; ours are 1..N */

static const char *prog = "sigchld_reaper";
static struct { pid_t pid; int status; } reaped[MAX_CHILDREN];
static volatile sig_atomic_t reaped_count, sigchld_count, interrupted;

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-w] [N]\n"
                 "  N   children to start (1..%d, default 3)\n"
                 "  -w  after reaping them all, stay alive until Ctrl-C\n",
            prog, MAX_CHILDREN);
    exit(status);
}

/* waitpid() is async-signal-safe; printf() is not, so main prints what the
 * handler stored. errno is saved: the handler may interrupt code that is
 * about to read it. */
static void on_sigchld(int sig)
{
    int saved_errno = errno, status;
    pid_t pid;

    (void)sig;
    sigchld_count++;
    while (reaped_count < MAX_CHILDREN && (pid = waitpid(-1, &status, WNOHANG)) > 0) {
        reaped[reaped_count].pid = pid;
        reaped[reaped_count].status = status;
        reaped_count++;
    }
    errno = saved_errno;
}

static void on_interrupt(int sig)
{
    interrupted = sig;
}

int main(int argc, char *argv[])
{
    struct sigaction sa = { .sa_handler = on_sigchld, .sa_flags = SA_RESTART | SA_NOCLDSTOP };
    struct sigaction stop = { .sa_handler = on_interrupt };
    pid_t child_pid[MAX_CHILDREN + 1];
    sigset_t blocked, old_mask;
    int n = 3, stay = 0, done = 0, opt, i, k;
    char *end;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    while ((opt = getopt(argc, argv, "wh")) != -1) {
        switch (opt) {
        case 'w': stay = 1; break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    if (optind < argc) {
        long value = strtol(argv[optind], &end, 10);
        if (end == argv[optind] || *end != '\0' || value < 1 || value > MAX_CHILDREN) {
            fprintf(stderr, "%s: N must be a number from 1 to %d, not \"%s\"\n",
                    prog, MAX_CHILDREN, argv[optind]);
            usage(stderr, 2);
        }
        n = (int)value;
        optind++;
    }
    if (optind != argc)
        usage(stderr, 2);

    /* Step 1: block SIGCHLD, SIGINT and SIGTERM; main waits for them only in
     * sigsuspend(), which unblocks and sleeps in one step. Checking a flag
     * and then sleeping would lose a signal that came in between. */
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGCHLD);
    sigaddset(&blocked, SIGINT);
    sigaddset(&blocked, SIGTERM);
    if (sigprocmask(SIG_BLOCK, &blocked, &old_mask) == -1)
        die("sigprocmask");
    if (sigaction(SIGCHLD, &sa, NULL) == -1 || sigaction(SIGINT, &stop, NULL) == -1
        || sigaction(SIGTERM, &stop, NULL) == -1)
        die("sigaction");

    /* Step 2: start the children; each sleeps, then exits (or is killed). */
    printf("parent pid %ld: starting %d children, a SIGCHLD handler reaps them\n",
           (long)getpid(), n);
    for (k = 1; k <= n; k++) {
        long delay_ms = 100L * ((n - k) % 5 + 1);   /* the last started end first */
        struct timespec delay = { delay_ms / 1000, delay_ms % 1000 * 1000000L };

        child_pid[k] = fork();
        if (child_pid[k] == -1)
            die("fork");
        if (child_pid[k] == 0) {
            signal(SIGINT, SIG_DFL);            /* handlers are inherited */
            signal(SIGTERM, SIG_DFL);
            sigprocmask(SIG_SETMASK, &old_mask, NULL);
            nanosleep(&delay, NULL);
            if (k % 3 == 0)
                raise(SIGTERM);
            _exit(k);
        }
        printf("started child %d, pid %ld: it ends in %ld ms\n", k, (long)child_pid[k], delay_ms);
    }

    /* Step 3: free for other work; here we just sleep in sigsuspend(). */
    printf("waiting in sigsuspend(); the handler reaps each child that exits\n");
    while (done < n && !interrupted) {
        sigsuspend(&old_mask);                  /* returns after a handler ran */
        for (i = 0; i < reaped_count; i++) {
            int status = reaped[i].status;
            for (k = 1; k <= n && child_pid[k] != reaped[i].pid; k++)
                continue;
            if (k > n) {                        /* possible after an exec() */
                printf("reaped pid %ld, a child we inherited\n", (long)reaped[i].pid);
                continue;
            }
            child_pid[k] = 0;                   /* gone: its pid may be reused */
            done++;
            if (WIFEXITED(status))
                printf("reaped child %d (pid %ld): exited with status %d\n",
                       k, (long)reaped[i].pid, WEXITSTATUS(status));
            else
                printf("reaped child %d (pid %ld): killed by signal %d (%s)\n",
                       k, (long)reaped[i].pid, WTERMSIG(status),
                       strsignal(WTERMSIG(status)));
        }
        reaped_count = 0;       /* the handler cannot run now: SIGCHLD is blocked */
    }
    if (interrupted) {
        printf("interrupted: stopping the children still running, and reaping them\n");
        for (k = 1; k <= n; k++)
            if (child_pid[k] > 0)               /* kill(0, ...) would hit our group */
                kill(child_pid[k], SIGTERM);
        for (k = 1; k <= n; k++)                /* SIGCHLD is blocked: wait here */
            if (child_pid[k] > 0)
                waitpid(child_pid[k], NULL, 0);
        return 0;
    }
    printf("all %d children reaped with %d SIGCHLD signals (children that end "
           "together can share one)\n", n, (int)sigchld_count);

    /* Step 4 (-w): linger, so that ps can show there is no zombie. */
    if (stay) {
        printf("staying alive: ps -o pid,stat,comm --ppid %ld shows no zombie; "
               "Ctrl-C ends\n", (long)getpid());
        while (!interrupted)
            sigsuspend(&old_mask);
        printf("interrupted: no children left; exiting\n");
    }
    return 0;
}
