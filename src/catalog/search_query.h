// The search language of `ark365 search`: parsed into a small tree that each catalog backend renders.
//
//   invoice 2026          both words (AND)
//   "quarterly report"    the phrase
//   budg*                 words starting with "budg"
//   -draft                not containing "draft"
//   invoice OR receipt    either word
//   from:alice to:bob subject:report body:lunch attachment:pdf path:Inbox
//
// User text never reaches SQL or FTS5 syntax directly: every word becomes a
// quoted string, so a stray quote or operator cannot break the query.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ark::catalog {

// The searchable fields (FTS columns) a term may be restricted to.
enum class SearchField { kAny, kName, kFrom, kTo, kBody, kAttachment, kPath };

struct SearchTerm {
  std::string text;  // the words; several words form a phrase
  bool prefix = false;
  SearchField field = SearchField::kAny;
};

// Terms joined by OR; a negated clause excludes items matching any of them.
struct SearchClause {
  std::vector<SearchTerm> any_of;
  bool negated = false;
};

// Clauses joined by AND.
struct SearchExpression {
  std::vector<SearchClause> clauses;
  bool empty() const { return clauses.empty(); }
};

// Parses the text typed by a person. Words without a letter or digit are
// ignored; an expression of only excluded words is an error (it would match
// nearly everything).
Result<SearchExpression> ParseSearchText(std::string_view text);

// Renders the expression as an FTS5 MATCH string over the columns name,
// author, recipients, preview, attachment_names, path.
std::string RenderFts5(const SearchExpression& expression);

}  // namespace ark::catalog
