# tests/signals/sig.sh - helpers the signals drivers share; sourced after
# lib.sh. Everything here reads the kernel's own view of a process
# (/proc/PID/status, /proc/*/stat), so a test can check what a program says.

# signum NAME : this system's number for signal NAME (USR1, RTMIN+3). The
# numbers differ between architectures; the shell's `kill -l N` knows them.
signum() {
    _n=1
    while [ "$_n" -le 64 ]; do
        if [ "$(kill -l "$_n" 2>/dev/null)" = "${1#SIG}" ]; then
            echo "$_n"
            return 0
        fi
        _n=$((_n + 1))
    done
    fail "this shell knows no signal named $1"
}

# ready_pid NAME : the N in NAME's "ready: pid N" line.
ready_pid() { ready_line "$1" | sed -n 's/^ready: pid \([0-9][0-9]*\).*/\1/p'; }

# expect_ready_pid NAME : NAME's ready line names NAME's own pid.
expect_ready_pid() {
    [ "$(ready_pid "$1")" = "$(pid_of "$1")" ] ||
        fail "$1 printed '$(ready_line "$1")', but its pid is $(pid_of "$1")"
}

# mask_has PID FIELD SIGNAL : the FIELD line of /proc/PID/status (SigBlk,
# SigCgt, SigIgn, ShdPnd...) has the bit of SIGNAL (a name). The mask is 16
# hex digits, bit N-1 for signal N; each half fits sh arithmetic.
mask_has() {
    _mask=$(sed -n "s/^$2:[[:space:]]*//p" "/proc/$1/status" 2>/dev/null)
    [ ${#_mask} -eq 16 ] || fail "no $2 line in /proc/$1/status"
    _sig=$(signum "$3")
    if [ "$_sig" -le 32 ]; then
        _word=${_mask#????????} _bit=$((_sig - 1))
    else
        _word=${_mask%????????} _bit=$((_sig - 33))
    fi
    [ $(((0x$_word >> _bit) & 1)) -eq 1 ]
}

# children_of PID : "PID STATE" for every process whose parent is PID, from
# the process table (field 4 of /proc/*/stat; the command name in field 2
# may hold spaces and parentheses, so fields are counted after the last ')').
children_of() {
    cat /proc/[0-9]*/stat 2>/dev/null |
        awk -v parent="$1" '{ pid = $1; sub(/.*\) /, ""); if ($2 == parent) print pid, $1 }'
}

# send_signal NAME PID SIGNAL ARGS... : run signal_sender as NAME to the end, in the
# background so that its pid (the one the receiver reports) is known.
send_signal() {
    _sender=$1
    shift
    start "$_sender" signal_sender "$@"
    finish "$_sender"
    expect_status "$_sender" 0
}
