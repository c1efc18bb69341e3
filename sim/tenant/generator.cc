// GenerateTenant: organization, fixed test-case accounts, generated members, groups, apps and grants.
#include "tenant/generator.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <set>

#include "common/seeded_random.h"
#include "core/time.h"
#include "tenant/graph_permissions.h"
#include "tenant/ids.h"
#include "tenant/roles.h"

namespace m365sim::tenant {
namespace {

constexpr std::array<std::string_view, 16> kCompanies = {
    "Contoso",       "Fabrikam",         "Northwind", "Tailspin", "Woodgrove",     "Litware",
    "Proseware",     "Wingtip",          "Relecloud", "Lamna",    "Fourth Coffee", "Coho Winery",
    "Trey Research", "Alpine Ski House", "Adatum",    "VanArsdel"};
constexpr std::array<std::string_view, 40> kFirstNames = {
    "Adele",  "Alex",    "Allan",   "Christie", "Debra", "Diego",  "Emily", "Enrico", "Grady",  "Henrietta",
    "Irvin",  "Isaiah",  "Johanna", "Joni",     "Lee",   "Lidia",  "Lynne", "Megan",  "Miriam", "Nestor",
    "Patti",  "Pradeep", "Aiko",    "Bjorn",    "Chloé", "Dmitri", "Elif",  "Farah",  "Giulia", "Hiroshi",
    "Ingrid", "Jamal",   "Kenji",   "Leila",    "Mateo", "Noor",   "Oskar", "Priya",  "Rosa",   "Zoë"};
constexpr std::array<std::string_view, 40> kLastNames = {
    "Vance",   "Wilber",   "Deyoung", "Cline",  "Berger",    "Siciliani", "Braun",  "Varoli",
    "Archie",  "Gonzalez", "Bellows", "Patel",  "Lauer",     "Sherman",   "Gu",     "Holloway",
    "Robbins", "Bowen",    "Hunter",  "Kotz",   "Fernandez", "Gupta",     "Tanaka", "Lindqvist",
    "Moreau",  "Ivanov",   "Yilmaz",  "Haddad", "Rossi",     "Sato",      "Nilsen", "Okafor",
    "Mori",    "Rahimi",   "García",  "Aziz",   "Berg",      "Iyer",      "Silva",  "Müller"};
constexpr std::array<std::string_view, 10> kDepartments = {
    "Sales", "Marketing", "Finance", "Legal", "Engineering", "Support", "Operations", "HR", "Research", "IT"};
constexpr std::array<std::string_view, 8> kTitles = {"Manager",  "Analyst",   "Specialist", "Engineer",
                                                     "Director", "Associate", "Consultant", "Coordinator"};
constexpr std::array<std::string_view, 6> kCities = {"Redmond", "Seattle", "Austin",
                                                     "Boston",  "Chicago", "Denver"};
constexpr std::string_view kMicrosoftTenantId = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";

// Everything is dated relative to this fixed instant (2024-03-04T09:00:00Z).
Time Anchor() { return *ark::ParseRfc3339("2024-03-04T09:00:00Z"); }

std::string Slug(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c >= 'A' && c <= 'Z')
      out += static_cast<char>(c - 'A' + 'a');
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      out += c;
  }
  return out;
}

// ASCII-only form of a name for addresses ("Zoë" -> "zoe").
std::string AddressPart(std::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (c < 0x80) {
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) out += static_cast<char>(std::tolower(c));
      continue;
    }
    // Two-byte UTF-8 letters of Latin-1 (U+00C0..U+00FF), folded to their base letter.
    static constexpr std::string_view kLatin1 =
        "aaaaaaaceeeeiiiidnoooooxouuuuytsaaaaaaaceeeeiiiidnoooooxouuuuyty";
    if (c == 0xc3 && i + 1 < name.size()) {
      unsigned char d = static_cast<unsigned char>(name[++i]);
      if (d >= 0x80 && d <= 0xbf) out += kLatin1[d - 0x80];
    }
  }
  return out;
}

// A client secret in Entra's current shape: 3 characters, "8Q~", 34 characters.
std::string SecretText(SeededRandom r) {
  static constexpr std::string_view kChars =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.~";
  std::string out;
  for (int i = 0; i < 3; ++i) out += kChars[r.Below(62)];
  out += "8Q~";
  for (int i = 0; i < 34; ++i) out += kChars[r.Below(kChars.size())];
  return out;
}

