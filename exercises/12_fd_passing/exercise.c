/*
 * Exercise 12 - fd_passing: pass an open descriptor with SCM_RIGHTS.
 *
 * This is the sender. It opens FILE (its permission is checked now,
 * against us), connects to unix_fd_recv over a Unix-domain socket, and
 * passes the open descriptor, not the file's contents. The descriptor goes
 * in a control message (struct cmsghdr, level SOL_SOCKET, type
 * SCM_RIGHTS) of one sendmsg(); a stream socket carries control messages
 * only beside real data, so at least one ordinary byte goes with it. The
 * kernel gives the receiver its own descriptor for the same open file, so
 * we may close ours at once.
 *
 * Your part: the TODO in send_fd(). Until you do it, only the byte goes,
 * and unix_fd_recv says the peer sent no descriptor.
 *
 * Usage: exercise [-n PATH] FILE
 * Two terminals:  ../build/bin/unix_fd_recv      then  ./exercise /etc/hostname
 * Grade it: sh exercises/grade.sh 12
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>

static const char help[] =
    "Exercise 12: opens FILE and passes the open descriptor, not the\n"
    "contents, to unix_fd_recv over a Unix-domain socket (SCM_RIGHTS).\n"
    "Start unix_fd_recv first.\n"
    "usage: exercise [-n PATH] FILE\n"
    "  -n PATH  the receiver's socket file (default /tmp/ipc-demo-UID/fd.sock).\n"
    "  FILE     the file to open and pass.\n";

static void send_fd(int sock, int fd);

int main(int argc, char *argv[])
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int sock, fd, opt;

    demo_start(argv[0], help);
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
    catch_signal(SIGPIPE, SIG_IGN, 0);  /* a vanished receiver: EPIPE */

    /* 1. Open the file; this is where its permission is checked. */
    if ((fd = open(argv[optind], O_RDONLY)) == -1)
        die(argv[optind]);
    printf("opened %s as descriptor %d\n", argv[optind], fd);

    /* 2. Connect to the receiver. */
    if ((sock = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
        die("socket");
    printf("connecting to %s\n", addr.sun_path);
    if (connect(sock, (struct sockaddr *)&addr, sizeof addr) == -1)
        die_hint(addr.sun_path, errno == ENOENT || errno == ECONNREFUSED
                 ? "is unix_fd_recv running? Give both the same -n" : NULL);

    /* 3. Pass the descriptor, then close our copy. */
    printf("sending descriptor %d (sendmsg, SCM_RIGHTS)\n", fd);
    send_fd(sock, fd);
    close(fd);
    close(sock);
    printf("sent; closed our copy: the receiver's keeps the file open\n");
    return 0;
}

/* Send one byte of data and, beside it, the descriptor FD. */
static void send_fd(int sock, int fd)
{
    char byte = '*';
    union {                             /* aligned as a cmsghdr must be */
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };

    memset(&control, 0, sizeof control);
    /* TODO(student): attach CONTROL to MSG (msg_control, msg_controllen),
     * fill its first header (CMSG_FIRSTHDR): level SOL_SOCKET, type
     * SCM_RIGHTS, length CMSG_LEN(sizeof(int)), and FD copied into
     * CMSG_DATA. The byte in IOV goes too. */
    (void)fd;
    /* END TODO */
    while (sendmsg(sock, &msg, 0) == -1)
        if (errno != EINTR)
            die("sendmsg");
}
