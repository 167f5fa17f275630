#include "claims/claims.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include "core/diagnostic.h"
#include "core/parse_number.h"
#include "core/suggest.h"
#include "io/toml_file.h"

namespace clearpoint::claims {

bool Claim::states_method() const {
  return !method.empty() && method != "none stated";
}

std::string Claim::value_text() const {
  const auto number = [](double x) {
    const std::string digits = fmt::format("{:.0f}", x);
    std::string grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
      grouped += digits[i];
    }
    return grouped;
  };
  return low == high ? number(low) : number(low) + "–" + number(high);
}

Registry Registry::load_dir(const std::string& dir) {
  Registry registry;
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) registry.add_file(file);
  registry.check();
  return registry;
}

void Registry::add_file(const std::string& path) {
  const auto table = io::parse_toml_file(path, "the claims file", "see data/claims/balkans.toml");
  std::vector<core::Diagnostic> problems;
  const auto* list = table["claim"].as_array();
  if (list == nullptr) {
    throw core::UserError(
        {io::toml_problem(path, nullptr, "no [[claim]] tables", "add claims as [[claim]] tables")});
  }
  for (const auto& node : *list) {
    const auto* t = node.as_table();
    if (t == nullptr) continue;
    Claim c;
    const auto text = [&](const char* key) { return (*t)[key].value_or(std::string()); };
    c.id = text("id");
    c.unit = text("unit");
    c.population = text("population");
    c.region = text("region");
    c.period = text("period");
    c.published_by = text("published_by");
    c.attributed_to = text("attributed_to");
    c.method = text("method");
    c.date = text("date");
    c.note = text("note");
    c.reported_in = text("reported_in");
    c.location = fmt::format("{}:{}", path, t->source().begin.line);
    if (const auto* cites = (*t)["cites"].as_array()) {
      for (const auto& cited : *cites) c.cites.push_back(cited.value_or(std::string()));
    }
    if (const auto value = (*t)["value"].value<double>()) {
      c.low = c.high = *value;
    } else if ((*t)["low"].value<double>() && (*t)["high"].value<double>()) {
      c.low = *(*t)["low"].value<double>();
      c.high = *(*t)["high"].value<double>();
    } else {
      problems.push_back(io::toml_problem(path, t, fmt::format("claim '{}' has no value", c.id),
                                          "give value = N, or low = N and high = M"));
    }
    for (const auto& [key, value] : {std::pair{"id", c.id}, std::pair{"published_by", c.published_by},
                                     std::pair{"unit", c.unit}, std::pair{"method", c.method}}) {
      if (value.empty()) {
        problems.push_back(io::toml_problem(path, t, fmt::format("claim '{}' has no {}", c.id, key),
                                            std::string(key) == "method"
                                                ? "write method = \"none stated\" when none is"
                                                : fmt::format("give {}", key)));
      }
    }
    if (find(c.id) != nullptr) {
      problems.push_back(io::toml_problem(
          path, t, fmt::format("claim id '{}' is used twice (first at {})", c.id, find(c.id)->location),
          "give every claim its own id"));
    }
    claims_.push_back(std::move(c));
  }
  if (!problems.empty()) throw core::UserError(std::move(problems));
}

void Registry::check() const {
  std::vector<core::Diagnostic> problems;
  std::vector<std::string> ids;
  for (const auto& c : claims_) ids.push_back(c.id);
  for (const auto& c : claims_) {
    for (const auto& cited : c.cites) {
      if (find(cited) == nullptr) {
        const auto near = core::nearest_name(cited, ids);
        problems.push_back(
            {{c.location.substr(0, c.location.rfind(':')),
              core::parse_integer(c.location.substr(c.location.rfind(':') + 1)).value_or(0), 1},
             "cites",
             fmt::format("claim '{}' cites '{}', which is not in the registry", c.id, cited),
             near.empty() ? "add the cited claim" : fmt::format("did you mean '{}'?", near)});
      }
    }
  }
  if (!problems.empty()) throw core::UserError(std::move(problems));
  // A cycle: a claim that (through its citations) cites itself.
  std::map<std::string, int> state;  // 1 visiting, 2 done
  std::vector<std::string> path;
  std::function<void(const Claim&)> visit = [&](const Claim& c) {
    state[c.id] = 1;
    path.push_back(c.id);
    for (const auto& cited : c.cites) {
      if (state[cited] == 1) {
        const auto start = std::find(path.begin(), path.end(), cited);
        std::string cycle;
        for (auto it = start; it != path.end(); ++it) cycle += *it + " → ";
        cycle += cited;
        throw core::UserError(
            {{{c.location.substr(0, c.location.rfind(':')),
               core::parse_integer(c.location.substr(c.location.rfind(':') + 1)).value_or(0), 1},
              "cites",
              fmt::format("the citations go round in a circle: {}", cycle),
              "a claim cannot cite a claim that (through others) cites it: remove one citation"}});
      }
      if (state[cited] == 0) visit(*find(cited));
    }
    path.pop_back();
    state[c.id] = 2;
  };
  for (const auto& c : claims_) {
    if (state[c.id] == 0) visit(c);
  }
}

