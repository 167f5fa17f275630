#include "law/framework.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "core/checksum.h"
#include "core/diagnostic.h"
#include "core/suggest.h"
#include "io/toml_file.h"
#include "law/facts.h"

namespace clearpoint::law {

namespace {

using core::TriState;

std::string file_hash(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return core::blake2b_hex(buffer.str(), 16);
}

struct RawRule {
  std::string name;
  std::string label;
  std::string article;
  Rule::Op op = Rule::Op::kAll;
  std::vector<std::pair<std::string, const toml::node*>> operands;
  const toml::node* node = nullptr;
};

class Loader {
 public:
  explicit Loader(std::string path) : path_(std::move(path)) {}

  void problem(const toml::node* node, std::string what, std::string hint) {
    problems_.push_back(io::toml_problem(path_, node, std::move(what), std::move(hint)));
  }

  Framework load() {
    const toml::table root = io::parse_toml_file(path_, "the framework",
                                                 "fix the TOML syntax; docs/frameworks.md shows the format");
    Framework f;
    f.file = path_;
    f.content_hash = file_hash(path_);
    for (const auto& [key, node] : root) {
      if (key != "framework" && key != "rule") {
        problem(&node, fmt::format("unknown section [{}]", key.str()),
                "use [framework] and [rule.<name>] tables");
      }
    }
    const auto* head = root.get_as<toml::table>("framework");
    std::string verdict;
    if (head == nullptr) {
      problem(nullptr, "the file has no [framework] table", "start with [framework] id = \"...\"");
    } else {
      const auto text = [&](std::string_view key, bool required) {
        const auto* node = head->get(key);
        if (node == nullptr) {
          if (required)
            problem(root.get("framework"), fmt::format("[framework] has no '{}'", key),
                    fmt::format("add {} = \"...\"", key));
          return std::string();
        }
        if (!node->is_string()) {
          problem(node, fmt::format("'{}' must be a text in quotes", key), "");
          return std::string();
        }
        return std::string(node->as_string()->get());
      };
      for (const auto& [key, node] : *head) {
        static const std::set<std::string_view> known = {"id",   "name",   "instrument", "article", "version",
                                                         "kind", "counts", "source",     "verdict"};
        if (!known.count(key.str())) {
          problem(&node, fmt::format("unknown key '{}' in [framework]", key.str()),
                  "known keys: id, name, instrument, article, version, kind, counts, source, verdict");
        }
      }
      f.id = text("id", true);
      f.name = text("name", true);
      f.instrument = text("instrument", false);
      f.article = text("article", false);
      f.version = text("version", true);
      f.kind = text("kind", true);
      f.counts = text("counts", false);
      f.source = text("source", false);
      verdict = text("verdict", true);
      if (f.counts.empty()) f.counts = "trafficking";
      if (!f.kind.empty() && f.kind != "law" && f.kind != "practice" && f.kind != "tag") {
        problem(
            head->get("kind"), "kind must be \"law\", \"practice\" or \"tag\"",
            "a documented practice is not law, and a tag derived from several laws is neither; say which");
      }
      if (f.counts != "trafficking" && f.counts != "smuggling") {
        problem(head->get("counts"), "counts must be \"trafficking\" or \"smuggling\"", "");
      }
    }
    std::vector<RawRule> raw;
    if (const auto* rules = root.get_as<toml::table>("rule")) {
      for (const auto& [name, node] : *rules) raw.push_back(read_rule(std::string(name.str()), node));
    }
    if (raw.empty()) problem(nullptr, "the framework has no rules", "add [rule.<name>] tables");
    compile(f, raw, verdict, head != nullptr ? head->get("verdict") : nullptr);
    if (!problems_.empty()) throw core::UserError(std::move(problems_));
    return f;
  }

