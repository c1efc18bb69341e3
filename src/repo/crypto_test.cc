// Tests of the repository's cryptography: XAES-256-GCM vectors, sealing, ids, key derivation.
#include "repo/crypto.h"

#include <gtest/gtest.h>

#include "core/encoding.h"

namespace ark::repo {
namespace {

TEST(XaesTest, MatchesTheC2spVectors) {
  std::string nonce = "ABCDEFGHIJKLMNOPQRSTUVWX";
  EXPECT_EQ(HexEncode(XaesSeal(std::string(32, '\x01'), nonce, "", "XAES-256-GCM")),
            "4142434445464748494a4b4c4d4e4f505152535455565758"
            "ce546ef63c9cc60765923609b33a9a1974e96e52daf2fcf7075e2271");
  EXPECT_EQ(HexEncode(XaesSeal(std::string(32, '\x03'), nonce, "c2sp.org/XAES-256-GCM", "XAES-256-GCM")),
            "4142434445464748494a4b4c4d4e4f505152535455565758"
            "986ec1832593df5443a179437fd083bf3fdb41abd740a21f71eb769d");
}

TEST(CryptoTest, SealOpensOnlyWithTheSameAdAndUntouchedBytes) {
  Crypto crypto(MasterKeys::Generate());
  std::string sealed = crypto.Seal("ad", "secret content");
  EXPECT_EQ(sealed.size(), 14 + kSealOverhead);
  ASSERT_TRUE(crypto.Open("ad", sealed).ok());
  EXPECT_EQ(*crypto.Open("ad", sealed), "secret content");
  EXPECT_EQ(crypto.Open("other ad", sealed).status().code(), StatusCode::kDataLoss);
  for (size_t i : {size_t{0}, size_t{23}, size_t{30}, sealed.size() - 1}) {
    std::string flipped = sealed;
    flipped[i] = static_cast<char>(flipped[i] ^ 0x01);
    EXPECT_EQ(crypto.Open("ad", flipped).status().code(), StatusCode::kDataLoss) << "byte " << i;
  }
  EXPECT_FALSE(crypto.Open("ad", sealed.substr(0, 39)).ok());
  // Fresh nonces: the same plaintext never seals to the same bytes.
  EXPECT_NE(crypto.Seal("ad", "x"), crypto.Seal("ad", "x"));
}

TEST(CryptoTest, BlobIdIsHmacSha256WithTheIdKey) {
  MasterKeys keys = MasterKeys::Generate();
  Crypto crypto(keys);
  for (size_t n : {size_t{0}, size_t{1}, size_t{64}, size_t{100000}}) {
    std::string data(n, 'q');
    EXPECT_EQ(crypto.BlobIdOf(data).Bytes(), HmacSha256(keys.id.reveal(), data));
  }
  EXPECT_NE(Crypto(MasterKeys::Generate()).BlobIdOf("same"), crypto.BlobIdOf("same"));
}

TEST(CryptoTest, KeyDerivationDependsOnPasswordAndSalt) {
  KdfParams fast{1, 1u << 20};
  std::string salt(16, 's');
  auto a = DeriveKeyEncryptionKey(Secret("one"), salt, fast);
  auto b = DeriveKeyEncryptionKey(Secret("two"), salt, fast);
  auto c = DeriveKeyEncryptionKey(Secret("one"), std::string(16, 't'), fast);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->reveal().size(), 32u);
  EXPECT_NE(a->reveal(), b->reveal());
  EXPECT_NE(a->reveal(), c->reveal());
  EXPECT_EQ(DeriveKeyEncryptionKey(Secret("one"), "short", fast).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ark::repo
