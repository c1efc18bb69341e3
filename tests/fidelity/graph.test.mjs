// Fidelity of m365sim's Graph data endpoints, checked with @microsoft/microsoft-graph-client and
// @azure/identity, every JSON body validated against the official CSDL (tests/csdl).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import {
  accessToken, app, call, checkShape, endpoints, followAll, getJson, graphClient, graphSdk, sha256, sim, truth,
} from "./graph_harness.mjs";

const { PageIterator, BatchRequestContent, BatchResponseContent, LargeFileUploadTask, FileUpload } = graphSdk;

let token;
let client;
let user; // a member with a mailbox and a OneDrive
let team;

before(async () => {
  token = await accessToken();
  client = graphClient();
  const users = await getJson("/users?$select=id,userPrincipalName,mail", token);
  const admin = endpoints.accounts.find((a) => a.case === "global-admin");
  user = users.value.find((u) => u.userPrincipalName === admin.upn);
  assert.ok(user, "the global administrator is listed in /users");
  const teams = await getJson(
    `/groups?$filter=${encodeURIComponent("resourceProvisioningOptions/Any(x:x eq 'Team')")}`,
    token,
  );
  team = teams.value[0];
  assert.ok(team, "a Teams-enabled group is found by resourceProvisioningOptions");
});

test("PageIterator pages through all users with Graph's skip tokens", async () => {
  const all = await getJson("/users?$count=true&$top=999", token, { headers: { ConsistencyLevel: "eventual" } });
  const first = await client.api("/users").top(3).get();
  checkShape(first, `${endpoints.graph_base}/users?$top=3`);
  assert.match(first["@odata.nextLink"], /^https:\/\/localhost:\d+\/v1\.0\/users\?.*\$skiptoken=/);
  const seen = [];
  const iterator = new PageIterator(client, first, (u) => {
    seen.push(u.id);
    return true;
  });
  await iterator.iterate();
  assert.equal(seen.length, all["@odata.count"]);
  assert.equal(new Set(seen).size, seen.length, "no user twice");
  const noHeader = await call("GET", "/users?$count=true", { token });
  assert.equal(noHeader.status, 400, "$count needs ConsistencyLevel: eventual");
});

test("a mail folder's delta runs to the end, then reports adds, edits, moves and deletes", async () => {
  const inbox = `/users/${user.id}/mailFolders/inbox/messages/delta`;
  const round = await followAll(`${endpoints.graph_base}${inbox}?$select=subject,isRead`, token, {
    Prefer: "odata.maxpagesize=7",
  });
  assert.ok(round.pages > 1, "several pages");
  assert.ok(round.deltaLink.includes("$deltatoken="));
  const before = new Set(round.values.map((m) => m.id));
  const mutation = await sim("POST", "/mutate", { seed: 11, fraction: 0.3 });
  assert.equal(mutation.status, 200);
  const changes = await followAll(round.deltaLink, token);
  const removed = changes.values.filter((m) => m["@removed"]);
  const present = changes.values.filter((m) => !m["@removed"]);
  assert.ok(present.some((m) => !before.has(m.id)), "new mail appears");
  assert.ok(removed.length > 0, "moved or deleted mail is reported as @removed");
  for (const r of removed) assert.deepEqual(r["@removed"], { reason: "deleted" });
  for (const m of present) assert.deepEqual(Object.keys(m).filter((k) => !k.startsWith("@")).sort(), ["id", "isRead", "subject"]);
  const again = await followAll(changes.deltaLink, token);
  assert.equal(again.values.length, 0, "nothing changed since");
});

test("the MIME of a message is served exactly as the ground truth hashes it", async () => {
  const list = await client.api(`/users/${user.id}/messages`).top(5).get();
  checkShape(list, `${endpoints.graph_base}/users/${user.id}/messages`);
  const listing = await truth(`user=${user.id}&content=true`);
  const immutable = await client.api(`/users/${user.id}/messages/${list.value[0].id}`).header("Prefer", 'IdType="ImmutableId"').get();
  const expected = listing.items.find((i) => i.id === immutable.id);
  assert.ok(expected, "the message is in the truth listing (by immutable id)");
  const mime = await call("GET", `/users/${user.id}/messages/${list.value[0].id}/$value`, { token, raw: true });
  assert.equal(mime.status, 200);
  assert.equal(sha256(mime.bytes), expected.sha256);
  assert.match(mime.text, /^Received: /);
  assert.match(mime.text, /\r\nMIME-Version: 1\.0\r\n/);
});

