/*
 * Exercise 02 - pipe_pipeline: run CMD1 | CMD2 the way a shell does, with
 * dup2 and close.
 *
 * The program makes one pipe and forks two children. The first runs CMD1
 * with its standard output on the pipe's write end, the second runs CMD2
 * with its standard input on the read end. The commands never learn about
 * the pipe: dup2 moved its ends onto fds 1 and 0 before exec. The parent
 * closes both ends and reaps both children; our narration goes to stderr,
 * so stdout carries CMD2's output alone.
 *
 * Your part: the TODO in plumb(), run in each child just before exec.
 * Until you do it, CMD1 prints to the terminal and CMD2 reads the keyboard.
 *
 * Usage: exercise [CMD1 ARGS... -- CMD2 ARGS...]   (default: ls / -- wc -l)
 * Grade it: sh exercises/grade.sh 02
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include <sys/wait.h>

static const char help[] =
    "Exercise 02: runs CMD1 | CMD2 as a shell does: one pipe, two children,\n"
    "dup2 to put the pipe on CMD1's stdout and CMD2's stdin, then exec.\n"
    "usage: exercise [CMD1 ARGS... -- CMD2 ARGS...]   (default: ls / -- wc -l)\n";

static pid_t spawn(char **argv, int target, int pipe_fd[2]);
static void plumb(int pipe_fd[2], int target);
static int reap(pid_t pid, const char *name);

int main(int argc, char *argv[])
{
    static char *default_cmd1[] = { "ls", "/", NULL };
    static char *default_cmd2[] = { "wc", "-l", NULL };
    char **cmd1 = default_cmd1, **cmd2 = default_cmd2;
    int pipe_fd[2], sep;

    demo_start(argv[0], help);
    if (argc > 1 && strcmp(argv[1], "-h") == 0)
        usage(0);
    if (argc > 1) {
        if (argv[1][0] == '-')
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

    /* 1. The pipe that will join the two commands. */
    if (pipe(pipe_fd) == -1)
        die("pipe");
    fprintf(stderr, "created a pipe: fd %d reads, fd %d writes\n", pipe_fd[0], pipe_fd[1]);

    /* 2. CMD1 writes into the pipe, CMD2 reads from it. */
    pid_t first = spawn(cmd1, STDOUT_FILENO, pipe_fd);
    pid_t second = spawn(cmd2, STDIN_FILENO, pipe_fd);

    /* 3. Close both ends here: an open write end anywhere, ours included,
     *    keeps CMD2 from ever reading end of file. */
    if (close(pipe_fd[0]) == -1 || close(pipe_fd[1]) == -1)
        die("close");
    fprintf(stderr, "ready: closed both ends in the parent; waiting for the commands\n");

    /* 4. Reap both; the pipeline's status is CMD2's, as in a shell. */
    reap(first, cmd1[0]);
    return reap(second, cmd2[0]);
}

/* Forks a child that runs ARGV with the pipe's end for TARGET (stdout: the
 * write end, stdin: the read end) in place of TARGET. */
static pid_t spawn(char **argv, int target, int pipe_fd[2])
{
    pid_t pid = fork();
    if (pid == -1)
        die("fork");
    if (pid == 0) {
        plumb(pipe_fd, target);
        execvp(argv[0], argv);
        die_child(argv[0]);
    }
    fprintf(stderr, "started %s as pid %ld, its %s on the pipe\n", argv[0], (long)pid,
            target == STDOUT_FILENO ? "stdout" : "stdin");
    return pid;
}

/* In the child, before exec. TARGET is STDOUT_FILENO for CMD1 (its output
 * goes into pipe_fd[1]) and STDIN_FILENO for CMD2 (it reads pipe_fd[0]).
 * On a failure, report it with die_child (a child must not call exit). */
static void plumb(int pipe_fd[2], int target)
{
    /* TODO(student): make TARGET a copy of the right end of the pipe, then
     * close both original ends, so the command holds only fd 0 or fd 1. */
    int end = pipe_fd[target == STDOUT_FILENO ? 1 : 0];
    if (dup2(end, target) == -1)
        die_child("dup2");
    /* If fd 0 or 1 was closed when we started, pipe() may have handed out
     * TARGET itself: then that end must stay open. */
    if ((pipe_fd[0] != target && close(pipe_fd[0]) == -1) ||
        (pipe_fd[1] != target && close(pipe_fd[1]) == -1))
        die_child("close");
    /* END TODO */
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
    fprintf(stderr, "%s (pid %ld) was killed by signal %d\n", name, (long)pid,
            WTERMSIG(status));
    return 128 + WTERMSIG(status);
}
