/*
 * transports.c - the seven mechanisms that go through the kernel: pipe,
 * fifo, socketpair, unix, tcp, sysv_mq and posix_mq, for ipc_bench.
 *
 * Each one is the same five steps: the parent creates the object before
 * fork() (so neither child can start before it exists: no start-up race),
 * each child opens its end, sends and receives fixed-size messages, closes,
 * and the parent removes whatever has a name. Streams (pipes, FIFOs,
 * sockets) have no message boundaries: a read may return part of a message
 * or the end of one and the start of the next, so every message is read
 * and written in a loop until all of its bytes are through. Queues keep
 * boundaries but cap the size of a message.
 *
 * See also: bench.h (the operations), shm_ring.c (shared memory),
 * docs/benchmark.md.
 */
#define _GNU_SOURCE   /* F_GETPIPE_SZ (Linux) */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <unistd.h>

#include "bench.h"

/* POSIX queues: a queue holds at most msg_max messages and each at most
 * msgsize_max bytes (/proc/sys/fs/mqueue: 10 and 8192 by default, and an
 * unprivileged process may not go above). System V: msgmax bytes per
 * message, msgmnb bytes per queue (/proc/sys/kernel: 8192 and 16384). */
#define MQ_DEFAULT_MAXMSG  10

/* --- helpers every kernel mechanism shares ---------------------------- */

/* Private buffers: rxbuf receives each message (the kernel's second copy);
 * queues also join a message's two parts in txbuf before sending, and
 * room_before leaves space in front for a System V message type. */
int alloc_buffers(struct channel *ch, size_t room_before)
{
    ch->txbuf = malloc(room_before + ch->size);
    ch->rxbuf = malloc(room_before + ch->size);
    if (ch->txbuf == NULL || ch->rxbuf == NULL)
        return bench_fail(ch, "malloc");
    return 0;
}

