/*
 * Exercise 04 - sysv_types: take only the System V messages of one type.
 *
 * Many senders can share one System V queue as a mailbox: each message
 * carries a type (a positive long), and a receiver can ask msgrcv for the
 * oldest message of ONE type, leaving every other message queued, in
 * order, for the receiver it was meant for. This receiver takes what is
 * queued now of type TYPE without waiting, prints each, and stops when none
 * of that type is left. It removes the queue at the end only if it is
 * empty: what remains is someone else's mail.
 *
 * Your part: the TODO in take(). Until you do it, nothing is taken.
 *
 * Usage: exercise [-k KEY] -t TYPE
 *   terminal 1:  sysv_mq_sender -t 1 for-one; sysv_mq_sender -t 2 for-two
 *   terminal 1:  ./exercise -t 2       (takes for-two, leaves for-one)
 * Grade it: sh exercises/grade.sh 04
 */
#define _XOPEN_SOURCE 700       /* System V IPC is part of X/Open */
#include "ipc_demo.h"
#include <limits.h>
#include <sys/msg.h>

#define MTEXT_MAX 1024          /* as sysv_mq_sender's */

static const char help[] =
    "Exercise 04: takes the messages of type TYPE queued now in a System V\n"
    "queue, without waiting, and leaves the other types queued. Send some\n"
    "first with sysv_mq_sender -t TYPE (same -k).\n"
    "usage: exercise [-k KEY] -t TYPE\n"
    "  -k KEY   the queue's key (default: ftok(\"/tmp/ipc-demo-UID\", 'q'))\n"
    "  -t TYPE  the type to take, 1 or more\n";

/* What msgsnd and msgrcv move: a type, then the text. Their size argument
 * counts the text only, never the type. */
struct message {
    long mtype;
    char mtext[MTEXT_MAX + 1];  /* +1: room for our '\0' */
};

static ssize_t take(int queue_id, struct message *msg, long type);

int main(int argc, char *argv[])
{
    struct message msg;
    struct msqid_ds info;
    key_t key = 0;
    long type = 0, received = 0;
    int opt;

    demo_start(argv[0], help);
    while ((opt = getopt(argc, argv, "k:t:h")) != -1) {
        switch (opt) {
        case 'k': key = (key_t)parse_long(optarg, 1, 0x7fffffff, "-k"); break;
        case 't': type = parse_long(optarg, 1, LONG_MAX, "-t"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc || type == 0)
        usage(2);
    if (key == 0)
        key = default_key('q');

    /* 1. The queue a sender made; only if it is ours alone. */
    int queue_id = msgget(key, 0);
    if (queue_id == -1)
        die_hint("msgget", "send something first: sysv_mq_sender -t TYPE MESSAGE");
    if (msgctl(queue_id, IPC_STAT, &info) == -1)
        die("msgctl IPC_STAT");
    refuse_foreign(info.msg_perm.uid, info.msg_perm.mode, "the queue");
    printf("ready: queue 0x%08x holds %lu message(s); taking those of type %ld\n",
           (unsigned)key, (unsigned long)info.msg_qnum, type);

    /* 2. Take the messages of TYPE, oldest first, until none is left. */
    ssize_t len;
    while ((len = take(queue_id, &msg, type)) != -1) {
        msg.mtext[len] = '\0';          /* the kernel copies bytes, not a string */
        received++;
        print_received(msg.mtext, (size_t)len);
        printf("  (type %ld, %zd bytes)\n", msg.mtype, len);
    }
    if (errno != ENOMSG)
        die("msgrcv");
    printf("no more messages of type %ld: took %ld\n", type, received);

    /* 3. Remove the queue only if nothing is left for anyone else. */
    if (msgctl(queue_id, IPC_STAT, &info) == -1)
        die("msgctl IPC_STAT");
    if (info.msg_qnum > 0)
        printf("%lu message(s) of other types remain: the queue stays (ipcs -q)\n",
               (unsigned long)info.msg_qnum);
    else if (msgctl(queue_id, IPC_RMID, NULL) == 0)
        printf("removed the queue (it was empty)\n");
    return 0;
}

/* Takes the oldest message of TYPE into *MSG, without waiting: returns the
 * text's length, or -1 with errno (ENOMSG: none of that type is queued;
 * EINTR is retried). */
static ssize_t take(int queue_id, struct message *msg, long type)
{
    /* TODO(student): one msgrcv call that takes the oldest message of TYPE
     * only, at most MTEXT_MAX bytes of text, and does not wait. */
    ssize_t len;
    do
        len = msgrcv(queue_id, msg, MTEXT_MAX, type, IPC_NOWAIT);
    while (len == -1 && errno == EINTR);
    return len;
    /* END TODO */
}
