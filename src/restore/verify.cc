// verify-restore: multiset comparison of inventories and the report's text and JSON forms.
#include "restore/verify.h"

#include <map>

namespace ark::restore {
namespace {

using nlohmann::json;

// Messages: several identical copies may share a key, so keys map to lists.
std::string Key(const InventoryItem& item, bool with_content) {
  std::string key = std::string(InventoryKindName(item.kind)) + '\n' + item.path;
  if (with_content) key += '\n' + item.sha256;
  return key;
}

json ItemJson(const InventoryItem& item) {
  return {{"kind", InventoryKindName(item.kind)},
          {"path", item.path},
          {"label", item.label},
          {"sha256", item.sha256},
          {"size", item.size}};
}

std::string ItemText(const InventoryItem& item) {
  std::string out = std::string(InventoryKindName(item.kind)) + " " + item.path;
  if (item.kind == InventoryKind::kMessage) out += " '" + item.label + "'";
  if (!item.sha256.empty())
    out += " sha256 " + item.sha256.substr(0, 16) + "… (" + std::to_string(item.size) + " bytes)";
  return out;
}

}  // namespace

VerifyReport CompareInventories(const Inventory& expected, const Inventory& actual) {
  VerifyReport report;
  // Messages match on content; folders and files on path (a file's content is then compared).
  std::multimap<std::string, const InventoryItem*> present;
  for (const InventoryItem& item : actual.items) {
    present.emplace(Key(item, item.kind == InventoryKind::kMessage), &item);
  }
  for (const InventoryItem& item : expected.items) {
    auto it = present.find(Key(item, item.kind == InventoryKind::kMessage));
    if (it == present.end()) {
      report.missing.push_back(item);
      continue;
    }
    if (item.kind == InventoryKind::kFile && it->second->sha256 != item.sha256) {
      report.different.emplace_back(item, *it->second);
    } else {
      report.matched++;
    }
    present.erase(it);
  }
  for (const auto& [key, item] : present) report.extra.push_back(*item);
  return report;
}

std::string FormatReport(const VerifyReport& report) {
  std::string out;
  for (const auto& item : report.missing) out += "- missing   " + ItemText(item) + "\n";
  for (const auto& item : report.extra) out += "+ extra     " + ItemText(item) + "\n";
  for (const auto& [want, got] : report.different) {
    out += "~ different " + ItemText(want) + " but found sha256 " + got.sha256.substr(0, 16) + "… (" +
           std::to_string(got.size) + " bytes)\n";
  }
  out += std::to_string(report.matched) + " items match, " + std::to_string(report.missing.size()) +
         " missing, " + std::to_string(report.extra.size()) + " extra, " +
         std::to_string(report.different.size()) + " different\n";
  return out;
}

json ReportToJson(const VerifyReport& report) {
  json out = {{"ok", report.ok()},
              {"matched", report.matched},
              {"missing", json::array()},
              {"extra", json::array()},
              {"different", json::array()}};
  for (const auto& item : report.missing) out["missing"].push_back(ItemJson(item));
  for (const auto& item : report.extra) out["extra"].push_back(ItemJson(item));
  for (const auto& [want, got] : report.different) {
    out["different"].push_back({{"expected", ItemJson(want)}, {"actual", ItemJson(got)}});
  }
  return out;
}

}  // namespace ark::restore
