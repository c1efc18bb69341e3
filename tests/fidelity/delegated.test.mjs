// Delegated sign-in through msal-node: ROPC and its refusals, auth code + PKCE driven through the HTML
// sign-in, MFA and consent pages, the native-client "copy this code" page, refresh tokens, device code.
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { PublicClientApplication, ConfidentialClientApplication, CryptoProvider } from "@azure/msal-node";
import { createRemoteJWKSet, jwtVerify } from "jose";
import {
  endpoints, app, account, tokenRequest, assertAadError, assertMsalError, decodeJwt, graphGet, sim, setClockOffset,
  Browser, signIn,
} from "./harness.mjs";

const authorityHost = new URL(endpoints.authority_host).host;
const pub = app("ark365-public-client");
const jwks = createRemoteJWKSet(new URL(`${endpoints.authority}/discovery/v2.0/keys`));
const GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10";

const publicApp = (authority = endpoints.authority) =>
  new PublicClientApplication({ auth: { clientId: pub.client_id, authority, knownAuthorities: [authorityHost] } });

const ropc = (user, scopes = ["User.Read"], authority) =>
  publicApp(authority).acquireTokenByUsernamePassword({ username: user.upn, password: user.password, scopes });

// Runs /authorize in the Browser until the redirect (or the copy-code page) and returns the code.
async function authorizeCode(browser, authUrl, user, { consent = true, consentForOrg = false } = {}) {
  let page = await browser.get(authUrl);
  if (page.html.includes('<form id="signin"')) page = await signIn(browser, page, user);
  if (page.html.includes('<form id="consent"')) {
    if (!consent) return { page };
    page = await browser.submit(page, "consent", { decision: "accept", ...(consentForOrg ? { consent_org: "on" } : {}) });
  }
  assert.equal(page.status, 302, page.html.slice(0, 1500));
  let location = new URL(page.location);
  if (location.pathname === "/common/oauth2/nativeclient") {
    const copy = await browser.get(location.href);
    const code = copy.html.match(/<code id="code">([^<]+)<\/code>/);
    assert.ok(code, copy.html);
    return { code: code[1], page: copy, location };
  }
  return { code: location.searchParams.get("code"), state: location.searchParams.get("state"), location };
}

describe("password grant (ROPC)", () => {
  it("signs in an ordinary account without MFA; the token says who and what", async () => {
    const user = account("user");
    const result = await ropc(user);
    const { payload } = await jwtVerify(result.accessToken, jwks, { audience: "https://graph.microsoft.com" });
    assert.equal(payload.upn, user.upn);
    assert.equal(payload.oid, user.id);
    assert.equal(payload.idtyp, "user");
    assert.match(payload.scp, /\bUser\.Read\b/);
    assert.deepEqual(payload.amr, ["pwd"]);
    assert.ok(payload.wids.includes("b79fbf4d-3ef9-4689-8143-76b194e85509"));
    assert.equal(result.account.username, user.upn);
    const me = await graphGet("/me", result.accessToken);
    assert.equal(me.status, 200);
    assert.equal(me.json.userPrincipalName, user.upn);
    assert.equal(me.json["@odata.context"], `${endpoints.graph_base}/$metadata#users/$entity`);
  });

  it("a Global Administrator's token carries the role in wids, and /me/memberOf lists it", async () => {
    const result = await ropc(account("global-admin"));
    assert.ok(decodeJwt(result.accessToken).claims.wids.includes(GLOBAL_ADMIN));
    const memberOf = await graphGet("/me/memberOf", result.accessToken);
    assert.equal(memberOf.status, 200);
    const role = memberOf.json.value.find((x) => x["@odata.type"] === "#microsoft.graph.directoryRole");
    assert.equal(role.roleTemplateId, GLOBAL_ADMIN);
    assert.ok(memberOf.json.value.some((x) => x["@odata.type"] === "#microsoft.graph.group"));
  });

  it("the seed's non-MFA AD FS account may use the password grant", async () => {
    const result = await ropc(account("federated-adfs-no-mfa"));
    assert.ok(result.accessToken);
  });

  it("refuses what Entra refuses, with Entra's errors", async () => {
    await assertMsalError(ropc(account("user-mfa")), { errorCode: "interaction_required", code: 50076 });
    await assertMsalError(ropc(account("federated-adfs-mfa")), { errorCode: "interaction_required", code: 50076 });
    await assertMsalError(ropc(account("user-mfa-registration-required")), { errorCode: "interaction_required", code: 50079 });
    await assertMsalError(ropc({ ...account("user"), password: "wrong" }), { errorCode: "invalid_grant", code: 50126 });
    await assertMsalError(ropc(account("disabled")), { errorCode: "invalid_grant", code: 50057 });
    await assertMsalError(ropc(account("federated")), { errorCode: "invalid_grant", code: 50056 });
    await assertMsalError(ropc({ upn: `nobody@${endpoints.tenant_domain}`, password: "x" }), { errorCode: "invalid_grant", code: 50034 });
    await assertMsalError(ropc(account("user"), ["Mail.Read"]), { errorCode: "invalid_grant", code: 65001 });

    const user = account("user-mfa");
    const base = { grant_type: "password", client_id: pub.client_id, username: user.upn, password: user.password, scope: "User.Read openid" };
    const mfa = await tokenRequest(base);
    assertAadError(mfa, { status: 400, error: "interaction_required", code: 50076 });
    assert.equal(mfa.json.suberror, "basic_action");
    assert.ok(JSON.parse(mfa.json.claims).access_token);
    assertAadError(await tokenRequest({ ...base, username: account("user").upn, password: account("user").password }, { tenant: "common" }),
      { status: 400, error: "invalid_request", code: 9001023 });
    const consent = await tokenRequest({ ...base, username: account("user").upn, password: account("user").password, scope: "Mail.Read" });
    assertAadError(consent, { status: 400, error: "invalid_grant", code: 65001 });
    assert.equal(consent.json.suberror, "consent_required");
  });
});

