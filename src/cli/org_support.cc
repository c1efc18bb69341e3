// Shared plumbing of the org, set and cert commands (see org_support.h).
#include "cli/org_support.h"

#include <sys/stat.h>

#include <cstdlib>

#include "core/file.h"

namespace ark::cli {

Result<std::unique_ptr<org::ConfigStore>> OpenConfigStore(CommandContext& ctx) {
  ARK_ASSIGN_OR_RETURN(Home home, ctx.home());
  return org::OpenSqliteStore(home.Database());
}

Result<org::Vault> OpenVault(CommandContext& ctx, org::ConfigStore& store) {
  ARK_ASSIGN_OR_RETURN(Home home, ctx.home());
  std::optional<Secret> passphrase;
  if (const char* p = std::getenv("ARK365_MASTER_PASSPHRASE"); p != nullptr) passphrase = Secret(p);
  return org::Vault::Open(store, home.MasterKey(), passphrase);
}

Result<Secret> ReadSecretFile(CommandContext& ctx, const std::string& path, std::string_view what) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & 004) != 0) {
    ctx.out().Warning(path + " (" + std::string(what) +
                      ") can be read by every user of this machine; chmod 600 it");
  }
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status().Context("cannot read the " + std::string(what));
  Secret all(std::move(*text));
  std::string_view v = all.reveal();
  v = v.substr(0, v.find_first_of("\r\n"));
  if (v.empty()) return InvalidArgument("the " + std::string(what) + " file " + path + " is empty");
  return Secret(std::string(v));
}

std::string DateText(SystemTime t) { return FormatRfc3339(t).substr(0, 10); }

}  // namespace ark::cli
