# Finds the LLVM whose major version matches the one rustc was built with.
#
# The plugin is loaded into rustc's own libLLVM, so its headers must come from
# the same major version: a mismatch would load and then crash, or refuse to
# load with an unhelpful dynamic-linker message. We stop at configure time
# instead, naming both versions.

find_program(CAPGATE_RUSTC rustc REQUIRED DOC "The rustc capgate plugs into")
execute_process(
  COMMAND ${CAPGATE_RUSTC} -vV
  OUTPUT_VARIABLE CAPGATE_RUSTC_VV
  RESULT_VARIABLE CAPGATE_RUSTC_STATUS)
if(NOT CAPGATE_RUSTC_STATUS EQUAL 0)
  message(FATAL_ERROR "capgate: `${CAPGATE_RUSTC} -vV` failed; is a Rust toolchain installed?")
endif()
string(REGEX MATCH "LLVM version: ([0-9]+)\\.([0-9.]+)" _ "${CAPGATE_RUSTC_VV}")
set(CAPGATE_RUSTC_LLVM_MAJOR ${CMAKE_MATCH_1})
set(CAPGATE_RUSTC_LLVM_VERSION "${CMAKE_MATCH_1}.${CMAKE_MATCH_2}")
if(NOT CAPGATE_RUSTC_LLVM_MAJOR)
  message(FATAL_ERROR "capgate: `rustc -vV` does not report an LLVM version:\n${CAPGATE_RUSTC_VV}")
endif()

# LLVM's version file accepts only an exact major.minor request, so look in
# the versioned prefix Debian uses and compare the major version ourselves.
find_package(LLVM CONFIG QUIET
  HINTS /usr/lib/llvm-${CAPGATE_RUSTC_LLVM_MAJOR}/lib/cmake/llvm)
if(NOT LLVM_FOUND)
  set(_found "no LLVM development files")
  message(FATAL_ERROR
    "capgate: rustc (${CAPGATE_RUSTC}) uses LLVM ${CAPGATE_RUSTC_LLVM_VERSION}, "
    "but CMake found ${_found}. The plugin must be built against LLVM "
    "${CAPGATE_RUSTC_LLVM_MAJOR}: install llvm-${CAPGATE_RUSTC_LLVM_MAJOR}-dev "
    "and llvm-${CAPGATE_RUSTC_LLVM_MAJOR}-tools (scripts/setup does), or pass "
    "-DLLVM_DIR=<prefix>/lib/cmake/llvm.")
endif()
set(_found "LLVM ${LLVM_PACKAGE_VERSION} at ${LLVM_DIR}")
if(NOT LLVM_VERSION_MAJOR EQUAL CAPGATE_RUSTC_LLVM_MAJOR)
  message(FATAL_ERROR
    "capgate: rustc (${CAPGATE_RUSTC}) uses LLVM ${CAPGATE_RUSTC_LLVM_VERSION}, "
    "but CMake found ${_found}. Their major versions must match: install "
    "llvm-${CAPGATE_RUSTC_LLVM_MAJOR}-dev, or pass -DLLVM_DIR=<prefix>/lib/cmake/llvm "
    "for an LLVM ${CAPGATE_RUSTC_LLVM_MAJOR}.")
endif()
message(STATUS "capgate: rustc uses LLVM ${CAPGATE_RUSTC_LLVM_VERSION}; "
  "building against LLVM ${LLVM_PACKAGE_VERSION} (${LLVM_DIR})")
set(CAPGATE_LLVM_TOOLS_DIR ${LLVM_TOOLS_BINARY_DIR})
