// Inventories: what a mailbox or drive holds, item by item with SHA-256 — read live through Graph, or
// taken from a ground truth — in one shape that verify.h compares.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/status.h"
#include "graph/graph_client.h"

namespace ark::restore {

enum class InventoryKind { kMailFolder, kMessage, kDriveFolder, kFile };
std::string_view InventoryKindName(InventoryKind kind);

struct InventoryItem {
  InventoryKind kind = InventoryKind::kMessage;
  // Folder path of a message or mail folder ("/Inbox/Projects"), path of a file or drive folder
  // ("/Documents/a.txt"), display names from the root, '/'-separated.
  std::string path;
  std::string sha256;  // lower-case hex of the exact bytes (MIME, file); empty for folders
  uint64_t size = 0;
  std::string label;  // subject or name, for reports
};

struct Inventory {
  std::vector<InventoryItem> items;
};

// Which part of a user's data to read.
struct InventoryScope {
  bool mail = true;
  bool drive = true;
  // Only below this folder (display names from the root), e.g. {"Restored-2026-11-23"}; paths in the
  // inventory are then relative to it.
  std::vector<std::string> mail_root;
  std::vector<std::string> drive_root;
};

// Reads `user`'s mailbox (every folder, hidden ones included; search folders
// skipped; every message's MIME hashed as it streams) and OneDrive (every
// file's current content hashed) through Graph.
Result<Inventory> ReadUserInventory(graph::GraphClient& client, const std::string& user,
                                    const InventoryScope& scope);

// The items of an m365sim ground truth listing (GET /_sim/v1/truth?user=…).
Result<Inventory> InventoryFromTruth(const nlohmann::json& truth, const InventoryScope& scope);

}  // namespace ark::restore
