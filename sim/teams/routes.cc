// Teams handlers and the JSON of team, channel, chatMessage and conversationMember.
#include "teams/routes.h"

#include "common/seeded_random.h"
#include "common/text.h"
#include "content/edit.h"
#include "content/ids.h"
#include "content/text_gen.h"
#include "core/encoding.h"
#include "core/time.h"
#include "files/json.h"
#include "graphapi/errors.h"
#include "mail/json.h"
#include "workloads/bytes_response.h"
#include "workloads/odata.h"

namespace m365sim::teams {
namespace {

using content::kNone;
using mail::IsoTime;
using workloads::Call;
using workloads::Json;

std::string IsoMillis(uint64_t ms) {
  std::string t = IsoTime(static_cast<content::Time>(ms / 1000));
  char frac[8];
  std::snprintf(frac, sizeof(frac), ".%03u", static_cast<unsigned>(ms % 1000));
  return t.substr(0, 19) + frac + "Z";
}

Json UserIdentity(const content::Content& c, uint32_t person) {
  const content::Person& p = c.people[person < c.people.size() ? person : 0];
  return {{"@odata.type", "#microsoft.graph.teamworkUserIdentity"},
          {"id", p.id},
          {"displayName", p.display_name},
          {"userIdentityType", "aadUser"},
          {"tenantId", c.tenant_id}};
}

const char* Membership(content::ChannelKind kind) {
  switch (kind) {
    case content::ChannelKind::kPrivate:
      return "private";
    case content::ChannelKind::kShared:
      return "shared";
    case content::ChannelKind::kStandard:
      break;
  }
  return "standard";
}

Json TeamJson(const content::Content& c, const content::Team& team) {
  const content::Group& g = c.groups[team.group];
  Json j;
  j["id"] = g.id;
  j["createdDateTime"] = IsoTime(c.sites[team.site].created);
  j["displayName"] = g.display_name;
  j["description"] = "Team of " + g.display_name;
  j["internalId"] = team.channels.empty() ? "" : team.channels[0].id;
  j["classification"] = nullptr;
  j["specialization"] = "none";
  j["visibility"] = "public";
  j["webUrl"] = "https://teams.microsoft.com/l/team/" + ark::PercentEncode(team.channels[0].id) +
                "/conversations?groupId=" + g.id + "&tenantId=" + c.tenant_id;
  j["isArchived"] = false;
  j["tenantId"] = c.tenant_id;
  j["isMembershipLimitedToOwners"] = false;
  j["memberSettings"] = {{"allowCreateUpdateChannels", true}, {"allowDeleteChannels", true},
                         {"allowAddRemoveApps", true}, {"allowCreateUpdateRemoveTabs", true},
                         {"allowCreateUpdateRemoveConnectors", true}, {"allowCreatePrivateChannels", true}};
  j["guestSettings"] = {{"allowCreateUpdateChannels", false}, {"allowDeleteChannels", false}};
  j["messagingSettings"] = {{"allowUserEditMessages", true}, {"allowUserDeleteMessages", true},
                            {"allowOwnerDeleteMessages", true}, {"allowTeamMentions", true},
                            {"allowChannelMentions", true}};
  j["funSettings"] = {{"allowGiphy", true}, {"giphyContentRating", "moderate"}, {"allowStickersAndMemes", true},
                      {"allowCustomMemes", true}};
  return j;
}

Json ChannelJson(const content::Content& c, const content::Team& team, const content::Channel& ch) {
  Json j;
  j["id"] = ch.id;
  j["createdDateTime"] = IsoTime(ch.created);
  j["displayName"] = ch.name;
  j["description"] = ch.description;
  j["isFavoriteByDefault"] = ch.kind == content::ChannelKind::kStandard && ch.name == "General";
  j["email"] = "";
  j["tenantId"] = c.tenant_id;
  j["webUrl"] = "https://teams.microsoft.com/l/channel/" + ark::PercentEncode(ch.id) + "/" +
                ark::PercentEncode(ch.name) + "?groupId=" + c.groups[team.group].id + "&tenantId=" + c.tenant_id;
  j["membershipType"] = Membership(ch.kind);
  return j;
}

std::string HostedId(const content::Channel& ch, const content::ChatMessage& m) {
  return content::HostedContentId(m.seed, ch.id + "/" + std::to_string(m.id));
}

Json MessageJson(const content::Content& c, const content::Team& team, const content::Channel& ch, uint32_t index,
                 const std::string& base) {
  const content::ChatMessage& m = ch.messages[index];
  const content::Group& g = c.groups[team.group];
  SeededRandom r(m.seed);
  Json j;
  j["id"] = std::to_string(m.id);
  j["replyToId"] = m.reply_to == kNone ? Json(nullptr) : Json(std::to_string(ch.messages[m.reply_to].id));
  j["etag"] = std::to_string(m.id + m.revision);
  j["messageType"] = "message";
  j["createdDateTime"] = IsoMillis(m.id);
  j["lastModifiedDateTime"] = IsoMillis(static_cast<uint64_t>(m.modified) * 1000 + m.id % 1000);
  j["lastEditedDateTime"] = m.revision > 0 && !m.deleted ? Json(IsoTime(m.modified)) : Json(nullptr);
  j["deletedDateTime"] = m.deleted ? Json(IsoTime(m.modified)) : Json(nullptr);
  j["subject"] = m.reply_to == kNone ? Json(content::RandomSubject(r)) : Json(nullptr);
  j["summary"] = nullptr;
  j["chatId"] = nullptr;
  j["importance"] = "normal";
  j["locale"] = "en-us";
  j["webUrl"] = "https://teams.microsoft.com/l/message/" + ark::PercentEncode(ch.id) + "/" + std::to_string(m.id) +
                "?groupId=" + g.id + "&tenantId=" + c.tenant_id + "&parentMessageId=" +
                std::to_string(m.reply_to == kNone ? m.id : ch.messages[m.reply_to].id);
  j["policyViolation"] = nullptr;
  j["eventDetail"] = nullptr;
  j["from"] = {{"application", nullptr}, {"device", nullptr}, {"user", UserIdentity(c, m.from)}};
  std::string html;
  Json mentions = Json::array();
  if (m.deleted) {
    html = "";
  } else if (!m.custom_html.empty()) {
    html = m.custom_html;
  } else {
    html = "<p>";
    if (m.mention && !g.members.empty()) {
      uint32_t who = g.members[r.Below(g.members.size())];
      html += "<at id=\"0\">" + c.people[who].display_name + "</at> ";
      mentions.push_back({{"id", 0},
                          {"mentionText", c.people[who].display_name},
                          {"mentioned",
                           {{"application", nullptr}, {"device", nullptr}, {"conversation", nullptr}, {"tag", nullptr},
                            {"user", UserIdentity(c, who)}}}});
    }
    html += content::RandomParagraph(r, static_cast<int>(r.Between(1, 3))) + "</p>";
    if (m.hosted_image) {
      html += "<p><img src=\"" + base + "/teams/" + g.id + "/channels/" + ch.id + "/messages/" +
              std::to_string(m.id) + "/hostedContents/" + HostedId(ch, m) +
              "/$value\" width=\"250\" height=\"141\" alt=\"image\" itemid=\"" + HostedId(ch, m) + "\"></p>";
    }
  }
  j["body"] = {{"contentType", "html"}, {"content", html}};
  j["channelIdentity"] = {{"teamId", g.id}, {"channelId", ch.id}};
  Json attachments = Json::array();
  if (m.file_item != kNone && !m.deleted) {
    const content::Drive& d = c.drives[ch.drive];
    const content::DriveItem& x = d.items[m.file_item];
    std::string url = d.web_url + "/" + ark::PercentEncode(ch.name) + "/" + ark::PercentEncode(x.name);
    attachments.push_back({{"id", content::GuidFrom(m.seed, "attachment")},
                           {"contentType", "reference"},
                           {"contentUrl", url},
                           {"content", nullptr},
                           {"name", x.name},
                           {"thumbnailUrl", nullptr},
                           {"teamsAppId", nullptr}});
  }
  j["attachments"] = attachments;
  j["mentions"] = mentions;
  Json reactions = Json::array();
  if (m.reaction && !m.deleted && !g.members.empty()) {
    Json user = UserIdentity(c, g.members[r.Below(g.members.size())]);
    user["displayName"] = nullptr;
    reactions.push_back({{"reactionType", "like"},
                         {"displayName", "Like"},
                         {"reactionContentUrl", nullptr},
                         {"createdDateTime", IsoMillis(m.id + 60000)},
                         {"user", {{"application", nullptr}, {"device", nullptr}, {"user", user}}}});
  }
  j["reactions"] = reactions;
  j["messageHistory"] = Json::array();
  return j;
}

struct Where {
  uint32_t team = kNone;
  uint32_t channel = kNone;
};

// Resolves {team} and optionally {channel}; checks the permission for `what` and Teams throttling.
std::variant<Where, http::Response> Open(Call& call, const std::vector<std::string_view>& roles,
                                         throttle::TeamsCall kind, bool need_channel) {
  if (!call.caller.HasAny(roles, roles)) {
    std::string list;
    for (auto r : roles) list += (list.empty() ? "" : ", ") + std::string(r);
    std::string have;
    for (const auto& r : call.caller.app_only ? call.caller.roles : call.caller.scopes) {
      have += (have.empty() ? "" : ", ") + r;
    }
    return graphapi::GraphError(call.req, 403, "Forbidden",
                                "Missing role permissions on the request. API requires one of '" + list +
                                    "'. Roles on the request '" + have + "'.");
  }
  auto where = call.svc.store.Read([&](const content::Content& c) -> std::optional<Where> {
    auto it = c.team_by_group_id.find(std::string(call.req.Param("team")));
    if (it == c.team_by_group_id.end()) return std::nullopt;
    Where w;
    w.team = it->second;
    if (need_channel) {
      const auto& channels = c.teams[w.team].channels;
      for (uint32_t i = 0; i < channels.size(); ++i) {
        if (channels[i].id == call.req.Param("channel")) w.channel = i;
      }
      if (w.channel == kNone) return std::nullopt;
    }
    return w;
  });
  if (!where) return graphapi::GraphError(call.req, 404, "NotFound", "No team or channel found with this id.");
  throttle::Charge charge = workloads::ChargeFor(call, throttle::Workload::kTeams,
                                                 need_channel ? std::string(call.req.Param("channel")) : "");
  charge.teams_call = kind;
  if (auto throttled = workloads::Admit(call, charge)) return *throttled;
  return *where;
}

#define OPEN_TEAM(roles, kind, channel)                    \
  auto opened_team = Open(call, roles, kind, channel);     \
  if (auto* e = std::get_if<http::Response>(&opened_team)) { \
    return std::move(*e);                                  \
  }                                                        \
  Where w = std::get<Where>(opened_team)

const std::vector<std::string_view> kTeamRoles = {"Team.ReadBasic.All", "TeamSettings.Read.All",
                                                  "TeamSettings.ReadWrite.All", "Group.Read.All",
                                                  "Group.ReadWrite.All", "Directory.Read.All"};
const std::vector<std::string_view> kChannelRoles = {"Channel.ReadBasic.All", "ChannelSettings.Read.All",
                                                     "ChannelSettings.ReadWrite.All", "Group.Read.All",
                                                     "Directory.Read.All"};
const std::vector<std::string_view> kMessageRoles = {"ChannelMessage.Read.All", "Group.Read.All",
                                                     "Group.ReadWrite.All"};
const std::vector<std::string_view> kMemberRoles = {"TeamMember.Read.All", "TeamMember.ReadWrite.All",
                                                    "Group.Read.All", "Directory.Read.All"};
const std::vector<std::string_view> kPostRoles = {"Teamwork.Migrate.All", "ChannelMessage.Send"};

Json WithContext(const std::string& context, const Json& entity) {
  Json j;
  j["@odata.context"] = context;
  workloads::AppendMembers(j, entity);
  return j;
}

http::Response GetTeam(Call& call) {
  OPEN_TEAM(kTeamRoles, throttle::TeamsCall::kGetTeam, false);
  Json j = call.svc.store.Read([&](const content::Content& c) { return TeamJson(c, c.teams[w.team]); });
  return graphapi::GraphJson(call.req, WithContext(call.Base() + "/$metadata#teams/$entity", j));
}

http::Response Channels(Call& call, bool all) {
  OPEN_TEAM(kChannelRoles, throttle::TeamsCall::kListChannels, false);
  auto items = call.svc.store.Read([&](const content::Content& c) {
    std::vector<Json> out;
    const auto& team = c.teams[w.team];
    for (const auto& ch : team.channels) {
      if (!all && ch.kind == content::ChannelKind::kShared) continue;
      out.push_back(ChannelJson(c, team, ch));
    }
    return out;
  });
  return workloads::ListResponse(call, call.Base() + "/$metadata#teams('" + std::string(call.req.Param("team")) +
                                           "')/" + (all ? "allChannels" : "channels"),
                                 std::move(items), 1000, 1000);
}

http::Response GetChannel(Call& call) {
  OPEN_TEAM(kChannelRoles, throttle::TeamsCall::kGetTeam, true);
  Json j = call.svc.store.Read([&](const content::Content& c) {
    return ChannelJson(c, c.teams[w.team], c.teams[w.team].channels[w.channel]);
  });
  return graphapi::GraphJson(call.req, WithContext(call.Base() + "/$metadata#teams('" +
                                                       std::string(call.req.Param("team")) + "')/channels/$entity",
                                                   j));
}

Json WithReplies(const content::Content& c, const content::Team& team, const content::Channel& ch, uint32_t root,
                 const std::string& base, bool expand) {
  Json j = MessageJson(c, team, ch, root, base);
  if (!expand) return j;
  Json replies = Json::array();
  for (uint32_t i = 0; i < ch.messages.size(); ++i) {
    if (ch.messages[i].reply_to == root) replies.push_back(MessageJson(c, team, ch, i, base));
  }
  j["replies"] = replies;
  return j;
}

http::Response Messages(Call& call) {
  OPEN_TEAM(kMessageRoles, throttle::TeamsCall::kGetChannelMessage, true);
  bool expand = call.req.query.GetOr("$expand") == "replies";
  auto items = call.svc.store.Read([&](const content::Content& c) {
    std::vector<Json> out;
    const auto& team = c.teams[w.team];
    const auto& ch = team.channels[w.channel];
    for (uint32_t i = static_cast<uint32_t>(ch.messages.size()); i-- > 0;) {
      if (ch.messages[i].reply_to == kNone) out.push_back(WithReplies(c, team, ch, i, call.Base(), expand));
    }
    return out;
  });
  return workloads::ListResponse(call, call.Base() + "/$metadata#teams('" + std::string(call.req.Param("team")) +
                                           "')/channels('" + std::string(call.req.Param("channel")) + "')/messages",
                                 std::move(items), 20, 50);
}

uint32_t FindMessage(const content::Channel& ch, std::string_view id, uint32_t reply_to = kNone - 1) {
  for (uint32_t i = 0; i < ch.messages.size(); ++i) {
    if (std::to_string(ch.messages[i].id) == id && (reply_to == kNone - 1 || ch.messages[i].reply_to == reply_to)) {
      return i;
    }
  }
  return kNone;
}

http::Response GetMessage(Call& call, bool reply) {
  OPEN_TEAM(kMessageRoles, throttle::TeamsCall::kGetChannelMessage, true);
  auto j = call.svc.store.Read([&](const content::Content& c) -> std::optional<Json> {
    const auto& team = c.teams[w.team];
    const auto& ch = team.channels[w.channel];
    uint32_t root = FindMessage(ch, call.req.Param("message"), kNone);
    if (root == kNone) return std::nullopt;
    if (!reply) return MessageJson(c, team, ch, root, call.Base());
    uint32_t r = FindMessage(ch, call.req.Param("reply"), root);
    if (r == kNone) return std::nullopt;
    return MessageJson(c, team, ch, r, call.Base());
  });
  if (!j) return graphapi::GraphError(call.req, 404, "NotFound", "Message not found.");
  return graphapi::GraphJson(call.req, WithContext(call.Base() + "/$metadata#chatMessage", *j));
}

http::Response Replies(Call& call) {
  OPEN_TEAM(kMessageRoles, throttle::TeamsCall::kGetChannelMessage, true);
  auto items = call.svc.store.Read([&](const content::Content& c) -> std::optional<std::vector<Json>> {
    const auto& team = c.teams[w.team];
    const auto& ch = team.channels[w.channel];
    uint32_t root = FindMessage(ch, call.req.Param("message"), kNone);
    if (root == kNone) return std::nullopt;
    std::vector<Json> out;
    for (uint32_t i = 0; i < ch.messages.size(); ++i) {
      if (ch.messages[i].reply_to == root) out.push_back(MessageJson(c, team, ch, i, call.Base()));
    }
    return out;
  });
  if (!items) return graphapi::GraphError(call.req, 404, "NotFound", "Message not found.");
  return workloads::ListResponse(call, call.Base() + "/$metadata#Collection(chatMessage)", std::move(*items), 20, 50);
}

http::Response MessagesDelta(Call& call) {
  OPEN_TEAM(kMessageRoles, throttle::TeamsCall::kGetChannelMessage, true);
  std::string collection = "teams/" + std::to_string(w.team) + "/" + std::to_string(w.channel);
  auto begun = workloads::BeginDelta(call, workloads::DeltaStyle::kTeams, collection, call.req.query.GetOr("$expand"), 0);
  if (auto* e = std::get_if<http::Response>(&begun)) return std::move(*e);
  auto& round = std::get<workloads::DeltaRound>(begun);
  bool expand = round.state.options == "replies";
  size_t page = workloads::PageSize(call.req, 50, 50);
  Json body = call.svc.store.Read([&](const content::Content& c) {
    const auto& team = c.teams[w.team];
    const auto& ch = team.channels[w.channel];
    std::string path = call.Base() + "/teams/" + c.groups[team.group].id + "/channels/" + ch.id + "/messages/delta";
    return workloads::DeltaPage(call, workloads::DeltaStyle::kTeams, round, ch.journal, page,
                                call.Base() + "/$metadata#Collection(chatMessage)", path,
                                [&](const delta::JournalEntry& e) -> std::optional<Json> {
                                  uint32_t k = static_cast<uint32_t>(e.key);
                                  // A changed reply shows its thread: the root with its replies.
                                  uint32_t root = ch.messages[k].reply_to == kNone ? k : ch.messages[k].reply_to;
                                  if (root != k && !expand) return MessageJson(c, team, ch, k, call.Base());
                                  return WithReplies(c, team, ch, root, call.Base(), expand);
                                });
  });
  return graphapi::GraphJson(call.req, body);
}

http::Response AllMessages(Call& call) {
  OPEN_TEAM(kMessageRoles, throttle::TeamsCall::kGetAllMessages, false);
  auto items = call.svc.store.Read([&](const content::Content& c) {
    std::vector<Json> out;
    const auto& team = c.teams[w.team];
    for (const auto& ch : team.channels) {
      if (ch.kind == content::ChannelKind::kShared) continue;
      for (uint32_t i = 0; i < ch.messages.size(); ++i) out.push_back(MessageJson(c, team, ch, i, call.Base()));
    }
    return out;
  });
  return workloads::ListResponse(call, call.Base() + "/$metadata#Collection(chatMessage)", std::move(items), 50, 50);
}

http::Response FilesFolder(Call& call) {
  OPEN_TEAM(kChannelRoles, throttle::TeamsCall::kOther, true);
  Json j = call.svc.store.Read([&](const content::Content& c) {
    const auto& ch = c.teams[w.team].channels[w.channel];
    return files::ItemJson(c, ch.drive, ch.folder_item, {call.Base(), &call.svc, false});
  });
  return graphapi::GraphJson(call.req, WithContext(call.Base() + "/$metadata#teams('" +
                                                       std::string(call.req.Param("team")) + "')/channels('" +
                                                       std::string(call.req.Param("channel")) + "')/filesFolder/$entity",
                                                   j));
}

http::Response HostedContents(Call& call, bool value) {
  OPEN_TEAM(kMessageRoles, throttle::TeamsCall::kGetChannelMessage, true);
  struct Found {
    Json list;
    content::ByteSourcePtr bytes;
  };
  auto found = call.svc.store.Read([&](const content::Content& c) -> std::optional<Found> {
    const auto& ch = c.teams[w.team].channels[w.channel];
    uint32_t m = FindMessage(ch, call.req.Param("message"));
    if (m == kNone) return std::nullopt;
    const auto& msg = ch.messages[m];
    Found f;
    f.list = Json::array();
    if (msg.hosted_image && !msg.deleted) {
      std::string id = HostedId(ch, msg);
      f.list.push_back({{"id", id}, {"contentType", "image/png"}, {"contentBytes", nullptr}});
      if (value && call.req.Param("hosted") != id) return std::nullopt;
      f.bytes = content::GeneratedBytes(msg.seed ^ 0x1a6eULL, 4000 + msg.seed % 40000, content::ByteStyle::kBinary);
    } else if (value) {
      return std::nullopt;
    }
    return f;
  });
  if (!found) return graphapi::GraphError(call.req, 404, "NotFound", "Hosted content not found.");
  if (value) return workloads::BytesResponse(call.req, found->bytes, "image/png", false);
  return graphapi::GraphJson(call.req, workloads::CollectionBody(call.Base() + "/$metadata#Collection(chatMessageHostedContent)",
                                                                 found->list, std::nullopt));
}

http::Response Members(Call& call) {
  OPEN_TEAM(kMemberRoles, throttle::TeamsCall::kListChannels, false);
  auto items = call.svc.store.Read([&](const content::Content& c) {
    std::vector<Json> out;
    const content::Group& g = c.groups[c.teams[w.team].group];
    for (uint32_t p : g.members) {
      const content::Person& person = c.people[p];
      bool owner = std::find(g.owners.begin(), g.owners.end(), p) != g.owners.end();
      out.push_back({{"@odata.type", "#microsoft.graph.aadUserConversationMember"},
                     {"id", ark::Base64Encode("1#" + g.id + "#" + person.id)},
                     {"roles", owner ? Json::array({"owner"}) : Json::array()},
                     {"displayName", person.display_name},
                     {"visibleHistoryStartDateTime", "0001-01-01T00:00:00Z"},
                     {"userId", person.id},
                     {"email", person.mail},
                     {"tenantId", c.tenant_id}});
    }
    return out;
  });
  return workloads::ListResponse(call, call.Base() + "/$metadata#teams('" + std::string(call.req.Param("team")) +
                                           "')/members",
                                 std::move(items), 100, 1000);
}

http::Response PostMessage(Call& call, bool reply) {
  OPEN_TEAM(kPostRoles, throttle::TeamsCall::kPostMessage, true);
  Json body = Json::parse(call.req.body, nullptr, false);
  if (!body.is_object() || !body.contains("body") || !body["body"].is_object()) {
    return graphapi::GraphError(call.req, 400, "BadRequest", "A message needs a body.");
  }
  std::string html = body["body"].value("content", "");
  content::Time now = call.svc.Now();
  auto j = call.svc.store.Write([&](content::Content& c) -> std::optional<Json> {
    auto& team = c.teams[w.team];
    auto& ch = team.channels[w.channel];
    content::ChatMessage m;
    m.reply_to = kNone;
    if (reply) {
      m.reply_to = FindMessage(ch, call.req.Param("message"), kNone);
      if (m.reply_to == kNone) return std::nullopt;
    }
    uint64_t ms = static_cast<uint64_t>(now) * 1000;
    if (body.contains("createdDateTime")) {
      if (auto t = ark::ParseRfc3339(body.value("createdDateTime", ""))) {
        ms = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(t->time_since_epoch()).count());
      }
    }
    for (const auto& other : ch.messages) ms = std::max(ms, other.id + (other.id >= ms ? 1 : 0));
    m.id = ms;
    m.custom_html = html.empty() ? "<p></p>" : html;
    m.seed = ms;
    m.created = static_cast<content::Time>(ms / 1000);
    m.modified = now;
    auto it = c.person_by_id.find(call.caller.app_only ? "" : call.caller.object_id);
    m.from = it != c.person_by_id.end() ? it->second : (c.groups[team.group].owners.empty() ? 0 : c.groups[team.group].owners[0]);
    uint32_t index = content::AddChatMessage(c, ch, m);
    return MessageJson(c, team, ch, index, call.Base());
  });
  if (!j) return graphapi::GraphError(call.req, 404, "NotFound", "Message not found.");
  return graphapi::GraphJson(call.req, WithContext(call.Base() + "/$metadata#chatMessage", *j), 201);
}

}  // namespace

