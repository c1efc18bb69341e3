// verify-restore: compares what a mailbox or drive holds now with what it should hold, item by item.
//
// Messages are matched by folder and SHA-256 of their MIME (a folder may hold
// several identical messages: counts must match too); files and folders by
// path, files then by SHA-256. Everything expected and absent is "missing",
// everything present and unexpected is "extra", a file whose bytes differ is
// "different". An empty report means every byte is where it should be.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "restore/inventory.h"

namespace ark::restore {

struct VerifyReport {
  uint64_t matched = 0;
  std::vector<InventoryItem> missing;
  std::vector<InventoryItem> extra;
  // Files at the expected path with other bytes: (expected, actual).
  std::vector<std::pair<InventoryItem, InventoryItem>> different;
  bool ok() const { return missing.empty() && extra.empty() && different.empty(); }
};

VerifyReport CompareInventories(const Inventory& expected, const Inventory& actual);

// The report as text: one line per difference ("- missing message /Inbox 'Subject' sha256 …").
std::string FormatReport(const VerifyReport& report);
nlohmann::json ReportToJson(const VerifyReport& report);

}  // namespace ark::restore
