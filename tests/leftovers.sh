#!/bin/sh
# leftovers.sh snapshot FILE | check FILE | clean FILE
# Lists the IPC objects a test could leave behind: System V queues, segments
# and semaphore sets; POSIX shared memory, semaphores and queues; FIFOs and
# socket files in /tmp, /tmp/ipc-demo-UID and the tests' work directories.
# "check" fails, naming them, if any appeared since "snapshot"; "clean"
# removes them (the mutation check runs it after each planted bug): all of
# them, so run it only where nothing else creates IPC objects meanwhile.
set -u
list_objects() {
    for kind in q m s; do
        ipcs -"$kind" 2>/dev/null | awk -v k="$kind" '/^0x/ { print "sysv-" k, $1, $2 }'
    done
    find /dev/shm -mindepth 1 -maxdepth 1 2>/dev/null
    list_queues | sed 's/^/posix-mq /'
    # Not the tests' own work directories: whatever is in one now belongs to a
    # test still running (another ctest run); each driver removes its own.
    find /tmp -maxdepth 3 -path '/tmp/ipc-test.*' -prune -o \( -type p -o -type s \) -print 2>/dev/null
}

# POSIX queues show only where the mqueue file system is mounted. Where it
# is not (a container), root mounts one in a private mount namespace, which
# still shows this IPC namespace's queues and leaves the machine as it was.
# Where neither works the check cannot see queues: it says so and fails,
# rather than pass while a test leaves a queue behind.
list_queues() {
    if grep -q ' /dev/mqueue mqueue ' /proc/mounts 2>/dev/null; then
        ls -A /dev/mqueue
        return
    fi
    _mnt=$(mktemp -d) || exit 1
    # shellcheck disable=SC2016  # $1 expands in the inner shell
    if ! unshare -m --propagation private \
            sh -c 'mount -t mqueue none "$1" && ls -A "$1"' sh "$_mnt" 2>/dev/null; then
        rmdir "$_mnt"
        echo "FAIL: cannot list POSIX message queues: mount the mqueue file" \
             "system (as root: mkdir -p /dev/mqueue &&" \
             "mount -t mqueue none /dev/mqueue)" >&2
        exit 1
    fi
    rmdir "$_mnt"
}

case ${1:-} in
snapshot)
    list_queues >/dev/null
    list_objects | sort >"$2"
    echo "snapshot: $(wc -l <"$2") objects before the tests"
    ;;
check)
    [ -f "$2" ] || { echo "no snapshot at $2"; exit 1; }
    list_queues >/dev/null
    list_objects | sort >"$2.after"
    # An object of a test still running in another checkout's ctest goes
    # away within that test's timeout; what this run left stays. Only what
    # is still there after the grace counts.
    comm -13 "$2" "$2.after" >"$2.new"
    grace=${LEFTOVER_GRACE:-30}
    while [ -s "$2.new" ] && [ "$grace" -gt 0 ]; do
        sleep 1
        grace=$((grace - 1))
        list_objects | sort | comm -12 "$2.new" - >"$2.still"
        mv "$2.still" "$2.new"
    done
    if [ -s "$2.new" ]; then
        echo "FAIL: the tests left these behind:"
        cat "$2.new"
        exit 1
    fi
    echo "PASS: nothing left behind"
    ;;
clean)
    list_objects | sort | comm -13 "$2" - | while read -r kind a b; do
        case $kind in
        sysv-q) ipcrm -q "$b" ;;
        sysv-m) ipcrm -m "$b" ;;
        sysv-s) ipcrm -s "$b" ;;
        posix-mq)
            # shellcheck disable=SC2016  # $1, $2: the inner shell's
            _mnt=$(mktemp -d) &&
                unshare -m --propagation private \
                    sh -c 'mount -t mqueue none "$1" && rm -f "$1/$2"' sh "$_mnt" "$a"
            rmdir "$_mnt" ;;
        *) rm -f "$kind" ;;
        esac
    done 2>/dev/null
    ;;
*)
    echo "usage: leftovers.sh snapshot|check|clean FILE" >&2
    exit 2
    ;;
esac