// A password that satisfies Entra's complexity rules.
std::string Password(SeededRandom r) {
  static constexpr std::string_view kChars = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  std::string out;
  for (int i = 0; i < 12; ++i) out += kChars[r.Below(kChars.size())];
  return out + "#" + std::to_string(r.Between(10, 99)) + "a";
}

std::string Phone(SeededRandom r) { return "+1 425 555 0" + std::to_string(r.Between(100, 199)); }

class Generator {
 public:
  explicit Generator(const GeneratorOptions& options) : options_(options), root_(options.seed) {}

  Tenant Run() {
    t_.seed = options_.seed;
    MakeOrganization();
    MakeGraphServicePrincipal();
    MakeFixedAccounts();
    MakeMembers();
    MakeDirectoryRoles();
    MakeGroups();
    MakeApps();
    return std::move(t_);
  }

 private:
  SeededRandom R(std::string_view label) const { return root_.Derive(label); }
  std::string Guid(std::string_view label) const { return SeededGuid(R(label)); }
  Time Date(std::string_view label, int max_days) const {
    return Anchor() + std::chrono::hours(24 * R(label).Between(0, max_days)) +
           std::chrono::seconds(R(std::string(label) + "/s").Between(0, 86399));
  }

  void MakeOrganization() {
    SeededRandom r = R("organization");
    std::string_view company = r.Pick(kCompanies);
    slug_ = Slug(company) + std::to_string(r.Between(100, 999));
    auto& o = t_.organization;
    o.id = Guid("organization/id");
    o.display_name = std::string(company);
    o.domains = {{slug_ + ".onmicrosoft.com", true, true, "Managed"},
                 {slug_ + ".com", false, false, "Managed"},
                 {"adfs." + slug_ + ".com", false, false, "Federated"}};
    o.city = std::string(r.Pick(kCities));
    o.street = std::to_string(r.Between(1, 9999)) + " Main Street";
    o.postal_code = std::to_string(r.Between(10000, 99999));
    o.state = "WA";
    o.created = Anchor() - std::chrono::hours(24 * 400);
  }

  void MakeGraphServicePrincipal() {
    ServicePrincipal sp;
    sp.id = Guid("sp/microsoft-graph");
    sp.app_id = std::string(kGraphAppId);
    sp.display_name = "Microsoft Graph";
    sp.app_owner_organization_id = std::string(kMicrosoftTenantId);
    sp.service_principal_names = {std::string(kGraphAppId), "https://graph.microsoft.com",
                                  "https://graph.microsoft.com/", "https://canary.graph.microsoft.com"};
    sp.created = t_.organization.created;
    for (const auto& p : GraphApplicationPermissions()) {
      sp.app_roles.push_back({std::string(p.id),
                              std::string(p.value),
                              std::string(p.display_name),
                              std::string(p.description),
                              {"Application"},
                              true});
    }
    for (const auto& p : GraphDelegatedPermissions()) {
      PermissionScope s;
      s.id = p.id;
      s.value = p.value;
      s.admin_consent_display_name = p.display_name;
      s.admin_consent_description = p.description;
      s.user_consent_display_name = p.display_name;
      s.user_consent_description = p.description;
      s.type = p.admin_consent_required ? "Admin" : "User";
      sp.oauth2_permission_scopes.push_back(std::move(s));
    }
    t_.service_principals.push_back(std::move(sp));
  }

  User MakeUser(std::string_view label, std::string_view local_part, std::string_view domain,
                std::string_view first, std::string_view last) {
    SeededRandom r = R(std::string("user/") + std::string(label));
    User u;
    u.id = Guid(std::string("user/") + std::string(label) + "/id");
    u.given_name = std::string(first);
    u.surname = std::string(last);
    u.display_name = u.given_name + " " + u.surname;
    u.user_principal_name = std::string(local_part) + "@" + std::string(domain);
    u.mail = u.user_principal_name;
    u.mail_nickname = std::string(local_part);
    u.department = std::string(r.Pick(kDepartments));
    u.job_title = std::string(r.Pick(kTitles));
    u.office_location = std::to_string(r.Between(1, 40)) + "/" + std::to_string(r.Between(1000, 3999));
    u.business_phones = {Phone(r.Derive("business"))};
    u.mobile_phone = Phone(r.Derive("mobile"));
    u.created = Date(std::string("user/") + std::string(label) + "/created", 300);
    u.password = Password(r.Derive("password"));
    u.mfa_phone = u.mobile_phone;
    return u;
  }

