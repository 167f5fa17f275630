// Framework: one legal definition of trafficking (or of smuggling, or a documented counting practice),
// loaded from a TOML file in data/frameworks/ and compiled into rules over the facts of a case.
//
// A framework is a set of named rules. A rule combines facts (see facts.h) and other rules with `any`
// (Kleene or), `all` (Kleene and), `not`, or `open` (an open question: unknown when any operand holds, no
// when none can), and carries the article it comes from and a label. One rule
// is the verdict. Rules are compiled once into an ordered program over an array of tri-states, so
// judging a case is a pass over that array, never a reading of text.
//
// Loading refuses, with file:line:column and a hint: unknown facts or rules (with the nearest name),
// rules that reference nothing, cycles, a missing verdict rule, and unknown keys.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/tristate.h"
#include "core/verdict.h"
#include "records/case_record.h"

namespace clearpoint::law {

using core::Verdict;
std::string_view to_string(Verdict verdict);
Verdict verdict_of(core::TriState value);

struct Rule {
  // kOpen: a form of exploitation the instrument's open list ("at a minimum") neither names nor clearly
  // covers — yes for any operand makes the rule unknown (an open question, never a clean yes or no), all
  // no makes it no.
  enum class Op : std::uint8_t { kAny, kAll, kNot, kOpen };
  std::string name;
  std::string label;
  std::string article;
  Op op = Op::kAll;
  std::vector<std::size_t> operands;  // slots: facts first, then rules
  int line = 0;
};

struct Framework {
  std::string id;
  std::string name;
  std::string instrument;
  std::string article;  // of the verdict, e.g. "Art. 3"
  std::string version;  // date of the text, e.g. "2000-11-15"
  std::string kind;  // "law", "practice" or "tag" (derived from several laws, e.g. smuggled, not trafficked)
  std::string counts;  // "trafficking" or "smuggling"
  std::string source;  // where the text is published
  std::string file;
  std::string content_hash;  // of the file's bytes: stored with every verdict
  std::vector<Rule> rules;   // in evaluation order (every operand before its user)
  std::size_t verdict_slot = 0;

  std::size_t slots() const;
  // Evaluates every rule; `slots` must hold slots() values, the facts already filled in.
  void run(core::TriState* slots) const;
  std::string slot_name(std::size_t slot) const;
  const Rule* rule_at(std::size_t slot) const;
};

struct Judgement {
  Verdict verdict;
  std::string explanation;
};

// Evaluates one case and explains the deciding path.
Judgement judge(const Framework& framework, const records::CaseRecord& record);
// Only the verdict, for bulk classification: `scratch` is reused between calls.
Verdict judge_fast(const Framework& framework, const records::CaseRecord& record,
                   std::vector<core::TriState>& scratch);

// Judges cases under several frameworks at once: the facts of a case are evaluated once and every
// framework's compiled rules run over them. Not thread-safe; use one per thread.
class Classifier {
 public:
  explicit Classifier(const std::vector<Framework>& frameworks);
  const std::vector<Verdict>& classify(const records::CaseRecord& record);

 private:
  const std::vector<Framework>& frameworks_;
  std::vector<core::TriState> slots_;
  std::vector<Verdict> verdicts_;
};

Framework load_framework(const std::string& path);
// Every *.toml in `dir`, sorted by file name; problems in any file are reported together.
std::vector<Framework> load_frameworks(const std::string& dir);

}  // namespace clearpoint::law
