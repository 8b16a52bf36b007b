/*
 * Exercise 09 - sem_undo: SEM_UNDO so that a killed holder frees the lock.
 *
 * A System V semaphore at 1 is a lock between processes: semop -1 takes it
 * (sleeping while it is 0), semop +1 gives it back. Run this in two
 * terminals: the first takes the lock and holds it SECONDS, the second
 * waits. But a holder killed with kill -9 never runs its +1, and the
 * second would wait for ever, unless each semop carries SEM_UNDO: then the
 * kernel keeps a record of what the process changed, and reverses it when
 * the process exits, however it exits. The set outlives every run, on
 * purpose; -r removes it.
 *
 * Your part: the TODO in lock_op(). Until you do it, nobody ever waits.
 *
 * Usage: exercise [-k KEY] [-s SECONDS] | exercise [-k KEY] -r
 * Two terminals:  ./exercise -s 60      then  ./exercise -s 0
 *                 and kill -9 the first: the second gets the lock at once.
 * Grade it: sh exercises/grade.sh 09
 */
#include "ipc_demo.h"
#include <sys/sem.h>

static const char help[] =
    "Exercise 09: a System V semaphore as a lock between processes. Run it in\n"
    "two terminals: the second waits while the first holds the lock, and gets\n"
    "it at once if the first is killed (SEM_UNDO). Either may start first.\n"
    "usage: exercise [-k KEY] [-s SECONDS]   take, hold, release the lock\n"
    "       exercise [-k KEY] -r             remove the semaphore set\n"
    "  -k KEY      System V key, decimal or 0x hex\n"
    "              (default: ftok of /tmp/ipc-demo-UID, project 'U').\n"
    "  -s SECONDS  how long to hold the lock (0 to 3600, default 5).\n"
    "  -r          Remove the set; processes waiting on it get EIDRM.\n";

union semun {                   /* semctl's fourth argument: ours to define */
    int val;
    struct semid_ds *buf;
};

/* Nothing to clean up (the set stays, and the kernel undoes our semops),
 * so the handler just leaves: write and _exit are async-signal-safe. */
static void on_signal(int sig)
{
    (void)sig;
    say("interrupted: exiting\n");
    _exit(0);
}

static void lock_op(int semid, short change, const char *doing);

int main(int argc, char *argv[])
{
    struct semid_ds set_info;
    union semun arg;
    key_t key = 0;
    long hold_secs = 5;
    int remove = 0, semid, opt;

    demo_start(argv[0], help);
    while ((opt = getopt(argc, argv, "k:s:rh")) != -1) {
        switch (opt) {
        case 'k': key = (key_t)parse_long(optarg, 1, 0x7fffffff, "-k"); break;
        case 's': hold_secs = parse_long(optarg, 0, 3600, "-s"); break;
        case 'r': remove = 1; break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc)
        usage(2);
    if (key == 0)
        key = default_key('U');
    catch_ending_signals(on_signal);

    if (remove) {
        if ((semid = semget(key, 0, 0)) == -1 || semctl(semid, 0, IPC_RMID) == -1)
            die("removing the semaphore set");
        printf("removed the semaphore set %d (key 0x%08x)\n", semid, (unsigned)key);
        return 0;
    }

    /* 1. Create the set (exactly one process does, and sets it to 1), or
     * join it if it is ours alone. A set is born at 0 on Linux, so one
     * who joins before the creator's SETVAL simply waits for it. */
    semid = semget(key, 1, IPC_CREAT | IPC_EXCL | 0600);
    if (semid != -1) {
        arg.val = 1;
        if (semctl(semid, 0, SETVAL, arg) == -1)
            die("semctl SETVAL");
        printf("created semaphore set %d (key 0x%08x), value 1: unlocked\n",
               semid, (unsigned)key);
    } else if (errno == EEXIST && (semid = semget(key, 1, 0)) != -1) {
        arg.buf = &set_info;
        if (semctl(semid, 0, IPC_STAT, arg) == -1)
            die("semctl IPC_STAT");
        refuse_foreign(set_info.sem_perm.uid, set_info.sem_perm.mode, "the semaphore set");
        refuse_foreign(set_info.sem_perm.cuid, set_info.sem_perm.mode, "the semaphore set");
        printf("using semaphore set %d (key 0x%08x)\n", semid, (unsigned)key);
    } else {
        die("semget");
    }

    /* 2. Take the lock. */
    printf("pid %d waiting for the lock (semop -1: blocks while it is held)\n",
           (int)getpid());
    lock_op(semid, -1, "taking the lock");
    printf("lock acquired; holding it for %ld s\n", hold_secs);
    if (hold_secs > 0)
        printf("ready: start a second one now; kill -9 %d to see the lock "
               "come back\n", (int)getpid());

    /* 3. Hold it, then give it back. */
    sleep((unsigned)hold_secs);
    lock_op(semid, +1, "releasing the lock");
    printf("lock released\n");
    return 0;
}

/* One semop() on semaphore 0 of SEMID, adding CHANGE: -1 takes the lock,
 * +1 gives it back. */
static void lock_op(int semid, short change, const char *doing)
{
    int rc;

    /* TODO(student): make the semop (struct sembuf: sem_num 0, sem_op
     * CHANGE) so that the kernel reverses it if this process dies before
     * it gives the lock back; if a signal interrupts it (EINTR), call it
     * again. Leave its result in rc. */
    struct sembuf op = { .sem_num = 0, .sem_op = change, .sem_flg = SEM_UNDO };

    while ((rc = semop(semid, &op, 1)) == -1 && errno == EINTR)
        ;
    /* END TODO */
    if (rc == -1 && (errno == EIDRM || errno == EINVAL))
        fail("%s: the set was removed (someone ran %s -r)", doing, prog);
    if (rc == -1)
        die(doing);
}
