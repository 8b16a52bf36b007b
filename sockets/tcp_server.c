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
 *   -a ADDR   address to listen on (default 127.0.0.1; ::1 for IPv6)
 *   -p PORT   0..65535 (default 12345; 0 lets the kernel pick a free port)
 *   -c COUNT  accept COUNT clients, then exit once they have all finished
 *
 * Two terminals:
 *   terminal 1:  ./tcp_server
 *   terminal 2:  ./tcp_client hello world
 *
 * See also: tcp_client.c (the other half), poll_server.c (the same service
 * in one thread), docs/sockets.md.
 * Try: start three clients that read stdin and watch `ss -tnp` in a fourth
 * terminal; or talk to the server from Python or with `nc 127.0.0.1 12345`.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Our protocol's limit, not TCP's: the server holds a whole line before it
 * prints it, so a longer line ends that client's connection. */
#define MAX_LINE 4096

static const char *prog = "tcp_server";

struct client {                 /* one per connection, owned by its thread */
    int fd;
    unsigned long number;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t all_gone = PTHREAD_COND_INITIALIZER;
static unsigned long active_clients;             /* guarded by lock */

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-a ADDR] [-p PORT] [-c COUNT]\n"
                 "  -a ADDR   address to listen on (default 127.0.0.1; ::1 for IPv6)\n"
                 "  -p PORT   0..65535 (default 12345; 0: the kernel picks a free port)\n"
                 "  -c COUNT  accept COUNT clients, then exit when they are done\n", prog);
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

static void say(const char *text)
{
    if (write(STDOUT_FILENO, text, strlen(text)) < 0)
        return;                 /* nowhere left to report it */
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

/* write() may send less than asked, or be interrupted: loop until done.
 * Returns -1 when the client has gone; that ends this client, not us. */
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

/* "127.0.0.1:12345" or "[::1]:12345": the address in numbers, as ss shows it. */
static void describe(const struct sockaddr_storage *addr, socklen_t len, char *text, size_t size)
{
    char host[64], port[8];

    if (getnameinfo((const struct sockaddr *)addr, len, host, sizeof host, port, sizeof port,
                    NI_NUMERICHOST | NI_NUMERICSERV) != 0)
        snprintf(text, size, "(unknown address)");
    else if (addr->ss_family == AF_INET6)
        snprintf(text, size, "[%s]:%s", host, port);
    else
        snprintf(text, size, "%s:%s", host, port);
}

/* One thread per client: read bytes, print and echo each complete line. */
static void *serve_client(void *arg)
{
    struct client *client = arg;
    char buf[MAX_LINE + 1], why[128] = "closed its end";
    char *start, *newline;
    size_t used = 0;
    unsigned long lines = 0, reads = 0, split = 0, crowded = 0, in_read;
    ssize_t n;

    for (;;) {
        int carried = used > 0;         /* a line began in an earlier read */
        n = read(client->fd, buf + used, sizeof buf - used);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1) {
            snprintf(why, sizeof why, "went away (%s)",
                     errno == ECONNRESET ? "connection reset" : "read failed");
            used = 0;
        }
        if (n <= 0)
            break;
        reads++;
        used += (size_t)n;
        in_read = 0;
        for (start = buf; (newline = memchr(start, '\n', used - (size_t)(start - buf))) != NULL;
             start = newline + 1) {
            printf("received: %.*s\n", (int)(newline - start), start);
            split += carried && start == buf;
            in_read++;
        }
        lines += in_read;
        crowded += in_read > 1;
        if (write_all(client->fd, buf, (size_t)(start - buf)) == -1) {
            snprintf(why, sizeof why, "went away while we wrote its echo");
            used = 0;
            break;
        }
        used -= (size_t)(start - buf);
        memmove(buf, start, used);
        if (used == sizeof buf) {
            snprintf(why, sizeof why, "sent a line longer than %d bytes", MAX_LINE);
            used = 0;
            break;
        }
    }
    if (used > 0) {                     /* a last line with no newline */
        printf("received: %.*s\n", (int)used, buf);
        buf[used++] = '\n';
        lines += write_all(client->fd, buf, used) == 0;
    }
    printf("client %lu %s (lines: %lu, reads: %lu, lines split across reads: %lu, "
           "reads holding several lines: %lu)\n",
           client->number, why, lines, reads, split, crowded);
    close(client->fd);
    free(client);
    pthread_mutex_lock(&lock);
    if (--active_clients == 0)
        pthread_cond_signal(&all_gone);
    pthread_mutex_unlock(&lock);
    return NULL;
}

