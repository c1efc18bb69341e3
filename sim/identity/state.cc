// IdentityState: maps under one mutex, pruned at most once a minute.
#include "identity/state.h"

#include <algorithm>

#include "core/encoding.h"
#include "core/random.h"

namespace m365sim::identity {
namespace {

// Refresh tokens are kept for Entra's 90-day inactivity window (plus margin
// so that expiry is reported as 700082, not as an unknown token).
constexpr auto kRefreshRetention = std::chrono::hours(24 * 400);

}  // namespace

std::string OpaqueToken(size_t bytes) { return ark::Base64UrlEncode(ark::RandomBytes(bytes)); }

void IdentityState::Prune(TimePoint now) {
  if (now - last_prune_ < std::chrono::minutes(1)) return;
  last_prune_ = now;
  std::erase_if(codes_, [&](const auto& e) { return e.second.expires + std::chrono::hours(1) < now; });
  std::erase_if(device_codes_, [&](const auto& e) { return e.second.expires + std::chrono::hours(1) < now; });
  std::erase_if(flows_, [&](const auto& e) { return e.second.expires < now; });
  std::erase_if(sessions_, [&](const auto& e) { return e.second.expires < now; });
  std::erase_if(assertions_, [&](const auto& e) { return e.second < now; });
  std::erase_if(refresh_tokens_, [&](const auto& e) { return e.second.last_used + kRefreshRetention < now; });
}

std::string IdentityState::AddAuthCode(AuthCode code) {
  std::lock_guard lock(mutex_);
  Prune(code.issued);
  // Real codes are long opaque strings starting "1.A" or "0.A"; clients must not parse them.
  std::string id = "1.A" + OpaqueToken(96);
  codes_.emplace(id, std::move(code));
  return id;
}

std::optional<AuthCode> IdentityState::RedeemAuthCode(const std::string& code) {
  std::lock_guard lock(mutex_);
  auto it = codes_.find(code);
  if (it == codes_.end()) return std::nullopt;
  AuthCode before = it->second;
  it->second.redeemed = true;
  return before;
}

std::string IdentityState::AddRefreshToken(RefreshToken token) {
  std::lock_guard lock(mutex_);
  Prune(token.issued);
  std::string id = "1.A" + OpaqueToken(160);
  refresh_tokens_.emplace(id, std::move(token));
  return id;
}

std::optional<RefreshToken> IdentityState::FindRefreshToken(const std::string& token) {
  std::lock_guard lock(mutex_);
  auto it = refresh_tokens_.find(token);
  if (it == refresh_tokens_.end()) return std::nullopt;
  return it->second;
}

void IdentityState::TouchRefreshToken(const std::string& token, TimePoint now) {
  std::lock_guard lock(mutex_);
  auto it = refresh_tokens_.find(token);
  if (it != refresh_tokens_.end()) it->second.last_used = now;
}

int IdentityState::RevokeRefreshTokens(const std::string& user_id, const std::string& client_id) {
  std::lock_guard lock(mutex_);
  return static_cast<int>(std::erase_if(refresh_tokens_, [&](const auto& e) {
    return (user_id.empty() || e.second.user_id == user_id) &&
           (client_id.empty() || e.second.client_id == client_id);
  }));
}

DeviceCode IdentityState::AddDeviceCode(DeviceCode code) {
  std::lock_guard lock(mutex_);
  Prune(code.expires - std::chrono::hours(1));
  code.device_code = "DAQABAAEAAA" + OpaqueToken(96);
  // Entra's user codes are nine letters and digits, without look-alikes.
  static constexpr std::string_view kChars = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  do {
    std::string bytes = ark::RandomBytes(9);
    code.user_code.clear();
    for (char b : bytes) code.user_code += kChars[static_cast<unsigned char>(b) % kChars.size()];
  } while (std::any_of(device_codes_.begin(), device_codes_.end(),
                       [&](const auto& e) { return e.second.user_code == code.user_code; }));
  device_codes_.emplace(code.device_code, code);
  return code;
}

std::optional<DeviceCode> IdentityState::FindDeviceCode(const std::string& device_code) {
  std::lock_guard lock(mutex_);
  auto it = device_codes_.find(device_code);
  if (it == device_codes_.end()) return std::nullopt;
  return it->second;
}

std::optional<DeviceCode> IdentityState::FindDeviceCodeByUserCode(const std::string& user_code) {
  std::lock_guard lock(mutex_);
  for (const auto& [id, code] : device_codes_) {
    if (code.user_code == user_code) return code;
  }
  return std::nullopt;
}

bool IdentityState::SetDeviceCodeState(const std::string& device_code, DeviceCodeState state,
                                       const std::string& user_id, const std::vector<std::string>& amr) {
  std::lock_guard lock(mutex_);
  auto it = device_codes_.find(device_code);
  if (it == device_codes_.end()) return false;
  bool from_pending = it->second.state == DeviceCodeState::kPending;
  bool to_redeemed = state == DeviceCodeState::kRedeemed && it->second.state == DeviceCodeState::kApproved;
  if (!from_pending && !to_redeemed) return false;
  it->second.state = state;
  if (!user_id.empty()) it->second.user_id = user_id;
  if (!amr.empty()) it->second.amr = amr;
  return true;
}

std::vector<DeviceCode> IdentityState::DeviceCodes() {
  std::lock_guard lock(mutex_);
  std::vector<DeviceCode> out;
  for (const auto& [id, code] : device_codes_) out.push_back(code);
  return out;
}

std::string IdentityState::AddFlow(SignInFlow flow) {
  std::lock_guard lock(mutex_);
  Prune(flow.expires - std::chrono::hours(1));
  flow.id = OpaqueToken(24);
  std::string id = flow.id;
  flows_.emplace(id, std::move(flow));
  return id;
}

std::optional<SignInFlow> IdentityState::FindFlow(const std::string& id, TimePoint now) {
  std::lock_guard lock(mutex_);
  auto it = flows_.find(id);
  if (it == flows_.end() || it->second.expires < now) return std::nullopt;
  return it->second;
}

void IdentityState::UpdateFlow(const SignInFlow& flow) {
  std::lock_guard lock(mutex_);
  flows_[flow.id] = flow;
}

void IdentityState::RemoveFlow(const std::string& id) {
  std::lock_guard lock(mutex_);
  flows_.erase(id);
}

std::string IdentityState::AddSession(BrowserSession session) {
  std::lock_guard lock(mutex_);
  std::string id = OpaqueToken(32);
  sessions_.emplace(id, std::move(session));
  return id;
}

std::optional<BrowserSession> IdentityState::FindSession(const std::string& id, TimePoint now) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(id);
  if (it == sessions_.end() || it->second.expires < now) return std::nullopt;
  return it->second;
}

void IdentityState::RemoveSession(const std::string& id) {
  std::lock_guard lock(mutex_);
  sessions_.erase(id);
}

void IdentityState::SetPendingMfa(const std::string& user_id, PendingMfa mfa) {
  std::lock_guard lock(mutex_);
  pending_mfa_[user_id] = std::move(mfa);
}

std::optional<PendingMfa> IdentityState::FindPendingMfa(const std::string& user_id) {
  std::lock_guard lock(mutex_);
  auto it = pending_mfa_.find(user_id);
  if (it == pending_mfa_.end()) return std::nullopt;
  return it->second;
}

void IdentityState::ClearPendingMfa(const std::string& user_id) {
  std::lock_guard lock(mutex_);
  pending_mfa_.erase(user_id);
}

bool IdentityState::RememberAssertion(const std::string& client_id, const std::string& jti, TimePoint expires,
                                      TimePoint now) {
  std::lock_guard lock(mutex_);
  Prune(now);
  return assertions_.emplace(client_id + "/" + jti, expires).second;
}

}  // namespace m365sim::identity
