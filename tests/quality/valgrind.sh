#!/bin/sh
# valgrind.sh MECHANISM DRIVER [ARGS...] - run one test driver with every
# program under valgrind memcheck: the driver's own checks must pass (a
# memcheck error or leak turns the program's exit status into 99), and no
# program may exit with a file descriptor it opened still open.
set -u
if ! command -v valgrind >/dev/null; then
    echo "SKIP: valgrind is not installed"
    exit 77
fi
mech=$1 driver=$2
shift 2
logs=$(mktemp -d "${TMPDIR:-/tmp}/ipc-valgrind.XXXXXX") || exit 1
trap 'rm -rf "$logs"' EXIT
IPC_WRAP="valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect"
IPC_WRAP="$IPC_WRAP --track-fds=yes --error-exitcode=99 --log-file=$logs/%p.log"
WAIT_SECS=30
export IPC_WRAP WAIT_SECS

sh "$TESTS/$mech/$driver" "$@"
status=$?
# Each "Open file descriptor N:" is followed by where it was opened; the ones
# valgrind marks "<inherited from parent>" were open before main() ran.
leaks=$(awk '
    /Open file descriptor [0-9]+:/ { fd = $0; getline; if ($0 !~ /inherited from parent/) print fd }
    /definitely lost|indirectly lost|Invalid (read|write)|uninitialised/ { print }
' "$logs"/*.log 2>/dev/null)
if [ -n "$leaks" ]; then
    echo "FAIL: valgrind found:"
    echo "$leaks"
    cat "$logs"/*.log
    exit 1
fi
[ "$status" -eq 0 ] || { echo "FAIL: $driver $* failed under valgrind"; exit 1; }
echo "PASS: no leak, no fd left open, no memory error"
