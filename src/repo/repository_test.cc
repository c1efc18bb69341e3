// Tests of the repository as a whole: keys, streaming content from many threads, snapshots, checkpoints,
// prune, repair, check.
#include "repo/repository.h"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "repo/checker.h"
#include "repo/content.h"
#include "repo/directory.h"
#include "repo/key_file.h"
#include "repo/local_backend.h"
#include "repo/lock.h"
#include "repo/prune.h"
#include "repo/repair.h"
#include "repo/repo_test_util.h"
#include "repo/snapshot.h"
#include "repo/tree_editor.h"

namespace ark::repo {
namespace {

using testing::RandomData;
using testing::TempRepository;

ContentRef Store(Repository& repo, const std::string& data, size_t piece = 65536) {
  ContentWriter w(repo);
  for (size_t p = 0; p < data.size(); p += piece)
    EXPECT_TRUE(w.Write(std::string_view(data).substr(p, piece)).ok());
  auto ref = w.Finish();
  EXPECT_TRUE(ref.ok()) << ref.status().message();
  return *ref;
}

std::string Read(Repository& repo, const ContentRef& ref) {
  std::string out;
  EXPECT_TRUE(ContentReader(repo, ref.blobs)
                  .ReadAll([&](std::string_view s) {
                    out.append(s);
                    return Status::Ok();
                  })
                  .ok());
  return out;
}

TEST(RepositoryTest, PasswordsAndKeys) {
  TempRepository repo;
  auto wrong = Repository::Open(*LocalBackend::Open(repo.path()), Secret("nope"));
  EXPECT_EQ(wrong.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(wrong.status().message().find("password"), std::string::npos);
  auto second =
      AddKeyFile(repo->backend(), repo->keys(), repo->config().id, Secret("second"), KdfParams{1, 1u << 20});
  ASSERT_TRUE(second.ok());
  auto opened = Repository::Open(*LocalBackend::Open(repo.path()), Secret("second"));
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ((*opened)->key_id(), *second);
  ASSERT_TRUE(RemoveKeyFile(repo->backend(), *second).ok());
  EXPECT_FALSE(Repository::Open(*LocalBackend::Open(repo.path()), Secret("second")).ok());
  EXPECT_EQ(RemoveKeyFile(repo->backend(), repo->key_id()).code(), StatusCode::kFailedPrecondition)
      << "the last key cannot be removed";
}

TEST(RepositoryTest, NotARepository) {
  TempRepository repo;
  auto backend = LocalBackend::Open(repo.path() + "/keys");
  ASSERT_TRUE(backend.ok());
  auto r = Repository::Open(std::move(*backend), Secret("x"));
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("not an Ark365 repository"), std::string::npos);
}

TEST(RepositoryTest, ContentFromManyThreadsRoundTripsAndDeduplicates) {
  TempRepository repo;
  WriteOptions options;
  options.memory_limit = 64u << 20;
  repo.StartWriting(options);
  std::vector<std::string> inputs;
  for (int i = 0; i < 8; ++i) inputs.push_back(RandomData(i % 2 == 0 ? 3000 + i : (3u << 20) + i, 100 + i));
  inputs.push_back(inputs[1]);  // a duplicate
  std::vector<ContentRef> refs(inputs.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < inputs.size(); ++i)
    threads.emplace_back([&, i] { refs[i] = Store(*repo, inputs[i], 1000 + 37 * i); });
  for (auto& t : threads) t.join();
  ASSERT_TRUE(repo->saver().Flush().ok());
  EXPECT_EQ(refs[0].blobs.size(), 1u) << "a small item is one blob";
  EXPECT_EQ(refs[1].blobs, refs.back().blobs);
  uint64_t stored_before = repo->saver().stats().bytes_new;
  Store(*repo, inputs[3]);
  ASSERT_TRUE(repo->saver().Flush().ok());
  EXPECT_EQ(repo->saver().stats().bytes_new, stored_before) << "stored content is deduplicated";
  ASSERT_TRUE(repo->StopWriting().ok());
  repo.Reopen();
  for (size_t i = 0; i < inputs.size(); ++i) EXPECT_EQ(Read(*repo, refs[i]), inputs[i]) << i;
  auto range = ContentReader(*repo, refs[1].blobs).ReadRange(1000000, 500000);
  ASSERT_TRUE(range.ok());
  EXPECT_EQ(*range, inputs[1].substr(1000000, 500000));
}

TEST(RepositoryTest, RecordsInlineOrAsBlobs) {
  TempRepository repo;
  repo.StartWriting();
  auto small = StoreRecord(*repo, "graph.message", "{\"subject\":\"hi\"}");
  auto large = StoreRecord(*repo, "graph.message", std::string(10000, 'j'));
  ASSERT_TRUE(small.ok() && large.ok());
  EXPECT_TRUE(small->inlined());
  EXPECT_FALSE(large->inlined());
  ASSERT_TRUE(repo->saver().Flush().ok());
  EXPECT_EQ(*LoadRecord(*repo, *large), std::string(10000, 'j'));
}

BlobId TreeWith(Repository& repo, const std::string& path, const ContentRef& content) {
  TreeEditor editor(repo, std::nullopt);
  Node n;
  n.type = NodeType::kFile;
  n.content = content.blobs;
  n.size = content.size;
  EXPECT_TRUE(editor.Put(path, n).ok());
  auto root = editor.Commit();
  EXPECT_TRUE(root.ok());
  return *root;
}

TEST(RepositoryTest, SnapshotsCheckpointsPruneAndRepair) {
  TempRepository repo;
  repo.StartWriting();
  std::string keep_data = RandomData(2u << 20, 1);
  std::string drop_data = RandomData(2u << 20, 2);
  Snapshot keep;
  keep.tree = TreeWith(*repo, "a/keep.bin", Store(*repo, keep_data));
  keep.time = std::chrono::system_clock::now();
  keep.source = "test";
  keep.tags = {"t"};
  Snapshot drop = keep;
  drop.tree = TreeWith(*repo, "a/drop.bin", Store(*repo, drop_data));
  Checkpoint cp{"job",
                std::chrono::system_clock::now(),
                TreeWith(*repo, "c/cp.bin", Store(*repo, RandomData(5000, 3))),
                {{"cursor", 42}}};
  ASSERT_TRUE(SaveCheckpoint(*repo, cp).ok());
  ASSERT_TRUE(SaveSnapshot(*repo, keep).ok());
  ASSERT_TRUE(SaveSnapshot(*repo, drop).ok());
  ASSERT_TRUE(repo->StopWriting().ok());
  auto loaded_cp = LoadCheckpoint(*repo, "job");
  ASSERT_TRUE(loaded_cp.ok() && loaded_cp->has_value());
  EXPECT_EQ((*loaded_cp)->state["cursor"], 42);
  auto found = FindSnapshot(*repo, keep.id.Hex().substr(0, 6));
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->tags, keep.tags);

