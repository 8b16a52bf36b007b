/*
 * tcp_server.c - an echo server over TCP that serves many clients at once,
 * with one thread per client.
 *
 * The server makes a socket, binds it to an address and port, listens, and
 * accepts connections: each accept() returns a new socket for one client,
 * handed to a new thread. TCP carries a stream of bytes, not messages: one
 * read may return half a line or several lines, so the thread collects bytes
 * until a newline before it prints a line and echoes it back.
 *
 * Usage: tcp_server [-a ADDR] [-p PORT] [-c COUNT]
 *
 * Two terminals:
 *   terminal 1:  ./tcp_server
 *   terminal 2:  ./tcp_client hello world
 *
 * See also: tcp_client.c (the other half), poll_server.c (the same service
 * in one thread), docs/sockets.md.
 * Try: start three clients that read stdin and watch `ss -tnp` in a fourth
 * terminal; or run it under `ulimit -n 8` and connect five clients.
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include "inet_server.h"
#include <limits.h>
#include <pthread.h>
#include <time.h>

/* Our protocol's limit, not TCP's: the server holds a whole line before it
 * prints it, so a longer line ends that client's connection. */
#define MAX_LINE 4096

static const char usage_lines[] =
    "tcp_server: an echo server over TCP, one thread per client, so many\n"
    "clients are served at once. Start it first, then tcp_client.\n"
    "usage: tcp_server [-a ADDR] [-p PORT] [-c COUNT]\n"
    "  -a ADDR   the address to listen on (default 127.0.0.1; ::1 for IPv6).\n"
    "  -p PORT   0 to 65535 (default 12345); 0 lets the kernel pick a port.\n"
    "  -c COUNT  accept COUNT clients, then exit once they have finished.\n";

struct client {                 /* one per connection, owned by its thread */
    int fd;
    long number;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t all_gone = PTHREAD_COND_INITIALIZER;
static long active_clients;                         /* guarded by lock */

static void on_signal(int sig);
static void *serve_client(void *arg);

int main(int argc, char *argv[])
{
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_PASSIVE | AI_NUMERICSERV };
    struct addrinfo *found, *ai;
    struct sockaddr_storage addr;
    socklen_t addr_len;
    pthread_attr_t detached;
    pthread_t thread;
    struct client *client;
    const char *host = "127.0.0.1";
    char port[8] = "", where[96];
    long count = 0, accepted = 0;
    struct timespec rest = { 0, ACCEPT_REST_MS * 1000000L };
    int listen_fd = -1, fd, opt, err, one = 1;

