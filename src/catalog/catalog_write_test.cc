// Tests of writing snapshots: visibility at commit, incremental storage, deletions, listings,
// abandon, resume after a killed process, forgetting, concurrency and failure isolation.
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

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

std::unique_ptr<SnapshotWriter> Begin(Catalog& catalog, int day = 1, const SetInfo& set = TestSet()) {
  Result<std::unique_ptr<SnapshotWriter>> writer = catalog.BeginSnapshot(set, {Day(day)});
  EXPECT_TRUE(writer.ok()) << writer.status().ToString();
  return writer.ok() ? std::move(*writer) : nullptr;
}

Item Message(int n) {
  return Mail("alice", "m" + std::to_string(n), "/alice/Mail/Inbox", "Message " + std::to_string(n),
              "Carol <carol@contoso.com>", 1 + n % 20);
}

void PutAll(SnapshotWriter& writer, int count) {
  for (int i = 0; i < count; ++i) ASSERT_TRUE(writer.Put(Message(i)).ok());
}

std::vector<std::string> BrowseNames(Catalog& catalog, const std::string& path,
                                     const std::string& snapshot = "") {
  BrowseRequest request;
  request.set_id = "set-1";
  request.path = path;
  request.snapshot = snapshot;
  request.limit = 1000;
  Result<Page> page = catalog.Browse(request);
  EXPECT_TRUE(page.ok()) << page.status().ToString();
  return page.ok() ? Names(*page) : std::vector<std::string>{};
}

TEST(CatalogWriteTest, NothingIsVisibleBeforeCommit) {
  CatalogDir dir;
  auto catalog = dir.Open();
  auto writer = Begin(*catalog);
  EXPECT_EQ(writer->snapshot().seq, 1);
  EXPECT_FALSE(writer->resumed());
  PutAll(*writer, 3);
  ASSERT_TRUE(writer->Flush().ok());
  Result<SnapshotInfo> none = catalog->ResolveSnapshot("set-1", "latest");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), StatusCode::kNotFound);

  Result<SnapshotInfo> committed = writer->Commit("snap-a");
  ASSERT_TRUE(committed.ok()) << committed.status().ToString();
  EXPECT_EQ(committed->state, SnapshotState::kCommitted);
  EXPECT_EQ(committed->items, 3);
  EXPECT_EQ(committed->added, 3);
  EXPECT_EQ(BrowseNames(*catalog, "/alice/Mail/Inbox"),
            (std::vector<std::string>{"Message 0", "Message 1", "Message 2"}));
  EXPECT_FALSE(writer->Put(Message(9)).ok());  // finished
}

