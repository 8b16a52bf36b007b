# shellcheck shell=sh
# tests/bench/objects.sh - sourced by the bench drivers (after lib.sh).
#
# expect_objects_gone NAME : every IPC object that `ipc_bench -v` (run as
# NAME) says it made is gone: FIFOs and socket files, System V queues by id,
# and no POSIX shared memory or queue name with its pid is left.
# (A candidate for lib.sh: it is not specific to the benchmark, only to -v.)
expect_objects_gone() {
    _out="$WORK/$1.out"
    grep -q 'created\|listening' "$_out" || fail "$1 narrated no object (was -v given?)"
    # shellcheck disable=SC2013  # paths, ids and names here hold no spaces
    for _path in $(sed -n 's/.*created FIFOs \([^ ]*\) and \([^ ]*\)$/\1 \2/p;
                               s/.*listening on the Unix socket \([^ ]*\)$/\1/p' "$_out"); do
        expect_gone "$_path"
    done
    # Queue ids are reused at once by other programs: a queue with our id
    # is ours only if one of our children was the last to use it.
    _pids=" $(sed -n 's/.*forked the [a-z]*, pid \([0-9]*\)$/\1/p' "$_out" | tr '\n' ' ')"
    # shellcheck disable=SC2013
    for _id in $(sed -n 's/.*created System V queue id \([0-9]*\) .*/\1/p' "$_out"); do
        for _user in $(ipcs -q -i "$_id" 2>/dev/null |
                       sed -n 's/.*lspid=\([0-9]*\).*lrpid=\([0-9]*\).*/\1 \2/p'); do
            case $_pids in
            *" $_user "*) fail "System V queue id $_id was left behind" ;;
            esac
        done
    done
    # shellcheck disable=SC2013
    for _name in $(sed -n 's/.*created shared memory \/\([^ ]*\) .*/\1/p;
                           s/.*created POSIX queue \/\([^ ]*\) .*/\1/p' "$_out"); do
        expect_gone "/dev/shm/$_name"
        # /dev/mqueue may not be mounted: a check there could never fail.
        _list_objects >"$WORK/objects.gone"
        grep -q 'CANNOT-LIST' "$WORK/objects.gone" &&
            fail "cannot list POSIX queues (no /dev/mqueue, no mount namespace)"
        grep -qx "mq $_name" "$WORK/objects.gone" && fail "POSIX queue /$_name was left behind"
    done
}

# expect_csv_rows FILE COUNT : the exact header, then COUNT rows, all ok=yes.
CSV_HEADER='mechanism,size_bytes,placement,trials,throughput_mb_s,throughput_min_mb_s,throughput_max_mb_s,msgs_per_s,rtt_median_ns,rtt_p99_ns,rtt_min_ns,ctx_switches_per_msg,cpu_ns_per_msg,capacity,ok'
expect_csv_rows() {
    _header=$CSV_HEADER
    [ -f "$1" ] || fail "no CSV at $1"
    [ "$(head -n 1 "$1")" = "$_header" ] ||
        fail "CSV header is \"$(head -n 1 "$1")\", expected \"$_header\""
    _rows=$(($(wc -l <"$1") - 1))
    [ "$_rows" -eq "$2" ] || fail "CSV has $_rows rows, expected $2:
$(cat "$1")"
    _bad=$(sed 1d "$1" | grep -v ',yes$')
    [ -z "$_bad" ] || fail "CSV rows not ok=yes:
$_bad"
}

# _err_has NAME REGEX : NAME's stderr has a matching line (for _poll).
_err_has() { grep -Eq -- "$2" "$WORK/$1.err" 2>/dev/null; }

# The kernel's view of what this user may have left: files in the private
# directory, POSIX shared memory and semaphores in /dev/shm, System V
# queues, segments and semaphore sets (ipcs), and POSIX queues. /dev/mqueue
# is not mounted everywhere, and a check that cannot see the queues must not
# pass: they are listed through an mqueue mount in a private mount
# namespace, or the test fails loudly.
# shellcheck disable=SC2012,SC2016  # names with no spaces; $1 for the inner sh
_list_objects() {
    _dir=/tmp/ipc-demo-$(id -u)${IPC_DEMO_TAG:+-$IPC_DEMO_TAG}
    ls -A "$_dir" 2>/dev/null | sed 's|^|dir |'
    ls -A /dev/shm 2>/dev/null | sed 's|^|shm |'
    ipcs -q -s -m 2>/dev/null | awk '$2 ~ /^[0-9]+$/ { print "sysv " $2 }'
    if [ -d /dev/mqueue ] && mountpoint -q /dev/mqueue 2>/dev/null; then
        ls -A /dev/mqueue | sed 's|^|mq |'
    else
        mkdir -p "$WORK/mqueue"
        unshare -m sh -c 'mount -t mqueue none "$1" && ls -A "$1"' sh "$WORK/mqueue" |
            sed 's|^|mq |' || echo "mq CANNOT-LIST"
    fi
}

# snapshot_objects TAG : remember what exists now.
snapshot_objects() { _list_objects | sort >"$WORK/objects.$1"; }

# expect_no_new_objects TAG : nothing exists now that did not at TAG and
# names a pid of ours (other tests run at the same time: theirs may come
# and go). Our pids: the benchmark's and the children it narrated (-v).
expect_no_new_objects() {
    _list_objects | sort >"$WORK/objects.now"
    grep -q 'CANNOT-LIST' "$WORK/objects.now" &&
        fail "cannot list POSIX queues (no /dev/mqueue, no mount namespace)"
    _ours="$(cat "$WORK"/*.pid) $(sed -n 's/.*forked the [a-z]*, pid \([0-9]*\)$/\1/p' "$WORK"/*.out)"
    comm -13 "$WORK/objects.$1" "$WORK/objects.now" >"$WORK/objects.new"
    for _pid in $_ours; do
        grep -q -- "-${_pid}-\|[^0-9]${_pid}[^0-9]*$" "$WORK/objects.new" &&
            fail "left behind: $(grep -- "$_pid" "$WORK/objects.new" | tr '\n' ' ')"
    done
    # System V ids carry no pid: a new one is ours if a pid of ours used it.
    # shellcheck disable=SC2013  # ids: one word each
    for _id in $(sed -n 's/^sysv //p' "$WORK/objects.new"); do
        for _user in $(ipcs -q -i "$_id" 2>/dev/null |
                       sed -n 's/.*lspid=\([0-9]*\).*lrpid=\([0-9]*\).*/\1 \2/p'); do
            case " $_ours " in *" $_user "*) fail "System V queue id $_id left behind" ;; esac
        done
    done
    return 0
}
