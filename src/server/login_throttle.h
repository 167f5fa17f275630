// LoginThrottle: how many login attempts one network address may make in a minute, so that guessing
// passwords across many accounts is slow even before each account's own lockout (pipeline/accounts.h).
// In memory: a restart forgets it, the accounts' lockouts stay in the store.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace clearpoint::server {

class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  explicit LoginThrottle(std::size_t attempts_per_minute) : limit_(attempts_per_minute) {}
  // Counts an attempt from `address`; false when the address has used up its minute.
  bool admit(const std::string& address, Clock::time_point now = Clock::now());

 private:
  std::size_t limit_;
  std::mutex mutex_;
  std::map<std::string, std::deque<Clock::time_point>> attempts_;
};

}  // namespace clearpoint::server
