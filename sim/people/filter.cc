// Filter: tokenising and evaluating the supported $filter clauses.
#include "people/filter.h"

#include <regex>

#include "common/text.h"

namespace m365sim::people {
namespace {

nlohmann::json Literal(const std::string& text) {
  if (text == "true") return true;
  if (text == "false") return false;
  if (text == "null") return nullptr;
  if (text.size() >= 2 && text.front() == '\'' && text.back() == '\'') {
    std::string v = text.substr(1, text.size() - 2);
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) {
      out.push_back(v[i]);
      if (v[i] == '\'' && i + 1 < v.size() && v[i + 1] == '\'') ++i;  // '' is a quote
    }
    return out;
  }
  return text;
}

bool Equal(const nlohmann::json& a, const nlohmann::json& b) {
  if (a.is_string() && b.is_string()) return EqualsIgnoreCase(a.get<std::string>(), b.get<std::string>());
  return a == b;
}

}  // namespace

ark::Result<Filter> Filter::Parse(std::string_view text) {
  static const std::regex kCompare(R"(^\s*(\w+)\s+(eq|ne)\s+('(?:[^']|'')*'|true|false|null)\s*)",
                                   std::regex::icase);
  static const std::regex kStarts(R"(^\s*startswith\(\s*(\w+)\s*,\s*('(?:[^']|'')*')\s*\)\s*)", std::regex::icase);
  static const std::regex kAny(R"(^\s*(\w+)/any\(\s*(\w+)\s*:\s*(\w+)\s+eq\s+('(?:[^']|'')*')\s*\)\s*)",
                               std::regex::icase);
  static const std::regex kJoin(R"(^(and|or)\s+)", std::regex::icase);
  Filter f;
  std::string rest(text);
  bool next_or = false;
  while (true) {
    std::smatch m;
    Clause c;
    if (std::regex_search(rest, m, kCompare)) {
      c.kind = ToLowerAscii(m[2].str()) == "eq" ? Clause::kEq : Clause::kNe;
      c.property = m[1];
      c.value = Literal(m[3]);
    } else if (std::regex_search(rest, m, kStarts)) {
      c.kind = Clause::kStartsWith;
      c.property = m[1];
      c.value = Literal(m[2]);
    } else if (std::regex_search(rest, m, kAny) && m[2] == m[3]) {
      c.kind = Clause::kAny;
      c.property = m[1];
      c.value = Literal(m[4]);
    } else {
      return ark::InvalidArgument("Invalid filter clause: " + rest);
    }
    c.or_with_previous = next_or;
    f.clauses_.push_back(std::move(c));
    rest = m.suffix();
    if (rest.empty()) break;
    if (!std::regex_search(rest, m, kJoin)) return ark::InvalidArgument("Invalid filter clause: " + rest);
    next_or = ToLowerAscii(m[1].str()) == "or";
    rest = m.suffix();
  }
  return f;
}

bool Filter::Matches(const nlohmann::ordered_json& e) const {
  bool result = true;
  for (size_t i = 0; i < clauses_.size(); ++i) {
    const Clause& c = clauses_[i];
    nlohmann::json value = nullptr;
    for (auto it = e.begin(); it != e.end(); ++it) {
      if (EqualsIgnoreCase(it.key(), c.property)) value = it.value();
    }
    bool m = false;
    switch (c.kind) {
      case Clause::kEq:
        m = Equal(value, c.value);
        break;
      case Clause::kNe:
        m = !Equal(value, c.value);
        break;
      case Clause::kStartsWith:
        m = value.is_string() && ToLowerAscii(value.get<std::string>()).rfind(ToLowerAscii(c.value.get<std::string>()), 0) == 0;
        break;
      case Clause::kAny:
        if (value.is_array()) {
          for (const auto& v : value) m |= Equal(v, c.value);
        }
        break;
    }
    result = i == 0 ? m : (c.or_with_previous ? (result || m) : (result && m));
  }
  return result;
}

}  // namespace m365sim::people