TEST(CatalogWriteTest, AnIncrementalSnapshotStoresOnlyWhatChanged) {
  CatalogDir dir;
  auto catalog = dir.Open();
  auto first = Begin(*catalog, 1);
  PutAll(*first, 200);
  ASSERT_TRUE(first->Commit("s1").ok());

  // The second run sees everything again (a full listing): 2 changed, 1 gone, 1 new.
  auto second = Begin(*catalog, 2);
  EXPECT_EQ(second->snapshot().seq, 2);
  for (int i = 0; i < 200; ++i) {
    if (i == 7) continue;
    Item item = Message(i);
    if (i == 3 || i == 4) item.name += " (edited)";
    ASSERT_TRUE(second->Put(item).ok());
  }
  ASSERT_TRUE(second->Put(Message(500)).ok());
  ASSERT_TRUE(second->CompleteListing({}).ok());
  Result<SnapshotInfo> info = second->Commit("s2");
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->items, 200);
  EXPECT_EQ(info->added, 1);
  EXPECT_EQ(info->changed, 2);
  EXPECT_EQ(info->removed, 1);
  EXPECT_EQ(dir.Count("SELECT count(*) FROM versions"), 203);

  std::vector<std::string> before = BrowseNames(*catalog, "/alice/Mail/Inbox", "s1");
  std::vector<std::string> after = BrowseNames(*catalog, "/alice/Mail/Inbox", "s2");
  EXPECT_EQ(before.size(), 200u);
  EXPECT_EQ(after.size(), 200u);
  EXPECT_NE(std::find(before.begin(), before.end(), "Message 7"), before.end());
  EXPECT_EQ(std::find(after.begin(), after.end(), "Message 7"), after.end());
  EXPECT_NE(std::find(after.begin(), after.end(), "Message 3 (edited)"), after.end());
  EXPECT_EQ(std::find(after.begin(), after.end(), "Message 3"), after.end());

  // A delta-style run names only the changes; the rest carries over.
  auto third = Begin(*catalog, 3);
  ASSERT_TRUE(third->Delete(Message(8).key).ok());
  ASSERT_TRUE(third->Delete(ItemKey{"alice", ItemKind::kMailMessage, "never-existed"}).ok());
  Result<SnapshotInfo> delta = third->Commit("s3");
  ASSERT_TRUE(delta.ok());
  EXPECT_EQ(delta->items, 199);
  EXPECT_EQ(delta->removed, 1);
  EXPECT_EQ(dir.Count("SELECT count(*) FROM versions"), 203);
  EXPECT_EQ(BrowseNames(*catalog, "/alice/Mail/Inbox", "s3").size(), 199u);
}

TEST(CatalogWriteTest, ChangesWithinOneSnapshotKeepOneVersion) {
  CatalogDir dir;
  auto catalog = dir.Open();
  auto first = Begin(*catalog, 1);
  PutAll(*first, 2);
  ASSERT_TRUE(first->Commit("s1").ok());
  auto second = Begin(*catalog, 2);
  Item item = Message(0);
  item.name = "edited once";
  ASSERT_TRUE(second->Put(item).ok());
  item.name = "edited twice";
  ASSERT_TRUE(second->Put(item).ok());
  // Deleted then listed again unchanged: the old version continues.
  ASSERT_TRUE(second->Delete(Message(1).key).ok());
  ASSERT_TRUE(second->Put(Message(1)).ok());
  Result<SnapshotInfo> info = second->Commit("s2");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(dir.Count("SELECT count(*) FROM versions"), 3);
  EXPECT_EQ(info->changed, 1);
  EXPECT_EQ(info->removed, 0);
  EXPECT_EQ(BrowseNames(*catalog, "/alice/Mail/Inbox"),
            (std::vector<std::string>{"Message 1", "edited twice"}));
}

TEST(CatalogWriteTest, DeleteSubtreeAndScopedListings) {
  CatalogDir dir;
  auto catalog = dir.Open();
  auto first = Begin(*catalog, 1);
  ASSERT_TRUE(first->Put(Container("alice", ItemKind::kFolder, "f1", "/alice/Drive", "Projects")).ok());
  ASSERT_TRUE(first->Put(Container("alice", ItemKind::kFolder, "f2", "/alice/Drive/Projects", "Old")).ok());
  ASSERT_TRUE(first->Put(FileItem("alice", "a", "/alice/Drive/Projects", "plan.docx", 1)).ok());
  ASSERT_TRUE(first->Put(FileItem("alice", "b", "/alice/Drive/Projects/Old", "old.docx", 1)).ok());
  ASSERT_TRUE(first->Put(FileItem("alice", "c", "/alice/Drive", "top.txt", 1)).ok());
  ASSERT_TRUE(first->Put(FileItem("bob", "d", "/bob/Drive", "bob.txt", 1)).ok());
  ASSERT_TRUE(first->Commit("s1").ok());

  auto second = Begin(*catalog, 2);
  ASSERT_TRUE(second->DeleteSubtree("alice", "/alice/Drive/Projects").ok());
  ASSERT_TRUE(second->Delete(ItemKey{"alice", ItemKind::kFolder, "f1"}).ok());
  ASSERT_TRUE(second->Commit("s2").ok());
  EXPECT_EQ(BrowseNames(*catalog, "/alice/Drive"), std::vector<std::string>{"top.txt"});
  EXPECT_TRUE(BrowseNames(*catalog, "/alice/Drive/Projects/Old").empty());
  EXPECT_EQ(BrowseNames(*catalog, "/alice/Drive/Projects/Old", "s1"), std::vector<std::string>{"old.docx"});
  EXPECT_EQ(BrowseNames(*catalog, "/bob/Drive"), std::vector<std::string>{"bob.txt"});

  // A resync of bob's files lists nothing: his file is gone; alice's stays.
  auto third = Begin(*catalog, 3);
  ASSERT_TRUE(third->CompleteListing({"bob", "/bob", true, {ItemKind::kFile}}).ok());
  ASSERT_TRUE(third->CompleteListing({"alice", "/alice/Drive/Projects", false, {}}).ok());
  ASSERT_TRUE(third->Commit("s3").ok());
  EXPECT_TRUE(BrowseNames(*catalog, "/bob/Drive").empty());
  EXPECT_EQ(BrowseNames(*catalog, "/alice/Drive"), std::vector<std::string>{"top.txt"});
}

