#include "core/hash.h"

#include <gtest/gtest.h>

#include "core/encoding.h"

namespace ark {
namespace {

TEST(HashTest, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HexEncode(Sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
}

TEST(HashTest, IncrementalEqualsWhole) {
  Hasher h(DigestAlgorithm::kSha256);
  h.Update("a");
  h.Update("bc");
  EXPECT_EQ(HexEncode(h.Finish()), Sha256Hex("abc"));
}

}  // namespace
}  // namespace ark
