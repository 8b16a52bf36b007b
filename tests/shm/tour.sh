# The shm part of the tour (sourced by tests/tour.sh). Default names, as a
# student would type the commands.
# shellcheck source=shm_lib.sh
. "$TESTS/shm/shm_lib.sh"
mechanism shm "shm/: shared memory, the fastest IPC, and the semaphores it needs"

pair_sysv_shm_reader() {
    watch "the reader creates a System V segment and a set of two semaphores \
    (empty, full); each message crosses the segment one at a time, and the writer \
    waits while the slot is full. At 'end' the reader removes both objects."
    start reader sysv_shm_reader
    wait_ready reader
    run writer sysv_shm_writer hello "from another process" end
    finish reader
    expect_status writer 0
    expect_received reader hello "from another process" end
    expect_no_sysv "$(sed -n 's/.* key \(0x[0-9a-f]*\) .*/\1/p' "$WORK/reader.out")"
    show reader writer
}
pair sysv_shm_reader pair_sysv_shm_reader "sysv_shm_reader sysv_shm_writer"

pair_posix_shm_writer() {
    watch "the same with POSIX shared memory (/dev/shm/ipc-demo-$(id -u)-shm), and \
    the writer started first: it creates the object, leaves its first message in \
    the slot and waits; the reader finds the semaphores already set and takes both."
    start writer posix_shm_writer first second end
    wait_line writer 'slot is full'
    start reader posix_shm_reader
    finish writer
    finish reader
    expect_status writer 0
    expect_received reader first second end
    expect_no_shm "/$DEMO_NAME-shm"
    show writer reader
}
pair posix_shm_writer pair_posix_shm_writer "posix_shm_writer posix_shm_reader"

pair_shm_producer() {
    watch "the bounded buffer: a ring of 2 slots. The producer starts alone, fills \
    both slots and says it must wait (ring full); the consumer empties the ring, \
    and whichever side gets ahead waits again. Items arrive in order, and both \
    checksums agree."
    start producer shm_producer -s 2 -c 6
    wait_line producer '^ring full'
    start consumer shm_consumer
    finish producer
    finish consumer
    expect_status producer 0
    expect_status consumer 0
    expect_received consumer "item 1" "item 2" "item 3" "item 4" "item 5" "item 6"
    expect_out consumer '^consumed: 6 items, checksum 45448430$'
    expect_out producer '^produced: 6 items, checksum 45448430$'
    expect_no_shm "/$DEMO_NAME-ring"
    show producer consumer
}
pair shm_producer pair_shm_producer "shm_producer shm_consumer"

pair_mmap_anon() {
    watch "no name at all: a parent and its child share an anonymous mapping made \
    before fork, and add to one counter under a semaphore; the total is exact."
    run anon mmap_anon
    expect_status anon 0
    expect_out anon '^counter: 200000 \(expected 200000\)$'
    show anon
}
pair mmap_anon pair_mmap_anon "mmap_anon"
