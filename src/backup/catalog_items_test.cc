// Graph JSON to catalog items: the fields search relies on, and human folder paths from the state.
#include "backup/catalog_items.h"

#include <gtest/gtest.h>

#include "core/time.h"

namespace ark::backup {
namespace {

TEST(CatalogItemsTest, MessageCarriesSenderRecipientsDatesAndLocator) {
  nlohmann::json m = {{"id", "AAk1"},
                      {"subject", "Quarterly report"},
                      {"receivedDateTime", "2026-03-04T10:00:00Z"},
                      {"from", {{"emailAddress", {{"name", "Ann Lee"}, {"address", "ann@contoso.com"}}}}},
                      {"toRecipients", {{{"emailAddress", {{"name", "Bo"}, {"address", "bo@contoso.com"}}}}}},
                      {"ccRecipients", {{{"emailAddress", {{"address", "cy@contoso.com"}}}}}},
                      {"hasAttachments", true}};
  catalog::Item item = MessageItem({"user-1", "/ann@contoso.com/Mail/Inbox", "u/mail/f/AAk1"}, m, 1234);
  EXPECT_EQ(item.key.kind, catalog::ItemKind::kMailMessage);
  EXPECT_EQ(item.key.graph_id, "AAk1");
  EXPECT_EQ(item.name, "Quarterly report");
  EXPECT_EQ(item.from, "Ann Lee <ann@contoso.com>");
  EXPECT_EQ(item.to, "Bo <bo@contoso.com>; cy@contoso.com");
  EXPECT_EQ(item.size, 1234);
  EXPECT_TRUE(item.has_attachments);
  ASSERT_TRUE(item.received);
  EXPECT_EQ(FormatRfc3339(*item.received), "2026-03-04T10:00:00Z");
  EXPECT_EQ(item.ref, "u/mail/f/AAk1");
  EXPECT_TRUE(catalog::ValidateItem(item).ok());
}

TEST(CatalogItemsTest, FolderPathsFollowParentsAndEscapeSlashes) {
  UserState s;
  s.folders["mail/inbox"] = {"Inbox", "root"};
  s.folders["mail/sub"] = {"Q1/Q2 reports", "inbox"};
  EXPECT_EQ(HumanFolderPath(s, "mail", "sub", "/ann/Mail"), "/ann/Mail/Inbox/Q1%2FQ2 reports");
  EXPECT_EQ(HumanFolderPath(s, "mail", "root", "/ann/Mail"), "/ann/Mail");
  // A cycle in damaged state ends instead of looping.
  s.folders["mail/a"] = {"A", "b"};
  s.folders["mail/b"] = {"B", "a"};
  EXPECT_FALSE(HumanFolderPath(s, "mail", "a", "/x").empty());
}

TEST(CatalogItemsTest, EventTimesWithoutOffsetAreUtc) {
  nlohmann::json e = {{"id", "E1"},
                      {"subject", "Standup"},
                      {"start", {{"dateTime", "2026-06-01T09:00:00.0000000"}, {"timeZone", "UTC"}}},
                      {"end", {{"dateTime", "2026-06-01T09:15:00.0000000"}, {"timeZone", "UTC"}}},
                      {"location", {{"displayName", "Room 1"}}}};
  catalog::Item item = EventItem({"u", "/u/Calendar/Calendar", "r"}, e);
  ASSERT_TRUE(item.start);
  EXPECT_EQ(FormatRfc3339(*item.start), "2026-06-01T09:00:00Z");
  EXPECT_EQ(item.location, "Room 1");
}

}  // namespace
}  // namespace ark::backup
