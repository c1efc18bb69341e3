# Helpers to declare tests. Every test carries a label so that subsets can run:
#   unit      fast, in-process tests of one part (also run under ASan/UBSan)
#   e2e       end-to-end scenarios that start real programs (m365sim, ark365)
#   fidelity  the emulator checked by Microsoft's own npm client libraries
include(GoogleTest)

# ark_unit_test(NAME name SOURCES a_test.cc ... LIBS ark_core ...)
function(ark_unit_test)
  cmake_parse_arguments(T "" "NAME" "SOURCES;LIBS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} GTest::gtest GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${T_NAME}
    PROPERTIES LABELS unit TIMEOUT 120
    DISCOVERY_TIMEOUT 60)
endfunction()
