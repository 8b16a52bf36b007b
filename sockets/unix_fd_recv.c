/*
 * unix_fd_recv.c - receive an open file descriptor from another process
 * over a Unix-domain socket, and read a file this process never opened.
 *
 * Besides bytes, a Unix-domain socket can carry open descriptors: the sender
 * puts one in an SCM_RIGHTS control message, and the kernel installs a
 * duplicate in the receiver, pointing at the same open file (same offset,
 * same access mode). Permission was checked once, when the sender opened
 * the file; the receiver needs none. This is how a privileged process hands
 * a file to an unprivileged one.
 *
 * Usage: unix_fd_recv [-n PATH]
 *
 * Two terminals:
 *   terminal 1:  ./unix_fd_recv
 *   terminal 2:  ./unix_fd_send /etc/hostname
 *
 * See also: unix_fd_send.c (the other half), socket_file.h (the socket
 * file's life), unix_server.c, docs/sockets.md.
 * Try: `strace -e trace=openat,recvmsg,read ./unix_fd_recv`: no openat of
 * the file, yet its lines come out.
 */
#define _DEFAULT_SOURCE         /* flock() */
#include "ipc_demo.h"
#include "socket_file.h"

/* Our limit on one line of the file: a file with no newline (/dev/zero)
 * must not make us hold all of it. */
#define MAX_LINE 4096

static const char usage_lines[] =
    "unix_fd_recv: receives an open file descriptor over a Unix-domain socket\n"
    "and prints the lines of a file this process never opened. Start it\n"
    "first, then unix_fd_send FILE.\n"
    "usage: unix_fd_recv [-n PATH]\n"
    "  -n PATH  the socket file (default /tmp/ipc-demo-UID/fd.sock).\n";

static void on_signal(int sig);
static int receive_fd(int sock);

int main(int argc, char *argv[])
{
    char buf[MAX_LINE + 1], *start, *newline;
    size_t used = 0;
    unsigned long lines = 0;
    struct stat st;
    ssize_t n;
    int listen_fd, conn, fd, opt;

    demo_start(argv[0], usage_lines);
    while ((opt = getopt(argc, argv, "n:h")) != -1) {
        switch (opt) {
        case 'n': copy_option(sock_addr.sun_path, sizeof sock_addr.sun_path, optarg, "-n"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc)
        usage(2);
    if (sock_addr.sun_path[0] == '\0')
        default_path(sock_addr.sun_path, sizeof sock_addr.sun_path, "fd.sock");
    atexit(remove_socket_file);
    catch_ending_signals(on_signal);

    /* 1. socket, bind (creating the file, mode 0600), listen. */
    if ((listen_fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
        die("socket");
    own_socket_path("unix_fd_recv");
    bind_socket_file(listen_fd);
    if (listen(listen_fd, 1) == -1)
        die("listen");
    printf("ready: waiting for a sender on %s (accept blocks)\n", sock_addr.sun_path);

    /* 2. Accept the sender, take the descriptor it sends. */
    while ((conn = accept(listen_fd, NULL, NULL)) == -1)
        if (errno != EINTR && errno != ECONNABORTED)
            die("accept");
    printf("a sender connected; receiving a descriptor (recvmsg, SCM_RIGHTS)\n");
    fd = receive_fd(conn);
    close(conn);
    if (fstat(fd, &st) == -1)
        die("fstat");
    printf("got descriptor %d: a %s of %lld bytes that this process never opened\n",
           fd, S_ISREG(st.st_mode) ? "regular file" : "file (not regular)",
           (long long)st.st_size);

    /* 3. Read it like any file we had opened ourselves, a line at a time. */
    while ((n = read(fd, buf + used, sizeof buf - used)) != 0) {
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            die("reading the file");
        used += (size_t)n;
        for (start = buf; (newline = memchr(start, '\n', used - (size_t)(start - buf))) != NULL;
             start = newline + 1, lines++)
            print_received(start, (size_t)(newline - start));
        used -= (size_t)(start - buf);
        memmove(buf, start, used);
        if (used == sizeof buf)
            fail("line %lu of the file is longer than %d bytes; stopping there",
                 lines + 1, MAX_LINE);
    }
    if (used > 0)                       /* a last line with no newline */
        print_received(buf, used);
    printf("end of the file; closing it and the socket\n");

    /* 4. Close; remove_socket_file() removes the socket file at exit. */
    close(fd);
    close(listen_fd);
    return 0;
}

/* Cleaning up in the handler cannot miss a signal that lands just before
 * accept() blocks. */
static void on_signal(int sig)
{
    (void)sig;
    say("interrupted: cleaning up\n");
    remove_socket_file();
    _exit(0);
}

/* Receive one byte of data and, beside it, one descriptor. */
static int receive_fd(int sock)
{
    char byte;
    union {                             /* aligned as a cmsghdr must be */
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
                          .msg_control = control.buf, .msg_controllen = sizeof control.buf };
    struct cmsghdr *cmsg;
    int fd;
    ssize_t n;

    while ((n = recvmsg(sock, &msg, 0)) == -1 && errno == EINTR)
        ;
    if (n == -1)
        die("recvmsg");
    cmsg = CMSG_FIRSTHDR(&msg);
    if (n == 0 || cmsg == NULL || (msg.msg_flags & MSG_CTRUNC)
        || cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS
        || cmsg->cmsg_len != CMSG_LEN(sizeof(int)))
        fail("the peer sent no file descriptor (was it unix_fd_send?)");
    memcpy(&fd, CMSG_DATA(cmsg), sizeof fd);
    return fd;
}
