#include "simulate/scenario.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "core/diagnostic.h"
#include "io/toml_file.h"
#include "records/field_catalogue.h"

namespace clearpoint::simulate {

namespace {

const std::set<std::string, std::less<>> kOddsFactors = {"minor",
                                                         "male",
                                                         "female",
                                                         "sexual",
                                                         "forced_labour",
                                                         "begging",
                                                         "criminal_activity",
                                                         "forced_marriage",
                                                         "organ_removal",
                                                         "illegal_adoption",
                                                         "surrogacy",
                                                         "other",
                                                         "foreign",
                                                         "national"};
const std::set<std::string, std::less<>> kAgencyKinds = {
    "police", "ngo", "iom", "social_services", "labour_inspection", "prosecution", "other"};

// Reads typed values out of the TOML tree, collecting located problems instead of stopping at the first.
class Reader {
 public:
  explicit Reader(std::string path) : path_(std::move(path)) {}

  void problem(const toml::node* node, std::string what, std::string hint) {
    problems_.push_back(io::toml_problem(path_, node, std::move(what), std::move(hint)));
  }

  std::optional<double> number(const toml::node* node, std::string_view key, double low, double high) {
    if (node == nullptr) return std::nullopt;
    const auto value = node->value<double>();
    if (!value || !std::isfinite(*value) || *value < low || *value > high) {
      problem(node, fmt::format("'{}' must be a number from {} to {}", key, low, high), "correct the value");
      return std::nullopt;
    }
    return value;
  }

  double number_or(const toml::table& table, std::string_view key, double fallback, double low, double high) {
    return number(table.get(key), key, low, high).value_or(fallback);
  }

  std::optional<std::string> text(const toml::node* node, std::string_view key) {
    if (node == nullptr) return std::nullopt;
    const auto* value = node->as_string();
    if (value == nullptr) {
      problem(node, fmt::format("'{}' must be a text in quotes", key), "write key = \"value\"");
      return std::nullopt;
    }
    return value->get();
  }

  std::string required_text(const toml::table& table, std::string_view key, const toml::node* owner) {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
      problem(owner, fmt::format("'{}' is missing", key), fmt::format("add {} = \"...\"", key));
      return {};
    }
    return text(node, key).value_or("");
  }

  void unknown_keys(const toml::table& table, std::initializer_list<std::string_view> known,
                    std::string_view where) {
    for (const auto& [key, node] : table) {
      if (std::find(known.begin(), known.end(), key.str()) == known.end()) {
        std::string list;
        for (const auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
        problem(&node, fmt::format("unknown key '{}' in {}", key.str(), where), "known keys: " + list);
      }
    }
  }

  const std::string& path() const { return path_; }
  std::vector<core::Diagnostic>& problems() { return problems_; }

 private:
  std::string path_;
  std::vector<core::Diagnostic> problems_;
};

std::optional<int> year_key(std::string_view key) {
  // Four digits, checked before reading: a longer key overflowed (found by fuzz/scenario_fuzz.cc).
  if (key.size() != 4) return std::nullopt;
  int year = 0;
  for (const char c : key) {
    if (c < '0' || c > '9') return std::nullopt;
    year = year * 10 + (c - '0');
  }
  return year;
}

// A table of category → share, checked against `allowed` and normalised.
std::optional<std::pair<std::vector<std::string>, std::vector<double>>> read_shares(
    Reader& reader, const toml::node* node, std::string_view key, std::span<const std::string_view> allowed) {
  const auto* table = node != nullptr ? node->as_table() : nullptr;
  if (table == nullptr) {
    reader.problem(node, fmt::format("'{}' must be a table of shares", key), "write { category = 0.5, ... }");
    return std::nullopt;
  }
  std::vector<std::string> categories;
  std::vector<double> shares;
  for (const auto& [name, value] : *table) {
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), name.str()) == allowed.end()) {
      std::string list;
      for (const auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      reader.problem(&value, fmt::format("'{}' is not a category of {}", name.str(), key),
                     "use one of: " + list);
      continue;
    }
    const auto share = reader.number(&value, name.str(), 0, 1e12);
    if (!share) continue;
    categories.emplace_back(name.str());
    shares.push_back(*share);
  }
  double total = 0;
  for (const double s : shares) total += s;
  if (categories.empty() || !(total > 0)) {
    reader.problem(node, fmt::format("'{}' needs at least one positive share", key), "add category = share");
    return std::nullopt;
  }
  for (double& s : shares) s /= total;
  return std::pair{categories, shares};
}

