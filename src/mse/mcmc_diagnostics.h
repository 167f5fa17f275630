// MCMC convergence diagnostics for one scalar quantity drawn by several chains (Vehtari, Gelman, Simpson,
// Carpenter & Bürkner 2021, "Rank-normalization, folding, and localization: an improved R̂"):
//   R̂        the larger of the rank-normalised split-R̂ and the folded one (|x − median|): above 1.01 the
//             chains have not mixed, whether they disagree in location or in spread;
//   bulk ESS  the effective sample size of the rank-normalised split chains: how well the centre (the
//             median) is known;
//   tail ESS  the smaller effective sample size of the indicators x ≤ q5% and x ≥ q95%: how well the
//             interval's limits are known.
// Effective sizes use Geyer's initial monotone sequence on autocorrelations combined across chains, with
// the autocovariances computed by FFT.
#pragma once

#include <vector>

namespace clearpoint::mse {

struct ChainDiagnostics {
  double rhat = 0;
  double ess_bulk = 0;
  double ess_tail = 0;
};

// `chains` holds one vector of draws per chain, all of the same length (at least 4 draws each).
ChainDiagnostics diagnose_chains(const std::vector<std::vector<double>>& chains);

// The pieces, for tests against published values: split-R̂ of raw draws, and the effective sample size of
// already split chains.
double split_rhat(const std::vector<std::vector<double>>& chains);
double effective_sample_size(const std::vector<std::vector<double>>& chains);

}  // namespace clearpoint::mse
