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
#include "ipc_demo.h"
#include <limits.h>
#include <pthread.h>
#include <sys/msg.h>
#include "sysv_message.h"

static void *wait_for_signals(void *signals);
static void stop_signal_thread(void);
static void cleanup(void);
static int queue_id = -1;
static pthread_t signal_thread;
static int signal_thread_started;

int main(int argc, char *argv[])
{
    demo_start(argv[0],
        "Takes messages out of a System V message queue, all of them or only one\n"
        "type, and removes the queue at the end if it is empty. Start it first,\n"
        "then sysv_mq_sender in another terminal (or the other way round).\n"
        "usage: sysv_mq_receiver [-k KEY] [-t TYPE] [-N] [-c COUNT]\n"
        "  -k KEY    The queue's key, e.g. 0x1234 (decimal or 0x hexadecimal). The\n"
        "            default is ftok(\"/tmp/ipc-demo-UID\", 'q').\n"
        "  -t TYPE   Take only messages of this type (the default, 0, takes any).\n"
        "  -N        Do not wait and do not create the queue: take what is queued\n"
        "            now, and stop when it is empty.\n"
        "  -c COUNT  Stop after COUNT messages (by default, at the message \"end\").\n");
    static sigset_t signals;
    struct message msg;
    struct msqid_ds info;
    key_t key = 0;
    long type = 0, count = 0, received = 0;
    int nowait = 0, opt;
    while ((opt = getopt(argc, argv, "k:t:Nc:h")) != -1) {
        switch (opt) {
        case 'k': key = (key_t)parse_long(optarg, 1, 0x7fffffff, "-k"); break;
        case 't': type = parse_long(optarg, 0, LONG_MAX, "-t"); break;
        case 'N': nowait = 1; break;
        case 'c': count = parse_long(optarg, 1, INT_MAX, "-c"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc)
        usage(2);
    if (key == 0)
        key = default_key(QUEUE_PROJECT);

    /* 1. Block the ending signals before any thread exists: all inherit it. */
    if (sigemptyset(&signals) == -1 || sigaddset(&signals, SIGINT) == -1 ||
        sigaddset(&signals, SIGTERM) == -1 || sigaddset(&signals, SIGHUP) == -1 ||
        (errno = pthread_sigmask(SIG_BLOCK, &signals, NULL)) != 0)
        die("pthread_sigmask");

    /* 2. Create the queue, or use the one a sender made (-N: never create). */
    if (!nowait && (queue_id = msgget(key, IPC_CREAT | IPC_EXCL | 0600)) != -1) {
        printf("created the queue with key 0x%08x (id %d, mode 0600: yours alone)\n",
               (unsigned)key, queue_id);
    } else if (!nowait && errno != EEXIST) {
        die("msgget");
    } else if ((queue_id = msgget(key, 0)) == -1) {
        if (errno != ENOENT)
            die("msgget");
        fail("no queue with key 0x%08x: %s\n%s: hint: -N creates none: start a "
             "sender first (same -k)", (unsigned)key, strerror(errno), prog);
    } else if (msgctl(queue_id, IPC_STAT, &info) == -1) {
        die_hint("msgctl IPC_STAT", "is the queue another user's? ours are mode 0600");
    } else {
        /* Another user could have made it first, mode 0666, to feed us lies. */
        refuse_foreign(info.msg_perm.cuid, info.msg_perm.mode, "the queue");
        refuse_foreign(info.msg_perm.uid, info.msg_perm.mode, "the queue");
        printf("using the existing queue 0x%08x (id %d): %lu message(s) "
               "waiting\n", (unsigned)key, queue_id, (unsigned long)info.msg_qnum);
    }
    atexit(cleanup);
    if ((errno = pthread_create(&signal_thread, NULL, wait_for_signals, &signals)) != 0)
        die("pthread_create");
    signal_thread_started = 1;

    /* 3. Take messages, the oldest first (of TYPE, if given). */
    if (type != 0)
        printf("taking only messages of type %ld; other types stay in the queue\n", type);
    if (nowait)
        printf("ready: taking what is queued now (IPC_NOWAIT: msgrcv does not wait)\n");
    else
        printf("ready: waiting for messages (msgrcv blocks until one arrives)\n");
    while (count == 0 || received < count) {
        /* The size is that of mtext alone: mtype is not counted (a classic bug). */
        ssize_t len = msgrcv(queue_id, &msg, MTEXT_MAX, type, nowait ? IPC_NOWAIT : 0);
        if (len == -1 && errno == EINTR)
            continue;
        if (len == -1 && errno == ENOMSG) {
            printf("queue empty%s: stopping, since -N does not wait\n",
                   type != 0 ? " of that type" : "");
            break;
        }
        if (len == -1) {
            int err = errno;
            stop_signal_thread();       /* one thread only may call exit */
            errno = err;
            die_hint("msgrcv", err == E2BIG ? "the next message is over "
                     MTEXT_MAX_TEXT " bytes; it stays queued" : err == EIDRM ?
                     "the queue was removed (ipcrm, or another receiver)" : NULL);
        }
        msg.mtext[len] = '\0';   /* the kernel copies bytes, not a string */
        received++;
        print_received(msg.mtext, (size_t)len);
        printf("  (type %ld, %zd bytes)\n", msg.mtype, len);
        if (strcmp(msg.mtext, "end") == 0) {
            printf("got \"end\": stopping\n");
            break;
        }
    }

    /* 4. End; cleanup() removes the queue at exit if it is empty. */
    stop_signal_thread();
    printf("received %ld message(s)\n", received);
    return 0;
}

/* msgrcv has no timeout and no signal mask argument: a handler that only
 * sets a flag misses a Ctrl-C landing just before msgrcv starts to wait,
 * and msgctl may not be called from a handler (not async-signal-safe).
 * So the signals stay blocked in every thread and this thread takes them
 * with sigwait(): it is ordinary code, free to clean up and exit while
 * main still waits in msgrcv. */
static void *wait_for_signals(void *signals)
{
    int sig;
    if (sigwait(signals, &sig) != 0)    /* main may cancel us here */
        return NULL;
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);  /* we end the program now */
    printf("interrupted by %s: cleaning up\n", sig == SIGINT ? "SIGINT" :
           sig == SIGHUP ? "SIGHUP" : "SIGTERM");
    exit(0);
}

/* Only one thread may call exit(): main first stops the signal thread, or
 * waits here while that thread ends the program itself. */
static void stop_signal_thread(void)
{
    if (signal_thread_started) {
        pthread_cancel(signal_thread);
        pthread_join(signal_thread, NULL);
    }
}

/* Runs once, at exit. Messages left in the queue (other types, or more
 * than COUNT) belong to the next receiver: keep it for them. */
static void cleanup(void)
{
    struct msqid_ds info;
    if (queue_id == -1 || msgctl(queue_id, IPC_STAT, &info) == -1)
        return;
    if (info.msg_qnum > 0)
        printf("%lu message(s) remain in the queue: leaving it for the next "
               "receiver (ipcs -q)\n", (unsigned long)info.msg_qnum);
    else if (msgctl(queue_id, IPC_RMID, NULL) == 0)
        printf("removed the queue (it was empty)\n");
}
