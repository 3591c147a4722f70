// Tells the local WhatsApp sandbox about the demo stores' business numbers and the message
// templates the API sends (in production both live in Meta's WhatsApp Manager). Used by
// `npm start` and by the tests. Needs the API up: the sandbox verifies the webhook URL.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

async function post(url, body) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * stores: [{ phoneNumberId, displayPhoneNumber }]. Returns the sandbox's answer per store
 * (`verified` says whether the API passed Meta's webhook handshake).
 */
export async function configureSandboxWhatsApp({ sandboxUrl, apiUrl, appSecret, verifyToken, stores }) {
  const { TEMPLATE_CATALOGUE } = require(path.join(ROOT, 'apps/api/dist/modules/messaging/templates.js'));
  const results = [];
  for (const store of stores) {
    results.push(
      await post(`${sandboxUrl}/__admin/whatsapp/config`, {
        phoneNumberId: store.phoneNumberId,
        displayPhoneNumber: store.displayPhoneNumber,
        webhookUrl: `${apiUrl}/v1/hooks/whatsapp`,
        appSecret,
        verifyToken,
      }),
    );
    for (const template of TEMPLATE_CATALOGUE) {
      for (const language of ['en', 'sw']) {
        await post(`${sandboxUrl}/__admin/whatsapp/templates`, {
          phoneNumberId: store.phoneNumberId,
          name: template.name,
          language,
          bodyParameters: template.bodyParameters,
        });
      }
    }
  }
  return results;
}
