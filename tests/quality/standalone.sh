#!/bin/sh
# standalone.sh - SPEC rule 1: every demo compiles alone from its one .c
# file and the shared header, `cc -std=c11 -Wall -Wextra -Werror -Iinclude
# -pthread FILE.c`, as a student would build it. (bench/ spans several files: not a demo.)
set -u
src=$(cd "$TESTS/.." && pwd)
out=$(mktemp -d "${TMPDIR:-/tmp}/ipc-standalone.XXXXXX") || exit 1
trap 'rm -rf "$out"' EXIT
CC=${CC:-cc}
ls "$src"/pipes/*.c "$src"/fifo/*.c "$src"/msgqueue/*.c "$src"/shm/*.c \
   "$src"/semaphores/*.c "$src"/sockets/*.c "$src"/signals/*.c 2>/dev/null >"$out/files"
[ -s "$out/files" ] || { echo "FAIL: no demo sources found under $src"; exit 1; }
# Two at a time: this machine has two cores.
# shellcheck disable=SC2016  # $1.. are the inner sh's arguments
xargs -P 2 -I{} sh -c '
    name=$(basename "$1" .c)
    if ! "$2" -std=c11 -Wall -Wextra -Werror -I"$4" -pthread "$1" -o "$3/$name" 2>"$3/$name.log"; then
        echo "FAIL: $1 does not compile on its own:"; cat "$3/$name.log"; exit 255
    fi' sh {} "$CC" "$out" "$src/include" <"$out/files" || exit 1
echo "PASS: $(wc -l <"$out/files") demos compile standalone with $CC"
