#include "server/analyst_answers.h"

#include "core/verdict.h"
#include "pipeline/classify.h"
#include "pipeline/estimate_report.h"
#include "pipeline/linkage.h"
#include "render/estimate_render.h"
#include "tiers/tier_grid.h"
#include "tiers/tier_history.h"

namespace clearpoint::server {

using nlohmann::json;

json classify_answer(const pipeline::Workspace& workspace) {
  const auto run = pipeline::classify_store(workspace, pipeline::load_frameworks(workspace, ""));
  json counts = json::array();
  for (const auto& count : run.counts) {
    counts.push_back({{"framework", count.framework},
                      {"qualifies", count.counts[static_cast<int>(core::Verdict::kQualifies)]},
                      {"does_not_qualify", count.counts[static_cast<int>(core::Verdict::kDoesNotQualify)]},
                      {"undetermined", count.counts[static_cast<int>(core::Verdict::kUndetermined)]}});
  }
  return {{"records", run.records}, {"frameworks", run.frameworks}, {"counts", counts}};
}

json link_answer(const pipeline::Workspace& workspace) {
  const auto run = pipeline::run_linkage(workspace, {});
  return {{"records", run.records},
          {"lists", run.lists},
          {"persons", run.persons},
          {"candidates", run.candidates},
          {"to_review", run.to_review}};
}

json estimate_answer(const pipeline::Workspace& workspace, const std::string& method) {
  pipeline::EstimateSettings settings;
  if (!method.empty()) settings.method = method;
  return render::estimate_json(pipeline::estimate_from_store(workspace, {}, settings));
}

json tiers_answer(const pipeline::Workspace& workspace) {
  const auto countries = workspace.countries();
  const auto history = tiers::TierHistory::load(workspace.data_folder(), countries);
  constexpr int kFirst = 2001;
  constexpr int kLast = 2006;
  json rows = json::array();
  for (const auto& row :
       tiers::tier_grid(history, {"AL", "BA", "HR", "MK", "CS", "RS", "ME"}, kFirst, kLast)) {
    rows.push_back({{"country", row.country},
                    {"name", countries.name(row.country)},
                    {"cells", row.cells},
                    {"notes", row.notes}});
  }
  json years = json::array();
  for (int year = kFirst; year <= kLast; ++year) years.push_back(year);
  return {
      {"years", years},
      {"rows", rows},
      {"source", "US TIP Reports as published (data/tiers, each row with its source; `clearpoint tiers`)"}};
}

}  // namespace clearpoint::server
