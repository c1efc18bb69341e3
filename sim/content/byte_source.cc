// ByteSource implementations: generated blocks, edited versions, base64 lines, concatenation.
#include "content/byte_source.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>

#include "common/seeded_random.h"
#include "core/encoding.h"
#include "core/hash.h"

namespace m365sim::content {
namespace {

constexpr uint64_t kBlockSize = 64 * 1024;

// Words for text content: common English, so that generated documents
// compress and look like prose in a hex dump.
constexpr std::array<std::string_view, 48> kWords = {
    "the",     "report",   "quarter", "project", "meeting", "budget",   "review",   "team",
    "customer", "contract", "draft",   "final",   "update",  "schedule", "plan",     "risk",
    "sales",   "market",   "product", "release", "notes",   "action",   "item",     "owner",
    "and",     "of",       "to",      "for",     "with",    "on",       "by",       "from",
    "a",       "in",       "is",      "we",      "will",    "please",   "confirm",  "before",
    "Friday",  "Monday",   "Q3",      "2026",    "data",    "backup",   "restore",  "office"};

void GenerateBlock(uint64_t seed, uint64_t block, ByteStyle style, char* out, size_t n) {
  SeededRandom random(seed ^ (block * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL));
  if (style == ByteStyle::kBinary) {
    random.Fill(out, n);
    return;
  }
  size_t pos = 0;
  size_t line = 0;
  while (pos < n) {
    uint64_t r = random.Next();
    std::string_view word = kWords[r % kWords.size()];
    size_t take = std::min(word.size(), n - pos);
    std::memcpy(out + pos, word.data(), take);
    pos += take;
    line += take;
    if (pos < n) {
      out[pos++] = (line > 70 || ((r >> 32) % 97) == 0) ? '\n' : ' ';
      if (out[pos - 1] == '\n') line = 0;
    }
  }
}

class Generated final : public ByteSource {
 public:
  Generated(uint64_t seed, uint64_t size, ByteStyle style) : seed_(seed), size_(size), style_(style) {}
  uint64_t size() const override { return size_; }
  void Read(uint64_t offset, char* out, size_t n) const override {
    std::string block(kBlockSize, '\0');
    while (n > 0) {
      uint64_t index = offset / kBlockSize;
      uint64_t within = offset % kBlockSize;
      size_t take = std::min<uint64_t>(n, kBlockSize - within);
      if (within == 0 && take == kBlockSize) {
        GenerateBlock(seed_, index, style_, out, take);
      } else {
        GenerateBlock(seed_, index, style_, block.data(), kBlockSize);
        std::memcpy(out, block.data() + within, take);
      }
      out += take;
      offset += take;
      n -= take;
    }
  }

 private:
  uint64_t seed_;
  uint64_t size_;
  ByteStyle style_;
};

class Edited final : public ByteSource {
 public:
  Edited(ByteSourcePtr base, uint64_t seed, uint64_t size, ByteStyle style, uint32_t period)
      : base_(std::move(base)), seed_(seed), size_(size), style_(style), period_(std::max<uint32_t>(period, 1)) {}
  uint64_t size() const override { return size_; }
  void Read(uint64_t offset, char* out, size_t n) const override {
    std::string block(kBlockSize, '\0');
    while (n > 0) {
      uint64_t index = offset / kBlockSize;
      uint64_t within = offset % kBlockSize;
      size_t take = std::min<uint64_t>(n, kBlockSize - within);
      uint64_t block_end = (index + 1) * kBlockSize;
      bool shared = block_end <= base_->size() && StableHash(std::to_string(index), seed_) % period_ != 0;
      if (shared) {
        base_->Read(offset, out, take);
      } else {
        GenerateBlock(seed_, index, style_, block.data(), kBlockSize);
        std::memcpy(out, block.data() + within, take);
      }
      out += take;
      offset += take;
      n -= take;
    }
  }

 private:
  ByteSourcePtr base_;
  uint64_t seed_;
  uint64_t size_;
  ByteStyle style_;
  uint32_t period_;
};

class Literal final : public ByteSource {
 public:
  explicit Literal(std::string bytes) : bytes_(std::move(bytes)) {}
  uint64_t size() const override { return bytes_.size(); }
  void Read(uint64_t offset, char* out, size_t n) const override { std::memcpy(out, bytes_.data() + offset, n); }