void free_buffers(struct channel *ch)
{
    free(ch->txbuf);
    free(ch->rxbuf);
    ch->txbuf = ch->rxbuf = NULL;
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

static void close_parent_fds(struct channel *ch)
{
    for (int i = 0; i < 4; i++)
        close_fd(&ch->parent_fd[i]);
    close_fd(&ch->listen_fd);
}

/* Join a message's two parts into one buffer. */
void gather(unsigned char *dst, const struct iovec part[2])
{
    memcpy(dst, part[0].iov_base, part[0].iov_len);
    if (part[1].iov_len > 0)
        memcpy(dst + part[0].iov_len, part[1].iov_base, part[1].iov_len);
}

static int nothing_to_release(struct channel *ch, enum direction dir)
{
    (void)ch;
    (void)dir;
    return 0;
}

size_t no_limit(const char **why)
{
    *why = NULL;
    return BENCH_MAX_SIZE;
}

/* writev() sends the parts as one stream of bytes, but like write() it may
 * take fewer than asked (a socket buffer filling up, a signal): skip what
 * went and loop until the whole message is through. */
static int writev_all(struct channel *ch, int fd, const struct iovec parts[2])
{
    struct iovec left[2] = { parts[0], parts[1] }, *iov = left;
    int count = parts[1].iov_len > 0 ? 2 : 1;

    while (count > 0) {
        ssize_t n = writev(fd, iov, count);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            return bench_fail(ch, errno == EPIPE ? "write (the other end has gone)" : "write");
        while (count > 0 && (size_t)n >= iov->iov_len) {
            n -= (ssize_t)iov->iov_len;
            iov++;
            count--;
        }
        if (count > 0) {
            iov->iov_base = (char *)iov->iov_base + n;
            iov->iov_len -= (size_t)n;
        }
    }
    return 0;
}

/* read() returns whatever has arrived, which may be part of a message:
 * loop until it is all here. The classic bug is one read() per message,
 * which works for small messages and fails at 64 KiB. */
static int read_all(struct channel *ch, int fd, unsigned char *buf, size_t len)
{
    size_t got = 0;

    while (got < len) {
        ssize_t n = read(fd, buf + got, len - got);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            return bench_fail(ch, "read");
        if (n == 0)
            return bench_failf(ch, got == 0
                ? "end of file: the other end closed early (%zu of %zu bytes of a message)"
                : "end of file in the middle of a message (%zu of %zu bytes)", got, len);
        got += (size_t)n;
    }
    return 0;
}

static int stream_send(struct channel *ch, enum direction dir, const struct iovec part[2])
{
    return writev_all(ch, ch->fd[dir], part);
}

static const void *stream_receive(struct channel *ch, enum direction dir)
{
    return read_all(ch, ch->fd[dir], ch->rxbuf, ch->size) == 0 ? ch->rxbuf : NULL;
}

static void stream_close_end(struct channel *ch)
{
    if (ch->fd[1] == ch->fd[0])
        ch->fd[1] = -1;                /* one socket for both directions */
    close_fd(&ch->fd[0]);
    close_fd(&ch->fd[1]);
    free_buffers(ch);
}

/* --- what each can hold in flight, one way ------------------------------ */

static void pipe_capacity(struct channel *ch, char *out, size_t size)
{
    int bytes = fcntl(ch->fd[TO_CONSUMER], F_GETPIPE_SZ);

    snprintf(out, size, "%d KiB (F_SETPIPE_SZ)", bytes / 1024);
}

/* A stream socket's sender may have SO_SNDBUF bytes queued (for TCP, plus
 * what the receiver's SO_RCVBUF holds). The kernel doubles what is asked
 * for bookkeeping, and reports the doubled figure. */
static void socket_capacity(struct channel *ch, char *out, size_t size)
{
    int bytes = 0;
    socklen_t len = sizeof bytes;

    getsockopt(ch->fd[TO_CONSUMER], SOL_SOCKET, SO_SNDBUF, &bytes, &len);
    snprintf(out, size, "%d KiB (SO_SNDBUF)", bytes / 1024);
}

static void sysv_capacity(struct channel *ch, char *out, size_t size)
{
    struct msqid_ds ds;

    if (msgctl(ch->msqid, IPC_STAT, &ds) == -1)
        snprintf(out, size, "?");
    else
        snprintf(out, size, "%lu KiB both ways (msg_qbytes)",
                 (unsigned long)ds.msg_qbytes / 1024);
}

static void posix_capacity(struct channel *ch, char *out, size_t size)
{
    struct mq_attr attr;

    if (mq_getattr(ch->mq[TO_CONSUMER], &attr) == -1)
        snprintf(out, size, "?");
    else
        snprintf(out, size, "%ld msgs (mq_maxmsg)", attr.mq_maxmsg);
}

/* --- pipe: two pipes, one per direction, made before fork ------------- */

static int pipe_create(struct channel *ch)
{
    if (pipe(&ch->parent_fd[0]) == -1 || pipe(&ch->parent_fd[2]) == -1)
        return bench_fail(ch, "pipe");
    narrate(ch, "created two pipes (one each way) before fork: both children inherit them");
    return 0;
}

/* Each side closes the ends it does not use. Forgetting to is the classic
 * pipe bug: a reader never sees end of file while it still holds a write end. */
static int pipe_open_end(struct channel *ch)
{
    int *p = ch->parent_fd;            /* p[0] p[1]: to consumer; p[2] p[3]: back */

    int mine_to = ch->role == PRODUCER ? 1 : 0;      /* my end of "to consumer" */
    int mine_back = ch->role == PRODUCER ? 2 : 3;    /* my end of the way back */

    ch->fd[TO_CONSUMER] = p[mine_to];
    ch->fd[TO_PRODUCER] = p[mine_back];
    p[mine_to] = p[mine_back] = -1;
    close_parent_fds(ch);              /* the two ends that belong to the other side */
    return alloc_buffers(ch, 0);
}

static void pipe_destroy(struct channel *ch)
{
    close_parent_fds(ch);
}

const struct mechanism mech_pipe = {
    "pipe", "two unnamed pipes between parent-made children", MECHANISM,
    no_limit, pipe_create, pipe_open_end, close_parent_fds,
    stream_send, stream_receive, nothing_to_release, stream_close_end, pipe_destroy,
    pipe_capacity, NULL
};

/* --- fifo: two named pipes that each child opens by name -------------- */

static int fifo_create(struct channel *ch)
{
    char dir[64];

    if (private_dir(ch, dir, sizeof dir) == -1)
        return -1;
    snprintf(ch->path[TO_CONSUMER], sizeof ch->path[0], "%s/bench-%ld-to-consumer",
             dir, (long)getpid());
    snprintf(ch->path[TO_PRODUCER], sizeof ch->path[1], "%s/bench-%ld-to-producer",
             dir, (long)getpid());
    for (int i = 0; i < 2; i++) {
        if (mkfifo(ch->path[i], 0600) == -1) {
            int saved = errno;
            if (i == 1)
                unlink(ch->path[0]);
            ch->path[0][0] = ch->path[1][0] = '\0';
            errno = saved;
            return bench_fail(ch, "mkfifo");
        }
    }
    narrate(ch, "created FIFOs %s and %s", ch->path[0], ch->path[1]);
    return 0;
}

/* Both sides open the two FIFOs in the same order (to-consumer first): each
 * open() blocks until the other side opens the same FIFO, so opposite
 * orders would leave both waiting forever. */
static int fifo_open_end(struct channel *ch)
{
    int producer = ch->role == PRODUCER;

    ch->fd[TO_CONSUMER] = open(ch->path[TO_CONSUMER], producer ? O_WRONLY : O_RDONLY);
    if (ch->fd[TO_CONSUMER] == -1)
        return bench_fail(ch, ch->path[TO_CONSUMER]);
    ch->fd[TO_PRODUCER] = open(ch->path[TO_PRODUCER], producer ? O_RDONLY : O_WRONLY);
    if (ch->fd[TO_PRODUCER] == -1)
        return bench_fail(ch, ch->path[TO_PRODUCER]);
    return alloc_buffers(ch, 0);
}

static void remove_paths(struct channel *ch, const char *what)
{
    for (int i = 0; i < 2; i++) {
        if (ch->path[i][0] != '\0' && unlink(ch->path[i]) == 0)
            narrate(ch, "removed the %s %s", what, ch->path[i]);
        ch->path[i][0] = '\0';
    }
}

static void fifo_destroy(struct channel *ch)
{
    remove_paths(ch, "FIFO");
}

void nothing_to_do(struct channel *ch)
{
    (void)ch;
}

int nothing_to_open(struct channel *ch)
{
    (void)ch;
    return 0;
}

const struct mechanism mech_fifo = {
    "fifo", "two named pipes (FIFOs) opened by name", MECHANISM,
    no_limit, fifo_create, fifo_open_end, nothing_to_do,
    stream_send, stream_receive, nothing_to_release, stream_close_end, fifo_destroy,
    pipe_capacity, NULL
};

/* --- socketpair: a connected pair of Unix stream sockets -------------- */

static int socketpair_create(struct channel *ch)
{
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, ch->parent_fd) == -1)
        return bench_fail(ch, "socketpair");
    narrate(ch, "created a socketpair: one connected socket for each child, two-way");
    return 0;
}

