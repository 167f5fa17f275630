// Side by side: the three kinds of estimate — the log-linear model chosen from the overlaps, latent classes,
// decomposable graph averaging — computed on the same table beside the report's own method, each with its
// interval and the assumption it rests on in plain words, and a flag when two intervals do not overlap (the
// assumptions, not chance, separate the answers). With list coverage the latent classes appear twice: by
// coverage group and with the lists pooled.
#pragma once

#include <string>

#include "mse/capture_table.h"
#include "pipeline/estimate_report.h"

namespace clearpoint::pipeline {

// Fills e.side_by_side (and e.flags) for `table`, whose estimate by settings.method `e` already is.
void add_side_by_side(StratumEstimate& e, const mse::CaptureTable& table, const EstimateSettings& settings);

// The log-linear method set beside the posterior ones: BIC over every model up to 5 lists, stepwise beyond.
std::string comparison_loglinear_method(int lists);

}  // namespace clearpoint::pipeline
