import { randomBytes, randomUUID } from 'node:crypto';

/**
 * The eTIMS OSCU sandbox's memory: taxpayers (per KRA PIN) with their initialised devices, the
 * per-PIN sequences KRA enforces (itemCd, sarNo, invcNo: each advances only on success), the
 * registered items, the stock KRA believes each goods item has, and every accepted sale.
 * Contract: ../shared/reference/etims.md (sections 3-11) and CONTRACT.md beside this file.
 */

export const ETIMS_SCENARIOS = [
  /** Every call answers as documented. */
  'normal',
  /** Every call: HTTP 503 with no envelope (KRA down). */
  'outage',
  /** The next `count` calls answer resultCd 999 "Unknown error" (HTTP 200). */
  'flaky-999',
  /** The next `count` sales are recorded, then the connection is dropped with no answer. */
  'timeout-after-commit',
  /** The next `count` rejections come back as HTTP 200 with the error inside responseHeader (gateway quirk). */
  'wrapped-error',
  /** The next `count` sales are refused with resultCd 910 and `message` (a business rejection). */
  'reject-sale',
] as const;
export type EtimsScenario = (typeof ETIMS_SCENARIOS)[number];

export interface Device {
  tin: string;
  bhfId: string;
  dvcSrlNo: string;
  dvcId: string;
  sdcId: string;
  mrcNo: string;
  cmcKey: string;
  installedAt: string;
}

export interface Item {
  itemCd: string;
  itemClsCd: string;
  itemTyCd: string;
  itemNm: string;
  pkgUnitCd: string;
  qtyUnitCd: string;
  taxTyCd: string;
  dftPrc: number;
  useYn: string;
}

export interface Sale {
  tin: string;
  bhfId: string;
  invcNo: number;
  orgInvcNo: number;
  trdInvcNo: string;
  rcptTyCd: string;
  totAmt: number;
  curRcptNo: number;
  totRcptNo: number;
  intrlData: string;
  rcptSign: string;
  sdcDateTime: string;
  request: Record<string, unknown>;
}

export interface Taxpayer {
  tin: string;
  devices: Map<string, Device>; // key: bhfId
  nextItemSeq: number;
  nextSarNo: number;
  nextInvcNo: number;
  items: Map<string, Item>;
  stock: Map<string, number>;
  stockMaster: Map<string, number>;
  sales: Map<number, Sale>;
  rcptCounters: Map<string, number>;
  totRcptNo: number;
}

