# histomark_embed(<target> <namespace> <files...>): compiles the files into <target> as byte arrays,
# reachable through  std::string_view <namespace>::embedded(std::string_view fileName).
# Shaders and the UI font live in the binary, so it does not depend on the working directory.
function(histomark_embed target ns)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${target}_embedded.cpp)
  add_custom_command(OUTPUT ${out}
    COMMAND hm_embed ${out} ${ns} ${ARGN}
    DEPENDS hm_embed ${ARGN}
    COMMENT "Embedding ${ns} resources" VERBATIM)
  target_sources(${target} PRIVATE ${out})
endfunction()
