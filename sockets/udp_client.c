/*
 * udp_client.c - send each message to udp_server as one datagram and wait,
 * for a bounded time, for the echo.
 *
 * With UDP nothing tells the client that a datagram was lost, or that no
 * server is there at all: a reply simply never comes. So the client waits in
 * poll() with a timeout, and gives up with a message when it expires. It
 * also checks where each reply comes from: any program may send a datagram
 * to our port.
 *
 * Usage: udp_client [-a HOST] [-p PORT] [MESSAGE...]
 *
 * Two terminals:
 *   terminal 1:  ./udp_server
 *   terminal 2:  ./udp_client hello world end
 *
 * See also: udp_server.c (the other half), tcp_client.c, docs/sockets.md.
 * Try: run the client with no server: it waits 2 seconds and says so.
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>

/* The largest UDP payload over IPv4: 65535 minus the IP and UDP headers. */
#define MAX_MESSAGE 65507
#define REPLY_WAIT_MS 2000      /* how long to wait for each echo */

static const char usage_lines[] =
    "udp_client: sends each message to udp_server as one datagram and waits\n"
    "up to 2 seconds for its echo, since a datagram may be lost. Start the\n"
    "server first.\n"
    "usage: udp_client [-a HOST] [-p PORT] [MESSAGE...]\n"
    "  -a HOST  the server's name or address (default 127.0.0.1; ::1 for IPv6);\n"
    "           the first address the name gives is used.\n"
    "  -p PORT  1 to 65535 (default 12345).\n"
    "  Each MESSAGE (at most 65507 bytes) is one datagram; with none, each line\n"
    "  of stdin is. The message \"end\" makes the server exit.\n";

static void exchange(int fd, const struct addrinfo *server, const char *message, size_t len);

int main(int argc, char *argv[])
{
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_DGRAM,
                              .ai_flags = AI_NUMERICSERV };
    struct addrinfo *server;
    const char *host = "127.0.0.1";
    char port[8] = "", *line = NULL;
    size_t line_size = 0;
    ssize_t len;
    int fd, opt, i, err;

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
        if (strlen(argv[i]) > MAX_MESSAGE || strchr(argv[i], '\n') != NULL) {
            fprintf(stderr, "%s: message %d is longer than %d bytes (the UDP limit) "
                    "or holds a newline\n", prog, i - optind + 1, MAX_MESSAGE);
            usage(2);
        }
    }

    /* 1. Look the server up and make a socket of the same family. */
    if ((err = getaddrinfo(host, port, &hints, &server)) != 0)
        fail("%s: %s", host, gai_strerror(err));
    if ((fd = socket(server->ai_family, server->ai_socktype, server->ai_protocol)) == -1)
        die("socket");
    printf("sending datagrams to %s port %s (no connection: each travels alone)\n",
           host, port);

    /* 2. One datagram per message, each followed by a bounded wait. */
    for (i = optind; i < argc; i++)
        exchange(fd, server, argv[i], strlen(argv[i]));
    if (optind == argc) {
        printf("no messages given: sending each line of stdin (Ctrl-D ends)\n");
        while ((len = getline(&line, &line_size, stdin)) != -1) {
            if (len > 0 && line[len - 1] == '\n')
                line[--len] = '\0';
            if (len > MAX_MESSAGE)
                fail("a line is longer than %d bytes (the UDP limit): not sent",
                     MAX_MESSAGE);
            exchange(fd, server, line, (size_t)len);
        }
        if (ferror(stdin))
            die("reading stdin");
        free(line);
    }

    /* 3. Close; a datagram socket has no connection to end. */
    freeaddrinfo(server);
    close(fd);
    printf("every message was echoed\n");
    return 0;
}

static long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Send one datagram and wait for its echo from the server's address. */
static void exchange(int fd, const struct addrinfo *server, const char *message, size_t len)
{
    static char reply[MAX_MESSAGE + 1];
    struct sockaddr_storage from;
    socklen_t from_len;
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    long deadline = now_ms() + REPLY_WAIT_MS, left;
    ssize_t n;

    printf("sending: %s\n", message);
    while (sendto(fd, message, len, 0, server->ai_addr, server->ai_addrlen) == -1)
        if (errno != EINTR)             /* a signal: send it again */
            die("sendto");
    for (;;) {
        printf("waiting up to %d ms for the echo\n", REPLY_WAIT_MS);
        left = deadline - now_ms();
        n = left > 0 ? poll(&pfd, 1, (int)left) : 0;
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            die("poll");
        if (n == 0) {
            fprintf(stderr, "%s: no reply within %d ms: lost on the way, or nobody "
                    "listens there\n%s: hint: is udp_server running on that port?\n",
                    prog, REPLY_WAIT_MS, prog);
            exit(1);
        }
        from_len = sizeof from;
        n = recvfrom(fd, reply, sizeof reply, 0, (struct sockaddr *)&from, &from_len);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            die("recvfrom");
        /* The kernel fills the sender's address the way getaddrinfo filled
         * the server's, so equal bytes mean the same sender. */
        if (from_len == server->ai_addrlen && memcmp(&from, server->ai_addr, from_len) == 0)
            break;
        printf("ignoring a datagram from someone other than the server\n");
    }
    print_received(reply, (size_t)n);
}
