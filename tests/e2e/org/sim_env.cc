// m365sim for the organization scenarios, its admin API, a scripted browser and recorded ark365 runs (see
// sim_env.h).
#include "org/sim_env.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "core/encoding.h"
#include "core/file.h"

namespace ark::testing {
namespace {

std::string Unescape(std::string s) {
  const std::pair<const char*, const char*> entities[] = {
      {"&quot;", "\""}, {"&#39;", "'"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}};
  for (const auto& [from, to] : entities) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + 1)) {
      s.replace(at, std::strlen(from), to);
    }
  }
  return s;
}

// The attribute `name` of the tag starting at `tag_start`.
std::optional<std::string> Attribute(const std::string& html, size_t tag_start, const std::string& name) {
  size_t end = html.find('>', tag_start);
  std::string tag = html.substr(tag_start, end - tag_start);
  std::string key = " " + name + "=\"";
  size_t at = tag.find(key);
  if (at == std::string::npos) return std::nullopt;
  size_t close = tag.find('"', at + key.size());
  return Unescape(tag.substr(at + key.size(), close - at - key.size()));
}

struct Form {
  std::string action;
  std::map<std::string, std::string> hidden;
};

std::optional<Form> FindForm(const std::string& html, const std::string& id) {
  size_t start = html.find("<form id=\"" + id + "\"");
  if (start == std::string::npos) return std::nullopt;
  size_t end = html.find("</form>", start);
  Form f;
  f.action = Attribute(html, start, "action").value_or("");
  for (size_t at = html.find("<input", start); at != std::string::npos && at < end;
       at = html.find("<input", at + 1)) {
    if (Attribute(html, at, "type") != "hidden") continue;
    f.hidden[Attribute(html, at, "name").value_or("")] = Attribute(html, at, "value").value_or("");
  }
  return f;
}

std::string Origin(const std::string& url) {
  size_t scheme = url.find("://");
  size_t slash = url.find('/', scheme + 3);
  return slash == std::string::npos ? url : url.substr(0, slash);
}

std::string Resolve(const std::string& base, const std::string& target) {
  if (target.find("://") != std::string::npos) return target;
  if (!target.empty() && target[0] == '/') return Origin(base) + target;
  return base.substr(0, base.rfind('/') + 1) + target;
}

std::string FormBody(const std::map<std::string, std::string>& fields) {
  std::string body;
  for (const auto& [k, v] : fields)
    body += (body.empty() ? "" : "&") + PercentEncode(k) + "=" + PercentEncode(v);
  return body;
}

