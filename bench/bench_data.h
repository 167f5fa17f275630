// Synthetic batch files for the benchmarks: every canonical column, realistic value mix (Cyrillic and
// Latin names, partial dates, lists, tri-states), deterministic for a given row count.
#pragma once

#include <fmt/format.h>

#include <fstream>
#include <string>

#include "records/field_catalogue.h"

namespace clearpoint::bench {

inline void write_bench_csv(const std::string& path, int rows) {
  std::ofstream out(path, std::ios::binary);
  bool first = true;
  for (const auto& field : records::field_catalogue()) {
    out << (first ? "" : ",") << field.name;
    first = false;
  }
  out << "\n";
  static const char* const kGiven[] = {"Наталија", "Jelena", "Ђорђе", "Olga", "Марија", "Yuliya"};
  static const char* const kSur[] = {"Ђорђевић", "Rusu", "Петровић", "Shevchenko", "Jovanović", "Ceban"};
  static const char* const kDates[] = {"1985-03-12", "1986",      "about 17 on 2004-05-01",
                                       "",           "1984/1986", "1990-07"};
  static const char* const kTri[] = {"yes", "no", ""};
  const std::size_t elements = records::kLegalElementCount;
  for (int i = 0; i < rows; ++i) {
    out << fmt::format(
        "MUP-RS,victims,R{},2004-0{}-1{},{},{},Petar,Nata|Наташа,{},{},MD|RO,MD,{},MD,RS|ME,IT|AT,"
        "sexual|forced_labour,job_offer,acquaintance,false_promises|withholds_documents,{},yes,,police,"
        "shelter|medical",
        i, 1 + i % 9, i % 10, kGiven[i % 6], kSur[(i / 6) % 6], i % 7 == 0 ? "male" : "female", kDates[i % 6],
        2000 + i % 25, kTri[i % 3]);
    for (std::size_t e = 0; e < elements; ++e) out << "," << kTri[(i + e) % 3];
    out << "\n";
  }
}

}  // namespace clearpoint::bench
