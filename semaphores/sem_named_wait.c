/*
 * sem_named_wait.c - a named POSIX semaphore between unrelated processes:
 * wait on it, and print "acquired" each time another process posts it.
 *
 * sem_open() gives a semaphore a name like /demo, so any process that knows
 * the name can open the same one (Linux keeps it as the file
 * /dev/shm/sem.demo). It starts at 0 here: each sem_wait() blocks until
 * sem_named_post adds a unit, and takes that unit. The name lives until
 * someone calls sem_unlink(); this waiter owns it and removes it at the end.
 *
 * Usage: sem_named_wait [-n /NAME] [-c COUNT]
 *   -n /NAME   the semaphore (default /ipc-demo-UID-sem)
 *   -c COUNT   end after COUNT acquisitions (default: until Ctrl-C)
 *
 * Two terminals (start the waiter first: it creates the semaphore):
 *   terminal 1:  ./sem_named_wait -c 3
 *   terminal 2:  ./sem_named_post 3
 *
 * See also: sem_named_post.c (the other half), docs/semaphores.md.
 * Try: `ls -l /dev/shm` while the waiter runs; post 5 to a waiter with
 * -c 3, then start another waiter: it goes through twice at once.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NAME_MAX_SEM (NAME_MAX - 4)     /* glibc stores /NAME as /dev/shm/sem.NAME */
#define CHECK_SECS 1                    /* how often a waiter looks at the stop flag */

static const char *prog = "sem_named_wait";
static char sem_name[NAME_MAX_SEM + 2];
static volatile sig_atomic_t stop_signal;

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-n /NAME] [-c COUNT]\n"
                 "  -n /NAME  semaphore to wait on (default /ipc-demo-UID-sem)\n"
                 "  -c COUNT  end after COUNT acquisitions (default: until Ctrl-C)\n", prog);
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

/* sem_unlink is not async-signal-safe, so the handler only sets a flag;
 * the waits below time out every CHECK_SECS to look at it. A signal that
 * lands just before sem_timedwait starts is seen at the next timeout. */
static void on_signal(int sig)
{
    stop_signal = sig;
}

static void cleanup(void)
{
    if (sem_unlink(sem_name) == 0)
        printf("removed the semaphore %s\n", sem_name);
}

int main(int argc, char *argv[])
{
    struct sigaction sa = { .sa_handler = on_signal };
    struct timespec deadline;
    long count = 0, acquired = 0;
    sem_t *sem;
    int opt, value;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    while ((opt = getopt(argc, argv, "n:c:h")) != -1) {
        switch (opt) {
        case 'n': set_name(optarg); break;
        case 'c': count = number(optarg, "-c", 1, 1000000000L); break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    if (optind != argc)
        usage(stderr, 2);
    if (sem_name[0] == '\0')
        snprintf(sem_name, sizeof sem_name, "/ipc-demo-%u-sem", (unsigned)getuid());
    sigaction(SIGINT, &sa, NULL);       /* no SA_RESTART: sem_timedwait says EINTR */
    sigaction(SIGTERM, &sa, NULL);

    /* Step 1: create the semaphore at 0, or use the one that is there. */
    sem = sem_open(sem_name, O_CREAT | O_EXCL, 0600, 0);
    if (sem != SEM_FAILED) {
        printf("created the semaphore %s, value 0, mode 0600 (it shows as "
               "/dev/shm/sem.%s)\n", sem_name, sem_name + 1);
    } else if (errno == EEXIST && (sem = sem_open(sem_name, 0)) != SEM_FAILED) {
        if (sem_getvalue(sem, &value) == -1)
            die("sem_getvalue");
        printf("the semaphore %s already exists (another waiter's, or left over); "
               "using it, value %d\n", sem_name, value);
    } else {
        die(sem_name);
    }
    atexit(cleanup);

    /* Step 2: each sem_wait takes one unit that a poster added. */
    if (count > 0)
        printf("ready: waiting on %s %ld times; run sem_named_post\n", sem_name, count);
    else
        printf("ready: waiting on %s; run sem_named_post (Ctrl-C ends)\n", sem_name);
    while (!stop_signal && (count == 0 || acquired < count)) {
        clock_gettime(CLOCK_REALTIME, &deadline);   /* sem_timedwait's clock */
        deadline.tv_sec += CHECK_SECS;
        if (sem_timedwait(sem, &deadline) == -1) {
            if (errno == ETIMEDOUT || errno == EINTR)
                continue;
            die("sem_timedwait");
        }
        acquired++;
        printf("acquired %ld\n", acquired);
    }
    if (stop_signal)
        printf("interrupted after %ld acquisitions: cleaning up\n", acquired);
    else
        printf("done: acquired the semaphore %ld times\n", acquired);

    /* Step 3: close our handle; cleanup() at exit removes the name. */
    if (sem_close(sem) == -1)
        die("sem_close");
    return 0;
}
