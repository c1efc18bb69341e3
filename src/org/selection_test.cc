#include "org/selection.h"

#include <gtest/gtest.h>

namespace ark::org {
namespace {

TEST(SelectionTest, GlobMatchesCaseInsensitively) {
  EXPECT_TRUE(GlobMatch("*", ""));
  EXPECT_TRUE(GlobMatch("*", "anything"));
  EXPECT_TRUE(GlobMatch("svc-*@contoso.com", "SVC-backup@Contoso.com"));
  EXPECT_TRUE(GlobMatch("user?@x.com", "user7@x.com"));
  EXPECT_FALSE(GlobMatch("user?@x.com", "user@x.com"));
  EXPECT_TRUE(GlobMatch("*a*b*c", "xxaxxbxxc"));
  EXPECT_FALSE(GlobMatch("*a*b*c", "xxaxxcxxb"));
  EXPECT_TRUE(GlobMatch("https://contoso.sharepoint.com/sites/*", "https://contoso.sharepoint.com/sites/HR"));
}

TEST(SelectionTest, AllWithExcludesAndExplicitNames) {
  std::vector<SelectionRule> rules = {{ObjectKind::kUser, false, "*"},
                                      {ObjectKind::kUser, true, "svc-*"},
                                      {ObjectKind::kTeam, false, "Finance"}};
  EXPECT_TRUE(IsSelected(rules, ObjectKind::kUser, "alice@contoso.com"));
  EXPECT_FALSE(IsSelected(rules, ObjectKind::kUser, "svc-scan@contoso.com"));
  EXPECT_TRUE(IsSelected(rules, ObjectKind::kTeam, "finance"));
  EXPECT_FALSE(IsSelected(rules, ObjectKind::kTeam, "Sales"));
  EXPECT_FALSE(IsSelected(rules, ObjectKind::kSite, "anything"));
}

TEST(SelectionTest, PatternsAndItemRulesAreChecked) {
  EXPECT_TRUE(CheckSelectionPattern(ObjectKind::kUser, "*").ok());
  EXPECT_FALSE(CheckSelectionPattern(ObjectKind::kUser, "").ok());
  EXPECT_FALSE(CheckSelectionPattern(ObjectKind::kSite, "a\nb").ok());
  Result<ItemRule> r = ParseItemRule("mail:Junk Email", true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->workload, Workload::kMail);
  EXPECT_EQ(r->pattern, "Junk Email");
  EXPECT_EQ(FormatItemRule(*r), "mail:Junk Email");
  EXPECT_FALSE(ParseItemRule("Junk Email", true).ok());
  EXPECT_FALSE(ParseItemRule("music:*.mp3", true).ok());
  EXPECT_FALSE(ParseItemRule("onedrive:", false).ok());
}

}  // namespace
}  // namespace ark::org
