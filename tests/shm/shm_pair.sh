#!/bin/sh
# The two mailbox pairs, sysv_shm_* and posix_shm_*: every message handed
# over once, intact and in order, whichever side starts first; the reader
# removes segment and semaphores at the end.
#   shm_pair.sh sysv|posix reader-first|writer-first|stdin|many|together|after-end
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=shm_lib.sh
. "$TESTS/shm/shm_lib.sh"
kind=$1
if [ "$kind" = sysv ]; then
    set -- "$2" -k "$SYSV_KEY"
else
    set -- "$2" -n "/$UNIQ-shm"
fi
case_=$1
shift                                   # "$@" is now the option naming the object
reader=${kind}_shm_reader
writer=${kind}_shm_writer

case $case_ in
reader-first)
    start reader "$reader" "$@"
    wait_ready reader
    run writer "$writer" "$@" hello "two words" "" "  spaces kept  " end
    finish reader
    expect_received reader hello "two words" "" "  spaces kept  " end
    expect_status writer 0
    ;;
writer-first)
    # The writer creates everything; its first message waits in the slot,
    # its second waits for a reader, which then gets both.
    start writer "$writer" "$@" first second end
    wait_line writer 'slot is full'
    expect_out writer 'created semaphore set|no reader yet'
    start reader "$reader" "$@"
    finish writer
    finish reader
    expect_status writer 0
    expect_received reader first second end
    ;;
stdin)
    # Each line of stdin is a message; a line longer than the slot (1024
    # bytes) is refused whole, named, and the rest still goes.
    { echo "line one"; awk 'BEGIN { while (n++ < 1025) printf "x"; print "" }'
      printf 'line two\nend'; } >"$WORK/input"
    start reader "$reader" "$@"
    wait_ready reader
    run_in writer "$WORK/input" "$writer" "$@"
    finish reader
    expect_received reader "line one" "line two" end
    expect_status writer 1
    expect_err writer 'refused a line of 1025 bytes.*at most 1024'
    ;;
many)
    # 500 messages from 0 to 1024 bytes, each unlike its neighbours.
    messages "$WORK/input"
    echo end >>"$WORK/input"
    start reader "$reader" "$@"
    wait_ready reader
    run_in writer "$WORK/input" "$writer" "$@"
    finish reader
    expect_received_file reader "$WORK/input"
    expect_status writer 0
    ;;
together)
    # Both started at the same moment, ten times: exactly one creates and
    # initialises, the other waits for that; nothing is lost or doubled.
    for round in 1 2 3 4 5 6 7 8 9 10; do
        start "reader$round" "$reader" "$@"
        start "writer$round" "$writer" "$@" "a$round" "b$round" end
        finish "writer$round"
        finish "reader$round"
        expect_status "writer$round" 0
        expect_status "reader$round" 0
        expect_received "reader$round" "a$round" "b$round" end
    done
    ;;
after-end)
    # The reader leaves at `end` and removes the semaphores: a writer still
    # holding a message is told so and fails, rather than waiting forever.
    start reader "$reader" "$@"
    wait_ready reader
    run writer "$writer" "$@" a end b
    finish reader
    expect_received reader a end
    expect_status writer 1
    expect_err writer 'reader has ended.*"b" was not sent'
    ;;
*)
    fail "unknown case $case_"
    ;;
esac
case $case_ in together) ;; *) expect_status reader 0 ;; esac
if [ "$kind" = sysv ]; then expect_no_sysv "$SYSV_KEY"; else expect_no_shm "/$UNIQ-shm"; fi
pass