// Either one share table, or a table of year → share table for shares that change over time.
ShareCurve read_curve(Reader& reader, const toml::node* node, std::string_view key,
                      std::span<const std::string_view> allowed) {
  ShareCurve curve;
  const auto* table = node != nullptr ? node->as_table() : nullptr;
  if (table == nullptr) {
    reader.problem(
        node, fmt::format("'{}' is missing or not a table", key),
        fmt::format("write {} = {{ category = share, ... }} or {{ 2000 = {{...}}, 2025 = {{...}} }}", key));
    return curve;
  }
  const bool by_year = !table->empty() && year_key(table->begin()->first.str()).has_value();
  std::vector<std::pair<int, const toml::node*>> anchors;
  if (by_year) {
    for (const auto& [name, value] : *table) {
      const auto year = year_key(name.str());
      if (!year) {
        reader.problem(&value, fmt::format("'{}' is not a year", name.str()), "use four-digit years as keys");
        continue;
      }
      anchors.emplace_back(*year, &value);
    }
  } else {
    anchors.emplace_back(0, node);
  }
  std::sort(anchors.begin(), anchors.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [year, value] : anchors) {
    const auto shares = read_shares(reader, value, key, allowed);
    if (!shares) continue;
    for (const auto& c : shares->first) {
      if (std::find(curve.categories.begin(), curve.categories.end(), c) == curve.categories.end()) {
        curve.categories.push_back(c);
      }
    }
  }
  for (const auto& [year, value] : anchors) {
    const auto shares = read_shares(reader, value, key, allowed);
    if (!shares) continue;
    std::vector<double> row(curve.categories.size(), 0);
    for (std::size_t i = 0; i < shares->first.size(); ++i) {
      const auto at = std::find(curve.categories.begin(), curve.categories.end(), shares->first[i]);
      row[static_cast<std::size_t>(at - curve.categories.begin())] = shares->second[i];
    }
    curve.years.push_back(year);
    curve.shares.push_back(std::move(row));
  }
  return curve;
}

std::vector<std::string_view> allowed_of(std::string_view field) {
  const auto* spec = records::find_field(field);
  return {spec->allowed.begin(), spec->allowed.end()};
}

void check_country(Reader& reader, const core::CountrySet& countries, const toml::node* node,
                   const std::string& code) {
  const bool capitals = std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  if (!countries.contains(code) || !capitals) {
    reader.problem(node, fmt::format("'{}' is not a country code of data/countries.csv", code),
                   "use ISO 3166-1 alpha-2 in capitals (RS, BA, MK, AL, ME, XK, MD, ...)");
  }
}

