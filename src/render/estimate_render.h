// Rendering an estimate report: the same pipeline::EstimateReport as text for a reader, CSV (one row per
// stratum, quoted by io::CsvWriter, for spreadsheets and R) and JSON (everything, for programs), so the
// three always carry the same numbers.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "pipeline/estimate_report.h"

namespace clearpoint::render {

void estimate_text(std::ostream& out, const pipeline::EstimateReport& report);
void estimate_csv(std::ostream& out, const pipeline::EstimateReport& report);
nlohmann::json estimate_json(const pipeline::EstimateReport& report);

}  // namespace clearpoint::render
