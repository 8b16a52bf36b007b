# tests/semaphores/semlib.sh - helpers the semaphore drivers share, on top of
# lib.sh (sourced after it). Candidates for lib.sh: wait_until, sysv_semid, stopped.

# wait_until WHAT COMMAND... : retry COMMAND every 20 ms until it succeeds, or
# fail after $WAIT_SECS saying WHAT never happened. It waits for an event
# that no program prints a line for (a process asleep in semop, say).
wait_until() {
    _what=$1
    shift
    _ticks=$((WAIT_SECS * 50))
    while ! "$@"; do
        _ticks=$((_ticks - 1))
        [ "$_ticks" -gt 0 ] || fail "$_what (waited ${WAIT_SECS}s)"
        sleep 0.02
    done
}

# sysv_semid KEY : the id of the System V semaphore set with key KEY, if any.
sysv_semid() {
    ipcs -s | awk -v key="$(printf '0x%08x' "$1")" '$1 == key { print $2 }'
}

# sem_ncount SEMID : how many processes sleep in semop() waiting for
# semaphore 0 of set SEMID to grow (the ncount column of `ipcs -s -i`).
sem_ncount() {
    ipcs -s -i "$1" 2>/dev/null | awk '$1 == "0" && NF == 5 { print $3 }'
}

# sem_waiters KEY N : true when exactly N processes wait on KEY's set.
sem_waiters() {
    _semid=$(sysv_semid "$1")
    [ -n "$_semid" ] && [ "$(sem_ncount "$_semid")" = "$2" ]
}

# stopped PID : true once PID is stopped (State T in /proc/PID/status).
stopped() {
    [ "$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$1/status" 2>/dev/null)" = T ]
}

# expect_no_set KEY : no semaphore set with key KEY is left.
expect_no_set() {
    [ -z "$(sysv_semid "$1")" ] ||
        fail "the semaphore set with key $(printf '0x%08x' "$1") was left behind"
}

# nobody_or_skip PROG : tests of a hostile neighbour run PROG as user nobody
# with "$SETPRIV" $AS_NOBODY; skip (77) where this machine cannot: not root,
# no setpriv, or nobody cannot reach the built programs. The check runs
# `test`, never the program under test.
SETPRIV=$(command -v setpriv || echo setpriv-missing)
AS_NOBODY="--reuid=nobody --regid=nogroup --clear-groups"
nobody_or_skip() {
    # shellcheck disable=SC2086  # AS_NOBODY is a list of options
    "$SETPRIV" $AS_NOBODY test -x "$BIN/$1" 2>/dev/null || {
        echo "SKIP: cannot run $1 as user nobody here"
        exit 77
    }
}
