#!/bin/sh
# leftovers.sh snapshot FILE | check FILE
# Lists the IPC objects a test could leave behind: System V queues, segments
# and semaphore sets; POSIX shared memory, semaphores and queues; FIFOs and
# socket files in /tmp, /tmp/ipc-demo-UID and the tests' work directories.
# "check" fails, naming them, if any appeared since "snapshot".
set -u
list_objects() {
    for kind in q m s; do
        ipcs -"$kind" 2>/dev/null | awk -v k="$kind" '/^0x/ { print "sysv-" k, $1, $2 }'
    done
    find /dev/shm -mindepth 1 -maxdepth 1 2>/dev/null
    # POSIX queues show only where the mqueue file system is mounted.
    if grep -q ' /dev/mqueue ' /proc/mounts 2>/dev/null; then
        find /dev/mqueue -mindepth 1 -maxdepth 1 2>/dev/null
    fi
    # Not the tests' own work directories: whatever is in one now belongs to a
    # test still running (another ctest run); each driver removes its own.
    find /tmp -maxdepth 3 -path '/tmp/ipc-test.*' -prune -o \( -type p -o -type s \) -print 2>/dev/null
}

case ${1:-} in
snapshot)
    list_objects | sort >"$2"
    echo "snapshot: $(wc -l <"$2") objects before the tests"
    ;;
check)
    [ -f "$2" ] || { echo "no snapshot at $2"; exit 1; }
    list_objects | sort >"$2.after"
    new=$(comm -13 "$2" "$2.after")
    if [ -n "$new" ]; then
        echo "FAIL: the tests left these behind:"
        echo "$new"
        exit 1
    fi
    echo "PASS: nothing left behind"
    ;;
*)
    echo "usage: leftovers.sh snapshot|check FILE" >&2
    exit 2
    ;;
esac
