// Emulator: the startup sequence and the endpoints.json file.
#include "serve/emulator.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <thread>

#include "admin/routes.h"
#include "core/encoding.h"
#include "core/file.h"
#include "core/random.h"
#include "directory/routes.h"
#include "graphapi/errors.h"
#include "http/server.h"
#include "identity/routes.h"
#include "identity/state.h"
#include "serve/app_credentials.h"
#include "tenant/generator.h"
#include "tenant/roles.h"
#include "tenant/serialize.h"
#include "tls/certificate_store.h"
#include "workloads/service.h"

namespace m365sim {
namespace {

nlohmann::ordered_json AccountsJson(const tenant::Tenant& t) {
  nlohmann::ordered_json accounts = nlohmann::ordered_json::array();
  for (const auto& u : t.users) {
    if (u.purpose == "member") continue;
    nlohmann::ordered_json roles = nlohmann::ordered_json::array();
    for (const auto& id : u.role_template_ids) {
      const auto* r = tenant::FindDirectoryRoleTemplate(id);
      roles.push_back(r ? std::string(r->display_name) : id);
    }
    accounts.push_back(
        {{"upn", u.user_principal_name},
         {"password", u.password},
         {"roles", roles},
         {"mfa", u.mfa != tenant::MfaState::kNone},
         {"mfa_state", u.mfa == tenant::MfaState::kEnabled                ? "enabled"
                       : u.mfa == tenant::MfaState::kRegistrationRequired ? "registration-required"
                                                                          : "none"},
         {"federated", u.federated},
         {"enabled", u.account_enabled},
         {"case", u.purpose},
         {"id", u.id},
         {"display_name", u.display_name}});
  }
  return accounts;
}

nlohmann::ordered_json AppsJson(const tenant::Tenant& t, const Endpoints& endpoints,
                                const std::map<std::string, AppCredentialFiles>& files) {
  nlohmann::ordered_json apps = nlohmann::ordered_json::array();
  const std::string native = endpoints.authority_host + "/common/oauth2/nativeclient";
  for (const auto& a : t.applications) {
    nlohmann::ordered_json app = {{"name", a.display_name}, {"client_id", a.app_id}};
    for (const auto& s : a.password_credentials) {
      app["client_secret"] = s.secret_text;
      app["client_secret_expires"] = tenant::FormatTime(s.end);
    }
    if (auto it = files.find(a.display_name); it != files.end()) {
      app["certificate_pem"] = it->second.certificate_pem;
      app["private_key_pem"] = it->second.private_key_pem;
      app["certificate_thumbprint_sha1"] = it->second.thumbprint_sha1_hex;
      app["certificate_thumbprint_sha256"] = it->second.thumbprint_sha256_hex;
      if (!it->second.pfx.empty()) {
        app["pfx"] = it->second.pfx;
        app["pfx_password"] = it->second.pfx_password;
      }
    }
    nlohmann::ordered_json redirects = nlohmann::ordered_json::array();
    for (const auto* list : {&a.web_redirect_uris, &a.public_client_redirect_uris}) {
      for (const auto& uri : *list) {
        redirects.push_back(uri == tenant::kNativeClientRedirectUri ? native : uri);
      }
    }
    if (!redirects.empty()) app["redirect_uri"] = redirects.front();
    app["redirect_uris"] = redirects;
    app["public_client"] = a.is_fallback_public_client;
    const auto* sp = t.FindServicePrincipalByAppId(a.app_id);
    app["service_principal_id"] = sp ? sp->id : "";
    app["application_permissions"] = sp ? t.GrantedGraphAppRoles(sp->id) : std::vector<std::string>{};
    app["case"] = a.purpose;
    apps.push_back(std::move(app));
  }
  return apps;
}

}  // namespace

struct Emulator::Impl {
  Context context;
  std::unique_ptr<tenant::TenantStore> store;
  tenant::SimClock clock;
  std::unique_ptr<tokens::TokenSigner> signer;
  std::unique_ptr<graphapi::GraphAuth> graph_auth;
  RequestCounters counters;
  identity::IdentityState identity;
  http::Router login_router, graph_router, files_router;
  std::unique_ptr<workloads::Service> workloads;  // part 2: content, throttling, faults
  std::unique_ptr<http::HttpsServer> server;
  std::map<std::string, AppCredentialFiles> app_files;
  std::string ca_file;
  std::string endpoints_file;
};

Emulator::Emulator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Emulator::~Emulator() { Stop(); }

const Context& Emulator::context() const { return impl_->context; }
std::string Emulator::EndpointsFile() const { return impl_->endpoints_file; }

ark::Result<std::unique_ptr<Emulator>> Emulator::Start(const ServeOptions& options) {
  auto impl = std::make_unique<Impl>();
  const std::string state = std::filesystem::absolute(options.state_dir).lexically_normal().string();
  ARK_RETURN_IF_ERROR(ark::EnsureDirectory(state, 0700));
  impl->endpoints_file = state + "/endpoints.json";
  std::error_code ec;
  std::filesystem::remove(impl->endpoints_file, ec);  // a stale file must not look like readiness

  ARK_ASSIGN_OR_RETURN(tls::ServerTls server_tls, tls::EnsureServerTls(state));
  impl->ca_file = server_tls.ca_file;
  ARK_ASSIGN_OR_RETURN(tls::KeyPair signing, tls::EnsureSelfSignedPair(state + "/signing", "token-signing",
                                                                       "accounts.m365sim.local", 730));
  impl->signer = std::make_unique<tokens::TokenSigner>(signing.certificate, signing.key);

  tenant::Tenant t = tenant::GenerateTenant({options.seed, options.users});
  ARK_ASSIGN_OR_RETURN(impl->app_files, ProvisionAppCertificates(state, t));
  std::string tenant_id = t.organization.id;
  impl->store = std::make_unique<tenant::TenantStore>(std::move(t));
  impl->graph_auth = std::make_unique<graphapi::GraphAuth>(*impl->signer, impl->clock, tenant_id);

  Context& ctx = impl->context;
  ctx.options = options;
  ctx.options.state_dir = state;
  ctx.store = impl->store.get();
  ctx.clock = &impl->clock;
  ctx.signer = impl->signer.get();
  ctx.graph_auth = impl->graph_auth.get();
  ctx.counters = &impl->counters;
  ctx.identity = &impl->identity;
  ctx.sim_token = ark::Base64UrlEncode(ark::RandomBytes(24));

  impl->graph_router.Use(graphapi::StandardHeaders());
  identity::RegisterRoutes(impl->login_router, ctx);
  directory::RegisterRoutes(impl->graph_router, ctx);
  admin::RegisterRoutes(impl->graph_router, ctx);
  impl->workloads = workloads::Install(impl->graph_router, impl->files_router, ctx, options.workloads);

  http::ServerOptions server_options;
  server_options.certificate_chain_pem = server_tls.chain_pem;
  server_options.private_key_pem = server_tls.key_pem;
  server_options.threads = options.threads > 0
                               ? options.threads
                               : static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
  std::vector<http::ListenerConfig> listeners = {
      {"login", options.listen_host, options.login_port, &impl->login_router},
      {"graph", options.listen_host, options.graph_port, &impl->graph_router},
      {"files", options.listen_host, options.files_port, &impl->files_router},
  };
  ARK_ASSIGN_OR_RETURN(impl->server, http::HttpsServer::Start(server_options, listeners));

  // localhost for login and Graph, the IP address for files: two authorities,
  // so that clients drop Authorization on redirects to download URLs.
  bool loopback = options.listen_host == "127.0.0.1";
  std::string named_host = loopback ? "localhost" : options.listen_host;
  std::string files_host = loopback ? "127.0.0.1" : options.listen_host;
  if (files_host.find(':') != std::string::npos) files_host = "[" + files_host + "]";
  if (named_host.find(':') != std::string::npos) named_host = "[" + named_host + "]";
  ctx.endpoints.authority_host = "https://" + named_host + ":" + std::to_string(impl->server->port("login"));
  ctx.endpoints.graph_host = "https://" + named_host + ":" + std::to_string(impl->server->port("graph"));
  ctx.endpoints.files_base = "https://" + files_host + ":" + std::to_string(impl->server->port("files"));

  nlohmann::ordered_json j = impl->store->Read([&](const tenant::Tenant& tenant) {
    nlohmann::ordered_json out;
    out["tenant_id"] = tenant.organization.id;
    out["tenant_domain"] = tenant.organization.InitialDomain();
    out["authority_host"] = ctx.endpoints.authority_host;
    out["authority"] = ctx.endpoints.authority_host + "/" + tenant.organization.id;
    out["graph_base"] = ctx.endpoints.graph_host + "/v1.0";
    out["files_base"] = ctx.endpoints.files_base;
    out["sim_api"] = ctx.endpoints.graph_host + "/_sim/v1";
    out["sim_token"] = ctx.sim_token;
    out["ca_file"] = impl->ca_file;
    out["seed"] = tenant.seed;
    out["apps"] = AppsJson(tenant, ctx.endpoints, impl->app_files);
    out["accounts"] = AccountsJson(tenant);
    return out;
  });
  ARK_RETURN_IF_ERROR(ark::WriteFileAtomic(impl->endpoints_file, j.dump(2) + "\n", 0600));
  spdlog::info("m365sim: ready; login {}, graph {}, files {}; {}", ctx.endpoints.authority_host,
               ctx.endpoints.graph_host, ctx.endpoints.files_base, impl->endpoints_file);
  return std::unique_ptr<Emulator>(new Emulator(std::move(impl)));
}

void Emulator::Stop() {
  if (!impl_ || !impl_->server) return;
  impl_->server->Stop();
  impl_->server.reset();
  std::error_code ec;
  std::filesystem::remove(impl_->endpoints_file, ec);
}

}  // namespace m365sim
