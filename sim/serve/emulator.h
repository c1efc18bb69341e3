// Emulator: builds the tenant, keys and routes, binds the listeners and writes endpoints.json.
//
// Startup order: state directory -> TLS material -> token-signing key ->
// tenant (from the seed) + application certificates -> routes of every part
// -> listeners -> endpoints.json (atomically, last, so that its presence
// means "ready"). Stop() closes the listeners and removes endpoints.json.
#pragma once

#include <memory>
#include <string>

#include "core/status.h"
#include "serve/context.h"

namespace m365sim {

class Emulator {
 public:
  static ark::Result<std::unique_ptr<Emulator>> Start(const ServeOptions& options);
  ~Emulator();
  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;

  const Context& context() const;
  // The path of endpoints.json.
  std::string EndpointsFile() const;
  void Stop();

  struct Impl;

 private:
  explicit Emulator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace m365sim
