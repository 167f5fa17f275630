// Hierarchical log-linear model of a capture table: log μ_h = θ_0 + Σ_j θ_j h_j + Σ_{S ∈ terms, S ⊆ h} θ_S,
// where h is a capture history and each interaction term S is a set of two or more lists. Main effects are
// always in; the model is hierarchical, so every subset (of two or more lists) of a term is a term.
//
// Notation as in Rcapture: `[123,14,34]` names the maximal terms (lists numbered from 1 in column order);
// a single digit is a main effect, written to list lists in no interaction: `[15,2,3,4]`. With more than
// nine lists the numbers of a term are joined by dots: `[1.2,10.11,3]`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace clearpoint::mse {

using Term = std::uint32_t;  // bit j: list j

struct LogLinearModel {
  int lists = 0;
  std::vector<Term> terms;  // interaction terms (two or more lists), closed under subsets, sorted

  // The maximal terms, with singletons for lists in no interaction ("[123,14,34]").
  std::string notation() const;
  int highest_order() const;
  bool operator==(const LogLinearModel&) const = default;
};

// A term as written in the notation: "123", or "1.10" with more than nine lists.
std::string term_name(Term term, int lists);

// Parses `[123,14,34]` (brackets optional) for a table of `lists` lists; throws core::UserError naming
// the problem (a digit beyond the lists, an empty group, a repeated list) and the fix.
LogLinearModel parse_model(const std::string& notation, int lists);

// The model with every subset of `generators` of two or more lists.
LogLinearModel model_from_generators(int lists, const std::vector<Term>& generators);

// Main effects only.
LogLinearModel independence_model(int lists);

}  // namespace clearpoint::mse
