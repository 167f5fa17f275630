// WebAssets: the page of `clearpoint serve` — one HTML shell, its script and its style, built into the
// binary so the page works with no network and nothing to install. The script builds every element
// with textContent (never HTML from data), and talks to the JSON API of policy.h only.
#pragma once

#include <string_view>

namespace clearpoint::server {

std::string_view page_html();
std::string_view app_js();
std::string_view app_css();

}  // namespace clearpoint::server
