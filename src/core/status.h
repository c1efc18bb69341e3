// Status and Result<T>: errors as values, carrying a message an administrator can act on.
//
// A Status is either OK or an error with a code, a message written for the
// person who runs Ark365 ("the application secret of Contoso expired on
// 2026-10-01; create a new one ... and run `ark365 org set-credentials`"), and
// an optional cause chain for the log ("while reading pack 3f2a...: ...").
// Exceptions never cross part boundaries: each part returns Status/Result.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace ark {

// What kind of failure this is. Callers branch on the code, never on text.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // the command line, a config value or an input is wrong (exit 2)
  kNotFound,            // a named thing does not exist
  kAlreadyExists,       // creating something that exists
  kPermissionDenied,    // authenticated but not allowed (Graph 403, file mode)
  kUnauthenticated,     // credentials missing, wrong or expired
  kFailedPrecondition,  // the system is not in a state that allows this
  kUnavailable,         // transient: network, throttling, server busy; retrying may help
  kResourceExhausted,   // disk full, quota, memory budget
  kDataLoss,            // stored data is corrupt or missing
  kIoError,             // local file system failure
  kCancelled,           // stopped by the user or a signal
  kDeadlineExceeded,    // took longer than allowed
  kUnimplemented,       // not supported (yet) by Ark365 or by the service
  kInternal,            // a bug in Ark365
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message);

  static Status Ok() { return Status(); }

  bool ok() const { return rep_ == nullptr; }
  StatusCode code() const { return rep_ ? rep_->code : StatusCode::kOk; }
  // The actionable message, without causes. Empty for OK.
  const std::string& message() const;
  // The underlying error this one was raised from, or nullptr.
  const Status* cause() const { return rep_ ? rep_->cause.get() : nullptr; }

  // Returns a copy of this error with `cause` attached at the end of its chain.
  Status WithCause(Status cause) const;
  // Returns this error as "context: message", code and causes kept. Use it to
  // say what was being done: s.Context("reading pack 3f2a").
  Status Context(std::string_view context) const;

  // "message" followed by "\n  caused by: ..." lines; for logs and --verbose.
  std::string ToString() const;

 private:
  struct Rep {
    StatusCode code;
    std::string message;
    std::shared_ptr<const Status> cause;  // null when there is none
  };
  std::shared_ptr<const Rep> rep_;  // null means OK; copies are cheap
};

// Constructors named after the codes, for call sites that read like prose.
Status InvalidArgument(std::string message);
Status NotFound(std::string message);
Status AlreadyExists(std::string message);
Status PermissionDenied(std::string message);
Status Unauthenticated(std::string message);
Status FailedPrecondition(std::string message);
Status Unavailable(std::string message);
Status ResourceExhausted(std::string message);
Status DataLoss(std::string message);
Status IoError(std::string message);
Status Cancelled(std::string message);
Status DeadlineExceeded(std::string message);
Status Unimplemented(std::string message);
Status Internal(std::string message);

// An error from errno, e.g. ErrnoError("cannot open /x/y", errno): kIoError,
// or kPermissionDenied / kNotFound / kResourceExhausted where errno says so.
Status ErrnoError(std::string_view what, int err);

// A value or the error that prevented it.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    if (std::get<Status>(v_).ok()) v_ = Status(StatusCode::kInternal, "Result built from an OK status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  // OK when a value is held.
  Status status() const { return ok() ? Status() : std::get<Status>(v_); }

  // REQUIRES: ok(). Reading the value of an error is a bug and aborts.
  T& value() & {
    Check();
    return std::get<T>(v_);
  }
  const T& value() const& {
    Check();
    return std::get<T>(v_);
  }
  T&& value() && {
    Check();
    return std::get<T>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  T value_or(T fallback) const& { return ok() ? std::get<T>(v_) : std::move(fallback); }

 private:
  void Check() const;
  std::variant<T, Status> v_;
};

[[noreturn]] void DieOnBadResultAccess(const Status& status);

template <typename T>
void Result<T>::Check() const {
  if (!ok()) DieOnBadResultAccess(std::get<Status>(v_));
}

}  // namespace ark

#define ARK_STATUS_CONCAT_INNER(a, b) a##b
#define ARK_STATUS_CONCAT(a, b) ARK_STATUS_CONCAT_INNER(a, b)

// Returns the Status of `expr` from the enclosing function if it is an error.
#define ARK_RETURN_IF_ERROR(expr)                      \
  do {                                                 \
    ::ark::Status ark_status_tmp_ = (expr);            \
    if (!ark_status_tmp_.ok()) return ark_status_tmp_; \
  } while (0)

// ARK_ASSIGN_OR_RETURN(auto x, ComputeX()); declares x from a Result or returns its error.
#define ARK_ASSIGN_OR_RETURN(lhs, expr) \
  ARK_ASSIGN_OR_RETURN_IMPL(ARK_STATUS_CONCAT(ark_result_, __LINE__), lhs, expr)
// `tmp` is an identifier and `lhs` a declaration: neither can be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define ARK_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)
