#!/bin/sh
# sysv_mq_receiver / sysv_mq_sender: messages arrive whole, in order, once;
# "end" stops the receiver, which then removes the queue if it is empty.
#   sysv_pair.sh receiver-first | sender-first | stdin | count | types |
#                senders | nowait | full-nowait | full-wait | sender-INT |
#                full-count | empty-eof | empty-INT | too-long | hex-key
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=mq_lib.sh
. "$TESTS/msgqueue/mq_lib.sh"
key=$SYSV_KEY

case $1 in
receiver-first)
    start receiver sysv_mq_receiver -k "$key"
    wait_ready receiver
    run sender sysv_mq_sender -k "$key" hello "two words" "" "  spaces kept  " end
    finish receiver
    expect_received receiver hello "two words" "" "  spaces kept  " end
    ;;
sender-first)
    # The messages wait in the kernel; the byte count is the text alone
    # (5 + 9 + 3): mtype is not part of the size given to msgsnd.
    run sender sysv_mq_sender -k "$key" hello "two words" end
    expect_sysv_queued "$key" 3 17
    start receiver sysv_mq_receiver -k "$key"
    finish receiver
    expect_out receiver '3 message\(s\) waiting'
    expect_received receiver hello "two words" end
    ;;
stdin)
    printf 'line one\n\n  line three  \nend\n' >"$WORK/input"
    start receiver sysv_mq_receiver -k "$key"
    wait_ready receiver
    run_in sender "$WORK/input" sysv_mq_sender -k "$key"
    finish receiver
    expect_received_file receiver "$WORK/input"
    ;;
count)
    start receiver sysv_mq_receiver -k "$key" -c 2
    wait_ready receiver
    run sender sysv_mq_sender -k "$key" first second
    finish receiver
    expect_received receiver first second
    ;;
types)
    # A receiver for type 2 takes only type 2, leaves the rest queued and the
    # queue in place; a receiver for type 1 then drains it and removes it.
    start receiver sysv_mq_receiver -k "$key" -t 2
    wait_ready receiver
    run sender sysv_mq_sender -k "$key" -t 1 one two
    run sender2 sysv_mq_sender -k "$key" -t 2 for-two end
    finish receiver
    expect_status sender2 0
    expect_received receiver for-two end
    expect_out receiver '^2 message\(s\) remain'
    expect_sysv_queued "$key" 2 6
    run receiver1 sysv_mq_receiver -k "$key" -t 1 -N
    expect_status receiver1 0
    expect_received receiver1 one two
    expect_out receiver1 '^removed the queue'
    ;;
senders)
    # Three senders at once into one queue (a shared mailbox): every message
    # arrives once, and each sender's messages in the order it sent them.
    for s in a b c; do
        i=1
        while [ "$i" -le 40 ]; do echo "$s-$i"; i=$((i + 1)); done >"$WORK/$s.txt"
    done
    start receiver sysv_mq_receiver -k "$key"
    wait_ready receiver
    for s in a b c; do start_in "sender_$s" "$WORK/$s.txt" sysv_mq_sender -k "$key"; done
    for s in a b c; do finish "sender_$s"; expect_status "sender_$s" 0; done
    run sender sysv_mq_sender -k "$key" end
    finish receiver
    sed -n 's/^received: //p' "$WORK/receiver.out" >"$WORK/got.txt"
    [ "$(tail -n 1 "$WORK/got.txt")" = end ] || fail "end did not come last"
    for s in a b c; do
        grep "^$s-" "$WORK/got.txt" | diff -u "$WORK/$s.txt" - >"$WORK/diff.txt" ||
            fail "sender $s's messages arrived wrong: $(cat "$WORK/diff.txt")"
    done
    [ "$(wc -l <"$WORK/got.txt")" -eq 121 ] || fail "expected 121 messages in all"
    ;;
nowait)
    # -N creates no queue, and on an empty queue it stops instead of waiting.
    run receiver sysv_mq_receiver -k "$key" -N
    expect_status receiver 1
    expect_err receiver 'no queue with key'
    run sender sysv_mq_sender -k "$key" a b
    run receiver sysv_mq_receiver -k "$key" -N
    expect_out receiver '^queue empty'
    expect_received receiver a b
    ;;
