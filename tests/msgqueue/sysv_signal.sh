#!/bin/sh
# Ctrl-C (SIGINT), SIGTERM or a closed terminal (SIGHUP) on a waiting
# sysv_mq_receiver: it says "interrupted", exits 0 and removes its queue;
# but a queue still holding messages (of another type) is left for the next
# receiver.
#   sysv_signal.sh INT | TERM | HUP | INT-nonempty
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=mq_lib.sh
. "$TESTS/msgqueue/mq_lib.sh"
key=$SYSV_KEY

if [ "$1" = INT-nonempty ]; then
    run sender sysv_mq_sender -k "$key" -t 1 not-for-type-2
    expect_status sender 0
    start receiver sysv_mq_receiver -k "$key" -t 2
else
    start receiver sysv_mq_receiver -k "$key"
fi
wait_ready receiver
signal receiver "${1%-nonempty}"
finish receiver
expect_status receiver 0
expect_out receiver "^interrupted by SIG${1%-nonempty}"
if [ "$1" = INT-nonempty ]; then
    expect_out receiver '^1 message\(s\) remain'
    expect_sysv_queued "$key" 1
    run receiver1 sysv_mq_receiver -k "$key" -N
    expect_received receiver1 not-for-type-2
else
    expect_out receiver '^removed the queue'
fi
expect_sysv_gone "$key"
pass
