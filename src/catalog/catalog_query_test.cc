// Tests of reading the catalog: browse, search with every filter, paging, snapshots, items, history.
#include <gtest/gtest.h>

#include "catalog/catalog.h"
#include "catalog/catalog_test_util.h"

namespace ark::catalog {
namespace {

using testing::CatalogDir;
using testing::Container;
using testing::Day;
using testing::FileItem;
using testing::Mail;
using testing::Names;
using testing::TestSet;

// Two users with mail, files, an event and a contact, in two snapshots.
class CatalogQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    catalog_ = dir_.Open();
    ASSERT_NE(catalog_, nullptr);
    Write(1, [](SnapshotWriter& w) {
      Check(w.PutOwner({"id-alice", OwnerKind::kUser, "Alice Smith", "alice@contoso.com"}));
      Check(w.PutOwner({"id-bob", OwnerKind::kUser, "Bob Jones", "bob@contoso.com"}));
      Check(w.Put(Container("id-alice", ItemKind::kUser, "u-alice", "/", "alice@contoso.com")));
      Check(w.Put(Container("id-bob", ItemKind::kUser, "u-bob", "/", "bob@contoso.com")));
      Check(w.Put(Container("id-alice", ItemKind::kMailbox, "mb-alice", "/alice@contoso.com", "Mail")));
      Check(w.Put(Container("id-alice", ItemKind::kMailFolder, "inbox", "/alice@contoso.com/Mail", "Inbox")));
      Check(w.Put(Container("id-alice", ItemKind::kDrive, "drive", "/alice@contoso.com", "OneDrive")));
      const std::string inbox = "/alice@contoso.com/Mail/Inbox";
      Check(
          w.Put(Mail("id-alice", "m1", inbox, "Quarterly report Q3", "Carol White <carol@fabrikam.com>", 3)));
      Check(w.Put(Mail("id-alice", "m2", inbox, "Invoice 4711", "Billing <billing@fabrikam.com>", 5)));
      Check(w.Put(Mail("id-alice", "m3", inbox, "Lunch on Friday?", "Bob Jones <bob@contoso.com>", 7)));
      Item with_attachment =
          Mail("id-alice", "m4", inbox, "Budget draft", "Carol White <carol@fabrikam.com>", 9);
      with_attachment.has_attachments = true;
      with_attachment.attachment_names = "budget-2027.xlsx; notes.pdf";
      Check(w.Put(with_attachment));
      Check(w.Put(Mail("id-bob", "m5", "/bob@contoso.com/Mail/Inbox", "Re: Quarterly report Q3",
                       "Alice Smith <alice@contoso.com>", 4)));
      Check(w.Put(FileItem("id-alice", "f1", "/alice@contoso.com/OneDrive", "report-final.docx", 6)));
      Check(w.Put(FileItem("id-alice", "f2", "/alice@contoso.com/OneDrive", "café menu.pdf", 2)));
      Item event;
      event.key = {"id-alice", ItemKind::kEvent, "e1"};
      event.folder_path = "/alice@contoso.com/Calendar";
      event.name = "Quarterly review";
      event.from = "Carol White <carol@fabrikam.com>";
      event.location = "Room 4";
      event.start = Day(12, 9);
      event.end = Day(12, 10);
      Check(w.Put(event));
      Item contact;
      contact.key = {"id-bob", ItemKind::kContact, "c1"};
      contact.folder_path = "/bob@contoso.com/Contacts";
      contact.name = "Dana Miller";
      contact.to = "dana@northwind.com";
      contact.modified = Day(1);
      Check(w.Put(contact));
    });
    Write(2, [](SnapshotWriter& w) {
      Check(w.Delete({"id-alice", ItemKind::kMailMessage, "m2"}));
      Check(w.Put(Mail("id-alice", "m6", "/alice@contoso.com/Mail/Inbox", "Invoice 4712",
                       "Billing <billing@fabrikam.com>", 15)));
    });
  }

  static void Check(const Status& status) { ASSERT_TRUE(status.ok()) << status.ToString(); }

  template <typename Fn>
  void Write(int day, Fn fill) {
    Result<std::unique_ptr<SnapshotWriter>> writer = catalog_->BeginSnapshot(TestSet(), {Day(day, 23)});
    ASSERT_TRUE(writer.ok());
    fill(**writer);
    ASSERT_TRUE((*writer)->Commit("snap-" + std::to_string(day) + "-abcdef").ok());
  }

