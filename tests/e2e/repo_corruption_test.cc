// Damaged repositories: a flipped bit, a truncated or missing pack, a lost index; found, named, never
// restored as good data.
#include <sys/stat.h>

#include "e2e/repo_support.h"

namespace ark::testing {
namespace {

class RepoCorruptionTest : public RepoFixture {
 protected:
  void SetUp() override {
    src_ = Path("src");
    MakeCorpus(src_, 31, 3, 2u << 20, 60);
    Init();
    snapshot_ = ArkJson({"repo", "backup-path", src_})["id"];
  }

  // The pack holding the first blob of `file` (a path inside the snapshot), from the index.
  std::string PackOf(const std::string& file) {
    std::string blob = FirstBlob(file);
    for (const std::string& index : Listing(RepoPath() + "/index")) {
      ProcessResult cat = Ark({"repo", "cat", "index", index});
      for (const auto& pack : nlohmann::json::parse(cat.out)) {
        for (const auto& b : pack["blobs"]) {
          if (b["id"] == blob) {
            std::string id = pack["pack"];
            offset_ = b["offset"];
            return RepoPath() + "/data/" + id.substr(0, 2) + "/" + id;
          }
        }
      }
    }
    ADD_FAILURE() << "no pack holds " << blob;
    return "";
  }

  std::string FirstBlob(const std::string& file) {
    // `cat tree` of each directory page down the path; the file node's first content id.
    ProcessResult snap = Ark({"--json", "repo", "cat", "snapshot", snapshot_});
    std::string page = nlohmann::json::parse(snap.out)["tree"];
    std::filesystem::path full = std::filesystem::path(src_ + "/" + file).relative_path();
    for (auto it = full.begin(); it != full.end(); ++it) {
      nlohmann::json node = FindNode(page, it->string());
      if (std::next(it) == full.end()) return node["content"][0];
      page = node["subtree"];
    }
    return "";
  }

  nlohmann::json FindNode(const std::string& page, const std::string& name) {
    nlohmann::json p = nlohmann::json::parse(Ark({"repo", "cat", "tree", page}).out);
    if (p.contains("children")) {
      for (const auto& c : p["children"]) {
        nlohmann::json found = FindNode(c["id"], name);
        if (!found.is_null()) return found;
      }
      return nullptr;
    }
    for (const auto& n : p["nodes"]) {
      if (n["name"] == name) return n;
    }
    return nullptr;
  }

  static std::vector<std::string> Listing(const std::string& dir) {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(dir))
      out.push_back(e.path().filename().string());
    return out;
  }

  void ExpectNamedAndNotRestored(const ProcessResult& check, const std::string& file) {
    EXPECT_EQ(check.exit_code, 1) << check.out << check.err;
    EXPECT_NE(check.out.find("affected: snapshot " + snapshot_.substr(0, 8)), std::string::npos) << check.out;
    EXPECT_NE(check.out.find(file), std::string::npos) << check.out;
    std::string target = Path("restore");
    ProcessResult r = Ark({"repo", "restore", snapshot_, "--target", target});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find(file), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(target + src_ + "/" + file)) << "damaged data must not be restored";
    // Everything else is restored, verified.
    EXPECT_TRUE(std::filesystem::exists(target + src_ + "/mail/folder0/m0.eml"));
  }

  std::string src_;
  std::string snapshot_;
  uint64_t offset_ = 0;
};

TEST_F(RepoCorruptionTest, FlippedBitIsFoundByReadDataAndNamed) {
  std::string pack = PackOf("large/file1.bin");
  {
    std::fstream f(pack, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(static_cast<std::streamoff>(offset_ + 100));
    char c = 0;
    f.read(&c, 1);
    c = static_cast<char>(c ^ 0x04);
    f.seekp(static_cast<std::streamoff>(offset_ + 100));
    f.write(&c, 1);
  }
  EXPECT_EQ(Ark({"repo", "check"}).exit_code, 0)
      << "structure is intact; only reading the data finds the flip";
  ExpectNamedAndNotRestored(Ark({"repo", "check", "--read-data"}), "large/file1.bin");
}

TEST_F(RepoCorruptionTest, TruncatedPackIsFoundAndNamed) {
  std::string pack = PackOf("large/file2.bin");
  std::filesystem::resize_file(pack, std::filesystem::file_size(pack) / 2);
  ProcessResult check = Ark({"repo", "check", "--read-data"});
  EXPECT_NE(check.out.find("truncated"), std::string::npos) << check.out;
  ExpectNamedAndNotRestored(check, "large/file2.bin");
}

TEST_F(RepoCorruptionTest, MissingPackIsFoundAndNamed) {
  std::string pack = PackOf("large/file0.bin");
  std::filesystem::remove(pack);
  ProcessResult check = Ark({"repo", "check"});
  EXPECT_NE(check.out.find("is missing"), std::string::npos) << check.out;
  ExpectNamedAndNotRestored(check, "large/file0.bin");
}

TEST_F(RepoCorruptionTest, RepairRebuildsALostIndex) {
  for (const std::string& f : Listing(RepoPath() + "/index"))
    std::filesystem::remove(RepoPath() + "/index/" + f);
  EXPECT_EQ(Ark({"repo", "check"}).exit_code, 1);
  ProcessResult repair = Ark({"repo", "repair"});
  ASSERT_EQ(repair.exit_code, 0) << repair.err;
  EXPECT_EQ(Ark({"repo", "check", "--read-data"}).exit_code, 0);
  std::string target = Path("restore");
  ASSERT_EQ(Ark({"repo", "restore", snapshot_, "--target", target}).exit_code, 0);
  EXPECT_EQ(CompareTrees(src_, target + src_), "");
}

TEST_F(RepoCorruptionTest, DamagedIndexFileIsReportedAndRepaired) {
  std::string index = RepoPath() + "/index/" + Listing(RepoPath() + "/index").front();
  std::filesystem::resize_file(index, 20);
  ProcessResult check = Ark({"repo", "check"});
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.out.find("damaged"), std::string::npos) << check.out;
  ASSERT_EQ(Ark({"repo", "repair"}).exit_code, 0);
  EXPECT_EQ(Ark({"repo", "check", "--read-data"}).exit_code, 0);
}

}  // namespace
}  // namespace ark::testing
