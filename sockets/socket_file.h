/*
 * socket_file.h - the life of a Unix-domain socket file, for the two
 * programs that own one: unix_server and unix_fd_recv.
 *
 * A socket file outlives a server that is killed, and bind() fails on it
 * (EADDRINUSE), so a server removes a stale one first. Two servers started
 * at the same moment must not both decide "nobody is there": between one's
 * bind() and its listen() a connect() is refused just as for a stale file,
 * so the other would remove a live socket. An exclusive flock() on PATH.lock,
 * held until exit, makes exactly one the owner, and asking costs the running
 * one nothing (a probe connection would be accepted as a client).
 */
#ifndef SOCKET_FILE_H
#define SOCKET_FILE_H
#include <fcntl.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/un.h>

static struct sockaddr_un sock_addr = { .sun_family = AF_UNIX };
static char lock_path[sizeof sock_addr.sun_path + 8];
static volatile sig_atomic_t socket_made, lock_made;  /* ours: remove at exit */
static int lock_fd = -1;                /* open, and locked, until we end */

/* At exit and from a signal handler: unlink and write are async-signal-safe.
 * The lock file goes while we still hold the lock (see own_socket_path). */
static void remove_socket_file(void)
{
    if (socket_made && unlink(sock_addr.sun_path) == 0)
        say("removed the socket file\n");
    if (lock_made)
        unlink(lock_path);
    if (lock_fd != -1)
        close(lock_fd);                 /* and with it the lock */
    socket_made = lock_made = 0;
    lock_fd = -1;
}

/* Become the one owner of sock_addr.sun_path, or exit 1 naming WHO holds it.
 * Then remove a stale socket file, but only a socket that nobody listens on. */
static void own_socket_path(const char *who)
{
    struct stat held, named;
    int probe;

    snprintf(lock_path, sizeof lock_path, "%s.lock", sock_addr.sun_path);
    for (;;) {
        lock_fd = open(lock_path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (lock_fd == -1)
            die(lock_path);
        if (flock(lock_fd, LOCK_EX | LOCK_NB) == -1) {
            if (errno != EWOULDBLOCK)
                die(lock_path);
            fail("another %s is already listening on\n  %s\n%s: hint: stop it, "
                 "or pass another -n to both ends", who, sock_addr.sun_path, prog);
        }
        /* The owner before us removes the lock file as it ends: a lock on
         * the file it removed says nothing. Try again on the new one. */
        if (fstat(lock_fd, &held) == -1)
            die(lock_path);
        if (stat(lock_path, &named) == 0 && named.st_ino == held.st_ino
            && named.st_dev == held.st_dev)
            break;
        close(lock_fd);
    }
    lock_made = 1;                      /* lock_fd stays open: the lock with it */
    if (lstat(sock_addr.sun_path, &named) == -1)
        return;                         /* nothing there: fine */
    if (!S_ISSOCK(named.st_mode))
        fail("%s exists and is not a socket; leaving it alone", sock_addr.sun_path);
    if ((probe = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
        die("socket");
    if (connect(probe, (struct sockaddr *)&sock_addr, sizeof sock_addr) == 0)
        fail("another program listens on %s; leaving it alone", sock_addr.sun_path);
    if (errno != ECONNREFUSED)
        die(sock_addr.sun_path);        /* not ours to judge (EACCES?): leave it */
    close(probe);
    if (unlink(sock_addr.sun_path) == -1)
        die(sock_addr.sun_path);
    printf("removed a stale socket file at %s (its server is gone)\n", sock_addr.sun_path);
}

/* bind() creates the socket file, mode 0777 less the umask; 0177 leaves 0600:
 * only we may connect (connecting needs write permission). */
static void bind_socket_file(int fd)
{
    mode_t old_umask = umask(0177);

    if (bind(fd, (struct sockaddr *)&sock_addr, sizeof sock_addr) == -1)
        die(sock_addr.sun_path);
    umask(old_umask);
    socket_made = 1;
}
#endif
