# The RPC pair's tests (included by tests/sockets/CMakeLists.txt).
ipc_test(sockets_rpc_calls rpc_calls.sh)
ipc_test(sockets_rpc_errors rpc_errors.sh)
ipc_test(sockets_rpc_wire rpc_wire.sh)
foreach(case garbage huge empty cut version kind short extra)
  ipc_test(sockets_rpc_bad_frame_${case} rpc_bad_frame.sh ${case})
endforeach()
ipc_test(sockets_rpc_concurrent rpc_concurrent.sh)
set_tests_properties(sockets_rpc_concurrent PROPERTIES TIMEOUT 60)  # 25 clients on 2 busy cores
ipc_test(sockets_rpc_silent_server rpc_silent.sh)
ipc_test(sockets_rpc_no_server rpc_no_server.sh)
ipc_test(sockets_rpc_ipv6 rpc_ipv6.sh)
ipc_test(sockets_rpc_sigint rpc_signal.sh INT)
ipc_test(sockets_rpc_sigterm rpc_signal.sh TERM)
ipc_test(sockets_rpc_sighup rpc_signal.sh HUP)
ipc_test(sockets_rpc_usage rpc_usage.sh)
ipc_test(sockets_rpc_protocol_copies rpc_protocol.sh)
foreach(case setsockopt accept emfile)
  ipc_test(sockets_rpc_fault_${case} rpc_faults.sh ${case})
endforeach()
# A stand-in getnameinfo that fails, preloaded: not with sanitizers, whose
# runtime must come first among the preloaded libraries.
if(NOT IPC_SANITIZE)
  add_library(rpc_fake_getnameinfo MODULE rpc_fake_getnameinfo.c)
  ipc_test(sockets_rpc_fault_getnameinfo rpc_faults.sh getnameinfo
           $<TARGET_FILE:rpc_fake_getnameinfo>)
endif()
ipc_test(sockets_rpc_64_clients rpc_cap.sh)
set_tests_properties(sockets_rpc_64_clients PROPERTIES TIMEOUT 60)
ipc_test(sockets_rpc_exercise_mul rpc_exercises.sh)
ipc_test(sockets_rpc_idle_client_dropped rpc_idle.sh)
set_tests_properties(sockets_rpc_idle_client_dropped PROPERTIES TIMEOUT 60)  # waits 30 s
# The fault sweep: one system call of either program fails, each in turn.
ipc_test(sockets_rpc_fault_sweep rpc_sweep.sh)
set_tests_properties(sockets_rpc_fault_sweep PROPERTIES TIMEOUT 90)
