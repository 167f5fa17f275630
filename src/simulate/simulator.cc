#include "simulate/simulator.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>

#include "core/diagnostic.h"
#include "core/random.h"
#include "core/utf8.h"
#include "io/csv_writer.h"
#include "records/field_catalogue.h"
#include "simulate/agency_output.h"

namespace clearpoint::simulate {

namespace {

using core::TriState;
using records::LegalElement;

TriState tri(bool value) {
  return value ? TriState::kYes : TriState::kNo;
}

struct Person {
  std::int64_t id = 0;
  const Stream* stream = nullptr;
  const NamePool* pool = nullptr;
  bool female = true;
  int age = 0;  // at recruitment
  core::CivilDate birth;
  core::CivilDate recruited;
  core::CivilDate identified;
  std::string given;
  std::string surname;  // native script, in the person's own gender form
  std::string father;
  const Route* route = nullptr;
  std::vector<std::string> exploitation;
  bool exploited = true;  // false for a smuggled migrant who was not exploited
  std::string recruitment;
  bool avoids = false;
  double frailty = 0;
  std::array<TriState, records::kLegalElementCount> elements{};
  bool withholds_documents = false;
  TriState consent = TriState::kNo;
};

core::CivilDate plus_days(const core::CivilDate& date, int days) {
  return core::CivilDate::from_days(date.to_days() + days);
}

int age_on(const core::CivilDate& born, const core::CivilDate& on) {
  const bool before = on.month < born.month || (on.month == born.month && on.day < born.day);
  return on.year - born.year - (before ? 1 : 0);
}

// One random single-character edit of a name, on code points: substitution, deletion, insertion or the
// transposition of neighbours, with letters taken from the name itself so the script stays the same.
std::string typo(std::string_view text, Rng& rng) {
  std::u32string points = core::decode_utf8(text);
  if (points.size() < 3) return std::string(text);
  const std::size_t at = static_cast<std::size_t>(rng.uniform_int(1, static_cast<int>(points.size()) - 1));
  const char32_t donor =
      points[static_cast<std::size_t>(rng.uniform_int(0, static_cast<int>(points.size()) - 1))];
  switch (rng.uniform_int(0, 3)) {
    case 0:
      points[at] = donor == points[at] ? points[at - 1] : donor;
      break;
    case 1:
      points.erase(points.begin() + static_cast<std::ptrdiff_t>(at));
      break;
    case 2:
      points.insert(points.begin() + static_cast<std::ptrdiff_t>(at), donor);
      break;
    default:
      std::swap(points[at], points[at - 1]);
      break;
  }
  return core::encode_utf8(points);
}

const char* identified_by(const std::string& kind) {
  if (kind == "police" || kind == "prosecution") return "police";
  if (kind == "ngo") return "ngo";
  if (kind == "iom") return "iom";
  if (kind == "social_services") return "social_services";
  if (kind == "labour_inspection") return "labour_inspection";
  return "other";
}

const char* recruiter_relation(const std::string& recruitment) {
  if (recruitment == "family" || recruitment == "sold_by_family") return "family";
  if (recruitment == "relationship") return "partner";
  if (recruitment == "friend_or_acquaintance" || recruitment == "job_offer") return "acquaintance";
  if (recruitment == "abduction" || recruitment == "advertisement" || recruitment == "online")
    return "stranger";
  return "other";
}

class Generator {
 public:
  Generator(const Scenario& scenario, const NameBook& names, const SimulationOptions& options)
      : scenario_(scenario), names_(names), options_(options), rng_(options.seed) {
    std::filesystem::create_directories(options.out_dir);
    for (const auto& agency : scenario.agencies) {
      outputs_.push_back(std::make_unique<AgencyOutput>(agency, options.out_dir));
      counters_.push_back(0);
      list_persons_.push_back(0);
      std::vector<double> habits = {agency.birth_date.full,
                                    agency.birth_date.year_only,
                                    agency.birth_date.estimated_age,
                                    agency.birth_date.missing,
                                    agency.birth_date.day_month_swapped,
                                    agency.birth_date.placeholder_january};
      double total = 0;
      for (const double h : habits) total += h;
      date_habits_.emplace_back(total > 0 ? habits : std::vector<double>{1, 0, 0, 0, 0, 0});
    }
    truth_.open((std::filesystem::path(options.out_dir) / "truth.csv").string(),
                std::ios::binary | std::ios::trunc);
    if (!truth_) throw core::UserError("cannot write truth.csv", "check that the output folder is writable");
    io::CsvWriter(truth_, ',').write_row(truth_columns());
  }

