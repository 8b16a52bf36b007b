/*
 * sysv_mq_sender.c - put messages of one type into a System V message queue.
 *
 * msgsnd copies a message into the kernel and returns at once: the message
 * waits in the queue until a receiver takes it, even after the sender has
 * exited. Only a full queue (msg_qbytes bytes, /proc/sys/kernel/msgmnb,
 * 16384 by default) makes msgsnd wait, or fail at once under IPC_NOWAIT (-N).
 * The type lets many senders share one queue as a mailbox while each
 * receiver takes only the type meant for it.
 *
 * Usage: sysv_mq_sender [-k KEY] [-t TYPE] [-N] [MESSAGE...]
 *
 * Two terminals (either may start first: both create the queue if missing):
 *   terminal 1:  ./sysv_mq_receiver
 *   terminal 2:  ./sysv_mq_sender hello world end
 *
 * See also: sysv_mq_receiver.c (the other half), docs/msgqueue.md.
 * Try: send without a receiver, then `ipcs -q`: the messages wait in the
 * kernel, and "used-bytes" counts the text only, not the type.
 */
#define _XOPEN_SOURCE 700       /* System V IPC is part of X/Open (and POSIX 2008) */
#include "ipc_demo.h"
#include <limits.h>
#include <sys/msg.h>
#include "sysv_message.h"

static const char *next_message(int argc, char *argv[]);
static void send_message(int queue_id, long type, const char *text, int nowait);
static int too_long(const char *text, size_t len);
static void on_signal(int sig);
static int sent;                /* messages sent so far, for the reports */
static int failed;              /* a line of stdin was refused */