TEST(CatalogWriteTest, AbandonRestoresThePreviousStateExactly) {
  CatalogDir dir;
  auto catalog = dir.Open();
  auto first = Begin(*catalog, 1);
  PutAll(*first, 20);
  ASSERT_TRUE(first->Commit("s1").ok());
  std::int64_t rows = dir.Count("SELECT count(*) FROM versions");
  std::vector<std::string> state = BrowseNames(*catalog, "/alice/Mail/Inbox");

  auto second = Begin(*catalog, 2);
  Item changed = Message(1);
  changed.name = "changed";
  ASSERT_TRUE(second->Put(changed).ok());
  ASSERT_TRUE(second->Put(Message(99)).ok());
  ASSERT_TRUE(second->Delete(Message(2).key).ok());
  ASSERT_TRUE(second->DeleteSubtree("alice", "/alice/Mail").ok());
  ASSERT_TRUE(second->Abandon().ok());
  second.reset();

  EXPECT_EQ(dir.Count("SELECT count(*) FROM versions"), rows);
  EXPECT_EQ(dir.Count("SELECT count(*) FROM versions WHERE last_seq <> 9223372036854775807"), 0);
  EXPECT_EQ(BrowseNames(*catalog, "/alice/Mail/Inbox"), state);
  auto again = Begin(*catalog, 3);
  EXPECT_EQ(again->snapshot().seq, 2);
  EXPECT_FALSE(again->resumed());
}

// Runs `body` in a child process that is then killed with SIGKILL, as a
// backup killed mid-run would be. Returns when the child is dead.
template <typename Fn>
void RunAndKill(Fn body) {
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    body();
    kill(getpid(), SIGKILL);
    _exit(0);  // not reached
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status));
  ASSERT_EQ(WTERMSIG(status), SIGKILL);
}

TEST(CatalogWriteTest, AKilledRunLeavesNothingVisibleAndTheNextRunResumes) {
  CatalogDir dir;
  {
    auto catalog = dir.Open();
    auto first = Begin(*catalog, 1);
    PutAll(*first, 10);
    ASSERT_TRUE(first->Commit("s1").ok());
  }
  RunAndKill([&] {
    auto catalog = dir.Open();
    auto second = Begin(*catalog, 2);
    for (int i = 10; i < 30; ++i) (void)second->Put(Message(i));
    (void)second->Delete(Message(0).key);
    (void)second->Flush();
    for (int i = 30; i < 40; ++i) (void)second->Put(Message(i));  // maybe applied, maybe not
  });

  auto catalog = dir.Open();
  EXPECT_EQ(BrowseNames(*catalog, "/alice/Mail/Inbox").size(), 10u);
  Result<std::optional<SnapshotInfo>> open = catalog->OpenSnapshot("set-1");
  ASSERT_TRUE(open.ok());
  ASSERT_TRUE(open->has_value());
  EXPECT_EQ((*open)->seq, 2);

  auto resumed = Begin(*catalog, 2);
  EXPECT_TRUE(resumed->resumed());
  EXPECT_EQ(resumed->snapshot().seq, 2);
  for (int i = 10; i < 40; ++i) ASSERT_TRUE(resumed->Put(Message(i)).ok());
  Result<SnapshotInfo> info = resumed->Commit("s2");
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->items, 39);
  EXPECT_EQ(info->added, 30);
  EXPECT_EQ(info->removed, 1);
  EXPECT_EQ(dir.Count("SELECT count(*) FROM versions"), 40);
}