 private:
  RawRule read_rule(std::string name, const toml::node& node) {
    RawRule rule;
    rule.name = std::move(name);
    rule.node = &node;
    const auto* table = node.as_table();
    if (table == nullptr) {
      problem(&node, fmt::format("rule '{}' must be a table", rule.name),
              "write [rule.name] with any/all/not");
      return rule;
    }
    int ops = 0;
    for (const auto& [key, value] : *table) {
      const std::string_view k = key.str();
      if (k == "any" || k == "all" || k == "open") {
        ++ops;
        rule.op = k == "any" ? Rule::Op::kAny : (k == "all" ? Rule::Op::kAll : Rule::Op::kOpen);
        const auto* items = value.as_array();
        if (items == nullptr) {
          problem(&value, fmt::format("'{}' must be a list of names", k), "write any = [\"a\", \"b\"]");
          continue;
        }
        for (const auto& item : *items) {
          if (const auto* text = item.as_string()) {
            rule.operands.emplace_back(text->get(), &item);
          } else {
            problem(&item, "a rule operand must be a name in quotes", "");
          }
        }
      } else if (k == "not") {
        ++ops;
        rule.op = Rule::Op::kNot;
        if (const auto* text = value.as_string()) {
          rule.operands.emplace_back(text->get(), &value);
        } else {
          problem(&value, "'not' takes one name in quotes", "write not = \"rule_or_fact\"");
        }
      } else if (k == "article" || k == "label") {
        if (const auto* text = value.as_string()) {
          (k == "article" ? rule.article : rule.label) = text->get();
        } else {
          problem(&value, fmt::format("'{}' must be a text in quotes", k), "");
        }
      } else {
        problem(&value, fmt::format("unknown key '{}' in rule '{}'", k, rule.name),
                "a rule has any, all, open or not, article and label");
      }
    }
    if (ops != 1) {
      problem(&node, fmt::format("rule '{}' needs exactly one of any, all, open or not", rule.name),
              "write any = [...] (one must hold), all = [...] (each must hold), open = [...] (an open "
              "question when one holds) or not = \"...\"");
    } else if (rule.operands.empty()) {
      problem(&node, fmt::format("rule '{}' references nothing", rule.name),
              "list the facts or rules it combines; an empty rule would decide nothing");
    }
    if (rule.label.empty()) rule.label = rule.name;
    return rule;
  }

  void compile(Framework& f, const std::vector<RawRule>& raw, const std::string& verdict,
               const toml::node* verdict_node) {
    const FactTable& facts = FactTable::instance();
    std::map<std::string, std::size_t> rule_index;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (facts.index_of(raw[i].name)) {
        problem(raw[i].node, fmt::format("rule '{}' has the name of a fact", raw[i].name), "rename the rule");
      }
      rule_index[raw[i].name] = i;
    }
    std::vector<std::string> candidates = facts.names();
    for (const auto& r : raw) candidates.push_back(r.name);
    if (!verdict.empty() && rule_index.find(verdict) == rule_index.end()) {
      std::vector<std::string> rule_names;
      for (const auto& r : raw) rule_names.push_back(r.name);
      const std::string guess = core::nearest_name(verdict, rule_names);
      problem(verdict_node, fmt::format("the verdict rule '{}' does not exist", verdict),
              guess.empty() ? "name one of the [rule.*] tables" : fmt::format("did you mean '{}'?", guess));
    }
    // Resolve operands: a fact's slot, or (as a negative marker) a rule's raw index.
    std::vector<std::vector<std::pair<bool, std::size_t>>> resolved(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
      for (const auto& [name, node] : raw[i].operands) {
        if (const auto fact = facts.index_of(name)) {
          resolved[i].emplace_back(false, *fact);
        } else if (const auto it = rule_index.find(name); it != rule_index.end()) {
          resolved[i].emplace_back(true, it->second);
        } else {
          const std::string guess = core::nearest_name(name, candidates);
          problem(node, fmt::format("'{}' is neither a fact nor a rule of this framework", name),
                  guess.empty() ? "see docs/frameworks.md for the facts"
                                : fmt::format("did you mean '{}'?", guess));
        }
      }
    }
    // Order rules so that every rule comes after the rules it uses; report a cycle with its path.
    std::vector<int> state(raw.size(), 0);  // 0 new, 1 on the path, 2 done
    std::vector<std::size_t> order;
    std::vector<std::size_t> path;
    bool cycle = false;
    const std::function<void(std::size_t)> visit = [&](std::size_t i) {
      if (state[i] == 2 || cycle) return;
      if (state[i] == 1) {
        std::string text;
        const auto start = std::find(path.begin(), path.end(), i);
        for (auto it = start; it != path.end(); ++it) text += raw[*it].name + " → ";
        text += raw[i].name;
        problem(raw[i].node, fmt::format("the rules form a cycle: {}", text),
                "a rule may not depend on itself");
        cycle = true;
        return;
      }
      state[i] = 1;
      path.push_back(i);
      for (const auto& [is_rule, index] : resolved[i]) {
        if (is_rule) visit(index);
      }
      path.pop_back();
      state[i] = 2;
      order.push_back(i);
    };
    for (std::size_t i = 0; i < raw.size(); ++i) visit(i);
    if (!problems_.empty()) return;
    std::vector<std::size_t> slot_of_rule(raw.size());
    for (std::size_t k = 0; k < order.size(); ++k) slot_of_rule[order[k]] = facts.size() + k;
    for (const std::size_t i : order) {
      Rule rule;
      rule.name = raw[i].name;
      rule.label = raw[i].label;
      rule.article = raw[i].article;
      rule.op = raw[i].op;
      rule.line = raw[i].node != nullptr ? static_cast<int>(raw[i].node->source().begin.line) : 0;
      for (const auto& [is_rule, index] : resolved[i])
        rule.operands.push_back(is_rule ? slot_of_rule[index] : index);
      f.rules.push_back(std::move(rule));
    }
    const auto it = rule_index.find(verdict);
    if (it == rule_index.end()) return;  // reported above
    f.verdict_slot = slot_of_rule[it->second];
  }

