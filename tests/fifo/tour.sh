# The fifo part of the tour (sourced by tests/tour.sh). Default names, as a
# student would type the commands.
section "fifo/: named pipes between unrelated processes"

watch "the reader creates the FIFO and waits in open() until a writer comes; \
each line arrives as 'received:'; at end of file the reader removes the FIFO."
start reader fifo_reader
wait_ready reader
run writer fifo_writer hello "from another process"
finish reader
expect_received reader hello "from another process"
expect_gone "/tmp/ipc-demo-$(id -u)/fifo"
show reader writer
