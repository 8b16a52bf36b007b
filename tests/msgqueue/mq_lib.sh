# tests/msgqueue/mq_lib.sh - checks the message-queue drivers share (POSIX sh,
# sourced after lib.sh). Candidates for lib.sh: wait_stopped, expect_sysv_gone.

# key_hex KEY : KEY as ipcs prints it (0x4900abcd).
key_hex() { printf '0x%08x' "$1"; }

# sysv_count KEY : "USED-BYTES MESSAGES" of the System V queue KEY, or nothing.
sysv_count() {
    ipcs -q | awk -v key="$(key_hex "$1")" 'tolower($1) == key { print $5, $6 }'
}

# expect_sysv_queued KEY MESSAGES [BYTES] : the queue holds that much.
expect_sysv_queued() {
    _got=$(sysv_count "$1")
    [ -n "$_got" ] || fail "no System V queue with key $(key_hex "$1") (ipcs -q)"
    [ "${_got#* }" = "$2" ] ||
        fail "queue $(key_hex "$1") holds ${_got#* } messages, expected $2"
    [ -z "${3:-}" ] || [ "${_got% *}" = "$3" ] ||
        fail "queue $(key_hex "$1") holds ${_got% *} bytes, expected $3"
}

# expect_sysv_gone KEY : ipcs -q shows no queue with KEY.
expect_sysv_gone() {
    [ -z "$(sysv_count "$1")" ] ||
        fail "the System V queue $(key_hex "$1") was left behind: $(ipcs -q | grep -i "$(key_hex "$1")")"
}

# expect_posix_gone NAME : mq_open(NAME) without O_CREAT fails with ENOENT
# (POSIX queues are not in the file system unless mqueue is mounted).
expect_posix_gone() {
    run gone_probe posix_mq_receiver -N -n "$1"
    grep -q 'No such file' "$WORK/gone_probe.err" ||
        fail "the POSIX queue $1 was left behind (posix_mq_receiver -N could open it)"
    if grep -q ' /dev/mqueue ' /proc/mounts && [ -e "/dev/mqueue${1}" ]; then
        fail "the POSIX queue $1 is still in /dev/mqueue"
    fi
}

# wait_stopped NAME : wait until NAME, sent SIGSTOP, has actually stopped
# (and so has left any mq_receive it was waiting in).
wait_stopped() {
    _poll "$WAIT_SECS" _stopped "$(pid_of "$1")" || fail "$1 did not stop"
}
_stopped() {
    [ "$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$1/status" 2>/dev/null)" = T ]
}

# big_messages COUNT SIZE : COUNT lines of SIZE bytes each, numbered, to stdout.
big_messages() {
    _pad=$(printf "%${2}s" '' | tr ' ' x)
    _i=1
    while [ "$_i" -le "$1" ]; do
        _line="$_i$_pad"
        printf '%.*s\n' "$2" "$_line"
        _i=$((_i + 1))
    done
}

# still_running NAME : NAME has not exited (it is waiting somewhere).
still_running() {
    alive "$(pid_of "$1")" || fail "$1 exited, but it should still be waiting"
}

# expect_narrow NAME... : every line NAME printed (stdout and stderr) fits
# 80 columns, but the received: and sending lines that echo a message.
expect_narrow() {
    for _n in "$@"; do
        for _f in "$WORK/$_n.out" "$WORK/$_n.err"; do
            [ -f "$_f" ] || continue
            _wide=$(grep -vE '^(received: |sending \()' "$_f" | awk 'length > 80' | head -n 1)
            [ -z "$_wide" ] || fail "$_n printed a line over 80 columns: $_wide"
        done
    done
}
