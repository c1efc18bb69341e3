// The per-user backup state survives its JSON form, and refuses versions it does not know.
#include "backup/user_state.h"

#include <gtest/gtest.h>

namespace ark::backup {
namespace {

TEST(UserStateTest, RoundTripsThroughJson) {
  UserState s;
  s.collections["mail/AAk%2F1"] = {"/users/u/mailFolders/x/messages/delta", "https://g/next",
                                   "https://g/delta"};
  s.failed.push_back({"drive/b!x", "01ABC", "file 'a.txt'", "connection reset"});
  s.folders["mail/AAk%2F1"] = {"Inbox", "root-id"};
  Result<UserState> back = UserState::FromJson(nlohmann::json::parse(s.ToJson().dump()));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->collections.at("mail/AAk%2F1").initial_url, "/users/u/mailFolders/x/messages/delta");
  EXPECT_EQ(back->collections.at("mail/AAk%2F1").next_link, "https://g/next");
  EXPECT_EQ(back->collections.at("mail/AAk%2F1").delta_link, "https://g/delta");
  EXPECT_EQ(back->failed, s.failed);
  EXPECT_EQ(back->folders.at("mail/AAk%2F1").name, "Inbox");
  EXPECT_EQ(back->folders.at("mail/AAk%2F1").parent_id, "root-id");
}

TEST(UserStateTest, RefusesAnUnknownVersion) {
  Result<UserState> s = UserState::FromJson({{"version", 2}});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("newer Ark365"), std::string::npos);
}

}  // namespace
}  // namespace ark::backup
