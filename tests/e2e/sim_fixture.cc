// Sim: starting m365sim for a test, reading endpoints.json, calling /_sim/v1.
#include "e2e/sim_fixture.h"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ark::testing {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

Sim::Sim(std::vector<std::string> args) {
  std::vector<std::string> argv = {M365SIM_BIN, "serve", "--state", state_.path()};
  // Defaults for tests, unless the caller gives its own.
  for (const auto& [flag, value] : {std::pair{"--seed", "7"}, {"--tenant-size", "tiny"}}) {
    if (std::find(args.begin(), args.end(), flag) == args.end()) argv.insert(argv.end(), {flag, value});
  }
  argv.insert(argv.end(), args.begin(), args.end());
  process_ = std::make_unique<BackgroundProcess>(argv);
  std::string file = state_.File("endpoints.json");
  bool ready = WaitUntil([&] { return std::filesystem::exists(file) || !process_->running(); },
                         std::chrono::seconds(60));
  if (!ready || !std::filesystem::exists(file)) {
    std::fprintf(stderr, "m365sim did not become ready; its log:\n%s\n", Slurp(process_->log_path()).c_str());
    std::abort();
  }
  endpoints_ = nlohmann::json::parse(Slurp(file));
  http_ = std::move(http::HttpClient::Create(http_options()).value());
}

Sim::~Sim() { process_->Stop(SIGTERM); }

http::HttpOptions Sim::http_options() const {
  http::HttpOptions o;
  o.ca_file = ca_file();
  o.stall_timeout = std::chrono::seconds(10);
  return o;
}

const nlohmann::json& Sim::App(const std::string& name) const {
  for (const auto& a : endpoints_.at("apps")) {
    if (a.value("case", "") == name || a.value("name", "") == name) return a;
  }
  std::fprintf(stderr, "endpoints.json has no app '%s'\n", name.c_str());
  std::abort();
}

const nlohmann::json& Sim::Account(const std::string& case_name) const {
  for (const auto& a : endpoints_.at("accounts")) {
    if (a.value("case", "") == case_name) return a;
  }
  std::fprintf(stderr, "endpoints.json has no account case '%s'\n", case_name.c_str());
  std::abort();
}

Result<nlohmann::json> Sim::Admin(const std::string& method, const std::string& path,
                                  const nlohmann::json& body) {
  http::HttpRequest request;
  request.method = method;
  request.url = Get("sim_api") + path;
  request.headers.Set("Authorization", "Bearer " + Get("sim_token"));
  std::string text = body.is_null() ? "" : body.dump();
  if (!body.is_null()) {
    request.body = text;
    request.headers.Set("Content-Type", "application/json");
  }
  ARK_ASSIGN_OR_RETURN(http::HttpResponse response, http_->Send(request));
  if (!response.ok()) {
    return FailedPrecondition("admin " + method + " " + path + " -> " + std::to_string(response.status) +
                              ": " + response.body);
  }
  if (response.body.empty()) return nlohmann::json::object();
  return nlohmann::json::parse(response.body, nullptr, false);
}

}  // namespace ark::testing
