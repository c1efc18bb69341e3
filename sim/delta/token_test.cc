// Tests of delta tokens: round trip, and refusal of damaged, foreign and expired tokens.
#include "delta/token.h"

#include <gtest/gtest.h>

namespace m365sim::delta {
namespace {

DeltaState Sample() {
  DeltaState s;
  s.collection = "mail/abc/folder/3";
  s.base = 41;
  s.cursor = 57;
  s.offset = 12;
  s.first_round = false;
  s.epoch = 2;
  s.options = "$select=subject,from|changeType=created";
  return s;
}

TEST(DeltaToken, RoundTrips) {
  std::string token = EncodeDeltaToken(Sample());
  EXPECT_EQ(token.find_first_of("+/= "), std::string::npos) << "tokens must be URL-safe: " << token;
  auto decoded = DecodeDeltaToken(token, "mail/abc/folder/3", 2);
  ASSERT_TRUE(decoded.state.has_value());
  EXPECT_EQ(decoded.state->base, 41u);
  EXPECT_EQ(decoded.state->cursor, 57u);
  EXPECT_EQ(decoded.state->offset, 12u);
  EXPECT_FALSE(decoded.state->first_round);
  EXPECT_EQ(decoded.state->options, Sample().options);
}

TEST(DeltaToken, RefusesOtherCollectionsEpochsAndDamage) {
  std::string token = EncodeDeltaToken(Sample());
  EXPECT_EQ(DecodeDeltaToken(token, "mail/abc/folder/4", 2).problem, TokenProblem::kWrongCollection);
  EXPECT_EQ(DecodeDeltaToken(token, "mail/abc/folder/3", 3).problem, TokenProblem::kExpired);
  std::string damaged = token;
  damaged[damaged.size() / 2] = damaged[damaged.size() / 2] == 'A' ? 'B' : 'A';
  auto bad = DecodeDeltaToken(damaged, "mail/abc/folder/3", 2);
  EXPECT_FALSE(bad.state.has_value());
  EXPECT_EQ(bad.problem, TokenProblem::kMalformed);
  EXPECT_FALSE(DecodeDeltaToken("not a token", "mail/abc/folder/3", 2).state.has_value());
}

}  // namespace
}  // namespace m365sim::delta
