// Injector: rule parsing, matching and the firing decision.
#include "faults/injector.h"

#include "common/text.h"

namespace m365sim::faults {
namespace {

struct KindName {
  const char* name;
  FaultKind kind;
};
constexpr KindName kKinds[] = {
    {"reset-before-headers", FaultKind::kResetBeforeHeaders},
    {"reset-mid-body", FaultKind::kResetMidBody},
    {"truncated-body", FaultKind::kTruncatedBody},
    {"slow-body", FaultKind::kSlowBody},
    {"invalid-json", FaultKind::kInvalidJson},
    {"expired-download-url", FaultKind::kExpiredDownloadUrl},
    {"upload-session-expired", FaultKind::kUploadSessionExpired},
    {"delta-token-invalid", FaultKind::kDeltaTokenInvalid},
    {"token-expired", FaultKind::kTokenExpired},
};

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::string FaultKindName(const FaultRule& rule) {
  if (rule.kind == FaultKind::kStatus) return std::to_string(rule.status);
  for (const auto& k : kKinds) {
    if (k.kind == rule.kind) return k.name;
  }
  return "unknown";
}

bool PathMatches(std::string_view pattern, std::string_view path) {
  // Iterative glob with backtracking to the last '*'.
  size_t p = 0, s = 0, star = std::string_view::npos, mark = 0;
  while (s < path.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = s;
    } else if (p < pattern.size() && Lower(pattern[p]) == Lower(path[s])) {
      ++p;
      ++s;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      s = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

ark::Result<FaultRule> ParseFaultRule(const nlohmann::json& body) {
  if (!body.is_object()) return ark::InvalidArgument("a fault rule is a JSON object");
  FaultRule rule;
  auto text = [&](const char* key, std::string* out) -> ark::Status {
    if (!body.contains(key)) return ark::Status::Ok();
    if (!body[key].is_string()) return ark::InvalidArgument(std::string("'") + key + "' must be a string");
    *out = body[key].get<std::string>();
    return ark::Status::Ok();
  };
  ARK_RETURN_IF_ERROR(text("route", &rule.path));
  ARK_RETURN_IF_ERROR(text("listener", &rule.listener));
  ARK_RETURN_IF_ERROR(text("method", &rule.method));
  ARK_RETURN_IF_ERROR(text("retry_after_format", &rule.retry_after_format));
  if (rule.listener != "" && rule.listener != "graph" && rule.listener != "files") {
    return ark::InvalidArgument("'listener' must be \"graph\" or \"files\"");
  }
  if (rule.retry_after_format != "integer" && rule.retry_after_format != "fractional" &&
      rule.retry_after_format != "http-date") {
    return ark::InvalidArgument("'retry_after_format' must be integer, fractional or http-date");
  }
  if (!body.contains("fault")) return ark::InvalidArgument("'fault' is required");
  std::string fault = body["fault"].is_number_integer() ? std::to_string(body["fault"].get<int>())
                      : body["fault"].is_string()      ? body["fault"].get<std::string>()
                                                       : "";
  bool known = false;
  for (int status : {429, 500, 502, 503, 504}) {
    if (fault == std::to_string(status)) {
      rule.kind = FaultKind::kStatus;
      rule.status = status;
      known = true;
    }
  }
  for (const auto& k : kKinds) {
    if (fault == k.name) {
      rule.kind = k.kind;
      known = true;
    }
  }
  if (!known) {
    return ark::InvalidArgument("unknown 'fault' \"" + fault +
                                "\"; expected 429, 500, 502, 503, 504, reset-before-headers, reset-mid-body, "
                                "truncated-body, slow-body, invalid-json, expired-download-url, "
                                "upload-session-expired, delta-token-invalid or token-expired");
  }
  try {
    if (body.contains("rate")) rule.rate = body["rate"].get<double>();
    if (body.contains("count")) rule.count = body["count"].get<int64_t>();
    if (body.contains("skip")) rule.skip = body["skip"].get<int64_t>();
    if (body.contains("retry_after")) rule.retry_after = body["retry_after"].get<double>();
    if (body.contains("bytes_per_second")) rule.bytes_per_second = body["bytes_per_second"].get<uint64_t>();
  } catch (const nlohmann::json::exception&) {
    return ark::InvalidArgument("'rate', 'retry_after' must be numbers; 'count', 'skip', 'bytes_per_second' integers");
  }
  if (rule.count < 0 && (rule.rate <= 0 || rule.rate > 1)) {
    return ark::InvalidArgument("give 'count' (how many matching requests fail) or 'rate' (0 < rate <= 1)");
  }
  if (rule.bytes_per_second == 0) return ark::InvalidArgument("'bytes_per_second' must be positive");
  return rule;
}

nlohmann::json FaultRuleJson(const FaultRule& rule) {
  nlohmann::json j = {{"id", rule.id},         {"fault", FaultKindName(rule)}, {"route", rule.path},
                      {"listener", rule.listener}, {"method", rule.method},    {"skip", rule.skip},
                      {"matched", rule.matched}, {"fired", rule.fired}};
  if (rule.count >= 0) {
    j["count"] = rule.count;
  } else {
    j["rate"] = rule.rate;
  }
  if (rule.retry_after >= 0) {
    j["retry_after"] = rule.retry_after;
    j["retry_after_format"] = rule.retry_after_format;
  }
  if (rule.kind == FaultKind::kSlowBody) j["bytes_per_second"] = rule.bytes_per_second;
  return j;
}

std::string Injector::Add(FaultRule rule) {
  std::lock_guard lock(mu_);
  rule.id = "fault-" + std::to_string(next_id_++);
  SeededRandom random = SeededRandom(seed_).Derive(rule.id);
  rules_.push_back({std::move(rule), random});
  return rules_.back().rule.id;
}

bool Injector::Remove(const std::string& id) {
  std::lock_guard lock(mu_);
  return std::erase_if(rules_, [&](const Active& a) { return a.rule.id == id; }) > 0;
}

void Injector::Clear() {
  std::lock_guard lock(mu_);
  rules_.clear();
}

nlohmann::json Injector::List() const {
  std::lock_guard lock(mu_);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& a : rules_) out.push_back(FaultRuleJson(a.rule));
  return out;
}

std::optional<FaultRule> Injector::Decide(std::string_view listener, std::string_view method,
                                          std::string_view path) {
  std::lock_guard lock(mu_);
  for (auto& a : rules_) {
    FaultRule& r = a.rule;
    if (!r.listener.empty() && r.listener != listener) continue;
    if (!r.method.empty() && !EqualsIgnoreCase(r.method, method)) continue;
    if (!PathMatches(r.path, path)) continue;
    r.matched++;
    if (static_cast<int64_t>(r.matched) <= r.skip) continue;
    bool fire = r.count >= 0 ? static_cast<int64_t>(r.fired) < r.count : a.random.Chance(r.rate);
    if (!fire) continue;
    r.fired++;
    return r;
  }
  return std::nullopt;
}

}  // namespace m365sim::faults
