#!/bin/sh
# A queue someone else made first, mode 0666, is refused (issue 15): the
# hostile neighbour (user nobody) or a careless earlier run of ours could
# read what we send or feed us lies. Every program exits 1 with a clear line,
# sends nothing into it and takes nothing out (the kernel still shows the
# one planted message), and does not remove it.
#   mq_foreign.sh sysv|posix nobody|self PATH_OF_MQ_SQUAT
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=mq_lib.sh
. "$TESTS/msgqueue/mq_lib.sh"
family=$1 owner=$2 squat=$3
key=$SYSV_KEY
queue="/$UNIQ-q"
if [ "$owner" = nobody ]; then
    setpriv=$(command -v setpriv) || { echo "no setpriv"; exit 77; }
    [ "$(id -u)" = 0 ] || { echo "not root: cannot become another user"; exit 77; }
    as_owner() { "$setpriv" --reuid=65534 --regid=65534 --clear-groups "$@"; }
    as_owner "$squat" 2>/dev/null
    [ $? = 2 ] || { echo "user nobody cannot run $squat"; exit 77; }
else
    as_owner() { "$@"; }
fi

# The squatter's queue goes, whatever happens to the test.
# shellcheck disable=SC2317  # called by the trap
remove_squat() {
    if [ "$family" = sysv ]; then
        ipcrm -Q "$key" 2>/dev/null
    else
        "$squat" unlink "$queue" 2>/dev/null
    fi
    _cleanup
}
trap remove_squat EXIT

if [ "$family" = sysv ]; then
    where="-k $key"
    as_owner "$squat" sysv "$key" || fail "could not plant the System V queue"
    holds_one() { expect_sysv_queued "$key" 1 7; }
    programs="sysv_mq_sender sysv_mq_receiver"
else
    where="-n $queue"
    as_owner "$squat" posix "$queue" || fail "could not plant the POSIX queue"
    holds_one() {
        [ "$("$squat" count "$queue")" = 1 ] ||
            fail "the planted queue should still hold its one message"
    }
    programs="posix_mq_sender posix_mq_receiver posix_mq_notify"
fi

for prog in $programs; do
    for nowait in "" -N; do
        [ "$prog" = posix_mq_notify ] && [ -n "$nowait" ] && continue
        case $prog in *sender) args="secret" ;; *) args="-c 1" ;; esac
        # shellcheck disable=SC2086  # $where, $nowait and $args are words
        run "$prog" "$prog" $where $nowait $args
        expect_status "$prog" 1
        expect_err "$prog" 'not yours alone; refusing it'
        ! grep -q '^ready:' "$WORK/$prog.out" ||
            fail "$prog got ready on a queue that is not ours"
        ! grep -q '^received:' "$WORK/$prog.out" ||
            fail "$prog took the planted message"
        holds_one
    done
done
pass
