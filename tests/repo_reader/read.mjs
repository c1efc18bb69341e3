// An independent reader of Ark365 repositories, written from docs/repository-format.md alone
// (it shares no code with src/repo/): it proves that the document is complete.
//
//   node read.mjs REPOSITORY snapshots          one JSON line per snapshot
//   node read.mjs REPOSITORY dump SNAPSHOT_ID   one JSON line per node: path, type, size, sha256 of content/record
//
// The password comes from the environment variable ARK365_PASSWORD.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { decompress } from 'fzstd';
import sodium from 'libsodium-wrappers-sumo';

function fail(message) {
  process.stderr.write(`repo_reader: ${message}\n`);
  process.exit(1);
}

// §3.3 XAES-256-GCM.
function aesBlocks(key, data) {
  const c = crypto.createCipheriv('aes-256-ecb', key, null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}

function xaesOpen(key, ad, sealed) {
  if (sealed.length < 40) throw new Error('sealed data too short');
  const nonce = sealed.subarray(0, 24);
  const l = aesBlocks(key, Buffer.alloc(16));
  const k1 = Buffer.alloc(16);
  for (let i = 0; i < 15; i++) k1[i] = ((l[i] << 1) | (l[i + 1] >> 7)) & 0xff;
  k1[15] = (l[15] << 1) & 0xff;
  if (l[0] & 0x80) k1[15] ^= 0x87;
  const m = Buffer.alloc(32);
  m.set([0x00, 0x01, 0x58, 0x00], 0);
  nonce.copy(m, 4, 0, 12);
  m.set([0x00, 0x02, 0x58, 0x00], 16);
  nonce.copy(m, 20, 0, 12);
  for (let i = 0; i < 16; i++) {
    m[i] ^= k1[i];
    m[16 + i] ^= k1[i];
  }
  const kx = aesBlocks(key, m);
  const d = crypto.createDecipheriv('aes-256-gcm', kx, nonce.subarray(12, 24));
  d.setAAD(Buffer.from(ad));
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([d.update(sealed.subarray(24, sealed.length - 16)), d.final()]);
}

function u32(buf, at) {
  return buf.readUInt32LE(at);
}

class Reader {
  constructor(root, password) {
    this.root = root;
    // §9 config.
    const config = JSON.parse(fs.readFileSync(path.join(root, 'config'), 'utf8'));
    if (config.repository !== 'ark365') fail('not an Ark365 repository');
    if (config.version !== 1) fail(`unsupported version ${config.version}`);
    this.config = config;
    this.openKeys(password);
    this.loadIndex();
  }

  // §3.4 key files.
  openKeys(password) {
    for (const name of fs.readdirSync(path.join(this.root, 'keys'))) {
      if (!/^[0-9a-f]{64}$/.test(name)) continue;
      const key = JSON.parse(fs.readFileSync(path.join(this.root, 'keys', name), 'utf8'));
      const kek = Buffer.from(
        sodium.crypto_pwhash(32, Buffer.from(password), Buffer.from(key.salt, 'base64'), key.kdf_ops,
                             key.kdf_memory, sodium.crypto_pwhash_ALG_ARGON2ID13));
      let payload;
      try {
        payload = JSON.parse(xaesOpen(kek, 'ark365/key', Buffer.from(key.data, 'base64')).toString('utf8'));
      } catch {
        continue;
      }
      if (payload.repository !== this.config.id) fail('key file of another repository');
      this.encryption = Buffer.from(payload.encryption, 'base64');
      this.idKey = Buffer.from(payload.id, 'base64');
      return;
    }
    fail('the password opens no key file');
  }

  // §8 objects.
  object(type, id) {
    const sealed = fs.readFileSync(path.join(this.root, type, id));
    const plain = xaesOpen(this.encryption, `ark365/${type}/${id}`, sealed);
    const body = plain.subarray(1);
    if (plain[0] === 0) return body;
    if (plain[0] === 1) return Buffer.from(decompress(body));
    throw new Error(`unknown object encoding ${plain[0]}`);
  }

  // §6 index files.
  loadIndex() {
    this.index = new Map();
    for (const name of fs.readdirSync(path.join(this.root, 'index'))) {
      if (!/^[0-9a-f]{64}$/.test(name)) continue;
      const body = this.object('index', name);
      if (body[0] !== 1) throw new Error('unknown index version');
      const packs = u32(body, 1);
      let p = 5;
      for (let i = 0; i < packs; i++) {
        const pack = body.subarray(p, p + 32).toString('hex');
        const n = u32(body, p + 32);
        p += 36;
        for (let j = 0; j < n; j++, p += 46) {
          const entry = {
            pack,
            type: body[p],
            compression: body[p + 1],
            offset: u32(body, p + 2),
            length: u32(body, p + 6),
            rawLength: u32(body, p + 10),
          };
          const id = body.subarray(p + 14, p + 46).toString('hex');
          this.index.set(`${entry.type}:${id}`, entry);
        }
      }
      if (p !== body.length) throw new Error('index file has trailing bytes');
    }
  }

  // §5 blobs, §10 step 5 (including the id check).
  blob(type, id) {
    const e = this.index.get(`${type}:${id}`);
    if (!e) throw new Error(`blob ${id} is not in the index`);
    const fd = fs.openSync(path.join(this.root, 'data', e.pack.slice(0, 2), e.pack), 'r');
    const stored = Buffer.alloc(e.length);
    fs.readSync(fd, stored, 0, e.length, e.offset);
    fs.closeSync(fd);
    const ad = Buffer.concat([Buffer.from([type]), Buffer.from(id, 'hex')]);
    let plain = xaesOpen(this.encryption, ad, stored);
    if (e.compression === 1) plain = Buffer.from(decompress(plain));
    if (plain.length !== e.rawLength) throw new Error(`blob ${id} has the wrong size`);
    const mac = crypto.createHmac('sha256', this.idKey).update(plain).digest('hex');
    if (mac !== id) throw new Error(`blob ${id} does not match its id`);
    return plain;
  }

  snapshots() {
    const out = [];
    for (const name of fs.readdirSync(path.join(this.root, 'snapshots'))) {
      if (!/^[0-9a-f]{64}$/.test(name)) continue;
      out.push({ id: name, ...JSON.parse(this.object('snapshots', name).toString('utf8')) });
    }
    return out;
  }

  // §7 trees: a directory is the concatenation of its leaf pages.
  *nodes(pageId) {
    const page = JSON.parse(this.blob(2, pageId).toString('utf8'));
    if (page.nodes) {
      yield* page.nodes;
      return;
    }
    for (const child of page.children) yield* this.nodes(child.id);
  }

  contentHash(ids) {
    const h = crypto.createHash('sha256');
    let size = 0;
    for (const id of ids) {
      const part = this.blob(1, id);
      size += part.length;
      h.update(part);
    }
    return { size, sha256: h.digest('hex') };
  }

  *walk(pageId, prefix) {
    let last = null;
    for (const node of this.nodes(pageId)) {
      if (last !== null && !(Buffer.compare(Buffer.from(last), Buffer.from(node.name)) < 0)) {
        throw new Error(`names out of order in ${prefix || '/'}`);
      }
      last = node.name;
      const p = prefix ? `${prefix}/${node.name}` : node.name;
      const line = { path: p, type: node.type };
      if (node.type === 'file' || node.type === 'item') {
        const c = this.contentHash(node.content || []);
        if (c.size !== node.size) throw new Error(`${p}: content size ${c.size}, node says ${node.size}`);
        Object.assign(line, c);
      }
      if (node.type === 'symlink') line.target = node.target;
      if (node.record) {
        const bytes = node.record.data !== undefined
          ? Buffer.from(node.record.data, 'base64')
          : Buffer.concat(node.record.content.map((id) => this.blob(1, id)));
        line.record = { type: node.record.type, sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
      }
      yield line;
      if (node.type === 'dir') yield* this.walk(node.subtree, p);
    }
  }
}

await sodium.ready;
const [root, command, arg] = process.argv.slice(2);
if (!root || !command) fail('usage: node read.mjs REPOSITORY snapshots | dump SNAPSHOT_ID');
const password = process.env.ARK365_PASSWORD;
if (!password) fail('set ARK365_PASSWORD');
const reader = new Reader(root, password);
if (command === 'snapshots') {
  for (const s of reader.snapshots()) process.stdout.write(`${JSON.stringify({ id: s.id, tree: s.tree, time: s.time })}\n`);
} else if (command === 'dump') {
  const snapshot = reader.snapshots().find((s) => s.id === arg);
  if (!snapshot) fail(`no snapshot ${arg}`);
  for (const line of reader.walk(snapshot.tree, '')) process.stdout.write(`${JSON.stringify(line)}\n`);
} else {
  fail(`unknown command ${command}`);
}
