// ClassifyRequest: URL path segments -> workload, scope key and resource-unit cost.
#include "graph/throttle_scope.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "core/encoding.h"

namespace ark::graph {
namespace {

struct Segment {
  std::string name;  // lower case
  std::string id;    // from "name('id')" addressing, else empty
};

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Path segments after the version ("v1.0", "beta"), decoded and lower-cased.
std::vector<Segment> PathSegments(std::string_view url, std::string_view* query) {
  size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) {
    size_t path = url.find('/', scheme + 3);
    url = path == std::string_view::npos ? std::string_view() : url.substr(path);
  }
  size_t q = url.find('?');
  *query = q == std::string_view::npos ? std::string_view() : url.substr(q + 1);
  url = url.substr(0, q);
  std::vector<Segment> out;
  bool skipped_version = false;
  size_t pos = 0;
  while (pos <= url.size()) {
    size_t slash = url.find('/', pos);
    std::string_view raw =
        url.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos);
    pos = slash == std::string_view::npos ? url.size() + 1 : slash + 1;
    if (raw.empty()) continue;
    std::string text = Lower(PercentDecode(raw, false).value_or(std::string(raw)));
    if (!skipped_version && out.empty() && (text == "v1.0" || text == "beta")) {
      skipped_version = true;
      continue;
    }
    Segment s;
    size_t paren = text.find('(');
    if (paren != std::string::npos && text.back() == ')') {
      s.name = text.substr(0, paren);
      s.id = text.substr(paren + 1, text.size() - paren - 2);
      if (s.id.size() >= 2 && s.id.front() == '\'' && s.id.back() == '\'')
        s.id = s.id.substr(1, s.id.size() - 2);
    } else {
      s.name = text;
    }
    out.push_back(std::move(s));
  }
  return out;
}

bool OneOf(const std::string& s, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), s) != names.end();
}

bool IsOutlookSegment(const std::string& s) {
  return OneOf(s, {"messages", "mailfolders", "contacts", "contactfolders", "events", "calendar", "calendars",
                   "calendarview", "calendargroups", "mailboxsettings", "inferenceclassification", "outlook",
                   "todo", "sendmail"});
}

bool IsFilesSegment(const std::string& s) { return OneOf(s, {"drive", "drives"}); }

// SharePoint's resource units (graph-protocol.md §3.4): 1 single item, delta
// with a token, download; 2 collections, delta without token, writes; 5 permissions.
double SharePointCost(std::string_view method, const std::vector<Segment>& segs, std::string_view query) {
  std::string q = Lower(query);
  for (const Segment& s : segs) {
    if (s.name == "permissions") return 5;
  }
  if (q.find("permissions") != std::string::npos && q.find("expand") != std::string::npos) return 5;
  if (method != "GET" && method != "HEAD") return 2;
  const std::string& last = segs.empty() ? std::string() : segs.back().name;
  if (last == "content" || last == "$value") return 1;
  for (const Segment& s : segs) {
    if (s.name == "delta" || s.name.starts_with("delta")) {
      bool with_token =
          q.find("token=") != std::string::npos || !s.id.empty() || s.name.find("token") != std::string::npos;
      return with_token ? 1 : 2;
    }
  }
  if (OneOf(last, {"children", "items", "lists", "drives", "versions", "sites", "columns", "getallsites"}) ||
      q.find("search=") != std::string::npos) {
    return 2;
  }
  return 1;
}

// Identity and access resource units (graph-protocol.md §3.6), simplified:
// collections cost 2 (1 with $select), members 3, transitive members 5, items 1.
double DirectoryCost(const std::vector<Segment>& segs, std::string_view query) {
  const std::string& last = segs.back().name;
  if (last == "transitivemembers" || last == "transitivememberof") return 5;
  if (last == "members" || last == "memberof" || last == "owners") return 3;
  bool collection =
      segs.size() == 1 || last == "delta" || last == "approleassignments" || last == "approleassignedto";
  if (!collection) return 1;
  return Lower(query).find("$select=") != std::string::npos ? 1 : 2;
}

}  // namespace

std::string_view WorkloadName(Workload w) {
  switch (w) {
    case Workload::kOutlook:
      return "outlook";
    case Workload::kSharePoint:
      return "sharepoint";
    case Workload::kTeams:
      return "teams";
    case Workload::kDirectory:
      return "directory";
    case Workload::kOther:
      break;
  }
  return "other";
}

ThrottleScope ClassifyRequest(std::string_view method, std::string_view url) {
  std::string_view query;
  std::vector<Segment> segs = PathSegments(url, &query);
  if (segs.empty()) return {};
  // "/users/{id}/..." and "/users('{id}')/..." put the id in the next segment or in parentheses.
  auto id_at = [&](size_t i) -> std::string {
    if (!segs[i].id.empty()) return segs[i].id;
    return i + 1 < segs.size() ? segs[i + 1].name : std::string();
  };
  auto after_id = [&](size_t i) -> const Segment* {
    size_t next = segs[i].id.empty() ? i + 2 : i + 1;
    return next < segs.size() ? &segs[next] : nullptr;
  };
  const std::string& first = segs[0].name;
  const Segment* sub = nullptr;
  std::string owner;
  if (first == "me") {
    owner = "me";
    sub = segs.size() > 1 ? &segs[1] : nullptr;
  } else if (first == "users" || first == "groups") {
    owner = id_at(0);
    sub = after_id(0);
  }
  if (sub != nullptr) {
    if (IsOutlookSegment(sub->name) ||
        (first == "groups" && OneOf(sub->name, {"conversations", "threads"}))) {
      return {Workload::kOutlook, "outlook:" + std::string(first == "groups" ? "group:" : "") + owner, 1};
    }
    if (IsFilesSegment(sub->name) || (first == "groups" && sub->name == "sites")) {
      return {Workload::kSharePoint, "sharepoint", SharePointCost(method, segs, query)};
    }
    if (sub->name == "chats") return {Workload::kTeams, "teams:chats", 1};
  }
  if (first == "admin" && segs.size() >= 4 && segs[1].name == "exchange" && segs[2].name == "mailboxes") {
    return {Workload::kOutlook, "outlook:" + id_at(2), 1};
  }
  if (OneOf(first, {"drives", "sites", "shares"})) {
    return {Workload::kSharePoint, "sharepoint", SharePointCost(method, segs, query)};
  }
  if (first == "teams") {
    std::string key = "teams:" + id_at(0);
    for (size_t i = 1; i + 1 < segs.size(); ++i) {
      if (segs[i].name == "channels" && segs[i + 1].name != "getallmessages") {
        key += "/" + id_at(i);
        break;
      }
    }
    return {Workload::kTeams, key, 1};
  }
  if (first == "chats") return {Workload::kTeams, "teams:chat:" + id_at(0), 1};
  if (OneOf(first, {"users", "groups", "me", "organization", "serviceprincipals", "applications",
                    "directoryobjects", "directoryroles", "rolemanagement"})) {
    return {Workload::kDirectory, "directory", DirectoryCost(segs, query)};
  }
  return {};
}

}  // namespace ark::graph