const Claim* Registry::find(const std::string& id) const {
  for (const auto& c : claims_) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

std::vector<const Claim*> Registry::origins(const std::string& id) const {
  std::vector<const Claim*> out;
  std::set<std::string> seen;
  std::function<void(const Claim&)> up = [&](const Claim& c) {
    if (!seen.insert(c.id).second) return;
    if (c.cites.empty() && std::find(out.begin(), out.end(), &c) == out.end()) out.push_back(&c);
    for (const auto& cited : c.cites) up(*find(cited));
  };
  if (const auto* c = find(id)) up(*c);
  return out;
}

std::vector<const Claim*> Registry::restatements(const std::string& id) const {
  std::vector<const Claim*> out;
  for (const auto& c : claims_) {
    if (std::find(c.cites.begin(), c.cites.end(), id) != c.cites.end()) out.push_back(&c);
  }
  return out;
}

std::vector<Flag> flags_of(const Registry& registry, const Claim& claim) {
  std::vector<Flag> flags;
  const auto origins = registry.origins(claim.id);
  if (!claim.attributed_to.empty() && !claim.cites.empty()) {
    const bool from_origin = std::any_of(origins.begin(), origins.end(), [&](const Claim* o) {
      return o->published_by == claim.attributed_to;
    });
    if (!from_origin) {
      std::vector<std::string> publishers;
      for (const auto* o : origins) publishers.push_back(o->published_by);
      flags.push_back(
          {"re-attribution",
           fmt::format("cited as {}'s figure, but {} only restated it; it originates with {}",
                       claim.attributed_to, claim.attributed_to, fmt::join(publishers, " and "))});
    }
  }
  for (const auto& cited_id : claim.cites) {
    const Claim& cited = *registry.find(cited_id);
    std::vector<std::string> changes;
    if (cited.low != claim.low || cited.high != claim.high) {
      changes.push_back(fmt::format("value {} → {}", cited.value_text(), claim.value_text()));
    }
    for (const auto& [name, before, after] : {std::tuple{"unit", cited.unit, claim.unit},
                                              std::tuple{"population", cited.population, claim.population},
                                              std::tuple{"region", cited.region, claim.region},
                                              std::tuple{"period", cited.period, claim.period}}) {
      if (before != after) changes.push_back(fmt::format("{} '{}' → '{}'", name, before, after));
    }
    if (!changes.empty()) {
      flags.push_back({"drift", fmt::format("from {}: {}", cited.id, fmt::join(changes, "; "))});
    }
  }
  // Orphan: no method stated by this claim or any claim above it.
  bool stated = false;
  std::set<std::string> seen;
  std::function<void(const Claim&)> up = [&](const Claim& c) {
    if (!seen.insert(c.id).second) return;
    stated = stated || c.states_method();
    for (const auto& cited : c.cites) up(*registry.find(cited));
  };
  up(claim);
  if (!stated) flags.push_back({"orphan", "no method is stated anywhere in its chain"});
  return flags;
}

std::vector<TraceLine> trace(const Registry& registry, const std::string& id) {
  std::vector<TraceLine> lines;
  if (registry.find(id) == nullptr) {
    std::vector<std::string> ids;
    for (const auto& c : registry.claims()) ids.push_back(c.id);
    const auto near = core::nearest_name(id, ids);
    throw core::UserError(
        fmt::format("no claim '{}' in the registry", id),
        near.empty() ? "see `clearpoint claims list`" : fmt::format("did you mean '{}'?", near));
  }
  std::function<void(const Claim&, int)> down = [&](const Claim& c, int depth) {
    lines.push_back({depth, &c, flags_of(registry, c)});
    for (const auto* r : registry.restatements(c.id)) down(*r, depth + 1);
  };
  for (const auto* origin : registry.origins(id)) down(*origin, 0);
  return lines;
}

}  // namespace clearpoint::claims
