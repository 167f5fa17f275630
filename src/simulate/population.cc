#include "simulate/population.h"

#include <algorithm>

namespace clearpoint::simulate {

using core::TriState;
using records::LegalElement;

Population::StreamYear Population::prepare(const Stream& stream, int year) const {
  StreamYear draw;
  draw.exploitation_shares = stream.exploitation.at(year);
  draw.exploitation = DiscreteDistribution(draw.exploitation_shares);
  draw.recruitment = DiscreteDistribution(stream.recruitment.at(year));
  std::vector<double> ages;
  for (const auto& group : stream.ages) ages.push_back(group.share);
  draw.age = DiscreteDistribution(ages);
  std::vector<double> routes;
  for (const auto& route : stream.routes) routes.push_back(route.weight);
  draw.route = DiscreteDistribution(routes);
  return draw;
}

Person Population::draw(const Stream& stream, const StreamYear& draw, int year) {
  Person p;
  p.id = ++person_count_;
  p.stream = &stream;
  p.pool = names_.pool(stream.nationality);
  p.female = rng_.bernoulli(stream.female_share);
  const AgeGroup& group = stream.ages[draw.age(rng_)];
  p.age = rng_.uniform_int(group.youngest, group.oldest);
  p.identified = core::CivilDate::from_days(core::CivilDate{year, 1, 1}.to_days() + rng_.uniform_int(0, 364));
  if (p.identified.year != year) p.identified = core::CivilDate{year, 12, 31};
  p.recruited = plus_days(p.identified, -rng_.uniform_int(0, 540));
  // Born so that the person is exactly `age` on the day of recruitment.
  const core::CivilDate youngest_birth = p.recruited.plus_years(-p.age);
  p.birth = plus_days(youngest_birth, -rng_.uniform_int(0, 364));
  p.given =
      p.female ? p.pool->female[p.pool->female_weights(rng_)] : p.pool->male[p.pool->male_weights(rng_)];
  const std::string& surname = p.pool->surnames[p.pool->surname_weights(rng_)];
  p.surname = p.female && p.pool->slavic_feminine_surnames ? NameBook::feminine_surname(surname) : surname;
  p.father = p.pool->male[p.pool->male_weights(rng_)];
  p.route = &stream.routes[draw.route(rng_)];
  const std::size_t main_type = draw.exploitation(rng_);
  p.exploited = stream.exploitation.categories[main_type] != "none";
  if (p.exploited) p.exploitation.push_back(stream.exploitation.categories[main_type]);
  if (rng_.bernoulli(0.1) && p.exploited && stream.exploitation.categories.size() > 1) {
    const std::size_t second = draw.exploitation(rng_);
    if (second != main_type && stream.exploitation.categories[second] != "none") {
      p.exploitation.push_back(stream.exploitation.categories[second]);
    }
  }
  p.recruitment = stream.recruitment.categories[draw.recruitment(rng_)];
  p.avoids = rng_.bernoulli(scenario_.avoids_authorities);
  p.frailty = rng_.normal();
  set_elements(p);
  return p;
}

void Population::set_elements(Person& p) {
  const auto& m = scenario_.elements;
  const bool minor = p.age < 18;
  const bool crossed = !p.route->via.empty() || p.route->to != p.stream->origin;
  const auto set = [&](LegalElement e, bool value) { p.elements[static_cast<std::size_t>(e)] = tri(value); };
  const bool deceptive = p.recruitment == "job_offer" || p.recruitment == "relationship" ||
                         p.recruitment == "advertisement" || p.recruitment == "online" ||
                         p.recruitment == "friend_or_acquaintance";
  const bool abducted = p.recruitment == "abduction";
  if (!p.exploited) {
    // A smuggled migrant: moved across borders for a fee, with no means and no purpose of exploitation.
    p.elements.fill(TriState::kNo);
    set(LegalElement::kActTransportation, true);
    set(LegalElement::kIllegalEntryProcured, crossed && p.route->to != p.stream->origin);
    set(LegalElement::kMaterialBenefit, crossed && p.route->to != p.stream->origin);
    p.withholds_documents = false;
    p.consent = TriState::kYes;
    return;
  }
  set(LegalElement::kActRecruitment, !abducted);
  set(LegalElement::kActTransportation, crossed || rng_.bernoulli(0.5));
  set(LegalElement::kActTransfer, rng_.bernoulli(0.3));
  set(LegalElement::kActHarbouring, rng_.bernoulli(0.8));
  set(LegalElement::kActReceipt, rng_.bernoulli(0.5));
  set(LegalElement::kActExchangeOfControl, rng_.bernoulli(0.1));
  set(LegalElement::kMeansThreat, rng_.bernoulli(m.threat));
  set(LegalElement::kMeansForce, abducted || rng_.bernoulli(m.force));
  set(LegalElement::kMeansCoercion, rng_.bernoulli(m.coercion));
  set(LegalElement::kMeansAbduction, abducted);
  set(LegalElement::kMeansFraud, rng_.bernoulli(m.fraud));
  set(LegalElement::kMeansDeception, deceptive);
  set(LegalElement::kMeansAbuseOfPower, rng_.bernoulli(m.abuse_of_power));
  set(LegalElement::kMeansAbuseOfVulnerability,
      rng_.bernoulli(minor ? std::min(1.0, 2 * m.abuse_of_vulnerability) : m.abuse_of_vulnerability));
  set(LegalElement::kMeansPayments, p.recruitment == "sold_by_family" || rng_.bernoulli(m.payments));
  const auto has = [&](std::string_view type) {
    return std::find(p.exploitation.begin(), p.exploitation.end(), type) != p.exploitation.end();
  };
  set(LegalElement::kPurposeSexualExploitation, has("sexual"));
  set(LegalElement::kPurposeForcedLabour, has("forced_labour"));
  set(LegalElement::kPurposeSlavery, false);
  set(LegalElement::kPurposeServitude, has("forced_marriage") && rng_.bernoulli(0.5));
  set(LegalElement::kPurposeDebtBondage, (has("forced_labour") || has("sexual")) && rng_.bernoulli(0.3));
  set(LegalElement::kPurposeOrganRemoval, has("organ_removal"));
  set(LegalElement::kPurposeBegging, has("begging"));
  set(LegalElement::kPurposeCriminalActivity, has("criminal_activity"));
  set(LegalElement::kPurposeForcedMarriage, has("forced_marriage"));
  set(LegalElement::kPurposeIllegalAdoption, has("illegal_adoption"));
  set(LegalElement::kPurposeSurrogacy, has("surrogacy"));
  set(LegalElement::kCommercialSexAct, has("sexual"));
  // Migrants who were not exploited were smuggled by definition of the stream; among victims, some
  // entered with a smuggler's help too.
  const bool smuggled = crossed && p.route->to != p.stream->origin && (!p.exploited || rng_.bernoulli(0.4));
  set(LegalElement::kIllegalEntryProcured, smuggled);
  set(LegalElement::kMaterialBenefit, smuggled);
  p.withholds_documents = crossed && rng_.bernoulli(0.4);
  p.consent = tri(rng_.bernoulli(m.consent_recorded));
}

}  // namespace clearpoint::simulate