void RegisterRoutes(http::Router& graph, workloads::Service& svc) {
  const std::string c = "/v1.0/teams/{team}/channels/{channel}";
  workloads::AddRoute(graph, svc, "GET", "/v1.0/teams/{team}", GetTeam);
  workloads::AddRoute(graph, svc, "GET", "/v1.0/teams/{team}/channels", [](Call& x) { return Channels(x, false); });
  workloads::AddRoute(graph, svc, "GET", "/v1.0/teams/{team}/allChannels", [](Call& x) { return Channels(x, true); });
  workloads::AddRoute(graph, svc, "GET", "/v1.0/teams/{team}/channels/getAllMessages", AllMessages);
  workloads::AddRoute(graph, svc, "GET", "/v1.0/teams/{team}/members", Members);
  workloads::AddRoute(graph, svc, "GET", c, GetChannel);
  workloads::AddRoute(graph, svc, "GET", c + "/filesFolder", FilesFolder);
  workloads::AddRoute(graph, svc, "GET", c + "/messages", Messages);
  workloads::AddRoute(graph, svc, "POST", c + "/messages", [](Call& x) { return PostMessage(x, false); });
  workloads::AddRoute(graph, svc, "GET", c + "/messages/delta", MessagesDelta);
  workloads::AddRoute(graph, svc, "GET", c + "/messages/{message}", [](Call& x) { return GetMessage(x, false); });
  workloads::AddRoute(graph, svc, "GET", c + "/messages/{message}/replies", Replies);
  workloads::AddRoute(graph, svc, "POST", c + "/messages/{message}/replies", [](Call& x) { return PostMessage(x, true); });
  workloads::AddRoute(graph, svc, "GET", c + "/messages/{message}/replies/{reply}",
                      [](Call& x) { return GetMessage(x, true); });
  workloads::AddRoute(graph, svc, "GET", c + "/messages/{message}/hostedContents",
                      [](Call& x) { return HostedContents(x, false); });
  workloads::AddRoute(graph, svc, "GET", c + "/messages/{message}/hostedContents/{hosted}/$value",
                      [](Call& x) { return HostedContents(x, true); });
}

}  // namespace m365sim::teams
