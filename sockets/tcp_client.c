/*
 * tcp_client.c - send lines to tcp_server (or poll_server) over TCP and
 * print each line the server echoes back.
 *
 * The client turns HOST into addresses with getaddrinfo (a name such as
 * localhost, an IPv4 or an IPv6 address), tries each until connect()
 * succeeds, and streams its lines. It does not wait for one echo before
 * sending the next line: a second thread reads the echoes while the main
 * thread writes, so neither side can fill the other's buffers and wait
 * forever. Once everything is sent, shutdown() half-closes the connection:
 * the server reads end of file, echoes what is left, and closes its side.
 * A server that stops answering is given REPLY_WAIT seconds, not forever.
 *
 * Usage: tcp_client [-a HOST] [-p PORT] [MESSAGE...]
 *
 * Two terminals:
 *   terminal 1:  ./tcp_server
 *   terminal 2:  ./tcp_client hello world
 *
 * See also: tcp_server.c and poll_server.c (the other half), docs/sockets.md.
 * Try: `seq 100000 | ./tcp_client | tail -3`, then the same with
 * `strace -f -e trace=network` to see how few writes carry all those lines.
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include <netdb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <sys/time.h>

#define MAX_LINE 4096           /* the servers' limit on one line (tcp_server.c) */
#define INPUT_SIZE 16384        /* stdin is read this much at a time */
#define REPLY_WAIT 5            /* seconds a silent server is given */

static const char usage_lines[] =
    "tcp_client: sends lines to tcp_server or poll_server over TCP and prints\n"
    "each line echoed back. Start the server first.\n"
    "usage: tcp_client [-a HOST] [-p PORT] [MESSAGE...]\n"
    "  -a HOST  the server's name or address (default 127.0.0.1; ::1 for IPv6).\n"
    "  -p PORT  1 to 65535 (default 12345).\n"
    "  Each MESSAGE (at most 4096 bytes) is sent as one line; with none, each\n"
    "  line of stdin is.\n";

static int sock = -1;
static atomic_ulong sent, echoed;   /* lines, shared by the two threads */

static void connect_to(const char *host, const char *port);
static int send_stdin(void);
static void *read_echoes(void *arg);

int main(int argc, char *argv[])
{
    pthread_t reader;
    int opt, i, err, failed = 0, too_long = 0;
    const char *host = "127.0.0.1";
    char port[8] = "";

    demo_start(argv[0], usage_lines);
    while ((opt = getopt(argc, argv, "a:p:h")) != -1) {
        switch (opt) {
        case 'a': host = optarg; break;
        case 'p': snprintf(port, sizeof port, "%ld", parse_long(optarg, 1, 65535, "-p")); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (port[0] == '\0')          /* 12345, or moved aside by IPC_DEMO_TAG */
        snprintf(port, sizeof port, "%d", default_port(12345));
    for (i = optind; i < argc; i++) {   /* check every message before sending any */
        if (strlen(argv[i]) > MAX_LINE || strchr(argv[i], '\n') != NULL) {
            fprintf(stderr, "%s: message %d is longer than %d bytes or holds a newline\n",
                    prog, i - optind + 1, MAX_LINE);
            usage(2);
        }
    }
    /* A server that closes early must not kill us silently with SIGPIPE:
     * ignored, write() fails with EPIPE and we can say what happened. */
    catch_signal(SIGPIPE, SIG_IGN, 0);

    /* 1. and 2. Look the server up, then socket and connect. */
    connect_to(host, port);

    /* 3. A thread prints the echoes while this one sends the lines. */
    printf("connected; one thread sends, another prints what comes back\n");
    if ((err = pthread_create(&reader, NULL, read_echoes, NULL)) != 0)
        die_err(err, "pthread_create");
    for (i = optind; i < argc && !failed; i++) {
        printf("sending: %s\n", argv[i]);
        sent++;
        failed = write_all(sock, argv[i], strlen(argv[i])) == -1
                 || write_all(sock, "\n", 1) == -1;
    }
    if (optind == argc) {
        err = send_stdin();
        failed = err == -1;
        too_long = err == 1;
    }
    if (failed && (errno == EAGAIN || errno == EWOULDBLOCK))
        fprintf(stderr, "%s: the server took nothing for %d s (stopped, or too "
                "busy?); giving up\n", prog, REPLY_WAIT);
    else if (failed)
        fprintf(stderr, "%s: the server closed the connection: %s\n", prog,
                strerror(errno));

    /* 4. Half-close: the server reads end of file and closes its side. */
    printf("sent %lu line%s; shutting down our sending side so the server sees "
           "end of file\n", (unsigned long)sent, sent == 1 ? "" : "s");
    shutdown(sock, failed ? SHUT_RDWR : SHUT_WR);
    if ((err = pthread_join(reader, NULL)) != 0)
        die_err(err, "pthread_join");
    close(sock);
    printf("the server closed the connection: %lu of %lu lines came back\n",
           (unsigned long)echoed, (unsigned long)sent);
    if (echoed < sent)
        fprintf(stderr, "%s: %lu lines were not echoed (did the server end early?)\n",
                prog, (unsigned long)(sent - echoed));
    return failed || too_long || echoed != sent;
}

/* Each address getaddrinfo gives (a name may have an IPv6 and an IPv4 one)
 * in turn, until a connect() works. Both directions get a timeout: a read
 * or a write that waits REPLY_WAIT seconds fails with EAGAIN. */
static void connect_to(const char *host, const char *port)
{
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_NUMERICSERV };
    struct addrinfo *found, *ai;
    struct timeval wait = { .tv_sec = REPLY_WAIT };
    char address[64];
    int err;

    if ((err = getaddrinfo(host, port, &hints, &found)) != 0)
        fail("%s: %s", host, gai_strerror(err));
    for (ai = found; ai != NULL && sock == -1; ai = ai->ai_next) {
        if (getnameinfo(ai->ai_addr, ai->ai_addrlen, address, sizeof address, NULL, 0,
                        NI_NUMERICHOST) != 0)
            snprintf(address, sizeof address, "%s", host);
        printf("connecting to %s port %s (connect blocks until accepted or "
               "refused)\n", address, port);
        if ((sock = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol)) == -1)
            continue;
        if (connect(sock, ai->ai_addr, ai->ai_addrlen) == -1) {
            err = errno;
            if (ai->ai_next != NULL)    /* the last one's error is main's */
                printf("%s: %s; trying the next address\n", address, strerror(err));
            close(sock);
            sock = -1;
            errno = err;
        }
    }
    freeaddrinfo(found);
    if (sock == -1) {
        fprintf(stderr, "%s: cannot connect to %s port %s: %s\n", prog, host, port,
                strerror(errno));
        if (errno == ECONNREFUSED)
            fprintf(stderr, "%s: hint: is tcp_server running on port %s? Start it "
                    "first.\n", prog, port);
        exit(1);
    }
    if (setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait) == -1
        || setsockopt(sock, SOL_SOCKET, SO_SNDTIMEO, &wait, sizeof wait) == -1)
        die("setsockopt SO_RCVTIMEO");
}

