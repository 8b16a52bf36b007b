#!/bin/sh
# Ctrl-C (SIGINT), SIGTERM or a closed terminal (SIGHUP) on a waiting
# posix_mq_receiver or posix_mq_notify: it says "interrupted", exits 0 and
# removes its queue.
#   posix_signal.sh posix_mq_receiver|posix_mq_notify INT|TERM|HUP
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=mq_lib.sh
. "$TESTS/msgqueue/mq_lib.sh"
queue="/$UNIQ-q"

start receiver "$1" -n "$queue"
wait_ready receiver
signal receiver "$2"
finish receiver
expect_status receiver 0
expect_out receiver "^interrupted by SIG$2"
expect_out receiver '^removed the queue'
expect_posix_gone "$queue"
pass
