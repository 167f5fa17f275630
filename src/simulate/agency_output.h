// AgencyOutput: one agency list's batch file, written in that agency's own layout and words, and the
// column mapping that lets `clearpoint import` read it back.
//
// The simulator builds each record in clearpoint's canonical form; this class renames the columns,
// translates values into the agency's words, writes dates and lists the agency's way, and finally
// writes `<agency>-<list>.mapping.toml`, the inverse of all that. Simulator and importer therefore agree
// on the format by construction, and a test checks that every generated file imports without error.
#pragma once

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "records/case_record.h"
#include "records/field_catalogue.h"
#include "simulate/scenario.h"

namespace clearpoint::simulate {

class AgencyOutput {
 public:
  AgencyOutput(const Agency& agency, const std::string& out_dir);
  void write(const records::CaseRecord& record);
  // Flushes the batch and writes the mapping file; returns the number of records written.
  std::int64_t finish();

  std::string batch_file() const;
  std::string mapping_file() const;

 private:
  std::string cell(const records::CaseRecord& record, const records::FieldSpec& field) const;
  std::string word(const records::FieldSpec& field, const std::string& canonical) const;

  const Agency& agency_;
  std::string dir_;
  std::vector<std::pair<const records::FieldSpec*, std::string>> columns_;  // field, header
  std::ofstream out_;
  std::int64_t written_ = 0;
  mutable std::string buffer_;
};

}  // namespace clearpoint::simulate
