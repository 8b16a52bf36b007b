#!/bin/sh
# posix_mq_receiver / posix_mq_sender: messages arrive whole, once, highest
# priority first; "end" stops the receiver, which prints the queue's
# attributes and removes the queue once it is empty.
#   posix_pair.sh receiver-first | sender-first | stdin | count | priority |
#                 nowait | full-wait | full-nowait | empty-eof | empty-INT |
#                 too-long
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=mq_lib.sh
. "$TESTS/msgqueue/mq_lib.sh"
queue="/$UNIQ-q"

case $1 in
receiver-first)
    start receiver posix_mq_receiver -n "$queue"
    wait_ready receiver
    run sender posix_mq_sender -n "$queue" hello "two words" "" "  spaces kept  " end
    finish receiver
    # The defaults fit this machine's limits (msg_max 10, msgsize_max 8192)
    # and leave room under RLIMIT_MSGQUEUE for many queues at once.
    expect_out receiver '^attributes: mq_maxmsg 10 .*mq_msgsize 1024 .*mq_curmsgs 0'
    expect_received receiver hello "two words" "" "  spaces kept  " end
    ;;
sender-first)
    run sender posix_mq_sender -n "$queue" hello "two words" end
    start receiver posix_mq_receiver -n "$queue"
    finish receiver
    expect_out receiver 'mq_curmsgs 3'
    expect_received receiver hello "two words" end
    ;;
stdin)
    printf 'line one\n\n  line three  \nend\n' >"$WORK/input"
    start receiver posix_mq_receiver -n "$queue"
    wait_ready receiver
    run_in sender "$WORK/input" posix_mq_sender -n "$queue"
    finish receiver
    expect_received_file receiver "$WORK/input"
    ;;
count)
    start receiver posix_mq_receiver -n "$queue" -c 2
    wait_ready receiver
    run sender posix_mq_sender -n "$queue" first second
    finish receiver
    expect_received receiver first second
    ;;
priority)
    # Queued with priorities 1, 9, 5 (and end at 0): received 9, 5, 1, end.
    run sender posix_mq_sender -n "$queue" -P 1 one
    run sender9 posix_mq_sender -n "$queue" -P 9 nine
    run sender5 posix_mq_sender -n "$queue" -P 5 five
    run sender0 posix_mq_sender -n "$queue" -P 0 end
    for s in sender9 sender5 sender0; do expect_status "$s" 0; done
    start receiver posix_mq_receiver -n "$queue"
    finish receiver
    expect_received receiver nine five one end
    expect_out receiver 'priority 9, 4 bytes'
    ;;
nowait)
    # -N creates no queue, and on an empty queue it stops instead of waiting.
    run receiver posix_mq_receiver -n "$queue" -N
    expect_status receiver 1
    expect_err receiver 'No such file'
    expect_err receiver 'hint: .*start a sender first'
    run sender posix_mq_sender -n "$queue" a b
    run receiver posix_mq_receiver -n "$queue" -N
    expect_out receiver '^queue empty'
    expect_received receiver a b
    ;;
full-wait | full-nowait)
    # Capacity 3: while the receiver is suspended, a blocking sender waits
    # after three messages and completes once the receiver drains the queue;
    # a -N sender says "queue full" and fails instead.
    start receiver posix_mq_receiver -n "$queue" -m 3
    wait_ready receiver
    expect_out receiver 'mq_maxmsg 3 '
    signal receiver STOP
    wait_stopped receiver
    if [ "$1" = full-wait ]; then
        start sender posix_mq_sender -n "$queue" m1 m2 m3 m4 m5 end
        wait_line sender 'queue is full \(3 of 3'
        still_running sender
        expect_no_out sender '^sent '
        signal receiver CONT
        finish sender
        finish receiver
        expect_received receiver m1 m2 m3 m4 m5 end
    else
        run overflow posix_mq_sender -n "$queue" -N m1 m2 m3 m4 m5
        expect_status overflow 1
        expect_err overflow 'queue full: sent 3 message'
        signal receiver CONT
        run sender posix_mq_sender -n "$queue" end
        finish receiver
        expect_received receiver m1 m2 m3 end
    fi
    ;;
empty-eof | empty-INT)
    # A sender with nothing to send (Ctrl-D, or Ctrl-C, before the first
    # line) makes no queue, so it leaves none behind (SPEC rule 7).
    mkfifo "$WORK/input"
    start_in sender "$WORK/input" posix_mq_sender -n "$queue"
    exec 3>"$WORK/input"
    wait_line sender '^no messages given'
    if [ "$1" = empty-INT ]; then
        signal sender INT
        finish sender
        expect_out sender '^interrupted: nothing was sent'
    else
        exec 3>&-
        finish sender
        expect_out sender 'no queue was made'
    fi
    exec 3>&-
    expect_status sender 0
    expect_posix_gone "$queue"
    pass
    ;;
too-long)
    # 1024 bytes is the limit: a longer message is refused whole, with the
    # others, before the queue is even opened.
    big_messages 1 1025 >"$WORK/long"
    big_messages 1 1024 >"$WORK/max"
    run sender posix_mq_sender -n "$queue" short "$(cat "$WORK/long")"
    expect_status sender 2
    expect_err sender 'limit of 1024 bytes'
    expect_err sender usage
    expect_posix_gone "$queue"
    run sender posix_mq_sender -n "$queue" "$(cat "$WORK/max")"
    run receiver posix_mq_receiver -n "$queue" -N
    expect_received_file receiver "$WORK/max"
    ;;
*)
    fail "unknown case $1"
    ;;
esac
[ ! -f "$WORK/sender.status" ] || expect_status sender 0
expect_status receiver 0
expect_out receiver '^removed the queue'
expect_posix_gone "$queue"
pass
