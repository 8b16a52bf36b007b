/*
 * shm_ring.c - shm_block, shm_spin and bare_ring for ipc_bench: a bounded buffer (a
 * ring of message slots) in POSIX shared memory, one ring each way.
 *
 * The producer writes each message straight into a slot and the consumer
 * checks it where it lies: one copy where a pipe makes two, and no system
 * call per message while both sides are busy. What is left is the handshake, "slot K is full" and "slot K is free again", and
 * it comes in two kinds:
 *   shm_block  two process-shared semaphores per ring, the textbook bounded
 *              buffer: a side with nothing to do sleeps in sem_wait and the
 *              other side's sem_post wakes it (a futex: a system call only
 *              when someone sleeps);
 *   shm_spin   two counters in shared memory (head: published, tail: freed)
 *              with C11 acquire/release atomics: a waiting side polls the
 *              other's counter, and after a while yields the CPU, so it also
 *              works when both ends share one CPU (--cpus same).
 *
 * See also: bench.h, transports.c, shm/shm_producer.c (the same bounded
 * buffer as a demo), docs/shm.md, docs/benchmark.md.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <semaphore.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench.h"

#define CACHE_LINE      64            /* x86 and most ARM cores */
#define RING_BYTES      (256 * 1024)  /* slots per ring: about this much data */
#define RING_MAX_SLOTS  1024
#define SPIN_POLLS      100           /* polls (a few microseconds) before yielding */

/* head and tail sit on cache lines of their own: each is written by one
 * side only, and sharing a line would make every write of one side steal
 * the line from the other ("false sharing"). */
struct ring {
    alignas(CACHE_LINE) atomic_ulong head;     /* messages published by the sender */
    alignas(CACHE_LINE) atomic_ulong tail;     /* messages freed by the receiver */
    alignas(CACHE_LINE) sem_t filled;          /* shm_block: slots holding a message */
    alignas(CACHE_LINE) sem_t empty;           /* shm_block: slots free to fill */
    size_t nslots, slot_size;
    alignas(CACHE_LINE) unsigned char slots[];
};

#if ATOMIC_LONG_LOCK_FREE != 2
#error "the ring needs lock-free atomics: a lock inside an atomic would not work across processes"
#endif

void ring_geometry(size_t size, size_t *nslots, size_t *slot_size)
{
    *slot_size = (size + CACHE_LINE - 1) / CACHE_LINE * CACHE_LINE;
    *nslots = RING_BYTES / *slot_size;
    if (*nslots < 2)
        *nslots = 2;
    if (*nslots > RING_MAX_SLOTS)
        *nslots = RING_MAX_SLOTS;
}

static unsigned char *slot(struct ring *r, unsigned long index)
{
    return r->slots + (index % r->nslots) * r->slot_size;
}

/* A spinning wait: poll, telling the CPU we are spinning (pause on x86
 * lets a hyperthread sibling run), and after SPIN_POLLS polls give the CPU
 * away on each turn, in case the side we wait for needs it. */
static void wait_a_little(unsigned *polls)
{
    if (++*polls < SPIN_POLLS) {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
        return;
    }
    sched_yield();
}

