// mboxrd escaper and parser.
#include "restore/mboxrd.h"

#include <ctime>

namespace ark::restore {
namespace {

constexpr std::string_view kFrom = "From ";

// Whether `line_start` (the first bytes of a line) is, or may still become, /^>*From /.
enum class Match { kNo, kMaybe, kYes };
Match FromMatch(std::string_view line_start) {
  size_t i = 0;
  while (i < line_start.size() && line_start[i] == '>') ++i;
  std::string_view rest = line_start.substr(i);
  if (rest.size() >= kFrom.size()) return rest.starts_with(kFrom) ? Match::kYes : Match::kNo;
  return kFrom.starts_with(rest) ? Match::kMaybe : Match::kNo;
}

}  // namespace

std::string MboxFromLine(std::string_view sender, int64_t unix_seconds) {
  std::string who(sender);
  for (char& c : who) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') c = '_';
  }
  if (who.empty()) who = "MAILER-DAEMON";
  time_t t = static_cast<time_t>(unix_seconds);
  struct tm tm {};
  gmtime_r(&t, &tm);
  char date[64];
  std::strftime(date, sizeof date, "%a %b %e %H:%M:%S %Y", &tm);
  return "From " + who + " " + date + "\n";
}

Status MboxrdEscaper::FlushPending(bool escape) {
  if (pending_.empty()) return Status::Ok();
  if (escape) ARK_RETURN_IF_ERROR(out_(">"));
  Status s = out_(pending_);
  pending_.clear();
  return s;
}

Status MboxrdEscaper::Write(std::string_view data) {
  while (!data.empty()) {
    if (at_line_start_ || !pending_.empty()) {
      // Collect the line's first bytes until it is clear whether it needs a '>'.
      size_t take = 0;
      Match m = Match::kMaybe;
      while (take < data.size() && m == Match::kMaybe) {
        pending_.push_back(data[take++]);
        m = FromMatch(pending_);
      }
      data.remove_prefix(take);
      at_line_start_ = false;
      if (m == Match::kMaybe) return Status::Ok();  // need more bytes
      last_was_newline_ = pending_.back() == '\n';
      at_line_start_ = last_was_newline_;
      ARK_RETURN_IF_ERROR(FlushPending(m == Match::kYes));
      continue;
    }
    size_t nl = data.find('\n');
    size_t n = nl == std::string_view::npos ? data.size() : nl + 1;
    ARK_RETURN_IF_ERROR(out_(data.substr(0, n)));
    last_was_newline_ = data[n - 1] == '\n';
    at_line_start_ = last_was_newline_;
    data.remove_prefix(n);
  }
  return Status::Ok();
}

Status MboxrdEscaper::Finish() {
  if (!pending_.empty()) {
    last_was_newline_ = pending_.back() == '\n';
    ARK_RETURN_IF_ERROR(FlushPending(FromMatch(pending_) == Match::kYes));
  }
  if (!last_was_newline_) ARK_RETURN_IF_ERROR(out_("\n"));
  at_line_start_ = true;
  last_was_newline_ = false;
  return out_("\n");
}

Status ParseMboxrd(std::string_view mbox,
                   const std::function<Status(std::string_view from_line, std::string message)>& on_message) {
  std::string_view from_line;
  std::string message;
  bool in_message = false;
  auto emit = [&]() -> Status {
    if (!in_message) return Status::Ok();
    // The writer ends every message with one empty line.
    if (message.ends_with("\n\n")) message.pop_back();
    return on_message(from_line, std::move(message));
  };
  size_t pos = 0;
  while (pos < mbox.size()) {
    size_t nl = mbox.find('\n', pos);
    size_t end = nl == std::string_view::npos ? mbox.size() : nl + 1;
    std::string_view line = mbox.substr(pos, end - pos);
    pos = end;
    if (line.starts_with(kFrom)) {
      ARK_RETURN_IF_ERROR(emit());
      from_line = line;
      message.clear();
      in_message = true;
      continue;
    }
    if (!in_message) return DataLoss("the mbox does not start with a \"From \" line");
    if (!line.empty() && line[0] == '>' && FromMatch(line) == Match::kYes) line.remove_prefix(1);
    message.append(line);
  }
  return emit();
}

}  // namespace ark::restore
