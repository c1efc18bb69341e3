// Secret: a credential value that cannot be printed, logged or serialised by accident.
//
// Formatting a Secret (fmt, spdlog, iostream) prints "***"; converting it to
// JSON does not compile. The value is reachable only through reveal(), so every
// place that uses the clear text is greppable. Memory is wiped on destruction.
#pragma once

#include <fmt/format.h>

#include <iosfwd>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace ark {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  Secret(const Secret& other) = default;
  Secret(Secret&& other) noexcept;
  Secret& operator=(const Secret& other);
  Secret& operator=(Secret&& other) noexcept;
  ~Secret();

  // The clear text. Callers must not log, print or store it unencrypted.
  std::string_view reveal() const { return value_; }
  bool empty() const { return value_.empty(); }

  friend bool operator==(const Secret& a, const Secret& b);

 private:
  void Wipe();
  std::string value_;
};

std::ostream& operator<<(std::ostream& os, const Secret& secret);

// A Secret has no JSON form: store it encrypted and write a placeholder instead.
void to_json(nlohmann::json& j, const Secret& secret) = delete;

// What a Secret prints as, everywhere.
inline constexpr std::string_view kRedacted = "***";

}  // namespace ark

template <>
struct fmt::formatter<ark::Secret> : fmt::formatter<std::string_view> {
  template <typename FormatContext>
  auto format(const ark::Secret& /*secret*/, FormatContext& ctx) const {
    return fmt::formatter<std::string_view>::format(ark::kRedacted, ctx);
  }
};
