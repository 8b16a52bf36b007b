# tests/shm/shm_lib.sh - what the shm drivers add to tests/lib.sh (sourced
# after it): checks that a System V key or a POSIX name is free again.

# expect_no_sysv KEY : no System V segment and no semaphore set has KEY.
expect_no_sysv() {
    _key=$(printf '0x%08x' "$1")
    if ipcs -m | grep -q "^$_key "; then
        fail "a shared memory segment with key $_key was left behind: $(ipcs -m | grep "^$_key ")"
    fi
    if ipcs -s | grep -q "^$_key "; then
        fail "a semaphore set with key $_key was left behind: $(ipcs -s | grep "^$_key ")"
    fi
}

# expect_no_shm /NAME : no POSIX shared memory object /NAME (/dev/shm/NAME).
expect_no_shm() {
    expect_gone "/dev/shm$1"
}

# expect_shm /NAME : the object /NAME exists.
expect_shm() {
    [ -e "/dev/shm$1" ] || fail "shared memory object $1 is missing (no /dev/shm$1)"
}

# expect_sysv KEY : a segment and a semaphore set with KEY exist.
expect_sysv() {
    _key=$(printf '0x%08x' "$1")
    ipcs -m | grep -q "^$_key " || fail "no segment with key $_key"
    ipcs -s | grep -q "^$_key " || fail "no semaphore set with key $_key"
}

# messages FILE : 500 lines of varied length (0 to 1024 bytes, the slot's
# size), each unlike its neighbours, so a torn or stale read shows.
messages() {
    awk 'BEGIN {
        for (i = 1; i <= 500; i++) {
            n = (i * 379) % 1025
            if (i == 1) n = 1024; else if (i == 2) n = 0
            s = ""
            c = sprintf("%c", 97 + i % 26)
            while (length(s) < n) s = s c i "-"
            print substr(s, 1, n)
        }
    }' >"$1"
}
