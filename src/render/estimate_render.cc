#include "render/estimate_render.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/number_text.h"
#include "io/csv_writer.h"
#include "render/text_table.h"

namespace clearpoint::render {

namespace {

using pipeline::StratumEstimate;

using core::estimate_text;

nlohmann::json summary_json(const mse::PosteriorSummary& p) {
  return {{"median", p.median}, {"mean", p.mean}, {"lower", p.lower}, {"upper", p.upper}, {"level", p.level}};
}

nlohmann::json posterior_json(const pipeline::PosteriorEstimate& p) {
  nlohmann::json j = summary_json(p.posterior);
  j["method"] = p.method;
  j["model"] = p.model;
  j["prior"] = p.prior;
  if (p.sampler) {
    const auto& s = *p.sampler;
    nlohmann::json chains = nlohmann::json::array();
    for (std::size_t c = 0; c < s.per_chain.size(); ++c) {
      auto chain = summary_json(s.per_chain[c]);
      chain["occupied_classes"] = s.occupied_classes[c];
      chains.push_back(chain);
    }
    j["sampler"] = {
        {"chains", s.chains},       {"classes", s.classes},   {"iterations", s.iterations},
        {"warmup", s.warmup},       {"runs", s.runs},         {"leapfrog_steps", s.leapfrog_steps},
        {"rhat", s.rhat},           {"ess_bulk", s.ess_bulk}, {"ess_tail", s.ess_tail},
        {"converged", s.converged}, {"per_chain", chains}};
  }
  if (!p.coverage_groups.empty()) {
    nlohmann::json groups = nlohmann::json::array();
    for (const auto& g : p.coverage_groups) {
      auto row = summary_json(g.posterior);
      row["lists"] = g.lists;
      row["observed"] = g.observed;
      row["placed"] = g.placed;
      row["estimated_by"] = g.how;
      row["rhat"] = g.rhat;
      row["ess_bulk"] = g.ess_bulk;
      row["converged"] = g.converged;
      groups.push_back(row);
    }
    j["coverage_groups"] = groups;
  }
  if (p.graphs) {
    const auto& g = *p.graphs;
    nlohmann::json best = nlohmann::json::array();
    for (const auto& w : g.best)
      best.push_back({{"graph", w.graph}, {"posterior", w.posterior}, {"median", w.median}});
    j["graphs"] = {{"graphs", g.graphs},
                   {"delta", g.delta},
                   {"cap", g.cap},
                   {"mass_near_cap", g.mass_near_cap},
                   {"best", best}};
  }
  return j;
}

nlohmann::json result_json(const StratumEstimate& e) {
  nlohmann::json j;
  j["lists"] = e.lists;
  j["observed"] = e.observed;
  j["input_checksum"] = e.input_checksum;
  j["method"] = e.method;
  j["stratum"] = e.stratum;
  if (e.models_searched) j["models_searched"] = *e.models_searched;
  j["ok"] = e.ok;
  if (!e.ok) {
    j["problem"] = e.problem;
    return j;
  }
  j["model"] = e.model;
  j["estimate"] = e.estimate;
  j["hidden"] = e.hidden;
  if (!e.note.empty()) j["note"] = e.note;
  if (e.posterior) {
    j["posterior"] = posterior_json(*e.posterior);
  } else {
    j["profile"] = {
        {"lower", e.profile.lower}, {"upper", e.profile.upper}, {"bounded", e.profile.upper_bounded}};
    j["wald_log"] = {{"lower", e.wald_log.lower}, {"upper", e.wald_log.upper}};
  }
  if (e.linkage) {
    const auto& l = *e.linkage;
    j["linkage_uncertainty"] = {{"draws", l.draws},
                                {"persons_lowest", l.persons_lowest},
                                {"persons_highest", l.persons_highest},
                                {"pooled", summary_json(l.pooled)},
                                {"share_of_variance", l.share_of_variance}};
  }
  nlohmann::json side = nlohmann::json::array();
  for (const auto& a : e.side_by_side) {
    nlohmann::json row = {{"method", a.method}, {"chosen", a.chosen}, {"ok", a.ok}};
    if (a.ok) {
      row["estimate"] = a.estimate;
      row["lower"] = a.lower;
      row["upper"] = a.upper;
      row["interval"] = a.interval;
      row["settled"] = a.settled;
      row["assumes"] = a.assumes;
    } else {
      row["problem"] = a.problem;
    }
    side.push_back(row);
  }
  j["side_by_side"] = side;
  if (e.near_ties) {
    nlohmann::json t = nlohmann::json::array();
    for (const auto& tie : *e.near_ties) {
      t.push_back(
          {{"delta", tie.delta}, {"models", tie.models}, {"lowest", tie.lowest}, {"highest", tie.highest}});
    }
    j["near_ties"] = t;
  }
  if (e.spread) {
    const auto& s = *e.spread;
    j["spread"] = {{"weighted_5", s.spread.weighted_5},   {"weighted_50", s.spread.weighted_50},
                   {"weighted_95", s.spread.weighted_95}, {"lowest", s.spread.lowest},
                   {"highest", s.spread.highest},         {"admissible", s.admissible},
                   {"inadmissible", s.inadmissible},      {"weighted_average", s.weighted_average}};
  }
  if (!e.bootstrap_skipped.empty()) j["bootstrap_skipped"] = e.bootstrap_skipped;
  if (e.bootstrap) {
    const auto& b = *e.bootstrap;
    j["bootstrap"] = {{"replicates", b.replicates},
                      {"failed", b.failed},
                      {"seed", b.seed},
                      {"bca", {{"lower", b.bca.lower}, {"upper", b.bca.upper}}},
                      {"percentile", {{"lower", b.percentile.lower}, {"upper", b.percentile.upper}}},
                      {"bias_correction", b.bias_correction},
                      {"acceleration", b.acceleration}};
  }
  nlohmann::json dropped = nlohmann::json::array();
  for (const auto& d : e.leave_one_list_out) {
    dropped.push_back({{"without", d.list}, {"ok", d.ok}, {"estimate", d.population}, {"model", d.model}});
  }
  j["leave_one_list_out"] = dropped;
  nlohmann::json merged = nlohmann::json::array();
  for (const auto& m : e.two_lists_merged) {
    merged.push_back({{"merged", m.lists}, {"ok", m.ok}, {"estimate", m.population}, {"model", m.model}});
  }
  j["two_lists_merged"] = merged;
  nlohmann::json known = nlohmann::json::array();
  for (const auto& k : e.known_list_sizes) {
    known.push_back({{"list", k.list}, {"known", k.known}, {"ok", k.ok}, {"estimate", k.estimate}});
  }
  j["known_list_sizes"] = known;
  j["flags"] = e.flags;
  return j;
}

void intervals_text(std::ostream& out, const StratumEstimate& e, int percent) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({fmt::format("profile likelihood {}%", percent), "conditional on the model",
                  estimate_text(e.profile.lower), estimate_text(e.profile.upper)});
  rows.push_back({fmt::format("Wald, log scale {}%", percent), "conditional on the model",
                  estimate_text(e.wald_log.lower), estimate_text(e.wald_log.upper)});
  if (e.bootstrap) {
    rows.push_back({fmt::format("BCa bootstrap {}%", percent),
                    fmt::format("selection re-run, {} replicates", e.bootstrap->replicates),
                    estimate_text(e.bootstrap->bca.lower), estimate_text(e.bootstrap->bca.upper)});
  } else if (!e.bootstrap_skipped.empty()) {
    rows.push_back({fmt::format("BCa bootstrap {}%", percent), "model choice too", "—", "—"});
  }
  print_table(out, {"interval", "accounts for", "lower", "upper"}, rows);
  if (!e.bootstrap_skipped.empty()) out << "  bootstrap " << e.bootstrap_skipped << "\n";
}

// Lists by their number in the report's `lists:` line ("2,3,8"): whole names make a table too wide to read.
std::string list_numbers(const std::vector<std::string>& lists, const std::vector<std::string>& all) {
  std::vector<std::string> numbers;
  for (const auto& l : lists) {
    const auto it = std::find(all.begin(), all.end(), l);
    numbers.push_back(it == all.end() ? l : std::to_string(it - all.begin() + 1));
  }
  return fmt::format("{}", fmt::join(numbers, ","));
}

void posterior_text(std::ostream& out, const pipeline::PosteriorEstimate& p,
                    const std::vector<std::string>& lists, int percent) {
  out << fmt::format("  posterior median {}, mean {}, {}% credible interval {}–{}\n  priors: {}\n",
                     estimate_text(p.posterior.median), estimate_text(p.posterior.mean), percent,
                     estimate_text(p.posterior.lower), estimate_text(p.posterior.upper), p.prior);
  if (p.sampler) {
    const auto& s = *p.sampler;
    // Per-group runs end when each group has settled: the longest is told, as the longest.
    const auto length =
        s.runs > 1 ? fmt::format(
                         "{} runs of {} chains, one per coverage group, the longest {} iterations (its first "
                         "{} warm-up)",
                         s.runs, s.chains, s.iterations, s.warmup)
                   : fmt::format("{} chains × {} iterations (the first {} warm-up)", s.chains, s.iterations,
                                 s.warmup);
    const auto moves = s.leapfrog_steps > 0
                           ? fmt::format("Gibbs sweeps with Hamiltonian moves of {} steps", s.leapfrog_steps)
                           : std::string("Gibbs sweeps");
    out << fmt::format("  sampler: {}, {}; R̂ {:.3f}, effective draws of N: bulk {:.0f}, tail {:.0f} — {}\n",
                       moves, length, s.rhat, s.ess_bulk, s.ess_tail,
                       s.converged ? "converged (R̂ < 1.01, both ≥ 1,000)"
                       : !p.coverage_groups.empty() && s.rhat < 1.01 && s.ess_bulk >= 1000
                           ? "not every coverage group converged (see the flags)"
                           : "NOT converged");
    std::vector<std::vector<std::string>> rows;
    for (std::size_t c = 0; c < s.per_chain.size(); ++c) {
      rows.push_back({std::to_string(c + 1), estimate_text(s.per_chain[c].median),
                      estimate_text(s.per_chain[c].lower), estimate_text(s.per_chain[c].upper),
                      s.occupied_classes[c] > 0 ? fmt::format("{:.1f}", s.occupied_classes[c]) : "—"});
    }
    print_table(out, {"chain", "median", "lower", "upper", "classes used"}, rows);
  }
  if (!p.coverage_groups.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& g : p.coverage_groups) {
      // Found persons of undetermined reach move between groups from draw to draw: their mean share here.
      const auto found = g.placed >= 0.5 ? fmt::format("{:.0f} ({:.0f} placed)", g.observed, g.placed)
                                         : fmt::format("{:.0f}", g.observed);
      rows.push_back({list_numbers(g.lists, lists), found, g.how, estimate_text(g.posterior.median),
                      estimate_text(g.posterior.lower) + "–" + estimate_text(g.posterior.upper),
                      fmt::format("{:.3f}", g.rhat)});
    }
    out << "  by coverage group (lists numbered as above):\n";
    print_table(out, {"lists that could catch", "found", "estimated by", "median", "interval", "R̂"}, rows);
  }
  if (p.graphs) {
    const auto& g = *p.graphs;
    std::vector<std::vector<std::string>> rows;
    for (const auto& w : g.best) {
      rows.push_back({w.graph, fmt::format("{:.3f}", w.posterior), estimate_text(w.median)});
    }
    print_table(out, {"graph (cliques)", "posterior weight", "median under it"}, rows);
  }
}

