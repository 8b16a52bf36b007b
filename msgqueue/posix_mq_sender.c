/*
 * posix_mq_sender.c - put messages, with a priority, into a POSIX message
 * queue.
 *
 * mq_send copies a message into the kernel and returns at once, unless the
 * queue already holds mq_maxmsg messages: then it waits until a receiver
 * takes one (bounded capacity), or with O_NONBLOCK (-N) fails at once with
 * EAGAIN. The receiver gets the highest priority first, and messages of equal
 * priority in the order they were sent. The messages stay in the queue after
 * the sender exits, until a receiver takes them or the queue is removed.
 *
 * Usage: posix_mq_sender [-n /NAME] [-P PRIORITY] [-N] [MESSAGE...]
 *
 * Two terminals (either may start first: both create the queue if missing):
 *   terminal 1:  ./posix_mq_receiver
 *   terminal 2:  ./posix_mq_sender hello world end
 *
 * See also: posix_mq_receiver.c (the other half), posix_mq_notify.c,
 * docs/msgqueue.md.
 * Try: send 11 messages with no receiver running: the 11th waits (the
 * queue holds 10); with -N it says "queue full" instead.
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include <fcntl.h>
#include <mqueue.h>
#include "posix_queue.h"

static void send_message(mqd_t queue, const char *text, unsigned priority, int nowait);
static int too_long(const char *text, size_t len, long limit);
static void on_signal(int sig);
static int sent;                /* messages sent so far, for the reports */

int main(int argc, char *argv[])
{
    demo_start(argv[0],
        "usage: posix_mq_sender [-n /NAME] [-P PRIORITY] [-N] [MESSAGE...]\n"
        "  -n /NAME     the queue (default /ipc-demo-UID-queue)\n"
        "  -P PRIORITY  0 (default) to 32767; the receiver takes the highest first\n"
        "  -N           do not wait when the queue is full: report it and stop\n"
        "  each MESSAGE (at most " MSGSIZE_TEXT " bytes) is one message; with none, each line of stdin\n");
    struct mq_attr attr = { .mq_maxmsg = MAXMSG_DEFAULT, .mq_msgsize = MSGSIZE };
    char queue_name[NAME_MAX + 1];
    unsigned priority = 0;
    int flags = O_WRONLY, failed = 0, opt;
    long prio_max = sysconf(_SC_MQ_PRIO_MAX);   /* 32768 on Linux, at least 32 */
    mqd_t queue;
    default_name(queue_name, sizeof queue_name, "/", "-queue");
    while ((opt = getopt(argc, argv, "n:P:Nh")) != -1) {
        switch (opt) {
        case 'n': queue_name_option(queue_name, sizeof queue_name, optarg); break;
        case 'P': priority = (unsigned)parse_long(optarg, 0,
                                 (prio_max > 0 ? prio_max : 32) - 1, "-P"); break;
        case 'N': flags |= O_NONBLOCK; break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    /* Check every message before sending any: all or nothing. */
    for (int i = optind; i < argc; i++) {
        if (too_long(argv[i], strlen(argv[i]), MSGSIZE))
            usage(2);
        if (strchr(argv[i], '\n') != NULL) {
            fprintf(stderr, "%s: a message is one line, and \"%s\" holds a newline\n",
                    prog, argv[i]);
            usage(2);
        }
    }
    catch_signal(SIGINT, on_signal, 0);
    catch_signal(SIGTERM, on_signal, 0);

    /* 1. Create the queue, or open the one the receiver already made. */
    if ((queue = mq_open(queue_name, flags | O_CREAT | O_EXCL, 0600, &attr)) != (mqd_t)-1)
        printf("created the queue %s (mode 0600, %d messages of %d bytes at most); the "
               "messages wait there until a receiver comes\n", queue_name, MAXMSG_DEFAULT, MSGSIZE);
    else if (errno == EEXIST && (queue = mq_open(queue_name, flags)) != (mqd_t)-1)
        printf("opened the existing queue %s\n", queue_name);
    else
        die_hint(queue_name, open_hint(errno));

    /* 2. Someone else's queue may take shorter messages than ours. */
    if (mq_getattr(queue, &attr) == -1)
        die("mq_getattr");
    if (attr.mq_msgsize > MSGSIZE)
        attr.mq_msgsize = MSGSIZE;
    for (int i = optind; i < argc; i++)
        if (too_long(argv[i], strlen(argv[i]), attr.mq_msgsize))
            return 1;

    /* 3. Send each message. */
    for (int i = optind; i < argc; i++)
        send_message(queue, argv[i], priority, flags & O_NONBLOCK);
    if (optind == argc) {
        char *line = NULL;
        size_t size = 0;
        ssize_t len;
        printf("no messages given: sending each line you type (Ctrl-D ends)\n");
        while ((len = getline(&line, &size, stdin)) != -1) {
            if (len > 0 && line[len - 1] == '\n')
                line[--len] = '\0';
            if (too_long(line, (size_t)len, attr.mq_msgsize))
                failed = 1;
            else
                send_message(queue, line, priority, flags & O_NONBLOCK);
        }
        free(line);
    }

    /* 4. Close our descriptor; the queue and its messages stay. */
    if (mq_close(queue) == -1)
        die("mq_close");
    printf("sent %d message(s)\n", sent);
    return failed;
}

static void send_message(mqd_t queue, const char *text, unsigned priority, int nowait)
{
    struct mq_attr now;
    if (!nowait && mq_getattr(queue, &now) == 0 && now.mq_curmsgs >= now.mq_maxmsg)
        printf("the queue is full (%ld of %ld messages): mq_send waits until the receiver "
               "takes one\n", now.mq_curmsgs, now.mq_maxmsg);
    printf("sending (priority %u): %s\n", priority, text);
    while (mq_send(queue, text, strlen(text), priority) == -1) {
        if (errno == EAGAIN)
            fail("queue full: sent %d message(s); this one and the rest were not sent "
                 "(-N does not wait)", sent);
        if (errno != EINTR)
            die("mq_send");
    }
    sent++;
}

/* A message too long is refused whole: never sent cut. */
static int too_long(const char *text, size_t len, long limit)
{
    if (len <= (size_t)limit)
        return 0;
    fprintf(stderr, "%s: a message of %zu bytes is over the limit of %ld bytes "
                    "(mq_msgsize); not sent: \"%.20s...\"\n", prog, len, limit, text);
    return 1;
}

/* The sender owns nothing (the receiver removes the queue), so a signal
 * handler that only writes and _exits is complete and cannot miss. */
static void on_signal(int sig)
{
    (void)sig;
    say("interrupted: the messages sent so far stay in the queue\n");
    _exit(0);
}
