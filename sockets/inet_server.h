/*
 * inet_server.h - what the TCP and UDP echo servers (tcp_server, poll_server,
 * udp_server) share: how a peer's address is shown, and which accept()
 * failures are for now only.
 */
#ifndef INET_SERVER_H
#define INET_SERVER_H
#include <netdb.h>
#include <sys/socket.h>
#include <time.h>

#define ACCEPT_REST_MS 100      /* out of descriptors: try again after this */

/* "127.0.0.1:12345" or "[::1]:12345": the address in numbers, as ss shows
 * it. TEXT holds at least 96 bytes. */
static inline void describe(const struct sockaddr_storage *addr, socklen_t len, char *text)
{
    char host[64], port[8];

    if (getnameinfo((const struct sockaddr *)addr, len, host, sizeof host, port, sizeof port,
                    NI_NUMERICHOST | NI_NUMERICSERV) != 0)
        strcpy(text, "(unknown address)");
    else
        sprintf(text, addr->ss_family == AF_INET6 ? "[%s]:%s" : "%s:%s", host, port);
}

/* An accept() that failed with ERR but may work in a moment; a server
 * retries rather than exit. Out of descriptors (EMFILE, ENFILE) or memory:
 * 2, said once; the caller rests ACCEPT_REST_MS so that a client can finish
 * and free one. A connection that broke while it waited in the queue
 * (ECONNABORTED), and the network errors that man 2 accept says Linux
 * passes on from the new socket, cost only that connection: 1. A real
 * failure: 0, errno kept. */
static inline int accept_failed_for_now(int err)
{
    static int said;

    switch (err) {
    case EMFILE: case ENFILE: case ENOBUFS: case ENOMEM:
        if (!said++)
            printf("cannot accept now: %s; waiting for a client to finish\n",
                   strerror(err));
        errno = err;
        return 2;
    case EAGAIN: case EINTR: case ECONNABORTED: case EPROTO: case ENETDOWN:
    case ENOPROTOOPT: case EHOSTDOWN: case EHOSTUNREACH: case EOPNOTSUPP:
    case ENETUNREACH:
        return 1;
    }
    return 0;
}
#endif
