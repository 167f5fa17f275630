#include "publish/xlsx_workbook.h"

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <charconv>

#include "core/diagnostic.h"
#include "io/private_folder.h"

namespace clearpoint::publish {

namespace {

bool whole_number(const std::string& text, double& value) {
  long long n = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, error] = std::from_chars(text.data(), end, n);
  if (text.empty() || error != std::errc() || ptr != end) return false;
  value = static_cast<double>(n);
  return true;
}

}  // namespace

std::string sheet_name(const std::string& wanted, const std::vector<std::string>& taken) {
  std::string base;
  for (const char c : wanted)
    base += std::string_view("[]:*?/\\").find(c) == std::string_view::npos ? c : '_';
  if (base.empty()) base = "Sheet";
  for (int n = 1;; ++n) {
    const auto suffix = n == 1 ? std::string() : fmt::format(" {}", n);
    const auto name = base.substr(0, 31 - suffix.size()) + suffix;
    if (std::find(taken.begin(), taken.end(), name) == taken.end()) return name;
  }
}

void write_workbook(const std::vector<Sheet>& sheets, const std::string& target,
                    const io::SafeOutputOptions& options) {
  io::check_output_target(target, options);
  const io::PrivateFolder folder(target);
  const auto draft = folder.path() + "/workbook.xlsx";
  lxw_workbook_options workbook_options{};
  workbook_options.tmpdir = const_cast<char*>(folder.path().c_str());
  lxw_workbook* workbook = workbook_new_opt(draft.c_str(), &workbook_options);
  if (workbook == nullptr)
    throw core::UserError(fmt::format("cannot start the workbook {}", target), "check the folder's space");
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  for (const auto& sheet : sheets) {
    lxw_worksheet* worksheet = workbook_add_worksheet(workbook, sheet.name.c_str());
    if (worksheet == nullptr) {
      workbook_close(workbook);
      throw std::logic_error("a sheet name Excel refuses: " + sheet.name);
    }
    for (std::size_t r = 0; r < sheet.rows.size(); ++r) {
      for (std::size_t c = 0; c < sheet.rows[r].size(); ++c) {
        const auto& text = sheet.rows[r][c];
        const auto row = static_cast<lxw_row_t>(r);
        const auto column = static_cast<lxw_col_t>(c);
        double number = 0;
        if (r > 0 && whole_number(text, number)) {
          worksheet_write_number(worksheet, row, column, number, nullptr);
        } else if (!text.empty()) {
          worksheet_write_string(worksheet, row, column, text.c_str(), r == 0 ? bold : nullptr);
        }
      }
    }
  }
  if (const auto error = workbook_close(workbook); error != LXW_NO_ERROR)
    throw core::UserError(fmt::format("cannot write the workbook {}: {}", target, lxw_strerror(error)),
                          "check the folder's space");
  io::commit_draft(draft, target, options);
}

}  // namespace clearpoint::publish
