// Resolution and creation of the state directory.
#include "core/home.h"

#include <cstdlib>
#include <filesystem>

#include "core/file.h"

namespace ark {

Result<std::string> ResolveHomePath(const std::optional<std::string>& flag) {
  std::string path;
  if (flag && !flag->empty()) {
    path = *flag;
  } else if (const char* env = std::getenv("ARK365_HOME"); env && *env) {
    path = env;
  } else if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) {
    path = std::string(xdg) + "/ark365";
  } else if (const char* user_home = std::getenv("HOME"); user_home && *user_home) {
    path = std::string(user_home) + "/.local/share/ark365";
  } else {
    return InvalidArgument(
        "cannot find a state directory: HOME is not set; pass --home DIR or set ARK365_HOME");
  }
  std::error_code ec;
  std::filesystem::path abs = std::filesystem::absolute(path, ec);
  if (ec) return InvalidArgument("state directory '" + path + "' is not a valid path: " + ec.message());
  return abs.lexically_normal().string();
}

Result<Home> OpenHome(const std::optional<std::string>& flag) {
  ARK_ASSIGN_OR_RETURN(std::string path, ResolveHomePath(flag));
  Status s = EnsureDirectory(path, 0700);
  if (!s.ok())
    return s.Context("cannot prepare the state directory (use --home or ARK365_HOME to choose another)");
  return Home{path};
}

}  // namespace ark
