// Tests of packs and index files: round trips, truncation and damage detection.
#include "repo/pack.h"

#include <gtest/gtest.h>

#include "repo/index.h"

namespace ark::repo {
namespace {

TEST(PackTest, HeaderRoundTripsAndLocatesEveryBlob) {
  Crypto crypto(MasterKeys::Generate());
  PackBuilder builder(BlobType::kData, 0);
  std::vector<std::string> plains = {"first", std::string(1000, 'x'), "third"};
  for (const std::string& p : plains) {
    BlobId id = crypto.BlobIdOf(p);
    builder.Add(id, 0, static_cast<uint32_t>(p.size()), crypto.Seal(BlobAd(BlobType::kData, id), p));
  }
  PackId pack = builder.id();
  std::vector<PackEntry> written;
  std::string bytes = builder.Finish(crypto, written);
  auto parsed = ParsePackTail(crypto, pack, bytes, bytes.size(), nullptr);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  ASSERT_EQ(parsed->size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    const PackEntry& e = (*parsed)[i];
    EXPECT_EQ(e.id, written[i].id);
    EXPECT_EQ(e.offset, written[i].offset);
    auto plain = crypto.Open(BlobAd(e.type, e.id), std::string_view(bytes).substr(e.offset, e.length));
    ASSERT_TRUE(plain.ok());
    EXPECT_EQ(*plain, plains[i]);
  }
  // A truncated pack, or the header read under another pack's name, is damage.
  EXPECT_EQ(ParsePackTail(crypto, pack, bytes.substr(0, bytes.size() - 10), bytes.size() - 10, nullptr)
                .status()
                .code(),
            StatusCode::kDataLoss);
  EXPECT_EQ(ParsePackTail(crypto, PackId::Random(), bytes, bytes.size(), nullptr).status().code(),
            StatusCode::kDataLoss);
  std::string cut = bytes.substr(10);
  EXPECT_EQ(ParsePackTail(crypto, pack, cut, cut.size(), nullptr).status().code(), StatusCode::kDataLoss);
}

TEST(IndexTest, FileRoundTripsAndIndexKeepsFirstLocation) {
  PackEntry a{BlobType::kData, 1, 0, 100, 300, BlobId::Random()};
  PackEntry b{BlobType::kTree, 0, 100, 50, 10, BlobId::Random()};
  std::vector<IndexedPack> packs = {{PackId::Random(), {a, b}}, {PackId::Random(), {a}}};
  std::string body = EncodeIndexFile(packs);
  auto decoded = DecodeIndexFile(body);
  ASSERT_TRUE(decoded.ok());
  ASSERT_EQ(decoded->size(), 2u);
  EXPECT_EQ((*decoded)[0].entries[1].raw_length, 10u);
  EXPECT_EQ((*decoded)[0].entries[0].compression, 1);
  EXPECT_FALSE(DecodeIndexFile(body.substr(0, body.size() - 1)).ok());
  EXPECT_FALSE(DecodeIndexFile(body + "x").ok());

  Index index;
  for (const auto& p : *decoded) index.AddPack(p.id, p.entries);
  EXPECT_EQ(index.pack_count(), 2u);
  EXPECT_EQ(index.blob_count(), 2u);
  EXPECT_EQ(index.Lookup({a.id, BlobType::kData})->pack, packs[0].id);
  EXPECT_FALSE(index.Has({a.id, BlobType::kTree}));
}

}  // namespace
}  // namespace ark::repo
