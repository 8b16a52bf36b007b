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
 * One terminal is enough:
 *   ./pipe_pipeline ls -l /usr/bin -- sort -k5 -n
 *
 * See also: pipe_popen.c (the library does it for you), docs/pipes.md.
 * Try: strace -f -e trace=pipe2,dup2,execve,wait4 ./pipe_pipeline
 * or ./pipe_pipeline yes -- head -n 3 and see how yes ends (SIGPIPE).
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include <fcntl.h>
#include <sys/wait.h>

static const char help[] =
    "pipe_pipeline runs CMD1 | CMD2 as a shell does: one pipe, two children,\n"
    "dup2 to put the pipe on CMD1's stdout and CMD2's stdin, then exec.\n"
    "One command starts both; its exit status is CMD2's.\n"
    "usage: pipe_pipeline [CMD1 ARGS... -- CMD2 ARGS...]\n"
    "  Without commands it runs ls / -- wc -l (the shell's ls / | wc -l).\n"
    "  CMD2's output is our stdout; our narration goes to stderr.\n";

static volatile sig_atomic_t interrupted;
static pid_t children[2];           /* set with the ending signals blocked */

static void on_signal(int sig);
static pid_t spawn(char **argv, int target, int pipe_fd[2],
                   const sigset_t *old_mask, int *exec_errno);
static int reap(pid_t pid, const char *name);

int main(int argc, char *argv[])
{
    static char *default_cmd1[] = { "ls", "/", NULL };
    static char *default_cmd2[] = { "wc", "-l", NULL };
    char **cmd1 = default_cmd1, **cmd2 = default_cmd2;
    int pipe_fd[2], failed1, failed2 = 0, sep;
    sigset_t ending, old_mask;

    demo_start(argv[0], help);
    if (argc > 1 && strcmp(argv[1], "-h") == 0)
        usage(0);
    if (argc > 1) {
        if (argv[1][0] == '-')          /* no option but -h, and no command starts with - */
            usage(2);
        for (sep = 1; sep < argc && strcmp(argv[sep], "--") != 0; sep++)
            continue;
        if (sep >= argc - 1) {
            fprintf(stderr, "%s: give two commands, separated by --\n", prog);
            usage(2);
        }
        argv[sep] = NULL;               /* ends CMD1's argument list */
        cmd1 = argv + 1;
        cmd2 = argv + sep + 1;
    }

    /* 1. Block the ending signals (Ctrl-C, kill, a closed terminal) while
     *    the children start, so the handler never runs before their pids
     *    are known; then the pipe that will join them. */
    if (sigemptyset(&ending) == -1 || sigaddset(&ending, SIGINT) == -1 ||
        sigaddset(&ending, SIGTERM) == -1 || sigaddset(&ending, SIGHUP) == -1 ||
        sigprocmask(SIG_BLOCK, &ending, &old_mask) == -1)
        die("sigprocmask");
    catch_ending_signals(on_signal);
    if (pipe(pipe_fd) == -1)
        die("pipe");
    fprintf(stderr, "created a pipe: fd %d reads, fd %d writes\n", pipe_fd[0], pipe_fd[1]);

    /* 2. CMD1 with stdout on the write end, then CMD2 with stdin on the
     *    read end. If CMD1 cannot run, CMD2 is not started at all. */
    children[0] = spawn(cmd1, STDOUT_FILENO, pipe_fd, &old_mask, &failed1);
    if (!failed1)
        children[1] = spawn(cmd2, STDIN_FILENO, pipe_fd, &old_mask, &failed2);
    if (sigprocmask(SIG_SETMASK, &old_mask, NULL) == -1)
        die("sigprocmask");

    /* 3. Close both ends here, or CMD2 never reads end of file. */
    if (close(pipe_fd[0]) == -1 || close(pipe_fd[1]) == -1)
        die("close");
    fprintf(stderr, "closed both ends in the parent; waiting for the commands to finish\n");

    /* 4. Reap both; the pipeline's status is CMD2's, as in a shell. */
    reap(children[0], cmd1[0]);
    int status2 = children[1] > 0 ? reap(children[1], cmd2[0]) : 0;
    if (interrupted) {
        fprintf(stderr, "interrupted: passed the signal on to the commands\n");
        return 0;
    }
    return failed1 || failed2 ? 127 : status2;
}

/* Ctrl-C reaches the whole job from the terminal, but `kill PID` reaches
 * only us: the handler passes it on to both commands (kill is
 * async-signal-safe), and main goes on reaping them, so no child is left. */
static void on_signal(int sig)
{
    interrupted = 1;
    for (int i = 0; i < 2; i++)
        if (children[i] > 0)
            kill(children[i], sig);
}

/* Starts argv with the pipe end for TARGET (stdout: the write end, stdin:
 * the read end) moved onto it. A second pipe, closed by a successful exec
 * (FD_CLOEXEC), tells us whether exec worked: end of file if it did, the
 * errno if it failed. */
static pid_t spawn(char **argv, int target, int pipe_fd[2],
                   const sigset_t *old_mask, int *exec_errno)
{
    int fd = pipe_fd[target == STDOUT_FILENO ? 1 : 0], check[2];
    ssize_t n;

    if (pipe(check) == -1 || fcntl(check[1], F_SETFD, FD_CLOEXEC) == -1)
        die("pipe");
    pid_t pid = fork();
    if (pid == -1)
        die("fork");
    if (pid == 0) {
        /* The command obeys the signals we pass on, even if whoever started
         * us ignored them (sh does that for background jobs). */
        if (signal(SIGINT, SIG_DFL) == SIG_ERR || signal(SIGTERM, SIG_DFL) == SIG_ERR ||
            signal(SIGHUP, SIG_DFL) == SIG_ERR ||
            sigprocmask(SIG_SETMASK, old_mask, NULL) == -1 || close(check[0]) == -1)
            die_child("signals");
        /* If we started with stdin or stdout closed, pipe() handed out that
         * very number: the end may already be TARGET. Then dup2 has nothing
         * to do, and closing "the spare" would close the standard stream. */
        if ((fd == target || dup2(fd, target) != -1) &&
            (pipe_fd[0] == target || close(pipe_fd[0]) == 0) &&
            (pipe_fd[1] == target || close(pipe_fd[1]) == 0))
            execvp(argv[0], argv);
        *exec_errno = errno;            /* a raw int is fine: same program both ends */
        n = write(check[1], exec_errno, sizeof *exec_errno);
        _exit(127);                     /* the shell's "command not found" */
    }
    fprintf(stderr, "started %s as pid %ld, its %s on the pipe\n", argv[0], (long)pid,
            target == STDOUT_FILENO ? "stdout" : "stdin");
    if (close(check[1]) == -1)
        die("close");
    do
        n = read(check[0], exec_errno, sizeof *exec_errno);
    while (n == -1 && errno == EINTR);
    if (n == -1 || close(check[0]) == -1)
        die("read");
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
