/*
 * shm_consumer.c - the consumer of the bounded buffer: take items from a ring
 * of slots in POSIX shared memory, in order, as shm_producer puts them in.
 *
 * Three process-shared semaphores live in the mapping with the slots: `full`
 * counts items waiting, `empty` counts free slots, `mutex` lets one process
 * at a time touch the slots. The consumer waits on `full` (and says so when
 * the ring is empty), takes the item at its `out` index under `mutex`, then
 * posts `empty`. It prints `received: item K`, a checksum of all it got, and
 * removes the ring at the end: it owns it.
 *
 * Usage: shm_consumer [-n /NAME]
 *   -n /NAME  the ring's shared memory object (default /ipc-demo-UID-ring)
 *
 * Two terminals (either may start first: both create the ring if missing):
 *   terminal 1:  ./shm_consumer
 *   terminal 2:  ./shm_producer -s 2 -c 6
 *
 * See also: shm_producer.c (the other half), docs/shm.md,
 * semaphores/prodcons_threads.c (the same buffer between threads).
 * Try: start the producer first with -s 2 -c 5: it fills 2 slots and waits.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SLOTS_MAX 256           /* the array is fixed, so either side can create the ring */
#define ITEM_MAX 32             /* "item 4294967295" and its NUL fit */
#define MAGIC 0x72696e67u       /* "ring": stored last by the creator, once all is set */
#define WAIT_TRIES 500          /* 500 x 10 ms: how long we wait for the creator */

struct ring {                   /* the layout both programs agree on */
    atomic_uint ready;          /* MAGIC once the semaphores may be used */
    sem_t mutex;                /* 1 while nobody touches the slots */
    sem_t empty;                /* free slots: 0 until the producer opens SLOTS of them */
    sem_t full;                 /* items waiting for the consumer */
    unsigned slots, count;      /* set by the producer before its first item */
    char item[SLOTS_MAX][ITEM_MAX];
};

static const char *prog = "shm_consumer";
static char shm_name[256];
static struct ring *ring;
static volatile sig_atomic_t interrupted;

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-n /NAME]\n"
                 "  -n /NAME  the ring's shared memory object (default /ipc-demo-UID-ring):\n"
                 "            a slash, then up to 254 characters that are not slashes\n",
            prog);
    exit(status);
}

static void nap(int tries)
{
    struct timespec ten_ms = { 0, 10000000 };
    if (tries == WAIT_TRIES) {
        fprintf(stderr, "%s: %s exists but was never initialised (its creator died, or it "
                "is another program's); remove it: rm /dev/shm%s\n", prog, shm_name, shm_name);
        exit(1);
    }
    nanosleep(&ten_ms, NULL);
}

/* O_EXCL decides who creates: exactly one process wins, sizes the object,
 * initialises the semaphores and stores MAGIC last. The other waits (bounded)
 * for the size, since touching a mapping past the end is SIGBUS, and then for
 * MAGIC, since using a semaphore before sem_init is undefined. */
static struct ring *open_ring(int *created)
{
    struct ring *rg;
    struct stat st;
    int fd, tries = 0;

    do {                        /* ENOENT: removed between our two opens; again */
        fd = shm_open(shm_name, O_RDWR | O_CREAT | O_EXCL, 0600);
        *created = fd != -1;
        if (fd == -1 && errno == EEXIST)
            fd = shm_open(shm_name, O_RDWR, 0);
    } while (fd == -1 && errno == ENOENT && ++tries < 3);
    if (fd == -1)
        die(shm_name);
    if (*created && ftruncate(fd, sizeof *rg) == -1)
        die("ftruncate");
    for (tries = 0; fstat(fd, &st) == 0 && st.st_size < (off_t)sizeof *rg; tries++)
        nap(tries);
    if (st.st_uid != geteuid() || (st.st_mode & 077)) {
        fprintf(stderr, "%s: %s is another user's or open to others; refusing it\n",
                prog, shm_name);
        exit(1);
    }
    rg = mmap(NULL, sizeof *rg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (rg == MAP_FAILED)
        die("mmap");
    close(fd);                  /* the mapping stays valid without the descriptor */
    if (*created) {
        if (sem_init(&rg->mutex, 1, 1) == -1 || sem_init(&rg->empty, 1, 0) == -1
            || sem_init(&rg->full, 1, 0) == -1)
            die("sem_init");
        atomic_store_explicit(&rg->ready, MAGIC, memory_order_release);
    }
    for (tries = 0; atomic_load_explicit(&rg->ready, memory_order_acquire) != MAGIC; tries++)
        nap(tries);
    return rg;
}

/* 0 once the semaphore is taken; -1 if a signal asked us to stop. */
static int wait_sem(sem_t *sem)
{
    while (sem_wait(sem) == -1) {
        if (errno != EINTR)
            die("sem_wait");
        if (interrupted)
            return -1;
    }
    return 0;
}

/* Race-free: sem_post is async-signal-safe, so the handler wakes the main
 * loop's sem_wait itself; a signal landing just before the wait starts
 * still leaves the post behind, and the wait returns at once. */
static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
    sem_post(&ring->full);
}

