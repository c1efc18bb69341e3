// verify-restore's comparison: duplicates, missing, extra and different items; truth parsing and roots.
#include "restore/verify.h"

#include <gtest/gtest.h>

namespace ark::restore {
namespace {

InventoryItem Msg(std::string path, std::string sha) {
  return {InventoryKind::kMessage, std::move(path), std::move(sha), 10, "s"};
}
InventoryItem File(std::string path, std::string sha) {
  return {InventoryKind::kFile, std::move(path), std::move(sha), 10, "f"};
}

TEST(CompareInventoriesTest, IdenticalInventoriesMatch) {
  Inventory a{{Msg("/Inbox", "aa"), Msg("/Inbox", "aa"), File("/x", "bb")}};
  VerifyReport r = CompareInventories(a, a);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.matched, 3u);
}

TEST(CompareInventoriesTest, CountsDuplicatesAndFindsEveryDifference) {
  Inventory expected{{Msg("/Inbox", "aa"), Msg("/Inbox", "aa"), Msg("/Sent", "cc"), File("/x", "bb")}};
  Inventory actual{{Msg("/Inbox", "aa"), Msg("/Other", "cc"), File("/x", "b0"), File("/y", "dd")}};
  VerifyReport r = CompareInventories(expected, actual);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.matched, 1u);
  ASSERT_EQ(r.missing.size(), 2u);  // the second copy in /Inbox, the one in /Sent
  ASSERT_EQ(r.extra.size(), 2u);    // /Other, /y
  ASSERT_EQ(r.different.size(), 1u);
  EXPECT_EQ(r.different[0].second.sha256, "b0");
  std::string text = FormatReport(r);
  EXPECT_NE(text.find("- missing   message /Sent"), std::string::npos) << text;
  EXPECT_NE(text.find("+ extra     file /y"), std::string::npos) << text;
  EXPECT_EQ(ReportToJson(r)["ok"], false);
}

TEST(InventoryFromTruthTest, ReadsMailAndFilesBelowARoot) {
  nlohmann::json truth = {
      {"items",
       {{{"workload", "mail"}, {"kind", "folder"}, {"path", "/R/Inbox"}},
        {{"workload", "mail"}, {"kind", "searchFolder"}, {"path", "/R/Search"}},
        {{"workload", "mail"},
         {"kind", "message"},
         {"path", "/R/Inbox"},
         {"sha256", "aa"},
         {"size", 3},
         {"metadata", {{"subject", "Hi"}}}},
        {{"workload", "mail"}, {"kind", "message"}, {"path", "/Elsewhere"}, {"sha256", "ee"}},
        {{"workload", "files"}, {"kind", "file"}, {"path", "/R/a.txt"}, {"sha256", "bb"}},
        {{"workload", "contacts"}, {"kind", "contact"}, {"path", "/Contacts"}}}}};
  InventoryScope scope;
  scope.mail_root = {"R"};
  scope.drive_root = {"R"};
  auto inv = InventoryFromTruth(truth, scope);
  ASSERT_TRUE(inv.ok());
  ASSERT_EQ(inv->items.size(), 3u);
  EXPECT_EQ(inv->items[0].path, "/Inbox");
  EXPECT_EQ(inv->items[1].label, "Hi");
  EXPECT_EQ(inv->items[2].path, "/a.txt");
  EXPECT_FALSE(InventoryFromTruth(nlohmann::json::object(), {}).ok());
}

}  // namespace
}  // namespace ark::restore
