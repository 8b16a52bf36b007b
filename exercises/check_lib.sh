# shellcheck shell=sh
# exercises/check_lib.sh - sourced by a check.sh after "$TESTS/lib.sh".
# A check's verdict is ONE line on stdout: "solved: ..." (exit 0) or
# "not yet: ..." (exit 1); what the programs printed goes to stderr, for
# whoever debugs the check. Exit 77: this machine cannot check it.
# Optional for a check: grade.sh also reads lib.sh's own "FAIL: ..." line.
# Use: . "$TESTS/lib.sh"; . "${0%/*}/../check_lib.sh"

# lib.sh's helpers (wait_ready, finish, expect_...) call fail: turn it
# into a "not yet" verdict.
fail() {
    printf 'not yet: %s\n' "$1"
    for _f in "$WORK"/*.out "$WORK"/*.err; do
        [ -s "$_f" ] || continue
        printf -- '--- %s\n' "${_f##*/}"
        head -n 40 "$_f"
    done >&2
    exit 1
}
not_yet() { fail "$1"; }

# lib.sh's expect_received, with a one-line verdict.
_compare_received() {
    grep '^received: ' "$WORK/$1.out" >"$WORK/got.txt"
    cmp -s "$WORK/expected.txt" "$WORK/got.txt" ||
        fail "$1 should have received: $(_listed "$WORK/expected.txt"), but printed received: $(_listed "$WORK/got.txt")"
}
_listed() {
    if [ -s "$1" ]; then
        sed 's/^received: //' "$1" | awk '{ printf "%s\"%s\"", (NR > 1 ? ", " : ""), $0 }'
    else
        echo "(nothing)"
    fi
}

solved() {
    printf 'solved: %s\n' "$1"
    exit 0
}

# need_strace : exit 77 unless strace can trace here (a container may forbid
# ptrace); decided before the program runs, whatever the program is.
need_strace() {
    strace -f -o /dev/null true 2>/dev/null ||
        { echo "cannot check here: strace cannot trace on this machine"; exit 77; }
}

# need_bin PROG : exit 77 unless $BIN holds PROG, the partner a check starts.
need_bin() {
    [ -x "$BIN/$1" ] ||
        { echo "cannot check here: no $1 in $BIN (build the suite)"; exit 77; }
}

# traced NAME LOG SYSCALLS PROGRAM ARGS... : run PROGRAM to the end (bounded)
# under strace -f, the calls SYSCALLS (comma-separated) logged to LOG.
traced() {
    _tname=$1 _tlog=$2 _tcalls=$3
    shift 3
    run "$_tname" "$(command -v strace)" -f -qq -s 256 -o "$_tlog" \
        -e trace="$_tcalls" "$@"
}

# ended_within SECONDS NAME : true if background NAME exits within SECONDS
# (lib.sh's _poll checks every 20 ms, which on a loaded machine stretches
# its seconds; this checks every 0.1 s).
ended_within() {
    _left=$(($1 * 10))
    while alive "$(pid_of "$2")"; do
        _left=$((_left - 1))
        [ "$_left" -gt 0 ] || return 1
        sleep 0.1
    done
}

# pipe_ends_of PID : "FD:r" / "FD:w" for each pipe end PID holds (not
# counting pipes this shell holds too: those PID inherited from us).
pipe_ends_of() {
    _ours=$(for _fd in "/proc/$$/fd/"*; do readlink "$_fd"; done 2>/dev/null)
    for _fd in /proc/"$1"/fd/*; do
        _what=$(readlink "$_fd" 2>/dev/null)
        case $_what in
        pipe:*)
            echo "$_ours" | grep -qxF "$_what" && continue
            _flags=$(sed -n 's/^flags:[[:space:]]*//p' "/proc/$1/fdinfo/${_fd##*/}")
            if [ $((0$_flags & 3)) -eq 1 ]; then echo "${_fd##*/}:w"; else echo "${_fd##*/}:r"; fi
            ;;
        esac
    done
}
