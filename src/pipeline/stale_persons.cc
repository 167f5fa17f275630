#include "pipeline/stale_persons.h"

#include <fmt/format.h>

#include "core/diagnostic.h"

namespace clearpoint::pipeline {

std::string require_current_persons(const store::Store& store, bool stale_ok) {
  const auto lag = store.linkage_lag();
  if (!lag.stale()) return {};
  const auto counted = [](std::int64_t n, const char* what_happened) {
    return n == 0 ? std::string()
                  : fmt::format("{} record{} {} {}", n, n == 1 ? "" : "s", n == 1 ? "was" : "were",
                                what_happened);
  };
  const std::string what = fmt::format("the persons are out of date: since the last `clearpoint link` {}{}{}",
                                       counted(lag.unlinked_records, "imported"),
                                       lag.unlinked_records > 0 && lag.withdrawn_records > 0 ? " and " : "",
                                       counted(lag.withdrawn_records, "withdrawn"));
  if (!stale_ok) {
    throw core::UserError(what,
                          "run `clearpoint link` again, or add --stale-ok to count the old persons "
                          "(records imported since are left out)");
  }
  return what;
}

}  // namespace clearpoint::pipeline
