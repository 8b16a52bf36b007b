/*
 * sysv_mq_receiver.c - take messages out of a System V message queue: all of
 * them, or only those of one type.
 *
 * A System V queue is a mailbox kept by the kernel and named by a number (a
 * key). Messages wait in it, in order, until someone takes them, even when no
 * process has the queue open. Each message carries a type (a positive long),
 * and msgrcv can ask for the oldest message of one type, leaving the others
 * for another receiver. This receiver owns the queue: when it ends it removes
 * it, but only if it is empty, since what remains is someone else's mail.
 *
 * Usage: sysv_mq_receiver [-k KEY] [-t TYPE] [-N] [-c COUNT]
 *
 * Two terminals (either may start first: both create the queue if missing):
 *   terminal 1:  ./sysv_mq_receiver
 *   terminal 2:  ./sysv_mq_sender hello world end
 *
 * See also: sysv_mq_sender.c (the other half), posix_mq_receiver.c,
 * docs/msgqueue.md.
 * Try: ./sysv_mq_sender -t 1 one; ./sysv_mq_sender -t 2 two end; then
 * ./sysv_mq_receiver -t 2, with `ipcs -q` before and after it.
 */
#define _XOPEN_SOURCE 700       /* System V IPC is part of X/Open (and POSIX 2008) */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* Our limit on a message's text, shared with sysv_mq_sender. The kernel's
 * limit per message is /proc/sys/kernel/msgmax (8192 by default). */
#define MTEXT_MAX 1024

struct message {
    long mtype;                  /* > 0: what msgrcv selects on */
    char mtext[MTEXT_MAX + 1];   /* not a string on the wire: +1 for our '\0' */
};

static const char *prog = "sysv_mq_receiver";
static int queue_id = -1;
static pthread_t signal_thread;
static int signal_thread_started;

/* Only one thread may call exit(): main first stops the signal thread,
 * or waits here while that thread ends the program itself. */
static void stop_signal_thread(void)
{
    if (signal_thread_started) {
        pthread_cancel(signal_thread);
        pthread_join(signal_thread, NULL);
    }
}

static void die(const char *what)
{
    int saved = errno;

    stop_signal_thread();
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(saved));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-k KEY] [-t TYPE] [-N] [-c COUNT]\n"
                 "  -k KEY    System V key, e.g. 0x1234 (default: ftok(\"/tmp/ipc-demo-UID\", 'q'))\n"
                 "  -t TYPE   take only messages of this type (default 0: any type)\n"
                 "  -N        do not wait: take what is queued now, stop when it is empty\n"
                 "  -c COUNT  stop after COUNT messages (default: at the message \"end\")\n", prog);
    exit(status);
}

static long long number(const char *text, long long min, long long max)
{
    char *end;
    long long value;

    errno = 0;
    value = strtoll(text, &end, 0);
    if (errno != 0 || end == text || *end != '\0' || value < min || value > max) {
        fprintf(stderr, "%s: '%s' is not a number from %lld to %lld\n", prog, text, min, max);
        usage(stderr, 2);
    }
    return value;
}

/* The default key comes from ftok() on a directory only we may use. ftok
 * returns -1 when the path is missing, and -1 is a key like any other: a
 * program that does not check it shares a queue with every other such one. */
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
    if ((key = ftok(dir, 'q')) == -1)
        die("ftok");
    return key;
}

/* Runs once, at exit. Messages left in the queue (other
 * types, or more than COUNT) belong to the next receiver: keep it for them. */
static void cleanup(void)
{
    struct msqid_ds info;

    if (queue_id == -1 || msgctl(queue_id, IPC_STAT, &info) == -1)
        return;
    if (info.msg_qnum > 0)
        printf("%lu message(s) remain in the queue: leaving it for the next receiver "
               "(see ipcs -q)\n", (unsigned long)info.msg_qnum);
    else if (msgctl(queue_id, IPC_RMID, NULL) == 0)
        printf("removed the queue (it was empty)\n");
}

/* msgrcv has no timeout and no signal mask argument: a handler that only
 * sets a flag misses a Ctrl-C landing just before msgrcv starts to wait,
 * and msgctl may not be called from a handler (not async-signal-safe).
 * So SIGINT and SIGTERM stay blocked in every thread and this thread takes
 * them with sigwait(): it is ordinary code, free to clean up and exit while
 * main still waits in msgrcv. */
