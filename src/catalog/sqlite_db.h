// A small RAII layer over the SQLite C API: connections, prepared statements, errors as Status.
//
// This is the catalog's only contact with SQL's host library; everything above
// it speaks in Database and Statement. Not thread-safe: one Database per
// thread at a time (the catalog pools them).
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/status.h"

namespace ark::catalog::sqlite {

// A prepared statement. Either owned (finalized on destruction) or borrowed
// from a connection's cache (reset and unbound on destruction, ready again).
class Statement {
 public:
  Statement(sqlite3_stmt* stmt, bool owned, const std::string* db_path)
      : stmt_(stmt), owned_(owned), db_path_(db_path) {}
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are 1-based, as in SQL's ?1, ?2...
  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, std::string_view value);
  Statement& Bind(int index, std::optional<std::int64_t> value);
  Statement& BindNull(int index);

  // Advances to the next row: true for a row, false when done.
  Result<bool> Step();
  // Steps until done; for statements that return no rows.
  Status Run();
  // Rewinds to run again with new bindings.
  void Reset();

  std::int64_t Int(int column) const;
  std::optional<std::int64_t> OptionalInt(int column) const;
  std::string Text(int column) const;
  bool IsNull(int column) const;

 private:
  sqlite3_stmt* stmt_;
  bool owned_;
  const std::string* db_path_;
};

class Database {
 public:
  // Opens or creates the database file. `read_only` connections refuse writes.
  static Result<std::unique_ptr<Database>> Open(const std::string& path, bool read_only);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const std::string& path() const { return path_; }

  // Runs one or more statements that return no rows.
  Status Exec(std::string_view sql);
  // A new statement, finalized when the Statement goes.
  Result<Statement> Prepare(std::string_view sql);
  // A statement prepared once per connection and reused; `sql` should be a
  // constant (it is the cache key).
  Result<Statement> Cached(const std::string& sql);

  std::int64_t LastInsertId() const;
  // Rows changed by the last INSERT, UPDATE or DELETE.
  std::int64_t Changes() const;

  // Transactions. Begin(true) takes the write lock at once (BEGIN IMMEDIATE).
  Status Begin(bool immediate);
  Status Commit();
  // Never fails in a way callers could handle; errors are logged.
  void Rollback();

  // The error of the last call as a Status whose message says what to do.
  Status LastError(std::string_view what) const;

  // Makes statements stepped from now on fail with kDeadlineExceeded once
  // `budget` has passed (for trying a plan that may be slow before falling
  // back to another). A zero budget removes the limit.
  void SetTimeBudget(std::chrono::milliseconds budget);

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  sqlite3* db_;
  std::string path_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  std::chrono::steady_clock::time_point deadline_;
};

// Maps a SQLite result code to a Status with an actionable message about the
// catalog at `path` (busy: another process; full: disk full; corrupt: rebuild).
Status SqliteError(int code, std::string_view detail, std::string_view what, std::string_view path);

}  // namespace ark::catalog::sqlite
