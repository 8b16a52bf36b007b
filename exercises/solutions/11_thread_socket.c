/*
 * Exercise 11 - thread_socket: give each client thread its own socket.
 *
 * An echo server over TCP with one thread per client. Each accept()
 * returns a new socket for one client, and main starts a thread to serve
 * it. The classic bug: main keeps the client's details in ONE variable and
 * hands every thread a pointer to it. The next accept() overwrites it, and
 * the first client's thread now reads and writes the second client's
 * socket: client 1 never hears its echo, client 2 hears both. Each thread
 * needs a struct client of its own, which nobody else changes, and which
 * it frees when it is done.
 *
 * Your part: the two TODOs (in main, and at the end of serve_client).
 *
 * Usage: exercise [-p PORT] [-c COUNT]
 * Two terminals or more:  ./exercise -p 12345
 *                         ../build/bin/tcp_client -p 12345   (several)
 * Grade it: sh exercises/grade.sh 11
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>

#define MAX_CLIENTS 64

static const char help[] =
    "Exercise 11: an echo server over TCP (127.0.0.1), one thread per\n"
    "client, each thread with a socket of its own. Start it first, then\n"
    "tcp_client (as many as you like, at once).\n"
    "usage: exercise [-p PORT] [-c COUNT]\n"
    "  -p PORT   0 to 65535 (default 12345); 0 lets the kernel pick one.\n"
    "  -c COUNT  serve COUNT clients (1 to 64, default 64), then exit once\n"
    "            they have finished.\n";

struct client {                 /* what one thread needs to serve one client */
    int fd;
    long number;
};

static void *serve_client(void *arg);

int main(int argc, char *argv[])
{
    struct sockaddr_in addr = { .sin_family = AF_INET,
                                .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t addr_len = sizeof addr;
    pthread_t threads[MAX_CLIENTS];
    struct client *client;
    long count = MAX_CLIENTS, port = default_port(12345);
    int listen_fd, fd, opt, err, one = 1;

    demo_start(argv[0], help);
    while ((opt = getopt(argc, argv, "p:c:h")) != -1) {
        switch (opt) {
        case 'p': port = parse_long(optarg, 0, 65535, "-p"); break;
        case 'c': count = parse_long(optarg, 1, MAX_CLIENTS, "-c"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc)
        usage(2);
    /* A client that vanishes while we write must not kill the server with
     * SIGPIPE; ignored, write() fails with EPIPE and that thread ends. */
    catch_signal(SIGPIPE, SIG_IGN, 0);

    /* 1. socket, bind, listen. */
    addr.sin_port = htons((unsigned short)port);
    if ((listen_fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
        die("socket");
    if (setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == -1)
        die("setsockopt SO_REUSEADDR");
    if (bind(listen_fd, (struct sockaddr *)&addr, sizeof addr) == -1)
        die_hint("bind", errno == EADDRINUSE ? "that port is taken: use -p 0" : NULL);
    if (listen(listen_fd, SOMAXCONN) == -1 ||
        getsockname(listen_fd, (struct sockaddr *)&addr, &addr_len) == -1)
        die("listen");
    printf("ready: listening on 127.0.0.1:%d\n", ntohs(addr.sin_port));

    /* 2. Accept COUNT clients, each served by its own thread. */
    for (long n = 1; n <= count; n++) {
        while ((fd = accept(listen_fd, NULL, NULL)) == -1)
            if (errno != EINTR && errno != ECONNABORTED)
                die("accept");
        /* TODO(student): point client at a struct client of this thread's
         * own (malloc; die on failure), not at one that the next accept()
         * overwrites. serve_client() frees it. */
        if ((client = malloc(sizeof *client)) == NULL)
            die("malloc");
        /* END TODO */
        client->fd = fd;
        client->number = n;
        printf("client %ld connected (socket %d); starting a thread for it\n", n, fd);
        if ((err = pthread_create(&threads[n - 1], NULL, serve_client, client)) != 0)
            die_err(err, "pthread_create");
    }

    /* 3. No more clients: wait for the threads, then exit. */
    close(listen_fd);
    printf("accepted %ld clients; waiting for them to finish\n", count);
    for (long n = 0; n < count; n++)
        if ((err = pthread_join(threads[n], NULL)) != 0)
            die_err(err, "pthread_join");
    printf("every client has finished; exiting\n");
    return 0;
}

/* Echo what the client sends until it closes its end. ARG is the thread's
 * struct client, read afresh at every call. */
static void *serve_client(void *arg)
{
    struct client *client = arg;
    char buf[4096];
    ssize_t n;

    while ((n = read(client->fd, buf, sizeof buf)) != 0) {
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            break;
        printf("client %ld: echoing %zd bytes on socket %d\n", client->number,
               n, client->fd);
        if (write_all(client->fd, buf, (size_t)n) == -1)
            break;
    }
    printf("client %ld finished; closing socket %d\n", client->number, client->fd);
    close(client->fd);
    /* TODO(student): free this thread's struct client. */
    free(client);
    /* END TODO */
    return NULL;
}
