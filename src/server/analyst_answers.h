// AnalystAnswers: the analyst's runs over every agency's records (classify, link, estimate) and the
// published tier grid, as the JSON the server sends — pipeline calls kept apart from the HTTP code, since
// httplib's headers (through <resolv.h>) define a macro that Eigen's headers cannot live beside.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "pipeline/workspace.h"

namespace clearpoint::server {

// Judges every stored case under every framework of the data folder and stores the verdicts.
nlohmann::json classify_answer(const pipeline::Workspace& workspace);
// Links every stored record into persons (stored; the review queue renewed, decisions kept).
nlohmann::json link_answer(const pipeline::Workspace& workspace);
// The hidden total from the stored persons, as `clearpoint estimate --format json` gives it; `method`
// empty: the default.
nlohmann::json estimate_answer(const pipeline::Workspace& workspace, const std::string& method);
// The US TIP tiers of the region's countries, 2001–2006, as published (no records).
nlohmann::json tiers_answer(const pipeline::Workspace& workspace);

}  // namespace clearpoint::server
