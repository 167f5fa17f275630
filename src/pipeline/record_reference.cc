#include "pipeline/record_reference.h"

#include <fmt/format.h>

#include <optional>
#include <vector>

#include "core/diagnostic.h"

namespace clearpoint::pipeline {

namespace {

struct Candidate {
  std::string agency;
  std::string list;
  std::string record_id;
};

// The ways to read the reference as agency, list and record id. "|" (never part of an identifier) separates
// unambiguously; "/" may also occur inside a list or a record id, so every split at two of its slashes is
// a candidate.
std::vector<Candidate> readings(const std::string& reference) {
  if (reference.find('|') != std::string::npos) {
    const auto first = reference.find('|');
    const auto second = reference.find('|', first + 1);
    if (second == std::string::npos || reference.find('|', second + 1) != std::string::npos) return {};
    return {{reference.substr(0, first), reference.substr(first + 1, second - first - 1),
             reference.substr(second + 1)}};
  }
  std::vector<std::size_t> slashes;
  for (std::size_t i = 0; i < reference.size(); ++i) {
    if (reference[i] == '/') slashes.push_back(i);
  }
  std::vector<Candidate> out;
  for (std::size_t a = 0; a < slashes.size(); ++a) {
    for (std::size_t b = a + 1; b < slashes.size(); ++b) {
      const auto i = slashes[a];
      const auto j = slashes[b];
      if (i == 0 || j == i + 1 || j + 1 == reference.size()) continue;  // every part non-empty
      out.push_back({reference.substr(0, i), reference.substr(i + 1, j - i - 1), reference.substr(j + 1)});
    }
  }
  return out;
}

std::optional<FoundRecord> lookup(const store::Store& store, const Candidate& c) {
  auto found = store.find_record(c.agency, c.list, c.record_id);
  if (!found) return std::nullopt;
  return FoundRecord{found->first, std::move(found->second)};
}

}  // namespace

FoundRecord find_record(const store::Store& store, const std::string& reference, const std::string& example) {
  const auto candidates = readings(reference);
  if (candidates.empty()) {
    throw core::UserError("the record reference is not AGENCY/LIST/RECORD_ID",
                          "e.g. " + example + " (or AGENCY|LIST|RECORD_ID, quoted, when a part holds a /)");
  }
  std::vector<FoundRecord> found;
  for (const auto& c : candidates) {
    if (auto record = lookup(store, c)) found.push_back(std::move(*record));
  }
  if (found.empty()) {
    // The reference is not repeated (it holds a record id, which messages never show); its agency and
    // list are, so the user can tell which part is wrong.
    std::string where;
    for (const auto& c : candidates)
      where += fmt::format("{}{}/{}", where.empty() ? "" : " or ", c.agency, c.list);
    throw core::UserError(fmt::format("no stored record of {} has that record_id", where),
                          "check the agency, list and record_id (`clearpoint export --agency ... --out -`)");
  }
  if (found.size() > 1) {
    throw core::UserError(
        // The reference is not repeated: it holds a record id, which messages never show.
        fmt::format("the reference names {} stored records: its slashes can be read more than one way",
                    found.size()),
        "write it as 'AGENCY|LIST|RECORD_ID' (quoted), which reads only one way");
  }
  return std::move(found.front());
}

std::string reference_of(const records::CaseRecord& record) {
  return record.agency + "/" + record.list + "/" + record.record_id;
}

}  // namespace clearpoint::pipeline
