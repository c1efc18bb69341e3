// Admin consent (v1 and v2 endpoints) and granting application permissions through Graph's
// appRoleAssignedTo: what Ark365's "grant required roles" step does, and the 403s when it may not.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { PublicClientApplication } from "@azure/msal-node";
import { endpoints, app, account, tokenRequest, decodeJwt, graphGet, graphScope, sim, Browser, signIn } from "./harness.mjs";

const authorityHost = new URL(endpoints.authority_host).host;
const pub = app("ark365-public-client");
const GRAPH = "00000003-0000-0000-c000-000000000000";

async function newApp(name) {
  const created = await sim("POST", "/apps", { name, permissions: ["Mail.Read", "User.Read.All"], redirect_uris: ["http://localhost/consented"] });
  assert.equal(created.status, 201);
  return { id: created.json.appId, secret: created.json.passwordCredentials[0].secretText };
}

async function appToken(a) {
  const r = await tokenRequest({ grant_type: "client_credentials", client_id: a.id, client_secret: a.secret, scope: graphScope });
  assert.equal(r.status, 200);
  return decodeJwt(r.json.access_token).claims;
}

// Signs `user` in on the admin consent page and answers it; returns the final redirect URL.
async function adminConsent(url, user, decision = "accept") {
  const browser = new Browser();
  let page = await signIn(browser, await browser.get(url), user);
  if (page.html.includes('<form id="consent"')) {
    assert.match(page.html, /Review for your organization/);
    page = await browser.submit(page, "consent", { decision });
  }
  assert.equal(page.status, 302, page.html.slice(0, 800));
  return new URL(page.location);
}

describe("admin consent", () => {
  it("a Global Administrator grants the app's application permissions (v1 /adminconsent)", async () => {
    const a = await newApp("consent-v1");
    assert.equal((await appToken(a)).roles, undefined);
    const back = await adminConsent(
      `${endpoints.authority}/adminconsent?client_id=${a.id}&state=12345&redirect_uri=${encodeURIComponent("http://localhost/consented")}`,
      account("global-admin"));
    assert.equal(back.searchParams.get("admin_consent"), "True");
    assert.equal(back.searchParams.get("tenant"), endpoints.tenant_id);
    assert.equal(back.searchParams.get("state"), "12345");
    assert.deepEqual((await appToken(a)).roles.sort(), ["Mail.Read", "User.Read.All"]);
  });

  it("v2 /adminconsent with MFA; cancelling says so; a non-administrator is refused", async () => {
    const a = await newApp("consent-v2");
    const url = `${endpoints.authority}/v2.0/adminconsent?client_id=${a.id}&scope=${encodeURIComponent(graphScope)}&state=s2&redirect_uri=${encodeURIComponent("http://localhost/consented")}`;
    const cancelled = await adminConsent(url, account("global-admin-mfa"), "cancel");
    assert.equal(cancelled.searchParams.get("error"), "access_denied");
    const refused = await adminConsent(url, account("exchange-admin"));
    assert.equal(refused.searchParams.get("error"), "access_denied");
    assert.match(refused.searchParams.get("error_description"), /^AADSTS90094:/);
    assert.equal((await appToken(a)).roles, undefined);
    const granted = await adminConsent(url, account("global-admin-mfa"));
    assert.equal(granted.searchParams.get("admin_consent"), "True");
    assert.equal(granted.searchParams.get("scope"), graphScope);
    assert.ok((await appToken(a)).roles.includes("Mail.Read"));
  });
});

