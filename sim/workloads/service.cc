// Service: content generation at start, the Call wrapper, permission and throttling helpers.
#include "workloads/service.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <utility>

#include "common/text.h"
#include "content/ids.h"
#include "core/encoding.h"
#include "core/random.h"
#include "graphapi/auth.h"
#include "graphapi/errors.h"
#include "workloads/fault_middleware.h"
#include "workloads/routes.h"
#include "workloads/upload_sessions.h"

namespace m365sim::workloads {
namespace {

// Shared mailboxes are user objects without licences or sign-in; Entra lists
// them in /users. The directory generator does not make them, so they are
// added here, from the seed, before content is generated.
void AddSharedMailboxUsers(tenant::Tenant& t) {
  int members = 0;
  for (const auto& u : t.users) members += u.purpose == "member";
  int count = std::max(1, members / 25);
  std::string domain = t.organization.InitialDomain();
  for (int i = 0; i < count; ++i) {
    tenant::User u;
    std::string local = i == 0 ? "support" : "shared" + std::to_string(i);
    u.id = content::GuidFrom(t.seed, "shared-mailbox/" + std::to_string(i));
    u.user_principal_name = local;
    u.user_principal_name.append("@").append(domain);
    u.mail = u.user_principal_name;
    u.mail_nickname = local;
    u.display_name = i == 0 ? "Support" : "Shared Mailbox " + std::to_string(i);
    u.account_enabled = false;
    u.licensed = false;
    u.created = t.organization.created;
    u.purpose = "shared-mailbox";
    t.users.push_back(std::move(u));
  }
}

content::DirectoryInput DirectoryOf(const tenant::Tenant& t) {
  content::DirectoryInput d;
  d.seed = t.seed;
  d.tenant_id = t.organization.id;
  d.domain = t.organization.InitialDomain();
  d.sharepoint_host = d.domain.substr(0, d.domain.find('.')) + ".sharepoint.com";
  std::unordered_map<std::string, uint32_t> index;
  for (const auto& u : t.users) {
    content::Person p;
    p.id = u.id;
    p.upn = u.user_principal_name;
    p.display_name = u.display_name;
    p.mail = u.mail.empty() ? u.user_principal_name : u.mail;
    p.licensed = u.licensed && u.purpose != "shared-mailbox";
    index[u.id] = static_cast<uint32_t>(d.people.size());
    if (u.purpose == "shared-mailbox") d.shared_mailboxes.push_back(static_cast<uint32_t>(d.people.size()));
    d.people.push_back(std::move(p));
  }
  for (const auto& g : t.groups) {
    content::Group cg;
    cg.id = g.id;
    cg.display_name = g.display_name;
    cg.mail_nickname = g.mail_nickname;
    cg.mail = g.mail;
    cg.unified = std::find(g.group_types.begin(), g.group_types.end(), "Unified") != g.group_types.end();
    cg.team = g.has_team;
    for (const auto& m : g.member_ids) {
      if (auto it = index.find(m); it != index.end()) cg.members.push_back(it->second);
    }
    for (const auto& m : g.owner_ids) {
      if (auto it = index.find(m); it != index.end()) cg.owners.push_back(it->second);
    }
    d.groups.push_back(std::move(cg));
  }
  return d;
}

}  // namespace

Service::Service(Context& c, const WorkloadOptions& o, std::unique_ptr<content::Content> content,
                 uint32_t licensed)
    : ctx(c),
      options(o),
      store(std::move(content), c.options.state_dir + "/blobs"),
      throttler(o.limits, licensed, store.Read([](const content::Content& x) { return x.tenant_id; })),
      faults(c.options.seed),
      url_secret(ark::RandomBytes(32)),
      uploads(std::make_unique<UploadSessions>(*this)) {}

Service::~Service() = default;

content::Time Service::Now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(ctx.clock->Now().time_since_epoch()).count();
}

