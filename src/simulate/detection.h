// Detection: whether an agency identifies a person — only persons on its side of the route, in its years,
// with a probability from a logistic model (the agency's base rate, odds for the person's traits, a shared
// frailty and avoidance of the authorities) raised by a referral from an agency that found her first.
#pragma once

#include <vector>

#include "simulate/person.h"

namespace clearpoint::simulate {

class Detection {
 public:
  explicit Detection(const Scenario& scenario) : scenario_(scenario) {}

  // Whether agency `j` identifies `p`, given the uniform draw `u` made for it and which agencies before
  // it did (`detected`, indexed by agency). The draw is the caller's, made for every agency whether it is
  // eligible or not, so one agency's settings never shift another's draws.
  bool identifies(std::size_t j, const Person& p, double u, const std::vector<char>& detected) const;

  bool sees(const Agency& a, const Person& p) const;
  double detection_probability(const Agency& a, const Person& p) const;

 private:
  const Scenario& scenario_;
};

}  // namespace clearpoint::simulate
