// Self-test of the CSDL shape checker: it must accept Graph's real shapes and catch wrong ones.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadCsdl, validateResponse, typeOfContext } from "./csdl.mjs";

const path = process.env.CSDL_FILE;

test("a missing CSDL is an error that says where it was looked for", () => {
  assert.throws(() => loadCsdl("/nonexistent/v1.0-Prod.csdl"), /not found at '\/nonexistent\/v1.0-Prod.csdl'/);
});

const csdl = loadCsdl(path); // fails the whole file, clearly, when the CSDL is absent

test("contexts name the right types", () => {
  assert.deepEqual(typeOfContext(csdl, "https://h/v1.0/$metadata#users"), { type: "microsoft.graph.user", collection: true });
  assert.deepEqual(typeOfContext(csdl, "https://h/v1.0/$metadata#users/$entity"), { type: "microsoft.graph.user", collection: false });
  assert.deepEqual(typeOfContext(csdl, "https://h/v1.0/$metadata#users('a')/mailFolders('b')/messages"), {
    type: "microsoft.graph.message",
    collection: true,
  });
  assert.deepEqual(typeOfContext(csdl, "https://h/v1.0/$metadata#Collection(driveItem)"), {
    type: "microsoft.graph.driveItem",
    collection: true,
  });
});

test("inheritance, enums, complex values and @odata.type are accepted when right", () => {
  const body = {
    "@odata.context": "https://h/v1.0/$metadata#users('a')/messages",
    value: [
      {
        "@odata.etag": 'W/"CQAAABYAAAA"',
        "@odata.type": "#microsoft.graph.message",
        id: "AAMkAD",
        createdDateTime: "2026-01-01T00:00:00Z",
        categories: [],
        subject: "x",
        importance: "normal",
        isRead: true,
        body: { contentType: "html", content: "<p>x</p>" },
        from: { emailAddress: { name: "A", address: "a@b.c" } },
        toRecipients: [{ emailAddress: { name: "B", address: "b@b.c" } }],
        flag: { flagStatus: "notFlagged" },
      },
      { "@odata.type": "#microsoft.graph.message", id: "AAMkAE", "@removed": { reason: "deleted" } },
    ],
    "@odata.nextLink": "https://h/v1.0/users/a/messages?$skiptoken=x",
  };
  assert.deepEqual(validateResponse(csdl, body), []);
});

test("wrong shapes are reported with their path", () => {
  const body = {
    "@odata.context": "https://h/v1.0/$metadata#users('a')/messages/$entity",
    id: 5,
    subjekt: "typo",
    importance: "urgent",
    isRead: "yes",
    createdDateTime: "yesterday",
    attachments: [],
    from: { emailAddress: { nickname: "x" } },
  };
  const problems = validateResponse(csdl, body);
  const text = problems.join("\n");
  assert.match(text, /\$\.id: 5 is not a valid Edm.String/);
  // message is an open type in the schema, so the typo passes there; a closed type catches it:
  const folder = { "@odata.context": "https://h/v1.0/$metadata#users('a')/mailFolders/$entity", id: "x", displayNme: "y" };
  assert.match(validateResponse(csdl, folder).join(), /\$\.displayNme: no property 'displayNme' on microsoft.graph.mailFolder/);
  assert.match(text, /'urgent' is not a member of microsoft.graph.importance/);
  assert.match(text, /\$\.isRead: "yes" is not a valid Edm.Boolean/);
  assert.match(text, /createdDateTime: "yesterday" is not a valid Edm.DateTimeOffset/);
  assert.match(text, /navigation property 'attachments' of microsoft.graph.message without \$expand/);
  assert.match(text, /\$\.from\.emailAddress\.nickname: no property 'nickname'/);
  assert.deepEqual(
    validateResponse(csdl, { ...body, id: "x", subjekt: undefined, importance: "low", isRead: true, createdDateTime: "2026-01-01T00:00:00Z", from: undefined }, {
      url: "https://h/v1.0/users/a/messages/x?$expand=attachments",
    }).filter((p) => !p.includes("subjekt") && !p.includes("from")),
    [],
  );
});

test("@odata.type must be a real type derived from the expected one", () => {
  const good = { "@odata.context": "https://h/v1.0/$metadata#users('a')/mailFolders/$entity", "@odata.type": "#microsoft.graph.mailSearchFolder", id: "x", filterQuery: "isRead eq false" };
  assert.deepEqual(validateResponse(csdl, good), []);
  const unknown = { ...good, "@odata.type": "#microsoft.graph.mailFolderOfDreams" };
  assert.match(validateResponse(csdl, unknown).join(), /is not a type of the schema/);
  const unrelated = { ...good, "@odata.type": "#microsoft.graph.driveItem" };
  assert.match(validateResponse(csdl, unrelated).join(), /does not derive from microsoft.graph.mailFolder/);
});

test("open types accept any member", () => {
  const item = {
    "@odata.context": "https://h/v1.0/$metadata#Collection(listItem)",
    value: [{ id: "1", "fields@odata.context": "x", fields: { Title: "t", Custom_x0020_Column: 3 } }],
  };
  assert.deepEqual(validateResponse(csdl, item, { url: "https://h/v1.0/sites/s/lists/l/items?expand=fields" }), []);
});
