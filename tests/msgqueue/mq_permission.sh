#!/bin/sh
# Queues are created mode 0600: another user's sender is refused (exit 1,
# with a hint) and the owner's exchange goes on untouched.
#   mq_permission.sh sysv | posix
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=mq_lib.sh
. "$TESTS/msgqueue/mq_lib.sh"
setpriv=$(command -v setpriv) || { echo "no setpriv"; exit 77; }
[ "$(id -u)" = 0 ] || { echo "not root: cannot become another user"; exit 77; }
as_nobody() { "$setpriv" --reuid=65534 --regid=65534 --clear-groups "$@"; }
as_nobody "$BIN/${1}_mq_sender" -h >/dev/null 2>&1 ||
    { echo "user nobody cannot run $BIN/${1}_mq_sender"; exit 77; }

if [ "$1" = sysv ]; then
    where="-k $SYSV_KEY"
else
    where="-n /$UNIQ-q"
fi
# shellcheck disable=SC2086  # $where is two words on purpose
start receiver "${1}_mq_receiver" $where
wait_ready receiver
# shellcheck disable=SC2086
run intruder "$setpriv" --reuid=65534 --regid=65534 --clear-groups \
    "$BIN/${1}_mq_sender" $where "from nobody"
expect_status intruder 1
expect_err intruder 'Permission denied'
expect_err intruder "another user's"
# shellcheck disable=SC2086
run sender "${1}_mq_sender" $where "from the owner" end
finish receiver
expect_status sender 0
expect_status receiver 0
expect_received receiver "from the owner" end
if [ "$1" = sysv ]; then
    expect_sysv_gone "$SYSV_KEY"
else
    expect_posix_gone "/$UNIQ-q"
fi
pass
