import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { ImageMotif } from './types';

/**
 * Demo product images are drawn, not downloaded: an SVG of the product's motif in its colours,
 * rendered to WebP with sharp. No text is drawn (no fonts are assumed on the machine).
 */

export const PRODUCT_IMAGE_SIZE = 800;

const MOTIFS: Record<ImageMotif, (a: string) => string> = {
  phone: (a) =>
    `<rect x="290" y="140" width="220" height="440" rx="34" fill="${a}"/><rect x="306" y="176" width="188" height="360" rx="10" fill="#ffffff" opacity=".85"/><circle cx="400" cy="558" r="10" fill="#fff"/>`,
  tablet: (a) =>
    `<rect x="220" y="170" width="360" height="470" rx="30" fill="${a}"/><rect x="242" y="196" width="316" height="410" rx="8" fill="#fff" opacity=".85"/>`,
  laptop: (a) =>
    `<rect x="210" y="220" width="380" height="250" rx="16" fill="${a}"/><rect x="230" y="240" width="340" height="210" fill="#fff" opacity=".85"/><path d="M160 490h480l-40 50H200z" fill="${a}"/>`,
  earbuds: (a) =>
    `<rect x="290" y="330" width="220" height="160" rx="70" fill="${a}"/><circle cx="340" cy="270" r="40" fill="${a}"/><circle cx="460" cy="270" r="40" fill="${a}"/><rect x="330" y="270" width="20" height="70" fill="${a}"/><rect x="450" y="270" width="20" height="70" fill="${a}"/>`,
  headphones: (a) =>
    `<path d="M250 420v-60a150 150 0 0 1 300 0v60" stroke="${a}" stroke-width="34" fill="none"/><rect x="220" y="400" width="80" height="140" rx="30" fill="${a}"/><rect x="500" y="400" width="80" height="140" rx="30" fill="${a}"/>`,
  charger: (a) =>
    `<rect x="300" y="240" width="200" height="300" rx="40" fill="${a}"/><rect x="340" y="190" width="30" height="60" fill="${a}"/><rect x="430" y="190" width="30" height="60" fill="${a}"/><path d="M410 300l-60 110h50l-20 90 70-120h-50z" fill="#fff"/>`,
  tv: (a) =>
    `<rect x="140" y="200" width="520" height="320" rx="14" fill="${a}"/><rect x="160" y="220" width="480" height="280" fill="#fff" opacity=".85"/><rect x="370" y="520" width="60" height="50" fill="${a}"/><rect x="300" y="570" width="200" height="20" rx="10" fill="${a}"/>`,
  speaker: (a) =>
    `<rect x="270" y="170" width="260" height="460" rx="40" fill="${a}"/><circle cx="400" cy="290" r="50" fill="#fff" opacity=".8"/><circle cx="400" cy="480" r="90" fill="#fff" opacity=".8"/><circle cx="400" cy="480" r="30" fill="${a}"/>`,
  watch: (a) =>
    `<rect x="350" y="140" width="100" height="520" rx="30" fill="${a}" opacity=".7"/><circle cx="400" cy="400" r="130" fill="${a}"/><circle cx="400" cy="400" r="105" fill="#fff"/><path d="M400 400V320M400 400l55 30" stroke="${a}" stroke-width="14" stroke-linecap="round"/>`,
  smartwatch: (a) =>
    `<rect x="350" y="140" width="100" height="520" rx="30" fill="${a}" opacity=".7"/><rect x="290" y="270" width="220" height="260" rx="50" fill="${a}"/><rect x="312" y="292" width="176" height="216" rx="36" fill="#fff" opacity=".9"/>`,
  shirt: (a) =>
    `<path d="M300 170l-140 80 50 100 60-30v300h260V320l60 30 50-100-140-80c-20 40-60 60-100 60s-80-20-100-60z" fill="${a}"/>`,
  dress: (a) =>
    `<path d="M340 150h120l-10 120 120 360H230l120-360z" fill="${a}"/><path d="M340 150l-30-20M460 150l30-20" stroke="${a}" stroke-width="16"/>`,
  trousers: (a) => `<path d="M280 150h240l30 500h-120l-30-330-30 330H250z" fill="${a}"/>`,
  shoe: (a) =>
    `<path d="M170 500c0-60 40-120 120-130l120-80c30 60 90 100 200 120 30 6 40 40 40 90z" fill="${a}"/><rect x="170" y="500" width="480" height="40" rx="18" fill="#333" opacity=".6"/>`,
  bag: (a) =>
    `<path d="M320 280v-40a80 80 0 0 1 160 0v40" stroke="${a}" stroke-width="24" fill="none"/><rect x="220" y="280" width="360" height="330" rx="30" fill="${a}"/>`,
  jacket: (a) => `<path d="M310 160l-130 90 20 360h170V260l30-50 30 50v350h170l20-360-130-90-90 60z" fill="${a}"/>`,
  sofa: (a) =>
    `<rect x="180" y="300" width="440" height="160" rx="30" fill="${a}"/><rect x="140" y="380" width="520" height="140" rx="30" fill="${a}"/><rect x="170" y="520" width="30" height="60" fill="#555"/><rect x="600" y="520" width="30" height="60" fill="#555"/>`,
  lamp: (a) =>
    `<path d="M310 180h180l60 180H250z" fill="${a}"/><rect x="390" y="360" width="20" height="220" fill="#555"/><rect x="320" y="580" width="160" height="30" rx="12" fill="#555"/>`,
  pot: (a) =>
    `<rect x="230" y="320" width="340" height="230" rx="30" fill="${a}"/><rect x="200" y="300" width="400" height="40" rx="16" fill="${a}"/><rect x="370" y="260" width="60" height="40" rx="10" fill="${a}"/>`,
  bed: (a) =>
    `<rect x="160" y="260" width="60" height="330" fill="#6b4f3a"/><rect x="160" y="420" width="480" height="110" rx="16" fill="${a}"/><rect x="230" y="370" width="120" height="60" rx="20" fill="#fff"/><rect x="620" y="470" width="30" height="120" fill="#6b4f3a"/>`,
  rug: (a) =>
    `<rect x="180" y="220" width="440" height="360" rx="10" fill="${a}"/><rect x="220" y="260" width="360" height="280" fill="none" stroke="#fff" stroke-width="12" opacity=".8"/><path d="M400 300l100 100-100 100-100-100z" fill="#fff" opacity=".7"/>`,
  mug: (a) =>
    `<rect x="260" y="260" width="240" height="300" rx="30" fill="${a}"/><path d="M500 320h40a60 60 0 0 1 0 120h-40" stroke="${a}" stroke-width="30" fill="none"/>`,
  plant: (a) =>
    `<path d="M300 470h200l-30 150H330z" fill="#b5651d"/><path d="M400 470c-10-120-80-190-150-220 40 90 90 160 150 220zM400 470c10-140 70-230 150-260-30 100-80 190-150 260zM400 470c0-120 0-200 0-290" stroke="${a}" stroke-width="14" fill="${a}"/>`,
  box: (a) =>
    `<path d="M400 170l220 110v250L400 640 180 530V280z" fill="${a}"/><path d="M180 280l220 110 220-110M400 390v250" stroke="#fff" stroke-width="10" opacity=".7" fill="none"/>`,
};

