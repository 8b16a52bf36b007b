#!/bin/sh
# mmap_anon: parent and child add to one counter in an anonymous shared
# mapping under a process-shared semaphore; the total is exact.
#   mmap_anon.sh [N]
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
if [ $# -gt 0 ]; then
    n=$1
    run anon mmap_anon "$n"
else
    n=100000                            # the default
    run anon mmap_anon
fi
expect_status anon 0
expect_out anon "^counter: $((2 * n)) \\(expected $((2 * n))\\)\$"
expect_out anon '^child [0-9]+: done'
pass
