#!/bin/sh
# helpers_once.sh - SPEC rule 1: the helpers every demo needs are defined
# once, in include/ipc_demo.h. Every demo includes the header, and none
# defines again a function (or the `prog` name) that the header provides.
set -u
src=$(cd "$TESTS/.." && pwd)
header="$src/include/ipc_demo.h"
names=$(sed -n -e 's/^\(_Noreturn \)\{0,1\}static inline [^(]*[ *]\([A-Za-z_][A-Za-z0-9_]*\)(.*/\2/p' \
               -e 's/^#define \([A-Za-z_][A-Za-z0-9_]*\)(.*/\1/p' "$header")
[ -n "$names" ] || { echo "FAIL: found no helper in $header"; exit 1; }
# shellcheck disable=SC2086  # one word per name
alternation=$(printf "%s\n" $names prog usage_text | paste -sd "|")
problems=""
count=0
for file in "$src"/pipes/*.c "$src"/fifo/*.c "$src"/msgqueue/*.c "$src"/shm/*.c \
            "$src"/semaphores/*.c "$src"/sockets/*.c "$src"/signals/*.c; do
    [ -f "$file" ] || continue
    count=$((count + 1))
    rel=${file#"$src"/}
    grep -q '^#include "ipc_demo.h"' "$file" ||
        problems="$problems
  $rel does not include \"ipc_demo.h\""
    # A definition starts at column 0 with a type and has no ';' (a
    # prototype or a call inside a function is indented or ends in ';').
    # One pass per file over every name: cheap even on a loaded machine.
    hits=$(grep -nE "^[A-Za-z_][A-Za-z0-9_ *]*[ *]($alternation) *(\(|=|\[|;)" "$file" |
           grep -vE "^[0-9]+:[^(]*\([^)]*\) *;" | grep -v '^[0-9]*:return')
    [ -z "$hits" ] || problems="$problems
  $rel defines what include/ipc_demo.h provides: $hits"
done
[ "$count" -gt 0 ] || { echo "FAIL: no demo sources under $src"; exit 1; }
if [ -n "$problems" ]; then
    echo "FAIL: helpers copied into demos:$problems"
    exit 1
fi
echo "PASS: $count demos include ipc_demo.h and define none of its $(echo "$names" | wc -w) helpers"
