// Names of the configuration enums and small helpers of the model types.
#include "org/model.h"

#include <array>
#include <utility>

namespace ark::org {
namespace {

template <typename E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return "unknown";
}

template <typename E, size_t N>
Result<E> Parse(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view text,
                std::string_view what) {
  std::string accepted;
  for (const auto& [e, name] : table) {
    if (name == text) return e;
    accepted += accepted.empty() ? "" : ", ";
    accepted += name;
  }
  return InvalidArgument("'" + std::string(text) + "' is not a " + std::string(what) +
                         "; expected one of: " + accepted);
}

constexpr std::array<std::pair<Service, std::string_view>, 4> kServiceNames{{
    {Service::kExchange, "exchange"},
    {Service::kSharePoint, "sharepoint"},
    {Service::kOneDrive, "onedrive"},
    {Service::kTeams, "teams"},
}};
constexpr std::array<std::pair<Workload, std::string_view>, 7> kWorkloadNames{{
    {Workload::kMail, "mail"},
    {Workload::kArchive, "archive"},
    {Workload::kCalendar, "calendar"},
    {Workload::kContacts, "contacts"},
    {Workload::kOneDrive, "onedrive"},
    {Workload::kSites, "sites"},
    {Workload::kTeams, "teams"},
}};
constexpr std::array<std::pair<AuthMode, std::string_view>, 3> kAuthModeNames{{
    {AuthMode::kBasic, "basic"},
    {AuthMode::kHybrid, "hybrid"},
    {AuthMode::kModern, "modern"},
}};
constexpr std::array<std::pair<ObjectKind, std::string_view>, 5> kObjectKindNames{{
    {ObjectKind::kUser, "user"},
    {ObjectKind::kGroup, "group"},
    {ObjectKind::kSite, "site"},
    {ObjectKind::kPersonalSite, "personal-site"},
    {ObjectKind::kTeam, "team"},
}};

template <typename E, size_t N>
Result<std::set<E>> ParseList(const std::array<std::pair<E, std::string_view>, N>& table,
                              std::string_view list, std::string_view what) {
  std::set<E> out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    std::string_view item = list.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) {
      ARK_ASSIGN_OR_RETURN(E e, Parse(table, item, what));
      out.insert(e);
    }
    start = comma + 1;
  }
  if (out.empty()) return InvalidArgument("the list of " + std::string(what) + "s is empty");
  return out;
}

}  // namespace

std::string_view ServiceName(Service s) { return NameOf(kServiceNames, s); }
std::string_view WorkloadName(Workload w) { return NameOf(kWorkloadNames, w); }
std::string_view AuthModeName(AuthMode m) { return NameOf(kAuthModeNames, m); }
std::string_view CredentialKindName(CredentialKind k) {
  return k == CredentialKind::kSecret ? "secret" : "certificate";
}
std::string_view ObjectKindName(ObjectKind k) { return NameOf(kObjectKindNames, k); }

Result<Service> ParseService(std::string_view name) { return Parse(kServiceNames, name, "service"); }
Result<Workload> ParseWorkload(std::string_view name) { return Parse(kWorkloadNames, name, "workload"); }
Result<AuthMode> ParseAuthMode(std::string_view name) {
  return Parse(kAuthModeNames, name, "authentication mode");
}
Result<ObjectKind> ParseObjectKind(std::string_view name) {
  return Parse(kObjectKindNames, name, "kind of object");
}
Result<ServiceSet> ParseServiceList(std::string_view list) {
  return ParseList(kServiceNames, list, "service");
}
Result<WorkloadSet> ParseWorkloadList(std::string_view list) {
  return ParseList(kWorkloadNames, list, "workload");
}

std::string JoinServices(const ServiceSet& services) {
  std::string out;
  for (Service s : services) {
    if (!out.empty()) out += ',';
    out += ServiceName(s);
  }
  return out;
}

std::string JoinWorkloads(const WorkloadSet& workloads) {
  std::string out;
  for (Workload w : workloads) {
    if (!out.empty()) out += ',';
    out += WorkloadName(w);
  }
  return out;
}

const CredentialProfile* Organization::Profile(std::string_view profile_name) const {
  for (const CredentialProfile& p : profiles) {
    if (p.name == profile_name) return &p;
  }
  return nullptr;
}

const CredentialProfile& Organization::ProfileFor(Service service) const {
  for (const CredentialProfile& p : profiles) {
    if (p.services.contains(service)) return p;
  }
  return profiles.front();
}

std::string Organization::EffectiveSignInAppId() const {
  if (!sign_in_app_id.empty()) return sign_in_app_id;
  return profiles.empty() ? std::string() : profiles.front().app.app_id;
}

std::string Organization::EffectiveRedirectUri() const {
  if (!redirect_uri.empty()) return redirect_uri;
  // Entra's page for native clients; it receives the code in its address.
  return endpoints.authority_host + "/common/oauth2/nativeclient";
}

bool BackupSet::Selects(ObjectKind kind) const {
  for (const SelectionRule& r : selection) {
    if (r.kind == kind && !r.exclude) return true;
  }
  return false;
}

}  // namespace ark::org
