/*
 * Exercise 10 - short_reads: read whole records from a stream socket,
 * however the bytes arrive.
 *
 * A stream socket carries bytes, not messages: a sender's one write() may
 * reach us in several read()s, and read() returns as soon as SOME bytes
 * are there. So each record on this socket carries its length first:
 *     4 bytes, the payload's length (big-endian), then the payload
 * and the receiver reads exactly 4 bytes, then exactly LENGTH bytes. A
 * read() that returns fewer than asked is not an error and not the end of
 * the stream (only 0 is): ask again for the rest.
 *
 * This is the receiver: it listens on a Unix-domain socket, takes one
 * sender, prints each record as "received: TEXT", and exits at the end of
 * the stream. The grader's sender sends every record in small pieces.
 *
 * Your part: the TODO in read_exactly(). Until you do it, the first record
 * whose header arrives in two pieces looks like the end of the stream.
 *
 * Usage: exercise [-n PATH]
 * Grade it: sh exercises/grade.sh 10
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include <arpa/inet.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/un.h>

#define MAX_RECORD 65536        /* our limit on one record's payload */

static const char help[] =
    "Exercise 10: receives length-prefixed records (4 bytes of length,\n"
    "big-endian, then the payload) from one sender on a Unix-domain stream\n"
    "socket and prints each one whole. Start it first, then the sender.\n"
    "usage: exercise [-n PATH]\n"
    "  -n PATH  the socket file (default /tmp/ipc-demo-UID/records.sock).\n";

static struct sockaddr_un addr = { .sun_family = AF_UNIX };
static int bound;               /* we made the socket file: remove it */

static void remove_socket_file(void)
{
    if (bound)
        unlink(addr.sun_path);
}

static void on_signal(int sig)
{
    (void)sig;
    say("interrupted: removing the socket file\n");
    remove_socket_file();
    _exit(0);
}

/* Read LEN bytes from FD into BUF. Returns LEN; fewer only if the stream
 * ended first (0 if it ended before the first byte); -1 on an error. */
static ssize_t read_exactly(int fd, void *buf, size_t len)
{
    ssize_t n;
    /* TODO(student): one read() may return fewer bytes than asked: keep
     * reading into the rest of BUF until LEN bytes are in, or read()
     * returns 0 (end of stream); read() again after EINTR. Return the
     * count you got, or -1 on an error. */
    size_t done = 0;

    while (done < len) {
        n = read(fd, (char *)buf + done, len - done);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            return -1;
        if (n == 0)
            break;                      /* the end of the stream */
        done += (size_t)n;
    }
    return (ssize_t)done;
    /* END TODO */
}

int main(int argc, char *argv[])
{
    static char payload[MAX_RECORD];
    uint32_t header;
    unsigned long records = 0;
    int listen_fd, conn, opt;

    demo_start(argv[0], help);
    while ((opt = getopt(argc, argv, "n:h")) != -1) {
        switch (opt) {
        case 'n': copy_option(addr.sun_path, sizeof addr.sun_path, optarg, "-n"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc)
        usage(2);
    if (addr.sun_path[0] == '\0')
        default_path(addr.sun_path, sizeof addr.sun_path, "records.sock");
    atexit(remove_socket_file);
    catch_ending_signals(on_signal);

    /* 1. socket, bind (the file is made mode 0600), listen. */
    if ((listen_fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
        die("socket");
    mode_t old_mask = umask(077);
    if (bind(listen_fd, (struct sockaddr *)&addr, sizeof addr) == -1)
        die_hint(addr.sun_path, errno == EADDRINUSE
                 ? "another receiver runs, or one left its file: remove it" : NULL);
    bound = 1;
    umask(old_mask);
    if (listen(listen_fd, 1) == -1)
        die("listen");
    printf("ready: waiting for a sender on %s\n", addr.sun_path);

    /* 2. One sender. */
    while ((conn = accept(listen_fd, NULL, NULL)) == -1)
        if (errno != EINTR && errno != ECONNABORTED)
            die("accept");
    printf("a sender connected; reading records (length, then payload)\n");

    /* 3. Record after record: exactly 4 bytes, then exactly LENGTH. */
    for (;;) {
        ssize_t got = read_exactly(conn, &header, sizeof header);
        if (got == 0)
            break;                                  /* a clean end */
        if (got == -1)
            die("reading a record's length");
        if (got != (ssize_t)sizeof header)
            fail("the stream ended %zd bytes into a record's 4-byte length", got);
        uint32_t len = ntohl(header);
        if (len > MAX_RECORD)
            fail("record %lu claims %lu bytes, more than our limit of %d",
                 records + 1, (unsigned long)len, MAX_RECORD);
        got = read_exactly(conn, payload, len);
        if (got == -1)
            die("reading a record's payload");
        if (got != (ssize_t)len)
            fail("the stream ended %zd bytes into a payload of %lu", got,
                 (unsigned long)len);
        print_received(payload, len);
        records++;
    }
    printf("end of the stream after %lu record%s\n", records,
           records == 1 ? "" : "s");

    /* 4. Close; remove_socket_file() runs at exit. */
    close(conn);
    close(listen_fd);
    return 0;
}
