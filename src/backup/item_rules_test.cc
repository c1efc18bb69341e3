// Item rules: excludes win, includes restrict, paths and names both match.
#include "backup/item_rules.h"

#include <gtest/gtest.h>

namespace ark::backup {
namespace {

using org::Workload;

TEST(ItemRulesTest, ExcludesAFolderByNameOrPattern) {
  std::vector<org::ItemRule> rules = {{true, Workload::kMail, "Junk Email"},
                                      {true, Workload::kMail, "Inbox/Archive/*"}};
  EXPECT_FALSE(IsItemIncluded(rules, Workload::kMail, "Junk Email", "Junk Email"));
  EXPECT_FALSE(IsItemIncluded(rules, Workload::kMail, "junk email", "junk email"));
  EXPECT_FALSE(IsItemIncluded(rules, Workload::kMail, "Inbox/Archive/2024", "2024"));
  EXPECT_TRUE(IsItemIncluded(rules, Workload::kMail, "Inbox", "Inbox"));
  EXPECT_TRUE(IsItemIncluded(rules, Workload::kOneDrive, "/Junk Email", "Junk Email"));
}

TEST(ItemRulesTest, IncludesRestrictAndExcludesWin) {
  std::vector<org::ItemRule> rules = {{false, Workload::kOneDrive, "/Projects/*"},
                                      {true, Workload::kOneDrive, "*.tmp"}};
  EXPECT_TRUE(IsItemIncluded(rules, Workload::kOneDrive, "/Projects/plan.docx", "plan.docx"));
  EXPECT_FALSE(IsItemIncluded(rules, Workload::kOneDrive, "/Projects/x.tmp", "x.tmp"));
  EXPECT_FALSE(IsItemIncluded(rules, Workload::kOneDrive, "/Other/plan.docx", "plan.docx"));
  EXPECT_TRUE(IsItemIncluded(rules, Workload::kMail, "Inbox", "Inbox"));
}

}  // namespace
}  // namespace ark::backup
