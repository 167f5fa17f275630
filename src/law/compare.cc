#include "law/compare.h"

#include <algorithm>

#include "law/facts.h"

namespace clearpoint::law {

namespace {
using core::TriState;

void collect(const Framework& f, const std::vector<TriState>& slots, std::size_t slot,
             std::vector<std::string>& out) {
  const Rule* rule = f.rule_at(slot);
  const TriState value = slots[slot];
  const std::string item = f.slot_name(slot) + "=" + std::string(core::to_string(value));
  if (rule == nullptr) {
    out.push_back(item);
    return;
  }
  const bool over_facts_only =
      std::all_of(rule->operands.begin(), rule->operands.end(),
                  [&](std::size_t operand) { return f.rule_at(operand) == nullptr; });
  if (rule->op == Rule::Op::kAny && over_facts_only) {
    out.push_back(item);
    return;
  }
  if (rule->op == Rule::Op::kNot || rule->op == Rule::Op::kOpen) {
    out.push_back(item);
    return;
  }
  for (const std::size_t operand : rule->operands) {
    const TriState v = slots[operand];
    // For `all`, the operands that are not yes block it; for `any`, every operand failed.
    if (v != TriState::kYes) collect(f, slots, operand, out);
  }
}
// The facts that satisfied a rule that holds: every operand of an `all`, the holding operands of an `any`.
void collect_satisfied(const Framework& f, const std::vector<TriState>& slots, std::size_t slot,
                       std::vector<std::string>& out) {
  const Rule* rule = f.rule_at(slot);
  if (rule == nullptr || rule->op == Rule::Op::kNot) {
    out.push_back(f.slot_name(slot) + "=" + std::string(core::to_string(slots[slot])));
    return;
  }
  for (const std::size_t operand : rule->operands) {
    if (rule->op == Rule::Op::kAny && slots[operand] != TriState::kYes) continue;
    collect_satisfied(f, slots, operand, out);
  }
}
}  // namespace

std::vector<std::string> deciding_items(const Framework& framework, const std::vector<TriState>& slots) {
  if (slots[framework.verdict_slot] != TriState::kYes) return blocking_items(framework, slots);
  std::vector<std::string> out;
  collect_satisfied(framework, slots, framework.verdict_slot, out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> blocking_items(const Framework& framework, const std::vector<TriState>& slots) {
  std::vector<std::string> out;
  if (slots[framework.verdict_slot] != TriState::kYes) collect(framework, slots, framework.verdict_slot, out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Comparer::Comparer(const std::vector<Framework>& frameworks) : frameworks_(frameworks) {
  const std::size_t n = frameworks.size();
  slots_.resize(n);
  verdicts_.resize(n);
  for (const auto& f : frameworks) comparison_.frameworks.push_back(&f);
  comparison_.counts.assign(n, {0, 0, 0});
  comparison_.disagree.assign(n, std::vector<std::int64_t>(n, 0));
  drivers_.assign(n, std::vector<std::map<std::string, std::int64_t>>(n));
}

void Comparer::add(const records::CaseRecord& record) {
  ++comparison_.cases;
  const std::size_t n = frameworks_.size();
  for (std::size_t i = 0; i < n; ++i) {
    verdicts_[i] = judge_fast(frameworks_[i], record, slots_[i]);
    ++comparison_.counts[i][static_cast<std::size_t>(verdicts_[i])];
  }
  for (std::size_t a = 0; a < n; ++a) {
    if (verdicts_[a] != Verdict::kQualifies) continue;
    for (std::size_t b = 0; b < n; ++b) {
      if (b == a || verdicts_[b] == Verdict::kQualifies) continue;
      ++comparison_.disagree[a][b];
      for (const auto& item : blocking_items(frameworks_[b], slots_[b])) ++drivers_[a][b][item];
    }
  }
}

Comparison Comparer::result() const {
  Comparison out = comparison_;
  const std::size_t n = frameworks_.size();
  out.drivers.assign(n, std::vector<std::vector<std::pair<std::string, std::int64_t>>>(n));
  for (std::size_t a = 0; a < n; ++a) {
    for (std::size_t b = 0; b < n; ++b) {
      auto& list = out.drivers[a][b];
      list.assign(drivers_[a][b].begin(), drivers_[a][b].end());
      std::stable_sort(list.begin(), list.end(),
                       [](const auto& x, const auto& y) { return x.second > y.second; });
    }
  }
  return out;
}

}  // namespace clearpoint::law