describe("authorization code with PKCE through the sign-in pages", () => {
  it("MFA user: sign-in page, MFA code, consent page, redirect; msal-node redeems the code once", async () => {
    const user = account("user-mfa");
    const crypto = new CryptoProvider();
    const { verifier, challenge } = await crypto.generatePkceCodes();
    const client = publicApp();
    const scopes = ["User.Read", "Mail.ReadWrite"];
    const authUrl = await client.getAuthCodeUrl({
      scopes, redirectUri: "http://localhost:8400/callback".replace("/callback", ""), codeChallenge: challenge,
      codeChallengeMethod: "S256", state: "state-123", loginHint: user.upn, prompt: "login",
    });
    const browser = new Browser();
    let page = await browser.get(authUrl);
    assert.match(page.html, new RegExp(`value="${user.upn.replace(/\./g, "\\.")}"`));
    page = await browser.submit(page, "signin", { loginfmt: user.upn, passwd: "wrong" });
    assert.match(page.html, /Your account or password is incorrect/);
    page = await browser.submit(page, "signin", { loginfmt: user.upn, passwd: user.password });
    assert.match(page.html, /<form id="mfa"/);
    page = await browser.submit(page, "mfa", { otc: "000000x" });
    assert.match(page.html, /didn(&#39;|')t enter the expected verification code/);
    const mfa = await sim("GET", `/accounts/${encodeURIComponent(user.upn)}/mfa`);
    page = await browser.submit(page, "mfa", { otc: mfa.json.code });
    assert.match(page.html, /<form id="consent"/);
    assert.match(page.html, /data-permission="Mail.ReadWrite"/);
    assert.doesNotMatch(page.html, /consent_org/, "only administrators may consent for the organization");
    page = await browser.submit(page, "consent", { decision: "accept" });
    assert.equal(page.status, 302);
    const location = new URL(page.location);
    assert.equal(location.origin + location.pathname, "http://localhost:8400/");
    assert.equal(location.searchParams.get("state"), "state-123");
    const code = location.searchParams.get("code");

    const result = await client.acquireTokenByCode({ code, scopes, redirectUri: "http://localhost:8400", codeVerifier: verifier });
    const claims = decodeJwt(result.accessToken).claims;
    assert.deepEqual(claims.amr, ["pwd", "mfa"]);
    assert.match(claims.scp, /Mail\.ReadWrite/);
    assert.equal(result.account.username, user.upn);
    assert.equal(decodeJwt(result.idToken).claims.aud, pub.client_id);

    const again = await tokenRequest({ grant_type: "authorization_code", client_id: pub.client_id, code, redirect_uri: "http://localhost:8400", code_verifier: verifier });
    assertAadError(again, { status: 400, error: "invalid_grant", code: 54005 });

    // The browser session is remembered: no password or MFA the second time, and the consent is stored.
    const second = await authorizeCode(browser, await client.getAuthCodeUrl({ scopes, redirectUri: "http://localhost:8400", codeChallenge: challenge, codeChallengeMethod: "S256" }), user);
    const wrongVerifier = await tokenRequest({ grant_type: "authorization_code", client_id: pub.client_id, code: second.code,
      redirect_uri: "http://localhost:8400", code_verifier: "not-the-verifier-not-the-verifier-not-the-verifier" });
    assertAadError(wrongVerifier, { status: 400, error: "invalid_grant", code: 501481 });
  });

  it("native client: the code is shown on a page to copy (seed 002), then redeemed with a secret", async () => {
    const backup = app("ark365-backup");
    const admin = account("global-admin-mfa");
    const redirectUri = `${endpoints.authority_host}/common/oauth2/nativeclient`;
    const client = new ConfidentialClientApplication({
      auth: { clientId: backup.client_id, clientSecret: backup.client_secret, authority: endpoints.authority, knownAuthorities: [authorityHost] },
    });
    const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
    const authUrl = await client.getAuthCodeUrl({ scopes: ["User.Read", "offline_access"], redirectUri, codeChallenge: challenge, codeChallengeMethod: "S256" });
    const { code, page } = await authorizeCode(new Browser(), authUrl, admin);
    assert.match(page.html, /Copy this code/);
    const result = await client.acquireTokenByCode({ code, scopes: ["User.Read"], redirectUri, codeVerifier: verifier });
    assert.deepEqual(decodeJwt(result.accessToken).claims.amr, ["pwd", "mfa"]);
  });

  it("form_post delivers the code in an auto-submitting form; a declined consent redirects access_denied", async () => {
    const user = account("user");
    const client = publicApp();
    const url = new URL(await client.getAuthCodeUrl({ scopes: ["Calendars.ReadWrite"], redirectUri: "http://localhost", responseMode: "form_post" }));
    const browser = new Browser();
    let page = await signIn(browser, await browser.get(url.href), user);
    assert.match(page.html, /<form id="consent"/);
    const declined = await browser.submit(page, "consent", { decision: "cancel" });
    assert.equal(declined.status, 302);
    assert.equal(new URL(declined.location).searchParams.get("error"), "access_denied");
    assert.match(new URL(declined.location).searchParams.get("error_description"), /^AADSTS65004:/);
    page = await browser.get(url.href);
    page = await browser.submit(page, "consent", { decision: "accept" });
    assert.equal(page.status, 200);
    assert.match(page.html, /<form method="POST" name="hiddenform" action="http:\/\/localhost">/);
    assert.match(page.html, /name="code" value="1\.A/);
  });

  it("refresh tokens rotate, and expire after 90 days without use (AADSTS700082)", async (t) => {
    t.after(() => setClockOffset(0));
    const user = account("user");
    const first = await tokenRequest({ grant_type: "password", client_id: pub.client_id, username: user.upn, password: user.password, scope: "User.Read offline_access openid profile", client_info: "1" });
    assert.equal(first.status, 200);
    assert.ok(first.json.refresh_token && first.json.id_token && first.json.client_info);
    const refreshed = await publicApp().acquireTokenByRefreshToken({ refreshToken: first.json.refresh_token, scopes: ["User.Read"] });
    assert.ok(refreshed.accessToken);
    const raw = await tokenRequest({ grant_type: "refresh_token", client_id: pub.client_id, refresh_token: first.json.refresh_token, scope: "User.Read offline_access" });
    assert.equal(raw.status, 200);
    assert.notEqual(raw.json.refresh_token, first.json.refresh_token);
    await setClockOffset(91 * 86400);
    assertAadError(await tokenRequest({ grant_type: "refresh_token", client_id: pub.client_id, refresh_token: raw.json.refresh_token }),
      { status: 400, error: "invalid_grant", code: 700082 });
  });
});

describe("device code", () => {
  it("msal-node polls until the user signs in on the device login page", async () => {
    const user = account("user");
    const result = await publicApp().acquireTokenByDeviceCode({
      scopes: ["User.Read"],
      deviceCodeCallback: (response) => {
        assert.match(response.message, /enter the code [A-Z0-9]{9} to authenticate/);
        // The user opens verification_uri, enters the code and signs in (after a first poll has happened).
        setTimeout(async () => {
          const browser = new Browser();
          let page = await browser.get(response.verificationUri);
          page = await browser.submit(page, "devicecode", { otc: response.userCode });
          page = await signIn(browser, page, user);
          assert.match(page.html, /You have signed in to the/);
        }, 200);
      },
    });
    assert.equal(decodeJwt(result.accessToken).claims.upn, user.upn);
  });

  it("authorization_pending (70016), approval through the admin API, expired_token (70019)", async (t) => {
    t.after(() => setClockOffset(0));
    const start = async () => {
      const res = await fetch(`${endpoints.authority}/oauth2/v2.0/devicecode`, {
        method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ client_id: pub.client_id, scope: "User.Read offline_access" }).toString(),
      });
      assert.equal(res.status, 200);
      return res.json();
    };
    const poll = (dc, grant = "urn:ietf:params:oauth:grant-type:device_code") =>
      tokenRequest({ grant_type: grant, client_id: pub.client_id, device_code: dc.device_code });
    const dc = await start();
    assert.equal(dc.interval, 1);
    assert.equal(dc.expires_in, 900);
    assertAadError(await poll(dc), { status: 400, error: "authorization_pending", code: 70016 });
    assert.equal((await sim("POST", `/devicecodes/${dc.user_code}/approve`, { upn: account("user").upn })).status, 204);
    const ok = await poll(dc, "device_code");
    assert.equal(ok.status, 200);
    assert.ok(ok.json.refresh_token);
    const late = await start();
    await setClockOffset(901);
    assertAadError(await poll(late), { status: 400, error: "expired_token", code: 70019 });
  });
});
