// HTTP header fields: an ordered list with case-insensitive lookup, as HTTP defines names.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ark::http {

class Headers {
 public:
  using Field = std::pair<std::string, std::string>;

  Headers() = default;
  Headers(std::initializer_list<Field> fields) : fields_(fields) {}

  // Appends a field (several fields may share a name).
  void Add(std::string name, std::string value);
  // Replaces every field of this name by one.
  void Set(std::string_view name, std::string value);
  void Remove(std::string_view name);

  // The first value of the field, if present.
  std::optional<std::string> Get(std::string_view name) const;
  // The first value, or "" when absent.
  std::string GetOr(std::string_view name, std::string_view fallback = "") const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  std::vector<std::string> GetAll(std::string_view name) const;

  const std::vector<Field>& fields() const { return fields_; }
  bool empty() const { return fields_.empty(); }
  void clear() { fields_.clear(); }

 private:
  std::vector<Field> fields_;
};

// ASCII case-insensitive equality, for header names and tokens.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace ark::http
