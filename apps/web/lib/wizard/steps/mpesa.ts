import { mpesaCheckSchema, mpesaSettingsSavedSchema } from '@sokoni/contracts';
import type { WizardPost } from '@/lib/wizard-flow';
import { forward, signedInStep, text } from './step';

/**
 * POST /start/save/mpesa: screen 4 -> PUT /v1/owner/settings/mpesa, then on to the next screen,
 * or (action=test, "Save and test") the connection test of lib/wizard/steps/mpesa-test.ts.
 */
export const saveMpesa = signedInStep(async (post) => {
  const form = post.form ?? new URLSearchParams();
  const kind = text(form, 'kind') === 'paybill' ? 'paybill' : 'till';
  const number = text(form, 'number', 20).replace(/\s+/g, '');
  const storeNumber = text(form, 'shortcode', 20).replace(/\s+/g, '');
  const body = {
    kind,
    // A till's "store number" (head office) is usually the till itself for a one-shop merchant.
    shortcode: kind === 'till' ? storeNumber || number : number,
    ...(kind === 'till' ? { tillNumber: number } : {}),
    consumerKey: text(form, 'consumerKey', 200),
    consumerSecret: text(form, 'consumerSecret', 200),
    passkey: text(form, 'passkey', 200),
  };
  const saved = await post.api.put('/v1/owner/settings/mpesa', body, mpesaSettingsSavedSchema);
  if (!saved.ok) return post.failed('/start/mpesa', saved.problem);
  if (text(form, 'action') !== 'test') {
    const progress = await post.api.progress();
    if (!progress.ok) return post.failed('/start/mpesa', progress.problem);
    return forward(
      post,
      progress.data,
      '/start/mpesa',
      `M-Pesa saved: ${kind === 'till' ? 'till' : 'paybill'} ${number}.`,
    );
  }
  return testMpesaConnection(post, 'M-Pesa saved.');
});

/** POST /v1/owner/settings/mpesa/test, and back to screen 4 with its answer (after `prefix`). */
export async function testMpesaConnection(post: WizardPost, prefix: string): Promise<Response> {
  const answer = await post.api.post('/v1/owner/settings/mpesa/test', {}, mpesaCheckSchema);
  if (!answer.ok) return post.failed('/start/mpesa', answer.problem);
  const text = `${prefix ? `${prefix} ` : ''}Test connection: ${answer.data.ok ? 'OK' : 'failed'}. ${answer.data.message}`;
  return post.done(`/start/mpesa?test=${answer.data.ok ? 'ok' : 'failed'}`, answer.data.ok ? 'ok' : 'error', text);
}