bool Call::ImmutableIds() const {
  std::string_view prefer = req.headers.Get("Prefer");
  return prefer.find("ImmutableId") != std::string_view::npos;
}

void AddRoute(http::Router& graph, Service& svc, std::string_view method, std::string_view pattern,
              CallHandler handler) {
  graph.Add(method, pattern,
            svc.ctx.graph_auth->Protect([&svc, handler = std::move(handler)](http::Request& r,
                                                                             const graphapi::Caller& caller) {
              Call call{r, caller, svc, nullptr, {}};
              http::Response response = handler(call);
              for (const auto& [k, v] : call.headers) {
                if (!response.headers.Has(k)) response.headers.Set(k, v);
              }
              if (call.lease && response.producer) {
                // Keep the concurrency slot until the last byte is produced.
                response.producer = [lease = call.lease, inner = std::move(response.producer)](
                                        char* buffer, size_t capacity) { return inner(buffer, capacity); };
              }
              return response;
            }));
}

throttle::Charge ChargeFor(const Call& call, throttle::Workload workload, std::string resource,
                           uint32_t cost) {
  throttle::Charge c;
  c.app_id = call.caller.app_id;
  if (!call.caller.app_only) c.user_id = call.caller.object_id;
  c.workload = workload;
  c.resource = std::move(resource);
  c.cost = cost;
  return c;
}

std::optional<http::Response> Admit(Call& call, const throttle::Charge& charge) {
  throttle::Decision d = call.svc.throttler.Admit(charge);
  call.svc.ctx.counters->Increment(d.allowed ? "graph/admitted" : "graph/throttled");
  if (d.allowed) {
    call.lease = std::move(d.lease);
    call.headers = std::move(d.headers);
    return std::nullopt;
  }
  http::Response response = graphapi::GraphError(call.req, 429, d.code, d.message);
  response.headers.Set("Retry-After", call.svc.throttler.RetryAfterValue(d.retry_after_s));
  for (const auto& [k, v] : d.headers) response.headers.Set(k, v);
  return response;
}

std::optional<http::Response> Require(Call& call, const std::vector<std::string_view>& roles,
                                      const std::vector<std::string_view>& scopes, std::string_view code,
                                      std::string_view message) {
  return graphapi::RequirePermission(call.req, call.caller, roles, scopes, code, message);
}

http::Response NotFound(Call& call, std::string_view code, std::string_view message) {
  return graphapi::GraphError(call.req, 404, code, message);
}

http::Response BadRequest(Call& call, std::string_view code, std::string_view message) {
  return graphapi::GraphError(call.req, 400, code, message);
}

std::unique_ptr<Service> Install(http::Router& graph, http::Router& files, Context& ctx,
                                 const WorkloadOptions& options) {
  auto started = std::chrono::steady_clock::now();
  ctx.store->Write([](tenant::Tenant& t) { AddSharedMailboxUsers(t); });
  content::DirectoryInput directory = ctx.store->Read([](const tenant::Tenant& t) { return DirectoryOf(t); });
  uint32_t licensed = 0;
  for (const auto& p : directory.people) licensed += p.licensed;
  content::ContentProfile profile = content::ProfileForUsers(licensed);
  if (options.max_file_size) profile.max_file_size = options.max_file_size;
  if (options.huge_file_size) profile.huge_file_size = options.huge_file_size;
  if (options.huge_files >= 0) profile.huge_files = static_cast<uint32_t>(options.huge_files);
  auto content = content::GenerateContent(directory, profile);
  auto svc = std::make_unique<Service>(ctx, options, std::move(content), licensed);
  graph.Use(FaultMiddleware(*svc, "graph"));
  files.Use(FaultMiddleware(*svc, "files"));
  RegisterAllRoutes(graph, files, *svc);
  spdlog::info("m365sim: content generated in {} ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                                                          std::chrono::steady_clock::now() - started)
                                                          .count());
  return svc;
}

}  // namespace m365sim::workloads
