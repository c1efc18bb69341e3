// Test helpers for the catalog: a fresh catalog in a temporary directory and items of every kind.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/random.h"

namespace ark::catalog::testing {

// A temporary directory holding catalog.db, removed at the end of the test.
class CatalogDir {
 public:
  CatalogDir() : dir_(std::filesystem::temp_directory_path() / ("ark-catalog-test-" + NewUuid())) {
    std::filesystem::create_directories(dir_);
  }
  ~CatalogDir() { std::filesystem::remove_all(dir_); }
  std::string path() const { return (dir_ / "catalog.db").string(); }

  std::unique_ptr<Catalog> Open(CatalogOptions options = {}) const {
    Result<std::unique_ptr<Catalog>> catalog = OpenSqliteCatalog(path(), options);
    EXPECT_TRUE(catalog.ok()) << catalog.status().ToString();
    return catalog.ok() ? std::move(*catalog) : nullptr;
  }

  // A single integer from the database, read outside the catalog's API
  // (storage assertions: how many rows a snapshot wrote).
  std::int64_t Count(const std::string& sql) const {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* stmt = nullptr;
    std::int64_t value = -1;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      value = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
  }

  // Runs a statement on the database outside the catalog's API; the SQLite result code.
  int Exec(const std::string& sql) const {
    sqlite3* db = nullptr;
    sqlite3_open(path().c_str(), &db);
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return rc;
  }

 private:
  std::filesystem::path dir_;
};

inline SystemTime Day(int day, int hour = 12) {
  return std::chrono::sys_days{std::chrono::year{2026} / 11 / day} + std::chrono::hours(hour);
}

inline SetInfo TestSet(const std::string& id = "set-1", const std::string& name = "All users") {
  return SetInfo{id, name, "org-1", "Contoso"};
}

inline Item Mail(const std::string& owner, const std::string& id, const std::string& folder,
                 const std::string& subject, const std::string& from, int day) {
  Item item;
  item.key = {owner, ItemKind::kMailMessage, id};
  item.folder_path = folder;
  item.name = subject;
  item.from = from;
  item.to = "Bob Jones <bob@contoso.com>";
  item.preview = "Body of " + subject;
  item.received = Day(day);
  item.size = 1000;
  item.ref = "mail/" + id;
  return item;
}

inline Item FileItem(const std::string& owner, const std::string& id, const std::string& folder,
                     const std::string& name, int day, std::int64_t size = 4096) {
  Item item;
  item.key = {owner, ItemKind::kFile, id};
  item.folder_path = folder;
  item.name = name;
  item.from = "Alice Smith <alice@contoso.com>";
  item.modified = Day(day);
  item.size = size;
  item.version = "1.0";
  item.ref = "files/" + id;
  return item;
}

inline Item Container(const std::string& owner, ItemKind kind, const std::string& id,
                      const std::string& folder, const std::string& name) {
  Item item;
  item.key = {owner, kind, id};
  item.folder_path = folder;
  item.name = name;
  item.ref = "dir/" + id;
  return item;
}

// Names of the items of a page, in order.
inline std::vector<std::string> Names(const Page& page) {
  std::vector<std::string> names;
  for (const ItemRecord& r : page.items) names.push_back(r.item.name);
  return names;
}

}  // namespace ark::catalog::testing