describe("granting an application permission through Graph", () => {
  // A delegated token for `user` with the scopes that the grant step needs; an administrator
  // consents for the organization first (consent page with "on behalf of your organization").
  async function delegatedToken(user) {
    const client = new PublicClientApplication({ auth: { clientId: pub.client_id, authority: endpoints.authority, knownAuthorities: [authorityHost] } });
    return (await client.acquireTokenByUsernamePassword({
      username: user.upn, password: user.password, scopes: ["AppRoleAssignment.ReadWrite.All", "Application.Read.All"],
    })).accessToken;
  }

  it("an administrator consents for the organization on the consent page", async () => {
    const admin = account("global-admin");
    const client = new PublicClientApplication({ auth: { clientId: pub.client_id, authority: endpoints.authority, knownAuthorities: [authorityHost] } });
    const url = await client.getAuthCodeUrl({ scopes: ["AppRoleAssignment.ReadWrite.All", "Application.Read.All"], redirectUri: "http://localhost" });
    const user = account("user");
    // An ordinary user cannot consent to admin-only scopes: "Need admin approval".
    const denied = await signIn(new Browser(), await new Browser().get(url), user);
    assert.match(denied.html, /Need admin approval/);
    const browser = new Browser();
    let page = await signIn(browser, await browser.get(url), admin);
    assert.match(page.html, /name="consent_org"/);
    page = await browser.submit(page, "consent", { decision: "accept", consent_org: "on" });
    assert.equal(page.status, 302);
  });

  it("POST appRoleAssignedTo grants a role for a Global Administrator, 403 for an Exchange Administrator", async () => {
    const target = await newApp("grant-target");
    const adminToken = await delegatedToken(account("global-admin"));
    const sps = await graphGet(`/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${GRAPH}'`)}`, adminToken);
    assert.equal(sps.status, 200);
    assert.equal(sps.json.value.length, 1);
    const graphSp = sps.json.value[0];
    const mailRead = graphSp.appRoles.find((r) => r.value === "Mail.Read");
    const targetSp = (await graphGet(`/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${target.id}'`)}`, adminToken)).json.value[0];
    const body = { principalId: targetSp.id, resourceId: graphSp.id, appRoleId: mailRead.id };
    const post = (token) => fetch(`${endpoints.graph_base}/servicePrincipals/${graphSp.id}/appRoleAssignedTo`, {
      method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: JSON.stringify(body),
    });

    const forbidden = await post(await delegatedToken(account("exchange-admin")));
    assert.equal(forbidden.status, 403);
    const error = await forbidden.json();
    assert.equal(error.error.code, "Authorization_RequestDenied");
    assert.equal(error.error.message, "Insufficient privileges to complete the operation.");

    const created = await post(adminToken);
    assert.equal(created.status, 201);
    const assignment = await created.json();
    assert.equal(assignment.appRoleId, mailRead.id);
    assert.match(assignment.id, /^[A-Za-z0-9_-]{43}$/);
    assert.equal((await post(adminToken)).status, 400, "a second identical grant is refused");
    assert.deepEqual((await appToken(target)).roles, ["Mail.Read"]);

    const listed = await graphGet(`/servicePrincipals/${targetSp.id}/appRoleAssignments`, adminToken);
    assert.equal(listed.status, 200);
    assert.equal(listed.json.value.length, 1);
    assert.equal(listed.json.value[0].resourceId, graphSp.id);
  });

  it("app-only callers need AppRoleAssignment.ReadWrite.All", async () => {
    const backup = app("ark365-backup");
    const r = await tokenRequest({ grant_type: "client_credentials", client_id: backup.client_id, client_secret: backup.client_secret, scope: graphScope });
    const graphSp = (await graphGet(`/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${GRAPH}'`)}`, r.json.access_token)).json.value[0];
    const res = await fetch(`${endpoints.graph_base}/servicePrincipals/${graphSp.id}/appRoleAssignedTo`, {
      method: "POST", headers: { Authorization: `Bearer ${r.json.access_token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ principalId: backup.service_principal_id, resourceId: graphSp.id, appRoleId: graphSp.appRoles[0].id }),
    });
    assert.equal(res.status, 403);
    assert.equal((await res.json()).error.code, "Authorization_RequestDenied");
  });
});
