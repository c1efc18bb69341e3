# Writes version_info.h with the project version and the current git commit.
# Run at build time (not only at configure time) so the commit stays current;
# the file is rewritten only when its content changes, to avoid rebuilds.
execute_process(
  COMMAND git -C "${SOURCE_DIR}" rev-parse --short=12 HEAD
  OUTPUT_VARIABLE ARK_GIT_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE
  ERROR_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR ARK_GIT_COMMIT STREQUAL "")
  set(ARK_GIT_COMMIT "unknown")
endif()
execute_process(
  COMMAND git -C "${SOURCE_DIR}" status --porcelain --untracked-files=no
  OUTPUT_VARIABLE dirty OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT dirty STREQUAL "")
  set(ARK_GIT_COMMIT "${ARK_GIT_COMMIT}-modified")
endif()
configure_file("${INPUT}" "${OUTPUT}.tmp" @ONLY)
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