static int create(struct channel *ch, int spin)
{
    size_t nslots, slot_size, one_ring;
    int fd;

    ring_geometry(ch->size, &nslots, &slot_size);
    one_ring = sizeof(struct ring) + nslots * slot_size;
    ch->map_size = 2 * one_ring;
    ch->spin = spin;
    snprintf(ch->shm_name, sizeof ch->shm_name, "/ipc-bench-%ld", (long)getpid());
    fd = shm_open(ch->shm_name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd == -1) {
        ch->shm_name[0] = '\0';
        return bench_fail(ch, "shm_open");
    }
    if (ftruncate(fd, (off_t)ch->map_size) == -1) {
        close(fd);
        return bench_fail(ch, "ftruncate");
    }
    ch->map = mmap(NULL, ch->map_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (ch->map == MAP_FAILED) {
        ch->map = NULL;
        return bench_fail(ch, "mmap");
    }
    /* Mapped, so the name has done its job: both children inherit the
     * mapping through fork(), and nothing can be left in /dev/shm. */
    shm_unlink(ch->shm_name);
    narrate(ch, "created shared memory %s (2 rings of %zu slots of %zu bytes), mapped it "
                "and removed its name at once", ch->shm_name, nslots, slot_size);
    ch->shm_name[0] = '\0';

    for (int i = 0; i < 2; i++) {
        struct ring *r = (struct ring *)((unsigned char *)ch->map + i * one_ring);
        atomic_init(&r->head, 0);
        atomic_init(&r->tail, 0);
        r->nslots = nslots;
        r->slot_size = slot_size;
        /* pshared = 1: the semaphores live in shared memory and work
         * between processes, not just between threads. */
        if (sem_init(&r->filled, 1, 0) == -1 || sem_init(&r->empty, 1, (unsigned)nslots) == -1)
            return bench_fail(ch, "sem_init");
        ch->ring[i] = r;
    }
    return 0;
}

static int block_create(struct channel *ch) { return create(ch, 0); }
static int spin_create(struct channel *ch) { return create(ch, 1); }

static int sem_wait_retrying(struct channel *ch, sem_t *sem)
{
    while (sem_wait(sem) == -1) {
        if (errno != EINTR)
            return bench_fail(ch, "sem_wait");
    }
    return 0;
}

/* Sender: wait for a free slot, write the message straight into it, and
 * publish it. With spinning, the release store orders the message's bytes
 * before the new head: a receiver that sees the head sees all the bytes. */
static int ring_send(struct channel *ch, enum direction dir, const struct iovec part[2])
{
    struct ring *r = ch->ring[dir];
    unsigned long next = ch->ring_next[dir];
    unsigned polls = 0;

    if (!ch->spin) {
        if (sem_wait_retrying(ch, &r->empty) == -1)
            return -1;
        gather(slot(r, next), part);
        ch->ring_next[dir] = next + 1;
        return sem_post(&r->filled) == 0 ? 0 : bench_fail(ch, "sem_post");
    }
    /* Full while the receiver has freed fewer than next - nslots slots.
     * The tail seen last time is cached: reading the receiver's cache line
     * for every message would pull it across CPUs for nothing. */
    while (next - ch->ring_seen[dir] >= r->nslots) {
        ch->ring_seen[dir] = atomic_load_explicit(&r->tail, memory_order_acquire);
        if (next - ch->ring_seen[dir] >= r->nslots)
            wait_a_little(&polls);
    }
    gather(slot(r, next), part);
    ch->ring_next[dir] = next + 1;
    atomic_store_explicit(&r->head, next + 1, memory_order_release);
    return 0;
}

/* Receiver: wait until the next slot is published, and hand it out. */
static const void *ring_receive(struct channel *ch, enum direction dir)
{
    struct ring *r = ch->ring[dir];
    unsigned long next = ch->ring_next[dir];
    unsigned polls = 0;

    if (!ch->spin)
        return sem_wait_retrying(ch, &r->filled) == 0 ? slot(r, next) : NULL;
    while (ch->ring_seen[dir] == next) {
        ch->ring_seen[dir] = atomic_load_explicit(&r->head, memory_order_acquire);
        if (ch->ring_seen[dir] == next)
            wait_a_little(&polls);
    }
    return slot(r, next);
}

/* Done with the slot: give it back to the sender. */
static int ring_release(struct channel *ch, enum direction dir)
{
    struct ring *r = ch->ring[dir];
    unsigned long next = ++ch->ring_next[dir];

    if (ch->spin) {
        atomic_store_explicit(&r->tail, next, memory_order_release);
        return 0;
    }
    return sem_post(&r->empty) == 0 ? 0 : bench_fail(ch, "sem_post");
}

static void ring_destroy(struct channel *ch)
{
    if (ch->shm_name[0] != '\0')
        shm_unlink(ch->shm_name);
    ch->shm_name[0] = '\0';
    for (int i = 0; i < 2; i++) {
        if (ch->ring[i] != NULL) {
            sem_destroy(&ch->ring[i]->filled);
            sem_destroy(&ch->ring[i]->empty);
        }
        ch->ring[i] = NULL;
    }
    if (ch->map != NULL && munmap(ch->map, ch->map_size) == 0)
        narrate(ch, "unmapped the shared memory (its last mapping: the kernel frees it)");
    ch->map = NULL;
}

/* The ring's slots: what the sender may write before it must wait. */
static void ring_capacity(struct channel *ch, char *out, size_t size)
{
    struct ring *r = ch->ring[TO_CONSUMER];

    snprintf(out, size, "%zu x %zu B slots (RING_BYTES)", r->nslots, r->slot_size);
}

const struct mechanism mech_shm_block = {
    "shm_block", "a ring of slots in shared memory, process-shared semaphores", MECHANISM,
    no_limit, block_create, nothing_to_open, nothing_to_do,
    ring_send, ring_receive, ring_release, nothing_to_do, ring_destroy, ring_capacity, NULL
};

const struct mechanism mech_shm_spin = {
    "shm_spin", "the same ring, C11 atomic counters polled (spinning)", MECHANISM,
    no_limit, spin_create, nothing_to_open, nothing_to_do,
    ring_send, ring_receive, ring_release, nothing_to_do, ring_destroy, ring_capacity, NULL
};

/* The ceiling for shared memory: shm_spin's ring with nothing checked (the
 * consumer copies each message out and looks at nothing): what any
 * shared-memory transport of these messages can reach on this machine. */
const struct mechanism mech_bare_ring = {
    "bare_ring", "ceiling: shm_spin's ring, nothing checked", CEILING_RING,
    no_limit, spin_create, nothing_to_open, nothing_to_do,
    ring_send, ring_receive, ring_release, nothing_to_do, ring_destroy, ring_capacity, NULL
};
