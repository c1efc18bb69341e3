// Graph error bodies and the headers every Graph response carries.
#include "graphapi/errors.h"

#include <chrono>

#include "core/random.h"
#include "core/time.h"

namespace m365sim::graphapi {
namespace {

constexpr const char* kRequestIdParam = "__request-id";

// innerError.date is written without fraction or zone: "2023-02-20T05:06:48".
std::string InnerErrorDate() {
  std::string t = ark::FormatRfc3339(std::chrono::system_clock::now());
  if (!t.empty() && t.back() == 'Z') t.pop_back();
  return t;
}

}  // namespace

std::string RequestId(http::Request& request) {
  auto it = request.params.find(kRequestIdParam);
  if (it != request.params.end()) return it->second;
  std::string client(request.headers.Get("client-request-id"));
  std::string id = ark::IsUuid(client) ? client : ark::NewUuid();
  request.params[kRequestIdParam] = id;
  return id;
}

http::Response GraphError(http::Request& request, int status, std::string_view code,
                          std::string_view message) {
  std::string id = RequestId(request);
  std::string client(request.headers.Get("client-request-id"));
  nlohmann::ordered_json body = {{"error",
                                  {{"code", code},
                                   {"message", message},
                                   {"innerError",
                                    {{"date", InnerErrorDate()},
                                     {"request-id", id},
                                     {"client-request-id", client.empty() ? id : client}}}}}};
  http::Response r = http::Response::Text(status, body.dump(), kODataJson);
  return r;
}

http::Response GraphJson(http::Request& request, const nlohmann::json& body, int status) {
  (void)RequestId(request);
  return http::Response::Text(status, body.dump(), kODataJson);
}

http::Response GraphJson(http::Request& request, const nlohmann::ordered_json& body, int status) {
  (void)RequestId(request);
  return http::Response::Text(status, body.dump(), kODataJson);
}

http::Middleware StandardHeaders() {
  return [](http::Request& request, const http::Handler& next) {
    http::Response response = next(request);
    std::string id = RequestId(request);
    std::string client(request.headers.Get("client-request-id"));
    response.headers.Set("request-id", id);
    response.headers.Set("client-request-id", client.empty() ? id : client);
    response.headers.Set(
        "x-ms-ags-diagnostic",
        R"({"ServerInfo":{"DataCenter":"Local","Slice":"E","Ring":"5","ScaleUnit":"000","RoleInstance":"M365SIM"}})");
    response.headers.Set("Strict-Transport-Security", "max-age=31536000");
    if (response.headers.Get("Content-Type").starts_with("application/json")) {
      response.headers.Set("Content-Type", kODataJson);
      response.headers.Set("OData-Version", "4.0");
    }
    return response;
  };
}

}  // namespace m365sim::graphapi