  SimulationSummary run() {
    SimulationSummary summary;
    for (int year = scenario_.first_year; year <= scenario_.last_year; ++year) {
      if (options_.progress) options_.progress(year);
      for (const Stream& stream : scenario_.streams) {
        const double expected = stream.expected_victims(year) * options_.scale;
        const std::int64_t count = rng_.poisson(expected);
        if (count == 0) continue;
        const StreamYear draw = prepare(stream, year);
        for (std::int64_t k = 0; k < count; ++k) {
          const Person person = make_person(stream, draw, year);
          const std::int64_t records_before = records_written_;
          const int lists = identify(person);
          ++summary.persons;
          auto& in_year = summary.years[year];
          ++in_year.persons;
          in_year.records += records_written_ - records_before;
          if (lists > 0) {
            ++summary.identified;
            ++in_year.identified;
          }
        }
      }
    }
    std::ofstream manifest((std::filesystem::path(options_.out_dir) / "manifest.csv").string(),
                           std::ios::binary);
    io::CsvWriter csv(manifest, ',');
    csv.write_row(
        std::vector<std::string>{"batch_file", "mapping_file", "agency", "list", "records", "persons"});
    for (std::size_t j = 0; j < outputs_.size(); ++j) {
      ListSummary list;
      list.agency = scenario_.agencies[j].id;
      list.list = scenario_.agencies[j].list;
      list.batch_file = std::filesystem::path(outputs_[j]->batch_file()).filename().string();
      list.mapping_file = std::filesystem::path(outputs_[j]->mapping_file()).filename().string();
      list.records = outputs_[j]->finish();
      list.persons = list_persons_[j];
      summary.records += list.records;
      csv.write_row(std::vector<std::string>{list.batch_file, list.mapping_file, list.agency, list.list,
                                             std::to_string(list.records), std::to_string(list.persons)});
      summary.lists.push_back(std::move(list));
    }
    truth_.close();
    if (!manifest || !truth_)
      throw core::UserError("writing the simulation output failed", "check the disk has space");
    return summary;
  }

 private:
  struct StreamYear {
    DiscreteDistribution exploitation;
    std::vector<double> exploitation_shares;
    DiscreteDistribution recruitment;
    DiscreteDistribution age;
    DiscreteDistribution route;
  };

