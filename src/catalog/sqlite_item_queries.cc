// Browse and search on the SQLite catalog: state-at-snapshot filters, FTS5, keyset paging.
//
// Both run in two steps: first the ids of one page (plus one, to know whether
// another page follows) in the requested order, using only indexed columns,
// then the full records of those ids. Sorting thousands of matches then moves
// a few integers per row instead of whole rows.
#include <charconv>
#include <chrono>

#include "catalog/search_query.h"
#include "catalog/sqlite_catalog.h"
#include "catalog/sqlite_schema.h"
#include "catalog/sqlite_sql_builder.h"
#include "core/encoding.h"

namespace ark::catalog::sqlite {
namespace {

// Where a page ends: the sort key of its last row. Encoded as
// "n.<id>.<hex name>" (Order::kName) or "d.<id>.<date ms>" (Order::kNewest).
struct Cursor {
  std::int64_t id = 0;
  std::string name;
  std::int64_t date = 0;
};

std::string EncodeCursor(Order order, const Cursor& c) {
  if (order == Order::kName) return "n." + std::to_string(c.id) + "." + HexEncode(c.name);
  return "d." + std::to_string(c.id) + "." + std::to_string(c.date);
}

bool ParseInt(std::string_view text, std::int64_t& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

Result<std::optional<Cursor>> DecodeCursor(Order order, std::string_view text) {
  if (text.empty()) return std::optional<Cursor>();
  Status bad = InvalidArgument("the page cursor '" + std::string(text) +
                               "' is not one this listing gave out; start again without a cursor");
  std::size_t dot1 = text.find('.');
  std::size_t dot2 = dot1 == std::string_view::npos ? dot1 : text.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos) return bad;
  std::string_view tag = text.substr(0, dot1);
  Cursor c;
  if (!ParseInt(text.substr(dot1 + 1, dot2 - dot1 - 1), c.id)) return bad;
  std::string_view rest = text.substr(dot2 + 1);
  if (order == Order::kName && tag == "n") {
    std::optional<std::string> name = HexDecode(rest);
    if (!name) return bad;
    c.name = std::move(*name);
  } else if (order != Order::kNewest || tag != "d" || !ParseInt(rest, c.date)) {
    return bad;
  }
  return std::optional<Cursor>(c);
}

Status CheckLimit(int limit) {
  if (limit < 1 || limit > 1000) {
    return InvalidArgument("a page holds 1 to 1000 items, not " + std::to_string(limit));
  }
  return Status::Ok();
}

// Appends the keyset condition and the ORDER BY/LIMIT of one page.
std::string PageTail(SqlBuilder& sql, Order order, const std::optional<Cursor>& after, int limit) {
  std::string where;
  std::string tail;
  if (order == Order::kName) {
    if (after) where = " AND (v.name, v.id) > (" + sql.Param(after->name) + ", " + sql.Param(after->id) + ")";
    tail = " ORDER BY v.name, v.id";
  } else {
    if (after)
      where = " AND (v.item_date, v.id) < (" + sql.Param(after->date) + ", " + sql.Param(after->id) + ")";
    tail = " ORDER BY v.item_date DESC, v.id DESC";
  }
  return where + tail + " LIMIT " + sql.Param(std::int64_t{limit} + 1);
}

// Runs the id query and loads the page's records.
Result<Page> RunPage(Database& db, const SqlBuilder& sql, const std::string& text, Order order, int limit,
                     SnapshotInfo snapshot) {
  ARK_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(text));
  sql.BindAll(stmt);
  std::vector<std::int64_t> ids;
  Cursor last;
  bool more = false;
  while (true) {
    ARK_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    if (static_cast<int>(ids.size()) == limit) {
      more = true;
      break;
    }
    ids.push_back(stmt.Int(0));
    last = Cursor{stmt.Int(0), stmt.Text(1), stmt.Int(2)};
  }
  Page page;
  page.snapshot = std::move(snapshot);
  ARK_ASSIGN_OR_RETURN(page.items, LoadItems(db, ids));
  if (more) page.next_cursor = EncodeCursor(order, last);
  return page;
}

std::string ValidIn(SqlBuilder& sql, std::int64_t seq) {
  std::string s = sql.Param(seq);
  return " AND v.first_seq <= " + s + " AND v.last_seq >= " + s;
}

// Owner row ids matching what a person typed for --user.
Result<std::vector<std::int64_t>> MatchOwners(Database& db, std::int64_t set, const std::string& user) {
  ARK_ASSIGN_OR_RETURN(Statement stmt, db.Cached("SELECT id FROM owners WHERE set_id = ?1 AND "
                                                 "(owner_key = ?2 OR address = ?2 OR display_name = ?2)"));
  stmt.Bind(1, set).Bind(2, user);
  std::vector<std::int64_t> ids;
  while (true) {
    ARK_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    ids.push_back(stmt.Int(0));
  }
  if (ids.empty()) {
    return NotFound("no user, site or team '" + user +
                    "' in this backup set; give an id, an address (UPN, URL) or a display name as shown by "
                    "`ark365 browse SET /`");
  }
  return ids;
}

std::string IntList(SqlBuilder& sql, const std::vector<std::int64_t>& values) {
  std::string list;
  for (std::int64_t v : values) list += (list.empty() ? "" : ", ") + sql.Param(v);
  return "(" + list + ")";
}

// How a search finds its page (see Search()).
enum class SearchPlan {
  kFiltersOnly,  // no text: walk the date (or owner) index with the filters
  kTextFirst,    // every full-text match, filtered, then sorted
  kDateFirst,    // the date index in order, each row tested against the full-text index
};

// How long the date-first plan may run before the text-first plan replaces it.
constexpr std::chrono::milliseconds kDateFirstBudget{60};

struct SearchFilters {
  std::int64_t set = 0;
  std::int64_t seq = 0;
  std::vector<std::int64_t> owners;
  std::string match;  // FTS5 expression, empty without text
};

bool HasPrefix(const SearchExpression& expression) {
  for (const SearchClause& clause : expression.clauses) {
    for (const SearchTerm& term : clause.any_of) {
      if (term.prefix) return true;
    }
  }
  return false;
}

// Full-text matches of `match`, counted up to `cap` (the index alone, no rows read).
Result<std::int64_t> CountMatches(Database& db, const std::string& match, std::int64_t cap) {
  ARK_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Cached("SELECT count(*) FROM (SELECT rowid FROM versions_fts WHERE versions_fts MATCH ?1 "
                "LIMIT ?2)"));
  stmt.Bind(1, match).Bind(2, cap);
  ARK_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.Int(0) : 0;
}

