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
 *
 * Two terminals (either may start first: both create the ring if missing):
 *   terminal 1:  ./shm_consumer
 *   terminal 2:  ./shm_producer -s 2 -c 6
 *
 * See also: shm_consumer.c (the other half), ring.h (the layout), docs/shm.md.
 * Try: start the producer alone with -s 2 -c 5: it fills the ring and waits.
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include <stdint.h>
#include "ring.h"

#define COUNT_MAX 1000000000L

static volatile sig_atomic_t interrupted;

/* The consumer owns the ring: we leave it, and the items in it. Leaving
 * from the handler could strand a slot or leave `mutex` taken forever, so it
 * only sets a flag, and every wait looks at the flag at least once a second. */
static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

int main(int argc, char *argv[])
{
    char name[256] = "", item[ITEM_MAX];
    uint32_t checksum = 2166136261u;    /* FNV-1a over every item's text, in order */
    unsigned slots = 4, count = 10, made = 0, in = 0;
    int fd, created, opt, claimed = 0, waited = 0;
    struct ring *ring;

    demo_start(argv[0],
        "The producer of the bounded buffer: it puts COUNT items into a ring of\n"
        "SLOTS slots in shared memory, and waits whenever the ring is full.\n"
        "Start shm_consumer in another terminal, before or after this one.\n"
        "usage: shm_producer [-n /NAME] [-s SLOTS] [-c COUNT]\n"
        "  -n /NAME  the ring's shared memory object, a slash and then no other\n"
        "            slash (default /ipc-demo-UID-ring).\n"
        "  -s SLOTS  slots in the ring, 1 to 256 (default 4).\n"
        "  -c COUNT  items to produce, 1 to 1000000000 (default 10).\n");
    while ((opt = getopt(argc, argv, "n:s:c:h")) != -1) {
        switch (opt) {
        case 'n':
            copy_option(name, sizeof name, optarg, "-n");
            if (name[0] != '/' || name[1] == '\0' || strchr(name + 1, '/'))
                usage(2);
            break;
        case 's': slots = (unsigned)parse_long(optarg, 1, SLOTS_MAX, "-s"); break;
        case 'c': count = (unsigned)parse_long(optarg, 1, COUNT_MAX, "-c"); break;
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
    printf(created ? "created the ring %s: no consumer yet\n"
                   : "%s exists (a consumer made it); mapped it, its semaphores are set\n",
           name);

    /* 2. Claim the ring, then open its slots: `empty` counts them. */
    waited = wait_or_stop(&ring->mutex, &interrupted, fd);
    if (waited == 0 && ring->slots != 0) {
        post(&ring->mutex);
        fail("another producer already uses %s (or left it behind: rm /dev/shm%s)",
             name, name);
    }
    if (waited == 0) {
        ring->slots = slots;
        atomic_store(&ring->count, count);
        claimed = 1;
        post(&ring->mutex);
        printf("opening %u slots for %u items (sem_post on empty, %u times)\n",
               slots, count, slots);
        for (unsigned k = 0; k < slots; k++)
            post(&ring->empty);
    }

    /* 3. Put each item: empty, mutex, write, mutex, full. */
    while (waited == 0 && made < count && !interrupted) {
        snprintf(item, sizeof item, "item %u", made + 1);
        if (sem_trywait(&ring->empty) == -1) {
            printf("ring full: the producer waits for a free slot (sem_wait on empty)\n");
            if ((waited = wait_or_stop(&ring->empty, &interrupted, fd)) != 0)
                break;
        }
        if ((waited = wait_or_stop(&ring->mutex, &interrupted, fd)) != 0) {
            post(&ring->empty);                 /* give the slot back unused */
            break;
        }
        memcpy(ring->item[in], item, sizeof item);
        post(&ring->mutex);
        post(&ring->full);                      /* one more item for the consumer */
        printf("put: %s into slot %u\n", item, in);
        in = (in + 1) % slots;
        for (size_t i = 0; item[i] != '\0'; i++)
            checksum = (checksum ^ (unsigned char)item[i]) * 16777619u;
        made++;
    }
    if (waited == -2)
        fail("the consumer has gone and removed %s", name);

    /* 4. Report, unmap and close; the consumer removes the ring. Stopped
     * early, we tell it how many items there are, and wake it once. */
    if (made < count && claimed) {
        atomic_store(&ring->count, made);
        atomic_store(&ring->stopped, 1);
        post(&ring->full);
    }
    if (made < count)
        printf("interrupted after %u items: leaving the ring to the consumer, "
               "which removes it\n", made);
    else
        printf("produced: %u items, checksum %08x\n", count, (unsigned)checksum);
    if (munmap(ring, sizeof *ring) == -1)
        die("munmap");
    close(fd);
    return 0;
}