// Starts m365sim on `state` and waits for its endpoints.json.
std::unique_ptr<BackgroundProcess> StartSim(const std::string& state, const std::string& tenant_size = "tiny",
                                            const std::vector<std::string>& extra_args = {}) {
  std::vector<std::string> args{M365SIM_BIN,
                                "serve",
                                "--state",
                                state,
                                "--seed",
                                "7",
                                "--tenant-size",
                                tenant_size,
                                "--device-code-interval",
                                "1"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  auto process = std::make_unique<BackgroundProcess>(args);
  std::string file = state + "/endpoints.json";
  bool ready = WaitUntil(
      [&] {
        struct stat st {};
        return ::stat(file.c_str(), &st) == 0 || !process->running();
      },
      std::chrono::seconds(60));
  if (!ready || !process->running()) {
    Result<std::string> log = ReadFile(process->log_path());
    throw std::runtime_error("m365sim did not start: " + log.value_or("(no log)"));
  }
  return process;
}

// The emulator's keys and certificates take seconds to generate; every test
// starts from a copy of one generated state (made once per m365sim build,
// under a lock, so parallel tests wait for the first).
void CopyTemplateState(const std::string& state) {
  namespace fs = std::filesystem;
  const std::string templ = SIM_TEMPLATE_DIR;
  const std::string marker = templ + "/.made-by-this-build";
  int lock = ::open((templ + ".lock").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
  if (lock < 0 || ::flock(lock, LOCK_EX) != 0) throw std::runtime_error("cannot lock " + templ);
  std::error_code ec;
  bool fresh =
      fs::exists(marker, ec) && fs::last_write_time(marker, ec) > fs::last_write_time(M365SIM_BIN, ec);
  if (!fresh) {
    fs::remove_all(templ, ec);
    StartSim(templ)->Stop(SIGTERM);
    std::ofstream(marker) << "m365sim state generated for the organization tests\n";
  }
  fs::copy(templ, state, fs::copy_options::recursive, ec);
  ::close(lock);
  if (ec) throw std::runtime_error("cannot copy the emulator's state: " + ec.message());
}

}  // namespace

SimEnv::SimEnv(std::string tenant_size, std::vector<std::string> extra_args) {
  std::string state = dir_.path() + "/state";
  CopyTemplateState(state);
  process_ = StartSim(state, tenant_size, extra_args);
  std::string file = state + "/endpoints.json";
  Result<std::string> text = ReadFile(file);
  if (!text.ok()) throw std::runtime_error(text.status().ToString());
  endpoints_ = nlohmann::json::parse(*text);
  http::HttpOptions options;
  options.ca_file = ca_file();
  Result<std::unique_ptr<http::HttpClient>> client = http::HttpClient::Create(options);
  if (!client.ok()) throw std::runtime_error(client.status().ToString());
  http_ = std::move(*client);
}

SimEnv::~SimEnv() {
  if (process_) process_->Stop(SIGTERM);
}

const nlohmann::json& SimEnv::App(const std::string& which) const {
  for (const auto& a : endpoints_["apps"]) {
    if (a.value("case", "") == which || a.value("name", "") == which) return a;
  }
  throw std::runtime_error("the emulator has no app '" + which + "'");
}

const nlohmann::json& SimEnv::Account(const std::string& which) const {
  for (const auto& a : endpoints_["accounts"]) {
    if (a.value("case", "") == which) return a;
  }
  throw std::runtime_error("the emulator has no account '" + which + "'");
}

nlohmann::json SimEnv::Admin(const std::string& method, const std::string& path, const nlohmann::json* body) {
  http::HttpRequest request;
  request.method = method;
  request.url = endpoints_["sim_api"].get<std::string>() + path;
  request.headers.Set("Authorization", "Bearer " + endpoints_["sim_token"].get<std::string>());
  std::string payload = body ? body->dump() : std::string();
  if (body) {
    request.body = payload;
    request.headers.Set("Content-Type", "application/json");
  }
  Result<http::HttpResponse> r = http_->Send(request);
  if (!r.ok()) throw std::runtime_error("admin API " + path + ": " + r.status().ToString());
  if (!r->ok())
    throw std::runtime_error("admin API " + path + ": HTTP " + std::to_string(r->status) + " " + r->body);
  return r->body.empty() ? nlohmann::json::object() : nlohmann::json::parse(r->body);
}

std::vector<std::string> SimEnv::GrantedAppPermissions(const std::string& app_id) {
  // Microsoft Graph's app role ids of the permissions the tests look for
  // (the same in every tenant; published in Graph's permissions reference).
  static const std::map<std::string, std::string> kNames = {
      {"810c84a8-4a9e-49e6-bf7d-12d183f40d01", "Mail.Read"},
      {"01d4889c-1287-42c6-ac1f-5d1e02578ef6", "Files.Read.All"},
      {"332a536c-c7ef-4017-ab91-336970924f0d", "Sites.Read.All"},
      {"7b2449af-6ccd-4f4d-9f78-e550c193f0d1", "ChannelMessage.Read.All"},
      {"df021288-bdef-4463-88db-98f22de89214", "User.Read.All"},
  };
  nlohmann::json tenant = Admin("GET", "/tenant");
  std::string sp_id;
  for (const auto& sp : tenant["servicePrincipals"]) {
    if (sp.value("appId", "") == app_id) sp_id = sp.value("id", "");
  }
  std::vector<std::string> out;
  for (const auto& a : tenant["appRoleAssignments"]) {
    if (a.value("principalId", "") != sp_id) continue;
    auto name = kNames.find(a.value("appRoleId", ""));
    out.push_back(name != kNames.end() ? name->second : a.value("appRoleId", ""));
  }
  return out;
}

std::vector<std::string> SimEnv::KnownSecrets() const {
  std::vector<std::string> out;
  for (const auto& a : endpoints_["apps"]) {
    for (const char* key : {"client_secret", "pfx_password"}) {
      if (a.contains(key)) out.push_back(a[key]);
    }
    if (a.contains("private_key_pem")) {
      // A line from the middle of the key: any copy of the key contains it.
      Result<std::string> pem = ReadFile(a["private_key_pem"]);
      std::istringstream lines(pem.value_or(""));
      std::vector<std::string> body;
      for (std::string line; std::getline(lines, line);) {
        if (line.size() == 64) body.push_back(line);
      }
      if (!body.empty()) out.push_back(body[body.size() / 2]);
    }
  }
  // Shared mailboxes have no password (no one signs in as them).
  for (const auto& a : endpoints_["accounts"]) {
    if (!a.value("password", std::string()).empty()) out.push_back(a["password"]);
  }
  return out;
}

Result<http::HttpResponse> Browser::Fetch(const std::string& method, const std::string& url,
                                          const std::string& form, std::string& current_url) {
  http::HttpRequest request;
  request.method = method;
  request.url = url;
  if (method == "POST") {
    request.body = form;
    request.headers.Set("Content-Type", "application/x-www-form-urlencoded");
  }
  current_url = url;
  for (int hop = 0; hop < 10; ++hop) {
    ARK_ASSIGN_OR_RETURN(http::HttpResponse r, sim_.http().Send(request));
    if (r.status < 300 || r.status >= 400 || !r.headers.Has("Location")) return r;
    current_url = Resolve(current_url, r.headers.GetOr("Location"));
    request = http::HttpRequest{};
    request.url = current_url;
  }
  return Internal("too many redirects from " + url);
}

Result<Browser::Outcome> Browser::SignIn(const std::string& url, const std::string& upn,
                                         const std::string& password, bool consent_org) {
  return Walk(url, upn, password, consent_org, "");
}

Result<Browser::Outcome> Browser::DeviceLogin(const std::string& url, const std::string& user_code,
                                              const std::string& upn, const std::string& password,
                                              bool consent_org) {
  return Walk(url, upn, password, consent_org, user_code);
}

Result<Browser::Outcome> Browser::Walk(const std::string& url, const std::string& upn,
                                       const std::string& password, bool consent_org,
                                       const std::string& user_code) {
  Outcome outcome;
  std::string current;
  ARK_ASSIGN_OR_RETURN(http::HttpResponse page, Fetch("GET", url, "", current));
  for (int step = 0; step < 10; ++step) {
    const std::string& html = page.body;
    std::map<std::string, std::string> fields;
    std::optional<Form> form;
    if (!user_code.empty() && (form = FindForm(html, "devicecode"))) {
      fields = {{"otc", user_code}};
    } else if ((form = FindForm(html, "signin"))) {
      fields = {{"loginfmt", upn}, {"passwd", password}};
    } else if ((form = FindForm(html, "mfa"))) {
      // What the phone would show.
      nlohmann::json pending = sim_.Admin("GET", "/accounts/" + PercentEncode(upn) + "/mfa");
      fields = {{"otc", pending.value("code", "")}};
      outcome.answered_mfa = true;
    } else if ((form = FindForm(html, "consent"))) {
      fields = {{"decision", "accept"}};
      outcome.consented = true;
      if (consent_org) fields["consent_org"] = "on";
    } else if (ElementText(html, "done")) {
      outcome.page_url = current;
      outcome.last_page = html;
      return outcome;
    } else if (std::optional<std::string> code = ElementText(html, "code")) {
      outcome.code = *code;
      outcome.page_url = current;
      outcome.last_page = html;
      return outcome;
    } else {
      return FailedPrecondition("unexpected page at " + current + " (HTTP " + std::to_string(page.status) +
                                "): " + ElementText(html, "error").value_or(html.substr(0, 2000)));
    }
    for (const auto& [k, v] : form->hidden) fields.emplace(k, v);
    ARK_ASSIGN_OR_RETURN(page, Fetch("POST", Resolve(current, form->action), FormBody(fields), current));
  }
  return FailedPrecondition("the sign-in did not end on a code page; last page: " +
                            page.body.substr(0, 2000));
}

Ark::Ark(SimEnv* sim) : sim_(sim), home_(dir_.path() + "/home"), log_(dir_.path() + "/ark365.log") {}

ProcessResult Ark::Run(std::vector<std::string> args, const std::string& stdin_data) {
  args.insert(args.begin(), {ARK365_BIN, "--log-file", log_, "--log-level", "debug"});
  ProcessOptions o;
  o.env["ARK365_HOME"] = home_;
  o.stdin_data = stdin_data;
  o.unset_env = {"ARK365_MASTER_PASSPHRASE"};
  ProcessResult r = RunProcess(args, o);
  output_ += r.out + r.err;
  return r;
}

std::shared_ptr<InteractiveProcess> Ark::Start(std::vector<std::string> args) {
  args.insert(args.begin(), {ARK365_BIN, "--log-file", log_, "--log-level", "debug"});
  InteractiveProcess::Options o;
  o.env["ARK365_HOME"] = home_;
  auto p = std::make_shared<InteractiveProcess>(args, o);
  started_.push_back(p);
  return p;
}

std::string Ark::AllOutput() const {
  std::string all = output_;
  for (const auto& p : started_) all += p->Output();
  return all;
}

std::string Ark::SecretFile(const std::string& name, const std::string& content) {
  std::string path = dir_.path() + "/" + name;
  if (!WriteFileAtomic(path, content, 0600).ok()) throw std::runtime_error("cannot write " + path);
  return path;
}

std::vector<std::string> Ark::CloudFlags() const {
  return {"--authority-host", sim_->authority_host(), "--graph-base", sim_->graph_base(),
          "--ca-file",        sim_->ca_file()};
}

ProcessResult AddOrganization(Ark& ark, SimEnv& sim, const std::string& name, const std::string& app_case,
                              const std::vector<std::string>& extra) {
  const nlohmann::json& app = sim.App(app_case);
  std::vector<std::string> args = {"org",
                                   "add",
                                   name,
                                   "--tenant",
                                   sim.tenant_id(),
                                   "--app-id",
                                   app["client_id"],
                                   "--app-secret-file",
                                   ark.SecretFile(name + ".secret", app["client_secret"].get<std::string>())};
  for (const std::string& f : ark.CloudFlags()) args.push_back(f);
  args.insert(args.end(), extra.begin(), extra.end());
  return ark.Run(args);
}

std::string FileText(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) throw std::runtime_error(text.status().ToString());
  return *text;
}

std::string ReadTree(const std::string& dir) {
  std::string all;
  std::error_code ec;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, ec)) {
    if (!entry.is_regular_file()) continue;
    all += ReadFile(entry.path().string()).value_or("");
  }
  return all;
}

std::optional<std::string> ElementText(const std::string& html, const std::string& id) {
  size_t at = html.find("id=\"" + id + "\"");
  if (at == std::string::npos) return std::nullopt;
  size_t start = html.find('>', at);
  size_t end = html.find('<', start);
  if (start == std::string::npos || end == std::string::npos) return std::nullopt;
  return Unescape(html.substr(start + 1, end - start - 1));
}

}  // namespace ark::testing
