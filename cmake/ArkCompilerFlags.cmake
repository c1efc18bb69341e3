# Warnings, sanitizers and the compiler cache, applied to every target of the project.
find_program(ARK_CCACHE ccache)
if(ARK_CCACHE)
  set(CMAKE_C_COMPILER_LAUNCHER ${ARK_CCACHE})
  set(CMAKE_CXX_COMPILER_LAUNCHER ${ARK_CCACHE})
endif()

add_compile_options(-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                    -Wimplicit-fallthrough -Wformat=2)
if(ARK_WERROR)
  add_compile_options(-Werror)
endif()

if(ARK_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
  # GCC 12 reports maybe-uninitialized inside libstdc++ (std::variant, std::regex, shared_ptr moves) when
  # the sanitizers instrument the code: false positives that the release build, which keeps the
  # warning, does not show. Only the sanitizer build drops it.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    add_compile_options(-Wno-maybe-uninitialized)
  endif()
endif()

# Release keeps debug symbols so that profiles and crash reports name functions.
set(CMAKE_CXX_FLAGS_RELEASE "-O2 -g1 -DNDEBUG")
set(CMAKE_C_FLAGS_RELEASE "-O2 -g1 -DNDEBUG")
