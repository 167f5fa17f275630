// Recording: what agencies write of the persons they identify — one batch file and column mapping per
// agency list, each record written with the agency's script, romanisation, date habits and errors — and
// the truth beside them (truth.csv: every record with its true person and the errors made in it, and every
// person no agency found), then the manifest of the lists.
#pragma once

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "core/random.h"
#include "simulate/agency_output.h"
#include "simulate/person.h"

namespace clearpoint::simulate {

// The column names of truth.csv, in order.
const std::vector<std::string>& truth_columns();

// One agency list as written.
struct ListSummary {
  std::string agency;
  std::string list;
  std::string batch_file;
  std::string mapping_file;
  std::int64_t records = 0;
  std::int64_t persons = 0;  // distinct persons on the list (records less within-list duplicates)
};

class Recorder {
 public:
  // Creates `out_dir`, each agency's batch file and truth.csv; `rng` is the simulation's shared stream.
  Recorder(const Scenario& scenario, const NameBook& names, const std::string& out_dir, Rng& rng);

  // Agency `j`'s record of `p` (a second one when `duplicate`), and its truth row.
  void write_record(std::size_t j, const Person& p, bool duplicate);
  // The truth row of a person no agency identified.
  void write_unidentified(const Person& p) { write_truth(p, nullptr, "", ""); }
  std::int64_t records_written() const { return records_written_; }

  // Finishes every batch and mapping, writes manifest.csv and closes truth.csv; `persons` gives each
  // list's distinct persons. Throws core::UserError when a file could not be written.
  std::vector<ListSummary> finish(const std::vector<std::int64_t>& persons);

 private:
  std::string written_name(const Agency& a, const Person& p, std::string native,
                           std::vector<std::string>& errors);
  core::PartialDate birth_date(std::size_t j, const Person& p, std::vector<std::string>& errors);
  void write_truth(const Person& p, const Agency* a, const std::string& record_id, const std::string& errors);

  const Scenario& scenario_;
  const NameBook& names_;
  std::string out_dir_;
  Rng& rng_;
  std::vector<std::unique_ptr<AgencyOutput>> outputs_;
  std::vector<std::int64_t> counters_;
  std::vector<DiscreteDistribution> date_habits_;
  std::ofstream truth_;
  std::int64_t records_written_ = 0;
};

}  // namespace clearpoint::simulate
