// Model JSON: a trained Fellegi–Sunter model as stored with a linkage run, so that `link explain` can show
// the weights that decided without training again.
#pragma once

#include <string>

#include "link/fellegi_sunter.h"

namespace clearpoint::link {

std::string model_to_json(const FellegiSunter& model);
// Fills `model` (built with the comparisons of today's code) from `json`; throws core::UserError when the
// stored model has other comparisons or levels (linked by another version: link again).
void model_from_json(FellegiSunter& model, const std::string& json);

}  // namespace clearpoint::link
