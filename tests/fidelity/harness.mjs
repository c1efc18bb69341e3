// Shared helpers of the fidelity tests: endpoints.json, the admin API, raw token requests, HTML forms.
import { readFileSync } from "node:fs";
import assert from "node:assert/strict";

export const endpoints = JSON.parse(readFileSync(process.env.ENDPOINTS_FILE, "utf8"));

export function app(caseName) {
  const a = endpoints.apps.find((x) => x.case === caseName);
  assert.ok(a, `no app for case ${caseName} in endpoints.json`);
  return a;
}

export function account(caseName) {
  const a = endpoints.accounts.find((x) => x.case === caseName);
  assert.ok(a, `no account for case ${caseName} in endpoints.json`);
  return a;
}

export const tokenUrl = (tenant = endpoints.tenant_id) => `${endpoints.authority_host}/${tenant}/oauth2/v2.0/token`;
export const graphScope = "https://graph.microsoft.com/.default";

// The admin API of the emulator (docs/m365sim.md).
export async function sim(method, path, body) {
  const res = await fetch(`${endpoints.sim_api}${path}`, {
    method,
    headers: { Authorization: `Bearer ${endpoints.sim_token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

export async function setClockOffset(seconds) {
  const r = await sim("PUT", "/clock", { offset_seconds: seconds });
  assert.equal(r.status, 200);
}

// POSTs a form to the token endpoint; returns {status, json}.
export async function tokenRequest(fields, { tenant, headers } = {}) {
  const res = await fetch(tokenUrl(tenant), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(headers || {}) },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, json: await res.json() };
}

// Asserts Entra's error shape: error, AADSTS code, HTTP status, and the other members.
export function assertAadError(result, { status, error, code }) {
  const { json } = result;
  assert.equal(result.status, status, JSON.stringify(json));
  assert.equal(json.error, error, json.error_description);
  assert.deepEqual(json.error_codes, [code]);
  assert.match(json.error_description, new RegExp(`^AADSTS${code}: `));
  assert.match(json.error_description, /\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: /);
  assert.match(json.timestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  assert.match(json.trace_id, /^[0-9a-f-]{36}$/);
  assert.match(json.correlation_id, /^[0-9a-f-]{36}$/);
  assert.equal(json.error_uri, `${endpoints.authority_host}/error?code=${code}`);
}

// Asserts an MSAL error carries the AADSTS code (msal-node exposes errorCode and errorMessage).
export async function assertMsalError(promise, { errorCode, code }) {
  await assert.rejects(promise, (e) => {
    assert.equal(e.errorCode, errorCode, `${e.errorCode}: ${e.errorMessage}`);
    assert.match(e.errorMessage, new RegExp(`AADSTS${code}:`));
    return true;
  });
}

export function decodeJwt(token) {
  const [h, c] = token.split(".");
  return {
    header: JSON.parse(Buffer.from(h, "base64url").toString()),
    claims: JSON.parse(Buffer.from(c, "base64url").toString()),
  };
}

export async function graphGet(path, token) {
  const res = await fetch(`${endpoints.graph_base}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, json: await res.json(), headers: res.headers };
}

// A minimal browser: follows the sign-in pages by posting their forms, keeps cookies.
export class Browser {
  constructor() {
    this.cookies = new Map();
  }
  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  remember(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair.indexOf("=");
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }
  async get(url) {
    const res = await fetch(url, { redirect: "manual", headers: { Cookie: this.cookieHeader() } });
    this.remember(res);
    return { status: res.status, location: res.headers.get("location"), html: await res.text(), url };
  }
  async submit(page, formId, values) {
    const form = parseForm(page.html, formId);
    const body = new URLSearchParams({ ...form.fields, ...values });
    const res = await fetch(new URL(form.action, page.url), {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: this.cookieHeader() },
      body: body.toString(),
    });
    this.remember(res);
    return { status: res.status, location: res.headers.get("location"), html: await res.text(), url: page.url };
  }
}

const unescapeHtml = (s) =>
  s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

// The action and hidden fields of <form id="...">.
export function parseForm(html, id) {
  const m = html.match(new RegExp(`<form id="${id}"[^>]*action="([^"]*)"[^>]*>([\\s\\S]*?)</form>`));
  assert.ok(m, `no form "${id}" on the page:\n${html.slice(0, 2000)}`);
  const fields = {};
  for (const h of m[2].matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[unescapeHtml(h[1])] = unescapeHtml(h[2]);
  }
  return { action: unescapeHtml(m[1]), fields };
}

// Signs `user` in on a sign-in page and passes the MFA step when one is shown
// (reading the code the user's phone would show from the admin API).
export async function signIn(browser, page, user) {
  assert.match(page.html, /<form id="signin"/);
  let next = await browser.submit(page, "signin", { loginfmt: user.upn, passwd: user.password });
  if (next.html.includes('<form id="mfa"')) {
    const mfa = await sim("GET", `/accounts/${encodeURIComponent(user.upn)}/mfa`);
    assert.equal(mfa.status, 200);
    assert.match(mfa.json.code, /^\d{6}$/);
    next = await browser.submit(next, "mfa", { otc: mfa.json.code });
  }
  return next;
}
