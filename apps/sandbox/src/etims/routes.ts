import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { eatStamp, type EtimsLedger, type Taxpayer } from './ledger';
import { checkSale, TAX_RATES } from './sales';
import { CODE_LISTS, ITEM_CLASSES } from './code-lists';

/**
 * KRA eTIMS OSCU stand-in, both route generations (reference section 1):
 *   legacy      /etims-api/<selectInitOsdcInfo|selectCodeList|selectItemClsList|saveItem|insertStockIO|saveStockMaster|saveTrnsSalesOsdc>
 *   integrator  /etims-oscu/api/v1/<initialize|selectCodeList|selectItemClass|saveItem|insert/stockIO|save/stockMaster|sendSalesTransaction>
 *               (Bearer token from GET /v1/token/generate plus an apigee_app_id header)
 * Every call is POST JSON and answers `{resultCd, resultMsg, resultDt, data}`. On the legacy route a
 * business error is HTTP 200 with its resultCd; on the integrator route it is HTTP 400 with the
 * live free-text message in resultMsg.
 */

type Op = 'init' | 'codes' | 'itemClasses' | 'saveItem' | 'stockIO' | 'stockMaster' | 'sale';

export const LEGACY_PATHS: Record<string, Op> = {
  selectInitOsdcInfo: 'init',
  selectCodeList: 'codes',
  selectItemClsList: 'itemClasses',
  saveItem: 'saveItem',
  insertStockIO: 'stockIO',
  saveStockMaster: 'stockMaster',
  saveTrnsSalesOsdc: 'sale',
};
export const INTEGRATOR_PATHS: Record<string, Op> = {
  initialize: 'init',
  selectCodeList: 'codes',
  selectItemClass: 'itemClasses',
  saveItem: 'saveItem',
  'insert/stockIO': 'stockIO',
  'save/stockMaster': 'stockMaster',
  sendSalesTransaction: 'sale',
};

const TIN = /^[A-Z]\d{9}[A-Z]$/;
const ITEM_CD = /^([A-Z]{2})([123])([A-Z0-9]{2})([A-Z0-9]{2})(\d{7})$/;

interface Answer {
  http?: number;
  resultCd: string;
  resultMsg: string;
  data?: unknown;
}

