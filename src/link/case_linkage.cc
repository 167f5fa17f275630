#include "link/case_linkage.h"

namespace clearpoint::link {

namespace {

enum Column : std::size_t { kGiven, kSurname, kBirth, kSex, kIdentified };

}  // namespace

std::vector<std::string> case_linkage_row(const records::CaseRecord& r) {
  return {r.given_names, r.surnames, r.birth_date.canonical(), r.sex,
          r.identification_year ? std::to_string(*r.identification_year) : std::string()};
}

std::vector<FieldComparison> case_comparisons() {
  return {{"given_names", kGiven, Comparator::kGivenName},
          {"surnames", kSurname, Comparator::kSurname},
          {"birth_date", kBirth, Comparator::kPartialDate},
          {"sex", kSex, Comparator::kExact},
          {"identification_year", kIdentified, Comparator::kYear}};
}

std::vector<BlockingRule> case_blocking_rules() {
  using K = BlockingKeyPart::Kind;
  return {{"surname", {{kSurname, K::kSkeleton, 0}}},
          {"given name + birth year", {{kGiven, K::kSkeleton, 0}, {kBirth, K::kYear, 0}}},
          {"surname prefix + birth year", {{kSurname, K::kSkeletonPrefix, 3}, {kBirth, K::kYear, 0}}},
          {"given name + surname prefix", {{kGiven, K::kSkeleton, 0}, {kSurname, K::kSkeletonPrefix, 2}}},
          {"both names, either order", {{kGiven, K::kSkeletonPair, kSurname}}}};
}

std::vector<BlockingRule> case_training_rules() {
  using K = BlockingKeyPart::Kind;
  return {{"same given name and surname", {{kGiven, K::kSkeleton, 0}, {kSurname, K::kSkeleton, 0}}},
          {"same birth date", {{kBirth, K::kDay, 0}}}};
}

}  // namespace clearpoint::link
