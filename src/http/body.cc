// StringSource: a request body read out of a string view.
#include "http/body.h"

#include <algorithm>
#include <cstring>

namespace ark::http {

Result<size_t> StringSource::Read(std::span<char> buffer) {
  size_t n = std::min(buffer.size(), data_.size() - offset_);
  std::memcpy(buffer.data(), data_.data() + offset_, n);
  offset_ += n;
  return n;
}

}  // namespace ark::http
