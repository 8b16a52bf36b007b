/*
 * dribble.c - the grader's sender for exercise 10 (not the student's).
 *
 * Connects to the Unix-domain stream socket PATH and sends each MESSAGE as
 * a record (4 bytes of length, big-endian, then the payload), in small
 * pieces: the length as 1 byte then 3, the payload 3 bytes at a time. It
 * sends a piece only once the receiver has read the one before (TIOCOUTQ:
 * no byte of ours still waits in the socket), so every read() the receiver
 * makes returns exactly one piece, on any load: short reads, every time.
 *
 * Usage: dribble PATH MESSAGE...      exit 0, or 1 saying what went wrong
 */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static void give_up(const char *what)
{
    fprintf(stderr, "dribble: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* Send LEN bytes as one piece, then wait (up to 5 s) until they are read. */
static void piece(int sock, const char *data, size_t len)
{
    struct timespec tick = { 0, 1000000L };
    int queued = 1;

    if (len > 0 && write(sock, data, len) != (ssize_t)len)
        give_up("write");
    for (int i = 0; i < 5000 && queued > 0; i++) {
        if (ioctl(sock, TIOCOUTQ, &queued) == -1)
            give_up("ioctl TIOCOUTQ");
        if (queued > 0)
            nanosleep(&tick, NULL);
    }
    if (queued > 0) {
        errno = ETIMEDOUT;
        give_up("the receiver stopped reading");
    }
}

int main(int argc, char *argv[])
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int sock;

    if (argc < 3 || strlen(argv[1]) >= sizeof addr.sun_path) {
        fprintf(stderr, "usage: dribble PATH MESSAGE...\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    strcpy(addr.sun_path, argv[1]);
    if ((sock = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
        give_up("socket");
    if (connect(sock, (struct sockaddr *)&addr, sizeof addr) == -1)
        give_up(argv[1]);
    for (int i = 2; i < argc; i++) {
        size_t len = strlen(argv[i]);
        uint32_t header = htonl((uint32_t)len);
        piece(sock, (const char *)&header, 1);
        piece(sock, (const char *)&header + 1, 3);
        for (size_t done = 0; done < len; done += 3)
            piece(sock, argv[i] + done, len - done < 3 ? len - done : 3);
        printf("sent: %s\n", argv[i]);
    }
    close(sock);
    return 0;
}
