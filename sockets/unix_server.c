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
 *
 * Two terminals:
 *   terminal 1:  ./unix_server
 *   terminal 2:  ./unix_client hello world
 *
 * See also: unix_client.c (the other half), socket_file.h (the socket
 * file's life), tcp_server.c, docs/sockets.md.
 * Try: `ls -l /tmp/ipc-demo-$(id -u)` (the leading 's' marks a socket) and
 * `ss -xlp` while it runs; kill it with -9 and start it again.
 */
#define _GNU_SOURCE             /* struct ucred for SO_PEERCRED is Linux's */
#include "ipc_demo.h"
#include "socket_file.h"
#include <limits.h>

#define MAX_LINE 4096           /* as tcp_server: a line is held whole */

static const char usage_lines[] =
    "unix_server: an echo server on a Unix-domain socket, a socket file that\n"
    "processes on this machine connect to; it shows each client's pid and uid.\n"
    "Start it first, then unix_client.\n"
    "usage: unix_server [-n PATH] [-c COUNT]\n"
    "  -n PATH   the socket file (default /tmp/ipc-demo-UID/unix.sock).\n"
    "  -c COUNT  serve COUNT clients, then exit.\n";

static void on_signal(int sig);
static void serve(int fd);

int main(int argc, char *argv[])
{
    struct ucred peer;
    socklen_t peer_len;
    long count = 0, served = 0;
    int listen_fd, fd, opt;

    demo_start(argv[0], usage_lines);
    while ((opt = getopt(argc, argv, "n:c:h")) != -1) {
        switch (opt) {
        case 'n': copy_option(sock_addr.sun_path, sizeof sock_addr.sun_path, optarg, "-n"); break;
        case 'c': count = parse_long(optarg, 1, LONG_MAX, "-c"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc)
        usage(2);
    if (sock_addr.sun_path[0] == '\0')
        default_path(sock_addr.sun_path, sizeof sock_addr.sun_path, "unix.sock");
    catch_signal(SIGPIPE, SIG_IGN, 0);  /* a vanished client gives EPIPE, not death */
    atexit(remove_socket_file);
    catch_ending_signals(on_signal);

    /* 1. A socket in the Unix domain, and the path made ours alone. */
    if ((listen_fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
        die("socket");
    own_socket_path("unix_server");

    /* 2. bind creates the socket file (mode 0600); listen opens it. */
    printf("binding to %s (this creates the socket file)\n", sock_addr.sun_path);
    bind_socket_file(listen_fd);
    if (listen(listen_fd, SOMAXCONN) == -1)
        die("listen");
    printf("ready: listening on %s\n", sock_addr.sun_path);

    /* 3. Accept one client at a time; the kernel says who it is. */
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

    /* 4. Close; remove_socket_file() removes the socket file at exit. */
    printf("served %ld client%s\n", served, served == 1 ? "" : "s");
    close(listen_fd);
    return 0;
}

/* Cleaning up here cannot miss a signal that lands just before accept()
 * blocks, as a flag checked in the loop would. */
static void on_signal(int sig)
{
    (void)sig;
    say("interrupted: cleaning up\n");
    remove_socket_file();
    _exit(0);
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
            print_received(start, (size_t)(newline - start));
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
        print_received(buf, used);
        buf[used++] = '\n';
        if (write_all(fd, buf, used) == -1) {
            printf("the client went away before its echo was sent: %s\n", strerror(errno));
            return;
        }
    }
    printf("the client closed its end\n");
}
