/*
 * sysv_mailbox.h - what sysv_shm_writer and sysv_shm_reader agree on: the
 * one-message slot in the System V segment, the set of two semaphores that
 * hands it over, and how either side finds or creates both, once.
 * Included by those two programs only.
 */
#ifndef SYSV_MAILBOX_H
#define SYSV_MAILBOX_H
#include <stdatomic.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <time.h>

#define MSG_MAX 1024            /* the slot's size: our choice */
#define SEM_EMPTY 0             /* 1 while the slot is free for a writer */
#define SEM_FULL 1              /* 1 while a message waits for the reader */
#define WAIT_TRIES 500          /* 500 x 10 ms: how long we wait for the creator */

struct mailbox {
    size_t len;                 /* bytes in text; no terminating NUL is stored */
    char text[MSG_MAX];
    atomic_int reader_came;     /* 0 new; 1 a reader uses it; -1 abandoned */
};

union semun {                   /* the caller must define it (man 2 semctl) */
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

/* A segment this run created is removed if the set-up fails after it (a
 * failed shmat or semget exits through die): nothing half-made is left.
 * Each program sets it back to -1 once both objects are ready. */
static int created_shmid = -1;
static void remove_created_segment(void)
{
    if (created_shmid != -1)
        shmctl(created_shmid, IPC_RMID, NULL);
}

/* The segment of KEY, created 0600 if missing, attached. One we did not
 * create is trusted only if its owner and creator are us and its mode
 * 0600: another user may have made it first, to read what we send. */
static struct mailbox *attach_mailbox(key_t key, int *shmid, int *created)
{
    struct shmid_ds ds;
    struct mailbox *box;
    char what[48];
    int tries = 0, semid = semget(key, 0, 0);
    struct semid_ds set_ds;
    union semun arg = { .buf = &set_ds };

    if (semid != -1 && semctl(semid, 0, IPC_STAT, arg) == 0) {
        /* a foreign set: refused before we create a segment to leave behind */
        snprintf(what, sizeof what, "semaphore set 0x%08x", (unsigned)key);
        refuse_foreign(set_ds.sem_perm.cuid != geteuid() ? set_ds.sem_perm.cuid
                                                         : set_ds.sem_perm.uid,
                       set_ds.sem_perm.mode, what);
    }
    do {                        /* ENOENT: removed between our two calls; again */
        *shmid = shmget(key, sizeof *box, IPC_CREAT | IPC_EXCL | 0600);
        *created = *shmid != -1;
        if (*shmid == -1 && errno == EEXIST)
            *shmid = shmget(key, sizeof *box, 0600);
    } while (*shmid == -1 && errno == ENOENT && ++tries < 3);
    if (*shmid == -1)
        die("shmget (a smaller segment with this key? see ipcs -m)");
    if (*created) {
        created_shmid = *shmid;
        if (atexit(remove_created_segment) != 0)
            fail("atexit failed");
    }
    if (shmctl(*shmid, IPC_STAT, &ds) == -1)
        die("shmctl IPC_STAT");
    snprintf(what, sizeof what, "segment 0x%08x", (unsigned)key);
    refuse_foreign(ds.shm_perm.cuid != geteuid() ? ds.shm_perm.cuid : ds.shm_perm.uid,
                   ds.shm_perm.mode, what);
    if ((box = shmat(*shmid, NULL, 0)) == (void *)-1)
        die("shmat");
    return box;
}

/* semget creates a set with undefined values and SETALL sets them later: in
 * between, another process could use them. So the creator (IPC_EXCL
 * decides) ends its set-up with a semop, and the others wait, bounded,
 * until sem_otime says that some semop has happened. */
static int open_semaphores(key_t key, int *created)
{
    unsigned short zeros[2] = { 0, 0 };
    struct sembuf open_slot = { SEM_EMPTY, 1, 0 };
    struct timespec ten_ms = { 0, 10000000 };
    struct semid_ds ds;
    union semun arg;
    char what[48];
    int semid, tries = 0;

    do {                        /* ENOENT: removed between our two calls; again */
        semid = semget(key, 2, IPC_CREAT | IPC_EXCL | 0600);
        *created = semid != -1;
        if (semid == -1 && errno == EEXIST)
            semid = semget(key, 2, 0600);
    } while (semid == -1 && errno == ENOENT && ++tries < 3);
    if (semid == -1)
        die("semget");
    arg.array = zeros;
    if (*created && semctl(semid, 0, SETALL, arg) == -1)
        die("initialising the semaphores");
    while (*created && semop(semid, &open_slot, 1) == -1)
        if (errno != EINTR)     /* a signal: try again */
            die("initialising the semaphores");
    arg.buf = &ds;
    if (semctl(semid, 0, IPC_STAT, arg) == -1)
        die("semctl IPC_STAT");
    snprintf(what, sizeof what, "semaphore set 0x%08x", (unsigned)key);
    refuse_foreign(ds.sem_perm.cuid != geteuid() ? ds.sem_perm.cuid : ds.sem_perm.uid,
                   ds.sem_perm.mode, what);
    for (tries = 0; ds.sem_otime == 0; tries++) {
        if (tries == WAIT_TRIES)
            fail("%s: never initialised (its creator died?); ipcrm -S 0x%08x",
                 what, (unsigned)key);
        nanosleep(&ten_ms, NULL);
        if (semctl(semid, 0, IPC_STAT, arg) == -1)
            die("semctl IPC_STAT");
    }
    return semid;
}
#endif