  ASSERT_TRUE(RemoveSnapshot(*repo, drop.id).ok());
  repo.Reopen();
  auto pruned = Prune(*repo, PruneOptions{}, nullptr);
  ASSERT_TRUE(pruned.ok()) << pruned.status().message();
  EXPECT_GT(pruned->bytes_freed, 1u << 20);
  repo.Reopen();
  auto check = CheckRepository(*repo, CheckOptions{true}, nullptr);
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->ok()) << (check->errors.empty() ? "" : check->errors.front());
  auto kept = LookupPath(*repo, keep.tree, "a/keep.bin");
  ASSERT_TRUE(kept.ok() && kept->has_value());
  EXPECT_EQ(Read(*repo, ContentRef{(*kept)->content, (*kept)->size}), keep_data);
  EXPECT_TRUE(LookupPath(*repo, cp.tree.value(), "c/cp.bin")->has_value()) << "checkpoints keep their data";

  // Losing every index file: repair rebuilds it from the packs.
  auto index_files = repo->ListObjects(FileType::kIndex);
  ASSERT_TRUE(index_files.ok());
  for (const Id& id : *index_files) {
    ASSERT_TRUE(repo->backend().Remove(Handle{FileType::kIndex, id.Hex()}).ok());
  }
  repo.Reopen();
  EXPECT_FALSE(CheckRepository(*repo, CheckOptions{}, nullptr)->ok());
  auto repaired = RepairIndex(*repo, nullptr);
  ASSERT_TRUE(repaired.ok());
  repo.Reopen();
  EXPECT_TRUE(CheckRepository(*repo, CheckOptions{true}, nullptr)->ok());
}

TEST(RepositoryTest, CheckNamesTheSnapshotAndPathOfDamagedData) {
  TempRepository repo;
  repo.StartWriting();
  Snapshot s;
  s.tree = TreeWith(*repo, "docs/report.docx", Store(*repo, RandomData(300000, 9)));
  s.time = std::chrono::system_clock::now();
  ASSERT_TRUE(SaveSnapshot(*repo, s).ok());
  ASSERT_TRUE(repo->StopWriting().ok());
  repo.Reopen();
  std::optional<PackId> data_pack;
  for (const IndexedPack& p : repo->index().Packs()) {
    if (p.entries[0].type == BlobType::kData) data_pack = p.id;
  }
  ASSERT_TRUE(data_pack);
  std::string file = repo.path() + "/" + Handle{FileType::kPack, data_pack->Hex()}.Path();
  {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(1000);
    char c = 0;
    f.read(&c, 1);
    f.seekp(1000);
    c = static_cast<char>(c ^ 0x10);
    f.write(&c, 1);
  }
  auto quick = CheckRepository(*repo, CheckOptions{}, nullptr);
  ASSERT_TRUE(quick.ok());
  EXPECT_TRUE(quick->ok()) << "a flipped bit inside a blob needs --read-data";
  auto full = CheckRepository(*repo, CheckOptions{true}, nullptr);
  ASSERT_TRUE(full.ok());
  EXPECT_FALSE(full->ok());
  ASSERT_EQ(full->affected.size(), 1u);
  EXPECT_NE(full->affected[0].find(s.id.Short()), std::string::npos);
  EXPECT_NE(full->affected[0].find("docs/report.docx"), std::string::npos);
  auto node = LookupPath(*repo, s.tree, "docs/report.docx");
  EXPECT_EQ(repo->LoadBlob(BlobType::kData, (*node)->content[0]).status().code(), StatusCode::kDataLoss);
}

TEST(RepositoryTest, LocksConflictAsDocumented) {
  TempRepository repo;
  auto shared1 = Lock::Acquire(*repo, false, "backup");
  auto shared2 = Lock::Acquire(*repo, false, "backup");
  ASSERT_TRUE(shared1.ok() && shared2.ok());
  auto exclusive = Lock::Acquire(*repo, true, "prune");
  EXPECT_EQ(exclusive.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(exclusive.status().message().find("shared lock for backup"), std::string::npos);
  auto prune1 = Lock::Acquire(*repo, false, "prune");
  ASSERT_TRUE(prune1.ok());
  EXPECT_FALSE(Lock::Acquire(*repo, false, "prune").ok()) << "two prunes never run at once";
  (*shared1).reset();
  (*shared2).reset();
  (*prune1).reset();
  EXPECT_TRUE(Lock::Acquire(*repo, true, "prune").ok());
  EXPECT_TRUE(ListLocks(*repo)->empty());
}

}  // namespace
}  // namespace ark::repo
