/*
 * sysv_sem_lock.c - a System V semaphore as a lock between processes; with
 * SEM_UNDO the kernel gives the lock back when its holder dies.
 *
 * Run it in two terminals: the first takes the lock and holds it SECONDS;
 * the second waits in semop() until the first lets go, or dies: kill -9 the
 * holder and the waiter gets the lock at once, because SEM_UNDO makes the
 * kernel reverse a process's semop()s when it exits, however it exits. The
 * set is shared by equals, so no run removes it by itself (another may be
 * using it): `sysv_sem_lock -r` does, and a process waiting then gets EIDRM.
 *
 * Usage: sysv_sem_lock [-k KEY] [-s SECONDS]    take the lock, hold, release
 *        sysv_sem_lock [-k KEY] -r               remove the semaphore set
 *   -k KEY      System V key (default ftok("/tmp/ipc-demo-UID", 'L'))
 *   -s SECONDS  how long to hold the lock (default 5)
 *
 * Two terminals:
 *   terminal 1:  ./sysv_sem_lock -s 20
 *   terminal 2:  ./sysv_sem_lock          (waits; now kill -9 the first)
 *   then:        ./sysv_sem_lock -r
 *
 * See also: sem_named_wait.c (POSIX, no undo), docs/semaphores.md.
 * A set found under the key is used only if it is ours alone (IPC_STAT):
 * another user's, or one open to others, is refused.
 *
 * Try: `ipcs -s` and `ipcs -s -i SEMID` (see ncount: processes waiting);
 * take SEM_UNDO out, kill -9 a holder, and watch the lock stay taken.
 */
#include "ipc_demo.h"
#include <sys/sem.h>

#define MAX_HOLD_SECS 3600

/* The caller must define semctl()'s fourth argument (man 2 semctl). */
union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

/* Nothing to clean up: the set outlives us on purpose, and SEM_UNDO gives
 * back a lock we hold. So the handler just leaves, with write and _exit
 * (async-signal-safe), and cannot miss a signal whatever main is doing. */
static void on_signal(int sig)
{
    (void)sig;
    say("interrupted: exiting; SEM_UNDO releases the lock if we held it\n");
    _exit(0);
}

static void lock_op(int semid, short change, const char *doing);

int main(int argc, char *argv[])
{
    struct semid_ds set_info;
    union semun arg;
    key_t key = 0;
    long hold_secs = 5;
    int remove = 0, semid, value, opt;

    demo_start(argv[0],
        "sysv_sem_lock shows a System V semaphore used as a lock between\n"
        "processes: run it in two terminals, and the second waits until the\n"
        "first releases the lock, or dies (SEM_UNDO gives the lock back).\n"
        "Either may start first; the set stays until someone runs -r.\n"
        "usage: sysv_sem_lock [-k KEY] [-s SECONDS]   take, hold, release the lock\n"
        "       sysv_sem_lock [-k KEY] -r             remove the semaphore set\n"
        "  -k KEY      System V key, decimal or 0x hex\n"
        "              (default: ftok of /tmp/ipc-demo-UID, project 'L').\n"
        "  -s SECONDS  how long to hold the lock (0 to 3600, default 5).\n"
        "  -r          Remove the set; processes waiting on it get EIDRM.\n");
    while ((opt = getopt(argc, argv, "k:s:rh")) != -1) {
        switch (opt) {
        case 'k': key = (key_t)parse_long(optarg, 1, 0x7fffffff, "-k"); break;
        case 's': hold_secs = parse_long(optarg, 0, MAX_HOLD_SECS, "-s"); break;
        case 'r': remove = 1; break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc)
        usage(2);
    if (key == 0)
        key = default_key('L');
    catch_ending_signals(on_signal);

    if (remove) {
        semid = semget(key, 0, 0);
        if (semid == -1 && errno == ENOENT)
            fail("no semaphore set has key 0x%08x: nothing to remove\n"
                 "%s: hint: pass the same -k as the lockers", (unsigned)key, prog);
        if (semid == -1 || semctl(semid, 0, IPC_RMID) == -1)
            die("removing the semaphore set");
        printf("removed the semaphore set %d (key 0x%08x);\n"
               "processes waiting on it get EIDRM\n", semid, (unsigned)key);
        return 0;
    }

    /* 1. Create the set, or join it. Exactly one process creates it
     *    (IPC_EXCL) and only that one sets the value: a late SETVAL by anyone
     *    else would open a lock that is held. A set is born at 0 on Linux, so
     *    a process joining before the creator's SETVAL simply waits for it.
     *    A set we join must be ours alone: its owner and its creator (who
     *    keeps the owner's rights) us, and no access for group or others. */
    semid = semget(key, 1, IPC_CREAT | IPC_EXCL | 0600);
    if (semid != -1) {
        arg.val = 1;
        if (semctl(semid, 0, SETVAL, arg) == -1)
            die("semctl SETVAL");
        printf("created semaphore set %d (key 0x%08x, mode 0600), value 1: unlocked\n",
               semid, (unsigned)key);
    } else if (errno == EEXIST && (semid = semget(key, 1, 0)) != -1) {
        arg.buf = &set_info;
        if (semctl(semid, 0, IPC_STAT, arg) == -1)
            die("semctl IPC_STAT");
        refuse_foreign(set_info.sem_perm.uid, set_info.sem_perm.mode, "the semaphore set");
        refuse_foreign(set_info.sem_perm.cuid, set_info.sem_perm.mode, "the semaphore set");
        if ((value = semctl(semid, 0, GETVAL)) == -1)
            die("semctl GETVAL");
        printf("using semaphore set %d (key 0x%08x), value %d now\n",
               semid, (unsigned)key, value);
    } else {
        die("semget");
    }

    /* 2. Take the lock. */
    printf("pid %d waiting for the lock (semop -1, SEM_UNDO: blocks while "
           "it is held)\n", (int)getpid());
    lock_op(semid, -1, "taking the lock");
    printf("lock acquired; holding it for %ld s\n", hold_secs);
    if (hold_secs > 0)
        printf("ready: run sysv_sem_lock in another terminal to see it wait\n"
               "(or kill -9 %d to see SEM_UNDO give the lock back)\n", (int)getpid());

    /* 3. Hold it, then give it back. */
    sleep((unsigned)hold_secs);
    lock_op(semid, +1, "releasing the lock");
    printf("lock released\n");
    printf("the set stays for the next process; sysv_sem_lock -r removes it\n");
    return 0;
}

/* One semop() on semaphore 0: -1 takes the lock (blocking while it is 0),
 * +1 gives it back. SEM_UNDO on both keeps the kernel's undo record even.
 * EINTR: Linux ends a waiting semop() when the process is stopped and
 * continued (Ctrl-Z, fg), even with no handler; we simply wait again. */
static void lock_op(int semid, short change, const char *doing)
{
    struct sembuf op = { .sem_num = 0, .sem_op = change, .sem_flg = SEM_UNDO };
    int rc;

    while ((rc = semop(semid, &op, 1)) == -1 && errno == EINTR)
        ;
    if (rc == 0)
        return;
    if (errno == EIDRM || errno == EINVAL)
        fail("%s: the set was removed (%s: %s)\n%s: someone ran sysv_sem_lock -r",
             doing, errno == EIDRM ? "EIDRM" : "EINVAL", strerror(errno), prog);
    die(doing);
}
