/*
 * Exercise 05 - posix_queue: remove a POSIX queue only when it is empty,
 * at the end and after Ctrl-C.
 *
 * A POSIX queue lives in the kernel under its name ("/NAME") until someone
 * calls mq_unlink, even when no process has it open. This receiver creates
 * the queue (or opens the one a sender made), takes COUNT messages and
 * ends; Ctrl-C, kill or a closed terminal end it too. Whoever removes the
 * name decides for everyone: messages still queued are someone else's mail,
 * lost if the queue goes. So at exit, whatever the reason, the queue is
 * removed only if it is empty; else it is left for the next receiver.
 *
 * Your part: the TODO in remove_if_empty(), which runs at exit (atexit).
 * Until you do it, the queue is always left behind.
 *
 * Usage: exercise [-n /NAME] [-c COUNT]   (default /ipc-demo-UID-queue, 3)
 *   terminal 1:  ./exercise -c 2
 *   terminal 2:  posix_mq_sender hello world more
 * Grade it: sh exercises/grade.sh 05
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <time.h>

static const char help[] =
    "Exercise 05: takes COUNT messages from a POSIX queue (creating it if no\n"
    "sender has), then ends; at exit, or after Ctrl-C, it removes the queue\n"
    "only if it is empty. Start it, then posix_mq_sender (same -n).\n"
    "usage: exercise [-n /NAME] [-c COUNT]\n"
    "  -n /NAME  the queue (default /ipc-demo-UID-queue)\n"
    "  -c COUNT  how many messages to take (default 3)\n";

static char queue_name[NAME_MAX + 1];
static mqd_t queue = (mqd_t)-1;
static volatile sig_atomic_t interrupted;

static void remove_if_empty(void);
static void on_signal(int sig) { interrupted = sig; }

int main(int argc, char *argv[])
{
    struct mq_attr attr = { .mq_maxmsg = 10, .mq_msgsize = 1024 };
    long count = 3, received = 0;
    int opt;

    demo_start(argv[0], help);
    default_name(queue_name, sizeof queue_name, "/", "-queue");
    while ((opt = getopt(argc, argv, "n:c:h")) != -1) {
        switch (opt) {
        case 'n': copy_option(queue_name, sizeof queue_name, optarg, "-n"); break;
        case 'c': count = parse_long(optarg, 1, INT_MAX, "-c"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc || queue_name[0] != '/')
        usage(2);
    catch_ending_signals(on_signal);    /* no SA_RESTART: a signal ends a wait */

    /* 1. Create the queue, or open the one a sender made (if ours alone). */
    struct stat st;
    queue = mq_open(queue_name, O_RDONLY | O_CREAT, 0600, &attr);
    if (queue == (mqd_t)-1)
        die(queue_name);
    if (fstat((int)queue, &st) == -1)   /* on Linux an mqd_t is an fd */
        die("fstat");
    refuse_foreign(st.st_uid, st.st_mode, "the queue");
    if (atexit(remove_if_empty) != 0)
        fail("atexit failed");
    if (mq_getattr(queue, &attr) == -1)
        die("mq_getattr");
    char *text = malloc((size_t)attr.mq_msgsize + 1);
    if (text == NULL)
        die("malloc");

    /* 2. Take COUNT messages. A signal sets the flag; no wait lasts more
     *    than a second, so one landing just before a wait is seen too. */
    printf("ready: waiting for %ld message(s) on %s\n", count, queue_name);
    while (!interrupted && received < count) {
        struct timespec deadline;
        unsigned int priority;
        if (clock_gettime(CLOCK_REALTIME, &deadline) == -1)
            die("clock_gettime");
        deadline.tv_sec += 1;
        ssize_t len = mq_timedreceive(queue, text, (size_t)attr.mq_msgsize,
                                      &priority, &deadline);
        if (len == -1 && (errno == EINTR || errno == ETIMEDOUT))
            continue;
        if (len == -1)
            die("mq_receive");
        received++;
        print_received(text, (size_t)len);
    }

    /* 3. End the same way either way: remove_if_empty runs at exit. */
    if (interrupted)
        printf("interrupted by signal %d: cleaning up\n", (int)interrupted);
    printf("received %ld message(s)\n", received);
    free(text);
    return 0;
}

/* At exit, after the last message or a signal. QUEUE is open; QUEUE_NAME
 * is its name. Print "removed the queue" or "N message(s) remain: leaving
 * the queue" so the user knows which happened. */
static void remove_if_empty(void)
{
    /* TODO(student): if no message is waiting in the queue, remove its
     * name; if some are, leave the queue for the next receiver. */
    struct mq_attr attr;
    if (mq_getattr(queue, &attr) == -1)
        fprintf(stderr, "%s: mq_getattr: %s\n", prog, strerror(errno));
    else if (attr.mq_curmsgs > 0)
        printf("%ld message(s) remain: leaving the queue\n", attr.mq_curmsgs);
    else if (mq_unlink(queue_name) == 0)
        printf("removed the queue %s (it was empty)\n", queue_name);
    else
        fprintf(stderr, "%s: mq_unlink: %s\n", prog, strerror(errno));
    /* END TODO */
    if (mq_close(queue) == -1)
        fprintf(stderr, "%s: mq_close: %s\n", prog, strerror(errno));
}
