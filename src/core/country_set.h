// CountrySet: the country and entity codes a record may use.
//
// ISO 3166-1 alpha-2 plus the historical and user-assigned entities the Western Balkans need
// (YU Yugoslavia, CS Serbia and Montenegro, XK Kosovo, SU Soviet Union). The list itself is data
// (data/countries.csv, loaded by io::load_countries); this type only answers membership and names.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace clearpoint::core {

class CountrySet {
 public:
  // `code` must be two ASCII letters; lower case is accepted and stored upper case.
  // Returns false when the code is malformed.
  bool add(std::string_view code, std::string name);
  bool contains(std::string_view code) const;
  // Empty when the code is not in the set.
  std::string_view name(std::string_view code) const;
  std::size_t size() const { return size_; }

 private:
  static constexpr std::size_t kSlots = 26 * 26;
  static int slot(std::string_view code);
  std::array<std::string, kSlots> names_{};
  std::array<bool, kSlots> present_{};
  std::size_t size_ = 0;
};

}  // namespace clearpoint::core
