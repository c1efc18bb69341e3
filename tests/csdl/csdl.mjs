// A shape checker for Microsoft Graph JSON: validates responses against the official v1.0 CSDL.
//
// loadCsdl(path) reads Microsoft's schema (EntityType, ComplexType, EnumType with BaseType
// inheritance, OpenType, Nullable, Collection(...), NavigationProperty, the EntityContainer's
// EntitySets and Singletons). validateResponse(body, {url}) finds the type a response claims
// through its @odata.context (or an explicit `type`) and checks every property: it exists on the
// type or an ancestor (or the type is open), its JSON value matches the primitive, enum, complex or
// collection type, @odata.type names a real type derived from the expected one, and navigation
// properties appear only when the request $expand-ed them. It returns a list of problems, each
// naming the JSON path; an empty list means the response fits the schema.
// The CSDL is read from where the caller says (never copied into the project).
import { readFileSync, existsSync } from "node:fs";

const ATTR = /(\w+)="([^"]*)"/g;

function attrs(text) {
  const out = {};
  for (const m of text.matchAll(ATTR)) out[m[1]] = m[2];
  return out;
}

export class Csdl {
  constructor() {
    this.types = new Map(); // full name -> {kind, name, base, open, abstract, props: Map, members}
    this.aliases = new Map(); // alias -> namespace
    this.entitySets = new Map(); // name -> type full name
    this.singletons = new Map(); // name -> type full name
  }

  resolve(name) {
    if (!name) return name;
    if (name.startsWith("Collection(")) return `Collection(${this.resolve(name.slice(11, -1))})`;
    const dot = name.lastIndexOf(".");
    if (dot < 0) return `microsoft.graph.${name}`;
    const ns = name.slice(0, dot);
    if (this.aliases.has(ns)) return `${this.aliases.get(ns)}.${name.slice(dot + 1)}`;
    return name;
  }

  type(name) {
    return this.types.get(this.resolve(name));
  }

  // The type and its ancestors, nearest first.
  chain(name) {
    const out = [];
    let t = this.type(name);
    while (t) {
      out.push(t);
      t = t.base ? this.type(t.base) : undefined;
    }
    return out;
  }

  property(typeName, prop) {
    for (const t of this.chain(typeName)) {
      if (t.props.has(prop)) return t.props.get(prop);
    }
    return undefined;
  }

  isOpen(typeName) {
    return this.chain(typeName).some((t) => t.open);
  }

  derivesFrom(typeName, baseName) {
    const want = this.resolve(baseName);
    return this.chain(typeName).some((t) => t.fullName === want);
  }
}

export function loadCsdl(path) {
  if (!path || !existsSync(path)) {
    throw new Error(
      `the Graph CSDL was not found at '${path}'. It is read at test time from the shared data area ` +
        `(../shared/graph/v1.0-Prod.csdl beside the repository); configure with -DARK_GRAPH_CSDL=<path>.`,
    );
  }
  const xml = readFileSync(path, "utf8");
  const csdl = new Csdl();
  let namespace = "";
  let current = null;
  const tag = /<(\/?)([\w:]+)([^>]*?)(\/?)>/g;
  for (const m of xml.matchAll(tag)) {
    const [, closing, name, rest, selfClosing] = m;
    if (closing) {
      if (name === "EntityType" || name === "ComplexType" || name === "EnumType") current = null;
      continue;
    }
    const a = attrs(rest);
    switch (name) {
      case "Schema":
        namespace = a.Namespace;
        if (a.Alias) csdl.aliases.set(a.Alias, a.Namespace);
        break;
      case "EntityType":
      case "ComplexType":
      case "EnumType": {
        const t = {
          kind: name,
          name: a.Name,
          fullName: `${namespace}.${a.Name}`,
          base: a.BaseType,
          open: a.OpenType === "true",
          abstract: a.Abstract === "true",
          flags: a.IsFlags === "true",
          props: new Map(),
          members: new Set(),
        };
        csdl.types.set(t.fullName, t);
        current = selfClosing ? null : t;
        break;
      }
      case "Property":
      case "NavigationProperty":
        if (current) {
          current.props.set(a.Name, { name: a.Name, type: a.Type, nullable: a.Nullable !== "false", navigation: name === "NavigationProperty" });
        }
        break;
      case "Member":
        if (current) current.members.add(a.Name);
        break;
      case "EntitySet":
        csdl.entitySets.set(a.Name, a.EntityType);
        break;
      case "Singleton":
        csdl.singletons.set(a.Name, a.Type);
        break;
      default:
        break;
    }
  }
  // Base types were written with aliases; resolve them once all schemas are known.
  for (const t of csdl.types.values()) if (t.base) t.base = csdl.resolve(t.base);
  return csdl;
}