/* Send each complete line of stdin; hold back an unfinished one until its
 * newline comes, so a line that turns out too long is never sent in part.
 * Returns 0 when all is sent, 1 for a line too long, -1 if a write failed. */
static int send_stdin(void)
{
    static char in[INPUT_SIZE];
    char *start, *newline;
    size_t used = 0;
    ssize_t n;

    printf("no messages given: sending each line of stdin (Ctrl-D ends)\n");
    do {
        n = read(STDIN_FILENO, in + used, sizeof in - used);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            die("reading stdin");
        used += (size_t)n;
        if (n == 0 && used > 0 && in[used - 1] != '\n')
            in[used++] = '\n';          /* the last line had no newline */
        for (start = in; (newline = memchr(start, '\n', used - (size_t)(start - in))) != NULL;
             start = newline + 1) {
            if (newline - start > MAX_LINE)
                break;
            printf("sending: %.*s\n", (int)(newline - start), start);
            sent++;
        }
        if (write_all(sock, in, (size_t)(start - in)) == -1)
            return -1;
        used -= (size_t)(start - in);
        memmove(in, start, used);
        if (used > MAX_LINE) {
            fprintf(stderr, "%s: line %lu of stdin is longer than %d bytes: not sent, "
                    "nor what follows\n", prog, (unsigned long)sent + 1, MAX_LINE);
            return 1;
        }
    } while (n != 0);
    return 0;
}

/* The second thread: print every echoed line until the server closes. A
 * read that times out while lines are still owed ends the program: the
 * server has stopped answering. With nothing owed we wait on (a person may
 * take a while to type the next line). */
static void *read_echoes(void *arg)
{
    char buf[MAX_LINE + 1], *start, *newline;
    size_t used = 0;
    ssize_t n;

    (void)arg;
    while ((n = read(sock, buf + used, sizeof buf - used)) != 0) {
        if (n == -1 && (errno == EINTR || ((errno == EAGAIN || errno == EWOULDBLOCK)
                                           && echoed == sent)))
            continue;
        if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
            fail("no echo for %d s, %lu line%s owed: the server stopped answering",
                 REPLY_WAIT, (unsigned long)(sent - echoed), sent - echoed == 1 ? "" : "s");
        if (n == -1)
            die("reading the echoes");
        used += (size_t)n;
        for (start = buf; (newline = memchr(start, '\n', used - (size_t)(start - buf))) != NULL;
             start = newline + 1) {
            /* one whole line: print_received holds stdout's lock for it */
            print_received(start, (size_t)(newline - start));
            echoed++;
        }
        used -= (size_t)(start - buf);
        memmove(buf, start, used);
        if (used == sizeof buf)
            fail("an echoed line is longer than %d bytes (is that one of our "
                 "servers?)", MAX_LINE);
    }
    if (used > 0) {
        print_received(buf, used);
        echoed++;
    }
    return NULL;
}