static int socketpair_open_end(struct channel *ch)
{
    int mine = ch->role == PRODUCER ? 0 : 1;

    ch->fd[0] = ch->fd[1] = ch->parent_fd[mine];
    ch->parent_fd[mine] = -1;
    close_parent_fds(ch);              /* the other child's socket */
    return alloc_buffers(ch, 0);
}

const struct mechanism mech_socketpair = {
    "socketpair", "socketpair(AF_UNIX, SOCK_STREAM): connected before fork", MECHANISM,
    no_limit, socketpair_create, socketpair_open_end, close_parent_fds,
    stream_send, stream_receive, nothing_to_release, stream_close_end, pipe_destroy,
    socket_capacity, NULL
};

/* --- unix and tcp: a listening socket made before fork ---------------- */

/* Listening before fork means the producer's connect() can never come too
 * early: the kernel queues it until the consumer calls accept(). */
static int listen_on(struct channel *ch, int domain, const struct sockaddr *addr,
                     socklen_t len)
{
    ch->listen_fd = socket(domain, SOCK_STREAM, 0);
    if (ch->listen_fd == -1)
        return bench_fail(ch, "socket");
    if (bind(ch->listen_fd, addr, len) == -1)
        return bench_fail(ch, "bind");
    if (listen(ch->listen_fd, 1) == -1)
        return bench_fail(ch, "listen");
    return 0;
}

