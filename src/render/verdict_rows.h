// Rendering verdict rows (`clearpoint verdicts`): one row per record and framework, as CSV (through
// io::CsvWriter, deciding elements joined with "; ") or as JSON Lines (deciding elements as an array),
// for reuse in spreadsheets, R or another program. The verdict is written as qualifies, does_not_qualify or
// undetermined.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pipeline/classify.h"

namespace clearpoint::render {

std::vector<std::string> verdict_csv_header();
std::vector<std::string> verdict_csv_row(const pipeline::VerdictRow& row);
nlohmann::ordered_json verdict_json(const pipeline::VerdictRow& row);

}  // namespace clearpoint::render
