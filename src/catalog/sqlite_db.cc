// The SQLite RAII layer: statement lifetime, binding, stepping, and error mapping.
#include "catalog/sqlite_db.h"

#include <spdlog/spdlog.h>

namespace ark::catalog::sqlite {

Status SqliteError(int code, std::string_view detail, std::string_view what, std::string_view path) {
  std::string where = "the catalog " + std::string(path);
  std::string context = std::string(what) + ": " + std::string(detail);
  Status cause = Internal(context);
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Unavailable(where + " is busy: another ark365 process is writing to it; try again when it " +
                         "has finished")
          .WithCause(cause);
    case SQLITE_FULL:
      return ResourceExhausted("the disk holding " + where + " is full; free space and run again")
          .WithCause(cause);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return DataLoss(where + " is damaged or is not a catalog; move it aside and run `ark365 catalog " +
                      "rebuild` to recreate it from the repository")
          .WithCause(cause);
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return PermissionDenied(where + " cannot be written; check the permissions of the file and its " +
                              "directory")
          .WithCause(cause);
    case SQLITE_CANTOPEN:
      return IoError("cannot open " + where + "; check that its directory exists and is writable")
          .WithCause(cause);
    case SQLITE_IOERR:
      return IoError("reading or writing " + where + " failed (" + std::string(detail) + "); check the disk")
          .WithCause(cause);
    case SQLITE_INTERRUPT:
      return DeadlineExceeded("a query on " + where + " ran out of its time budget").WithCause(cause);
    case SQLITE_NOMEM:
      return ResourceExhausted("out of memory while using " + where).WithCause(cause);
    default:
      return Internal(context + " (" + where + ")");
  }
}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  if (owned_) {
    sqlite3_finalize(stmt_);
  } else {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

Statement::Statement(Statement&& other) noexcept
    : stmt_(other.stmt_), owned_(other.owned_), db_path_(other.db_path_) {
  other.stmt_ = nullptr;
}

Statement& Statement::Bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view value) {
  sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

Statement& Statement::Bind(int index, std::optional<std::int64_t> value) {
  if (value) return Bind(index, *value);
  return BindNull(index);
}

Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3* db = sqlite3_db_handle(stmt_);
  std::string sql = sqlite3_sql(stmt_) ? sqlite3_sql(stmt_) : "";
  if (sql.size() > 80) sql = sql.substr(0, 80) + "...";
  return SqliteError(sqlite3_extended_errcode(db), sqlite3_errmsg(db), "running \"" + sql + "\"", *db_path_);
}

Status Statement::Run() {
  while (true) {
    ARK_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return Status::Ok();
  }
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::optional<std::int64_t> Statement::OptionalInt(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

std::string Statement::Text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (text == nullptr) return {};
  return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

bool Statement::IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, bool read_only) {
  sqlite3* db = nullptr;
  int flags =
      SQLITE_OPEN_NOMUTEX | (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string detail = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return SqliteError(rc, detail, "opening", path);
  }
  sqlite3_extended_result_codes(db, 1);
  // Another process (a second ark365, the server) may hold the write lock for
  // one batch; waiting a little is better than failing.
  sqlite3_busy_timeout(db, 10000);
  return std::unique_ptr<Database>(new Database(db, path));
}

Database::~Database() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Status Database::Exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string detail = message ? message : sqlite3_errmsg(db_);
  sqlite3_free(message);
  if (text.size() > 80) text = text.substr(0, 80) + "...";
  return SqliteError(sqlite3_extended_errcode(db_), detail, "running \"" + text + "\"", path_);
}

Result<Statement> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return LastError("preparing \"" + std::string(sql.substr(0, 80)) + "\"");
  return Statement(stmt, /*owned=*/true, &path_);
}

Result<Statement> Database::Cached(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                &stmt, nullptr);
    if (rc != SQLITE_OK) return LastError("preparing \"" + sql.substr(0, 80) + "\"");
    it = cache_.emplace(sql, stmt).first;
  }
  return Statement(it->second, /*owned=*/false, &path_);
}

std::int64_t Database::LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
std::int64_t Database::Changes() const { return sqlite3_changes64(db_); }

Status Database::Begin(bool immediate) { return Exec(immediate ? "BEGIN IMMEDIATE" : "BEGIN"); }
Status Database::Commit() { return Exec("COMMIT"); }

void Database::Rollback() {
  if (sqlite3_get_autocommit(db_)) return;  // nothing open (SQLite may have rolled back already)
  Status status = Exec("ROLLBACK");
  if (!status.ok()) spdlog::warn("catalog: rollback failed: {}", status.ToString());
}

void Database::SetTimeBudget(std::chrono::milliseconds budget) {
  if (budget.count() == 0) {
    sqlite3_progress_handler(db_, 0, nullptr, nullptr);
    return;
  }
  deadline_ = std::chrono::steady_clock::now() + budget;
  // Called every 1000 virtual-machine instructions; non-zero interrupts.
  sqlite3_progress_handler(
      db_, 1000,
      [](void* self) {
        return static_cast<Database*>(self)->deadline_ < std::chrono::steady_clock::now() ? 1 : 0;
      },
      this);
}

Status Database::LastError(std::string_view what) const {
  return SqliteError(sqlite3_extended_errcode(db_), sqlite3_errmsg(db_), what, path_);
}

}  // namespace ark::catalog::sqlite
