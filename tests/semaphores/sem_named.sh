#!/bin/sh
# sem_named_wait / sem_named_post: a named semaphore between unrelated
# processes; the waiter acquires exactly COUNT times, then unlinks it.
#   sem_named.sh count | one-by-one | no-waiter | signal INT|TERM
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
name="/$UNIQ-sem"
file="/dev/shm/sem.$UNIQ-sem"               # where glibc keeps it
trap '_cleanup; rm -f "$file"' EXIT         # even if a check fails half-way

case $1 in
count)
    # Five posts, but the waiter takes three and ends: exactly three.
    start waiter sem_named_wait -n "$name" -c 3
    wait_ready waiter
    [ -e "$file" ] || fail "$file does not exist while the waiter runs"
    run poster sem_named_post -n "$name" 5
    finish waiter
    expect_status poster 0
    expect_out poster '^posted 5 of 5'
    ;;
one-by-one)
    # Three posters, one post each: each one lets the waiter through once.
    start waiter sem_named_wait -n "$name" -c 3
    wait_ready waiter
    for i in 1 2 3; do
        run poster sem_named_post -n "$name"
        expect_status poster 0
        wait_line waiter "^acquired $i\$"
    done
    finish waiter
    ;;
no-waiter)
    # Nobody created the semaphore: the poster says so and creates none.
    run poster sem_named_post -n "$name" 2
    expect_status poster 1
    expect_err poster 'is sem_named_wait running'
    expect_gone "$file"
    pass
    ;;
signal)
    # No -c: the waiter runs until a signal, then removes the semaphore.
    start waiter sem_named_wait -n "$name"
    wait_ready waiter
    run poster sem_named_post -n "$name" 2
    wait_line waiter '^acquired 2$'
    signal waiter "$2"
    finish waiter
    expect_status waiter 0
    expect_out waiter '^interrupted after 2 acquisitions'
    grep '^acquired' "$WORK/waiter.out" >"$WORK/got.txt"
    printf 'acquired 1\nacquired 2\n' | diff -u - "$WORK/got.txt" >/dev/null ||
        fail "expected exactly 'acquired 1', 'acquired 2'"
    expect_gone "$file"
    pass
    ;;
*)
    fail "unknown case $1"
    ;;
esac
expect_status waiter 0
grep '^acquired' "$WORK/waiter.out" >"$WORK/got.txt"
printf 'acquired 1\nacquired 2\nacquired 3\n' | diff -u - "$WORK/got.txt" >"$WORK/diff.txt" ||
    fail "the waiter should acquire exactly 3 times:
$(cat "$WORK/diff.txt")"
expect_out waiter "^removed the semaphore $name\$"
expect_gone "$file"
pass
