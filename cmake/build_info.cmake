# Generates a C++ source holding the version and the commit folio is built from. Run at every
# build (the commit changes without CMake knowing); the file is rewritten only when it differs.
# FOLIO_COMMIT, when set (a container build without .git), names the commit; outside a git
# checkout without it, the commit is "unknown".
if(NOT COMMIT)
  execute_process(COMMAND git -C ${SOURCE_DIR} describe --always --dirty --abbrev=12
                  OUTPUT_VARIABLE COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE failed)
  if(failed OR NOT COMMIT)
    set(COMMIT unknown)
  endif()
endif()
file(WRITE ${OUT}.tmp "#include \"app/runtime/build_info.hpp\"\n\nnamespace folio::app {\n\n"
     "std::string_view folio_version() { return \"${VERSION}\"; }\n"
     "std::string_view folio_commit() { return \"${COMMIT}\"; }\n\n}  // namespace folio::app\n")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