  std::vector<std::string> Search(SearchRequest request) {
    request.set_id = "set-1";
    Result<Page> page = catalog_->Search(request);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    return page.ok() ? Names(*page) : std::vector<std::string>{};
  }
  std::vector<std::string> Search(const std::string& text) {
    SearchRequest request;
    request.text = text;
    return Search(request);
  }

  CatalogDir dir_;
  std::unique_ptr<Catalog> catalog_;
};

using Strings = std::vector<std::string>;

TEST_F(CatalogQueryTest, BrowseWalksTheTreeFromTheRoot) {
  BrowseRequest request;
  request.set_id = "set-1";
  Result<Page> root = catalog_->Browse(request);
  ASSERT_TRUE(root.ok()) << root.status().ToString();
  EXPECT_EQ(Names(*root), (Strings{"alice@contoso.com", "bob@contoso.com"}));
  EXPECT_EQ(root->snapshot.id, "snap-2-abcdef");
  request.path = root->items[0].child_path();
  Result<Page> alice = catalog_->Browse(request);
  ASSERT_TRUE(alice.ok());
  EXPECT_EQ(Names(*alice), (Strings{"Mail", "OneDrive"}));
  EXPECT_EQ(alice->items[0].owner.display_name, "Alice Smith");
  request.path = "alice@contoso.com/Mail/Inbox/";  // typed loosely
  request.order = Order::kNewest;
  Result<Page> inbox = catalog_->Browse(request);
  ASSERT_TRUE(inbox.ok());
  EXPECT_EQ(Names(*inbox),
            (Strings{"Invoice 4712", "Budget draft", "Lunch on Friday?", "Quarterly report Q3"}));
  request.snapshot = "snap-1";
  inbox = catalog_->Browse(request);
  ASSERT_TRUE(inbox.ok());
  EXPECT_EQ(Names(*inbox),
            (Strings{"Budget draft", "Lunch on Friday?", "Invoice 4711", "Quarterly report Q3"}));

  request.path = "/nowhere";
  Result<Page> missing = catalog_->Browse(request);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

TEST_F(CatalogQueryTest, BrowsePagesWithCursorsInBothOrders) {
  for (Order order : {Order::kName, Order::kNewest}) {
    BrowseRequest request;
    request.set_id = "set-1";
    request.path = "/alice@contoso.com/Mail/Inbox";
    request.order = order;
    request.limit = 3;
    Strings all;
    int pages = 0;
    do {
      Result<Page> page = catalog_->Browse(request);
      ASSERT_TRUE(page.ok()) << page.status().ToString();
      for (const std::string& n : Names(*page)) all.push_back(n);
      request.cursor = page->next_cursor;
      ++pages;
    } while (!request.cursor.empty());
    EXPECT_EQ(pages, 2);
    EXPECT_EQ(all.size(), 4u);
    if (order == Order::kName) {
      EXPECT_EQ(all, (Strings{"Budget draft", "Invoice 4712", "Lunch on Friday?", "Quarterly report Q3"}));
    }
  }
  BrowseRequest bad;
  bad.set_id = "set-1";
  bad.cursor = "d.1.x";
  EXPECT_EQ(catalog_->Browse(bad).status().code(), StatusCode::kInvalidArgument);
  bad.cursor.clear();
  bad.limit = 0;
  EXPECT_EQ(catalog_->Browse(bad).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(CatalogQueryTest, FullTextFindsWordsPhrasesPrefixesAndFields) {
  EXPECT_EQ(Search("quarterly"),
            (Strings{"Quarterly review", "Re: Quarterly report Q3", "Quarterly report Q3"}));
  EXPECT_EQ(Search("\"quarterly report\""), (Strings{"Re: Quarterly report Q3", "Quarterly report Q3"}));
  EXPECT_EQ(Search("quarterly -review -re"), (Strings{"Quarterly report Q3"}));
  EXPECT_EQ(Search("invoice OR lunch"), (Strings{"Invoice 4712", "Lunch on Friday?"}));
  EXPECT_EQ(Search("budg*"), (Strings{"Budget draft"}));
  EXPECT_EQ(Search("attachment:notes"), (Strings{"Budget draft"}));
  EXPECT_EQ(Search("notes.pdf"), (Strings{"Budget draft"}));
  EXPECT_EQ(Search("cafe"), (Strings{"café menu.pdf"}));  // diacritics folded
  EXPECT_EQ(Search("to:dana@northwind.com"), (Strings{"Dana Miller"}));
  EXPECT_EQ(Search("subject:report"),
            (Strings{"report-final.docx", "Re: Quarterly report Q3", "Quarterly report Q3"}));
  EXPECT_EQ(Search("path:onedrive report"), (Strings{"report-final.docx"}));
  EXPECT_EQ(Search("body:lunch"), (Strings{"Lunch on Friday?"}));
  EXPECT_TRUE(Search("nonexistentword").empty());
}

TEST_F(CatalogQueryTest, HostileTextIsSearchedLiterally) {
  for (const char* text :
       {"\"", "\"\"\"", "a\"b", "NEAR(x y)", "{name}: x", "^x", "x AND", "OR", "* *",
        "'; DROP TABLE versions; --", "col:value", "x:", ":x", "-", "--", "()", "NOT x", "\\", "%_"}) {
    SearchRequest request;
    request.set_id = "set-1";
    request.text = text;
    Result<Page> page = catalog_->Search(request);
    EXPECT_TRUE(page.ok()) << text << ": " << page.status().ToString();
  }
  EXPECT_EQ(Search("Friday?"), (Strings{"Lunch on Friday?"}));
}

TEST_F(CatalogQueryTest, FiltersNarrowTheSearch) {
  SearchRequest request;
  request.text = "quarterly";
  request.user = "bob@contoso.com";
  EXPECT_EQ(Search(request), (Strings{"Re: Quarterly report Q3"}));
  request.user = "alice smith";  // display names match without case
  EXPECT_EQ(Search(request), (Strings{"Quarterly review", "Quarterly report Q3"}));
  request.user = "id-alice";
  request.kinds = {ItemKind::kEvent};
  EXPECT_EQ(Search(request), (Strings{"Quarterly review"}));

  SearchRequest from;
  from.from = "carol@fabrikam.com";
  EXPECT_EQ(Search(from), (Strings{"Quarterly review", "Budget draft", "Quarterly report Q3"}));
  from.kinds = *KindsForType("mail");
  from.after = Day(4);
  EXPECT_EQ(Search(from), (Strings{"Budget draft"}));
  from.after.reset();
  from.before = Day(4);
  EXPECT_EQ(Search(from), (Strings{"Quarterly report Q3"}));

  SearchRequest no_text;  // filters alone list items, newest first
  no_text.user = "bob@contoso.com";
  EXPECT_EQ(Search(no_text), (Strings{"Re: Quarterly report Q3", "Dana Miller", "bob@contoso.com"}));
  no_text.user.clear();
  no_text.folder = "/alice@contoso.com/Mail";
  no_text.kinds = {ItemKind::kMailMessage};
  EXPECT_EQ(Search(no_text),
            (Strings{"Invoice 4712", "Budget draft", "Lunch on Friday?", "Quarterly report Q3"}));
  no_text.snapshot = "snap-1";
  EXPECT_EQ(Search(no_text),
            (Strings{"Budget draft", "Lunch on Friday?", "Invoice 4711", "Quarterly report Q3"}));

  SearchRequest unknown;
  unknown.set_id = "set-1";
  unknown.user = "mallory@contoso.com";
  Result<Page> page = catalog_->Search(unknown);
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), StatusCode::kNotFound);
  EXPECT_NE(page.status().message().find("mallory@contoso.com"), std::string::npos);
}

TEST_F(CatalogQueryTest, BothSearchPlansGiveTheSameAnswers) {
  // Every word counts as common here, so each search walks the date index.
  CatalogOptions options;
  options.dense_matches = 1;
  std::unique_ptr<Catalog> date_first = dir_.Open(options);
  ASSERT_NE(date_first, nullptr);
  std::vector<SearchRequest> requests(6);
  requests[0].text = "quarterly";
  requests[1].text = "contoso";
  requests[1].limit = 3;
  requests[2].text = "report";
  requests[2].user = "alice@contoso.com";
  requests[3].from = "carol@fabrikam.com";
  requests[3].kinds = {ItemKind::kMailMessage};
  requests[4].text = "invoice";
  requests[4].snapshot = "snap-1";
  requests[5].text = "quarterly";
  requests[5].folder = "/bob@contoso.com";
  for (SearchRequest& request : requests) {
    request.set_id = "set-1";
    Result<Page> a = catalog_->Search(request);
    Result<Page> b = date_first->Search(request);
    ASSERT_TRUE(a.ok() && b.ok()) << request.text;
    EXPECT_FALSE(a->items.empty()) << request.text;
    EXPECT_EQ(Names(*a), Names(*b)) << request.text;
    EXPECT_EQ(a->next_cursor, b->next_cursor) << request.text;
  }
}

TEST_F(CatalogQueryTest, SearchPagesThroughEveryMatchOnce) {
  SearchRequest request;
  request.set_id = "set-1";
  request.limit = 2;
  Strings all;
  do {
    Result<Page> page = catalog_->Search(request);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    EXPECT_LE(page->items.size(), 2u);
    for (const std::string& n : Names(*page)) all.push_back(n);
    request.cursor = page->next_cursor;
  } while (!request.cursor.empty());
  // Latest snapshot: 14 items written, one deleted, one added.
  EXPECT_EQ(all.size(), 14u);
  std::sort(all.begin(), all.end());
  EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end());
}