test("mutable ids change on move, immutable ids do not", async () => {
  const msgs = await getJson(`/users/${user.id}/mailFolders/inbox/messages?$top=1`, token);
  const mutableId = msgs.value[0].id;
  const immutable = await getJson(`/users/${user.id}/messages/${mutableId}`, token, {
    headers: { Prefer: 'IdType="ImmutableId"' },
  });
  const moved = await call("POST", `/users/${user.id}/messages/${mutableId}/move`, {
    token,
    headers: { "Content-Type": "application/json" },
    body: { destinationId: "archive" },
    type: "microsoft.graph.message",
  });
  assert.equal(moved.status, 201);
  assert.notEqual(moved.json.id, mutableId);
  assert.equal((await call("GET", `/users/${user.id}/messages/${mutableId}`, { token })).status, 404);
  const byImmutable = await call("GET", `/users/${user.id}/messages/${immutable.id}`, {
    token,
    headers: { Prefer: 'IdType="ImmutableId"' },
  });
  assert.equal(byImmutable.status, 200);
  assert.equal(byImmutable.json.id, immutable.id);
});

test("a drive's delta runs to the end and reports deletions with the deleted facet", async () => {
  const drive = await client.api(`/users/${user.id}/drive`).get();
  checkShape(drive, `${endpoints.graph_base}/users/${user.id}/drive`);
  const round = await followAll(`${endpoints.graph_base}/drives/${drive.id}/root/delta?$top=5`, token);
  assert.ok(round.pages > 1);
  assert.match(round.deltaLink, /root\/delta\?token=/);
  const files = round.values.filter((i) => i.file);
  assert.ok(files.every((f) => f["@microsoft.graph.downloadUrl"].startsWith(endpoints.files_base)));
  await sim("POST", "/mutate", { seed: 12, fraction: 0.5 });
  const changes = await followAll(round.deltaLink, token);
  assert.ok(changes.values.some((i) => i.deleted), "deleted items carry deleted: {}");
  const latest = await getJson(`/drives/${drive.id}/root/delta?token=latest`, token);
  assert.equal(latest.value.length, 0);
  assert.ok(latest["@odata.deltaLink"]);
});

test("file content is a 302 to the files listener; the client follows it without Authorization", async () => {
  const children = await client.api(`/users/${user.id}/drive/root/children`).get();
  const file = children.value.find((i) => i.file && i.size > 1000 && i.size < 4 << 20);
  assert.ok(file);
  const redirect = await call("GET", `/users/${user.id}/drive/items/${file.id}/content`, { token, raw: true });
  assert.equal(redirect.status, 302);
  const location = redirect.headers.get("location");
  assert.ok(location.startsWith(endpoints.files_base), location);
  const stream = await client.api(`/users/${user.id}/drive/items/${file.id}/content`).getStream();
  const chunks = [];
  for await (const c of Readable.from(stream)) chunks.push(Buffer.from(c));
  const bytes = Buffer.concat(chunks);
  assert.equal(bytes.length, file.size);
  const listing = await truth(`drive=${encodeURIComponent(file.parentReference.driveId)}`);
  assert.equal(sha256(bytes), listing.items.find((i) => i.id === file.id).sha256);
  const range = await fetch(location, { headers: { Range: "bytes=10-19" } });
  assert.equal(range.status, 206);
  assert.equal(range.headers.get("content-range"), `bytes 10-19/${file.size}`);
  assert.deepEqual(Buffer.from(await range.arrayBuffer()), bytes.subarray(10, 20));
});

test("a large file goes up through an upload session (LargeFileUploadTask) and comes back byte for byte", async () => {
  const size = 5 * 1024 * 1024 + 12345;
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i++) data[i] = (i * 7 + (i >> 9)) & 0xff;
  const session = await LargeFileUploadTask.createUploadSession(
    client,
    `${endpoints.graph_base}/users/${user.id}/drive/root:/Uploads%20fidelity/big%20file.bin:/createUploadSession`,
    { item: { "@microsoft.graph.conflictBehavior": "rename" } },
  );
  assert.ok(session.url.startsWith(endpoints.files_base));
  const task = new LargeFileUploadTask(client, new FileUpload(data, "big file.bin", size), session, {
    rangeSize: 320 * 1024 * 4,
  });
  const result = await task.upload();
  const item = result.responseBody;
  assert.equal(item.size, size);
  const listing = await truth(`user=${user.id}&content=true`);
  assert.equal(listing.items.find((i) => i.id === item.id).sha256, sha256(data));
  const bad = await fetch(session.url, { method: "PUT", headers: { "Content-Range": "bytes 0-9/10" }, body: "0123456789" });
  assert.equal(bad.status, 404, "a finished session is gone");
});

