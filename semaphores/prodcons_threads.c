/*
 * prodcons_threads.c - the bounded buffer with threads: producers put items
 * into a ring of SLOTS, consumers take them out, three semaphores keep order.
 *
 *   empty_slots (starts at SLOTS)  a producer takes one before it puts an item
 *   full_slots  (starts at 0)      a consumer takes one before it takes an item
 *   ring_lock   (starts at 1)      one thread at a time moves the ring's indexes
 *
 * So a producer sleeps while the ring is full, a consumer while it is empty,
 * and nobody busy-waits. When the producers are done, main puts one stop
 * marker per consumer. The totals of both sides must agree.
 *
 * Usage: prodcons_threads [-p PRODUCERS] [-c CONSUMERS] [-n ITEMS] [-s SLOTS]
 *   defaults: 2 producers, 2 consumers, 5 items per producer, 4 slots
 *
 * One terminal:  ./prodcons_threads -s 1
 *
 * See also: shm/shm_producer.c (the same ring between processes),
 * docs/semaphores.md.
 * Try: -s 1 (everyone waits a lot), -p 1 -c 4 (consumers starve), or remove
 * the ring_lock calls and run -p 4 -c 4 -n 100000 until the sums disagree.
 */
#include "ipc_demo.h"
#include <pthread.h>
#include <semaphore.h>

#define MAX_THREADS 64          /* per side */
#define MAX_ITEMS 1000000L      /* per producer */
#define MAX_SLOTS 1024
#define STOP 0L                 /* items are 1, 2, 3...: 0 tells a consumer to end */

static long ring[MAX_SLOTS];
static int slots = 4, next_in, next_out;
static long items = 5;
static sem_t empty_slots, full_slots, ring_lock;

struct worker {                 /* one per thread: its own totals, no sharing */
    pthread_t thread;
    char name[16];              /* "producer 2", "consumer 1" */
    int id;
    long count, sum;
};

static void *produce(void *arg);
static void *consume(void *arg);
static void put(long item, const char *who);
static void start(struct worker *w, const char *role, int id, void *(*job)(void *));