const ok = (data: unknown = null, resultMsg = 'It is succeeded'): Answer => ({ resultCd: '000', resultMsg, data });
const fail = (resultCd: string, resultMsg: string, http?: number): Answer => ({ resultCd, resultMsg, http });

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name.toLowerCase()];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** tin / bhfId / cmcKey: header wins over body (reference section 2). */
function credential(request: FastifyRequest, body: Record<string, unknown>, name: string): string | undefined {
  const fromHeader = header(request, name);
  if (fromHeader) return fromHeader;
  const v = body[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const number = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function etimsRoutes(ledger: EtimsLedger, integrator: boolean): FastifyPluginAsync {
  const paths = integrator ? INTEGRATOR_PATHS : LEGACY_PATHS;
  return async (scope) => {
    const send = (reply: FastifyReply, request: FastifyRequest, tin: string | null, answer: Answer) => {
      const isError = answer.resultCd !== '000' && answer.resultCd !== '001';
      const status = answer.http ?? (integrator && isError ? 400 : 200);
      ledger.calls.push({
        at: new Date().toISOString(),
        path: request.url,
        tin,
        resultCd: answer.resultCd,
        http: status,
      });
      if (isError) {
        const wrapped = ledger.peekScenario(tin, ['wrapped-error']);
        if (wrapped) {
          ledger.consume(wrapped);
          // Gateway quirk: HTTP 200, null body, the real failure in responseHeader (reference section 1).
          return reply.code(200).send({
            responseHeader: {
              responseCode: answer.resultCd,
              responseMessage: 'FAILED',
              debugMessage: answer.resultMsg,
              customerMessage: answer.resultMsg,
            },
            responseBody: null,
          });
        }
      }
      return reply
        .code(status)
        .type('application/json; charset=utf-8')
        .send({
          resultCd: answer.resultCd,
          resultMsg: answer.resultMsg,
          resultDt: eatStamp(),
          data: answer.data ?? null,
        });
    };

    scope.setNotFoundHandler((request, reply) =>
      send(reply, request, null, fail('912', `Method error: no such service ${request.url.split('?')[0]}`, 404)),
    );
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500)
        return send(reply, request, null, fail('911', `There is no request full text: ${error.message}`, 400));
      request.log.error({ err: error }, 'etims sandbox route failed');
      return send(reply, request, null, fail('999', 'An unknown error occurred', 500));
    });

    if (integrator) {
      scope.addHook('onRequest', async (request, reply) => {
        const auth = header(request, 'authorization') ?? '';
        const token = auth.startsWith('Bearer ') ? auth.slice(7).trim() : '';
        if (!token || !ledger.tokenValid(token) || !header(request, 'apigee_app_id'))
          return reply.code(401).send({
            responseMessage: 'Unauthorised-Invalid Access Token',
            responseCode: 401,
            requestId: request.id,
          });
      });
    }

    scope.post('/*', async (request, reply) => {
      const path = (request.params as { '*': string })['*'].replace(/\/+$/, '');
      const op = paths[path];
      const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
        string,
        unknown
      >;
      const tinRaw = credential(request, body, 'tin') ?? null;
      if (!op) return send(reply, request, tinRaw, fail('912', `Method error: no such service /${path}`, 404));

      const outage = ledger.peekScenario(tinRaw, ['outage']);
      if (outage) {
        ledger.consume(outage);
        ledger.calls.push({ at: new Date().toISOString(), path: request.url, tin: tinRaw, resultCd: null, http: 503 });
        return reply.code(503).type('text/plain; charset=utf-8').send('Service Unavailable');
      }
      const flaky = ledger.peekScenario(tinRaw, ['flaky-999']);
      if (flaky) {
        ledger.consume(flaky);
        return send(reply, request, tinRaw, fail('999', 'An unknown error occurred', 200));
      }

      if (op === 'init') {
        const tin = integrator ? str(body.tin) : tinRaw;
        const bhfId = integrator ? str(body.bhfId) : credential(request, body, 'bhfId');
        if (!tin)
          return send(
            reply,
            request,
            null,
            fail(integrator ? '910' : '900', integrator ? 'tin cannot be Null' : 'There is no header information'),
          );
        if (!bhfId)
          return send(
            reply,
            request,
            tin,
            fail('910', integrator ? 'Missing bhfId' : 'Request parameter error[bhfId : may not be empty]'),
          );
        if (!TIN.test(tin))
          return send(reply, request, tin, fail('910', `Request parameter error[tin : invalid PIN ${tin}]`));
        if (!/^\d{2}$/.test(bhfId))
          return send(reply, request, tin, fail('910', 'Request parameter error[bhfId : 2 digits]'));
        const dvcSrlNo = str(body.dvcSrlNo);
        if (!dvcSrlNo || dvcSrlNo.length > 100 || /^INVALID/i.test(dvcSrlNo))
          return send(reply, request, tin, fail('901', 'It is not valid device'));
        const device = ledger.install(tin, bhfId, dvcSrlNo);
        if (!device) return send(reply, request, tin, fail('902', 'This device is installed'));
        return send(
          reply,
          request,
          tin,
          ok({
            info: {
              tin,
              taxprNm: `SANDBOX TAXPAYER ${tin}`,
              bsnsActv: 'Retail sale via mail order houses or via Internet',
              bhfId,
              bhfNm: bhfId === '00' ? 'Headquarter' : `Branch ${bhfId}`,
              bhfOpenDt: '20240101',
              prvncNm: 'NAIROBI',
              dstrtNm: 'WESTLANDS',
              sctrNm: 'PARKLANDS',
              locDesc: 'Sandbox',
              hqYn: bhfId === '00' ? 'Y' : 'N',
              mgrNm: 'Sandbox Manager',
              mgrTelNo: '0700000000',
              mgrEmail: 'manager@example.invalid',
              dvcId: device.dvcId,
              sdcId: device.sdcId,
              mrcNo: device.mrcNo,
              cmcKey: device.cmcKey,
            },
          }),
        );
      }

      // Every other call: the device triple.
      const bhfId = credential(request, body, 'bhfId');
      const cmcKey = credential(request, body, 'cmcKey');
      if (!tinRaw || !bhfId || !cmcKey)
        return send(reply, request, tinRaw, fail('900', 'There is no header information'));
      const payer = ledger.existing(tinRaw);
      const device = payer?.devices.get(bhfId);
      if (!payer || !device || device.cmcKey !== cmcKey)
        return send(reply, request, tinRaw, fail('901', 'It is not valid device'));

      switch (op) {
        case 'codes':
          if (typeof body.lastReqDt !== 'string' || !/^\d{14}$/.test(body.lastReqDt))
            return send(reply, request, tinRaw, fail('910', 'Request parameter error[lastReqDt : yyyyMMddHHmmss]'));
          if (body.lastReqDt >= '20240101000000')
            return send(reply, request, tinRaw, { resultCd: '001', resultMsg: 'There is no search result' });
          return send(reply, request, tinRaw, ok({ clsList: CODE_LISTS }));
        case 'itemClasses':
          if (typeof body.lastReqDt !== 'string' || !/^\d{14}$/.test(body.lastReqDt))
            return send(reply, request, tinRaw, fail('910', 'Request parameter error[lastReqDt : yyyyMMddHHmmss]'));
          if (body.lastReqDt >= '20240101000000')
            return send(reply, request, tinRaw, { resultCd: '001', resultMsg: 'There is no search result' });
          return send(reply, request, tinRaw, ok({ itemClsList: ITEM_CLASSES }));
        case 'saveItem':
          return send(reply, request, tinRaw, saveItem(payer, body));
        case 'stockIO':
          return send(reply, request, tinRaw, stockIO(payer, body));
        case 'stockMaster': {
          const itemCd = str(body.itemCd);
          const rsdQty = number(body.rsdQty);
          if (!payer.items.has(itemCd))
            return send(reply, request, tinRaw, fail('910', `Item ${itemCd} is not registered`));
          if (rsdQty === null || rsdQty < 0)
            return send(reply, request, tinRaw, fail('910', 'Request parameter error[rsdQty : may not be null]'));
          if (!payer.stock.has(itemCd))
            return send(
              reply,
              request,
              tinRaw,
              fail('910', `No stock in/out recorded for item ${itemCd}: insertStockIO first`),
            );
          payer.stockMaster.set(itemCd, rsdQty);
          return send(reply, request, tinRaw, ok(null, 'Successful'));
        }
        case 'sale': {
          const reject = ledger.peekScenario(tinRaw, ['reject-sale']);
          if (reject) {
            ledger.consume(reject);
            return send(
              reply,
              request,
              tinRaw,
              fail('921', reject.message ?? 'Declared sales data cannot be received'),
            );
          }
          const problem = checkSale(payer, body, integrator);
          if (problem) return send(reply, request, tinRaw, fail(problem.resultCd, problem.message));
          const sale = ledger.recordSale(payer, {
            tin: tinRaw,
            bhfId,
            invcNo: body.invcNo as number,
            orgInvcNo: body.orgInvcNo as number,
            trdInvcNo: body.trdInvcNo as string,
            rcptTyCd: body.rcptTyCd as string,
            totAmt: body.totAmt as number,
            request: body,
          });
          request.log.info({ tin: tinRaw, invcNo: sale.invcNo, rcptTyCd: sale.rcptTyCd }, 'etims sale recorded');
          const timeout = ledger.peekScenario(tinRaw, ['timeout-after-commit']);
          if (timeout) {
            ledger.consume(timeout);
            ledger.calls.push({
              at: new Date().toISOString(),
              path: request.url,
              tin: tinRaw,
              resultCd: null,
              http: 0,
            });
            reply.hijack();
            request.raw.socket.destroy();
            return;
          }
          return send(
            reply,
            request,
            tinRaw,
            ok({
              curRcptNo: sale.curRcptNo,
              totRcptNo: sale.totRcptNo,
              intrlData: sale.intrlData,
              rcptSign: sale.rcptSign,
              sdcDateTime: sale.sdcDateTime,
            }),
          );
        }
      }
    });
  };
}

