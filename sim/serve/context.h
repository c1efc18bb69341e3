// Context: the shared state every part of the emulator registers its routes with.
//
// Built once at start (serve/emulator.cc) and alive until the process ends.
// Handlers hold references into it; everything reachable from it is
// thread-safe (TenantStore, SimClock, RequestCounters) or immutable after
// start (options, signer, endpoints once listening).
#pragma once

#include <cstdint>
#include <string>

#include "common/request_counters.h"
#include "graphapi/auth.h"
#include "tenant/clock.h"
#include "tenant/store.h"
#include "tokens/token_signer.h"
#include "workloads/options.h"

namespace m365sim {

namespace identity {
class IdentityState;
}

struct ServeOptions {
  std::string state_dir;
  uint64_t seed = 1;
  int users = 25;
  std::string listen_host = "127.0.0.1";
  uint16_t login_port = 0;
  uint16_t graph_port = 0;
  uint16_t files_port = 0;
  int threads = 2;
  // Access-token lifetime in seconds; 0 picks Entra's random 60-90 minutes.
  int token_lifetime_seconds = 0;
  // Device code flow: the polling interval and lifetime announced to clients.
  int device_code_interval_seconds = 5;
  int device_code_lifetime_seconds = 900;
  // Part 2: throttling limits, content sizes, URL lifetimes.
  workloads::WorkloadOptions workloads;
};

// Public URLs of the three listeners, as clients must address them.
struct Endpoints {
  std::string authority_host;  // https://localhost:<login-port>
  std::string graph_host;      // https://localhost:<graph-port>
  std::string files_base;      // https://127.0.0.1:<files-port>
};

struct Context {
  ServeOptions options;
  tenant::TenantStore* store = nullptr;
  tenant::SimClock* clock = nullptr;
  tokens::TokenSigner* signer = nullptr;
  graphapi::GraphAuth* graph_auth = nullptr;
  RequestCounters* counters = nullptr;
  identity::IdentityState* identity = nullptr;  // codes, tokens, sign-ins, pending MFA (identity/state.h)
  Endpoints endpoints;                          // filled once the listeners are bound, before endpoints.json
  std::string sim_token;                        // bearer token of the /_sim/v1 admin API
};

}  // namespace m365sim