/* Nagle's algorithm holds back a small segment while an earlier one is
 * unacknowledged. Applications mostly leave it on, and with one writev()
 * per message it never stalls here (no 40 ms waits): the default measures
 * TCP as it is used; --tcp-nodelay shows what turning it off costs. */
static int no_delay(struct channel *ch, int fd)
{
    int one = 1;

    if (!ch->tcp_nodelay)
        return 0;
    if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == -1)
        return bench_fail(ch, "setsockopt TCP_NODELAY");
    return 0;
}

static int accept_or_connect(struct channel *ch, int domain, const struct sockaddr *addr,
                             socklen_t len)
{
    int fd;

    if (ch->role == CONSUMER) {
        fd = accept(ch->listen_fd, NULL, NULL);
        if (fd == -1)
            return bench_fail(ch, "accept");
    } else {
        fd = socket(domain, SOCK_STREAM, 0);
        if (fd == -1)
            return bench_fail(ch, "socket");
        if (connect(fd, addr, len) == -1) {
            close(fd);
            return bench_fail(ch, "connect");
        }
    }
    close_fd(&ch->listen_fd);
    ch->fd[0] = ch->fd[1] = fd;
    if (domain == AF_INET && no_delay(ch, fd) == -1)
        return -1;
    return alloc_buffers(ch, 0);
}

static void unix_address(const struct channel *ch, struct sockaddr_un *addr)
{
    memset(addr, 0, sizeof *addr);
    addr->sun_family = AF_UNIX;
    snprintf(addr->sun_path, sizeof addr->sun_path, "%s", ch->path[0]);
}

static int unix_create(struct channel *ch)
{
    struct sockaddr_un addr;
    char dir[64];

    if (private_dir(ch, dir, sizeof dir) == -1)
        return -1;
    snprintf(ch->path[0], sizeof ch->path[0], "%s/bench-%ld.sock", dir, (long)getpid());
    unix_address(ch, &addr);
    if (listen_on(ch, AF_UNIX, (struct sockaddr *)&addr, sizeof addr) == -1) {
        if (errno != EADDRINUSE)
            unlink(ch->path[0]);
        ch->path[0][0] = '\0';
        return -1;
    }
    narrate(ch, "listening on the Unix socket %s", ch->path[0]);
    return 0;
}

static int unix_open_end(struct channel *ch)
{
    struct sockaddr_un addr;

    unix_address(ch, &addr);
    return accept_or_connect(ch, AF_UNIX, (struct sockaddr *)&addr, sizeof addr);
}

static void unix_destroy(struct channel *ch)
{
    close_fd(&ch->listen_fd);
    remove_paths(ch, "socket file");
}

const struct mechanism mech_unix = {
    "unix", "Unix-domain stream socket on a path: listen, connect, accept", MECHANISM,
    no_limit, unix_create, unix_open_end, close_parent_fds,
    stream_send, stream_receive, nothing_to_release, stream_close_end, unix_destroy,
    socket_capacity, NULL
};