std::string SearchSql(SqlBuilder& sql, SearchPlan plan, const SearchFilters& f, const SearchRequest& request,
                      const std::optional<Cursor>& after) {
  // The name is read only when the order needs it, so that the text-first
  // plan is answered from the narrow covering index alone.
  std::string text = request.order == Order::kName ? "SELECT v.id, v.name, v.item_date FROM "
                                                   : "SELECT v.id, '', v.item_date FROM ";
  // The date index to walk: the owner's, the one kind's, or the set's.
  const char* date_index = !f.owners.empty()           ? "versions_by_owner_date"
                           : request.kinds.size() == 1 ? "versions_by_set_kind_date"
                                                       : "versions_by_set_date";
  // CROSS JOIN fixes the loop order that the plan is about.
  switch (plan) {
    case SearchPlan::kFiltersOnly:
      text += "versions v";
      // A folder filter alone is left to the planner: walking the whole
      // set's dates to find one small folder would be the slow choice.
      if (request.order == Order::kNewest && (request.folder.empty() || !f.owners.empty())) {
        text += std::string(" INDEXED BY ") + date_index;
      }
      text += " WHERE v.set_id = " + sql.Param(f.set);
      break;
    case SearchPlan::kTextFirst:
      text +=
          "versions_fts CROSS JOIN versions v INDEXED BY versions_narrow ON v.id = versions_fts.rowid "
          "WHERE versions_fts MATCH " +
          sql.Param(f.match) + " AND v.set_id = " + sql.Param(f.set);
      break;
    case SearchPlan::kDateFirst:
      text += std::string("versions v INDEXED BY ") + date_index +
              " CROSS JOIN versions_fts ON versions_fts.rowid = v.id WHERE versions_fts MATCH " +
              sql.Param(f.match) + " AND v.set_id = " + sql.Param(f.set);
      break;
  }
  text += ValidIn(sql, f.seq);
  if (!f.owners.empty()) text += " AND v.owner_id IN " + IntList(sql, f.owners);
  if (!request.kinds.empty()) {
    std::vector<std::int64_t> kinds;
    for (ItemKind kind : request.kinds) kinds.push_back(static_cast<std::int64_t>(kind));
    text += " AND v.kind IN " + IntList(sql, kinds);
  }
  if (request.after) text += " AND v.item_date >= " + sql.Param(ToMillis(*request.after));
  if (request.before) text += " AND v.item_date < " + sql.Param(ToMillis(*request.before));
  if (!request.folder.empty()) {
    std::string folders = FolderCondition(sql, "v", f.set, NormalizePath(request.folder), /*recursive=*/true);
    if (!folders.empty()) text += " AND " + folders;
  }
  return text + PageTail(sql, request.order, after, request.limit);
}

}  // namespace

