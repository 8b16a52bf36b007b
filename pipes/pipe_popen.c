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
 * Usage: pipe_popen [COMMAND]
 *   COMMAND  a shell command line, quoted as one argument (default "ls /");
 *            we exit with its status
 *
 * One terminal is enough:
 *   ./pipe_popen 'ls -l / | head -n 3'
 *
 * See also: pipe_pipeline.c (the same by hand), docs/pipes.md.
 * Try: strace -f -e trace=pipe2,clone,clone3,vfork,execve,wait4 ./pipe_popen
 * to see the pipe, the new process and the shell popen starts.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *prog = "pipe_popen";

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [COMMAND]\n"
                 "  COMMAND  a shell command line as one (quoted) argument, default \"ls /\";\n"
                 "           each line it prints is received; we exit with its status\n", prog);
    exit(status);
}

int main(int argc, char *argv[])
{
    const char *command = "ls /";
    char *line = NULL;
    size_t line_size = 0;
    ssize_t len;
    FILE *output;
    int opt, status;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    while ((opt = getopt(argc, argv, "h")) != -1) {
        if (opt == 'h')
            usage(stdout, 0);
        usage(stderr, 2);
    }
    if (argc - optind > 1) {
        fprintf(stderr, "%s: give COMMAND as one argument: %s 'ls -l /'\n", prog, prog);
        usage(stderr, 2);
    }
    if (optind < argc)
        command = argv[optind];
    if (command[0] == '\0') {
        fprintf(stderr, "%s: the command is empty\n", prog);
        usage(stderr, 2);
    }

    /* Step 1: popen = pipe + fork + exec of /bin/sh -c COMMAND in the child. */
    printf("popen(\"%s\", \"r\"): a pipe, a child process, and in it "
           "/bin/sh -c with its stdout on the pipe\n", command);
    fflush(stdout);
    output = popen(command, "r");
    if (output == NULL)
        die("popen");
    printf("reading the command's output from fd %d, line by line, until end of file\n",
           fileno(output));

    /* Step 2: read its output until end of file (the command has ended,
     * or at least closed its stdout). */
    while ((len = getline(&line, &line_size, output)) != -1) {
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        printf("received: %s\n", line);
    }
    if (ferror(output))
        die("read");
    free(line);

    /* Step 3: pclose waits for the shell and gives its wait status. */
    printf("end of file; pclose() closes the pipe and waits for the shell\n");
    status = pclose(output);
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
