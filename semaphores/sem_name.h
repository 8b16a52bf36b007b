/*
 * sem_name.h - the named semaphore that sem_named_wait and sem_named_post
 * share: the rule for its name, and the check that the semaphore found
 * under that name is ours alone and really a semaphore. Included by those
 * two programs only, after ipc_demo.h.
 *
 * Linux (glibc and musl) keeps the semaphore /NAME as the file
 * /dev/shm/sem.NAME: 32 bytes holding one sem_t, mapped by every process
 * that opens it. Anyone may create a file in /dev/shm, so a file found
 * there may be another user's trap: mode 0666, to post us or read our
 * count; or an empty file, which sem_open maps without complaint and the
 * first sem_wait then touches past its end (SIGBUS, the program dies).
 */
#include <fcntl.h>
#include <limits.h>
#include <semaphore.h>

#define SEM_NAME_MAX (NAME_MAX - 4)     /* "sem." takes 4 of the file name */

/* -n /NAME: one leading slash, no other, 1..SEM_NAME_MAX characters after
 * it. DST holds SEM_NAME_MAX + 2 bytes. */
static inline void set_sem_name(char *dst, const char *name)
{
    size_t len = strlen(name);

    if (name[0] != '/' || len < 2 || len > SEM_NAME_MAX + 1 || strchr(name + 1, '/')) {
        fprintf(stderr, "%s: a semaphore name is /NAME: one leading slash, no other,\n"
                "at most %d characters after it; '%s' is not\n",
                prog, SEM_NAME_MAX, name);
        usage(2);
    }
    memcpy(dst, name, len + 1);
}

/* sem_open(NAME, 0) of a semaphore someone else created, trusted only if
 * its file is ours, open to nobody else, and a whole sem_t. The file is
 * held open (so it cannot be swapped unnoticed) until sem_open has mapped
 * the same one. SEM_FAILED with errno ENOENT: there is none. */
static inline sem_t *open_existing_sem(const char *name)
{
    char path[SEM_NAME_MAX + 16];
    struct stat held, now;

    snprintf(path, sizeof path, "/dev/shm/sem.%s", name + 1);
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd == -1 && errno == ENOENT)
        return SEM_FAILED;
    if (fd == -1 && errno == ELOOP)
        fail("%s is a symbolic link, not a semaphore; refusing it", path);
    if (fd == -1 || fstat(fd, &held) == -1)
        die(path);
    refuse_foreign(held.st_uid, held.st_mode, path);
    if (!S_ISREG(held.st_mode) || held.st_size != (off_t)sizeof(sem_t))
        fail("%s is not a semaphore\n(%lld bytes, where a sem_t takes %zu): "
             "refusing it; rm it if you know where it came from",
             path, (long long)held.st_size, sizeof(sem_t));
    sem_t *sem = sem_open(name, 0);
    if (sem != SEM_FAILED && (stat(path, &now) == -1 ||
                              now.st_ino != held.st_ino || now.st_dev != held.st_dev))
        fail("%s was replaced while we opened it; refusing it", path);
    if (close(fd) == -1)
        die("close");
    return sem;
}
