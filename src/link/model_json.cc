#include "link/model_json.h"

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"

namespace clearpoint::link {

std::string model_to_json(const FellegiSunter& model, const NameFrequencies& frequencies) {
  nlohmann::json comparisons = nlohmann::json::array();
  for (std::size_t k = 0; k < model.specs().size(); ++k) {
    nlohmann::json c = {{"name", model.specs()[k].name}, {"m", model.m()[k]}, {"u", model.u()[k]}};
    c["name_frequencies"] =
        k < frequencies.size() ? nlohmann::json(frequencies[k]) : nlohmann::json::object();
    comparisons.push_back(std::move(c));
  }
  return nlohmann::json{{"prior", model.prior()}, {"comparisons", comparisons}}.dump();
}

void model_from_json(FellegiSunter& model, NameFrequencies& frequencies, const std::string& json) {
  const auto stale = [] {
    return core::UserError("the stored linkage model does not fit this version of clearpoint",
                           "run `clearpoint link` again");
  };
  try {
    const auto parsed = nlohmann::json::parse(json);
    const auto& comparisons = parsed.at("comparisons");
    if (comparisons.size() != model.specs().size()) throw stale();
    frequencies.assign(comparisons.size(), {});
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
      frequencies[k] = c.at("name_frequencies").get<std::unordered_map<std::string, double>>();
      model.m()[k] = std::move(m);
      model.u()[k] = std::move(u);
    }
    model.set_prior(parsed.at("prior").get<double>());
  } catch (const nlohmann::json::exception&) {
    throw stale();
  }
}

}  // namespace clearpoint::link