 private:
  std::string bytes_;
};

class Base64 final : public ByteSource {
 public:
  static constexpr uint64_t kInLine = 57;    // 57 input bytes make 76 characters
  static constexpr uint64_t kOutLine = 78;   // 76 characters and CRLF

  explicit Base64(ByteSourcePtr inner) : inner_(std::move(inner)) {
    uint64_t in = inner_->size();
    uint64_t rest = in % kInLine;
    size_ = in / kInLine * kOutLine + (rest ? (rest + 2) / 3 * 4 + 2 : 0);
  }
  uint64_t size() const override { return size_; }
  void Read(uint64_t offset, char* out, size_t n) const override {
    if (n == 0) return;
    uint64_t first_line = offset / kOutLine;
    uint64_t last_line = (offset + n - 1) / kOutLine;
    uint64_t in_begin = first_line * kInLine;
    uint64_t in_end = std::min(inner_->size(), (last_line + 1) * kInLine);
    std::string input(in_end - in_begin, '\0');
    inner_->Read(in_begin, input.data(), input.size());
    std::string encoded;
    encoded.reserve((last_line - first_line + 1) * kOutLine);
    for (uint64_t pos = 0; pos < input.size(); pos += kInLine) {
      encoded += ark::Base64Encode(std::string_view(input).substr(pos, kInLine));
      encoded += "\r\n";
    }
    std::memcpy(out, encoded.data() + (offset - first_line * kOutLine), n);
  }

 private:
  ByteSourcePtr inner_;
  uint64_t size_ = 0;
};

class Concat final : public ByteSource {
 public:
  explicit Concat(std::vector<ByteSourcePtr> parts) : parts_(std::move(parts)) {
    starts_.reserve(parts_.size());
    for (const auto& part : parts_) {
      starts_.push_back(size_);
      size_ += part->size();
    }
  }
  uint64_t size() const override { return size_; }
  void Read(uint64_t offset, char* out, size_t n) const override {
    size_t i = std::upper_bound(starts_.begin(), starts_.end(), offset) - starts_.begin() - 1;
    while (n > 0) {
      uint64_t within = offset - starts_[i];
      size_t take = std::min<uint64_t>(n, parts_[i]->size() - within);
      if (take > 0) parts_[i]->Read(within, out, take);
      out += take;
      offset += take;
      n -= take;
      ++i;
    }
  }

 private:
  std::vector<ByteSourcePtr> parts_;
  std::vector<uint64_t> starts_;
  uint64_t size_ = 0;
};

}  // namespace

ByteSourcePtr GeneratedBytes(uint64_t seed, uint64_t size, ByteStyle style) {
  return std::make_shared<Generated>(seed, size, style);
}

ByteSourcePtr EditedBytes(ByteSourcePtr base, uint64_t seed, uint64_t size, ByteStyle style,
                          uint32_t change_period) {
  return std::make_shared<Edited>(std::move(base), seed, size, style, change_period);
}

ByteSourcePtr LiteralBytes(std::string bytes) { return std::make_shared<Literal>(std::move(bytes)); }

ByteSourcePtr Base64Lines(ByteSourcePtr inner) { return std::make_shared<Base64>(std::move(inner)); }

ByteSourcePtr ConcatBytes(std::vector<ByteSourcePtr> parts) {
  // Empty parts would make the offset search ambiguous; they add nothing.
  std::erase_if(parts, [](const ByteSourcePtr& p) { return p->size() == 0; });
  return std::make_shared<Concat>(std::move(parts));
}

std::string ReadAll(const ByteSource& source) {
  std::string out(source.size(), '\0');
  source.Read(0, out.data(), out.size());
  return out;
}

std::string Sha256HexOf(const ByteSource& source) {
  ark::Hasher hasher(ark::DigestAlgorithm::kSha256);
  std::string buffer(1 << 20, '\0');
  for (uint64_t offset = 0; offset < source.size(); offset += buffer.size()) {
    size_t n = std::min<uint64_t>(buffer.size(), source.size() - offset);
    source.Read(offset, buffer.data(), n);
    hasher.Update(std::string_view(buffer.data(), n));
  }
  return ark::HexEncode(hasher.Finish());
}

}  // namespace m365sim::content
