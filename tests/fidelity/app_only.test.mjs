// App-only tokens through msal-node and @azure/identity (secret, certificate RS256/x5t and PS256/x5t#S256),
// verified against the emulator's JWKS, and every client-credentials error of Entra.
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createHash, generateKeyPairSync, randomUUID } from "node:crypto";
import { ConfidentialClientApplication } from "@azure/msal-node";
import { ClientSecretCredential, ClientCertificateCredential } from "@azure/identity";
import { createRemoteJWKSet, jwtVerify, SignJWT, importPKCS8 } from "jose";
import {
  endpoints, app, tokenRequest, assertAadError, assertMsalError, decodeJwt, graphGet, graphScope, sim, setClockOffset, tokenUrl,
} from "./harness.mjs";

const authorityHost = new URL(endpoints.authority_host).host;
const backup = app("ark365-backup");
const certOnly = app("ark365-certificate-only");
const jwks = createRemoteJWKSet(new URL(`${endpoints.authority}/discovery/v2.0/keys`));

function msalWith(clientId, credential, authority = endpoints.authority) {
  return new ConfidentialClientApplication({
    auth: { clientId, authority, knownAuthorities: [authorityHost], ...credential },
  });
}

function pem(path) {
  return readFileSync(path, "utf8");
}

function thumbprint(certPath, algorithm) {
  const der = Buffer.from(pem(certPath).replace(/-----[^-]+-----|\s/g, ""), "base64");
  return createHash(algorithm).update(der).digest("hex");
}

// A client assertion signed by `key` (PKCS#8 PEM) with the given header and claims overrides.
async function assertion(key, { alg = "RS256", header = {}, claims = {} } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const base = { aud: tokenUrl(), iss: backup.client_id, sub: backup.client_id, jti: randomUUID(), nbf: now, exp: now + 600 };
  return new SignJWT({ ...base, ...claims })
    .setProtectedHeader({ alg, typ: "JWT", ...header })
    .sign(await importPKCS8(key, alg));
}

function b64url(hex) {
  return Buffer.from(hex, "hex").toString("base64url");
}

