// URL pieces a handler needs: query strings and form bodies decoded into ordered parameters.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace m365sim::http {

// Ordered name=value pairs (query string or application/x-www-form-urlencoded body).
// Names are matched exactly (OAuth and OData parameters are case-sensitive).
class Params {
 public:
  Params() = default;
  // Parses "a=1&b=x%20y". '+' decodes to a space; malformed escapes are kept verbatim.
  static Params Parse(std::string_view text);

  std::optional<std::string> Get(std::string_view name) const;
  // Get(name) or "" when absent.
  std::string GetOr(std::string_view name, std::string_view fallback = "") const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  // How many times `name` occurs (OAuth rejects repeated parameters).
  size_t Count(std::string_view name) const;
  void Add(std::string name, std::string value) { items_.emplace_back(std::move(name), std::move(value)); }

  // "a=1&b=x%20y", percent-encoded.
  std::string Encode() const;
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

// Splits a raw request target "/a/b%2Fc?x=1" into its raw path and raw query.
std::pair<std::string_view, std::string_view> SplitTarget(std::string_view target);

// Percent-decodes a path or a path segment ('+' stays '+'); nullopt on a bad escape.
std::optional<std::string> DecodePath(std::string_view raw);

// Appends "?k=v" or "&k=v" to a URL, encoding the parameters.
std::string AppendQuery(std::string url, const Params& params);

// Escapes text for HTML element content and attribute values.
std::string HtmlEscape(std::string_view text);

}  // namespace m365sim::http
