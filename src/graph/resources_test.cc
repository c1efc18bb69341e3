// Typed views over JSON written by hand from the shapes in graph-protocol.md.
#include "graph/resources.h"

#include <gtest/gtest.h>

#include "graph/upload_session.h"
#include "graph/urls.h"

namespace ark::graph {
namespace {

nlohmann::json J(const char* text) { return nlohmann::json::parse(text); }

TEST(ResourcesTest, MessageKeepsTheWholeJson) {
  auto j = J(R"({"@odata.etag":"W/\"CQAAABYAAA\"","id":"AAMkAD=","subject":"Q3","parentFolderId":"AQMk",
                 "receivedDateTime":"2026-11-23T14:06:00Z","isDraft":false,"hasAttachments":true,
                 "internetMessageId":"<a@b>","changeKey":"CQAA","unknownFutureField":{"x":1}})");
  Result<Message> m = ParseMessage(j);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->id, "AAMkAD=");
  EXPECT_EQ(m->subject, "Q3");
  EXPECT_TRUE(m->has_attachments);
  EXPECT_EQ(FormatRfc3339(*m->received), "2026-11-23T14:06:00Z");
  EXPECT_EQ(m->raw, j);  // nothing dropped, not even fields Ark365 does not know
  EXPECT_FALSE(m->removal.removed);
}

TEST(ResourcesTest, DeletionMarkersOfBothStyles) {
  auto outlook = ParseMessage(
      J(R"({"@odata.type":"#microsoft.graph.message","id":"m1","@removed":{"reason":"deleted"}})"));
  ASSERT_TRUE(outlook.ok());
  EXPECT_TRUE(outlook->removal.removed);
  EXPECT_EQ(outlook->removal.reason, "deleted");
  auto drive = ParseDriveItem(J(R"({"id":"i1","deleted":{}})"));
  ASSERT_TRUE(drive.ok());
  EXPECT_TRUE(drive->removal.removed);
  auto member = ParseUser(J(R"({"id":"u1","@removed":{"reason":"changed"}})"));
  EXPECT_EQ(member->removal.reason, "changed");
}

TEST(ResourcesTest, DriveItemFacets) {
  auto i = ParseDriveItem(
      J(R"({"id":"01ABC","name":"Budget 2026.xlsx","size":20480,"eTag":"\"{1},2\"","cTag":"\"c:{1},2\"",
      "file":{"mimeType":"application/vnd.ms-excel","hashes":{"quickXorHash":"qx==","sha256Hash":"AB12"}},
      "parentReference":{"driveId":"b!x","id":"01PARENT","path":"/drive/root:/Docs"},
      "lastModifiedDateTime":"2026-01-02T03:04:05.1234567Z",
      "@microsoft.graph.downloadUrl":"https://files.example/dl?tempauth=x"})"));
  ASSERT_TRUE(i.ok());
  EXPECT_TRUE(i->is_file);
  EXPECT_FALSE(i->is_folder);
  EXPECT_EQ(i->size, 20480u);
  EXPECT_EQ(i->parent_id, "01PARENT");
  EXPECT_EQ(i->parent_drive_id, "b!x");
  EXPECT_EQ(i->sha256, "AB12");
  EXPECT_EQ(i->quick_xor_hash, "qx==");
  EXPECT_EQ(i->download_url, "https://files.example/dl?tempauth=x");
  ASSERT_TRUE(i->last_modified);
  auto folder = ParseDriveItem(J(R"({"id":"01R","name":"root","folder":{"childCount":3},"root":{}})"));
  EXPECT_TRUE(folder->is_folder);
  EXPECT_TRUE(folder->is_root);
}

TEST(ResourcesTest, FoldersGroupsSitesAndTeams) {
  auto search = ParseMailFolder(
      J(R"({"@odata.type":"#microsoft.graph.mailSearchFolder","id":"f","displayName":"Unread"})"));
  EXPECT_TRUE(search->is_search_folder);
  auto hidden = ParseMailFolder(
      J(R"({"id":"h","displayName":"x","isHidden":true,"childFolderCount":2,"totalItemCount":7})"));
  EXPECT_TRUE(hidden->is_hidden);
  EXPECT_EQ(hidden->total_item_count, 7);
  auto team = ParseGroup(J(
      R"({"id":"g","displayName":"Sales","groupTypes":["Unified"],"resourceProvisioningOptions":["Team"]})"));
  EXPECT_TRUE(team->is_microsoft365_group);
  EXPECT_TRUE(team->is_team);
  auto personal = ParseSite(J(
      R"({"id":"contoso-my.sharepoint.com,1,2","webUrl":"https://contoso-my.sharepoint.com/personal/adele_contoso_com"})"));
  EXPECT_TRUE(personal->is_personal);
  auto site = ParseSite(
      J(R"({"id":"contoso.sharepoint.com,1,2","webUrl":"https://contoso.sharepoint.com/sites/sales"})"));
  EXPECT_FALSE(site->is_personal);
  auto list = ParseList(J(R"({"id":"l","name":"Issues","list":{"template":"genericList","hidden":false}})"));
  EXPECT_EQ(list->template_name, "genericList");
  auto event = ParseEvent(J(
      R"({"id":"e","type":"seriesMaster","start":{"dateTime":"2026-01-01T09:00:00.0000000","timeZone":"UTC"}})"));
  EXPECT_EQ(event->type, "seriesMaster");
  EXPECT_EQ(event->start_time_zone, "UTC");
  auto message = ParseChatMessage(J(
      R"({"id":"1616990032035","replyToId":null,"messageType":"message","deletedDateTime":"2026-01-01T00:00:00Z"})"));
  EXPECT_TRUE(message->deleted);
}

TEST(ResourcesTest, ObjectsWithoutIdAreRefused) {
  EXPECT_FALSE(ParseUser(J(R"({"displayName":"x"})")).ok());
  EXPECT_FALSE(ParseDriveItem(J("[]")).ok());
}

TEST(UrlsTest, IdsAreEscapedAsOneSegment) {
  EXPECT_EQ(urls::MessagesDelta("adele@contoso.com", "AAMk/x+y="),
            "/users/adele%40contoso.com/mailFolders/AAMk%2Fx%2By%3D/messages/delta");
  EXPECT_EQ(urls::ChannelMessagesDelta("t", "19:a@thread.tacv2"),
            "/teams/t/channels/19%3Aa%40thread.tacv2/messages/delta");
  EXPECT_EQ(urls::CreateUploadSession("b!d", "01P", "Q3 report.docx"),
            "/drives/b%21d/items/01P:/Q3%20report.docx:/createUploadSession");
  EXPECT_EQ(urls::CalendarViewDelta("u", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"),
            "/users/u/calendarView/"
            "delta?startDateTime=2026-01-01T00%3A00%3A00Z&endDateTime=2027-01-01T00%3A00%3A00Z");
}

TEST(UploadSessionTest, FirstExpectedByte) {
  EXPECT_EQ(FirstExpectedByte(J(R"(["26-"])")), 26u);
  EXPECT_EQ(FirstExpectedByte(J(R"(["12345-55232","77829-99375"])")), 12345u);
  EXPECT_FALSE(FirstExpectedByte(J("[]")).has_value());
  EXPECT_FALSE(FirstExpectedByte(J(R"(["x"])")).has_value());
}

}  // namespace
}  // namespace ark::graph