function saveItem(payer: Taxpayer, body: Record<string, unknown>): Answer {
  for (const field of ['regrId', 'regrNm', 'modrId', 'modrNm'])
    if (!str(body[field])) return fail('910', `Request parameter error[${field} : may not be empty]`);
  const itemCd = str(body.itemCd);
  const pkgUnitCd = str(body.pkgUnitCd);
  const qtyUnitCd = str(body.qtyUnitCd);
  if (qtyUnitCd.length !== 2) return fail('910', 'Incorrect QtyUnitCd Prefix');
  if (pkgUnitCd.length !== 2) return fail('910', 'Incorrect PkgUnitCd Prefix');
  const m = ITEM_CD.exec(itemCd);
  if (!m) return fail('910', `Invalid itemCd format: ${itemCd || '(empty)'}`);
  if (m[3] !== pkgUnitCd) return fail('910', "The ItemCd isn't made up of correct PkgUnitCd");
  if (m[4] !== qtyUnitCd) return fail('910', "The ItemCd isn't made up of correct QtyUnitCd");
  const itemTyCd = str(body.itemTyCd);
  if (itemTyCd !== m[2]) return fail('910', "The ItemCd isn't made up of correct itemTyCd");
  if (!str(body.itemNm)) return fail('910', 'Expected a value for itemNm but is empty or null');
  if (!/^\d{10}$/.test(str(body.itemClsCd))) return fail('910', 'Request parameter error[itemClsCd : 10 digits]');
  const taxTyCd = str(body.taxTyCd);
  if (!(taxTyCd in TAX_RATES)) return fail('910', 'Request parameter error[taxTyCd : A-E]');
  if (!str(body.orgnNatCd)) return fail('910', 'Request parameter error[orgnNatCd : may not be empty]');
  const dftPrc = number(body.dftPrc);
  if (dftPrc === null || dftPrc < 0) return fail('910', 'Request parameter error[dftPrc : may not be null]');
  const useYn = str(body.useYn) || 'Y';
  const item = {
    itemCd,
    itemClsCd: str(body.itemClsCd),
    itemTyCd,
    itemNm: str(body.itemNm),
    pkgUnitCd,
    qtyUnitCd,
    taxTyCd,
    dftPrc,
    useYn,
  };
  if (payer.items.has(itemCd)) {
    payer.items.set(itemCd, item); // modification of a registered item
    return ok(null, 'Successful');
  }
  const seq = Number(m[5]);
  if (seq !== payer.nextItemSeq)
    return fail(
      '910',
      `Invalid itemCd Sequence. Expected sequence ending with: ${String(payer.nextItemSeq).padStart(7, '0')}`,
    );
  payer.items.set(itemCd, item);
  payer.nextItemSeq++;
  return ok(null, 'Successful');
}

