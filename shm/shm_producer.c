/*
 * shm_producer.c - the producer of the bounded buffer: put COUNT items into a
 * ring of SLOTS slots in POSIX shared memory for shm_consumer.
 *
 * The producer opens SLOTS slots (it posts `empty` that many times), then for
 * each item waits on `empty` (and says so when the ring is full), writes the
 * item at its `in` index under `mutex`, and posts `full`. With 2 slots the
 * producer can be at most 2 items ahead of the consumer: that is the "bounded"
 * in bounded buffer. It prints a checksum of what it put, to compare with the
 * consumer's.
 *
 * Usage: shm_producer [-n /NAME] [-s SLOTS] [-c COUNT]
 *   -n /NAME   the ring's shared memory object (default /ipc-demo-UID-ring)
 *   -s SLOTS   slots in the ring, 1 to 256 (default 4)
 *   -c COUNT   items to produce, 1 to 1000000000 (default 10)
 *
 * Two terminals (either may start first: both create the ring if missing):
 *   terminal 1:  ./shm_consumer
 *   terminal 2:  ./shm_producer -s 2 -c 6
 *
 * See also: shm_consumer.c (the other half), docs/shm.md.
 * Try: start the producer alone with -s 2 -c 5: it fills the ring and waits.
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
#define ITEM_MAX 32             /* "item 1000000000" and its NUL fit */
#define COUNT_MAX 1000000000L
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

static const char *prog = "shm_producer";
static char shm_name[256];
static int shm_fd;              /* kept open to notice the consumer removing the name */
static volatile sig_atomic_t interrupted;

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-n /NAME] [-s SLOTS] [-c COUNT]\n"
                 "  -n /NAME  the ring's shared memory object (default /ipc-demo-UID-ring):\n"
                 "            a slash, then up to 254 characters that are not slashes\n"
                 "  -s SLOTS  slots in the ring, 1 to %d (default 4)\n"
                 "  -c COUNT  items to produce, 1 to %ld (default 10)\n",
            prog, SLOTS_MAX, COUNT_MAX);
    exit(status);
}

/* The consumer owns the ring: we leave it, and the items in it. Leaving
 * from the handler could strand a slot or leave `mutex` taken forever, so it
 * only sets a flag. That is race-free here because we never block but in
 * wait_for_slot, which gives up at once (EINTR) or, for a signal that came
 * just before the wait, within its 1 s timeout. */
static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

