/*
 * rpc_fake_getnameinfo.c - a test's stand-in for getnameinfo(), loaded
 * with LD_PRELOAD: the first call (rpc_server's ready line) gets an IPv4
 * address as text, every later one fails with EAI_FAIL. getnameinfo
 * cannot be made to fail otherwise, and a server that ignores the failure
 * prints whatever its buffers last held. Built only for the tests.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>

int getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host, socklen_t hostlen,
                char *serv, socklen_t servlen, int flags)
{
    static int calls;
    const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;

    (void)salen, (void)flags;
    if (calls++ > 0 || sa->sa_family != AF_INET)
        return EAI_FAIL;
    if (inet_ntop(AF_INET, &in->sin_addr, host, hostlen) == NULL)
        return EAI_OVERFLOW;
    snprintf(serv, servlen, "%u", (unsigned)ntohs(in->sin_port));
    return 0;
}
