#!/bin/sh
# pipe_sigpipe: a writer with SIGPIPE ignored sees EPIPE; with the default
# action it is killed by SIGPIPE, and the parent says so. The same holds
# when we start it with SIGPIPE ignored (the demo sets each case itself).
#   pipe_sigpipe.sh default | inherited-ignore
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"

case $1 in
default)
    run sp pipe_sigpipe
    ;;
inherited-ignore)
    (trap '' PIPE && run sp pipe_sigpipe)
    ;;
*)
    fail "unknown case $1"
    ;;
esac
expect_status sp 0
expect_out sp '^writer [0-9]+: write\(\) failed: EPIPE \(Broken pipe\)$'
expect_out sp '^writer [0-9]+ exited with status 1: it saw EPIPE'
expect_out sp '^writer [0-9]+ was killed by SIGPIPE \(signal 13\)'
[ "$(grep -c '^writer [0-9]*: writing' "$WORK/sp.out")" = 2 ] ||
    fail "expected two writers to start writing"
pass
