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
 * See also: sem_named_post.c (the other half), sem_name.h (the name and
 * the checks both share), docs/semaphores.md.
 * Try: `ls -l /dev/shm` while the waiter runs; post 5 to a waiter with
 * -c 3, then start another waiter: it goes through twice at once.
 */
#include "ipc_demo.h"
#include "sem_name.h"
#include <time.h>

#define CHECK_SECS 1                    /* how often a waiter looks at the stop flag */

static char sem_name[SEM_NAME_MAX + 2];
static volatile sig_atomic_t stop_signal;

static void on_signal(int sig) { stop_signal = sig; }
static void cleanup(void);

int main(int argc, char *argv[])
{
    struct timespec deadline;
    long count = 0, acquired = 0;
    sem_t *sem;
    int opt, value;

    demo_start(argv[0],
        "sem_named_wait shows a named POSIX semaphore shared by unrelated\n"
        "processes: it creates the semaphore at 0 and prints 'acquired' each\n"
        "time sem_named_post, run in another terminal, posts it. Start this\n"
        "waiter first; it removes the semaphore when it ends.\n"
        "usage: sem_named_wait [-n /NAME] [-c COUNT]\n"
        "  -n /NAME  the semaphore to wait on (default /ipc-demo-UID-sem).\n"
        "  -c COUNT  End after COUNT acquisitions (default: wait until Ctrl-C).\n");
    while ((opt = getopt(argc, argv, "n:c:h")) != -1) {
        switch (opt) {
        case 'n': set_sem_name(sem_name, optarg); break;
        case 'c': count = parse_long(optarg, 1, 1000000000L, "-c"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc)
        usage(2);
    if (sem_name[0] == '\0')
        default_name(sem_name, sizeof sem_name, "/", "-sem");
    /* The handler only sets a flag: sem_unlink is not async-signal-safe.
     * No SA_RESTART: sem_timedwait returns EINTR and the loop looks. */
    catch_ending_signals(on_signal);

    /* 1. Create the semaphore at 0, or use the one that is there, if it
     *    is ours alone and really a semaphore (sem_name.h). */
    sem = sem_open(sem_name, O_CREAT | O_EXCL, 0600, 0);
    if (sem != SEM_FAILED) {
        printf("created the semaphore %s, value 0, mode 0600\n"
               "(it shows as /dev/shm/sem.%s)\n", sem_name, sem_name + 1);
    } else if (errno == EEXIST && (sem = open_existing_sem(sem_name)) != SEM_FAILED) {
        if (sem_getvalue(sem, &value) == -1)
            die("sem_getvalue");
        printf("the semaphore %s already exists (another waiter's, or left\n"
               "over); using it, value %d\n", sem_name, value);
    } else {
        die(sem_name);
    }
    if (atexit(cleanup) != 0)
        fail("atexit failed");

    /* 2. Each sem_wait takes one unit that a poster added. A signal that
     *    lands just before sem_timedwait starts is seen at its timeout. */
    if (count > 0)
        printf("ready: waiting on %s %ld times; run sem_named_post\n", sem_name, count);
    else
        printf("ready: waiting on %s; run sem_named_post (Ctrl-C ends)\n", sem_name);
    while (!stop_signal && (count == 0 || acquired < count)) {
        if (clock_gettime(CLOCK_REALTIME, &deadline) == -1) /* sem_timedwait's clock */
            die("clock_gettime");
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

    /* 3. Close our handle; cleanup() at exit removes the name. */
    if (sem_close(sem) == -1)
        die("sem_close");
    return 0;
}

static void cleanup(void)
{
    if (sem_unlink(sem_name) == 0)
        printf("removed the semaphore %s\n", sem_name);
    else if (errno == ENOENT)   /* another waiter on the name ended first */
        printf("the semaphore %s was already removed\n", sem_name);
    else
        fprintf(stderr, "%s: sem_unlink %s: %s\n", prog, sem_name, strerror(errno));
}
