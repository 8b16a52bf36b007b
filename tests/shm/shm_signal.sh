#!/bin/sh
# Ctrl-C (SIGINT) or SIGTERM: a waiting reader or consumer removes what it
# owns and exits 0; a writer or producer leaves the object, and the message
# or items in it, to the reader or consumer, which still gets them. "writer"
# interrupts it while it waits for the slot (inside a handoff), "idle" while
# it waits for its next line of stdin (outside one).
#   shm_signal.sh sysv|posix|ring reader|writer|idle INT|TERM
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=shm_lib.sh
. "$TESTS/shm/shm_lib.sh"
kind=$1 side=$2 sig=$3
case $kind in
sysv)  opt="-k $SYSV_KEY" reader=sysv_shm_reader writer=sysv_shm_writer ;;
posix) opt="-n /$UNIQ-shm" reader=posix_shm_reader writer=posix_shm_writer ;;
ring)  opt="-n /$UNIQ-ring" reader=shm_consumer writer=shm_producer ;;
*)     fail "unknown kind $kind" ;;
esac
# ThreadSanitizer runs a handler only when the program next enters a call
# it intercepts, and semtimedop is not one: under TSan a sysv program never
# sees its flag set. These programs have no threads: skip (77) rather than hang.
if [ "$kind" = sysv ] && grep -q __tsan_init "$BIN/$reader"; then
    echo "skipped: built with -fsanitize=thread, which delays signal handlers"
    exit 77
fi
gone() {
    case $kind in
    sysv) expect_no_sysv "$SYSV_KEY" ;;
    posix) expect_no_shm "/$UNIQ-shm" ;;
    ring) expect_no_shm "/$UNIQ-ring" ;;
    esac
}

if [ "$side" = writer ]; then
    # The writer (producer) fills the slot(s), waits, and is interrupted.
    # shellcheck disable=SC2086  # $opt is an option and its value
    case $kind in
    ring) start writer "$writer" $opt -s 1 -c 3 ;;
    *)    start writer "$writer" $opt kept never-sent ;;
    esac
    wait_line writer 'full'
    signal writer "$sig"
    finish writer
    expect_status writer 0
    expect_out writer '^interrupted'
    case $kind in sysv) expect_sysv "$SYSV_KEY" ;; posix) expect_shm "/$UNIQ-shm" ;; esac
elif [ "$side" = idle ]; then
    # The writer reads its messages from a FIFO we hold open: after "kept"
    # it waits in read(), holding no slot, and goes at once.
    mkfifo "$WORK/lines"
    # shellcheck disable=SC2086
    start_in writer "$WORK/lines" "$writer" $opt
    exec 3>"$WORK/lines"
    echo kept >&3
    wait_line writer '^sent: kept$'
    signal writer "$sig"
    finish writer
    exec 3>&-
    expect_status writer 0
    expect_out writer '^interrupted'
    side=writer                         # the reader's part is the same
fi
# shellcheck disable=SC2086
start reader "$reader" $opt
wait_ready reader
if [ "$side" = writer ]; then
    # What the interrupted writer put in is still there for the reader.
    case $kind in
    ring) wait_line reader '^received: item 1$' ;;
    *)    wait_line reader '^received: kept$' ;;
    esac
fi
if [ "$kind$side" = ringwriter ]; then
    # The interrupted producer said how many items it made: the consumer
    # takes them and ends by itself, instead of waiting for ever.
    finish reader
    expect_out reader '^the producer stopped after 1 items'
    expect_out reader '^consumed: 1 items'
else
    signal reader "$sig"
    finish reader
    expect_out reader '^interrupted'
fi
expect_status reader 0
gone
pass
