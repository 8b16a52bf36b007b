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
 *
 * Usage: tcp_client [-a HOST] [-p PORT] [MESSAGE...]
 *   -a HOST  server name or address (default 127.0.0.1; ::1 for IPv6)
 *   -p PORT  1..65535 (default 12345)
 *   Each MESSAGE is sent as one line; with none, each line of stdin is.
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
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_LINE 4096           /* the servers' limit on one line (tcp_server.c) */
#define INPUT_SIZE 16384        /* stdin is read this much at a time */

static const char *prog = "tcp_client";

struct echoes {                 /* the reading thread's results */
    int fd;
    unsigned long lines;
    int error;                  /* errno of a failed read, or 0 */
};

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-a HOST] [-p PORT] [MESSAGE...]\n"
                 "  -a HOST  server name or address (default 127.0.0.1; ::1 for IPv6)\n"
                 "  -p PORT  1..65535 (default 12345)\n"
                 "  each MESSAGE (at most %d bytes) is one line; with none, each line of stdin is\n",
            prog, MAX_LINE);
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

/* write() may send less than asked, or be interrupted: loop until done. */
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

/* The second thread: print every echoed line until the server closes. */
static void *read_echoes(void *arg)
{
    struct echoes *echoes = arg;
    char buf[MAX_LINE + 1], *start, *newline;
    size_t used = 0;
    ssize_t n;

    while ((n = read(echoes->fd, buf + used, sizeof buf - used)) != 0) {
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1) {
            echoes->error = errno;
            return NULL;
        }
        used += (size_t)n;
        for (start = buf; (newline = memchr(start, '\n', used - (size_t)(start - buf))) != NULL;
             start = newline + 1) {
            printf("received: %.*s\n", (int)(newline - start), start);
            echoes->lines++;
        }
        used -= (size_t)(start - buf);
        memmove(buf, start, used);
        if (used == sizeof buf) {
            echoes->error = EMSGSIZE;   /* not one of our servers? */
            return NULL;
        }
    }
    if (used > 0) {
        printf("received: %.*s\n", (int)used, buf);
        echoes->lines++;
    }
    return NULL;
}

/* Send each complete line of stdin; hold back an unfinished one until its
 * newline comes, so a line that turns out too long is never sent in part.
 * Returns 0 when all is sent, 1 for a line too long, -1 if a write failed. */
static int send_stdin(int fd, unsigned long *sent)
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
            (*sent)++;
        }
        if (write_all(fd, in, (size_t)(start - in)) == -1)
            return -1;
        used -= (size_t)(start - in);
        memmove(in, start, used);
        if (used > MAX_LINE) {
            fprintf(stderr, "%s: line %lu of stdin is longer than %d bytes (the server's "
                            "limit): not sent, and nothing after it\n", prog, *sent + 1, MAX_LINE);
            return 1;
        }
    } while (n != 0);
    return 0;
}

int main(int argc, char *argv[])
{
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_NUMERICSERV };
    struct addrinfo *found, *ai;
    struct echoes echoes = { .fd = -1 };
    const char *host = "127.0.0.1";
    char port[8] = "12345", address[64], *line;
    unsigned long sent = 0;
    pthread_t reader;
    int opt, i, err, failed = 0, too_long = 0;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    while ((opt = getopt(argc, argv, "a:p:h")) != -1) {
        switch (opt) {
        case 'a': host = optarg; break;
        case 'p': snprintf(port, sizeof port, "%ld", parse_number(optarg, 1, 65535)); break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    for (i = optind; i < argc; i++) {   /* check every message before sending any */
        if (strlen(argv[i]) > MAX_LINE || strchr(argv[i], '\n') != NULL) {
            fprintf(stderr, "%s: message %d is longer than %d bytes or holds a newline\n",
                    prog, i - optind + 1, MAX_LINE);
            usage(stderr, 2);
        }
    }
    /* A server that closes early must not kill us silently with SIGPIPE:
     * ignored, write() fails with EPIPE and we can say what happened. */
    signal(SIGPIPE, SIG_IGN);

    /* Step 1: look the server up; a name may give IPv6 and IPv4 addresses. */
    if ((err = getaddrinfo(host, port, &hints, &found)) != 0) {
        fprintf(stderr, "%s: %s: %s\n", prog, host, gai_strerror(err));
        exit(1);
    }
    /* Step 2: socket and connect, trying each address in turn. */
    for (ai = found; ai != NULL && echoes.fd == -1; ai = ai->ai_next) {
        if (getnameinfo(ai->ai_addr, ai->ai_addrlen, address, sizeof address, NULL, 0,
                        NI_NUMERICHOST) != 0)
            snprintf(address, sizeof address, "%s", host);
        printf("connecting to %s port %s (connect blocks until the server accepts "
               "or refuses)\n", address, port);
        if ((echoes.fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol)) == -1)
            continue;
        if (connect(echoes.fd, ai->ai_addr, ai->ai_addrlen) == -1) {
            err = errno;
            printf("could not connect to %s: %s\n", address, strerror(err));
            close(echoes.fd);
            echoes.fd = -1;
            errno = err;
        }
    }
    freeaddrinfo(found);
    if (echoes.fd == -1) {
        fprintf(stderr, "%s: cannot connect to %s port %s: %s\n", prog, host, port, strerror(errno));
        if (errno == ECONNREFUSED)
            fprintf(stderr, "hint: is tcp_server running on port %s? Start it first, "
                            "or pass the port it printed with -p\n", port);
        exit(1);
    }

    /* Step 3: a thread prints the echoes while this one sends the lines. */
    printf("connected; one thread sends, another prints what comes back\n");
    if ((err = pthread_create(&reader, NULL, read_echoes, &echoes)) != 0) {
        errno = err;
        die("pthread_create");
    }
    for (i = optind; i < argc && !failed; i++) {
        printf("sending: %s\n", argv[i]);
        if ((line = malloc(strlen(argv[i]) + 2)) == NULL)
            die("malloc");
        sprintf(line, "%s\n", argv[i]);
        failed = write_all(echoes.fd, line, strlen(line)) == -1;
        free(line);
        sent++;
    }
    if (optind == argc) {
        err = send_stdin(echoes.fd, &sent);
        failed = err == -1;
        too_long = err == 1;
    }
    if (failed)
        fprintf(stderr, "%s: the server closed the connection while we were sending: %s\n",
                prog, strerror(errno));

    /* Step 4: half-close: the server reads end of file and closes its side. */
    printf("sent %lu line%s; shutting down our sending side so the server sees "
           "end of file\n", sent, sent == 1 ? "" : "s");
    shutdown(echoes.fd, failed ? SHUT_RDWR : SHUT_WR);
    pthread_join(reader, NULL);
    close(echoes.fd);
    if (echoes.error != 0)
        fprintf(stderr, "%s: reading the echoes: %s\n", prog, strerror(echoes.error));
    printf("the server closed the connection: %lu of %lu lines came back\n",
           echoes.lines, sent);
    if (echoes.lines < sent)
        fprintf(stderr, "%s: %lu lines were not echoed (did the server end early?)\n",
                prog, sent - echoes.lines);
    return failed || too_long || echoes.error != 0 || echoes.lines != sent;
}
