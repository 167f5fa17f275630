#include "core/country_set.h"

namespace clearpoint::core {

int CountrySet::slot(std::string_view code) {
  if (code.size() != 2) return -1;
  const auto letter = [](char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a';
    return -1;
  };
  const int a = letter(code[0]);
  const int b = letter(code[1]);
  return a < 0 || b < 0 ? -1 : a * 26 + b;
}

bool CountrySet::add(std::string_view code, std::string name) {
  const int s = slot(code);
  if (s < 0) return false;
  if (!present_[static_cast<std::size_t>(s)]) ++size_;
  present_[static_cast<std::size_t>(s)] = true;
  names_[static_cast<std::size_t>(s)] = std::move(name);
  return true;
}

bool CountrySet::contains(std::string_view code) const {
  const int s = slot(code);
  return s >= 0 && present_[static_cast<std::size_t>(s)];
}

std::string_view CountrySet::name(std::string_view code) const {
  return contains(code) ? std::string_view(names_[static_cast<std::size_t>(slot(code))]) : std::string_view{};
}

}  // namespace clearpoint::core
