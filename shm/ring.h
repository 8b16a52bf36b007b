/*
 * ring.h - what shm_producer and shm_consumer agree on: the bounded buffer,
 * a ring of slots in a POSIX shared memory object with the three
 * process-shared semaphores that guard it, and how either side creates or
 * opens it, once. Included by those two programs only.
 */
#ifndef RING_H
#define RING_H
#include <fcntl.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <time.h>

#define SLOTS_MAX 256           /* the array is fixed, so either side can create it */
#define ITEM_MAX 32             /* "item 1000000000" and its NUL fit */
#define MAGIC 0x72696e67u       /* "ring": stored last by the creator, once all is set */
#define WAIT_TRIES 500          /* 500 x 10 ms: how long we wait for the creator */

struct ring {
    atomic_uint ready;          /* MAGIC once the semaphores may be used */
    sem_t mutex;                /* 1 while nobody touches the slots */
    sem_t empty;                /* free slots: 0 until the producer opens SLOTS */
    sem_t full;                 /* items waiting for the consumer */
    unsigned slots;             /* set by the producer before its first item */
    atomic_uint count;          /* items to come; fewer if the producer stopped */
    atomic_int stopped;         /* 1: the producer stopped early; count is final */
    char item[SLOTS_MAX][ITEM_MAX];
};

/* sem_post fails only on a broken semaphore (EINVAL) or an overflow. */
static void post(sem_t *sem)
{
    if (sem_post(sem) == -1)
        die("sem_post");
}

/* A failed set-up: the creator removes the half-made object, then dies. */
static void give_up(const char *what, const char *name, int created)
{
    int saved = errno;
    if (created)
        shm_unlink(name);
    errno = saved;
    die(what);
}

static void wait_for_creator(int tries, const char *name)
{
    struct timespec ten_ms = { 0, 10000000 };
    if (tries == WAIT_TRIES)
        fail("%s: never initialised (its creator died?); rm /dev/shm%s",
             name, name);
    nanosleep(&ten_ms, NULL);
}

/* O_EXCL decides who creates: exactly one process wins, sizes the object,
 * initialises the semaphores and stores MAGIC last. The other waits (bounded)
 * for the size, since touching a mapping past the end is SIGBUS, and then for
 * MAGIC, since using a semaphore before sem_init is undefined. */
static struct ring *open_ring(const char *name, int *fd, int *created)
{
    struct ring *ring;
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
    if (*created && ftruncate(*fd, sizeof *ring) == -1)
        give_up("ftruncate", name, *created);
    for (tries = 0; ; tries++) {
        if (fstat(*fd, &st) == -1)
            give_up("fstat", name, *created);
        if (st.st_size >= (off_t)sizeof *ring)
            break;
        wait_for_creator(tries, name);
    }
    refuse_foreign(st.st_uid, st.st_mode, name);
    ring = mmap(NULL, sizeof *ring, PROT_READ | PROT_WRITE, MAP_SHARED, *fd, 0);
    if (ring == MAP_FAILED)
        give_up("mmap", name, *created);
    if (*created) {
        if (sem_init(&ring->mutex, 1, 1) == -1 || sem_init(&ring->empty, 1, 0) == -1
            || sem_init(&ring->full, 1, 0) == -1)
            give_up("sem_init", name, *created);
        atomic_store_explicit(&ring->ready, MAGIC, memory_order_release);
    }
    for (tries = 0; atomic_load_explicit(&ring->ready, memory_order_acquire) != MAGIC; tries++)
        wait_for_creator(tries, name);
    return ring;
}

/* sem_wait in steps of a second, so that a process killed while it held
 * SEM (kill -9 undoes nothing) cannot keep us from seeing *STOP, set by our
 * signal handler. With FD (not -1), the object's link count is checked too:
 * 0 means the other side removed it and will never post. Returns 0 with SEM
 * taken, -1 once *STOP is set, -2 when the object was removed. */
static int wait_or_stop(sem_t *sem, volatile sig_atomic_t *stop, int fd)
{
    struct timespec deadline;
    struct stat st;

    while (!*stop) {
        if (clock_gettime(CLOCK_REALTIME, &deadline) == -1)
            die("clock_gettime");
        deadline.tv_sec += 1;
        if (sem_timedwait(sem, &deadline) == 0)
            return 0;
        if (errno != ETIMEDOUT && errno != EINTR)
            die("sem_timedwait");
        if (fd != -1 && fstat(fd, &st) == -1)
            die("fstat");
        if (fd != -1 && st.st_nlink == 0)
            return -2;
    }
    return -1;
}
#endif