Stream read_stream(Reader& reader, const toml::table& table, const toml::node& node,
                   const core::CountrySet& countries, const NameBook& names) {
  reader.unknown_keys(table,
                      {"name", "nationality", "citizenship", "origin", "victims", "female", "age",
                       "exploitation", "recruitment", "routes"},
                      "[[stream]]");
  Stream s;
  s.name = reader.required_text(table, "name", &node);
  s.nationality = reader.required_text(table, "nationality", &node);
  if (!s.nationality.empty() && names.pool(s.nationality) == nullptr) {
    reader.problem(table.get("nationality"), fmt::format("there is no name pool '{}'", s.nationality),
                   "use a nationality of data/names/nationalities.csv");
  }
  s.origin = reader.required_text(table, "origin", &node);
  if (!s.origin.empty()) check_country(reader, countries, table.get("origin"), s.origin);
  s.citizenship = reader.text(table.get("citizenship"), "citizenship").value_or(s.origin);
  if (!s.citizenship.empty()) check_country(reader, countries, table.get("citizenship"), s.citizenship);
  s.female_share = reader.number_or(table, "female", 0.5, 0, 1);

  if (const auto* victims = table.get_as<toml::table>("victims")) {
    for (const auto& [key, value] : *victims) {
      const auto year = year_key(key.str());
      const auto count = reader.number(&value, "victims", 0, 1e9);
      if (!year)
        reader.problem(&value, fmt::format("'{}' is not a year", key.str()), "use four-digit years as keys");
      if (year && count) s.victims.emplace_back(*year, *count);
    }
    std::sort(s.victims.begin(), s.victims.end());
  }
  if (s.victims.empty()) {
    reader.problem(&node, fmt::format("stream '{}' has no victims table", s.name),
                   "add victims = { 2000 = 100, 2025 = 50 } (victims identified per year)");
  }

  if (const auto* ages = table.get_as<toml::table>("age")) {
    for (const auto& [key, value] : *ages) {
      int youngest = 0;
      int oldest = 0;
      if (std::sscanf(std::string(key.str()).c_str(), "%d-%d", &youngest, &oldest) != 2 ||
          youngest > oldest || youngest < 0 || oldest > 90) {
        reader.problem(&value, fmt::format("'{}' is not an age group like \"18-24\"", key.str()),
                       "write \"A-B\" with A <= B");
        continue;
      }
      if (const auto share = reader.number(&value, key.str(), 0, 1e9))
        s.ages.push_back({youngest, oldest, *share});
    }
  }
  if (s.ages.empty())
    reader.problem(&node, "the stream has no age groups", "add age = { \"18-24\" = 0.6, ... }");

  // "none" (last of the allowed values): smuggled or irregular migrants who were not exploited.
  const auto exploitation = allowed_of("exploitation_types");
  s.exploitation = read_curve(reader, table.get("exploitation"), "exploitation", exploitation);
  const auto recruitment = allowed_of("recruitment_type");
  s.recruitment = read_curve(reader, table.get("recruitment"), "recruitment", recruitment);

  if (const auto* routes = table.get_as<toml::array>("routes")) {
    for (const auto& item : *routes) {
      const auto* route = item.as_table();
      if (route == nullptr) {
        reader.problem(&item, "a route must be a table",
                       "write { via = [\"RO\", \"RS\"], to = \"BA\", weight = 2 }");
        continue;
      }
      reader.unknown_keys(*route, {"via", "to", "weight"}, "a route");
      Route r;
      r.to = reader.required_text(*route, "to", &item);
      if (!r.to.empty()) check_country(reader, countries, route->get("to"), r.to);
      r.weight = reader.number_or(*route, "weight", 1, 0, 1e9);
      if (const auto* via = route->get_as<toml::array>("via")) {
        for (const auto& country : *via) {
          if (const auto code = reader.text(&country, "via")) {
            check_country(reader, countries, &country, *code);
            r.via.push_back(*code);
          }
        }
      }
      s.routes.push_back(std::move(r));
    }
  }
  if (s.routes.empty()) {
    reader.problem(&node, fmt::format("stream '{}' has no routes", s.name),
                   "add routes = [ { via = [...], to = \"XX\", weight = 1 } ]");
  }
  return s;
}