  void MakeFixedAccounts() {
    const std::string initial = slug_ + ".onmicrosoft.com";
    const std::string federated = "adfs." + slug_ + ".com";
    struct Fixed {
      std::string_view purpose, local, first, last;
      std::string_view role;
      MfaState mfa;
      bool federated, cloud_validation, enabled;
    };
    const Fixed fixed[] = {
        {"global-admin", "admin", "MOD", "Administrator", kGlobalAdministrator, MfaState::kNone, false, false,
         true},
        {"global-admin-mfa", "secadmin", "Security", "Administrator", kGlobalAdministrator,
         MfaState::kEnabled, false, false, true},
        {"privileged-role-admin", "roleadmin", "Role", "Administrator", kPrivilegedRoleAdministrator,
         MfaState::kNone, false, false, true},
        {"exchange-admin", "exchangeadmin", "Exchange", "Administrator", kExchangeAdministrator,
         MfaState::kNone, false, false, true},
        {"sharepoint-admin", "sharepointadmin", "SharePoint", "Administrator", kSharePointAdministrator,
         MfaState::kNone, false, false, true},
        {"teams-admin", "teamsadmin", "Teams", "Administrator", kTeamsAdministrator, MfaState::kNone, false,
         false, true},
        {"user", "", "", "", "", MfaState::kNone, false, false, true},
        {"user-mfa", "", "", "", "", MfaState::kEnabled, false, false, true},
        {"user-mfa-registration-required", "", "", "", "", MfaState::kRegistrationRequired, false, false,
         true},
        {"federated", "", "", "", "", MfaState::kNone, true, false, true},
        {"federated-adfs-no-mfa", "", "", "", "", MfaState::kNone, true, true, true},
        {"federated-adfs-mfa", "", "", "", "", MfaState::kEnabled, true, true, true},
        {"disabled", "", "", "", "", MfaState::kNone, false, false, false},
    };
    for (const Fixed& f : fixed) {
      SeededRandom r = R(std::string("fixed/") + std::string(f.purpose));
      std::string first(f.first.empty() ? r.Pick(kFirstNames) : f.first);
      std::string last(f.last.empty() ? r.Pick(kLastNames) : f.last);
      std::string local(f.local.empty() ? AddressPart(first) + "." + AddressPart(last)
                                        : std::string(f.local));
      local = Unique(local);
      User u = MakeUser(std::string("fixed/") + std::string(f.purpose), local,
                        f.federated ? federated : initial, first, last);
      u.purpose = std::string(f.purpose);
      u.mfa = f.mfa;
      u.federated = f.federated;
      u.cloud_password_validation = f.cloud_validation;
      u.account_enabled = f.enabled;
      if (!f.role.empty()) {
        u.role_template_ids.emplace_back(f.role);
        u.department = "IT";
        u.job_title = "Administrator";
      }
      t_.users.push_back(std::move(u));
    }
  }

  void MakeMembers() {
    const std::string domain = slug_ + ".com";
    for (int i = 0; i < options_.users; ++i) {
      std::string label = "member/" + std::to_string(i);
      SeededRandom r = R(label);
      std::string first(r.Pick(kFirstNames)), last(r.Pick(kLastNames));
      std::string local = Unique(AddressPart(first) + "." + AddressPart(last));
      User u = MakeUser(label, local, domain, first, last);
      u.purpose = "member";
      t_.users.push_back(std::move(u));
    }
  }

  // Makes address local parts unique: "adele.vance", "adele.vance2", ...
  std::string Unique(const std::string& local) {
    std::string candidate = local;
    for (int n = 2; !used_.insert(candidate).second; ++n) candidate = local + std::to_string(n);
    return candidate;
  }

  void MakeDirectoryRoles() {
    for (const auto& role : DirectoryRoleTemplates()) {
      bool held = std::any_of(t_.users.begin(), t_.users.end(), [&](const User& u) {
        return std::find(u.role_template_ids.begin(), u.role_template_ids.end(), role.id) !=
               u.role_template_ids.end();
      });
      if (!held) continue;
      t_.directory_roles.push_back({Guid("role/" + std::string(role.id)), std::string(role.id),
                                    std::string(role.display_name), std::string(role.description)});
    }
  }

