#include "link/capture_histories.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "core/partial_date.h"

namespace clearpoint::link {

std::optional<Stratum> stratum_named(const std::string& name) {
  if (name == "sex") return Stratum::kSex;
  if (name == "age") return Stratum::kAgeGroup;
  if (name == "citizenship") return Stratum::kCitizenship;
  if (name == "year") return Stratum::kYear;
  return std::nullopt;
}

std::string stratum_name(Stratum stratum) {
  switch (stratum) {
    case Stratum::kSex:
      return "sex";
    case Stratum::kAgeGroup:
      return "age";
    case Stratum::kCitizenship:
      return "citizenship";
    case Stratum::kYear:
      return "year";
  }
  return "";
}

std::string stratum_value(const records::CaseRecord& record, Stratum stratum) {
  switch (stratum) {
    case Stratum::kSex:
      return record.sex;
    case Stratum::kCitizenship:
      return record.citizenship.empty() ? std::string() : record.citizenship.front();
    case Stratum::kYear:
      return record.identification_year ? std::to_string(*record.identification_year) : std::string();
    case Stratum::kAgeGroup: {
      const auto birth = record.birth_date.interval();
      if (!birth || !record.identification_year) return {};
      // Mid-year of identification: the year is all the lists reliably give.
      const auto age = core::age_range_on(*birth, core::CivilDate{*record.identification_year, 7, 1});
      if (age.oldest < 18) return "minor";
      if (age.youngest >= 18) return "adult";
      return {};
    }
  }
  return {};
}

void CaptureHistories::add(const std::string& person, const std::string& list,
                           const records::CaseRecord& record) {
  lists_.try_emplace(list, 0);
  Person& p = persons_[person];
  if (std::find(p.lists.begin(), p.lists.end(), list) == p.lists.end()) p.lists.push_back(list);
  p.values.resize(strata_.size());
  if (coverage_) {
    p.evidence.add(record);
    route_recorded_[list].add(record);
  }
  for (std::size_t s = 0; s < strata_.size(); ++s) {
    const auto value = stratum_value(record, strata_[s]);
    if (!value.empty()) ++p.values[s][value];
  }
}

std::vector<std::string> CaptureHistories::header() const {
  std::vector<std::string> header;
  for (const auto stratum : strata_) header.push_back("stratum_" + stratum_name(stratum));
  if (coverage_) header.emplace_back("coverage");
  for (const auto& [list, column] : lists_) header.push_back(list);
  header.emplace_back("count");
  return header;
}

std::vector<std::string> CaptureHistories::list_names() const {
  std::vector<std::string> names;
  for (const auto& [list, column] : lists_) names.push_back(list);
  return names;
}

std::vector<CaptureHistories::Cell> CaptureHistories::cells() const {
  std::map<std::string, std::size_t> column;
  for (const auto& [list, unused] : lists_) column.try_emplace(list, column.size());
  // (stratum values, history) → persons; the history is kept inverted (false before true) so that the map
  // orders histories from 11…1 down to 00…1 within each stratum.
  std::map<std::tuple<std::vector<std::string>, std::vector<bool>, std::vector<bool>, std::vector<bool>>,
           std::int64_t>
      counts;
  for (const auto& [id, person] : persons_) {
    std::vector<std::string> values;
    for (std::size_t s = 0; s < strata_.size(); ++s) {
      const auto& seen = person.values[s];
      if (seen.empty()) {
        values.emplace_back("unknown");
        continue;
      }
      const auto most = std::max_element(seen.begin(), seen.end(), [](const auto& x, const auto& y) {
        return x.second < y.second;  // first maximum: the smallest value among ties
      });
      values.push_back(most->first);
    }
    std::vector<bool> off_list(column.size(), true);
    for (const auto& list : person.lists) off_list[column.at(list)] = false;
    std::vector<bool> unsure;
    std::vector<bool> covered =
        coverage_ ? covered_by(person, column, nullptr, &unsure) : std::vector<bool>{};
    ++counts[{values, covered, off_list, unsure}];
  }
  std::vector<Cell> cells;
  cells.reserve(counts.size());
  for (const auto& [key, count] : counts) {
    const auto& [values, covered, off_list, unsure] = key;
    std::vector<bool> on_list(off_list.size());
    for (std::size_t j = 0; j < on_list.size(); ++j) on_list[j] = !off_list[j];
    cells.push_back({values, std::move(on_list), count, covered, unsure});
  }
  return cells;
}

std::vector<bool> CaptureHistories::covered_by(const Person& person,
                                               const std::map<std::string, std::size_t>& column,
                                               std::map<std::string, std::int64_t>* undetermined,
                                               std::vector<bool>* undetermined_lists) const {
  std::vector<bool> covered(column.size(), true);
  if (undetermined_lists != nullptr) undetermined_lists->assign(column.size(), false);
  for (const auto& [list, j] : column) {
    if (std::find(person.lists.begin(), person.lists.end(), list) != person.lists.end()) continue;
    const auto* reach = coverage_->find(list);
    if (reach == nullptr) continue;
    RouteRecorded recorded;
    for (const auto& own : person.lists) {
      const auto it = route_recorded_.find(own);
      if (it != route_recorded_.end()) recorded.add(it->second);
    }
    const auto verdict = person.evidence.covered_by(*reach, recorded);
    if (verdict == CoverageEvidence::Verdict::kNotCovered) covered[j] = false;
    if (verdict == CoverageEvidence::Verdict::kUndetermined) {
      if (undetermined != nullptr) ++(*undetermined)[list];
      if (undetermined_lists != nullptr) (*undetermined_lists)[j] = true;
    }
  }
  return covered;
}

std::vector<std::string> CaptureHistories::coverage_notes() const {
  std::vector<std::string> notes;
  if (!coverage_) return notes;
  std::map<std::string, std::size_t> column;
  for (const auto& [list, unused] : lists_) column.try_emplace(list, column.size());
  for (const auto& [list, unused] : lists_) {
    if (coverage_->find(list) == nullptr) {
      notes.push_back(
          fmt::format("{} declares no coverage in {}: taken to cover everyone", list, coverage_->path));
    }
  }
  for (const auto& reach : coverage_->lists) {
    if (!lists_.contains(reach.list)) {
      notes.push_back(fmt::format("{} names {}, which holds no linked person", coverage_->path, reach.list));
    }
  }
  std::map<std::string, std::int64_t> undetermined;
  std::int64_t persons_undetermined = 0;
  for (const auto& [id, person] : persons_) {
    std::map<std::string, std::int64_t> own;
    covered_by(person, column, &own);
    if (own.empty()) continue;
    ++persons_undetermined;
    for (const auto& [list, n] : own) undetermined[list] += n;
  }
  if (persons_undetermined > 0) {
    std::vector<std::string> per_list;
    for (const auto& [list, persons] : undetermined)
      per_list.push_back(fmt::format("{} ({})", list, persons));
    notes.push_back(
        fmt::format("{} person{}' records do not say enough (route, year, age, exploitation or sex) to "
                    "decide whether some "
                    "lists could have caught them (? in a histories table's coverage column): latent classes "
                    "place them among the coverage groups their records allow, the other methods take those "
                    "lists to cover them: {}",
                    persons_undetermined, persons_undetermined == 1 ? "" : "s", fmt::join(per_list, ", ")));
  }
  return notes;
}

std::vector<std::vector<std::string>> CaptureHistories::rows() const {
  std::vector<std::vector<std::string>> rows;
  for (const auto& cell : cells()) {
    std::vector<std::string> row = cell.stratum;
    if (coverage_) {
      std::string cover;
      for (std::size_t j = 0; j < cell.covered_by.size(); ++j) {
        const bool unsure = j < cell.undetermined.size() && cell.undetermined[j];
        cover += unsure ? '?' : cell.covered_by[j] ? '1' : '0';
      }
      row.push_back(cover);
    }
    for (const bool on : cell.on_list) row.emplace_back(on ? "1" : "0");
    row.push_back(std::to_string(cell.count));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace clearpoint::link
