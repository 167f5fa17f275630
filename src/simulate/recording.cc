#include "simulate/recording.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "core/diagnostic.h"
#include "core/utf8.h"
#include "io/csv_writer.h"
#include "records/field_catalogue.h"

namespace clearpoint::simulate {

namespace {

using core::TriState;
using records::LegalElement;

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

Recorder::Recorder(const Scenario& scenario, const NameBook& names, const std::string& out_dir, Rng& rng)
    : scenario_(scenario), names_(names), out_dir_(out_dir), rng_(rng) {
  std::filesystem::create_directories(out_dir);
  for (const auto& agency : scenario.agencies) {
    outputs_.push_back(std::make_unique<AgencyOutput>(agency, out_dir));
    counters_.push_back(0);
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
  truth_.open((std::filesystem::path(out_dir) / "truth.csv").string(), std::ios::binary | std::ios::trunc);
  if (!truth_) throw core::UserError("cannot write truth.csv", "check that the output folder is writable");
  io::CsvWriter(truth_, ',').write_row(truth_columns());
}

std::string Recorder::written_name(const Agency& a, const Person& p, std::string native,
                                   std::vector<std::string>& errors) {
  const bool cyrillic = p.pool->script == "cyrillic";
  if (a.script == "cyrillic") return cyrillic ? native : names_.to_serbian_cyrillic(native);
  if (cyrillic) {
    native = names_.romanise(native,
                             a.romanisation == "national" ? p.pool->language + "_national" : a.romanisation);
  }
  if (a.errors.strip_diacritics > 0 && rng_.bernoulli(a.errors.strip_diacritics)) {
    std::string stripped = NameBook::strip_diacritics(native);
    if (stripped != native) errors.emplace_back("strip_diacritics");
    return stripped;
  }
  return native;
}

void Recorder::write_record(std::size_t j, const Person& p, bool duplicate) {
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

core::PartialDate Recorder::birth_date(std::size_t j, const Person& p, std::vector<std::string>& errors) {
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

void Recorder::write_truth(const Person& p, const Agency* a, const std::string& record_id,
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

std::vector<ListSummary> Recorder::finish(const std::vector<std::int64_t>& persons) {
  std::ofstream manifest((std::filesystem::path(out_dir_) / "manifest.csv").string(), std::ios::binary);
  io::CsvWriter csv(manifest, ',');
  csv.write_row(
      std::vector<std::string>{"batch_file", "mapping_file", "agency", "list", "records", "persons"});
  std::vector<ListSummary> lists;
  for (std::size_t j = 0; j < outputs_.size(); ++j) {
    ListSummary list;
    list.agency = scenario_.agencies[j].id;
    list.list = scenario_.agencies[j].list;
    list.batch_file = std::filesystem::path(outputs_[j]->batch_file()).filename().string();
    list.mapping_file = std::filesystem::path(outputs_[j]->mapping_file()).filename().string();
    list.records = outputs_[j]->finish();
    list.persons = persons[j];
    csv.write_row(std::vector<std::string>{list.batch_file, list.mapping_file, list.agency, list.list,
                                           std::to_string(list.records), std::to_string(list.persons)});
    lists.push_back(std::move(list));
  }
  // Each agency's reach as the clearing point would record it from the agency's mandate: the estimation
  // stage reads it with --coverage (link/list_coverage.h).
  std::ofstream coverage((std::filesystem::path(out_dir_) / "coverage.toml").string(), std::ios::binary);
  coverage
      << "# Whom each list could catch at all (clearpoint estimate --coverage; docs/estimation.md).\n"
         "# Written by `clearpoint simulate` from the scenario's agencies: country, the parts of a route\n"
         "# each one sees, and the years it recorded.\n";
  for (const auto& a : scenario_.agencies) {
    std::vector<std::string> roles;
    if (a.sees_origin) roles.emplace_back("\"origin\"");
    if (a.sees_transit) roles.emplace_back("\"transit\"");
    if (a.sees_destination) roles.emplace_back("\"destination\"");
    coverage << fmt::format(
        "\n[[list]]\nlist = \"{}/{}\"\ncountry = \"{}\"\nroles = [{}]\n{}source = \"scenario {}\"\n", a.id,
        a.list, a.country, fmt::join(roles, ", "),
        a.first_year > 0 || a.last_year < 9999 ? fmt::format("years = [{}, {}]\n", a.first_year, a.last_year)
                                               : "",
        scenario_.name);
  }
  truth_.close();
  if (!manifest || !truth_ || !coverage)
    throw core::UserError("writing the simulation output failed", "check the disk has space");
  return lists;
}

}  // namespace clearpoint::simulate
