/*
 * sem_alternate.c - signalling: two threads print "ping" and "pong" strictly
 * in turn, each one's semaphore posted by the other.
 *
 * Here a semaphore is not a lock but a signal: "your turn". The ping thread
 * waits on ping_turn (starts at 1: ping goes first), prints, then posts
 * pong_turn; the pong thread waits on pong_turn (starts at 0), prints, then
 * posts ping_turn. Neither can run twice in a row, however the scheduler
 * treats them, because each needs the other's post before going again.
 *
 * Usage: sem_alternate [-r ROUNDS]
 *   -r ROUNDS  how many ping-pong rounds (default 5)
 *
 * One terminal:  ./sem_alternate -r 3
 *
 * See also: sem_critical.c (a semaphore as a lock), prodcons_threads.c
 * (both uses at once), docs/semaphores.md.
 * Try: start both semaphores at 1 and run with -r 1000 | uniq -c | head: the
 * order is now up to the scheduler. Or start both at 0: nobody ever goes.
 */
#include "ipc_demo.h"
#include <pthread.h>
#include <semaphore.h>

#define MAX_ROUNDS 1000000L

static sem_t ping_turn;             /* posted when ping may print */
static sem_t pong_turn;             /* posted when pong may print */
static long rounds = 5;

struct player {
    const char *word;
    sem_t *my_turn;
    sem_t *next_turn;
};

static void *play(void *arg);

int main(int argc, char *argv[])
{
    struct player ping = { "ping", &ping_turn, &pong_turn };
    struct player pong = { "pong", &pong_turn, &ping_turn };
    pthread_t ping_thread, pong_thread;
    int opt, rc;

    demo_start(argv[0],
        "sem_alternate shows a semaphore used as a signal, not a lock: two\n"
        "threads print 'ping' and 'pong' strictly in turn, because each waits\n"
        "for the other's sem_post. It runs alone, in one terminal.\n"
        "usage: sem_alternate [-r ROUNDS]\n"
        "  -r ROUNDS  how many ping-pong rounds to play (1 to 1000000, default 5).\n");
    while ((opt = getopt(argc, argv, "r:h")) != -1) {
        switch (opt) {
        case 'r': rounds = parse_long(optarg, 1, MAX_ROUNDS, "-r"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc)
        usage(2);

    /* 1. Two semaphores; the one at 1 says who starts. */
    if (sem_init(&ping_turn, 0, 1) == -1 || sem_init(&pong_turn, 0, 0) == -1)
        die("sem_init");
    printf("ping_turn = 1, pong_turn = 0: ping goes first,\n"
           "then each thread waits for the other's sem_post\n");

    /* 2. Start pong first, to show the order comes from the semaphores and
     *    not from who was started when. */
    printf("starting the pong thread, then the ping thread; %ld rounds\n", rounds);
    if ((rc = pthread_create(&pong_thread, NULL, play, &pong)) != 0 ||
        (rc = pthread_create(&ping_thread, NULL, play, &ping)) != 0)
        die_err(rc, "pthread_create");
    if ((rc = pthread_join(ping_thread, NULL)) != 0 ||
        (rc = pthread_join(pong_thread, NULL)) != 0)
        die_err(rc, "pthread_join");

    /* 3. Both threads are done with the semaphores. */
    if (sem_destroy(&ping_turn) == -1 || sem_destroy(&pong_turn) == -1)
        die("sem_destroy");
    printf("done: %ld rounds, strictly alternating\n", rounds);
    return 0;
}

/* One player: wait for my turn, print, hand the turn over. */
static void *play(void *arg)
{
    const struct player *me = arg;

    for (long round = 1; round <= rounds; round++) {
        while (sem_wait(me->my_turn) == -1)     /* sleeps until the other posts */
            if (errno != EINTR)
                die("sem_wait");
        printf("%s %ld\n", me->word, round);
        if (sem_post(me->next_turn) == -1)      /* "your turn" */
            die("sem_post");
    }
    return NULL;
}