test("the retry handler waits out a 429 and its Retry-After, and stats count the throttled request", async () => {
  await sim("POST", "/stats/reset");
  const limits = await sim("PUT", "/throttling", { outlook_requests: 3, outlook_window_seconds: 2, retry_after_format: "fractional" });
  assert.equal(limits.status, 200);
  try {
    const raw = [];
    for (let i = 0; i < 5; i++) raw.push(await call("GET", `/users/${user.id}/mailFolders`, { token, retry429: false }));
    const throttled = raw.find((r) => r.status === 429);
    assert.ok(throttled, "the fourth request in the window is throttled");
    assert.match(throttled.headers.get("retry-after"), /^\d+\.\d{3}$/);
    assert.equal(throttled.json.error.code, "ApplicationThrottled");
    const ok = await client.api(`/users/${user.id}/mailFolders`).get();
    assert.ok(ok.value.length > 0, "the client library retried after Retry-After and succeeded");
    const stats = await sim("GET", "/stats");
    const scope = stats.json.scopes.find((s) => s.scope === "outlook.app-mailbox" && s.key.endsWith(user.id));
    assert.ok(scope.throttled >= 1);
    assert.ok(stats.json.minimal_seconds > 0);
  } finally {
    await sim("PUT", "/throttling", { outlook_requests: 10000, outlook_window_seconds: 600, retry_after_format: "integer" });
  }
});

test("$batch through the client's batching helpers: per-request status, dependsOn and 424", async () => {
  const requests = [
    { id: "1", request: new Request(`${endpoints.graph_base}/users/${user.id}`, { method: "GET" }) },
    { id: "2", request: new Request(`${endpoints.graph_base}/users/${user.id}/drive`, { method: "GET" }), dependsOn: ["1"] },
    { id: "3", request: new Request(`${endpoints.graph_base}/users/not-a-user/mailFolders`, { method: "GET" }), dependsOn: ["2"] },
    { id: "4", request: new Request(`${endpoints.graph_base}/users/${user.id}`, { method: "GET" }), dependsOn: ["3"] },
  ];
  const content = new BatchRequestContent(requests);
  const response = await client.api("/$batch").post(await content.getContent());
  const parsed = new BatchResponseContent(response);
  assert.equal(parsed.getResponseById("1").status, 200);
  assert.equal(parsed.getResponseById("2").status, 200);
  assert.equal(parsed.getResponseById("3").status, 404);
  assert.equal(parsed.getResponseById("4").status, 424);
  for (const r of response.responses.filter((x) => x.status === 200)) checkShape(r.body, `${endpoints.graph_base}/x`);
  const tooMany = await call("POST", "/$batch", {
    token,
    headers: { "Content-Type": "application/json" },
    body: { requests: Array.from({ length: 21 }, (_, i) => ({ id: `${i}`, method: "GET", url: "/users" })) },
  });
  assert.equal(tooMany.status, 400);
});