TEST_F(CatalogQueryTest, SnapshotsAreChosenByIdPrefixTimeOrLatest) {
  Result<std::vector<SnapshotInfo>> list = catalog_->ListSnapshots("set-1");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].items, 14);
  EXPECT_EQ((*list)[1].items, 14);
  EXPECT_EQ((*list)[1].added, 1);
  EXPECT_EQ((*list)[1].removed, 1);
  EXPECT_EQ(catalog_->ResolveSnapshot("set-1", "")->seq, 2);
  EXPECT_EQ(catalog_->ResolveSnapshot("set-1", "latest")->seq, 2);
  EXPECT_EQ(catalog_->ResolveSnapshot("set-1", "snap-1")->seq, 1);
  EXPECT_EQ(catalog_->ResolveSnapshot("set-1", "2026-11-01T23:30:00Z")->seq, 1);
  EXPECT_EQ(catalog_->ResolveSnapshot("set-1", "2026-11-30T00:00:00Z")->seq, 2);
  EXPECT_EQ(catalog_->ResolveSnapshot("set-1", "2026-10-01T00:00:00Z").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(catalog_->ResolveSnapshot("set-1", "snap-").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(catalog_->ResolveSnapshot("set-1", "zzz").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(catalog_->ResolveSnapshot("set-1", "snap%").status().code(), StatusCode::kNotFound);
}

TEST_F(CatalogQueryTest, SetsOwnersItemsAndHistory) {
  EXPECT_EQ(catalog_->FindSet("set-1")->name, "All users");
  EXPECT_EQ(catalog_->FindSet("ALL USERS")->id, "set-1");
  Result<SetInfo> missing = catalog_->FindSet("Finance");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("All users"), std::string::npos);
  Result<std::vector<Owner>> owners = catalog_->ListOwners("set-1");
  ASSERT_TRUE(owners.ok());
  ASSERT_EQ(owners->size(), 2u);
  EXPECT_EQ((*owners)[0].address, "alice@contoso.com");

  SearchRequest request;
  request.set_id = "set-1";
  request.text = "budget";
  Result<Page> page = catalog_->Search(request);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  Result<ItemRecord> item = catalog_->GetItem(page->items[0].version_id);
  ASSERT_TRUE(item.ok());
  EXPECT_EQ(item->item.key.graph_id, "m4");
  EXPECT_EQ(item->item.ref, "mail/m4");
  EXPECT_TRUE(item->item.has_attachments);
  EXPECT_EQ(item->item.received, Day(9));
  EXPECT_EQ(item->owner.display_name, "Alice Smith");
  EXPECT_EQ(item->first_seq, 1);
  EXPECT_FALSE(item->last_seq.has_value());
  EXPECT_EQ(catalog_->GetItem(999999).status().code(), StatusCode::kNotFound);

  Result<std::vector<ItemRecord>> history =
      catalog_->ItemHistory("set-1", {"id-alice", ItemKind::kMailMessage, "m2"});
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ(history->at(0).last_seq, 1);
}

}  // namespace
}  // namespace ark::catalog
