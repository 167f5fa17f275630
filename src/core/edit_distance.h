// Edit distance: Damerau–Levenshtein in Lowrance & Wagner's unrestricted form (a transposed pair may be
// edited again), on Unicode code points — 'š' is one letter, not two bytes. The one edit distance of
// clearpoint: typo levels in linkage and "did you mean" suggestions both use it.
#pragma once

#include <string_view>

namespace clearpoint::core {

int damerau_levenshtein(std::u32string_view a, std::u32string_view b);
// On UTF-8 text, decoded to code points first.
int damerau_levenshtein(std::string_view a, std::string_view b);

}  // namespace clearpoint::core
