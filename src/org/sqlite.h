// A thin RAII layer over the SQLite C API: a connection, prepared statements, typed binds and reads.
//
// Only the configuration store uses it; SQL never leaves src/org/sqlite_*.cc.
// Errors become Status values that name the database file. Not thread-safe:
// one Database per thread (the CLI is single-threaded; the server will open
// one connection per worker).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace ark::org {

class Statement;

class Database {
 public:
  // Opens (creating if needed) `path` with foreign keys on, WAL journaling and
  // a busy timeout, so that two ark365 processes wait for each other instead
  // of failing.
  static Result<Database> Open(const std::string& path);

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Runs one or more statements without results.
  Status Execute(std::string_view sql);
  Result<Statement> Prepare(std::string_view sql);
  int64_t LastInsertId() const;
  // Rows changed by the last INSERT/UPDATE/DELETE.
  int Changes() const;
  const std::string& path() const { return path_; }

  // The error of the last failed call, as an administrator-readable Status.
  Status Error(std::string_view what) const;

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_ = nullptr;
  std::string path_;
};

// A prepared statement. Bind parameters by 1-based index, Step() through the
// rows, read columns by 0-based index.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const std::string& text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, int64_t value);
  Statement& BindBlob(int index, std::string_view bytes);
  Statement& BindNull(int index);
  Statement& Bind(int index, const std::optional<std::string>& text);

  // True when a row is available, false when done.
  Result<bool> Step();
  // Runs a statement that returns no rows.
  Status Run();

  bool IsNull(int column) const;
  std::string Text(int column) const;
  std::optional<std::string> OptionalText(int column) const;
  std::string Blob(int column) const;
  int64_t Int(int column) const;

 private:
  friend class Database;
  Statement(sqlite3_stmt* stmt, const Database* db) : stmt_(stmt), db_(db) {}
  sqlite3_stmt* stmt_ = nullptr;
  const Database* db_ = nullptr;
  Status bind_error_;
};

}  // namespace ark::org