Result<Page> SqliteCatalog::Browse(const BrowseRequest& request) {
  ARK_RETURN_IF_ERROR(CheckLimit(request.limit));
  ARK_ASSIGN_OR_RETURN(std::optional<Cursor> after, DecodeCursor(request.order, request.cursor));
  ARK_ASSIGN_OR_RETURN(ReaderPool::Lease lease, readers_.Acquire());
  Database& db = lease.db();
  ARK_ASSIGN_OR_RETURN(std::int64_t set, FindSetRowId(db, request.set_id));
  ARK_ASSIGN_OR_RETURN(SnapshotInfo snapshot, ResolveSnapshotOn(db, set, request.set_id, request.snapshot));
  std::string path = NormalizePath(request.path);
  ARK_ASSIGN_OR_RETURN(Statement folder, db.Cached("SELECT id FROM folders WHERE set_id = ?1 AND path = ?2"));
  folder.Bind(1, set).Bind(2, path);
  ARK_ASSIGN_OR_RETURN(bool found, folder.Step());
  if (!found) {
    return NotFound("nothing was ever backed up at " + path + " in this set; browse / to see what there is");
  }
  SqlBuilder sql;
  // The index that delivers the order; with it the scan stops after one page.
  std::string text = std::string("SELECT v.id, v.name, v.item_date FROM versions v INDEXED BY ") +
                     (request.order == Order::kName ? "versions_by_folder_name" : "versions_by_folder_date") +
                     " WHERE v.folder_id = " + sql.Param(folder.Int(0)) + ValidIn(sql, snapshot.seq) +
                     PageTail(sql, request.order, after, request.limit);
  return RunPage(db, sql, text, request.order, request.limit, std::move(snapshot));
}

Result<Page> SqliteCatalog::Search(const SearchRequest& request) {
  ARK_RETURN_IF_ERROR(CheckLimit(request.limit));
  ARK_ASSIGN_OR_RETURN(std::optional<Cursor> after, DecodeCursor(request.order, request.cursor));
  ARK_ASSIGN_OR_RETURN(SearchExpression expression, ParseSearchText(request.text));
  if (!request.from.empty()) {
    expression.clauses.push_back(SearchClause{{SearchTerm{request.from, false, SearchField::kFrom}}, false});
  }
  ARK_ASSIGN_OR_RETURN(ReaderPool::Lease lease, readers_.Acquire());
  Database& db = lease.db();
  SearchFilters filters;
  ARK_ASSIGN_OR_RETURN(filters.set, FindSetRowId(db, request.set_id));
  ARK_ASSIGN_OR_RETURN(SnapshotInfo snapshot,
                       ResolveSnapshotOn(db, filters.set, request.set_id, request.snapshot));
  filters.seq = snapshot.seq;
  if (!request.user.empty()) {
    ARK_ASSIGN_OR_RETURN(filters.owners, MatchOwners(db, filters.set, request.user));
  }
  if (!expression.empty()) filters.match = RenderFts5(expression);

  SearchPlan plan = SearchPlan::kFiltersOnly;
  if (!expression.empty()) {
    plan = SearchPlan::kTextFirst;
    // A prefix stands for many words, which every date-first probe would
    // look up again; reading its matches once is cheaper (measured at 1M).
    if (request.order == Order::kNewest && !HasPrefix(expression)) {
      ARK_ASSIGN_OR_RETURN(std::int64_t matches, CountMatches(db, filters.match, dense_matches_));
      if (matches >= dense_matches_) plan = SearchPlan::kDateFirst;
    }
  }
  if (plan == SearchPlan::kDateFirst) {
    // Walking the date index and testing each item against the full-text
    // index finds a page of a common word at once, unless the filters rule
    // out most of its matches; then the text-first plan, bounded by the
    // number of matches, is the safer one.
    SqlBuilder sql;
    std::string text = SearchSql(sql, plan, filters, request, after);
    db.SetTimeBudget(kDateFirstBudget);
    Result<Page> page = RunPage(db, sql, text, request.order, request.limit, snapshot);
    db.SetTimeBudget(std::chrono::milliseconds(0));
    if (page.ok() || page.status().code() != StatusCode::kDeadlineExceeded) return page;
    plan = SearchPlan::kTextFirst;
  }
  SqlBuilder sql;
  std::string text = SearchSql(sql, plan, filters, request, after);
  return RunPage(db, sql, text, request.order, request.limit, std::move(snapshot));
}

}  // namespace ark::catalog::sqlite
