/*
 * posix_shm_open.h - how both POSIX shared-memory pairs create or open their
 * object, written once: posix_mailbox.h and ring.h include it, and each adds
 * only its own layout and semaphores. Either half of a pair may start first,
 * so both run the same steps, and a name in /dev/shm is not to be trusted:
 * it refuses an object that is not ours alone (another user's, or open to
 * others: a squatter who made the name first), and never touches one
 * before it has the full size (SIGBUS) or its creator's ready mark.
 * Needs ipc_demo.h first (die, fail, refuse_foreign).
 */
#ifndef POSIX_SHM_OPEN_H
#define POSIX_SHM_OPEN_H
#include <fcntl.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <time.h>

#define WAIT_TRIES 500          /* 500 x 10 ms: how long we wait for the creator */

/* sem_post fails only on a broken semaphore (EINVAL) or an overflow. */
static inline void post(sem_t *sem)
{
    if (sem_post(sem) == -1)
        die("sem_post");
}

/* A failed set-up: the creator removes the half-made object, then dies. */
static inline void give_up(const char *what, const char *name, int created)
{
    int saved = errno;
    if (created)
        shm_unlink(name);
    errno = saved;
    die(what);
}

static inline void wait_for_creator(int tries, const char *name)
{
    struct timespec ten_ms = { 0, 10000000 };
    if (tries == WAIT_TRIES)
        fail("%s: never initialised (its creator died?); rm /dev/shm%s",
             name, name);
    nanosleep(&ten_ms, NULL);
}

/* O_EXCL decides who creates: exactly one process wins and sizes the object
 * (mode 0600); *CREATED says whether it was us, so that we go on to set it
 * up. The other waits (bounded) for the size, since touching a mapping past
 * the end is SIGBUS. Returns SIZE bytes of it, mapped shared. */
static inline void *map_shm_object(const char *name, size_t size, int *fd, int *created)
{
    void *mem;
    struct stat st;
    int tries = 0;

    do {                        /* ENOENT: removed between our two opens; again */
        *fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
        *created = *fd != -1;
        if (*fd == -1 && errno == EEXIST)
            *fd = shm_open(name, O_RDWR, 0);
    } while (*fd == -1 && errno == ENOENT && ++tries < 3);
    if (*fd == -1)
        die(name);
    if (*created && ftruncate(*fd, size) == -1)
        give_up("ftruncate", name, *created);
    for (tries = 0; ; tries++) {
        if (fstat(*fd, &st) == -1)
            give_up("fstat", name, *created);
        refuse_foreign(st.st_uid, st.st_mode, name);    /* at once, not after a wait */
        if (st.st_size >= (off_t)size)
            break;
        wait_for_creator(tries, name);
    }
    mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, *fd, 0);
    if (mem == MAP_FAILED)
        give_up("mmap", name, *created);
    return mem;
}

/* The creator stores MAGIC in *READY last, once its semaphores are set; the
 * other side waits (bounded) for it, since using a semaphore before
 * sem_init is undefined. */
static inline void wait_until_ready(atomic_uint *ready, unsigned magic, const char *name)
{
    for (int tries = 0; atomic_load_explicit(ready, memory_order_acquire) != magic; tries++)
        wait_for_creator(tries, name);
}
#endif
