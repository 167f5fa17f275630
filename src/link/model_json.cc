#include "link/model_json.h"

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"

namespace clearpoint::link {

std::string model_to_json(const FellegiSunter& model) {
  nlohmann::json comparisons = nlohmann::json::array();
  for (std::size_t k = 0; k < model.specs().size(); ++k) {
    comparisons.push_back({{"name", model.specs()[k].name}, {"m", model.m()[k]}, {"u", model.u()[k]}});
  }
  return nlohmann::json{{"prior", model.prior()}, {"comparisons", comparisons}}.dump();
}

void model_from_json(FellegiSunter& model, const std::string& json) {
  const auto stale = [] {
    return core::UserError("the stored linkage model does not fit this version of clearpoint",
                           "run `clearpoint link` again");
  };
  nlohmann::json parsed;
  try {
    parsed = nlohmann::json::parse(json);
  } catch (const nlohmann::json::exception&) {
    throw stale();
  }
  const auto& comparisons = parsed.at("comparisons");
  if (comparisons.size() != model.specs().size()) throw stale();
  for (std::size_t k = 0; k < comparisons.size(); ++k) {
    const auto& c = comparisons[k];
    auto m = c.at("m").get<std::vector<double>>();
    auto u = c.at("u").get<std::vector<double>>();
    const auto levels = static_cast<std::size_t>(model.specs()[k].levels);
    if (c.at("name").get<std::string>() != model.specs()[k].name || m.size() != levels ||
        u.size() != levels) {
      throw stale();
    }
    model.m()[k] = std::move(m);
    model.u()[k] = std::move(u);
  }
  model.set_prior(parsed.at("prior").get<double>());
}

}  // namespace clearpoint::link