function stockIO(payer: Taxpayer, body: Record<string, unknown>): Answer {
  const sarNo = number(body.sarNo);
  if (sarNo === null || sarNo !== payer.nextSarNo)
    return fail('910', `Invalid sarNo sequence, expected: ${payer.nextSarNo} but found: ${String(body.sarNo)}`);
  if (number(body.orgSarNo) === null) return fail('910', 'Request parameter error[orgSarNo : must be a number]');
  const sarTyCd = str(body.sarTyCd);
  if (!/^(0[1-6]|1[1-6])$/.test(sarTyCd)) return fail('910', `Invalid sarTyCd ${sarTyCd}`);
  if (!/^\d{8}$/.test(str(body.ocrnDt))) return fail('910', 'Invalid ocrnDt: yyyyMMdd');
  const lines = body.itemList;
  if (!Array.isArray(lines) || lines.length === 0)
    return fail('910', 'Request parameter error[itemList : may not be empty]');
  const out = sarTyCd.startsWith('1');
  const changes = new Map<string, number>();
  for (const [i, raw] of lines.entries()) {
    const line = (raw ?? {}) as Record<string, unknown>;
    const itemCd = str(line.itemCd);
    const qty = number(line.qty);
    if (!payer.items.has(itemCd)) return fail('910', `Item ${itemCd} on item: ${i + 1} is not registered`);
    if (qty === null || qty <= 0) return fail('910', `Invalid qty on item: ${i + 1}`);
    const now = changes.get(itemCd) ?? payer.stock.get(itemCd) ?? 0;
    const next = out ? now - qty : now + qty;
    if (next < 0) return fail('910', `Insufficient stock for ${itemCd}: ${now} on hand, ${qty} out`);
    changes.set(itemCd, next);
  }
  for (const [itemCd, qty] of changes) payer.stock.set(itemCd, qty);
  payer.nextSarNo++;
  return ok(null, 'Successful');
}
