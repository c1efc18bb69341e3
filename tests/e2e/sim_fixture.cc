// Sim: starting m365sim for a test, reading endpoints.json, calling /_sim/v1.
#include "e2e/sim_fixture.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

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

// Key generation (CA, server, token signing and app certificates) dominates a
// fresh emulator's start-up. The emulator reuses what its state directory
// holds, so the first test process makes a template once (under a lock, for
// parallel ctest) and every emulator starts from a copy of it.
void PrepareStateFrom(const std::string& state) {
  const std::string tmpl = SIM_STATE_TEMPLATE;
  std::filesystem::create_directories(tmpl);
  int lock = ::open((tmpl + ".lock").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
  ::flock(lock, LOCK_EX);
  // The template belongs to one build of the emulator: a rebuilt one makes its own.
  std::string stamp =
      std::to_string(std::filesystem::last_write_time(M365SIM_BIN).time_since_epoch().count());
  if (Slurp(tmpl + "/READY") != stamp) {
    std::error_code ec;
    std::filesystem::remove_all(tmpl, ec);
    std::filesystem::create_directories(tmpl);
    BackgroundProcess sim({M365SIM_BIN, "serve", "--state", tmpl, "--tenant-size", "tiny"});
    bool ready =
        WaitUntil([&] { return std::filesystem::exists(tmpl + "/endpoints.json") || !sim.running(); },
                  std::chrono::seconds(120));
    sim.Stop(SIGTERM);
    if (ready) std::ofstream(tmpl + "/READY") << stamp;
  }
  for (const char* part : {"tls", "signing", "apps"}) {
    std::error_code ec;
    std::filesystem::copy(tmpl + "/" + part, state + "/" + part, std::filesystem::copy_options::recursive,
                          ec);
  }
  ::flock(lock, LOCK_UN);
  ::close(lock);
}

}  // namespace

Sim::Sim(std::vector<std::string> args) {
  PrepareStateFrom(state_.path());
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
