#!/bin/sh
# A POSIX shm program whose set-up call fails (strace makes the kernel fail
# it once) says which call failed, exits 1, and, having created the object,
# removes it: a half-made object would block every later run.
#   shm_faults.sh PROG fstat|ftruncate
# fstat: the 4th newfstatat and all after it fail (the loader and stdio make
# the first three), which is the check of the object's size and owner.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=shm_lib.sh
. "$TESTS/shm/shm_lib.sh"
prog=$1 call=$2
name="/$UNIQ-fault"
if [ -n "$IPC_WRAP" ] || ! strace -qq -o /dev/null true 2>/dev/null; then
    echo "SKIP: needs strace (and ptrace), without a wrapper"
    exit 77
fi
case $call in
fstat)     inject=newfstatat:error=EIO:when=4+ message='fstat: Input/output error' ;;
ftruncate) inject=ftruncate:error=EFBIG message='ftruncate: File too large' ;;
*)         fail "unknown call $call" ;;
esac
case $prog in *writer) set -- message ;; *) set -- ;; esac
run faulty "$(command -v strace)" -qq -o /dev/null -e inject="$inject" \
    "$BIN/$prog" -n "$name" "$@"
expect_status faulty 1
expect_err faulty "^$prog: $message\$"
expect_no_out faulty '^(created|opened|sent|ready)'
expect_no_shm "$name"
pass
