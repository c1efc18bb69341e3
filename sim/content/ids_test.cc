// Tests of Graph id formats: they look like the service's and decode back to what they encode.
#include "content/ids.h"

#include <gtest/gtest.h>

namespace m365sim::content {
namespace {

constexpr char kMailbox[] = "ef013138-6fae-47d4-a06b-558f996abf80";

TEST(Ids, OutlookIdsRoundTripInBothModes) {
  OutlookKey key{kMailbox, OutlookKind::kMessage, 7, 1234, -1, false};
  std::string mutable_id = EncodeOutlookId(key);
  EXPECT_EQ(mutable_id.rfind("AAMkA", 0), 0u) << mutable_id;
  auto back = DecodeOutlookId(mutable_id);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->mailbox_guid, kMailbox);
  EXPECT_EQ(back->container, 7u);
  EXPECT_EQ(back->item, 1234u);
  EXPECT_FALSE(back->immutable);

  key.immutable = true;
  std::string immutable_id = EncodeOutlookId(key);
  EXPECT_EQ(immutable_id.rfind("AAkAL", 0), 0u) << immutable_id;
  back = DecodeOutlookId(immutable_id);
  ASSERT_TRUE(back.has_value());
  EXPECT_TRUE(back->immutable);
  EXPECT_EQ(back->item, 1234u);
  EXPECT_EQ(back->mailbox_guid, kMailbox);
}

TEST(Ids, MutableIdsChangeWithTheFolderImmutableOnesDoNot) {
  OutlookKey a{kMailbox, OutlookKind::kMessage, 1, 50, -1, false};
  OutlookKey b = a;
  b.container = 2;
  EXPECT_NE(EncodeOutlookId(a), EncodeOutlookId(b));
  a.immutable = b.immutable = true;
  EXPECT_EQ(EncodeOutlookId(a), EncodeOutlookId(b));
}

TEST(Ids, AttachmentsAndFoldersDecode) {
  OutlookKey att{kMailbox, OutlookKind::kMessage, 3, 9, 2, false};
  auto back = DecodeOutlookId(EncodeOutlookId(att));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->attachment, 2);
  OutlookKey folder{kMailbox, OutlookKind::kMailFolder, 0, 5, -1, false};
  back = DecodeOutlookId(EncodeOutlookId(folder));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->kind, OutlookKind::kMailFolder);
  EXPECT_EQ(back->item, 5u);
  EXPECT_FALSE(DecodeOutlookId("AAMkAGarbage==").has_value());
  EXPECT_FALSE(DecodeOutlookId("").has_value());
}

TEST(Ids, DriveAndDriveItemIds) {
  std::string drive = EncodeDriveId(std::string(16, 'a'), std::string(16, 'b'), std::string(16, 'c'));
  EXPECT_EQ(drive.rfind("b!", 0), 0u);
  EXPECT_EQ(DecodeDriveIdList(drive), std::string(16, 'c'));
  std::string item = EncodeDriveItemId({3, 77}, 42);
  EXPECT_EQ(item.size(), 34u);
  EXPECT_EQ(item.rfind("01", 0), 0u);
  auto key = DecodeDriveItemId(item, 42);
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->drive, 3u);
  EXPECT_EQ(key->item, 77u);
  EXPECT_FALSE(DecodeDriveItemId(item, 43).has_value()) << "another tenant's id must not resolve";
}

TEST(Ids, GuidsAndTeamsIds) {
  std::string guid = GuidFrom(1, "x");
  EXPECT_EQ(guid.size(), 36u);
  EXPECT_EQ(guid, GuidFrom(1, "x"));
  EXPECT_NE(guid, GuidFrom(2, "x"));
  EXPECT_EQ(GuidText(*GuidBytes(guid)), guid);
  std::string channel = ChannelIdFrom(1, "general");
  EXPECT_EQ(channel.rfind("19:", 0), 0u);
  EXPECT_NE(channel.find("@thread.tacv2"), std::string::npos);
}

}  // namespace
}  // namespace m365sim::content
