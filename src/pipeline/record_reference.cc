#include "pipeline/record_reference.h"

#include <fmt/format.h>

#include "core/diagnostic.h"

namespace clearpoint::pipeline {

FoundRecord find_record(const store::Store& store, const std::string& reference, const std::string& example) {
  const auto first = reference.find('/');
  const auto second = first == std::string::npos ? std::string::npos : reference.find('/', first + 1);
  if (second == std::string::npos) {
    throw core::UserError(fmt::format("'{}' is not AGENCY/LIST/RECORD_ID", reference), "e.g. " + example);
  }
  store::RecordFilter filter;
  filter.agency = reference.substr(0, first);
  filter.list = reference.substr(first + 1, second - first - 1);
  const std::string record_id = reference.substr(second + 1);
  FoundRecord found;
  bool seen = false;
  store.for_each_record_with_id(filter, [&](std::int64_t id, const records::CaseRecord& record) {
    if (seen || record.record_id != record_id) return;
    seen = true;
    found = {id, record};
  });
  if (!seen) {
    throw core::UserError(fmt::format("no stored record {}", reference),
                          "check the agency, list and record_id (`clearpoint export --agency ... --out -`)");
  }
  return found;
}

std::string reference_of(const records::CaseRecord& record) {
  return record.agency + "/" + record.list + "/" + record.record_id;
}

}  // namespace clearpoint::pipeline