interface ScriptedScenario {
  scenario: EtimsScenario;
  remaining: number | null;
  message: string | null;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Uppercase A-Z0-9 of the given length (intrlData 26, rcptSign 16). */
export function randomCode(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALNUM[b % ALNUM.length];
  return out;
}

/** yyyyMMddHHmmss in East Africa Time (UTC+3, no DST). */
export function eatStamp(date = new Date()): string {
  const eat = new Date(date.getTime() + 3 * 3600_000);
  return eat.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export class EtimsLedger {
  private readonly taxpayers = new Map<string, Taxpayer>();
  private readonly scenarios = new Map<string, ScriptedScenario>(); // key: tin or '*'
  private deviceCounter = 0;
  /** Integrator (GavaConnect) bearer tokens issued by /v1/token/generate. */
  readonly tokens = new Map<string, number>();
  /** Every call's path and resultCd, newest last (for tests and debugging). */
  readonly calls: { at: string; path: string; tin: string | null; resultCd: string | null; http: number }[] = [];

  taxpayer(tin: string): Taxpayer {
    let found = this.taxpayers.get(tin);
    if (!found) {
      found = {
        tin,
        devices: new Map(),
        nextItemSeq: 1,
        nextSarNo: 1,
        nextInvcNo: 1,
        items: new Map(),
        stock: new Map(),
        stockMaster: new Map(),
        sales: new Map(),
        rcptCounters: new Map(),
        totRcptNo: 0,
      };
      this.taxpayers.set(tin, found);
    }
    return found;
  }

  existing(tin: string): Taxpayer | undefined {
    return this.taxpayers.get(tin);
  }

  /** Installs a device for (tin, bhfId); null when one is already installed (902). */
  install(tin: string, bhfId: string, dvcSrlNo: string): Device | null {
    const payer = this.taxpayer(tin);
    if (payer.devices.has(bhfId)) return null;
    this.deviceCounter++;
    const n = String(this.deviceCounter).padStart(6, '0');
    const device: Device = {
      tin,
      bhfId,
      dvcSrlNo,
      dvcId: `99999113${n.padStart(8, '0')}`,
      sdcId: `KRACU0${n}${bhfId}`.slice(0, 14),
      mrcNo: `WIS01${n}`,
      cmcKey: randomBytes(16).toString('hex').toUpperCase(),
      installedAt: new Date().toISOString(),
    };
    payer.devices.set(bhfId, device);
    return device;
  }

  recordSale(payer: Taxpayer, sale: Omit<Sale, 'curRcptNo' | 'totRcptNo' | 'intrlData' | 'rcptSign' | 'sdcDateTime'>) {
    const cur = (payer.rcptCounters.get(sale.rcptTyCd) ?? 0) + 1;
    payer.rcptCounters.set(sale.rcptTyCd, cur);
    payer.totRcptNo++;
    const recorded: Sale = {
      ...sale,
      curRcptNo: cur,
      totRcptNo: payer.totRcptNo,
      intrlData: randomCode(26),
      rcptSign: randomCode(16),
      sdcDateTime: eatStamp(),
    };
    payer.sales.set(sale.invcNo, recorded);
    payer.nextInvcNo = sale.invcNo + 1;
    return recorded;
  }

  setScenario(tin: string | null, scenario: EtimsScenario, count: number | null, message: string | null): void {
    const key = tin ?? '*';
    if (scenario === 'normal') this.scenarios.delete(key);
    else this.scenarios.set(key, { scenario, remaining: count, message });
  }

  listScenarios() {
    return [...this.scenarios.entries()].map(([key, s]) => ({
      tin: key === '*' ? null : key,
      scenario: s.scenario,
      remaining: s.remaining,
      message: s.message,
    }));
  }

  /** The scripted scenario that applies to this call (PIN first, then the global one), if any. */
  peekScenario(tin: string | null, kinds: readonly EtimsScenario[]): ScriptedScenario | null {
    for (const key of [tin ?? '', '*']) {
      const s = this.scenarios.get(key);
      if (s && kinds.includes(s.scenario) && (s.remaining === null || s.remaining > 0)) return s;
    }
    return null;
  }

  consume(s: ScriptedScenario): void {
    if (s.remaining !== null) s.remaining--;
  }

  issueToken(): { token: string; expiresIn: number } {
    const token = randomUUID().replace(/-/g, '');
    this.tokens.set(token, Date.now() + 3600_000);
    return { token, expiresIn: 3599 };
  }

  tokenValid(token: string): boolean {
    const until = this.tokens.get(token);
    return until !== undefined && until > Date.now();
  }

  view(tin: string) {
    const payer = this.taxpayers.get(tin);
    if (!payer) return null;
    return {
      tin,
      devices: [...payer.devices.values()].map((d) => ({
        bhfId: d.bhfId,
        dvcSrlNo: d.dvcSrlNo,
        sdcId: d.sdcId,
        mrcNo: d.mrcNo,
        installedAt: d.installedAt,
      })),
      nextItemSeq: payer.nextItemSeq,
      nextSarNo: payer.nextSarNo,
      nextInvcNo: payer.nextInvcNo,
      items: [...payer.items.values()],
      stock: Object.fromEntries(payer.stock),
      sales: [...payer.sales.values()].map((s) => ({
        invcNo: s.invcNo,
        orgInvcNo: s.orgInvcNo,
        trdInvcNo: s.trdInvcNo,
        rcptTyCd: s.rcptTyCd,
        totAmt: s.totAmt,
        curRcptNo: s.curRcptNo,
        totRcptNo: s.totRcptNo,
        rcptSign: s.rcptSign,
        intrlData: s.intrlData,
        sdcDateTime: s.sdcDateTime,
      })),
    };
  }

  /** Everything KRA would remember across a restart (tokens, scenarios and the call log are not kept). */
  snapshot(): string {
    return JSON.stringify({
      deviceCounter: this.deviceCounter,
      taxpayers: [...this.taxpayers.values()].map((p) => ({
        ...p,
        devices: [...p.devices.entries()],
        items: [...p.items.entries()],
        stock: [...p.stock.entries()],
        stockMaster: [...p.stockMaster.entries()],
        sales: [...p.sales.entries()],
        rcptCounters: [...p.rcptCounters.entries()],
      })),
    });
  }

  restore(text: string): void {
    const saved = JSON.parse(text) as { deviceCounter: number; taxpayers: Record<string, unknown>[] };
    this.deviceCounter = saved.deviceCounter;
    for (const raw of saved.taxpayers) {
      const p = raw as unknown as Taxpayer & Record<string, [never, never][]>;
      this.taxpayers.set(p.tin, {
        ...p,
        devices: new Map(raw.devices as [string, Device][]),
        items: new Map(raw.items as [string, Item][]),
        stock: new Map(raw.stock as [string, number][]),
        stockMaster: new Map(raw.stockMaster as [string, number][]),
        sales: new Map(raw.sales as [number, Sale][]),
        rcptCounters: new Map(raw.rcptCounters as [string, number][]),
      });
    }
  }

  clear(): void {
    this.taxpayers.clear();
    this.scenarios.clear();
    this.tokens.clear();
    this.calls.length = 0;
  }
}
