/*
 * ring.h - what shm_producer and shm_consumer agree on: the bounded buffer,
 * a ring of slots in a POSIX shared memory object with the three
 * process-shared semaphores that guard it, and how either side sets them
 * up, once (opening the object safely is posix_shm_open.h's). Included by
 * those two programs only.
 */
#ifndef RING_H
#define RING_H
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <time.h>
#include "posix_shm_open.h"

#define SLOTS_MAX 256           /* the array is fixed, so either side can create it */
#define ITEM_MAX 32             /* "item 1000000000" and its NUL fit */
#define MAGIC 0x72696e67u       /* "ring": stored last by the creator, once all is set */

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

/* Either side may come first: whoever creates the object initialises the
 * semaphores and stores MAGIC last; the other waits for MAGIC. */
static struct ring *open_ring(const char *name, int *fd, int *created)
{
    struct ring *ring = map_shm_object(name, sizeof *ring, fd, created);

    if (*created) {
        if (sem_init(&ring->mutex, 1, 1) == -1 || sem_init(&ring->empty, 1, 0) == -1
            || sem_init(&ring->full, 1, 0) == -1)
            give_up("sem_init", name, *created);
        atomic_store_explicit(&ring->ready, MAGIC, memory_order_release);
    }
    wait_until_ready(&ring->ready, MAGIC, name);
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
