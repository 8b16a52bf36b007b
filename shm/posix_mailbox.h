/*
 * posix_mailbox.h - what posix_shm_writer and posix_shm_reader agree on: the
 * one-message slot in a POSIX shared memory object, the two process-shared
 * semaphores inside it, and how either side sets them up, once (opening the
 * object safely is posix_shm_open.h's). Included by those two programs only.
 */
#ifndef POSIX_MAILBOX_H
#define POSIX_MAILBOX_H
#include <semaphore.h>
#include <stdatomic.h>
#include "posix_shm_open.h"

#define MSG_MAX 1024            /* the slot's size: our choice */
#define MAGIC 0x73686d31u       /* "shm1": stored last by the creator, once all is set */

struct mailbox {
    atomic_uint ready;          /* MAGIC once the semaphores may be used */
    atomic_int reader_came;     /* 0 new; 1 a reader uses it; -1 abandoned */
    sem_t empty;                /* 1 while the slot is free for a writer */
    sem_t full;                 /* 1 while a message waits for the reader */
    size_t len;                 /* bytes in text; no terminating NUL is stored */
    char text[MSG_MAX];
};

/* Either side may come first: whoever creates the object initialises the
 * semaphores and stores MAGIC last; the other waits for MAGIC. */
static struct mailbox *open_mailbox(const char *name, int *fd, int *created)
{
    struct mailbox *box = map_shm_object(name, sizeof *box, fd, created);

    if (*created) {
        if (sem_init(&box->empty, 1, 1) == -1 || sem_init(&box->full, 1, 0) == -1)
            give_up("sem_init", name, *created);
        atomic_store_explicit(&box->ready, MAGIC, memory_order_release);
    }
    wait_until_ready(&box->ready, MAGIC, name);
    return box;
}
#endif