// Who the agency is and which of its lists: identifiers valid as record fields, each list defined once.
void read_agency_identity(Reader& reader, const toml::table& table, const toml::node& node,
                          const core::CountrySet& countries, const std::vector<Agency>& earlier, Agency& a) {
  a.id = reader.required_text(table, "id", &node);
  a.list = reader.text(table.get("list"), "list").value_or("main");
  records::CaseRecord probe;
  const core::CountrySet none;
  for (const auto& [field, value] : {std::pair{"agency", a.id}, std::pair{"list", a.list}}) {
    if (records::assign_field(probe, *records::find_field(field), value, none) || value.empty()) {
      reader.problem(table.get(field == std::string("agency") ? "id" : field),
                     fmt::format("'{}' is not a valid {}", value, field),
                     "use letters, digits and . _ - only");
    }
  }
  for (const auto& other : earlier) {
    if (other.id == a.id && other.list == a.list) {
      reader.problem(&node, fmt::format("agency {} list {} is defined twice", a.id, a.list),
                     "give each list its own id or list");
    }
  }
  a.kind = reader.text(table.get("kind"), "kind").value_or("other");
  if (!kAgencyKinds.count(a.kind)) {
    reader.problem(table.get("kind"), fmt::format("'{}' is not an agency kind", a.kind),
                   "use police, ngo, iom, social_services, labour_inspection, prosecution or other");
  }
  a.country = reader.required_text(table, "country", &node);
  if (!a.country.empty()) check_country(reader, countries, table.get("country"), a.country);
}

// Whom the agency sees: route roles, years, detection and its odds, and referrals from an earlier agency.
void read_agency_coverage(Reader& reader, const toml::table& table, const std::vector<Agency>& earlier,
                          Agency& a) {
  if (const auto* sees = table.get_as<toml::array>("sees")) {
    a.sees_destination = false;
    for (const auto& item : *sees) {
      const auto role = reader.text(&item, "sees").value_or("");
      if (role == "origin") {
        a.sees_origin = true;
      } else if (role == "transit") {
        a.sees_transit = true;
      } else if (role == "destination") {
        a.sees_destination = true;
      } else {
        reader.problem(&item, fmt::format("'{}' is not a route role", role),
                       "use origin, transit or destination");
      }
    }
  }
  a.first_year = 0;
  a.last_year = 9999;
  if (const auto* years = table.get_as<toml::array>("years")) {
    const auto first = years->size() == 2 ? io::whole_number_in(years->get(0), 1900, 2100) : std::nullopt;
    const auto last = years->size() == 2 ? io::whole_number_in(years->get(1), 1900, 2100) : std::nullopt;
    if (first && last) {
      a.first_year = *first;
      a.last_year = *last;
    } else {
      reader.problem(table.get("years"), "'years' must be [first, last]", "write years = [2000, 2025]");
    }
  }
  a.detection = reader.number_or(table, "detection", 0.1, 0, 1);
  a.avoidance_odds = reader.number_or(table, "avoidance_odds", 1, 0, 1e6);
  if (const auto* odds = table.get_as<toml::table>("odds")) {
    for (const auto& [factor, value] : *odds) {
      if (!kOddsFactors.count(factor.str())) {
        std::string list;
        for (const auto& f : kOddsFactors) list += (list.empty() ? "" : ", ") + f;
        reader.problem(&value, fmt::format("'{}' is not an odds factor", factor.str()),
                       "use one of: " + list);
        continue;
      }
      if (const auto ratio = reader.number(&value, factor.str(), 0, 1e6))
        a.odds[std::string(factor.str())] = *ratio;
    }
  }
  if (const auto* referral = table.get_as<toml::table>("referred_from")) {
    const auto from = reader.required_text(*referral, "agency", table.get("referred_from"));
    const auto list = reader.text(referral->get("list"), "list");
    const auto it = std::find_if(earlier.begin(), earlier.end(),
                                 [&](const Agency& e) { return e.id == from && (!list || e.list == *list); });
    if (it == earlier.end()) {
      reader.problem(table.get("referred_from"),
                     fmt::format("no earlier agency '{}' refers to this one", from),
                     "name an agency defined above this one (referrals run in file order)");
    } else {
      a.referred_from = static_cast<std::size_t>(it - earlier.begin());
    }
    a.referral_probability = reader.number_or(*referral, "probability", 0, 0, 1);
  }
}

