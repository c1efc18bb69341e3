// Tests of the content generator: determinism, the shapes the issue requires, and the edits' journals.
#include "content/generator.h"

#include <gtest/gtest.h>

#include "content/edit.h"
#include "content/ids.h"
#include "content/mail_gen.h"

namespace m365sim::content {
namespace {

DirectoryInput Directory(uint64_t seed) {
  DirectoryInput d;
  d.seed = seed;
  d.tenant_id = GuidFrom(seed, "tenant");
  d.domain = "contoso.onmicrosoft.com";
  d.sharepoint_host = "contoso.sharepoint.com";
  const char* names[][2] = {{"Adele Vance", "adele"}, {"Alex Wilber", "alex"}, {"Zoë Müller", "zoe"},
                            {"Support", "support"}};
  for (int i = 0; i < 4; ++i) {
    Person p;
    p.id = GuidFrom(seed, std::string("user/") + names[i][1]);
    p.display_name = names[i][0];
    p.upn = std::string(names[i][1]) + "@contoso.onmicrosoft.com";
    p.mail = p.upn;
    p.licensed = i < 3;
    d.people.push_back(p);
  }
  d.shared_mailboxes = {3};
  Group g;
  g.id = GuidFrom(seed, "group/sales");
  g.display_name = "Sales Team";
  g.mail_nickname = "sales";
  g.mail = "sales@contoso.onmicrosoft.com";
  g.team = true;
  g.members = {0, 1, 2};
  g.owners = {0};
  d.groups.push_back(g);
  return d;
}

ContentProfile SmallFiles() {
  ContentProfile p = ProfileForUsers(3);
  p.huge_file_size = 3 << 20;
  p.large_message_size = 4200 << 10;
  return p;
}

TEST(Generator, SameSeedSameContentBytes) {
  auto a = GenerateContent(Directory(7), SmallFiles());
  auto b = GenerateContent(Directory(7), SmallFiles());
  ASSERT_EQ(a->mailboxes.size(), b->mailboxes.size());
  for (uint32_t n = 0; n < a->mailboxes[0].messages.size(); ++n) {
    ASSERT_EQ(Sha256HexOf(*MessageMime(*a, a->mailboxes[0], n)), Sha256HexOf(*MessageMime(*b, b->mailboxes[0], n)));
  }
  ASSERT_EQ(a->drives.size(), b->drives.size());
  for (size_t d = 0; d < a->drives.size(); ++d) {
    ASSERT_EQ(a->drives[d].id, b->drives[d].id);
    ASSERT_EQ(a->drives[d].items.size(), b->drives[d].items.size());
    for (size_t i = 0; i < a->drives[d].items.size(); ++i) {
      EXPECT_EQ(a->drives[d].items[i].name, b->drives[d].items[i].name);
      EXPECT_EQ(a->drives[d].items[i].seed, b->drives[d].items[i].seed);
    }
  }
  auto c = GenerateContent(Directory(8), SmallFiles());
  EXPECT_NE(Sha256HexOf(*MessageMime(*a, a->mailboxes[0], 0)), Sha256HexOf(*MessageMime(*c, c->mailboxes[0], 0)));
}

TEST(Generator, MailboxesHaveTheFoldersAndMessagesBackupsMeet) {
  auto c = GenerateContent(Directory(7), SmallFiles());
  // Three users, one shared mailbox, one group mailbox.
  ASSERT_EQ(c->mailboxes.size(), 5u);
  EXPECT_EQ(c->mailboxes[3].kind, MailboxKind::kShared);
  EXPECT_EQ(c->mailboxes[4].kind, MailboxKind::kGroup);
  const Mailbox& mb = c->mailboxes[0];
  bool hidden = false, search = false, inbox = false;
  for (const auto& f : mb.folders) {
    hidden |= f.hidden;
    search |= f.search;
    inbox |= f.well_known == "inbox";
  }
  EXPECT_TRUE(hidden && search && inbox);
  bool large = false, thread = false, inline_image = false, item = false;
  for (uint32_t n = 0; n < mb.messages.size(); ++n) {
    auto mime = MessageMime(*c, mb, n);
    large |= mime->size() > (4u << 20);
    MessageSpec spec = MessageSpecOf(*c, mb, n);
    thread |= !spec.in_reply_to.empty();
    for (const auto& a : spec.attachments) {
      inline_image |= a.is_inline;
      item |= a.item != nullptr;
    }
  }
  EXPECT_TRUE(large) << "a message over 4 MB";
  EXPECT_TRUE(thread) << "a reply with In-Reply-To";
  EXPECT_TRUE(inline_image);
  EXPECT_TRUE(item);
  EXPECT_EQ(mb.message_journals.size(), mb.folders.size());
  size_t listed = 0;
  for (const auto& j : mb.message_journals) listed += j.live_count();
  EXPECT_EQ(listed, mb.messages.size());
}

TEST(Generator, DrivesSitesAndTeams) {
  auto c = GenerateContent(Directory(7), SmallFiles());
  uint32_t drive = c->person_drive[0];
  ASSERT_NE(drive, kNone);
  const Drive& d = c->drives[drive];
  EXPECT_EQ(c->drive_by_list.at(*DecodeDriveIdList(d.id)), drive);
  bool versions = false, empty = false, huge = false;
  for (const auto& item : d.items) {
    if (item.folder) continue;
    versions |= item.versions.size() > 1;
    empty |= item.versions.back().size == 0;
    huge |= item.versions.back().size == (3u << 20);
  }
  EXPECT_TRUE(versions);
  EXPECT_TRUE(huge);
  (void)empty;
  EXPECT_EQ(c->sites[c->person_site[0]].hostname, "contoso-my.sharepoint.com");
  EXPECT_EQ(c->sites[c->person_site[0]].path, "/personal/adele_contoso_onmicrosoft_com");
  ASSERT_EQ(c->teams.size(), 1u);
  const Team& team = c->teams[0];
  ASSERT_EQ(team.channels.size(), 5u);
  EXPECT_EQ(team.channels[3].kind, ChannelKind::kPrivate);
  EXPECT_NE(team.channels[3].drive, team.channels[0].drive) << "private channels have their own library";
  bool reply = false;
  for (const auto& m : team.channels[0].messages) reply |= m.reply_to != kNone;
  EXPECT_TRUE(reply);
  bool subsite = false;
  for (const auto& s : c->sites) subsite |= s.kind == SiteKind::kSubsite;
  EXPECT_TRUE(subsite);
}

TEST(Generator, EditsKeepJournalsInStep) {
  auto c = GenerateContent(Directory(7), SmallFiles());
  Mailbox& mb = c->mailboxes[0];
  uint32_t from = mb.messages[0].folder;
  uint32_t to = from == 1 ? 3 : 1;
  delta::Seq before = c->seq;
  MoveMessage(*c, mb, 0, to, c->epoch);
  EXPECT_FALSE(mb.message_journals[from].Contains(0));
  EXPECT_TRUE(mb.message_journals[to].Contains(0));
  auto removed = mb.message_journals[from].Since(before, 10, true);
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_TRUE(removed[0].removed);

  Drive& d = c->drives[c->person_drive[0]];
  uint32_t folder = kNone;
  for (uint32_t k = 1; k < d.items.size(); ++k) {
    if (d.items[k].folder && !d.items[k].deleted) folder = k;
  }
  ASSERT_NE(folder, kNone);
  before = c->seq;
  DeleteDriveItem(*c, d, folder, c->epoch);
  for (uint32_t k = 1; k < d.items.size(); ++k) {
    if (d.items[k].parent == folder) {
      EXPECT_TRUE(d.items[k].deleted) << "children go with their folder";
    }
  }
  EXPECT_FALSE(d.journal.Since(before, 100, true).empty());
}

}  // namespace
}  // namespace m365sim::content
