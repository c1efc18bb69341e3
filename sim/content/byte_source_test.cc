// Tests of byte sources: determinism, random access equal to sequential reads, base64 lines, edits.
#include "content/byte_source.h"

#include <gtest/gtest.h>

#include "core/encoding.h"

namespace m365sim::content {
namespace {

TEST(ByteSource, GeneratedBytesAreDeterministicAndRandomlyAccessible) {
  auto a = GeneratedBytes(7, 300000, ByteStyle::kText);
  auto b = GeneratedBytes(7, 300000, ByteStyle::kText);
  std::string whole = ReadAll(*a);
  EXPECT_EQ(whole, ReadAll(*b));
  EXPECT_NE(whole, ReadAll(*GeneratedBytes(8, 300000, ByteStyle::kText)));
  for (uint64_t offset : {0ULL, 1ULL, 65535ULL, 65536ULL, 131000ULL, 299990ULL}) {
    std::string part(10, '\0');
    a->Read(offset, part.data(), part.size());
    EXPECT_EQ(part, whole.substr(offset, 10)) << "at " << offset;
  }
  EXPECT_EQ(whole.find('\0'), std::string::npos) << "text content has no NUL bytes";
}

TEST(ByteSource, Base64LinesMatchesWholeEncodingAtEveryOffset) {
  auto inner = GeneratedBytes(3, 1000, ByteStyle::kBinary);
  auto lines = Base64Lines(inner);
  std::string raw = ReadAll(*inner);
  std::string expected;
  for (size_t i = 0; i < raw.size(); i += 57) expected += ark::Base64Encode(raw.substr(i, 57)) + "\r\n";
  ASSERT_EQ(lines->size(), expected.size());
  EXPECT_EQ(ReadAll(*lines), expected);
  for (uint64_t offset = 0; offset + 7 <= expected.size(); offset += 13) {
    std::string part(7, '\0');
    lines->Read(offset, part.data(), 7);
    ASSERT_EQ(part, expected.substr(offset, 7)) << "at " << offset;
  }
}

TEST(ByteSource, ConcatAndHash) {
  auto joined = ConcatBytes({LiteralBytes("abc"), LiteralBytes(""), LiteralBytes("defg")});
  EXPECT_EQ(joined->size(), 7u);
  std::string part(3, '\0');
  joined->Read(2, part.data(), 3);
  EXPECT_EQ(part, "cde");
  EXPECT_EQ(Sha256HexOf(*LiteralBytes("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(ByteSource, EditedVersionsShareMostBlocksWithTheirBase) {
  constexpr uint64_t kSize = 64 * 1024 * 40;
  auto base = GeneratedBytes(11, kSize, ByteStyle::kBinary);
  auto edited = EditedBytes(base, 99, kSize + 1000, ByteStyle::kBinary, 8);
  std::string a = ReadAll(*base);
  std::string b = ReadAll(*edited);
  ASSERT_EQ(b.size(), kSize + 1000);
  int same = 0;
  for (uint64_t block = 0; block < 40; ++block) {
    same += a.compare(block * 65536, 65536, b, block * 65536, 65536) == 0;
  }
  EXPECT_GT(same, 25);
  EXPECT_LT(same, 40);
  EXPECT_EQ(b, ReadAll(*EditedBytes(base, 99, kSize + 1000, ByteStyle::kBinary, 8)));
}

}  // namespace
}  // namespace m365sim::content
