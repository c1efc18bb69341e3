// Tests of the item model: kinds and types, paths, primary dates, validation, digests.
#include "catalog/item.h"

#include <gtest/gtest.h>

#include <set>

#include "catalog/catalog_test_util.h"
#include "catalog/item_hash.h"

namespace ark::catalog {
namespace {

using testing::Day;
using testing::Mail;

TEST(ItemKindTest, NumbersAndNamesAreUniqueAndRoundTrip) {
  std::set<std::string_view> names;
  for (ItemKind kind : AllItemKinds()) {
    EXPECT_TRUE(names.insert(ItemKindName(kind)).second) << ItemKindName(kind);
    EXPECT_EQ(ItemKindFromNumber(static_cast<int>(kind)), kind);
  }
  EXPECT_FALSE(ItemKindFromNumber(0).has_value());
  EXPECT_FALSE(ItemKindFromNumber(999).has_value());
}

TEST(ItemKindTest, TypeWordsSelectGroupsOrSingleKinds) {
  EXPECT_EQ(*KindsForType("mail"), std::vector<ItemKind>{ItemKind::kMailMessage});
  EXPECT_EQ(*KindsForType("file"), std::vector<ItemKind>{ItemKind::kFile});
  EXPECT_EQ(*KindsForType("file_version"), std::vector<ItemKind>{ItemKind::kFileVersion});
  Result<std::vector<ItemKind>> folders = KindsForType("folder");
  ASSERT_TRUE(folders.ok());
  for (ItemKind kind : *folders) EXPECT_TRUE(IsContainer(kind)) << ItemKindName(kind);
  Result<std::vector<ItemKind>> bad = KindsForType("mails");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("mail, "), std::string::npos) << bad.status().message();
}

TEST(ItemPathTest, ChildPathKeepsEachNameOneComponent) {
  EXPECT_EQ(ChildPath("/", "alice"), "/alice");
  EXPECT_EQ(ChildPath("/alice", "Mail"), "/alice/Mail");
  EXPECT_EQ(ChildPath("/a", "x/y"), "/a/x%2Fy");
  EXPECT_EQ(ChildPath("/a", "100%"), "/a/100%25");
}

TEST(ItemPathTest, NormalizePathCleansWhatPeopleType) {
  EXPECT_EQ(NormalizePath(""), "/");
  EXPECT_EQ(NormalizePath("/"), "/");
  EXPECT_EQ(NormalizePath("alice/Mail/"), "/alice/Mail");
  EXPECT_EQ(NormalizePath("//alice//Mail"), "/alice/Mail");
}

TEST(ItemTest, PrimaryDateDependsOnTheKind) {
  Item mail = Mail("u", "m", "/u", "s", "f", 3);
  mail.sent = Day(2);
  mail.modified = Day(9);
  EXPECT_EQ(PrimaryDate(mail), Day(3));
  mail.received.reset();
  EXPECT_EQ(PrimaryDate(mail), Day(2));
  Item event;
  event.key.kind = ItemKind::kEvent;
  event.start = Day(20);
  event.modified = Day(1);
  EXPECT_EQ(PrimaryDate(event), Day(20));
  Item folder;
  folder.key.kind = ItemKind::kFolder;
  EXPECT_FALSE(PrimaryDate(folder).has_value());
  folder.created = Day(4);
  EXPECT_EQ(PrimaryDate(folder), Day(4));
}

TEST(ItemTest, ValidationNamesTheProblem) {
  Item good = Mail("u", "m", "/u/Inbox", "Hello", "a", 1);
  EXPECT_TRUE(ValidateItem(good).ok());
  Item no_id = good;
  no_id.key.graph_id.clear();
  EXPECT_NE(ValidateItem(no_id).message().find("no Graph id"), std::string::npos);
  Item relative = good;
  relative.folder_path = "Inbox";
  EXPECT_NE(ValidateItem(relative).message().find("'Inbox'"), std::string::npos);
  Item bad_kind = good;
  bad_kind.key.kind = static_cast<ItemKind>(77);
  EXPECT_FALSE(ValidateItem(bad_kind).ok());
}

TEST(ItemHashTest, KeyHashIsStableAndFingerprintSeesEveryChange) {
  Item a = Mail("u", "m", "/u/Inbox", "Hello", "a", 1);
  // The documented encoding, computed once: a change here breaks existing catalogs.
  EXPECT_EQ(KeyHash(a.key), KeyHash(ItemKey{"u", ItemKind::kMailMessage, "m"}));
  EXPECT_NE(KeyHash(a.key), KeyHash(ItemKey{"u", ItemKind::kEvent, "m"}));
  EXPECT_NE(KeyHash(a.key), KeyHash(ItemKey{"um", ItemKind::kMailMessage, ""}));
  std::int64_t base = Fingerprint(a);
  EXPECT_EQ(Fingerprint(a), base);
  Item moved = a;
  moved.folder_path = "/u/Archive";
  Item read = a;
  read.size = 1001;
  Item dated = a;
  dated.sent = Day(1);
  Item attached = a;
  attached.has_attachments = true;
  for (const Item* changed : {&moved, &read, &dated, &attached}) EXPECT_NE(Fingerprint(*changed), base);
}

}  // namespace
}  // namespace ark::catalog
