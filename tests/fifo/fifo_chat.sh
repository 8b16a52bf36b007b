#!/bin/sh
# fifo_chat driven from both sides, either side starting first: lines typed
# on each side arrive on the other; end of input on one side ends both, and
# both FIFOs are gone.   fifo_chat.sh A-first | B-first
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
base="$WORK/chat"
mkfifo "$WORK/keys_A" "$WORK/keys_B"     # what each side "types"
first=${1%%-*}
second=A
[ "$first" = A ] && second=B

# Our ends of the keyboards: fd 3 types into A, fd 4 into B. Opening a FIFO
# for writing waits for its reader, so each is opened after its side starts.
keyboard() { if [ "$1" = A ]; then exec 3>"$WORK/keys_A"; else exec 4>"$WORK/keys_B"; fi; }
start_in "$first" "$WORK/keys_$first" fifo_chat -n "$base" "$first"
keyboard "$first"
wait_line "$first" "^opening $base-a-to-b"
start_in "$second" "$WORK/keys_$second" fifo_chat -n "$base" "$second"
keyboard "$second"
wait_ready A
wait_ready B

echo "hello from A" >&3
wait_line B '^received: hello from A$'
echo "hello from B" >&4
wait_line A '^received: hello from B$'
echo "A again" >&3
echo "B again" >&4
wait_line B '^received: A again$'
wait_line A '^received: B again$'
exec 3>&-                                # Ctrl-D on A ends the chat for both
finish A
finish B
exec 4>&-

expect_status A 0
expect_status B 0
expect_received A "hello from B" "B again"
expect_received B "hello from A" "A again"
expect_out B '^A has left the chat'
expect_gone "$base-a-to-b"
expect_gone "$base-b-to-a"
pass
