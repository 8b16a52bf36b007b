/*
 * Exercise 08 - bounded_buffer: two counting semaphores and a mutex.
 *
 * Producer threads put numbered items into a ring of SLOTS places and
 * consumer threads take them out. Three things keep it right:
 *   empty_slots  a semaphore at SLOTS: a producer takes one before it puts
 *                (so it sleeps while the ring is full)
 *   full_slots   a semaphore at 0: a consumer takes one before it takes an
 *                item (so it sleeps while the ring is empty)
 *   ring_lock    a mutex: one thread at a time moves the ring's indexes
 * Each change to the ring pauses 1 or 2 ms half-way through (in store()
 * and fetch()), so two threads in there at once would collide every time.
 * When the producers are done, main puts one stop marker per consumer.
 *
 * Your part: the TODO in put() and take(). Until you do it, consumers take
 * from an empty ring and producers overwrite items nobody took.
 *
 * Usage: exercise [-p PRODUCERS] [-c CONSUMERS] [-n ITEMS] [-s SLOTS]
 * Grade it: sh exercises/grade.sh 08
 */
#include "ipc_demo.h"
#include <pthread.h>
#include <semaphore.h>
#include <time.h>

#define MAX_THREADS 16          /* per side */
#define MAX_SLOTS 64
#define STOP 0L                 /* items are 1, 2, 3...: 0 tells a consumer to end */

static const char help[] =
    "Exercise 08: producer threads put items into a ring of SLOTS places,\n"
    "consumer threads take them out; two counting semaphores and a mutex\n"
    "make each side wait when the ring is full or empty. It runs alone.\n"
    "usage: exercise [-p PRODUCERS] [-c CONSUMERS] [-n ITEMS] [-s SLOTS]\n"
    "  -p PRODUCERS  producer threads (1 to 16, default 2).\n"
    "  -c CONSUMERS  consumer threads (1 to 16, default 2).\n"
    "  -n ITEMS      items each producer makes (1 to 1000, default 5).\n"
    "  -s SLOTS      places in the ring (1 to 64, default 2).\n";

static long ring[MAX_SLOTS];
static int slots = 2, next_in, next_out;
static long items = 5;
static sem_t empty_slots, full_slots;
static pthread_mutex_t ring_lock = PTHREAD_MUTEX_INITIALIZER;

struct worker {                 /* one per thread: its own totals */
    pthread_t thread;
    char name[16];              /* "producer 2", "consumer 1" */
    int id;
    long count, sum;
};

static void *produce(void *arg);
static void *consume(void *arg);
static void start(struct worker *w, const char *role, int id, void *(*job)(void *));

/* The ring's two changes, unguarded: each pauses half-way (put 2 ms, take
 * 1 ms), as a longer job would. Only one thread may be in either at once. */
static void pause_ms(long ms)
{
    struct timespec t = { 0, ms * 1000000L };
    nanosleep(&t, NULL);
}
static int store(long item)
{
    int slot = next_in;
    pause_ms(2);
    ring[slot] = item;
    next_in = (slot + 1) % slots;
    return slot;
}
static long fetch(int *slot)
{
    *slot = next_out;
    pause_ms(1);
    long item = ring[*slot];
    ring[*slot] = -1;           /* taken: a second fetch here shows -1 */
    next_out = (*slot + 1) % slots;
    return item;
}

/* Put ITEM into the ring; returns the slot it went into. */
static int put(long item)
{
    int slot;
    /* TODO(student): wait for an empty slot (sem_wait on empty_slots, again
     * after EINTR), hold ring_lock
     * (pthread_mutex_lock/unlock) around store(), then tell the consumers
     * there is one more item (sem_post on full_slots). */
    while (sem_wait(&empty_slots) == -1)
        if (errno != EINTR)
            die("sem_wait");
    pthread_mutex_lock(&ring_lock);
    slot = store(item);
    pthread_mutex_unlock(&ring_lock);
    if (sem_post(&full_slots) == -1)
        die("sem_post");
    /* END TODO */
    return slot;
}

/* Take the next item out of the ring; *SLOT says where it was. */
static long take(int *slot)
{
    long item;
    /* TODO(student): the mirror image: wait for a full slot, hold ring_lock
     * around fetch(), then tell the producers a slot is free. */
    while (sem_wait(&full_slots) == -1)
        if (errno != EINTR)
            die("sem_wait");
    pthread_mutex_lock(&ring_lock);
    item = fetch(slot);
    pthread_mutex_unlock(&ring_lock);
    if (sem_post(&empty_slots) == -1)
        die("sem_post");
    /* END TODO */
    return item;
}

int main(int argc, char *argv[])
{
    static struct worker producers[MAX_THREADS], consumers[MAX_THREADS];
    long produced = 0, produced_sum = 0, consumed = 0, consumed_sum = 0;
    int nproducers = 2, nconsumers = 2, opt, rc;

    demo_start(argv[0], help);
    while ((opt = getopt(argc, argv, "p:c:n:s:h")) != -1) {
        switch (opt) {
        case 'p': nproducers = (int)parse_long(optarg, 1, MAX_THREADS, "-p"); break;
        case 'c': nconsumers = (int)parse_long(optarg, 1, MAX_THREADS, "-c"); break;
        case 'n': items = parse_long(optarg, 1, 1000, "-n"); break;
        case 's': slots = (int)parse_long(optarg, 1, MAX_SLOTS, "-s"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc)
        usage(2);

    /* 1. The two counting semaphores (pshared 0: threads of this process). */
    if (sem_init(&empty_slots, 0, (unsigned)slots) == -1 ||
        sem_init(&full_slots, 0, 0) == -1)
        die("sem_init");
    printf("ring of %d slots: empty_slots = %d, full_slots = 0, and a mutex\n",
           slots, slots);

    /* 2. Start both sides; consumers first, so they meet an empty ring. */
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
        put(STOP);
    for (int i = 0; i < nconsumers; i++) {
        if ((rc = pthread_join(consumers[i].thread, NULL)) != 0)
            die_err(rc, "pthread_join");
        consumed += consumers[i].count;
        consumed_sum += consumers[i].sum;
    }

    /* 4. The totals of the two sides must agree. */
    if (sem_destroy(&empty_slots) == -1 || sem_destroy(&full_slots) == -1)
        die("sem_destroy");
    if ((rc = pthread_mutex_destroy(&ring_lock)) != 0)
        die_err(rc, "pthread_mutex_destroy");
    printf("produced: %ld items, sum %ld\n", produced, produced_sum);
    printf("consumed: %ld items, sum %ld\n", consumed, consumed_sum);
    if (produced != consumed || produced_sum != consumed_sum) {
        printf("the sums DISAGREE: items were lost or taken twice\n");
        return 1;
    }
    printf("the sums agree: every item was consumed exactly once\n");
    return 0;
}

static void *produce(void *arg)
{
    struct worker *me = arg;

    for (long i = 1; i <= items; i++) {
        long item = (me->id - 1) * items + i;    /* all different: 1..P*ITEMS */
        int slot = put(item);
        printf("%s put %ld in slot %d\n", me->name, item, slot);
        me->count++;
        me->sum += item;
    }
    return NULL;
}

static void *consume(void *arg)
{
    struct worker *me = arg;
    int slot;

    for (;;) {
        long item = take(&slot);
        if (item == STOP)
            break;
        printf("%s took %ld from slot %d\n", me->name, item, slot);
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
