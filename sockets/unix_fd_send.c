/*
 * unix_fd_send.c - open a file and pass the open descriptor, not its
 * contents, to unix_fd_recv over a Unix-domain socket.
 *
 * The sender opens FILE (its permission is checked now, against the
 * sender), connects to the receiver, and sends one byte of ordinary data
 * with an SCM_RIGHTS control message holding the descriptor: a stream
 * socket carries control messages only alongside real data. The kernel
 * gives the receiver its own descriptor for the same open file. The sender
 * may close its copy at once: the file stays open for the receiver.
 *
 * Usage: unix_fd_send [-n PATH] FILE
 *
 * Two terminals:
 *   terminal 1:  ./unix_fd_recv
 *   terminal 2:  ./unix_fd_send /etc/hostname
 *
 * See also: unix_fd_recv.c (the other half), docs/sockets.md.
 * Try: as root, run the receiver as another user
 * (`setpriv --reuid=nobody --regid=nogroup --clear-groups ./unix_fd_recv -n
 * /tmp/fd.sock`) and send it /etc/shadow: it reads a file it may not open.
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>

static const char usage_lines[] =
    "unix_fd_send: opens FILE and passes the open descriptor, not the\n"
    "contents, to unix_fd_recv over a Unix-domain socket. Start unix_fd_recv\n"
    "first.\n"
    "usage: unix_fd_send [-n PATH] FILE\n"
    "  -n PATH  the receiver's socket file (default /tmp/ipc-demo-UID/fd.sock).\n"
    "  FILE     the file to open and pass.\n";

static void send_fd(int sock, int fd);

int main(int argc, char *argv[])
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int sock, fd, opt;

    demo_start(argv[0], usage_lines);
    while ((opt = getopt(argc, argv, "n:h")) != -1) {
        switch (opt) {
        case 'n': copy_option(addr.sun_path, sizeof addr.sun_path, optarg, "-n"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (argc - optind != 1)
        usage(2);
    if (addr.sun_path[0] == '\0')
        default_path(addr.sun_path, sizeof addr.sun_path, "fd.sock");
    /* A receiver that vanishes gives EPIPE, not a silent death by SIGPIPE. */
    catch_signal(SIGPIPE, SIG_IGN, 0);

    /* 1. Open the file; this is where its permission is checked. */
    if ((fd = open(argv[optind], O_RDONLY)) == -1)
        die(argv[optind]);
    printf("opened %s as descriptor %d\n", argv[optind], fd);

    /* 2. Connect to the receiver. */
    if ((sock = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
        die("socket");
    printf("connecting to %s\n", addr.sun_path);
    if (connect(sock, (struct sockaddr *)&addr, sizeof addr) == -1) {
        fprintf(stderr, "%s: cannot connect to %s: %s\n", prog, addr.sun_path, strerror(errno));
        if (errno == ENOENT || errno == ECONNREFUSED)
            fprintf(stderr, "%s: hint: is unix_fd_recv running? Start it, or give "
                    "both the same -n\n", prog);
        exit(1);
    }

    /* 3. Pass the descriptor, then close our copy. */
    printf("sending descriptor %d (sendmsg, SCM_RIGHTS)\n", fd);
    send_fd(sock, fd);
    close(fd);
    close(sock);
    printf("sent; closed our copy: the receiver's keeps the file open\n");
    return 0;
}

/* Send one byte of data and, beside it, the descriptor fd. */
static void send_fd(int sock, int fd)
{
    char byte = '*';
    union {                             /* aligned as a cmsghdr must be */
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
                          .msg_control = control.buf, .msg_controllen = sizeof control.buf };
    struct cmsghdr *cmsg;

    memset(&control, 0, sizeof control);
    cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cmsg), &fd, sizeof fd);
    while (sendmsg(sock, &msg, 0) == -1)
        if (errno != EINTR)
            die("sendmsg");
}
