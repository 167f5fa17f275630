// A simulation's truth (truth.csv written by `clearpoint simulate`): one row per true record, with the
// person it belongs to, and the persons themselves (identified or not). The evaluation use cases read it
// to measure linkage and legal verdicts against what really happened.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "core/country_set.h"
#include "records/case_record.h"

namespace clearpoint::pipeline {

// AGENCY/LIST/RECORD_ID → true person id, for every record some agency holds. The truth is a CSV with
// the columns person_id, agency, list and record_id in any order (simulate's truth.csv, or one written
// by hand for another benchmark), one row per record. Throws core::UserError when a column is missing.
std::map<std::string, std::string> true_person_of_records(const std::string& truth_path);
// AGENCY/LIST/RECORD_ID → the value of another column of the truth (how the name was spelt, the form of
// the birth date), for evaluations broken down by it. Throws core::UserError when there is no such column.
std::map<std::string, std::string> truth_column_of_records(const std::string& truth_path,
                                                           const std::string& column);

// Visits each true person once (its first row) as a case record, for judging persons instead of records.
void for_each_true_person(const std::string& truth_path, const core::CountrySet& countries,
                          const std::function<void(const records::CaseRecord&)>& visit);

}  // namespace clearpoint::pipeline
