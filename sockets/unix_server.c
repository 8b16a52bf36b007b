/*
 * unix_server.c - an echo server on a Unix-domain stream socket: a socket
 * whose address is a path in the file system, for processes on one machine.
 *
 * The steps are TCP's (socket, bind, listen, accept), but bind() creates a
 * socket file, and the kernel can tell the server who connected: the
 * client's pid, uid and gid (SO_PEERCRED), which a TCP server never knows.
 * A socket file outlives a server that is killed, so at start the server
 * removes a stale one (only if it really is a socket nobody listens on),
 * and it removes its own when it exits. Clients are served one at a time.
 *
 * Usage: unix_server [-n PATH] [-c COUNT]
 *   -n PATH   socket path (default /tmp/ipc-demo-UID/unix.sock)
 *   -c COUNT  serve COUNT clients, then exit
 *
 * Two terminals:
 *   terminal 1:  ./unix_server
 *   terminal 2:  ./unix_client hello world
 *
 * See also: unix_client.c (the other half), tcp_server.c, docs/sockets.md.
 * Try: `ls -l /tmp/ipc-demo-$(id -u)` (the leading 's' marks a socket) and
 * `ss -xlp` while it runs; kill it with -9 and start it again.
 */
#define _GNU_SOURCE             /* struct ucred for SO_PEERCRED is Linux's */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_LINE 4096           /* as tcp_server: a line is held whole */

static const char *prog = "unix_server";
static struct sockaddr_un addr = { .sun_family = AF_UNIX };
static volatile sig_atomic_t socket_made;          /* our file exists: remove it */

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-n PATH] [-c COUNT]\n"
                 "  -n PATH   socket path, at most %zu bytes "
                 "(default /tmp/ipc-demo-UID/unix.sock)\n"
                 "  -c COUNT  serve COUNT clients, then exit\n", prog, sizeof addr.sun_path - 1);
    exit(status);
}

static long parse_number(const char *text, long lowest, long highest)
{
    char *end;
    long value;

    errno = 0;
    value = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < lowest || value > highest) {
        fprintf(stderr, "%s: '%s' is not a number from %ld to %ld\n",
                prog, text, lowest, highest);
        usage(stderr, 2);
    }
    return value;
}

/* Default paths live in a directory only we may use: anyone can create
 * files in /tmp, so a "socket" there could be someone else's trap. */
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

/* Runs at exit and from the SIGINT/SIGTERM handler, so only async-signal-safe
 * calls (man 7 signal-safety): write and unlink are. */
static void say(const char *text)
{
    if (write(STDOUT_FILENO, text, strlen(text)) < 0)
        return;                 /* nowhere left to report it */
}

static void cleanup(void)
{
    if (socket_made && unlink(addr.sun_path) == 0)
        say("removed the socket file\n");
    socket_made = 0;
}

/* Cleaning up here cannot miss a signal that lands just before accept()
 * blocks, as a flag checked in the loop would. */
