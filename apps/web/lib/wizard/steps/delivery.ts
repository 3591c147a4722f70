import { ownerDeliverySettingsSchema } from '@sokoni/contracts';
import { forward, signedInStep } from './step';

/** POST /start/save/delivery: screen 5's "Use Nairobi defaults" -> POST /v1/owner/delivery/defaults. */
export const saveDelivery = signedInStep(
  async (post) => {
    const answer = await post.api.post('/v1/owner/delivery/defaults', {}, ownerDeliverySettingsSchema);
    if (!answer.ok && !(answer.problem.status === 409)) return post.failed('/start/delivery', answer.problem);
    const progress = await post.api.progress();
    if (!progress.ok) return post.failed('/start/delivery', progress.problem);
    return forward(
      post,
      progress.data,
      '/start/delivery',
      answer.ok ? 'Nairobi delivery areas and fees saved.' : 'Your delivery areas were already set: kept them.',
    );
  },
  { readForm: false },
);
