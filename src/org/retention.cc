// Parsing and formatting of retention policies (see retention.h).
#include "org/retention.h"

#include <array>
#include <cctype>
#include <utility>

namespace ark::org {
namespace {

constexpr int kMaxCount = 100000;

std::array<std::pair<std::string_view, int RetentionPolicy::*>, 6> Fields() {
  return {{{"last", &RetentionPolicy::last},
           {"hourly", &RetentionPolicy::hourly},
           {"daily", &RetentionPolicy::daily},
           {"weekly", &RetentionPolicy::weekly},
           {"monthly", &RetentionPolicy::monthly},
           {"yearly", &RetentionPolicy::yearly}}};
}

Status Bad(std::string_view text, std::string_view why) {
  return InvalidArgument("the retention policy '" + std::string(text) + "' is not valid (" +
                         std::string(why) +
                         "); write counts such as last=3,daily=30,weekly=8,monthly=12 (keys: last, hourly, "
                         "daily, weekly, monthly, yearly)");
}

}  // namespace

Result<RetentionPolicy> ParseRetention(std::string_view text) {
  RetentionPolicy p;
  bool any = false;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view item = text.substr(start, comma - start);
    start = comma + 1;
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.empty()) continue;
    size_t eq = item.find('=');
    if (eq == std::string_view::npos) return Bad(text, "'" + std::string(item) + "' has no '='");
    std::string_view key = item.substr(0, eq);
    std::string_view value = item.substr(eq + 1);
    int* field = nullptr;
    for (const auto& [name, member] : Fields()) {
      if (name == key) field = &(p.*member);
    }
    if (field == nullptr) return Bad(text, "unknown key '" + std::string(key) + "'");
    if (value.empty() || value.size() > 6) return Bad(text, "'" + std::string(key) + "' needs a count");
    int n = 0;
    for (char c : value) {
      if (std::isdigit(static_cast<unsigned char>(c)) == 0) return Bad(text, "counts are whole numbers");
      n = n * 10 + (c - '0');
    }
    if (n > kMaxCount) return Bad(text, "counts go up to 100000");
    *field = n;
    any = any || n > 0;
  }
  if (!any) return Bad(text, "at least one count must be above zero, or every snapshot would be deleted");
  return p;
}

std::string FormatRetention(const RetentionPolicy& p) {
  std::string out;
  for (const auto& [name, member] : Fields()) {
    if (p.*member > 0) out += (out.empty() ? "" : ",") + std::string(name) + "=" + std::to_string(p.*member);
  }
  return out;
}

}  // namespace ark::org
