/*
 * pipe_popen.c - the C library's shortcut to a command's output: popen()
 * and pclose().
 *
 * popen(COMMAND, "r") does in one call what pipe_pipeline.c does by hand:
 * it makes a pipe, forks, and the child runs /bin/sh -c COMMAND with its
 * stdout on the pipe's write end; we get the read end as a FILE *. Each line
 * the command prints arrives here as "received: LINE". pclose() closes our
 * end, waits for the shell (no zombie is left) and returns its exit status.
 * What popen hides: the child's pid, and a shell in between that parses
 * COMMAND, so never build COMMAND from text you did not write yourself.
 *
 * Usage: pipe_popen [COMMAND]     (default "ls /"; we exit with its status)
 * One terminal is enough:
 *   ./pipe_popen 'ls -l / | head -n 3'
 *
 * See also: pipe_pipeline.c (the same by hand), docs/pipes.md.
 * Try: strace -f -e trace=pipe2,clone,clone3,vfork,execve,wait4 ./pipe_popen
 * to see the pipe, the new process and the shell popen starts.
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include <sys/wait.h>

static const char help[] =
    "pipe_popen shows the C library's shortcut: popen() runs a shell command\n"
    "with its output on a pipe, we read each line, and pclose() waits for it\n"
    "and gives its status. It needs no partner.\n"
    "usage: pipe_popen [COMMAND]\n"
    "  COMMAND  a shell command line as one (quoted) argument; the default\n"
    "           is \"ls /\". We exit with its status.\n";

int main(int argc, char *argv[])
{
    const char *command = "ls /";
    char *line = NULL;
    size_t line_size = 0;
    ssize_t len;
    int opt;

    demo_start(argv[0], help);
    while ((opt = getopt(argc, argv, "h")) != -1)
        usage(opt == 'h' ? 0 : 2);
    if (argc - optind > 1) {
        fprintf(stderr, "%s: give COMMAND as one argument: %s 'ls -l /'\n", prog, prog);
        usage(2);
    }
    if (optind < argc)
        command = argv[optind];
    if (command[0] == '\0') {
        fprintf(stderr, "%s: the command is empty\n", prog);
        usage(2);
    }

    /* 1. popen = pipe + fork + exec of /bin/sh -c COMMAND in the child. */
    printf("popen(\"%s\", \"r\"):\n"
           "a pipe, a child process, and in it /bin/sh -c with its stdout on the pipe\n",
           command);
    FILE *output = popen(command, "r");
    if (output == NULL)
        die("popen");
    printf("reading the command's output from fd %d until end of file\n",
           fileno(output));

    /* 2. Read its output until end of file (the command has ended, or at
     *    least closed its stdout). */
    for (errno = 0; (len = getline(&line, &line_size, output)) != -1 ||
                    (ferror(output) && errno == EINTR); errno = 0) {
        if (len == -1) {                /* interrupted, not the end: again */
            clearerr(output);
            continue;
        }
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        printf("received: %s\n", line);
    }
    if (ferror(output))
        die("read");
    free(line);

    /* 3. pclose waits for the shell and gives its wait status. */
    printf("end of file; pclose() closes the pipe and waits for the shell\n");
    int status = pclose(output);
    if (status == -1)
        die("pclose");
    if (WIFSIGNALED(status)) {
        printf("the command was killed by signal %d (%s)\n", WTERMSIG(status),
               strsignal(WTERMSIG(status)));
        return 128 + WTERMSIG(status);
    }
    printf("the shell exited with status %d%s\n", WEXITSTATUS(status),
           WEXITSTATUS(status) == 127 ? " (127: the shell could not find the command)" :
           WEXITSTATUS(status) == 126 ? " (126: found, but not executable)" : "");
    return WEXITSTATUS(status);
}
