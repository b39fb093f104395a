# Project-wide warning flags, applied per target with histomark_warnings(<target>).
function(histomark_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wold-style-cast -Wcast-align -Woverloaded-virtual)
  if(HISTOMARK_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
