#!/bin/sh
# A process may signal those of its own user (matching real or effective
# uid, man 2 kill) or, with CAP_KILL, any: signal_sender run as "nobody"
# against a receiver run as root fails with exit 1 and says why, and the
# receiver gets nothing. Skips (77) unless we can drop privileges.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=sig.sh
. "$TESTS/signals/sig.sh"

as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null ||
    ! as_nobody "$BIN/signal_sender" -h >/dev/null 2>&1; then
    echo "SKIP: needs root, setpriv, and $BIN readable by nobody"
    exit 77
fi

start receiver signal_receiver
wait_ready receiver
pid=$(ready_pid receiver)
run stranger "$(command -v setpriv)" --reuid=nobody --regid=nogroup --clear-groups \
    "$BIN/signal_sender" "$pid" USR1
expect_status stranger 1
expect_err stranger "not allowed to signal pid $pid: Operation not permitted"
expect_err stranger 'CAP_KILL'
signal receiver INT
finish receiver
expect_status receiver 0
expect_received receiver
pass