static unsigned number(const char *text, long max, char option)
{
    char *end;
    long value;

    errno = 0;
    value = strtol(text, &end, 10);
    if (errno || end == text || *end || value < 1 || value > max) {
        fprintf(stderr, "%s: -%c wants a number from 1 to %ld, not \"%s\"\n",
                prog, option, max, text);
        usage(stderr, 2);
    }
    return (unsigned)value;
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
    int tries = 0;

    do {                        /* ENOENT: removed between our two opens; again */
        shm_fd = shm_open(shm_name, O_RDWR | O_CREAT | O_EXCL, 0600);
        *created = shm_fd != -1;
        if (shm_fd == -1 && errno == EEXIST)
            shm_fd = shm_open(shm_name, O_RDWR, 0);
    } while (shm_fd == -1 && errno == ENOENT && ++tries < 3);
    if (shm_fd == -1)
        die(shm_name);
    if (*created && ftruncate(shm_fd, sizeof *rg) == -1)
        die("ftruncate");
    for (tries = 0; fstat(shm_fd, &st) == 0 && st.st_size < (off_t)sizeof *rg; tries++)
        nap(tries);
    if (st.st_uid != geteuid() || (st.st_mode & 077)) {
        fprintf(stderr, "%s: %s is another user's or open to others; refusing it\n",
                prog, shm_name);
        exit(1);
    }
    rg = mmap(NULL, sizeof *rg, PROT_READ | PROT_WRITE, MAP_SHARED, shm_fd, 0);
    if (rg == MAP_FAILED)
        die("mmap");
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

static void wait_sem(sem_t *sem)
{
    while (sem_wait(sem) == -1)
        if (errno != EINTR)
            die("sem_wait");
}

/* Wait for a free slot in steps of a second: a consumer that has ended
 * removed the name (the link count drops to 0) and will never free one.
 * Returns 0 with the slot, -1 if a signal asked us to stop. */
static int wait_for_slot(struct ring *rg)
{
    struct timespec deadline;
    struct stat st;

    if (sem_trywait(&rg->empty) == 0)
        return 0;
    printf("ring full: the producer waits for the consumer to free a slot "
           "(sem_wait on empty)\n");
    for (;;) {
        clock_gettime(CLOCK_REALTIME, &deadline);
        deadline.tv_sec += 1;
        if (sem_timedwait(&rg->empty, &deadline) == 0)
            return 0;
        if (errno != ETIMEDOUT && errno != EINTR)
            die("sem_timedwait");
        if (interrupted)
            return -1;
        if (fstat(shm_fd, &st) == 0 && st.st_nlink == 0) {
            fprintf(stderr, "%s: the consumer has gone and removed %s\n", prog, shm_name);
            exit(1);
        }
    }
}

int main(int argc, char *argv[])
{
    struct sigaction sa = { .sa_handler = on_signal };
    struct ring *rg;
    char item[ITEM_MAX];
    uint32_t checksum = 2166136261u;    /* FNV-1a over every item's text, in order */
    unsigned slots = 4, count = 10, k, in = 0;
    int created, opt;
    size_t i;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    while ((opt = getopt(argc, argv, "n:s:c:h")) != -1) {
        switch (opt) {
        case 'n':
            if (optarg[0] != '/' || optarg[1] == '\0' || strchr(optarg + 1, '/')
                || strlen(optarg) >= sizeof shm_name)
                usage(stderr, 2);       /* the usage says what a name looks like */
            strcpy(shm_name, optarg);
            break;
        case 's': slots = number(optarg, SLOTS_MAX, 's'); break;
        case 'c': count = number(optarg, COUNT_MAX, 'c'); break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    if (optind != argc)
        usage(stderr, 2);
    if (shm_name[0] == '\0')
        snprintf(shm_name, sizeof shm_name, "/ipc-demo-%u-ring", (unsigned)getuid());
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    /* Step 1: create (or open) the ring, map it, agree on the semaphores. */
    printf("opening shared memory %s (created with mode 0600 if missing)\n", shm_name);
    rg = open_ring(&created);
    printf(created ? "created the ring %s: no consumer yet\n"
                   : "%s exists (a consumer made it); mapped it, its semaphores are set\n",
           shm_name);

    /* Step 2: claim the ring, then open its slots: empty counts them. */
    wait_sem(&rg->mutex);
    if (rg->slots != 0) {
        sem_post(&rg->mutex);
        fprintf(stderr, "%s: another producer already uses %s (or left it behind: "
                "rm /dev/shm%s)\n", prog, shm_name, shm_name);
        exit(1);
    }
    rg->slots = slots;
    rg->count = count;
    sem_post(&rg->mutex);
    printf("opening %u slots for %u items (sem_post on empty, %u times)\n",
           slots, count, slots);
    for (k = 0; k < slots; k++)
        sem_post(&rg->empty);

    /* Step 3: put each item: empty, mutex, write, mutex, full. */
    for (k = 1; k <= count && !interrupted; k++) {
        snprintf(item, sizeof item, "item %u", k);
        if (wait_for_slot(rg) == -1)
            break;
        wait_sem(&rg->mutex);
        memcpy(rg->item[in], item, sizeof item);
        sem_post(&rg->mutex);
        sem_post(&rg->full);                    /* one more item for the consumer */
        printf("put: %s into slot %u\n", item, in);
        in = (in + 1) % slots;
        for (i = 0; item[i] != '\0'; i++)
            checksum = (checksum ^ (unsigned char)item[i]) * 16777619u;
    }

    /* Step 4: report, unmap and close; the consumer removes the ring. */
    if (interrupted)
        printf("interrupted after %u items: leaving the ring to the consumer, "
               "which removes it\n", k - 1);
    else
        printf("produced: %u items, checksum %08x\n", count, (unsigned)checksum);
    munmap(rg, sizeof *rg);
    close(shm_fd);
    return 0;
}