int main(int argc, char *argv[])
{
    struct sigaction sa = { .sa_handler = on_signal };
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_PASSIVE | AI_NUMERICSERV };
    struct addrinfo *found, *ai;
    struct sockaddr_storage addr;
    socklen_t addr_len;
    pthread_attr_t detached;
    pthread_t thread;
    struct client *client;
    const char *host = "127.0.0.1";
    char port[8] = "12345", where[96];
    long count = 0, accepted = 0;
    int listen_fd = -1, fd, opt, err, one = 1;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    while ((opt = getopt(argc, argv, "a:p:c:h")) != -1) {
        switch (opt) {
        case 'a': host = optarg; break;
        case 'p': snprintf(port, sizeof port, "%ld", parse_number(optarg, 0, 65535)); break;
        case 'c': count = parse_number(optarg, 1, LONG_MAX); break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    if (optind != argc)
        usage(stderr, 2);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* A client that vanishes while we write to it would kill the whole
     * server with SIGPIPE; ignored, write() fails with EPIPE instead and
     * only that client's thread ends. */
    signal(SIGPIPE, SIG_IGN);

    /* Step 1: turn the address (a name, IPv4 or IPv6) into socket addresses. */
    if ((err = getaddrinfo(host, port, &hints, &found)) != 0) {
        fprintf(stderr, "%s: %s: %s\n", prog, host, gai_strerror(err));
        exit(1);
    }
    /* Step 2: socket, bind, listen, on the first address that works. */
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
    if (listen_fd == -1) {
        fprintf(stderr, "%s: cannot listen on %s port %s: %s\n", prog, host, port, strerror(errno));
        if (errno == EADDRINUSE)
            fprintf(stderr, "hint: another server has that port: stop it, or use -p 0\n");
        if (errno == EADDRNOTAVAIL)
            fprintf(stderr, "hint: %s is not an address of this machine\n", host);
        exit(1);
    }
    addr_len = sizeof addr;
    if (getsockname(listen_fd, (struct sockaddr *)&addr, &addr_len) == -1)
        die("getsockname");
    describe(&addr, addr_len, where, sizeof where);
    printf("ready: listening on %s\n", where);

    /* Step 3: accept clients, each on its own socket, in its own thread. */
    pthread_attr_init(&detached);
    pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED);
    while (count == 0 || accepted < count) {
        printf("waiting for a client (accept blocks until one connects)\n");
        addr_len = sizeof addr;
        fd = accept(listen_fd, (struct sockaddr *)&addr, &addr_len);
        if (fd == -1 && (errno == EINTR || errno == ECONNABORTED))
            continue;
        if (fd == -1)
            die("accept");
        describe(&addr, addr_len, where, sizeof where);
        printf("client %ld connected from %s; starting a thread for it\n", ++accepted, where);
        /* Each thread gets its own copy of the descriptor, never a shared
         * variable that the next accept() would overwrite. */
        if ((client = malloc(sizeof *client)) == NULL)
            die("malloc");
        client->fd = fd;
        client->number = (unsigned long)accepted;
        pthread_mutex_lock(&lock);
        active_clients++;
        pthread_mutex_unlock(&lock);
        if ((err = pthread_create(&thread, &detached, serve_client, client)) != 0) {
            errno = err;
            die("pthread_create");
        }
    }

    /* Step 4: -c COUNT reached: stop listening, let the clients finish. */
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
