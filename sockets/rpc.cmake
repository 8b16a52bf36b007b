# Remote procedure call over TCP: rpc_server and the rpc_client stub.
# Included by sockets/CMakeLists.txt.
ipc_demo(rpc_server)
ipc_demo(rpc_client)
