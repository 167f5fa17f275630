// Linkage uncertainty in the estimate: the chosen posterior method re-run over linkages drawn from the link
// probabilities (pipeline/linkage_draws.h), each draw's posterior reduced to 4,000 evenly spaced draws and
// pooled with equal weight, and the share of the pooled variance that lies between the linkages (law of
// total variance) — how much of the interval the linkage contributes.
#pragma once

#include <vector>

#include "link/capture_histories.h"
#include "pipeline/estimate_report.h"
#include "pipeline/workspace.h"

namespace clearpoint::pipeline {

// Sets `linkage` on every estimated stratum of `report`. Throws core::UserError for log-linear methods.
void add_linkage_uncertainty(EstimateReport& report, const Workspace& workspace,
                             const std::vector<link::Stratum>& strata, const EstimateSettings& settings);

}  // namespace clearpoint::pipeline
