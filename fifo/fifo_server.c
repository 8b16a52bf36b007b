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
 * Two terminals (start the server first):
 *   terminal 1:  ./fifo_server
 *   terminal 2:  ./fifo_client hello world
 *
 * See also: fifo_client.c (the other half), docs/fifo.md.
 * Try: run several clients at once from a third terminal:
 *   for i in 1 2 3; do ./fifo_client "client $i" & done; wait
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include <ctype.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/file.h>               /* flock */

static const char help[] =
    "fifo_server answers requests that many clients send through one FIFO\n"
    "with a well-known name; each client gets its answer, upper-cased,\n"
    "through a reply FIFO of its own. Start it before fifo_client.\n"
    "usage: fifo_server [-n PATH] [-c COUNT]\n"
    "  -n PATH   the request FIFO; the default is\n"
    "            /tmp/ipc-demo-UID/fifo_server. Reply FIFOs are PATH-PID,\n"
    "            and PATH.lock makes sure only one server serves PATH.\n"
    "  -c COUNT  exit after answering COUNT messages (default: until Ctrl-C).\n";

static char request_path[200], lock_path[210];
static int lock_fd = -1;            /* open while we hold the lock */

static void take_lock(void);
static size_t read_request(FILE *requests, char *request, size_t size);
static void answer(long pid, const char *text);
static void cleanup(void);
static void on_signal(int sig);

