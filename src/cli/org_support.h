// What the org, set and cert commands share: the configuration store, the vault, secret files, dates.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "cli/command.h"
#include "core/secret.h"
#include "org/store.h"
#include "org/vault.h"

namespace ark::cli {

// Opens <home>/ark365.db.
Result<std::unique_ptr<org::ConfigStore>> OpenConfigStore(CommandContext& ctx);

// The vault of the state directory: master.key, or ARK365_MASTER_PASSPHRASE when set.
Result<org::Vault> OpenVault(CommandContext& ctx, org::ConfigStore& store);

// Reads a secret from a file given on the command line (the first line,
// without its line ending), so that it never appears in a process listing or
// shell history. Warns when other users can read the file.
Result<Secret> ReadSecretFile(CommandContext& ctx, const std::string& path, std::string_view what);

// "2027-11-23" for listings.
std::string DateText(SystemTime t);

}  // namespace ark::cli
