// Responses whose body is a ByteSource: streamed, with Range support (206) where the service has it.
#pragma once

#include <string_view>

#include "content/byte_source.h"
#include "http/request.h"
#include "http/response.h"

namespace m365sim::workloads {

// 200 with the whole content, or, when `honour_range` and the request has a
// single "Range: bytes=a-b" (or "a-" or "-n"), 206 with Content-Range; an
// unsatisfiable range is 416. The body is produced piece by piece.
http::Response BytesResponse(const http::Request& request, content::ByteSourcePtr bytes,
                             std::string_view content_type, bool honour_range);

}  // namespace m365sim::workloads