TEST(CatalogWriteTest, APreparedSnapshotSurvivesAKillBeforeCommit) {
  CatalogDir dir;
  RunAndKill([&] {
    auto catalog = dir.Open();
    auto writer = Begin(*catalog, 1);
    PutAll(*writer, 5);
    (void)writer->Prepare("repo-snap-1");
  });
  auto catalog = dir.Open();
  auto writer = Begin(*catalog, 1);
  ASSERT_TRUE(writer->resumed());
  // The backup layer sees that the repository has this snapshot and finishes it.
  EXPECT_EQ(writer->snapshot().id, "repo-snap-1");
  ASSERT_TRUE(writer->Commit(writer->snapshot().id).ok());
  EXPECT_EQ(BrowseNames(*catalog, "/alice/Mail/Inbox", "repo-snap").size(), 5u);
}

TEST(CatalogWriteTest, ManyThreadsWriteThroughOneQueue) {
  CatalogDir dir;
  auto catalog = dir.Open({/*queue_capacity=*/64, /*batch_size=*/50});
  auto writer = Begin(*catalog);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&writer, t] {
      for (int i = 0; i < 250; ++i) {
        Item item = Message(t * 1000 + i);
        item.folder_path = "/alice/Mail/Folder " + std::to_string(t);
        EXPECT_TRUE(writer->Put(item).ok());
      }
    });
  }
  for (std::thread& t : threads) t.join();
  Result<SnapshotInfo> info = writer->Commit("s1");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->items, 2000);
  EXPECT_EQ(BrowseNames(*catalog, "/alice/Mail/Folder 5").size(), 250u);
  EXPECT_EQ(dir.Count("SELECT count(*) FROM folders"), 8);
}