// How the agency writes its file: format, separators, date style, script and romanisation.
void read_agency_file_format(Reader& reader, const toml::table& table, const NameBook& names, Agency& a) {
  a.format = reader.text(table.get("format"), "format").value_or("csv");
  if (a.format != "csv" && a.format != "jsonl")
    reader.problem(table.get("format"), "format must be csv or jsonl", "");
  const auto one_char = [&](std::string_view key, char fallback) {
    const auto value = reader.text(table.get(key), key);
    if (!value) return fallback;
    if (value->size() != 1 || *value == "\"") {
      reader.problem(table.get(key), fmt::format("'{}' must be one character", key), "e.g. \";\"");
      return fallback;
    }
    return (*value)[0];
  };
  a.separator = one_char("separator", ',');
  a.list_separator = one_char("list_separator", '|');
  if (a.list_separator == a.separator) {
    reader.problem(table.get("list_separator"), "the list separator equals the column separator",
                   "choose another");
  }
  a.date_style = reader.text(table.get("date_style"), "date_style").value_or("iso");
  if (a.date_style != "iso" && a.date_style != "dmy")
    reader.problem(table.get("date_style"), "date_style must be iso or dmy", "");
  a.script = reader.text(table.get("script"), "script").value_or("latin");
  if (a.script != "latin" && a.script != "cyrillic")
    reader.problem(table.get("script"), "script must be latin or cyrillic", "");
  a.romanisation = reader.text(table.get("romanisation"), "romanisation").value_or("national");
  if (a.romanisation != "national" && !names.has_table(a.romanisation)) {
    reader.problem(table.get("romanisation"), fmt::format("no romanisation table '{}'", a.romanisation),
                   "use national, bgn, icao, german or italian (data/names/romanisation.csv)");
  }
}

// The agency's own headers and words for clearpoint's fields.
void read_agency_columns(Reader& reader, const toml::table& table, Agency& a) {
  if (const auto* columns = table.get_as<toml::table>("columns")) {
    for (const auto& [field, value] : *columns) {
      if (records::find_field(field.str()) == nullptr) {
        reader.problem(&value, fmt::format("'{}' is not a clearpoint field", field.str()),
                       "see docs/data-dictionary.md");
        continue;
      }
      if (const auto header = reader.text(&value, field.str()))
        a.columns.emplace_back(std::string(field.str()), *header);
    }
    // toml++ tables are ordered by key; files list columns in catalogue order, which is stable.
    std::sort(a.columns.begin(), a.columns.end(), [](const auto& x, const auto& y) {
      return records::find_field(x.first) < records::find_field(y.first);
    });
  }
  const bool has_record_id =
      std::any_of(a.columns.begin(), a.columns.end(), [](const auto& c) { return c.first == "record_id"; });
  if (!a.columns.empty() && !has_record_id) {
    reader.problem(table.get("columns"), "the columns must include record_id", "add record_id = \"Case no\"");
  }
  if (const auto* values = table.get_as<toml::table>("values")) {
    for (const auto& [field, words] : *values) {
      if (field.str() != "tristate" && records::find_field(field.str()) == nullptr) {
        reader.problem(&words, fmt::format("'{}' is not a clearpoint field", field.str()),
                       "see docs/data-dictionary.md");
        continue;
      }
      if (const auto* word_table = words.as_table()) {
        for (const auto& [canonical, word] : *word_table) {
          if (const auto text = reader.text(&word, canonical.str())) {
            a.values[std::string(field.str())][std::string(canonical.str())] = *text;
          }
        }
      }
    }
  }
}