int main(int argc, char *argv[])
{
    struct sigaction sa = { .sa_handler = on_signal };
    sigset_t stop_signals;
    char item[ITEM_MAX];
    uint32_t checksum = 2166136261u;    /* FNV-1a over every item's text, in order */
    unsigned got = 0, out = 0, slots = 0;
    int created, opt;
    size_t i;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    while ((opt = getopt(argc, argv, "n:h")) != -1) {
        switch (opt) {
        case 'n':
            if (optarg[0] != '/' || optarg[1] == '\0' || strchr(optarg + 1, '/')
                || strlen(optarg) >= sizeof shm_name)
                usage(stderr, 2);       /* the usage says what a name looks like */
            strcpy(shm_name, optarg);
            break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    if (optind != argc)
        usage(stderr, 2);
    if (shm_name[0] == '\0')
        snprintf(shm_name, sizeof shm_name, "/ipc-demo-%u-ring", (unsigned)getuid());
    /* Until the handler can reach the semaphores, a Ctrl-C waits (pending). */
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    sigprocmask(SIG_BLOCK, &stop_signals, NULL);

    /* Step 1: create (or open) the ring, map it, agree on the semaphores. */
    printf("opening shared memory %s (created with mode 0600 if missing)\n", shm_name);
    ring = open_ring(&created);
    printf(created ? "created the ring %s: no producer yet, so no slots are open\n"
                   : "%s exists (a producer made it); mapped it, its semaphores are set\n",
           shm_name);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigprocmask(SIG_UNBLOCK, &stop_signals, NULL);

    /* Step 2: take items until the producer's count: full, mutex, empty. */
    printf("ready: consuming from %s\n", shm_name);
    while (!interrupted && (got == 0 || got < ring->count)) {
        if (sem_trywait(&ring->full) == -1) {
            printf("ring empty: the consumer waits for the producer (sem_wait on full)\n");
            if (wait_sem(&ring->full) == -1)
                break;
        }
        if (interrupted || wait_sem(&ring->mutex) == -1)
            break;
        if (got == 0)                   /* read once: the other side could change it */
            slots = ring->slots;
        if (slots == 0 || slots > SLOTS_MAX) {
            fprintf(stderr, "%s: the ring says it has %u slots (1 to %d make sense); "
                    "removing it\n", prog, slots, SLOTS_MAX);
            shm_unlink(shm_name);
            exit(1);
        }
        memcpy(item, ring->item[out], ITEM_MAX);
        out = (out + 1) % slots;
        sem_post(&ring->mutex);
        sem_post(&ring->empty);                 /* one more free slot */
        item[ITEM_MAX - 1] = '\0';              /* never trust the other side's NUL */
        printf("received: %s\n", item);
        for (i = 0; item[i] != '\0'; i++)
            checksum = (checksum ^ (unsigned char)item[i]) * 16777619u;
        got++;
    }

    /* Step 3: report, remove the name and unmap. */
    sigprocmask(SIG_BLOCK, &stop_signals, NULL);    /* no handler on unmapped memory */
    if (interrupted)
        printf("interrupted: cleaning up after %u items\n", got);
    else
        printf("consumed: %u items, checksum %08x\n", got, (unsigned)checksum);
    if (shm_unlink(shm_name) == 0)
        printf("removed %s\n", shm_name);
    munmap(ring, sizeof *ring);
    return 0;
}
