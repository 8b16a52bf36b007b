# The semaphores part of the tour (sourced by tests/tour.sh). Default names,
# as a student would type the commands.
# shellcheck source=semlib.sh
. "$TESTS/semaphores/semlib.sh"
mechanism semaphores "semaphores/: mutual exclusion and signalling"

pair_sem_critical() {
    watch "a semaphore at 1 is a lock: after a thread's 'entered' comes its own \
    'leaving', never another thread's 'entered', while the others wait in sem_wait."
    run critical sem_critical -t 3
    expect_status critical 0
    show critical
}
pair sem_critical pair_sem_critical "sem_critical"

pair_sem_alternate() {
    watch "two semaphores pass the turn back and forth: ping and pong alternate \
    strictly, although pong's thread was started first."
    run alternate sem_alternate -r 3
    expect_status alternate 0
    expect_out alternate '^pong 3$'
    show alternate
}
pair sem_alternate pair_sem_alternate "sem_alternate"

pair_race_counter() {
    watch "without a lock, threads overwrite each other's additions: the counter \
    comes out short, by a different amount each run (on a busy machine, maybe not \
    at all). -w forces the worst case: all read, then all write, so 3 of every 4 \
    additions are lost. With the semaphore it is exact."
    run unsafe race_counter --unsafe
    run worst race_counter -t 4 -i 2000 --unsafe -w
    run locked race_counter
    expect_status unsafe 0
    expect_out worst '^counter: 2000 \(expected 8000\)$'
    expect_out locked '^counter: 4000000 \(expected 4000000\)$'
    show unsafe worst locked
}
pair race_counter pair_race_counter "race_counter"

pair_prodcons_threads() {
    watch "the bounded buffer: producers wait when the ring is full, consumers when \
    it is empty, and the two totals agree."
    run prodcons prodcons_threads
    expect_out prodcons '^the sums agree'
    show prodcons
}
pair prodcons_threads pair_prodcons_threads "prodcons_threads"

pair_sem_named_wait() {
    watch "a named semaphore between unrelated processes: each post lets the waiter \
    through once; the waiter removes it (/dev/shm/sem.ipc-demo-UID-sem) at the end."
    start waiter sem_named_wait -c 3
    wait_ready waiter
    run poster sem_named_post 3
    finish waiter
    expect_out waiter '^acquired 3$'
    expect_gone "/dev/shm/sem.$DEMO_NAME-sem"
    show waiter poster
}
pair sem_named_wait pair_sem_named_wait "sem_named_wait sem_named_post"

pair_sysv_sem_lock() {
    watch "a System V semaphore as a lock between processes: the second waits while \
    the first holds it; kill -9 the holder and SEM_UNDO gives the lock back. The set \
    stays until 'sysv_sem_lock -r'."
    start holder sysv_sem_lock -s 30
    wait_line holder '^lock acquired'
    start second sysv_sem_lock -s 0
    wait_line second 'waiting for the lock'
    semid=$(sed -n 's/^[a-z]* semaphore set \([0-9]*\) .*/\1/p' "$WORK/holder.out")
    wait_until "the second process never waited" test "$(sem_ncount "$semid")" = 1
    signal holder KILL
    finish holder
    finish second
    expect_out second '^lock released'
    run remove sysv_sem_lock -r
    expect_status remove 0
    show holder second remove
}
pair sysv_sem_lock pair_sysv_sem_lock "sysv_sem_lock"