void side_by_side_text(std::ostream& out, const StratumEstimate& e) {
  if (e.side_by_side.empty()) return;
  out << "the kinds of estimate side by side:\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& a : e.side_by_side) {
    if (a.ok) {
      rows.push_back({a.method + (a.chosen ? " (chosen)" : ""), estimate_text(a.estimate),
                      estimate_text(a.lower) + "–" + estimate_text(a.upper), a.interval, a.assumes});
    } else {
      rows.push_back({a.method, "—", "—", "no estimate", a.problem});
    }
  }
  print_table(out, {"method", "estimate", "interval", "interval is", "assumes"}, rows);
}

void model_uncertainty_text(std::ostream& out, const StratumEstimate& e) {
  if (!e.spread) return;
  const auto& s = *e.spread;
  out << fmt::format(
      "model uncertainty: {} admissible models ({} not identifiable or without finite MLE); estimates {} "
      "to {}; "
      "BIC-weighted 5-50-95%: {} / {} / {}; BIC-weighted average {}\n",
      s.admissible, s.inadmissible, estimate_text(s.spread.lowest), estimate_text(s.spread.highest),
      estimate_text(s.spread.weighted_5), estimate_text(s.spread.weighted_50),
      estimate_text(s.spread.weighted_95), estimate_text(s.weighted_average));
  std::vector<std::vector<std::string>> ties;
  for (const auto& t : e.near_ties.value_or(std::vector<mse::NearTie>{})) {
    ties.push_back({fmt::format("≤ {:.0f}", t.delta), std::to_string(t.models), estimate_text(t.lowest),
                    estimate_text(t.highest)});
  }
  print_table(out, {"ΔBIC", "models", "lowest estimate", "highest estimate"}, ties);
}

