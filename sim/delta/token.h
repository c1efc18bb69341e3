// Delta and paging state tokens: what a $skiptoken or $deltatoken (or drive `token=`) carries.
//
// A token is opaque to clients. It encodes the collection it belongs to, the
// round's base position (the journal sequence the client is in sync with),
// the cursor reached within the round, the query options that shape the
// feed (e.g. $select, changeType), and the tenant's delta epoch. Tokens are
// base64url text with a check value: a token from another collection, a
// damaged token, or one from an older epoch (the emulator "lost" its sync
// state, as Exchange and SharePoint sometimes do) is refused, and the
// endpoints turn that into Graph's 410 resyncRequired / syncStateNotFound.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "delta/journal.h"

namespace m365sim::delta {

struct DeltaState {
  std::string collection;  // e.g. "mail/<mailbox>/folder/3"
  Seq base = 0;            // the round reports changes after this position
  Seq cursor = 0;          // entries up to here were already returned in this round
  uint64_t offset = 0;     // for enumerations by key: next key to list
  bool first_round = true;  // the first round lists what exists and no removals
  uint64_t epoch = 0;
  std::string options;     // canonical query options the feed was started with
};

std::string EncodeDeltaToken(const DeltaState& state);

enum class TokenProblem { kMalformed, kWrongCollection, kExpired };

struct DecodedToken {
  std::optional<DeltaState> state;
  TokenProblem problem = TokenProblem::kMalformed;
};

// Checks the token against the collection it was presented to and the
// current epoch.
DecodedToken DecodeDeltaToken(std::string_view token, std::string_view collection, uint64_t epoch);

}  // namespace m365sim::delta