  std::string path_;
  std::vector<core::Diagnostic> problems_;
};

std::string value_word(TriState value) {
  return std::string(core::to_string(value));
}

class Explainer {
 public:
  Explainer(const Framework& f, const records::CaseRecord& record, const std::vector<TriState>& slots)
      : f_(f), record_(record), slots_(slots) {}

  std::string describe(std::size_t slot, int depth) const {
    const Rule* rule = f_.rule_at(slot);
    const TriState value = slots_[slot];
    if (rule == nullptr) {
      const auto& facts = FactTable::instance();
      std::string text = fmt::format("{}={}", facts.name(slot), value_word(value));
      if (const auto why = facts.reason(record_, slot); !why.empty()) text += " (" + why + ")";
      return text;
    }
    std::vector<std::size_t> shown;
    for (const std::size_t operand : rule->operands) {
      const TriState v = slots_[operand];
      // What the reader needs: for a yes, what satisfied it; for a no, what failed it; for an unknown,
      // what is missing and what is already there (facts of an undecided `any` are left to the unknowns).
      bool show = true;
      if (rule->op == Rule::Op::kOpen) {
        show = v != TriState::kNo;  // the unnamed forms that raise the question
      } else if (rule->op == Rule::Op::kAny) {
        if (value == TriState::kYes) show = v == TriState::kYes;
        if (value == TriState::kUnknown) show = v == TriState::kUnknown || f_.rule_at(operand) != nullptr;
      } else if (rule->op == Rule::Op::kAll && value == TriState::kNo) {
        show = v == TriState::kNo;
      }
      if (show) shown.push_back(operand);
    }
    std::string head = fmt::format("{} {}", rule->label, value_word(value));
    if (!rule->article.empty()) head += fmt::format(" [{}]", rule->article);
    if (depth >= 4 || shown.empty()) return head;
    std::string parts;
    for (const std::size_t operand : shown) {
      if (!parts.empty()) parts += f_.rule_at(operand) != nullptr ? "; " : ", ";
      parts += f_.rule_at(operand) != nullptr ? "(" + describe(operand, depth + 1) + ")"
                                              : describe(operand, depth + 1);
    }
    return head + ": " + parts;
  }

 private:
  const Framework& f_;
  const records::CaseRecord& record_;
  const std::vector<TriState>& slots_;
};

}  // namespace

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::kQualifies:
      return "QUALIFIES";
    case Verdict::kDoesNotQualify:
      return "DOES NOT QUALIFY";
    case Verdict::kUndetermined:
      return "UNDETERMINED";
  }
  return "UNDETERMINED";
}

Verdict verdict_of(TriState value) {
  switch (value) {
    case TriState::kYes:
      return Verdict::kQualifies;
    case TriState::kNo:
      return Verdict::kDoesNotQualify;
    case TriState::kUnknown:
      return Verdict::kUndetermined;
  }
  return Verdict::kUndetermined;
}