int main(int argc, char *argv[])
{
    static struct worker producers[MAX_THREADS], consumers[MAX_THREADS];
    long produced = 0, produced_sum = 0, consumed = 0, consumed_sum = 0;
    int nproducers = 2, nconsumers = 2, opt, rc;

    demo_start(argv[0],
        "prodcons_threads shows the bounded buffer: producer threads put items\n"
        "into a ring of SLOTS, consumer threads take them out, and three\n"
        "semaphores make each side wait when the ring is full or empty. It runs\n"
        "alone, in one terminal.\n"
        "usage: prodcons_threads [-p PRODUCERS] [-c CONSUMERS] [-n ITEMS] [-s SLOTS]\n"
        "  -p PRODUCERS  producer threads (1 to 64, default 2).\n"
        "  -c CONSUMERS  consumer threads (1 to 64, default 2).\n"
        "  -n ITEMS      items each producer makes (1 to 1000000, default 5).\n"
        "  -s SLOTS      places in the ring (1 to 1024, default 4).\n");
    while ((opt = getopt(argc, argv, "p:c:n:s:h")) != -1) {
        switch (opt) {
        case 'p': nproducers = (int)parse_long(optarg, 1, MAX_THREADS, "-p"); break;
        case 'c': nconsumers = (int)parse_long(optarg, 1, MAX_THREADS, "-c"); break;
        case 'n': items = parse_long(optarg, 1, MAX_ITEMS, "-n"); break;
        case 's': slots = (int)parse_long(optarg, 1, MAX_SLOTS, "-s"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc)
        usage(2);

    /* 1. The three semaphores (pshared 0: threads of this process). */
    if (sem_init(&empty_slots, 0, (unsigned)slots) == -1
        || sem_init(&full_slots, 0, 0) == -1 || sem_init(&ring_lock, 0, 1) == -1)
        die("sem_init");
    printf("ring of %d slots: empty_slots = %d, full_slots = 0, ring_lock = 1\n",
           slots, slots);

    /* 2. Start both sides; consumers first, so they wait on an empty ring. */
    printf("starting %d consumers and %d producers (%ld items each)\n",
           nconsumers, nproducers, items);
    for (int i = 0; i < nconsumers; i++)
        start(&consumers[i], "consumer", i + 1, consume);
    for (int i = 0; i < nproducers; i++)
        start(&producers[i], "producer", i + 1, produce);

    /* 3. When every producer is done, one stop marker per consumer. */
    for (int i = 0; i < nproducers; i++) {
        if ((rc = pthread_join(producers[i].thread, NULL)) != 0)
            die_err(rc, "pthread_join");
        produced += producers[i].count;
        produced_sum += producers[i].sum;
    }
    printf("all producers done; main puts %d stop markers\n", nconsumers);
    for (int i = 0; i < nconsumers; i++)
        put(STOP, "main");
    for (int i = 0; i < nconsumers; i++) {
        if ((rc = pthread_join(consumers[i].thread, NULL)) != 0)
            die_err(rc, "pthread_join");
        consumed += consumers[i].count;
        consumed_sum += consumers[i].sum;
    }

    /* 4. The totals of the two sides must agree. */
    if (sem_destroy(&empty_slots) == -1 || sem_destroy(&full_slots) == -1
        || sem_destroy(&ring_lock) == -1)
        die("sem_destroy");
    printf("produced: %ld items, sum %ld\n", produced, produced_sum);
    printf("consumed: %ld items, sum %ld\n", consumed, consumed_sum);
    if (produced != consumed || produced_sum != consumed_sum) {
        printf("the sums DISAGREE: items were lost or taken twice\n");
        return 1;
    }
    printf("the sums agree: every item was consumed exactly once\n");
    return 0;
}

/* Take a unit of SEM. If there is none and WHO is given, say so before
 * going to sleep: that is where the ring is seen to be full or empty. */
static void take(sem_t *sem, const char *who, const char *why)
{
    int r;
    while ((r = sem_trywait(sem)) == -1 && errno == EINTR)
        ;
    if (r == -1 && errno != EAGAIN)
        die("sem_trywait");
    if (r == -1 && who != NULL)
        printf("%s waits: %s\n", who, why);
    while (r == -1 && (r = sem_wait(sem)) == -1)
        if (errno != EINTR)
            die("sem_wait");
}

static void put(long item, const char *who)
{
    take(&empty_slots, who, "the ring is full");
    take(&ring_lock, NULL, NULL);
    ring[next_in] = item;
    if (item == STOP)
        printf("%s put a stop marker in slot %d\n", who, next_in);
    else
        printf("%s put %ld in slot %d\n", who, item, next_in);
    next_in = (next_in + 1) % slots;
    /* Unlock, then tell the consumers there is one more item. */
    if (sem_post(&ring_lock) == -1 || sem_post(&full_slots) == -1)
        die("sem_post");
}

static void *produce(void *arg)
{
    struct worker *me = arg;

    for (long i = 1; i <= items; i++) {
        long item = (me->id - 1) * items + i;    /* every item different: 1..P*ITEMS */
        put(item, me->name);
        me->count++;
        me->sum += item;
    }
    return NULL;
}

static void *consume(void *arg)
{
    struct worker *me = arg;
    long item;

    for (;;) {
        take(&full_slots, me->name, "the ring is empty");
        take(&ring_lock, NULL, NULL);
        item = ring[next_out];
        if (item != STOP)
            printf("%s took %ld from slot %d\n", me->name, item, next_out);
        next_out = (next_out + 1) % slots;
        /* Unlock, then tell the producers there is one more free slot. */
        if (sem_post(&ring_lock) == -1 || sem_post(&empty_slots) == -1)
            die("sem_post");
        if (item == STOP)
            break;
        me->count++;
        me->sum += item;
    }
    printf("%s got a stop marker after %ld items\n", me->name, me->count);
    return NULL;
}

static void start(struct worker *w, const char *role, int id, void *(*job)(void *))
{
    int rc;
    w->id = id;
    snprintf(w->name, sizeof w->name, "%s %d", role, id);
    if ((rc = pthread_create(&w->thread, NULL, job, w)) != 0)
        die_err(rc, "pthread_create");
}
