#!/bin/sh
# help.sh - SPEC rule 2: `PROG -h` teaches before it lists options. For
# every demo: exit 0; first, two to four lines in sentences saying what the
# program shows (and which partner to start first), then the usage line;
# and every line of the help within 80 columns (split panes on a projector).
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
src=$(cd "$TESTS/.." && pwd)
problems=""
count=0
for file in "$src"/pipes/*.c "$src"/fifo/*.c "$src"/msgqueue/*.c "$src"/shm/*.c \
            "$src"/semaphores/*.c "$src"/sockets/*.c "$src"/signals/*.c \
            "$src"/bench/ipc_bench.c; do
    prog=${file##*/}
    prog=${prog%.c}
    [ -x "$BIN/$prog" ] || continue
    count=$((count + 1))
    run help "$prog" -h
    [ "$(status_of help)" = 0 ] || problems="$problems
  $prog -h: exit $(status_of help), expected 0"
    # The description: the lines before the first one that starts "usage:".
    before=$(awk 'tolower($0) ~ /^usage:/ { exit } { n++ } END { print n + 0 }' \
             "$WORK/help.out")
    total=$(wc -l <"$WORK/help.out")
    if [ "$before" -lt 2 ] || [ "$before" -gt 4 ] || [ "$before" = "$total" ]; then
        problems="$problems
  $prog -h: $before line(s) before 'usage:', expected 2 to 4 saying what it shows"
    fi
    wide=$(awk 'length > 80 { printf "%d (%d columns) ", NR, length }' "$WORK/help.out")
    [ -z "$wide" ] || problems="$problems
  $prog -h: wider than 80 columns at line $wide"
done
[ "$count" -gt 40 ] || fail "found only $count built demos in $BIN"
[ -z "$problems" ] || fail "help that does not teach, or does not fit:$problems"
echo "$count programs: -h describes each in 2 to 4 lines, all within 80 columns"
pass
