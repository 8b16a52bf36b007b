/*
 * pipe_pipeline.c - run CMD1 | CMD2 the way a shell does: one pipe, two
 * children, dup2() to put the pipe's ends on their stdout and stdin, exec.
 *
 * The commands never learn about the pipe: CMD1 writes to its standard
 * output and CMD2 reads its standard input, because dup2 made those the two
 * ends of the pipe before exec. The parent closes both ends (an open write
 * end anywhere keeps CMD2 from seeing end of file), waits for both children
 * and exits with CMD2's status, as a shell does. Our narration goes to
 * stderr, so stdout carries CMD2's output alone.
 *
 * Usage: pipe_pipeline [CMD1 ARGS... -- CMD2 ARGS...]
 *   default: ls / -- wc -l    (the shell's  ls / | wc -l)
 *
 * One terminal is enough:
 *   ./pipe_pipeline ls -l /usr/bin -- sort -k5 -n
 *
 * See also: pipe_popen.c (the library does it for you), docs/pipes.md.
 * Try: strace -f -e trace=pipe2,dup2,execve,wait4 ./pipe_pipeline
 * or ./pipe_pipeline yes -- head -n 3 and see how yes ends (SIGPIPE).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *prog = "pipe_pipeline";
static volatile sig_atomic_t interrupted;
static pid_t children[2];           /* set with SIGINT/SIGTERM blocked */

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [CMD1 ARGS... -- CMD2 ARGS...]\n"
                 "  runs CMD1 | CMD2 (default: ls / -- wc -l) and exits with CMD2's status\n",
            prog);
    exit(status);
}

/* Ctrl-C reaches the whole job from the terminal, but `kill PID` reaches
 * only us: the handler itself passes it on to both commands (kill is
 * async-signal-safe), and main goes on reaping them as usual, so no child is
 * left behind. It cannot come too early: SIGINT and SIGTERM stay blocked
 * until both pids are known. */
static void on_signal(int sig)
{
    interrupted = 1;
    for (int i = 0; i < 2; i++)
        if (children[i] > 0)
            kill(children[i], sig);
}

/* Starts argv[0] with fd moved onto target (stdin or stdout). A second
 * pipe, closed by a successful exec (FD_CLOEXEC), tells us whether exec
 * worked: end of file if it did, the errno if it failed. */
static pid_t spawn(char **argv, int fd, int target, int pipe_fd[2],
                   const sigset_t *old_mask, int *exec_errno)
{
    int check[2];
    ssize_t n;
    pid_t pid;

    if (pipe(check) == -1 || fcntl(check[1], F_SETFD, FD_CLOEXEC) == -1)
        die("pipe");
    pid = fork();
    if (pid == -1)
        die("fork");
    if (pid == 0) {
        /* The command obeys the signals we pass on, even if whoever started
         * us ignored them (sh does that for background jobs). */
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        sigprocmask(SIG_SETMASK, old_mask, NULL);
        close(check[0]);
        if (dup2(fd, target) != -1) {
            close(pipe_fd[0]);          /* now on stdin/stdout: drop the spares */
            close(pipe_fd[1]);
            execvp(argv[0], argv);
        }
        *exec_errno = errno;            /* a raw int is fine: same program both ends */
        n = write(check[1], exec_errno, sizeof *exec_errno);
        close(check[1]);
        _exit(127);                     /* the shell's "command not found" */
    }
    fprintf(stderr, "started %s as pid %ld, its %s on the pipe\n", argv[0], (long)pid,
            target == STDOUT_FILENO ? "stdout" : "stdin");
    close(check[1]);
    do
        n = read(check[0], exec_errno, sizeof *exec_errno);
    while (n == -1 && errno == EINTR);
    close(check[0]);
    if (n != (ssize_t)sizeof *exec_errno)
        *exec_errno = 0;                /* end of file: exec worked */
    else
        fprintf(stderr, "%s: cannot run %s: %s%s\n", prog, argv[0], strerror(*exec_errno),
                *exec_errno == ENOENT ? " (is it installed, and on your PATH?)" : "");
    return pid;
}

/* Reaps one child, says how it ended, and returns a shell-style status. */
static int reap(pid_t pid, const char *name)
{
    int status;

    while (waitpid(pid, &status, 0) == -1)
        if (errno != EINTR)
            die("waitpid");
    if (WIFEXITED(status)) {
        fprintf(stderr, "%s (pid %ld) exited with status %d\n", name, (long)pid,
                WEXITSTATUS(status));
        return WEXITSTATUS(status);
    }
    fprintf(stderr, "%s (pid %ld) was killed by signal %d (%s)\n", name, (long)pid,
            WTERMSIG(status), strsignal(WTERMSIG(status)));
    return 128 + WTERMSIG(status);
}

int main(int argc, char *argv[])
{
    static char *default_cmd1[] = { "ls", "/", NULL };
    static char *default_cmd2[] = { "wc", "-l", NULL };
    struct sigaction sa = { .sa_handler = on_signal };
    char **cmd1 = default_cmd1, **cmd2 = default_cmd2;
    int pipe_fd[2], failed1, failed2 = 0, status2, sep;
    sigset_t stop_signals, old_mask;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    if (argc > 1 && strcmp(argv[1], "-h") == 0)
        usage(stdout, 0);
    if (argc > 1) {
        if (argv[1][0] == '-')          /* no option but -h, and no command starts with - */
            usage(stderr, 2);
        for (sep = 1; sep < argc && strcmp(argv[sep], "--") != 0; sep++)
            continue;
        if (sep >= argc - 1) {
            fprintf(stderr, "%s: give two commands, separated by --\n", prog);
            usage(stderr, 2);
        }
        argv[sep] = NULL;               /* ends CMD1's argument list */
        cmd1 = argv + 1;
        cmd2 = argv + sep + 1;
    }

    /* Block SIGINT/SIGTERM while starting the children, so that the handler
     * never runs before their pids are known. */
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    sigprocmask(SIG_BLOCK, &stop_signals, &old_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    /* Step 1: the pipe that will join them. */
    if (pipe(pipe_fd) == -1)
        die("pipe");
    fprintf(stderr, "created a pipe: fd %d reads, fd %d writes\n", pipe_fd[0], pipe_fd[1]);

    /* Step 2: CMD1 with stdout on the write end, then CMD2 with stdin on
     * the read end. If CMD1 cannot run, CMD2 is not started at all. */
    fflush(stdout);
    children[0] = spawn(cmd1, pipe_fd[1], STDOUT_FILENO, pipe_fd, &old_mask, &failed1);
    if (!failed1)
        children[1] = spawn(cmd2, pipe_fd[0], STDIN_FILENO, pipe_fd, &old_mask, &failed2);
    sigprocmask(SIG_SETMASK, &old_mask, NULL);

    /* Step 3: close both ends here, or CMD2 never reads end of file. */
    close(pipe_fd[0]);
    close(pipe_fd[1]);
    fprintf(stderr, "closed both ends in the parent; waiting for the commands to finish\n");

    /* Step 4: reap both; the pipeline's status is CMD2's, as in a shell. */
    reap(children[0], cmd1[0]);
    status2 = children[1] > 0 ? reap(children[1], cmd2[0]) : 0;
    if (interrupted) {
        fprintf(stderr, "interrupted: passed the signal on to the commands\n");
        return 0;
    }
    if (failed1 || failed2)
        return 127;
    return status2;
}