static void on_signal(int sig)
{
    (void)sig;
    say("interrupted: cleaning up\n");
    cleanup();
    _exit(0);
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* A socket file nobody listens on is left by a server that was killed: bind
 * would fail with EADDRINUSE. Remove it, but only if it is a socket and a
 * connect() to it is refused; anything else at the path is not ours. */
static void remove_stale_socket(void)
{
    struct stat st;
    int probe;

    if (lstat(addr.sun_path, &st) == -1)
        return;                         /* nothing there: fine */
    if (!S_ISSOCK(st.st_mode)) {
        fprintf(stderr, "%s: %s exists and is not a socket; leaving it alone\n",
                prog, addr.sun_path);
        exit(1);
    }
    if ((probe = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
        die("socket");
    if (connect(probe, (struct sockaddr *)&addr, sizeof addr) == 0) {
        fprintf(stderr, "%s: another server is already listening on %s\n", prog, addr.sun_path);
        exit(1);
    }
    if (errno != ECONNREFUSED)
        die(addr.sun_path);             /* not ours to judge (EACCES?): leave it */
    close(probe);
    if (unlink(addr.sun_path) == -1)
        die(addr.sun_path);
    printf("removed a stale socket file at %s (its server is gone)\n", addr.sun_path);
}

/* Echo each complete line back to one client until it closes its end. */
static void serve(int fd)
{
    char buf[MAX_LINE + 1], *start, *newline;
    size_t used = 0;
    ssize_t n;

    while ((n = read(fd, buf + used, sizeof buf - used)) != 0) {
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1) {
            printf("the client went away: %s\n", strerror(errno));
            return;
        }
        used += (size_t)n;
        for (start = buf; (newline = memchr(start, '\n', used - (size_t)(start - buf))) != NULL;
             start = newline + 1)
            printf("received: %.*s\n", (int)(newline - start), start);
        if (write_all(fd, buf, (size_t)(start - buf)) == -1) {
            printf("the client went away while we wrote its echo: %s\n", strerror(errno));
            return;
        }
        used -= (size_t)(start - buf);
        memmove(buf, start, used);
        if (used == sizeof buf) {
            printf("the client sent a line longer than %d bytes; closing\n", MAX_LINE);
            return;
        }
    }
    if (used > 0) {                     /* a last line with no newline */
        printf("received: %.*s\n", (int)used, buf);
        buf[used++] = '\n';
        if (write_all(fd, buf, used) == -1) {
            printf("the client went away before its echo was sent: %s\n", strerror(errno));
            return;
        }
    }
    printf("the client closed its end\n");
}

int main(int argc, char *argv[])
{
    struct sigaction sa = { .sa_handler = on_signal };
    struct ucred peer;
    socklen_t peer_len;
    long count = 0, served = 0;
    int listen_fd, fd, opt;
    mode_t old_umask;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    while ((opt = getopt(argc, argv, "n:c:h")) != -1) {
        switch (opt) {
        case 'n':
            if (strlen(optarg) >= sizeof addr.sun_path) {
                fprintf(stderr, "%s: path too long (a socket path holds at most %zu bytes)\n",
                        prog, sizeof addr.sun_path - 1);
                usage(stderr, 2);
            }
            strcpy(addr.sun_path, optarg);
            break;
        case 'c': count = parse_number(optarg, 1, LONG_MAX); break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    if (optind != argc)
        usage(stderr, 2);
    if (addr.sun_path[0] == '\0')
        default_path(addr.sun_path, sizeof addr.sun_path, "unix.sock");
    signal(SIGPIPE, SIG_IGN);   /* a vanished client gives EPIPE, not death */

    /* Step 1: a socket in the Unix domain. */
    if ((listen_fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
        die("socket");
    remove_stale_socket();

    /* Step 2: bind creates the socket file, mode 0777 less the umask; 0177
     * leaves 0600: only we may connect (connecting needs write permission). */
    printf("binding to %s (this creates the socket file)\n", addr.sun_path);
    old_umask = umask(0177);
    if (bind(listen_fd, (struct sockaddr *)&addr, sizeof addr) == -1)
        die(addr.sun_path);
    umask(old_umask);
    socket_made = 1;
    atexit(cleanup);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    if (listen(listen_fd, SOMAXCONN) == -1)
        die("listen");
    printf("ready: listening on %s\n", addr.sun_path);

    /* Step 3: accept one client at a time; the kernel says who it is. */
    while (count == 0 || served < count) {
        printf("waiting for a client (accept blocks until one connects)\n");
        if ((fd = accept(listen_fd, NULL, NULL)) == -1) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            die("accept");
        }
        served++;
        peer_len = sizeof peer;
        if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &peer_len) == -1)
            die("SO_PEERCRED");
        printf("client %ld connected: pid %ld, uid %ld, gid %ld (from SO_PEERCRED)\n",
               served, (long)peer.pid, (long)peer.uid, (long)peer.gid);
        serve(fd);
        close(fd);
    }

    /* Step 4: close; cleanup() removes the socket file at exit. */
    printf("served %ld client%s\n", served, served == 1 ? "" : "s");
    close(listen_fd);
    return 0;
}
