/*
 * udp_server.c - an echo server over UDP: each datagram that arrives is
 * printed and sent straight back to whoever sent it.
 *
 * A datagram socket has no connections: no listen(), no accept(). One
 * socket receives from everybody; recvfrom() returns one whole message and
 * the sender's address, and sendto() answers that address. Message
 * boundaries are kept (one send, one receive), but nothing is guaranteed to
 * arrive, or to arrive once, or in order: the client must cope with that.
 *
 * Usage: udp_server [-a ADDR] [-p PORT] [-c COUNT]
 *   -a ADDR   address to receive on (default 127.0.0.1; ::1 for IPv6)
 *   -p PORT   0..65535 (default 12345; 0 lets the kernel pick a free port)
 *   -c COUNT  exit after COUNT datagrams; the message "end" also ends it
 *
 * Two terminals:
 *   terminal 1:  ./udp_server
 *   terminal 2:  ./udp_client hello world end
 *
 * See also: udp_client.c (the other half), tcp_server.c, docs/sockets.md.
 * Try: `ss -lunp` while it runs: a UDP socket is never in LISTEN state, it
 * is simply UNCONN; then stop the server and see what udp_client says.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* No UDP datagram is bigger than 65535 bytes minus its headers, so this
 * buffer can never cut one short (recvfrom silently drops what does not fit). */
#define BUFFER_SIZE 65536

static const char *prog = "udp_server";

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-a ADDR] [-p PORT] [-c COUNT]\n"
                 "  -a ADDR   address to receive on (default 127.0.0.1; ::1 for IPv6)\n"
                 "  -p PORT   0..65535 (default 12345; 0: the kernel picks a free port)\n"
                 "  -c COUNT  exit after COUNT datagrams (the message \"end\" also ends it)\n",
            prog);
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

/* Nothing to remove, so the handler ends the process itself: it cannot miss
 * a signal that lands just before recvfrom() blocks (write and _exit are
 * async-signal-safe). */
static void on_signal(int sig)
{
    (void)sig;
    say("interrupted: closing the socket\n");
    _exit(0);
}

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

int main(int argc, char *argv[])
{
    static char message[BUFFER_SIZE + 1];
    struct sigaction sa = { .sa_handler = on_signal };
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_DGRAM,
                              .ai_flags = AI_PASSIVE | AI_NUMERICSERV };
    struct addrinfo *found, *ai;
    struct sockaddr_storage addr;
    socklen_t addr_len;
    const char *host = "127.0.0.1";
    char port[8] = "12345", where[96];
    long count = 0, received = 0;
    int fd = -1, opt, err, is_end = 0;
    ssize_t n;

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

    /* Step 1: socket and bind; no listen, no accept for datagrams. */
    if ((err = getaddrinfo(host, port, &hints, &found)) != 0) {
        fprintf(stderr, "%s: %s: %s\n", prog, host, gai_strerror(err));
        exit(1);
    }
    for (ai = found; ai != NULL && fd == -1; ai = ai->ai_next) {
        printf("binding a UDP socket to %s port %s\n", host, port);
        if ((fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol)) == -1)
            continue;
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) == -1) {
            err = errno;
            close(fd);
            fd = -1;
            errno = err;
        }
    }
    freeaddrinfo(found);
    if (fd == -1) {
        fprintf(stderr, "%s: cannot bind to %s port %s: %s\n", prog, host, port, strerror(errno));
        if (errno == EADDRINUSE)
            fprintf(stderr, "hint: another program has that UDP port: stop it, or use -p 0\n");
        if (errno == EADDRNOTAVAIL)
            fprintf(stderr, "hint: %s is not an address of this machine\n", host);
        exit(1);
    }
    addr_len = sizeof addr;
    if (getsockname(fd, (struct sockaddr *)&addr, &addr_len) == -1)
        die("getsockname");
    describe(&addr, addr_len, where, sizeof where);
    printf("ready: waiting for datagrams on %s\n", where);

    /* Step 2: receive a datagram, note who sent it, send it back. */
    while (!is_end && (count == 0 || received < count)) {
        addr_len = sizeof addr;
        n = recvfrom(fd, message, BUFFER_SIZE, 0, (struct sockaddr *)&addr, &addr_len);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            die("recvfrom");
        received++;
        message[n] = '\0';
        describe(&addr, addr_len, where, sizeof where);
        printf("datagram %ld: %zd bytes from %s\n", received, n, where);
        printf("received: %s\n", message);
        is_end = strcmp(message, "end") == 0;
        /* A reply that cannot be sent is that client's loss, not ours. */
        if (sendto(fd, message, (size_t)n, 0, (struct sockaddr *)&addr, addr_len) == -1)
            printf("could not echo it to %s: %s\n", where, strerror(errno));
    }

    /* Step 3: close; nothing else to remove. */
    printf("%s after %ld datagrams; closing the socket\n",
           is_end ? "got \"end\"" : "done", received);
    close(fd);
    return 0;
}
