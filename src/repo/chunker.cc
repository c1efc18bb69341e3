// FastCDC: gear fingerprint over the high bits, a strict mask before the average size and a loose one after.
#include "repo/chunker.h"

#include <bit>
#include <cstring>
#include <string>

#include "repo/crypto.h"

namespace ark::repo {
namespace {

// The `bits` highest bits of a word: in a gear fingerprint the high bits depend
// on the last 64 bytes, the low bits on only the last few.
uint64_t HighMask(int bits) { return bits <= 0 ? 0 : ~0ull << (64 - bits); }

}  // namespace

Status ChunkerParams::Validate() const {
  if (min_size < (64u << 10) || min_size >= avg_size || avg_size >= max_size || max_size > (64u << 20) ||
      !std::has_single_bit(avg_size)) {
    return InvalidArgument(
        "chunker sizes must satisfy 64 KiB <= min < avg < max <= 64 MiB with avg a power of two");
  }
  return Status::Ok();
}

GearTable MakeGearTable(std::string_view chunker_key) {
  GearTable table{};
  for (int b = 0; b < 256; ++b) {
    std::string msg = "gear";
    msg.push_back(static_cast<char>(b));
    std::string mac = HmacSha256(chunker_key, msg);
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(mac[static_cast<size_t>(i)]);
    table[static_cast<size_t>(b)] = v;
  }
  return table;
}

Chunker::Chunker(const ChunkerParams& params, const GearTable& gear) : params_(params), gear_(gear) {
  int bits = std::countr_zero(params.avg_size);
  mask_small_ = HighMask(bits + 2);
  mask_large_ = HighMask(bits - 2);
}

size_t Chunker::Scan(std::string_view chunk) {
  const auto* p = reinterpret_cast<const uint8_t*>(chunk.data());
  size_t end = std::min<size_t>(chunk.size(), params_.max_size);
  size_t i = std::max<size_t>(scanned_, params_.min_size);
  uint64_t fp = fp_;
  size_t normal = std::min<size_t>(end, params_.avg_size);
  for (; i < normal; ++i) {
    fp = (fp << 1) + gear_[p[i]];
    if ((fp & mask_small_) == 0) return i + 1;
  }
  for (; i < end; ++i) {
    fp = (fp << 1) + gear_[p[i]];
    if ((fp & mask_large_) == 0) return i + 1;
  }
  if (end == params_.max_size) return end;
  scanned_ = std::max(scanned_, end);
  fp_ = fp;
  return 0;
}

}  // namespace ark::repo
