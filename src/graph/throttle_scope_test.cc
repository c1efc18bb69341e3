#include "graph/throttle_scope.h"

#include <gtest/gtest.h>

namespace ark::graph {
namespace {

TEST(ThrottleScopeTest, OutlookRequestsAreKeyedByMailbox) {
  for (const char* url :
       {"/users/Adele@Contoso.com/messages/AAMk=/$value",
        "https://graph.microsoft.com/v1.0/users/adele%40contoso.com/mailFolders/inbox/messages/delta",
        "https://graph.example/v1.0/users('adele@contoso.com')/calendarView/delta?$deltatoken=x",
        "/users/adele@contoso.com/contactFolders/abc/contacts"}) {
    ThrottleScope s = ClassifyRequest("GET", url);
    EXPECT_EQ(s.workload, Workload::kOutlook) << url;
    EXPECT_EQ(s.key, "outlook:adele@contoso.com") << url;
  }
  EXPECT_EQ(ClassifyRequest("GET", "/me/messages").key, "outlook:me");
  EXPECT_EQ(ClassifyRequest("GET", "/groups/g1/conversations").key, "outlook:group:g1");
  EXPECT_EQ(ClassifyRequest("GET", "/admin/exchange/mailboxes/MBX:1/folders").key, "outlook:mbx:1");
}

TEST(ThrottleScopeTest, SharePointCostsResourceUnits) {
  EXPECT_EQ(ClassifyRequest("GET", "/drives/d/items/i").cost, 1);
  EXPECT_EQ(ClassifyRequest("GET", "/drives/d/items/i/content").cost, 1);
  EXPECT_EQ(ClassifyRequest("GET", "/drives/d/items/i/children").cost, 2);
  EXPECT_EQ(ClassifyRequest("GET", "/drives/d/root/delta").cost, 2);
  EXPECT_EQ(ClassifyRequest("GET", "https://g.example/v1.0/drives/d/root/delta?token=abc").cost, 1);
  EXPECT_EQ(ClassifyRequest("PUT", "/drives/d/items/p:/a.txt:/content").cost, 2);
  EXPECT_EQ(ClassifyRequest("GET", "/drives/d/items/i?$expand=permissions").cost, 5);
  EXPECT_EQ(ClassifyRequest("GET", "/users/u/drive/root/children").workload, Workload::kSharePoint);
  EXPECT_EQ(ClassifyRequest("GET", "/sites/contoso.sharepoint.com,1,2/lists").key, "sharepoint");
  EXPECT_EQ(ClassifyRequest("GET", "/groups/g/sites/root").workload, Workload::kSharePoint);
}

TEST(ThrottleScopeTest, TeamsPerTeamOrChannelAndDirectory) {
  EXPECT_EQ(ClassifyRequest("GET", "/teams/T1/channels/19:abc@thread.tacv2/messages/delta").key,
            "teams:t1/19:abc@thread.tacv2");
  EXPECT_EQ(ClassifyRequest("GET", "/teams/T1/channels").key, "teams:t1");
  EXPECT_EQ(ClassifyRequest("GET", "/teams/T1/channels/getAllMessages").key, "teams:t1");
  ThrottleScope users = ClassifyRequest("GET", "/users?$top=999");
  EXPECT_EQ(users.workload, Workload::kDirectory);
  EXPECT_EQ(users.cost, 2);
  EXPECT_EQ(ClassifyRequest("GET", "/users?$select=id&$top=999").cost, 1);
  EXPECT_EQ(ClassifyRequest("GET", "/groups/g/members").cost, 3);
  EXPECT_EQ(ClassifyRequest("GET", "/users/u").cost, 1);
  EXPECT_EQ(ClassifyRequest("GET", "/organization").workload, Workload::kDirectory);
}

TEST(ThrottleScopeTest, PreAuthenticatedAndUnknownUrlsAreUnpaced) {
  EXPECT_TRUE(ClassifyRequest("GET", "https://127.0.0.1:9/download/abc?tempauth=x").key.empty());
  EXPECT_TRUE(ClassifyRequest("POST", "/$batch").key.empty());
  EXPECT_TRUE(ClassifyRequest("GET", "").key.empty());
}

}  // namespace
}  // namespace ark::graph
