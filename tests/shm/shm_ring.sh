#!/bin/sh
# The bounded buffer, shm_producer / shm_consumer: items arrive once each, in
# order, with the same checksum on both sides; each side says when it has to
# wait (ring full, ring empty); the consumer removes the ring.
#   shm_ring.sh 5000|producer-blocks|consumer-blocks|together|consumer-gone|
#               two-producers|producer-stops|mutex-held
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=shm_lib.sh
. "$TESTS/shm/shm_lib.sh"
ring="/$UNIQ-ring"

# items N : the lines "item 1" to "item N".
items() {
    awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++) print "item " i }'
}

# expect_same_checksum N : producer and consumer agree on N items and the sum.
expect_same_checksum() {
    _p=$(sed -n 's/^produced: \([0-9]* items, checksum [0-9a-f]*\)$/\1/p' "$WORK/producer.out")
    _c=$(sed -n 's/^consumed: \([0-9]* items, checksum [0-9a-f]*\)$/\1/p' "$WORK/consumer.out")
    case $_p in "$1 items, checksum "*) ;; *) fail "producer reported \"$_p\", not $1 items" ;; esac
    [ "$_p" = "$_c" ] || fail "producer says \"$_p\" but consumer says \"$_c\""
}

# shellcheck disable=SC2317  # called through _poll
# _last_line_is NAME ERE : NAME's latest line of output matches ERE.
_last_line_is() { tail -n 1 "$WORK/$1.out" | grep -Eq -- "$2"; }

case $1 in
5000)
    # 5,000 items through a ring of 2 slots: order and checksum hold.
    start consumer shm_consumer -n "$ring"
    wait_ready consumer
    run producer shm_producer -n "$ring" -s 2 -c 5000
    finish consumer
    items 5000 >"$WORK/expected"
    expect_received_file consumer "$WORK/expected"
    expect_same_checksum 5000
    ;;
producer-blocks)
    # Alone, the producer fills both slots and must wait for the third item.
    start producer shm_producer -n "$ring" -s 2 -c 5
    wait_line producer '^ring full: the producer waits'
    expect_out producer '^put: item 2 into slot 1'
    expect_no_out producer '^put: item 3'
    start consumer shm_consumer -n "$ring"
    finish producer
    finish consumer
    expect_received consumer "item 1" "item 2" "item 3" "item 4" "item 5"
    expect_same_checksum 5
    ;;
consumer-blocks)
    # Alone, the consumer finds the ring empty and must wait for the first item.
    start consumer shm_consumer -n "$ring"
    wait_line consumer '^ring empty: the consumer waits'
    expect_no_out consumer '^received:'
    run producer shm_producer -n "$ring" -s 3 -c 3
    finish consumer
    expect_received consumer "item 1" "item 2" "item 3"
    expect_same_checksum 3
    ;;
together)
    # Both started at the same moment, ten times: exactly one creates and
    # initialises the semaphores, the other waits for that.
    items 20 >"$WORK/expected"
    for round in 1 2 3 4 5 6 7 8 9 10; do
        start "consumer$round" shm_consumer -n "$ring"
        start "producer$round" shm_producer -n "$ring" -s 2 -c 20
        finish "producer$round"
        finish "consumer$round"
        expect_status "producer$round" 0
        expect_status "consumer$round" 0
        expect_received_file "consumer$round" "$WORK/expected"
        expect_no_shm "$ring"
    done
    pass
    ;;
consumer-gone)
    # The ring vanishes under a waiting producer: it says so and fails.
    start producer shm_producer -n "$ring" -s 1 -c 3
    wait_line producer '^ring full'
    rm "/dev/shm$ring"
    finish producer
    expect_status producer 1
    expect_err producer 'consumer has gone'
    expect_no_shm "$ring"
    pass
    ;;
two-producers)
    # A ring has one producer: a second one is refused, the first carries on.
    start producer shm_producer -n "$ring" -s 1 -c 2
    wait_line producer '^ring full'
    run second shm_producer -n "$ring" -s 1 -c 2
    expect_status second 1
    expect_err second 'another producer already uses'
    start consumer shm_consumer -n "$ring"
    finish producer
    finish consumer
    expect_received consumer "item 1" "item 2"
    ;;
producer-stops)
    # Ctrl-C on a producer half-way through a long run: it says how many
    # items it made, and the waiting consumer takes those and ends by itself.
    start consumer shm_consumer -n "$ring"
    wait_ready consumer
    start producer shm_producer -n "$ring" -s 1 -c 1000000000
    # Stopped (SIGSTOP), the producer lets the consumer empty the ring and
    # wait on `full`; then Ctrl-C, and SIGCONT so that it sees it.
    wait_line consumer '^received: item 3$'
    signal producer STOP
    _poll "$WAIT_SECS" _last_line_is consumer '^ring empty' ||
        fail "the consumer never waited on an empty ring"
    signal producer INT
    signal producer CONT
    finish producer
    finish consumer
    made=$(sed -n 's/^interrupted after \([0-9]*\) items.*/\1/p' "$WORK/producer.out")
    [ -n "$made" ] || fail "the producer did not say how many items it made"
    expect_out consumer "^the producer stopped after $made items: no more will come\$"
    items "$made" >"$WORK/expected"
    expect_received_file consumer "$WORK/expected"
    ;;
mutex-held)
    # A consumer killed with kill -9 while it held `mutex` leaves it taken
    # for good. We make such a ring: the magic number "ring" and then all
    # zeros, which glibc reads as semaphores of value 0 (mutex held). The
    # producer waits for the mutex, and Ctrl-C must still end it.
    (umask 077 && printf 'gnir' >"/dev/shm$ring") || fail "cannot create /dev/shm$ring"
    truncate -s 1M "/dev/shm$ring"
    start producer shm_producer -n "$ring" -s 1 -c 2
    wait_line producer 'exists \(a consumer made it\)'
    signal producer INT
    finish producer
    rm -f "/dev/shm$ring"
    expect_status producer 0
    expect_out producer '^interrupted after 0 items'
    expect_no_out producer '^put:'
    pass
    ;;
*)
    fail "unknown case $1"
    ;;
esac
expect_status producer 0
expect_status consumer 0
expect_out consumer "^removed $ring\$"
expect_no_shm "$ring"
pass