    demo_start(argv[0], usage_lines);
    while ((opt = getopt(argc, argv, "a:p:c:h")) != -1) {
        switch (opt) {
        case 'a': host = optarg; break;
        case 'p': snprintf(port, sizeof port, "%ld", parse_long(optarg, 0, 65535, "-p")); break;
        case 'c': count = parse_long(optarg, 1, LONG_MAX, "-c"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (port[0] == '\0')          /* 12345, or moved aside by IPC_DEMO_TAG */
        snprintf(port, sizeof port, "%d", default_port(12345));
    if (optind != argc)
        usage(2);
    catch_ending_signals(on_signal);
    /* A client that vanishes while we write to it would kill the whole
     * server with SIGPIPE; ignored, write() fails with EPIPE instead and
     * only that client's thread ends. */
    catch_signal(SIGPIPE, SIG_IGN, 0);

    /* 1. Turn the address (a name, IPv4 or IPv6) into socket addresses. */
    if ((err = getaddrinfo(host, port, &hints, &found)) != 0)
        fail("%s: %s", host, gai_strerror(err));

    /* 2. socket, bind, listen, on the first address that works. */
    for (ai = found; ai != NULL && listen_fd == -1; ai = ai->ai_next) {
        printf("binding a TCP socket to %s port %s\n", host, port);
        if ((listen_fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol)) == -1)
            continue;
        /* Lets a restarted server bind at once, even while connections of
         * its previous run linger in TIME_WAIT ("Address already in use"). */
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
    addr_len = sizeof addr;
    if (getsockname(listen_fd, (struct sockaddr *)&addr, &addr_len) == -1)
        die("getsockname");
    describe(&addr, addr_len, where);
    printf("ready: listening on %s\n", where);

    /* 3. Accept clients, each on its own socket, in its own thread. */
    if ((err = pthread_attr_init(&detached)) != 0
        || (err = pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED)) != 0)
        die_err(err, "pthread_attr");
    while (count == 0 || accepted < count) {
        printf("waiting for a client (accept blocks until one connects)\n");
        addr_len = sizeof addr;
        while ((fd = accept(listen_fd, (struct sockaddr *)&addr, &addr_len)) == -1) {
            if ((err = accept_failed_for_now(errno)) == 0)
                die("accept");
            if (err == 2)               /* out of descriptors: rest, then retry */
                nanosleep(&rest, NULL);
        }
        describe(&addr, addr_len, where);
        printf("client %ld connected from %s; starting a thread for it\n", ++accepted, where);
        /* Each thread gets its own copy of the descriptor, never a shared
         * variable that the next accept() would overwrite. */
        if ((client = malloc(sizeof *client)) == NULL)
            die("malloc");
        client->fd = fd;
        client->number = accepted;
        pthread_mutex_lock(&lock);
        active_clients++;
        pthread_mutex_unlock(&lock);
        if ((err = pthread_create(&thread, &detached, serve_client, client)) != 0)
            die_err(err, "pthread_create");
    }

    /* 4. -c COUNT reached: stop listening, let the clients finish. */
    close(listen_fd);
    printf("accepted %ld client%s (-c); no longer listening, waiting for the last "
           "to finish\n", count, count == 1 ? "" : "s");
    pthread_mutex_lock(&lock);
    while (active_clients > 0)
        pthread_cond_wait(&all_gone, &lock);
    pthread_mutex_unlock(&lock);
    printf("every client has finished; exiting\n");
    return 0;
}

/* Nothing to remove (the kernel closes every socket at exit), so the handler
 * ends the process itself and cannot miss a signal that lands just before
 * accept() blocks: write and _exit are async-signal-safe. */
static void on_signal(int sig)
{
    (void)sig;
    say("interrupted: closing the listening socket and every connection\n");
    _exit(0);
}



/* One thread per client: read bytes, print and echo each complete line. */
static void *serve_client(void *arg)
{
    struct client *client = arg;
    char buf[MAX_LINE + 1], why[64] = "closed its end", *start, *newline;
    size_t used = 0;
    unsigned long lines = 0, reads = 0, split = 0, crowded = 0, in_read;
    ssize_t n;

    while ((n = read(client->fd, buf + used, sizeof buf - used)) != 0) {
        int carried = used > 0;         /* a line began in an earlier read */
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1) {
            sprintf(why, "went away (%s)", errno == ECONNRESET ? "connection reset"
                                                                : "read failed");
            used = 0;
            break;
        }
        reads++;
        used += (size_t)n;
        in_read = 0;
        for (start = buf; (newline = memchr(start, '\n', used - (size_t)(start - buf))) != NULL;
             start = newline + 1) {
            /* one whole line: print_received holds stdout's lock for it */
            print_received(start, (size_t)(newline - start));
            split += carried && start == buf;
            in_read++;
        }
        lines += in_read;
        crowded += in_read > 1;
        if (write_all(client->fd, buf, (size_t)(start - buf)) == -1) {
            strcpy(why, "went away while we wrote its echo");
            used = 0;
            break;
        }
        used -= (size_t)(start - buf);
        memmove(buf, start, used);
        if (used == sizeof buf) {
            sprintf(why, "sent a line longer than %d bytes", MAX_LINE);
            used = 0;
            break;
        }
    }
    if (used > 0) {                     /* a last line with no newline */
        print_received(buf, used);
        buf[used++] = '\n';
        lines += write_all(client->fd, buf, used) == 0;
    }
    flockfile(stdout);                  /* the two lines together */
    printf("client %ld %s\n", client->number, why);
    printf("client %ld: lines %lu, reads %lu, lines split %lu, reads with 2+ lines %lu\n",
           client->number, lines, reads, split, crowded);
    funlockfile(stdout);
    close(client->fd);
    free(client);
    pthread_mutex_lock(&lock);
    if (--active_clients == 0)
        pthread_cond_signal(&all_gone);
    pthread_mutex_unlock(&lock);
    return NULL;
}
