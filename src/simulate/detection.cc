#include "simulate/detection.h"

#include <algorithm>
#include <cmath>

namespace clearpoint::simulate {

bool Detection::sees(const Agency& a, const Person& p) const {
  if (p.identified.year < a.first_year || p.identified.year > a.last_year) return false;
  if (a.sees_origin && p.stream->origin == a.country) return true;
  if (a.sees_destination && p.route->to == a.country) return true;
  if (a.sees_transit && std::find(p.route->via.begin(), p.route->via.end(), a.country) != p.route->via.end())
    return true;
  return false;
}

double Detection::detection_probability(const Agency& a, const Person& p) const {
  if (a.detection <= 0) return 0;
  if (a.detection >= 1) return 1;
  double logit = std::log(a.detection / (1 - a.detection));
  const auto factor = [&](const std::string& name) {
    if (const auto it = a.odds.find(name); it != a.odds.end()) logit += std::log(std::max(it->second, 1e-12));
  };
  if (p.age < 18) factor("minor");
  factor(p.female ? "female" : "male");
  for (const auto& type : p.exploitation) factor(type);
  factor(p.stream->citizenship == a.country ? "national" : "foreign");
  if (p.avoids) logit += std::log(std::max(a.avoidance_odds, 1e-12));
  logit += scenario_.frailty_sd * p.frailty;
  return 1 / (1 + std::exp(-logit));
}

bool Detection::identifies(std::size_t j, const Person& p, double u,
                           const std::vector<char>& detected) const {
  const Agency& a = scenario_.agencies[j];
  if (!sees(a, p)) return false;
  double probability = detection_probability(a, p);
  if (a.referred_from && detected[*a.referred_from]) {
    probability = 1 - (1 - probability) * (1 - a.referral_probability);
  }
  return u < probability;
}

}  // namespace clearpoint::simulate
