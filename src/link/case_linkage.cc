#include "link/case_linkage.h"

namespace clearpoint::link {

namespace {

enum Column : std::size_t { kGiven, kSurname, kBirth, kSex, kIdentified };

// Weak keys (a surname alone, a given name and a year) find the pairs the strong ones miss, but a bucket
// of a common name grows with the square of the records; past this size a weak key pairs nobody.
// Both names alone too: a common full name is shared by hundreds in a million records, and its pairs
// then come from the rules that add a year.
constexpr std::size_t kSmallBucket = 50;

}  // namespace

std::vector<std::string> case_linkage_fields() {
  return {"agency",   "list",       "record_id", "given_names",
          "surnames", "birth_date", "sex",       "identification_year"};
}

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
  return {
      {"both names, either order", {{kGiven, K::kSkeletonPair, kSurname}}, kSmallBucket},
      {"both names + birth year", {{kGiven, K::kSkeletonPair, kSurname}, {kBirth, K::kYear, 0}}},
      {"both names + last birth year", {{kGiven, K::kSkeletonPair, kSurname}, {kBirth, K::kLastYear, 0}}},
      {"both names + year identified", {{kGiven, K::kSkeletonPair, kSurname}, {kIdentified, K::kText, 0}}},
      {"given name + birth day", {{kGiven, K::kSkeleton, 0}, {kBirth, K::kDay, 0}}},
      {"surname + birth day", {{kSurname, K::kSkeleton, 0}, {kBirth, K::kDay, 0}}},
      {"surname + year identified", {{kSurname, K::kSkeleton, 0}, {kIdentified, K::kText, 0}}, kSmallBucket},
      {"given name + birth year", {{kGiven, K::kSkeleton, 0}, {kBirth, K::kYear, 0}}, kSmallBucket},
      {"surname prefix + birth year",
       {{kSurname, K::kSkeletonPrefix, 3}, {kBirth, K::kYear, 0}},
       kSmallBucket},
      {"given name + surname prefix",
       {{kGiven, K::kSkeleton, 0}, {kSurname, K::kSkeletonPrefix, 2}},
       kSmallBucket}};
}

std::vector<BlockingRule> case_training_rules() {
  using K = BlockingKeyPart::Kind;
  return {{"same given name and surname", {{kGiven, K::kSkeleton, 0}, {kSurname, K::kSkeleton, 0}}},
          {"same birth date", {{kBirth, K::kDay, 0}}}};
}

}  // namespace clearpoint::link
