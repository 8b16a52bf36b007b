#!/bin/sh
# sem_named_wait / sem_named_post: a named semaphore between unrelated
# processes; the waiter acquires exactly COUNT times, then unlinks it.
#   sem_named.sh count | one-by-one | no-waiter | signal INT|TERM|HUP
#   sem_named.sh foreign | open | empty   (what is found under the name)
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=semlib.sh
. "$TESTS/semaphores/semlib.sh"
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
foreign)
    # Another user (nobody) waits on a semaphore under our name, and made it
    # open to all (mode 0666): our waiter and poster refuse it, leave it be,
    # and post nothing to it. The other way round, nobody cannot use ours.
    nobody_or_skip sem_named_wait
    # shellcheck disable=SC2086
    start other "$SETPRIV" $AS_NOBODY "$BIN/sem_named_wait" -n "$name"
    wait_ready other
    chmod 0666 "$file"
    run waiter sem_named_wait -n "$name" -c 1
    expect_status waiter 1
    expect_err waiter "uid 65534's, mode 0666, not yours alone; refusing it"
    expect_no_out waiter '^ready:'
    run poster sem_named_post -n "$name"
    expect_status poster 1
    expect_err poster 'not yours alone; refusing it'
    [ -e "$file" ] || fail "a refusing program removed the other user's semaphore"
    signal other TERM
    finish other
    expect_status other 0
    expect_out other '^interrupted after 0 acquisitions'
    expect_gone "$file"
    start waiter sem_named_wait -n "$name" -c 1
    wait_ready waiter
    # shellcheck disable=SC2086
    run other_poster "$SETPRIV" $AS_NOBODY "$BIN/sem_named_post" -n "$name"
    expect_status other_poster 1
    expect_err other_poster 'Permission denied'
    signal waiter TERM
    finish waiter
    expect_status waiter 0
    expect_out waiter '^interrupted after 0 acquisitions'
    expect_gone "$file"
    pass
    ;;
open)
    # Our own semaphore, but mode 0666 (as many tutorials make one): refused.
    start waiter sem_named_wait -n "$name"
    wait_ready waiter
    chmod 0666 "$file"
    run second sem_named_wait -n "$name" -c 1
    expect_status second 1
    expect_err second "mode 0666, not yours alone; refusing it"
    run poster sem_named_post -n "$name"
    expect_status poster 1
    signal waiter INT
    finish waiter
    expect_status waiter 0
    expect_out waiter '^interrupted after 0 acquisitions'
    expect_gone "$file"
    pass
    ;;
empty)
    # An empty file under the name (anyone may create one in /dev/shm):
    # sem_open maps it without complaint and the first sem_wait or sem_post
    # dies of SIGBUS. Both programs see it is no semaphore and say so.
    (umask 077 && : >"$file")
    run waiter sem_named_wait -n "$name" -c 1
    expect_status waiter 1
    expect_err waiter 'is not a semaphore$'
    expect_err waiter '^\(0 bytes, where a sem_t takes [0-9]+\): refusing it'
    run poster sem_named_post -n "$name"
    expect_status poster 1
    expect_err poster '^\(0 bytes, where a sem_t takes [0-9]+\)'
    [ -e "$file" ] || fail "the file was removed: it was not the programs' to remove"
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