int main(int argc, char *argv[])
{
    demo_start(argv[0],
        "Puts messages into a System V message queue, where each waits, whole,\n"
        "until a receiver takes it. Start sysv_mq_receiver first, or after: the\n"
        "messages wait for it. A full queue makes msgsnd wait (or fail, with -N).\n"
        "usage: sysv_mq_sender [-k KEY] [-t TYPE] [-N] [MESSAGE...]\n"
        "  -k KEY   The queue's key, e.g. 0x1234 (decimal or 0x hexadecimal). The\n"
        "           default is ftok(\"/tmp/ipc-demo-UID\", 'q').\n"
        "  -t TYPE  The messages' type, 1 or more (the default is 1).\n"
        "  -N       Do not wait when the queue is full: report it and stop.\n"
        "Each MESSAGE (at most " MTEXT_MAX_TEXT " bytes) is one message. With none,\n"
        "each line of stdin is one.\n");
    key_t key = 0;
    long type = 1;
    int nowait = 0, queue_id, opt;
    struct msqid_ds info;
    while ((opt = getopt(argc, argv, "k:t:Nh")) != -1) {
        switch (opt) {
        case 'k': key = (key_t)parse_long(optarg, 1, 0x7fffffff, "-k"); break;
        case 't': type = parse_long(optarg, 1, LONG_MAX, "-t"); break;
        case 'N': nowait = 1; break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    /* Check every message before sending any: all or nothing. */
    for (int i = optind; i < argc; i++) {
        if (too_long(argv[i], strlen(argv[i])))
            usage(2);
        if (strchr(argv[i], '\n') != NULL) {
            fprintf(stderr, "%s: a message is one line, and \"%s\" holds a newline\n",
                    prog, argv[i]);
            usage(2);
        }
    }
    if (key == 0)
        key = default_key(QUEUE_PROJECT);
    catch_ending_signals(on_signal);

    /* 1. The first message comes before the queue: a sender with nothing
     *    to send (Ctrl-D at once) then makes no queue to leave behind. */
    if (optind == argc)
        printf("no messages given: sending each line you type (Ctrl-D ends)\n");
    const char *text = next_message(argc, argv);
    if (text == NULL) {
        printf("sent 0 message(s); no queue was made\n");
        return failed;
    }

    /* 2. Create the queue, or use one that exists: only if it is ours alone
     *    (another user could have made it first, mode 0666, to read it). */
    if ((queue_id = msgget(key, IPC_CREAT | IPC_EXCL | 0600)) != -1) {
        printf("created the queue with key 0x%08x (id %d, mode 0600)\n",
               (unsigned)key, queue_id);
        printf("the messages wait there until a receiver comes\n");
    } else if (errno != EEXIST || (queue_id = msgget(key, 0)) == -1) {
        die("msgget");
    } else if (msgctl(queue_id, IPC_STAT, &info) == -1) {
        die_hint("msgctl IPC_STAT", "the queue is another user's: mode 0600 keeps "
                 "others out");
    } else {
        refuse_foreign(info.msg_perm.cuid, info.msg_perm.mode, "the queue");
        refuse_foreign(info.msg_perm.uid, info.msg_perm.mode, "the queue");
        printf("using the existing queue with key 0x%08x (id %d)\n",
               (unsigned)key, queue_id);
    }

    /* 3. Send each message; msgsnd returns as soon as the kernel has it. */
    for (; text != NULL; text = next_message(argc, argv))
        send_message(queue_id, type, text, nowait);

    /* 4. Nothing to close: a System V queue is not opened, only named by id. */
    printf("sent %d message(s)\n", sent);
    return failed;
}

/* The arguments one by one, or else each line of stdin; NULL at the end. */
static const char *next_message(int argc, char *argv[])
{
    static int arg = -1;
    static char *line;
    static size_t size;
    ssize_t len;
    if (arg == -1)
        arg = optind;
    if (optind < argc)
        return arg < argc ? argv[arg++] : NULL;
    while ((len = getline(&line, &size, stdin)) != -1) {
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        if (!too_long(line, (size_t)len))
            return line;
        failed = 1;
    }
    free(line);
    line = NULL;
    return NULL;
}

static void send_message(int queue_id, long type, const char *text, int nowait)
{
    struct message msg = { .mtype = type };
    size_t len = strlen(text);
    memcpy(msg.mtext, text, len);   /* no '\0': the length says where it ends */
    printf("sending (type %ld): %s\n", type, text);
    /* The size is that of the text alone, not sizeof msg: mtype is not
     * counted. Try without waiting first, to say so before we wait. */
    int rc;
    while ((rc = msgsnd(queue_id, &msg, len, IPC_NOWAIT)) == -1 && errno == EINTR)
        ;
    if (rc == -1 && errno == EAGAIN && nowait)
        fail("queue full: sent %d message(s), not the rest (-N: no wait)", sent);
    if (rc == -1 && errno == EAGAIN) {
        printf("the queue is full: msgsnd waits until a receiver takes some\n");
        while ((rc = msgsnd(queue_id, &msg, len, 0)) == -1 && errno == EINTR)
            continue;
    }
    if (rc == 0)
        sent++;
    else if (errno == EACCES)
        die_hint("msgsnd", "the queue is another user's: mode 0600 keeps others out");
    else if (errno == EIDRM)
        die_hint("msgsnd", "the queue was removed while we waited");
    else
        die("msgsnd");
}

/* A message too long is refused whole: never sent cut. */
static int too_long(const char *text, size_t len)
{
    if (len <= MTEXT_MAX)
        return 0;
    fprintf(stderr, "%s: a message of %zu bytes is over the limit of %d bytes\n"
                    "%s: not sent: \"%.20s...\"\n", prog, len, MTEXT_MAX, prog, text);
    return 1;
}

/* The sender owns nothing (the receiver removes the queue, and a sender
 * makes one only to put a message in it), so a handler that only writes
 * and _exits is complete and cannot miss. */
static void on_signal(int sig)
{
    (void)sig;
    say(sent > 0 ? "interrupted: the messages sent so far stay in the queue\n" :
        "interrupted: nothing was sent\n");
    _exit(0);
}
