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
 * See also: sem_named_wait.c (the other half), docs/semaphores.md.
 * Try: post before the waiter starts (it refuses: nobody made the
 * semaphore); run two waiters on one name and post 4: who gets which?
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NAME_MAX_SEM (NAME_MAX - 4)     /* glibc stores /NAME as /dev/shm/sem.NAME */

static const char *prog = "sem_named_post";
static char sem_name[NAME_MAX_SEM + 2];

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-n /NAME] [COUNT]\n"
                 "  -n /NAME  semaphore to post (default /ipc-demo-UID-sem)\n"
                 "  COUNT     how many times to post it (default 1)\n", prog);
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

/* A POSIX IPC name is one slash, then up to NAME_MAX_SEM other characters. */
static void set_name(const char *name)
{
    size_t len = strlen(name);

    if (name[0] != '/' || len < 2 || len > NAME_MAX_SEM + 1 || strchr(name + 1, '/')) {
        fprintf(stderr, "%s: a semaphore name is /NAME: one leading slash, no other, "
                        "at most %d characters after it; '%s' is not\n",
                prog, NAME_MAX_SEM, name);
        usage(stderr, 2);
    }
    memcpy(sem_name, name, len + 1);
}

int main(int argc, char *argv[])
{
    long count = 1, i;
    sem_t *sem;
    int opt, value;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    while ((opt = getopt(argc, argv, "n:h")) != -1) {
        switch (opt) {
        case 'n': set_name(optarg); break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    if (argc - optind > 1)
        usage(stderr, 2);
    if (optind < argc)
        count = number(argv[optind], "COUNT", 1, SEM_VALUE_MAX);
    if (sem_name[0] == '\0')
        snprintf(sem_name, sizeof sem_name, "/ipc-demo-%u-sem", (unsigned)getuid());

    /* Step 1: open the waiter's semaphore; no O_CREAT, so none is made here. */
    sem = sem_open(sem_name, 0);
    if (sem == SEM_FAILED) {
        if (errno == ENOENT) {
            fprintf(stderr, "%s: no semaphore %s: is sem_named_wait running? "
                            "Start it first, or pass the same -n to both\n",
                    prog, sem_name);
            exit(1);
        }
        die(sem_name);
    }
    printf("opened the semaphore %s\n", sem_name);

    /* Step 2: each post adds one unit and wakes a waiter, if there is one. */
    for (i = 1; i <= count; i++) {
        if (sem_post(sem) == -1)
            die("sem_post");    /* EOVERFLOW: the value is at SEM_VALUE_MAX */
        if (sem_getvalue(sem, &value) == -1)
            die("sem_getvalue");
        printf("posted %ld of %ld (value now %d)\n", i, count, value);
    }

    /* Step 3: close our handle; the name stays for the waiter to remove. */
    if (sem_close(sem) == -1)
        die("sem_close");
    printf("closed the semaphore; the waiter removes it when it is done\n");
    return 0;
}