  void MakeGroups() {
    std::vector<std::string> member_ids;
    for (const auto& u : t_.users) {
      if (u.account_enabled) member_ids.push_back(u.id);
    }
    Group all;
    all.id = Guid("group/all-company");
    all.display_name = "All Company";
    all.description = "This is the default group for everyone in the network";
    all.mail_nickname = "allcompany";
    all.mail = "allcompany@" + slug_ + ".com";
    all.mail_enabled = true;
    all.security_enabled = false;
    all.group_types = {"Unified"};
    all.visibility = "Public";
    all.has_team = true;
    all.created = t_.organization.created;
    all.member_ids = member_ids;
    all.owner_ids = {t_.users.front().id};
    t_.groups.push_back(std::move(all));

    int count = std::max(2, options_.users / 5);
    for (int i = 0; i < count; ++i) {
      std::string label = "group/" + std::to_string(i);
      SeededRandom r = R(label);
      std::string department(kDepartments[static_cast<size_t>(i) % kDepartments.size()]);
      Group g;
      g.id = Guid(label + "/id");
      int kind = i % 3;  // 0: team, 1: Microsoft 365 group, 2: security group
      std::string suffix = i < static_cast<int>(kDepartments.size()) ? "" : " " + std::to_string(i + 1);
      g.display_name = department;
      g.display_name.append(kind == 2 ? " Security" : " Team").append(suffix);
      g.mail_nickname = Slug(g.display_name);
      g.description = "Members of " + g.display_name;
      g.created = Date(label + "/created", 300);
      if (kind != 2) {
        g.group_types = {"Unified"};
        g.mail_enabled = true;
        g.security_enabled = false;
        g.mail = g.mail_nickname + "@" + slug_ + ".com";
        g.visibility = r.Chance(0.7) ? "Public" : "Private";
        g.has_team = kind == 0;
      }
      size_t members = std::min<size_t>(member_ids.size(), static_cast<size_t>(r.Between(2, 12)));
      std::set<size_t> picked;
      while (picked.size() < members) picked.insert(r.Below(member_ids.size()));
      for (size_t idx : picked) g.member_ids.push_back(member_ids[idx]);
      g.owner_ids = {g.member_ids.front()};
      t_.groups.push_back(std::move(g));
    }
  }

  Application& AddApp(std::string_view name) {
    std::string label = "app/" + std::string(name);
    Application a;
    a.id = Guid(label + "/object-id");
    a.app_id = Guid(label + "/app-id");
    a.display_name = std::string(name);
    a.purpose = std::string(name);
    a.created = Date(label + "/created", 200);
    t_.applications.push_back(std::move(a));

    const Application& app = t_.applications.back();
    ServicePrincipal sp;
    sp.id = Guid(label + "/sp-id");
    sp.app_id = app.app_id;
    sp.display_name = app.display_name;
    sp.app_owner_organization_id = t_.organization.id;
    sp.service_principal_names = {app.app_id};
    sp.created = app.created;
    t_.service_principals.push_back(std::move(sp));
    return t_.applications.back();
  }

  void AddSecret(Application& app, std::string_view label, Time start, Time end) {
    std::string l = "app/" + app.display_name + "/secret/" + std::string(label);
    PasswordCredential c;
    c.key_id = Guid(l + "/key-id");
    c.display_name = std::string(label);
    c.secret_text = SecretText(R(l + "/text"));
    c.hint = c.secret_text.substr(0, 3);
    c.start = start;
    c.end = end;
    app.password_credentials.push_back(std::move(c));
  }

  void Require(Application& app, const std::vector<std::string_view>& roles,
               const std::vector<std::string_view>& scopes) {
    for (auto r : roles) {
      if (const auto* p = FindGraphApplicationPermission(r)) {
        app.required_resource_access.push_back({std::string(kGraphAppId), std::string(p->id), "Role"});
      }
    }
    for (auto s : scopes) {
      if (const auto* p = FindGraphDelegatedPermission(s)) {
        app.required_resource_access.push_back({std::string(kGraphAppId), std::string(p->id), "Scope"});
      }
    }
  }

