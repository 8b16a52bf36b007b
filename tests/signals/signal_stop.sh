#!/bin/sh
# SIGINT, SIGTERM or SIGHUP (the terminal window closed) ends a waiting
# receiver cleanly: exit 0, "interrupted".
# sh starts background jobs with SIGINT ignored, so this also shows that the
# program installs its own disposition. "blocked" stops it while -b holds
# its other signals blocked (SIGINT and SIGTERM never are).
#   signal_stop.sh signal_receiver|signal_fd INT|TERM|HUP [blocked]
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=sig.sh
. "$TESTS/signals/sig.sh"

if [ "${3:-}" = blocked ]; then
    start receiver "$1" -b 25
    wait_ready receiver
else
    start receiver "$1"
    wait_ready receiver
    send_signal s1 "$(ready_pid receiver)" USR1
    wait_line receiver "^received: SIGUSR1 from pid $(pid_of s1)\$"
fi
signal receiver "$2"
finish receiver
expect_status receiver 0
expect_out receiver "^interrupted by SIG$2"
pass
