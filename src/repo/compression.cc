// zstd with per-thread contexts: context creation costs more than compressing a mail message.
#include "repo/compression.h"

#include <zstd.h>

#include <charconv>
#include <cstdint>
#include <memory>

namespace ark::repo {
namespace {

struct CCtxDeleter {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct DCtxDeleter {
  void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); }
};

}  // namespace

bool CompressTo(std::string_view data, int level, std::string& out) {
  if (level <= 0 || data.size() < 64) return false;
  thread_local std::unique_ptr<ZSTD_CCtx, CCtxDeleter> ctx(ZSTD_createCCtx());
  size_t start = out.size();
  // Only a result smaller than the input is kept, so the output never needs the full bound.
  size_t capacity = data.size() - 1;
  out.resize(start + capacity);
  ZSTD_CCtx_reset(ctx.get(), ZSTD_reset_session_only);
  ZSTD_CCtx_setParameter(ctx.get(), ZSTD_c_compressionLevel, level);
  ZSTD_CCtx_setParameter(ctx.get(), ZSTD_c_checksumFlag, 0);
  ZSTD_CCtx_setPledgedSrcSize(ctx.get(), data.size());
  size_t n = ZSTD_compress2(ctx.get(), out.data() + start, capacity, data.data(), data.size());
  if (ZSTD_isError(n) || n >= data.size()) {
    out.resize(start);
    return false;
  }
  out.resize(start + n);
  return true;
}

Result<std::string> Decompress(std::string_view frame, size_t expected_size) {
  unsigned long long declared = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (declared == ZSTD_CONTENTSIZE_ERROR) return DataLoss("compressed data is not a zstd frame");
  if (expected_size == SIZE_MAX) {
    if (declared == ZSTD_CONTENTSIZE_UNKNOWN || declared > (1ull << 32)) {
      return DataLoss("compressed data does not state a plausible size");
    }
    expected_size = static_cast<size_t>(declared);
  } else if (declared != ZSTD_CONTENTSIZE_UNKNOWN && declared != expected_size) {
    return DataLoss("compressed data has size " + std::to_string(declared) + ", expected " +
                    std::to_string(expected_size));
  }
  thread_local std::unique_ptr<ZSTD_DCtx, DCtxDeleter> ctx(ZSTD_createDCtx());
  std::string out(expected_size, '\0');
  size_t n = ZSTD_decompressDCtx(ctx.get(), out.data(), out.size(), frame.data(), frame.size());
  if (ZSTD_isError(n)) return DataLoss(std::string("cannot decompress: ") + ZSTD_getErrorName(n));
  if (n != expected_size) return DataLoss("decompressed size differs from the recorded size");
  return out;
}

Result<int> ParseCompressionLevel(std::string_view text) {
  if (text == "off") return 0;
  if (text == "fastest") return 1;
  if (text == "default" || text == "auto") return 3;
  if (text == "max") return 19;
  int level = -1;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), level);
  if (ec != std::errc() || ptr != text.data() + text.size() || level < 0 || level > 19) {
    return InvalidArgument("compression \"" + std::string(text) +
                           "\" is not valid; expected off, fastest, default, max or a level 0-19");
  }
  return level;
}

}  // namespace ark::repo
