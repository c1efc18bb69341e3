// Test support for the client's end-to-end tests: a real m365sim, started and read through endpoints.json.
//
// Everything the tests know about the emulator comes from endpoints.json
// (hosts, CA file, apps, accounts) and its /_sim/v1 admin API; the client
// under test gets the same hosts and CA as configuration, like any tenant.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/status.h"
#include "http/http_client.h"
#include "support/subprocess.h"

namespace ark::testing {

class Sim {
 public:
  // Starts `m365sim serve` in a fresh state directory (seed 7 and a tiny
  // tenant unless `args` say otherwise) with `args` added and
  // waits (bounded) until it writes endpoints.json. Aborts the test binary
  // with the emulator's log if it does not come up.
  explicit Sim(std::vector<std::string> args = {});
  ~Sim();

  const nlohmann::json& endpoints() const { return endpoints_; }
  std::string Get(const char* key) const { return endpoints_.at(key).get<std::string>(); }
  std::string tenant_id() const { return Get("tenant_id"); }
  std::string authority_host() const { return Get("authority_host"); }
  std::string graph_base() const { return Get("graph_base"); }
  std::string ca_file() const { return Get("ca_file"); }
  // The app or account whose "case" (or name) is `name`.
  const nlohmann::json& App(const std::string& name) const;
  const nlohmann::json& Account(const std::string& case_name) const;

  // HTTP trusting the emulator's CA.
  http::HttpClient& http() { return *http_; }
  http::HttpOptions http_options() const;

  // The admin API: `path` below /_sim/v1 ("/clock"); `body` as JSON unless null.
  Result<nlohmann::json> Admin(const std::string& method, const std::string& path,
                               const nlohmann::json& body = nullptr);

  const std::string& log_path() const { return process_->log_path(); }

 private:
  TempDir state_;
  std::unique_ptr<BackgroundProcess> process_;
  nlohmann::json endpoints_;
  std::unique_ptr<http::HttpClient> http_;
};

}  // namespace ark::testing