export function productSvg(motif: ImageMotif, background: string, accent: string): string {
  const s = PRODUCT_IMAGE_SIZE;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${s}" height="${s}" viewBox="0 0 ${s} ${s}">` +
    `<rect width="${s}" height="${s}" fill="${background}"/>` +
    `<circle cx="400" cy="400" r="320" fill="#ffffff" opacity=".18"/>` +
    MOTIFS[motif](accent) +
    `</svg>`
  );
}

const cacheDir = path.join(os.tmpdir(), 'sokoni-image-cache');

/**
 * WebP bytes for a motif. Rendering is the slow part of seeding (and every test database seeds),
 * so results are cached on disk by the hash of the SVG.
 */
export async function renderProductImage(motif: ImageMotif, background: string, accent: string): Promise<Buffer> {
  const svg = productSvg(motif, background, accent);
  const key = createHash('sha256').update(svg).digest('hex').slice(0, 32);
  const cached = path.join(cacheDir, `${key}.webp`);
  try {
    return await readFile(cached);
  } catch {
    const bytes = await sharp(Buffer.from(svg)).webp({ quality: 78, effort: 4 }).toBuffer();
    await mkdir(cacheDir, { recursive: true });
    const tmp = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    await writeFile(tmp, bytes);
    await rename(tmp, cached);
    return bytes;
  }
}