static void loopback(struct sockaddr_in *addr, unsigned short port)
{
    memset(addr, 0, sizeof *addr);
    addr->sin_family = AF_INET;
    addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr->sin_port = htons(port);
}

/* Port 0: the kernel picks a free port, so runs never collide. */
static int tcp_create(struct channel *ch)
{
    struct sockaddr_in addr;
    socklen_t len = sizeof addr;

    loopback(&addr, 0);
    if (listen_on(ch, AF_INET, (struct sockaddr *)&addr, sizeof addr) == -1)
        return -1;
    if (getsockname(ch->listen_fd, (struct sockaddr *)&addr, &len) == -1)
        return bench_fail(ch, "getsockname");
    ch->port = ntohs(addr.sin_port);
    narrate(ch, "listening on 127.0.0.1:%u (port 0: the kernel chose it)", ch->port);
    return 0;
}

static int tcp_open_end(struct channel *ch)
{
    struct sockaddr_in addr;

    loopback(&addr, ch->port);
    return accept_or_connect(ch, AF_INET, (struct sockaddr *)&addr, sizeof addr);
}

const struct mechanism mech_tcp = {
    "tcp", "TCP over the loopback interface (Nagle on unless --tcp-nodelay)", MECHANISM,
    no_limit, tcp_create, tcp_open_end, close_parent_fds,
    stream_send, stream_receive, nothing_to_release, stream_close_end, pipe_destroy,
    socket_capacity, NULL
};

/* --- sysv_mq: one System V queue, the message type picks the direction - */

static size_t sysv_max_size(const char **why)
{
    size_t msgmax = read_limit("/proc/sys/kernel/msgmax", 8192);
    size_t msgmnb = read_limit("/proc/sys/kernel/msgmnb", 16384);

    *why = msgmax <= msgmnb ? "System V messages are at most msgmax bytes"
                            : "a System V queue holds at most msgmnb bytes";
    return msgmax < msgmnb ? msgmax : msgmnb;
}

/* IPC_PRIVATE: a new queue no other program can stumble on by key; the
 * children know its id because fork() copies it. */
static int sysv_create(struct channel *ch)
{
    ch->msqid = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    if (ch->msqid == -1)
        return bench_fail(ch, "msgget");
    narrate(ch, "created System V queue id %d (IPC_PRIVATE, mode 0600)", ch->msqid);
    return 0;
}

static int sysv_open_end(struct channel *ch)
{
    return alloc_buffers(ch, sizeof(long));
}

/* A System V message starts with its type (a long): 1 to the consumer,
 * 2 back; the bytes follow it. */
static int sysv_send(struct channel *ch, enum direction dir, const struct iovec part[2])
{
    long type = dir == TO_CONSUMER ? 1 : 2;

    memcpy(ch->txbuf, &type, sizeof type);
    gather(ch->txbuf + sizeof type, part);
    while (msgsnd(ch->msqid, ch->txbuf, ch->size, 0) == -1) {
        if (errno != EINTR)
            return bench_fail(ch, "msgsnd");
    }
    return 0;
}

static const void *sysv_receive(struct channel *ch, enum direction dir)
{
    long type = dir == TO_CONSUMER ? 1 : 2;
    ssize_t n;

    while ((n = msgrcv(ch->msqid, ch->rxbuf, ch->size, type, 0)) == -1) {
        if (errno != EINTR) {
            bench_fail(ch, "msgrcv");
            return NULL;
        }
    }
    if ((size_t)n != ch->size) {
        bench_failf(ch, "msgrcv: a message of %zd bytes, expected %zu", n, ch->size);
        return NULL;
    }
    return ch->rxbuf + sizeof(long);
}

static void sysv_close_end(struct channel *ch)
{
    free_buffers(ch);
}

