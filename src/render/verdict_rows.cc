#include "render/verdict_rows.h"

#include <fmt/format.h>

namespace clearpoint::render {

namespace {
std::string verdict_word(core::Verdict verdict) {
  switch (verdict) {
    case core::Verdict::kQualifies:
      return "qualifies";
    case core::Verdict::kDoesNotQualify:
      return "does_not_qualify";
    case core::Verdict::kUndetermined:
      return "undetermined";
  }
  return "undetermined";
}
}  // namespace

std::vector<std::string> verdict_csv_header() {
  return {"agency", "list", "record_id", "framework", "framework_version", "verdict", "deciding"};
}

std::vector<std::string> verdict_csv_row(const pipeline::VerdictRow& row) {
  return {row.agency,
          row.list,
          row.record_id,
          row.framework,
          row.framework_version,
          verdict_word(row.verdict),
          fmt::format("{}", fmt::join(row.deciding, "; "))};
}

nlohmann::ordered_json verdict_json(const pipeline::VerdictRow& row) {
  return {{"agency", row.agency},
          {"list", row.list},
          {"record_id", row.record_id},
          {"framework", row.framework},
          {"framework_version", row.framework_version},
          {"verdict", verdict_word(row.verdict)},
          {"deciding", row.deciding}};
}

}  // namespace clearpoint::render
