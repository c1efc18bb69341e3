// The format document is complete: a repository written by the engine is read by read.mjs, written from the
// document alone.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "core/hash.h"
#include "repo/content.h"
#include "repo/repo_test_util.h"
#include "repo/snapshot.h"
#include "repo/tree_editor.h"
#include "support/subprocess.h"

namespace ark::repo {
namespace {

struct Expected {
  std::string type;
  uint64_t size = 0;
  std::string sha256;
  std::string record_sha256;
  std::string target;
};

TEST(RepoReaderTest, IndependentReaderReadsEverything) {
  testing::TempRepository repo;
  repo.StartWriting();
  std::map<std::string, Expected> expected;
  TreeEditor editor(*repo, std::nullopt);
  auto put_file = [&](const std::string& path, const std::string& data, NodeType type,
                      const std::string& record) {
    ContentWriter w(*repo);
    ASSERT_TRUE(w.Write(data).ok());
    auto ref = w.Finish();
    ASSERT_TRUE(ref.ok());
    Node n;
    n.type = type;
    n.size = ref->size;
    n.content = ref->blobs;
    n.mode = 0644;
    n.mtime_ns = 1767600000000000000;
    Expected e{type == NodeType::kFile ? "file" : "item", data.size(), Sha256Hex(data), "", ""};
    if (!record.empty()) {
      auto r = StoreRecord(*repo, "graph.message", record);
      ASSERT_TRUE(r.ok());
      n.record = *r;
      e.record_sha256 = Sha256Hex(record);
    }
    ASSERT_TRUE(editor.Put(path, n).ok());
    expected[path] = e;
  };
  put_file("files/big.bin", testing::RandomData(6u << 20, 1), NodeType::kFile, "");
  put_file("files/empty.txt", "", NodeType::kFile, "");
  put_file("files/text.txt", std::string(100000, 'a'), NodeType::kFile, "");  // compressed
  for (int i = 0; i < 3000; ++i) {
    std::string id = "AAMkAG" + std::to_string(100000 + i);
    std::string record = "{\"subject\":\"message " + std::to_string(i) + "\"}";
    if (i % 500 == 0) record += std::string(4000, 'x');  // stored as blobs
    put_file("mail/alice/inbox/" + id, "MIME-Version: 1.0\r\nSubject: " + std::to_string(i) + "\r\n\r\nbody",
             NodeType::kItem, record);
  }
  Node link;
  link.type = NodeType::kSymlink;
  link.target = "../files/text.txt";
  ASSERT_TRUE(editor.Put("links/text", link).ok());
  expected["links/text"] = Expected{"symlink", 0, "", "", link.target};
  auto root = editor.Commit();
  ASSERT_TRUE(root.ok()) << root.status().message();
  Snapshot s;
  s.tree = *root;
  s.time = std::chrono::system_clock::now();
  s.source = "reader-test";
  ASSERT_TRUE(repo->saver().Flush().ok());
  ASSERT_TRUE(SaveSnapshot(*repo, s).ok());
  ASSERT_TRUE(repo->StopWriting().ok());

  ark::testing::ProcessOptions o;
  o.env["ARK365_PASSWORD"] = "test password";
  auto r = ark::testing::RunProcess({NODE_BIN, REPO_READER_SCRIPT, repo.path(), "dump", s.id.Hex()}, o);
  ASSERT_EQ(r.exit_code, 0) << r.err << "\n(run scripts/setup to install the reader's npm packages)";
  std::map<std::string, nlohmann::json> seen;
  size_t start = 0;
  while (start < r.out.size()) {
    size_t end = r.out.find('\n', start);
    nlohmann::json line = nlohmann::json::parse(r.out.substr(start, end - start));
    seen[line["path"]] = line;
    start = end + 1;
  }
  for (const auto& [path, e] : expected) {
    SCOPED_TRACE(path);
    ASSERT_TRUE(seen.contains(path));
    const nlohmann::json& line = seen[path];
    EXPECT_EQ(line["type"], e.type);
    if (e.type == "symlink") {
      EXPECT_EQ(line["target"], e.target);
      continue;
    }
    EXPECT_EQ(line["size"], e.size);
    EXPECT_EQ(line["sha256"], e.sha256);
    if (!e.record_sha256.empty()) {
      EXPECT_EQ(line["record"]["sha256"], e.record_sha256);
    }
  }
  // Directories too: files, mail, mail/alice, mail/alice/inbox, links.
  EXPECT_EQ(seen.size(), expected.size() + 5);
}

}  // namespace
}  // namespace ark::repo
