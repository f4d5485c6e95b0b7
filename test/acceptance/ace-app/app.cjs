/**
 * An atlassian-connect-express app as a vendor writes one, for Veil's acceptance test. ACE is used as
 * it ships: its configuration comes from config.json (the product host with an admin's credentials),
 * it registers itself through the plugin manager, verifies the signed install with the key it fetches
 * from CONNECT_KEYS_CDN_URL, and verifies webhooks and calls the product with its own JWTs. Two things
 * are the app's own: a pure-JS memory store (ACE's default needs the native sqlite3), and the one
 * override ACE leaves no other way to make, pointing its hard-coded authorization server at Veil.
 *
 * The `/probe/*` routes are how the test asks the app to do what an app does, and what it saw.
 */
const http = require('node:http');
const express = require('express');
const ace = require('atlassian-connect-express');
const OAuth2 = require('atlassian-connect-express/lib/internal/oauth2');

OAuth2.prototype.getAuthorizationServer = () => process.env.VEIL_URL;

class MemoryStore {
  constructor() {
    this.values = new Map();
  }
  isMemoryStore() {
    return true;
  }
  async get(key, clientKey) {
    return this.values.get(`${clientKey}:${key}`) ?? null;
  }
  async set(key, value, clientKey) {
    const parsed = typeof value === 'string' ? JSON.parse(value) : value;
    this.values.set(`${clientKey}:${key}`, parsed);
    return parsed;
  }
  async del(key, clientKey) {
    this.values.delete(`${clientKey}:${key}`);
  }
  async saveInstallation(value, clientKey) {
    return this.set('clientInfo', value, clientKey);
  }
  async getAllClientInfos() {
    return [...this.values].filter(([key]) => key.endsWith(':clientInfo')).map(([, value]) => value);
  }
  async associateInstallations() {}
  async deleteAssociation() {}
  async getClientSettingsForForgeInstallation() {
    return null;
  }
  forForgeInstallation() {
    return { get: async () => null, set: async (_key, value) => value, del: async () => {} };
  }
}
ace.store.register('acceptance-memory', () => new MemoryStore());

const app = express();
const addon = ace(app);
app.use(express.json());
app.use(express.urlencoded({ extended: false }));
app.use(addon.middleware());

const seen = { installed: [], webhooks: [] };
addon.on('host_settings_saved', (clientKey) => seen.installed.push(clientKey));
function keepWebhook(_event, body, req) {
  seen.webhooks.push({
    clientKey: req.context.clientKey,
    identifier: req.headers['x-atlassian-webhook-identifier'],
    body,
  });
}
addon.on('user_updated', keepWebhook);
addon.on('jira:issue_updated', keepWebhook);

/** Answers what the product said to a request the app made through ACE's http client. */
function relay(res, client, url) {
  client.get({ url, json: true }, (error, response, body) => {
    // atlassian-oauth2 rejects with the authorization server's JSON; transport failures are Errors.
    if (error) return res.status(502).json({ error: error instanceof Error ? error.message : error });
    return res.json({ status: response.statusCode, body });
  });
}

app.get('/probe/state', (_req, res) => res.json(seen));
app.get('/probe/user', (req, res) => {
  const client = addon.httpClient({ clientKey: seen.installed.at(-1) });
  relay(res, client, `/rest/api/3/user?accountId=${encodeURIComponent(req.query.accountId)}`);
});
app.get('/probe/myself-as', (req, res) => {
  const client = addon
    .httpClient({ clientKey: seen.installed.at(-1) })
    .asUserByAccountId(req.query.accountId);
  relay(res, client, '/rest/api/3/myself');
});

http.createServer(app).listen(Number(process.env.PORT), '127.0.0.1', () => {
  process.stdout.write(`ace app listening on ${process.env.PORT}\n`);
  addon.register();
});
