/*
 * sysv_shm_reader.c - receive messages through a System V shared memory
 * segment, handed over by a System V semaphore set of two.
 *
 * shmget finds (or creates) a segment by its key and shmat maps it into our
 * address space; the writer's stores land here directly. Semaphore 0 ("empty")
 * is 1 while the slot is free, semaphore 1 ("full") is 1 while a message waits:
 * the reader never reads half a message or the same one twice. The reader
 * owns both objects and removes them when it ends (message `end`, Ctrl-C or
 * SIGTERM).
 *
 * Usage: sysv_shm_reader [-k KEY]
 *   -k KEY  System V key, 0x1234 or 4660 (default ftok("/tmp/ipc-demo-UID", 'M'))
 *
 * Two terminals (either may start first: both create what is missing):
 *   terminal 1:  ./sysv_shm_reader
 *   terminal 2:  ./sysv_shm_writer hello world end
 *
 * See also: sysv_shm_writer.c (the other half), posix_shm_reader.c,
 * docs/shm.md.
 * Try: `ipcs -m -s` while the reader waits: one segment, one set of 2.
 */
#define _GNU_SOURCE             /* semtimedop: Linux's timed semop, not in POSIX */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MSG_MAX 1024            /* the slot's size: our choice, the same in the writer */
#define SEM_EMPTY 0             /* 1 while the slot is free for a writer */
#define SEM_FULL 1              /* 1 while a message waits for the reader */
#define WAIT_TRIES 500          /* 500 x 10 ms: how long we wait for the creator */

struct mailbox {                /* the layout both programs agree on */
    size_t len;                 /* bytes in text; no terminating NUL is stored */
    char text[MSG_MAX];
};

union semun {                   /* the caller must define it (man 2 semctl) */
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

static const char *prog = "sysv_shm_reader";
static volatile sig_atomic_t interrupted;

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-k KEY]\n"
                 "  -k KEY  System V key, e.g. 0x1234 (default: ftok of /tmp/ipc-demo-UID)\n",
            prog);
    exit(status);
}

/* ftok needs an existing path; we use our private directory. Its result is
 * checked: an ignored -1 becomes a key shared with everyone else who erred. */
static key_t default_key(void)
{
    char dir[64];
    struct stat st;
    key_t key;

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
    if ((key = ftok(dir, 'M')) == -1)
        die("ftok");
    return key;
}

/* semget creates a set with undefined values and SETALL sets them later: in
 * between, another process could use them. The creator (IPC_EXCL decides)
 * therefore ends its set-up with a semop, and the others wait, bounded,
 * until sem_otime says some semop has happened (TLPI 47.5, UNP2 11.2). */
static int open_semaphores(key_t key, int *created)
{
    unsigned short zeros[2] = { 0, 0 };
    struct sembuf open_slot = { SEM_EMPTY, 1, 0 };
    struct timespec ten_ms = { 0, 10000000 };
    struct semid_ds ds;
    union semun arg;
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
    if (*created && (semctl(semid, 0, SETALL, arg) == -1 || semop(semid, &open_slot, 1) == -1))
        die("initialising the semaphores");
    arg.buf = &ds;
    for (tries = 0; semctl(semid, 0, IPC_STAT, arg) == 0 && ds.sem_otime == 0; tries++) {
        if (tries == WAIT_TRIES) {
            fprintf(stderr, "%s: the semaphore set of key 0x%08x was never initialised "
                    "(its creator died?); remove it: ipcrm -S 0x%08x\n",
                    prog, (unsigned)key, (unsigned)key);
            exit(1);
        }
        nanosleep(&ten_ms, NULL);
    }
    return semid;
}

/* Only sets a flag: semctl and shmctl are not async-signal-safe. Without
 * SA_RESTART the flag's signal makes semtimedop fail with EINTR at once;
 * one landing just before the call is seen when its 1 s timeout expires. */
static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

int main(int argc, char *argv[])
{
    struct sigaction sa = { .sa_handler = on_signal };
    struct sembuf take_full = { SEM_FULL, -1, 0 }, free_slot = { SEM_EMPTY, 1, 0 };
    struct timespec tick = { 1, 0 };
    struct mailbox *box;
    char text[MSG_MAX + 1], *end;
    size_t len;
    long value;
    key_t key = 0;
    int shmid, semid, created, opt, is_end = 0;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    while ((opt = getopt(argc, argv, "k:h")) != -1) {
        switch (opt) {
        case 'k':
            errno = 0;
            value = strtol(optarg, &end, 0);
            if (errno || end == optarg || *end || value <= 0 || value > INT_MAX) {
                fprintf(stderr, "%s: -k wants a key from 1 to 0x7fffffff, not \"%s\"\n",
                        prog, optarg);
                usage(stderr, 2);
            }
            key = (key_t)value;
            break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    if (optind != argc)
        usage(stderr, 2);
    if (key == 0)
        key = default_key();
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    /* Step 1: find or create the segment and attach it. */
    printf("getting the segment of key 0x%08x (created with mode 0600 if missing)\n",
           (unsigned)key);
    if ((shmid = shmget(key, sizeof *box, IPC_CREAT | 0600)) == -1)
        die("shmget (a smaller segment with this key? see ipcs -m)");
    if ((box = shmat(shmid, NULL, 0)) == (void *)-1)
        die("shmat");
    printf("attached segment %d (%zu bytes)\n", shmid, sizeof *box);

    /* Step 2: find or create the semaphore set, initialised exactly once. */
    semid = open_semaphores(key, &created);
    printf(created ? "created semaphore set %d: empty=1, full=0\n"
                   : "semaphore set %d exists (a writer made it) and is set\n", semid);

    /* Step 3: take each message: wait for full, copy it out, free the slot. */
    printf("ready: waiting for messages (semop on full blocks until a writer posts)\n");
    while (!is_end && !interrupted) {
        if (semtimedop(semid, &take_full, 1, &tick) == -1) {
            if (errno == EINTR || errno == EAGAIN)
                continue;       /* EAGAIN: the timeout; look at the flag again */
            die("semop");
        }
        len = box->len;
        if (len > MSG_MAX) {
            fprintf(stderr, "%s: corrupt message length %zu (the slot holds %d)\n",
                    prog, len, MSG_MAX);
            break;
        }
        memcpy(text, box->text, len);
        text[len] = '\0';
        is_end = strcmp(text, "end") == 0;
        if (!is_end && semop(semid, &free_slot, 1) == -1)
            die("semop");       /* after `end` the slot stays closed: we are leaving */
        printf("received: %s\n", text);
    }

    /* Step 4: remove the set (a waiting writer gets EIDRM) and the segment
     * (it goes once the last process detaches). */
    if (interrupted)
        printf("interrupted: cleaning up\n");
    if (semctl(semid, 0, IPC_RMID) == 0)
        printf("removed semaphore set %d\n", semid);
    shmdt(box);
    if (shmctl(shmid, IPC_RMID, NULL) == 0)
        printf("removed segment %d\n", shmid);
    return is_end || interrupted ? 0 : 1;
}
