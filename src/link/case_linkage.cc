#include "link/case_linkage.h"

#include "records/field_catalogue.h"

namespace clearpoint::link {

namespace {

enum Column : std::size_t {
  kGiven,
  kSurname,
  kBirth,
  kSex,
  kIdentified,
  kIdentityNumber,
  kStreet,
  kCity,
  kPostcode,
  kRegion,
  kExploitation
};

// Weak keys (a surname alone, a given name and a year) find the pairs the strong ones miss, but a bucket
// of a common name grows with the square of the records; past this size a weak key pairs nobody.
// Both names alone too: a common full name is shared by hundreds in a million records, and its pairs
// then come from the rules that add a year.
constexpr std::size_t kSmallBucket = 50;
// A bare surname pairs records only where it is rare enough to say something on its own.
constexpr std::size_t kRareBucket = 20;
// ... or where the lists are small enough to compare everyone who shares it: a bare name's larger
// buckets still pair while the rule's pairs stay within this many (a fifth of a second's scoring on
// one core). On FEBRL4 (10,000 records) that is every bucket, and it finds the true pairs whose other
// name was replaced and whose birth date is missing or mistyped; at a million records the surname's
// bound rises only to 65.
constexpr std::int64_t kBareNamePairBudget = 1'000'000;
// Agencies name a case's forms of exploitation differently (one writes sexual exploitation where another
// writes forced labour and sexual), and a person identified again may have been exploited in another
// form: one person's records are taken to differ at least this often. An assumption — no inter-agency
// rate is published — that holds a disagreement near −2.3 bits, evidence but never a veto, whatever
// lists that always agree (as the simulated ones do) teach EM.
constexpr double kLeastExploitationDisagreement = 0.1;
// A training anchor shared by more records than this is a name, not a person (case_training_rules).
constexpr std::size_t kTrainingBucket = 4;

}  // namespace

std::vector<std::string> case_linkage_fields() {
  return {"agency",
          "list",
          "record_id",
          "given_names",
          "surnames",
          "birth_date",
          "sex",
          "identification_year",
          "identity_number",
          "address_street",
          "address_city",
          "address_postcode",
          "address_region",
          "exploitation_types"};
}

std::vector<std::string> case_linkage_row(const records::CaseRecord& r) {
  // The forms of exploitation as their canonical text, joined by "|" (Comparator::kSet compares them as a
  // set).
  static const records::FieldSpec& exploitation = *records::find_field("exploitation_types");
  return {r.given_names,
          r.surnames,
          r.birth_date.canonical(),
          r.sex,
          r.identification_year ? std::to_string(*r.identification_year) : std::string(),
          r.identity_number,
          r.address_street,
          r.address_city,
          r.address_postcode,
          r.address_region,
          records::field_text(r, exploitation)};
}

std::vector<FieldComparison> case_comparisons() {
  return {{"given_names", kGiven, Comparator::kGivenName},
          {"surnames", kSurname, Comparator::kSurname},
          {"birth_date", kBirth, Comparator::kPartialDate, true},
          {"sex", kSex, Comparator::kExact, true},
          {"identification_year", kIdentified, Comparator::kYear},
          {"identity_number", kIdentityNumber, Comparator::kExactOrTypo},
          {"address_street", kStreet, Comparator::kName},
          {"address_city", kCity, Comparator::kName},
          {"address_postcode", kPostcode, Comparator::kExactOrTypo},
          {"address_region", kRegion, Comparator::kExact},
          {"exploitation_types", kExploitation, Comparator::kSet, false, kLeastExploitationDisagreement}};
}

std::vector<BlockingRule> case_blocking_rules() {
  using K = BlockingKeyPart::Kind;
  return {
      {"both names, either order", {{kGiven, K::kSkeletonPair, kSurname}}, kSmallBucket},
      {"both names + birth year", {{kGiven, K::kSkeletonPair, kSurname}, {kBirth, K::kYear, 0}}},
      {"both names + last birth year", {{kGiven, K::kSkeletonPair, kSurname}, {kBirth, K::kLastYear, 0}}},
      {"both names + year identified", {{kGiven, K::kSkeletonPair, kSurname}, {kIdentified, K::kText, 0}}},
      {"both name sounds, either order", {{kGiven, K::kSoundPair, kSurname}}, kSmallBucket},
      {"both name sounds + birth year",
       {{kGiven, K::kSoundPair, kSurname}, {kBirth, K::kYear, 0}},
       kSmallBucket},
      {"given name + birth day", {{kGiven, K::kSkeleton, 0}, {kBirth, K::kDay, 0}}},
      {"surname + birth day", {{kSurname, K::kSkeleton, 0}, {kBirth, K::kDay, 0}}},
      {"given name + day and month of birth",
       {{kGiven, K::kSkeleton, 0}, {kBirth, K::kMonthDay, 0}},
       kRareBucket},
      {"surname + year identified", {{kSurname, K::kSkeleton, 0}, {kIdentified, K::kText, 0}}, kSmallBucket},
      {"given name prefix + birth year",
       {{kGiven, K::kSkeletonPrefix, 3}, {kBirth, K::kYear, 0}},
       kSmallBucket},
      {"surname prefix + birth year",
       {{kSurname, K::kSkeletonPrefix, 3}, {kBirth, K::kYear, 0}},
       kSmallBucket},
      {"given name + surname prefix",
       {{kGiven, K::kSkeleton, 0}, {kSurname, K::kSkeletonPrefix, 2}},
       kSmallBucket},
      {"birth day", {{kBirth, K::kDay, 0}}, kSmallBucket},
      {"name prefixes, either order", {{kGiven, K::kPrefixPair, kSurname, 2}}, kSmallBucket},
      {"name initials, either order + birth year",
       {{kGiven, K::kPrefixPair, kSurname, 1}, {kBirth, K::kYear, 0}},
       kSmallBucket},
      {"surname", {{kSurname, K::kSkeleton, 0}}, kRareBucket, kBareNamePairBudget},
      {"given name", {{kGiven, K::kSkeleton, 0}}, kRareBucket, kBareNamePairBudget},
      {"a name in either column", {{kGiven, K::kEitherName, kSurname}}, kSmallBucket},
      {"identity number", {{kIdentityNumber, K::kText, 0}}, kSmallBucket},
      {"postcode + surname prefix",
       {{kPostcode, K::kText, 0}, {kSurname, K::kSkeletonPrefix, 2}},
       kSmallBucket}};
}

std::vector<BlockingRule> case_training_rules() {
  using K = BlockingKeyPart::Kind;
  // Only anchors rare enough to be one person teach m: a full name shared by more records than one
  // woman leaves across the lists is a name, and its namesakes taught EM that birth dates years apart
  // are common among true pairs (m 0.13 for "more than 3 years apart" at a million records).
  return {{"same given name and surname",
           {{kGiven, K::kSkeleton, 0}, {kSurname, K::kSkeleton, 0}},
           kTrainingBucket},
          {"same birth date", {{kBirth, K::kDay, 0}}}};
}

}  // namespace clearpoint::link