static void *wait_for_signals(void *signals)
{
    int sig;

    if (sigwait(signals, &sig) != 0)    /* main may cancel us here */
        return NULL;
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);  /* we end the program now */
    printf("interrupted by %s: cleaning up\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    exit(0);
}

int main(int argc, char *argv[])
{
    static sigset_t signals;
    struct message msg;
    struct msqid_ds info;
    key_t key = -1;
    long type = 0, count = 0, received = 0;
    int nowait = 0, have_key = 0, opt;
    ssize_t len;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    while ((opt = getopt(argc, argv, "k:t:Nc:h")) != -1) {
        switch (opt) {
        case 'k': key = (key_t)(unsigned)number(optarg, 1, 0xffffffffLL); have_key = 1; break;
        case 't': type = (long)number(optarg, 0, LONG_MAX); break;
        case 'N': nowait = 1; break;
        case 'c': count = (long)number(optarg, 1, INT_MAX); break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    if (optind != argc)
        usage(stderr, 2);
    if (!have_key)
        key = default_key();

    /* Step 1: block the signals before any thread exists: all inherit it. */
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, NULL);

    /* Step 2: create the queue, or use the one a sender made (-N: never create). */
    if (!nowait && (queue_id = msgget(key, IPC_CREAT | IPC_EXCL | 0600)) != -1) {
        printf("created the queue with key 0x%08x (id %d, mode 0600: only you may use it)\n",
               (unsigned)key, queue_id);
    } else if (!nowait && errno != EEXIST) {
        die("msgget");
    } else if ((queue_id = msgget(key, 0)) == -1) {
        if (errno != ENOENT)
            die("msgget");
        fprintf(stderr, "%s: no queue with key 0x%08x: %s (-N creates none: start a "
                        "sender first, or pass the same -k to both)\n",
                prog, (unsigned)key, strerror(errno));
        exit(1);
    } else if (msgctl(queue_id, IPC_STAT, &info) == -1) {
        die("msgctl IPC_STAT (is the queue another user's? ours are mode 0600)");
    } else {
        printf("using the existing queue with key 0x%08x (id %d): %lu message(s) waiting\n",
               (unsigned)key, queue_id, (unsigned long)info.msg_qnum);
    }
    atexit(cleanup);
    errno = pthread_create(&signal_thread, NULL, wait_for_signals, &signals);
    if (errno != 0)
        die("pthread_create");
    signal_thread_started = 1;

    /* Step 3: take messages, the oldest first (of TYPE, if given). */
    if (type != 0)
        printf("taking only messages of type %ld; other types stay in the queue\n", type);
    if (nowait)
        printf("ready: taking what is queued now (IPC_NOWAIT: msgrcv does not wait)\n");
    else
        printf("ready: waiting for messages (msgrcv blocks until one arrives)\n");
    while (count == 0 || received < count) {
        /* The size is that of mtext alone: mtype is not counted (a classic bug). */
        len = msgrcv(queue_id, &msg, MTEXT_MAX, type, nowait ? IPC_NOWAIT : 0);
        if (len == -1 && errno == EINTR)
            continue;
        if (len == -1 && errno == ENOMSG) {
            printf("queue empty%s: stopping, since -N does not wait\n",
                   type != 0 ? " of that type" : "");
            break;
        }
        if (len == -1 && errno == E2BIG)
            die("msgrcv (a message longer than our 1024-byte limit is next; it stays queued)");
        if (len == -1 && errno == EIDRM)
            die("msgrcv (the queue was removed while we waited: ipcrm, or another receiver)");
        if (len == -1)
            die("msgrcv");
        msg.mtext[len] = '\0';   /* the kernel copies bytes, not a string */
        received++;
        printf("received: %s\n", msg.mtext);
        printf("  (type %ld, %zd bytes)\n", msg.mtype, len);
        if (strcmp(msg.mtext, "end") == 0) {
            printf("got \"end\": stopping\n");
            break;
        }
    }

    /* Step 4: end; cleanup() removes the queue at exit if it is empty. */
    stop_signal_thread();
    printf("received %ld message(s)\n", received);
    return 0;
}