// How the agency records what it sees: name errors, birth-date habits, legal elements left blank.
void read_agency_recording(Reader& reader, const toml::table& table, Agency& a) {
  if (const auto* errors = table.get_as<toml::table>("errors")) {
    reader.unknown_keys(*errors,
                        {"typo", "swap_names", "gender_form", "nickname", "strip_diacritics", "duplicate"},
                        "errors");
    a.errors.typo = reader.number_or(*errors, "typo", 0, 0, 1);
    a.errors.swap_names = reader.number_or(*errors, "swap_names", 0, 0, 1);
    a.errors.gender_form = reader.number_or(*errors, "gender_form", 0, 0, 1);
    a.errors.nickname = reader.number_or(*errors, "nickname", 0, 0, 1);
    a.errors.strip_diacritics = reader.number_or(*errors, "strip_diacritics", 0, 0, 1);
    a.errors.duplicate = reader.number_or(*errors, "duplicate", 0, 0, 0.5);
  }
  if (const auto* habits = table.get_as<toml::table>("birth_date")) {
    reader.unknown_keys(
        *habits,
        {"full", "year_only", "estimated_age", "missing", "day_month_swapped", "placeholder_january"},
        "birth_date");
    auto& b = a.birth_date;
    b.full = reader.number_or(*habits, "full", 0, 0, 1);
    b.year_only = reader.number_or(*habits, "year_only", 0, 0, 1);
    b.estimated_age = reader.number_or(*habits, "estimated_age", 0, 0, 1);
    b.missing = reader.number_or(*habits, "missing", 0, 0, 1);
    b.day_month_swapped = reader.number_or(*habits, "day_month_swapped", 0, 0, 1);
    b.placeholder_january = reader.number_or(*habits, "placeholder_january", 0, 0, 1);
    const double total =
        b.full + b.year_only + b.estimated_age + b.missing + b.day_month_swapped + b.placeholder_january;
    if (std::fabs(total - 1) > 1e-6) {
      reader.problem(
          table.get("birth_date"), fmt::format("the birth_date shares add up to {:.3f}, not 1", total),
          "make full + year_only + estimated_age + missing + day_month_swapped + placeholder_january = 1");
    }
  }
  a.elements_missing = reader.number_or(table, "elements_missing", 0, 0, 1);
}

Agency read_agency(Reader& reader, const toml::table& table, const toml::node& node,
                   const core::CountrySet& countries, const std::vector<Agency>& earlier,
                   const NameBook& names) {
  reader.unknown_keys(table, {"id",
                              "list",
                              "kind",
                              "country",
                              "sees",
                              "years",
                              "detection",
                              "odds",
                              "avoidance_odds",
                              "referred_from",
                              "format",
                              "separator",
                              "list_separator",
                              "date_style",
                              "script",
                              "romanisation",
                              "columns",
                              "values",
                              "errors",
                              "birth_date",
                              "elements_missing"},
                      "[[agency]]");
  Agency a;
  read_agency_identity(reader, table, node, countries, earlier, a);
  read_agency_coverage(reader, table, earlier, a);
  read_agency_file_format(reader, table, names, a);
  read_agency_columns(reader, table, a);
  read_agency_recording(reader, table, a);
  return a;
}

}  // namespace

std::vector<double> ShareCurve::at(int year) const {
  if (years.empty()) return {};
  if (year <= years.front()) return shares.front();
  if (year >= years.back()) return shares.back();
  std::size_t i = 1;
  while (years[i] < year) ++i;
  const double t = static_cast<double>(year - years[i - 1]) / static_cast<double>(years[i] - years[i - 1]);
  std::vector<double> out(categories.size());
  for (std::size_t c = 0; c < out.size(); ++c) out[c] = (1 - t) * shares[i - 1][c] + t * shares[i][c];
  return out;
}

double Stream::expected_victims(int year) const {
  if (victims.empty() || year < victims.front().first || year > victims.back().first) return 0;
  if (victims.size() == 1) return victims.front().second;
  std::size_t i = 1;
  while (victims[i].first < year) ++i;
  if (victims[i].first == year) return victims[i].second;
  const double t = static_cast<double>(year - victims[i - 1].first) /
                   static_cast<double>(victims[i].first - victims[i - 1].first);
  return (1 - t) * victims[i - 1].second + t * victims[i].second;
}

