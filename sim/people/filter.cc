// Filter: tokenising and evaluating the supported $filter clauses.
#include "people/filter.h"

#include <cctype>
#include <optional>
#include <tuple>
#include <utility>

#include "common/text.h"

namespace m365sim::people {
namespace {

// The value of an OData literal: 'text' ('' is a quote) or true/false/null (kept as JSON text).
std::pair<std::string, bool> Literal(const std::string& text) {
  if (text == "true" || text == "false" || text == "null") return {text, true};
  std::string out;
  if (text.size() >= 2 && text.front() == '\'' && text.back() == '\'') {
    std::string v = text.substr(1, text.size() - 2);
    for (size_t i = 0; i < v.size(); ++i) {
      out.push_back(v[i]);
      if (v[i] == '\'' && i + 1 < v.size() && v[i + 1] == '\'') ++i;
    }
    return {out, false};
  }
  return {text, false};
}

bool Equal(const nlohmann::ordered_json& a, const std::string& value, bool literal_json) {
  if (literal_json) return a.dump() == value;
  return a.is_string() && EqualsIgnoreCase(a.get<std::string>(), value);
}

}  // namespace

namespace {

// A cursor over the filter text (a hand-written scanner: std::regex trips GCC's
// maybe-uninitialized warnings under the sanitizers).
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}
  void Space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  bool Done() {
    Space();
    return pos_ == text_.size();
  }
  std::string Word() {
    Space();
    size_t start = pos_;
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_'))
      ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }
  bool Take(char c) {
    Space();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  // 'text' with '' for a quote, or the words true/false/null.
  std::optional<std::string> LiteralText() {
    Space();
    if (pos_ < text_.size() && text_[pos_] == '\'') {
      size_t start = pos_++;
      while (pos_ < text_.size()) {
        if (text_[pos_] == '\'' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\'') {
          pos_ += 2;
        } else if (text_[pos_] == '\'') {
          ++pos_;
          return std::string(text_.substr(start, pos_ - start));
        } else {
          ++pos_;
        }
      }
      return std::nullopt;
    }
    std::string word = Word();
    if (word == "true" || word == "false" || word == "null") return word;
    return std::nullopt;
  }
  std::string Rest() const { return std::string(text_.substr(pos_)); }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

ark::Result<Filter> Filter::Parse(std::string_view text) {
  Filter f;
  Scanner in(text);
  bool next_or = false;
  auto invalid = [&] { return ark::InvalidArgument("Invalid filter clause: " + in.Rest()); };
  while (true) {
    Clause c;
    std::string first = in.Word();
    if (first.empty()) return invalid();
    if (EqualsIgnoreCase(first, "startswith")) {
      if (!in.Take('(')) return invalid();
      c.kind = Clause::kStartsWith;
      c.property = in.Word();
      if (c.property.empty() || !in.Take(',')) return invalid();
      auto literal = in.LiteralText();
      if (!literal || !in.Take(')')) return invalid();
      std::tie(c.value, c.literal_json) = Literal(*literal);
    } else if (in.Take('/')) {
      // prop/any(x:x eq 'value')
      if (!EqualsIgnoreCase(in.Word(), "any") || !in.Take('(')) return invalid();
      std::string variable = in.Word();
      if (variable.empty() || !in.Take(':') || in.Word() != variable || !EqualsIgnoreCase(in.Word(), "eq")) {
        return invalid();
      }
      auto literal = in.LiteralText();
      if (!literal || !in.Take(')')) return invalid();
      c.kind = Clause::kAny;
      c.property = first;
      std::tie(c.value, c.literal_json) = Literal(*literal);
    } else {
      std::string op = ToLowerAscii(in.Word());
      if (op != "eq" && op != "ne") return invalid();
      auto literal = in.LiteralText();
      if (!literal) return invalid();
      c.kind = op == "eq" ? Clause::kEq : Clause::kNe;
      c.property = first;
      std::tie(c.value, c.literal_json) = Literal(*literal);
    }
    c.or_with_previous = next_or;
    f.clauses_.push_back(std::move(c));
    if (in.Done()) break;
    std::string join = ToLowerAscii(in.Word());
    if (join != "and" && join != "or") return invalid();
    next_or = join == "or";
  }
  return f;
}

bool Filter::Matches(const nlohmann::ordered_json& e) const {
  bool result = true;
  for (size_t i = 0; i < clauses_.size(); ++i) {
    const Clause& c = clauses_[i];
    nlohmann::ordered_json value = nullptr;
    for (auto it = e.begin(); it != e.end(); ++it) {
      if (EqualsIgnoreCase(it.key(), c.property)) value = it.value();
    }
    bool m = false;
    switch (c.kind) {
      case Clause::kEq:
        m = Equal(value, c.value, c.literal_json);
        break;
      case Clause::kNe:
        m = !Equal(value, c.value, c.literal_json);
        break;
      case Clause::kStartsWith:
        m = value.is_string() && ToLowerAscii(value.get<std::string>()).rfind(ToLowerAscii(c.value), 0) == 0;
        break;
      case Clause::kAny:
        if (value.is_array()) {
          for (const auto& v : value) m |= Equal(v, c.value, c.literal_json);
        }
        break;
    }
    result = i == 0 ? m : (c.or_with_previous ? (result || m) : (result && m));
  }
  return result;
}

}  // namespace m365sim::people
