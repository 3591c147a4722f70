import { notFound } from '@/lib/route';
import { WIZARD_GET_STEPS, WIZARD_POST_STEPS } from '@/lib/wizard/steps';

/**
 * The wizard's form targets, one handler per step in lib/wizard/steps/<step>.ts (the list of
 * steps and what each calls is in lib/wizard/steps/index.ts). An unknown step is a 404.
 */
export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ step: string }> };

export async function GET(request: Request, { params }: Params): Promise<Response> {
  const handler = WIZARD_GET_STEPS.get((await params).step);
  return handler ? handler(request) : notFound();
}

export async function POST(request: Request, { params }: Params): Promise<Response> {
  const handler = WIZARD_POST_STEPS.get((await params).step);
  return handler ? handler(request) : notFound();
}