static void sysv_destroy(struct channel *ch)
{
    if (ch->msqid != -1 && msgctl(ch->msqid, IPC_RMID, NULL) == 0)
        narrate(ch, "removed System V queue id %d", ch->msqid);
    ch->msqid = -1;
}

const struct mechanism mech_sysv_mq = {
    "sysv_mq", "one System V message queue, message type 1 there, 2 back", MECHANISM,
    sysv_max_size, sysv_create, sysv_open_end, nothing_to_do,
    sysv_send, sysv_receive, nothing_to_release, sysv_close_end, sysv_destroy,
    sysv_capacity, NULL
};

/* --- posix_mq: two POSIX queues, one per direction --------------------- */

static size_t posix_max_size(const char **why)
{
    *why = "POSIX queue messages are at most msgsize_max bytes";
    return read_limit("/proc/sys/fs/mqueue/msgsize_max", 8192);
}

/* The name is only how the two ends find the queue. Both children inherit
 * the open queues through fork(), so the name is removed at once: even a
 * kill -9 of the whole benchmark cannot leave a queue behind. */
static int posix_create(struct channel *ch)
{
    static const char *which[2] = { "to-consumer", "to-producer" };
    size_t maxmsg = read_limit("/proc/sys/fs/mqueue/msg_max", MQ_DEFAULT_MAXMSG);
    struct mq_attr attr = { 0 };
    char name[64];

    attr.mq_maxmsg = (long)(maxmsg < MQ_DEFAULT_MAXMSG ? maxmsg : MQ_DEFAULT_MAXMSG);
    attr.mq_msgsize = (long)ch->size;
    for (int i = 0; i < 2; i++) {
        snprintf(name, sizeof name, "/ipc-bench-%ld-%s", (long)getpid(), which[i]);
        ch->mq[i] = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
        if (ch->mq[i] == (mqd_t)-1) {
            if (errno == EMFILE || errno == ENOMEM)
                return bench_fail(ch, "mq_open (the per-user queue memory, ulimit -q, "
                                      "may be used up by other queues)");
            return bench_fail(ch, "mq_open");
        }
        mq_unlink(name);
        narrate(ch, "created POSIX queue %s (%ld messages of %ld bytes) and removed its name "
                    "at once: the children inherit the open queue", name,
                attr.mq_maxmsg, attr.mq_msgsize);
    }
    return 0;
}

static int posix_open_end(struct channel *ch)
{
    return alloc_buffers(ch, 0);
}

static int posix_send(struct channel *ch, enum direction dir, const struct iovec part[2])
{
    gather(ch->txbuf, part);
    while (mq_send(ch->mq[dir], (const char *)ch->txbuf, ch->size, 0) == -1) {
        if (errno != EINTR)
            return bench_fail(ch, "mq_send");
    }
    return 0;
}

static const void *posix_receive(struct channel *ch, enum direction dir)
{
    ssize_t n;

    while ((n = mq_receive(ch->mq[dir], (char *)ch->rxbuf, ch->size, NULL)) == -1) {
        if (errno != EINTR) {
            bench_fail(ch, "mq_receive");
            return NULL;
        }
    }
    if ((size_t)n != ch->size) {
        bench_failf(ch, "mq_receive: a message of %zd bytes, expected %zu", n, ch->size);
        return NULL;
    }
    return ch->rxbuf;
}

static void posix_close_end(struct channel *ch)
{
    for (int i = 0; i < 2; i++) {
        if (ch->mq[i] != (mqd_t)-1)
            mq_close(ch->mq[i]);
        ch->mq[i] = (mqd_t)-1;
    }
    free_buffers(ch);
}

const struct mechanism mech_posix_mq = {
    "posix_mq", "two POSIX message queues, one each way", MECHANISM,
    posix_max_size, posix_create, posix_open_end, posix_close_end,
    posix_send, posix_receive, nothing_to_release, posix_close_end, posix_close_end,
    posix_capacity, NULL
};
