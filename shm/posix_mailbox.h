/*
 * posix_mailbox.h - what posix_shm_writer and posix_shm_reader agree on: the
 * one-message slot in a POSIX shared memory object, the two process-shared
 * semaphores inside it, and how either side creates or opens it, once.
 * Included by those two programs only.
 */
#ifndef POSIX_MAILBOX_H
#define POSIX_MAILBOX_H
#include <fcntl.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <time.h>

#define MSG_MAX 1024            /* the slot's size: our choice */
#define MAGIC 0x73686d31u       /* "shm1": stored last by the creator, once all is set */
#define WAIT_TRIES 500          /* 500 x 10 ms: how long we wait for the creator */

struct mailbox {
    atomic_uint ready;          /* MAGIC once the semaphores may be used */
    atomic_int reader_came;     /* 0 new; 1 a reader uses it; -1 abandoned */
    sem_t empty;                /* 1 while the slot is free for a writer */
    sem_t full;                 /* 1 while a message waits for the reader */
    size_t len;                 /* bytes in text; no terminating NUL is stored */
    char text[MSG_MAX];
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
static struct mailbox *open_mailbox(const char *name, int *fd, int *created)
{
    struct mailbox *box;
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
    if (*created && ftruncate(*fd, sizeof *box) == -1)
        give_up("ftruncate", name, *created);
    for (tries = 0; ; tries++) {
        if (fstat(*fd, &st) == -1)
            give_up("fstat", name, *created);
        if (st.st_size >= (off_t)sizeof *box)
            break;
        wait_for_creator(tries, name);
    }
    refuse_foreign(st.st_uid, st.st_mode, name);
    box = mmap(NULL, sizeof *box, PROT_READ | PROT_WRITE, MAP_SHARED, *fd, 0);
    if (box == MAP_FAILED)
        give_up("mmap", name, *created);
    if (*created) {
        if (sem_init(&box->empty, 1, 1) == -1 || sem_init(&box->full, 1, 0) == -1)
            give_up("sem_init", name, *created);
        atomic_store_explicit(&box->ready, MAGIC, memory_order_release);
    }
    for (tries = 0; atomic_load_explicit(&box->ready, memory_order_acquire) != MAGIC; tries++)
        wait_for_creator(tries, name);
    return box;
}
#endif
