// IdentityState: what the identity platform remembers between requests (codes, tokens, sign-ins).
//
// Authorization codes, refresh tokens, device codes, sign-in flows in
// progress, browser sessions, pending MFA codes and the client-assertion
// replay cache. All in memory (a restart signs everyone out, as a cleared
// cookie jar would). Thread-safe: every method takes the one mutex briefly.
// Expired entries are pruned as new ones are added.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "http/url.h"
#include "tenant/model.h"

namespace m365sim::identity {

using TimePoint = std::chrono::system_clock::time_point;

// Scopes of a delegated request, split by meaning (see scopes.h).
struct ScopeRequest {
  std::vector<std::string> graph;  // Graph delegated permission values: "User.Read"
  bool graph_default = false;      // "https://graph.microsoft.com/.default"
  bool openid = false, profile = false, email = false, offline_access = false;
};

struct AuthCode {
  std::string client_id;
  std::string user_id;
  std::string redirect_uri;
  ScopeRequest scopes;
  std::string code_challenge;
  std::string code_challenge_method;  // "S256" or "plain"
  std::string nonce;
  std::vector<std::string> amr;  // "pwd", "mfa"
  TimePoint issued;
  TimePoint expires;
  bool redeemed = false;
};

struct RefreshToken {
  std::string client_id;
  std::string user_id;
  ScopeRequest scopes;
  std::vector<std::string> amr;
  TimePoint issued;
  TimePoint last_used;
};

enum class DeviceCodeState { kPending, kApproved, kDeclined, kRedeemed };

struct DeviceCode {
  std::string device_code;
  std::string user_code;
  std::string client_id;
  ScopeRequest scopes;
  TimePoint expires;
  DeviceCodeState state = DeviceCodeState::kPending;
  std::string user_id;
  std::vector<std::string> amr;
};

enum class FlowKind { kAuthorize, kDevice, kAdminConsent };

// A browser sign-in in progress: the /authorize (or device, or admin
// consent) request and how far the user got.
struct SignInFlow {
  std::string id;
  FlowKind kind = FlowKind::kAuthorize;
  std::string tenant_segment;
  http::Params request;  // the original query parameters
  std::string user_id;   // after the password step
  bool password_done = false;
  bool mfa_done = false;
  bool consent_done = false;
  std::string mfa_code;
  int mfa_attempts = 0;
  std::string device_code;  // kDevice: which device code to approve
  bool admin_consent_v2 = false;
  TimePoint expires;
};

struct BrowserSession {
  std::string user_id;
  std::vector<std::string> amr;
  TimePoint auth_time;
  TimePoint expires;
};

struct PendingMfa {
  std::string code;
  std::string flow_id;
  TimePoint created;
};

class IdentityState {
 public:
  // Codes and tokens: the string is the secret handed to the client.
  std::string AddAuthCode(AuthCode code);
  // Marks the code redeemed and returns it as it was before (nullopt if unknown).
  std::optional<AuthCode> RedeemAuthCode(const std::string& code);

  std::string AddRefreshToken(RefreshToken token);
  std::optional<RefreshToken> FindRefreshToken(const std::string& token);
  void TouchRefreshToken(const std::string& token, TimePoint now);
  // Revokes every refresh token of `user_id` (or of `client_id` when set).
  int RevokeRefreshTokens(const std::string& user_id, const std::string& client_id);

  DeviceCode AddDeviceCode(DeviceCode code);
  std::optional<DeviceCode> FindDeviceCode(const std::string& device_code);
  std::optional<DeviceCode> FindDeviceCodeByUserCode(const std::string& user_code);
  // Sets the state of a pending code; false if unknown or not pending.
  bool SetDeviceCodeState(const std::string& device_code, DeviceCodeState state, const std::string& user_id,
                          const std::vector<std::string>& amr);
  std::vector<DeviceCode> DeviceCodes();

  std::string AddFlow(SignInFlow flow);
  std::optional<SignInFlow> FindFlow(const std::string& id, TimePoint now);
  void UpdateFlow(const SignInFlow& flow);
  void RemoveFlow(const std::string& id);

  std::string AddSession(BrowserSession session);
  std::optional<BrowserSession> FindSession(const std::string& id, TimePoint now);
  void RemoveSession(const std::string& id);

  // The code the user's phone shows for `upn`'s latest MFA prompt.
  void SetPendingMfa(const std::string& user_id, PendingMfa mfa);
  std::optional<PendingMfa> FindPendingMfa(const std::string& user_id);
  void ClearPendingMfa(const std::string& user_id);

  // Records a client-assertion jti until `expires`; false if it was seen before.
  bool RememberAssertion(const std::string& client_id, const std::string& jti, TimePoint expires,
                         TimePoint now);

 private:
  void Prune(TimePoint now);

  std::mutex mutex_;
  std::map<std::string, AuthCode> codes_;
  std::map<std::string, RefreshToken> refresh_tokens_;
  std::map<std::string, DeviceCode> device_codes_;
  std::map<std::string, SignInFlow> flows_;
  std::map<std::string, BrowserSession> sessions_;
  std::map<std::string, PendingMfa> pending_mfa_;
  std::map<std::string, TimePoint> assertions_;
  TimePoint last_prune_;
};

// An opaque random token string of `bytes` random bytes, base64url.
std::string OpaqueToken(size_t bytes);

}  // namespace m365sim::identity
