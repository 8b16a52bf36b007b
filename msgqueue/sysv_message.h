/*
 * sysv_message.h - the message that sysv_mq_sender and sysv_mq_receiver
 * pass through a System V queue, defined once for both halves.
 */
#ifndef SYSV_MESSAGE_H
#define SYSV_MESSAGE_H

/* Our limit on a message's text; the kernel's is /proc/sys/kernel/msgmax
 * (8192 by default). A longer message is refused whole, never sent cut. */
#define MTEXT_MAX 1024
#define MTEXT_MAX_TEXT "1024"           /* the same, for the -h text */
#define QUEUE_PROJECT 'q'               /* ftok's letter for the default key */

/* msgsnd and msgrcv take a long type followed by the text, and the size
 * they are given counts the text only, never the type (a classic bug). */
struct message {
    long mtype;                 /* > 0: what a receiver may select on */
    char mtext[MTEXT_MAX + 1];  /* bytes, not a string: +1 for the receiver's '\0' */
};
#endif
