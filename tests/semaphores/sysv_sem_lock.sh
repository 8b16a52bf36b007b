#!/bin/sh
# sysv_sem_lock: a System V semaphore as a lock between processes.
#   sysv_sem_lock.sh kill     a second process waits while the first holds
#                             the lock, and gets it when the holder is killed
#                             with SIGKILL (SEM_UNDO gives the lock back)
#   sysv_sem_lock.sh int|hup  the same when the holder gets Ctrl-C (SIGINT)
#                             or its terminal closes (SIGHUP)
#   sysv_sem_lock.sh stop     a waiter stopped and continued (Ctrl-Z, fg)
#                             keeps waiting: Linux ends its semop() with
#                             EINTR then, even without a handler
#   sysv_sem_lock.sh remove   -r removes the set; the waiter reports EIDRM
#   sysv_sem_lock.sh twice    two runs in a row: the first really released
#   sysv_sem_lock.sh no-set   -r with no set is a clear error
#   sysv_sem_lock.sh decimal  -s is base 10: 010 is ten seconds, 08 is eight
#   sysv_sem_lock.sh foreign  a set another user (nobody) made under our key
#                             is refused, and nobody cannot use ours
#   sysv_sem_lock.sh open     our own set, mode 0666, is refused
#   sysv_sem_lock.sh given    a set nobody created and then gave to us with
#                             IPC_SET is refused: its creator keeps the rights
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=semlib.sh
. "$TESTS/semaphores/semlib.sh"
key=$SYSV_KEY
trap '_cleanup; ipcrm -S "$key" 2>/dev/null' EXIT  # even if a check fails

# The first process holds the lock (long enough never to let go by itself);
# the second is seen asleep in semop() by the kernel's waiter count.
holder_and_waiter() {
    start holder sysv_sem_lock -k "$key" -s 60
    wait_line holder '^lock acquired'
    start waiter sysv_sem_lock -k "$key" -s 0
    wait_line waiter '^pid [0-9]+ waiting for the lock'
    wait_until "the second process never waited in semop()" sem_waiters "$key" 1
    expect_no_out waiter '^lock acquired'
}

remove_set() {
    run remover sysv_sem_lock -k "$key" -r
    expect_status remover 0
    expect_out remover '^removed the semaphore set'
    expect_no_set "$key"
}

case $1 in
kill | int | hup)
    holder_and_waiter
    if [ "$1" = kill ]; then
        signal holder KILL
        finish holder
        expect_status holder 137            # 128 + SIGKILL: no chance to clean up
    else
        signal holder "$(echo "$1" | tr '[:lower:]' '[:upper:]')"
        finish holder
        expect_status holder 0
        expect_out holder '^interrupted'
    fi
    finish waiter
    expect_status waiter 0
    expect_out waiter '^lock acquired'
    expect_out waiter '^lock released'
    remove_set
    ;;
stop)
    holder_and_waiter
    signal waiter STOP
    wait_until "the waiter never stopped" stopped "$(pid_of waiter)"
    signal waiter CONT
    wait_until "the waiter never went back to semop()" sem_waiters "$key" 1
    signal holder INT
    finish holder
    expect_status holder 0
    finish waiter
    expect_status waiter 0
    expect_out waiter '^lock acquired'
    expect_out waiter '^lock released'
    remove_set
    ;;
remove)
    holder_and_waiter
    remove_set
    finish waiter
    expect_status waiter 1
    expect_err waiter 'removed \(EIDRM'
    expect_no_out waiter '^lock acquired'
    signal holder TERM
    finish holder
    expect_status holder 0
    ;;
twice)
    run first sysv_sem_lock -k "$key" -s 0
    run second sysv_sem_lock -k "$key" -s 0
    for run in first second; do
        expect_status "$run" 0
        expect_out "$run" '^lock acquired'
        expect_out "$run" '^lock released'
    done
    expect_out first '^created semaphore set .* value 1: unlocked'
    expect_out second '^using semaphore set .* value 1 now'
    [ -n "$(sysv_semid "$key")" ] || fail "the set should outlive its users"
    remove_set
    ;;
