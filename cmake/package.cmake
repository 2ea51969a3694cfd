# package.cmake — what `cmake --install` puts in place for host programs
# (docs/embedding.md):
#
#   bin/gilvm (or gilvm-ft)                 the program
#   include/gilvm/*.h                       the embedding API, the same for both builds
#   lib/libgilvm.a (or libgilvm_ft.a)       every library of the build in one archive
#   lib/cmake/gilvm/gilvmConfig.cmake       find_package(gilvm) ...
#   lib/cmake/gilvm/gilvmTargets.cmake      ... and its target gilvm::gilvm
#     (gilvm_ftTargets.cmake: gilvm::gilvm_ft)
#   lib/pkgconfig/gilvm.pc (or gilvm-ft.pc)
#
# The two builds install side by side into one prefix: their files differ
# in name where they differ in content, and the config file, the version
# file and the headers they share are the same from either. The config file
# includes the targets file of every build installed, so one
# find_package(gilvm) offers gilvm::gilvm, gilvm::gilvm_ft or both.

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

if(GILVM_FREE_THREADED)
  set(GILVM_PACKAGE_FLAVOUR gilvm_ft)
  set(GILVM_PKGCONFIG_NAME gilvm-ft)
  set(GILVM_PKGCONFIG_BUILD "free-threaded build")
else()
  set(GILVM_PACKAGE_FLAVOUR gilvm)
  set(GILVM_PKGCONFIG_NAME gilvm)
  set(GILVM_PKGCONFIG_BUILD "GIL build")
endif()
set(GILVM_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/gilvm)

# One archive of the objects of every layer, so that a host links one
# library: gilvm::gilvm (gilvm::gilvm_ft).
add_library(gilvm_package STATIC
  $<TARGET_OBJECTS:gilvm_gil> $<TARGET_OBJECTS:gilvm_fiber> $<TARGET_OBJECTS:gilvm_interp>
  $<TARGET_OBJECTS:gilvm_loop> $<TARGET_OBJECTS:gilvm_embed>)
set_target_properties(gilvm_package PROPERTIES
  OUTPUT_NAME ${GILVM_PACKAGE_FLAVOUR} EXPORT_NAME ${GILVM_PACKAGE_FLAVOUR} LINKER_LANGUAGE CXX)
target_include_directories(gilvm_package INTERFACE
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include> $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
target_compile_features(gilvm_package INTERFACE cxx_std_20)
# fmt is compiled in (header-only), so it is no dependency of the archive.
target_link_libraries(gilvm_package INTERFACE PkgConfig::LUA54 Boost::context Threads::Threads)
if(GILVM_SANITIZE)
  # Objects built with a sanitizer need its runtime in whatever links them.
  target_link_options(gilvm_package INTERFACE -fsanitize=${GILVM_SANITIZE})
endif()

install(TARGETS gilvm_program RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS gilvm_package EXPORT ${GILVM_PACKAGE_FLAVOUR}Targets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY include/gilvm DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.h")
install(EXPORT ${GILVM_PACKAGE_FLAVOUR}Targets NAMESPACE gilvm:: DESTINATION ${GILVM_CMAKE_DIR})

configure_package_config_file(cmake/gilvmConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/gilvmConfig.cmake INSTALL_DESTINATION ${GILVM_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/gilvmConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/gilvmConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/gilvmConfigVersion.cmake DESTINATION ${GILVM_CMAKE_DIR})

configure_file(cmake/gilvm.pc.in ${CMAKE_CURRENT_BINARY_DIR}/${GILVM_PKGCONFIG_NAME}.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/${GILVM_PKGCONFIG_NAME}.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
