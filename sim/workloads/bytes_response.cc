// BytesResponse: Range parsing and a producer over a ByteSource.
#include "workloads/bytes_response.h"

#include <charconv>
#include <memory>
#include <optional>

namespace m365sim::workloads {
namespace {

std::optional<uint64_t> Number(std::string_view text) {
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

}  // namespace

http::Response BytesResponse(const http::Request& request, content::ByteSourcePtr bytes,
                             std::string_view content_type, bool honour_range) {
  uint64_t size = bytes->size();
  uint64_t first = 0;
  uint64_t last = size == 0 ? 0 : size - 1;
  http::Response response;
  response.status = 200;
  std::string_view range = request.headers.Get("Range");
  if (honour_range && range.rfind("bytes=", 0) == 0 && range.find(',') == std::string_view::npos) {
    std::string_view spec = range.substr(6);
    size_t dash = spec.find('-');
    std::optional<uint64_t> a = dash == std::string_view::npos ? std::nullopt : Number(spec.substr(0, dash));
    std::optional<uint64_t> b = dash == std::string_view::npos ? std::nullopt : Number(spec.substr(dash + 1));
    bool ok = true;
    if (a && b) {
      first = *a;
      last = std::min(*b, size == 0 ? 0 : size - 1);
      ok = *a <= *b && *a < size;
    } else if (a) {
      first = *a;
      ok = *a < size;
    } else if (b) {
      first = *b >= size ? 0 : size - *b;
      ok = *b > 0 && size > 0;
    } else {
      ok = false;
    }
    if (!ok) {
      response.status = 416;
      response.headers.Set("Content-Range", "bytes */" + std::to_string(size));
      return response;
    }
    response.status = 206;
    response.headers.Set("Content-Range",
                         "bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" + std::to_string(size));
  }
  response.headers.Set("Content-Type", content_type);
  if (honour_range) response.headers.Set("Accept-Ranges", "bytes");
  uint64_t length = size == 0 ? 0 : last - first + 1;
  response.content_length = length;
  auto offset = std::make_shared<uint64_t>(first);
  uint64_t end = first + length;
  response.producer = [bytes, offset, end](char* buffer, size_t capacity) -> std::optional<size_t> {
    size_t n = static_cast<size_t>(std::min<uint64_t>(capacity, end - *offset));
    if (n > 0) bytes->Read(*offset, buffer, n);
    *offset += n;
    return n;
  };
  return response;
}

}  // namespace m365sim::workloads
