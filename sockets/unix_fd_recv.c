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
 *   -n PATH  socket path (default /tmp/ipc-demo-UID/fd.sock)
 *
 * Two terminals:
 *   terminal 1:  ./unix_fd_recv
 *   terminal 2:  ./unix_fd_send /etc/hostname
 *
 * See also: unix_fd_send.c (the other half), unix_server.c, docs/sockets.md.
 * Try: `strace -e trace=openat,recvmsg,read ./unix_fd_recv`: no openat of
 * the file, yet its lines come out.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static const char *prog = "unix_fd_recv";
static struct sockaddr_un addr = { .sun_family = AF_UNIX };
static volatile sig_atomic_t socket_made;          /* our file exists: remove it */

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-n PATH]\n"
                 "  -n PATH  socket path, at most %zu bytes (default /tmp/ipc-demo-UID/fd.sock)\n",
            prog, sizeof addr.sun_path - 1);
    exit(status);
}

/* Default paths live in a directory only we may use. */
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

/* Runs at exit and from the signal handler: async-signal-safe calls only. */
static void say(const char *text)
{
    if (write(STDOUT_FILENO, text, strlen(text)) < 0)
        return;                 /* nowhere left to report it */
}

static void cleanup(void)
{
    if (socket_made && unlink(addr.sun_path) == 0)
        say("removed the socket file\n");
    socket_made = 0;
}

/* Cleaning up in the handler cannot miss a signal that lands just before
 * accept() blocks. */
static void on_signal(int sig)
{
    (void)sig;
    say("interrupted: cleaning up\n");
    cleanup();
    _exit(0);
}

/* Remove a socket file left by a killed receiver, and nothing else. */
static void remove_stale_socket(void)
{
    struct stat st;
    int probe;

    if (lstat(addr.sun_path, &st) == -1)
        return;
    if (!S_ISSOCK(st.st_mode)) {
        fprintf(stderr, "%s: %s exists and is not a socket; leaving it alone\n",
                prog, addr.sun_path);
        exit(1);
    }
    if ((probe = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
        die("socket");
    if (connect(probe, (struct sockaddr *)&addr, sizeof addr) == 0) {
        fprintf(stderr, "%s: another receiver is already listening on %s\n",
                prog, addr.sun_path);
        exit(1);
    }
    if (errno != ECONNREFUSED)
        die(addr.sun_path);
    close(probe);
    if (unlink(addr.sun_path) == -1)
        die(addr.sun_path);
    printf("removed a stale socket file at %s\n", addr.sun_path);
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
        || cmsg->cmsg_len != CMSG_LEN(sizeof(int))) {
        fprintf(stderr, "%s: the peer sent no file descriptor (was it unix_fd_send?)\n", prog);
        exit(1);
    }
    memcpy(&fd, CMSG_DATA(cmsg), sizeof fd);
    return fd;
}

int main(int argc, char *argv[])
{
    struct sigaction sa = { .sa_handler = on_signal };
    struct stat st;
    char *line = NULL;
    size_t line_size = 0;
    ssize_t len;
    FILE *file;
    int listen_fd, conn, fd, opt;
    mode_t old_umask;

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
    if (optind != argc)
        usage(stderr, 2);
    if (addr.sun_path[0] == '\0')
        default_path(addr.sun_path, sizeof addr.sun_path, "fd.sock");

    /* Step 1: socket, bind (creating the file, mode 0600), listen. */
    if ((listen_fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
        die("socket");
    remove_stale_socket();
    old_umask = umask(0177);   /* the socket file is 0600 */
    if (bind(listen_fd, (struct sockaddr *)&addr, sizeof addr) == -1)
        die(addr.sun_path);
    umask(old_umask);
    socket_made = 1;
    atexit(cleanup);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    if (listen(listen_fd, 1) == -1)
        die("listen");
    printf("ready: waiting on %s for a sender (accept blocks until one connects)\n",
           addr.sun_path);

    /* Step 2: accept the sender, take the descriptor it sends. */
    if ((conn = accept(listen_fd, NULL, NULL)) == -1)
        die("accept");
    printf("a sender connected; receiving a descriptor (recvmsg, SCM_RIGHTS)\n");
    fd = receive_fd(conn);
    close(conn);
    if (fstat(fd, &st) == -1)
        die("fstat");
    printf("got descriptor %d: a %s of %lld bytes that this process never opened\n",
           fd, S_ISREG(st.st_mode) ? "regular file" : "file (not regular)",
           (long long)st.st_size);

    /* Step 3: read it like any file we had opened ourselves. */
    if ((file = fdopen(fd, "r")) == NULL)
        die("fdopen");
    while ((len = getline(&line, &line_size, file)) != -1) {
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        printf("received: %s\n", line);
    }
    if (ferror(file))
        die("reading the file");
    printf("end of the file; closing it and the socket\n");

    /* Step 4: close; cleanup() removes the socket file at exit. */
    free(line);
    fclose(file);
    close(listen_fd);
    return 0;
}