describe("client credentials", () => {
  after(() => setClockOffset(0));

  it("msal-node with a secret gets an RS256 Graph token that verifies against the JWKS", async () => {
    const result = await msalWith(backup.client_id, { clientSecret: backup.client_secret }).acquireTokenByClientCredential({
      scopes: [graphScope],
    });
    const { payload, protectedHeader } = await jwtVerify(result.accessToken, jwks, {
      audience: "https://graph.microsoft.com",
      issuer: `https://sts.windows.net/${endpoints.tenant_id}/`,
    });
    assert.equal(protectedHeader.alg, "RS256");
    assert.equal(protectedHeader.kid, protectedHeader.x5t);
    assert.equal(payload.tid, endpoints.tenant_id);
    assert.equal(payload.appid, backup.client_id);
    assert.equal(payload.idtyp, "app");
    assert.equal(payload.appidacr, "1");
    for (const role of ["Mail.ReadWrite", "Files.ReadWrite.All", "Sites.FullControl.All", "ChannelMessage.Read.All", "User.Read.All"]) {
      assert.ok(payload.roles.includes(role), `missing role ${role}`);
    }
    const lifetime = payload.exp - payload.iat;
    assert.ok(lifetime >= 3600 && lifetime < 5400, `lifetime ${lifetime}`);
    assert.equal(payload.nbf, payload.iat);
    const org = await graphGet("/organization", result.accessToken);
    assert.equal(org.status, 200);
    assert.equal(org.json.value[0].id, endpoints.tenant_id);
  });

  it("accepts the secret in an HTTP Basic header (client_secret_basic)", async () => {
    const basic = Buffer.from(`${encodeURIComponent(backup.client_id)}:${encodeURIComponent(backup.client_secret)}`).toString("base64");
    const r = await tokenRequest({ grant_type: "client_credentials", scope: graphScope }, { headers: { Authorization: `Basic ${basic}` } });
    assert.equal(r.status, 200);
    assert.equal(r.json.token_type, "Bearer");
    assert.ok(!("refresh_token" in r.json));
  });

  it("msal-node with a certificate: RS256 with x5t (SHA-1 thumbprint)", async () => {
    const result = await msalWith(backup.client_id, {
      clientCertificate: { thumbprint: thumbprint(backup.certificate_pem, "sha1"), privateKey: pem(backup.private_key_pem) },
    }).acquireTokenByClientCredential({ scopes: [graphScope] });
    const { payload } = await jwtVerify(result.accessToken, jwks, { audience: "https://graph.microsoft.com" });
    assert.equal(payload.appidacr, "2");
  });

  it("msal-node with a certificate: PS256 with x5t#S256 and x5c", async () => {
    const result = await msalWith(certOnly.client_id, {
      clientCertificate: {
        thumbprintSha256: thumbprint(certOnly.certificate_pem, "sha256"),
        privateKey: pem(certOnly.private_key_pem),
        x5c: pem(certOnly.certificate_pem),
      },
    }).acquireTokenByClientCredential({ scopes: [graphScope] });
    const claims = decodeJwt(result.accessToken).claims;
    assert.equal(claims.appid, certOnly.client_id);
    assert.ok(claims.roles.includes("Mail.Read"));
    assert.ok(!claims.roles.includes("Mail.ReadWrite"));
  });

  it("@azure/identity ClientSecretCredential and ClientCertificateCredential with authorityHost", async () => {
    const options = { authorityHost: endpoints.authority_host, disableInstanceDiscovery: true };
    const secret = new ClientSecretCredential(endpoints.tenant_id, backup.client_id, backup.client_secret, options);
    const t1 = await secret.getToken(graphScope);
    assert.ok(t1.token.split(".").length === 3);
    assert.ok(t1.expiresOnTimestamp > Date.now() + 3000 * 1000);
    const certificate = new ClientCertificateCredential(
      endpoints.tenant_id, backup.client_id,
      { certificate: pem(backup.certificate_pem) + pem(backup.private_key_pem) }, options);
    const t2 = await certificate.getToken(graphScope);
    assert.equal(decodeJwt(t2.token).claims.appidacr, "2");
  });

  it("wrong secret: 401 invalid_client AADSTS7000215 (raw and through msal-node)", async () => {
    assertAadError(await tokenRequest({ grant_type: "client_credentials", client_id: backup.client_id, client_secret: "not-the-secret", scope: graphScope }),
      { status: 401, error: "invalid_client", code: 7000215 });
    await assertMsalError(msalWith(backup.client_id, { clientSecret: "not-the-secret" }).acquireTokenByClientCredential({ scopes: [graphScope] }),
      { errorCode: "invalid_client", code: 7000215 });
  });

  it("expired secret: 401 invalid_client AADSTS7000222", async () => {
    const expired = app("ark365-expired-secret");
    assertAadError(await tokenRequest({ grant_type: "client_credentials", client_id: expired.client_id, client_secret: expired.client_secret, scope: graphScope }),
      { status: 401, error: "invalid_client", code: 7000222 });
  });

  it("unknown application: 400 unauthorized_client AADSTS700016", async () => {
    assertAadError(await tokenRequest({ grant_type: "client_credentials", client_id: randomUUID(), client_secret: "x", scope: graphScope }),
      { status: 400, error: "unauthorized_client", code: 700016 });
  });

  it("no credential on a confidential app: 401 invalid_client AADSTS7000218", async () => {
    assertAadError(await tokenRequest({ grant_type: "client_credentials", client_id: backup.client_id, scope: graphScope }),
      { status: 401, error: "invalid_client", code: 7000218 });
  });

  it("certificate not registered on the app: 401 invalid_client AADSTS700027", async () => {
    await assertMsalError(msalWith(backup.client_id, {
      clientCertificate: { thumbprint: thumbprint(certOnly.certificate_pem, "sha1"), privateKey: pem(certOnly.private_key_pem) },
    }).acquireTokenByClientCredential({ scopes: [graphScope] }), { errorCode: "invalid_client", code: 700027 });
  });

  it("bad assertions: signature, audience, issuer, time range, replay", async () => {
    const key = pem(backup.private_key_pem);
    const x5t = b64url(thumbprint(backup.certificate_pem, "sha1"));
    const post = (jwt) => tokenRequest({
      grant_type: "client_credentials", client_id: backup.client_id, scope: graphScope,
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: jwt,
    });
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" });
    assertAadError(await post(await assertion(other, { header: { x5t } })), { status: 401, error: "invalid_client", code: 700027 });
    assertAadError(await post(await assertion(key, { header: { x5t }, claims: { aud: "https://elsewhere.example/token" } })),
      { status: 401, error: "invalid_client", code: 700027 });
    assertAadError(await post(await assertion(key, { header: { x5t }, claims: { iss: certOnly.client_id } })),
      { status: 401, error: "invalid_client", code: 700021 });
    const past = Math.floor(Date.now() / 1000) - 7200;
    assertAadError(await post(await assertion(key, { header: { x5t }, claims: { nbf: past, exp: past + 600 } })),
      { status: 401, error: "invalid_client", code: 700024 });
    const once = await assertion(key, { header: { x5t } });
    assert.equal((await post(once)).status, 200);
    assertAadError(await post(once), { status: 401, error: "invalid_client", code: 700027 });
    // PS256 names its key by x5t#S256; a login.microsoftonline.com audience is accepted too.
    const s256 = b64url(thumbprint(backup.certificate_pem, "sha256"));
    const ps = await assertion(key, { alg: "PS256", header: { "x5t#S256": s256 },
      claims: { aud: `https://login.microsoftonline.com/${endpoints.tenant_domain}/oauth2/v2.0/token` } });
    assert.equal((await post(ps)).status, 200);
  });

  it("scope without /.default: 400 invalid_scope AADSTS1002012; unknown resource AADSTS500011", async () => {
    const base = { grant_type: "client_credentials", client_id: backup.client_id, client_secret: backup.client_secret };
    assertAadError(await tokenRequest({ ...base, scope: "https://graph.microsoft.com/Mail.Read" }), { status: 400, error: "invalid_scope", code: 1002012 });
    assertAadError(await tokenRequest({ ...base, scope: "https://nothing.example.com/.default" }), { status: 400, error: "invalid_resource", code: 500011 });
  });

  it("wrong tenant: 400 invalid_tenant AADSTS90002 (token endpoint and discovery)", async () => {
    assertAadError(await tokenRequest({ grant_type: "client_credentials", client_id: backup.client_id, client_secret: backup.client_secret, scope: graphScope },
      { tenant: "nosuchtenant.onmicrosoft.com" }), { status: 400, error: "invalid_tenant", code: 90002 });
    const res = await fetch(`${endpoints.authority_host}/${randomUUID()}/v2.0/.well-known/openid-configuration`);
    assertAadError({ status: res.status, json: await res.json() }, { status: 400, error: "invalid_tenant", code: 90002 });
  });

  it("client credentials over /common: 400 invalid_request AADSTS9001023", async () => {
    assertAadError(await tokenRequest({ grant_type: "client_credentials", client_id: backup.client_id, client_secret: backup.client_secret, scope: graphScope },
      { tenant: "common" }), { status: 400, error: "invalid_request", code: 9001023 });
  });

  it("an app without granted permissions gets a token without roles, and Graph answers 403", async () => {
    const unconsented = app("ark365-unconsented");
    const r = await tokenRequest({ grant_type: "client_credentials", client_id: unconsented.client_id, client_secret: unconsented.client_secret, scope: graphScope });
    assert.equal(r.status, 200);
    assert.equal(decodeJwt(r.json.access_token).claims.roles, undefined);
    const g = await graphGet("/servicePrincipals", r.json.access_token);
    assert.equal(g.status, 403);
    assert.equal(g.json.error.code, "Authorization_RequestDenied");
    assert.match(g.json.error.innerError["request-id"], /^[0-9a-f-]{36}$/);
  });

  it("secrets expire on the emulator's clock, and an expired token gets Graph's 401", async () => {
    const added = await sim("POST", `/apps/${backup.client_id}/secrets`, { days: 1 });
    assert.equal(added.status, 201);
    const fields = { grant_type: "client_credentials", client_id: backup.client_id, client_secret: added.json.secretText, scope: graphScope };
    const token = await tokenRequest(fields);
    assert.equal(token.status, 200);
    await setClockOffset(2 * 86400);
    assertAadError(await tokenRequest(fields), { status: 401, error: "invalid_client", code: 7000222 });
    const g = await graphGet("/organization", token.json.access_token);
    assert.equal(g.status, 401);
    assert.equal(g.json.error.code, "InvalidAuthenticationToken");
    assert.equal(g.json.error.message, "Access token has expired or is not yet valid.");
    assert.equal(g.headers.get("www-authenticate"),
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"');
    await setClockOffset(0);
  });
});

describe("discovery", () => {
  it("serves Entra's openid-configuration for the tenant and for organizations", async () => {
    const tenant = await (await fetch(`${endpoints.authority}/v2.0/.well-known/openid-configuration`)).json();
    assert.equal(tenant.issuer, `${endpoints.authority}/v2.0`);
    assert.equal(tenant.token_endpoint, `${endpoints.authority}/oauth2/v2.0/token`);
    assert.deepEqual(tenant.token_endpoint_auth_methods_supported, ["client_secret_post", "private_key_jwt", "client_secret_basic"]);
    const orgs = await (await fetch(`${endpoints.authority_host}/organizations/v2.0/.well-known/openid-configuration`)).json();
    assert.equal(orgs.issuer, `${endpoints.authority_host}/{tenantid}/v2.0`);
    const keys = await (await fetch(tenant.jwks_uri)).json();
    assert.equal(keys.keys[0].kty, "RSA");
    assert.equal(keys.keys[0].kid, keys.keys[0].x5t);
    assert.equal(keys.keys[0].e, "AQAB");
  });
});
