#include "server/login_throttle.h"

namespace clearpoint::server {

bool LoginThrottle::admit(const std::string& address, Clock::time_point now) {
  const std::lock_guard lock(mutex_);
  auto& times = attempts_[address];
  while (!times.empty() && now - times.front() >= std::chrono::minutes(1)) times.pop_front();
  if (times.size() >= limit_) return false;
  times.push_back(now);
  // Addresses that went quiet are forgotten, so the map cannot grow without bound.
  if (attempts_.size() > 10000) {
    for (auto it = attempts_.begin(); it != attempts_.end();) {
      it = (it->second.empty() || now - it->second.back() >= std::chrono::minutes(1)) ? attempts_.erase(it)
                                                                                      : std::next(it);
    }
  }
  return true;
}

}  // namespace clearpoint::server
