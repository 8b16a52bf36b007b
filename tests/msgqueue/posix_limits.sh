#!/bin/sh
# mq_open's limits, explained: a capacity over /proc/sys/fs/mqueue/msg_max
# (EINVAL), and queues over RLIMIT_MSGQUEUE (EMFILE), each exit 1 with a hint.
#   posix_limits.sh msg_max | rlimit
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=mq_lib.sh
. "$TESTS/msgqueue/mq_lib.sh"
queue="/$UNIQ-q"

if [ "$1" = msg_max ]; then
    over=$(($(cat /proc/sys/fs/mqueue/msg_max) + 1))
    [ "$over" -le 65536 ] || { echo "msg_max is at the kernel's ceiling"; exit 77; }
    start receiver posix_mq_receiver -n "$queue" -m "$over"
    finish receiver
    if grep -q '^ready:' "$WORK/receiver.out"; then
        echo "created a queue over msg_max: CAP_SYS_RESOURCE? skipping"
        exit 77
    fi
    expect_err receiver 'Invalid argument'
    expect_err receiver 'hint: .*msg_max'
else
    command -v prlimit >/dev/null || { echo "no prlimit"; exit 77; }
    # 10 x 1024 bytes does not fit in 1000 bytes of RLIMIT_MSGQUEUE.
    run receiver "$(command -v prlimit)" --msgqueue=1000 "$BIN/posix_mq_receiver" -n "$queue"
    expect_err receiver 'Too many open files'
    expect_err receiver 'hint: .*RLIMIT_MSGQUEUE'
fi
expect_status receiver 1
expect_posix_gone "$queue"
pass