test("restores: MIME creates are drafts, JSON with PidTagMessageFlags is not", async () => {
  const mime =
    "From: Alex <alex@fabrikam.example>\r\nTo: Adele <adele@contoso.example>\r\nSubject: =?utf-8?B?UmVzdGF1csOp?=\r\n" +
    "Date: Mon, 01 Jun 2026 10:00:00 +0000\r\nMessage-ID: <restored-1@fabrikam.example>\r\nMIME-Version: 1.0\r\n" +
    'Content-Type: text/plain; charset="utf-8"\r\n\r\nRestored body.\r\n';
  const created = await call("POST", `/users/${user.id}/mailFolders/inbox/messages`, {
    token,
    headers: { "Content-Type": "text/plain" },
    body: Buffer.from(mime).toString("base64"),
  });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.isDraft, true);
  assert.equal(created.json.subject, "Restauré");
  const back = await call("GET", `/users/${user.id}/messages/${created.json.id}/$value`, { token, raw: true });
  assert.equal(back.text, mime, "the restored MIME comes back byte for byte");
  const json = await call("POST", `/users/${user.id}/mailFolders/inbox/messages`, {
    token,
    headers: { "Content-Type": "application/json" },
    body: {
      subject: "Restored by JSON",
      body: { contentType: "text", content: "hello" },
      singleValueExtendedProperties: [
        { id: "Integer 0x0E07", value: "1" },
        { id: "SystemTime 0x0E06", value: "2026-01-02T03:04:05Z" },
      ],
    },
  });
  assert.equal(json.status, 201, json.text);
  assert.equal(json.json.isDraft, false);
  assert.equal(json.json.isRead, true);
  assert.equal(json.json.receivedDateTime, "2026-01-02T03:04:05Z");
  const bad = await call("POST", `/users/${user.id}/mailFolders/inbox/messages`, {
    token,
    headers: { "Content-Type": "text/plain" },
    body: "not base64 !!!",
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.code, "ErrorMimeContentInvalidBase64String");
});