TEST(CatalogWriteTest, AFailedChangeStopsOnlyItsOwnWriter) {
  CatalogDir dir;
  auto catalog = dir.Open();
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(dir.path().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "CREATE TRIGGER poison BEFORE INSERT ON versions WHEN new.name = 'poison' "
                           "BEGIN SELECT RAISE(ABORT, 'poisoned for the test'); END",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  auto healthy = Begin(*catalog, 1, TestSet("set-1"));
  auto failing = Begin(*catalog, 1, TestSet("set-2", "Other"));
  ASSERT_TRUE(healthy->Put(Message(1)).ok());
  Item poison = Message(2);
  poison.name = "poison";
  ASSERT_TRUE(failing->Put(poison).ok());  // queued; fails when applied
  ASSERT_TRUE(healthy->Put(Message(3)).ok());
  Status flushed = failing->Flush();
  EXPECT_FALSE(flushed.ok());
  EXPECT_NE(flushed.ToString().find("poisoned"), std::string::npos) << flushed.ToString();
  EXPECT_FALSE(failing->Commit("x").ok());
  EXPECT_TRUE(failing->Abandon().ok());
  ASSERT_TRUE(healthy->Commit("s1").ok());
  EXPECT_EQ(BrowseNames(*catalog, "/alice/Mail/Inbox").size(), 2u);
}

TEST(CatalogWriteTest, ForgettingASnapshotDropsOnlyVersionsNoOtherSnapshotNeeds) {
  CatalogDir dir;
  auto catalog = dir.Open();
  for (int day = 1; day <= 3; ++day) {
    auto writer = Begin(*catalog, day);
    Item item = Message(0);
    item.name = "version " + std::to_string(day);
    ASSERT_TRUE(writer->Put(item).ok());
    ASSERT_TRUE(writer->Put(Message(1)).ok());
    ASSERT_TRUE(writer->Commit("s" + std::to_string(day)).ok());
  }
  EXPECT_EQ(dir.Count("SELECT count(*) FROM versions"), 4);
  ASSERT_TRUE(catalog->ForgetSnapshot("set-1", "s2").ok());
  EXPECT_EQ(dir.Count("SELECT count(*) FROM versions"), 3);
  EXPECT_FALSE(catalog->ResolveSnapshot("set-1", "s2").ok());
  EXPECT_EQ(BrowseNames(*catalog, "/alice/Mail/Inbox", "s1"),
            (std::vector<std::string>{"Message 1", "version 1"}));
  EXPECT_EQ(BrowseNames(*catalog, "/alice/Mail/Inbox"), (std::vector<std::string>{"Message 1", "version 3"}));
  // Forgetting the latest keeps the current versions: the next run continues from them.
  ASSERT_TRUE(catalog->ForgetSnapshot("set-1", "s3").ok());
  EXPECT_EQ(dir.Count("SELECT count(*) FROM versions"), 3);
  auto next = Begin(*catalog, 4);
  Result<SnapshotInfo> info = next->Commit("s4");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->seq, 4);
  EXPECT_EQ(info->items, 2);
  EXPECT_EQ(BrowseNames(*catalog, "/alice/Mail/Inbox"), (std::vector<std::string>{"Message 1", "version 3"}));
  EXPECT_EQ(catalog->ForgetSnapshot("set-1", "nope").code(), StatusCode::kNotFound);
}

TEST(CatalogWriteTest, MisuseIsRefusedWithClearErrors) {
  CatalogDir dir;
  auto catalog = dir.Open();
  auto writer = Begin(*catalog, 1);
  Result<std::unique_ptr<SnapshotWriter>> second = catalog->BeginSnapshot(TestSet(), {});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kFailedPrecondition);
  Item bad = Message(1);
  bad.folder_path = "relative";
  EXPECT_EQ(writer->Put(bad).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(writer->Commit("").status().code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(writer->Commit("s1").ok());
  writer.reset();
  auto next = Begin(*catalog, 2);
  Result<SnapshotInfo> duplicate = next->Commit("s1");
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.status().code(), StatusCode::kAlreadyExists);
  EXPECT_TRUE(next->Commit("s2").ok());
}

TEST(CatalogSchemaTest, RefusesFilesThatAreNotCatalogsOrAreNewer) {
  CatalogDir dir;
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(dir.path().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE organizations(id TEXT)", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  Result<std::unique_ptr<Catalog>> foreign = OpenSqliteCatalog(dir.path());
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(foreign.status().message().find("not an Ark365 catalog"), std::string::npos);

  CatalogDir newer;
  { ASSERT_NE(newer.Open(), nullptr); }
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(newer.path().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  Result<std::unique_ptr<Catalog>> future = OpenSqliteCatalog(newer.path());
  ASSERT_FALSE(future.ok());
  EXPECT_NE(future.status().message().find("newer Ark365"), std::string::npos);
}

TEST(CatalogSchemaTest, DataSurvivesReopening) {
  CatalogDir dir;
  {
    auto catalog = dir.Open();
    auto writer = Begin(*catalog, 1);
    PutAll(*writer, 4);
    ASSERT_TRUE(writer->Commit("s1").ok());
  }
  auto catalog = dir.Open();
  EXPECT_EQ(BrowseNames(*catalog, "/alice/Mail/Inbox").size(), 4u);
  EXPECT_EQ(dir.Count("SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), 1);
}

}  // namespace
}  // namespace ark::catalog
