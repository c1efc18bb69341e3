// mboxrd escaping round-trips exactly, whatever the piece boundaries.
#include "restore/mboxrd.h"

#include <gtest/gtest.h>

namespace ark::restore {
namespace {

std::string Escape(std::string_view message, size_t piece) {
  std::string out;
  MboxrdEscaper escaper([&](std::string_view s) {
    out.append(s);
    return Status::Ok();
  });
  for (size_t i = 0; i < message.size(); i += piece) {
    EXPECT_TRUE(escaper.Write(message.substr(i, piece)).ok());
  }
  EXPECT_TRUE(escaper.Finish().ok());
  return out;
}

TEST(MboxrdTest, QuotesFromLinesAtAnyDepth) {
  std::string message = "Subject: x\r\n\r\nFrom here\r\n>From there\r\n>>From far\r\nFrom\r\nFromage\r\n";
  std::string expected =
      "Subject: x\r\n\r\n>From here\r\n>>From there\r\n>>>From far\r\nFrom\r\nFromage\r\n\n";
  for (size_t piece : {1, 2, 3, 5, 7, 1000}) EXPECT_EQ(Escape(message, piece), expected) << piece;
}

TEST(MboxrdTest, RoundTripsSeveralMessages) {
  std::vector<std::string> messages = {"From: a\r\n\r\nFrom the start\r\n",
                                       "Subject: no final newline\r\n\r\n>From x",
                                       "From: b\n\n>>>>From deep\n\n\n", "X: y\r\n\r\nbody\r\n"};
  std::string mbox;
  for (const auto& m : messages) {
    mbox += MboxFromLine("a@b.c", 1700000000);
    mbox += Escape(m, 3);
  }
  std::vector<std::string> back;
  ASSERT_TRUE(ParseMboxrd(mbox, [&](std::string_view from, std::string m) {
                EXPECT_TRUE(from.starts_with("From a@b.c "));
                back.push_back(std::move(m));
                return Status::Ok();
              }).ok());
  ASSERT_EQ(back.size(), messages.size());
  EXPECT_EQ(back[0], messages[0]);
  EXPECT_EQ(back[1], messages[1] + "\n");  // the writer ends every message with a newline
  EXPECT_EQ(back[2], messages[2]);
  EXPECT_EQ(back[3], messages[3]);
}

TEST(MboxrdTest, FromLineHasTheAsctimeDate) {
  EXPECT_EQ(MboxFromLine("", 0), "From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n");
  EXPECT_EQ(MboxFromLine("x y@z", 86400 * 365), "From x_y@z Fri Jan  1 00:00:00 1971\n");
}

}  // namespace
}  // namespace ark::restore
