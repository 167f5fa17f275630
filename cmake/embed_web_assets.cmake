# Writes OUT, a C++ source that holds the page of `clearpoint serve` (src/server/web; app.js as BUNDLE,
# bundled with its npm packages) as string literals, so the binary serves it with nothing to install and
# no network (src/server/web_assets.h).
foreach(asset index.html app.js app.css)
  if(asset STREQUAL "app.js")
    file(READ "${BUNDLE}" content)
  else()
    file(READ "${WEB_DIR}/${asset}" content)
  endif()
  string(FIND "${content}" ")clearpoint_asset\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${asset} holds the literal's closing delimiter")
  endif()
  set("asset_${asset}" "${content}")
endforeach()
file(WRITE "${OUT}.tmp" "// Generated from src/server/web (app.js bundled by esbuild) by cmake/embed_web_assets.cmake; edit those files.
#include \"server/web_assets.h\"

namespace clearpoint::server {

std::string_view page_html() {
  return R\"clearpoint_asset(${asset_index.html})clearpoint_asset\";
}

std::string_view app_js() {
  return R\"clearpoint_asset(${asset_app.js})clearpoint_asset\";
}

std::string_view app_css() {
  return R\"clearpoint_asset(${asset_app.css})clearpoint_asset\";
}

}  // namespace clearpoint::server
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
