// Folder-subtree conditions for the SQLite catalog: a path and everything under it, as a range.
#include "catalog/sqlite_sql_builder.h"

namespace ark::catalog::sqlite {

std::string FolderCondition(SqlBuilder& sql, std::string_view alias, std::int64_t set,
                            const std::string& path, bool recursive) {
  std::string column = std::string(alias) + ".folder_id";
  if (recursive && path == "/") return "";
  std::string in_set = "SELECT id FROM folders WHERE set_id = " + sql.Param(set) + " AND ";
  if (!recursive) return column + " = (" + in_set + "path = " + sql.Param(path) + ")";
  // Paths below P start with "P/": the range ["P/", "P0") since '0' follows '/'.
  return column + " IN (" + in_set + "(path = " + sql.Param(path) + " OR (path >= " + sql.Param(path + "/") +
         " AND path < " + sql.Param(path + "0") + ")))";
}

}  // namespace ark::catalog::sqlite
