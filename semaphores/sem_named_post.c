/*
 * sem_named_post.c - post a named POSIX semaphore COUNT times, letting a
 * sem_named_wait in another process through once per post.
 *
 * sem_post() adds one to the semaphore and wakes a process waiting on it;
 * if nobody waits yet, the unit is kept (a semaphore counts), and the next
 * sem_wait takes it at once. This side only opens the semaphore: the waiter
 * creates it and removes it, so a poster never leaves one behind.
 *
 * Usage: sem_named_post [-n /NAME] [COUNT]
 *   -n /NAME  the semaphore (default /ipc-demo-UID-sem)
 *   COUNT     how many times to post (default 1)
 *
 * Two terminals (start the waiter first: it creates the semaphore):
 *   terminal 1:  ./sem_named_wait -c 3
 *   terminal 2:  ./sem_named_post 3
 *
 * See also: sem_named_wait.c (the other half), sem_name.h (the name and
 * the checks both share), docs/semaphores.md.
 * Try: post before the waiter starts (it refuses: nobody made the
 * semaphore); run two waiters on one name and post 4: who gets which?
 */
#include "ipc_demo.h"
#include "sem_name.h"

static char sem_name[SEM_NAME_MAX + 2];

int main(int argc, char *argv[])
{
    long count = 1;
    sem_t *sem;
    int opt, value;

    demo_start(argv[0],
        "sem_named_post posts a named POSIX semaphore COUNT times; each post\n"
        "lets a sem_named_wait in another terminal through once. Start\n"
        "sem_named_wait first: it creates the semaphore, and this side only\n"
        "opens it.\n"
        "usage: sem_named_post [-n /NAME] [COUNT]\n"
        "  -n /NAME  the semaphore to post (default /ipc-demo-UID-sem).\n"
        "  COUNT     how many times to post it (default 1).\n");
    while ((opt = getopt(argc, argv, "n:h")) != -1) {
        switch (opt) {
        case 'n': set_sem_name(sem_name, optarg); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (argc - optind > 1)
        usage(2);
    if (optind < argc)
        count = parse_long(argv[optind], 1, SEM_VALUE_MAX, "COUNT");
    if (sem_name[0] == '\0')
        default_name(sem_name, sizeof sem_name, "/", "-sem");

    /* 1. Open the waiter's semaphore; no O_CREAT, so none is made here.
     *    It must be ours alone and really a semaphore (sem_name.h). */
    sem = open_existing_sem(sem_name);
    if (sem == SEM_FAILED && errno == ENOENT) {
        fprintf(stderr, "%s: no semaphore %s: is sem_named_wait running?\n"
                "%s: hint: start it first, or pass the same -n to both\n",
                prog, sem_name, prog);
        exit(1);
    }
    if (sem == SEM_FAILED)
        die(sem_name);
    printf("opened the semaphore %s\n", sem_name);

    /* 2. Each post adds one unit and wakes a waiter, if there is one. */
    for (long i = 1; i <= count; i++) {
        if (sem_post(sem) == -1)
            die("sem_post");    /* EOVERFLOW: the value is at SEM_VALUE_MAX */
        if (sem_getvalue(sem, &value) == -1)
            die("sem_getvalue");
        printf("posted %ld of %ld (value now %d)\n", i, count, value);
    }

    /* 3. Close our handle; the name stays for the waiter to remove. */
    if (sem_close(sem) == -1)
        die("sem_close");
    printf("closed the semaphore; the waiter removes it when it is done\n");
    return 0;
}
