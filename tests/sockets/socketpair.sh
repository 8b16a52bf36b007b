#!/bin/sh
# socketpair_demo: each message goes from parent to child and comes back in
# capitals on the same pair of sockets; the child ends at end of file.
#   socketpair.sh default | args | longest
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
case $1 in
default)
    run demo socketpair_demo
    # Strictly alternating: the child's received: line, then the parent's.
    expect_received demo hello HELLO "how are you?" "HOW ARE YOU?"
    ;;
args)
    run demo socketpair_demo "Mixed Case 1" "" "x"
    expect_received demo "Mixed Case 1" "MIXED CASE 1" "" "" x X
    ;;
longest)
    # The longest message allowed (1024 bytes) goes down and comes back whole.
    long=$(awk 'BEGIN { while (n++ < 1024) printf "q" }')
    run demo socketpair_demo "$long" after
    expect_received demo "$long" "$(echo "$long" | tr q Q)" after AFTER
    ;;
*)
    fail "unknown case $1"
    ;;
esac
expect_status demo 0
expect_out demo '^child [0-9]+: the parent closed its end; exiting$'
expect_out demo '^parent [0-9]+: the child exited with status 0$'
pass
