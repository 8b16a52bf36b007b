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
 *   -n PATH  socket path (default /tmp/ipc-demo-UID/fd.sock)
 *   FILE     the file to open and pass
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
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static const char *prog = "unix_fd_send";
static struct sockaddr_un addr = { .sun_family = AF_UNIX };

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-n PATH] FILE\n"
                 "  -n PATH  socket path (default /tmp/ipc-demo-UID/fd.sock)\n"
                 "  FILE     the file to open and pass to unix_fd_recv\n", prog);
    exit(status);
}

/* Default paths live in a directory only we may use: anyone can create
 * files in /tmp, so a socket there could be someone else's, listening to
 * whatever we send. */
static void default_path(char *path, size_t size, const char *name)
{
    char dir[64];
    struct stat st;

    snprintf(dir, sizeof dir, "/tmp/ipc-demo-%u", (unsigned)getuid());
    if (mkdir(dir, 0700) == -1 && errno != EEXIST)
        die(dir);
    if (lstat(dir, &st) == -1)
        die(dir);
    if (!S_ISDIR(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 077)) {
        fprintf(stderr, "%s: %s is a symlink, another user's, or open to others; "
                        "refusing to use it\n", prog, dir);
        exit(1);
    }
    snprintf(path, size, "%s/%s", dir, name);
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
    while (sendmsg(sock, &msg, 0) == -1) {
        if (errno != EINTR)
            die("sendmsg");
    }
}

int main(int argc, char *argv[])
{
    int sock, fd, opt;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    while ((opt = getopt(argc, argv, "n:h")) != -1) {
        switch (opt) {
        case 'n':
            if (strlen(optarg) >= sizeof addr.sun_path) {
                fprintf(stderr, "%s: path too long (a socket path holds at most %zu bytes)\n",
                        prog, sizeof addr.sun_path - 1);
                usage(stderr, 2);
            }
            strcpy(addr.sun_path, optarg);
            break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    if (argc - optind != 1)
        usage(stderr, 2);
    if (addr.sun_path[0] == '\0')
        default_path(addr.sun_path, sizeof addr.sun_path, "fd.sock");
    signal(SIGPIPE, SIG_IGN);   /* a receiver that vanishes gives EPIPE, not death */

    /* Step 1: open the file; this is where its permission is checked. */
    if ((fd = open(argv[optind], O_RDONLY)) == -1)
        die(argv[optind]);
    printf("opened %s as descriptor %d\n", argv[optind], fd);

    /* Step 2: connect to the receiver. */
    if ((sock = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
        die("socket");
    printf("connecting to %s\n", addr.sun_path);
    if (connect(sock, (struct sockaddr *)&addr, sizeof addr) == -1) {
        fprintf(stderr, "%s: cannot connect to %s: %s\n", prog, addr.sun_path, strerror(errno));
        if (errno == ENOENT || errno == ECONNREFUSED)
            fprintf(stderr, "hint: is unix_fd_recv running? Start it first, or pass "
                            "the same -n to both\n");
        exit(1);
    }

    /* Step 3: pass the descriptor, then close our copy. */
    printf("sending descriptor %d (sendmsg, SCM_RIGHTS)\n", fd);
    send_fd(sock, fd);
    close(fd);
    close(sock);
    printf("sent; closed our copy: the receiver's keeps the file open\n");
    return 0;
}
