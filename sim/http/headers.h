// Headers: an ordered, case-insensitive list of HTTP header fields, as handlers see them.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/text.h"

namespace m365sim::http {

using m365sim::EqualsIgnoreCase;

class Headers {
 public:
  // The first value of `name`, or "" when absent.
  std::string_view Get(std::string_view name) const;
  bool Has(std::string_view name) const;
  // Replaces every field called `name` by one with `value`.
  void Set(std::string_view name, std::string_view value);
  // Adds a field even if one with the same name exists (Set-Cookie).
  void Add(std::string_view name, std::string_view value);
  void Remove(std::string_view name);

  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

}  // namespace m365sim::http