int main(int argc, char *argv[])
{
    char request[PIPE_BUF];
    long count = -1, answered = 0;
    struct stat st;
    int opt;

    demo_start(argv[0], help);
    while ((opt = getopt(argc, argv, "n:c:h")) != -1) {
        switch (opt) {
        case 'n': copy_option(request_path, sizeof request_path, optarg, "-n"); break;
        case 'c': count = parse_long(optarg, 1, LONG_MAX, "-c"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc)
        usage(2);
    if (request_path[0] == '\0')
        default_path(request_path, sizeof request_path, "fifo_server");
    catch_signal(SIGPIPE, SIG_IGN, 0);  /* a client that vanishes gives EPIPE, not death */

    /* 1. Be the only server for this FIFO: two would split the requests.
     *    A lock, not "is someone reading it?": two servers started at the
     *    same moment would both see nobody and both go on. */
    take_lock();
    catch_ending_signals(on_signal);
    if (atexit(cleanup) != 0)
        fail("atexit failed");

    /* 2. Create the well-known FIFO, or reuse one a killed server left. */
    if (mkfifo(request_path, 0600) == 0)
        printf("created the request FIFO %s (mode 0600)\n", request_path);
    else if (errno != EEXIST)
        die(request_path);
    else if (lstat(request_path, &st) == -1 || !S_ISFIFO(st.st_mode))
        fail("%s exists and is not a FIFO; refusing to use it", request_path);
    else
        printf("reusing the FIFO %s left by an earlier server\n", request_path);

    /* 3. Open it for reading, and also for writing ourselves: while one
     *    writer (us) has it open, read() never sees end of file between
     *    clients. O_NONBLOCK lets the read open return before a writer. */
    int read_fd = open(request_path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW);
    if (read_fd == -1)
        die(request_path);
    int dummy_fd = open(request_path, O_WRONLY | O_NOFOLLOW);
    if (dummy_fd == -1)
        die(request_path);
    if (fcntl(read_fd, F_SETFL, 0) == -1)     /* back to blocking reads */
        die("fcntl");
    FILE *requests = fdopen(read_fd, "r");
    if (requests == NULL)
        die("fdopen");
    printf("ready: serving requests on %s\n", request_path);

    /* 4. Each request is one line "PID TEXT"; answer it upper-cased. */
    while (count < 0 || answered < count) {
        size_t len = read_request(requests, request, sizeof request);
        if (len >= sizeof request) {
            printf("dropped a request longer than PIPE_BUF (%d bytes)\n", PIPE_BUF);
            continue;
        }
        if (memchr(request, '\0', len) != NULL) {
            printf("dropped a request holding a NUL byte\n");
            continue;
        }
        request[len] = '\0';
        char *text;
        errno = 0;
        long pid = strtol(request, &text, 10);
        if (errno || text == request || *text != ' ' || pid < 1) {
            printf("dropped a malformed request (no client PID)\n");
            continue;
        }
        text++;
        print_received(text, strlen(text));
        for (char *c = text; *c; c++)
            *c = (char)toupper((unsigned char)*c);
        answer(pid, text);
        answered++;
    }
    printf("answered %ld messages; done\n", answered);
    if (fclose(requests) == EOF || close(dummy_fd) == -1)
        die("close");
    cleanup();                          /* remove the files, then let go */
    if (close(lock_fd) == -1)
        die("close");
    return 0;
}

/* flock on PATH.lock: the kernel gives it to one process only, and takes
 * it back when that process dies, even by kill -9. The winner removes the
 * file at exit while still holding it, so a newcomer that opened the old
 * file checks, once locked, that it still is the file at that path. */
static void take_lock(void)
{
    struct stat held, named;

    snprintf(lock_path, sizeof lock_path, "%s.lock", request_path);
    for (;;) {
        int fd = open(lock_path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd == -1)
            die_hint(lock_path, "pass -n a path in a directory you may write");
        if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
            if (errno == EWOULDBLOCK && close(fd) == 0)
                fail("another server is already reading %s (it holds %s)",
                     request_path, lock_path);
            die("flock");
        }
        if (fstat(fd, &held) == -1)
            die("fstat");
        if (stat(lock_path, &named) == 0 && named.st_ino == held.st_ino &&
            named.st_dev == held.st_dev) {
            refuse_foreign(held.st_uid, held.st_mode, lock_path);
            lock_fd = fd;               /* stays open: we hold the lock */
            return;
        }
        close(fd);                      /* removed under us: try the new one */
    }
}

/* One line into REQUEST, at most SIZE bytes kept; returns its true length
 * (the newline not counted), NUL bytes included, so a bad line is dropped
 * whole and the next client's request is untouched. */
static size_t read_request(FILE *requests, char *request, size_t size)
{
    size_t len = 0;
    int c;

    while ((c = getc(requests)) != '\n') {
        if (c == EOF && errno == EINTR && ferror(requests)) {
            clearerr(requests);         /* interrupted: nothing lost, read on */
            continue;
        }
        if (c == EOF)
            die("read request");        /* we hold a write end: never EOF */
        if (len < size)
            request[len] = (char)c;
        len++;
    }
    return len;
}

/* Send TEXT and a newline to client PID through its reply FIFO. O_NONBLOCK:
 * a client that has gone (no reader) gives ENXIO at once, not a hang. */
static void answer(long pid, const char *text)
{
    char reply_path[256], reply[PIPE_BUF + 1];
    struct stat st;
    int len = snprintf(reply, sizeof reply, "%s\n", text);

    snprintf(reply_path, sizeof reply_path, "%s-%ld", request_path, pid);
    int fd = open(reply_path, O_WRONLY | O_NONBLOCK | O_NOFOLLOW);
    if (fd == -1 || fstat(fd, &st) == -1 || !S_ISFIFO(st.st_mode)) {
        printf("client %ld has no reply FIFO open (%s); answer dropped\n",
               pid, fd == -1 ? strerror(errno) : "not a FIFO");
        if (fd != -1)
            close(fd);
        return;
    }
    /* One write of at most PIPE_BUF bytes into an empty pipe: all or nothing. */
    if (write(fd, reply, (size_t)len) == -1)
        printf("client %ld went away before its answer (%s)\n", pid, strerror(errno));
    else
        printf("answered client %ld: %s\n", pid, text);
    close(fd);
}

/* Runs at exit and from the signal handler: async-signal-safe calls only.
 * The lock file goes last, while we still hold the lock. */
static void cleanup(void)
{
    if (unlink(request_path) == 0)
        say("removed the request FIFO\n");
    unlink(lock_path);
}

/* Ctrl-C, kill, or a closed terminal (SIGHUP). */
static void on_signal(int sig)
{
    (void)sig;
    say("interrupted: shutting down\n");
    cleanup();
    _exit(0);
}
