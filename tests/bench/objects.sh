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
        expect_gone "/dev/mqueue/$_name"
    done
}

# expect_csv_rows FILE COUNT : the exact header, then COUNT rows, all ok=yes.
expect_csv_rows() {
    _header='mechanism,size_bytes,throughput_mb_s,msgs_per_s,rtt_median_ns,rtt_p99_ns,rtt_min_ns,ok'
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
