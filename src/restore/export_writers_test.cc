// Export writers: EML files hold the exact MIME, MBOX files parse back to it, folder trees are kept.
#include "restore/export_writers.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "restore/mboxrd.h"

namespace ark::restore {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

ContentProducer Pieces(const std::string& data) {
  return [&data](const ChunkSink& sink) -> Status {
    for (size_t i = 0; i < data.size(); i += 7)
      ARK_RETURN_IF_ERROR(sink(std::string_view(data).substr(i, 7)));
    return Status::Ok();
  };
}

class ExportWritersTest : public testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/ark-export-XXXXXX";
    dir_ = ::mkdtemp(pattern);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  std::string mime1_ = "From: a@x\r\nSubject: One\r\n\r\nFrom the body\r\n";
  std::string mime2_ = "From: b@x\r\nSubject: Two\r\n\r\n>From quoted\r\n";
};

TEST_F(ExportWritersTest, EmlFilesHoldTheExactMime) {
  auto w = OpenEmlWriter(dir_ / "eml");
  ASSERT_TRUE(w.ok());
  auto p1 = (*w)->AddMessage({"Inbox", "Sub"}, {"id1", "One", "a@x", 0}, Pieces(mime1_));
  auto p2 = (*w)->AddMessage({"Inbox"}, {"id2", "../../Two", "b@x", 0}, Pieces(mime2_));
  ASSERT_TRUE(p1.ok() && p2.ok());
  ASSERT_TRUE((*w)->Finish().ok());
  EXPECT_TRUE(p1->starts_with("Inbox/Sub/One ~"));
  EXPECT_TRUE(p1->ends_with(".eml"));
  EXPECT_EQ(Slurp(dir_ / "eml" / *p1), mime1_);
  EXPECT_EQ(Slurp(dir_ / "eml" / *p2), mime2_);
  EXPECT_EQ(p2->find('/', 6), std::string::npos) << *p2;
}

TEST_F(ExportWritersTest, MboxFilesParseBackToTheMessages) {
  auto w = OpenMboxWriter(dir_ / "mbox");
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->AddFolder({"Inbox", "Sub"}).ok());
  ASSERT_TRUE((*w)->AddMessage({"Inbox"}, {"id1", "One", "a@x", 1}, Pieces(mime1_)).ok());
  ASSERT_TRUE((*w)->AddMessage({"Inbox", "Sub"}, {"id3", "Three", "c@x", 3}, Pieces(mime1_)).ok());
  ASSERT_TRUE((*w)->AddMessage({"Inbox"}, {"id2", "Two", "b@x", 2}, Pieces(mime2_)).ok());
  ASSERT_TRUE((*w)->Finish().ok());
  std::vector<std::string> inbox;
  ASSERT_TRUE(ParseMboxrd(Slurp(dir_ / "mbox/Inbox.mbox"), [&](std::string_view, std::string m) {
                inbox.push_back(std::move(m));
                return Status::Ok();
              }).ok());
  EXPECT_EQ(inbox, (std::vector<std::string>{mime1_, mime2_}));
  EXPECT_TRUE(fs::exists(dir_ / "mbox/Inbox/Sub.mbox"));
}

TEST_F(ExportWritersTest, FileTreesInADirectoryAndAZip) {
  std::string data(100000, 'q');
  auto d = OpenDirectoryTreeWriter(dir_ / "files");
  ASSERT_TRUE(d.ok());
  auto path = (*d)->AddFile({"Documents", "Résumés & CVs"}, "cv.txt", 1700000000, Pieces(data));
  ASSERT_TRUE(path.ok());
  ASSERT_TRUE((*d)->AddFolder({"Empty"}).ok());
  ASSERT_TRUE((*d)->Finish().ok());
  EXPECT_EQ(*path, "Documents/Résumés & CVs/cv.txt");
  EXPECT_EQ(Slurp(dir_ / "files" / *path), data);
  EXPECT_TRUE(fs::is_directory(dir_ / "files/Empty"));

  auto z = OpenZipTreeWriter(dir_ / "files.zip");
  ASSERT_TRUE(z.ok());
  auto entry = (*z)->AddFile({"Documents"}, "cv.txt", std::nullopt, Pieces(data));
  ASSERT_TRUE(entry.ok());
  EXPECT_EQ(*entry, "Documents/cv.txt");
  ASSERT_TRUE((*z)->Finish().ok());
  EXPECT_GT(fs::file_size(dir_ / "files.zip"), 0u);
}

TEST(EmlFileNameTest, LongAndHostileSubjects) {
  std::string name = EmlFileName({"id", std::string(500, '\xE6'), "", 0});
  EXPECT_LE(name.size(), 100u);
  EXPECT_TRUE(name.ends_with(".eml"));
  EXPECT_NE(EmlFileName({"id1", "same", "", 0}), EmlFileName({"id2", "same", "", 0}));
  EXPECT_EQ(EmlFileName({"x", "", "", 0}).find("(no subject)"), 0u);
}

}  // namespace
}  // namespace ark::restore