  StreamYear prepare(const Stream& stream, int year) const {
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

  Person make_person(const Stream& stream, const StreamYear& draw, int year) {
    Person p;
    p.id = ++person_count_;
    p.stream = &stream;
    p.pool = names_.pool(stream.nationality);
    p.female = rng_.bernoulli(stream.female_share);
    const AgeGroup& group = stream.ages[draw.age(rng_)];
    p.age = rng_.uniform_int(group.youngest, group.oldest);
    p.identified =
        core::CivilDate::from_days(core::CivilDate{year, 1, 1}.to_days() + rng_.uniform_int(0, 364));
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

  void set_elements(Person& p) {
    const auto& m = scenario_.elements;
    const bool minor = p.age < 18;
    const bool crossed = !p.route->via.empty() || p.route->to != p.stream->origin;
    const auto set = [&](LegalElement e, bool value) {
      p.elements[static_cast<std::size_t>(e)] = tri(value);
    };
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

  bool sees(const Agency& a, const Person& p) const {
    if (p.identified.year < a.first_year || p.identified.year > a.last_year) return false;
    if (a.sees_origin && p.stream->origin == a.country) return true;
    if (a.sees_destination && p.route->to == a.country) return true;
    if (a.sees_transit &&
        std::find(p.route->via.begin(), p.route->via.end(), a.country) != p.route->via.end())
      return true;
    return false;
  }

  double detection_probability(const Agency& a, const Person& p) const {
    if (a.detection <= 0) return 0;
    if (a.detection >= 1) return 1;
    double logit = std::log(a.detection / (1 - a.detection));
    const auto factor = [&](const std::string& name) {
      if (const auto it = a.odds.find(name); it != a.odds.end())
        logit += std::log(std::max(it->second, 1e-12));
    };
    if (p.age < 18) factor("minor");
    factor(p.female ? "female" : "male");
    for (const auto& type : p.exploitation) factor(type);
    factor(p.stream->citizenship == a.country ? "national" : "foreign");
    if (p.avoids) logit += std::log(std::max(a.avoidance_odds, 1e-12));
    logit += scenario_.frailty_sd * p.frailty;
    return 1 / (1 + std::exp(-logit));
  }

  int identify(const Person& p) {
    std::vector<char> detected(scenario_.agencies.size(), 0);
    int lists = 0;
    for (std::size_t j = 0; j < scenario_.agencies.size(); ++j) {
      const Agency& a = scenario_.agencies[j];
      // Draw for every agency, eligible or not, so one agency's settings never shift another's draws.
      const double u = rng_.uniform();
      if (!sees(a, p)) continue;
      double probability = detection_probability(a, p);
      if (a.referred_from && detected[*a.referred_from]) {
        probability = 1 - (1 - probability) * (1 - a.referral_probability);
      }
      if (u >= probability) continue;
      detected[j] = 1;
      ++lists;
      ++list_persons_[j];
      write_record(j, p, false);
      if (rng_.bernoulli(a.errors.duplicate)) write_record(j, p, true);
    }
    if (lists == 0) write_truth(p, nullptr, "", "");
    return lists;
  }

  std::string written_name(const Agency& a, const Person& p, std::string native,
                           std::vector<std::string>& errors) {
    const bool cyrillic = p.pool->script == "cyrillic";
    if (a.script == "cyrillic") return cyrillic ? native : names_.to_serbian_cyrillic(native);
    if (cyrillic) {
      native = names_.romanise(
          native, a.romanisation == "national" ? p.pool->language + "_national" : a.romanisation);
    }
    if (a.errors.strip_diacritics > 0 && rng_.bernoulli(a.errors.strip_diacritics)) {
      std::string stripped = NameBook::strip_diacritics(native);
      if (stripped != native) errors.emplace_back("strip_diacritics");
      return stripped;
    }
    return native;
  }

  void write_record(std::size_t j, const Person& p, bool duplicate) {
    const Agency& a = scenario_.agencies[j];
    records::CaseRecord r;
    std::vector<std::string> errors;
    if (duplicate) errors.emplace_back("duplicate");
    r.agency = a.id;
    r.list = a.list;
    const std::int64_t number = ++counters_[j];
    r.record_id = a.date_style == "dmy" ? fmt::format("{}/{:05}", p.identified.year, number)
                                        : fmt::format("{}-{:06}", a.id, number);
    r.registered_on = core::PartialDate::day(plus_days(p.identified, rng_.uniform_int(0, 20)));

    std::string given = p.given;
    if (a.errors.nickname > 0 && !names_.nickname(given).empty() && rng_.bernoulli(a.errors.nickname)) {
      given = std::string(names_.nickname(given));
      errors.emplace_back("nickname");
    }
    std::string surname = p.surname;
    if (p.female && p.pool->slavic_feminine_surnames && a.errors.gender_form > 0 &&
        NameBook::masculine_surname(surname) != surname && rng_.bernoulli(a.errors.gender_form)) {
      surname = NameBook::masculine_surname(surname);
      errors.emplace_back("gender_form");
    }
    given = written_name(a, p, given, errors);
    surname = written_name(a, p, surname, errors);
    if (rng_.bernoulli(a.errors.typo)) {
      std::string& target = rng_.bernoulli(0.5) ? given : surname;
      const std::string changed = typo(target, rng_);
      if (changed != target) errors.emplace_back("typo");
      target = changed;
    }
    if (rng_.bernoulli(a.errors.swap_names)) {
      std::swap(given, surname);
      errors.emplace_back("swap_names");
    }
    r.given_names = std::move(given);
    r.surnames = std::move(surname);
    r.father_name = written_name(a, p, p.father, errors);
    r.sex = p.female ? "female" : "male";
    r.birth_date = birth_date(j, p, errors);
    r.citizenship = {p.stream->citizenship};
    r.birth_country = p.stream->citizenship;
    r.identification_year = p.identified.year;
    r.origin_countries = {p.stream->origin};
    r.transit_countries = p.route->via;
    r.destination_countries = {p.route->to};
    r.exploitation_types = p.exploitation;
    r.recruitment_type = p.recruitment;
    r.recruiter_relation = recruiter_relation(p.recruitment);
    const auto element = [&](LegalElement e) {
      return p.elements[static_cast<std::size_t>(e)] == TriState::kYes;
    };
    if (element(LegalElement::kMeansDeception)) r.means_of_control.emplace_back("false_promises");
    if (element(LegalElement::kMeansThreat)) r.means_of_control.emplace_back("physical_threats");
    if (element(LegalElement::kMeansForce)) r.means_of_control.emplace_back("physical_abuse");
    if (element(LegalElement::kPurposeDebtBondage)) r.means_of_control.emplace_back("debt_bondage");
    if (p.withholds_documents) r.means_of_control.emplace_back("withholds_documents");
    r.minor_at_recruitment = tri(p.age < 18);
    r.border_crossed = tri(!p.route->via.empty() || p.route->to != p.stream->origin);
    r.consent_recorded = p.consent;
    r.identified_by = identified_by(a.kind);
    if (a.kind == "ngo") r.assistance = {"shelter", "psychological"};
    if (a.kind == "iom") r.assistance = {"return", "reintegration"};
    int missing = 0;
    for (std::size_t e = 0; e < records::kLegalElementCount; ++e) {
      if (a.elements_missing > 0 && rng_.bernoulli(a.elements_missing)) {
        r.elements[e] = TriState::kUnknown;
        ++missing;
      } else {
        r.elements[e] = p.elements[e];
      }
    }
    if (missing > 0) errors.push_back(fmt::format("elements_missing:{}", missing));
    outputs_[j]->write(r);
    ++records_written_;
    std::string joined;
    for (const auto& e : errors) joined += (joined.empty() ? "" : "|") + e;
    write_truth(p, &a, r.record_id, joined);
  }

  core::PartialDate birth_date(std::size_t j, const Person& p, std::vector<std::string>& errors) {
    switch (date_habits_[j](rng_)) {
      case 1:
        errors.emplace_back("date:year_only");
        return core::PartialDate::year(p.birth.year);
      case 2: {
        errors.emplace_back("date:estimated_age");
        const int age = age_on(p.birth, p.identified) + rng_.uniform_int(-1, 1);
        return core::PartialDate::age_on(std::max(0, age), p.identified, true);
      }
      case 3:
        errors.emplace_back("date:missing");
        return {};
      case 4:
        if (p.birth.day <= 12 && p.birth.day != p.birth.month) {
          errors.emplace_back("date:day_month_swapped");
          return core::PartialDate::day(core::CivilDate{p.birth.year, p.birth.day, p.birth.month});
        }
        return core::PartialDate::day(p.birth);
      case 5:
        errors.emplace_back("date:placeholder_january");
        return core::PartialDate::day(core::CivilDate{p.birth.year, 1, 1});
      default:
        return core::PartialDate::day(p.birth);
    }
  }

  void write_truth(const Person& p, const Agency* a, const std::string& record_id,
                   const std::string& errors) {
    const auto join = [](const std::vector<std::string>& items) {
      std::string out;
      for (const auto& item : items) out += (out.empty() ? "" : "|") + item;
      return out;
    };
    std::vector<std::string> row = {fmt::format("P{:07}", p.id),
                                    a != nullptr ? a->id : "",
                                    a != nullptr ? a->list : "",
                                    record_id,
                                    errors,
                                    p.stream->nationality,
                                    p.female ? "female" : "male",
                                    p.birth.iso(),
                                    p.given,
                                    p.surname,
                                    p.stream->citizenship,
                                    p.stream->origin,
                                    join(p.route->via),
                                    p.route->to,
                                    std::to_string(p.identified.year),
                                    join(p.exploitation),
                                    p.recruitment,
                                    p.age < 18 ? "yes" : "no",
                                    p.avoids ? "yes" : "no",
                                    fmt::format("{:.4f}", p.frailty)};
    for (const auto& e : p.elements) row.emplace_back(core::to_string(e));
    io::CsvWriter(truth_, ',').write_row(row);
  }

  const Scenario& scenario_;
  const NameBook& names_;
  const SimulationOptions& options_;
  Rng rng_;
  std::vector<std::unique_ptr<AgencyOutput>> outputs_;
  std::vector<std::int64_t> counters_;
  std::vector<std::int64_t> list_persons_;
  std::vector<DiscreteDistribution> date_habits_;
  std::ofstream truth_;
  std::int64_t person_count_ = 0;
  std::int64_t records_written_ = 0;
};

}  // namespace

const std::vector<std::string>& truth_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> c = {"person_id",
                                  "agency",
                                  "list",
                                  "record_id",
                                  "errors",
                                  "nationality",
                                  "sex",
                                  "birth_date",
                                  "given_names",
                                  "surnames",
                                  "citizenship",
                                  "origin",
                                  "transit",
                                  "destination",
                                  "identification_year",
                                  "exploitation_types",
                                  "recruitment_type",
                                  "minor_at_recruitment",
                                  "avoids_authorities",
                                  "frailty"};
    for (const auto& field : records::field_catalogue()) {
      if (field.group == records::FieldGroup::kLegalElement) c.emplace_back(field.name);
    }
    return c;
  }();
  return columns;
}

SimulationSummary simulate(const Scenario& scenario, const NameBook& names,
                           const SimulationOptions& options) {
  if (!(options.scale > 0)) throw core::UserError("--scale must be positive", "e.g. --scale 0.1 for a tenth");
  Generator generator(scenario, names, options);
  return generator.run();
}

}  // namespace clearpoint::simulate
