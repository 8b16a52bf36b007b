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
 * Try: `ipcs -s` and `ipcs -s -i SEMID` (see ncount: processes waiting);
 * take SEM_UNDO out, kill -9 a holder, and watch the lock stay taken.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define MAX_HOLD_SECS 3600

static const char *prog = "sysv_sem_lock";

/* The caller must define semctl()'s fourth argument (man 2 semctl). */
union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-k KEY] [-s SECONDS]   take the lock, hold it, release it\n"
                 "       %s [-k KEY] -r             remove the semaphore set\n"
                 "  -k KEY      System V key (default ftok(\"/tmp/ipc-demo-UID\", 'L'))\n"
                 "  -s SECONDS  how long to hold the lock (0..%d, default 5)\n",
            prog, prog, MAX_HOLD_SECS);
    exit(status);
}

static long number(const char *text, const char *option, long min, long max)
{
    char *end;
    long value;

    errno = 0;
    value = strtol(text, &end, 0);      /* base 0: keys may be given in hex */
    if (errno != 0 || end == text || *end != '\0' || value < min || value > max) {
        fprintf(stderr, "%s: %s wants a number from %ld to %ld, not '%s'\n",
                prog, option, min, max, text);
        usage(stderr, 2);
    }
    return value;
}

static void say(const char *text)
{
    if (write(STDOUT_FILENO, text, strlen(text)) < 0)
        return;                 /* nowhere left to report it */
}

/* Nothing to clean up: the set outlives us on purpose, and SEM_UNDO gives
 * back a lock we hold. So the handler just leaves, with write and _exit
 * (async-signal-safe), and cannot miss a signal whatever main is doing. */
static void on_signal(int sig)
{
    (void)sig;
    say("interrupted: exiting; SEM_UNDO releases the lock if we held it\n");
    _exit(0);
}

/* The default key comes from our private directory, which must exist for
 * ftok() to work; ftok's -1 would otherwise be a key everyone shares. */
static key_t default_key(void)
{
    char dir[64];
    struct stat st;
    key_t key;

    snprintf(dir, sizeof dir, "/tmp/ipc-demo-%u", (unsigned)getuid());
    if (mkdir(dir, 0700) == -1 && errno != EEXIST)
        die(dir);
    if (lstat(dir, &st) == -1)
        die(dir);
    if (!S_ISDIR(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 077)) {
        fprintf(stderr, "%s: %s is a symlink, another user's, or open to others; "
                        "refusing to use it\n", prog, dir);
        exit(1);
    }
    key = ftok(dir, 'L');
    if (key == -1)
        die("ftok");
    return key;
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
    if (errno == EIDRM || errno == EINVAL) {
        fprintf(stderr, "%s: %s: the semaphore set was removed (%s: %s); "
                        "someone ran sysv_sem_lock -r\n", prog, doing,
                errno == EIDRM ? "EIDRM" : "EINVAL", strerror(errno));
        exit(1);
    }
    die(doing);
}

int main(int argc, char *argv[])
{
    struct sigaction sa = { .sa_handler = on_signal };
    union semun arg;
    key_t key = 0;
    long hold_secs = 5;
    int remove = 0, semid, value, opt;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    while ((opt = getopt(argc, argv, "k:s:rh")) != -1) {
        switch (opt) {
        case 'k': key = (key_t)number(optarg, "-k", 1, 0x7fffffffL); break;
        case 's': hold_secs = number(optarg, "-s", 0, MAX_HOLD_SECS); break;
        case 'r': remove = 1; break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    if (optind != argc)
        usage(stderr, 2);
    if (key == 0)
        key = default_key();
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    if (remove) {
        semid = semget(key, 0, 0);
        if (semid == -1 && errno == ENOENT) {
            fprintf(stderr, "%s: no semaphore set has key 0x%08x: nothing to remove "
                            "(pass the same -k as the lockers)\n", prog, (unsigned)key);
            exit(1);
        }
        if (semid == -1 || semctl(semid, 0, IPC_RMID) == -1)
            die("removing the semaphore set");
        printf("removed the semaphore set %d (key 0x%08x); processes waiting "
               "on it get EIDRM\n", semid, (unsigned)key);
        return 0;
    }

    /* Step 1: create the set, or join it. Exactly one process creates it
     * (IPC_EXCL) and only that one sets the value: a late SETVAL by anyone
     * else would open a lock that is held. A set is born at 0 on Linux, so a
     * process joining before the creator's SETVAL simply waits for it. */
    semid = semget(key, 1, IPC_CREAT | IPC_EXCL | 0600);
    if (semid != -1) {
        arg.val = 1;
        if (semctl(semid, 0, SETVAL, arg) == -1)
            die("semctl SETVAL");
        printf("created semaphore set %d (key 0x%08x, mode 0600), value 1: unlocked\n",
               semid, (unsigned)key);
    } else if (errno == EEXIST && (semid = semget(key, 1, 0)) != -1) {
        if ((value = semctl(semid, 0, GETVAL)) == -1)
            die("semctl GETVAL");
        printf("using semaphore set %d (key 0x%08x), value %d now\n",
               semid, (unsigned)key, value);
    } else {
        die("semget");
    }

    /* Step 2: take the lock. */
    printf("pid %d waiting for the lock (semop -1, SEM_UNDO: blocks while "
           "another process holds it)\n", (int)getpid());
    lock_op(semid, -1, "taking the lock");
    printf("lock acquired; holding it for %ld s\n", hold_secs);
    if (hold_secs > 0)
        printf("ready: run sysv_sem_lock in another terminal to see it wait "
               "(or kill -9 %d to see SEM_UNDO)\n", (int)getpid());

    /* Step 3: hold it, then give it back. */
    sleep((unsigned)hold_secs);
    lock_op(semid, +1, "releasing the lock");
    printf("lock released\n");
    printf("the set stays for the next process; sysv_sem_lock -r removes it\n");
    return 0;
}
