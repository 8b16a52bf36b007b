/*
 * Exercise 01 - pipe_eof: close the unused pipe ends so the reader sees
 * end of file.
 *
 * The parent makes a pipe and forks. The child writes each MESSAGE into the
 * pipe as one line and exits; the parent reads until end of file and prints
 * each line as "received: LINE". read() on a pipe returns 0 (end of file)
 * only once EVERY write end is closed, in every process that holds one.
 * After fork both processes hold both ends.
 *
 * Your part: the TODO in close_unused_end(). Everything else is written.
 * Until you do it, the parent waits in read() for ever (Ctrl-C ends it).
 *
 * Usage: exercise [MESSAGE...]      (default: "one" "two" "three")
 * Grade it: sh exercises/grade.sh 01
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include <sys/wait.h>

static const char help[] =
    "Exercise 01: the child writes each MESSAGE into a pipe, one per line;\n"
    "the parent prints each line it reads, until end of file.\n"
    "usage: exercise [MESSAGE...]   (default: one two three)\n";

static void close_unused_end(int pipe_fd[2], int i_am_writer);

int main(int argc, char *argv[])
{
    static char *defaults[] = { "one", "two", "three", NULL };
    char **messages = defaults, line[4096];
    int pipe_fd[2], opt, status;
    size_t used = 0;

    demo_start(argv[0], help);
    while ((opt = getopt(argc, argv, "h")) != -1)
        usage(opt == 'h' ? 0 : 2);
    if (optind < argc)
        messages = argv + optind;

    /* 1. The pipe, made before fork so that the child inherits it. */
    if (pipe(pipe_fd) == -1)
        die("pipe");
    printf("created a pipe: fd %d reads, fd %d writes\n", pipe_fd[0], pipe_fd[1]);

    /* 2. The child: the writer. */
    pid_t child = fork();
    if (child == -1)
        die("fork");
    if (child == 0) {
        close_unused_end(pipe_fd, 1);
        for (char **m = messages; *m != NULL; m++)
            if (write_all(pipe_fd[1], *m, strlen(*m)) == -1 ||
                write_all(pipe_fd[1], "\n", 1) == -1)
                die_child("write");
        if (close(pipe_fd[1]) == -1)
            die_child("close");
        _exit(0);
    }

    /* 3. The parent: the reader, until end of file. */
    close_unused_end(pipe_fd, 0);
    printf("ready: parent reading until end of file\n");
    for (;;) {
        ssize_t n = read(pipe_fd[0], line + used, sizeof line - 1 - used);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            die("read");
        if (n == 0)
            break;
        used += (size_t)n;
        char *start = line, *nl;
        while ((nl = memchr(start, '\n', used - (size_t)(start - line))) != NULL) {
            print_received(start, (size_t)(nl - start));
            start = nl + 1;
        }
        used -= (size_t)(start - line);
        memmove(line, start, used);
        if (used == sizeof line - 1) {      /* a line too long: show it in pieces */
            print_received(line, used);
            used = 0;
        }
    }
    if (used > 0)
        print_received(line, used);
    printf("end of file: every write end is closed\n");
    if (close(pipe_fd[0]) == -1)
        die("close");

    /* 4. Reap the child. */
    while (waitpid(child, &status, 0) == -1)
        if (errno != EINTR)
            die("waitpid");
    printf("child %ld exited with status %d\n", (long)child,
           WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

/* Called once in each process right after fork: the writer (the child) and
 * the reader (the parent) each hold both ends of the pipe. */
static void close_unused_end(int pipe_fd[2], int i_am_writer)
{
    /* TODO(student): close the end of the pipe this process does not use
     * (the writer never reads, the reader never writes); check close(). */
    (void)pipe_fd;
    (void)i_am_writer;
    /* END TODO */
}
