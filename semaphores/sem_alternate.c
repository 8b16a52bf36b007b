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
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_ROUNDS 1000000L

static const char *prog = "sem_alternate";
static sem_t ping_turn;             /* posted when ping may print */
static sem_t pong_turn;             /* posted when pong may print */
static long rounds = 5;

struct player {
    const char *word;
    sem_t *my_turn;
    sem_t *next_turn;
};

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-r ROUNDS]\n"
                 "  -r ROUNDS  ping-pong rounds to play (1..%ld, default 5)\n",
            prog, MAX_ROUNDS);
    exit(status);
}

static long number(const char *text, const char *option, long min, long max)
{
    char *end;
    long value;

    errno = 0;
    value = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < min || value > max) {
        fprintf(stderr, "%s: %s wants a number from %ld to %ld, not '%s'\n",
                prog, option, min, max, text);
        usage(stderr, 2);
    }
    return value;
}

static void wait_sem(sem_t *sem)
{
    while (sem_wait(sem) == -1)
        if (errno != EINTR)
            die("sem_wait");
}

static void *play(void *arg)
{
    const struct player *me = arg;
    long round;

    for (round = 1; round <= rounds; round++) {
        wait_sem(me->my_turn);              /* sleeps until the other posts */
        printf("%s %ld\n", me->word, round);
        if (sem_post(me->next_turn) == -1)  /* "your turn" */
            die("sem_post");
    }
    return NULL;
}

static void start(pthread_t *thread, struct player *player)
{
    int rc = pthread_create(thread, NULL, play, player);

    if (rc != 0) {
        errno = rc;
        die("pthread_create");
    }
}

int main(int argc, char *argv[])
{
    struct player ping = { "ping", &ping_turn, &pong_turn };
    struct player pong = { "pong", &pong_turn, &ping_turn };
    pthread_t ping_thread, pong_thread;
    int opt;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    while ((opt = getopt(argc, argv, "r:h")) != -1) {
        switch (opt) {
        case 'r': rounds = number(optarg, "-r", 1, MAX_ROUNDS); break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    if (optind != argc)
        usage(stderr, 2);

    /* Step 1: two semaphores; the one at 1 says who starts. */
    if (sem_init(&ping_turn, 0, 1) == -1 || sem_init(&pong_turn, 0, 0) == -1)
        die("sem_init");
    printf("ping_turn = 1, pong_turn = 0: ping goes first, then each waits "
           "for the other's sem_post\n");

    /* Step 2: start pong first, to show the order comes from the
     * semaphores and not from who was started when. */
    printf("starting the pong thread, then the ping thread; %ld rounds\n", rounds);
    start(&pong_thread, &pong);
    start(&ping_thread, &ping);
    pthread_join(ping_thread, NULL);
    pthread_join(pong_thread, NULL);

    /* Step 3: both threads are done with the semaphores. */
    if (sem_destroy(&ping_turn) == -1 || sem_destroy(&pong_turn) == -1)
        die("sem_destroy");
    printf("done: %ld rounds, strictly alternating\n", rounds);
    return 0;
}
