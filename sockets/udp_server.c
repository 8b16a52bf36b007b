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
#include "ipc_demo.h"
#include "inet_server.h"
#include <limits.h>

/* No UDP datagram is bigger than 65535 bytes minus its headers, so this
 * buffer can never cut one short (recvfrom silently drops what does not fit). */
#define BUFFER_SIZE 65536

static const char usage_lines[] =
    "udp_server: an echo server over UDP; one socket takes datagrams from any\n"
    "number of clients and sends each back to its sender. Start it first,\n"
    "then udp_client.\n"
    "usage: udp_server [-a ADDR] [-p PORT] [-c COUNT]\n"
    "  -a ADDR   the address to receive on (default 127.0.0.1; ::1 for IPv6).\n"
    "  -p PORT   0 to 65535 (default 12345); 0 lets the kernel pick a port.\n"
    "  -c COUNT  exit after COUNT datagrams; the message \"end\" also ends it.\n";

static void on_signal(int sig);

int main(int argc, char *argv[])
{
    static char message[BUFFER_SIZE];
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_DGRAM,
                              .ai_flags = AI_PASSIVE | AI_NUMERICSERV };
    struct addrinfo *found, *ai;
    struct sockaddr_storage addr;
    socklen_t addr_len;
    const char *host = "127.0.0.1";
    char port[8] = "", where[96];
    long count = 0, received = 0;
    int fd = -1, opt, err, is_end = 0;
    ssize_t n;

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

    /* 1. socket and bind; no listen, no accept for datagrams. */
    if ((err = getaddrinfo(host, port, &hints, &found)) != 0)
        fail("%s: %s", host, gai_strerror(err));
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
    if (fd == -1)
        die_hint("cannot bind", errno == EADDRINUSE
                 ? "another program has that UDP port: stop it, or use -p 0"
                 : errno == EADDRNOTAVAIL ? "-a names no address of this machine" : NULL);
    addr_len = sizeof addr;
    if (getsockname(fd, (struct sockaddr *)&addr, &addr_len) == -1)
        die("getsockname");
    describe(&addr, addr_len, where);
    printf("ready: waiting for datagrams on %s\n", where);

    /* 2. Receive a datagram, note who sent it, send it back there. */
    while (!is_end && (count == 0 || received < count)) {
        addr_len = sizeof addr;
        n = recvfrom(fd, message, sizeof message, 0, (struct sockaddr *)&addr, &addr_len);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            die("recvfrom");
        received++;
        describe(&addr, addr_len, where);
        printf("datagram %ld: %zd bytes from %s\n", received, n, where);
        print_received(message, (size_t)n);
        is_end = n == 3 && memcmp(message, "end", 3) == 0;
        /* A reply that cannot be sent is that client's loss, not ours. */
        if (sendto(fd, message, (size_t)n, 0, (struct sockaddr *)&addr, addr_len) == -1)
            printf("could not echo it to %s: %s\n", where, strerror(errno));
    }

    /* 3. Close; nothing else to remove. */
    printf("%s after %ld datagrams; closing the socket\n",
           is_end ? "got \"end\"" : "done", received);
    close(fd);
    return 0;
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

