#!/bin/sh
# Neither end uses a path that is not a FIFO: a regular file or a symlink at
# the path is refused with exit 1 and left exactly as it was.
#   fifo_refuse.sh file | symlink
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
path="$WORK/fifo"
case $1 in
file)    echo "precious data" >"$path" ;;
symlink) mkfifo "$WORK/elsewhere" && ln -s "$WORK/elsewhere" "$path" ;;
esac

run reader fifo_reader -n "$path"
run writer fifo_writer -n "$path" hello
for side in reader writer; do
    expect_status "$side" 1
    expect_err "$side" 'is not a FIFO'
done
if [ "$1" = file ]; then
    [ "$(cat "$path")" = "precious data" ] || fail "the regular file was changed"
elif [ ! -L "$path" ] || [ ! -p "$WORK/elsewhere" ]; then
    fail "the symlink or its target was changed"
fi
pass
