// Tests of the search language: parsing of what people type and its FTS5 rendering.
#include "catalog/search_query.h"

#include <gtest/gtest.h>

namespace ark::catalog {
namespace {

std::string Fts(std::string_view text) {
  Result<SearchExpression> parsed = ParseSearchText(text);
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  return parsed.ok() ? RenderFts5(*parsed) : "";
}

TEST(SearchQueryTest, WordsAreQuotedAndAnded) {
  EXPECT_EQ(Fts("invoice 2026"), R"(("invoice") AND ("2026"))");
  EXPECT_EQ(Fts("  invoice  "), R"(("invoice"))");
  EXPECT_TRUE(ParseSearchText("").value().empty());
  EXPECT_TRUE(ParseSearchText("  - @@ ").value().empty());
}

TEST(SearchQueryTest, PhrasesPrefixesAndFields) {
  EXPECT_EQ(Fts(R"("quarterly report")"), R"(("quarterly report"))");
  EXPECT_EQ(Fts("budg*"), R"(("budg" *))");
  EXPECT_EQ(Fts(R"("annual rep"*)"), R"(("annual rep" *))");
  EXPECT_EQ(Fts("from:alice@contoso.com"), R"((author : "alice@contoso.com"))");
  EXPECT_EQ(Fts("subject:report to:bob body:lunch attachment:pdf path:Inbox"),
            R"((name : "report") AND (recipients : "bob") AND (preview : "lunch") AND )"
            R"((attachment_names : "pdf") AND (path : "Inbox"))");
  EXPECT_EQ(Fts(R"(from:"Alice Smith")"), R"((author : "Alice Smith"))");
}

TEST(SearchQueryTest, OrAndExclusions) {
  EXPECT_EQ(Fts("invoice OR receipt"), R"(("invoice" OR "receipt"))");
  EXPECT_EQ(Fts("tax invoice OR receipt"), R"(("tax") AND ("invoice" OR "receipt"))");
  EXPECT_EQ(Fts("report -draft"), R"((("report")) NOT ("draft"))");
  EXPECT_EQ(Fts("OR report"), R"(("report"))");
  EXPECT_EQ(Fts("or report"), R"(("or") AND ("report"))");
}

TEST(SearchQueryTest, SyntaxCharactersNeverEscapeTheirQuotes) {
  EXPECT_EQ(Fts(R"(a"b)"), R"(("a""b"))");
  EXPECT_EQ(Fts(R"("x"" OR 1=1 --)"), R"(("x") AND (" OR 1=1 --"))");
  EXPECT_EQ(Fts("NEAR(a b) {name}: ^c"), R"x(("NEAR(a") AND ("b)") AND ("{name}:") AND ("^c"))x");
  EXPECT_EQ(Fts(R"(it's "O""Brien)"), R"(("it's") AND ("O") AND ("Brien"))");
}

TEST(SearchQueryTest, ErrorsSayWhatToDo) {
  Result<SearchExpression> only_not = ParseSearchText("-draft -spam");
  ASSERT_FALSE(only_not.ok());
  EXPECT_EQ(only_not.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(only_not.status().message().find("add at least one word"), std::string::npos);
  Result<SearchExpression> or_not = ParseSearchText("a OR -b");
  ASSERT_FALSE(or_not.ok());
  EXPECT_NE(or_not.status().message().find("OR"), std::string::npos);
}

}  // namespace
}  // namespace ark::catalog
