// Helpers of the Graph fidelity tests: an authenticated Microsoft Graph JS client, raw calls, and the
// CSDL checker applied to every JSON body these tests see.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { ClientSecretCredential } from "@azure/identity";
import graphClientPackage from "@microsoft/microsoft-graph-client";
import azureTokenCredentials from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js";
import { loadCsdl, validateResponse } from "../csdl/csdl.mjs";
import { endpoints, app, sim } from "./harness.mjs";

// The package is CommonJS: take its exports from the default import.
export const graphSdk = graphClientPackage;
const { Client } = graphClientPackage;
const { TokenCredentialAuthenticationProvider } = azureTokenCredentials;

export const csdl = loadCsdl(process.env.CSDL_FILE);
export const graphHost = new URL(endpoints.graph_base).origin;

export function credential(caseName = "ark365-backup") {
  const a = app(caseName);
  return new ClientSecretCredential(endpoints.tenant_id, a.client_id, a.client_secret, {
    authorityHost: endpoints.authority_host,
    disableInstanceDiscovery: true,
  });
}

export async function accessToken(caseName = "ark365-backup") {
  return (await credential(caseName).getToken("https://graph.microsoft.com/.default")).token;
}

// Microsoft's Graph client, pointed at the emulator only through baseUrl and customHosts.
export function graphClient(caseName = "ark365-backup") {
  const authProvider = new TokenCredentialAuthenticationProvider(credential(caseName), {
    scopes: ["https://graph.microsoft.com/.default"],
  });
  return Client.initWithMiddleware({
    authProvider,
    baseUrl: `${graphHost}/`,
    defaultVersion: "v1.0",
    customHosts: new Set([new URL(graphHost).hostname]),
  });
}

// Every JSON body is checked against the CSDL; a problem fails the test that saw it.
export function checkShape(body, url, options = {}) {
  const problems = validateResponse(csdl, body, { url, ...options });
  assert.deepEqual(problems, [], `CSDL problems in the response of ${url}:\n${problems.join("\n")}`);
  return body;
}

// A raw Graph call (no client library): {status, headers, json, text}; JSON bodies of 2xx are shape-checked.
// A 429 is retried after its Retry-After (at most 3 times), as a well-behaved client does, unless `retry429` is false.
export async function call(method, pathOrUrl, { token, body, headers = {}, raw = false, check = true, type, retry429 = true } = {}) {
  const url = pathOrUrl.startsWith("https://") ? pathOrUrl : `${endpoints.graph_base}${pathOrUrl}`;
  let res;
  for (let attempt = 0; ; attempt++) {
    res = await fetch(url, {
      method,
      redirect: "manual",
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body),
    });
    if (res.status !== 429 || !retry429 || attempt === 3) break;
    await res.arrayBuffer();
    await new Promise((done) => setTimeout(done, Number(res.headers.get("retry-after") || 1) * 1000));
  }
  const buffer = Buffer.from(await res.arrayBuffer());
  const out = { status: res.status, headers: res.headers, bytes: buffer, text: buffer.toString("utf8") };
  if (!raw && (res.headers.get("content-type") || "").includes("json") && buffer.length) {
    out.json = JSON.parse(out.text);
    if (check && res.status < 300 && out.json["@odata.context"] !== undefined) checkShape(out.json, url, { type });
    if (check && res.status < 300 && type && out.json["@odata.context"] === undefined) checkShape(out.json, url, { type });
  }
  return out;
}

export async function getJson(path, token, options = {}) {
  const r = await call("GET", path, { token, ...options });
  assert.equal(r.status, 200, `${path}: ${r.text.slice(0, 300)}`);
  return r.json;
}

// Follows nextLinks to the end; returns {values, deltaLink, pages}.
export async function followAll(first, token, headers = {}) {
  const values = [];
  let url = first;
  let pages = 0;
  for (;;) {
    const body = await getJson(url, token, { headers });
    pages++;
    values.push(...body.value);
    if (body["@odata.nextLink"]) {
      url = body["@odata.nextLink"];
      continue;
    }
    return { values, deltaLink: body["@odata.deltaLink"], pages };
  }
}

export const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

export async function truth(query) {
  const r = await sim("GET", `/truth?${query}`);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return r.json;
}

export { endpoints, app, sim };