const PRIMITIVE = {
  "Edm.String": (v) => typeof v === "string",
  "Edm.Boolean": (v) => typeof v === "boolean",
  "Edm.Int16": Number.isInteger,
  "Edm.Int32": Number.isInteger,
  "Edm.Int64": Number.isInteger,
  "Edm.Byte": Number.isInteger,
  "Edm.SByte": Number.isInteger,
  "Edm.Double": (v) => typeof v === "number" || ["NaN", "INF", "-INF"].includes(v),
  "Edm.Single": (v) => typeof v === "number" || ["NaN", "INF", "-INF"].includes(v),
  "Edm.Decimal": (v) => typeof v === "number",
  "Edm.DateTimeOffset": (v) => typeof v === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(v),
  "Edm.Date": (v) => typeof v === "string" && /^\d{4}-\d\d-\d\d$/.test(v),
  "Edm.TimeOfDay": (v) => typeof v === "string" && /^\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(v),
  "Edm.Guid": (v) => typeof v === "string" && /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(v),
  "Edm.Binary": (v) => typeof v === "string" && /^[A-Za-z0-9+/_-]*={0,2}$/.test(v),
  "Edm.Duration": (v) => typeof v === "string" && /^-?P/.test(v),
  "Edm.Untyped": () => true,
  "Edm.Geography": () => true,
};

// $expand=a,b($select=...) and SharePoint's expand=fields -> {"a","b"}.
export function expandedOf(url) {
  const out = new Set();
  if (!url) return out;
  const u = new URL(url, "https://x");
  for (const key of ["$expand", "expand"]) {
    const v = u.searchParams.get(key);
    if (!v) continue;
    let depth = 0;
    let cur = "";
    for (const ch of v) {
      if (ch === "(") depth++;
      if (ch === ")") depth--;
      if (ch === "," && depth === 0) {
        out.add(cur.trim().split("(")[0]);
        cur = "";
      } else cur += ch;
    }
    if (cur.trim()) out.add(cur.trim().split("(")[0]);
  }
  return out;
}

// The type a response's @odata.context names: {type, collection}.
export function typeOfContext(csdl, context) {
  const hash = context.indexOf("#");
  if (hash < 0) throw new Error(`@odata.context has no '#': ${context}`);
  let fragment = decodeURIComponent(context.slice(hash + 1));
  let single = false;
  if (fragment.endsWith("/$entity")) {
    fragment = fragment.slice(0, -8);
    single = true;
  }
  if (fragment.startsWith("Collection(")) return { type: csdl.resolve(fragment.slice(11, -1)), collection: true };
  if (!csdl.entitySets.has(fragment) && !csdl.singletons.has(fragment) && csdl.type(fragment)) {
    return { type: csdl.resolve(fragment), collection: false };
  }
  // Navigation from an entity set or singleton: users('x')/mailFolders('y')/messages
  const segments = [];
  let depth = 0;
  let cur = "";
  for (const ch of fragment) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "/" && depth === 0) {
      segments.push(cur);
      cur = "";
    } else cur += ch;
  }
  segments.push(cur);
  let type;
  let collection;
  for (const [i, raw] of segments.entries()) {
    const keyed = raw.includes("(");
    const name = keyed ? raw.slice(0, raw.indexOf("(")) : raw;
    if (i === 0) {
      if (csdl.entitySets.has(name)) {
        type = csdl.resolve(csdl.entitySets.get(name));
        collection = !keyed;
      } else if (csdl.singletons.has(name)) {
        type = csdl.resolve(csdl.singletons.get(name));
        collection = false;
      } else {
        throw new Error(`@odata.context starts with '${name}', which is neither an entity set nor a singleton`);
      }
      continue;
    }
    if (csdl.type(name)) {
      type = csdl.resolve(name); // a type cast segment
      continue;
    }
    const p = csdl.property(type, name);
    if (!p) throw new Error(`@odata.context: '${name}' is not a property of ${type}`);
    const t = csdl.resolve(p.type);
    collection = t.startsWith("Collection(") && !keyed;
    type = t.startsWith("Collection(") ? t.slice(11, -1) : t;
  }
  return { type, collection: single ? false : collection };
}