Scenario load_scenario(const std::string& path, const core::CountrySet& countries, const NameBook& names) {
  const toml::table root =
      io::parse_toml_file(path, "the scenario", "fix the TOML syntax; docs/simulate.md shows the format");
  Reader reader(path);
  reader.unknown_keys(root, {"scenario", "persons", "elements", "stream", "agency"}, "the scenario file");
  Scenario scenario;
  if (const auto* head = root.get_as<toml::table>("scenario")) {
    reader.unknown_keys(*head, {"name", "description", "first_year", "last_year"}, "[scenario]");
    scenario.name = reader.required_text(*head, "name", root.get("scenario"));
    scenario.description = reader.text(head->get("description"), "description").value_or("");
    scenario.first_year = static_cast<int>(reader.number_or(*head, "first_year", 2000, 1950, 2100));
    scenario.last_year = static_cast<int>(reader.number_or(*head, "last_year", 2025, 1950, 2100));
    if (scenario.last_year < scenario.first_year) {
      reader.problem(head->get("last_year"), "last_year comes before first_year", "swap them");
    }
  } else {
    reader.problem(nullptr, "the file has no [scenario] table", "start it with [scenario] name = \"...\"");
  }
  if (const auto* persons = root.get_as<toml::table>("persons")) {
    reader.unknown_keys(*persons, {"frailty_sd", "avoids_authorities"}, "[persons]");
    scenario.frailty_sd = reader.number_or(*persons, "frailty_sd", 0, 0, 5);
    scenario.avoids_authorities = reader.number_or(*persons, "avoids_authorities", 0, 0, 1);
  }
  if (const auto* elements = root.get_as<toml::table>("elements")) {
    reader.unknown_keys(*elements,
                        {"threat", "force", "coercion", "fraud", "abuse_of_power", "abuse_of_vulnerability",
                         "payments", "consent_recorded"},
                        "[elements]");
    auto& e = scenario.elements;
    e.threat = reader.number_or(*elements, "threat", e.threat, 0, 1);
    e.force = reader.number_or(*elements, "force", e.force, 0, 1);
    e.coercion = reader.number_or(*elements, "coercion", e.coercion, 0, 1);
    e.fraud = reader.number_or(*elements, "fraud", e.fraud, 0, 1);
    e.abuse_of_power = reader.number_or(*elements, "abuse_of_power", e.abuse_of_power, 0, 1);
    e.abuse_of_vulnerability =
        reader.number_or(*elements, "abuse_of_vulnerability", e.abuse_of_vulnerability, 0, 1);
    e.payments = reader.number_or(*elements, "payments", e.payments, 0, 1);
    e.consent_recorded = reader.number_or(*elements, "consent_recorded", e.consent_recorded, 0, 1);
  }
  if (const auto* streams = root.get_as<toml::array>("stream")) {
    for (const auto& node : *streams) {
      if (const auto* table = node.as_table())
        scenario.streams.push_back(read_stream(reader, *table, node, countries, names));
    }
  }
  if (scenario.streams.empty())
    reader.problem(nullptr, "the scenario has no [[stream]] of victims", "add at least one");
  if (const auto* agencies = root.get_as<toml::array>("agency")) {
    for (const auto& node : *agencies) {
      if (const auto* table = node.as_table()) {
        scenario.agencies.push_back(read_agency(reader, *table, node, countries, scenario.agencies, names));
      }
    }
  }
  if (scenario.agencies.empty())
    reader.problem(nullptr, "the scenario has no [[agency]]", "add at least one");
  if (!reader.problems().empty()) throw core::UserError(std::move(reader.problems()));
  return scenario;
}

}  // namespace clearpoint::simulate