test("permissions: 401 without a token, 403 with Outlook's and SharePoint's codes, personal sites refuse app-only", async () => {
  const none = await call("GET", `/users/${user.id}/messages`);
  assert.equal(none.status, 401);
  assert.match(none.headers.get("www-authenticate"), /^Bearer realm="", authorization_uri="/);
  const unconsented = await accessToken("ark365-unconsented");
  const mail = await call("GET", `/users/${user.id}/messages`, { token: unconsented });
  assert.equal(mail.status, 403);
  assert.equal(mail.json.error.code, "ErrorAccessDenied");
  const files = await call("GET", `/users/${user.id}/drive/root/children`, { token: unconsented });
  assert.equal(files.status, 403);
  assert.equal(files.json.error.code, "accessDenied");
  const sites = await getJson("/sites/getAllSites", token);
  const personal = sites.value.find((s) => s.isPersonalSite);
  const refused = await call("GET", `/sites/${personal.id}/lists`, { token });
  assert.equal(refused.status, 403);
  assert.match(refused.json.error.message, /Personal sites do not accept app-only tokens/);
});

test("faults: a 503 with Retry-After is retried by the client; a lost sync state is 410", async () => {
  const rule = await sim("POST", "/faults", { route: `/v1.0/users/${user.id}/drive`, fault: 503, count: 1, retry_after: 1 });
  assert.equal(rule.status, 201);
  const drive = await client.api(`/users/${user.id}/drive`).get();
  assert.ok(drive.id);
  const listed = await sim("GET", "/faults");
  assert.equal(listed.json.faults.find((f) => f.id === rule.json.id).fired, 1);
  await sim("DELETE", "/faults");
  const round = await followAll(`${endpoints.graph_base}/drives/${drive.id}/root/delta`, token);
  await sim("POST", "/delta/invalidate");
  const gone = await call("GET", round.deltaLink, { token });
  assert.equal(gone.status, 410);
  assert.equal(gone.json.error.code, "resyncRequired");
  assert.ok(gone.headers.get("location").endsWith("/root/delta"));
  const folders = await followAll(`${endpoints.graph_base}/users/${user.id}/mailFolders/delta`, token);
  await sim("POST", "/delta/invalidate");
  const outlook = await call("GET", folders.deltaLink, { token });
  assert.equal(outlook.status, 410);
  assert.equal(outlook.json.error.code, "SyncStateNotFound");
});

test("every listed endpoint answers with shapes the CSDL accepts", async () => {
  const u = user.id;
  const folders = await getJson(`/users/${u}/mailFolders?includeHiddenFolders=true&$top=50`, token);
  const withChildren = folders.value.find((f) => f.childFolderCount > 0);
  const msg = (await getJson(`/users/${u}/messages?$top=50`, token)).value.find((m) => m.hasAttachments);
  const attachments = await getJson(`/users/${u}/messages/${msg.id}/attachments`, token);
  const contactFolders = await getJson(`/users/${u}/contactFolders`, token);
  const calendars = await getJson(`/users/${u}/calendars`, token);
  const drive = await getJson(`/users/${u}/drive`, token);
  const children = await getJson(`/drives/${drive.id}/root/children`, token);
  const file = children.value.find((i) => i.file);
  const hub = (await getJson("/sites?search=hub", token)).value[0];
  const lists = await getJson(`/sites/${hub.id}/lists`, token);
  const custom = lists.value.find((l) => l.list.template === "genericList");
  const channels = await getJson(`/teams/${team.id}/channels`, token);
  const channel = channels.value[0];
  const posts = await getJson(`/teams/${team.id}/channels/${channel.id}/messages?$top=50`, token);
  const withImage = posts.value.find((p) => p.body.content.includes("hostedContents"));
  const urls = [
    `/users/${u}`, `/users/delta`, `/groups`, `/groups/${team.id}`, `/groups/${team.id}/members`, `/groups/delta`,
    `/users/${u}/mailFolders/${withChildren.id}/childFolders`, `/users/${u}/mailFolders/delta`,
    `/users/${u}/mailFolders/inbox`, `/users/${u}/mailFolders/inbox/messages`, `/users/${u}/mailFolders/inbox/messages/delta`,
    `/users/${u}/messages/${msg.id}`, `/users/${u}/messages/${msg.id}?$expand=attachments`,
    `/users/${u}/messages/${msg.id}/attachments/${attachments.value[0].id}`,
    `/users/${u}/contactFolders/${contactFolders.value[0].id}/contacts`, `/users/${u}/contacts/delta`,
    `/users/${u}/contactFolders/delta`, `/users/${u}/calendars/${calendars.value[0].id}/events`, `/users/${u}/events`,
    `/users/${u}/calendarView?startDateTime=2026-01-01T00:00:00Z&endDateTime=2026-12-31T00:00:00Z`,
    `/users/${u}/calendarView/delta?startDateTime=2026-01-01T00:00:00Z&endDateTime=2026-12-31T00:00:00Z`,
    `/users/${u}/drives`, `/drives/${drive.id}`, `/drives/${drive.id}/items/${file.id}`,
    `/drives/${drive.id}/items/${file.id}/versions`, `/drives/${drive.id}/root/delta`,
    `/sites/getAllSites`, `/sites/${hub.id}`, `/sites/${new URL(hub.webUrl).hostname}:${new URL(hub.webUrl).pathname}`,
    `/sites/${hub.id}/sites`, `/sites/${hub.id}/drives`, `/sites/${hub.id}/lists/${custom.id}`,
    `/sites/${hub.id}/lists/${custom.id}/columns`, `/sites/${hub.id}/lists/${custom.id}/items?expand=fields`,
    `/sites/${hub.id}/lists/${custom.id}/items/delta`, `/sites/${hub.id}/lists/${custom.id}/items/1?expand=fields`,
    `/teams/${team.id}`, `/teams/${team.id}/allChannels`, `/teams/${team.id}/members`,
    `/teams/${team.id}/channels/${channel.id}`, `/teams/${team.id}/channels/${channel.id}/filesFolder`,
    `/teams/${team.id}/channels/${channel.id}/messages?$expand=replies`,
    `/teams/${team.id}/channels/${channel.id}/messages/${posts.value[0].id}/replies`,
    `/teams/${team.id}/channels/${channel.id}/messages/delta`, `/teams/${team.id}/channels/getAllMessages`,
  ];
  if (withImage) urls.push(`/teams/${team.id}/channels/${channel.id}/messages/${withImage.id}/hostedContents`);
  for (const url of urls) await getJson(url, token); // getJson checks the shape of every body
  const created = await call("POST", `/users/${u}/mailFolders`, {
    token,
    headers: { "Content-Type": "application/json" },
    body: { displayName: "Restored folder" },
  });
  assert.equal(created.status, 201);
  const folder = await call("POST", `/drives/${drive.id}/root/children`, {
    token,
    headers: { "Content-Type": "application/json" },
    body: { name: "Restored", folder: {}, "@microsoft.graph.conflictBehavior": "rename" },
  });
  assert.equal(folder.status, 201);
  const small = await call("PUT", `/drives/${drive.id}/items/${folder.json.id}:/hello.txt:/content`, {
    token,
    headers: { "Content-Type": "text/plain" },
    body: "hello",
  });
  assert.equal(small.status, 201);
  const conflict = await call("PUT", `/drives/${drive.id}/items/${folder.json.id}:/hello.txt:/content?@microsoft.graph.conflictBehavior=fail`, {
    token,
    body: "again",
  });
  assert.equal(conflict.status, 409);
  assert.equal(conflict.json.error.code, "nameAlreadyExists");
});
