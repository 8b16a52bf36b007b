#!/bin/sh
# posix_mq_notify gets what posix_mq_sender sends without waiting in
# mq_receive: each batch sent into the empty queue starts a notification
# thread, which re-arms the notification and drains the queue.
#   notify.sh batches | sender-first | count | rearm-first
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
rearm-first)
    # The notification thread must re-arm BEFORE it drains: a message that
    # lands after its last mq_receive and before a late re-arm finds the
    # queue non-empty, so no notification ever comes and it waits for ever.
    # strace widens that gap to a second (each mq_notify waits 1 s before
    # the call); the message is sent once the thread says the queue is empty.
    # Planting the bug (drain, then re-arm) makes this case fail.
    strace=$(command -v strace) || { echo "no strace"; exit 77; }
    "$strace" -f -qq -o /dev/null true 2>/dev/null || { echo "no ptrace here"; exit 77; }
    start notify "$strace" -f -qq -o /dev/null \
        -e trace=mq_notify -e inject=mq_notify:delay_enter=1000000 \
        "$BIN/posix_mq_notify" -n "$queue"
    wait_ready notify
    # strace does not pass a SIGTERM on: on failure, end the demo itself.
    tracee=$(cat /proc/"$(pid_of notify)"/task/*/children)
    # shellcheck disable=SC2317  # called by the trap
    end_tracee() {
        kill -TERM "$tracee" 2>/dev/null
        _cleanup
        "$BIN/posix_mq_receiver" -N -n "$queue" >/dev/null 2>&1   # what it left
    }
    trap end_tracee EXIT
    run sender posix_mq_sender -n "$queue" first
    wait_line notify 'queue empty \(notification thread\)'
    run sender2 posix_mq_sender -n "$queue" second end
    finish notify
    expect_received notify first second end
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
expect_narrow notify sender
expect_out notify '^removed the queue'
expect_posix_gone "$queue"
pass
