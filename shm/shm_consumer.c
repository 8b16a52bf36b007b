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
 *
 * Two terminals (either may start first: both create the ring if missing):
 *   terminal 1:  ./shm_consumer
 *   terminal 2:  ./shm_producer -s 2 -c 6
 *
 * See also: shm_producer.c (the other half), ring.h (the layout), docs/shm.md,
 * semaphores/prodcons_threads.c (the same buffer between threads).
 * Try: start the producer first with -s 2 -c 5: it fills 2 slots and waits.
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include <stdint.h>
#include "ring.h"

static volatile sig_atomic_t interrupted;

/* Only a flag: every wait looks at it at least once a second. */
static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

int main(int argc, char *argv[])
{
    char name[256] = "", item[ITEM_MAX];
    uint32_t checksum = 2166136261u;    /* FNV-1a over every item's text, in order */
    unsigned got = 0, out = 0, slots = 0;
    int fd, created, opt;
    struct ring *ring;

    demo_start(argv[0],
        "The consumer of the bounded buffer: it takes items from a ring of slots\n"
        "in shared memory, in order, waiting whenever the ring is empty, and\n"
        "removes the ring at the end. Start shm_producer before or after it.\n"
        "usage: shm_consumer [-n /NAME]\n"
        "  -n /NAME  the ring's shared memory object, a slash and then no other\n"
        "            slash (default /ipc-demo-UID-ring).\n");
    while ((opt = getopt(argc, argv, "n:h")) != -1) {
        switch (opt) {
        case 'n':
            copy_option(name, sizeof name, optarg, "-n");
            if (name[0] != '/' || name[1] == '\0' || strchr(name + 1, '/'))
                usage(2);
            break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc)
        usage(2);
    if (name[0] == '\0')
        default_name(name, sizeof name, "/", "-ring");
    catch_ending_signals(on_signal);

    /* 1. Create (or open) the ring, map it, agree on the semaphores. */
    printf("opening shared memory %s (created with mode 0600 if missing)\n", name);
    ring = open_ring(name, &fd, &created);
    close(fd);                  /* the mapping stays valid without the descriptor */
    printf(created ? "created the ring %s: no producer yet, so no slots are open\n"
                   : "%s exists (a producer made it); mapped, semaphores set\n",
           name);

    /* 2. Take items until the producer's count: full, mutex, empty. */
    printf("ready: consuming from %s\n", name);
    while (!interrupted && (got == 0 || got < atomic_load(&ring->count))) {
        if (sem_trywait(&ring->full) == -1) {
            printf("ring empty: the consumer waits for the producer (sem_wait on full)\n");
            if (wait_or_stop(&ring->full, &interrupted, -1) != 0)
                break;
        }
        if (atomic_load(&ring->stopped) && got >= atomic_load(&ring->count))
            break;                      /* that post was the producer's wake-up call */
        if (wait_or_stop(&ring->mutex, &interrupted, -1) != 0)
            break;
        if (got == 0)                   /* read once: the other side could change it */
            slots = ring->slots;
        if (slots == 0 || slots > SLOTS_MAX) {
            shm_unlink(name);
            fail("the ring says it has %u slots (1 to %d make sense); removed it",
                 slots, SLOTS_MAX);
        }
        memcpy(item, ring->item[out], ITEM_MAX);
        out = (out + 1) % slots;
        post(&ring->mutex);
        post(&ring->empty);                     /* one more free slot */
        item[ITEM_MAX - 1] = '\0';              /* never trust the other side's NUL */
        print_received(item, strlen(item));
        for (size_t i = 0; item[i] != '\0'; i++)
            checksum = (checksum ^ (unsigned char)item[i]) * 16777619u;
        got++;
    }

    /* 3. Report, remove the name and unmap. */
    if (!interrupted && atomic_load(&ring->stopped))
        printf("the producer stopped after %u items: no more will come\n", got);
    if (interrupted)
        printf("interrupted: cleaning up after %u items\n", got);
    else
        printf("consumed: %u items, checksum %08x\n", got, (unsigned)checksum);
    if (shm_unlink(name) == 0)
        printf("removed %s\n", name);
    else
        fprintf(stderr, "%s: shm_unlink %s: %s\n", prog, name, strerror(errno));
    if (munmap(ring, sizeof *ring) == -1)
        die("munmap");
    return 0;
}