std::size_t Framework::slots() const {
  return FactTable::instance().size() + rules.size();
}

const Rule* Framework::rule_at(std::size_t slot) const {
  const std::size_t facts = FactTable::instance().size();
  return slot < facts ? nullptr : &rules[slot - facts];
}

std::string Framework::slot_name(std::size_t slot) const {
  const Rule* rule = rule_at(slot);
  return rule != nullptr ? rule->name : FactTable::instance().name(slot);
}

void Framework::run(TriState* slots) const {
  TriState* out = slots + FactTable::instance().size();
  for (const Rule& rule : rules) {
    TriState value = TriState::kUnknown;
    switch (rule.op) {
      case Rule::Op::kAny:
        value = TriState::kNo;
        for (const std::size_t operand : rule.operands) value = core::tri_or(value, slots[operand]);
        break;
      case Rule::Op::kAll:
        value = TriState::kYes;
        for (const std::size_t operand : rule.operands) value = core::tri_and(value, slots[operand]);
        break;
      case Rule::Op::kNot:
        value = core::tri_not(slots[rule.operands.front()]);
        break;
      case Rule::Op::kOpen:
        value = TriState::kNo;
        for (const std::size_t operand : rule.operands) value = core::tri_or(value, slots[operand]);
        value = core::tri_and(value, TriState::kUnknown);  // yes → unknown, no → no
        break;
    }
    *out++ = value;
  }
}

Verdict judge_fast(const Framework& framework, const records::CaseRecord& record,
                   std::vector<TriState>& scratch) {
  scratch.resize(framework.slots());
  FactTable::instance().evaluate(record, scratch.data());
  framework.run(scratch.data());
  return verdict_of(scratch[framework.verdict_slot]);
}

Classifier::Classifier(const std::vector<Framework>& frameworks)
    : frameworks_(frameworks), verdicts_(frameworks.size(), Verdict::kUndetermined) {
  std::size_t most = FactTable::instance().size();
  for (const auto& f : frameworks) most = std::max(most, f.slots());
  slots_.resize(most);
}

const std::vector<Verdict>& Classifier::classify(const records::CaseRecord& record) {
  FactTable::instance().evaluate(record, slots_.data());
  // Each framework writes only its own rule slots, after the facts, so the facts serve them all.
  for (std::size_t k = 0; k < frameworks_.size(); ++k) {
    frameworks_[k].run(slots_.data());
    verdicts_[k] = verdict_of(slots_[frameworks_[k].verdict_slot]);
  }
  return verdicts_;
}

Judgement judge(const Framework& framework, const records::CaseRecord& record) {
  std::vector<TriState> slots;
  const Verdict verdict = judge_fast(framework, record, slots);
  const Explainer explainer(framework, record, slots);
  return Judgement{verdict, fmt::format("{} under {}: {}", to_string(verdict), framework.name,
                                        explainer.describe(framework.verdict_slot, 0))};
}

Framework load_framework(const std::string& path) {
  if (!std::filesystem::is_regular_file(path)) {
    throw core::UserError(fmt::format("there is no framework file {}", path), "check the path");
  }
  return Loader(path).load();
}

std::vector<Framework> load_frameworks(const std::string& dir) {
  std::vector<std::string> files;
  if (std::filesystem::is_directory(dir)) {
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() == ".toml") files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    throw core::UserError(fmt::format("no framework files (*.toml) in {}", dir),
                          "point --frameworks at data/frameworks or a copy of it");
  }
  std::vector<Framework> frameworks;
  std::vector<core::Diagnostic> problems;
  std::set<std::string> ids;
  for (const auto& file : files) {
    try {
      frameworks.push_back(load_framework(file));
      if (!ids.insert(frameworks.back().id).second) {
        problems.push_back({{file, 0, 0},
                            {},
                            fmt::format("framework id '{}' is used by another file", frameworks.back().id),
                            "give each framework its own id"});
      }
    } catch (const core::UserError& e) {
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  }
  if (!problems.empty()) throw core::UserError(std::move(problems));
  return frameworks;
}

}  // namespace clearpoint::law
