// Test support for the organization scenarios: m365sim, its admin API, a person's browser, and ark365 runs.
//
// Each test starts its own emulator (a tiny tenant from a fixed seed), so
// tests never share state. `Browser` signs in through the emulator's real
// HTML pages as a person would: it reads the forms, types the account and
// password, asks /_sim/v1 for the MFA code the phone would show, accepts the
// consent, and copies the authorization code from the last page. `Ark` runs
// the real ark365 with its own state directory and keeps every byte it
// printed, so a test can prove that no secret ever appears.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "http/http_client.h"
#include "org/interactive_process.h"
#include "support/subprocess.h"

namespace ark::testing {

class SimEnv {
 public:
  // `tenant_size` and `extra_args` are passed to `m365sim serve` (the organization tests use "tiny").
  explicit SimEnv(std::string tenant_size = "tiny", std::vector<std::string> extra_args = {});
  ~SimEnv();
  SimEnv(const SimEnv&) = delete;
  SimEnv& operator=(const SimEnv&) = delete;

  const nlohmann::json& endpoints() const { return endpoints_; }
  std::string authority_host() const { return endpoints_["authority_host"]; }
  std::string graph_base() const { return endpoints_["graph_base"]; }
  std::string ca_file() const { return endpoints_["ca_file"]; }
  std::string tenant_id() const { return endpoints_["tenant_id"]; }
  std::string tenant_domain() const { return endpoints_["tenant_domain"]; }

  // The generated app or account whose "case" is `which` (e.g. "ark365-backup", "global-admin").
  const nlohmann::json& App(const std::string& which) const;
  const nlohmann::json& Account(const std::string& which) const;

  // A call to /_sim/v1 (path after it, e.g. "/accounts/x/mfa").
  nlohmann::json Admin(const std::string& method, const std::string& path,
                       const nlohmann::json* body = nullptr);
  // Application permissions granted to an app, as the emulator's ground truth
  // has them (by name for the few the tests look for, by app role id otherwise).
  std::vector<std::string> GrantedAppPermissions(const std::string& app_id);

  http::HttpClient& http() { return *http_; }
  // Every secret of the emulator's tenant this test may have handed to ark365.
  std::vector<std::string> KnownSecrets() const;

 private:
  TempDir dir_;
  std::unique_ptr<BackgroundProcess> process_;
  nlohmann::json endpoints_;
  std::unique_ptr<http::HttpClient> http_;
};

// A person at a browser, on the emulator's sign-in pages.
class Browser {
 public:
  explicit Browser(SimEnv& sim) : sim_(sim) {}
  struct Outcome {
    std::string code;       // as shown on the "copy this code" page
    std::string page_url;   // the address of that page (what a person may paste instead)
    std::string last_page;  // HTML of the last page seen, for diagnostics
    bool answered_mfa = false;
    bool consented = false;
  };
  // Opens `url`, signs in as `upn`, types the MFA code when asked, accepts
  // the consent (for the organization when `consent_org`), and returns what
  // the last page shows.
  Result<Outcome> SignIn(const std::string& url, const std::string& upn, const std::string& password,
                         bool consent_org = true);
  // The device-code page: enters `user_code`, then signs in as above; ends on "you have signed in".
  Result<Outcome> DeviceLogin(const std::string& url, const std::string& user_code, const std::string& upn,
                              const std::string& password, bool consent_org = false);

 private:
  Result<Outcome> Walk(const std::string& url, const std::string& upn, const std::string& password,
                       bool consent_org, const std::string& user_code);
  Result<http::HttpResponse> Fetch(const std::string& method, const std::string& url, const std::string& form,
                                   std::string& current_url);
  SimEnv& sim_;
};

// ark365 with a private state directory, and everything it printed.
class Ark {
 public:
  explicit Ark(SimEnv* sim);
  ProcessResult Run(std::vector<std::string> args, const std::string& stdin_data = "");
  // Started like Run(), for a dialogue; its output is kept by AllOutput() too.
  std::shared_ptr<InteractiveProcess> Start(std::vector<std::string> args);
  // Writes a file (for --app-secret-file and friends) with mode 0600.
  std::string SecretFile(const std::string& name, const std::string& content);
  // The flags that point an organization at the emulator.
  std::vector<std::string> CloudFlags() const;
  const std::string& home() const { return home_; }
  const std::string& log_file() const { return log_; }
  // Everything printed by every run and started process so far.
  std::string AllOutput() const;

 private:
  SimEnv* sim_;
  TempDir dir_;
  std::string home_;
  std::string log_;
  std::string output_;
  std::vector<std::shared_ptr<InteractiveProcess>> started_;
};

// `ark365 org add NAME` for the emulator's tenant with the application
// `app_case` and its secret, plus `extra` flags.
ProcessResult AddOrganization(Ark& ark, SimEnv& sim, const std::string& name, const std::string& app_case,
                              const std::vector<std::string>& extra = {});
// The same with ark365-backup, the application with every permission granted.
inline ProcessResult AddBackupOrganization(Ark& ark, SimEnv& sim, const std::string& name,
                                           const std::vector<std::string>& extra = {}) {
  return AddOrganization(ark, sim, name, "ark365-backup", extra);
}

// The content of a file the emulator wrote (certificates, keys); throws when unreadable.
std::string FileText(const std::string& path);

// Bytes of every file under `dir` (the state directory), for secret greps.
std::string ReadTree(const std::string& dir);

// The text of element `id` in `html`, e.g. the code of <code id="code">...</code>.
std::optional<std::string> ElementText(const std::string& html, const std::string& id);

}  // namespace ark::testing
