# The fuzz targets, one per tests/fuzz/*_fuzz.cpp, shared by the two builds
# that compile them: the libFuzzer build (cmake --preset fuzz, one executable
# fuzz_<name> each) and the test suite, which links them all into
# taxa_fuzz_tests under other names to replay the kept corpus and crashes.
file(GLOB TAXA_FUZZ_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*_fuzz.cpp)
set(TAXA_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR})

# The target name of a source: json_scan_fuzz.cpp -> json_scan.
function(taxa_fuzz_name source out)
  get_filename_component(name ${source} NAME_WE)
  string(REGEX REPLACE "_fuzz$" "" name ${name})
  set(${out} ${name} PARENT_SCOPE)
endfunction()

# What every target's source needs: the decoders (core's private JSON
# scanner included) and sync's bundle reader.
function(taxa_fuzz_link target)
  target_include_directories(${target} PRIVATE
    ${PROJECT_SOURCE_DIR}/tests ${PROJECT_SOURCE_DIR}/core/src)
  target_link_libraries(${target} PRIVATE taxa_sync nlohmann_json::nlohmann_json)
endfunction()
