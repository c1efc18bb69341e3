// Unit tests of the sites and Teams helpers: catalog roots of sites, hosted-content URLs a body may name,
// and the selection of sites and personal sites.
#include <gtest/gtest.h>

#include "backup/channel_export.h"
#include "backup/discovery.h"
#include "backup/site_backup.h"
#include "backup/team_backup.h"

namespace ark::backup {
namespace {

TEST(SitesTeamsTest, SiteRootPathIsHostThenPathSegments) {
  EXPECT_EQ(SiteRootPath("https://contoso.sharepoint.com/sites/Marketing"),
            "/contoso.sharepoint.com/sites/Marketing");
  EXPECT_EQ(SiteRootPath("https://contoso.sharepoint.com/"), "/contoso.sharepoint.com");
  EXPECT_EQ(SiteRootPath("https://contoso.sharepoint.com/sites/R%26D%20Team"),
            "/contoso.sharepoint.com/sites/R&D Team");
  EXPECT_EQ(SiteNode("host,a,b"), "sites/host,a,b");
}

TEST(SitesTeamsTest, HostedContentPathOnlyForThisTeamAndChannel) {
  const std::string team = "6d1f7c1e-0000-4000-8000-000000000001";
  const std::string channel = "19:abc@thread.tacv2";
  const std::string good = "https://graph.microsoft.com/v1.0/teams/" + team + "/channels/" + channel +
                           "/messages/1700000000000/hostedContents/aWQ=/$value";
  EXPECT_EQ(HostedContentPath(good, team, channel),
            "/teams/" + team + "/channels/" + channel + "/messages/1700000000000/hostedContents/aWQ=/$value");
  // Another team, another channel, a path escaping upwards, or not an image's bytes: never fetched.
  EXPECT_EQ(HostedContentPath(good, "other", channel), "");
  EXPECT_EQ(HostedContentPath(good, team, "19:other@thread.tacv2"), "");
  EXPECT_EQ(HostedContentPath("https://evil.example/teams/" + team + "/channels/" + channel +
                                  "/messages/1/../../../../users/hostedContents/x/$value",
                              team, channel),
            "");
  EXPECT_EQ(HostedContentPath(
                "https://graph.microsoft.com/v1.0/teams/" + team + "/channels/" + channel + "/messages/1",
                team, channel),
            "");
}

TEST(SitesTeamsTest, SitesAndPersonalSitesAreSelectedByTheirOwnRules) {
  org::BackupSet set;
  set.selection = {{org::ObjectKind::kSite, false, "*/sites/Sales*"},
                   {org::ObjectKind::kPersonalSite, false, "alice@contoso.com"}};
  nlohmann::json sales = {{"webUrl", "https://contoso.sharepoint.com/sites/SalesTeam"},
                          {"displayName", "Sales"}};
  nlohmann::json hr = {{"webUrl", "https://contoso.sharepoint.com/sites/HR"}, {"displayName", "HR"}};
  nlohmann::json alice = {{"webUrl", "https://contoso-my.sharepoint.com/personal/alice_contoso_com"},
                          {"isPersonalSite", true}};
  nlohmann::json bob = {{"webUrl", "https://contoso-my.sharepoint.com/personal/bob_contoso_com"}};
  EXPECT_TRUE(SiteSelected(set, sales));
  EXPECT_FALSE(SiteSelected(set, hr));
  EXPECT_TRUE(IsPersonalSite(alice));
  EXPECT_TRUE(IsPersonalSite(bob));
  EXPECT_FALSE(IsPersonalSite(sales));
  EXPECT_TRUE(SiteSelected(set, alice));
  EXPECT_FALSE(SiteSelected(set, bob));
  // A site pattern never selects a personal site.
  set.selection = {{org::ObjectKind::kSite, false, "*"}};
  EXPECT_FALSE(SiteSelected(set, alice));
  EXPECT_TRUE(SiteSelected(set, hr));
}

TEST(SitesTeamsTest, ConversationHtmlShowsThreadsAsTextAndNeverAsMarkup) {
  ChannelConversation c;
  c.team = {{"displayName", "Sales <Team>"}};
  c.channel = {{"displayName", "General"}};
  ChannelThread t;
  t.root = {{"id", "1"},
            {"subject", "Launch"},
            {"createdDateTime", "2026-01-02T03:04:05Z"},
            {"from", {{"user", {{"displayName", "Alice"}}}}},
            {"body",
             {{"contentType", "html"},
              {"content", "<p>Hello &amp; welcome</p><script>alert(1)</script><img src=x onerror=y>"}}}};
  t.replies.push_back({{"id", "2"},
                       {"createdDateTime", "2026-01-02T04:00:00Z"},
                       {"deletedDateTime", "2026-01-03T00:00:00Z"},
                       {"from", {{"user", {{"displayName", "Bob"}}}}}});
  repo::Node image;
  t.images.emplace("1", std::make_pair(std::string("hc1"), image));
  c.threads.push_back(t);
  std::string html = ConversationHtml(c, {{"hc1", "images/1"}});
  EXPECT_NE(html.find("<title>Sales &lt;Team&gt; / General</title>"), std::string::npos);
  EXPECT_NE(html.find("Hello &amp; welcome"), std::string::npos);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("onerror"), std::string::npos);
  EXPECT_NE(html.find("<img src=\"images/1\""), std::string::npos);
  EXPECT_NE(html.find("Alice"), std::string::npos);
  EXPECT_NE(html.find("This message was deleted."), std::string::npos);
  nlohmann::json j = ConversationJson(c);
  ASSERT_EQ(j["threads"].size(), 1u);
  EXPECT_EQ(j["threads"][0]["replies"].size(), 1u);
  EXPECT_EQ(j["threads"][0]["message"]["subject"], "Launch");
}

}  // namespace
}  // namespace ark::backup
