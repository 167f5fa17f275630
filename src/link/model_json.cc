#include "link/model_json.h"

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"

namespace clearpoint::link {

std::string model_to_json(const FellegiSunter& model, const NameFrequencies& frequencies,
                          const std::vector<BlockingReport>& blocking) {
  nlohmann::json comparisons = nlohmann::json::array();
  for (std::size_t k = 0; k < model.specs().size(); ++k) {
    nlohmann::json c = {{"name", model.specs()[k].name}, {"m", model.m()[k]}, {"u", model.u()[k]}};
    c["name_frequencies"] =
        k < frequencies.names.size() ? nlohmann::json(frequencies.names[k]) : nlohmann::json::object();
    comparisons.push_back(std::move(c));
  }
  const auto index = [](std::size_t k) { return k == SIZE_MAX ? nlohmann::json() : nlohmann::json(k); };
  const nlohmann::json full_names = {{"birth_days", frequencies.full_name_birth_days},
                                     {"persons", frequencies.full_name_persons},
                                     {"given", index(frequencies.given)},
                                     {"surname", index(frequencies.surname)},
                                     {"birth", index(frequencies.birth)}};
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& report : blocking) {
    rules.push_back({{"rule", report.rule}, {"bound", report.bound}, {"skipped_keys", report.skipped_keys}});
  }
  return nlohmann::json{
      {"prior", model.prior()}, {"comparisons", comparisons}, {"full_names", full_names}, {"blocking", rules}}
      .dump();
}

void model_from_json(FellegiSunter& model, NameFrequencies& frequencies, const std::string& json,
                     std::vector<BlockingReport>* blocking, const std::vector<BlockingRule>& rules) {
  const auto stale = [] {
    return core::UserError("the stored linkage model does not fit this version of clearpoint",
                           "run `clearpoint link` again");
  };
  try {
    const auto parsed = nlohmann::json::parse(json);
    const auto& comparisons = parsed.at("comparisons");
    if (comparisons.size() != model.specs().size()) throw stale();
    frequencies = {};
    frequencies.names.assign(comparisons.size(), {});
    for (std::size_t k = 0; k < comparisons.size(); ++k) {
      const auto& c = comparisons[k];
      auto m = c.at("m").get<std::vector<double>>();
      auto u = c.at("u").get<std::vector<double>>();
      const auto levels = static_cast<std::size_t>(model.specs()[k].levels);
      if (c.at("name").get<std::string>() != model.specs()[k].name || m.size() != levels ||
          u.size() != levels) {
        throw stale();
      }
      // Linked before the name tables were stored: its explanations could not reproduce the decision.
      frequencies.names[k] = c.at("name_frequencies").get<std::unordered_map<std::string, double>>();
      model.m()[k] = std::move(m);
      model.u()[k] = std::move(u);
    }
    // Linked before full names were counted: the same, its explanations would not be the decision's.
    const auto& full_names = parsed.at("full_names");
    frequencies.full_name_birth_days =
        full_names.at("birth_days").get<std::unordered_map<std::string, double>>();
    frequencies.full_name_persons = full_names.at("persons").get<double>();
    const auto index = [&](const char* name) {
      const auto& k = full_names.at(name);
      if (k.is_null()) return SIZE_MAX;
      const auto value = k.get<std::size_t>();
      if (value >= comparisons.size()) throw stale();
      return value;
    };
    frequencies.given = index("given");
    frequencies.surname = index("surname");
    frequencies.birth = index("birth");
    model.set_prior(parsed.at("prior").get<double>());
    if (blocking != nullptr) {
      // Linked before the skipped buckets were stored, or under other rules: its explanations could not
      // tell a shared key from a compared pair.
      const auto& stored = parsed.at("blocking");
      if (stored.size() != rules.size()) throw stale();
      blocking->clear();
      for (std::size_t r = 0; r < rules.size(); ++r) {
        BlockingReport report;
        report.rule = stored[r].at("rule").get<std::string>();
        if (report.rule != rules[r].name) throw stale();
        report.bound = stored[r].at("bound").get<std::size_t>();
        report.skipped_keys = stored[r].at("skipped_keys").get<std::vector<std::uint64_t>>();
        blocking->push_back(std::move(report));
      }
    }
  } catch (const nlohmann::json::exception&) {
    throw stale();
  }
}

}  // namespace clearpoint::link
