/*
 * fifo_server.c - a server that many clients reach through one FIFO with a
 * well-known name, each getting its answers through a FIFO of its own.
 *
 * All clients write requests into the same FIFO. That is safe because each
 * request is one write() of at most PIPE_BUF bytes, which the kernel never
 * mixes with another writer's. Answers cannot share one FIFO (a client could
 * read another's answer), so each client makes a private reply FIFO named
 * after its PID, and the request says which. This server answers each
 * message upper-cased.
 *
 * Usage: fifo_server [-n PATH] [-c COUNT]
 *   -n PATH   the request FIFO (default /tmp/ipc-demo-UID/fifo_server);
 *             reply FIFOs are PATH-PID
 *   -c COUNT  exit after answering COUNT messages (default: run until Ctrl-C)
 *
 * Two terminals (start the server first):
 *   terminal 1:  ./fifo_server
 *   terminal 2:  ./fifo_client hello world
 *
 * See also: fifo_client.c (the other half), docs/fifo.md.
 * Try: run several clients at once from a third terminal:
 *   for i in 1 2 3; do ./fifo_client "client $i" & done; wait
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static const char *prog = "fifo_server";
static char request_path[200];

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-n PATH] [-c COUNT]\n"
                 "  -n PATH   request FIFO (default /tmp/ipc-demo-UID/fifo_server)\n"
                 "  -c COUNT  exit after answering COUNT messages\n", prog);
    exit(status);
}

static void say(const char *text)
{
    if (write(STDOUT_FILENO, text, strlen(text)) < 0)
        return;                 /* nowhere left to report it */
}

/* Runs at exit and from the signal handler: async-signal-safe calls only. */
static void cleanup(void)
{
    if (unlink(request_path) == 0)
        say("removed the request FIFO\n");
}

static void on_signal(int sig)
{
    (void)sig;
    say("interrupted: shutting down\n");
    cleanup();
    _exit(0);
}

static void default_path(char *path, size_t size, const char *name)
{
    char dir[64];
    struct stat st;

    snprintf(dir, sizeof dir, "/tmp/ipc-demo-%u", (unsigned)getuid());
    if (mkdir(dir, 0700) == -1 && errno != EEXIST)
        die(dir);
    if (lstat(dir, &st) == -1)
        die(dir);
    if (!S_ISDIR(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 077)) {
        fprintf(stderr, "%s: %s is a symlink, another user's, or open to others; "
                        "refusing to use it\n", prog, dir);
        exit(1);
    }
    snprintf(path, size, "%s/%s", dir, name);
}

/* Send TEXT to client PID through its reply FIFO. O_NONBLOCK: a client that
 * has gone (no reader) gives ENXIO at once instead of blocking the server. */
static void answer(long pid, const char *text)
{
    char reply_path[256];
    struct stat st;
    int fd;

    snprintf(reply_path, sizeof reply_path, "%s-%ld", request_path, pid);
    fd = open(reply_path, O_WRONLY | O_NONBLOCK | O_NOFOLLOW);
    if (fd == -1 || fstat(fd, &st) == -1 || !S_ISFIFO(st.st_mode)) {
        printf("client %ld has no reply FIFO open (%s); answer dropped\n",
               pid, fd == -1 ? strerror(errno) : "not a FIFO");
        if (fd != -1)
            close(fd);
        return;
    }
    /* One write of at most PIPE_BUF bytes into an empty pipe: all or nothing. */
    if (write(fd, text, strlen(text)) == -1)
        printf("client %ld went away before its answer (%s)\n", pid, strerror(errno));
    else
        printf("answered client %ld: %.*s\n", pid, (int)strlen(text) - 1, text);
    close(fd);
}

int main(int argc, char *argv[])
{
    struct sigaction sa = { .sa_handler = on_signal };
    char request[PIPE_BUF + 1];
    long count = -1, answered = 0, pid;
    int opt, read_fd, dummy_fd;
    struct stat st;
    char *text, *end;
    FILE *requests;

    setvbuf(stdout, NULL, _IOLBF, 0);
    while ((opt = getopt(argc, argv, "n:c:h")) != -1) {
        switch (opt) {
        case 'n':
            if (strlen(optarg) >= sizeof request_path - 24)
                usage(stderr, 2);
            strcpy(request_path, optarg);
            break;
        case 'c':
            errno = 0;
            count = strtol(optarg, &end, 10);
            if (errno || *end || end == optarg || count < 1) {
                fprintf(stderr, "%s: -c wants a positive whole number, not '%s'\n", prog, optarg);
                usage(stderr, 2);
            }
            break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    if (optind != argc)
        usage(stderr, 2);
    if (request_path[0] == '\0')
        default_path(request_path, sizeof request_path, "fifo_server");
    signal(SIGPIPE, SIG_IGN);       /* a client that vanishes gives EPIPE, not death */

    /* Step 1: create the well-known FIFO. An existing one that someone is
     * already reading means another server is running: two would split the
     * requests between them. */
    if (mkfifo(request_path, 0600) == -1) {
        if (errno != EEXIST)
            die(request_path);
        if (lstat(request_path, &st) == -1 || !S_ISFIFO(st.st_mode)) {
            fprintf(stderr, "%s: %s exists and is not a FIFO; refusing to use it\n",
                    prog, request_path);
            exit(1);
        }
        dummy_fd = open(request_path, O_WRONLY | O_NONBLOCK);
        if (dummy_fd != -1) {
            fprintf(stderr, "%s: another server is already reading %s\n", prog, request_path);
            exit(1);
        }
        printf("reusing the FIFO %s left by an earlier server\n", request_path);
    } else {
        printf("created the request FIFO %s (mode 0600)\n", request_path);
    }
    atexit(cleanup);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    /* Step 2: open it for reading, and also for writing ourselves: while one
     * writer (us) has it open, read() never sees end of file between clients. */
    read_fd = open(request_path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW);
    if (read_fd == -1)
        die(request_path);
    dummy_fd = open(request_path, O_WRONLY | O_NOFOLLOW);
    if (dummy_fd == -1)
        die(request_path);
    if (fcntl(read_fd, F_SETFL, 0) == -1)     /* back to blocking reads */
        die("fcntl");
    requests = fdopen(read_fd, "r");
    if (requests == NULL)
        die("fdopen");
    printf("ready: serving requests on %s\n", request_path);

    /* Step 3: each request is one line "PID TEXT"; answer it upper-cased. */
    while (count < 0 || answered < count) {
        if (fgets(request, sizeof request, requests) == NULL)
            die("read request");
        if (strchr(request, '\n') == NULL) {    /* longer than PIPE_BUF: not ours */
            int c;
            while ((c = fgetc(requests)) != EOF && c != '\n')
                continue;
            printf("dropped a request longer than PIPE_BUF (%d bytes)\n", PIPE_BUF);
            continue;
        }
        errno = 0;
        pid = strtol(request, &text, 10);
        if (errno || text == request || *text != ' ' || pid < 1) {
            printf("dropped a malformed request (no client PID)\n");
            continue;
        }
        text++;
        printf("received: %.*s\n", (int)strcspn(text, "\n"), text);
        for (end = text; *end; end++)
            *end = (char)toupper((unsigned char)*end);
        answer(pid, text);
        answered++;
    }
    printf("answered %ld messages; done\n", answered);
    fclose(requests);
    close(dummy_fd);
    return 0;
}
