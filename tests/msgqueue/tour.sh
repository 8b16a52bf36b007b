# The msgqueue part of the tour (sourced by tests/tour.sh). Default names, as
# a student would type the commands.
# shellcheck shell=sh
# shellcheck source=mq_lib.sh
. "$TESTS/msgqueue/mq_lib.sh"
mechanism msgqueue "msgqueue/: message queues, System V and POSIX (the kernel holds the messages)"

pair_sysv_mq_receiver() {
    watch "the System V receiver creates the queue (a key, mode 0600) and waits in \
    msgrcv; each msgsnd is one whole message; at 'end' the receiver removes the \
    now empty queue."
    start receiver sysv_mq_receiver
    wait_ready receiver
    run sender sysv_mq_sender hello "from another process" end
    finish receiver
    expect_received receiver hello "from another process" end
    sysv_key=$(sed -n 's/.*with key \(0x[0-9a-f]*\).*/\1/p' "$WORK/receiver.out" | head -n 1)
    expect_sysv_gone "$sysv_key"
    show receiver sender
}
pair sysv_mq_receiver pair_sysv_mq_receiver "sysv_mq_receiver sysv_mq_sender"

pair_sysv_mq_sender() {
    watch "types make one queue a mailbox for several parties: the senders run \
    first (the messages wait in the kernel), a receiver for type 2 takes only \
    type 2 and leaves the queue to the next receiver, which drains it."
    run sender1 sysv_mq_sender -t 1 "for whoever takes type 1"
    run sender2 sysv_mq_sender -t 2 "for type 2" end
    run receiver2 sysv_mq_receiver -t 2
    run receiver1 sysv_mq_receiver -N
    expect_received receiver2 "for type 2" end
    expect_received receiver1 "for whoever takes type 1"
    expect_sysv_gone "$sysv_key"
    show sender1 sender2 receiver2 receiver1
}
pair sysv_mq_sender pair_sysv_mq_sender "sysv_mq_sender sysv_mq_receiver"

pair_posix_mq_sender() {
    watch "POSIX queues deliver the highest priority first: sent with priorities \
    1, 9, 5 (end at 0), they arrive 9, 5, 1, end. The receiver prints the \
    attributes fixed at creation (10 messages of 1024 bytes)."
    run sender1 posix_mq_sender -P 1 "priority one"
    run sender9 posix_mq_sender -P 9 "priority nine"
    run sender5 posix_mq_sender -P 5 "priority five"
    run sender0 posix_mq_sender end
    run receiver posix_mq_receiver
    expect_received receiver "priority nine" "priority five" "priority one" end
    expect_posix_gone "/$DEMO_NAME-queue"
    show sender1 sender9 sender5 sender0 receiver
}
pair posix_mq_sender pair_posix_mq_sender "posix_mq_sender posix_mq_receiver"

pair_posix_mq_notify() {
    watch "posix_mq_notify never waits in mq_receive: mq_notify starts a thread \
    when a message lands in the empty queue; that thread re-arms the request and \
    drains the queue. Two sends, two notifications."
    start notify posix_mq_notify
    wait_ready notify
    run sender1 posix_mq_sender hello
    wait_line notify '^received: hello$'
    run sender2 posix_mq_sender again end
    finish notify
    expect_received notify hello again end
    expect_posix_gone "/$DEMO_NAME-queue"
    show notify sender1 sender2
}
pair posix_mq_notify pair_posix_mq_notify "posix_mq_notify posix_mq_sender"
