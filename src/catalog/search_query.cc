// Parsing of the search language and its rendering as FTS5 query syntax.
#include "catalog/search_query.h"

#include <array>
#include <utility>

namespace ark::catalog {
namespace {

struct FieldName {
  std::string_view word;
  SearchField field;
};

constexpr std::array<FieldName, 9> kFieldNames = {{
    {"name", SearchField::kName},
    {"subject", SearchField::kName},
    {"from", SearchField::kFrom},
    {"to", SearchField::kTo},
    {"body", SearchField::kBody},
    {"attachment", SearchField::kAttachment},
    {"attachments", SearchField::kAttachment},
    {"path", SearchField::kPath},
    {"folder", SearchField::kPath},
}};

bool HasWordCharacter(std::string_view text) {
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z')) return true;
  }
  return false;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// One whitespace-separated piece of the input, with its decorations.
struct Token {
  bool is_or = false;
  bool negated = false;
  SearchTerm term;
};

// Reads one token at `pos`: [-][field:]("phrase"|word)[*].
Token ReadToken(std::string_view text, std::size_t& pos) {
  Token token;
  if (text[pos] == '-' && pos + 1 < text.size() && !IsSpace(text[pos + 1])) {
    token.negated = true;
    ++pos;
  }
  for (const FieldName& f : kFieldNames) {
    std::string_view rest = text.substr(pos);
    if (rest.size() > f.word.size() && rest.substr(0, f.word.size()) == f.word &&
        rest[f.word.size()] == ':') {
      token.term.field = f.field;
      pos += f.word.size() + 1;
      break;
    }
  }
  if (pos < text.size() && text[pos] == '"') {
    std::size_t close = text.find('"', pos + 1);
    std::size_t end = close == std::string_view::npos ? text.size() : close;
    token.term.text = std::string(text.substr(pos + 1, end - pos - 1));
    pos = close == std::string_view::npos ? text.size() : close + 1;
    if (pos < text.size() && text[pos] == '*') {  // "phrase"*
      token.term.prefix = true;
      ++pos;
    }
    return token;
  }
  std::size_t start = pos;
  while (pos < text.size() && !IsSpace(text[pos])) ++pos;
  token.term.text = std::string(text.substr(start, pos - start));
  token.is_or = token.term.text == "OR" && !token.negated && token.term.field == SearchField::kAny;
  while (!token.term.text.empty() && token.term.text.back() == '*') {
    token.term.text.pop_back();
    token.term.prefix = true;
  }
  return token;
}

std::string_view ColumnOf(SearchField field) {
  switch (field) {
    case SearchField::kName:
      return "name";
    case SearchField::kFrom:
      return "author";
    case SearchField::kTo:
      return "recipients";
    case SearchField::kBody:
      return "preview";
    case SearchField::kAttachment:
      return "attachment_names";
    case SearchField::kPath:
      return "path";
    case SearchField::kAny:
      break;
  }
  return "";
}

std::string RenderTerm(const SearchTerm& term) {
  std::string out;
  std::string_view column = ColumnOf(term.field);
  if (!column.empty()) out += std::string(column) + " : ";
  out.push_back('"');
  for (char c : term.text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  if (term.prefix) out += " *";
  return out;
}

std::string RenderClause(const SearchClause& clause) {
  std::string out = "(";
  for (std::size_t i = 0; i < clause.any_of.size(); ++i) {
    if (i > 0) out += " OR ";
    out += RenderTerm(clause.any_of[i]);
  }
  return out + ")";
}

}  // namespace

Result<SearchExpression> ParseSearchText(std::string_view text) {
  SearchExpression expression;
  bool pending_or = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (IsSpace(text[pos])) {
      ++pos;
      continue;
    }
    Token token = ReadToken(text, pos);
    if (token.is_or) {
      pending_or = !expression.clauses.empty();
      continue;
    }
    if (!HasWordCharacter(token.term.text)) continue;
    if (pending_or) {
      SearchClause& previous = expression.clauses.back();
      if (previous.negated || token.negated) {
        return InvalidArgument("OR cannot join an excluded word (-word) in the search \"" +
                               std::string(text) + "\"; write the alternatives without '-'");
      }
      previous.any_of.push_back(std::move(token.term));
      pending_or = false;
      continue;
    }
    expression.clauses.push_back(SearchClause{{std::move(token.term)}, token.negated});
  }
  bool any_positive = false;
  for (const SearchClause& c : expression.clauses) any_positive = any_positive || !c.negated;
  if (!expression.clauses.empty() && !any_positive) {
    return InvalidArgument("the search \"" + std::string(text) +
                           "\" only excludes words; add at least one word to look for");
  }
  return expression;
}

std::string RenderFts5(const SearchExpression& expression) {
  std::string positive;
  std::string negative;
  for (const SearchClause& clause : expression.clauses) {
    if (clause.negated) {
      negative += " NOT " + RenderClause(clause);
    } else {
      positive += (positive.empty() ? "" : " AND ") + RenderClause(clause);
    }
  }
  if (negative.empty()) return positive;
  return "(" + positive + ")" + negative;
}

}  // namespace ark::catalog
