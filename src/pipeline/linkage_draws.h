// Linkage draws: other ways the records could have been joined into persons, drawn from the last
// `clearpoint link` run's own probabilities, so that an estimate can carry the linkage's uncertainty (no
// R package does). In each draw:
//   - within each person the record with the strongest link anchors it, and every other record stays with
//     the probability of its strongest link, else stands alone (a wrong link undone);
//   - each pair of the review queue (two persons joined with probability q in [0.3, 0.5)) is joined with
//     probability q, when the two persons share no list (one record per list and person); pairs that a rule
//     held apart (different birth dates, sex) stay apart, since the rule is a decision, not a doubt.
// Draw d draws from its own stream seeded by (seed, d). The records are read once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "link/capture_histories.h"
#include "pipeline/workspace.h"

namespace clearpoint::pipeline {

// One capture-history table per draw (its persons() are the persons that draw found).
std::vector<link::CaptureHistories> draw_linkages(const Workspace& workspace,
                                                  const std::vector<link::Stratum>& strata,
                                                  const std::string& coverage_path, int draws,
                                                  std::uint64_t seed);

}  // namespace clearpoint::pipeline