decimal)
    # A leading 0 is not octal: 010 holds ten seconds (not eight), and 08 is
    # eight (not a bad octal number). The narration shows the number read.
    for secs in 010:10 08:8; do
        start holder sysv_sem_lock -k "$key" -s "${secs%:*}"
        wait_line holder '^lock acquired'
        expect_out holder "^lock acquired; holding it for ${secs#*:} s\$"
        signal holder INT
        finish holder
        expect_status holder 0
    done
    remove_set
    ;;
foreign)
    # Another user's set under our key (made as nobody, mode 0600, value 1):
    # we could still use it as root, but refuse to, and touch nothing.
    nobody_or_skip sysv_sem_lock
    # shellcheck disable=SC2086
    run other "$SETPRIV" $AS_NOBODY "$BIN/sysv_sem_lock" -k "$key" -s 0
    expect_status other 0
    run mine sysv_sem_lock -k "$key" -s 0
    expect_status mine 1
    expect_err mine "the semaphore set is uid 65534's, mode 0600, not yours alone"
    expect_no_out mine '^pid [0-9]+ waiting'
    semid=$(sysv_semid "$key")
    [ -n "$semid" ] || fail "the other user's set is gone"
    ipcs -s -i "$semid" | grep -q '^uid=65534' || fail "the set changed hands"
    ipcrm -s "$semid"
    # The other way round: our set (0600) is closed to nobody.
    run mine sysv_sem_lock -k "$key" -s 0
    expect_status mine 0
    # shellcheck disable=SC2086
    run other "$SETPRIV" $AS_NOBODY "$BIN/sysv_sem_lock" -k "$key" -s 0
    expect_status other 1
    expect_err other 'Permission denied'
    remove_set
    ;;
open)
    # Our own set, but open to every user (mode 0666, as tutorials make
    # them; ipcmk picks the key): refused, where the old code waited for
    # ever on its value 0.
    # ipcmk picks a random key; -k takes 1..0x7fffffff, so draw again
    # (each draw has even odds) until the key is one of those.
    trap '_cleanup; [ -z "${semid:-}" ] || ipcrm -s "$semid" 2>/dev/null' EXIT
    for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
        semid=$(ipcmk -S 1 -p 0666 | sed -n 's/^Semaphore id: \([0-9]*\)$/\1/p')
        [ -n "$semid" ] || fail "ipcmk made no semaphore set"
        open_key=$(ipcs -s | awk -v id="$semid" '$2 == id { print $1 }')
        case $open_key in 0x[0-7]*) break ;; esac
        ipcrm -s "$semid"
        semid=""
    done
    [ -n "$semid" ] || fail "ipcmk drew 20 keys above 0x7fffffff"
    run mine sysv_sem_lock -k "$open_key" -s 0
    expect_status mine 1
    expect_err mine "the semaphore set is uid 0's, mode 0666, not yours alone"
    ipcrm -s "$semid"
    ;;
given)
    # nobody creates a set under our key and makes us its owner (IPC_SET):
    # owner uid 0, mode 0600 looks like ours alone, but the creator keeps
    # the owner's rights. sysv_sem_lock checks the creator (cuid) as well.
    nobody_or_skip sysv_sem_lock
    command -v "${CC:-cc}" >/dev/null || { echo "SKIP: no C compiler"; exit 77; }
    "${CC:-cc}" -std=c11 -o "$WORK/give_away_set" "$TESTS/semaphores/give_away_set.c" \
        2>"$WORK/cc.err" || fail "give_away_set does not build: $(cat "$WORK/cc.err")"
    chmod 755 "$WORK" "$WORK/give_away_set"     # for nobody to run it
    # shellcheck disable=SC2086
    run other "$SETPRIV" $AS_NOBODY "$WORK/give_away_set" "$key" "$(id -u)"
    expect_status other 0
    semid=$(sysv_semid "$key")
    ipcs -s -i "$semid" | grep -q "^uid=$(id -u)[[:space:]].*cuid=65534" ||
        fail "the set was not given away: $(ipcs -s -i "$semid" | grep uid)"
    run mine sysv_sem_lock -k "$key" -s 0
    expect_status mine 1
    expect_err mine "the semaphore set is uid 65534's, mode 0600, not yours alone"
    expect_no_out mine '^lock acquired'
    ipcrm -s "$semid"
    ;;
no-set)
    run remover sysv_sem_lock -k "$key" -r
    expect_status remover 1
    expect_err remover 'nothing to remove'
    ;;
*)
    fail "unknown case $1"
    ;;
esac
pass
