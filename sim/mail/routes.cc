// Mail folders and messages: listing, delta, MIME, attachments, and the creates and moves of a restore.
#include "mail/routes.h"

#include <algorithm>

#include "common/text.h"
#include "content/edit.h"
#include "content/ids.h"
#include "content/mail_gen.h"
#include "content/mime_parse.h"
#include "core/encoding.h"
#include "core/time.h"
#include "graphapi/errors.h"
#include "mail/access.h"
#include "mail/json.h"
#include "mail/pim_routes.h"
#include "workloads/bytes_response.h"
#include "workloads/odata.h"
#include "workloads/upload_sessions.h"

namespace m365sim::mail {
namespace {

using content::kNone;
using workloads::Call;
using workloads::Json;

constexpr size_t kMaxOutlookBody = 4u << 20;

IdMode Mode(Call& call) { return {call.ImmutableIds()}; }

std::vector<uint32_t> ChildFolders(const content::Mailbox& mb, uint32_t parent, bool hidden) {
  std::vector<uint32_t> out;
  for (uint32_t f = 0; f < mb.folders.size(); ++f) {
    const auto& x = mb.folders[f];
    if (x.parent == parent && !x.deleted && (hidden || !x.hidden)) out.push_back(f);
  }
  return out;
}

http::Response ListFolders(Call& call, bool children) {
  M365SIM_OPEN_MAILBOX(Area::kMail, false);
  bool hidden = call.req.query.GetOr("includeHiddenFolders") == "true";
  auto items = call.svc.store.Read([&](const content::Content& c) -> std::optional<std::vector<Json>> {
    const auto& mb = c.mailboxes[mbi];
    uint32_t parent = 0;
    if (children) {
      parent = ResolveFolder(mb, call.req.Param("folder"));
      if (parent == kNone) return std::nullopt;
    }
    std::vector<Json> out;
    for (uint32_t f : ChildFolders(mb, parent, hidden)) out.push_back(FolderJson(mb, f));
    return out;
  });
  if (!items) return ItemNotFound(call);
  return workloads::ListResponse(call, call.Base() + "/$metadata#" + UserPath(call) + "/mailFolders",
                                 std::move(*items), 10, 1000);
}

http::Response GetFolder(Call& call) {
  M365SIM_OPEN_MAILBOX(Area::kMail, false);
  auto json = call.svc.store.Read([&](const content::Content& c) -> std::optional<Json> {
    const auto& mb = c.mailboxes[mbi];
    uint32_t f = ResolveFolder(mb, call.req.Param("folder"));
    if (f == kNone) return std::nullopt;
    Json j;
    j["@odata.context"] = call.Base() + "/$metadata#" + UserPath(call) + "/mailFolders/$entity";
    workloads::AppendMembers(j, FolderJson(mb, f));
    return j;
  });
  if (!json) return ItemNotFound(call);
  return graphapi::GraphJson(call.req, workloads::Select(*json, call.req.query.GetOr("$select")));
}

http::Response FolderDelta(Call& call) {
  M365SIM_OPEN_MAILBOX(Area::kMail, false);
  std::string collection = "mail/" + std::to_string(mbi) + "/folders";
  auto begun = workloads::BeginDelta(call, workloads::DeltaStyle::kOutlook, collection,
                                     call.req.query.GetOr("$select"), 0);
  if (auto* e = std::get_if<http::Response>(&begun)) return std::move(*e);
  auto& round = std::get<workloads::DeltaRound>(begun);
  size_t page = workloads::PageSize(call.req, 10, 1000);
  std::string path = call.Base() + "/users/" + UserSegment(call) + "/mailFolders/delta";
  Json body = call.svc.store.Read([&](const content::Content& c) {
    const auto& mb = c.mailboxes[mbi];
    return workloads::DeltaPage(call, workloads::DeltaStyle::kOutlook, round, mb.folder_journal, page,
                                call.Base() + "/$metadata#Collection(mailFolder)", path,
                                [&](const delta::JournalEntry& e) -> std::optional<Json> {
                                  if (e.key == 0) return std::nullopt;  // the root is not listed
                                  if (e.removed || mb.folders[e.key].deleted) {
                                    return Json{{"id", FolderId(mb, static_cast<uint32_t>(e.key))},
                                                {"@removed", {{"reason", "deleted"}}}};
                                  }
                                  return workloads::Select(FolderJson(mb, static_cast<uint32_t>(e.key)),
                                                           round.state.options);
                                });
  });
  return graphapi::GraphJson(call.req, body);
}

http::Response CreateFolder(Call& call, bool child) {
  M365SIM_OPEN_MAILBOX(Area::kMail, true);
  Json body = Json::parse(call.req.body, nullptr, false);
  if (!body.is_object() || !body.contains("displayName") || !body["displayName"].is_string()) {
    return graphapi::GraphError(call.req, 400, "ErrorInvalidRequest", "displayName is required.");
  }
  std::string name = body["displayName"].get<std::string>();
  bool hidden = body.value("isHidden", false);
  content::Time now = call.svc.Now();
  auto result = call.svc.store.Write([&](content::Content& c) -> std::variant<Json, int> {
    auto& mb = c.mailboxes[mbi];
    uint32_t parent = child ? ResolveFolder(mb, call.req.Param("folder")) : 0;
    if (parent == kNone) return 404;
    for (uint32_t f : ChildFolders(mb, parent, true)) {
      if (EqualsIgnoreCase(mb.folders[f].name, name)) return 409;
    }
    content::MailFolder folder;
    folder.parent = parent;
    folder.name = name;
    folder.hidden = hidden;
    folder.created = now;
    uint32_t f = content::AddMailFolder(c, mb, folder);
    return FolderJson(mb, f);
  });
  if (auto* status = std::get_if<int>(&result)) {
    if (*status == 404) return ItemNotFound(call);
    return graphapi::GraphError(call.req, 409, "ErrorFolderExists", "A folder with the specified name already exists.");
  }
  Json out;
  out["@odata.context"] = call.Base() + "/$metadata#" + UserPath(call) + "/mailFolders/$entity";
  workloads::AppendMembers(out, std::get<Json>(result));
  return graphapi::GraphJson(call.req, out, 201);
}

std::vector<uint32_t> ByReceivedDescending(const content::Mailbox& mb, std::vector<uint32_t> numbers) {
  std::stable_sort(numbers.begin(), numbers.end(), [&](uint32_t a, uint32_t b) {
    return mb.messages[a].received > mb.messages[b].received;
  });
  return numbers;
}

http::Response ListMessages(Call& call, bool in_folder) {
  M365SIM_OPEN_MAILBOX(Area::kMail, false);
  IdMode mode = Mode(call);
  auto items = call.svc.store.Read([&](const content::Content& c) -> std::optional<std::vector<Json>> {
    const auto& mb = c.mailboxes[mbi];
    std::vector<uint32_t> numbers;
    if (in_folder) {
      uint32_t f = ResolveFolder(mb, call.req.Param("folder"));
      if (f == kNone) return std::nullopt;
      for (uint64_t k : mb.message_journals[f].LiveKeys(0, SIZE_MAX)) numbers.push_back(static_cast<uint32_t>(k));
    } else {
      for (uint32_t n = 0; n < mb.messages.size(); ++n) {
        if (!mb.messages[n].deleted) numbers.push_back(n);
      }
    }
    std::vector<Json> out;
    for (uint32_t n : ByReceivedDescending(mb, std::move(numbers))) out.push_back(MessageJson(c, mb, n, mode));
    return out;
  });
  if (!items) return ItemNotFound(call);
  std::string context = call.Base() + "/$metadata#" + UserPath(call) +
                        (in_folder ? "/mailFolders('" + std::string(call.req.Param("folder")) + "')/messages"
                                   : "/messages");
  return workloads::ListResponse(call, context, std::move(*items), 10, 1000);
}

http::Response MessageDelta(Call& call) {
  M365SIM_OPEN_MAILBOX(Area::kMail, false);
  IdMode mode = Mode(call);
  std::string folder_param(call.req.Param("folder"));
  auto folder = call.svc.store.Read(
      [&](const content::Content& c) { return ResolveFolder(c.mailboxes[mbi], folder_param); });
  if (folder == kNone) return ItemNotFound(call);
  std::string options = call.req.query.GetOr("$select") + "|" + call.req.query.GetOr("changeType");
  std::string collection = "mail/" + std::to_string(mbi) + "/folder/" + std::to_string(folder);
  auto begun = workloads::BeginDelta(call, workloads::DeltaStyle::kOutlook, collection, options, 0);
  if (auto* e = std::get_if<http::Response>(&begun)) return std::move(*e);
  auto& round = std::get<workloads::DeltaRound>(begun);
  std::string select = round.state.options.substr(0, round.state.options.find('|'));
  std::string change_type = round.state.options.substr(round.state.options.find('|') + 1);
  bool from_prefer = false;
  size_t page = workloads::PageSize(call.req, 10, 1000, &from_prefer);
  std::string user = UserSegment(call);
  Json body = call.svc.store.Read([&](const content::Content& c) {
    const auto& mb = c.mailboxes[mbi];
    std::string path = call.Base() + "/users/" + user + "/mailFolders/" + FolderId(mb, folder) + "/messages/delta";
    return workloads::DeltaPage(
        call, workloads::DeltaStyle::kOutlook, round, mb.message_journals[folder], page,
        call.Base() + "/$metadata#Collection(message)", path, [&](const delta::JournalEntry& e) -> std::optional<Json> {
          uint32_t n = static_cast<uint32_t>(e.key);
          if (e.removed) {
            if (!change_type.empty() && change_type != "deleted") return std::nullopt;
            return Json{{"@odata.type", "#microsoft.graph.message"},
                        {"id", content::EncodeOutlookId({mb.guid, content::OutlookKind::kMessage, folder, n, -1,
                                                         mode.immutable})},
                        {"@removed", {{"reason", "deleted"}}}};
          }
          bool created = mb.messages[n].revision == 0;
          if (change_type == "deleted" || (change_type == "created" && !created) ||
              (change_type == "updated" && created)) {
            return std::nullopt;
          }
          Json j = workloads::Select(MessageJson(c, mb, n, mode), select);
          Json out;
          out["@odata.type"] = "#microsoft.graph.message";
          workloads::AppendMembers(out, j);
          return out;
        });
  });
  http::Response response = graphapi::GraphJson(call.req, body);
  if (from_prefer) response.headers.Set("Preference-Applied", "odata.maxpagesize=" + std::to_string(page));
  return response;
}

http::Response GetMessage(Call& call) {
  M365SIM_OPEN_MAILBOX(Area::kMail, false);
  IdMode mode = Mode(call);
  auto json = call.svc.store.Read([&](const content::Content& c) -> std::optional<Json> {
    const auto& mb = c.mailboxes[mbi];
    uint32_t n = ResolveMessage(mb, call.req.Param("id"));
    if (n == kNone) return std::nullopt;
    Json j;
    j["@odata.context"] = call.Base() + "/$metadata#" + UserPath(call) + "/messages/$entity";
    workloads::AppendMembers(j, MessageJson(c, mb, n, mode));
    if (call.req.query.GetOr("$expand") == "attachments") {
      Json list = Json::array();
      content::MessageSpec spec = content::MessageSpecOf(c, mb, n);
      for (uint32_t i = 0; i < spec.attachments.size(); ++i) list.push_back(AttachmentJson(c, mb, n, i, mode, true));
      j["attachments"] = list;
    }
    return j;
  });
  if (!json) return ItemNotFound(call);
  return graphapi::GraphJson(call.req, workloads::Select(*json, call.req.query.GetOr("$select")));
}

http::Response GetMime(Call& call) {
  M365SIM_OPEN_MAILBOX(Area::kMail, false);
  auto mime = call.svc.store.Read([&](const content::Content& c) -> content::ByteSourcePtr {
    const auto& mb = c.mailboxes[mbi];
    uint32_t n = ResolveMessage(mb, call.req.Param("id"));
    if (n == kNone) return nullptr;
    return content::MessageMime(c, mb, n);
  });
  if (!mime) return ItemNotFound(call);
  return workloads::BytesResponse(call.req, mime, "text/plain", false);
}

http::Response ListAttachments(Call& call) {
  M365SIM_OPEN_MAILBOX(Area::kMail, false);
  IdMode mode = Mode(call);
  auto items = call.svc.store.Read([&](const content::Content& c) -> std::optional<std::vector<Json>> {
    const auto& mb = c.mailboxes[mbi];
    uint32_t n = ResolveMessage(mb, call.req.Param("id"));
    if (n == kNone) return std::nullopt;
    std::vector<Json> out;
    content::MessageSpec spec = content::MessageSpecOf(c, mb, n);
    for (uint32_t i = 0; i < spec.attachments.size(); ++i) out.push_back(AttachmentJson(c, mb, n, i, mode, true));
    return out;
  });
  if (!items) return ItemNotFound(call);
  return workloads::ListResponse(call, call.Base() + "/$metadata#" + UserPath(call) + "/messages('" +
                                           std::string(call.req.Param("id")) + "')/attachments",
                                 std::move(*items), 100, 1000);
}

http::Response GetAttachment(Call& call, bool value) {
  M365SIM_OPEN_MAILBOX(Area::kMail, false);
  IdMode mode = Mode(call);
  struct Found {
    Json json;
    content::ByteSourcePtr bytes;
    std::string type;
  };
  auto found = call.svc.store.Read([&](const content::Content& c) -> std::optional<Found> {
    const auto& mb = c.mailboxes[mbi];
    uint32_t n = ResolveMessage(mb, call.req.Param("id"));
    int32_t index = -1;
    if (n == kNone || ResolveMessage(mb, call.req.Param("attachment"), &index) != n || index < 0) return std::nullopt;
    content::MessageSpec spec = content::MessageSpecOf(c, mb, n);
    if (static_cast<size_t>(index) >= spec.attachments.size()) return std::nullopt;
    const auto& a = spec.attachments[static_cast<size_t>(index)];
    Found f;
    f.bytes = content::AttachmentBytes(a);
    f.type = a.item ? "message/rfc822" : a.content_type;
    if (!value) {
      f.json["@odata.context"] = call.Base() + "/$metadata#" + UserPath(call) + "/messages('" +
                                 std::string(call.req.Param("id")) + "')/attachments/$entity";
      workloads::AppendMembers(f.json, AttachmentJson(c, mb, n, static_cast<uint32_t>(index), mode, true));
    }
    return f;
  });
  if (!found) return ItemNotFound(call);
  if (value) return workloads::BytesResponse(call.req, found->bytes, found->type, false);
  return graphapi::GraphJson(call.req, found->json);
}

// PidTagMessageFlags bits: MSGFLAG_READ and MSGFLAG_UNSENT.
constexpr int64_t kFlagRead = 0x1;
constexpr int64_t kFlagUnsent = 0x8;

std::vector<content::Address> AddressesFrom(const Json& list) {
  std::vector<content::Address> out;
  if (!list.is_array()) return out;
  for (const auto& r : list) {
    if (!r.is_object() || !r.contains("emailAddress")) continue;
    const auto& e = r["emailAddress"];
    out.push_back({e.value("name", e.value("address", "")), e.value("address", "")});
  }
  return out;
}

http::Response CreateMessage(Call& call, bool in_folder) {
  M365SIM_OPEN_MAILBOX(Area::kMail, true);
  if (call.req.body.size() > kMaxOutlookBody) {
    return graphapi::GraphError(call.req, 413, "ErrorRequestEntityTooLarge",
                                "The request exceeds the maximum supported size of 4 MB.");
  }
  content::CustomMessage custom;
  content::Message message;
  message.draft = true;
  message.read = true;
  content::Time now = call.svc.Now();
  message.received = now;
  message.modified = now;
  std::string_view type = call.req.headers.Get("Content-Type");
  if (type.rfind("text/plain", 0) == 0) {
    std::string compact;
    for (char ch : call.req.body) {
      if (ch != '\r' && ch != '\n') compact.push_back(ch);
    }
    auto mime = ark::Base64Decode(compact);
    auto spec = mime ? content::ParseMime(*mime) : std::nullopt;
    if (!spec) {
      return graphapi::GraphError(call.req, 400, "ErrorMimeContentInvalidBase64String",
                                  "Invalid base64 string for MIME content.");
    }
    auto blob = call.svc.store.blobs().Put(*mime);
    if (!blob.ok()) return graphapi::GraphError(call.req, 500, "ErrorInternalServerError", blob.status().message());
    custom.mime = call.svc.store.blobs().Get(*blob, mime->size());
    custom.spec = std::move(*spec);
    custom.from_mime = true;
    if (custom.spec.date) message.received = custom.spec.date;
  } else {
    Json body = Json::parse(call.req.body, nullptr, false);
    if (!body.is_object()) {
      return graphapi::GraphError(call.req, 400, "RequestBodyRead", "The request body is not a JSON object.");
    }
    content::MessageSpec& spec = custom.spec;
    spec.subject = body.value("subject", "");
    if (body.contains("body") && body["body"].is_object()) {
      std::string content_type = ToLowerAscii(body["body"].value("contentType", "text"));
      std::string text = body["body"].value("content", "");
      if (content_type == "html") {
        spec.body_kind = content::BodyKind::kHtml;
        spec.html = text;
      }
      spec.text = text;
    }
    auto from = AddressesFrom(Json::array({body.value("from", Json())}));
    spec.from = from.empty() ? content::Address{"", ""} : from[0];
    spec.to = AddressesFrom(body.value("toRecipients", Json::array()));
    spec.cc = AddressesFrom(body.value("ccRecipients", Json::array()));
    spec.importance = body.value("importance", "normal") == "normal" ? "" : body.value("importance", "");
    spec.message_id = body.value("internetMessageId", "<" + ark::HexEncode(call.svc.url_secret.substr(0, 4)) +
                                                          std::to_string(now) + "@m365sim.local>");
    spec.date = now;
    if (body.contains("singleValueExtendedProperties") && body["singleValueExtendedProperties"].is_array()) {
      custom.extended_properties = body["singleValueExtendedProperties"].dump();
      for (const auto& p : body["singleValueExtendedProperties"]) {
        std::string id = ToLowerAscii(p.value("id", ""));
        std::string value = p.value("value", "");
        if (id == "integer 0x0e07") {
          int64_t flags = std::strtoll(value.c_str(), nullptr, 10);
          message.draft = (flags & kFlagUnsent) != 0;
          message.read = (flags & kFlagRead) != 0;
        } else if (id == "systemtime 0x0e06") {
          if (auto t = ark::ParseRfc3339(value)) {
            message.received = std::chrono::duration_cast<std::chrono::seconds>(t->time_since_epoch()).count();
          }
        } else if (id == "systemtime 0x0039") {
          if (auto t = ark::ParseRfc3339(value)) {
            spec.date = std::chrono::duration_cast<std::chrono::seconds>(t->time_since_epoch()).count();
          }
        }
      }
    }
    if (body.contains("isRead") && body["isRead"].is_boolean()) message.read = body["isRead"].get<bool>();
  }
  IdMode mode = Mode(call);
  auto json = call.svc.store.Write([&](content::Content& c) -> std::optional<Json> {
    auto& mb = c.mailboxes[mbi];
    uint32_t folder = in_folder ? ResolveFolder(mb, call.req.Param("folder")) : ResolveFolder(mb, "drafts");
    if (folder == kNone || mb.folders[folder].search) return std::nullopt;
    message.folder = folder;
    message.custom = static_cast<uint32_t>(mb.custom_messages.size());
    message.kind = static_cast<uint8_t>(content::MessageKind::kAlternative);
    mb.custom_messages.push_back(std::move(custom));
    uint32_t n = content::AddMessage(c, mb, message);
    return MessageJson(c, mb, n, mode);
  });
  if (!json) return ItemNotFound(call);
  Json out;
  out["@odata.context"] = call.Base() + "/$metadata#" + UserPath(call) + "/messages/$entity";
  for (auto [k, v] : json->items()) out[k] = v;
  return graphapi::GraphJson(call.req, out, 201);
}

// Makes a generated message editable (its spec copied into a custom record).
void Customise(const content::Content& c, content::Mailbox& mb, uint32_t n) {
  if (mb.messages[n].custom != kNone) return;
  content::CustomMessage custom;
  custom.spec = content::MessageSpecOf(c, mb, n);
  mb.messages[n].custom = static_cast<uint32_t>(mb.custom_messages.size());
  mb.custom_messages.push_back(std::move(custom));
}

http::Response AddAttachment(Call& call) {
  M365SIM_OPEN_MAILBOX(Area::kMail, true);
  if (call.req.body.size() > kMaxOutlookBody) {
    return graphapi::GraphError(call.req, 413, "ErrorRequestEntityTooLarge",
                                "The request exceeds the maximum supported size of 4 MB; use an upload session.");
  }
  Json body = Json::parse(call.req.body, nullptr, false);
  if (!body.is_object() || !body.contains("name") || !body.contains("contentBytes")) {
    return graphapi::GraphError(call.req, 400, "ErrorInvalidRequest", "name and contentBytes are required.");
  }
  auto bytes = ark::Base64Decode(body.value("contentBytes", ""));
  if (!bytes) return graphapi::GraphError(call.req, 400, "ErrorInvalidRequest", "contentBytes is not base64.");
  auto blob = call.svc.store.blobs().Put(*bytes);
  if (!blob.ok()) return graphapi::GraphError(call.req, 500, "ErrorInternalServerError", blob.status().message());
  content::AttachmentSpec a;
  a.name = body.value("name", "attachment");
  a.content_type = body.value("contentType", "application/octet-stream");
  a.size = bytes->size();
  a.is_inline = body.value("isInline", false);
  a.content_id = body.value("contentId", "");
  a.bytes = call.svc.store.blobs().Get(*blob, bytes->size());
  IdMode mode = Mode(call);
  content::Time now = call.svc.Now();
  auto json = call.svc.store.Write([&](content::Content& c) -> std::optional<Json> {
    auto& mb = c.mailboxes[mbi];
    uint32_t n = ResolveMessage(mb, call.req.Param("id"));
    if (n == kNone) return std::nullopt;
    Customise(c, mb, n);
    auto& custom = mb.custom_messages[mb.messages[n].custom];
    custom.spec.attachments.push_back(a);
    content::TouchMessage(c, mb, n, now);
    return AttachmentJson(c, mb, n, static_cast<uint32_t>(custom.spec.attachments.size() - 1), mode, false);
  });
  if (!json) return ItemNotFound(call);
  return graphapi::GraphJson(call.req, *json, 201);
}

http::Response AttachmentUploadSession(Call& call) {
  M365SIM_OPEN_MAILBOX(Area::kMail, true);
  Json body = Json::parse(call.req.body, nullptr, false);
  Json item = body.is_object() ? body.value("AttachmentItem", Json()) : Json();
  if (!item.is_object() || !item.contains("size") || !item["size"].is_number_unsigned()) {
    return graphapi::GraphError(call.req, 400, "ErrorInvalidRequest", "AttachmentItem with name and size is required.");
  }
  uint64_t size = item["size"].get<uint64_t>();
  if (size > (150ULL << 20)) {
    return graphapi::GraphError(call.req, 400, "ErrorAttachmentSizeLimitExceeded",
                                "The attachment exceeds the maximum size of 150 MB.");
  }
  bool exists = call.svc.store.Read(
      [&](const content::Content& c) { return ResolveMessage(c.mailboxes[mbi], call.req.Param("id")) != kNone; });
  if (!exists) return ItemNotFound(call);
  std::string message_id(call.req.Param("id"));
  content::AttachmentSpec spec;
  spec.name = item.value("name", "attachment");
  spec.content_type = item.value("contentType", "application/octet-stream");
  spec.is_inline = item.value("isInline", false);
  spec.content_id = item.value("contentId", "");
  workloads::Service& svc = call.svc;
  std::string location_base = call.Base() + "/users/" + UserSegment(call) + "/messages/" + message_id;
  auto completion = [&svc, mbi, message_id, spec, location_base](http::Request& r, uint32_t blob,
                                                                  uint64_t length) mutable {
    spec.size = length;
    spec.bytes = svc.store.blobs().Get(blob, length);
    content::Time now = svc.Now();
    auto id = svc.store.Write([&](content::Content& c) -> std::optional<std::string> {
      auto& mb = c.mailboxes[mbi];
      uint32_t n = ResolveMessage(mb, message_id);
      if (n == kNone) return std::nullopt;
      Customise(c, mb, n);
      auto& custom = mb.custom_messages[mb.messages[n].custom];
      custom.spec.attachments.push_back(spec);
      content::TouchMessage(c, mb, n, now);
      return AttachmentId(mb, n, static_cast<uint32_t>(custom.spec.attachments.size() - 1), {false});
    });
    if (!id) return graphapi::GraphError(r, 404, "ErrorItemNotFound", "The message of this upload session is gone.");
    http::Response done = http::Response::Empty(201);
    done.headers.Set("Location", location_base + "/attachments('" + *id + "')");
    return done;
  };
  Json session = svc.uploads->Create(size, completion, true);
  return graphapi::GraphJson(call.req, session, 201);
}

http::Response MoveMessage(Call& call) {
  M365SIM_OPEN_MAILBOX(Area::kMail, true);
  Json body = Json::parse(call.req.body, nullptr, false);
  std::string destination = body.is_object() ? body.value("destinationId", "") : "";
  IdMode mode = Mode(call);
  content::Time now = call.svc.Now();
  auto json = call.svc.store.Write([&](content::Content& c) -> std::optional<Json> {
    auto& mb = c.mailboxes[mbi];
    uint32_t n = ResolveMessage(mb, call.req.Param("id"));
    uint32_t f = ResolveFolder(mb, destination);
    if (n == kNone || f == kNone) return std::nullopt;
    content::MoveMessage(c, mb, n, f, now);
    return MessageJson(c, mb, n, mode);
  });
  if (!json) return ItemNotFound(call);
  return graphapi::GraphJson(call.req, *json, 201);
}

http::Response UpdateMessage(Call& call) {
  M365SIM_OPEN_MAILBOX(Area::kMail, true);
  Json body = Json::parse(call.req.body, nullptr, false);
  if (!body.is_object()) return graphapi::GraphError(call.req, 400, "RequestBodyRead", "Expected a JSON object.");
  IdMode mode = Mode(call);
  content::Time now = call.svc.Now();
  auto json = call.svc.store.Write([&](content::Content& c) -> std::optional<Json> {
    auto& mb = c.mailboxes[mbi];
    uint32_t n = ResolveMessage(mb, call.req.Param("id"));
    if (n == kNone) return std::nullopt;
    auto& m = mb.messages[n];
    if (body.contains("isRead") && body["isRead"].is_boolean()) m.read = body["isRead"].get<bool>();
    if (body.contains("flag") && body["flag"].is_object()) m.flagged = body["flag"].value("flagStatus", "") == "flagged";
    content::TouchMessage(c, mb, n, now);
    return MessageJson(c, mb, n, mode);
  });
  if (!json) return ItemNotFound(call);
  return graphapi::GraphJson(call.req, *json);
}

http::Response DeleteMessage(Call& call) {
  M365SIM_OPEN_MAILBOX(Area::kMail, true);
  bool ok = call.svc.store.Write([&](content::Content& c) {
    auto& mb = c.mailboxes[mbi];
    uint32_t n = ResolveMessage(mb, call.req.Param("id"));
    if (n == kNone) return false;
    content::DeleteMessage(c, mb, n);
    return true;
  });
  if (!ok) return ItemNotFound(call);
  return http::Response::Empty(204);
}

}  // namespace

void RegisterRoutes(http::Router& graph, workloads::Service& svc) {
  AddMailboxRoute(graph, svc, "GET", "/mailFolders", [](Call& c) { return ListFolders(c, false); });
  AddMailboxRoute(graph, svc, "POST", "/mailFolders", [](Call& c) { return CreateFolder(c, false); });
  AddMailboxRoute(graph, svc, "GET", "/mailFolders/delta", FolderDelta);
  AddMailboxRoute(graph, svc, "GET", "/mailFolders/{folder}", GetFolder);
  AddMailboxRoute(graph, svc, "GET", "/mailFolders/{folder}/childFolders", [](Call& c) { return ListFolders(c, true); });
  AddMailboxRoute(graph, svc, "POST", "/mailFolders/{folder}/childFolders", [](Call& c) { return CreateFolder(c, true); });
  AddMailboxRoute(graph, svc, "GET", "/mailFolders/{folder}/messages", [](Call& c) { return ListMessages(c, true); });
  AddMailboxRoute(graph, svc, "POST", "/mailFolders/{folder}/messages", [](Call& c) { return CreateMessage(c, true); });
  AddMailboxRoute(graph, svc, "GET", "/mailFolders/{folder}/messages/delta", MessageDelta);
  AddMailboxRoute(graph, svc, "GET", "/messages", [](Call& c) { return ListMessages(c, false); });
  AddMailboxRoute(graph, svc, "POST", "/messages", [](Call& c) { return CreateMessage(c, false); });
  AddMailboxRoute(graph, svc, "GET", "/messages/{id}", GetMessage);
  AddMailboxRoute(graph, svc, "PATCH", "/messages/{id}", UpdateMessage);
  AddMailboxRoute(graph, svc, "DELETE", "/messages/{id}", DeleteMessage);
  AddMailboxRoute(graph, svc, "GET", "/messages/{id}/$value", GetMime);
  AddMailboxRoute(graph, svc, "POST", "/messages/{id}/move", MoveMessage);
  AddMailboxRoute(graph, svc, "GET", "/messages/{id}/attachments", ListAttachments);
  AddMailboxRoute(graph, svc, "POST", "/messages/{id}/attachments", AddAttachment);
  AddMailboxRoute(graph, svc, "POST", "/messages/{id}/attachments/createUploadSession", AttachmentUploadSession);
  AddMailboxRoute(graph, svc, "GET", "/messages/{id}/attachments/{attachment}", [](Call& c) { return GetAttachment(c, false); });
  AddMailboxRoute(graph, svc, "GET", "/messages/{id}/attachments/{attachment}/$value",
       [](Call& c) { return GetAttachment(c, true); });
  RegisterPimRoutes(graph, svc);
}

}  // namespace m365sim::mail