full-nowait | full-wait | sender-INT)
    # The queue holds msgmnb bytes (16384: sixteen 1000-byte messages).
    fits=$(($(cat /proc/sys/kernel/msgmnb) / 1000))
    [ "$fits" -le 100 ] || { echo "msgmnb is large here; skipping"; exit 77; }
    big_messages $((fits + 3)) 1000 >"$WORK/input"
    if [ "$1" = full-nowait ]; then
        run_in overflow "$WORK/input" sysv_mq_sender -k "$key" -N
        expect_status overflow 1
        expect_err overflow "queue full: sent $fits message"
        expect_sysv_queued "$key" "$fits" $((fits * 1000))
        run receiver sysv_mq_receiver -k "$key" -N
        head -n "$fits" "$WORK/input" >"$WORK/expected"
    elif [ "$1" = full-wait ]; then
        start_in sender "$WORK/input" sysv_mq_sender -k "$key"
        wait_line sender 'queue is full'
        still_running sender
        expect_sysv_queued "$key" "$fits"
        start receiver sysv_mq_receiver -k "$key" -c $((fits + 3))
        finish sender
        finish receiver
        cp "$WORK/input" "$WORK/expected"
    else
        head -n "$fits" "$WORK/input" >"$WORK/fill"
        run_in filler "$WORK/fill" sysv_mq_sender -k "$key" -N
        expect_status filler 0
        start sender sysv_mq_sender -k "$key" "$(tail -n 1 "$WORK/input")"
        wait_line sender 'queue is full'
        signal sender INT
        finish sender
        expect_out sender '^interrupted'
        run receiver sysv_mq_receiver -k "$key" -N
        cp "$WORK/fill" "$WORK/expected"
    fi
    expect_received_file receiver "$WORK/expected"
    ;;
full-count)
    # Exercise 3 of docs/msgqueue.md: msgmnb caps the number of messages too
    # (each counts as at least one byte): msgmnb empty messages fit, no more.
    max=$(cat /proc/sys/kernel/msgmnb)
    [ "$max" -le 65536 ] || { echo "msgmnb is large here; skipping"; exit 77; }
    yes '' | head -n $((max + 1)) >"$WORK/input"
    run_in overflow "$WORK/input" sysv_mq_sender -k "$key" -N
    expect_status overflow 1
    expect_err overflow "queue full: sent $max message"
    expect_sysv_queued "$key" "$max" 0
    run receiver sysv_mq_receiver -k "$key" -N
    [ "$(grep -c '^received: $' "$WORK/receiver.out")" = "$max" ] ||
        fail "expected $max empty messages back"
    ;;
empty-eof | empty-INT)
    # A sender with nothing to send (Ctrl-D, or Ctrl-C, before the first
    # line) makes no queue, so it leaves none behind (SPEC rule 7).
    mkfifo "$WORK/input"
    start_in sender "$WORK/input" sysv_mq_sender -k "$key"
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
    expect_sysv_gone "$key"
    pass
    ;;
too-long)
    # 1024 bytes is the limit: a longer message is refused whole, with the
    # others, before anything is created or sent.
    big_messages 1 1025 >"$WORK/long"
    big_messages 1 1024 >"$WORK/max"
    run sender sysv_mq_sender -k "$key" short "$(cat "$WORK/long")"
    expect_status sender 2
    expect_err sender 'limit of 1024 bytes'
    expect_err sender usage
    expect_sysv_gone "$key"
    run sender sysv_mq_sender -k "$key" "$(cat "$WORK/max")"
    run receiver sysv_mq_receiver -k "$key" -N
    expect_received_file receiver "$WORK/max"
    ;;
hex-key)
    # -k takes a key as ipcs prints it, a-f included: 0xff was once
    # refused (after 0x, only a digit 0-9 was let through).
    key=$(printf '0xa%06x' $(($$ % 16777216)))    # ipcs: 0x0a......
    run sender sysv_mq_sender -k "$key" hello end
    expect_sysv_queued "$key" 2 8
    start receiver sysv_mq_receiver -k "$key"
    finish receiver
    expect_received receiver hello end
    ;;
*)
    fail "unknown case $1"
    ;;
esac
for name in sender receiver overflow; do expect_narrow "$name"; done
[ ! -f "$WORK/sender.status" ] || expect_status sender 0
expect_status receiver 0
expect_sysv_gone "$key"
pass
