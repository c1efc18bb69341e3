// mboxrd framing: the "From " separator line and the quoting of message lines that look like one, streamed.
//
// mboxrd (the variant of Qmail and mutt that round-trips exactly): every line
// of a message that matches /^>*From / gets one more '>' in front; a reader
// removes one '>' from every line matching /^>+From /. The escaper works on
// pieces of any size: a "From " split across two pieces is still recognised.
// Each message is followed by one empty line.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace ark::restore {

// "From <sender> <asctime date>\n" (sender "MAILER-DAEMON" when unknown, date in UTC).
std::string MboxFromLine(std::string_view sender, int64_t unix_seconds);

// Quotes one message's lines for an mboxrd file, passing the output to `out`.
class MboxrdEscaper {
 public:
  explicit MboxrdEscaper(std::function<Status(std::string_view)> out) : out_(std::move(out)) {}

  Status Write(std::string_view data);
  // Flushes what is held back and ends the message (a newline if it had none, then the empty line).
  Status Finish();

 private:
  Status FlushPending(bool escape);

  std::function<Status(std::string_view)> out_;
  bool at_line_start_ = true;
  bool last_was_newline_ = false;
  std::string pending_;  // the start of a line that may still become ">*From "
};

// Splits an mboxrd stream back into messages (the reverse of the escaper; used by tests and `verify`).
// `on_message` receives each message's bytes as they were before escaping (the trailing newline the
// writer added to a message without one stays).
Status ParseMboxrd(std::string_view mbox,
                   const std::function<Status(std::string_view from_line, std::string message)>& on_message);

}  // namespace ark::restore
