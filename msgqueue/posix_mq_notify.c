/*
 * posix_mq_notify.c - receive from a POSIX message queue without waiting in
 * mq_receive: the kernel says when a message has arrived.
 *
 * mq_notify asks for one notification, the next time a message lands in the
 * EMPTY queue; with SIGEV_THREAD the C library starts a new thread to deliver
 * it. That thread first re-arms the notification (each request is good for
 * one shot), then takes every waiting message with mq_receive on a
 * non-blocking descriptor until EAGAIN says the queue is empty. The main
 * thread is free meanwhile; here it just waits for the end.
 *
 * Usage: posix_mq_notify [-n /NAME] [-c COUNT]
 *
 * Two terminals (either may start first: both create the queue if missing):
 *   terminal 1:  ./posix_mq_notify
 *   terminal 2:  ./posix_mq_sender hello; ./posix_mq_sender world end
 *
 * See also: posix_mq_sender.c (the sender), posix_mq_receiver.c (the
 * blocking way), docs/msgqueue.md.
 * Try: strace -f -e trace=mq_notify,mq_timedreceive ./posix_mq_notify, and
 * see each mq_receive come from a new thread and end in EAGAIN.
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include <fcntl.h>
#include <mqueue.h>
#include <pthread.h>
#include <semaphore.h>
#include "posix_queue.h"

static void on_message(union sigval unused);
static void drain(const char *who);
static void on_signal(int sig);
static void cleanup(void);
static char queue_name[NAME_MAX + 1];
static mqd_t queue = (mqd_t)-1;
static struct sigevent event;   /* how to notify: start a thread running on_message */
static char *text;              /* mq_msgsize + 1 bytes */
static long msgsize, count, received;
static int finished;
/* One drain at a time: two threads taking turns message by message could
 * print their received: lines out of order. */
static pthread_mutex_t draining = PTHREAD_MUTEX_INITIALIZER;
static sem_t done;              /* posted at "end", after COUNT, or by a signal */
static volatile sig_atomic_t interrupted;

int main(int argc, char *argv[])
{
    demo_start(argv[0],
        "Receives from a POSIX message queue without waiting in mq_receive:\n"
        "mq_notify has a new thread started when a message arrives in the empty\n"
        "queue, and that thread takes what is queued. Start it first, then\n"
        "posix_mq_sender in another terminal (or the other way round).\n"
        "usage: posix_mq_notify [-n /NAME] [-c COUNT]\n"
        "  -n /NAME   The queue's name (the default is /ipc-demo-UID-queue).\n"
        "  -c COUNT   Stop after COUNT messages (by default, at the message \"end\").\n");
    struct mq_attr attr = { .mq_maxmsg = MAXMSG_DEFAULT, .mq_msgsize = MSGSIZE };
    int opt, flags = O_RDONLY | O_NONBLOCK;
    default_name(queue_name, sizeof queue_name, "/", "-queue");
    while ((opt = getopt(argc, argv, "n:c:h")) != -1) {
        switch (opt) {
        case 'n': queue_name_option(queue_name, sizeof queue_name, optarg); break;
        case 'c': count = parse_long(optarg, 1, INT_MAX, "-c"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc)
        usage(2);
    if (sem_init(&done, 0, 0) == -1)
        die("sem_init");
    catch_ending_signals(on_signal);

    /* 1. Create or open the queue (if it is ours alone), non-blocking: we
     *    never wait in it. */
    if ((queue = mq_open(queue_name, flags | O_CREAT | O_EXCL, 0600, &attr)) != (mqd_t)-1) {
        printf("created the queue %s (mode 0600: yours alone)\n", queue_name);
    } else if (errno == EEXIST && (queue = mq_open(queue_name, flags)) != (mqd_t)-1) {
        refuse_foreign_queue(queue, queue_name);
        printf("opened the queue %s that a sender created\n", queue_name);
    } else {
        die_hint(queue_name, open_hint(errno));
    }
    atexit(cleanup);
    if (mq_getattr(queue, &attr) == -1)
        die("mq_getattr");
    msgsize = attr.mq_msgsize;
    if ((text = malloc((size_t)msgsize + 1)) == NULL)
        die("malloc");

    /* 2. Ask for a thread to be started when a message arrives. */
    event.sigev_notify = SIGEV_THREAD;
    event.sigev_notify_function = on_message;
    pthread_mutex_lock(&draining);
    if (mq_notify(queue, &event) == -1)
        die_hint("mq_notify", errno == EBUSY ?
                 "another process already asked (one per queue)" : NULL);
    printf("ready: asked mq_notify for a thread when a message arrives in the empty\n"
           "queue (%ld queued now)\n", attr.mq_curmsgs);
    /* Messages already queued bring no notification (the queue is not
     * empty): take them now, or we would wait for ever. */
    drain("main thread");
    pthread_mutex_unlock(&draining);

    /* 3. The main thread has nothing to do but wait for the end. */
    while (sem_wait(&done) == -1 && errno == EINTR)
        continue;
    pthread_mutex_lock(&draining);      /* no drain is half done while we exit */
    if (interrupted)
        printf("interrupted by %s: cleaning up\n", interrupted == SIGINT ? "SIGINT" :
               interrupted == SIGHUP ? "SIGHUP" : "SIGTERM");
    printf("received %ld message(s)\n", received);
    free(text);
    return 0;                           /* cleanup() runs at exit */
}

/* Runs in a new thread for each notification. Re-arm BEFORE draining: a
 * message arriving after our last mq_receive then notifies us again. */
static void on_message(union sigval unused)
{
    (void)unused;
    pthread_mutex_lock(&draining);
    printf("notified: a message arrived in the empty queue (in a new thread)\n");
    if (!finished && mq_notify(queue, &event) == -1)
        die("mq_notify (re-arming)");
    drain("notification thread");
    pthread_mutex_unlock(&draining);
}

/* Take every message waiting now; mq_receive never waits (O_NONBLOCK). */
static void drain(const char *who)
{
    unsigned int priority;
    while (!finished) {
        ssize_t len = mq_receive(queue, text, (size_t)msgsize, &priority);
        if (len == -1 && errno == EAGAIN) {
            printf("queue empty (%s): waiting for the next notification\n", who);
            return;
        }
        if (len == -1 && errno == EINTR)
            continue;           /* interrupted before a message was taken */
        if (len == -1)
            die("mq_receive");
        text[len] = '\0';       /* the kernel copies bytes, not a string */
        received++;
        print_received(text, (size_t)len);
        printf("  (priority %u, %zd bytes, taken by the %s)\n", priority, len, who);
        if (strcmp(text, "end") == 0 || (count > 0 && received >= count)) {
            finished = 1;
            sem_post(&done);
        }
    }
}

/* sem_post is async-signal-safe (man 7 signal-safety), and a post that
 * lands before main reaches sem_wait is kept, so no signal is missed. */
static void on_signal(int sig)
{
    interrupted = sig;
    sem_post(&done);
}

/* Closing the descriptor also cancels our notification request. */
static void cleanup(void)
{
    struct mq_attr attr;
    if (queue == (mqd_t)-1)
        return;
    if (mq_getattr(queue, &attr) == 0 && attr.mq_curmsgs > 0)
        printf("%ld message(s) remain in the queue: leaving it for the next "
               "receiver\n", attr.mq_curmsgs);
    else if (mq_unlink(queue_name) == 0)
        printf("removed the queue %s (it was empty)\n", queue_name);
    if (mq_close(queue) == -1)     /* at exit: say so, nothing more to do */
        fprintf(stderr, "%s: mq_close: %s\n", prog, strerror(errno));
}
