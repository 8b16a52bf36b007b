#!/bin/sh
# posix_mq_notify gets what posix_mq_sender sends without waiting in
# mq_receive: each batch sent into the empty queue starts a notification
# thread, which re-arms the notification and drains the queue.
#   notify.sh batches | sender-first | count
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=mq_lib.sh
. "$TESTS/msgqueue/mq_lib.sh"
queue="/$UNIQ-q"
# glibc starts SIGEV_THREAD threads behind ThreadSanitizer's back, and they
# crash on their first instrumented call (google/sanitizers#1612).
if grep -q __tsan_init "$BIN/posix_mq_notify"; then
    echo "built with -fsanitize=thread, which cannot run SIGEV_THREAD: skipping"
    exit 77
fi

case $1 in
batches)
    # Without re-arming, the second batch would never be noticed.
    start notify posix_mq_notify -n "$queue"
    wait_ready notify
    run sender posix_mq_sender -n "$queue" a
    wait_line notify '^received: a$'
    run sender2 posix_mq_sender -n "$queue" b c
    wait_line notify '^received: c$'
    run sender3 posix_mq_sender -n "$queue" d end
    finish notify
    expect_received notify a b c d end
    [ "$(grep -c '^notified:' "$WORK/notify.out")" -ge 3 ] ||
        fail "expected a notification for each of the three batches"
    ;;
sender-first)
    # Messages queued before mq_notify bring no notification: the program
    # drains them at the start, then notifications bring the rest.
    run sender posix_mq_sender -n "$queue" early1 early2
    start notify posix_mq_notify -n "$queue"
    wait_line notify 'queue empty \(main thread\)'
    run sender2 posix_mq_sender -n "$queue" late end
    finish notify
    expect_received notify early1 early2 late end
    expect_out notify 'taken by the main thread'
    expect_out notify '^notified:'
    ;;
count)
    start notify posix_mq_notify -n "$queue" -c 2
    wait_ready notify
    run sender posix_mq_sender -n "$queue" one two
    finish notify
    expect_received notify one two
    ;;
*)
    fail "unknown case $1"
    ;;
esac
# Every message after the start came through a notification thread; the
# descriptor is O_NONBLOCK, so no mq_receive ever waited.
[ "$(grep -c 'taken by the notification thread' "$WORK/notify.out")" -ge 1 ] ||
    fail "no message was taken by a notification thread"
expect_status sender 0
expect_status notify 0
expect_out notify '^removed the queue'
expect_posix_gone "$queue"
pass