class Checker {
  constructor(csdl, expanded) {
    this.csdl = csdl;
    this.expanded = expanded;
    this.problems = [];
  }

  problem(path, message) {
    this.problems.push(`${path || "$"}: ${message}`);
  }

  value(v, typeName, nullable, path) {
    const type = this.csdl.resolve(typeName);
    if (v === null) {
      if (!nullable) this.problem(path, `null for non-nullable ${type}`);
      return;
    }
    if (type.startsWith("Collection(")) {
      if (!Array.isArray(v)) return this.problem(path, `expected an array of ${type.slice(11, -1)}`);
      v.forEach((x, i) => this.value(x, type.slice(11, -1), true, `${path}[${i}]`));
      return;
    }
    if (type.startsWith("Edm.")) {
      const check = PRIMITIVE[type];
      if (!check) return this.problem(path, `unexpected primitive ${type} (Edm.Stream properties are not serialised)`);
      if (!check(v)) this.problem(path, `${JSON.stringify(v).slice(0, 60)} is not a valid ${type}`);
      return;
    }
    const t = this.csdl.type(type);
    if (!t) return this.problem(path, `unknown type ${type}`);
    if (t.kind === "EnumType") {
      if (typeof v !== "string") return this.problem(path, `enum ${type} must be a string`);
      const names = t.flags ? v.split(",").map((s) => s.trim()) : [v];
      for (const n of names) if (!t.members.has(n)) this.problem(path, `'${n}' is not a member of ${type}`);
      return;
    }
    this.object(v, type, path, false);
  }

  object(obj, typeName, path, top) {
    if (typeof obj !== "object" || Array.isArray(obj)) return this.problem(path, `expected an object of ${typeName}`);
    let type = this.csdl.resolve(typeName);
    const declared = obj["@odata.type"];
    if (declared !== undefined) {
      if (typeof declared !== "string" || !declared.startsWith("#")) {
        this.problem(`${path}.@odata.type`, `must be a string starting with '#'`);
      } else {
        const actual = this.csdl.resolve(declared.slice(1));
        if (!this.csdl.type(actual)) this.problem(`${path}.@odata.type`, `${declared} is not a type of the schema`);
        else if (!this.csdl.derivesFrom(actual, type)) this.problem(`${path}.@odata.type`, `${declared} does not derive from ${type}`);
        else type = actual;
      }
    }
    const open = this.csdl.isOpen(type);
    for (const [key, v] of Object.entries(obj)) {
      const at = key.indexOf("@");
      if (at === 0) continue; // instance annotations: @odata.*, @microsoft.graph.*, @removed
      const name = at > 0 ? key.slice(0, at) : key;
      const p = this.csdl.property(type, name);
      if (!p) {
        if (!open) this.problem(`${path}.${key}`, `no property '${name}' on ${type} or its base types`);
        continue;
      }
      if (at > 0) continue; // a property annotation (fields@odata.context, replies@odata.nextLink)
      if (p.navigation && !(top && this.expanded.has(name))) {
        this.problem(`${path}.${key}`, `navigation property '${name}' of ${type} without $expand`);
        continue;
      }
      this.value(v, p.type, p.nullable, `${path}.${key}`);
    }
  }
}

// Validates one Graph response body. `url` is the request URL ($expand); `type` overrides the
// @odata.context (a full or alias-qualified type name); `collection` says the body is a collection.
export function validateResponse(csdl, body, { url, type, collection } = {}) {
  const checker = new Checker(csdl, expandedOf(url));
  if (body === null || typeof body !== "object") return ["$: a Graph response body is a JSON object"];
  let target = type ? { type: csdl.resolve(type), collection: !!collection } : undefined;
  if (!target) {
    const context = body["@odata.context"];
    if (typeof context !== "string") return ["$: no @odata.context to tell the type; pass one"];
    try {
      target = typeOfContext(csdl, context);
    } catch (e) {
      return [`$.@odata.context: ${e.message}`];
    }
  }
  if (target.collection || (Array.isArray(body.value) && !csdl.property(target.type, "value"))) {
    if (!Array.isArray(body.value)) return ["$.value: a collection response has a value array"];
    body.value.forEach((x, i) => checker.object(x, target.type, `$.value[${i}]`, true));
  } else {
    checker.object(body, target.type, "$", true);
  }
  return checker.problems;
}