void checks_text(std::ostream& out, const StratumEstimate& e) {
  const auto estimate_or_none = [](bool ok, double estimate) {
    return ok ? estimate_text(estimate) : "no estimate";
  };
  if (!e.leave_one_list_out.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& d : e.leave_one_list_out)
      rows.push_back({d.list, d.ok ? d.model : "—", estimate_or_none(d.ok, d.population)});
    print_table(out, {"without list", "model", "estimate"}, rows);
  }
  if (!e.two_lists_merged.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& m : e.two_lists_merged)
      rows.push_back({m.lists, m.ok ? m.model : "—", estimate_or_none(m.ok, m.population)});
    print_table(out, {"two lists merged", "model", "estimate"}, rows);
  }
  if (!e.known_list_sizes.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& k : e.known_list_sizes)
      rows.push_back({k.list, estimate_text(k.known), estimate_or_none(k.ok, k.estimate)});
    print_table(out, {"list (size known)", "known size", "estimated from the other lists"}, rows);
  }
}

void result_text(std::ostream& out, const StratumEstimate& e, double level) {
  out << fmt::format("lists: {}\nobserved persons: {}   input {}\nmethod: {}{}\n", fmt::join(e.lists, ", "),
                     estimate_text(e.observed), e.input_checksum, e.method,
                     e.models_searched ? " over " + *e.models_searched : "");
  if (!e.ok) {
    out << "no estimate: " << e.problem << "\n";
    for (const auto& flag : e.flags) out << "FLAG: " << flag << "\n";  // what the input lacks still matters
    return;
  }
  out << fmt::format("model {}: estimated population {} ({} never identified)\n", e.model,
                     estimate_text(e.estimate), estimate_text(e.hidden));
  if (!e.note.empty()) out << "  note: " << e.note << "\n";
  const int percent = static_cast<int>(std::lround(level * 100));
  if (e.posterior) {
    posterior_text(out, *e.posterior, e.lists, percent);
  } else {
    intervals_text(out, e, percent);
  }
  if (e.linkage) {
    const auto& l = *e.linkage;
    out << fmt::format(
        "linkage uncertainty: over {} linkages drawn from the link probabilities ({} to {} persons found), "
        "the pooled posterior is {} ({}–{}); {:.0f}% of its variance lies between the linkages\n",
        l.draws, estimate_text(l.persons_lowest), estimate_text(l.persons_highest),
        estimate_text(l.pooled.median), estimate_text(l.pooled.lower), estimate_text(l.pooled.upper),
        100 * l.share_of_variance);
  }
  side_by_side_text(out, e);
  model_uncertainty_text(out, e);
  checks_text(out, e);
  for (const auto& flag : e.flags) out << "FLAG: " << flag << "\n";
}

}  // namespace

