/*
 * poll_server.c - the same echo service as tcp_server, for many clients at
 * once, in a single thread: poll() waits on every socket together.
 *
 * One poll() call sleeps until the listening socket has a new connection or
 * a client socket can be read or written. The server then does only what
 * cannot block: it accepts, or reads what has arrived, or writes what the
 * client can take (its sockets are non-blocking). Each client's unfinished
 * line and unsent echo live in a table entry instead of a thread's stack,
 * so one slow client never holds up the others.
 *
 * Usage: poll_server [-a ADDR] [-p PORT] [-c COUNT]
 * Two terminals:  ./poll_server   then   ./tcp_client hello world
 *
 * See also: tcp_server.c (a thread per client), tcp_client.c, docs/sockets.md.
 * Try: `strace -e trace=poll,accept,read,write ./poll_server` and run two
 * clients: one process, one thread, every socket in each poll() call.
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include "inet_server.h"
#include <fcntl.h>
#include <limits.h>
#include <poll.h>

#define MAX_LINE 4096       /* our protocol's longest line, as in tcp_server.c */
#define MAX_CLIENTS 128     /* poll() has no such limit; a fixed table is simpler */

static const char usage_lines[] =
    "poll_server: tcp_server's echo service in one thread: one poll() call\n"
    "waits on every socket at once. Start it first, then tcp_client.\n"
    "usage: poll_server [-a ADDR] [-p PORT] [-c COUNT]\n"
    "  -a ADDR   the address to listen on (default 127.0.0.1; ::1 for IPv6).\n"
    "  -p PORT   0 to 65535 (default 12345); 0 lets the kernel pick a port.\n"
    "  -c COUNT  accept COUNT clients, then exit once they have finished.\n";

struct client {
    int fd;                         /* -1: a free entry */
    unsigned long number, lines, reads, split, crowded;
    size_t used;                    /* bytes of an unfinished line in in[] */
    size_t out_len, out_sent;       /* echo waiting for the client to take it */
    int hung_up, backed_up;         /* end of file read; an echo had to wait */
    char in[MAX_LINE + 1], out[MAX_LINE + 1];
};

static struct client clients[MAX_CLIENTS];
static struct pollfd fds[MAX_CLIENTS + 1] = { [0].events = POLLIN }; /* [0]: listening */
static int connected;                               /* entries in use */
static void read_lines(struct client *c), send_echo(struct client *c);
/* Nothing to remove: the handler ends the process itself, so it cannot miss
 * a signal that lands just before poll() blocks (write, _exit: signal-safe). */
static void on_signal(int sig)
{
    (void)sig;
    say("interrupted: closing the listening socket and every connection\n");
    _exit(0);
}

