#include "mse/profile_interval.h"

#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>

#include "core/log_gamma.h"
#include "mse/poisson_fit.h"

namespace clearpoint::mse {

double profile_log_likelihood(const CaptureTable& table, const LogLinearModel& model, double population,
                              Eigen::VectorXd* warm) {
  const double n = table.observed();
  const double zero = population - n;
  const auto mu = fit_completed(table, model, zero, warm);
  double ll = core::log_gamma(population + 1) - core::log_gamma(zero + 1);
  for (std::size_t h = 1; h < mu.size(); ++h) {
    if (table.counts[h] > 0) ll += table.counts[h] * std::log(mu[h] / population);
  }
  if (zero > 0) ll += zero * std::log(mu[0] / population);
  return ll;
}

Interval profile_interval(const CaptureTable& table, const LogLinearModel& model, double estimate,
                          double level) {
  const double n = table.observed();
  // Each N refits the same model a little away from the last: warm starts.
  Eigen::VectorXd warm;
  const auto ll = [&](double population) { return profile_log_likelihood(table, model, population, &warm); };
  // The profile's maximum, by golden-section search around the model's estimate.
  double lo = n;
  double hi = std::max(estimate * 2, n + 10);
  const double golden = (std::sqrt(5.0) - 1) / 2;
  double x1 = hi - golden * (hi - lo);
  double x2 = lo + golden * (hi - lo);
  double f1 = ll(x1);
  double f2 = ll(x2);
  while (hi - lo > 1e-6 * std::max(1.0, hi)) {
    if (f1 < f2) {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + golden * (hi - lo);
      f2 = ll(x2);
    } else {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - golden * (hi - lo);
      f1 = ll(x1);
    }
  }
  const double top_at = (lo + hi) / 2;
  const double top = ll(top_at);
  const boost::math::chi_squared chi2(1);
  const double drop = boost::math::quantile(chi2, level) / 2;
  const auto below = [&](double population) { return top - ll(population) > drop; };
  const auto bisect = [&](double inside, double outside) {
    for (int i = 0; i < 200 && std::fabs(outside - inside) > 1e-7 * std::max(1.0, inside); ++i) {
      const double middle = (inside + outside) / 2;
      (below(middle) ? outside : inside) = middle;
    }
    return (inside + outside) / 2;
  };
  Interval interval;
  interval.lower = below(n) ? bisect(top_at, n) : n;
  double outside = top_at * 1.5 + 1;
  const double bound = 1000 * n;
  while (!below(outside) && outside < bound) outside = std::min(bound, outside * 2);
  interval.upper_bounded = below(outside);
  interval.upper = interval.upper_bounded ? bisect(top_at, outside) : bound;
  return interval;
}

}  // namespace clearpoint::mse
