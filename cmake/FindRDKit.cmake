# Finds Debian's RDKit (librdkit-dev), which ships neither a CMake package
# config nor a pkg-config file, and defines one imported target per library:
# RDKit::GraphMol, RDKit::SmilesParse, ...  Request them as COMPONENTS.
#
#   find_package(RDKit REQUIRED COMPONENTS GraphMol SmilesParse)
#
# RDKit's headers include Boost's, so every target carries Boost's include dir.

find_path(RDKit_INCLUDE_DIR GraphMol/ROMol.h PATH_SUFFIXES rdkit
          HINTS /usr/include /usr/local/include)
find_package(Boost REQUIRED)

set(RDKit_FOUND TRUE)
foreach(component IN LISTS RDKit_FIND_COMPONENTS)
  find_library(RDKit_${component}_LIBRARY NAMES RDKit${component}
               HINTS /usr/lib /usr/lib/x86_64-linux-gnu /usr/local/lib)
  if(NOT RDKit_${component}_LIBRARY)
    set(RDKit_FOUND FALSE)
    message(STATUS "RDKit component ${component} not found")
    continue()
  endif()
  if(NOT TARGET RDKit::${component})
    add_library(RDKit::${component} SHARED IMPORTED)
    set_target_properties(RDKit::${component} PROPERTIES
      IMPORTED_LOCATION "${RDKit_${component}_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES "${RDKit_INCLUDE_DIR};${Boost_INCLUDE_DIRS}")
  endif()
endforeach()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(RDKit REQUIRED_VARS RDKit_INCLUDE_DIR RDKit_FOUND)