int main(int argc, char *argv[])
{
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_PASSIVE | AI_NUMERICSERV };
    struct addrinfo *found, *ai;
    struct sockaddr_storage addr;                   /* a client's, or ours */
    socklen_t addr_len;
    const char *host = "127.0.0.1";
    char port[8] = "", where[96];
    long count = 0, accepted = 0;
    int listen_fd = -1, fd, opt, err, i, one = 1, resting = 0, entries;

    demo_start(argv[0], usage_lines);
    snprintf(port, sizeof port, "%d", default_port(12345));   /* or -p's */
    while ((opt = getopt(argc, argv, "a:p:c:h")) != -1) {
        switch (opt) {
        case 'a': host = optarg; break;
        case 'p': snprintf(port, sizeof port, "%ld", parse_long(optarg, 0, 65535, "-p")); break;
        case 'c': count = parse_long(optarg, 1, LONG_MAX, "-c"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc)
        usage(2);
    catch_ending_signals(on_signal);
    catch_signal(SIGPIPE, SIG_IGN, 0);  /* a vanished client gives EPIPE, not death */

    /* 1. socket, bind, listen, as in tcp_server. */
    if ((err = getaddrinfo(host, port, &hints, &found)) != 0)
        fail("%s: %s", host, gai_strerror(err));
    for (ai = found; ai != NULL && listen_fd == -1; ai = ai->ai_next) {
        printf("binding a TCP socket to %s port %s\n", host, port);
        if ((listen_fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol)) == -1)
            continue;
        if (setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == -1)
            die("setsockopt SO_REUSEADDR");
        if (bind(listen_fd, ai->ai_addr, ai->ai_addrlen) == -1
            || listen(listen_fd, SOMAXCONN) == -1) {
            err = errno;
            close(listen_fd);
            listen_fd = -1;
            errno = err;
        }
    }
    freeaddrinfo(found);
    if (listen_fd == -1)
        die_hint("cannot listen", errno == EADDRINUSE
                 ? "another server has that port: stop it, or use -p 0"
                 : errno == EADDRNOTAVAIL ? "-a names no address of this machine" : NULL);
    /* Non-blocking: a client may give up between poll() and our accept(). */
    if (fcntl(listen_fd, F_SETFL, O_NONBLOCK) == -1)
        die("fcntl O_NONBLOCK");
    addr_len = sizeof addr;
    if (getsockname(listen_fd, (struct sockaddr *)&addr, &addr_len) == -1)
        die("getsockname");
    describe(&addr, addr_len, where);
    printf("ready: listening on %s\n", where);
    for (i = 0; i < MAX_CLIENTS; i++)
        clients[i].fd = -1;

    /* 2. One loop, one poll() for all sockets, until -c COUNT is done. */
    printf("from now on one poll() call waits on every socket at once\n");
    while (listen_fd != -1 || connected > 0) {
        /* -1 (poll skips it): a full table, or a rest after EMFILE */
        fds[0].fd = connected < MAX_CLIENTS && !resting ? listen_fd : -1;
        for (i = 0, entries = 1; i < MAX_CLIENTS; i++) {
            fds[i + 1].fd = clients[i].fd;
            fds[i + 1].events = clients[i].out_len > 0 ? POLLOUT : POLLIN;
            entries = clients[i].fd != -1 ? i + 2 : entries;
        }
        /* Only the entries in use: poll() refuses more than RLIMIT_NOFILE. */
        if (poll(fds, (nfds_t)entries, resting ? ACCEPT_REST_MS : -1) == -1) {
            if (errno != EINTR)
                die("poll");
            continue;
        }
        resting = 0;

        /* 3. A new connection: accept it into a free entry. */
        if (fds[0].revents & POLLIN) {
            addr_len = sizeof addr;
            if ((fd = accept(listen_fd, (struct sockaddr *)&addr, &addr_len)) == -1
                && (resting = accept_failed_for_now(errno)) == 0)
                die("accept");
            resting = resting == 2;
            for (i = 0; fd != -1 && clients[i].fd != -1; i++)
                ;                       /* a free entry: there is one, see fds[0] */
            if (fd != -1) {
                describe(&addr, addr_len, where);
                printf("client %ld connected from %s; watching it with poll()\n",
                       ++accepted, where);
                if (fcntl(fd, F_SETFL, O_NONBLOCK) == -1)
                    die("fcntl O_NONBLOCK");
                memset(&clients[i], 0, sizeof clients[i]);
                clients[i].fd = fd;
                clients[i].number = (unsigned long)accepted;
                connected++;
            }
            if (count > 0 && accepted == count) {
                printf("accepted %ld client%s (-c); no longer listening, waiting for "
                       "the last to finish\n", count, count == 1 ? "" : "s");
                close(listen_fd);
                listen_fd = -1;
            }
        }

        /* 4. Each client that poll() named: read its lines or send its echo. */
        for (i = 0; i + 1 < entries; i++) {
            if (clients[i].fd == -1 || fds[i + 1].revents == 0 || fds[i + 1].fd == -1)
                continue;
            if (clients[i].out_len > 0)
                send_echo(&clients[i]);
            else
                read_lines(&clients[i]);
        }
    }
    printf("every client has finished; exiting\n");
    return 0;
}

static void drop(struct client *c, const char *why)
{
    printf("client %lu %s\nclient %lu: lines %lu, reads %lu, lines split %lu, reads "
           "with 2+ lines %lu\n", c->number, why, c->number, c->lines, c->reads, c->split,
           c->crowded);
    close(c->fd);
    c->fd = -1;                         /* a free entry again */
    connected--;
}

/* Write as much of the pending echo as the client takes now, never more:
 * a blocking write here would stall every other client. */
static void send_echo(struct client *c)
{
    while (c->out_sent < c->out_len) {
        ssize_t n = write(c->fd, c->out + c->out_sent, c->out_len - c->out_sent);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!c->backed_up++)        /* poll() says when it can take more */
                printf("client %lu reads slowly: its echo waits for room\n", c->number);
            return;
        }
        if (n == -1) {
            drop(c, "went away while we wrote its echo");
            return;
        }
        c->out_sent += (size_t)n;
    }
    c->out_len = c->out_sent = 0;
    if (c->hung_up)
        drop(c, "closed its end");
}

/* Read what has arrived; move each complete line to the echo buffer. */
static void read_lines(struct client *c)
{
    int carried = c->used > 0;
    char *start, *newline;
    unsigned long in_read = 0;
    ssize_t n = read(c->fd, c->in + c->used, sizeof c->in - c->used);

    if (n == -1 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
        return;
    if (n == -1) {
        drop(c, "went away (read failed)");
        return;
    }
    if (n == 0) {                       /* end of file: close once the echo is out */
        c->hung_up = 1;
        if (c->used > 0)
            c->in[c->used++] = '\n';    /* a last line with no newline */
    } else {
        c->reads++;
        c->used += (size_t)n;
    }
    for (start = c->in; (newline = memchr(start, '\n', c->used - (size_t)(start - c->in))) != NULL;
         start = newline + 1) {
        print_received(start, (size_t)(newline - start));
        c->split += carried && n > 0 && start == c->in;
        in_read++;
    }
    c->lines += in_read;
    c->crowded += in_read > 1;
    c->out_len = (size_t)(start - c->in);
    memcpy(c->out, c->in, c->out_len);
    c->used -= c->out_len;
    memmove(c->in, start, c->used);
    /* a full buffer and no newline: more than MAX_LINE bytes in one line */
    c->used == sizeof c->in ? drop(c, "sent a line longer than 4096 bytes") : send_echo(c);
}