  void GrantRoles(const Application& app, const std::vector<std::string_view>& roles) {
    const ServicePrincipal* sp = t_.FindServicePrincipalByAppId(app.app_id);
    const ServicePrincipal* graph = t_.GraphServicePrincipal();
    for (auto r : roles) {
      const auto* p = FindGraphApplicationPermission(r);
      if (p == nullptr) continue;
      std::string label = "assignment/" + app.display_name + "/" + std::string(p->value);
      AppRoleAssignment a;
      a.id = SeededBase64UrlId(R(label), 32);
      a.app_role_id = std::string(p->id);
      a.principal_id = sp->id;
      a.principal_display_name = sp->display_name;
      a.resource_id = graph->id;
      a.resource_display_name = graph->display_name;
      a.created = app.created + std::chrono::hours(1);
      t_.app_role_assignments.push_back(std::move(a));
    }
  }

  void GrantScopes(const Application& app, std::string_view scopes) {
    OAuth2PermissionGrant g;
    g.id = SeededBase64UrlId(R("grant/" + app.display_name), 32);
    g.client_id = t_.FindServicePrincipalByAppId(app.app_id)->id;
    g.consent_type = "AllPrincipals";
    g.resource_id = t_.GraphServicePrincipal()->id;
    g.scope = std::string(scopes);
    t_.oauth2_permission_grants.push_back(std::move(g));
  }

  void MakeApps() {
    const Time far_future = *ark::ParseRfc3339("2099-12-31T00:00:00Z");
    const std::vector<std::string_view> delegated = {"User.Read", "offline_access", "openid", "profile"};
    const std::vector<std::string_view> admin_delegated = {"User.Read",
                                                           "offline_access",
                                                           "openid",
                                                           "profile",
                                                           "AppRoleAssignment.ReadWrite.All",
                                                           "Application.Read.All",
                                                           "Directory.Read.All"};
    const std::vector<std::string_view> user_data = {"Mail.ReadWrite", "Calendars.ReadWrite",
                                                     "Contacts.ReadWrite", "Files.ReadWrite.All",
                                                     "Sites.ReadWrite.All"};

    {
      Application& app = AddApp(kAppBackup);
      app.web_redirect_uris = {"http://localhost", std::string(kNativeClientRedirectUri)};
      AddSecret(app, "ark365", app.created, far_future);
      std::vector<std::string_view> scopes = admin_delegated;
      scopes.insert(scopes.end(), user_data.begin(), user_data.end());
      Require(app, BackupAndRestoreApplicationPermissions(), scopes);
      GrantRoles(app, BackupAndRestoreApplicationPermissions());
      GrantScopes(app, "User.Read offline_access openid profile");
    }
    {
      Application& app = AddApp(kAppUnconsented);
      app.web_redirect_uris = {"http://localhost"};
      AddSecret(app, "ark365", app.created, far_future);
      Require(app, BackupAndRestoreApplicationPermissions(), delegated);
    }
    {
      Application& app = AddApp(kAppExpiredSecret);
      AddSecret(app, "expired", app.created, app.created + std::chrono::hours(24 * 180));
      Require(app, BackupOnlyApplicationPermissions(), {});
      GrantRoles(app, BackupOnlyApplicationPermissions());
    }
    {
      Application& app = AddApp(kAppCertificateOnly);
      Require(app, BackupOnlyApplicationPermissions(), {});
      GrantRoles(app, BackupOnlyApplicationPermissions());
    }
    {
      Application& app = AddApp(kAppPublicClient);
      app.is_fallback_public_client = true;
      app.public_client_redirect_uris = {std::string(kNativeClientRedirectUri), "http://localhost"};
      std::vector<std::string_view> scopes = admin_delegated;
      scopes.insert(scopes.end(), user_data.begin(), user_data.end());
      Require(app, {}, scopes);
      GrantScopes(app, "User.Read offline_access openid profile");
    }
  }

  GeneratorOptions options_;
  SeededRandom root_;
  Tenant t_;
  std::string slug_;
  std::set<std::string> used_;
};

}  // namespace

ark::Result<int> ParseTenantSize(std::string_view text) {
  if (text == "tiny") return 3;
  if (text == "small") return 25;
  if (text == "medium") return 250;
  if (text == "large") return 2500;
  int n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < 0 || n > 1000000) {
    return ark::InvalidArgument("tenant size '" + std::string(text) +
                                "' is not tiny, small, medium, large or a number of users (0 to 1000000)");
  }
  return n;
}

Tenant GenerateTenant(const GeneratorOptions& options) { return Generator(options).Run(); }

}  // namespace m365sim::tenant
