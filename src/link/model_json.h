// Model JSON: a trained Fellegi–Sunter model as stored with a linkage run — m, u, the prior and the name
// frequency tables that weighed agreeing names — so that `link explain` shows the weights that decided,
// without training again and whatever was imported since.
#pragma once

#include <string>
#include <vector>

#include "link/blocking.h"
#include "link/fellegi_sunter.h"
#include "link/linker.h"

namespace clearpoint::link {

// `blocking`: each rule's name, bound and the keys of the buckets it skipped (BlockingReport).
std::string model_to_json(const FellegiSunter& model, const NameFrequencies& frequencies,
                          const std::vector<BlockingReport>& blocking = {});
// Fills `model` (built with the comparisons of today's code) and `frequencies` from `json`; throws
// core::UserError when the stored model has other comparisons or levels, or no name tables (linked by
// another version: link again). `blocking`, when given, receives the stored rules' reports (name, bound,
// skipped keys), which must be those of `rules` (else the same error).
void model_from_json(FellegiSunter& model, NameFrequencies& frequencies, const std::string& json,
                     std::vector<BlockingReport>* blocking = nullptr,
                     const std::vector<BlockingRule>& rules = {});

}  // namespace clearpoint::link