void estimate_text(std::ostream& out, const pipeline::EstimateReport& report) {
  out << fmt::format("clearpoint {} estimate of {} (seed {})\n", report.version, report.source, report.seed);
  for (const auto& e : report.results) {
    if (!e.stratum.empty()) out << fmt::format("\n== stratum {} ==\n", fmt::join(e.stratum, ", "));
    result_text(out, e, report.level);
  }
}

void estimate_csv(std::ostream& out, const pipeline::EstimateReport& report) {
  io::CsvWriter csv(out, ',');
  csv.write_row(std::vector<std::string>{
      "stratum", "method", "model", "observed", "estimate", "credible_lower", "credible_upper", "rhat",
      "ess_bulk", "profile_lower", "profile_upper", "wald_lower", "wald_upper", "bca_lower", "bca_upper",
      "replicates", "seed", "input_checksum", "clearpoint_version"});
  const auto num = [](double x) { return fmt::format("{:.1f}", x); };
  for (const auto& e : report.results) {
    const bool ok = e.ok;
    const bool boot = e.bootstrap.has_value();
    const bool posterior = ok && e.posterior.has_value();
    const bool sampled = posterior && e.posterior->sampler.has_value();
    const bool loglinear = ok && !posterior;
    csv.write_row(std::vector<std::string>{
        fmt::format("{}", fmt::join(e.stratum, "|")), e.method, ok ? e.model : "",
        fmt::format("{:.0f}", e.observed), ok ? num(e.estimate) : "",
        posterior ? num(e.posterior->posterior.lower) : "",
        posterior ? num(e.posterior->posterior.upper) : "",
        sampled ? fmt::format("{:.4f}", e.posterior->sampler->rhat) : "",
        sampled ? fmt::format("{:.0f}", e.posterior->sampler->ess_bulk) : "",
        loglinear ? num(e.profile.lower) : "", loglinear ? num(e.profile.upper) : "",
        loglinear ? num(e.wald_log.lower) : "", loglinear ? num(e.wald_log.upper) : "",
        ok && boot ? num(e.bootstrap->bca.lower) : "", ok && boot ? num(e.bootstrap->bca.upper) : "",
        std::to_string(boot ? e.bootstrap->replicates : 0), std::to_string(report.seed), e.input_checksum,
        report.version});
  }
}

nlohmann::json estimate_json(const pipeline::EstimateReport& report) {
  nlohmann::json j;
  j["clearpoint_version"] = report.version;
  j["source"] = report.source;
  j["seed"] = report.seed;
  j["level"] = report.level;
  j["strata"] = report.strata;
  j["results"] = nlohmann::json::array();
  for (const auto& e : report.results) j["results"].push_back(result_json(e));
  return j;
}

}  // namespace clearpoint::render
